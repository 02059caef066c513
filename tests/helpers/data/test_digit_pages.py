"""The digit-sum pages of notebook 05: pools, pages, their sums, the streaming pipeline."""

from helpers.data import digit_pages

import numpy as np
import pytest
from sklearn.datasets import load_digits


def test_pools_split_every_scan_once_and_keep_every_digit_in_both():
    pools = digit_pages.digit_pools()
    both = np.concatenate([pools.train_rows, pools.test_rows])
    assert len(np.intersect1d(pools.train_rows, pools.test_rows)) == 0
    assert np.array_equal(np.sort(both), np.arange(len(load_digits().target)))
    assert len(pools.test_rows) == pytest.approx(0.3 * len(both), abs=1)
    labels = load_digits().target
    for rows in (pools.train_rows, pools.test_rows):
        assert set(labels[rows]) == set(range(10))
    assert np.array_equal(digit_pages.digit_pools().test_rows, pools.test_rows)  # fixed, not random


def test_pool_digits_are_the_pool_rows_of_load_digits():
    scans, labels = digit_pages.pool_digits("test")
    rows = digit_pages.digit_pools().test_rows
    np.testing.assert_array_equal(scans, load_digits().images[rows] / 16.0)
    np.testing.assert_array_equal(labels, load_digits().target[rows])


def test_pages_hold_four_digits_whose_sum_is_the_score():
    pages, sums, digits = digit_pages.digit_pages(50, seed=5, pool="test")
    assert pages.shape == (50, 128, 128, 1) and pages.dtype == np.float32
    assert pages.min() >= 0 and pages.max() <= 1
    assert digits.shape == (50, digit_pages.DIGITS_PER_PAGE)
    np.testing.assert_array_equal(sums, digits.sum(axis=1))
    again = digit_pages.digit_pages(50, seed=5, pool="test")
    np.testing.assert_array_equal(pages, again[0])
    assert not np.array_equal(pages, digit_pages.digit_pages(50, seed=6, pool="test")[0])


def test_test_pages_use_only_test_pool_scans():
    """A page made from the test pool changes when a test-pool scan changes, never a training one."""
    images, _ = digit_pages._digits()  # the cached scans every page is drawn from
    saved = images.copy()
    try:
        images[digit_pages.digit_pools().train_rows] = 1.0  # paint every training scan white
        painted = digit_pages.digit_pages(20, seed=3, pool="test")[0]
    finally:
        images[:] = saved
    np.testing.assert_array_equal(painted, digit_pages.digit_pages(20, seed=3, pool="test")[0])
    images[digit_pages.digit_pools().test_rows] = 1.0  # the check can fail: test scans do show
    try:
        assert not np.array_equal(painted, digit_pages.digit_pages(20, seed=3, pool="test")[0])
    finally:
        images[:] = saved


def test_enlarge_keeps_the_scan_and_its_range():
    scan = np.zeros((8, 8), "float32")
    scan[2:6, 3] = 1.0
    big = digit_pages.enlarge(scan, 32)
    assert big.shape == (32, 32) and big.min() >= 0 and big.max() <= 1 + 1e-6
    assert big[:, 10:18].sum() == pytest.approx(big.sum()) and big[:, 12:16].sum() > 0.7 * big.sum()  # the ink stays put
    np.testing.assert_allclose(digit_pages.enlarge(scan, 8), scan, atol=1e-6)


def test_page_dataset_streams_batches_of_pages_and_sums():
    batches = list(digit_pages.page_dataset(10, seed=1, batch_size=4).as_numpy_iterator())
    assert [len(b[0]) for b in batches] == [4, 4, 2]
    assert all(b[0].shape[1:] == (128, 128, 1) and b[1].shape[1:] == (1,) for b in batches)
    again = list(digit_pages.page_dataset(10, seed=1, batch_size=4).as_numpy_iterator())
    np.testing.assert_array_equal(batches[0][0], again[0][0])


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: digit_pages.digit_pages(0, 1), r"^count must"),
        (lambda: digit_pages.digit_pages(10**9, 1), r"^count must"),
        (lambda: digit_pages.digit_pages(2, 1, pool="validation"), r"^pool must be one of"),
        (lambda: digit_pages.digit_pages(2, -1), r"^seed must"),
        (lambda: digit_pages.enlarge(np.zeros((7, 7)), 16), r"^scan must"),
    ],
)
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# stroke_page: pages drawn with the mouse (notebook 05's PageDrawer) ------------------------------


