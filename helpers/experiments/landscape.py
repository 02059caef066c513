"""Loss landscapes along filter-normalised random directions (Li et al. 2018, arXiv:1712.09913).

For trained weights theta and two random directions d1, d2, the loss is evaluated at
theta + a*d1 + b*d2 on a grid of (a, b). Each direction is Gaussian, rescaled filter by filter
(d_ij <- d_ij / ||d_ij|| * ||theta_ij||; a filter of a Keras kernel is kernel[..., j]) so that
a step of 1 moves every filter by its own size; biases and BatchNormalization's scale and shift
get direction 0, and BN runs in inference mode with its trained moving statistics.

The loss is computed with `model.stateless_call` on perturbed copies of the weights, inside one
traced function: the model's own weights are never changed.
"""

from __future__ import annotations

from helpers import validation

import keras
import numpy as np
import tensorflow as tf


def normalize_filters(direction, weights) -> np.ndarray:
    """Rescale each filter direction[..., j] to the norm of weights[..., j].

    Weights with fewer than 2 axes (biases, BN's gamma and beta) get a zero direction. A filter
    of zero norm in `direction` stays zero.
    """
    direction = validation.array("direction", direction, dtype="float64", min_size=0)
    weights = validation.array("weights", weights, dtype="float64", min_size=0)
    if direction.shape != weights.shape:
        raise ValueError(f"direction must have the shape of weights {weights.shape}; got {direction.shape}")
    if weights.ndim < 2:
        return np.zeros_like(weights)
    axes = tuple(range(weights.ndim - 1))  # every axis but the last: one norm a filter
    d_norm = np.sqrt(np.sum(direction**2, axis=axes, keepdims=True))
    w_norm = np.sqrt(np.sum(weights**2, axis=axes, keepdims=True))
    scale = np.divide(w_norm, d_norm, out=np.zeros_like(d_norm), where=d_norm > 0)
    return direction * scale


def random_direction(model: keras.Model, seed: int = 0) -> list[np.ndarray]:
    """A filter-normalised Gaussian direction: one array for each of model.trainable_variables."""
    validation.keras_model("model", model)
    seed = validation.seed("seed", seed)
    rng = np.random.default_rng(seed)
    direction = []
    for variable in model.trainable_variables:
        weights = variable.numpy()
        direction.append(normalize_filters(rng.standard_normal(weights.shape), weights).astype("float32"))
    return direction


class LossFunction:
    """loss(a, b) = mean cross-entropy of `model` at theta + a*d1 + b*d2 on fixed images (inference mode)."""

    def __init__(self, model: keras.Model, x, y, d1: list[np.ndarray], d2: list[np.ndarray] | None = None):
        validation.keras_model("model", model)
        self.x, self.y = validation.labelled_images(x, y, model=model)
        shapes = [tuple(v.shape) for v in model.trainable_variables]
        for name, d in (("d1", d1), ("d2", d2)):
            if d is not None or name == "d1":
                validation.instance(name, d, (list, tuple), "list of arrays, one per trainable variable")
            if d is not None and [tuple(np.shape(a)) for a in d] != shapes:
                raise ValueError(f"{name} must have one array per trainable variable, shaped like it")
        self.model = model
        self.theta = [tf.constant(v.numpy()) for v in model.trainable_variables]
        self.fixed = [tf.constant(v.numpy()) for v in model.non_trainable_variables]
        self.d1 = [tf.constant(a, dtype=tf.float32) for a in d1]
        self.d2 = [tf.constant(a, dtype=tf.float32) for a in (d2 if d2 is not None else d1)]
        labels = tf.constant(self.y)
        images = tf.constant(self.x)

        @tf.function(reduce_retracing=True)
        def loss_at(a, b):
            weights = [t + a * u + b * v for t, u, v in zip(self.theta, self.d1, self.d2)]
            probabilities, _ = model.stateless_call(weights, self.fixed, images, training=False)
            return tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(labels, probabilities))

        self._loss_at = loss_at

    def __call__(self, a: float, b: float = 0.0) -> float:
        return float(self._loss_at(tf.constant(a, tf.float32), tf.constant(b, tf.float32)))


def _grid(name: str, values) -> np.ndarray:
    values = validation.array(name, values, dtype="float64", min_size=0, max_size=10_000).reshape(-1)
    if values.size == 0 or not np.all(np.isfinite(values)):
        raise ValueError(f"{name} must be a non-empty sequence of finite numbers")
    return values


def loss_slice_1d(model: keras.Model, x, y, direction: list[np.ndarray], alphas) -> np.ndarray:
    """Loss at theta + a*direction for each a in alphas."""
    alphas = _grid("alphas", alphas)
    loss = LossFunction(model, x, y, direction)
    return np.array([loss(a, 0.0) for a in alphas])


def loss_surface_2d(model: keras.Model, x, y, d1: list[np.ndarray], d2: list[np.ndarray], alphas, betas) -> np.ndarray:
    """Loss at theta + a*d1 + b*d2: an array of shape (len(betas), len(alphas)), rows b, columns a."""
    alphas, betas = _grid("alphas", alphas), _grid("betas", betas)
    loss = LossFunction(model, x, y, d1, d2)
    return np.array([[loss(a, b) for a in alphas] for b in betas])


def top_hessian_eigenvalue(model: keras.Model, x, y, iterations: int = 20, seed: int = 0) -> float:
    """The largest eigenvalue of the Hessian of the loss at the trained weights: the curvature
    along the sharpest direction, one number for "how sharp is this minimum".

    The loss is LossFunction's (mean cross-entropy on fixed images, BN in inference mode), as a
    function of all trainable variables. Power iteration: start from a random unit vector v,
    repeat v <- Hv / |Hv|, where Hv (a Hessian-vector product) is the gradient of (gradient . v),
    so the Hessian itself (parameters x parameters numbers) is never formed. The estimate is the
    Rayleigh quotient v . Hv after the last step. It converges to the eigenvalue of largest size;
    at a minimum the Hessian's large eigenvalues are positive, so that is the top one.
    """
    validation.keras_model("model", model)
    x, y = validation.labelled_images(x, y, model=model)
    iterations = validation.positive_int("iterations", iterations, maximum=1000, why="power iteration converges long before")
    seed = validation.seed("seed", seed)
    theta = [tf.constant(v.numpy()) for v in model.trainable_variables]
    fixed = [tf.constant(v.numpy()) for v in model.non_trainable_variables]
    images, labels = tf.constant(x), tf.constant(y)

    @tf.function
    def hessian_vector_product(vector):
        with tf.GradientTape() as outer:
            outer.watch(theta)
            with tf.GradientTape() as inner:
                inner.watch(theta)
                probabilities, _ = model.stateless_call(theta, fixed, images, training=False)
                loss = tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(labels, probabilities))
            grads = inner.gradient(loss, theta)
            along = tf.add_n([tf.reduce_sum(g * v) for g, v in zip(grads, vector)])
        return outer.gradient(along, theta)

    def unit(vector):
        norm = tf.sqrt(tf.add_n([tf.reduce_sum(v * v) for v in vector]))
        return [v / norm for v in vector]

    rng = np.random.default_rng(seed)
    vector = unit([tf.constant(rng.standard_normal(t.shape), tf.float32) for t in theta])
    for _ in range(iterations):
        product = hessian_vector_product(vector)
        rayleigh = float(tf.add_n([tf.reduce_sum(h * v) for h, v in zip(product, vector)]))
        vector = unit(product)
    return rayleigh
