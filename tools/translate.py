"""Build the Korean edition, notebooks/ko/, from the English notebooks and translations/ko/.

    .venv/bin/python tools/translate.py            # (`make translations`) write notebooks/ko/ and README.ko.md's map
    .venv/bin/python tools/translate.py --check    # only report what differs or is missing; exit 1 if anything
    .venv/bin/python tools/translate.py --stale    # for each stale cell: what changed in its English text
    .venv/bin/python tools/translate.py --skeleton # add untranslated cells (English text, hash, empty ko) to the files

A Korean notebook is its English notebook with each markdown cell's text replaced by its
translation; code cells, tags and metadata (slide types, expected outputs) are copied unchanged,
except that the setup cell's `helpers.setup_notebook(...)` call gains `language="ko"`.

translations/ko/NN_topic.yml holds one entry per English markdown cell, keyed by the cell's id:

    cells:
      80215d0d:
        hash: 3f1c0a9b2d4e   # english_hash() of the English text the translation was made from
        en: |-               # that English text, so a translator can see what changed since
          # 00 · Start here
        ko: |-
          # 00 · 시작하기

The build refuses, naming the notebook and the cell id, when a cell has no translation, when its
English text changed since it was translated (the hash differs: the Korean cell is stale), or
when a translation belongs to a cell the English notebook no longer has. After re-translating a
stale cell, copy the new English text into `en` and its hash (`--stale` prints both).

Links: notebooks/ko/ holds the Korean notebooks under the English names, so a link to
`01_skip_connection.ipynb` opens the Korean one; any other relative link gains `../`.
The course map in notebook 00 (between tools/course_map.py's markers) and in README.ko.md is
written from notebooks/course.toml and the Korean titles in translations/ko/course.yml.
tests/course/test_translations.py fails when notebooks/ko/ differs from what this script builds.
"""

from __future__ import annotations

import argparse
import ast
import copy
import difflib
import hashlib
import json
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import course_map  # noqa: E402  (tools/course_map.py)

ROOT = Path(__file__).resolve().parents[1]
LANGUAGE = "ko"
NOTEBOOK_DIR = ROOT / "notebooks"
KO_DIR = NOTEBOOK_DIR / LANGUAGE
TRANSLATIONS = ROOT / "translations" / LANGUAGE
COURSE_KO = TRANSLATIONS / "course.yml"
README_KO = ROOT / "README.ko.md"
HEADER = (
    "# Korean translation of notebooks/{0}: one entry per markdown cell, keyed by the cell id.\n"
    "# Built into notebooks/ko/{0} by `make translations` (tools/translate.py explains hash and en).\n"
)
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_NOTEBOOK_LINK = re.compile(r"\d\d_[A-Za-z0-9_]+\.ipynb(#.*)?")


class TranslationError(ValueError):
    """What keeps the Korean edition from being built: one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def text(source) -> str:
    return "".join(source) if isinstance(source, list) else source


def without_course_map(source: str) -> str:
    """The text with the generated course-map table left out: the table is written, not translated."""
    if course_map.START not in source:
        return source
    return course_map.replace_block(source, "", "a markdown cell")


def english_hash(source: str) -> str:
    """First 12 hex digits of the SHA-256 of a cell's English text (course-map table left out)."""
    return hashlib.sha256(without_course_map(source).encode("utf-8")).hexdigest()[:12]


def translation_path(notebook: Path) -> Path:
    return TRANSLATIONS / (notebook.stem + ".yml")


def load_yaml(path: Path) -> dict:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise TranslationError([f"{path.relative_to(ROOT)}: must be a mapping"])
    return data


