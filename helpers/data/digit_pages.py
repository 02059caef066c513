"""The digit-sum "page": a 128x128 sheet with a few real handwritten digits; its score is their sum.

The digits are scikit-learn's bundled `load_digits` images (1,797 real 8x8 digits, shipped with
the package, so nothing is downloaded). They are split ONCE into a training pool and a test pool
(`digit_pools`): training pages use only training-pool rows, test pages only test-pool rows, so a
test score is measured on digit images the network never saw. scikit-learn's copy carries no
writer labels, so the same writer may appear in both pools: the split holds out images, not
writers.

Each page holds 1 to 5 digits, each scaled to 18-28 pixels, dimmed at random, placed in distinct
cells of a 4x4 grid with a random shift (so neighbours may touch), on a noisy background. No
formula gives the sum: the network must find the digits and read each one, learning only from
the page's total.
"""

from __future__ import annotations

from helpers import validation

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import ndimage
from sklearn.datasets import load_digits

POOL_SEED = 0  # the one split of load_digits rows into the training and the test pool
TEST_POOL_SIZE = 500


@dataclass(frozen=True)
class PageSpec:
    """What the random pages look like; sizes in pixels."""

    image_size: int = 128
    digits_range: tuple[int, int] = (1, 5)
    digit_size_range: tuple[int, int] = (18, 28)
    grid: int = 4
    shift: int = 4  # a digit may move this far out of its grid cell, so neighbours can touch
    brightness_range: tuple[float, float] = (0.6, 1.0)
    noise: float = 0.05

    def validate(self) -> PageSpec:
        for name in ("image_size", "grid", "shift"):
            validation.non_negative_int(name, getattr(self, name))
        validation.positive_int("image_size", self.image_size)
        validation.positive_int("grid", self.grid)
        low, high = self.digits_range
        validation.positive_int("digits_range[0]", low)
        if validation.positive_int("digits_range[1]", high) < low or high > self.grid**2:
            raise ValueError(f"digits_range must be (min, max) with min <= max <= grid**2; got {self.digits_range!r}")
        small, large = self.digit_size_range
        validation.positive_int("digit_size_range[0]", small)
        if validation.positive_int("digit_size_range[1]", large) < small or large > self.image_size:
            raise ValueError(f"digit_size_range must be (min, max) with min <= max <= image_size; got {self.digit_size_range!r}")
        dim, bright = self.brightness_range
        if not 0 < dim <= bright <= 1:
            raise ValueError(f"brightness_range must satisfy 0 < min <= max <= 1; got {self.brightness_range!r}")
        if not (isinstance(self.noise, (int, float)) and 0 <= self.noise < 1):
            raise ValueError(f"noise must be a number in [0, 1); got {self.noise!r}")
        return self


@lru_cache(maxsize=1)
def _digits() -> tuple[np.ndarray, np.ndarray]:
    digits = load_digits()
    return (digits.images / 16.0).astype("float32"), digits.target.astype("int64")


def digit_pools(test_size: int = TEST_POOL_SIZE, seed: int = POOL_SEED) -> tuple[np.ndarray, np.ndarray]:
    """Which `load_digits()` rows are training-only and which test-only: (train_rows, test_rows), sorted.

    The defaults are the course's split; compose your own held-out pages from `test_rows`.
    """
    images, _ = _digits()
    test_size = validation.positive_int("test_size", test_size)
    if test_size >= len(images):
        raise ValueError(f"test_size must leave some rows for training (fewer than {len(images)}); got {test_size}")
    order = np.random.default_rng(validation.seed("seed", seed)).permutation(len(images))
    return np.sort(order[test_size:]), np.sort(order[:test_size])


def pool_rows(pool: str) -> np.ndarray:
    """The `load_digits` rows of the course's "train" or "test" pool."""
    train_rows, test_rows = digit_pools()
    return {"train": train_rows, "test": test_rows}[validation.one_of("pool", pool, ("train", "test"))]


def pool_digits(pool: str) -> tuple[np.ndarray, np.ndarray]:
    """The pool's 8x8 digit images in [0, 1] and their labels."""
    images, labels = _digits()
    rows = pool_rows(pool)
    return images[rows], labels[rows]


def scaled_digit(digit: np.ndarray, size: int) -> np.ndarray:
    """An 8x8 digit image resized to size x size pixels (bilinear), in [0, 1]."""
    digit = np.asarray(digit, dtype="float32")
    if digit.ndim != 2:
        raise ValueError(f"digit must be a 2-D image; got shape {digit.shape}")
    size = validation.positive_int("size", size)
    zoomed = ndimage.zoom(digit, (size / digit.shape[0], size / digit.shape[1]), order=1, grid_mode=True, mode="nearest")
    return np.clip(zoomed, 0.0, 1.0)


@dataclass(frozen=True)
class Pages:
    images: np.ndarray  # (count, size, size, 1) float32 in [0, 1]
    sums: np.ndarray  # (count,) float32: the score of each page
    digits: list  # per page, the labels of the digits on it
    rows: list  # per page, the load_digits rows used


def make_pages(count: int, seed: int, pool: str = "train", spec: PageSpec = PageSpec()) -> Pages:
    """`count` pages built only from `pool`'s digits ("train" or "test"), repeatable from `seed`."""
    count = validation.positive_int("count", count)
    rng = np.random.default_rng(validation.seed("seed", seed))
    if not isinstance(spec, PageSpec):
        raise ValueError(f"spec must be a PageSpec; got {type(spec).__name__}")
    spec.validate()
    images, labels = _digits()
    rows_of_pool = pool_rows(pool)
    size, cell = spec.image_size, spec.image_size // spec.grid
    pages = np.zeros((count, size, size), dtype="float32")
    all_digits, all_rows = [], []
    for i in range(count):
        k = int(rng.integers(spec.digits_range[0], spec.digits_range[1] + 1))
        cells = rng.choice(spec.grid**2, size=k, replace=False)
        rows = rng.choice(rows_of_pool, size=k)
        for c, row in zip(cells, rows):
            s = int(rng.integers(spec.digit_size_range[0], spec.digit_size_range[1] + 1))
            top = (c // spec.grid) * cell + int(rng.integers(-spec.shift, max(cell - s, 0) + spec.shift + 1))
            left = (c % spec.grid) * cell + int(rng.integers(-spec.shift, max(cell - s, 0) + spec.shift + 1))
            top, left = int(np.clip(top, 0, size - s)), int(np.clip(left, 0, size - s))
            ink = scaled_digit(images[row], s) * rng.uniform(*spec.brightness_range)
            np.maximum(pages[i, top : top + s, left : left + s], ink, out=pages[i, top : top + s, left : left + s])
        all_digits.append(labels[rows].tolist())
        all_rows.append(rows.tolist())
    pages += rng.normal(0.0, spec.noise, pages.shape).astype("float32")
    sums = np.array([sum(d) for d in all_digits], dtype="float32")
    return Pages(np.clip(pages, 0.0, 1.0)[..., None], sums, all_digits, all_rows)
