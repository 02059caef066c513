"""The package's layout rule (CONTRIBUTING.md, "Where things live"):

- models/, data/, experiments/ and validation.py hold computation: neither they nor anything they
  import from helpers imports matplotlib, ipywidgets or IPython, so benchmarks and worker
  processes can use them without a display stack;
- a notebook's number finds its lesson module, its judges, its solutions and its tests.
"""

import ast
import re

import pytest
from repo import ROOT

PACKAGE = ROOT / "helpers"
CORE = ("helpers.models", "helpers.data", "helpers.experiments", "helpers.validation")
DISPLAY = ("matplotlib", "ipywidgets", "IPython")
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def module_name(path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str, *, top_level_only: bool = False) -> set[str]:
    """Every module a helpers module imports, at any depth of its code (function-level imports too),
    or only those its import runs (top_level_only)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    found = set()
    for node in tree.body if top_level_only else ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)  # `from helpers.models import blog`
    return found


def helpers_closure(name: str) -> set[str]:
    """The helpers modules `name` needs, itself and its packages included."""
    seen, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current in seen or current not in MODULES:
            continue
        seen.add(current)
        parts = current.split(".")
        todo += [".".join(parts[:i]) for i in range(2, len(parts))]  # parent packages run first
        todo += [m for m in imports_of(current) if m.startswith("helpers.")]
    return seen  # the package root, imported before any of these, is checked on its own below


def display_imports(name: str) -> set[str]:
    return {m for m in imports_of(name) if m.split(".")[0] in DISPLAY}


CORE_MODULES = sorted(m for m in MODULES if m.startswith(CORE))


@pytest.mark.parametrize("name", CORE_MODULES)
def test_core_modules_import_no_display_code(name):
    offenders = {m: sorted(display_imports(m)) for m in helpers_closure(name) if display_imports(m)}
    assert not offenders, f"{name} reaches matplotlib/ipywidgets/IPython through {offenders}"


def test_the_package_root_imports_no_display_code_when_imported():
    # `import helpers` runs these; a notebook's set-up may import IPython or matplotlib later, inside a function
    for name in ("helpers", "helpers.environment", "helpers.exercises", "helpers.exercises.registry"):
        assert not {m for m in imports_of(name, top_level_only=True) if m.split(".")[0] in DISPLAY}, name


def test_the_check_sees_display_imports():
    # the test above would pass vacuously if it could not see imports: a lesson module has them
    assert display_imports("helpers.lessons.nb01_skip_connection") and display_imports("helpers.display.figures")


def test_every_notebook_has_its_lesson_judges_solutions_and_tests_named_by_number():
    for stem in NOTEBOOKS:
        module = "nb" + stem
        assert (PACKAGE / "exercises" / f"{module}.py").is_file(), f"helpers/exercises/{module}.py"
        assert (ROOT / "solutions" / f"{module}.py").is_file(), f"solutions/{module}.py"
        lesson = PACKAGE / "lessons" / f"{module}.py"
        if lesson.is_file():
            assert (ROOT / "tests" / "helpers" / "lessons" / f"test_{module}.py").is_file(), (
                f"tests/helpers/lessons/test_{module}.py"
            )


def test_lesson_judge_and_solution_modules_belong_to_a_notebook():
    numbered = re.compile(r"^nb\d\d_[a-z_]+$")
    for folder in (PACKAGE / "lessons", PACKAGE / "exercises", ROOT / "solutions"):
        for path in folder.glob("nb*.py"):
            assert numbered.match(path.stem) and path.stem[2:] in NOTEBOOKS, f"{path.relative_to(ROOT)} names no notebook"


def test_tests_mirror_the_package():
    for test in (ROOT / "tests" / "helpers").rglob("test_*.py"):
        folder = test.parent.relative_to(ROOT / "tests")
        assert (ROOT / folder).is_dir(), f"{test.relative_to(ROOT)}: helpers has no folder {folder}"
