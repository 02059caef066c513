"""Notebook 05's baselines: the moment formula reads bars, the blind statistics cannot, blobs read pages."""

from helpers.data.bars import bar_arrays
from helpers.data.digit_pages import PageSpec, make_pages
from helpers.experiments import score_baselines as baselines

import numpy as np
import pytest


def test_moment_formula_reads_bar_angles_and_blind_statistics_do_not():
    images, angles = bar_arrays(60, seed=21)
    formula = baselines.regression_scores(angles, baselines.moment_angles(images))
    assert formula["r2"] > 0.99 and formula["mae"] < 1.0
    train_images, train_angles = bar_arrays(200, seed=22)
    blind = baselines.linear_baseline(
        baselines.pixel_statistics(train_images), train_angles, baselines.pixel_statistics(images), angles
    )
    assert blind["r2"] < 0.3


def test_pixel_statistics_cannot_see_a_rotation():
    images, _ = bar_arrays(3, seed=4)
    turned = np.rot90(images, axes=(1, 2))
    assert np.allclose(baselines.pixel_statistics(images), baselines.pixel_statistics(turned), atol=1e-6)


def test_regression_scores_follow_their_definitions():
    true = np.array([1.0, 2.0, 3.0, 4.0])
    assert baselines.regression_scores(true, true) == {"r2": 1.0, "mae": 0.0}
    assert baselines.regression_scores(true, np.full(4, 2.5))["r2"] == pytest.approx(0.0)
    assert baselines.regression_scores(true, true + 1)["mae"] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="predicted"):
        baselines.regression_scores(true, true[:3])


def test_blob_reader_reads_separate_digits():
    spec = PageSpec(noise=0.02, shift=0)  # digits stay inside their cells: they never touch
    pages = make_pages(30, seed=8, pool="test", spec=spec)
    reader = baselines.BlobReader()
    counts = [len(reader.read(page)) for page in pages.images]
    assert np.mean(np.array(counts) == [len(d) for d in pages.digits]) > 0.8
    scores = baselines.regression_scores(pages.sums, reader.scores(pages.images))
    assert scores["r2"] > 0.6
    assert reader.read(np.zeros((128, 128))) == [] and reader.scores(np.zeros((2, 128, 128, 1))).tolist() == [0, 0]


def test_bad_images_are_named():
    with pytest.raises(ValueError, match="x must be"):
        baselines.moment_angles(np.zeros((128, 128)))
    with pytest.raises(ValueError, match="neighbours"):
        baselines.BlobReader(neighbours=0)
