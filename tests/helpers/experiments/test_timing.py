"""Speed helpers return positive, finite numbers and check their arguments. Tests never time things."""

from helpers.experiments import timing

import math

import keras
import numpy as np
import pytest


@pytest.fixture(scope="module")
def tiny():
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Conv2D(4, 3, padding="same")(inputs)
    x = keras.layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, keras.layers.Dense(1)(x))


def positive(value):
    return isinstance(value, float) and math.isfinite(value) and value > 0


def test_time_calls_warms_up_then_times_each_call():
    calls = []
    seconds = timing.time_calls(lambda: calls.append(1), repeats=3, warmup=2)
    assert len(calls) == 5 and len(seconds) == 3 and all(s >= 0 for s in seconds)


def test_matmul_flops_is_a_positive_number():
    assert positive(timing.matmul_flops(64, repeats=2))
    assert positive(timing.matmul_flops(32, repeats=1, warmup=0, dtype="float64"))


@pytest.mark.parametrize("batch_size", [1, 4])
def test_inference_throughput_is_a_positive_number(tiny, batch_size):
    assert positive(timing.inference_throughput(tiny, batch_size, repeats=2))


def test_inference_throughput_takes_an_input_shape_for_models_without_one():
    inputs = keras.Input((None, None, 1))
    model = keras.Model(inputs, keras.layers.GlobalAveragePooling2D()(keras.layers.Conv2D(2, 3)(inputs)))
    with pytest.raises(ValueError, match=r"^input_shape must be given"):
        timing.inference_throughput(model, 2)
    assert positive(timing.inference_throughput(model, 2, input_shape=(16, 16, 1), repeats=1, warmup=0))


def test_achieved_flops_counts_two_operations_a_multiply_add():
    assert timing.achieved_flops(432_275_712, 100) == 2 * 432_275_712 * 100


@pytest.mark.parametrize(
    "call, argument, error",
    [
        (lambda m: timing.time_calls("not callable"), "fn", TypeError),
        (lambda m: timing.time_calls(print, repeats=0), "repeats", ValueError),
        (lambda m: timing.time_calls(print, warmup=-1), "warmup", ValueError),
        (lambda m: timing.matmul_flops(0), "size", ValueError),
        (lambda m: timing.matmul_flops(64, dtype="int8"), "dtype", ValueError),
        (lambda m: timing.matmul_flops(64, repeats=1.5), "repeats", TypeError),
        (lambda m: timing.inference_throughput("model", 1), "model", TypeError),
        (lambda m: timing.inference_throughput(m, 0), "batch_size", ValueError),
        (lambda m: timing.inference_throughput(m, True), "batch_size", TypeError),
        (lambda m: timing.inference_throughput(m, 2, repeats=0), "repeats", ValueError),
        (lambda m: timing.inference_throughput(m, 2, input_shape=(8, 0, 1)), r"input_shape\[1\]", ValueError),
        (lambda m: timing.inference_throughput(m, 2, input_shape="8x8"), "input_shape", ValueError),
        (lambda m: timing.achieved_flops(0, 10), "macs_per_image", ValueError),
        (lambda m: timing.achieved_flops(1e9, float("nan")), "images_per_second", ValueError),
        (lambda m: timing.achieved_flops(np.float64(1e9), -1), "images_per_second", ValueError),
    ],
)
def test_bad_arguments_name_the_argument(tiny, call, argument, error):
    with pytest.raises(error, match=rf"^{argument}"):
        call(tiny)


def test_load_average_is_text():
    assert isinstance(timing.load_average(), str)
