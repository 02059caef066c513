"""Notebook 04's explorer and plots: the blog's numbers at the start, and callbacks that redraw."""

import helpers
from helpers.lessons import nb04_full_network
from helpers.models import costs, resnets
from helpers.models.compare import architecture_differences

import pytest


def test_explorer_defaults_are_the_blog_network():
    assert architecture_differences(resnets.build(nb04_full_network.explorer_config()), helpers.build_resnet()) == []
    explorer = nb04_full_network.NetworkExplorer()
    assert "<b>2,781,953</b> parameters" in explorer.summary.value
    assert "<b>432,275,712</b> multiply-adds" in explorer.summary.value
    assert "8×8×256" in explorer.summary.value and "211×211" in explorer.summary.value
    assert explorer.image.value[:8] == b"\x89PNG\r\n\x1a\n"


def test_moving_each_control_redraws():
    explorer = nb04_full_network.NetworkExplorer()
    seen = {(explorer.summary.value, explorer.image.value)}
    explorer.depth.value = 8
    assert "<b>8 layers</b>" in explorer.summary.value
    seen.add((explorer.summary.value, explorer.image.value))
    explorer.width.value = 16
    assert "widths 16/32/64" in explorer.summary.value
    seen.add((explorer.summary.value, explorer.image.value))
    explorer.input_size.value = 64
    assert "input 64×64×1" in explorer.summary.value and "4×4×64" in explorer.summary.value
    seen.add((explorer.summary.value, explorer.image.value))
    summaries, images = zip(*seen)
    assert len(set(summaries)) == 4 and len(set(images)) == 4


def test_input_size_changes_multiply_adds_but_not_parameters():
    small, large = nb04_full_network.explorer_rows(14, 64, 64), nb04_full_network.explorer_rows(14, 64, 128)
    assert sum(r.params for r in small) == sum(r.params for r in large) == 2_781_953
    assert sum(r.macs for r in large[:-1]) == 4 * sum(r.macs for r in small[:-1])  # 4x the positions; the head does not change


def test_doubling_the_width_about_quadruples_parameters_and_multiply_adds():
    narrow, wide = nb04_full_network.explorer_rows(14, 32, 128), nb04_full_network.explorer_rows(14, 64, 128)
    ratio = sum(r.params for r in wide) / sum(r.params for r in narrow)
    assert 3.8 < ratio < 4.1
    assert 3.8 < sum(r.macs for r in wide) / sum(r.macs for r in narrow) < 4.1


def test_depth_follows_6n_plus_2():
    model = resnets.build(nb04_full_network.explorer_config(depth=20))
    convs = [layer for layer in model.layers if type(layer).__name__ == "Conv2D" and "projection" not in layer.name]
    assert len(convs) + 1 == 20


def test_static_plots_are_png_figures():
    from helpers.display.figures import figure_png

    model = helpers.build_resnet()
    assert figure_png(nb04_full_network.draw_stage_costs(costs.stage_table(model), "blog")).startswith(b"\x89PNG")
    assert figure_png(nb04_full_network.draw_receptive_field(model)).startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"depth": 15}, "depth"),
        ({"depth": 2}, "depth"),
        ({"width": 0}, "width"),
        ({"input_size": 4}, "input_size"),
        ({"width": 3.5}, "width"),
    ],
)
def test_bad_settings_name_the_argument(kwargs, argument):
    wrong_type = isinstance(kwargs[argument], float)  # a float for an integer
    with pytest.raises(TypeError if wrong_type else ValueError, match=rf"^{argument}"):
        nb04_full_network.explorer_config(**kwargs)


def test_explorer_rejects_settings_its_sliders_do_not_offer():
    with pytest.raises(ValueError, match=r"^width must be one of"):
        nb04_full_network.NetworkExplorer(width=48)


def test_plots_reject_bad_input():
    with pytest.raises(ValueError, match=r"^rows must be"):
        nb04_full_network.draw_stage_costs([])
