"""Every exercise has a solution that its check accepts, and checks never print the answer."""

from helpers.exercises import EXERCISES, check, feedback, is_correct
from helpers.exercises.registry import number_judge

import re

import numpy as np
import pytest
from exercise_answers import load_solutions

SOLUTIONS = load_solutions()


def test_every_exercise_has_a_solution_and_no_solution_is_orphaned():
    assert set(SOLUTIONS) == set(EXERCISES)


@pytest.mark.parametrize("key", sorted(EXERCISES))
def test_solution_is_accepted(key):
    verdict, message = feedback(key, SOLUTIONS[key])
    assert verdict is True, message


@pytest.mark.parametrize("key", sorted(EXERCISES))
def test_placeholder_is_not_an_answer(key):
    assert feedback(key, ...)[0] is None
    assert feedback(key, None)[0] is None


@pytest.mark.parametrize("key", sorted(k for k, v in SOLUTIONS.items() if isinstance(v, (int, float))))
def test_wrong_number_is_rejected_without_revealing_the_answer(key):
    solution = SOLUTIONS[key]
    for wrong in (solution + 1000, -solution - 7, "a word"):
        verdict, message = feedback(key, wrong)
        assert verdict is False
        assert EXERCISES[key].explanation not in message
        if abs(solution) < 2:
            continue  # 0 and 1 appear in formulas such as F'(X) + 1 without giving anything away
        assert not re.search(rf"(?<![\d.]){solution:g}(?![\d.])", message.replace(str(wrong), "")), message


def test_known_mistakes_get_specific_messages():
    assert "plain output" in feedback("01.1", 8)[1]
    assert "F'(X) alone" in feedback("01.3", 12)[1]
    assert "wrong order" in feedback("01.5", (16, 8))[1]


def test_function_answers_are_run_and_judged():
    assert feedback("01.2", lambda f, x: f(x))[1].count("f(x) only") == 1
    assert feedback("01.2", lambda f, x: ...)[0] is None  # the template's `return ...`
    assert "forget `return`" in feedback("01.2", lambda f, x: None)[1]
    assert "raised ZeroDivisionError" in feedback("01.2", lambda f, x: 1 / 0)[1]
    assert not is_correct("01.2", "not a function")


def test_check_prints_a_mark_and_returns_nothing(capsys):
    assert check("00.1", 6) is None
    assert check("00.1", 8) is None
    assert check("00.1", ...) is None
    lines = capsys.readouterr().out.splitlines()
    assert [line[0] for line in lines] == ["✅", "❌", "✏"]


def test_unknown_key_names_the_argument():
    with pytest.raises(ValueError, match=r"^key must name an exercise"):
        check("99.9", 1)


def test_number_judge_accepts_numpy_scalars_and_rejects_arrays():
    judge = number_judge(3.0)
    assert judge(np.float32(3.0)) is None
    assert judge(np.array([3.0, 3.0])) is not None
