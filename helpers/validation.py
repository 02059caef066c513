"""Argument checks that fail early with a message naming the argument: the one home of them all.

Keras would reject most bad arguments too, but deep inside a layer's build with a traceback a
student cannot read. These checks run first and say which argument is wrong and why.

Every message starts with the argument's name, says what was expected and what came. A value of
the wrong type (a string for a number, a float for an integer, True for a count) raises
TypeError; a value of the right type outside its range raises ValueError. NumPy scalars and
arrays are accepted wherever the Python number or sequence is.

Counts and sizes have upper bounds, so that a typo (10**9 filters) is refused at once instead of
sitting in TensorFlow's allocator or in a loop that never ends. The bounds are set by the
argument's name in LIMITS below (a call may pass its own); each says why.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from numbers import Integral, Real
from typing import Any

import numpy as np

TEACHING = "this is a teaching helper, not a data loader"
LAPTOP = "larger would not fit a CPU laptop's memory and time"

# Upper bounds by argument name (an index such as widths[2] uses the bound of widths).
LIMITS: dict[str, tuple[int, str]] = {
    "count": (100_000, TEACHING),
    "validation_images": (100_000, TEACHING),
    "images_seen": (100_000, TEACHING),
    "image_size": (1024, LAPTOP),
    "input_size": (1024, LAPTOP),
    "side": (1024, LAPTOP),
    "size": (1024, LAPTOP),
    "height": (1024, LAPTOP),
    "input_shape": (4096, LAPTOP),
    "filters": (4096, LAPTOP),
    "in_channels": (4096, LAPTOP),
    "channels": (4096, LAPTOP),
    "width": (4096, LAPTOP),
    "widths": (4096, LAPTOP),
    "stem_width": (4096, LAPTOP),
    "classes": (10_000, LAPTOP),
    "blocks": (1000, "2**1000 paths are already more than anyone can count"),
    "blocks_per_stage": (200, "ResNet-1202, the deepest network in the papers, has 200 blocks a stage"),
    "depth": (1202, "ResNet-1202 is the deepest network in the papers"),
    "ks": (1000, "no network here has more blocks to lesion"),
    "expansion": (16, "the papers use 4"),
    "kernel_size": (64, LAPTOP),
    "stride": (64, LAPTOP),
    "dpi": (600, "a figure for a screen needs far less"),
    "max_blocks_per_stage": (1000, "no network here has more"),
    "cols": (100, "a figure cannot show more columns"),
    "upsample": (16, "16 already makes the 8x8 digits 128x128"),
    "batch_size": (4096, LAPTOP),
    "global_batch": (4096, LAPTOP),
    "batches": (1000, LAPTOP),
    "repeats": (10_000, "a timing needs a handful of repeats"),
    "rounds": (10_000, "a timing needs a handful of rounds"),
    "draws": (10_000, "a lesion study needs a handful of draws"),
    "warmup": (10_000, "a timing needs a handful of warm-up calls"),
    "epochs": (10_000, LAPTOP),
    "steps": (100_000, LAPTOP),
    "steps_per_epoch": (100_000, LAPTOP),
    "patience": (10_000, "more than the epochs a lesson trains"),
    "workers": (16, "a laptop has few cores"),
}
DEFAULT_LIMIT = (1_000_000, "no lesson needs more")
SEED_MAX = 2**32 - 1  # NumPy's seeds are 32-bit


def _got(value: Any) -> str:
    """What came, for a message: its type and a short repr."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _limit(name: str, maximum: int | None, why: str | None) -> tuple[int, str]:
    if maximum is not None:
        return maximum, why or "larger is not meaningful here"
    base = re.sub(r"\[.*$", "", name)
    return LIMITS.get(base, DEFAULT_LIMIT)


def integer(name: str, value: Any, minimum: int | None = None, maximum: int | None = None, why: str = "") -> int:
    """An int (a NumPy integer too); bools and floats are refused with TypeError."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer; got {_got(value)}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum:,} ({why}); got {value:,}")
    return value


def positive_int(name: str, value: Any, maximum: int | None = None, why: str | None = None) -> int:
    """A positive integer with the upper bound of its name (LIMITS), or `maximum`."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be a positive integer; got {_got(value)}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer; got {int(value)}")
    top, reason = _limit(name, maximum, why)
    return integer(name, value, 1, top, reason)


