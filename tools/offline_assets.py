"""Local copies of the JavaScript that nbconvert's HTML pages and reveal.js decks load.

By default `jupyter nbconvert` points pages at CDNs (cdnjs, unpkg, jsdelivr) for reveal.js,
require.js, jQuery, MathJax and the Jupyter widgets renderer. A classroom projector, a train or
this course's CI may have no network, so `make slides` and `make html` use local copies:

1. `fetch()` downloads each package once from the npm registry (`npm pack`, no node_modules)
   into a cache, by default `build/vendor/` (ignored by git). Later builds find the unpacked
   packages there and need no network and no npm. A machine without npm can use a cache copied
   from one that has it. Before downloading, a quick `npm view` checks that the registry
   answers, so that without a network the build stops within seconds (npm alone retries for
   minutes a package), saying which folder to fill and how.
2. `install(static_dir)` copies the files a page needs (not whole packages: MathJax alone is
   70 MB unpacked) into the output folder's `_static/`, so the folder works on its own, opened
   from disk (file://) or served by any web server.
3. `URLS` are the nbconvert settings that point the exporters at those copies, relative to the
   page.

Usage: `.venv/bin/python tools/offline_assets.py [--cache DIR]` fetches the packages and prints
where they are.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CACHE = ROOT / "build" / "vendor"

# npm package -> version. reveal.js 4.0.2 is the version nbconvert 7's reveal template is written
# for; MathJax 2.7 is the version its MathJax configuration expects; html-manager 1.0 renders the
# state of ipywidgets 8 (widget protocol 2).
PACKAGES = {
    "reveal.js": "4.0.2",
    "requirejs": "2.3.8",
    "jquery": "3.7.1",
    "mathjax": "2.7.9",
    "@jupyter-widgets/html-manager": "1.0.7",
}

STATIC = "_static"
# nbconvert exporter settings (traitlets of HTMLExporter / SlidesExporter), relative to a page
# that sits next to the `_static` folder.
URLS = {
    "require_js_url": f"{STATIC}/require.js",
    "jquery_url": f"{STATIC}/jquery.min.js",
    "mathjax_url": f"{STATIC}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
    "widget_renderer_url": f"{STATIC}/html-manager/embed-amd.js",
    # Only used for third-party widget modules, which the course does not have: keep it local.
    "jupyter_widgets_base_url": f"{STATIC}/widgets/",
    "reveal_url_prefix": f"{STATIC}/reveal.js",
}

# What each page needs from each package: (source path inside the package, destination inside
# _static). Directories are copied whole, minus source maps.
FILES = {
    "requirejs": [("require.js", "require.js")],
    "jquery": [("dist/jquery.min.js", "jquery.min.js")],
    "mathjax": [
        (p, f"mathjax/{p}")
        for p in (
            "MathJax.js",
            "config/TeX-AMS_CHTML-full.js",
            "config/Safe.js",
            "extensions",
            "jax/input/TeX",
            "jax/output/CommonHTML",
            "jax/element",
            "fonts/HTML-CSS/TeX/woff",
            "localization/en",
        )
    ],
    "@jupyter-widgets/html-manager": [("dist", "html-manager")],
    "reveal.js": [
        ("dist/reveal.js", "reveal.js/dist/reveal.js"),
        ("dist/reveal.css", "reveal.js/dist/reveal.css"),
        ("dist/reset.css", "reveal.js/dist/reset.css"),
        ("dist/theme/white.css", "reveal.js/dist/theme/white.css"),
        ("dist/theme/fonts/source-sans-pro", "reveal.js/dist/theme/fonts/source-sans-pro"),
        ("plugin/notes", "reveal.js/plugin/notes"),
    ],
}
SKIP_SUFFIXES = (".map",)
SKIP_NAMES = {"embed.js", "libembed-amd.js"}  # the html-manager's non-AMD and library builds


class AssetsUnavailable(RuntimeError):
    """The packages are not cached and cannot be fetched (no npm, or no registry)."""


def package_dir(cache: Path, name: str) -> Path:
    return cache / "packages" / f"{name.replace('/', '__')}@{PACKAGES[name]}"


PROBE_TIMEOUT = 15  # seconds for `npm view`: without a network, npm retries each request for minutes
PACK_TIMEOUT = 600  # seconds for one `npm pack` (MathJax is a 30 MB download)


def how_to_fill(cache: Path) -> str:
    command = "python tools/offline_assets.py" + ("" if Path(cache) == DEFAULT_CACHE else f" --cache {cache}")
    return (
        f"Fill the cache on a machine that reaches the npm registry (with Node.js and npm): `{command}`; "
        f"or copy build/vendor from a machine that has it into {cache}."
    )


def registry_problem(npm: str, timeout: float | None = None) -> str | None:
    """None when the npm registry answers within PROBE_TIMEOUT seconds, else what went wrong."""
    timeout = PROBE_TIMEOUT if timeout is None else timeout
    name = "reveal.js"
    spec = f"{name}@{PACKAGES[name]}"
    # An empty cache of its own: from its usual cache, npm answers `view` offline as well.
    with tempfile.TemporaryDirectory(prefix="npm-probe-") as empty_cache:
        command = [npm, "view", spec, "version", "--fetch-timeout=10000", "--fetch-retries=0", "--cache", empty_cache]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return f"`npm view {spec} version` had no answer after {timeout:g} s"
    if done.returncode != 0 or done.stdout.strip() != PACKAGES[name]:
        lines = [line for line in (done.stderr or done.stdout).strip().splitlines() if line.strip()][:4]
        return f"`npm view {spec} version` failed (exit status {done.returncode}): " + " | ".join(lines)
    return None


def fetch(cache: Path = DEFAULT_CACHE, quiet: bool = False) -> Path:
    """Make sure every package is unpacked in `cache`; download only what is missing. Fails
    within about PROBE_TIMEOUT seconds, saying how to fill the cache, when a package is missing
    and npm or the npm registry is not there."""
    cache = Path(cache)
    probed = False
    for name, version in PACKAGES.items():
        target = package_dir(cache, name)
        if (target / ".complete").exists():
            continue
        tarballs = cache / "tarballs"
        spec = f"{name}@{version}"
        expected = tarballs / f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"
        if not expected.exists():
            npm = shutil.which("npm")
            if npm is None:
                raise AssetsUnavailable(
                    f"{spec} is not in the cache of offline copies, {cache}, and npm is not installed. {how_to_fill(cache)}"
                )
            if not probed:
                problem = registry_problem(npm)
                if problem:
                    raise AssetsUnavailable(
                        f"{spec} is not in the cache of offline copies, {cache}, and the npm registry "
                        f"cannot be reached: {problem}. {how_to_fill(cache)}"
                    )
                probed = True
            if not quiet:
                print(f"fetching {spec} from the npm registry", flush=True)
            tarballs.mkdir(parents=True, exist_ok=True)
            try:
                done = subprocess.run(
                    [npm, "pack", spec, "--json", "--pack-destination", str(tarballs)],
                    capture_output=True,
                    text=True,
                    cwd=tarballs,
                    timeout=PACK_TIMEOUT,
                    stdin=subprocess.DEVNULL,
                )
            except subprocess.TimeoutExpired:
                raise AssetsUnavailable(f"`npm pack {spec}` did not finish in {PACK_TIMEOUT} s. {how_to_fill(cache)}") from None
            if done.returncode != 0:
                raise AssetsUnavailable(f"`npm pack {spec}` failed:\n{done.stderr.strip()[-2000:]}\n{how_to_fill(cache)}")
            expected = tarballs / json.loads(done.stdout)[0]["filename"]
        if target.exists():
            shutil.rmtree(target)
        with tempfile.TemporaryDirectory(dir=cache) as scratch, tarfile.open(expected) as archive:
            archive.extractall(scratch, filter="data")
            target.parent.mkdir(parents=True, exist_ok=True)
            Path(scratch, "package").rename(target)
        (target / ".complete").write_text(version + "\n")
        expected.unlink()  # the unpacked package is the cache
    return cache


def _copy(source: Path, destination: Path) -> None:
    if source.is_dir():
        for item in source.rglob("*"):
            if item.is_file() and not item.name.endswith(SKIP_SUFFIXES) and item.name not in SKIP_NAMES:
                _copy(item, destination / item.relative_to(source))
        return
    if (
        destination.exists()
        and destination.stat().st_size == source.stat().st_size
        and destination.stat().st_mtime >= source.stat().st_mtime
    ):
        return
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, destination)


def install(output_dir: Path, cache: Path = DEFAULT_CACHE, reveal: bool = False) -> Path:
    """Copy what the pages in `output_dir` need into `output_dir/_static`; fetch first if needed."""
    fetch(cache)
    static = Path(output_dir) / STATIC
    for name, pairs in FILES.items():
        if name == "reveal.js" and not reveal:
            continue
        for source, destination in pairs:
            path = package_dir(Path(cache), name) / source
            if not path.exists():
                raise AssetsUnavailable(f"{path} is missing: delete {package_dir(Path(cache), name)} to fetch it again")
            _copy(path, static / destination)
    return static


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Fetch the offline copies of reveal.js, require.js, jQuery, MathJax and the widgets renderer."
    )
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    try:
        cache = fetch(args.cache)
    except AssetsUnavailable as error:
        raise SystemExit(str(error)) from None
    for name in PACKAGES:
        print(package_dir(cache, name))


if __name__ == "__main__":
    main()
