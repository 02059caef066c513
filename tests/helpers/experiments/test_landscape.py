"""helpers.experiments.landscape: filter-normalised directions and loss slices (Li et al. 2018)."""

from helpers.experiments import landscape
from helpers.models.resnets import cifar_resnet

import keras
import numpy as np
import pytest

RNG = np.random.default_rng(0)
X = RNG.random((24, 8, 8, 1)).astype("float32")
Y = np.arange(24) % 10


def tiny(residual: bool = True) -> keras.Model:
    keras.utils.set_random_seed(2)
    model = cifar_resnet(8, residual=residual, input_shape=(8, 8, 1), classes=10, bn_momentum=0.9)
    for _ in range(3):
        model(X, training=True)  # moving statistics that are not the initial ones
    return model


def model_loss(model) -> float:
    return float(keras.ops.mean(keras.losses.sparse_categorical_crossentropy(Y, model(X, training=False))))


@pytest.mark.parametrize("shape", [(3, 3, 4, 5), (7, 3), (1, 1, 2, 6)])
def test_each_filter_gets_the_norm_of_the_weights_filter(shape):
    weights, direction = RNG.standard_normal(shape), RNG.standard_normal(shape)
    scaled = landscape.normalize_filters(direction, weights)
    for j in range(shape[-1]):
        assert np.linalg.norm(scaled[..., j]) == pytest.approx(np.linalg.norm(weights[..., j]))
        ratio = scaled[..., j] / direction[..., j]
        assert np.allclose(ratio, ratio.flat[0]) and ratio.flat[0] > 0  # same direction, only rescaled


def test_biases_and_bn_get_zero_and_zero_filters_stay_zero():
    assert not landscape.normalize_filters(RNG.standard_normal(5), RNG.standard_normal(5)).any()
    direction = RNG.standard_normal((3, 3, 2, 2))
    direction[..., 1] = 0
    scaled = landscape.normalize_filters(direction, RNG.standard_normal((3, 3, 2, 2)))
    assert np.all(np.isfinite(scaled)) and not scaled[..., 1].any()
    with pytest.raises(ValueError, match=r"^direction must have the shape of weights"):
        landscape.normalize_filters(np.ones((2, 3)), np.ones((3, 2)))


def test_random_direction_of_a_model():
    model = tiny()
    direction = landscape.random_direction(model, seed=3)
    assert len(direction) == len(model.trainable_variables)
    for variable, d in zip(model.trainable_variables, direction):
        w = variable.numpy()
        assert d.shape == w.shape
        if w.ndim < 2:  # BN gamma/beta and the head's bias
            assert not d.any(), variable.path
        else:
            np.testing.assert_allclose(
                np.linalg.norm(d.reshape(-1, w.shape[-1]), axis=0), np.linalg.norm(w.reshape(-1, w.shape[-1]), axis=0), rtol=1e-5
            )
    again = landscape.random_direction(model, seed=3)
    assert all(np.array_equal(a, b) for a, b in zip(direction, again))
    with pytest.raises(ValueError, match=r"^seed must be"):
        landscape.random_direction(model, seed=-1)
    with pytest.raises(TypeError, match=r"^model must be a keras.Model"):
        landscape.random_direction([1, 2])


@pytest.mark.parametrize("residual", [True, False])
def test_slice_at_origin_is_the_models_loss_and_weights_stay(residual):
    model = tiny(residual)
    before = [v.numpy().copy() for v in model.variables]
    d1, d2 = landscape.random_direction(model, 0), landscape.random_direction(model, 1)
    surface = landscape.loss_surface_2d(model, X, Y, d1, d2, alphas=[-0.5, 0.0, 0.5, 1.0], betas=[-1.0, 0.0, 1.0])
    assert surface.shape == (3, 4)
    assert surface[1, 1] == pytest.approx(model_loss(model), rel=1e-5)
    line = landscape.loss_slice_1d(model, X, Y, d1, alphas=[0.0, 0.5])
    assert line[0] == pytest.approx(model_loss(model), rel=1e-5)
    assert line[1] == pytest.approx(surface[1, 2], rel=1e-5)
    assert all(np.array_equal(a, v.numpy()) for a, v in zip(before, model.variables))


def test_a_step_along_the_directions_is_the_loss_of_the_moved_weights():
    model = tiny()
    d1, d2 = landscape.random_direction(model, 0), landscape.random_direction(model, 1)
    expected_at = landscape.LossFunction(model, X, Y, d1, d2)(0.5, -0.25)
    for variable, u, v in zip(model.trainable_variables, d1, d2):
        variable.assign(variable.numpy() + 0.5 * u - 0.25 * v)
    assert model_loss(model) == pytest.approx(expected_at, rel=1e-4)


def test_bad_arguments():
    model = tiny()
    d = landscape.random_direction(model, 0)
    with pytest.raises(ValueError, match=r"^alphas must be a non-empty sequence"):
        landscape.loss_slice_1d(model, X, Y, d, alphas=[])
    with pytest.raises(ValueError, match=r"^betas must hold finite numbers"):
        landscape.loss_surface_2d(model, X, Y, d, d, alphas=[0.0], betas=[float("nan")])
    with pytest.raises(ValueError, match=r"^y must have one label per image"):
        landscape.loss_slice_1d(model, X, Y[:3], d, alphas=[0.0])
    with pytest.raises(ValueError, match=r"^d1 must have one array per trainable variable"):
        landscape.loss_slice_1d(model, X, Y, d[:-1], alphas=[0.0])
    with pytest.raises(ValueError, match=r"^x must be an array of rank 4"):
        landscape.loss_slice_1d(model, X[:, :, :, 0], Y, d, alphas=[0.0])


def test_top_hessian_eigenvalue_is_the_largest_eigenvalue_of_the_full_hessian():
    """Against the Hessian built entry by entry for a model small enough to build it."""
    import tensorflow as tf

    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input((4, 4, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(6, activation="tanh"),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    x = np.random.default_rng(0).standard_normal((20, 4, 4, 1)).astype("float32")
    y = np.random.default_rng(1).integers(0, 3, 20)
    sizes = [int(np.prod(v.shape)) for v in model.trainable_variables]
    flat = tf.concat([tf.reshape(v, [-1]) for v in model.trainable_variables], 0)

    def loss_of(vector):
        parts = [tf.reshape(piece, v.shape) for piece, v in zip(tf.split(vector, sizes), model.trainable_variables)]
        probabilities, _ = model.stateless_call(parts, [], tf.constant(x), training=False)
        return tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, probabilities))

    with tf.GradientTape() as outer:
        outer.watch(flat)
        with tf.GradientTape() as inner:
            inner.watch(flat)
            loss = loss_of(flat)
        gradient = inner.gradient(loss, flat)
    hessian = outer.jacobian(gradient, flat).numpy()
    largest = np.linalg.eigvalsh((hessian + hessian.T) / 2)[-1]
    before = [v.numpy().copy() for v in model.trainable_variables]
    assert landscape.top_hessian_eigenvalue(model, x, y, iterations=200) == pytest.approx(largest, rel=1e-3)
    assert all(np.array_equal(a, v.numpy()) for a, v in zip(before, model.trainable_variables))  # weights untouched
