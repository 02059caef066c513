"""Training the blog's network on notebook 05's two score tasks (the notebook and benchmarks/).

task="bars": the angle of a bar (helpers.data.bars), fresh bars every epoch.
task="digit_sum": the sum of the handwritten digits on a page (helpers.data.digit_pages), a
fixed set of training pages from the training pool, validation pages from the training pool
too, test pages only from the test pool.

The notebook shows `train_score_model`'s source and calls it; the benchmarks call the same
function with the same default plans, so the two cannot drift apart.
"""

from __future__ import annotations

from helpers import validation
from helpers.data import digit_pages
from helpers.data.bars import BarSpec, bar_arrays, bar_dataset
from helpers.models import resnets

import time
from dataclasses import dataclass, replace

import keras
import numpy as np
import tensorflow as tf

SEEDS = {"train": 1, "validation": 2, "test": 3}  # three disjoint streams of bars


@dataclass(frozen=True)
class TrainingPlan:
    """How long and how to train. The default fits in about 100 s on a 2-core CPU with bfloat16."""

    epochs: int = 6
    steps_per_epoch: int = 25  # every epoch sees fresh bars: no image is shown twice
    batch_size: int = 32
    peak_learning_rate: float = 2e-3
    warmup_fraction: float = 0.1
    validation_images: int = 256
    patience: int = 3
    bn_momentum: float = 0.9  # notebook 02: 0.99 needs hundreds of steps before inference mode works
    train_pages: int | None = None  # digit_sum only: this many fixed pages, shown again every epoch

    @property
    def total_steps(self) -> int:
        return self.epochs * self.steps_per_epoch

    @property
    def train_images(self) -> int:
        return self.total_steps * self.batch_size

    def validate(self) -> TrainingPlan:
        for name in ("epochs", "steps_per_epoch", "batch_size", "validation_images", "patience"):
            validation.positive_int(name, getattr(self, name))
        if not self.peak_learning_rate > 0:
            raise ValueError(f"peak_learning_rate must be positive; got {self.peak_learning_rate!r}")
        if not 0 <= self.warmup_fraction < 1:
            raise ValueError(f"warmup_fraction must be in [0, 1); got {self.warmup_fraction!r}")
        validation.fraction("bn_momentum", self.bn_momentum)
        if self.train_pages is not None:
            validation.positive_int("train_pages", self.train_pages)
        return self


DEFAULT_PLAN = TrainingPlan()
FULL_PLAN = replace(DEFAULT_PLAN, epochs=16, steps_per_epoch=40, patience=4)
# The digit-sum plan: 2,000 fixed pages, each shown 4 times (250 steps of 32).
DIGIT_PLAN = TrainingPlan(epochs=4, steps_per_epoch=62, batch_size=32, peak_learning_rate=2e-3, patience=4, train_pages=2000)
DIGIT_FULL_PLAN = replace(DIGIT_PLAN, epochs=10, steps_per_epoch=125, train_pages=4000)
BLOCKS = {
    "blog": "the blog's block (ReLU before BN)",
    "basic": "the paper's block (BN before ReLU)",
    "plain": "the blog's network without the additions (its plain twin)",
    "small_cnn": "a small CNN: four conv-BN-ReLU layers, 0.1 M parameters",
}
# Each task's output scale (a fixed Rescaling: the network learns numbers in about [-1, 1]).
TASKS = {
    "bars": {"scale": 60.0, "offset": 0.0, "name": "degrees"},
    "digit_sum": {"scale": 8.0, "offset": 13.5, "name": "digit_sum"},
}


