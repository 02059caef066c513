"""In a Korean notebook (setup_notebook(language="ko")) every verdict, judge message, hint and
explanation a student reads is Korean; English stays the default."""

from helpers import i18n
from helpers.exercises import EXERCISES, feedback, registry

import math
import re
import sys

import numpy as np
import pytest
from exercise_answers import load_solutions, preact
from keras import layers

HANGUL = re.compile("[가-힣]")
SOLUTIONS = load_solutions()


@pytest.fixture
def korean():
    i18n.set_language("ko")
    yield
    i18n.set_language("en")


def _pad(x, f, **kwargs):
    return np.pad(x, [(0, 0), (0, f - x.shape[1])], **kwargs)


def _fold(kernel, bias, gamma, beta, mean, var, epsilon=1e-3):
    scale = gamma / np.sqrt(var + epsilon)
    return kernel * scale, (bias - mean) * scale + beta


# Wrong and broken answers that reach the judges' own messages (one or more a branch).
FUNCTION_ANSWERS = {
    "00.2": [6, lambda n, k: None, lambda n, k: 2**n, lambda n, k: n, lambda n, k: math.comb(n, k) + (k == n)],
    "01.2": ["f", lambda f, x: None, lambda f, x: f(x), lambda f, x: x],
    "01.5": ["8, 16", (16, 8), (8, 8)],
    "01.6": [
        1,
        lambda x, f: None,
        lambda x, f: np.pad(x, [(0, f - x.shape[1]), (0, 0)]),
        lambda x, f: x[:, :1],
        lambda x, f: np.pad(x, [(0, 0), (f - x.shape[1], 0)]),
        lambda x, f: _pad(x, f, constant_values=1),
        lambda x, f: _pad(x, f) * 2,
    ],
    "02.4": [
        1,
        lambda x: None,
        lambda x: x,
        lambda x: x.reshape(x.shape[0] // 2, 2, x.shape[1] // 2, 2).mean(axis=(1, 3)),
        lambda x: x.reshape(x.shape[0] // 2, 2, x.shape[1] // 2, 2).min(axis=(1, 3)),
    ],
    "02.6": [
        1,
        lambda *a, **k: None,
        lambda kernel, **k: kernel,
        lambda kernel, bias, *a, **k: (kernel[..., 0], bias),
        lambda kernel, bias, gamma, beta, mean, var, epsilon: _fold(kernel, bias, gamma, beta, mean, var, 0.0),
        lambda kernel, bias, gamma, beta, mean, var, epsilon: (kernel * gamma / (var + epsilon), bias),
        lambda kernel, bias, gamma, beta, mean, var, epsilon: (kernel, bias),
        lambda kernel, bias, gamma, beta, mean, var, epsilon: _fold(kernel, bias, gamma, beta, 0 * mean, var, epsilon),
        lambda kernel, bias, gamma, beta, mean, var, epsilon: _fold(kernel, 0 * bias, gamma, beta, mean, var, epsilon),
        lambda kernel, bias, gamma, beta, mean, var, epsilon: (_fold(kernel, bias, gamma, beta, mean, var, epsilon)[0], bias),
    ],
    "03.2": ["8x8", (1, 8, 8, 256), (16, 16, 256), (4, 4, 256), (8, 8, 128), (8, 8, 64)],
    "03.3": [1, lambda s, c, f: s != 1],
    "03.5": [
        1,
        lambda x, f: None,
        lambda x, f: 3,
        lambda x, f: layers.Conv2D(2 * f, 3, padding="same")(x),
        lambda x, f: preact(x, f, add=False),
        lambda x, f: preact(x, f, relu_after=True),
        lambda x, f: preact(x, f, order="post"),
        lambda x, f: preact(x, f, bias=True),
        lambda x, f: preact(x, f, shortcut_from_pre=True),
    ],
    "04.5": [5, (None, 7, 7, 2048), ("7", 7, 2048), (7, 7), (7, 14, 2048), (14, 14, 2048), (7, 7, 512), (7, 7, 1024)],
    "05.2": [1, lambda t, p: "high", lambda t, p: 0.5],
    "06.1": [3, "a", "c"],
    "06.3": [
        1,
        lambda d, k: None,
        lambda d, k: d[..., 0],
        lambda d, k: d / np.linalg.norm(d) * np.linalg.norm(k),
        lambda d, k: d,
    ],
    "07.4": [
        1,
        lambda ports, index: [],
        lambda ports, index: {"cluster": {}},
        lambda ports, index: {"cluster": {"worker": ports}, "task": {"type": "worker", "index": index}},
        lambda ports, index: {"cluster": {"worker": [f"127.0.0.1:{p}" for p in ports]}, "task": {"index": index}},
    ],
}


def wrong_answers():
    """(key, answer) for every exercise: its number judge's known mistakes, another number and a
    word; or the broken functions and shapes above."""
    cases = []
    for key, ex in sorted(EXERCISES.items()):
        if key in FUNCTION_ANSWERS:
            cases += [(key, answer) for answer in FUNCTION_ANSWERS[key]]
        else:
            cases += [(key, known) for known in ex.judge.known_mistakes] + [(key, SOLUTIONS[key] + 1000), (key, "a word")]
    return cases


CASES = wrong_answers()


def test_every_exercise_has_korean_cases():
    assert {key for key, _ in CASES} == set(EXERCISES)


@pytest.mark.parametrize("key, answer", CASES, ids=[f"{key}-{i}" for i, (key, _) in enumerate(CASES)])
def test_a_wrong_answer_is_judged_in_korean(korean, key, answer):
    problem = registry._guarded(EXERCISES[key].judge, answer)
    assert isinstance(problem, str) and HANGUL.search(problem), f"{key}: {problem!r}"
    verdict, message = feedback(key, answer)
    korean_hint = i18n.catalogue("ko")[EXERCISES[key].hint]
    assert verdict is False and message == f"연습 문제 {key}: 아직 정답이 아닙니다. {problem} 힌트: {korean_hint}"


@pytest.mark.parametrize("key", sorted(EXERCISES))
def test_right_and_missing_answers_read_in_korean(korean, key):
    verdict, message = feedback(key, SOLUTIONS[key])
    assert verdict is True, message
    assert message == f"연습 문제 {key}: 정답입니다. {i18n.catalogue('ko')[EXERCISES[key].explanation]}"
    verdict, message = feedback(key, ...)
    assert verdict is None and message.startswith(f"연습 문제 {key}: 아직 답이 없습니다.")


def test_english_stays_the_default():
    for key, answer in CASES[:: max(1, len(CASES) // 25)] + [("01.2", lambda f, x: 1 / 0)]:
        verdict, message = feedback(key, answer)
        assert verdict is False and message.startswith(f"Exercise {key}: not yet. ") and " Hint: " in message
        assert not HANGUL.search(message), message
    assert feedback("01.1", 12)[1] == "Exercise 01.1: correct. F(4) = 8, and the shortcut adds X = 4."


def test_sandbox_messages_read_in_korean(korean, monkeypatch):
    monkeypatch.setattr(registry, "TIME_LIMIT_S", 0.5)

    def endless(f, x):
        while True:
            pass

    assert "코드가 0.5초 넘게 실행되어 멈췄습니다" in feedback("01.2", endless)[1]
    assert "sys.exit()" in feedback("01.2", lambda f, x: sys.exit())[1]
    for raising in (
        lambda f, x: sys.exit(),
        lambda f, x: exec("raise KeyboardInterrupt"),
        lambda f, x: exec("raise MemoryError"),
        lambda f, x: 1 / 0,
    ):
        problem = registry._guarded(EXERCISES["01.2"].judge, raising)
        assert HANGUL.search(problem), problem
    assert "오류가 발생했습니다: ZeroDivisionError" in feedback("01.2", lambda f, x: 1 / 0)[1]


def test_memory_limit_message_reads_in_korean(korean, monkeypatch):
    monkeypatch.setattr(registry, "MEMORY_LIMIT_MB", 50)
    monkeypatch.setattr(registry, "TIME_LIMIT_S", 60.0)

    def hungry(f, x):
        kept = []
        while True:
            kept.append(np.ones(10**6))

    assert "메모리를 50 MB 넘게 써서 멈췄습니다" in feedback("01.2", hungry)[1]