def non_negative_int(name: str, value: Any, maximum: int | None = None, why: str | None = None) -> int:
    """A count that may be zero (warm-up calls, retries), bounded like positive_int."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be a non-negative integer; got {_got(value)}")
    if value < 0:
        raise ValueError(f"{name} must be a non-negative integer; got {int(value)}")
    top, reason = _limit(name, maximum, why)
    return integer(name, value, 0, top, reason)


def seed(name: str, value: Any) -> int:
    """A random seed: an integer in NumPy's range [0, 2**32 - 1]."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be a non-negative integer below 2**32 (a seed); got {_got(value)}")
    if not 0 <= value <= SEED_MAX:
        raise ValueError(f"{name} must be a non-negative integer below 2**32 (NumPy's seeds); got {int(value)}")
    return int(value)


def number(
    name: str,
    value: Any,
    minimum: float | None = None,
    maximum: float | None = None,
    *,
    above: float | None = None,
    below: float | None = None,
) -> float:
    """A finite real number (NumPy floats too) within the bounds given; bools and strings refused."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number; got {_got(value)}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum:g}; got {value:g}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum:g}; got {value:g}")
    if above is not None and value <= above:
        raise ValueError(f"{name} must be above {above:g}; got {value:g}")
    if below is not None and value >= below:
        raise ValueError(f"{name} must be below {below:g}; got {value:g}")
    return value


def fraction(name: str, value: Any) -> float:
    """A number in [0, 1), such as a BatchNormalization momentum."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number in [0, 1); got {_got(value)}")
    if not 0.0 <= value < 1.0:  # NaN fails this too
        raise ValueError(f"{name} must be a number in [0, 1); got {float(value)!r}")
    return float(value)


def positive_number(name: str, value: Any, maximum: float | None = None) -> float:
    """A finite number above zero (a learning rate, a timeout in seconds)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a positive number; got {_got(value)}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite positive number; got {float(value)!r}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum:g}; got {float(value):g}")
    return float(value)


def kernel_size(name: str, value: Any) -> int | tuple[int, int]:
    """A convolution kernel size or stride: a positive int, or a pair of positive ints."""
    if isinstance(value, (tuple, list, np.ndarray)):
        if len(value) != 2:
            raise ValueError(f"{name} must be a positive integer or a pair of them; got {value!r}")
        return tuple(positive_int(name, v) for v in value)  # type: ignore[return-value]
    return positive_int(name, value)


def image_shape(name: str, value: Any) -> tuple[int, int, int]:
    """An image shape (height, width, channels): a tuple, list or NumPy array of positive integers."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list, np.ndarray)):
        raise TypeError(f"{name} must be (height, width, channels); got {_got(value)}")
    if np.ndim(value) != 1 or len(value) != 3:
        raise ValueError(f"{name} must be (height, width, channels); got {value!r}")
    sides = ("height", "width", "channels")
    limits = (LIMITS["image_size"], LIMITS["image_size"], LIMITS["channels"])
    for side, v, (top, why) in zip(sides, value, limits):
        if v is None:
            raise ValueError(f"{name} has no {side} (None); every side must be a positive integer: {value!r}")
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, Integral):
            raise TypeError(f"{name} {side} must be a positive integer; got {_got(v)} in {value!r}")
        if v <= 0:
            raise ValueError(f"{name} {side} must be a positive integer; got {int(v)} in {value!r}")
        if v > top:
            raise ValueError(f"{name} {side} must be at most {top:,} ({why}); got {int(v):,}")
    return tuple(int(v) for v in value)  # type: ignore[return-value]


def feature_map(name: str, x: Any) -> Any:
    """A batch of feature maps: a tensor of rank 4 (batch, height, width, channels)."""
    shape = getattr(x, "shape", None)
    if shape is None:
        raise TypeError(f"{name} must be a tensor of shape (batch, height, width, channels); got {type(x).__name__}")
    if len(shape) != 4:
        raise ValueError(
            f"{name} must be a tensor of rank 4 (batch, height, width, channels); got rank {len(shape)} with shape {tuple(shape)}"
        )
    return x


def boolean(name: str, value: Any) -> bool:
    """True or False itself: a string such as "False" would count as true."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {_got(value)}")
    return bool(value)


def text(name: str, value: Any) -> str:
    """A string."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string; got {_got(value)}")
    return value


