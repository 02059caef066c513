"""Build the copy of the course that students get: no solutions, notebooks without outputs.

Writes build/student-copy/resnet-course/ and build/student-copy/resnet-course.zip: every file git
tracks except solutions/, tests/, docs/ (the instructor guide discusses the answers), .ci/,
CONTRIBUTING.md and this script; the notebooks with outputs and execution counts removed; and a README for
students (its set-up and course map are the sections of README.md from "## Two commands" up to
"## Measured", so both say the same). Then it scans the copy and fails if anything in it holds
a solution: a file from solutions/, a line of a solution's code or working, or an exercise cell
that is not the placeholder `...`.

Usage: .venv/bin/python tools/student_copy.py [--out build/student-copy]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers.exercises.report import UNANSWERED, report_notebook  # noqa: E402

NAME = "resnet-course"
LEFT_OUT = ("solutions/", "tests/", "docs/", ".ci/", "CONTRIBUTING.md", "tools/student_copy.py")
JUDGES = "helpers/exercises/"
README_FROM, README_TO = "## Two commands", "## Measured"
STUDENT_INTRO = """# ResNet, step by step

An interactive course on residual networks (ResNet) in Jupyter notebooks. Everything runs
offline on a laptop CPU. Work through the notebooks in order: read, predict, run, and answer
the exercises at the end of each notebook. `check("NN.k", answer)` tells you whether your
answer is right and gives a hint when it is not; it never shows the answer.

`make test` runs every notebook from the top, as your instructor's copy does.

"""


def tracked_files(root: Path = ROOT) -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, text=True, check=True).stdout
    return sorted(path for path in listed.split("\0") if path and (root / path).is_file())


def student_readme(readme: str) -> str:
    """The student README: an introduction, then README.md's set-up and course map."""
    if README_FROM not in readme or README_TO not in readme:
        raise ValueError(f"README.md must have the sections {README_FROM!r} and {README_TO!r}")
    body = readme.split(README_FROM, 1)[1].split(README_TO, 1)[0]
    return STUDENT_INTRO + README_FROM + body.rstrip() + "\n"


def stripped_notebook(text: str) -> str:
    """The notebook with no outputs and no execution counts (cell metadata such as tags kept)."""
    notebook = json.loads(text)
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def build(out: Path, root: Path = ROOT) -> Path:
    """Write the copy into out/NAME (replacing an older one) and zip it; return the folder."""
    target = out / NAME
    if target.exists():
        shutil.rmtree(target)
    for path in tracked_files(root):
        if path.startswith(LEFT_OUT):
            continue
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        if path == "README.md":
            destination.write_text(student_readme((root / path).read_text(encoding="utf-8")), encoding="utf-8")
        elif path.endswith(".ipynb"):
            destination.write_text(stripped_notebook((root / path).read_text(encoding="utf-8")), encoding="utf-8")
        else:
            shutil.copy2(root / path, destination)
    with zipfile.ZipFile(out / f"{NAME}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(target.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(out))
    return target


def solution_lines(root: Path = ROOT) -> set[str]:
    """Every line of solutions/ that carries an answer: the answers and their workings (comments in
    SOLUTIONS), and the code of solution functions (not their comments, docstrings or imports)."""
    lines = set()
    for path in sorted((root / "solutions").glob("*.py")):
        in_answers = False
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            in_answers = in_answers or line.startswith("SOLUTIONS")
            code, _, comment = line.partition("#")
            if comment and in_answers:  # a working in a comment is as telling as the code
                lines.add("#" + comment)
            code = code.strip()
            if code and not code.startswith(('"""', "import ", "from ", "SOLUTIONS", "}", "def ")):
                lines.add(code)
    return lines


def taught_lines(root: Path = ROOT) -> set[str]:
    """Code lines the course itself shows outside its exercise cells (the notebooks' lessons and the
    helpers the notebooks import): a solution may reuse them without that being a leak."""
    lines = set()
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code" and "check(" not in source:
                lines.update(line.partition("#")[0].strip() for line in source.splitlines())
    for path in sorted((root / "helpers").rglob("*.py")):
        if JUDGES not in path.relative_to(root).as_posix():
            lines.update(line.partition("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return lines - {""}


def leaks(copy: Path, root: Path = ROOT) -> list[str]:
    """What in the copy holds a solution, one line each; empty when nothing does."""
    found = []
    files = sorted(path for path in copy.rglob("*") if path.is_file())
    answer_lines = solution_lines(root) - taught_lines(root)
    for path in files:
        name = path.relative_to(copy).as_posix()
        if name.startswith(LEFT_OUT):
            found.append(f"{name}: should be left out")
        if name.startswith(JUDGES):
            continue  # a judge must know the answer to say right or wrong (docs/INSTRUCTORS.md)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if path.suffix == ".py":
            with_code = text
        elif path.suffix == ".ipynb":
            cells = json.loads(text)["cells"]
            with_code = "\n".join("".join(cell["source"]) for cell in cells)
            with_code += "\n" + "\n".join(json.dumps(cell.get("outputs", [])) for cell in cells)
        else:
            with_code = text
        lines = with_code.splitlines()
        code = {line.partition("#")[0].strip() for line in lines}
        for line in sorted(answer_lines):
            if line in code if not line.startswith("#") else any(line in text_line for text_line in lines):
                found.append(f"{name}: holds the solution line {line!r}")
        if path.suffix == ".ipynb":
            for result in report_notebook(path):
                if result.status != UNANSWERED:
                    found.append(f"{name}: exercise {result.key} is {result.status} ({result.source}), not the placeholder")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "student-copy")
    arguments = parser.parse_args(argv)
    target = build(arguments.out)
    problems = leaks(target)
    if problems:
        print("The student copy holds solutions; fix these before handing it out:", *problems, sep="\n  ")
        return 1
    count = sum(path.is_file() for path in target.rglob("*"))
    print(f"Wrote {target} ({count} files) and {target}.zip; no solution found in it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
