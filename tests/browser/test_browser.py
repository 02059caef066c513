"""The course as its users see it: JupyterLab in a real browser, and the offline slides and site.

nbval runs the notebooks' kernels, not the page: a widget can work in the kernel and still fail
to render in JupyterLab. Here Debian's Chromium (driven by Python Playwright) opens JupyterLab,
runs notebooks 01 and 05 from the Run menu, checks that no cell printed an error, moves a
widget slider with the keyboard and checks that the widget's summary and picture changed, and
draws digits with the mouse on notebook 05's page (PageDrawer) until the network's score shows. Every
other notebook must open and render. The Korean notebook 00 (notebooks/ko) runs too: its text,
its set-up report, environment check, widget label and exercise verdict are in Korean, and its widget responds.
Then slides and the static site are built for notebook 01 and opened from disk, with no request leaving
the machine, and every slide of notebook 01's deck (with outputs) and of every deck, English and Korean
(built from the stored notebooks, without outputs), is measured against 1280×720.

Without Chromium (or Playwright) these tests skip, saying why; under CI=true they fail.
tests/support/browser_support.py has the fixtures; its docstring says how the server is isolated.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

import browser_support as support
import nbformat
import pytest
from browser_support import NOTEBOOK_DIR, ROOT

sys.path.insert(0, str(ROOT / "tools"))
import offline_assets  # noqa: E402
import slides  # noqa: E402

RUN_ALL = {"01_skip_connection.ipynb": 300, "05_training.ipynb": 1500}  # seconds allowed to run all cells
NOTEBOOKS = sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb"))
RENDER_ONLY = [name for name in NOTEBOOKS if name not in RUN_ALL]
MATH = re.compile(r"\$[^$\n]+\$")


@pytest.fixture(scope="module")
def browser():
    with support.chromium_browser() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def lab(browser):  # needs the browser first: no server is started when the tests will skip
    start = time.monotonic()
    with support.jupyter_lab() as server:
        print(f"\nJupyterLab up in {time.monotonic() - start:.1f} s at {server.url}", flush=True)
        yield server


@pytest.fixture
def lab_page(browser, lab):
    """A fresh browser context on JupyterLab; afterwards, no kernel is left running and no request
    has left 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    log = support.RequestLog(page, allowed=(lab.url, "data:", "blob:", "about:"))
    try:
        yield page
        assert not log.external(), f"JupyterLab requested outside 127.0.0.1: {log.external()[:5]}"
        assert not log.errors, f"script errors in JupyterLab: {log.errors[:5]}"
    finally:
        context.close()
        lab.shut_down_kernels()


def assert_no_errors(page):
    errors = support.error_outputs(page)
    assert not errors, "error output in the notebook:\n" + "\n---\n".join(errors)
    assert not support.dialogs(page), support.dialogs(page)


def test_notebook_01_runs_and_its_widgets_respond(lab, lab_page):
    page = lab_page
    support.open_notebook(page, lab, "01_skip_connection.ipynb")
    seconds = support.run_all_cells(page, timeout_s=RUN_ALL["01_skip_connection.ipynb"])
    print(f"01: all cells ran in {seconds:.0f} s", flush=True)
    assert_no_errors(page)

    scalar = support.code_cell(page, "ScalarBlockExplorer()")
    assert "plain output F(X) = 5" in scalar.locator(".widget-html-content").inner_text()  # the blog's numbers
    changes = support.move_slider(scalar, "X")
    assert changes["readout"] == ("3.00", "3.50"), changes
    assert "X = 3.5" in changes["summary"][1], changes

    gradient = support.code_cell(page, "GradientExplorer()")
    changes = support.move_slider(gradient, "layers L")
    assert changes["readout"] == ("20", "21"), changes
    assert_no_errors(page)


def test_notebook_05_runs_and_its_widget_responds(lab, lab_page):
    page = lab_page
    support.open_notebook(page, lab, "05_training.ipynb")
    seconds = support.run_all_cells(page, timeout_s=RUN_ALL["05_training.ipynb"])
    print(f"05: all cells ran in {seconds:.0f} s", flush=True)
    assert_no_errors(page)

    explorer = support.code_cell(page, "ScoreExplorer(trained)")
    changes = support.move_slider(explorer, "angle °")
    assert changes["readout"][0] != changes["readout"][1]
    assert re.search(r"true score \+31\.0°", changes["summary"][1]), changes
    draw_on_the_page(support.code_cell(page, "PageDrawer("))
    assert_no_errors(page)


