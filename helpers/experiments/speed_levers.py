"""Training speed under one setting at a time: batch size, input pipeline, precision and XLA.

    Setting(label, batch_size, pipeline, precision, jit_compile)   one combination of the levers
    bar_pipeline(batch_size, pipeline)      the bar-angle images as tf.data, with or without prefetch/cache
    pipeline_throughput(batch_size)         images a second the input pipeline alone makes
    step_times(model, dataset, steps)       seconds of every training step of model.fit
    measure(settings, build_model)          every setting trained for a few steps, side by side in one run
    training_flops_per_image(macs)          about 3 x the forward FLOPs, which are 2 x the multiply-adds

A measurement leaves out warm-up steps (the very first traces the training step into a
TensorFlow graph, or compiles it with XLA) and reports the median of the counted steps: other
programs on the machine slow single steps down, and the median ignores them. Timings vary from run to run and machine to machine: print them, never assert them.
"""

from __future__ import annotations

from helpers import validation
from helpers.data import bars
from helpers.experiments.timing import StepTimer

import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import keras
import tensorflow as tf

PIPELINES = {
    "plain": "each batch drawn when training asks for it, one at a time",
    "prefetch": "batches drawn in parallel, ahead of training (map in parallel + prefetch)",
    "cache": "a few batches drawn once, kept in memory and repeated (cache + prefetch)",
}
PRECISIONS = ("float32", "mixed_bfloat16")


@dataclass(frozen=True)
class Setting:
    """One combination of the speed levers, with a label for tables and charts."""

    label: str
    batch_size: int = 32
    pipeline: str = "plain"
    precision: str = "float32"
    jit_compile: bool = False

    def validate(self) -> Setting:
        if not isinstance(self.label, str) or not self.label:
            raise ValueError(f"label must be a non-empty string; got {self.label!r}")
        validation.positive_int("batch_size", self.batch_size)
        validation.one_of("pipeline", self.pipeline, PIPELINES)
        validation.one_of("precision", self.precision, PRECISIONS)
        validation.boolean("jit_compile", self.jit_compile)
        return self


@dataclass(frozen=True)
class Measurement:
    """What training under one setting took: the seconds of every step, in order, and which counted."""

    setting: Setting
    step_seconds: tuple[float, ...]
    counted: tuple[bool, ...]  # False for warm-up steps
    jit_compiled: bool  # whether Keras really compiled with XLA (it can refuse, and says so)

    @property
    def timed_seconds(self) -> tuple[float, ...]:
        return tuple(s for s, c in zip(self.step_seconds, self.counted) if c)

    @property
    def seconds_per_step(self) -> float:
        """The median of the counted steps."""
        return statistics.median(self.timed_seconds)

    @property
    def images_per_second(self) -> float:
        return self.setting.batch_size / self.seconds_per_step

    @property
    def images_per_second_range(self) -> tuple[float, float]:
        """images/s of the slowest and of the fastest counted step: how much the steps varied."""
        return self.setting.batch_size / max(self.timed_seconds), self.setting.batch_size / min(self.timed_seconds)

    @property
    def first_step_seconds(self) -> float:
        """The first step: tracing the training step into a graph (and compiling it with XLA)."""
        return self.step_seconds[0]


def bar_pipeline(
    batch_size: int, pipeline: str = "prefetch", *, batches: int = 2, image_size: int = 128, seed: int = 0
) -> tf.data.Dataset:
    """An endless tf.data pipeline of (images, angles) batches of the bar-angle task (notebook 05).

    batches: how many different batches there are before they repeat. pipeline:
    - "plain": each batch is drawn when training asks for it, with nothing in parallel
      (TensorFlow's automatic prefetching and map parallelisation are turned off);
    - "prefetch": batches are drawn in parallel and ahead of training, like notebook 05's bar_dataset;
    - "cache": the batches are drawn once, kept in memory, and repeated from there.
    """
    batch_size = validation.positive_int("batch_size", batch_size)
    validation.one_of("pipeline", pipeline, PIPELINES)
    batches = validation.positive_int("batches", batches)
    image_size = validation.positive_int("image_size", image_size)
    seed = validation.seed("seed", seed)
    spec = bars.BarSpec(image_size=image_size)
    dataset = bars.drawn_batches(batches * batch_size, seed, batch_size, spec, parallel=pipeline != "plain")
    if pipeline == "plain":
        options = tf.data.Options()
        options.experimental_optimization.inject_prefetch = False
        options.experimental_optimization.map_parallelization = False
        return dataset.repeat().with_options(options)
    if pipeline == "cache":
        dataset = dataset.cache()
    return dataset.repeat().prefetch(tf.data.AUTOTUNE)


