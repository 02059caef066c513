"""The digit-sum pages: held-out pools, sums that match the digits, repeatable pages, clear errors."""

from helpers.data import digit_pages
from helpers.data.digit_pages import PageSpec, digit_pools, make_pages, scaled_digit

import numpy as np
import pytest


def test_pools_split_every_row_once():
    train_rows, test_rows = digit_pools()
    assert len(test_rows) == digit_pages.TEST_POOL_SIZE and len(train_rows) == 1797 - digit_pages.TEST_POOL_SIZE
    assert not set(train_rows) & set(test_rows)
    assert np.array_equal(np.sort(np.concatenate([train_rows, test_rows])), np.arange(1797))
    again = digit_pools()
    assert np.array_equal(again[1], test_rows)
    assert not np.array_equal(digit_pools(seed=1)[1], test_rows)


@pytest.mark.parametrize("pool", ["train", "test"])
def test_pages_use_only_their_pool_and_sum_their_digits(pool):
    pages = make_pages(40, seed=3, pool=pool)
    assert pages.images.shape == (40, 128, 128, 1) and pages.images.dtype == np.float32
    assert pages.images.min() >= 0 and pages.images.max() <= 1
    used = {row for rows in pages.rows for row in rows}
    assert used <= set(digit_pages.pool_rows(pool))
    _, labels = digit_pages._digits()
    for total, digits, rows in zip(pages.sums, pages.digits, pages.rows):
        assert 1 <= len(digits) <= 5 and total == sum(digits) == labels[rows].sum()


def test_pages_are_repeatable_and_more_digits_mean_more_ink():
    a, b = make_pages(30, seed=5), make_pages(30, seed=5)
    assert np.array_equal(a.images, b.images) and np.array_equal(a.sums, b.sums)
    assert not np.array_equal(make_pages(30, seed=6).images, a.images)
    quiet = PageSpec(noise=0.0)
    one, five = (
        make_pages(20, 1, spec=PageSpec(noise=0.0, digits_range=(1, 1))),
        make_pages(20, 1, spec=PageSpec(noise=0.0, digits_range=(5, 5))),
    )
    assert five.images.sum() > 2 * one.images.sum()
    assert quiet.validate() is quiet


def test_scaled_digit_keeps_range_and_size():
    digit = digit_pages.pool_digits("train")[0][0]
    big = scaled_digit(digit, 24)
    assert big.shape == (24, 24) and 0 <= big.min() and big.max() <= 1 and big.max() > 0.5


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: make_pages(0, 1), "count"),
        (lambda: make_pages(5, -1), "seed"),
        (lambda: make_pages(5, 1, pool="validation"), "pool"),
        (lambda: make_pages(5, 1, spec=PageSpec(digits_range=(3, 2))), "digits_range"),
        (lambda: make_pages(5, 1, spec=PageSpec(digit_size_range=(18, 200))), "digit_size_range"),
        (lambda: make_pages(5, 1, spec=PageSpec(noise=-0.1)), "noise"),
        (lambda: make_pages(5, 1, spec="big"), "spec"),
        (lambda: digit_pools(test_size=1797), "test_size"),
        (lambda: scaled_digit(np.zeros(8), 10), "digit"),
    ],
)
def test_bad_arguments_name_themselves(call, name):
    with pytest.raises(ValueError, match=name):
        call()
