"""helpers.experiments.degradation: the recipe, the four networks and the error curves (no long training)."""

from helpers.data.digits import DigitsSplit
from helpers.experiments import classification, degradation

from dataclasses import replace

import keras
import numpy as np
import pytest


def test_default_and_full_recipes():
    assert degradation.DEFAULT_RECIPE.validate() is degradation.DEFAULT_RECIPE
    assert degradation.FULL_RECIPE.epochs > degradation.DEFAULT_RECIPE.epochs
    assert (
        replace(degradation.FULL_RECIPE, epochs=degradation.DEFAULT_RECIPE.epochs) == degradation.DEFAULT_RECIPE
    )  # FULL only trains longer


@pytest.mark.parametrize(
    "field, value",
    [
        ("epochs", 0),
        ("batch_size", 2.5),
        ("upsample", -1),
        ("seed", -1),
        ("seed", True),
        ("learning_rate", 0),
        ("learning_rate", "0.1"),
        ("momentum", 1.0),
        ("bn_momentum", -0.1),
        ("test_fraction", 1.5),
        ("test_fraction", 0),
    ],
)
def test_bad_recipes_name_the_field(field, value):
    integer_field = field in ("epochs", "batch_size", "upsample", "seed")
    wrong_type = isinstance(value, (bool, str)) or (integer_field and isinstance(value, float))
    error = TypeError if wrong_type else ValueError  # the wrong type, or a bad value
    with pytest.raises(error, match=rf"^{field} must be"):
        replace(degradation.DEFAULT_RECIPE, **{field: value}).validate()


def test_data_follows_the_recipe():
    data = degradation.load_data(replace(degradation.DEFAULT_RECIPE, upsample=2))
    assert data.x_train.shape[1:] == (16, 16, 1) and len(data.x_train) + len(data.x_test) == 1797
    assert degradation.load_data().x_train.shape[1:] == (8, 8, 1)


@pytest.mark.parametrize(
    "name, adds, convs", [("plain-20", 0, 19), ("ResNet-20", 9, 19), ("plain-56", 0, 55), ("ResNet-56", 27, 55)]
)
def test_the_four_networks(name, adds, convs):
    model = degradation.build_network(name, (8, 8, 1))
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds.count("Add") == adds and kinds.count("Conv2D") == convs
    assert model.input_shape == (None, 8, 8, 1) and model.output_shape == (None, 10)
    assert {layer.momentum for layer in model.layers if isinstance(layer, keras.layers.BatchNormalization)} == {0.9}


def test_plain_and_residual_twins_have_the_same_weights():
    assert degradation.build_network("plain-20").count_params() == degradation.build_network("ResNet-20").count_params()


def test_unknown_network_raises():
    with pytest.raises(ValueError, match=r"^name must be one of"):
        degradation.build_network("ResNet-110")
    with pytest.raises(ValueError, match=r"^names must be one of"):
        degradation.train_all(degradation.load_data(), names=("plain-20", "VGG-16"))


class ConstantClass(keras.Model):
    """Predicts class 3 for every image."""

    def call(self, x):
        batch = keras.ops.shape(x)[0]
        return keras.ops.one_hot(keras.ops.full((batch,), 3, dtype="int32"), 10)


def test_error_rate():
    x = np.zeros((20, 8, 8, 1), "float32")
    y = np.array([3] * 5 + [1] * 15)
    assert classification.error_rate(ConstantClass(), x, y, batch_size=6) == 0.75
    with pytest.raises(ValueError, match=r"^y must have one label per image"):
        classification.error_rate(ConstantClass(), x, y[:3])
    with pytest.raises(ValueError, match=r"^x must be a batch of images \(batch, height, width, channels\)"):
        classification.error_rate(ConstantClass(), x[..., 0], y)


def tiny_split(n_train=40, n_test=20) -> DigitsSplit:
    data = degradation.load_data()
    return DigitsSplit(data.x_train[:n_train], data.y_train[:n_train], data.x_test[:n_test], data.y_test[:n_test])


def test_train_network_records_curves_in_inference_mode(monkeypatch):
    monkeypatch.setitem(degradation.NETWORKS, "ResNet-20", (8, True))  # a smaller member of the family: faster to trace
    data = tiny_split()
    recipe = replace(degradation.DEFAULT_RECIPE, epochs=2, batch_size=20)
    run = degradation.train_network("ResNet-20", data, recipe)
    assert sum(isinstance(layer, keras.layers.Add) for layer in run.model.layers) == 3
    assert len(run.train_error) == len(run.test_error) == len(run.loss) == 2
    assert run.final_train_error == classification.error_rate(run.model, data.x_train, data.y_train)
    assert run.final_test_error == classification.error_rate(run.model, data.x_test, data.y_test)
    assert run.seconds > 0 and run.recipe is recipe


def test_warm_up_ramps_from_a_tenth_then_stays_constant():
    recipe = replace(degradation.DEFAULT_RECIPE, epochs=20, warmup_epochs=5, learning_rate=0.04)
    schedule = degradation.learning_rate(recipe, steps_per_epoch=10)
    rates = [float(schedule(step)) for step in (0, 25, 50, 51, 199)]
    assert rates[0] == pytest.approx(0.004)
    assert rates[1] == pytest.approx(0.004 + 0.5 * 0.036)
    assert rates[2:] == pytest.approx([0.04] * 3)
    assert degradation.learning_rate(degradation.DEFAULT_RECIPE, 10) == degradation.DEFAULT_RECIPE.learning_rate


def test_curves_every_few_epochs_and_after_the_last():
    data = degradation.load_data()
    small = DigitsSplit(data.x_train[:64], data.y_train[:64], data.x_test[:32], data.y_test[:32])
    recipe = replace(degradation.DEFAULT_RECIPE, epochs=5, batch_size=32, warmup_epochs=1)
    run = degradation.train_network("ResNet-20", small, recipe, curve_every=2)
    assert run.curve_epochs == [2, 4, 5]
    assert len(run.train_error) == len(run.test_error) == 3
    assert len(run.loss) == 5
