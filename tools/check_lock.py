"""Check that the lock, requirements.txt, installs from wheels alone on the Pythons and platforms
the course supports beyond the one CI tests on (Python 3.11 on Linux x86-64):

    python tools/check_lock.py [--uv build/uv/bin/uv] [--lock requirements.txt]

For Python 3.12 and 3.13 on Linux x86-64, macOS arm64 and Windows x86-64, `uv pip compile
--only-binary :all:` resolves the lock for that platform alone. It fails when a locked version
has no wheel there (or no release for that Python), and this script fails when the resolution
needs a package or version the lock does not list, or picks the wrong TensorFlow build
(tensorflow-cpu on Linux x86-64, tensorflow elsewhere). Needs the package index (PyPI), not the
platforms. `make check-lock` runs it; so does .ci/run. Standard library only.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHONS = ("3.12", "3.13")
# label: (uv's platform, the TensorFlow distribution the lock's markers choose there)
PLATFORMS = {
    "Linux x86-64": ("x86_64-unknown-linux-gnu", "tensorflow-cpu"),
    "macOS arm64": ("aarch64-apple-darwin", "tensorflow"),
    "Windows x86-64": ("x86_64-pc-windows-msvc", "tensorflow"),
}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str) -> set[tuple[str, str]]:
    """(name, version) of every `name==version` line, markers ignored."""
    found = set()
    for line in text.splitlines():
        match = PIN.match(line.strip())
        if match:
            found.add((canonical(match.group(1)), match.group(2)))
    return found


def resolve(uv: str, lock: Path, python: str, platform: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            uv,
            "pip",
            "compile",
            str(lock),
            "--python-version",
            python,
            "--python-platform",
            platform,
            "--only-binary",
            ":all:",
            "--no-header",
            "--no-annotate",
            "--no-python-downloads",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uv", default=shutil.which("uv"), help="the uv executable (default: uv on PATH)")
    parser.add_argument("--lock", type=Path, default=ROOT / "requirements.txt")
    args = parser.parse_args(argv)
    if not args.uv or not shutil.which(args.uv):
        print(
            f"uv not found ({args.uv or 'not on PATH'}): `make check-lock` installs it into build/uv, or pass --uv /path/to/uv",
            file=sys.stderr,
        )
        return 2
    locked = pins(args.lock.read_text())
    failures = []
    for python in PYTHONS:
        for label, (platform, tensorflow) in PLATFORMS.items():
            start = time.monotonic()
            done = resolve(args.uv, args.lock, python, platform)
            where = f"Python {python} on {label} ({platform})"
            if done.returncode != 0:
                failures.append(f"{where}: the lock does not install from wheels:\n{done.stderr.strip()}")
                status = "FAILED"
            else:
                resolved = pins(done.stdout)
                extra = sorted(resolved - locked)
                names = {name for name, _ in resolved}
                if tensorflow not in names or ({"tensorflow", "tensorflow-cpu"} - {tensorflow}) & names:
                    failures.append(
                        f"{where}: expected {tensorflow} (and not the other TensorFlow build), resolved "
                        + ", ".join(sorted(n for n in names if n.startswith("tensorflow")))
                    )
                    status = "FAILED"
                elif extra:
                    failures.append(
                        f"{where}: needs what the lock does not list: "
                        + ", ".join(f"{n}=={v}" for n, v in extra)
                        + " (run `make lock`)"
                    )
                    status = "FAILED"
                else:
                    status = f"ok, {len(resolved)} packages, {tensorflow} among them"
            print(f"{where}: {status} ({time.monotonic() - start:.1f} s)", flush=True)
    if failures:
        print("\n\n".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