def pipeline_throughput(
    batch_size: int = 32, pipeline: str = "plain", *, batches: int = 4, image_size: int = 128, seed: int = 0
) -> float:
    """Images a second that bar_pipeline makes on its own, with no training: the best of `batches`
    batches after one untimed batch."""
    batches = validation.positive_int("batches", batches)
    iterator = iter(bar_pipeline(batch_size, pipeline, batches=batches, image_size=image_size, seed=seed))
    next(iterator)
    seconds = []
    for _ in range(batches):
        start = time.perf_counter()
        next(iterator)[0].numpy()
        seconds.append(time.perf_counter() - start)
    return batch_size / min(seconds)


def step_times(model: keras.Model, dataset: tf.data.Dataset, steps: int) -> list[float]:
    """Train a compiled model for `steps` steps of model.fit on an endless dataset; the seconds of each step."""
    validation.keras_model("model", model)
    if not getattr(model, "compiled", False):
        raise ValueError("model must be compiled (model.compile(...)) before it can train")
    if not isinstance(dataset, tf.data.Dataset):
        raise ValueError(f"dataset must be a tf.data.Dataset; got {type(dataset).__name__}")
    steps = validation.positive_int("steps", steps)
    timer = StepTimer()
    model.fit(dataset, epochs=1, steps_per_epoch=steps, shuffle=False, verbose=0, callbacks=[timer])
    return timer.seconds


def _check_settings(settings: Sequence[Setting]) -> list[Setting]:
    if isinstance(settings, Setting) or not isinstance(settings, Sequence) or not settings:
        raise ValueError("settings must be a non-empty list of Setting")
    for s in settings:
        if not isinstance(s, Setting):
            raise ValueError(f"settings must contain only Setting objects; got {type(s).__name__}")
        s.validate()
    labels = [s.label for s in settings]
    if len(set(labels)) != len(labels):
        raise ValueError(f"settings must have different labels; got {labels}")
    return list(settings)


def measure(
    settings: Sequence[Setting],
    build_model: Callable[[], keras.Model],
    *,
    steps: int = 2,
    rounds: int = 2,
    warmup: int = 1,
    image_size: int = 128,
    learning_rate: float = 1e-3,
    seed: int = 0,
) -> list[Measurement]:
    """Train a model from build_model() under each setting; one Measurement a setting, in the order given.

    The settings take turns: in each of `rounds` rounds, every setting trains warmup + steps
    steps in one model.fit call, and its first `warmup` steps are not counted (a fresh fit starts
    its input pipeline, and the first fit of a model traces or XLA-compiles its training step).
    Taking turns spreads any slowdown from other programs over all settings rather than hitting
    whichever ran at the time. Settings with the same precision and jit_compile share one model,
    built and compiled once (batch size and pipeline need no new one). Adam and the mean squared
    error, as in notebook 05; the data are bar_pipeline's. The global precision policy is
    restored afterwards, even on error.
    """
    settings = _check_settings(settings)
    if not callable(build_model):
        raise ValueError(f"build_model must be a function that returns a keras.Model; got {type(build_model).__name__}")
    steps = validation.positive_int("steps", steps)
    rounds = validation.positive_int("rounds", rounds)
    warmup = validation.positive_int("warmup", warmup)  # at least the first step of every fit
    image_size = validation.positive_int("image_size", image_size)
    validation.positive_number("learning_rate", learning_rate, maximum=10.0)
    seed = validation.seed("seed", seed)

    models: dict[tuple[str, bool], keras.Model] = {}
    data = {s.label: bar_pipeline(s.batch_size, s.pipeline, batches=warmup, image_size=image_size, seed=seed) for s in settings}
    seconds: dict[str, list[float]] = {s.label: [] for s in settings}
    counted: dict[str, list[bool]] = {s.label: [] for s in settings}
    previous_policy = keras.mixed_precision.global_policy().name
    try:
        for _ in range(rounds):
            for s in settings:
                key = (s.precision, s.jit_compile)
                keras.mixed_precision.set_global_policy(s.precision)
                if key not in models:
                    keras.utils.set_random_seed(seed)
                    model = build_model()
                    if not isinstance(model, keras.Model):
                        raise ValueError(f"build_model must return a keras.Model; got {type(model).__name__}")
                    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse", jit_compile=s.jit_compile)
                    models[key] = model
                seconds[s.label] += step_times(models[key], data[s.label], warmup + steps)
                counted[s.label] += [False] * warmup + [True] * steps
    finally:
        keras.mixed_precision.set_global_policy(previous_policy)
    return [
        Measurement(s, tuple(seconds[s.label]), tuple(counted[s.label]), bool(models[(s.precision, s.jit_compile)].jit_compile))
        for s in settings
    ]


