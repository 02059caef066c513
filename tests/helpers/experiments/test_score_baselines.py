"""Notebook 05's baselines: the moment formula, the blob pipeline and the blind pixel statistics."""

from helpers.data import digit_pages
from helpers.data.bars import bar_arrays
from helpers.experiments import score_baselines

import numpy as np
import pytest


def test_moment_formula_reads_bar_angles_to_a_fraction_of_a_degree():
    images, angles = bar_arrays(40, seed=99)
    errors = score_baselines.moment_angles(images) - angles
    assert np.abs(errors).mean() < 0.5 and np.abs(errors).max() < 2


def test_moment_formula_measures_counter_clockwise_with_y_up():
    image = np.zeros((1, 64, 64, 1), "float32")
    for i in range(-20, 21):
        image[0, 32 - i, 32 + i] = 1.0  # up and to the right: +45 degrees
    assert score_baselines.moment_angles(image)[0] == pytest.approx(45.0, abs=1.0)
    assert score_baselines.moment_angles(image[:, :, ::-1])[0] == pytest.approx(-45.0, abs=1.0)


def test_blind_baseline_cannot_see_an_angle():
    train, train_angles = bar_arrays(300, seed=98)
    test, test_angles = bar_arrays(200, seed=97)
    predicted = score_baselines.blind_baseline(train, train_angles, test)
    r2 = 1 - np.mean((predicted - test_angles) ** 2) / np.var(test_angles)
    assert r2 < 0.1


def test_pixel_statistics_are_five_numbers_an_image():
    images = np.random.default_rng(0).uniform(size=(3, 16, 16, 1)).astype("float32")
    stats = score_baselines.pixel_statistics(images)
    assert stats.shape == (3, 5)
    np.testing.assert_allclose(stats[:, 0], images.mean(axis=(1, 2, 3)), rtol=1e-5)


def test_blob_pipeline_adds_the_digits_it_finds():
    pages, sums, _ = digit_pages.digit_pages(60, seed=96, pool="test")
    predicted = score_baselines.blob_digit_sums(pages, score_baselines.digit_classifier())
    assert (predicted == sums).mean() > 0.6  # most pages exactly right
    assert np.abs(predicted - sums).mean() < 2


def test_blob_pipeline_scores_an_empty_page_zero():
    assert score_baselines.blob_digit_sums(np.zeros((1, 128, 128, 1), "float32"))[0] == 0


def test_four_blobs_splits_touching_digits_and_drops_specks():
    wide = np.ones((10, 30))
    blobs = score_baselines._four_blobs([wide, np.ones((10, 10)), np.ones((10, 10))])
    assert len(blobs) == 4 and sorted(b.shape for b in blobs) == [(10, 10), (10, 10), (10, 15), (10, 15)]
    many = [np.ones((10, 10))] * 4 + [np.ones((5, 5))]
    assert all(b.shape == (10, 10) for b in score_baselines._four_blobs(many))


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: score_baselines.moment_angles(np.zeros((2, 8, 8))), ValueError, r"^images must"),
        (lambda: score_baselines.pixel_statistics("images"), TypeError, r"^images must"),
        (
            lambda: score_baselines.blind_baseline(np.zeros((2, 8, 8, 1)), [1.0], np.zeros((1, 8, 8, 1))),
            ValueError,
            r"^train_scores must",
        ),
        (lambda: score_baselines.blob_digit_sums(np.zeros((1, 8, 8, 3))), ValueError, r"^pages must"),
        (lambda: score_baselines.blob_digit_sums(np.zeros((1, 8, 8, 1)), "knn"), TypeError, r"^classifier must"),
        (lambda: score_baselines.digit_classifier(0), ValueError, r"^neighbours must"),
    ],
)
def test_bad_input_names_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()
