"""The bar-angle dataset: repeatable, the right shapes and ranges, angles drawn as promised."""

from helpers.data.bars import BarSpec, bar_arrays, bar_dataset, render, sample_parameters

from dataclasses import replace

import numpy as np
import pytest


def test_same_seed_same_images_other_seed_other_images():
    a, angles_a = bar_arrays(20, seed=5)
    b, angles_b = bar_arrays(20, seed=5)
    c, angles_c = bar_arrays(20, seed=6)
    assert np.array_equal(a, b) and np.array_equal(angles_a, angles_b)
    assert not np.array_equal(angles_a, angles_c)


def test_images_do_not_depend_on_batch_size():
    big = np.concatenate([x for x, _ in bar_dataset(12, seed=3, batch_size=12).as_numpy_iterator()])
    small = np.concatenate([x for x, _ in bar_dataset(12, seed=3, batch_size=12).unbatch().batch(5).as_numpy_iterator()])
    assert np.array_equal(big, small)


def test_shapes_ranges_and_labels():
    images, angles = bar_arrays(50, seed=1)
    assert images.shape == (50, 128, 128, 1) and images.dtype == np.float32
    assert images.min() >= 0 and images.max() <= 1
    assert angles.shape == (50,) and np.all(np.abs(angles) <= 60)
    batches = list(bar_dataset(50, seed=1, batch_size=16).as_numpy_iterator())
    assert [len(x) for x, _ in batches] == [16, 16, 16, 2] and batches[0][1].shape == (16, 1)


def test_the_bar_lies_along_its_angle():
    # A long, thick, noise-free bar: the principal axis of its bright pixels is the angle.
    for angle in (-50.0, -10.0, 0.0, 35.0, 60.0):
        params = {
            "angle": [angle],
            "length": [0.7],
            "thickness": [0.08],
            "center_x": [0.5],
            "center_y": [0.5],
            "brightness": [1.0],
            "background": [0.0],
            "noise": [0.0],
        }
        image = render(params, noise_seed=[0, 0]).numpy()[0, ..., 0]
        rows, cols = np.nonzero(image > 0.5)
        x, y = cols - cols.mean(), -(rows - rows.mean())  # image rows grow downwards
        eigenvalues, eigenvectors = np.linalg.eigh(np.cov(np.stack([x, y])))
        direction = eigenvectors[:, np.argmax(eigenvalues)]
        measured = np.degrees(np.arctan2(direction[1], direction[0]))
        measured = (measured + 90) % 180 - 90
        assert abs(measured - angle) < 1.5, (angle, measured)


def test_parameters_respect_the_spec():
    spec = BarSpec(angle_range=(-10, 10), length_range=(0.5, 0.5))
    params = sample_parameters(200, seed=0, spec=spec)
    assert params["angle"].min() >= -10 and params["angle"].max() <= 10
    assert np.all(params["length"] == 0.5)


@pytest.mark.parametrize(
    "changes, argument",
    [
        ({"angle_range": (30, -30)}, "angle_range"),
        ({"angle_range": (-100, 100)}, "angle_range"),
        ({"length_range": (0.2, 1.5)}, "length_range"),
        ({"thickness_range": (0.1, 0.05)}, "thickness_range"),
        ({"noise_range": (-0.1, 0.1)}, "noise_range"),
        ({"image_size": 0}, "image_size"),
        ({"center_range": (float("nan"), 0.5)}, r"center_range\[0\]"),
    ],
)
def test_bad_spec_names_the_argument(changes, argument):
    with pytest.raises(ValueError, match=rf"^{argument} must"):
        bar_dataset(10, seed=0, spec=replace(BarSpec(), **changes))


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"count": 0}, "count"),
        ({"count": -5}, "count"),
        ({"seed": -1}, "seed"),
        ({"batch_size": 0}, "batch_size"),
        ({"count": 2.5}, "count"),
    ],
)
def test_bad_sizes_name_the_argument(kwargs, argument):
    args = {"count": 10, "seed": 0, **kwargs}
    wrong_type = isinstance(kwargs[argument], float)  # a float for an integer
    with pytest.raises(TypeError if wrong_type else ValueError, match=rf"^{argument} must"):
        bar_dataset(**args)


def test_spec_must_be_a_barspec():
    with pytest.raises(TypeError, match=r"^spec must be a BarSpec"):
        sample_parameters(3, 0, spec={"image_size": 64})
