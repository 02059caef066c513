"""Exercise checking: say right or wrong with a hint, never print the solution.

Each exercise has a key ("01.3" is notebook 01's third exercise) and a judge: a function that
returns None when the answer is right, or a message about what is wrong with this answer.
Solutions live outside the notebooks, in solutions/, and tests/helpers/exercises/test_exercises.py checks them.

What a student reads comes in the notebook's language (helpers.i18n): a judge returns
`tr("message {field}", field=...)`, and `feedback` passes the exercise's hint and explanation,
and number_judge its known-mistake messages, through `tr()` when it shows them, so they stay
plain English strings here; helpers/translations/ko_messages.yml has their Korean.
"""

from __future__ import annotations

from helpers import validation
from helpers.i18n import tr

import ctypes
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Any

import numpy as np

# The sandbox a judge (and the student's function it calls) runs in. The judge runs in a thread:
# a child process would be safer, but forking after TensorFlow has started can deadlock, and on
# macOS and Windows (spawn) a function defined in a notebook does not pickle. When the time or
# memory limit is passed, the thread gets an exception raised inside it (as Ctrl-C would), which
# stops any Python loop at once; code stuck inside one C call is left running in the background
# and the verdict comes anyway.
TIME_LIMIT_S = 20.0  # building a small Keras model on a busy 2-core laptop takes a few seconds
MEMORY_LIMIT_MB = 1024  # growth of the process's resident memory while the judge runs
_POLL_S = 0.05


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
    for argument, value in (("key", key), ("question", question), ("hint", hint), ("explanation", explanation)):
        validation.text(argument, value)

    def register(judge: Callable[[Any], str | None]) -> Callable[[Any], str | None]:
        if key in EXERCISES:
            raise ValueError(f"exercise {key!r} is registered twice")
        EXERCISES[key] = Exercise(key, question, hint, explanation, judge)
        return judge

    return register


def _lookup(key: str) -> Exercise:
    validation.text("key", key)
    if key not in EXERCISES:
        raise ValueError(f"key must name an exercise, such as {sorted(EXERCISES)[0]!r}; got {key!r}")
    return EXERCISES[key]


def unanswered(answer: Any) -> bool:
    """True for the placeholders a notebook ships with: ... or None."""
    return answer is Ellipsis or answer is None


class _Stopped(BaseException):
    """Raised inside a judge's thread when it passes the time or memory limit."""


def _resident_mb() -> float | None:
    """The process's resident memory in MB (Linux); None where it cannot be read cheaply."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _raise_in(thread: threading.Thread) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(_Stopped))


def _guarded(judge: Callable[[Any], str | None], answer: Any) -> str | None:
    """Run judge(answer) under the time and memory limits; anything it raises becomes a message."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = judge(answer)
        except _Stopped:
            outcome.setdefault("stopped", "stopped")
        except BaseException as error:  # noqa: BLE001 (SystemExit, KeyboardInterrupt: all are verdicts)
            outcome["error"] = error

    thread = threading.Thread(target=run, name="exercise-judge", daemon=True)
    start_mb = _resident_mb()
    started = time.perf_counter()
    thread.start()
    reason = None
    try:
        while thread.is_alive():
            thread.join(_POLL_S)
            now_mb = _resident_mb()
            if time.perf_counter() - started > TIME_LIMIT_S:
                reason = tr(
                    "Your code ran for more than {seconds:g} seconds, so it was stopped (an endless loop?).",
                    seconds=TIME_LIMIT_S,
                )
            elif start_mb is not None and now_mb is not None and now_mb - start_mb > MEMORY_LIMIT_MB:
                reason = tr("Your code used more than {megabytes:,} MB of memory, so it was stopped.", megabytes=MEMORY_LIMIT_MB)
            if reason and thread.is_alive():
                outcome["stopped"] = reason
                _raise_in(thread)
                thread.join(1.0)
                break
    except KeyboardInterrupt:  # the student pressed stop: stop the judge too, then stop the cell
        _raise_in(thread)
        raise
    if "stopped" in outcome:
        return reason or tr("Your code was stopped.")
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, MemoryError):
            return tr("Your code asked for more memory than this computer has.")
        if isinstance(error, SystemExit):
            return tr("Your code called sys.exit() (or exit()); return a value instead.")
        if isinstance(error, KeyboardInterrupt):
            return tr("Your code raised KeyboardInterrupt.")
        return tr("Checking your answer raised {kind}: {error}.", kind=type(error).__name__, error=error)
    return outcome.get("result")


def _judge(ex: Exercise, answer: Any) -> str | None:
    return _guarded(ex.judge, answer)


def feedback(key: str, answer: Any) -> tuple[bool | None, str]:
    """(verdict, message): verdict is True, False, or None when there is no answer yet."""
    ex = _lookup(key)
    problem = NOT_ANSWERED if unanswered(answer) else _judge(ex, answer)
    if problem == NOT_ANSWERED:
        return None, tr("Exercise {key}: no answer yet. Replace ... with your answer and run the cell again.", key=key)
    if problem is None:
        return True, tr("Exercise {key}: correct. {explanation}", key=key, explanation=tr(ex.explanation))
    return False, tr("Exercise {key}: not yet. {problem} Hint: {hint}", key=key, problem=problem, hint=tr(ex.hint))


def is_correct(key: str, answer: Any) -> bool:
    return feedback(key, answer)[0] is True


def check(key: str, answer: Any) -> None:
    """Print whether `answer` solves exercise `key`, with a hint when it does not."""
    verdict, message = feedback(key, answer)
    mark = {True: "✅", False: "❌", None: "✏️"}[verdict]
    print(f"{mark} {message}")


# Small tools for judges -----------------------------------------------------------------


def as_number(answer: Any) -> float | None:
    """The answer as a float, or None if it is not a single number (a string or a bool is not)."""
    if isinstance(answer, (str, bytes, bool, np.bool_)) or np.asarray(answer).dtype.kind in "bUSO" and not np.ndim(answer):
        return None
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None
    return float(value) if value.shape == () else None


def as_shape(answer: Any) -> tuple[int, ...] | None:
    """The answer as a tuple of whole numbers, or None (strings, bools, 8.9 and None are not)."""
    if isinstance(answer, (str, bytes)):
        return None
    try:
        values = tuple(answer)
    except TypeError:
        return None
    if len(values) > 100:
        return None
    for v in values:
        if (
            isinstance(v, (bool, np.bool_))
            or not isinstance(v, Real)
            or (not isinstance(v, Integral) and not float(v).is_integer())
        ):
            return None
    return tuple(int(v) for v in values)


def number_judge(expected: float, wrong: dict[float, str] | None = None, rel: float = 1e-6):
    """A judge for a numeric answer, with messages for known wrong answers."""
    validation.number("expected", expected)
    if wrong is not None:
        validation.instance("wrong", wrong, dict, "dict of known wrong answers and their messages")
    validation.positive_number("rel", rel)

    def judge(answer: Any) -> str | None:
        value = as_number(answer)
        if value is None:
            return tr("The answer should be a single number (not text or True/False); got {kind}.", kind=type(answer).__name__)
        if np.isclose(value, expected, rtol=rel, atol=rel):
            return None
        for known, message in (wrong or {}).items():
            if np.isclose(value, known, rtol=rel, atol=rel):
                return tr(message)
        return tr("{value:g} is not it.", value=value)

    judge.known_mistakes = dict(wrong or {})  # shown through tr(): tests/helpers/test_i18n.py finds them here
    return judge