# Strokes in canvas pixels (the canvas is 256 x 256, a 3x3 grid of 85-pixel cells): a 1 in the
# first cell, a 7 in the second and a 1 in the fifth.
STROKES = [[(42, 12), (44, 72)], [(98, 16), (158, 16), (122, 74)], [(128, 100), (126, 160)]]
EMPTY_PAGE = "Draw one to four digits first"


def draw_on_the_page(cell, timeout_s: float = 60.0) -> None:
    """Draw STROKES with the mouse on the PageDrawer's canvas in a cell's output, as a student does:
    the network's score must appear and the preview change; Clear brings back the empty-page message."""
    from playwright.sync_api import expect

    page, timeout = cell.page, timeout_s * 1000
    canvas = cell.locator(".jp-OutputArea canvas")
    expect(canvas).to_have_count(1, timeout=timeout)  # the ipycanvas view is the <canvas> itself
    summary = cell.locator(".widget-html-content").filter(has_text=re.compile(rf"{EMPTY_PAGE}|reads this page as"))
    expect(summary).to_contain_text(EMPTY_PAGE, timeout=timeout)
    preview = cell.locator(".jupyter-widgets img").first
    empty_preview = preview.get_attribute("src")
    canvas.scroll_into_view_if_needed()
    blank = canvas.screenshot()
    box = canvas.bounding_box()
    assert box and round(box["width"]) == 256 and round(box["height"]) == 256, f"the canvas is not 256x256 CSS pixels: {box}"
    for stroke in STROKES:
        page.mouse.move(box["x"] + stroke[0][0], box["y"] + stroke[0][1])
        page.mouse.down()
        for x, y in stroke[1:]:
            page.mouse.move(box["x"] + x, box["y"] + y, steps=10)
        page.mouse.up()
    expect(summary).to_contain_text(re.compile(r"The network reads this page as -?\d+\.\d"), timeout=timeout)
    expect(preview).not_to_have_attribute("src", empty_preview, timeout=timeout)
    assert canvas.screenshot() != blank, "the strokes were not drawn on the canvas"
    cell.locator("button.widget-button", has_text="Clear").click()
    expect(summary).to_contain_text(EMPTY_PAGE, timeout=timeout)


def test_korean_notebook_00_runs_in_korean_and_its_widget_responds(lab, lab_page):
    page = lab_page
    support.open_notebook(page, lab, "ko/00_start_here.ipynb")
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    assert panel.locator(".jp-MarkdownCell h1").first.inner_text().rstrip("¶").strip() == "00 · 시작하기"
    seconds = support.run_all_cells(page, timeout_s=300)
    print(f"ko/00: all cells ran in {seconds:.0f} s", flush=True)
    assert_no_errors(page)

    report = support.code_cell(page, 'language="ko"').locator(".jp-OutputArea").inner_text()
    assert "CPU 코어:" in report and "정밀도 정책:" in report and "random seed" not in report, report
    checks = support.code_cell(page, "format_checks(").locator(".jp-OutputArea").inner_text()
    assert "오프라인 데이터" in checks, checks
    explorer = support.code_cell(page, "PathCountExplorer()")
    changes = support.move_slider(explorer, "블록 수")
    assert changes["readout"][0] != changes["readout"][1], changes
    assert "개이면 경로가" in changes["summary"][1], changes
    verdict = support.code_cell(page, 'check("00.1"').locator(".jp-OutputArea").inner_text()
    assert "연습 문제 00.1: 아직 답이 없습니다." in verdict, verdict
    assert_no_errors(page)


@pytest.mark.parametrize("name", RENDER_ONLY)
def test_notebook_renders(lab, lab_page, name):
    page = lab_page
    support.open_notebook(page, lab, name)  # every cell in the page, and its kernel started and idle
    nb = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    title = nb.cells[0].source.splitlines()[0].lstrip("# ").strip()
    assert panel.locator(".jp-MarkdownCell h1").first.inner_text().rstrip("¶").strip() == title
    markdown = sum(c.cell_type == "markdown" for c in nb.cells)
    assert panel.locator(".jp-MarkdownCell .jp-RenderedMarkdown").count() == markdown, "every markdown cell rendered"
    if any(MATH.search(c.source) for c in nb.cells if c.cell_type == "markdown"):
        panel.locator("mjx-container").first.wait_for(timeout=30_000)  # MathJax typeset the formulas
    code = sum(c.cell_type == "code" for c in nb.cells)
    assert panel.locator(".jp-CodeCell .cm-content").count() == code, "every code cell has its editor"
    assert not support.dialogs(page), support.dialogs(page)


# Slides and the static site, built for one notebook and opened from disk -------------------

BUILT = "01_skip_connection"


