"""The Makefile's choice of Python: the newest supported one on PATH, or PYTHON=; a missing or
unsupported one stops make at once with a message that says what to do, before .venv is
touched; an unusable .venv is rebuilt. Fake interpreters (a real Python that reports another
version) stand in for the ones a machine may lack; nothing is installed."""

import ast
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from repo import ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("make") is None or os.name == "nt", reason="make is not installed (the plain-pip and Windows routes)"
)

MAKE = shutil.which("make")
REAL = os.path.realpath(getattr(sys, "_base_executable", sys.executable))  # outside any venv
HOW_TO = ["python.org", "pyenv install 3.13", "brew install python@3.13", "uv python install 3.13"]


def fake_python(path: Path, version: tuple[int, int, int]) -> Path:
    """An executable that runs the real Python with sys.version_info set to `version`: enough
    for tools/check_python.py, which is all make asks of it before building .venv."""
    patch = (
        f"import sys; sys.version_info = {version + ('final', 0)!r}; sys.argv = sys.argv[1:]; "
        "p = sys.argv[0]; exec(compile(open(p).read(), p, 'exec'), {'__name__': '__main__', '__file__': p})"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'#!/bin/sh\nexec {REAL} -c "{patch}" "$@"\n')
    path.chmod(0o755)
    return path