def add_language(source: str, language: str = LANGUAGE) -> str:
    """The setup cell's code with `language=...` added to its one `helpers.setup_notebook(...)` call."""
    tree = ast.parse(source)
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "setup_notebook"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "helpers"
    ]
    if len(calls) != 1:
        raise ValueError(f"the setup cell must call helpers.setup_notebook(...) once; found {len(calls)} calls")
    call = calls[0]
    if any(k.arg == "language" for k in call.keywords):
        raise ValueError("the English setup cell already passes language=; it must use the default")
    lines = source.splitlines(keepends=True)
    # ast offsets count UTF-8 bytes; the closing parenthesis is the call's last character.
    line = lines[call.end_lineno - 1].encode("utf-8")
    close = len(line[: call.end_col_offset - 1].decode("utf-8"))
    offset = sum(len(x) for x in lines[: call.end_lineno - 1]) + close
    assert source[offset] == ")", source[offset:]
    before = source[:offset].rstrip()
    separator = "" if before.endswith("(") else (" " if before.endswith(",") else ", ")
    return source[: len(before)] + separator + f'language="{language}"' + source[offset:]


def relink(source: str) -> str:
    """Links to notebooks stay (notebooks/ko has the same names); other relative links gain ../."""

    def fix(match: re.Match) -> str:
        target = match.group(1)
        if re.match(r"[a-z]+:", target) or target.startswith(("#", "/")) or _NOTEBOOK_LINK.fullmatch(target):
            return match.group(0)
        return f"](../{target})"

    return _LINK.sub(fix, source)


def course_entries() -> list[dict]:
    """The course map with the Korean title, summary and study time of each notebook."""
    korean = load_yaml(COURSE_KO)
    problems, entries = [], []
    for entry in course_map.load():
        ko = korean.get(entry["file"])
        where = f"{COURSE_KO.relative_to(ROOT)}: {entry['file']}"
        if not ko or not all(ko.get(k) for k in ("title", "summary", "study")):
            problems.append(f"{where}: no Korean title, summary and study time")
            continue
        if ko.get("hash") != course_hash(entry):
            problems.append(
                f"{where}: stale; notebooks/course.toml's title, summary or study time changed since it was translated"
            )
        entries.append({**entry, **{k: ko[k] for k in ("title", "summary", "study")}})
    if problems:
        raise TranslationError(problems)
    return entries


def course_hash(entry: dict) -> str:
    return english_hash("\n".join(entry[k] for k in ("title", "summary", "study")))


def notebook_map(entries: list[dict], prefix: str = "") -> str:
    rows = [f"| [{e['number']} · {e['title']}]({prefix}{e['file']}) | {e['summary']} | {e['study']} |" for e in entries]
    return "\n".join(["| 노트북 | 하는 일 | 공부 시간 |", "|---|---|---|", *rows])


def build(english: Path, translation: dict, entries: list[dict]) -> str:
    """The Korean notebook's file contents; TranslationError naming each missing or stale cell."""
    nb = json.loads(english.read_text(encoding="utf-8"))
    cells = translation.get("cells") or {}
    where = f"{english.name} ({translation_path(english).relative_to(ROOT)})"
    problems, seen, setup_done = [], set(), False
    out = copy.deepcopy(nb)
    for cell in out["cells"]:
        source = text(cell["source"])
        if cell["cell_type"] == "code" and not setup_done and "helpers.setup_notebook(" in source:
            cell["source"] = add_language(source).splitlines(keepends=True)
            setup_done = True
        if cell["cell_type"] != "markdown":
            continue
        cell_id = cell.get("id")
        seen.add(cell_id)
        entry = cells.get(cell_id)
        if not entry or not (entry.get("ko") or "").strip():
            problems.append(f"{where}: cell {cell_id} is not translated (starts {source[:50]!r})")
            continue
        if entry.get("hash") != english_hash(source):
            problems.append(f"{where}: cell {cell_id} is stale: its English text changed since it was translated")
            continue
        korean = relink(entry["ko"].strip("\n"))
        if course_map.START in korean:
            korean = course_map.replace_block(korean, notebook_map(entries), f"{where}: cell {cell_id}")
        cell["source"] = korean.splitlines(keepends=True)
    for cell_id in sorted(set(cells) - seen):
        problems.append(f"{where}: cell {cell_id} is translated but the English notebook has no such markdown cell")
    if not setup_done:
        problems.append(f"{where}: no setup cell calling helpers.setup_notebook(...)")
    if problems:
        raise TranslationError(problems)
    return json.dumps(out, indent=1, ensure_ascii=False) + "\n"