def _plain_twin(config: resnets.ResNetConfig) -> keras.Model:
    """The blog's network with the same layers minus each block's shortcut and addition."""
    layers, bn = keras.layers, {"momentum": config.bn_momentum}
    inputs = layers.Input(shape=config.input_shape, name="image")
    x = layers.Conv2D(64, 7, strides=2, padding="same", activation="relu", name="stem_conv")(inputs)
    x = layers.BatchNormalization(**bn, name="stem_bn")(x)
    x = layers.MaxPooling2D(3, strides=2, padding="same", name="stem_pool")(x)
    for s, width in enumerate(config.widths, start=1):
        for b in (1, 2):
            n = f"stage{s}_block{b}"
            x = layers.Conv2D(
                width, 3, strides=2 if s > 1 and b == 1 else 1, padding="same", activation="relu", name=f"{n}_conv1"
            )(x)
            x = layers.BatchNormalization(**bn, name=f"{n}_bn1")(x)
            x = layers.Conv2D(width, 3, padding="same", name=f"{n}_conv2")(x)
            x = layers.BatchNormalization(**bn, name=f"{n}_bn2")(x)
            x = layers.ReLU(name=f"{n}_out_relu")(x)
    x = layers.GlobalAveragePooling2D(name="head_pool")(x)
    return keras.Model(inputs, layers.Dense(1, dtype="float32", name="head_score")(x), name="blog_plain")


def _small_cnn(config: resnets.ResNetConfig) -> keras.Model:
    layers = keras.layers
    inputs = layers.Input(shape=config.input_shape, name="image")
    x = inputs
    for i, width in enumerate((16, 32, 64, 128), start=1):
        x = layers.Conv2D(width, 5 if i == 1 else 3, strides=2, padding="same", use_bias=False, name=f"conv{i}")(x)
        x = layers.BatchNormalization(momentum=config.bn_momentum, name=f"bn{i}")(x)
        x = layers.ReLU(name=f"relu{i}")(x)
    x = layers.GlobalAveragePooling2D(name="head_pool")(x)
    return keras.Model(inputs, layers.Dense(1, dtype="float32", name="head_score")(x), name="small_cnn")


def score_model(block: str = "blog", bn_momentum: float = 0.9, image_size: int = 128, task: str = "bars") -> keras.Model:
    """The blog's network with a fixed output scale, so that it predicts the task's score.

    block="blog" is helpers.build_resnet exactly; block="basic" swaps in the paper's block and
    keeps everything else; "plain" drops every shortcut; "small_cnn" is a small baseline network.
    The scale layer has no parameters: the network learns scores in about [-1, 1], which suits
    its initialisation, and reports degrees (bars) or the digit sum (x8 + 13.5).
    """
    validation.one_of("block", block, BLOCKS)
    scale = TASKS[validation.one_of("task", task, TASKS)]
    config = resnets.blog_config(input_shape=(image_size, image_size, 1), bn_momentum=bn_momentum)
    if block == "basic":
        config = replace(config, block="basic", use_bias=False)
    network = {"plain": _plain_twin, "small_cnn": _small_cnn}.get(block, resnets.build)(config)
    score = keras.layers.Rescaling(scale["scale"], scale["offset"], dtype="float32", name=scale["name"])(network.output)
    return keras.Model(network.input, score, name=f"{block}_score_model")


def learning_rate_schedule(plan: TrainingPlan) -> keras.optimizers.schedules.LearningRateSchedule:
    """Linear warm-up to the peak, then cosine decay to 0 at the last step."""
    warmup = int(plan.warmup_fraction * plan.total_steps)
    return keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=plan.peak_learning_rate / 10,
        decay_steps=plan.total_steps - warmup,
        warmup_target=plan.peak_learning_rate,
        warmup_steps=warmup,
    )


def check_images(images, image_size: int, name: str = "images") -> np.ndarray:
    """A batch of grayscale images of the size the model takes, as float32."""
    images = np.asarray(images, dtype="float32")
    if images.ndim != 4 or images.shape[1:] != (image_size, image_size, 1):
        raise ValueError(f"{name} must have shape (batch, {image_size}, {image_size}, 1); got {images.shape}")
    return images


@dataclass
class TrainingResult:
    model: keras.Model
    history: dict
    seconds: float  # wall time of model.fit, validation included
    images_seen: int

    @property
    def images_per_second(self) -> float:
        return self.images_seen / self.seconds


