"""Notebook 06's degradation experiment (He et al. 2015, arXiv:1512.03385, Fig. 1 and 6).

Four networks of the CIFAR family (helpers.models.resnets.cifar_config), plain-20, plain-56,
ResNet-20 and ResNet-56, trained with one recipe on scikit-learn's bundled digits. Training and
test error are measured after every epoch on the whole training set and the held-out split,
with BatchNormalization in inference mode (what the trained network will be used with).
"""

from __future__ import annotations

from helpers import validation
from helpers.data.digits import DigitsSplit, digits_split
from helpers.experiments.classification import predict_classes
from helpers.models import resnets

import time
from dataclasses import dataclass, field, replace

import keras
import numpy as np

# name -> (depth, residual); the order is the order of training and of every table.
NETWORKS: dict[str, tuple[int, bool]] = {
    "plain-20": (20, False),
    "plain-56": (56, False),
    "ResNet-20": (20, True),
    "ResNet-56": (56, True),
}


@dataclass(frozen=True)
class Recipe:
    """One training recipe for all four networks.

    SGD with momentum at a constant learning rate (after an optional linear warm-up), no weight
    decay and no augmentation: the point is to compare how well each network *fits* its training
    set with the same budget.
    Notebook 06 says how the numbers were chosen (what was tried and measured).
    bn_momentum 0.9: Keras's default 0.99 needs hundreds of steps before BN's moving statistics
    are usable in inference mode (notebook 02), and a short run has about 200.
    """

    epochs: int = 10
    batch_size: int = 128  # He et al.'s batch size for CIFAR
    learning_rate: float = 0.02
    warmup_epochs: int = 0  # linear warm-up from learning_rate / 10 over this many epochs, then constant
    momentum: float = 0.9
    bn_momentum: float = 0.9
    upsample: int = 1  # 1 keeps the digits 8x8: the last stage then works on 2x2 feature maps
    test_fraction: float = 0.3
    seed: int = 0  # initial weights and the order of the batches; the data split is fixed

    def validate(self) -> Recipe:
        for name in ("epochs", "batch_size", "upsample"):
            validation.positive_int(name, getattr(self, name))
        validation.non_negative_int(
            "warmup_epochs", self.warmup_epochs, maximum=self.epochs, why="the warm-up is part of the run"
        )
        validation.seed("seed", self.seed)
        validation.positive_number("learning_rate", self.learning_rate, maximum=10.0)
        validation.fraction("momentum", self.momentum)
        validation.fraction("bn_momentum", self.bn_momentum)
        validation.number("test_fraction", self.test_fraction, above=0.0, below=1.0)
        return self


DEFAULT_RECIPE = Recipe()
FULL_RECIPE = replace(DEFAULT_RECIPE, epochs=30)


def load_data(recipe: Recipe = DEFAULT_RECIPE) -> DigitsSplit:
    """The digits, split once (split seed 0) into training and test images, as the recipe asks."""
    validation.instance("recipe", recipe, Recipe).validate()
    return digits_split(test_fraction=recipe.test_fraction, seed=0, upsample=recipe.upsample)


def learning_rate(recipe: Recipe, steps_per_epoch: int) -> float | keras.optimizers.schedules.LearningRateSchedule:
    """The recipe's learning rate: a constant, or with warm-up a linear ramp from a tenth of it.

    After the ramp the rate stays constant (a cosine "decay" with alpha=1 never decays).
    """
    validation.instance("recipe", recipe, Recipe).validate()
    steps_per_epoch = validation.positive_int("steps_per_epoch", steps_per_epoch)
    if recipe.warmup_epochs == 0:
        return recipe.learning_rate
    return keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=recipe.learning_rate / 10,
        decay_steps=1,
        alpha=1.0,
        warmup_target=recipe.learning_rate,
        warmup_steps=recipe.warmup_epochs * steps_per_epoch,
    )


def _check_name(name: str) -> tuple[int, bool]:
    validation.one_of("name", name, NETWORKS)
    return NETWORKS[name]


def build_network(name: str, input_shape: tuple[int, int, int] = (8, 8, 1), bn_momentum: float = 0.9) -> keras.Model:
    """One of NETWORKS, for `input_shape` images and 10 classes (cifar_config with overrides)."""
    depth, residual = _check_name(name)
    config = resnets.cifar_config(
        depth,
        residual=residual,
        input_shape=tuple(input_shape),
        classes=10,
        bn_momentum=bn_momentum,
        name=name.lower().replace("-", ""),
    )
    return resnets.build(config)


