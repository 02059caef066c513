"""The baselines notebook 05 puts beside the trained networks, strongest simple ones first.

bars:   moment_angles       a formula: the bar's orientation from second image moments
digits: blob_digit_sums     an engineered pipeline: find the blobs, name each with a k-NN
                            classifier trained on the training pool's labelled scans, add
both:   blind_baseline      pixel statistics + linear regression: blind to where things are

Each takes images (n, size, size, 1) in [0, 1] and returns one score per image.
"""

from __future__ import annotations

from helpers import validation
from helpers.data import digit_pages

import numpy as np
from scipy import ndimage
from sklearn.linear_model import LinearRegression
from sklearn.neighbors import KNeighborsClassifier

CROP = 12  # blobs and scans are compared as 12x12 crops


def _images(name: str, images) -> np.ndarray:
    return validation.images(name, images, channels=1)[..., 0]


def pixel_statistics(images) -> np.ndarray:
    """Five numbers an image: mean, spread, share of bright pixels, brightest value, 95th percentile."""
    images = _images("images", images)
    flat = images.reshape(len(images), -1)
    return np.stack([flat.mean(1), flat.std(1), (flat > 0.5).mean(1), flat.max(1), np.percentile(flat, 95, axis=1)], axis=1)


def blind_baseline(train_images, train_scores, test_images) -> np.ndarray:
    """Linear regression on pixel statistics, fitted on the training images; predictions for the test images."""
    train_images = _images("train_images", train_images)[..., None]
    train_scores = validation.array("train_scores", train_scores, dtype="float64", ndim=1)
    test_images = _images("test_images", test_images)[..., None]
    features = pixel_statistics(train_images)
    if len(features) != len(train_scores):
        raise ValueError(f"train_scores must have one score per image; got {len(train_scores)} for {len(features)} images")
    return LinearRegression().fit(features, train_scores).predict(pixel_statistics(test_images))


def moment_angles(images) -> np.ndarray:
    """Each bar's angle in degrees, counter-clockwise, from the second moments of its bright pixels.

    Blur (5x5 mean), keep the pixels brighter than halfway from the background (the median) to
    the peak, then the orientation of that shape is 1/2 atan2(2 mu11, mu20 - mu02).
    """
    angles = []
    for image in _images("images", images):
        smooth = ndimage.uniform_filter(image, 5)
        rows, cols = np.nonzero(smooth > (np.median(smooth) + smooth.max()) / 2)
        x, y = cols - cols.mean(), -(rows - rows.mean())  # y up, as the angles are measured
        angles.append(0.5 * np.degrees(np.arctan2(2 * np.mean(x * y), np.mean(x * x) - np.mean(y * y))))
    return np.array(angles)


def _blobs(image: np.ndarray) -> list[np.ndarray]:
    """The ink blobs of one image, each cut out by its bounding box (other ink masked out)."""
    smooth = ndimage.uniform_filter(image, 3)
    labels, _ = ndimage.label(smooth > np.median(smooth) + 0.2)
    blobs = []
    for index, box in enumerate(ndimage.find_objects(labels), start=1):
        inside = labels[box] == index
        if inside.sum() >= 20:  # smaller ones are specks of noise
            blobs.append(np.where(inside, image[box], 0.0))
    return blobs


def _crop(ink: np.ndarray) -> np.ndarray:
    """A blob centred in a square, shrunk to CROP x CROP, scaled to peak 1."""
    side = max(ink.shape)
    square = np.zeros((side, side), "float32")
    top, left = (side - ink.shape[0]) // 2, (side - ink.shape[1]) // 2
    square[top : top + ink.shape[0], left : left + ink.shape[1]] = ink
    crop = ndimage.zoom(square, CROP / side, order=1)[:CROP, :CROP]
    return crop / max(crop.max(), 1e-6)


def _four_blobs(blobs: list[np.ndarray]) -> list[np.ndarray]:
    """Use that a page has four digits: drop the smallest extra blobs; split the largest blob
    across its longer side while there are too few (two touching digits)."""
    blobs = sorted(blobs, key=lambda b: (b > 0).sum(), reverse=True)[: digit_pages.DIGITS_PER_PAGE]
    while 0 < len(blobs) < digit_pages.DIGITS_PER_PAGE:
        largest = blobs.pop(0)
        half = max(largest.shape) // 2
        halves = (
            (largest[:, :half], largest[:, half:]) if largest.shape[1] >= largest.shape[0] else (largest[:half], largest[half:])
        )
        blobs = sorted([*blobs, *halves], key=lambda b: (b > 0).sum(), reverse=True)
    return blobs


def digit_classifier(neighbours: int = 3) -> KNeighborsClassifier:
    """k-NN on the training pool's labelled scans, each enlarged as on a page and cropped like a blob."""
    neighbours = validation.positive_int("neighbours", neighbours, maximum=50, why="the pool has about 125 scans a digit")
    scans, labels = digit_pages.pool_digits("train")
    features, targets = [], []
    for scan, label in zip(scans, labels):
        page = np.zeros((40, 40), "float32")
        page[4:36, 4:36] = digit_pages.enlarge(scan, 32)
        blobs = _blobs(page)
        if len(blobs) == 1:  # a scan whose strokes fall apart into pieces would teach nothing
            features.append(_crop(blobs[0]).ravel())
            targets.append(label)
    return KNeighborsClassifier(neighbours).fit(np.array(features), np.array(targets))


def blob_digit_sums(pages, classifier: KNeighborsClassifier | None = None) -> np.ndarray:
    """Each page's score by the pipeline: four blobs, each named by the classifier, added up.

    It knows what the network is never told: that a page holds four digits, and the label of
    every training scan. Touching digits are split down the middle, which can cut badly.
    """
    pages = _images("pages", pages)
    classifier = digit_classifier() if classifier is None else validation.instance("classifier", classifier, KNeighborsClassifier)
    sums = []
    for page in pages:
        crops = [_crop(blob).ravel() for blob in _four_blobs(_blobs(page))]
        sums.append(float(classifier.predict(np.array(crops)).sum()) if crops else 0.0)
    return np.array(sums)
