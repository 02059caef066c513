"""`python -m helpers.exercises report PATH...`: which exercises a student's notebooks pass.

It reads the notebooks and runs none of them (helpers/exercises/report.py says how it decides).
"""

from __future__ import annotations

from helpers.exercises.report import format_report

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.exercises", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="list which exercises each notebook passes, without running it")
    report.add_argument("paths", nargs="+", metavar="PATH", help="a notebook (.ipynb) or a folder of notebooks")
    arguments = parser.parse_args(argv)
    try:
        print(format_report(arguments.paths))
    except ValueError as error:
        parser.error(str(error))
    return 0


if __name__ == "__main__":
    sys.exit(main())
