"""The "score" task for the blog's network: the angle of a bar in a 128x128 grayscale image.

Each image shows one bright bar on a darker, noisy background. Its score is the bar's angle in
degrees, counter-clockwise from horizontal, in [-60, 60] by default (a range narrower than 180
degrees, so no two scores give the same picture). Length, thickness, position, brightness,
background and noise are random, so the angle is the only thing that tells the score. Everything
is generated with TensorFlow ops from a seed: offline, repeatable, and much cheaper than
training on it.
"""

from __future__ import annotations

from helpers import validation

from dataclasses import dataclass

import numpy as np
import tensorflow as tf


@dataclass(frozen=True)
class BarSpec:
    """What the random bars look like. Lengths, thicknesses and positions are fractions of the side."""

    image_size: int = 128
    angle_range: tuple[float, float] = (-60.0, 60.0)
    length_range: tuple[float, float] = (0.35, 0.75)
    thickness_range: tuple[float, float] = (0.03, 0.09)
    center_range: tuple[float, float] = (0.35, 0.65)
    brightness_range: tuple[float, float] = (0.45, 1.0)
    background_range: tuple[float, float] = (0.0, 0.3)
    noise_range: tuple[float, float] = (0.02, 0.12)

    def validate(self) -> BarSpec:
        validation.positive_int("image_size", self.image_size)
        for name in (
            "angle_range",
            "length_range",
            "thickness_range",
            "center_range",
            "brightness_range",
            "background_range",
            "noise_range",
        ):
            value = validation.instance(name, getattr(self, name), (tuple, list), "(min, max) pair of numbers")
            for i, v in enumerate(value[:2]):
                validation.number(f"{name}[{i}]", v)
            if len(value) != 2 or not all(np.isfinite(v) for v in value):
                raise ValueError(f"{name} must be (min, max) with finite numbers; got {value!r}")
            if value[0] > value[1]:
                raise ValueError(f"{name} must have min <= max; got {value!r}")
        if self.angle_range[1] - self.angle_range[0] >= 180:
            raise ValueError(
                f"angle_range must span less than 180 degrees (a bar turned by 180 looks the same); got {self.angle_range!r}"
            )
        for name in ("length_range", "thickness_range", "center_range", "brightness_range", "background_range"):
            low, high = getattr(self, name)
            if low < 0 or high > 1:
                raise ValueError(
                    f"{name} must lie within [0, 1] (fractions of the side or of full brightness); got {(low, high)!r}"
                )
        if self.noise_range[0] < 0:
            raise ValueError(f"noise_range must not be negative; got {self.noise_range!r}")
        return self


PARAMETERS = ("angle", "length", "thickness", "center_x", "center_y", "brightness", "background", "noise")


def sample_parameters(count: int, seed: int, spec: BarSpec = BarSpec()) -> dict[str, np.ndarray]:
    """`count` random bars, one array a parameter (see PARAMETERS), repeatable from `seed`."""
    count = validation.positive_int("count", count)
    seed = validation.seed("seed", seed)
    validation.instance("spec", spec, BarSpec).validate()
    rng = np.random.default_rng(seed)
    ranges = {
        "angle": spec.angle_range,
        "length": spec.length_range,
        "thickness": spec.thickness_range,
        "center_x": spec.center_range,
        "center_y": spec.center_range,
        "brightness": spec.brightness_range,
        "background": spec.background_range,
        "noise": spec.noise_range,
    }
    return {name: rng.uniform(*ranges[name], count).astype("float32") for name in PARAMETERS}


