"""Notebook 01's helpers: scalar blocks, gradients through stacks, and the widgets' callbacks."""

from helpers.models import scalar

import numpy as np
import pytest
import tensorflow as tf


def test_blog_example():
    assert scalar.block_outputs("F(X) = X + 2 (the blog's)", 3) == (5.0, 8.0)


@pytest.mark.parametrize("name", list(scalar.SCALAR_FUNCTIONS))
def test_residual_output_is_plain_output_plus_input(name):
    for x in (-4.0, 0.0, 2.5):
        fx, rx = scalar.block_outputs(name, x)
        assert rx == pytest.approx(fx + x)


def test_unknown_function_names_the_argument():
    with pytest.raises(ValueError, match=r"^function must be one of"):
        scalar.block_outputs("F(X) = X^3", 1.0)


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
    weights = scalar.layer_weights(25, scale, seed=1)
    np.testing.assert_allclose(
        scalar.chain_rule_gradients(0.7, weights, residual), tape_gradients(0.7, weights, residual), rtol=1e-10, atol=0
    )


def test_plain_gradients_vanish_and_residual_ones_do_not_for_small_weights():
    weights = scalar.layer_weights(50, 0.3, seed=0)
    assert abs(scalar.chain_rule_gradients(1.0, weights, False)[-1]) < 1e-20
    assert 0.1 < abs(scalar.chain_rule_gradients(1.0, weights, True)[-1]) < 10


def test_zero_transformation_gives_identity_gradients():
    assert np.all(scalar.chain_rule_gradients(1.0, np.zeros(10), True) == 1.0)
    assert np.all(scalar.chain_rule_gradients(1.0, np.zeros(10), False) == 0.0)


@pytest.mark.parametrize(
    "depth, scale, argument", [(0, 0.3, "depth"), (3.5, 0.3, "depth"), (10, -1.0, "scale"), (10, float("nan"), "scale")]
)
def test_layer_weights_reject_bad_arguments(depth, scale, argument):
    with pytest.raises(TypeError if isinstance(depth, float) else ValueError, match=rf"^{argument} must be"):
        scalar.layer_weights(depth, scale)
