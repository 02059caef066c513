"""No exercise of notebooks 00-03 is answered on the screen before it is asked.

Notebooks are stored without outputs, so this reads what the student sees without running them:
the recorded outputs of every checked cell (`expected_outputs`, the exact text those cells print)
and the sources of every cell above the exercise. Cells whose output is not recorded print only
measurements that vary (training results, timings); the last test keeps exercise-sized facts out
of them by requiring every cell that prints a parameter count or a shape to be a checked cell.
Code answers (functions the judge runs) are compared by the shape of their `return` expressions:
a cell above that computes the same expression on other variables gives the answer away.
"""

from __future__ import annotations

import ast
import copy
import inspect
import re
import runpy
import textwrap

import nbformat
import pytest
from repo import ROOT

NOTEBOOKS = ["00_start_here.ipynb", "01_skip_connection.ipynb", "02_building_blocks.ipynb", "03_residual_block.ipynb"]


def solutions(number: str) -> dict:
    (path,) = (ROOT / "solutions").glob(f"nb{number}_*.py")
    return runpy.run_path(str(path))["SOLUTIONS"]


def spellings(answer) -> list[str]:
    """The ways a printed cell could show `answer`: 74368 and 74,368; (16, 16, 128) and 16x16x128; 2.59."""
    if isinstance(answer, tuple):
        return [str(answer), "×".join(map(str, answer)), "x".join(map(str, answer)), str(list(answer))]
    if isinstance(answer, int):
        return [str(answer), f"{answer:,}"]
    return [f"{answer:.2f}", f"{answer:.3g}", f"{answer:.4g}"]


def appears(spelling: str, text: str) -> bool:
    return re.search(rf"(?<![\d.,]){re.escape(spelling)}(?![\d]|[.,]\d)", text) is not None


def screen_before(nb, key: str) -> tuple[str, str]:
    """(recorded outputs, sources) of every cell above the one that checks `key`."""
    outputs, sources = [], []
    for cell in nb.cells:
        if cell.cell_type == "code" and f'check("{key}"' in cell.source:
            return "\n".join(outputs), "\n".join(sources)
        sources.append(cell.source)
        for output in cell.metadata.get("expected_outputs", []):
            outputs.append(output.get("text") or output.get("data", {}).get("text/plain", ""))
    raise AssertionError(f"no cell checks {key}")


CASES = [
    (name, key, answer)
    for name in NOTEBOOKS
    for key, answer in solutions(name[:2]).items()
    if not callable(answer)  # code answers are run by their judges; a function cannot be printed
]


@pytest.mark.parametrize("name, key, answer", CASES, ids=[key for _, key, _ in CASES])
def test_answer_is_not_on_the_screen_before_its_exercise(name, key, answer):
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    outputs, sources = screen_before(nb, key)
    for spelling in spellings(answer):
        if isinstance(answer, int) and abs(answer) < 100:  # small numbers turn up everywhere: look for a stated result
            assert not re.search(rf"(=|:|\bis) {spelling}(?![\d×x]|[.,]\d)", outputs), (
                f"{key}: a checked cell above it prints {spelling}"
            )
            continue
        assert not appears(spelling, outputs), f"{key}: a checked cell above it prints {spelling}"
        if isinstance(answer, tuple) or isinstance(answer, float) or abs(answer) >= 100:
            assert not appears(spelling, sources), f"{key}: a cell above it shows {spelling}"


def _arithmetic(node: ast.expr) -> bool:
    """True for an argument that only does arithmetic on variables (`rows // 2`, `h`), which solutions name differently."""
    return not isinstance(node, ast.Constant) and not any(
        isinstance(n, ast.Call | ast.Attribute | ast.comprehension | ast.Lambda) for n in ast.walk(node)
    )


class _Skeleton(ast.NodeTransformer):
    """An expression's calls, attributes, operators and constants, with every variable and arithmetic argument as `_`."""

    def visit_Name(self, node):
        return ast.Name(id="_")

    def visit_Subscript(self, node):
        return ast.Name(id="_")

    def visit_Call(self, node):
        node = self.generic_visit(node)
        node.args = [ast.Name(id="_") if _arithmetic(arg) else arg for arg in node.args]
        return node


def skeleton(node: ast.expr) -> str:
    return ast.dump(_Skeleton().visit(copy.deepcopy(node)))


def skeletons(source: str) -> set[str]:
    """The skeletons of every expression in a cell."""
    return {skeleton(node) for node in ast.walk(ast.parse(source)) if isinstance(node, ast.expr)}


def returned(function) -> set[str]:
    """The skeletons of what `function` returns."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return {skeleton(node.value) for node in ast.walk(tree) if isinstance(node, ast.Return) and node.value}


def code_shown_before(nb, key: str, function) -> list[str]:
    """The ids of code cells above the one that checks `key` that compute what `function` returns."""
    answer = returned(function)
    shown = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if f'check("{key}"' in cell.source:
            return shown
        if answer & skeletons(cell.source):
            shown.append(cell.get("id", "?"))
    raise AssertionError(f"no cell checks {key}")


# Code answers whose return line is on the screen by design, and why that gives nothing away.
SHOWN_BY_DESIGN = {
    "01.2": "F(X) + X is the notebook's subject; the exercise asks the student to wrap it in a function",
    "03.5": "its last line, Add()([y, x]), ends every block of the notebook; the judge checks the layers before it",
}
CODE_CASES = [
    (name, key, answer)
    for name in NOTEBOOKS
    for key, answer in solutions(name[:2]).items()
    if callable(answer) and key not in SHOWN_BY_DESIGN
]


@pytest.mark.parametrize("name, key, answer", CODE_CASES, ids=[key for _, key, _ in CODE_CASES])
def test_code_answer_is_not_computed_before_its_exercise(name, key, answer):
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    assert not code_shown_before(nb, key, answer), f"{key}: a cell above it computes what the solution returns"


def test_the_check_sees_shown_code():
    def max_pool_2x2(x):
        rows, cols = x.shape
        return x.reshape(rows // 2, 2, cols // 2, 2).max(axis=(1, 3))

    def notebook(*sources):
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in (*sources, 'check("02.4", f)')])

    giveaway = (
        "h, w = pool.shape[1:3]\nassert np.array_equal(pool[0], relu[0, : 2 * h, : 2 * w].reshape(h, 2, w, 2).max(axis=(1, 3)))"
    )
    nb = notebook("x = 1", giveaway)
    assert code_shown_before(nb, "02.4", max_pool_2x2) == [nb.cells[1].id]
    assert not code_shown_before(notebook("pooled = x.max(axis=(1, 3))", "y = x.reshape(3, 2, 5, 2)"), "02.4", max_pool_2x2)


def test_the_check_sees_a_printed_answer():
    text = "stride-2 block: 74,368 parameters, output (16, 16, 128) after 2.59"
    assert appears("74,368", text) and appears("(16, 16, 128)", text) and appears("2.59", text)
    assert not appears("74,368", "174,368") and not appears("2.59", "2.591") and not appears("6", "16 and 60")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_cells_that_print_counts_or_shapes_are_checked(name):
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code" or "nbval-check-output" in cell.metadata.get("tags", []):
            continue
        printing = [line for line in cell.source.splitlines() if "print(" in line]
        for line in printing:
            assert not re.search(r"count_params|\.shape", line), (
                f"{name}: {line.strip()!r} prints a count or a shape in a cell whose output is not recorded; "
                "tag the cell nbval-check-output (and record it) so that the exercise test can see it"
            )
