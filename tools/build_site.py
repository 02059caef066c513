"""Build what instructors present and students read, from the notebooks, for use offline.

    .venv/bin/python tools/build_site.py html   [NOTEBOOK ...] [--out build/html]
    .venv/bin/python tools/build_site.py slides [NOTEBOOK ...] [--out build/slides] [--stored]

(`make html` and `make slides` run these for every notebook. `--stored` builds from the
notebooks as stored, without outputs and without running anything: a quick look at the text and
code of every deck, as tests/browser/test_browser.py checks they fit.)

- Each notebook is executed top to bottom in a fresh kernel (in a scratch folder, so nothing is
  written next to the notebooks), with the widgets' state stored, so the pages show every
  output and a static snapshot of each widget. Executed copies are cached in
  `build/executed/`, keyed by the notebook, the helpers package and the pinned requirements:
  `make slides` after `make html` does not run anything again. A notebook that raises fails
  the build.
- `html` writes one page per notebook plus `index.html`; `slides` writes one reveal.js deck
  per notebook (`NN_name.slides.html`, cut by the cells' slide metadata from tools/slides.py,
  with cells longer than a page split for the deck by `slides.deck_cells`) plus `index.html`.
  Links between notebooks point at the matching page or deck.
- The Korean edition (notebooks/ko, built by tools/translate.py) goes into the output's `ko/`
  folder with its own `ko/index.html`, linked from the English index; its pages use the same
  `_static/` one folder up.
- Nothing is loaded from a CDN: reveal.js, require.js, jQuery, MathJax and the widgets
  renderer come from the npm registry once, are cached in `build/vendor/` and are copied into
  the output's `_static/` (tools/offline_assets.py). The output folder works on its own,
  opened from disk or served by any web server.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import re
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter, SlidesExporter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import offline_assets  # noqa: E402
import slides  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
KO_DIR = NOTEBOOK_DIR / "ko"  # the Korean edition, same file names (tools/translate.py)
BUILD = ROOT / "build"
TEMPLATES = Path(__file__).resolve().parent / "templates"
EXECUTION_TIMEOUT = 1800  # seconds per cell; the slowest cell (a training run) takes about 2 minutes
_NOTEBOOK_LINK = re.compile(r"\]\((\d\d_[A-Za-z0-9_]+)\.ipynb(#[^)\s]*)?\)")


def source_key(path: Path) -> str:
    """Changes when the notebook (apart from its slide metadata), the helpers it imports or the
    pinned packages change."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("slideshow", None)
    digest = hashlib.sha256(nbformat.writes(nb).encode())
    for dependency in sorted((ROOT / "helpers").rglob("*.py")) + [ROOT / "requirements.txt"]:
        digest.update(str(dependency.relative_to(ROOT)).encode())
        digest.update(dependency.read_bytes())
    return digest.hexdigest()


def execute(path: Path, cache: Path) -> nbformat.NotebookNode:
    """The notebook with outputs and widget state: from the cache if nothing changed, else run it."""
    cache = cache / edition(path)
    cached, key_file = cache / path.name, cache / (path.stem + ".key")
    key = source_key(path)
    if cached.exists() and key_file.exists() and key_file.read_text() == key:
        print(f"{path.name}: outputs from {cached.relative_to(ROOT) if cached.is_relative_to(ROOT) else cached}", flush=True)
        nb = nbformat.read(cached, as_version=4)
        for run, cell in zip(nb.cells, nbformat.read(path, as_version=4).cells):  # same cells, maybe new slide types
            run.metadata["slideshow"] = cell.metadata.get("slideshow", {})
        return nb
    nb = nbformat.read(path, as_version=4)
    print(f"{path.name}: executing ...", flush=True)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="course-run-") as scratch:
        client = NotebookClient(
            nb,
            timeout=EXECUTION_TIMEOUT,
            kernel_name="python3",
            store_widget_state=True,
            record_timing=False,
            resources={"metadata": {"path": scratch}},
        )
        client.execute()
    print(f"{path.name}: executed in {time.perf_counter() - start:.0f} s", flush=True)
    cache.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, cached)
    key_file.write_text(key)
    return nb


