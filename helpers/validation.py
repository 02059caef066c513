"""Argument checks that fail early with a message naming the argument.

Keras would reject most bad arguments too, but deep inside a layer's build with a traceback a
student cannot read. These checks run first and say which argument is wrong and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral
from typing import Any


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
            f"{name} must be a tensor of rank 4 (batch, height, width, channels); "
            f"got rank {len(shape)} with shape {tuple(shape)}"
        )
    return x
