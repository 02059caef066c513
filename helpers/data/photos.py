"""A real photo with no download: scikit-learn's two bundled sample photos, in grayscale (notebook 02)."""

from __future__ import annotations

from helpers import validation

from typing import Any

import numpy as np

SAMPLE_PHOTOS = ("china", "flower")  # the two photos scikit-learn ships (china.jpg, flower.jpg)
LUMA_WEIGHTS = (0.299, 0.587, 0.114)  # ITU-R BT.601: how much red, green and blue add to brightness


# A real photo, in grayscale --------------------------------------------------------------


def to_grayscale(rgb: Any) -> np.ndarray:
    """An RGB image (height, width, 3) as brightness in [0, 1]: float32 of shape (height, width).

    Integer images are read as 0..255; float images are taken to be in [0, 1] already.
    """
    array = np.asarray(rgb)
    if array.dtype == bool or not np.issubdtype(array.dtype, np.number):
        raise TypeError(f"rgb must be an image of numbers (integers 0..255 or floats in [0, 1]); got dtype {array.dtype}")
    if array.ndim != 3 or array.shape[-1] != 3:
        raise ValueError(f"rgb must be an image of shape (height, width, 3); got shape {array.shape}")
    if np.issubdtype(array.dtype, np.integer):
        validation.array("rgb", array, minimum=0, maximum=255, min_size=0)
        array = array / 255.0
    else:
        validation.array("rgb", array, minimum=0.0, maximum=1.0, min_size=0)  # 0..255 floats: divide by 255 first
    return (array.astype(np.float64) @ np.array(LUMA_WEIGHTS)).astype(np.float32)


def load_gray_photo(name: str = "china", downscale: int = 1) -> np.ndarray:
    """One of scikit-learn's bundled photos (no download) in grayscale: float32 in [0, 1].

    Full size is (427, 640); downscale=k averages each k x k block of pixels, dropping the
    rows and columns that do not fill a block.
    """
    validation.one_of("name", name, SAMPLE_PHOTOS)
    downscale = validation.positive_int("downscale", downscale)
    from sklearn.datasets import load_sample_image

    gray = to_grayscale(load_sample_image(f"{name}.jpg"))
    validation.positive_int("downscale", downscale, maximum=min(gray.shape), why=f"the photo is {gray.shape[0]}x{gray.shape[1]}")
    rows, cols = gray.shape[0] // downscale, gray.shape[1] // downscale
    blocks = gray[: rows * downscale, : cols * downscale].reshape(rows, downscale, cols, downscale)
    return blocks.mean(axis=(1, 3), dtype=np.float64).astype(np.float32)
