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


# The deck: cells longer than a page are split when the deck is built (slides.deck_cells) -------


def _cell(kind, source, slide_type="-", **fields):
    make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
    cell = make(source, **fields)
    cell.metadata["slideshow"] = {"slide_type": slide_type}
    return cell


def _pages(cells):
    """The deck's pages as lists of cells (skipped cells left out)."""
    pages = []
    for cell in cells:
        kind = cell.metadata["slideshow"]["slide_type"]
        if kind == "skip":
            continue
        if kind in ("slide", "subslide") or not pages:
            pages.append([])
        pages[-1].append(cell)
    return pages


PARAGRAPH = "A sentence that fills most of a line of a slide, and then a little more. " * 3


def test_a_long_markdown_cell_is_split_at_paragraphs_into_subslides():
    paragraphs = [f"Paragraph {i}. {PARAGRAPH}" for i in range(12)]
    cells = [_cell("markdown", "## 1. A section\n" + "\n\n".join(paragraphs), "slide")]
    shown = slides.deck_cells(cells)
    assert len(shown) > 1 and cells[0].source.startswith("## 1.")  # the notebook's cell is untouched
    assert [c.metadata["slideshow"]["slide_type"] for c in shown] == ["slide"] + ["subslide"] * (len(shown) - 1)
    assert "\n\n".join(c.source for c in shown) == cells[0].source  # nothing lost, nothing cut mid-paragraph
    assert all(slides.deck_weight(c) <= slides.PAGE for c in shown)
    assert len({c.id for c in shown}) == len(shown)  # each piece its own cell id


def test_fences_math_tables_and_list_continuations_stay_whole():
    fence = "```python\n" + "\n\n".join(f"x{i} = {i}" for i in range(8)) + "\n```"  # blank lines inside
    math = "$$\na = b\n\n+ c\n$$"
    table = "| a | b |\n|---|---|\n" + "\n".join(f"| row {i} {PARAGRAPH[:60]} | {i} |" for i in range(30))
    items = "\n".join(f"- item {i}: {PARAGRAPH[:80]}\n  continued on the next line" for i in range(20))
    source = "\n\n".join([PARAGRAPH, fence, PARAGRAPH, math, PARAGRAPH + " This table:", table, items])
    shown = slides.deck_cells([_cell("markdown", source, "subslide")])
    texts = [c.source for c in shown]
    assert len(texts) > 2
    assert sum(fence in t for t in texts) == 1 and sum(math in t for t in texts) == 1
    assert all(t.count("```") % 2 == 0 and t.count("$$") % 2 == 0 for t in texts)
    with_rows = [t for t in texts if "| row " in t]
    assert len(with_rows) > 1, "a long table continues on the next page"
    assert all(t.count("| a | b |\n|---|---|") == 1 for t in with_rows), "with its header repeated"
    assert any("This table:\n\n| a | b |" in t for t in texts), "the table keeps its introduction"
    assert sum(t.count("| row ") for t in texts) == 30 and sum(t.count("- item ") for t in texts) == 20
    for t in texts:  # a list item keeps its continuation, and no page starts with one
        assert t.count("- item ") == t.count("  continued on the next line")
        assert not t.startswith("  ")
    assert all(slides.deck_weight(c) <= slides.PAGE for c in shown)


def test_a_heading_or_an_introduction_never_ends_a_page():
    source = "\n\n".join([PARAGRAPH] * 6 + ["### A heading", PARAGRAPH, "It goes like this:", PARAGRAPH] + [PARAGRAPH] * 6)
    for piece in slides.deck_cells([_cell("markdown", source, "subslide")]):
        last = piece.source.split("\n\n")[-1]
        assert not last.startswith("### ") and not last.endswith(":")


def test_a_long_code_cell_is_split_with_its_output_on_the_last_piece():
    functions = "\n\n\n".join(
        f"def f{i}(x):\n" + "\n".join(f"    x = x + {j}" for j in range(6)) + "\n    return x" for i in range(6)
    )
    source = "import math\n\n" + functions + "\n\nprint(f0(1))"
    output = nbformat.v4.new_output("stream", text="16\n")
    cell = _cell("code", source, "subslide", outputs=[output], execution_count=3)
    shown = slides.deck_cells([cell])
    assert len(shown) > 1 and cell.outputs == [output]
    assert [p.outputs for p in shown] == [[]] * (len(shown) - 1) + [[output]]
    assert [p.metadata["slideshow"]["slide_type"] for p in shown] == ["subslide"] * len(shown)
    assert all(p.execution_count == 3 for p in shown)
    assert all(p.source.split("\n")[0].startswith(("import", "def ")) for p in shown), "cut between statements"
    assert all(p.source in source for p in shown) and "".join(p.source for p in shown).replace("\n", "") == source.replace(
        "\n", ""
    )
    assert all(slides.deck_weight(p) <= slides.PAGE for p in shown)


def test_code_that_fits_a_page_moves_to_a_new_one_and_a_check_stays_a_fragment():
    intro = _cell("markdown", "\n\n".join([PARAGRAPH] * 4), "subslide")
    code = _cell("code", "\n".join(f"a{i} = {i}" for i in range(12)))
    check = _cell("code", "# Check: small.\nassert a0 == 0", "fragment")
    shown = slides.deck_cells([intro, code, check])
    assert [c.metadata["slideshow"]["slide_type"] for c in shown] == ["subslide", "subslide", "fragment"]
    assert [c.source for c in shown] == [intro.source, code.source, check.source]
    assert code.metadata["slideshow"]["slide_type"] == "-"  # the notebook's cell keeps its type


@pytest.mark.parametrize(
    "path", NOTEBOOKS + sorted((ROOT / "notebooks" / "ko").glob("*.ipynb")), ids=lambda p: p.parent.name + "/" + p.name
)
def test_every_deck_page_fits_by_the_estimate_and_splitting_is_idempotent(path):
    nb = nbformat.read(path, as_version=4)
    before = nbformat.writes(nb)
    shown = slides.deck_cells(nb.cells)
    assert nbformat.writes(nb) == before, "the notebook is not changed"
    again = slides.deck_cells(shown)
    assert [(c.source, c.metadata["slideshow"]) for c in again] == [(c.source, c.metadata["slideshow"]) for c in shown]
    heavy = [
        round(sum(map(slides.deck_weight, page))) for page in _pages(shown) if sum(map(slides.deck_weight, page)) > slides.PAGE
    ]
    assert heavy == []
    kept = [c for c in shown if not c.metadata.get(slides.CONTINUES)]
    assert sum(c.cell_type == "code" for c in kept) == sum(c.cell_type == "code" for c in nb.cells)
    assert [c.metadata["slideshow"]["slide_type"] for c in shown if c.metadata["slideshow"]["slide_type"] == "skip"] == [
        t for t in stored_types(nb) if t == "skip"
    ]