def training_data(plan: TrainingPlan, task: str, seed: int) -> tuple:
    """(training batches, validation images, validation scores) for a task; the seed picks the training data."""
    if task == "bars":
        train = bar_dataset(plan.train_images, SEEDS["train"] + 100 * seed, plan.batch_size).repeat()
        return (train, *bar_arrays(plan.validation_images, SEEDS["validation"]))
    pages = digit_pages.make_pages(plan.train_pages or plan.train_images, SEEDS["train"] + 100 * seed, "train")
    train = tf.data.Dataset.from_tensor_slices((pages.images, pages.sums[:, None]))  # cached in memory
    train = train.shuffle(len(pages.sums), seed=seed).repeat().batch(plan.batch_size).prefetch(tf.data.AUTOTUNE)
    validation_pages = digit_pages.make_pages(plan.validation_images, SEEDS["validation"], "train")
    return train, validation_pages.images, validation_pages.sums


def train_score_model(
    plan: TrainingPlan = DEFAULT_PLAN, block: str = "blog", seed: int = 0, verbose: int = 1, task: str = "bars"
) -> TrainingResult:
    """Train a score model with Adam, a warm-up + cosine schedule, validation and early stopping."""
    plan.validate()
    validation.one_of("task", task, TASKS)
    keras.utils.set_random_seed(seed)
    model = score_model(block, plan.bn_momentum, task=task)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate_schedule(plan)),
        loss="mse",  # in the score's units squared (degrees squared for bars)
        metrics=[keras.metrics.MeanAbsoluteError(name="mae")],
    )
    train, val_images, val_angles = training_data(plan, task, seed)
    stop_early = keras.callbacks.EarlyStopping(monitor="val_mae", patience=plan.patience, restore_best_weights=True)
    start = time.perf_counter()
    history = model.fit(
        train,
        epochs=plan.epochs,
        steps_per_epoch=plan.steps_per_epoch,
        validation_data=(val_images, val_angles[:, None]),
        callbacks=[stop_early],
        shuffle=False,
        verbose=verbose,
    )
    seconds = time.perf_counter() - start
    epochs_run = len(history.history["loss"])
    return TrainingResult(model, history.history, seconds, epochs_run * plan.steps_per_epoch * plan.batch_size)


def score_metrics(model: keras.Model, images, angles) -> dict[str, float | np.ndarray]:
    """R^2, mean absolute error (degrees) and the predictions on labelled images."""
    images = check_images(images, model.input.shape[1])
    angles = np.asarray(angles, dtype="float64").reshape(-1)
    if len(angles) != len(images):
        raise ValueError(f"angles must have one score per image; got {len(angles)} for {len(images)} images")
    predictions = model.predict(images, batch_size=100, verbose=0).reshape(-1).astype("float64")
    errors = predictions - angles
    return {
        "r2": float(1.0 - np.mean(errors**2) / np.var(angles)),
        "mae": float(np.mean(np.abs(errors))),
        "predictions": predictions,
    }


def test_set(count: int = 1000, spec: BarSpec = BarSpec()) -> tuple[np.ndarray, np.ndarray]:
    """The held-out test bars: a seed no training or validation stream uses."""
    return bar_arrays(count, SEEDS["test"], spec)


def digit_test_set(count: int = 1000) -> digit_pages.Pages:
    """The held-out test pages: only test-pool digit images, a seed no other stream uses."""
    return digit_pages.make_pages(count, SEEDS["test"], "test")


def paired_differences(results: dict, key: str, baseline: str, other: str) -> dict[str, float | list[float]]:
    """Per-seed differences other - baseline of metric `key` (results[block][seed][key]), their mean and sd.

    Same seed means the same initial weights' random stream and the same training data, so the
    differences cancel what the seed alone changes; their spread says what n seeds can resolve.
    """
    for name in (baseline, other):
        if name not in results:
            raise ValueError(f"results has no block {name!r}; it has {sorted(results)}")
    seeds = sorted(set(results[baseline]) & set(results[other]))
    if not seeds:
        raise ValueError(f"results has no seed that both {baseline!r} and {other!r} were run with")
    d = np.array([results[other][s][key] - results[baseline][s][key] for s in seeds], dtype="float64")
    return {
        "seeds": seeds,
        "differences": d.tolist(),
        "mean": float(d.mean()),
        "sd": float(d.std(ddof=1)) if len(d) > 1 else float("nan"),
    }
