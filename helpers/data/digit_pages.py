"""The second score task: a 128x128 "page" of real handwritten digits whose score is their sum.

Each page holds DIGITS_PER_PAGE of scikit-learn's handwritten digits (real 8x8 scans that ship
inside scikit-learn, so nothing is downloaded), each enlarged to a random size, faded to a
random ink strength and placed in a random cell of a 3x3 grid with a random shift, so that
neighbours can touch. The score is the sum of the digits, like adding up the marks on a sheet.
No formula on the pixels gives that sum: the network must learn what each digit looks like
from the page totals alone, never told where the digits are or which is which.

The 1,797 digit scans are split once into a training pool and a test pool (`digit_pools`):
training pages use only training-pool scans and test pages only test-pool scans, so a test
score is measured on handwriting the network never saw. scikit-learn's copy carries no writer
labels, so the same person's other digits may sit in both pools.
"""

from __future__ import annotations

from helpers import validation
from helpers.data.bars import without_autotuner

from dataclasses import dataclass
from functools import cache

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

DIGITS_PER_PAGE = 4
GRID = 3  # the page is a 3x3 grid of cells; each digit takes one cell
POOL_SEED = 0  # the one split of the scans into pools; never change it, or old test scores mix pools
TEST_FRACTION = 0.3
SEEDS = {"train": 11, "validation": 12, "test": 13}  # page streams; validation pages use the training pool
MAX_PAGES = 2**26 // 128**2  # 256 MB of float32 pages


@dataclass(frozen=True)
class DigitPools:
    """Which rows of sklearn.datasets.load_digits() each pool uses (sorted, disjoint, stratified)."""

    train_rows: np.ndarray
    test_rows: np.ndarray

    def rows(self, pool: str) -> np.ndarray:
        return {"train": self.train_rows, "test": self.test_rows}[validation.one_of("pool", pool, ("train", "test"))]


@cache
def _digits() -> tuple[np.ndarray, np.ndarray]:
    digits = load_digits()
    return (digits.images / 16.0).astype("float32"), digits.target.astype("int64")


def digit_pools() -> DigitPools:
    """The fixed split of the 1,797 scans: 70 % training pool, 30 % test pool, each digit in both."""
    rows = np.arange(len(_digits()[1]))
    train, test = train_test_split(rows, test_size=TEST_FRACTION, random_state=POOL_SEED, stratify=_digits()[1])
    return DigitPools(np.sort(train), np.sort(test))


def pool_digits(pool: str) -> tuple[np.ndarray, np.ndarray]:
    """The 8x8 scans of one pool in [0, 1], shape (n, 8, 8), and their labels 0..9."""
    rows = digit_pools().rows(pool)
    images, labels = _digits()
    return images[rows], labels[rows]


def _resize_matrix(size: int) -> np.ndarray:
    """(size, 8) bilinear interpolation weights: M @ scan @ M.T enlarges an 8x8 scan to size x size."""
    centres = (np.arange(size) + 0.5) * 8 / size - 0.5
    low = np.clip(np.floor(centres).astype(int), 0, 7)
    high = np.clip(low + 1, 0, 7)
    weight = np.clip(centres - low, 0.0, 1.0)
    matrix = np.zeros((size, 8), "float32")
    matrix[np.arange(size), low] += 1 - weight
    matrix[np.arange(size), high] += weight
    return matrix


def enlarge(scan, size: int) -> np.ndarray:
    """An 8x8 scan enlarged to size x size by bilinear interpolation, as it appears on a page."""
    scan = validation.array("scan", scan, dtype="float32", shape=(8, 8))
    size = validation.integer("size", size, minimum=8, maximum=512)
    matrix = _resize_matrix(size)
    return matrix @ scan @ matrix.T


