"""One course map: notebooks/course.toml lists the notebooks in order, and README.md, notebook 00
and docs/INSTRUCTORS.md show exactly the tables tools/course_map.py writes from it."""

import json
import re
import sys

import pytest
from repo import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import course_map  # noqa: E402


def test_course_map_lists_every_notebook_in_order():
    listed = [entry["file"] for entry in course_map.load()]
    assert listed == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


def test_titles_are_the_notebooks_own_headings():
    for entry in course_map.load():
        nb = json.loads((ROOT / "notebooks" / entry["file"]).read_text(encoding="utf-8"))
        heading = "".join(nb["cells"][0]["source"]).splitlines()[0]
        assert heading.startswith(f"# {entry['number']} · {entry['title']}"), entry["file"]


@pytest.mark.parametrize("name", ["README.md", "docs/INSTRUCTORS.md", "notebooks/00_start_here.ipynb"])
def test_each_table_is_the_one_the_course_map_writes(name):
    path = ROOT / name
    assert path.read_text(encoding="utf-8") == course_map.expected()[path], (
        f"{name} disagrees with notebooks/course.toml: run `make course-map`"
    )


def test_a_changed_course_map_is_noticed(tmp_path, monkeypatch):
    changed = tmp_path / "course.toml"
    text = course_map.COURSE.read_text(encoding="utf-8")
    changed.write_text(re.sub(r'study = "[^"]*"', 'study = "99 min"', text, count=1))
    assert changed.read_text(encoding="utf-8") != text
    monkeypatch.setattr(course_map, "COURSE", changed)
    assert course_map.expected()[course_map.README] != course_map.README.read_text(encoding="utf-8")


def test_misnumbered_files_are_refused(tmp_path):
    bad = tmp_path / "course.toml"
    bad.write_text('[[notebook]]\nfile = "01_skip_connection.ipynb"\n')
    with pytest.raises(ValueError, match="numbered in course order"):
        course_map.load(bad)
