"""`make student-copy`: the course without solutions, and a scan that finds a solution if one slips in."""

import json
import shutil
import sys
import zipfile

import pytest
from repo import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import student_copy  # noqa: E402


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    return student_copy.build(tmp_path_factory.mktemp("out"))


def test_the_copy_holds_no_solution(copy):
    assert student_copy.leaks(copy) == []
    names = {path.relative_to(copy).as_posix() for path in copy.rglob("*") if path.is_file()}
    assert not {name for name in names if name.startswith(("solutions/", "tests/", "docs/"))}
    for name in names:
        if name.endswith(".py"):
            text = (copy / name).read_text(encoding="utf-8")
            assert "import solutions" not in text and "from solutions" not in text, name


def test_the_copy_has_what_a_student_needs(copy):
    names = {path.relative_to(copy).as_posix() for path in copy.rglob("*") if path.is_file()}
    course = sorted(path.name for path in (ROOT / "notebooks").glob("*.ipynb"))
    assert {f"notebooks/{name}" for name in course} <= names
    assert {"Makefile", "requirements.txt", "pyproject.toml", "environment.yml", "helpers/__init__.py"} <= names
    for name in course:
        for cell in json.loads((copy / "notebooks" / name).read_text(encoding="utf-8"))["cells"]:
            assert cell.get("outputs", []) == [] and cell.get("execution_count") is None
    readme = (copy / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(student_copy.STUDENT_INTRO)
    assert "notebooks/01_skip_connection.ipynb" in readme and "make lab" in readme
    assert "solution" not in readme.lower()
    with zipfile.ZipFile(copy.parent / f"{student_copy.NAME}.zip") as archive:
        assert {name.removeprefix(f"{student_copy.NAME}/") for name in archive.namelist()} == names


def test_outputs_are_stripped():
    notebook = {"cells": [{"cell_type": "code", "source": "1", "outputs": [{"output_type": "stream"}], "execution_count": 3}]}
    (cell,) = json.loads(student_copy.stripped_notebook(json.dumps(notebook)))["cells"]
    assert cell["outputs"] == [] and cell["execution_count"] is None


def test_the_scan_finds_planted_solutions(copy, tmp_path):
    planted = tmp_path / "planted"
    shutil.copytree(copy, planted)
    notebook_path = planted / "notebooks" / "01_skip_connection.ipynb"
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if 'check("01.1", answer)' in "".join(cell["source"]):
            cell["source"] = 'answer = 12\ncheck("01.1", answer)'
    notebook_path.write_text(json.dumps(notebook), encoding="utf-8")
    (planted / "helpers" / "cheat.py").write_text("def residual(f, x):\n    return f(x) + x  # done\n")
    (planted / "notebooks" / "notes.md").write_text("01.3: # F'(2) + 1 = 6 * 2 + 1\n")
    (planted / "solutions").mkdir()
    shutil.copy(ROOT / "solutions" / "nb00_start_here.py", planted / "solutions")
    found = "\n".join(student_copy.leaks(planted))
    assert "notebooks/01_skip_connection.ipynb: exercise 01.1 is pass" in found
    assert "helpers/cheat.py: holds the solution line 'return f(x) + x'" in found
    assert "notebooks/notes.md: holds the solution line" in found
    assert "solutions/nb00_start_here.py: should be left out" in found


def test_the_student_readme_needs_the_sections_it_copies():
    with pytest.raises(ValueError, match="## Two commands"):
        student_copy.student_readme("# A README without the set-up section\n")
