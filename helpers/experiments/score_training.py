"""Training the blog's network on the bar-angle score task (notebook 05 and benchmarks/).

The notebook shows `train_score_model`'s source and calls it; the benchmark calls the same
function with the same default plan, so the two cannot drift apart.
"""

from __future__ import annotations

from helpers import validation
from helpers.data.bars import BarSpec, bar_arrays, bar_dataset
from helpers.models import resnets

import time
from dataclasses import dataclass, replace

import keras
import numpy as np

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
        return self


DEFAULT_PLAN = TrainingPlan()
FULL_PLAN = replace(DEFAULT_PLAN, epochs=16, steps_per_epoch=40, patience=4)
BLOCKS = {"blog": "the blog's block (ReLU before BN)", "basic": "the paper's block (BN before ReLU)"}


def score_model(block: str = "blog", bn_momentum: float = 0.9, image_size: int = 128) -> keras.Model:
    """The blog's network with a fixed x60 output scale, so that it predicts degrees.

    block="blog" is helpers.build_resnet exactly; block="basic" swaps in the paper's block and
    keeps everything else. The scale layer has no parameters: the network learns scores in
    about [-1, 1], which suits its initialisation, and reports degrees.
    """
    validation.one_of("block", block, BLOCKS)
    config = resnets.blog_config(input_shape=(image_size, image_size, 1), bn_momentum=bn_momentum)
    if block == "basic":
        config = replace(config, block="basic", use_bias=False)
    network = resnets.build(config)
    degrees = keras.layers.Rescaling(60.0, dtype="float32", name="degrees")(network.output)
    return keras.Model(network.input, degrees, name=f"{block}_score_model")


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


def train_score_model(plan: TrainingPlan = DEFAULT_PLAN, block: str = "blog", seed: int = 0, verbose: int = 1) -> TrainingResult:
    """Train a score model on fresh bars with Adam, a warm-up + cosine schedule, validation and early stopping."""
    plan.validate()
    keras.utils.set_random_seed(seed)
    model = score_model(block, plan.bn_momentum)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate_schedule(plan)),
        loss="mse",  # in degrees squared
        metrics=[keras.metrics.MeanAbsoluteError(name="mae")],  # in degrees
    )
    train = bar_dataset(plan.train_images, SEEDS["train"] + 100 * seed, plan.batch_size).repeat()
    val_images, val_angles = bar_arrays(plan.validation_images, SEEDS["validation"])
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
