"""Notebook 03's helpers: the block explorer widget and the digits data."""

import numpy as np
import pytest

from helpers import block_explorer as be
from helpers.digits import digits_split


@pytest.mark.parametrize("variant", list(be.VARIANTS))
@pytest.mark.parametrize("in_channels, filters, stride", [(64, 64, 1), (64, 128, 2)])
def test_every_variant_builds_and_draws(variant, in_channels, filters, stride):
    model = be.block_model(variant, in_channels, filters, stride)
    fig = be.draw_block(model)
    assert len(fig.axes[0].patches) >= len(model.layers) - 1
    assert "parameters" in be.block_summary(model) and "<table>" in be.block_table(model)


def test_summary_names_the_shortcut():
    blog = be.block_model("blog (the seed's block)", 64, 128, 2)
    assert "1x1 projection (no BN)" in be.block_summary(blog)
    paper = be.block_model("basic (He et al. 2015)", 64, 128, 2)
    assert "1x1 projection + BN" in be.block_summary(paper)
    assert "<b>identity</b>" in be.block_summary(be.block_model("basic (He et al. 2015)", 64, 64, 1))


def test_labels_say_what_layers_do():
    blog = be.block_model("blog (the seed's block)", 64, 128, 2)
    labels = [be.describe(layer) for layer in blog.layers]
    assert labels[:3] == ["input x", "3x3 conv, 128, /2 + ReLU", "BatchNorm"]
    assert "1x1 conv, 128, /2" in labels


def test_explorer_redraws_when_controls_move():
    explorer = be.BlockExplorer()
    before = (explorer.summary.value, explorer.table.value, explorer.image.value)
    explorer.stride.value = 2
    assert "(8, 8, 64)" in explorer.summary.value
    explorer.variant.value = "bottleneck (He et al. 2015)"
    assert "(8, 8, 256)" in explorer.summary.value
    after = (explorer.summary.value, explorer.table.value, explorer.image.value)
    assert all(a != b for a, b in zip(before, after))


def test_block_model_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"^variant must be one of"):
        be.block_model("dense")
    with pytest.raises(ValueError, match=r"^in_channels must be"):
        be.block_model("basic (He et al. 2015)", in_channels=0)
    with pytest.raises(ValueError, match=r"^filters must be"):
        be.block_model("basic (He et al. 2015)", filters=-1)


def test_digits_split_is_stratified_scaled_and_upsampled():
    data = digits_split(test_fraction=0.25, seed=1, upsample=2)
    assert data.x_train.shape[1:] == (16, 16, 1) and len(data.x_train) + len(data.x_test) == 1797
    assert 0.0 <= data.x_train.min() and data.x_train.max() <= 1.0
    assert abs(len(data.x_test) / 1797 - 0.25) < 0.01
    counts = np.bincount(data.y_test, minlength=10)
    assert counts.min() >= 43  # every class in the test set, in proportion
    np.testing.assert_array_equal(data.x_train[0, ::2, ::2], data.x_train[0, 1::2, 1::2])


@pytest.mark.parametrize("kwargs, argument", [({"test_fraction": 0.0}, "test_fraction"), ({"test_fraction": 1.5}, "test_fraction"), ({"upsample": 0}, "upsample")])
def test_digits_split_rejects_bad_arguments(kwargs, argument):
    with pytest.raises(ValueError, match=rf"^{argument} must"):
        digits_split(**kwargs)