def digit_pages(count: int, seed: int, pool: str = "train", image_size: int = 128) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`count` pages from one pool, the same for the same seed.

    Returns (pages, sums, digits): pages (count, size, size, 1) float32 in [0, 1], their scores
    (count,) float32, and the digits on each page (count, DIGITS_PER_PAGE), for checking.
    """
    count = validation.positive_int("count", count, maximum=MAX_PAGES, why="256 MB of pages; use page_dataset to stream more")
    seed = validation.seed("seed", seed)
    validation.one_of("pool", pool, ("train", "test"))
    image_size = validation.integer("image_size", image_size, minimum=48, maximum=512)
    scans, labels = pool_digits(pool)
    rng = np.random.default_rng(seed)
    cell = image_size // GRID
    low, high = int(cell * 0.6), int(cell * 0.95)  # digit sizes: most of a cell
    matrices = {size: _resize_matrix(size) for size in range(low, high + 1)}
    pages = rng.uniform(0.0, 0.15, (count, 1, 1)).astype("float32") * np.ones((1, image_size, image_size), "float32")
    picked = rng.integers(0, len(labels), (count, DIGITS_PER_PAGE))
    for page, rows in zip(pages, picked):
        cells = rng.choice(GRID * GRID, DIGITS_PER_PAGE, replace=False)
        for row, where in zip(rows, cells):
            size = int(rng.integers(low, high + 1))
            glyph = matrices[size] @ scans[row] @ matrices[size].T * rng.uniform(0.6, 1.0)
            top = (where // GRID) * cell + (cell - size) // 2 + int(rng.integers(-cell // 6, cell // 6 + 1))
            left = (where % GRID) * cell + (cell - size) // 2 + int(rng.integers(-cell // 6, cell // 6 + 1))
            top, left = int(np.clip(top, 0, image_size - size)), int(np.clip(left, 0, image_size - size))
            window = page[top : top + size, left : left + size]
            np.maximum(window, glyph, out=window)  # ink on ink where two digits touch
    pages += rng.normal(0.0, 1.0, pages.shape).astype("float32") * rng.uniform(0.02, 0.08, (count, 1, 1)).astype("float32")
    digits = labels[picked]
    return np.clip(pages, 0.0, 1.0)[..., None], digits.sum(axis=1).astype("float32"), digits


def page_dataset(count: int, seed: int, batch_size: int = 32, pool: str = "train") -> tf.data.Dataset:
    """A tf.data pipeline of (pages, sums) batches: `count` pages, made a batch at a time and prefetched."""
    count = validation.positive_int("count", count, maximum=10**7, why="ten million pages is past any training plan here")
    seed = validation.seed("seed", seed)
    batch_size = validation.positive_int("batch_size", batch_size, maximum=4096, why="a batch must fit in memory")
    validation.one_of("pool", pool, ("train", "test"))

    def batches():
        for index, start in enumerate(range(0, count, batch_size)):
            pages, sums, _ = digit_pages(min(batch_size, count - start), (seed * 1_000_003 + index) % 2**32, pool)
            yield pages, sums[:, None]

    signature = (tf.TensorSpec((None, 128, 128, 1), tf.float32), tf.TensorSpec((None, 1), tf.float32))
    return without_autotuner(tf.data.Dataset.from_generator(batches, output_signature=signature).prefetch(2))


# Drawn pages (notebook 05's PageDrawer) --------------------------------------------------------

# The half-maximum width of an enlarged scan's strokes, for a digit 32 px tall: the median over 40
# scans of each digit of 2 x ink area / ink outline (pixels above half the peak) is 5.5 to 6 px
# (4.8 for 0, 7.4 for 1), so lines this wide read like the pages' digits.
STROKE_WIDTH = 5.5
STROKE_SOFTNESS = 2.0  # px over which a line's edge fades from ink to black, like a bilinear enlargement
MAX_STROKE_POINTS = 10_000


def stroke_page(strokes, image_size: int = 128, line_width: float = STROKE_WIDTH) -> np.ndarray:
    """Lines drawn through points, as a page (image_size, image_size, 1) float32 in [0, 1].

    `strokes` is a list of strokes, each a sequence of (x, y) points in page pixels (x to the
    right, y downwards; pixel (row, column) covers [column, column + 1) x [row, row + 1)). Each
    stroke joins its points with a line `line_width` pixels wide (at half its brightness), ink 1.0
    in the middle fading to black over STROKE_SOFTNESS pixels at the edges; a stroke of one point
    is a dot. Where strokes cross, the brighter one wins. The background is black (0).
    """
    image_size = validation.integer("image_size", image_size, minimum=8, maximum=512)
    line_width = validation.number("line_width", line_width, above=0.0, maximum=image_size / 4)
    validation.instance("strokes", strokes, (list, tuple), "list of strokes (each a sequence of (x, y) points)")
    why = "points in all strokes together; a page of four digits needs a few hundred"
    validation.integer("strokes", len(strokes), maximum=MAX_STROKE_POINTS, why=why)
    lines, total = [], 0
    for index, stroke in enumerate(strokes):
        name = f"strokes[{index}]"
        points = validation.array(name, stroke, shape=(None, 2), dtype="float64", max_size=2 * MAX_STROKE_POINTS)
        total = validation.integer("strokes", total + len(points), maximum=MAX_STROKE_POINTS, why=why)
        lines.append(points)
    page = np.zeros((image_size, image_size), "float32")
    reach = line_width / 2 + STROKE_SOFTNESS / 2  # beyond this distance from a line, no ink
    for points in lines:
        ends = points[1:] if len(points) > 1 else points  # one point: a segment of length 0, a dot
        for (x0, y0), (x1, y1) in zip(points, ends):
            left, right = max(int(np.floor(min(x0, x1) - reach)), 0), min(int(np.ceil(max(x0, x1) + reach)) + 1, image_size)
            top, bottom = max(int(np.floor(min(y0, y1) - reach)), 0), min(int(np.ceil(max(y0, y1) + reach)) + 1, image_size)
            if left >= right or top >= bottom:
                continue  # the segment lies off the page
            x = np.arange(left, right) + 0.5 - x0  # pixel centres, relative to the segment's start
            y = (np.arange(top, bottom) + 0.5 - y0)[:, None]
            dx, dy = x1 - x0, y1 - y0
            along = np.clip((x * dx + y * dy) / (dx * dx + dy * dy), 0.0, 1.0) if dx or dy else 0.0
            distance = np.hypot(x - along * dx, y - along * dy)
            ink = np.clip((reach - distance) / STROKE_SOFTNESS, 0.0, 1.0).astype("float32")
            window = page[top:bottom, left:right]
            np.maximum(window, ink, out=window)
    return page[..., None]
