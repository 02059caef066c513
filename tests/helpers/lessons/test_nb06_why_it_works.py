"""Notebook 06's figures and widgets, drawn from made-up results (the experiments are tested in tests/helpers/experiments/)."""

from helpers.experiments import degradation
from helpers.experiments.gradient_flow import LayerGradient
from helpers.lessons import nb06_why_it_works

import numpy as np
import pytest


def test_error_curves_figure():
    model = None  # the figure draws the recorded curves only
    runs = {
        name: degradation.TrainedNetwork(name, model, [0.5, 0.1], [0.6, 0.2], [1.0, 0.5], 1.0) for name in degradation.NETWORKS
    }
    fig = nb06_why_it_works.draw_error_curves(runs)
    assert len(fig.axes) == 2
    assert [len(ax.lines) for ax in fig.axes] == [5, 5]  # two networks x (training, test) + the chance line
    with pytest.raises(ValueError, match=r"^runs must hold"):
        nb06_why_it_works.draw_error_curves({})


def test_gradient_flow_figure():
    flow = [LayerGradient(f"conv{i}", 10.0**-i, 1.0) for i in range(4)]
    assert len(nb06_why_it_works.draw_gradient_flow({"ResNet": flow, "plain": flow}).axes) == 2
    with pytest.raises(ValueError, match=r"^flows must hold"):
        nb06_why_it_works.draw_gradient_flow({})


def test_lesion_figures_and_explorer_callback():
    errors = {"stage1_block1": 0.1, "stage2_block1": 0.5, "stage2_block2": 0.12}
    fig = nb06_why_it_works.draw_single_lesions(errors, 0.05, "t", downsampling=["stage2_block1"])
    assert len(fig.axes) == 1
    assert len(nb06_why_it_works.draw_random_lesions({"a": {1: [0.1, 0.2]}}, {"a": 0.05}).axes) == 1
    studies = {
        "ResNet": {"errors": errors, "baseline": 0.05, "downsampling": ["stage2_block1"], "kind": "blocks"},
        "plain": {"errors": {"stage1_block1_conv1": 0.9}, "baseline": 0.04, "kind": "layers"},
    }
    explorer = nb06_why_it_works.LesionExplorer(studies)
    text, image = explorer.summary.value, explorer.image.value
    assert "stage2_block1" in text and "block" in text
    explorer.network.value = "plain"
    assert explorer.summary.value != text and explorer.image.value != image
    assert "one layer" in explorer.summary.value
    with pytest.raises(ValueError, match=r"^studies must hold"):
        nb06_why_it_works.LesionExplorer({})
    with pytest.raises(ValueError, match=r"^errors must hold"):
        nb06_why_it_works.draw_single_lesions({}, 0.1, "t")


def test_landscape_levels_figures_and_explorer():
    surfaces = {"a": np.array([[1.0, 2.0], [3.0, 0.5]]), "b": np.array([[10.0, 20.0], [5.0, 4.0]])}
    levels = nb06_why_it_works.contour_levels(surfaces, count=5)
    assert len(levels) == 5 and levels[0] == pytest.approx(0.5) and levels[-1] == pytest.approx(3.0)  # a's maximum
    assert np.all(np.diff(levels) > 0)
    assert len(nb06_why_it_works.draw_surfaces(surfaces, [-1, 1], [-1, 1]).axes) == 3  # two plots and a colour bar
    assert len(nb06_why_it_works.draw_slices_1d({"a": np.array([2.0, 1.0, 3.0])}, [-1, 0, 1]).axes) == 1
    explorer = nb06_why_it_works.LandscapeExplorer(surfaces, [-1, 1], [-1, 1])
    text, image = explorer.summary.value, explorer.image.value
    explorer.network.value = "b"
    assert explorer.summary.value != text and explorer.image.value != image
    assert np.array_equal(explorer.levels, nb06_why_it_works.contour_levels(surfaces))  # the same levels for every network
    with pytest.raises(ValueError, match=r"^surfaces must hold"):
        nb06_why_it_works.draw_surfaces({}, [0], [0])
