"""The code follows one style: ruff's lint and format checks (pyproject.toml [tool.ruff]) pass on
the package, the tests, the tools, the benchmarks, the solutions and the notebooks' code cells."""

import subprocess
import sys

from repo import ROOT


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_ruff_lint_passes():
    result = ruff("check", "--no-cache", ".")
    assert result.returncode == 0, (
        f"`ruff check .` found problems (`ruff check --fix .` fixes many):\n{result.stdout}{result.stderr}"
    )


def test_ruff_format_leaves_every_file_as_it_is():
    result = ruff("format", "--no-cache", "--check", ".")
    assert result.returncode == 0, f"run `ruff format .`; these files are not formatted:\n{result.stdout}{result.stderr}"
