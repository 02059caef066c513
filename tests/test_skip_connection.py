"""Notebook 01's helpers: scalar blocks, gradients through stacks, and the widgets' callbacks."""

import numpy as np
import pytest
import tensorflow as tf

from helpers import skip_connection as sc
from helpers.paths import PathCountExplorer, path_lengths


def test_blog_example():
    assert sc.block_outputs("F(X) = X + 2 (the blog's)", 3) == (5.0, 8.0)


@pytest.mark.parametrize("name", list(sc.SCALAR_FUNCTIONS))
def test_residual_output_is_plain_output_plus_input(name):
    for x in (-4.0, 0.0, 2.5):
        fx, rx = sc.block_outputs(name, x)
        assert rx == pytest.approx(fx + x)


def test_unknown_function_names_the_argument():
    with pytest.raises(ValueError, match=r"^function must be one of"):
        sc.block_outputs("F(X) = X^3", 1.0)


def tape_gradients(x0, weights, residual):
    x = tf.Variable(x0, dtype=tf.float64)
    with tf.GradientTape(persistent=True) as tape:
        outs, h = [], x
        for w in weights:
            f = tf.tanh(w * h)
            h = f + h if residual else f
            outs.append(h)
    return np.array([tape.gradient(o, x).numpy() for o in outs])


@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("scale", [0.0, 0.3, 1.5])
def test_chain_rule_matches_gradient_tape(residual, scale):
    weights = sc.layer_weights(25, scale, seed=1)
    np.testing.assert_allclose(sc.chain_rule_gradients(0.7, weights, residual), tape_gradients(0.7, weights, residual), rtol=1e-10, atol=0)


def test_plain_gradients_vanish_and_residual_ones_do_not_for_small_weights():
    weights = sc.layer_weights(50, 0.3, seed=0)
    assert abs(sc.chain_rule_gradients(1.0, weights, False)[-1]) < 1e-20
    assert 0.1 < abs(sc.chain_rule_gradients(1.0, weights, True)[-1]) < 10


def test_zero_transformation_gives_identity_gradients():
    assert np.all(sc.chain_rule_gradients(1.0, np.zeros(10), True) == 1.0)
    assert np.all(sc.chain_rule_gradients(1.0, np.zeros(10), False) == 0.0)


@pytest.mark.parametrize("depth, scale, argument", [(0, 0.3, "depth"), (3.5, 0.3, "depth"), (10, -1.0, "scale"), (10, float("nan"), "scale")])
def test_layer_weights_reject_bad_arguments(depth, scale, argument):
    with pytest.raises(ValueError, match=rf"^{argument} must be"):
        sc.layer_weights(depth, scale)


def test_scalar_explorer_redraws_when_controls_move():
    explorer = sc.ScalarBlockExplorer()
    assert "<b>5</b>" in explorer.summary.value and "<b>8</b>" in explorer.summary.value
    before = explorer.image.value
    explorer.x.value = -2.0
    assert "<b>0</b>" in explorer.summary.value and explorer.image.value != before
    explorer.function.value = "F(X) = 0 (does nothing)"
    assert "residual output F(X) + X = <b>-2</b>" in explorer.summary.value
    assert explorer.image.value[:8] == b"\x89PNG\r\n\x1a\n"


def test_gradient_explorer_redraws_when_controls_move():
    explorer = sc.GradientExplorer()
    before_summary, before_image = explorer.summary.value, explorer.image.value
    explorer.depth.value = 60
    assert "after 60 layers" in explorer.summary.value and explorer.image.value != before_image
    explorer.scale.value = 0.0
    assert "plain |dX/dX_0| = <b>0</b>" in explorer.summary.value
    assert "residual |dX/dX_0| = <b>1</b>" in explorer.summary.value
    assert explorer.summary.value != before_summary


def test_path_counts():
    assert list(path_lengths(3)) == [1, 3, 3, 1]
    assert sum(path_lengths(54)) == 2**54
    with pytest.raises(ValueError, match=r"^blocks must be"):
        path_lengths(0)


def test_path_explorer_redraws_when_slider_moves():
    explorer = PathCountExplorer()
    before = explorer.image.value
    explorer.blocks.value = 10
    assert "<b>1,024</b>" in explorer.summary.value and explorer.image.value != before
