"""Helpers for tests/browser/test_browser.py: Chromium, a JupyterLab server, and JupyterLab's page.

- Chromium is Debian's (`apt-get install chromium`, done by .ci/run), driven by Python
  Playwright; Playwright's own browser downloads are never used. COURSE_CHROMIUM names another
  executable. Where it (or Playwright) is missing, the tests skip with the reason, also shown
  as a warning in pytest's summary, except under CI=true, where they fail: CI must run them.
- JupyterLab runs on a free 127.0.0.1 port with a random token, serving a temporary copy of
  notebooks/ with its settings, workspaces, runtime and data folders in the same temporary
  folder: nothing is written into the repository or the user's Jupyter folders, and notebooks
  are never saved (autosave is off, and it is a copy). The server is always shut down: through
  its API, then by killing what is left of its processes, kernels included.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
CHROMIUM_ENV = "COURSE_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium tries Google's services at every start; the machine's
# network is closed, and a test must not depend on it anyway.
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
# JupyterLab settings for the test server: all cells stay in the page (so the test can see
# every prompt), nothing is saved, nothing is fetched from the internet.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/extensionmanager-extension/plugin": {"enabled": False},
}


class BrowserUnavailable(UserWarning):
    """Shown in pytest's warnings summary when the browser tests skip."""


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def unavailable(reason: str, fix: str) -> None:
    """Skip outside CI (and say so in the summary), fail under CI=true; either way saying what is
    missing (`reason`) and how to get it (`fix`)."""
    if in_ci():
        pytest.fail(f"{reason}. CI=true: the browser tests must run. {fix}", pytrace=False)
    warnings.warn(BrowserUnavailable(f"browser tests skipped: {reason}. {fix}"), stacklevel=2)
    pytest.skip(f"{reason}. {fix}")


CHROMIUM_FIX = f"Install Debian's Chromium (apt-get install chromium; .ci/run does) or set {CHROMIUM_ENV}=/path/to/chromium"


def chromium_executable() -> str:
    path = os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM
    if not os.path.exists(path):
        unavailable(f"no Chromium binary at {path}", CHROMIUM_FIX)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        unavailable(f"{path} is not an executable file, so it cannot be the Chromium binary", CHROMIUM_FIX)
    return path


def sync_playwright():
    try:
        from playwright.sync_api import sync_playwright as start
    except ImportError as error:
        unavailable(
            f"the playwright Python package is not importable in {sys.prefix} ({error})",
            "Install the lock: make setup, or pip install -r requirements.txt (no browser download is needed)",
        )
    return start()


@contextmanager
def chromium_browser():
    """A headless Debian Chromium driven by Playwright (a fresh profile each launch)."""
    executable = chromium_executable()
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        except Exception as error:  # playwright's Error: a binary that is not Chromium, missing libraries ...
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            unavailable(f"Chromium at {executable} did not start: {first}", CHROMIUM_FIX + " (and its libraries)")
        try:
            yield browser
        finally:
            browser.close()


class RequestLog:
    """Every request a page makes, the ones that failed, and script errors."""

    def __init__(self, page, allowed: tuple[str, ...]):
        self.allowed = allowed
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("requestfailed", lambda request: self.failed.append(f"{request.url}: {request.failure}"))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def external(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.allowed)]


# JupyterLab --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Descendants:
    """Everything a process started, kernels included (they run in sessions of their own, so
    killing the server's process group would miss them). Uses psutil where it is installed, which
    also guards against ids reused by unrelated processes; else reads /proc."""

    def __init__(self, pid: int):
        try:
            import psutil
        except ImportError:
            psutil = None
        self.processes = []
        self.pids: list[int] = []
        if psutil is not None:
            try:
                self.processes = psutil.Process(pid).children(recursive=True)
            except psutil.Error:
                pass
        else:
            self.pids = self._from_proc(pid)

    @staticmethod
    def _from_proc(pid: int) -> list[int]:
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
            except (OSError, IndexError, ValueError):
                continue
        found, todo = [], [pid]
        while todo:
            for child in children.get(todo.pop(), []):
                found.append(child)
                todo.append(child)
        return found

    def signal(self, sig: int) -> None:
        for process in self.processes:
            try:
                if process.is_running():
                    process.send_signal(sig)
            except Exception:  # psutil.NoSuchProcess, AccessDenied
                pass
        for pid in self.pids:
            try:
                os.kill(pid, sig)
            except (ProcessLookupError, PermissionError):
                pass

    def alive(self) -> bool:
        def running(process) -> bool:
            try:
                return process.is_running() and process.status() != "zombie"
            except Exception:
                return False

        return any(running(p) for p in self.processes) or any(_alive(pid) for pid in self.pids)