def training_flops_per_image(macs_per_image: int | float) -> float:
    """Floating-point operations to train on one image, about 3 x the forward pass's 2 x multiply-adds.

    The forward pass does each multiply-add once (2 FLOPs). The backward pass does about twice
    that: every layer computes the gradient with respect to its weights and the gradient with
    respect to its input, each about as much work as the layer's forward pass.
    """
    validation.positive_number("macs_per_image", macs_per_image)
    if (
        isinstance(macs_per_image, bool)
        or not isinstance(macs_per_image, (int, float))
        or not math.isfinite(macs_per_image)
        or macs_per_image <= 0
    ):
        raise ValueError(f"macs_per_image must be a positive number; got {macs_per_image!r}")
    return 3 * 2 * float(macs_per_image)


def speedups(measurements: Sequence[Measurement], baseline: str) -> dict[str, float]:
    """images/s of each measurement divided by the baseline's, by label."""
    if isinstance(measurements, (str, bytes)) or not measurements or not all(isinstance(m, Measurement) for m in measurements):
        raise ValueError(f"measurements must be a non-empty list of Measurement; got {measurements!r:.60}")
    by_label = {m.setting.label: m for m in measurements}
    if baseline not in by_label:
        raise ValueError(f"baseline must be one of the measured labels {list(by_label)}; got {baseline!r}")
    reference = by_label[baseline].images_per_second
    return {label: m.images_per_second / reference for label, m in by_label.items()}


def verdict(measurement: Measurement, baseline: Measurement) -> str:
    """ "faster" if even the setting's slowest counted step beat the baseline's median, "slower" if
    even its fastest step lost to it, else "within the spread": too close to call in this run."""
    validation.instance("measurement", measurement, Measurement)
    validation.instance("baseline", baseline, Measurement)
    low, high = measurement.images_per_second_range
    if low > baseline.images_per_second:
        return "faster"
    if high < baseline.images_per_second:
        return "slower"
    return "within the spread"


def format_table(measurements: Sequence[Measurement], baseline: str) -> str:
    """A plain-text table: the setting, images/s, change against the baseline, and the first step's time."""
    ratios = speedups(measurements, baseline)
    reference = next(m for m in measurements if m.setting.label == baseline)
    lines = [
        f"{'setting':<20} {'batch':>5} {'pipeline':<9} {'precision':<15} {'XLA':<4} {'images/s':>9} "
        f"{'vs baseline':>11} {'first step':>11}  verdict"
    ]
    for m in measurements:
        s = m.setting
        xla = "yes" if m.jit_compiled else ("no*" if s.jit_compile else "no")
        call = "" if m is reference else verdict(m, reference)
        lines.append(
            f"{s.label:<20} {s.batch_size:>5} {s.pipeline:<9} {s.precision:<15} {xla:<4} "
            f"{m.images_per_second:>9.1f} {ratios[s.label]:>10.2f}x {m.first_step_seconds:>10.1f}s  {call}"
        )
    if any(m.setting.jit_compile and not m.jit_compiled for m in measurements):
        lines.append("* Keras did not compile this model with XLA (it warns why)")
    return "\n".join(lines)
