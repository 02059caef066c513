"""Notebook 02's helpers: the photo, convolution arithmetic, figures, widgets and exercises."""

from helpers.experiments import batchnorm

import numpy as np
import pytest

# Moving statistics ---------------------------------------------------------------------------


def test_moving_average_follows_the_update_rule():
    batches, moving = batchnorm.moving_average_trace(0.9, 50, true_value=0.05, initial=1.0, noise=0.0)
    np.testing.assert_allclose(batches, 0.05)
    t = np.arange(1, 51)
    np.testing.assert_allclose(moving, 0.05 + (1.0 - 0.05) * 0.9**t, rtol=1e-12)
    noisy_batches, noisy = batchnorm.moving_average_trace(0.99, 5, noise=0.2, seed=3)
    value = 1.0
    for b, m in zip(noisy_batches, noisy):
        value = 0.99 * value + 0.01 * b
        assert m == pytest.approx(value)


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"momentum": 1.0}, "momentum"),
        ({"momentum": -0.1}, "momentum"),
        ({"steps": 0}, "steps"),
        ({"true_value": 0.0}, "true_value"),
    ],
)
def test_moving_average_rejects_bad_arguments(kwargs, argument):
    args = {"momentum": 0.9, "steps": 10} | kwargs
    with pytest.raises(ValueError, match=rf"^{argument} must be"):
        batchnorm.moving_average_trace(**args)
