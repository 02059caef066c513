"""The judge's sandbox: a student's function runs under a time and a memory limit, and whatever
it raises (SystemExit and KeyboardInterrupt too) becomes a verdict with a hint."""

from __future__ import annotations

from helpers.exercises import feedback, registry

import sys

import keras
import numpy as np
import pytest


@pytest.fixture
def short_limit(monkeypatch):
    monkeypatch.setattr(registry, "TIME_LIMIT_S", 0.5)


def test_an_endless_loop_is_stopped_and_judged(short_limit):
    def endless(f, x):
        while True:
            pass

    verdict, message = feedback("01.2", endless)
    assert verdict is False
    assert "more than 0.5 seconds" in message and "Hint:" in message


def test_a_loop_that_catches_exception_is_still_stopped(short_limit):
    def stubborn(f, x):
        while True:
            try:
                pass
            except Exception:
                pass

    assert "stopped" in feedback("01.2", stubborn)[1]


def test_growing_memory_is_stopped(monkeypatch):
    monkeypatch.setattr(registry, "MEMORY_LIMIT_MB", 50)
    monkeypatch.setattr(registry, "TIME_LIMIT_S", 60.0)

    def hungry(f, x):
        kept = []
        while True:
            kept.append(np.ones(10**6))  # 8 MB at a time

    verdict, message = feedback("01.2", hungry)
    assert verdict is False and "more than 50 MB of memory" in message


@pytest.mark.parametrize(
    "raising, words",
    [
        (lambda f, x: sys.exit(), "sys.exit()"),
        (lambda f, x: sys.exit(3), "sys.exit()"),
        (lambda f, x: exec("raise KeyboardInterrupt"), "KeyboardInterrupt"),
        (lambda f, x: exec("raise MemoryError"), "more memory"),
        (lambda f, x: exec("raise GeneratorExit"), "GeneratorExit"),
    ],
)
def test_every_exception_becomes_a_verdict(raising, words):
    verdict, message = feedback("01.2", raising)
    assert verdict is False and words in message and "Hint:" in message


@pytest.mark.parametrize("answer", ["6", True, np.bool_(True), b"6", "six"])
def test_number_judges_refuse_strings_and_bools(answer):
    verdict, message = feedback("00.1", answer)
    assert verdict is False and "single number" in message


def test_number_judges_accept_numpy_numbers():
    assert feedback("00.1", np.int64(6))[0] is True
    assert feedback("00.1", np.float32(6.0))[0] is True


@pytest.mark.parametrize("answer", [(8.9, 16.2), ("8", "16"), (True, 16), (8, None), "8, 16"])
def test_shape_judges_refuse_what_is_not_whole_numbers(answer):
    assert feedback("01.5", answer)[0] is False


@pytest.mark.parametrize("answer", [(8, 16), [8, 16], np.array([8, 16]), (8.0, 16.0), (np.int64(8), 16)])
def test_shape_judges_accept_whole_numbers(answer):
    assert feedback("01.5", answer)[0] is True


def test_as_shape():
    assert registry.as_shape((1, 2.0)) == (1, 2)
    assert registry.as_shape((1, float("nan"))) is None
    assert registry.as_shape(5) is None


def test_keras_runs_inside_the_judge():
    """TensorFlow already started in this process: the judge's thread can still build and run a model."""
    keras.ops.convert_to_numpy(keras.ops.ones((2, 2)))  # TensorFlow is initialised here first

    def judge(answer):
        inputs = keras.Input((4,))
        model = keras.Model(inputs, answer(inputs))
        out = model(np.ones((1, 4), "float32"))
        return None if out.shape == (1, 4) else "wrong shape"

    assert registry._guarded(judge, lambda x: keras.layers.Dense(4)(x)) is None
    assert "raised" in registry._guarded(judge, lambda x: keras.layers.Dense(4)(x, bad=1))