class ErrorCurves(keras.callbacks.Callback):
    """After every epoch, the error on the whole training set and on the test set (inference mode).

    Both sets go through one `predict` call, so Keras traces a single inference function.
    `every` > 1 measures only after every `every`-th epoch (and the last), for long runs.
    """

    def __init__(self, data: DigitsSplit, every: int = 1):
        validation.instance("data", data, DigitsSplit)
        self.every = validation.positive_int("every", every)
        super().__init__()
        self.images = np.concatenate([data.x_train, data.x_test])
        self.labels = np.concatenate([data.y_train, data.y_test])
        self.train_size = len(data.x_train)
        self.train_error: list[float] = []
        self.test_error: list[float] = []
        self.epochs: list[int] = []  # the epochs measured, counted from 1

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every and epoch + 1 != self.params["epochs"]:
            return
        self.epochs.append(epoch + 1)
        wrong = predict_classes(self.model, self.images) != self.labels
        self.train_error.append(float(wrong[: self.train_size].mean()))
        self.test_error.append(float(wrong[self.train_size :].mean()))


@dataclass
class TrainedNetwork:
    name: str
    model: keras.Model
    train_error: list[float]  # after each epoch, whole training set, inference mode
    test_error: list[float]  # after each epoch, held-out split
    loss: list[float]  # fit's running training loss of each epoch (BN in training mode)
    seconds: float  # wall time of model.fit, the per-epoch measurements included
    recipe: Recipe = field(repr=False, default=DEFAULT_RECIPE)
    curve_epochs: list[int] = field(repr=False, default_factory=list)  # the epochs train_error and test_error were measured after

    @property
    def final_train_error(self) -> float:
        return self.train_error[-1]

    @property
    def final_test_error(self) -> float:
        return self.test_error[-1]


def train_network(
    name: str, data: DigitsSplit, recipe: Recipe = DEFAULT_RECIPE, verbose: int = 0, curve_every: int = 1
) -> TrainedNetwork:
    """Build one of NETWORKS and train it with `recipe`; errors are measured after every `curve_every`-th epoch."""
    _check_name(name)
    validation.instance("data", data, DigitsSplit)
    validation.instance("recipe", recipe, Recipe)
    validation.one_of("verbose", verbose, (0, 1, 2))
    validation.instance("recipe", recipe, Recipe).validate()
    keras.utils.set_random_seed(recipe.seed)  # the same seed for every network
    model = build_network(name, data.x_train.shape[1:], recipe.bn_momentum)
    steps_per_epoch = -(-len(data.x_train) // recipe.batch_size)
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate(recipe, steps_per_epoch), momentum=recipe.momentum),
        loss="sparse_categorical_crossentropy",
    )
    model.optimizer.build(model.trainable_variables)  # now, rather than while tracing: one trace instead of two
    curves = ErrorCurves(data, curve_every)
    start = time.perf_counter()
    history = model.fit(
        data.x_train, data.y_train, batch_size=recipe.batch_size, epochs=recipe.epochs, callbacks=[curves], verbose=verbose
    )
    seconds = time.perf_counter() - start
    return TrainedNetwork(
        name, model, curves.train_error, curves.test_error, history.history["loss"], seconds, recipe, curves.epochs
    )


def train_all(
    data: DigitsSplit, recipe: Recipe = DEFAULT_RECIPE, names: tuple[str, ...] = tuple(NETWORKS), report: bool = True
) -> dict[str, TrainedNetwork]:
    """Train several of NETWORKS with the same recipe; prints one line a network unless report=False."""
    validation.instance("data", data, DigitsSplit)
    validation.instance("recipe", recipe, Recipe).validate()
    validation.instance("names", names, (tuple, list), "tuple of network names")
    for name in names:
        validation.one_of("names", name, NETWORKS)
    validation.boolean("report", report)
    for name in names:
        _check_name(name)
    runs = {}
    for name in names:
        runs[name] = run = train_network(name, data, recipe)
        if report:
            print(
                f"{name:>9}: training error {run.final_train_error:6.1%}, test error {run.final_test_error:6.1%}"
                f"  ({recipe.epochs} epochs, {run.seconds:.0f} s)",
                flush=True,
            )
    return runs