def english_notebooks() -> list[Path]:
    return sorted(NOTEBOOK_DIR.glob("*.ipynb"))


def expected() -> dict[Path, str]:
    """Every file of the Korean edition, as this script would write it; TranslationError listing every problem."""
    problems, files = [], {}
    try:
        entries = course_entries()
    except TranslationError as error:
        problems += error.problems
        entries = []
    for english in english_notebooks():
        try:
            files[KO_DIR / english.name] = build(english, load_yaml(translation_path(english)), entries)
        except TranslationError as error:
            problems += error.problems
    if entries:
        readme = README_KO.read_text(encoding="utf-8") if README_KO.exists() else ""
        try:
            files[README_KO] = course_map.replace_block(readme, notebook_map(entries, "notebooks/ko/"), README_KO.name)
        except ValueError as error:
            problems.append(str(error))
    if problems:
        raise TranslationError(problems)
    return files


def stale_report() -> str:
    """For each stale cell: the diff of its English text since translation, and the new hash."""
    parts = []
    for english in english_notebooks():
        cells = load_yaml(translation_path(english)).get("cells") or {}
        for cell in json.loads(english.read_text(encoding="utf-8"))["cells"]:
            entry = cells.get(cell.get("id"))
            source = text(cell["source"])
            if cell["cell_type"] == "markdown" and entry and entry.get("hash") != english_hash(source):
                diff = difflib.unified_diff(
                    (entry.get("en") or "").splitlines(), source.splitlines(), "translated from", "English now", lineterm=""
                )
                parts.append(f"== {english.name} cell {cell['id']}: new hash {english_hash(source)}\n" + "\n".join(diff))
    return "\n\n".join(parts) or "no stale cells"


class _Literal(yaml.SafeDumper):
    pass


_Literal.add_representer(
    str,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None),
)


def skeleton(english: Path) -> int:
    """Add each untranslated markdown cell (English text, hash, empty ko) to its translation file."""
    path = translation_path(english)
    data = load_yaml(path) or {"notebook": english.name, "cells": {}}
    cells = data.setdefault("cells", {}) or {}
    added = 0
    for cell in json.loads(english.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown" and cell["id"] not in cells:
            source = text(cell["source"])
            cells[cell["id"]] = {"hash": english_hash(source), "en": source, "ko": ""}
            added += 1
    if added:
        data["cells"] = cells
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER.format(english.name) + dump(data), encoding="utf-8")
    return added


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Literal, allow_unicode=True, sort_keys=False, width=10_000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="only report what differs or is missing; exit 1 if anything")
    group.add_argument("--stale", action="store_true", help="show what changed in the English text of each stale cell")
    group.add_argument("--skeleton", action="store_true", help="add untranslated cells to translations/ko/*.yml")
    args = parser.parse_args(argv)
    if args.stale:
        print(stale_report())
        return 0
    if args.skeleton:
        for english in english_notebooks():
            print(f"{translation_path(english).relative_to(ROOT)}: {skeleton(english)} cells added")
        return 0
    try:
        files = expected()
    except TranslationError as error:
        print("the Korean edition cannot be built:\n" + str(error), file=sys.stderr)
        return 1
    differ = [path for path, content in files.items() if not path.exists() or path.read_text(encoding="utf-8") != content]
    extra = sorted(set(KO_DIR.glob("*.ipynb")) - set(files))
    if args.check:
        for path in differ + extra:
            print(f"{path.relative_to(ROOT)} differs from what `make translations` builds")
        return 1 if differ or extra else 0
    KO_DIR.mkdir(parents=True, exist_ok=True)
    for path in differ:
        path.write_text(files[path], encoding="utf-8")
    for path in extra:
        path.unlink()
    print(f"Korean edition: {len(differ)} files written, {len(extra)} removed, {len(files) - len(differ)} up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