def test_stroke_page_is_a_page_in_the_unit_range():
    page = digit_pages.stroke_page([[(20, 30), (40, 90)], [(70, 20), (70, 60), (100, 60)]])
    assert page.shape == (128, 128, 1) and page.dtype == np.float32
    assert page.min() == 0.0 and page.max() == 1.0  # black background, full ink in the middle of a line
    assert digit_pages.stroke_page([[(5, 5), (20, 20)]], image_size=48).shape == (48, 48, 1)


def test_no_strokes_is_a_black_page():
    assert not digit_pages.stroke_page([]).any()
    assert not digit_pages.stroke_page([[(-50, -50), (-20, -40)]]).any()  # a stroke off the page leaves no ink


def test_a_horizontal_stroke_lights_the_rows_around_it():
    """y = 64 runs between rows 63 and 64; the ink is STROKE_WIDTH wide at half brightness."""
    page = digit_pages.stroke_page([[(10, 64), (100, 64)]])[..., 0]
    lit_rows = np.flatnonzero(page[:, 50] > 0)
    assert lit_rows.min() < 64 <= lit_rows.max() and lit_rows.mean() == 63.5  # symmetric about the line
    assert set(range(62, 66)) <= set(np.flatnonzero(page[:, 50] == 1.0))
    assert np.sum(page[:, 50] >= 0.5) == pytest.approx(digit_pages.STROKE_WIDTH, abs=1)
    assert not page[:56].any() and not page[72:].any()
    assert not page[:, :4].any() and not page[:, 107:].any()  # round ends reach past the points by the half width
    wide = digit_pages.stroke_page([[(10, 64), (100, 64)]], line_width=12.0)[..., 0]
    assert np.sum(wide[:, 50] >= 0.5) == pytest.approx(12, abs=1)


def test_one_point_is_a_dot_and_crossing_strokes_stay_in_range():
    dot = digit_pages.stroke_page([[(30.5, 40.5)]])[..., 0]
    assert dot[40, 30] == 1.0 and dot.sum() == pytest.approx(np.pi * (digit_pages.STROKE_WIDTH / 2) ** 2, rel=0.1)
    cross = digit_pages.stroke_page([[(10, 64), (100, 64)], [(55, 10), (55, 100)], [(10, 64), (100, 64)]])
    assert cross.max() == 1.0  # where strokes cross or repeat, ink does not add up past 1


def test_a_drawn_digit_holds_about_as_much_ink_as_an_enlarged_scan():
    """A 1 drawn 32 px tall against the scans of 1 enlarged to 32 px (ink at full strength)."""
    scans, labels = digit_pages.pool_digits("train")
    scan_ink = np.median([digit_pages.enlarge(scan, 32).sum() for scan in scans[labels == 1]])
    drawn_ink = digit_pages.stroke_page([[(64, 48), (64, 80)]]).sum()
    assert 0.5 * scan_ink < drawn_ink < 1.5 * scan_ink


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"strokes": "abc"}, TypeError, r"^strokes must be a list of strokes"),
        ({"strokes": np.zeros((3, 2))}, TypeError, r"^strokes must be a list of strokes"),
        ({"strokes": [[(1, 2, 3)]]}, ValueError, r"^strokes\[0\] must have shape \(any, 2\)"),
        ({"strokes": [[(1, 2)], []]}, ValueError, r"^strokes\[1\] must"),
        ({"strokes": [[(1, float("nan"))]]}, ValueError, r"^strokes\[0\] must hold finite numbers"),
        ({"strokes": [[("a", "b")]]}, TypeError, r"^strokes\[0\] must be a numeric array"),
        ({"strokes": [np.zeros((6_000, 2)), np.zeros((6_000, 2))]}, ValueError, r"^strokes must be at most 10,000"),
        ({"strokes": [[(1, 2)]] * 10_001}, ValueError, r"^strokes must be at most 10,000"),
        ({"strokes": [], "image_size": 4}, ValueError, r"^image_size must be at least 8"),
        ({"strokes": [], "image_size": 128.0}, TypeError, r"^image_size must be an integer"),
        ({"strokes": [], "line_width": 0}, ValueError, r"^line_width must be above 0"),
        ({"strokes": [], "line_width": 100}, ValueError, r"^line_width must be at most 32"),
        ({"strokes": [], "line_width": "3"}, TypeError, r"^line_width must be a number"),
    ],
)
def test_stroke_page_refuses_bad_input_naming_the_argument(kwargs, error, message):
    with pytest.raises(error, match=message):
        digit_pages.stroke_page(**kwargs)
