"""The report reads a student's notebooks and says which exercises pass, without running them."""

from helpers import i18n
from helpers.exercises import EXERCISES, check
from helpers.exercises.__main__ import main
from helpers.exercises.report import (
    FAIL,
    MISSING,
    NOT_CHECKED,
    PASS,
    UNANSWERED,
    NeedsState,
    answer_of,
    exercise_cells,
    report_notebook,
)

import contextlib
import io
import json
import runpy
import shutil

import pytest
from repo import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def solutions(stem: str) -> dict:
    return runpy.run_path(str(ROOT / "solutions" / f"nb{stem}.py"))["SOLUTIONS"]


def printed_check(key, answer) -> list[dict]:
    """The saved outputs of a cell that ran check(key, answer), as Jupyter stores them."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        check(key, answer)
    return [{"output_type": "stream", "name": "stdout", "text": buffer.getvalue().splitlines(keepends=True)}]


def student_notebook(tmp_path, name: str, answers: dict[str, str], outputs: dict[str, list] = (), drop=()):
    """A copy of the course's notebook with some exercise cells answered, some with outputs, some deleted."""
    notebook = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    cells = []
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        keys = [key for key, _, _ in exercise_cells(source)] if cell["cell_type"] == "code" else []
        if keys and keys[0] in drop:
            continue
        if keys and keys[0] in answers:
            cell["source"] = answers[keys[0]] + f'\ncheck("{keys[0]}", answer)'
        if keys and keys[0] in dict(outputs):
            cell["outputs"] = dict(outputs)[keys[0]]
        cells.append(cell)
    notebook["cells"] = cells
    path = tmp_path / name
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return path


def statuses(path) -> dict[str, tuple[str, str]]:
    return {result.key: (result.status, result.source) for result in report_notebook(path)}


def test_some_solved_some_not_without_outputs(tmp_path):
    answers = solutions("01_skip_connection")
    path = student_notebook(
        tmp_path,
        "01_skip_connection.ipynb",
        {
            "01.1": f"answer = {answers['01.1']!r}",
            "01.3": "slope = 6 * 2  # F'(2)\nanswer = slope + 1",
            "01.4": "answer = 10",  # wrong: the derivatives multiply
        },
    )
    assert statuses(path) == {
        "01.1": (PASS, "evaluated"),
        "01.2": (UNANSWERED, "evaluated"),  # the shipped `return ...`
        "01.3": (PASS, "evaluated"),
        "01.4": (FAIL, "evaluated"),
        "01.5": (UNANSWERED, "evaluated"),
        "01.6": (UNANSWERED, "evaluated"),  # the shipped `return ...` of the option-A shortcut
    }


def test_saved_outputs_judge_what_cannot_be_evaluated(tmp_path):
    answers = solutions("01_skip_connection")
    function_cell = "def residual(f, x):\n    return f(x) + x\n\n\nanswer = residual"
    path = student_notebook(
        tmp_path,
        "01_skip_connection.ipynb",
        {"01.2": function_cell, "01.5": "answer = kernel.shape", "01.1": "answer = blog_output"},
        outputs={"01.2": printed_check("01.2", answers["01.2"]), "01.5": printed_check("01.5", (16, 8))},
        drop=("01.4",),
    )
    result = statuses(path)
    assert result["01.2"] == (PASS, "saved output")
    assert result["01.5"] == (FAIL, "saved output")
    assert result["01.1"][0] == NOT_CHECKED and "blog_output" in result["01.1"][1]
    assert result["01.4"][0] == MISSING


def test_saved_outputs_of_a_korean_notebook_are_read_too(tmp_path):
    answers = solutions("01_skip_connection")
    i18n.set_language("ko")
    try:
        outputs = {
            key: printed_check(key, answer) for key, answer in (("01.2", answers["01.2"]), ("01.5", (16, 8)), ("01.6", ...))
        }
    finally:
        i18n.set_language("en")
    assert "연습 문제 01.2: 정답입니다." in "".join(outputs["01.2"][0]["text"])
    cells = {key: "def f(x):\n    return x\n\n\nanswer = f" for key in outputs}
    path = student_notebook(tmp_path, "01_skip_connection.ipynb", cells, outputs=outputs)
    result = statuses(path)
    assert (result["01.2"], result["01.5"], result["01.6"]) == (
        (PASS, "saved output"),
        (FAIL, "saved output"),
        (UNANSWERED, "saved output"),
    )


def test_a_function_without_outputs_is_not_run(tmp_path):
    marker = tmp_path / "ran"
    cell = f"def residual(f, x):\n    open({str(marker)!r}, 'w').close()\n    return f(x) + x\n\n\nanswer = residual"
    path = student_notebook(tmp_path, "01_skip_connection.ipynb", {"01.2": cell})
    status, reason = statuses(path)["01.2"]
    assert status == NOT_CHECKED and "function" in reason
    assert not marker.exists()


@pytest.mark.parametrize(
    "code",
    [
        "__import__('os').system('true')",
        "open('x')",
        "10 ** 10 ** 10",
        "(2 ** 64) ** 2 ** 20",
        "np.load('x')",
        "x.shape",
        "[1][0]",
    ],
)
def test_only_literals_arithmetic_and_pure_maths_are_evaluated(code):
    (_, before, answer), *_ = exercise_cells(f"answer = {code}\ncheck('01.1', answer)")
    with pytest.raises(NeedsState):
        answer_of(before, answer)


@pytest.mark.parametrize(
    ("code", "value"),
    [("(3 * 3 * 64 + 1) * 128", 73_856), ("math.ceil(math.log(0.01) / math.log(0.99))", 459), ("(8, 16)", (8, 16)), ("'b'", "b")],
)
def test_arithmetic_answers_are_computed(code, value):
    (_, before, answer), *_ = exercise_cells(f"answer = {code}\ncheck('01.1', answer)")
    assert answer_of(before, answer) == value


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_course_notebooks_have_every_exercise_unanswered(path):
    results = report_notebook(path)
    number = path.name[:2]
    assert sorted(result.key for result in results) == sorted(key for key in EXERCISES if key.startswith(f"{number}."))
    assert {result.status for result in results} <= {UNANSWERED}


def test_command_line(tmp_path, capsys):
    shutil.copy(ROOT / "notebooks" / "05_training.ipynb", tmp_path)
    student_notebook(tmp_path, "05_training.ipynb", {"05.3": "answer = -60 + 180"})
    assert main(["report", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "05_training.ipynb: 1 of 4 exercises pass" in out
    assert "05.3  pass" in out
    with pytest.raises(SystemExit):
        main(["report", str(tmp_path / "missing.ipynb")])
