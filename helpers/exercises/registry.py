"""Exercise checking: say right or wrong with a hint, never print the solution.

Each exercise has a key ("01.3" is notebook 01's third exercise) and a judge: a function that
returns None when the answer is right, or a message about what is wrong with this answer.
Solutions live outside the notebooks, in solutions/, and tests/helpers/exercises/test_exercises.py checks them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Exercise:
    key: str
    question: str
    hint: str
    explanation: str  # shown once the answer is right
    judge: Callable[[Any], str | None]


EXERCISES: dict[str, Exercise] = {}
NOT_ANSWERED = "not answered"  # a judge returns this when the answer is still a placeholder


def exercise(key: str, question: str, hint: str, explanation: str):
    """Register the decorated judge as exercise `key`."""

    def register(judge: Callable[[Any], str | None]) -> Callable[[Any], str | None]:
        if key in EXERCISES:
            raise ValueError(f"exercise {key!r} is registered twice")
        EXERCISES[key] = Exercise(key, question, hint, explanation, judge)
        return judge

    return register


def _lookup(key: str) -> Exercise:
    if key not in EXERCISES:
        raise ValueError(f"key must name an exercise, such as {sorted(EXERCISES)[0]!r}; got {key!r}")
    return EXERCISES[key]


def unanswered(answer: Any) -> bool:
    """True for the placeholders a notebook ships with: ... or None."""
    return answer is Ellipsis or answer is None


def _judge(ex: Exercise, answer: Any) -> str | None:
    try:
        return ex.judge(answer)
    except Exception as error:  # the student's function may raise anything
        return f"Checking your answer raised {type(error).__name__}: {error}."


def feedback(key: str, answer: Any) -> tuple[bool | None, str]:
    """(verdict, message): verdict is True, False, or None when there is no answer yet."""
    ex = _lookup(key)
    problem = NOT_ANSWERED if unanswered(answer) else _judge(ex, answer)
    if problem == NOT_ANSWERED:
        return None, f"Exercise {key}: no answer yet. Replace ... with your answer and run the cell again."
    if problem is None:
        return True, f"Exercise {key}: correct. {ex.explanation}"
    return False, f"Exercise {key}: not yet. {problem} Hint: {ex.hint}"


def is_correct(key: str, answer: Any) -> bool:
    return feedback(key, answer)[0] is True


def check(key: str, answer: Any) -> None:
    """Print whether `answer` solves exercise `key`, with a hint when it does not."""
    verdict, message = feedback(key, answer)
    mark = {True: "✅", False: "❌", None: "✏️"}[verdict]
    print(f"{mark} {message}")


# Small tools for judges -----------------------------------------------------------------


def as_number(answer: Any) -> float | None:
    """The answer as a float, or None if it is not a single number."""
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None
    return float(value) if value.shape == () else None


def number_judge(expected: float, wrong: dict[float, str] | None = None, rel: float = 1e-6):
    """A judge for a numeric answer, with messages for known wrong answers."""

    def judge(answer: Any) -> str | None:
        value = as_number(answer)
        if value is None:
            return f"The answer should be a single number; got {type(answer).__name__}."
        if np.isclose(value, expected, rtol=rel, atol=rel):
            return None
        for known, message in (wrong or {}).items():
            if np.isclose(value, known, rtol=rel, atol=rel):
                return message
        return f"{value:g} is not it."

    return judge