def vendored_assets():
    try:
        offline_assets.fetch(quiet=True)  # cached in build/vendor after the first time
    except offline_assets.AssetsUnavailable as error:  # the error says what is missing and how to fill the cache
        support.unavailable(
            "the built assets cache (offline copies of reveal.js, MathJax and the rest) is incomplete", str(error)
        )


@pytest.fixture(scope="module")
def built_pages(browser, tmp_path_factory):
    """`make slides` and `make html`, for notebook 01 only, into a temporary folder."""
    vendored_assets()
    out = tmp_path_factory.mktemp("site")
    for kind in ("slides", "html"):
        start = time.monotonic()
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "tools" / "build_site.py"),
                kind,
                str(NOTEBOOK_DIR / f"{BUILT}.ipynb"),
                "--out",
                str(out / kind),
                "--cache",
                str(out / "executed"),
            ],
            check=True,
            cwd=ROOT,
        )
        print(f"\n{kind} built in {time.monotonic() - start:.0f} s", flush=True)
    return out


def open_offline(browser, url):
    page = browser.new_page()
    log = support.RequestLog(page, allowed=("file://", "data:", "blob:", "about:"))
    page.goto(url)
    return page, log


def assert_stayed_offline(log):
    assert not log.external(), f"requests left the machine: {log.external()[:5]}"
    assert not log.failed, f"files that did not load: {log.failed[:5]}"
    assert not log.errors, f"script errors: {log.errors[:5]}"


def test_slides_work_offline(browser, built_pages):
    deck = built_pages / "slides" / f"{BUILT}.slides.html"
    page, log = open_offline(browser, deck.as_uri())
    try:
        page.wait_for_selector(".reveal.ready", timeout=30_000)
        total = page.evaluate("""() => Object.values(requirejs.s.contexts._.defined)
                                   .find(m => m && m.getTotalSlides).getTotalSlides()""")
        cells = slides.deck_cells(nbformat.read(NOTEBOOK_DIR / f"{BUILT}.ipynb", as_version=4).cells)
        expected = slides.deck_size([c.metadata["slideshow"]["slide_type"] for c in cells])
        assert total == expected > 1
        assert "01 · The skip connection" in page.locator("section.present h1").inner_text()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => location.hash === '#/1'")
        page.locator(".reveal .jupyter-widgets .widget-slider").first.wait_for(
            state="attached", timeout=30_000
        )  # widget snapshots render
        page.locator(".reveal .MathJax_CHTML").first.wait_for(state="attached", timeout=30_000)  # MathJax typeset offline
        assert_stayed_offline(log)
    finally:
        page.close()


def test_every_slide_fits_a_projector(browser, built_pages):
    """Notebook 01's deck with its outputs and widget snapshots (test_every_deck_fits_a_projector
    checks every deck's text and code)."""
    deck = built_pages / "slides" / f"{BUILT}.slides.html"
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto(deck.as_uri())
        page.wait_for_selector(".reveal.ready", timeout=30_000)
        page.locator(".reveal .MathJax_CHTML").first.wait_for(state="attached", timeout=30_000)  # typeset: final sizes
        assert support.slide_overflows(page) == []
        # The measurement sees overflow: a page of long unwrapped lines on the first slide.
        page.evaluate("""() => { const pre = document.createElement("pre");
            pre.style.whiteSpace = "pre"; pre.textContent = ("x".repeat(200) + "\\n").repeat(40);
            document.querySelector(".reveal .slides section:not(.stack)").appendChild(pre); }""")
        problems = support.slide_overflows(page)
        assert any(p.startswith("slide 0.0") and "past the edge" in p for p in problems), problems
    finally:
        page.close()


# MathJax has typeset the page (its final sizes): started, and nothing queued or running.
MATHJAX_DONE = """() => window.MathJax && MathJax.isReady && MathJax.Hub
    && MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running"""
DECKS = [p.relative_to(NOTEBOOK_DIR) for p in sorted(NOTEBOOK_DIR.glob("*.ipynb")) + sorted(NOTEBOOK_DIR.glob("ko/*.ipynb"))]


@pytest.fixture(scope="module")
def stored_decks(browser, tmp_path_factory):
    """Every notebook's deck, English and Korean, built from the notebooks as stored (no outputs,
    nothing executed: `build_site.py slides --stored`)."""
    vendored_assets()
    out = tmp_path_factory.mktemp("decks")
    start = time.monotonic()
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_site.py"), "slides", *map(str, (NOTEBOOK_DIR / d for d in DECKS))]
        + ["--out", str(out), "--stored"],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    print(f"\n{len(DECKS)} decks built in {time.monotonic() - start:.0f} s", flush=True)
    return out


