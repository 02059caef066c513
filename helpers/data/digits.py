"""scikit-learn's bundled handwritten digits (1,797 real 8x8 images, 10 classes), ready for Keras.

The data ships inside scikit-learn, so nothing is downloaded.
"""

from __future__ import annotations

from helpers import validation

from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split


@dataclass(frozen=True)
class DigitsSplit:
    x_train: np.ndarray  # (n, side, side, 1) float32 in [0, 1]
    y_train: np.ndarray  # (n,) int labels 0..9
    x_test: np.ndarray
    y_test: np.ndarray


def digits_split(test_fraction: float = 0.3, seed: int = 0, upsample: int = 1) -> DigitsSplit:
    """A stratified train/test split of the digits, scaled to [0, 1].

    upsample: repeat each pixel this many times along both sides (8x8 becomes 8*upsample square),
    which gives deeper networks room before their feature maps shrink to 1x1.
    """
    test_fraction = validation.number("test_fraction", test_fraction, above=0.0, below=1.0)
    if not 0.01 <= test_fraction <= 0.99:  # both sides need every one of the 10 digits
        raise ValueError(f"test_fraction must be between 0 and 1, within [0.01, 0.99] for 1,797 digits; got {test_fraction!r}")
    seed = validation.seed("seed", seed)
    upsample = validation.positive_int("upsample", upsample)
    digits = load_digits()
    images = (digits.images / 16.0).astype("float32")
    if upsample > 1:
        images = images.repeat(upsample, axis=1).repeat(upsample, axis=2)
    x_train, x_test, y_train, y_test = train_test_split(
        images[..., None], digits.target, test_size=test_fraction, random_state=seed, stratify=digits.target
    )
    return DigitsSplit(x_train, y_train, x_test, y_test)
