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
  and a heading never stands alone on its page.
- A single cell longer than a page is split when the deck is built, not in the notebook (the
  Korean edition is keyed by cell id): `deck_cells` walks the pages again with a finer estimate
  of markdown (`markdown_lines`: headings at their size, table rows by length, Korean characters
  wider) and replaces a cell that would overflow its page by pieces, each continuation starting
  a subslide. Markdown is split at blank lines (never inside a fenced code block, a $$ block or
  a list item's indented continuation), between the items of a list and between the rows of a
  table (its header repeated); a heading, or text ending in ":", stays with what follows; the
  first piece fills what is left of the page. A code cell that fits a page of its own moves to
  a new page (a check then starts it, as above); a longer one is cut between top-level
  statements or at blank lines, and its output stays with the last piece. Skipped cells stay
  skipped. It is pure and idempotent.
- What still overflows (a large output) is scaled down by the deck's script, to 75 % at most;
  below that the slide scrolls (tools/templates/course_reveal). tests/browser/test_browser.py
  measures every slide of every deck, built without outputs, and of notebook 01's deck with its
  outputs, against 1280×720.
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
import ast
import copy
import io
import math
import re
import sys
import tokenize
import unicodedata
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

CONTINUES = "slide_continues"  # deck metadata of a code piece whose code goes on in the next cell
# The deck's finer estimate of markdown (deck_weight), in the same lines of about 22 px, measured
# against the rendered decks at 1280×720 (tests/browser/test_browser.py).
MARKDOWN_CELL_LINES = 1.5  # a markdown cell's own margins
HEADING_LINES = {1: 2.5, 2: 2.0, 3: 1.6}  # a heading line at its font size, with its margins
WIDE = 1.8  # a CJK character (Korean) is about this many Latin characters wide
TEXT_LINES = 1.2  # a wrapped line of markdown text (a larger font than code, and list margins)
TABLE_WRAP = 50  # characters of a table row per rendered line (columns wrap unevenly)
TABLE_ROW_LINES = 0.6  # a table row's padding and border
MATH_LINES = 1.5  # a line of a $$ block

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
    """Roughly how many lines of a slide the cell fills (the estimate the stored slide types use)."""
    lines = cell.source.splitlines()
    if cell.cell_type == "markdown":
        return sum(max(1, math.ceil(len(line) / WRAP)) if line.strip() else 0.5 for line in lines)
    if cell.cell_type == "code":
        wrapped = code_lines(cell.source)
        if cell.metadata.get(CONTINUES):
            return wrapped  # a piece of a split code cell: its output comes with the last piece
        return wrapped + (WIDGET_LINES if is_widget(cell) else OUTPUT_LINES)
    return len(lines)


def code_lines(source: str) -> int:
    """Lines of code as the deck wraps them."""
    return sum(max(1, math.ceil(len(line) / CODE_WRAP)) for line in source.splitlines())


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


# The deck: cells longer than a page are split when the deck is built -----------------------


def _width(text: str) -> float:
    return sum(WIDE if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _table_row(line: str) -> bool:
    return line.lstrip().startswith("|")


def markdown_lines(source: str) -> float:
    """The deck's estimate of how many lines of a slide a markdown text fills: wrapped text,
    headings at their size, table rows by their length, code and $$ blocks."""
    total = MARKDOWN_CELL_LINES
    fence = math_block = False
    for line in source.splitlines():
        line = line if fence else _LINK.sub(r"\1", line)  # a link shows its text, not its address
        stripped = line.strip()
        if _FENCE.match(line):
            fence = not fence
            total += 1
        elif fence:
            total += max(1, math.ceil(len(line) / CODE_WRAP))
        elif math_block or stripped.startswith("$$"):
            math_block ^= stripped.count("$$") % 2 == 1  # a $$ block opens or closes; $$x$$ does neither
            total += MATH_LINES
        elif not stripped:
            total += 0.5
        elif stripped.startswith("<!--") and stripped.endswith("-->"):
            continue
        elif re.match(r"#{1,6} ", stripped):
            level = len(stripped) - len(stripped.lstrip("#"))
            total += HEADING_LINES.get(level, 1.2) * max(1, math.ceil(_width(stripped) / WRAP))
        elif _TABLE_SEPARATOR.match(line):
            continue
        elif _table_row(line):
            total += TABLE_ROW_LINES + max(1, math.ceil(_width(stripped) / TABLE_WRAP))
        else:
            total += TEXT_LINES * max(1, math.ceil(_width(line) / WRAP))
    return total


def deck_weight(cell) -> float:
    """How many lines of a deck's page a cell fills: markdown by markdown_lines, code by weight."""
    return markdown_lines(cell.source) if cell.cell_type == "markdown" else weight(cell)


_LIST_ITEM = re.compile(r"^([-*+]|\d{1,3}[.)])\s")


def _markdown_atoms(source: str) -> list[tuple[str, str, str]]:
    """The pieces a markdown text may be split between, in order, as (text, separator before it,
    header to repeat when it starts a page): paragraphs (split at blank lines, but never inside a
    fenced code block, a $$ block or a list item's indented continuation), the top-level items of
    a list and the rows of a table (whose header is repeated on a new page). A heading, a comment,
    a line in bold alone or text ending in ":" stays with what follows."""
    blocks: list[list[str]] = [[]]
    fence = math_block = False
    for line in source.split("\n"):
        if not line.strip() and not fence and not math_block:
            if blocks[-1]:
                blocks.append([])
            continue
        if _FENCE.match(line):
            fence = not fence
        elif not fence and line.count("$$") % 2:
            math_block = not math_block
        blocks[-1].append(line)
    merged: list[list[str]] = []
    for block in (b for b in blocks if b):
        if merged and block[0][:1] in (" ", "\t"):  # a list item's continuation, or indented code
            merged[-1] = merged[-1] + [""] + block
        else:
            merged.append(block)
    atoms: list[list[str]] = []  # [text, separator, header]
    for block in merged:
        atoms.append([block[0], "\n\n", ""])
        fence = math_block = False
        header = ""
        for i, line in enumerate(block[1:], start=1):
            if _FENCE.match(line):
                fence = not fence
            elif not fence and line.count("$$") % 2:
                math_block = not math_block
            inside = fence or math_block or _FENCE.match(line)
            if _TABLE_SEPARATOR.match(line) and _table_row(block[i - 1]):
                header = block[i - 1] + "\n" + line
                cut = False
            elif header and _table_row(line):
                cut = not _TABLE_SEPARATOR.match(block[i - 1])  # every row after the first
            else:
                header = ""
                cut = not inside and bool(_LIST_ITEM.match(line))
            if cut:
                atoms.append([line, "\n", header])
            else:
                atoms[-1][0] += "\n" + line
    joined: list[list[str]] = []
    for atom in atoms:
        if joined and _sticky(joined[-1][0]):
            joined[-1][0] += atom[1] + atom[0]
        else:
            joined.append(atom)
    return [tuple(atom) for atom in joined]


def _sticky(text: str) -> bool:
    """Text that must not end a page: a heading, a comment, a line in bold alone, or text
    introducing what follows."""
    last = text.strip().split("\n")[-1].strip()
    return (
        bool(re.match(r"#{1,6} ", last))
        or (last.startswith("<!--") and last.endswith("-->"))
        or (last.startswith("**") and last.endswith("**") and "\n" not in text.strip())
        or last.endswith(":")
    )


def _join_markdown(atoms) -> str:
    return "".join((sep if i else header + ("\n" if header else "")) + text for i, (text, sep, header) in enumerate(atoms))


def _code_atoms(source: str) -> list[str]:
    """Consecutive pieces of code that a split may fall between: each top-level statement (with
    the comments just above it), and within one, the parts between blank lines (outside strings)."""
    lines = source.split("\n")
    starts = set()
    strings: set[int] = set()  # lines inside a multi-line string
    try:
        for node in ast.parse(source).body:
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]) - 1
            while first > 0 and lines[first - 1].lstrip().startswith("#"):
                first -= 1
            starts.add(first)
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.STRING and token.end[0] > token.start[0]:
                strings.update(range(token.start[0], token.end[0]))  # 0-based lines after the first
    except (SyntaxError, tokenize.TokenError, IndentationError):
        pass  # IPython syntax (magics): blank lines only
    for i in range(1, len(lines)):
        if not lines[i - 1].strip() and lines[i].strip() and i not in strings:
            starts.add(i)
    cuts = sorted(starts | {0})
    return ["\n".join(lines[a:b]) for a, b in zip(cuts, cuts[1:] + [len(lines)])]


