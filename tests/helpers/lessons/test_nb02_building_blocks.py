"""Notebook 02's helpers: the photo, convolution arithmetic, figures, widgets and exercises."""

from helpers.display.figures import figure_png
from helpers.lessons import nb02_building_blocks

import numpy as np
import pytest
from matplotlib.figure import Figure

PNG = b"\x89PNG\r\n\x1a\n"


def test_shape_summary():
    assert "output <b>5×5</b>" in nb02_building_blocks.conv_shape_summary(7, 3, 1, "valid")
    assert "(7 − 3) // 1 + 1 = 5" in nb02_building_blocks.conv_shape_summary(7, 3, 1, "valid")
    same = nb02_building_blocks.conv_shape_summary(8, 3, 2, "same")
    assert "output <b>4×4</b>" in same and "0 zero(s) before and 1 after" in same
    assert "no output" in nb02_building_blocks.conv_shape_summary(4, 5, 1, "valid")
    with pytest.raises(ValueError, match=r"^padding must be"):
        nb02_building_blocks.conv_shape_summary(7, 3, 1, "full")
    with pytest.raises(ValueError, match=r"^stride must be"):
        nb02_building_blocks.conv_shape_summary(7, 3, 0, "valid")


# Figures -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [(7, 3, 1, "valid"), (8, 3, 2, "same"), (8, 3, 2, "valid"), (4, 5, 1, "valid"), (12, 7, 4, "same"), (3, 1, 4, "same")]
)
def test_draw_conv_shape_draws_every_case(args):
    assert isinstance(nb02_building_blocks.draw_conv_shape(*args), Figure)


def test_draw_conv_shape_rejects_bad_padding():
    with pytest.raises(ValueError, match=r"^padding must be"):
        nb02_building_blocks.draw_conv_shape(7, 3, 1, "full")


def test_draw_maps_draws_a_figure_shown_as_png():
    maps = [np.zeros((4, 6)), np.arange(24.0).reshape(4, 6) - 10, np.ones((4, 6))]
    fig = nb02_building_blocks.draw_maps(maps, ["zeros", "signed", "ones"], cols=2)
    assert isinstance(fig, Figure) and len(fig.axes) == 4  # three maps and one colour bar
    assert len(nb02_building_blocks.draw_maps(maps[1:2], ["gray"], centred=False).axes) == 1
    assert figure_png(fig)[:8] == PNG  # what a cell whose value is the figure shows (setup_notebook)


@pytest.mark.parametrize(
    "maps, titles, kwargs, message",
    [
        ([np.zeros((4, 4))], [], {}, r"^titles must name each map"),
        ([], [], {}, r"^maps must be a non-empty list"),
        ([np.zeros((4, 4, 1))], ["3-D"], {}, r"^maps must be 2-D"),
        ([np.zeros((4, 4))], ["a"], {"cols": 0}, r"^cols must be"),
    ],
)
def test_draw_maps_rejects_bad_arguments(maps, titles, kwargs, message):
    with pytest.raises(ValueError, match=message):
        nb02_building_blocks.draw_maps(maps, titles, **kwargs)


def test_momentum_summary():
    assert "<b>46.6%</b>" in nb02_building_blocks.momentum_summary(0.99, 76)
    assert "<b>0.0%</b>" in nb02_building_blocks.momentum_summary(0.9, 200)


# Widgets -------------------------------------------------------------------------------------


def test_conv_shape_explorer_redraws_when_controls_move():
    explorer = nb02_building_blocks.ConvShapeExplorer()
    assert "output <b>5×5</b>" in explorer.summary.value
    image = explorer.image.value
    assert image[:8] == PNG
    explorer.kernel_size.value = 5
    assert "output <b>3×3</b>" in explorer.summary.value and explorer.image.value != image
    image = explorer.image.value
    explorer.padding.value = "same"
    assert "output <b>7×7</b>" in explorer.summary.value and explorer.image.value != image
    image = explorer.image.value
    explorer.stride.value = 2
    assert "output <b>4×4</b>" in explorer.summary.value and explorer.image.value != image
    explorer.padding.value = "valid"
    explorer.size.value = 4
    assert "no output" in explorer.summary.value and explorer.image.value[:8] == PNG


def test_momentum_explorer_redraws_when_controls_move():
    explorer = nb02_building_blocks.MomentumExplorer()
    assert "momentum 0.99, 76 steps" in explorer.summary.value
    summary, image = explorer.summary.value, explorer.image.value
    explorer.momentum.value = 0.9
    assert "momentum 0.9, 76 steps" in explorer.summary.value
    assert explorer.summary.value != summary and explorer.image.value != image
    image = explorer.image.value
    explorer.steps.value = 500
    assert "500 steps" in explorer.summary.value and explorer.image.value != image
    assert explorer.image.value[:8] == PNG
    assert explorer.widget is not None and nb02_building_blocks.ConvShapeExplorer().widget is not None
