"""Baselines for notebook 05's two score tasks: what a few lines without a network achieve.

- pixel statistics + linear regression: the "blind" baseline; it sees how much ink there is,
  never where it lies, so it cannot change when a bar rotates;
- the moment formula: a bar's orientation from second image moments after a 5x5 blur, with no
  training at all (for pages, the same moments as features of a linear regression);
- blobs + k-NN + add: find the connected bright regions of a page, read each with a k-nearest-
  neighbour digit classifier trained on the training pool's digits, add the readings.
"""

from __future__ import annotations

from helpers import validation
from helpers.data.digit_pages import pool_digits, scaled_digit

import numpy as np
from scipy import ndimage
from sklearn.linear_model import LinearRegression
from sklearn.neighbors import KNeighborsClassifier


def regression_scores(true, predicted) -> dict[str, float]:
    """R^2 and mean absolute error of predictions against true scores."""
    true, predicted = np.asarray(true, "float64").reshape(-1), np.asarray(predicted, "float64").reshape(-1)
    if len(true) != len(predicted) or len(true) < 2:
        raise ValueError(f"true and predicted must be equally long, at least 2 scores; got {len(true)} and {len(predicted)}")
    errors = predicted - true
    return {"r2": float(1 - np.mean(errors**2) / np.var(true)), "mae": float(np.mean(np.abs(errors)))}


def pixel_statistics(images) -> np.ndarray:
    """Mean, spread, share of bright pixels, maximum and 95th percentile of each image."""
    images, _ = validation.labelled_images(images, np.zeros(len(np.asarray(images))))
    flat = images.reshape(len(images), -1)
    return np.stack([flat.mean(1), flat.std(1), (flat > 0.5).mean(1), flat.max(1), np.percentile(flat, 95, axis=1)], axis=1)


def _bright_mask(image: np.ndarray) -> np.ndarray:
    blurred = ndimage.uniform_filter(image, size=5, mode="nearest")
    threshold = (np.median(blurred) + np.percentile(blurred, 99.5)) / 2
    return blurred > threshold


def moments(image: np.ndarray) -> tuple[float, float, float, float]:
    """Area and second central moments (mu20, mu02, mu11) of an image's bright region, y pointing up."""
    ys, xs = np.nonzero(_bright_mask(np.asarray(image, "float64")))
    if len(xs) == 0:
        return 0.0, 0.0, 0.0, 0.0
    x, y = xs - xs.mean(), -(ys - ys.mean())  # rows count downwards; y counts upwards
    return float(len(xs)), float(np.mean(x * x)), float(np.mean(y * y)), float(np.mean(x * y))


def moment_angles(images) -> np.ndarray:
    """The moment formula: each bar's angle in degrees, 0.5 * atan2(2 mu11, mu20 - mu02), no training."""
    images, _ = validation.labelled_images(images, np.zeros(len(np.asarray(images))))
    angles = []
    for image in images[..., 0]:
        _, mu20, mu02, mu11 = moments(image)
        angles.append(np.degrees(0.5 * np.arctan2(2 * mu11, mu20 - mu02)))
    return np.array(angles)


def moment_features(images) -> np.ndarray:
    """The moment formula's quantities as features (area, mu20, mu02, mu11, and the ink sum)."""
    images, _ = validation.labelled_images(images, np.zeros(len(np.asarray(images))))
    return np.array([(*moments(image), image.sum()) for image in images[..., 0]])


def linear_baseline(features_train, scores_train, features_test, scores_test) -> dict[str, float]:
    """Fit a linear regression on training features; R^2 and MAE on the test features."""
    model = LinearRegression().fit(features_train, np.ravel(scores_train))
    return regression_scores(scores_test, model.predict(features_test))


INK_THRESHOLD = 0.3  # six noise sigmas above the page's background
MIN_BLOB_AREA = 15  # pixels; smaller bright specks are not digits
CROP_SIDE = 12


def _crop_features(mask_crop: np.ndarray, values_crop: np.ndarray) -> np.ndarray:
    """A blob's pixels, padded to a square and resized to CROP_SIDE x CROP_SIDE, flattened."""
    h, w = values_crop.shape
    side = max(h, w)
    square = np.zeros((side, side), "float32")
    square[(side - h) // 2 : (side - h) // 2 + h, (side - w) // 2 : (side - w) // 2 + w] = values_crop * mask_crop
    return ndimage.zoom(square, CROP_SIDE / side, order=1).reshape(-1)[: CROP_SIDE * CROP_SIDE]


def blobs(page: np.ndarray) -> list[np.ndarray]:
    """Features of each connected bright region of a page (one per digit, unless digits touch)."""
    page = np.asarray(page, "float32")
    mask = page > INK_THRESHOLD
    labelled, _ = ndimage.label(mask, structure=np.ones((3, 3)))
    found = []
    for index, region in enumerate(ndimage.find_objects(labelled), start=1):
        blob = labelled[region] == index
        if blob.sum() >= MIN_BLOB_AREA:
            found.append(_crop_features(blob, page[region]))
    return found


class BlobReader:
    """Blobs + k-NN + add: a page's score as the sum of k-NN readings of its blobs."""

    def __init__(self, neighbours: int = 3, seed: int = 0):
        neighbours = validation.positive_int("neighbours", neighbours)
        rng = np.random.default_rng(validation.seed("seed", seed))
        images, labels = pool_digits("train")  # the same digits training pages are made of
        features = []
        for digit in images:
            size = int(rng.integers(18, 29))
            page = np.pad(scaled_digit(digit, size) * rng.uniform(0.6, 1.0), 4)
            page = page + rng.normal(0, 0.05, page.shape)
            found = blobs(page)
            features.append(max(found, key=lambda f: f.sum()) if found else np.zeros(CROP_SIDE * CROP_SIDE))
        self.classifier = KNeighborsClassifier(neighbours).fit(np.array(features), labels)

    def read(self, page) -> list[int]:
        """The digits the reader sees on one page (images of shape (size, size) or (size, size, 1))."""
        page = np.asarray(page, "float32")
        found = blobs(page.reshape(page.shape[0], page.shape[1]))
        return [int(v) for v in self.classifier.predict(np.array(found))] if found else []

    def scores(self, images) -> np.ndarray:
        """The sum of the readings on each page."""
        images, _ = validation.labelled_images(images, np.zeros(len(np.asarray(images))))
        found = [blobs(page[..., 0]) for page in images]
        flat = [f for page in found for f in page]
        readings = iter(self.classifier.predict(np.array(flat)) if flat else [])
        return np.array([sum(next(readings) for _ in page) for page in found], "float64")
