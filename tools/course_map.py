"""Write the course map (notebooks/course.toml) into README.md, notebook 00 and docs/INSTRUCTORS.md.

Each of the three holds its table between two HTML comments (START and END below), invisible
when rendered. `make course-map` rewrites those tables; tests/course/test_course_map.py fails
when one of them differs from what this script writes.

Usage: .venv/bin/python tools/course_map.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "notebooks" / "course.toml"
README = ROOT / "README.md"
INSTRUCTORS = ROOT / "docs" / "INSTRUCTORS.md"
START_HERE = ROOT / "notebooks" / "00_start_here.ipynb"
START = "<!-- course map: written by `make course-map` from notebooks/course.toml; edit that file -->"
END = "<!-- end of course map -->"


def load(path: Path | None = None) -> list[dict]:
    path = path or COURSE
    entries = tomllib.loads(path.read_text(encoding="utf-8"))["notebook"]
    for number, entry in enumerate(entries):
        entry["number"] = f"{number:02d}"
        if not entry["file"].startswith(entry["number"] + "_"):
            raise ValueError(f"{path.name}: notebook {number} is {entry['file']!r}; files must be numbered in course order")
    return entries


def readme_table(entries: list[dict]) -> str:
    rows = [f"| [{e['number']} · {e['title']}](notebooks/{e['file']}) | {e['summary']} | {e['study']} |" for e in entries]
    return "\n".join(["| notebook | what you do | time to work through |", "|---|---|---|", *rows])


def notebook_map(entries: list[dict]) -> str:
    rows = [f"| [{e['number']} · {e['title']}]({e['file']}) | {e['summary']} | {e['study']} |" for e in entries]
    return "\n".join(["| notebook | what you do | time to work through |", "|---|---|---|", *rows])


def instructor_table(entries: list[dict]) -> str:
    rows = [f"| {e['number']} · {e['short']} | {e['run']} | {e['teach']} | {e['demo']} | {e['full']} |" for e in entries]
    return "\n".join(
        ["| notebook | run all cells (measured) | to teach | demo live | `FULL = True` |", "|---|---|---|---|---|", *rows]
    )


def replace_block(text: str, table: str, where: str) -> str:
    """text with the part between START and END replaced by the table."""
    if text.count(START) != 1 or text.count(END) != 1 or text.index(START) > text.index(END):
        raise ValueError(f"{where} must hold the course map once, between {START!r} and {END!r}")
    before, rest = text.split(START)
    _, after = rest.split(END)
    return f"{before}{START}\n{table}\n{END}{after}"


def start_here_cell(nb: dict) -> dict:
    cells = [c for c in nb["cells"] if c["cell_type"] == "markdown" and START in "".join(c["source"])]
    if len(cells) != 1:
        raise ValueError(f"{START_HERE.name} must have one markdown cell with the course map; found {len(cells)}")
    return cells[0]


def expected() -> dict[Path, str]:
    """Every file the course map appears in, as this script would write it."""
    entries = load()
    nb = json.loads(START_HERE.read_text(encoding="utf-8"))
    cell = start_here_cell(nb)
    cell["source"] = replace_block("".join(cell["source"]), notebook_map(entries), START_HERE.name).splitlines(keepends=True)
    return {
        README: replace_block(README.read_text(encoding="utf-8"), readme_table(entries), "README.md"),
        INSTRUCTORS: replace_block(INSTRUCTORS.read_text(encoding="utf-8"), instructor_table(entries), "docs/INSTRUCTORS.md"),
        START_HERE: json.dumps(nb, indent=1, ensure_ascii=False) + "\n",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report files that differ; exit 1 if any")
    args = parser.parse_args(argv)
    stale = []
    for path, text in expected().items():
        if path.read_text(encoding="utf-8") != text:
            stale.append(path.relative_to(ROOT))
            if not args.check:
                path.write_text(text, encoding="utf-8")
    verb = "differ from" if args.check else "rewritten from"
    print(f"{', '.join(map(str, stale))} {verb} notebooks/course.toml" if stale else "course map: every table is up to date")
    return 1 if (stale and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