def render(params: dict, noise_seed, image_size: int = 128) -> tf.Tensor:
    """Draw bars as (batch, size, size, 1) float32 images in [0, 1].

    params: arrays or tensors of equal length, keyed by PARAMETERS. noise_seed: a shape-[2]
    integer seed for the pixel noise. Edges are anti-aliased over about one pixel.
    """
    validation.instance("params", params, dict)
    missing = [k for k in PARAMETERS if k not in params]
    if missing:
        raise ValueError(f"params must have the keys {PARAMETERS}; missing {missing}")
    image_size = validation.positive_int("image_size", image_size)
    p = {k: tf.convert_to_tensor(params[k], tf.float32)[:, None, None] for k in PARAMETERS}
    coords = (tf.range(image_size, dtype=tf.float32) + 0.5) / image_size
    x = coords[None, None, :]  # left to right
    y = 1.0 - coords[None, :, None]  # bottom to top, so that positive angles turn counter-clockwise
    theta = p["angle"] * (np.pi / 180.0)
    dx, dy = x - p["center_x"], y - p["center_y"]
    along = dx * tf.cos(theta) + dy * tf.sin(theta)
    across = -dx * tf.sin(theta) + dy * tf.cos(theta)
    inside_length = tf.clip_by_value((p["length"] / 2 - tf.abs(along)) * image_size + 0.5, 0.0, 1.0)
    inside_width = tf.clip_by_value((p["thickness"] / 2 - tf.abs(across)) * image_size + 0.5, 0.0, 1.0)
    bar = inside_length * inside_width
    batch = tf.shape(theta)[0]
    noise = tf.random.stateless_normal(tf.stack([batch, image_size, image_size]), seed=noise_seed) * p["noise"]
    image = p["background"] + (p["brightness"] - p["background"]) * bar + noise
    return tf.clip_by_value(image, 0.0, 1.0)[..., None]


def drawn_batches(
    count: int, seed: int, batch_size: int = 32, spec: BarSpec = BarSpec(), *, parallel: bool = True
) -> tf.data.Dataset:
    """(images, angles) batches of `count` bars, the same for the same seed, drawn by `render` inside
    the pipeline; parallel=False draws one batch at a time. bar_dataset adds prefetching."""
    batch_size = validation.positive_int("batch_size", batch_size)
    params = sample_parameters(count, seed, spec)
    first_index = tf.data.Dataset.range(0, count, batch_size)
    batches = tf.data.Dataset.from_tensor_slices(params).batch(batch_size)
    size = spec.image_size

    def draw(index, p):
        images = render(p, tf.stack([tf.cast(seed, tf.int64), index]), size)
        return images, p["angle"][:, None]

    parallel_calls = tf.data.AUTOTUNE if validation.boolean("parallel", parallel) else None
    return tf.data.Dataset.zip(first_index, batches).map(draw, num_parallel_calls=parallel_calls)


def bar_dataset(count: int, seed: int, batch_size: int = 32, spec: BarSpec = BarSpec()) -> tf.data.Dataset:
    """A tf.data pipeline of (images, angles) batches: `count` bars, the same for the same seed.

    Images are drawn batch by batch inside the pipeline (in parallel with training), so
    nothing but the parameters is held in memory.
    """
    return without_autotuner(drawn_batches(count, seed, batch_size, spec).prefetch(2))


def without_autotuner(dataset: tf.data.Dataset) -> tf.data.Dataset:
    """The dataset with tf.data's autotuner off (parallel maps then use every core).

    The autotuner's thread sleeps up to a minute between passes, and deleting an iterator waits for
    it: after notebook 05's one-minute training, model.fit returned 26 s late, on an idle CPU."""
    validation.instance("dataset", dataset, tf.data.Dataset, "tf.data.Dataset")
    options = tf.data.Options()
    options.autotune.enabled = False
    return dataset.with_options(options)


def bar_arrays(count: int, seed: int, spec: BarSpec = BarSpec()) -> tuple[np.ndarray, np.ndarray]:
    """The same bars as bar_dataset(count, seed) with batch_size 256, as NumPy arrays (images, angles)."""
    count = validation.positive_int("count", count)
    validation.instance("spec", spec, BarSpec).validate()
    if count * spec.image_size**2 > 2**26:
        raise ValueError(
            f"count must be at most {2**26 // spec.image_size**2:,} for {spec.image_size}x{spec.image_size} bars"
            f" (256 MB of images; use bar_dataset to stream more); got {count:,}"
        )
    images, angles = zip(*bar_dataset(count, seed, 256, spec).as_numpy_iterator())
    return np.concatenate(images), np.concatenate(angles)[:, 0]
