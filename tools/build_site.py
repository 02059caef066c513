"""Build what instructors present and students read, from the notebooks, for use offline.

    .venv/bin/python tools/build_site.py html   [NOTEBOOK ...] [--out build/html]
    .venv/bin/python tools/build_site.py slides [NOTEBOOK ...] [--out build/slides]

(`make html` and `make slides` run these for every notebook.)

- Each notebook is executed top to bottom in a fresh kernel (in a scratch folder, so nothing is
  written next to the notebooks), with the widgets' state stored, so the pages show every
  output and a static snapshot of each widget. Executed copies are cached in
  `build/executed/`, keyed by the notebook, the helpers package and the pinned requirements:
  `make slides` after `make html` does not run anything again. A notebook that raises fails
  the build.
- `html` writes one page per notebook plus `index.html`; `slides` writes one reveal.js deck
  per notebook (`NN_name.slides.html`, cut by the cells' slide metadata from tools/slides.py)
  plus `index.html`. Links between notebooks point at the matching page or deck.
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

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
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


def exporter(kind: str):
    options = dict(extra_template_basedirs=[str(TEMPLATES)], extra_template_paths=[str(TEMPLATES / "course_common")])
    urls = {k: v for k, v in offline_assets.URLS.items() if k != "reveal_url_prefix"}
    if kind == "slides":
        return SlidesExporter(
            template_name="course_reveal",
            reveal_url_prefix=offline_assets.URLS["reveal_url_prefix"],
            reveal_theme="white",
            reveal_scroll=True,
            reveal_number="c/t",
            **urls,
            **options,
        )
    return HTMLExporter(template_name="course_lab", **urls, **options)


def summary(path: Path) -> tuple[str, str, str]:
    """Title, first paragraph and time needed, from a notebook's first cell."""
    intro = nbformat.read(path, as_version=4).cells[0].source
    title = intro.splitlines()[0].lstrip("# ").strip()
    paragraphs = [p.strip() for p in intro.split("\n\n")[1:]]
    first = next((p for p in paragraphs if p and not p.startswith("**")), "")
    time_needed = next((p.split("\n\n")[0] for p in paragraphs if p.startswith("**Time needed:**")), "")
    plain = lambda text: re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", re.sub(r"[*`]", "", text))  # noqa: E731
    return title, plain(first), plain(time_needed.removeprefix("**Time needed:**").strip())


def write_index(out: Path, pages: list[tuple[Path, str]], kind: str) -> Path:
    what = "Slide decks" if kind == "slides" else "The notebooks with their outputs"
    rows = []
    for path, page in pages:
        title, first, time_needed = summary(path)
        rows.append(
            f'<li><a href="{html.escape(page)}">{html.escape(title)}</a><p>{html.escape(first)}</p>'
            + (f'<p class="time">Time needed: {html.escape(time_needed)}</p>' if time_needed else "")
            + "</li>"
        )
    note = (
        "Arrow keys move through a deck (down for the next part of a section), Esc shows them all, "
        "S opens the speaker view. Widgets are snapshots: demonstrate them live in JupyterLab."
        if kind == "slides"
        else "Each page shows one run of a notebook. Widgets are snapshots: to run the code and move "
        "the sliders, open the notebook in JupyterLab (see the course's README)."
    )
    index = out / "index.html"
    index.write_text(
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ResNet, step by step: {what.lower()}</title>
<style>body {{ font-family: system-ui, sans-serif; max-width: 50em; margin: 2em auto; padding: 0 1em; line-height: 1.45; }}
li {{ margin-bottom: 1.2em; }} li a {{ font-size: 1.15em; font-weight: 600; }} li p {{ margin: 0.2em 0; }}
.time {{ color: #555; font-size: 0.9em; }} .note {{ color: #444; border-left: 3px solid #888; padding-left: 0.8em; }}</style>
</head><body>
<h1>ResNet, step by step</h1>
<p class="note">{what}. {html.escape(note)} Built {time.strftime("%Y-%m-%d")}.</p>
<ol class="course-index">
{chr(10).join(rows)}
</ol>
</body></html>
""",
        encoding="utf-8",
    )
    return index


def build(kind: str, notebooks: list[Path], out: Path, cache: Path, vendor: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    offline_assets.install(out, cache=vendor, reveal=kind == "slides")
    suffix = ".slides.html" if kind == "slides" else ".html"
    export = exporter(kind)
    written = []
    for path in notebooks:
        nb = link_pages(execute(path, cache), suffix)
        body, _ = export.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        page = out / (path.stem + suffix)
        page.write_text(body, encoding="utf-8")
        written.append(page)
        print(f"{path.name}: wrote {page}", flush=True)
    # The index lists every notebook that has a page in the folder, from this build or an earlier one.
    listed = [(n, n.stem + suffix) for n in sorted(NOTEBOOK_DIR.glob("*.ipynb")) if (out / (n.stem + suffix)).exists()]
    written.append(write_index(out, listed, kind))
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["html", "slides"])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in notebooks/")
    parser.add_argument("--out", type=Path, help="default: build/html or build/slides")
    parser.add_argument("--cache", type=Path, default=BUILD / "executed", help="executed notebooks (default: build/executed)")
    parser.add_argument("--vendor", type=Path, default=offline_assets.DEFAULT_CACHE, help="npm packages (default: build/vendor)")
    args = parser.parse_args(argv)
    notebooks = [p.resolve() for p in args.notebooks] or sorted(NOTEBOOK_DIR.glob("*.ipynb"))
    out = args.out or BUILD / args.kind
    try:
        written = build(args.kind, notebooks, out, args.cache, args.vendor)
    except offline_assets.AssetsUnavailable as error:
        sys.exit(f"cannot build {args.kind}: {error}")
    print(f"open {written[-1]}")


if __name__ == "__main__":
    main()
