"""Notebook 02's helpers: the photo, convolution arithmetic, figures, widgets and exercises."""

from helpers.exercises import feedback

import numpy as np

# Exercises of notebook 02 ------------------------------------------------------------------------


def test_exercise_feedback_for_known_mistakes():
    assert 'padding="same"' in feedback("02.1", 16)[1]
    assert "biases" in feedback("02.2", 73_728)[1]
    assert feedback("02.3", 3 * 4 / np.sqrt(4.001) + 1)[0] is True  # with Keras's epsilon
    assert "beta" in feedback("02.3", 6)[1]
    assert "just above" in feedback("02.5", 458)[1]


def test_max_pool_exercise_runs_the_function():
    assert feedback("02.4", lambda x: x.reshape(x.shape[0] // 2, 2, x.shape[1] // 2, 2).max(axis=(1, 3)))[0] is True
    assert "averages" in feedback("02.4", lambda x: x.reshape(x.shape[0] // 2, 2, x.shape[1] // 2, 2).mean(axis=(1, 3)))[1]
    assert "each side should halve" in feedback("02.4", lambda x: x)[1]
    assert feedback("02.4", lambda x: ...)[0] is None
    assert "forget `return`" in feedback("02.4", lambda x: None)[1]

    def loops(x):
        return np.array([[x[i : i + 2, j : j + 2].max() for j in range(0, x.shape[1], 2)] for i in range(0, x.shape[0], 2)])

    assert feedback("02.4", loops)[0] is True


def test_fold_bn_runs_the_function():
    def fold(kernel, bias, gamma, beta, mean, var, epsilon=1e-3):
        scale = gamma / np.sqrt(var + epsilon)
        return kernel * scale, (bias - mean) * scale + beta

    assert feedback("02.6", fold)[0] is True

    def no_epsilon(kernel, bias, gamma, beta, mean, var, epsilon=1e-3):
        return fold(kernel, bias, gamma, beta, mean, var, 0.0)

    def no_mean(kernel, bias, gamma, beta, mean, var, epsilon=1e-3):
        return fold(kernel, bias, gamma, beta, 0.0 * mean, var, epsilon)

    def bias_dropped(kernel, bias, gamma, beta, mean, var, epsilon=1e-3):
        return fold(kernel, 0.0 * bias, gamma, beta, mean, var, epsilon)

    def by_variance(kernel, bias, gamma, beta, mean, var, epsilon=1e-3):
        scale = gamma / (var + epsilon)
        return kernel * scale, (bias - mean) * scale + beta

    assert "sqrt(var + epsilon)" in feedback("02.6", no_epsilon)[1]
    assert "moving mean" in feedback("02.6", no_mean)[1]
    assert "own bias" in feedback("02.6", bias_dropped)[1]
    assert "standard deviation" in feedback("02.6", by_variance)[1]
    assert "two things" in feedback("02.6", lambda kernel, **k: kernel)[1]
    assert "keep the shape" in feedback("02.6", lambda kernel, bias, *a, **k: (kernel[..., 0], bias))[1]
    assert feedback("02.6", lambda *a, **k: ...)[0] is None
    assert feedback("02.6", lambda *a, **k: (..., ...))[0] is None
    assert "forget `return`" in feedback("02.6", lambda *a, **k: None)[1]
    assert "raised" in feedback("02.6", lambda kernel, bias: kernel)[1]
