"""`make lab` serves the course, both editions (the Korean one in ko/): on a headless machine the
server starts and answers its API."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from repo import ROOT

TOKEN = "course-test-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str):
    request = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


def this_venv() -> list[str]:
    """`make lab` in the environment these tests run in, when make built it (`make test-unit
    VENV=.venv-3.13` tests that one); else make's default, .venv."""
    return [f"VENV={sys.prefix}"] if (Path(sys.prefix) / ".installed").is_file() else []


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed (the plain-pip and Windows routes)")
def test_make_lab_serves_the_notebooks_headless():
    port = free_port()
    env = {**os.environ, "JUPYTER_TOKEN": TOKEN}
    server = subprocess.Popen(
        ["make", "lab", "HOST=127.0.0.1", f"PORT={port}", "BROWSER=no", *this_venv()],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status = get(f"http://127.0.0.1:{port}/api/status")
                break
            except OSError:
                assert server.poll() is None, "make lab exited before the server answered"
                assert time.monotonic() < deadline, "JupyterLab did not answer within 90 s"
                time.sleep(0.5)
        assert "started" in status
        listing = get(f"http://127.0.0.1:{port}/api/contents/")
        names = {item["name"] for item in listing["content"]}
        assert "00_start_here.ipynb" in names and "01_skip_connection.ipynb" in names  # served from notebooks/
        assert "helpers" not in names
        kinds = {item["name"]: item["type"] for item in listing["content"]}
        assert kinds.get("ko") == "directory", "the Korean edition shows as the folder ko/"
        korean = {item["name"] for item in get(f"http://127.0.0.1:{port}/api/contents/ko")["content"]}
        assert "00_start_here.ipynb" in korean and "07_speed_and_scale.ipynb" in korean
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
