"""The notebooks follow the course's conventions (CONTRIBUTING.md) and are stored clean.

These tests read the English notebooks, notebooks/*.ipynb. The Korean edition, notebooks/ko/*.ipynb,
is generated from them by tools/translate.py (same cells, ids, tags and metadata; Korean text):
tests/course/test_translations.py checks that each is exactly what the tool builds, and checks
its Korean template, links and terms."""

from helpers.exercises import EXERCISES

import json
import re

import nbformat
import pytest
from repo import ROOT

NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
NAMES = [p.name for p in NOTEBOOKS]


def load(path):
    return nbformat.read(path, as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_the_course_has_its_notebooks():
    assert NAMES[:2] == ["00_start_here.ipynb", "01_skip_connection.ipynb"]
    for name in NAMES:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", name), name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_stored_without_outputs_and_valid(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    nb = load(path)
    nbformat.validate(nb)
    for cell in raw["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, cell["source"][:80]
            assert "execution" not in cell["metadata"], "run timestamps in the metadata: strip them (nbstripout)"
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_follows_the_template(path):
    nb = load(path)
    number = path.name[:2]
    intro = nb.cells[0]
    assert intro.cell_type == "markdown" and intro.source.startswith(f"# {number} · ")
    for part in ("**Learning goals**", "**Time needed:**", "**Prerequisites:**"):
        assert part in intro.source, part
    first_code = code_cells(nb)[0].source
    assert "import helpers" in first_code and "helpers.setup_notebook(" in first_code
    headings = [line for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines() if line.startswith("## ")]
    assert headings[0] == "## Setup"
    assert any(h.startswith("## Exercise") for h in headings)
    summary = nb.cells[-1]
    assert summary.cell_type == "markdown" and summary.source.startswith("## Summary")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_summary_links_to_the_next_notebook(path):
    summary = load(path).cells[-1].source
    later = [n for n in NAMES if n > path.name]
    expected = later[0] if later else NAMES[0]
    assert re.search(rf"\*\*Next:\*\* \[[^\]]+\]\({re.escape(expected)}\)", summary), f"should link to {expected}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_relative_links_resolve(path):
    for cell in load(path).cells:
        if cell.cell_type == "markdown":
            for target in re.findall(r"\]\(([^)#\s]+)\)", cell.source):
                if not re.match(r"https?://", target):
                    assert (NOTEBOOK_DIR / target).exists(), f"{path.name} links to missing {target}"


def test_start_here_maps_every_notebook():
    map_text = "\n".join(c.source for c in load(NOTEBOOK_DIR / "00_start_here.ipynb").cells if c.cell_type == "markdown")
    listed = re.findall(r"^\| \[[^\]]+\]\((\d\d_[a-z0-9_]+\.ipynb)\)", map_text, re.M)
    assert listed == NAMES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_widget_cells_are_tagged_and_checked_cells_exist(path):
    for cell in code_cells(load(path)):
        tags = cell.metadata.get("tags", [])
        if re.search(r"\.widget\s*$", cell.source.strip()) or "display(" in cell.source:
            assert "nbval-ignore-output" in tags, cell.source[:80]
        assert not ("nbval-ignore-output" in tags and "nbval-check-output" in tags)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_checked_cells_have_recorded_expectations(path):
    checked = [c for c in code_cells(load(path)) if "nbval-check-output" in c.metadata.get("tags", [])]
    for cell in checked:
        expected = cell.metadata.get("expected_outputs")
        assert expected and all(o.get("text") or o.get("data") for o in expected), (
            f"{path.name}: run `make record-outputs NOTEBOOKS=notebooks/{path.name}` for the cell starting {cell.source[:60]!r}"
        )
    for cell in code_cells(load(path)):
        if "expected_outputs" in cell.metadata:
            assert cell in checked, "expected outputs on a cell that is not tagged nbval-check-output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_exercises_match_the_registry(path):
    number = path.name[:2]
    keys = re.findall(r'check\("(\d\d\.\d+)"', "\n".join(c.source for c in code_cells(load(path))))
    assert keys == sorted(k for k in EXERCISES if k.startswith(number + ".")), "each exercise checked once, in order"
    assert keys, "every notebook has exercises"


FORBIDDEN = {
    "keras.datasets": "downloads data",
    "get_file(": "downloads files",
    "urllib": "network access",
    "requests.": "network access",
    "tensorflow_datasets": "downloads data",
    'weights="imagenet"': "downloads weights",
    "../shared": "the developers' folder is not part of the course",
}


HELPER_FILES = sorted((ROOT / "helpers").rglob("*.py"))


@pytest.mark.parametrize("path", NOTEBOOKS + HELPER_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_offline_only(path):
    if path.suffix == ".ipynb":
        source = "\n".join(c.source for c in code_cells(load(path)))
    else:
        source = path.read_text(encoding="utf-8")
    for needle, why in FORBIDDEN.items():
        assert needle not in source, f"{path.name} uses {needle}: {why}"
