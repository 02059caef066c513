"""Which exercises a student's notebooks pass, without running the notebooks.

`python -m helpers.exercises report PATH...` reads each notebook (a file, or every .ipynb under a
folder) and finds its exercise cells: code cells that call `check("NN.k", name)`. For each it
decides, without running the student's code:

- **evaluated**: when every statement before the `check` is `name = expression` and the
  expressions use only literals, arithmetic, names assigned earlier in the same cell and a few
  pure maths functions (`math.sqrt`, `np.log`, `abs`, `round`, ...), this module computes the
  answer itself (an interpreter over the syntax tree, never `eval`) and asks the exercise's judge;
  a function exercise still holding the notebook's `return ...` is "no answer yet";
- **saved output**: otherwise, when the notebook was saved with outputs, the verdict that
  `check` printed there (it may be older than the code, when the cell was edited after running);
- **not checked**: otherwise, e.g. an answer that is a function (judging it would run the
  student's code) or that uses a variable from elsewhere in the notebook.

Nothing trains and no cell runs; the judges only see numbers, strings and tuples.
"""

from __future__ import annotations

from helpers import validation
from helpers.exercises.registry import EXERCISES, feedback

import ast
import json
import math
import operator
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PASS, FAIL, UNANSWERED, NOT_CHECKED, MISSING = "pass", "not yet", "no answer yet", "not checked", "missing"
_VERDICT = {True: PASS, False: FAIL, None: UNANSWERED}
# What `check` prints, for reading a verdict from saved outputs (registry.feedback's messages, in
# English or, from a Korean notebook, in Korean: helpers/translations/ko_messages.yml).
_PRINTED = [
    (re.compile(r"(?:Exercise|연습 문제) (\d\d\.\d+): (?:correct\.|정답입니다\.)"), PASS),
    (re.compile(r"(?:Exercise|연습 문제) (\d\d\.\d+): (?:not yet\.|아직 정답이 아닙니다\.|아직 아닙니다\.)"), FAIL),
    (re.compile(r"(?:Exercise|연습 문제) (\d\d\.\d+): (?:no answer yet\.|아직 답이 없습니다\.)"), UNANSWERED),
]

_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg}
_PURE_MATH = ("sqrt", "log", "log2", "log10", "exp", "ceil", "floor")
# Functions an answer may call: pure, on numbers only.
_FUNCTIONS = {
    **{name: getattr(math, name) for name in _PURE_MATH},
    "abs": abs,
    "round": round,
    "min": min,
    "max": max,
    "int": int,
    "float": float,
}
_MODULES = ("math", "np", "numpy")  # math.sqrt, np.sqrt, numpy.sqrt all mean math.sqrt
_MAX_MAGNITUDE = 1e30  # keeps `10 ** 10 ** 10` from taking the report down


class NeedsState(Exception):
    """The answer cannot be computed without running the notebook."""


@dataclass(frozen=True)
class Result:
    key: str
    status: str  # PASS, FAIL, UNANSWERED, NOT_CHECKED or MISSING
    source: str  # "evaluated", "saved output", or why it was not checked
    message: str = ""


def _number_ok(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > _MAX_MAGNITUDE:
        raise NeedsState("a number too large to compute here")
    return value


def _evaluate(node: ast.AST, names: dict[str, Any]) -> Any:
    """The value of an answer expression built from literals, arithmetic and pure maths."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str, bool, type(None), type(...))):
        return node.value
    if isinstance(node, (ast.Tuple, ast.List)):
        items = [_evaluate(item, names) for item in node.elts]
        return tuple(items) if isinstance(node, ast.Tuple) else items
    if isinstance(node, ast.Name):
        if node.id in names:
            return names[node.id]
        raise NeedsState(f"uses {node.id!r} from elsewhere in the notebook")
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_evaluate(node.operand, names))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _evaluate(node.left, names), _evaluate(node.right, names)
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (left, right)):
            raise NeedsState("arithmetic on something other than numbers")
        if isinstance(node.op, ast.Pow) and abs(right) * math.log10(max(abs(left), 2)) > 30:
            raise NeedsState("a number too large to compute here")
        try:
            return _number_ok(_BINARY[type(node.op)](left, right))
        except (ArithmeticError, ValueError) as error:
            raise NeedsState(f"computing it raises {type(error).__name__}") from error
    if isinstance(node, ast.Call) and not node.keywords:
        function = node.func
        if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name) and function.value.id in _MODULES:
            name = function.attr if function.attr in _PURE_MATH else None
        elif isinstance(function, ast.Name) and function.id not in names:
            name = function.id
        else:
            name = None
        if name not in _FUNCTIONS:
            raise NeedsState(f"calls {ast.unparse(function)}")
        arguments = [_evaluate(argument, names) for argument in node.args]
        if not all(isinstance(v, (int, float)) for v in arguments):
            raise NeedsState(f"calls {ast.unparse(function)} on something other than numbers")
        try:
            return _number_ok(_FUNCTIONS[name](*arguments))
        except (ArithmeticError, ValueError, TypeError) as error:
            raise NeedsState(f"computing it raises {type(error).__name__}") from error
    raise NeedsState(f"uses `{ast.unparse(node)}`")


def _check_call(statement: ast.stmt) -> tuple[str, ast.expr] | None:
    """(key, answer expression) when the statement is `check("NN.k", answer)`."""
    if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)):
        return None
    call = statement.value
    if not (isinstance(call.func, ast.Name) and call.func.id == "check" and len(call.args) == 2 and not call.keywords):
        return None
    key = call.args[0]
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return key.value, call.args[1]
    return None


def exercise_cells(source: str) -> list[tuple[str, list[ast.stmt], ast.expr]]:
    """Each `check(key, answer)` in a cell's code with the statements before it."""
    validation.instance("source", source, str, "str (a code cell's source)")
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for index, statement in enumerate(tree.body):
        call = _check_call(statement)
        if call is not None:
            found.append((call[0], tree.body[:index], call[1]))
    return found


def _is_placeholder(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """True for the function the notebook ships with: its body is `return ...`."""
    body = function.body
    return (
        len(body) == 1
        and isinstance(body[0], ast.Return)
        and isinstance(body[0].value, ast.Constant)
        and body[0].value.value is Ellipsis
    )


def answer_of(before: list[ast.stmt], answer: ast.expr) -> Any:
    """The answer, computed from the cell's `name = expression` lines; NeedsState if it cannot be."""
    validation.instance("before", before, list, "list of ast statements")
    validation.instance("answer", answer, ast.expr, "ast expression")
    names: dict[str, Any] = {}
    for statement in before:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if _is_placeholder(statement) and isinstance(answer, ast.Name) and answer.id == statement.name:
                return ...
            raise NeedsState("the answer is a function, and judging it would run the student's code")
        if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name)):
            raise NeedsState(f"the cell runs `{ast.unparse(statement).splitlines()[0]}`")
        names[statement.targets[0].id] = _evaluate(statement.value, names)
    return _evaluate(answer, names)


