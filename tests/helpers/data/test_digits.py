"""Notebook 03's helpers: the block explorer widget and the digits data."""

from helpers.data.digits import digits_split

import numpy as np
import pytest


def test_digits_split_is_stratified_scaled_and_upsampled():
    data = digits_split(test_fraction=0.25, seed=1, upsample=2)
    assert data.x_train.shape[1:] == (16, 16, 1) and len(data.x_train) + len(data.x_test) == 1797
    assert 0.0 <= data.x_train.min() and data.x_train.max() <= 1.0
    assert abs(len(data.x_test) / 1797 - 0.25) < 0.01
    counts = np.bincount(data.y_test, minlength=10)
    assert counts.min() >= 43  # every class in the test set, in proportion
    np.testing.assert_array_equal(data.x_train[0, ::2, ::2], data.x_train[0, 1::2, 1::2])


@pytest.mark.parametrize(
    "kwargs, argument",
    [({"test_fraction": 0.0}, "test_fraction"), ({"test_fraction": 1.5}, "test_fraction"), ({"upsample": 0}, "upsample")],
)
def test_digits_split_rejects_bad_arguments(kwargs, argument):
    with pytest.raises(ValueError, match=rf"^{argument} must"):
        digits_split(**kwargs)
