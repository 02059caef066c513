"""Notebook 02's helpers: the photo, convolution arithmetic, figures, widgets and exercises."""

from helpers.data import photos

import numpy as np
import pytest

# The photo ---------------------------------------------------------------------------------


def test_grayscale_weights_and_scaling():
    rgb = np.array([[[255, 255, 255], [0, 0, 0], [255, 0, 0]]], dtype=np.uint8)
    gray = photos.to_grayscale(rgb)
    assert gray.dtype == np.float32 and gray.shape == (1, 3)
    np.testing.assert_allclose(gray[0], [1.0, 0.0, 0.299], atol=1e-6)
    np.testing.assert_allclose(photos.to_grayscale(rgb / 255.0), gray, atol=1e-6)  # floats are taken as 0..1


@pytest.mark.parametrize("shape", [(4, 4), (4, 4, 4), (2, 4, 4, 3)])
def test_grayscale_rejects_non_rgb(shape):
    with pytest.raises(ValueError, match=r"^rgb must be an image"):
        photos.to_grayscale(np.zeros(shape))


def test_photo_loads_offline_in_grayscale():
    full = photos.load_gray_photo("china")
    assert full.shape == (427, 640) and full.dtype == np.float32
    assert 0.0 <= full.min() < full.max() <= 1.0
    half = photos.load_gray_photo("china", downscale=2)
    assert half.shape == (213, 320)
    np.testing.assert_allclose(half[5, 7], full[10:12, 14:16].mean(), rtol=1e-5)
    assert photos.load_gray_photo("flower").shape == (427, 640)


@pytest.mark.parametrize(
    "kwargs, argument", [({"name": "cat"}, "name"), ({"downscale": 0}, "downscale"), ({"downscale": 1.5}, "downscale")]
)
def test_photo_rejects_bad_arguments(kwargs, argument):
    wrong_type = isinstance(kwargs[argument], float)  # a float for an integer
    with pytest.raises(TypeError if wrong_type else ValueError, match=rf"^{argument} must be"):
        photos.load_gray_photo(**kwargs)