@dataclass
class LabServer:
    url: str  # http://127.0.0.1:PORT/
    token: str
    root: Path  # the temporary copy of notebooks/ it serves
    process: subprocess.Popen
    log: Path

    def api(self, method: str, path: str, timeout: float = 10.0):
        request = urllib.request.Request(
            self.url + path.lstrip("/"), method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            return json.loads(body) if body else None

    def lab_url(self, notebook: str, workspace: str) -> str:
        """The notebook in a workspace of its own, so no earlier test's tabs come back."""
        return f"{self.url}lab/workspaces/{workspace}/tree/{notebook}?token={self.token}"

    def shut_down_kernels(self) -> None:
        for session in self.api("GET", "api/sessions"):
            try:
                self.api("DELETE", f"api/sessions/{session['id']}", timeout=30)
            except urllib.error.URLError:
                pass

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _settings_dir(base: Path) -> Path:
    settings = base / "settings"
    for plugin, values in LAB_SETTINGS.items():
        package, name = plugin.rsplit("/", 1)
        target = settings / package / f"{name}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    return settings


def _stop(process: subprocess.Popen, server: LabServer | None) -> None:
    """Ask the server to shut down (it stops its kernels), then kill whatever is left: the
    server's process group and every process it started."""
    leftovers = Descendants(process.pid)
    if server is not None and process.poll() is None:
        try:
            server.api("POST", "api/shutdown", timeout=10)
            process.wait(timeout=20)
        except (urllib.error.URLError, OSError, subprocess.TimeoutExpired):
            pass
    for sig in (signal.SIGTERM, signal.SIGKILL):
        leftovers.signal(sig)
        if process.poll() is None:
            try:
                os.killpg(process.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
        deadline = time.monotonic() + 10
        while (process.poll() is None or leftovers.alive()) and time.monotonic() < deadline:
            time.sleep(0.2)
        if process.poll() is not None and not leftovers.alive():
            return


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie is dead for our purposes
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


@contextmanager
def jupyter_lab(startup_timeout: float = 120.0):
    """Start JupyterLab on 127.0.0.1 with a token; always stop it (and its kernels) afterwards."""
    base = Path(tempfile.mkdtemp(prefix="course-lab-"))
    root = base / "notebooks"
    token = secrets.token_hex(24)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(base / "config"),
        "JUPYTER_DATA_DIR": str(base / "data"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "IPYTHONDIR": str(base / "ipython"),
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }
    log = base / "server.log"
    process = server = None
    try:
        root.mkdir()
        for notebook in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
            shutil.copy2(notebook, root / notebook.name)
        (root / "ko").mkdir()
        for notebook in sorted((NOTEBOOK_DIR / "ko").glob("*.ipynb")):  # the Korean edition, as `make lab` serves it
            shutil.copy2(notebook, root / "ko" / notebook.name)
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            f"--LabApp.user_settings_dir={_settings_dir(base)}",
            f"--LabApp.workspaces_dir={base / 'workspaces'}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        with open(log, "wb") as log_file:
            process = subprocess.Popen(
                command,
                cwd=base,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        server = LabServer(f"http://127.0.0.1:{port}/", token, root, process, log)
        deadline = time.monotonic() + startup_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {process.returncode}:\n{server.log_tail()}")
            try:
                server.api("GET", "api/status", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"JupyterLab did not answer within {startup_timeout:.0f} s:\n{server.log_tail()}"
                    ) from None
                time.sleep(0.5)
        yield server
    finally:
        if process is not None:
            _stop(process, server)
        shutil.rmtree(base, ignore_errors=True)


# JupyterLab's page -------------------------------------------------------------------------

ERROR_TEXT = re.compile(r"Traceback \(most recent call last\)|^\s*\w*(Error|Exception)\b.*$", re.M)
PROMPTS_JS = """() => Array.from(document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')).map(p => p.textContent.trim())"""
STATUS_JS = """() => { const s = document.querySelector(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
    return s ? s.getAttribute('data-status') : null; }"""


def open_notebook(page, server: LabServer, name: str, timeout_s: float = 120.0) -> None:
    """Open a notebook in JupyterLab and wait until every cell is in the page and its kernel is idle."""
    nb_cells = len(json.loads((server.root / name).read_text())["cells"])
    page.goto(server.lab_url(name, workspace=name.removesuffix(".ipynb").replace("_", "-").replace("/", "-")))
    page.wait_for_function(
        "n => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').length === n",
        arg=nb_cells,
        timeout=timeout_s * 1000,
    )
    wait_for_kernel(page, server, timeout_s)


def wait_for_kernel(page, server: LabServer, timeout_s: float) -> None:
    """Until the page shows the kernel idle and the server has the page's connection to it.
    (The indicator can read idle before the kernel's websocket is connected; Run All sent then
    runs only the first cell.)"""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            kernels = server.api("GET", "api/kernels")
        except urllib.error.HTTPError as error:  # the server can answer 500 while it shuts an earlier kernel down
            if error.code < 500 or time.monotonic() > deadline:
                raise
            kernels = [{"error": f"HTTP {error.code}"}]
        connected = any(k.get("connections", 0) > 0 and k.get("execution_state") == "idle" for k in kernels)
        if connected and page.evaluate(STATUS_JS) == "idle":
            return
        if time.monotonic() > deadline:
            raise AssertionError(
                f"kernel not ready after {timeout_s:.0f} s: page says {page.evaluate(STATUS_JS)}, server {kernels}"
            )
        page.wait_for_timeout(250)


def dialogs(page) -> list[str]:
    return [text.strip() for text in page.locator(".jp-Dialog").all_inner_texts()]


def run_all_cells(page, timeout_s: float) -> float:
    """Run > Run All Cells, then wait until every code cell has an execution count and the kernel
    is idle. Fails early if execution stops (an error aborts the cells after it). Returns seconds."""
    start = time.monotonic()
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    numbered = re.compile(r"^\[\d+\]:$")
    started = False
    last_report = start
    while True:
        prompts = page.evaluate(PROMPTS_JS)
        status = page.evaluate(STATUS_JS)
        done = sum(bool(numbered.match(p)) for p in prompts)
        running = sum(p == "[*]:" for p in prompts)
        started = started or running > 0 or done > 0
        if not started and time.monotonic() - start > 60:
            raise AssertionError(f"Run All Cells started nothing in 60 s: prompts {prompts}, kernel {status}")
        if prompts and done == len(prompts) and status == "idle":
            return time.monotonic() - start
        if started and running == 0 and status == "idle" and done < len(prompts):
            # Give JupyterLab a moment to number the last cell before calling it a stop.
            time.sleep(2)
            prompts = page.evaluate(PROMPTS_JS)
            if not any(p == "[*]:" for p in prompts) and sum(bool(numbered.match(p)) for p in prompts) < len(prompts):
                raise AssertionError(
                    f"execution stopped after {done} of {len(prompts)} code cells:\n"
                    + "\n".join(error_outputs(page))
                    + "\n"
                    + "\n".join(dialogs(page))
                )
        if time.monotonic() - start > timeout_s:
            raise AssertionError(
                f"not finished after {timeout_s:.0f} s: {done} of {len(prompts)} code cells ran, kernel {status}"
            )
        if dialogs(page):
            raise AssertionError("a dialog opened while running: " + " | ".join(dialogs(page)))
        if time.monotonic() - last_report > 60:
            print(f"  ... {done}/{len(prompts)} cells after {time.monotonic() - start:.0f} s", flush=True)
            last_report = time.monotonic()
        page.wait_for_timeout(500)


def error_outputs(page) -> list[str]:
    """Error outputs (tracebacks) in the open notebook. TensorFlow's harmless stderr lines are not errors."""
    texts = page.locator(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    ).all_inner_texts()
    widget_errors = page.locator(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output",
        has_text=re.compile(r"Error displaying widget|Error rendering"),
    ).all_inner_texts()
    return [t for t in texts if ERROR_TEXT.search(t)] + widget_errors


def code_cell(page, source_contains: str):
    """The code cell whose source contains a string (exactly one)."""
    cell = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").filter(
        has=page.locator(".jp-InputArea", has_text=source_contains)
    )
    assert cell.count() == 1, f"expected one code cell containing {source_contains!r}, found {cell.count()}"
    return cell


def move_slider(cell, description: str, key: str = "ArrowRight", timeout_s: float = 60.0) -> dict[str, tuple[str, str]]:
    """Focus the handle of the widget slider labelled `description` in a cell's output and press a
    key, as a student can. Waits until the readout, the HTML summary and the picture have all
    changed; returns each one's (before, after)."""
    from playwright.sync_api import expect

    page = cell.page
    slider = cell.locator(".widget-slider").filter(
        has=page.locator(".widget-label", has_text=re.compile(rf"^{re.escape(description)}$"))
    )
    assert slider.count() == 1, f"no slider labelled {description!r}"
    readout = slider.locator(".widget-readout")
    summary = cell.locator(".widget-html-content").first
    image = cell.locator(".jupyter-widgets img").first
    before = {"readout": readout.inner_text(), "summary": summary.inner_text(), "image": image.get_attribute("src")}
    handle = slider.locator(".noUi-handle")
    handle.focus()
    handle.press(key)
    expect(readout).not_to_have_text(before["readout"], timeout=timeout_s * 1000)
    expect(summary).not_to_have_text(before["summary"], timeout=timeout_s * 1000)
    expect(image).not_to_have_attribute("src", before["image"], timeout=timeout_s * 1000)
    after = {"readout": readout.inner_text(), "summary": summary.inner_text(), "image": image.get_attribute("src")}
    return {key: (before[key], after[key]) for key in before}


# What overflows a reveal.js deck's slides at the window's size: each slide is shown with all its
# fragments, and the boxes of everything visible on it are measured (MathJax's hidden copy for
# screen readers aside). A slide overflows when it scrolls, when a box ends past the window's
# right or bottom edge, or when an element hides content it would need to scroll to.
SLIDE_OVERFLOW_JS = """
async (settle) => {
  const Reveal = Object.values(requirejs.s.contexts._.defined).find(m => m && m.getTotalSlides);
  const W = window.innerWidth, H = window.innerHeight, problems = [];
  Reveal.configure({transition: "none", backgroundTransition: "none"});
  const slides = Reveal.getSlides();
  for (const slide of slides) {
    const {h, v} = Reveal.getIndices(slide);
    Reveal.slide(h, v, 1e6);  // every fragment shown
    if (settle > 0) await new Promise(r => setTimeout(r, settle));  // else measured at once: no frame is drawn
    let bottom = 0, right = 0, widest = '';
    for (const el of slide.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;  // display: none, or empty
      const wide = el.scrollWidth > el.clientWidth + 1;
      // The element's style only matters where it could be a problem (that saves most of the time).
      if (!wide && box.bottom <= Math.max(bottom, H + 1) && box.right <= Math.max(right, W + 1)) {
        bottom = Math.max(bottom, Math.min(box.bottom, H)); right = Math.max(right, Math.min(box.right, W)); continue; }
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || el.closest(".MJX_Assistive_MathML")) continue;
      bottom = Math.max(bottom, box.bottom); if (box.right > right) { right = box.right; widest = el.tagName + '.' + el.className.toString().slice(0,50) + ' ' + Math.round(box.left) + '-' + Math.round(box.right); }
      if (wide && ["auto", "scroll", "hidden"].includes(style.overflowX) && el.tagName !== "SECTION")
        problems.push({h, v, what: "clipped wide", tag: el.tagName, cls: el.className.toString().slice(0, 60), sw: el.scrollWidth, cw: el.clientWidth});
    }
    if (slide.scrollHeight > slide.clientHeight + 1) problems.push({h, v, what: "scrolls", sh: slide.scrollHeight, ch: slide.clientHeight});
    if (bottom > H + 1 || right > W + 1) problems.push({h, v, what: "past the edge", bottom: Math.round(bottom), right: Math.round(right), widest});
  }
  return {W, H, total: slides.length, problems};
}
"""


def slide_overflows(page, settle_ms: int = 400) -> list[str]:
    """One line per problem on any slide of the deck open in page (reveal.js, ready), each slide
    measured `settle_ms` after it is shown (time for widget snapshots and pictures to lay out; a
    deck without outputs needs little)."""
    result = page.evaluate(SLIDE_OVERFLOW_JS, settle_ms)
    return [
        f"slide {p['h']}.{p['v']} at {result['W']}x{result['H']}: {p['what']} "
        + ", ".join(f"{k}={v}" for k, v in p.items() if k not in ("h", "v", "what"))
        for p in result["problems"]
    ]
