"""Training score models on notebook 05's two tasks (the notebook and benchmarks/ share this code).

The notebook shows `train_score_model`'s source and calls it; the benchmarks call the same
function with the same plans, so the two cannot drift apart.

Tasks: "bars" (the angle of a bar, helpers.data.bars) and "digits" (the sum of four real
handwritten digits on a page, helpers.data.digit_pages). Networks: the blog's, the same with
the paper's block, its plain twin (the blog's layers without the shortcuts) and a small CNN.
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

SEEDS = {"train": 1, "validation": 2, "test": 3}  # three disjoint streams of bars


@dataclass(frozen=True)
class TrainingPlan:
    """How long and how to train. The bar task's default takes about a minute on 2 cores in float32."""

    epochs: int = 4
    steps_per_epoch: int = 25  # every epoch sees fresh images: no image is shown twice
    batch_size: int = 32
    peak_learning_rate: float = 2e-3
    warmup_fraction: float = 0.1
    validation_images: int = 256
    bn_momentum: float = 0.9  # notebook 02: 0.99 needs hundreds of steps before inference mode works

    @property
    def total_steps(self) -> int:
        return self.epochs * self.steps_per_epoch

    @property
    def train_images(self) -> int:
        return self.total_steps * self.batch_size

    def validate(self) -> TrainingPlan:
        for name in ("epochs", "steps_per_epoch", "batch_size", "validation_images"):
            validation.positive_int(name, getattr(self, name))
        validation.positive_number("peak_learning_rate", self.peak_learning_rate, maximum=10.0)
        validation.fraction("warmup_fraction", self.warmup_fraction)
        validation.fraction("bn_momentum", self.bn_momentum)
        return self


DEFAULT_PLAN = TrainingPlan()
FULL_PLAN = replace(DEFAULT_PLAN, epochs=16, steps_per_epoch=40)
DIGITS_PLAN = replace(DEFAULT_PLAN, epochs=8, steps_per_epoch=25)
DIGITS_FULL_PLAN = replace(DEFAULT_PLAN, epochs=24, steps_per_epoch=40)


@dataclass(frozen=True)
class ScoreTask:
    """What a score means: its unit and the fixed affine map from the network's output to it."""

    name: str
    unit: str
    scale: float  # score = scale * network output + offset, so that the network learns values near [-1, 1]
    offset: float


TASKS = {
    "bars": ScoreTask("the angle of a bar", "°", 60.0, 0.0),
    "digits": ScoreTask("the sum of four handwritten digits", "", 9.0, 18.0),
}
NETWORKS = {
    "blog": "the blog's network (its block: ReLU before BN)",
    "basic": "the blog's network with the paper's block (BN before ReLU)",
    "plain": "the blog's plain twin (its layers without the shortcuts)",
    "small_cnn": "a small CNN (four convolutions)",
}


def small_cnn(image_size: int = 128, bn_momentum: float = 0.9) -> keras.Model:
    """A small baseline CNN: four 3x3 convolutions (stride 2, BN, ReLU), global pooling, Dense(1)."""
    image_size = validation.integer("image_size", image_size, minimum=16, maximum=1024)
    bn_momentum = validation.fraction("bn_momentum", bn_momentum)
    inputs = keras.layers.Input((image_size, image_size, 1), name="image")
    x = inputs
    for i, filters in enumerate((32, 64, 96, 128), start=1):
        x = keras.layers.Conv2D(filters, 3, strides=2, padding="same", use_bias=False, name=f"conv{i}")(x)
        x = keras.layers.BatchNormalization(momentum=bn_momentum, name=f"bn{i}")(x)
        x = keras.layers.ReLU(name=f"relu{i}")(x)
    x = keras.layers.GlobalAveragePooling2D(name="head_pool")(x)
    outputs = keras.layers.Dense(1, dtype="float32", name="head_score")(x)
    return keras.Model(inputs, outputs, name="small_cnn")


def score_model(network: str = "blog", bn_momentum: float = 0.9, image_size: int = 128, task: str = "bars") -> keras.Model:
    """A network with a fixed output scale, so that it predicts the task's score (degrees, or a sum).

    network="blog" is helpers.build_resnet exactly; "basic" swaps in the paper's block, "plain"
    removes the shortcuts, "small_cnn" is a small baseline (see NETWORKS). The scale layer has
    no parameters: the network learns scores in about [-1, 1], which suits its initialisation.
    """
    validation.one_of("network", network, NETWORKS)
    image_size = validation.positive_int("image_size", image_size)
    score = TASKS[validation.one_of("task", task, TASKS)]
    if image_size < 8:
        raise ValueError(f"image_size must be at least 8 (the network halves it three times); got {image_size}")
    if network == "small_cnn":
        inner = small_cnn(image_size, bn_momentum)
    else:
        config = resnets.blog_config(input_shape=(image_size, image_size, 1), bn_momentum=bn_momentum)
        if network == "basic":
            config = replace(config, block="basic", use_bias=False)
        elif network == "plain":
            config = replace(config, residual=False, name="blog_plain")
        inner = resnets.build(config)
    output = keras.layers.Rescaling(score.scale, score.offset, dtype="float32", name="score")(inner.output)
    return keras.Model(inner.input, output, name=f"{network}_{task}_score_model")


