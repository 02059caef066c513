"""The papers' block variants: shapes, parameter counts, shortcuts, identity at zero-init, errors."""

from helpers.models import blocks
from helpers.models.compare import inbound_layers

import keras
import numpy as np
import pytest

VARIANTS = [blocks.basic_block, blocks.bottleneck_block, blocks.preact_block, blocks.preact_bottleneck_block]


def model_of(block, shape=(8, 8, 16), filters=16, **kwargs):
    inputs = keras.Input(shape)
    return keras.Model(inputs, block(inputs, filters, name="b", **kwargs))


def conv_bn_params(k, cin, cout, bias=False):
    return k * k * cin * cout + (cout if bias else 0) + 4 * cout  # BN: gamma, beta, moving mean and variance


def test_basic_block_parameters():
    assert model_of(blocks.basic_block).count_params() == 2 * conv_bn_params(3, 16, 16)
    with_projection = model_of(blocks.basic_block, filters=32, stride=2)
    assert with_projection.count_params() == conv_bn_params(3, 16, 32) + conv_bn_params(3, 32, 32) + conv_bn_params(1, 16, 32)


def test_bottleneck_block_parameters_and_expansion():
    model = model_of(blocks.bottleneck_block, shape=(8, 8, 64), filters=16)
    assert model.output.shape == (None, 8, 8, 64)
    assert model.count_params() == conv_bn_params(1, 64, 16) + conv_bn_params(3, 16, 16) + conv_bn_params(1, 16, 64)
    widened = model_of(blocks.bottleneck_block, shape=(8, 8, 64), filters=32, stride=2)
    assert widened.output.shape == (None, 4, 4, 128)
    assert widened.get_layer("b_conv1").strides == (2, 2)  # the stride sits on the first 1x1, as in the paper


def test_preact_block_order_and_no_relu_after_add():
    model = model_of(blocks.preact_block)
    names = [layer.name for layer in model.layers][1:]  # after the input layer
    assert names == ["b_preact_bn", "b_preact_relu", "b_conv1", "b_bn1", "b_relu1", "b_conv2", "b_add"]


def test_preact_projection_takes_the_preactivated_input():
    model = model_of(blocks.preact_block, filters=32, stride=2)
    assert inbound_layers(model)["b_projection"] == ["b_preact_relu"]
    assert "b_projection_bn" not in [layer.name for layer in model.layers]


@pytest.mark.parametrize("block", VARIANTS)
@pytest.mark.parametrize("stride, filters", [(1, 16), (2, 16), (1, 32), (2, 32)])
def test_output_shapes(block, stride, filters):
    expansion = 4 if "bottleneck" in block.__name__ else 1
    model = model_of(block, shape=(9, 9, 16), filters=filters, stride=stride)
    side = 9 if stride == 1 else 5
    assert model.output.shape == (None, side, side, filters * expansion)


def test_shortcut_options():
    a = model_of(blocks.basic_block, filters=32, stride=2, shortcut="A")
    b = model_of(blocks.basic_block, filters=32, stride=2, shortcut="B")
    c = model_of(blocks.basic_block, filters=16, stride=1, shortcut="C")
    assert "b_zero_pad" in [layer.name for layer in a.layers]
    assert a.count_params() == conv_bn_params(3, 16, 32) + conv_bn_params(3, 32, 32)  # option A adds no parameters
    assert "b_projection" in [layer.name for layer in b.layers]
    assert "b_projection" in [layer.name for layer in c.layers]  # C projects even when shapes match
    assert "b_projection" not in [layer.name for layer in model_of(blocks.basic_block, shortcut="B").layers]


def test_zero_pad_shortcut_subsamples_and_pads():
    x = np.arange(2 * 4 * 4 * 3, dtype="float32").reshape(2, 4, 4, 3)
    out = keras.ops.convert_to_numpy(blocks.ZeroPadShortcut(5, 2)(x))
    assert out.shape == (2, 2, 2, 5)
    np.testing.assert_array_equal(out[..., :3], x[:, ::2, ::2, :])
    assert not out[..., 3:].any()


def test_plain_twin_has_the_same_layers_without_the_shortcut():
    plain = model_of(blocks.basic_block, residual=False)
    residual = model_of(blocks.basic_block)
    assert plain.count_params() == residual.count_params()
    assert "b_add" not in [layer.name for layer in plain.layers]


@pytest.mark.parametrize("block", VARIANTS)
def test_zero_init_starts_as_the_identity(block):
    shape = (8, 8, 64) if "bottleneck" in block.__name__ else (8, 8, 16)
    model = model_of(block, shape=shape, zero_init=True)
    x = np.abs(np.random.default_rng(0).normal(size=(2, *shape))).astype("float32")  # a previous ReLU's output is >= 0
    for training in (False, True):
        np.testing.assert_allclose(keras.ops.convert_to_numpy(model(x, training=training)), x, atol=1e-6)


def test_without_zero_init_the_block_is_not_the_identity():
    model = model_of(blocks.basic_block)
    x = np.abs(np.random.default_rng(0).normal(size=(2, 8, 8, 16))).astype("float32")
    assert not np.allclose(keras.ops.convert_to_numpy(model(x)), x, atol=1e-3)


@pytest.mark.parametrize("block", VARIANTS)
@pytest.mark.parametrize(
    "kwargs, argument, error",
    [
        ({"filters": 0}, "filters", ValueError),
        ({"filters": 1.5}, "filters", TypeError),
        ({"stride": 0}, "stride", ValueError),
        ({"shortcut": "D"}, "shortcut", ValueError),
        ({"bn_momentum": 1.2}, "bn_momentum", ValueError),
    ],
)
def test_bad_arguments_name_the_argument(block, kwargs, argument, error):
    args = {"filters": 16, **kwargs}
    with pytest.raises(error, match=rf"^{argument} must"):
        block(keras.Input((8, 8, 16)), **args)


@pytest.mark.parametrize("block", [blocks.bottleneck_block, blocks.preact_bottleneck_block])
def test_bad_expansion_names_the_argument(block):
    with pytest.raises(ValueError, match=r"^expansion must"):
        block(keras.Input((8, 8, 16)), 16, expansion=0)


@pytest.mark.parametrize("block", VARIANTS)
def test_wrong_rank_input_names_the_argument(block):
    with pytest.raises(ValueError, match=r"^x must be a tensor of rank 4"):
        block(keras.Input((8, 16)), 16)


def test_zero_pad_layer_survives_saving(tmp_path):
    model = model_of(blocks.basic_block, filters=32, stride=2, shortcut="A")
    path = tmp_path / "m.keras"
    model.save(path)
    x = np.random.default_rng(1).normal(size=(1, 8, 8, 16)).astype("float32")
    np.testing.assert_allclose(keras.saving.load_model(path)(x), model(x), rtol=1e-6)
