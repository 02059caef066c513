"""Notebook 03's helpers: the block explorer widget and the digits data."""

from helpers.lessons import nb03_residual_block

import pytest


@pytest.mark.parametrize("variant", list(nb03_residual_block.VARIANTS))
@pytest.mark.parametrize("in_channels, filters, stride", [(64, 64, 1), (64, 128, 2)])
def test_every_variant_builds_and_draws(variant, in_channels, filters, stride):
    model = nb03_residual_block.block_model(variant, in_channels, filters, stride)
    fig = nb03_residual_block.draw_block(model)
    assert len(fig.axes[0].patches) >= len(model.layers) - 1
    assert "parameters" in nb03_residual_block.block_summary(model) and "<table>" in nb03_residual_block.block_table(model)


def test_summary_names_the_shortcut():
    blog = nb03_residual_block.block_model("blog (the seed's block)", 64, 128, 2)
    assert "1x1 projection (no BN)" in nb03_residual_block.block_summary(blog)
    paper = nb03_residual_block.block_model("basic (He et al. 2015)", 64, 128, 2)
    assert "1x1 projection + BN" in nb03_residual_block.block_summary(paper)
    assert "<b>identity</b>" in nb03_residual_block.block_summary(
        nb03_residual_block.block_model("basic (He et al. 2015)", 64, 64, 1)
    )


def test_labels_say_what_layers_do():
    blog = nb03_residual_block.block_model("blog (the seed's block)", 64, 128, 2)
    labels = [nb03_residual_block.describe(layer) for layer in blog.layers]
    assert labels[:3] == ["input x", "3x3 conv, 128, /2 + ReLU", "BatchNorm"]
    assert "1x1 conv, 128, /2" in labels


def test_explorer_redraws_when_controls_move():
    explorer = nb03_residual_block.BlockExplorer()
    before = (explorer.summary.value, explorer.table.value, explorer.image.value)
    explorer.stride.value = 2
    assert "(8, 8, 64)" in explorer.summary.value
    explorer.variant.value = "bottleneck (He et al. 2015)"
    assert "(8, 8, 256)" in explorer.summary.value
    after = (explorer.summary.value, explorer.table.value, explorer.image.value)
    assert all(a != b for a, b in zip(before, after))


def test_block_model_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"^variant must be one of"):
        nb03_residual_block.block_model("dense")
    with pytest.raises(ValueError, match=r"^in_channels must be"):
        nb03_residual_block.block_model("basic (He et al. 2015)", in_channels=0)
    with pytest.raises(ValueError, match=r"^filters must be"):
        nb03_residual_block.block_model("basic (He et al. 2015)", filters=-1)
