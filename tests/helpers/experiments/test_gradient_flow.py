"""helpers.experiments.gradient_flow: per-kernel gradient norms at initialisation."""

from helpers.experiments import gradient_flow
from helpers.models.resnets import cifar_resnet

import keras
import numpy as np
import pytest
import tensorflow as tf

X = np.random.default_rng(0).random((16, 8, 8, 1)).astype("float32")
Y = np.arange(16) % 10


def tiny(residual: bool = True) -> keras.Model:
    keras.utils.set_random_seed(0)
    return cifar_resnet(8, residual=residual, input_shape=(8, 8, 1), classes=10)


def test_kernel_layers_in_depth_order():
    names = [layer.name for layer in gradient_flow.kernel_layers(tiny())]
    assert names[0] == "stem_conv" and names[-1] == "head_classes"
    assert names[1:-1] == [f"stage{s}_block1_conv{c}" for s in (1, 2, 3) for c in (1, 2)]


def test_gradients_match_a_tape_in_training_mode():
    model = tiny(residual=False)
    flow = gradient_flow.kernel_gradients(model, X, Y)
    assert [g.layer for g in flow] == [layer.name for layer in gradient_flow.kernel_layers(model)]
    conv = model.get_layer("stage2_block1_conv2")
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(Y, model(X, training=True)))
    expected = float(tf.norm(tape.gradient(loss, conv.kernel)))
    measured = next(g for g in flow if g.layer == conv.name)
    assert measured.grad_norm == pytest.approx(expected, rel=1e-5)
    assert measured.weight_norm == pytest.approx(float(np.linalg.norm(conv.kernel.numpy())), rel=1e-6)
    assert measured.ratio == pytest.approx(measured.grad_norm / measured.weight_norm)


def test_the_model_is_left_as_it_was():
    model = tiny(residual=False)
    before = [v.numpy().copy() for v in model.variables]
    gradient_flow.kernel_gradients(model, X, Y)
    assert all(np.array_equal(a, v.numpy()) for a, v in zip(before, model.variables))


def test_ratio_and_spread():
    assert gradient_flow.LayerGradient("a", 2.0, 4.0).ratio == 0.5
    assert gradient_flow.LayerGradient("a", 2.0, 0.0).ratio == float("inf")
    flow = [
        gradient_flow.LayerGradient("a", 1.0, 1.0),
        gradient_flow.LayerGradient("b", 8.0, 1.0),
        gradient_flow.LayerGradient("head", 100.0, 1.0),
    ]
    assert gradient_flow.spread(flow) == 8.0
    assert gradient_flow.spread(flow, skip_head=False) == 100.0


@pytest.mark.parametrize(
    "x, y, message",
    [
        (X[:, :, :, 0], Y, r"^x must be an array of rank 4"),
        (X[:1], Y[:1], r"^x must be a batch of at least 2 images"),
        (X, Y[:4], r"^y must have one label per image"),
    ],
)
def test_bad_data_raises(x, y, message):
    with pytest.raises(ValueError, match=message):
        gradient_flow.kernel_gradients(tiny(), x, y)


def test_bad_models_raise():
    with pytest.raises(TypeError, match=r"^model must be a keras.Model"):
        gradient_flow.kernel_layers("resnet")
    pool = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.GlobalAveragePooling2D()])
    with pytest.raises(ValueError, match=r"^model must have Conv2D or Dense layers"):
        gradient_flow.kernel_layers(pool)


@pytest.mark.parametrize("blocks, gain", [(1, 0.5), (5, -0.3), (27, 0.05), (27, 1.0)])
def test_path_length_contributions_expand_the_product(blocks, gain):
    contributions = gradient_flow.path_length_contributions(blocks, gain)
    assert contributions.shape == (blocks + 1,)
    assert contributions[0] == 1.0  # the one path through every shortcut
    assert contributions[-1] == pytest.approx(gain**blocks)  # the one path through every branch
    assert contributions.sum() == pytest.approx((1 + gain) ** blocks)


def test_weak_branches_leave_the_gradient_to_short_paths():
    share = gradient_flow.path_length_contributions(27, 0.05)
    assert share[:6].sum() / share.sum() > 0.99
    assert np.argmax(gradient_flow.path_length_contributions(27, 1.0)) == 13  # C(27, 13) = C(27, 14), the first wins