def learning_rate_schedule(plan: TrainingPlan) -> keras.optimizers.schedules.LearningRateSchedule:
    """Linear warm-up to the peak, then cosine decay to 0 at the last step."""
    validation.instance("plan", plan, TrainingPlan).validate()
    warmup = int(plan.warmup_fraction * plan.total_steps)
    return keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=plan.peak_learning_rate / 10,
        decay_steps=plan.total_steps - warmup,
        warmup_target=plan.peak_learning_rate,
        warmup_steps=warmup,
    )


def check_images(images, image_size: int, name: str = "images") -> np.ndarray:
    """A batch of grayscale images of the size the model takes, as float32."""
    name = validation.text("name", name)
    image_size = validation.positive_int("image_size", image_size)
    images = validation.array(name, images, min_size=0)
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


def train_score_model(
    plan: TrainingPlan = DEFAULT_PLAN, network: str = "blog", seed: int = 0, verbose: int = 1, task: str = "bars"
) -> TrainingResult:
    """Train a score model on fresh images with Adam and a warm-up + cosine schedule, validating each epoch."""
    validation.instance("plan", plan, TrainingPlan).validate()
    validation.one_of("network", network, NETWORKS)
    seed = validation.seed("seed", seed)
    validation.one_of("verbose", verbose, (0, 1, 2))
    validation.one_of("task", task, TASKS)
    keras.utils.set_random_seed(seed)
    model = score_model(network, plan.bn_momentum, task=task)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate_schedule(plan)),
        loss="mse",  # in the score's unit, squared
        metrics=[keras.metrics.MeanAbsoluteError(name="mae")],  # in the score's unit
    )
    if task == "bars":
        train = bar_dataset(plan.train_images, SEEDS["train"] + 100 * seed, plan.batch_size)
        val_images, val_scores = bar_arrays(plan.validation_images, SEEDS["validation"])
    else:  # pages from the training pool; the test pool stays unseen
        train = digit_pages.page_dataset(plan.train_images, digit_pages.SEEDS["train"] + 100 * seed, plan.batch_size)
        val_images, val_scores, _ = digit_pages.digit_pages(plan.validation_images, digit_pages.SEEDS["validation"])
    start = time.perf_counter()
    history = model.fit(
        train,  # exactly epochs x steps_per_epoch batches; Keras keeps one iterator across epochs
        epochs=plan.epochs,
        steps_per_epoch=plan.steps_per_epoch,
        validation_data=(val_images, val_scores[:, None]),
        shuffle=False,
        verbose=verbose,
    )
    seconds = time.perf_counter() - start
    return TrainingResult(model, history.history, seconds, plan.train_images)


def score_metrics(model: keras.Model, images, angles) -> dict[str, float | np.ndarray]:
    """R^2, mean absolute error (in the score's unit) and the predictions on labelled images.

    angles: the true scores (the name is the bar task's; a page's digit sums work the same)."""
    validation.keras_model("model", model)
    images = check_images(images, model.input.shape[1])
    angles = validation.array("angles", angles, dtype="float64", min_size=0).reshape(-1)
    if len(angles) != len(images):
        raise ValueError(f"angles must have one score per image; got {len(angles)} for {len(images)} images")
    if len(angles) < 2 or np.var(angles) == 0:
        raise ValueError(f"angles must hold at least two different scores (R^2 divides by their variance); got {angles[:5]}")
    predictions = model.predict(images, batch_size=100, verbose=0).reshape(-1).astype("float64")
    return {**prediction_metrics(angles, predictions), "predictions": predictions}


def prediction_metrics(true, predicted) -> dict[str, float]:
    """R^2 (1 - squared errors / those of always answering the mean) and the mean absolute error."""
    true = validation.array("true", true, dtype="float64", ndim=1)
    predicted = validation.array("predicted", predicted, dtype="float64", ndim=1)
    if len(predicted) != len(true):
        raise ValueError(f"predicted must have one value per true score; got {len(predicted)} for {len(true)}")
    if len(true) < 2 or np.var(true) == 0:
        raise ValueError(f"true must hold at least two different scores (R^2 divides by their variance); got {true[:5]}")
    errors = predicted - true
    return {"r2": float(1.0 - np.mean(errors**2) / np.var(true)), "mae": float(np.mean(np.abs(errors)))}


def test_set(count: int = 1000, spec: BarSpec = BarSpec()) -> tuple[np.ndarray, np.ndarray]:
    """The held-out test bars: a seed no training or validation stream uses."""
    return bar_arrays(count, SEEDS["test"], spec)


def digits_test_set(count: int = 1000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The held-out test pages: test-pool digits only, placed from a seed no other stream uses."""
    return digit_pages.digit_pages(count, digit_pages.SEEDS["test"], pool="test")