def test_every_deck_fits_a_projector(browser, stored_decks):
    """Every slide of every deck (its text and code: the stored notebooks have no outputs) fits
    1280×720, once tools/slides.py's deck_cells has split what is longer than a page."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    problems, measured = [], 0
    try:
        for deck in DECKS:
            source = NOTEBOOK_DIR / deck
            page.goto((stored_decks / deck.with_suffix(".slides.html")).as_uri())
            page.wait_for_selector(".reveal.ready", timeout=30_000)
            page.wait_for_function(MATHJAX_DONE, timeout=60_000)
            if MATH.search(source.read_text()):
                assert page.locator(".reveal .MathJax_CHTML").count() > 0, f"{deck}: MathJax typeset nothing"
            cells = slides.deck_cells(nbformat.read(source, as_version=4).cells)
            total = page.evaluate(
                "() => Object.values(requirejs.s.contexts._.defined).find(m => m && m.getTotalSlides).getTotalSlides()"
            )
            assert total == slides.deck_size([c.metadata["slideshow"]["slide_type"] for c in cells]), deck
            problems += [f"{deck}: {p}" for p in support.slide_overflows(page, settle_ms=0)]
            measured += total
    finally:
        page.close()
    assert measured > 20 * len(DECKS)
    assert problems == [], "\n".join(problems)


def test_html_site_works_offline(browser, built_pages):
    site = built_pages / "html"
    page, log = open_offline(browser, (site / "index.html").as_uri())
    try:
        link = page.locator(f'a[href="{BUILT}.html"]')
        assert link.count() == 1, "the index links to the page"
        link.click()
        page.wait_for_load_state("load")
        assert page.url.endswith(f"{BUILT}.html")
        prompts = page.locator(".jp-OutputPrompt")
        assert prompts.count() > 5, "outputs are on the page"
        assert "Keras plain: 5.0 | Keras residual: 8.0" in "\n".join(page.locator(".jp-OutputArea-output").all_inner_texts())
        page.locator(".jupyter-widgets .widget-slider").first.wait_for(state="attached", timeout=30_000)
        summary = page.locator(".jupyter-widgets .widget-html-content").first.inner_text()
        assert "plain output F(X) = 5" in summary, "the widget snapshot shows the state of the run"
        assert page.locator(".course-widget-note").count() >= 2, "each widget says it is a snapshot"
        page.locator(".MathJax_CHTML").first.wait_for(state="attached", timeout=30_000)
        assert_stayed_offline(log)
    finally:
        page.close()


# What happens without a browser (no browser needed to check this) ---------------------------


def test_without_chromium_the_tests_skip_with_a_reason_outside_ci(monkeypatch):
    monkeypatch.setenv(support.CHROMIUM_ENV, "/nonexistent/chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.warns(support.BrowserUnavailable, match="no Chromium binary at /nonexistent/chromium"):
        with pytest.raises(pytest.skip.Exception, match="no Chromium binary at /nonexistent/chromium. Install Debian's Chromium"):
            support.chromium_executable()


def test_without_chromium_ci_fails(monkeypatch):
    monkeypatch.setenv(support.CHROMIUM_ENV, "/nonexistent/chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(
        pytest.fail.Exception, match=r"no Chromium binary at /nonexistent/chromium\. CI=true: .*apt-get install chromium"
    ):
        support.chromium_executable()


def test_a_chromium_path_that_is_not_executable_is_named(monkeypatch, tmp_path):
    (tmp_path / "chromium").write_text("not a browser")
    monkeypatch.setenv(support.CHROMIUM_ENV, str(tmp_path / "chromium"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.warns(support.BrowserUnavailable), pytest.raises(pytest.skip.Exception, match="is not an executable file"):
        support.chromium_executable()


def test_without_playwright_the_message_names_the_package_not_chromium(monkeypatch):
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # makes the import fail
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as failure:
        support.sync_playwright()
    message = str(failure.value)
    assert "the playwright Python package is not importable" in message and "pip install -r requirements.txt" in message
    assert "Chromium" not in message


def test_without_the_assets_cache_the_message_says_how_to_fill_it(monkeypatch, tmp_path):
    monkeypatch.setattr(offline_assets.shutil, "which", lambda name: None)  # no npm, and an empty cache
    monkeypatch.setenv("CI", "true")
    with pytest.raises(offline_assets.AssetsUnavailable) as error:
        offline_assets.fetch(tmp_path / "vendor", quiet=True)
    with pytest.raises(pytest.fail.Exception) as failure:
        support.unavailable(
            "the built assets cache (offline copies of reveal.js, MathJax and the rest) is incomplete", str(error.value)
        )
    message = str(failure.value)
    assert "built assets cache" in message and str(tmp_path / "vendor") in message and "python tools/offline_assets.py" in message
    assert "Chromium" not in message