def make(*args: str, path: str | None = None, timeout: float = 30) -> tuple[subprocess.CompletedProcess, float]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON", "VENV", "MAKEFLAGS", "MAKELEVEL")}
    if path is not None:
        env["PATH"] = path
    start = time.monotonic()
    done = subprocess.run(
        [MAKE, "--no-print-directory", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    return done, time.monotonic() - start


def bin_dir(tmp_path: Path, versions: dict[str, tuple[int, int, int]]) -> str:
    """A PATH holding only fake interpreters (and `id`, which the Makefile asks for)."""
    folder = tmp_path / "bin"
    for name, version in versions.items():
        fake_python(folder / name, version)
    folder.mkdir(exist_ok=True)
    os.symlink(shutil.which("id"), folder / "id")
    return str(folder)


def assert_stops_at_once(done, seconds, venv: Path, *expected: str):
    assert done.returncode != 0
    assert seconds < 10, f"make took {seconds:.1f} s to refuse"
    for text in (*expected, "3.11, 3.12 or 3.13", *HOW_TO):
        assert text in done.stderr, f"{text!r} not in:\n{done.stderr}"
    assert "Traceback" not in done.stderr
    assert not venv.exists(), "make created the virtual environment before stopping"


def test_an_unsupported_python_stops_make_at_once(tmp_path):
    python = fake_python(tmp_path / "python3.10", (3, 10, 13))
    venv = tmp_path / "venv"
    done, seconds = make("setup", f"PYTHON={python}", f"VENV={venv}")
    assert_stops_at_once(done, seconds, venv, "Python 3.10.13", "is not supported")


@pytest.mark.parametrize("version", [(3, 14, 0), (3, 9, 18)])
def test_pythons_either_side_of_the_range_are_refused(tmp_path, version):
    python = fake_python(tmp_path / "python", version)
    venv = tmp_path / "venv"
    done, seconds = make("setup", f"PYTHON={python}", f"VENV={venv}")
    assert_stops_at_once(done, seconds, venv, "Python {}.{}.{}".format(*version), "is not supported")


def test_a_missing_python_stops_make_at_once(tmp_path):
    venv = tmp_path / "venv"
    done, seconds = make("setup", f"PYTHON={tmp_path}/no/python3.13", f"VENV={venv}")
    assert_stops_at_once(done, seconds, venv, f"PYTHON={tmp_path}/no/python3.13 did not run")


def test_no_supported_python_on_path_stops_make_at_once(tmp_path):
    path = bin_dir(tmp_path, {"python3": (3, 10, 13), "python3.14": (3, 14, 0)})
    venv = tmp_path / "venv"
    done, seconds = make("setup", f"VENV={venv}", path=path)
    assert_stops_at_once(done, seconds, venv, "No supported Python on PATH (tried python3.13 python3.12 python3.11 python3)")


@pytest.mark.parametrize(
    "versions, chosen",
    [
        ({"python3.13": (3, 13, 0), "python3.12": (3, 12, 1), "python3": (3, 11, 7)}, "python3.13"),
        ({"python3.13": (3, 14, 0), "python3.12": (3, 12, 1), "python3": (3, 11, 7)}, "python3.12"),  # a python3.13 that is not
        ({"python3.11": (3, 11, 7), "python3": (3, 10, 13)}, "python3.11"),
        ({"python3": (3, 12, 1)}, "python3"),
    ],
)
def test_make_picks_the_newest_supported_python_on_path(tmp_path, versions, chosen):
    path = bin_dir(tmp_path, versions)
    done, seconds = make("which-python", path=path)
    assert done.returncode == 0, done.stderr
    expected = ".".join(map(str, versions[chosen]))
    assert done.stdout.startswith(f"{path}/{chosen}: Python {expected} "), done.stdout
    assert seconds < 10


def test_pythons_given_on_the_command_line_wins(tmp_path):
    path = bin_dir(tmp_path, {"python3.13": (3, 13, 0)})
    other = fake_python(tmp_path / "other" / "python", (3, 12, 1))
    done, _ = make("which-python", f"PYTHON={other}", path=path)
    assert done.returncode == 0 and done.stdout.startswith(f"{other}: Python 3.12.1 "), done.stdout + done.stderr


# When is .venv rebuilt? `make -q setup` answers without running anything: 0 if up to date.


def venv_with(tmp_path: Path, python: Path | str, stamp: bool = True) -> Path:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    os.symlink(python, venv / "bin" / "python")
    if stamp:
        (venv / ".installed").touch()  # newer than requirements.txt and pyproject.toml
    return venv


def test_a_usable_venv_is_kept(tmp_path):
    venv = venv_with(tmp_path, REAL)
    assert make("-q", "setup", f"VENV={venv}")[0].returncode == 0
    assert make("-q", "setup", f"VENV={venv}", f"PYTHON={REAL}")[0].returncode == 0  # the same Python


def test_a_venv_of_an_unsupported_python_is_rebuilt(tmp_path):
    venv = venv_with(tmp_path, fake_python(tmp_path / "python3.10", (3, 10, 13)))
    assert make("-q", "setup", f"VENV={venv}")[0].returncode == 1


def test_a_venv_whose_install_did_not_finish_is_rebuilt(tmp_path):
    venv = venv_with(tmp_path, REAL, stamp=False)
    assert make("-q", "setup", f"VENV={venv}")[0].returncode == 1


def test_a_venv_of_another_python_than_the_one_asked_for_is_rebuilt(tmp_path):
    venv = venv_with(tmp_path, REAL)
    other = fake_python(tmp_path / "python3.12", (3, 12, 1) if sys.version_info[:2] != (3, 12) else (3, 13, 0))
    assert make("-q", "setup", f"VENV={venv}", f"PYTHON={other}")[0].returncode == 1


def test_a_folder_that_is_not_a_venv_is_never_removed(tmp_path):
    folder = tmp_path / "precious"
    (folder / "bin").mkdir(parents=True)
    (folder / "keep.txt").write_text("data")
    done, seconds = make("setup", f"VENV={folder}", f"PYTHON={REAL}")
    assert done.returncode != 0 and "is not a virtual environment" in done.stderr, done.stderr
    assert (folder / "keep.txt").read_text() == "data" and seconds < 10


def test_check_python_runs_on_an_old_interpreter():
    """Syntax an old Python can read: it must print the message, not a SyntaxError."""
    ast.parse((ROOT / "tools" / "check_python.py").read_text(), feature_version=(3, 7))
