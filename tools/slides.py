"""Give every cell of every notebook a reveal.js slide type, by one rule.

`jupyter nbconvert --to slides` (what `make slides` runs) and RISE read each cell's
`metadata.slideshow.slide_type`. Setting those by hand drifts as notebooks change, so this tool
derives them from the cells' content alone. It is idempotent: run it again after changing a
notebook, and only cells whose type should change are touched.

The rule
--------
- The title cell (`# NN · ...`) and every `## ` section start a **slide**;
  a `### ` heading starts a **subslide** (the next slide down).
- A long section is split into subslides: a page of a deck at 1280×720 holds about PAGE lines
  (markdown lines wrapped at 90 characters, code lines wrapped at 70 as the deck's CSS wraps
  them, and an allowance for each code cell's output). A cell that would overflow the page
  starts a subslide; a code cell takes the markdown that introduces it along to the new page,
  and a heading never stands alone on its page. tests/browser/test_browser.py measures every
  slide of the decks it builds against 1280×720.
- A widget cell (ending in `.widget` or calling `display(`) starts a subslide unless its page
  holds little else, so the widget gets the room it needs.
- `# Check:` cells are **fragments**: they appear on the next key press, after what they check
  (or start a subslide when the page is full).
- Exercise cells (`check("NN.k", ...)`) are **skipped**: the deck shows the questions, students
  answer in JupyterLab.
- Everything else continues the current page (`-`).

Usage:
    .venv/bin/python tools/slides.py [NOTEBOOK ...]          # write slide types (all notebooks by default)
    .venv/bin/python tools/slides.py --check [NOTEBOOK ...]  # exit 1 if any notebook is out of date
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"

SLIDE, SUBSLIDE, FRAGMENT, SKIP, CONTINUE = "slide", "subslide", "fragment", "skip", "-"
PAGE = 24  # lines a slide holds at 1280×720 (measured by the browser test on notebook 01's deck)
MIN_SLIDES, MAX_SLIDES = (
    8,
    60,
)  # a page of at most 24 wrapped lines each (fits 1280x720); 02, with its Keras primer, is the longest; tests/course/test_slides.py checks every deck against this range
WRAP = 90  # characters per rendered line of markdown
CODE_WRAP = 70  # characters per rendered line of code (course.css wraps long lines)
OUTPUT_LINES = 4  # allowance for what an ordinary code cell prints or draws
WIDGET_LINES = 14  # a widget: controls, a summary line and a picture
SMALL_PAGE = 12  # a widget shares its page only with this much
MIN_PAGE = 4  # a page that holds only this much (a heading) is never split

_EXERCISE = re.compile(r"""check\(\s*["']\d\d\.\d+["']""")
_WIDGET = re.compile(r"\.widget\s*$")


def is_heading(cell, level: int) -> bool:
    return cell.cell_type == "markdown" and cell.source.lstrip().startswith("#" * level + " ")


def is_check(cell) -> bool:
    return cell.cell_type == "code" and cell.source.lstrip().startswith("# Check")


def is_exercise(cell) -> bool:
    return cell.cell_type == "code" and bool(_EXERCISE.search(cell.source))


def is_widget(cell) -> bool:
    return cell.cell_type == "code" and (bool(_WIDGET.search(cell.source.strip())) or "display(" in cell.source)


def weight(cell) -> float:
    """Roughly how many lines of a slide the cell fills."""
    lines = cell.source.splitlines()
    if cell.cell_type == "markdown":
        return sum(max(1, math.ceil(len(line) / WRAP)) if line.strip() else 0.5 for line in lines)
    if cell.cell_type == "code":
        wrapped = sum(max(1, math.ceil(len(line) / CODE_WRAP)) for line in lines)
        return wrapped + (WIDGET_LINES if is_widget(cell) else OUTPUT_LINES)
    return len(lines)


def slide_types(cells, budget: float = PAGE) -> list[str]:
    """The slide type of each cell, for a page of `budget` lines."""
    types: list[str] = []
    page = 0.0
    previous = None  # index of the last cell shown, and the page's fill before it
    before_previous = 0.0
    for index, cell in enumerate(cells):
        w = weight(cell)
        filled = page
        if index == 0 or is_heading(cell, 2):
            kind, page = SLIDE, w
        elif is_heading(cell, 3):
            kind, page = SUBSLIDE, w
        elif is_exercise(cell):
            kind = SKIP
        elif is_widget(cell) and page > SMALL_PAGE:
            kind, page = SUBSLIDE, w
        elif page + w > budget and page > MIN_PAGE:
            intro = cells[previous] if previous is not None else None
            if (
                cell.cell_type == "code"
                and intro.cell_type == "markdown"
                and types[previous] == CONTINUE
                and before_previous > MIN_PAGE
            ):
                types[previous] = SUBSLIDE  # the markdown that introduces the code moves along with it
                kind, page = (FRAGMENT if is_check(cell) else CONTINUE), weight(intro) + w
            else:
                kind, page = SUBSLIDE, w
        elif is_check(cell):
            kind, page = FRAGMENT, page + w
        else:
            kind, page = CONTINUE, page + w
        types.append(kind)
        if kind != SKIP:
            previous, before_previous = index, (0.0 if kind in (SLIDE, SUBSLIDE) else filled)
    return types


def deck_size(types: list[str]) -> int:
    """Slides plus subslides: the pages a presenter steps through (reveal.js's getTotalSlides())."""
    return sum(t in (SLIDE, SUBSLIDE) for t in types)


def plan(nb) -> list[str]:
    """Slide types for a notebook."""
    return slide_types(nb.cells)


def apply(nb) -> int:
    """Set every cell's slide type; return how many cells changed."""
    changed = 0
    for cell, kind in zip(nb.cells, plan(nb)):
        slideshow = cell.metadata.get("slideshow", {})
        if slideshow.get("slide_type") != kind:
            cell.metadata["slideshow"] = {**slideshow, "slide_type": kind}
            changed += 1
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook needs updating")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(NOTEBOOK_DIR.glob("*.ipynb"))
    stale = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        changed = apply(nb)
        size = deck_size([c.metadata["slideshow"]["slide_type"] for c in nb.cells])
        if changed and not args.check:
            nbformat.write(nb, path)
        if changed:
            stale.append(path)
        verb = "needs" if args.check else "set"
        print(f"{path.name}: {size} slides" + (f", {verb} {changed} cell(s)" if changed else ", up to date"))
    if args.check and stale:
        print(f"run `.venv/bin/python tools/slides.py` to update: {', '.join(p.name for p in stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
