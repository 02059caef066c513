"""Every notebook carries reveal.js slide metadata, set by tools/slides.py's rule, for a deck of
a size one can present (`make slides` builds the decks).

The Korean notebooks (notebooks/ko) carry their English twin's slide metadata unchanged, so both
decks have the same slides; tests/course/test_translations.py checks that the metadata is copied."""

import sys

import nbformat
import pytest
from repo import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import slides  # noqa: E402  (tools/slides.py)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NAMES = [p.name for p in NOTEBOOKS]
TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}
FIX = "run `.venv/bin/python tools/slides.py` (or `make slide-metadata`)"


def stored_types(nb):
    return [cell.metadata.get("slideshow", {}).get("slide_type") for cell in nb.cells]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_every_cell_has_a_slide_type(path):
    types = stored_types(nbformat.read(path, as_version=4))
    missing = [i for i, t in enumerate(types) if t not in TYPES]
    assert not missing, f"cells {missing} have no slide type: {FIX}"
    assert types[0] == "slide", "the title opens the deck"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_deck_size_is_presentable(path):
    size = slides.deck_size(stored_types(nbformat.read(path, as_version=4)))
    assert slides.MIN_SLIDES <= size <= slides.MAX_SLIDES, f"{size} slides"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_slide_types_follow_the_rule(path):
    nb = nbformat.read(path, as_version=4)
    assert stored_types(nb) == slides.plan(nb), f"slide metadata is out of date: {FIX}"


def test_the_tool_is_idempotent_and_keeps_everything_else():
    nb = nbformat.read(NOTEBOOKS[1], as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("slideshow", None)
    before = nbformat.writes(nb)
    assert slides.apply(nb) == len(nb.cells)
    assert slides.apply(nb) == 0
    after = nbformat.reads(nbformat.writes(nb), as_version=4)
    for cell in after.cells:
        cell.metadata.pop("slideshow")
    assert nbformat.writes(after) == before


def test_the_rule():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [
        md("# 09 · Title\n\nIntro."),
        md("## Setup"),
        code("import helpers\nenv = helpers.setup_notebook()"),
        md("## 1. A section"),
        code("x = 1\nprint(x)"),
        code("# Check: x is one.\nassert x == 1"),
        md("### 1.1 A subsection"),
        md("Text.\n" * 40),  # a long cell stays with its heading
        code("explorer = Explorer()\nexplorer.widget"),  # a widget after a full page gets a page of its own
        md("More text."),
        md("## Exercises\n\n**09.1** A question."),
        code('answer = ...\ncheck("09.1", answer)'),
        md("## Summary"),
    ]
    assert slides.slide_types(cells, budget=30) == [
        "slide",
        "slide",
        "-",
        "slide",
        "-",
        "fragment",
        "subslide",
        "-",
        "subslide",
        "-",
        "slide",
        "skip",
        "slide",
    ]


def test_a_full_page_splits_before_the_markdown_that_introduces_the_code():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [
        md("## 1. A section"),
        code("\n".join(f"a{i} = {i}" for i in range(10))),
        md("The next code does this."),
        code("\n".join(f"b{i} = {i}" for i in range(10))),  # would overflow: takes its markdown along
        code("# Check: " + "x" * 400 + "\nassert True"),  # a check on a full page starts one
    ]
    assert slides.slide_types(cells, budget=24) == ["slide", "-", "subslide", "-", "subslide"]
    long_line = code("y = " + "1 + " * 100 + "1")  # wraps: weighs more than one line
    assert slides.weight(long_line) == slides.OUTPUT_LINES + -(-len(long_line.source) // slides.CODE_WRAP)


def test_check_mode_reports_stale_notebooks(tmp_path, capsys):
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    nb.cells[1].metadata.pop("slideshow", None)
    path = tmp_path / NOTEBOOKS[0].name
    nbformat.write(nb, path)
    assert slides.main(["--check", str(path)]) == 1
    assert slides.main([str(path)]) == 0
    assert slides.main(["--check", str(path)]) == 0