def link_pages(nb: nbformat.NotebookNode, suffix: str) -> nbformat.NotebookNode:
    """Point links to other notebooks at their pages (`.html`) or decks (`.slides.html`)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _NOTEBOOK_LINK.sub(lambda m: f"]({m.group(1)}{suffix}{m.group(2) or ''})", cell.source)
    return nb


def edition(path: Path) -> str:
    """ "" for an English notebook, "ko" for one of the Korean edition: the folder its page goes in."""
    return "ko" if path.resolve().parent == KO_DIR.resolve() else ""


def exporter(kind: str, up: str = ""):
    """The exporter for pages in the output folder (up="") or one folder below it (up="../")."""
    options = dict(extra_template_basedirs=[str(TEMPLATES)], extra_template_paths=[str(TEMPLATES / "course_common")])
    urls = {k: up + v for k, v in offline_assets.URLS.items() if k != "reveal_url_prefix"}
    if kind == "slides":
        return SlidesExporter(
            template_name="course_reveal",
            reveal_url_prefix=up + offline_assets.URLS["reveal_url_prefix"],
            reveal_theme="white",
            reveal_scroll=True,
            reveal_number="c/t",
            **urls,
            **options,
        )
    return HTMLExporter(template_name="course_lab", **urls, **options)


TIME_NEEDED = {"": "**Time needed:**", "ko": "**필요한 시간:**"}


def summary(path: Path) -> tuple[str, str, str]:
    """Title, first paragraph and time needed, from a notebook's first cell."""
    label = TIME_NEEDED[edition(path)]
    intro = nbformat.read(path, as_version=4).cells[0].source
    title = intro.splitlines()[0].lstrip("# ").strip()
    paragraphs = [p.strip() for p in intro.split("\n\n")[1:]]
    first = next((p for p in paragraphs if p and not p.startswith("**")), "")
    time_needed = next((p.split("\n\n")[0] for p in paragraphs if p.startswith(label)), "")
    plain = lambda text: re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", re.sub(r"[*`]", "", text))  # noqa: E731
    return title, plain(first), plain(time_needed.removeprefix(label).strip())


INDEX_TEXT = {
    "": {
        "lang": "en",
        "title": "ResNet, step by step",
        "slides": "Slide decks",
        "html": "The notebooks with their outputs",
        "slides_note": "Arrow keys move through a deck (down for the next part of a section), Esc shows them all, "
        "S opens the speaker view. Widgets are snapshots: demonstrate them live in JupyterLab.",
        "html_note": "Each page shows one run of a notebook. Widgets are snapshots: to run the code and move "
        "the sliders, open the notebook in JupyterLab (see the course's README).",
        "time": "Time needed",
        "built": "Built",
        "other": '<p class="other"><a href="ko/index.html" lang="ko">한국어판 (the course in Korean)</a></p>',
    },
    "ko": {
        "lang": "ko",
        "title": "ResNet, 차근차근",
        "slides": "슬라이드",
        "html": "출력이 담긴 노트북",
        "slides_note": "화살표 키로 슬라이드를 넘기고(아래 화살표는 같은 절의 다음 부분), Esc로 전체를 보며, "
        "S로 발표자 화면을 엽니다. 위젯은 스냅숏입니다. 직접 움직여 보이려면 JupyterLab에서 시연하세요.",
        "html_note": "각 페이지는 노트북을 한 번 실행한 결과입니다. 위젯은 스냅숏입니다. 코드를 실행하고 슬라이더를 "
        "움직이려면 JupyterLab에서 노트북을 여세요(README.ko.md 참고).",
        "time": "필요한 시간",
        "built": "빌드 날짜",
        "other": '<p class="other"><a href="../index.html" lang="en">English edition</a></p>',
    },
}


def write_index(out: Path, pages: list[tuple[Path, str]], kind: str, language: str = "", other: bool = False) -> Path:
    """index.html in `out`: the pages of one edition ("" English, "ko" Korean), and a link to the
    other edition's index when `other`."""
    words = INDEX_TEXT[language]
    what = words[kind]
    rows = []
    for path, page in pages:
        title, first, time_needed = summary(path)
        rows.append(
            f'<li><a href="{html.escape(page)}">{html.escape(title)}</a><p>{html.escape(first)}</p>'
            + (f'<p class="time">{words["time"]}: {html.escape(time_needed)}</p>' if time_needed else "")
            + "</li>"
        )
    note = words[kind + "_note"]
    index = out / "index.html"
    index.write_text(
        f"""<!DOCTYPE html>
<html lang="{words["lang"]}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{words["title"]}: {what.lower()}</title>
<style>body {{ font-family: system-ui, sans-serif; max-width: 50em; margin: 2em auto; padding: 0 1em; line-height: 1.45; }}
li {{ margin-bottom: 1.2em; }} li a {{ font-size: 1.15em; font-weight: 600; }} li p {{ margin: 0.2em 0; }}
.time {{ color: #555; font-size: 0.9em; }} .note {{ color: #444; border-left: 3px solid #888; padding-left: 0.8em; }}</style>
</head><body>
<h1>{words["title"]}</h1>
<p class="note">{what}. {html.escape(note)} {words["built"]} {time.strftime("%Y-%m-%d")}.</p>
{words["other"] if other else ""}
<ol class="course-index">
{chr(10).join(rows)}
</ol>
</body></html>
""",
        encoding="utf-8",
    )
    return index


def build(kind: str, notebooks: list[Path], out: Path, cache: Path, vendor: Path, stored: bool = False) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    offline_assets.install(out, cache=vendor, reveal=kind == "slides")
    suffix = ".slides.html" if kind == "slides" else ".html"
    exporters = {"": exporter(kind), "ko": exporter(kind, up="../")}
    written = []
    for path in notebooks:
        folder = out / edition(path)
        folder.mkdir(parents=True, exist_ok=True)
        nb = nbformat.read(path, as_version=4) if stored else execute(path, cache)
        if kind == "slides":
            nb.cells = slides.deck_cells(nb.cells)
        nb = link_pages(nb, suffix)
        body, _ = exporters[edition(path)].from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        page = folder / (path.stem + suffix)
        page.write_text(body, encoding="utf-8")
        written.append(page)
        print(f"{path.name}: wrote {page}", flush=True)
    # Each index lists every notebook of its edition that has a page in the folder, from this build or an earlier one.
    listed = {
        language: [(n, n.stem + suffix) for n in sorted(source.glob("*.ipynb")) if (out / language / (n.stem + suffix)).exists()]
        for language, source in (("", NOTEBOOK_DIR), ("ko", KO_DIR))
    }
    if listed["ko"]:
        written.append(write_index(out / "ko", listed["ko"], kind, "ko", other=bool(listed[""])))
    written.append(write_index(out, listed[""], kind, "", other=bool(listed["ko"])))
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["html", "slides"])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in notebooks/ and notebooks/ko/")
    parser.add_argument("--out", type=Path, help="default: build/html or build/slides")
    parser.add_argument("--cache", type=Path, default=BUILD / "executed", help="executed notebooks (default: build/executed)")
    parser.add_argument("--stored", action="store_true", help="the notebooks as stored: no outputs, nothing executed")
    parser.add_argument("--vendor", type=Path, default=offline_assets.DEFAULT_CACHE, help="npm packages (default: build/vendor)")
    args = parser.parse_args(argv)
    notebooks = [p.resolve() for p in args.notebooks] or sorted(NOTEBOOK_DIR.glob("*.ipynb")) + sorted(KO_DIR.glob("*.ipynb"))
    out = args.out or BUILD / args.kind
    try:
        written = build(args.kind, notebooks, out, args.cache, args.vendor, stored=args.stored)
    except offline_assets.AssetsUnavailable as error:
        sys.exit(f"cannot build {args.kind}: {error}")
    print(f"open {written[-1]}")


if __name__ == "__main__":
    main()
