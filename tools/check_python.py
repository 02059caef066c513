"""Is the Python running this script one the course supports (3.11, 3.12 or 3.13)?

    PYTHON tools/check_python.py                     # exit 0 and print "3.12.1 <prefix>" if supported
    .venv/bin/python tools/check_python.py --same-as PYTHON   # also: is it the same Python as PYTHON?

Exit status 0: supported (and the same interpreter, with --same-as). 3: this Python is not
supported; the message on stderr names the supported versions and how to get one. 4: --same-as
names another interpreter (or one that does not run). The Makefile runs it to pick the newest
supported interpreter on PATH, to stop at once on a wrong PYTHON, and to tell when .venv must
be rebuilt. Plain standard library, and syntax any Python 3 (and 2.7) can read, so that an old
interpreter prints the message rather than a SyntaxError.
"""

import os
import subprocess
import sys

SUPPORTED = ((3, 11), (3, 12), (3, 13))
NEWEST = "%d.%d" % SUPPORTED[-1]
SUPPORTED_TEXT = "Python 3.11, 3.12 or 3.13"
HOW_TO_GET = (
    "Install Python " + NEWEST + " from https://www.python.org/downloads/, or with pyenv "
    "(pyenv install " + NEWEST + "), Homebrew (brew install python@" + NEWEST + ") or uv "
    "(uv python install " + NEWEST + "), then run make again with PYTHON=/path/to/python" + NEWEST + "."
)
UNSUPPORTED = 3
DIFFERENT = 4


def identity():
    """The interpreter's version and installation (a virtual environment's base installation)."""
    base = getattr(sys, "base_prefix", sys.prefix)
    return "%d.%d.%d %s" % (sys.version_info[0], sys.version_info[1], sys.version_info[2], os.path.realpath(base))


def supported(version_info=None):
    version_info = sys.version_info if version_info is None else version_info
    return tuple(version_info[:2]) in SUPPORTED


def main(argv):
    if not supported():
        version = "%d.%d.%d" % tuple(sys.version_info[:3])
        print(
            "Python %s (%s) is not supported: the course needs %s (Keras 3.15 needs 3.11 or later, "
            "TensorFlow 2.21 has no wheels after 3.13). %s" % (version, sys.executable, SUPPORTED_TEXT, HOW_TO_GET),
            file=sys.stderr,
        )
        return UNSUPPORTED
    if len(argv) == 2 and argv[0] == "--same-as":
        try:
            other = subprocess.run([argv[1], os.path.abspath(__file__)], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return DIFFERENT
        if other.returncode != 0 or other.stdout.strip() != identity():
            return DIFFERENT
    elif argv:
        print("usage: python tools/check_python.py [--same-as PYTHON]", file=sys.stderr)
        return 2
    print(identity())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
