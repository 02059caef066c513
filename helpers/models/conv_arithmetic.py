"""One convolution's arithmetic: output size, the zeros padding="same" adds, and its parameters (notebook 02)."""

from __future__ import annotations

from helpers import validation

from typing import Any

PADDINGS = ("valid", "same")


# Output-size arithmetic ------------------------------------------------------------------


def _padding(padding: Any) -> str:
    validation.one_of("padding", padding, PADDINGS)
    return padding


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: str = "valid") -> int:
    """Output height (or width) of a convolution or pooling layer along one side of the input.

    "valid": no padding, the window must fit inside the input: (size - kernel_size) // stride + 1.
    "same": zeros are padded around so that every stride-th position gets an output: ceil(size / stride).
    """
    size = validation.positive_int("size", size)
    kernel_size = validation.positive_int("kernel_size", kernel_size)
    stride = validation.positive_int("stride", stride)
    if _padding(padding) == "same":
        return -(-size // stride)
    if kernel_size > size:
        raise ValueError(
            f"kernel_size must fit inside the input with padding='valid'; got kernel_size={kernel_size} for size={size}"
        )
    return (size - kernel_size) // stride + 1


def same_padding(size: int, kernel_size: int, stride: int = 1) -> tuple[int, int]:
    """Zeros that padding="same" adds (before, after) along one side, as TensorFlow does it.

    The total is what the last window needs to end at the padded edge; an odd total puts the
    extra zero after the input.
    """
    out = conv_output_size(size, kernel_size, stride, "same")
    total = max((out - 1) * stride + kernel_size - size, 0)
    return total // 2, total - total // 2


def conv_params(kernel_size: int, in_channels: int, filters: int, use_bias: bool = True) -> int:
    """Weights of a Conv2D: a kernel_size x kernel_size x in_channels kernel (plus a bias) per filter."""
    validation.boolean("use_bias", use_bias)
    kernel_size = validation.positive_int("kernel_size", kernel_size)
    in_channels = validation.positive_int("in_channels", in_channels)
    filters = validation.positive_int("filters", filters)
    return (kernel_size * kernel_size * in_channels + int(bool(use_bias))) * filters