def _pack(atoms: list, measure, fill: float, budget: float) -> list[list]:
    """Greedy: atoms onto pages of `budget` lines, the first page already holding `fill`; a new
    page starts when the next atom would overflow (but a page that holds no more than a heading
    takes it anyway). A page may come back empty: the cell then starts on a new page."""
    pages: list[list] = [[]]
    for atom in atoms:
        if fill + measure(pages[-1] + [atom]) > budget and (pages[-1] or fill > MIN_PAGE):
            pages.append([])
            fill = 0.0
        pages[-1].append(atom)
    return pages


def _piece(cell, index: int, source: str, kind: str):
    piece = copy.deepcopy(cell)
    piece.source = source
    piece.metadata["slideshow"] = {**cell.metadata.get("slideshow", {}), "slide_type": kind}
    if index and "id" in piece:
        piece["id"] = f"{cell.get('id', 'cell')}-{index}"
    return piece


def split_cell(cell, fill: float, budget: float = PAGE) -> list:
    """A cell that overflows a page already holding `fill` lines, as the cells the deck shows: a
    markdown cell split at paragraphs (tables between rows), filling the page first; a code cell
    moved to a new page if it fits one, else split into consecutive pieces, its output (and the
    allowance for it) with the last. Pieces after the first start subslides."""
    kind = cell.metadata.get("slideshow", {}).get("slide_type", CONTINUE)
    if cell.cell_type == "markdown":
        atoms = _markdown_atoms(cell.source)
        pages = _pack(atoms, lambda page: markdown_lines(_join_markdown(page)), fill, budget)
        sources = [_join_markdown(page) for page in pages]
    elif cell.cell_type == "code":
        if weight(cell) <= budget and fill > MIN_PAGE:
            return [_piece(cell, 0, cell.source, SUBSLIDE)]
        allowance = weight(cell) - code_lines(cell.source)  # what it prints or shows, on every page to be safe
        pages = _pack(_code_atoms(cell.source), lambda page: code_lines("\n".join(page).strip("\n")) + allowance, fill, budget)
        sources = ["\n".join(page).strip("\n") for page in pages]
    else:
        return [cell]
    moved = not sources[0].strip()  # nothing fitted on the page: the cell starts a new one
    sources = [source for source in sources if source.strip()]
    if len(sources) == 1 and not moved:
        return [cell]
    pieces = []
    for index, source in enumerate(sources):
        piece = _piece(cell, index, source, kind if index == 0 and not moved else SUBSLIDE)
        if cell.cell_type == "code" and index < len(sources) - 1:
            piece.outputs = []
            piece.metadata[CONTINUES] = True
        pieces.append(piece)
    return pieces


def deck_cells(cells, budget: float = PAGE) -> list:
    """The cells a deck shows: the notebook's cells with their stored slide types, where a cell
    would overflow its page (by deck_weight) replaced by split_cell's pieces. Pure (the notebook's
    cells are not changed) and idempotent."""
    shown: list = []
    page = 0.0
    for cell in cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", CONTINUE)
        if kind == SKIP or cell.cell_type not in ("markdown", "code"):
            shown.append(cell)
            continue
        if kind in (SLIDE, SUBSLIDE):
            page = 0.0
        pieces = split_cell(cell, page, budget) if page + deck_weight(cell) > budget else [cell]
        for piece in pieces:
            if piece.metadata.get("slideshow", {}).get("slide_type") in (SLIDE, SUBSLIDE):
                page = 0.0
            page += deck_weight(piece)
            shown.append(piece)
    return shown


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
