"""The blog's network in helpers is the seed's network, layer for layer."""

import helpers
from helpers.models.compare import architecture_differences, inbound_layers

import subprocess
import sys

import keras
import numpy as np
import pytest
import seed_blog_code
from repo import ROOT


@pytest.fixture(scope="module")
def model():
    return helpers.build_resnet()


def test_parameter_counts_match_reference(model):
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    assert model.count_params() == 2_781_953
    assert trainable == 2_778_241


def test_layer_for_layer_the_seed_network(model):
    assert architecture_differences(model, seed_blog_code.build_resnet()) == []


def test_signature_comparison_notices_a_changed_layer(model):
    changed = seed_blog_code.build_resnet(input_shape=(64, 64, 1))
    assert architecture_differences(model, changed) != []


def test_block_matches_seed_block_for_each_shortcut_case():
    for shape, filters, stride in [((16, 16, 8), 8, 1), ((16, 16, 8), 16, 1), ((16, 16, 8), 8, 2)]:
        inputs = keras.Input(shape)
        ours = keras.Model(inputs, helpers.residual_block(inputs, filters, stride=stride, name="b"))
        inputs = keras.Input(shape)
        seed = keras.Model(inputs, seed_blog_code.residual_block(inputs, filters, stride=stride))
        assert architecture_differences(ours, seed) == []


def test_output_is_one_linear_score(model):
    out = model(np.zeros((2, 128, 128, 1), "float32"), training=False)
    assert tuple(out.shape) == (2, 1)
    assert model.get_layer("head_score").get_config()["activation"] == "linear"


def test_quirks_are_kept(model):
    # ReLU inside the first convolution of a block, before BN
    assert model.get_layer("stage1_block1_conv1").get_config()["activation"] == "relu"
    assert model.get_layer("stage1_block1_conv2").get_config()["activation"] == "linear"
    # conv biases kept in front of BN
    assert model.get_layer("stage2_block1_conv1").use_bias
    # the 1x1 projection shortcut exists only where shapes change, and has no BN after it
    names = [layer.name for layer in model.layers]
    assert [n for n in names if n.endswith("projection")] == ["stage2_block1_projection", "stage3_block1_projection"]
    projection = model.get_layer("stage2_block1_projection")
    assert projection.kernel.shape == (1, 1, 64, 128)
    feeds = inbound_layers(model)
    assert [name for name, inputs in feeds.items() if projection.name in inputs] == ["stage2_block1_add"]
    assert feeds["stage2_block1_add"] == ["stage2_block1_bn2", "stage2_block1_projection"]


def test_layer_names_say_where_each_layer_sits(model):
    names = [layer.name for layer in model.layers]
    assert names[:4] == ["image", "stem_conv", "stem_bn", "stem_pool"]
    assert names[-2:] == ["head_pool", "head_score"]
    for name in names[4:-2]:
        stage, block, role = name.split("_", 2)
        assert stage in {"stage1", "stage2", "stage3"} and block in {"block1", "block2"}
        assert role in {"conv1", "bn1", "conv2", "bn2", "projection", "add", "out_relu"}


def test_stage_output_shapes(model):
    shapes = {
        n: model.get_layer(n).output.shape
        for n in ("stem_pool", "stage1_block2_out_relu", "stage2_block2_out_relu", "stage3_block2_out_relu")
    }
    assert shapes == {
        "stem_pool": (None, 32, 32, 64),
        "stage1_block2_out_relu": (None, 32, 32, 64),
        "stage2_block2_out_relu": (None, 16, 16, 128),
        "stage3_block2_out_relu": (None, 8, 8, 256),
    }


def test_other_input_shapes_build():
    assert helpers.build_resnet((64, 96, 3)).output.shape == (None, 1)


def test_unnamed_block_uses_keras_default_names():
    inputs = keras.Input((8, 8, 4))
    out = helpers.residual_block(inputs, 4)
    assert out.shape == (None, 8, 8, 4)


@pytest.mark.parametrize(
    "kwargs, argument, error",
    [
        ({"filters": 0}, "filters", ValueError),
        ({"filters": -8}, "filters", ValueError),
        ({"filters": 2.5}, "filters", TypeError),
        ({"filters": True}, "filters", TypeError),
        ({"filters": 8, "kernel_size": 0}, "kernel_size", ValueError),
        ({"filters": 8, "kernel_size": (3, -1)}, "kernel_size", ValueError),
        ({"filters": 8, "stride": 0}, "stride", ValueError),
        ({"filters": 8, "stride": -2}, "stride", ValueError),
    ],
)
def test_block_rejects_bad_arguments_naming_them(kwargs, argument, error):
    with pytest.raises(error, match=rf"^{argument} "):
        helpers.residual_block(keras.Input((8, 8, 4)), **kwargs)


@pytest.mark.parametrize("shape", [(8,), (8, 8, 4), (2, 8, 8, 4, 1)])
def test_block_rejects_input_of_wrong_rank(shape):
    x = keras.Input(shape[1:]) if len(shape) > 1 else np.zeros(shape)
    with pytest.raises(ValueError, match=r"^x must be a tensor of rank 4"):
        helpers.residual_block(x, 4)


def test_block_rejects_non_tensor():
    with pytest.raises(TypeError, match=r"^x must be a tensor"):
        helpers.residual_block([1, 2, 3], 4)


@pytest.mark.parametrize(
    "shape, words",
    [
        ((128, 128), "must be \\(height, width, channels\\)"),
        ((128, None, 1), "has no width"),
        ((None, 128, 1), "has no height"),
        ((0, 128, 1), "height must be a positive integer"),
        ((128, 128, -1), "channels must be a positive integer"),
        ((128, 128.5, 1), "width must be a positive integer"),
        ("128", "must be \\(height, width, channels\\)"),
    ],
)
def test_build_rejects_bad_input_shape_naming_it(shape, words):
    error = TypeError if isinstance(shape, str) or 128.5 in shape else ValueError
    with pytest.raises(error, match=rf"^input_shape {words}"):
        helpers.build_resnet(shape)


def test_command_line_check_from_the_issue():
    """`python -c "import helpers; print(helpers.build_resnet().count_params())"` prints 2781953."""
    result = subprocess.run(
        [sys.executable, "-c", "import helpers; print(helpers.build_resnet().count_params())"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert result.stdout == "2781953\n"
    assert result.stderr == "", "importing helpers should keep TensorFlow's start-up lines quiet"
