"""Without the npm registry and without a cache, `make slides` and `make html` stop within
seconds and say which folder to fill and how (npm alone retries each package for minutes)."""

import shutil
import socket
import subprocess
import sys
import time

import pytest
from repo import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import offline_assets  # noqa: E402

needs_npm = pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed (.ci/run installs it)")
UNREACHABLE = "http://127.0.0.1:9/"  # the discard port: nothing listens there, the connection is refused


def assert_says_how_to_fill(message: str, cache):
    assert str(cache) in message, message
    assert "python tools/offline_assets.py" in message and f"--cache {cache}" in message, message
    assert "copy build/vendor" in message, message
    assert "reveal.js@4.0.2 is not in the cache" in message, message


@needs_npm
def test_an_unreachable_registry_fails_at_once_saying_how_to_fill_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("npm_config_registry", UNREACHABLE)
    start = time.monotonic()
    with pytest.raises(offline_assets.AssetsUnavailable) as error:
        offline_assets.fetch(tmp_path / "vendor", quiet=True)
    assert time.monotonic() - start < offline_assets.PROBE_TIMEOUT + 5
    message = str(error.value)
    assert "the npm registry cannot be reached" in message and "ECONNREFUSED" in message, message
    assert_says_how_to_fill(message, tmp_path / "vendor")
    assert not (tmp_path / "vendor").exists(), "nothing is written when nothing can be fetched"


@needs_npm
def test_a_registry_that_never_answers_fails_after_the_probe_timeout(tmp_path, monkeypatch):
    with socket.socket() as silent:  # accepts connections (the kernel's backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        monkeypatch.setenv("npm_config_registry", f"http://127.0.0.1:{silent.getsockname()[1]}/")
        monkeypatch.setattr(offline_assets, "PROBE_TIMEOUT", 3)
        start = time.monotonic()
        with pytest.raises(offline_assets.AssetsUnavailable) as error:
            offline_assets.fetch(tmp_path / "vendor", quiet=True)
        seconds = time.monotonic() - start
    assert 3 <= seconds < 8, seconds
    assert "had no answer after 3 s" in str(error.value)
    assert_says_how_to_fill(str(error.value), tmp_path / "vendor")


def test_without_npm_the_message_says_how_to_fill_the_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(offline_assets.shutil, "which", lambda name: None)
    with pytest.raises(offline_assets.AssetsUnavailable, match="npm is not installed") as error:
        offline_assets.fetch(tmp_path / "vendor", quiet=True)
    assert_says_how_to_fill(str(error.value), tmp_path / "vendor")


def test_a_filled_cache_needs_neither_npm_nor_the_registry(tmp_path, monkeypatch):
    cache = tmp_path / "vendor"
    for name, version in offline_assets.PACKAGES.items():
        target = offline_assets.package_dir(cache, name)
        target.mkdir(parents=True)
        (target / ".complete").write_text(version + "\n")

    def no_npm(*args, **kwargs):
        raise AssertionError(f"ran {args[0]} with a full cache")

    monkeypatch.setattr(offline_assets.subprocess, "run", no_npm)
    assert offline_assets.fetch(cache, quiet=True) == cache


@needs_npm
@pytest.mark.parametrize("kind", ["html", "slides"])
def test_the_build_stops_within_30_s_without_registry_or_cache(tmp_path, kind):
    """What `make html` and `make slides` run, before any notebook is executed."""
    env = {"npm_config_registry": UNREACHABLE, "PATH": shutil.os.environ["PATH"], "HOME": str(tmp_path)}
    start = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "build_site.py"),
            kind,
            str(ROOT / "notebooks" / "01_skip_connection.ipynb"),
            "--out",
            str(tmp_path / "out"),
            "--cache",
            str(tmp_path / "executed"),
            "--vendor",
            str(tmp_path / "vendor"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    seconds = time.monotonic() - start
    assert done.returncode == 1 and seconds < 30, (seconds, done.stderr[-2000:])
    assert done.stderr.startswith(f"cannot build {kind}: reveal.js@4.0.2 is not in the cache"), done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert_says_how_to_fill(done.stderr, tmp_path / "vendor")
    assert not (tmp_path / "executed").exists(), "no notebook ran"
