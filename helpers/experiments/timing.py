"""How fast this machine computes: a large matrix multiplication, and a model's inference.

    matmul_flops()                           FLOP/s of a large float32 matmul: about the most
                                             this machine's math library gets out of its cores
    inference_throughput(model, batch_size)  images (examples) a second through a model
    achieved_flops(macs, images_per_second)  FLOP/s a model achieves: 2 FLOPs a multiply-add
    time_calls(fn)                           seconds each call of fn took, after a warm-up
    load_average()                           how busy the machine is: print it with every timing

Every function returns plain numbers and reports the *best* of its repeats: other programs
on the machine can only slow a run down, so the fastest run is the closest to what the
machine can do. Timings vary from run to run and machine to machine: print them, never
assert them.
"""

from __future__ import annotations

from helpers import validation

import os
import time
from collections.abc import Callable, Sequence
from typing import Any

import keras
import numpy as np
import tensorflow as tf

MATMUL_DTYPES = ("float32", "float64", "bfloat16", "float16")


def time_calls(fn: Callable[[], Any], *, repeats: int = 5, warmup: int = 1) -> list[float]:
    """Call fn() `warmup` times untimed, then `repeats` times; the seconds each timed call took."""
    validation.callable_("fn", fn)
    repeats = validation.positive_int("repeats", repeats)
    warmup = validation.non_negative_int("warmup", warmup)
    for _ in range(warmup):
        fn()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        seconds.append(time.perf_counter() - start)
    return seconds


def matmul_flops(size: int = 2048, *, repeats: int = 5, warmup: int = 1, dtype: str = "float32", seed: int = 0) -> float:
    """FLOP/s of a (size x size) @ (size x size) matrix multiplication in TensorFlow, the best of
    `repeats`. One product is 2 * size**3 floating-point operations (a multiply and an add for
    each of size**3 multiply-adds). Large matmuls are what math libraries are best at, so this is
    a practical ceiling for the convolutions of a network on the same machine."""
    size = validation.positive_int("size", size, maximum=8192, why="two 8192x8192 matrices already take 512 MB")
    validation.one_of("dtype", dtype, MATMUL_DTYPES)
    rng = np.random.default_rng(validation.seed("seed", seed))
    a = tf.constant(rng.standard_normal((size, size)), dtype=dtype)
    b = tf.constant(rng.standard_normal((size, size)), dtype=dtype)

    def product():
        return tf.linalg.matmul(a, b)[0, 0].numpy()  # fetching one number waits for the whole product

    best = min(time_calls(product, repeats=repeats, warmup=warmup))
    return 2.0 * size**3 / best


def _input_shape(model: keras.Model, input_shape: Sequence[int] | None) -> tuple[int, ...]:
    if input_shape is None:
        shape = tuple(model.inputs[0].shape[1:]) if getattr(model, "inputs", None) else ()
        if not shape or any(d is None for d in shape):
            raise ValueError(f"input_shape must be given: the model's input shape {shape} is not fully known")
        return tuple(int(d) for d in shape)
    if isinstance(input_shape, (str, bytes)) or not isinstance(input_shape, (Sequence, np.ndarray)) or not len(input_shape):
        raise ValueError(f"input_shape must be a tuple of positive integers without the batch size; got {input_shape!r}")
    return tuple(validation.positive_int(f"input_shape[{i}]", d) for i, d in enumerate(input_shape))


def inference_throughput(
    model: keras.Model,
    batch_size: int,
    *,
    input_shape: Sequence[int] | None = None,
    repeats: int = 5,
    warmup: int = 2,
    seed: int = 0,
) -> float:
    """Examples a second that `model` processes in inference mode, batch_size at a time: the best
    of `repeats` timed batches after `warmup` untimed ones (at least one: the first call traces
    and compiles the graph).

    The forward pass runs as one compiled TensorFlow graph (tf.function), as predict() does,
    without predict's per-call bookkeeping. input_shape: one example's shape without the batch
    size; by default the model's own input shape. The input is random normal noise (speed does
    not depend on the values).
    """
    validation.keras_model("model", model)
    batch_size = validation.positive_int("batch_size", batch_size)
    repeats = validation.positive_int("repeats", repeats)
    warmup = validation.non_negative_int("warmup", warmup)
    shape = _input_shape(model, input_shape)
    validation.positive_int(
        "batch_size * input size", batch_size * int(np.prod(shape)), maximum=2**26, why="256 MB of float32 input"
    )
    rng = np.random.default_rng(validation.seed("seed", seed))
    x = tf.constant(rng.standard_normal((batch_size, *shape)), dtype="float32")
    forward = tf.function(lambda batch: model(batch, training=False))

    def run():
        return keras.ops.convert_to_numpy(forward(x))  # to NumPy: waits for the result

    best = min(time_calls(run, repeats=repeats, warmup=max(warmup, 1)))
    return batch_size / best


def achieved_flops(macs_per_image: float, images_per_second: float) -> float:
    """FLOP/s a model achieves: 2 FLOPs (a multiply and an add) per multiply-add, times images a second."""
    return (
        2.0
        * validation.positive_number("macs_per_image", macs_per_image)
        * validation.positive_number("images_per_second", images_per_second)
    )


def load_average() -> str:
    """The system load averaged over 1, 5 and 15 minutes (processes running or waiting for a core),
    as text to print next to a timing; a load above the number of cores means programs queue for
    them, and timings come out slower. "not available" where the system does not report it."""
    try:
        one, five, fifteen = os.getloadavg()
    except (AttributeError, OSError):
        return "not available"
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} (1, 5, 15 min)"


class StepTimer(keras.callbacks.Callback):
    """Records when fit starts and when each training step ends; `seconds` are the steps' durations.

    Keras calls on_train_batch_end after every step, also under a tf.distribute strategy."""

    def on_train_begin(self, logs=None):
        self.ends = [time.perf_counter()]

    def on_train_batch_end(self, batch, logs=None):
        self.ends.append(time.perf_counter())

    @property
    def seconds(self) -> list[float]:
        return [b - a for a, b in zip(self.ends, self.ends[1:])]