def one_of(name: str, value: Any, options: Iterable[Any]) -> Any:
    """One of a fixed set of names or values, listed in the error.

    A value of a type none of the options has (a list for a name) raises TypeError, an unknown
    value of the right type ValueError.
    """
    options = tuple(options)

    def same_kind(option: Any) -> bool:
        if isinstance(option, (bool, np.bool_)) or isinstance(value, (bool, np.bool_)):
            return isinstance(option, (bool, np.bool_)) and isinstance(value, (bool, np.bool_))
        if isinstance(option, Real):
            return isinstance(value, Real)
        return isinstance(value, type(option))

    try:
        known = any(same_kind(option) and bool(value == option) for option in options)
    except (TypeError, ValueError):  # an array compared with a name
        known = False
    if not known:
        if not any(same_kind(option) for option in options):
            raise TypeError(f"{name} must be one of {options}; got {_got(value)}")
        raise ValueError(f"{name} must be one of {options}; got {value!r}")
    return value


def instance(name: str, value: Any, kind: type | tuple[type, ...], what: str | None = None) -> Any:
    """An object of the given class, such as a TrainingPlan for `plan`."""
    if not isinstance(value, kind):
        what = what or (kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind))
        raise TypeError(f"{name} must be a {what}; got {_got(value)}")
    return value


def callable_(name: str, value: Any) -> Any:
    """A function (or anything callable)."""
    if not callable(value):
        raise TypeError(f"{name} must be a function; got {_got(value)}")
    return value


def array(
    name: str,
    value: Any,
    *,
    ndim: int | tuple[int, ...] | None = None,
    shape: tuple[int | None, ...] | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    min_size: int = 1,
    max_size: int = 100_000 * 128 * 128,
    dtype: str = "float32",
) -> np.ndarray:
    """A numeric array of the expected rank and shape, finite, within [minimum, maximum].

    `shape` may hold None for a side of any length. The size is checked before a copy is made,
    so a huge array is refused without allocating it.
    """
    if isinstance(value, (str, bytes, dict, set)) or value is None:
        raise TypeError(f"{name} must be a numeric array; got {_got(value)}")
    size = getattr(value, "size", None)
    if isinstance(size, Integral) and size > max_size:
        raise ValueError(f"{name} must have at most {max_size:,} numbers ({TEACHING}); got {size:,}")
    try:
        result = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be a numeric array; got {_got(value)} ({error})") from None
    ranks = (ndim,) if isinstance(ndim, int) else ndim
    if ranks is not None and result.ndim not in ranks:
        wanted = " or ".join(str(r) for r in ranks)
        raise ValueError(f"{name} must be an array of rank {wanted}; got rank {result.ndim} with shape {result.shape}")
    if shape is not None:
        if result.ndim != len(shape) or any(s is not None and s != r for s, r in zip(shape, result.shape)):
            wanted = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
            raise ValueError(f"{name} must have shape {wanted}; got {result.shape}")
    if result.size < min_size:
        raise ValueError(f"{name} must hold at least {min_size} number(s); got shape {result.shape}")
    if result.size > max_size:
        raise ValueError(f"{name} must have at most {max_size:,} numbers ({TEACHING}); got {result.size:,}")
    if np.issubdtype(result.dtype, np.number) and not np.all(np.isfinite(result)):
        raise ValueError(f"{name} must hold finite numbers; it has NaN or infinity")
    if minimum is not None and result.size and result.min() < minimum:
        raise ValueError(
            f"{name} must lie in [{minimum:g}, {maximum if maximum is not None else 'inf'}]; its least value is {float(result.min()):g}"
        )
    if maximum is not None and result.size and result.max() > maximum:
        low = "-inf" if minimum is None else f"{minimum:g}"
        raise ValueError(f"{name} must lie in [{low}, {maximum:g}]; its largest value is {float(result.max()):g}")
    return result


def images(
    name: str,
    value: Any,
    *,
    channels: int | None = None,
    size: int | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    min_images: int = 1,
) -> np.ndarray:
    """A batch of images (batch, height, width, channels) as float32, finite, of the expected size."""
    result = array(name, value, minimum=minimum, maximum=maximum, min_size=0)
    if result.ndim != 4:
        raise ValueError(f"{name} must be a batch of images (batch, height, width, channels); got shape {result.shape}")
    if len(result) < min_images:
        least = "a non-empty batch of images" if min_images == 1 else f"a batch of at least {min_images} images"
        raise ValueError(f"{name} must be {least} (batch, height, width, channels); got shape {result.shape}")
    if len(result) > LIMITS["count"][0]:
        raise ValueError(f"{name} must hold at most {LIMITS['count'][0]:,} images ({TEACHING}); got {len(result):,}")
    if size is not None and result.shape[1:3] != (size, size):
        raise ValueError(f"{name} must be {size}x{size} images; got shape {result.shape}")
    if channels is not None and result.shape[3] != channels:
        raise ValueError(f"{name} must have {channels} channel(s); got {result.shape[3]} in shape {result.shape}")
    return result


