"""Argument checks that fail early with a message naming the argument: the one home of them all.

Keras would reject most bad arguments too, but deep inside a layer's build with a traceback a
student cannot read. These checks run first and say which argument is wrong and why.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from numbers import Integral, Real
from typing import Any

import numpy as np


def positive_int(name: str, value: Any) -> int:
    """Return value as an int if it is a positive integer, else raise ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, Integral) or value <= 0:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")
    return int(value)


def seed(name: str, value: Any) -> int:
    """A random seed: a non-negative integer."""
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer; got {value!r}")
    return int(value)


def fraction(name: str, value: Any) -> float:
    """A number in [0, 1), such as a BatchNormalization momentum."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be a number in [0, 1); got {value!r}")
    return float(value)


def kernel_size(name: str, value: Any) -> int | tuple[int, int]:
    """A convolution kernel size or stride: a positive int, or a pair of positive ints."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be a positive integer or a pair of them; got {value!r}")
        return tuple(positive_int(name, v) for v in value)  # type: ignore[return-value]
    return positive_int(name, value)


def image_shape(name: str, value: Any) -> tuple[int, int, int]:
    """An image shape (height, width, channels) with every side a positive integer."""
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 3:
        raise ValueError(f"{name} must be (height, width, channels); got {value!r}")
    sides = ("height", "width", "channels")
    for side, v in zip(sides, value):
        if v is None:
            raise ValueError(f"{name} has no {side} (None); every side must be a positive integer: {value!r}")
        if isinstance(v, bool) or not isinstance(v, Integral) or v <= 0:
            raise ValueError(f"{name} {side} must be a positive integer; got {v!r} in {value!r}")
    return tuple(int(v) for v in value)  # type: ignore[return-value]


def feature_map(name: str, x: Any) -> Any:
    """A batch of feature maps: a tensor of rank 4 (batch, height, width, channels)."""
    shape = getattr(x, "shape", None)
    if shape is None:
        raise ValueError(f"{name} must be a tensor of shape (batch, height, width, channels); got {type(x).__name__}")
    if len(shape) != 4:
        raise ValueError(
            f"{name} must be a tensor of rank 4 (batch, height, width, channels); got rank {len(shape)} with shape {tuple(shape)}"
        )
    return x


def non_negative_int(name: str, value: Any) -> int:
    """A count that may be zero (warm-up calls, retries)."""
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer; got {value!r}")
    return int(value)


def positive_number(name: str, value: Any) -> float:
    """A finite number above zero (a learning rate, a timeout in seconds)."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number; got {value!r}")
    return float(value)


def boolean(name: str, value: Any) -> bool:
    """True or False itself: a string such as "False" would count as true."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False; got {value!r}")
    return bool(value)


def one_of(name: str, value: Any, options: Iterable[Any]) -> Any:
    """One of a fixed set of names or values, listed in the error."""
    options = tuple(options)
    try:
        known = value in options
    except TypeError:  # unhashable, e.g. a list for a dict's keys
        known = False
    if not known:
        raise ValueError(f"{name} must be one of {options}; got {value!r}")
    return value


def keras_model(name: str, value: Any) -> Any:
    """A Keras model (functional, Sequential or subclassed)."""
    import keras

    if not isinstance(value, keras.Model):
        raise ValueError(f"{name} must be a keras.Model; got {type(value).__name__}")
    return value


def labelled_images(x: Any, y: Any, *, min_images: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """A batch of images (batch, height, width, channels) as float32 and one label per image."""
    x, y = np.asarray(x, dtype="float32"), np.asarray(y).reshape(-1)
    if x.ndim != 4 or len(x) < min_images:
        least = "a non-empty batch of images" if min_images == 1 else f"a batch of at least {min_images} images"
        raise ValueError(f"x must be {least} (batch, height, width, channels); got shape {x.shape}")
    if len(y) != len(x):
        raise ValueError(f"y must have one label per image; got {len(y)} labels for {len(x)} images")
    return x, y