def _saved_verdicts(outputs: list[dict]) -> dict[str, tuple[str, str]]:
    """{key: (status, printed line)} from a cell's saved outputs."""
    text = "".join(
        "".join(output.get("text", ""))
        if output.get("output_type") == "stream"
        else "".join(output.get("data", {}).get("text/plain", ""))
        for output in outputs
    )
    verdicts = {}
    for line in text.splitlines():
        for pattern, status in _PRINTED:
            match = pattern.search(line)
            if match:
                verdicts[match.group(1)] = (status, line.strip())
    return verdicts


def _judged(key: str, before: list[ast.stmt], answer: ast.expr, outputs: list[dict]) -> Result:
    if key not in EXERCISES:
        return Result(key, NOT_CHECKED, "no such exercise in this version of the course")
    try:
        value = answer_of(before, answer)
    except NeedsState as reason:
        saved = _saved_verdicts(outputs).get(key)
        if saved is not None:
            return Result(key, saved[0], "saved output", saved[1])
        return Result(key, NOT_CHECKED, f"needs the notebook's state: {reason}; save the notebook with outputs")
    verdict, message = feedback(key, value)
    return Result(key, _VERDICT[verdict], "evaluated", message)


def _notebook_number(path: Path) -> str | None:
    match = re.match(r"(\d\d)_", path.name)
    return match.group(1) if match else None


def report_notebook(path: Path) -> list[Result]:
    """One result per exercise of the notebook, in the notebook's order; MISSING for a deleted cell."""
    validation.instance("path", path, (str, Path), "path (str or pathlib.Path)")
    if not (Path(path).suffix == ".ipynb" and Path(path).is_file()):
        raise ValueError(f"path must be a notebook file (.ipynb); got {str(path)!r}")
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    results: dict[str, Result] = {}
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        for key, before, answer in exercise_cells(source):
            results.setdefault(key, _judged(key, before, answer, cell.get("outputs", [])))
    number = _notebook_number(Path(path)) or (next(iter(results))[:2] if results else None)
    for key in sorted(k for k in EXERCISES if number and k.startswith(f"{number}.")):
        results.setdefault(key, Result(key, MISSING, "no cell calls check for it"))
    return list(results.values())


def notebooks_in(paths: list[str | Path]) -> list[Path]:
    """The notebooks named, with every .ipynb under each folder (checkpoints left out)."""
    validation.instance("paths", paths, (list, tuple), "list of paths")
    found: list[Path] = []
    for given in paths:
        validation.instance("paths", given, (str, Path), "list of paths (str or pathlib.Path)")
        given = Path(given)
        if given.is_dir():
            found += sorted(p for p in given.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        elif given.suffix == ".ipynb" and given.is_file():
            found.append(given)
        else:
            raise ValueError(f"paths must be notebooks (.ipynb) or folders that hold them; got {str(given)!r}")
    return found


def format_report(paths: list[str | Path]) -> str:
    """The report as text: a line an exercise, a total a notebook."""
    lines = []
    for path in notebooks_in(paths):
        results = report_notebook(path)
        passed = sum(result.status == PASS for result in results)
        lines.append(f"{path}: {passed} of {len(results)} exercises pass")
        for result in results:
            lines.append(f"  {result.key}  {result.status:<13}  ({result.source})")
        lines.append("")
    return "\n".join(lines) if lines else "No notebooks found."