def keras_model(name: str, value: Any, *, built: bool = True) -> Any:
    """A Keras model (functional, Sequential or subclassed) that has its input, if `built`."""
    import keras

    if not isinstance(value, keras.Model):
        raise TypeError(f"{name} must be a keras.Model; got {_got(value)}")
    if built:
        try:
            value.inputs  # noqa: B018 (an unbuilt Sequential has none and raises)
            ok = bool(value.inputs)
        except (AttributeError, ValueError):
            ok = False
        if not ok:
            raise ValueError(
                f"{name} must be a built model with a known input; got {type(value).__name__} {value.name!r}"
                " that has none yet (give it keras.Input(shape=...) or call it on data first)"
            )
    return value


def model_input(name: str, x: Any, model: Any, min_images: int = 1) -> np.ndarray:
    """Images for `model`: rank and sides matching model.input_shape (if it has one yet), finite, as float32."""
    try:
        expected = tuple(model.input_shape)
    except (AttributeError, ValueError):  # a subclassed model not called yet: nothing to match
        return images(name, x, min_images=min_images)
    result = array(name, x, ndim=len(expected), min_size=0)
    if len(result) < min_images:
        least = "a non-empty batch of images" if min_images == 1 else f"a batch of at least {min_images} images"
        raise ValueError(f"{name} must be {least}; got shape {result.shape}")
    for got, want in zip(result.shape[1:], expected[1:]):
        if want is not None and got != want:
            raise ValueError(f"{name} must match the model's input {expected}; got shape {result.shape}")
    return result


def labelled_images(
    x: Any, y: Any, *, min_images: int = 1, classes: int | None = None, model: Any = None
) -> tuple[np.ndarray, np.ndarray]:
    """A batch of images (batch, height, width, channels) as float32 and one label per image.

    With `classes`, each label must be an integer class in [0, classes). With a classifier
    `model`, the images must fit its input and the labels its classes.
    """
    if model is not None:
        x = model_input("x", x, model, min_images=min_images)
        try:
            output = tuple(model.output_shape)
        except (AttributeError, ValueError):
            output = ()
        if classes is None and len(output) == 2 and output[-1] is not None:
            classes = int(output[-1])
    x = images("x", x, min_images=min_images)
    labels = array("y", y, ndim=(0, 1, 2), min_size=0, dtype="float64").reshape(-1)
    if len(labels) != len(x):
        raise ValueError(f"y must have one label per image; got {len(labels)} labels for {len(x)} images")
    if classes is not None and len(labels):
        if not np.all(labels == np.round(labels)) or labels.min() < 0 or labels.max() >= classes:
            raise ValueError(f"y must hold class labels 0..{classes - 1}; got values from {labels.min():g} to {labels.max():g}")
    return x, np.asarray(y).reshape(-1)


def slider_start(name: str, value: Any, minimum: float, maximum: float) -> float:
    """A widget's start value within its slider's range (a slider would clip it silently).

    Integer sliders (integer bounds) need an integer; float sliders take any finite number.
    """
    if isinstance(minimum, int) and isinstance(maximum, int):
        value = integer(name, value)
    else:
        value = number(name, value)
    if not minimum <= value <= maximum:
        raise ValueError(f"{name} must be between {minimum:g} and {maximum:g} (the slider's range); got {value:g}")
    return value


def mapping(name: str, value: Any, kind: type | tuple[type, ...] | None = None, what: str = "value") -> dict:
    """A non-empty dict (name -> value), each value of `kind` if given."""
    if not isinstance(value, dict):
        raise TypeError(f"{name} must be a dict of {what}s by name; got {_got(value)}")
    if not value:
        raise ValueError(f"{name} must hold at least one entry; got an empty dict")
    if kind is not None:
        for key, item in value.items():
            if not isinstance(item, kind):
                raise TypeError(f"{name} must map names to {what}s; got {_got(item)} for {key!r}")
    return value
