"""The configurable builder reproduces the reference networks: parameter counts of
keras.applications, torchvision and the CIFAR paper, and multiply-adds of the paper's Table 1."""

import helpers
from helpers.models import compare, resnets
from helpers.models.compare import architecture_differences

import keras
import numpy as np
import pytest
import seed_blog_code


def trainable(model) -> int:
    return sum(int(np.prod(w.shape)) for w in model.trainable_weights)


def test_blog_config_builds_the_seed_network():
    assert architecture_differences(resnets.build(resnets.blog_config()), seed_blog_code.build_resnet()) == []
    assert architecture_differences(resnets.build(resnets.blog_config()), helpers.build_resnet()) == []


@pytest.mark.parametrize("depth", [50, 101, 152])
def test_keras_conventions_match_keras_applications_exactly(depth):
    reference = {50: 25_636_712, 101: 44_707_176, 152: 60_419_944}[depth]
    model = resnets.imagenet_resnet(depth, keras_conventions=True)
    assert model.count_params() == reference
    if depth == 50:  # build the real thing once: the reference count, and the same function
        theirs = keras.applications.ResNet50(weights=None)
        assert theirs.count_params() == reference
        assert trainable(model) == 25_583_592
        assert compare.copy_keras_applications_weights(theirs, model) == 107  # 53 convs, 53 BNs, the dense layer
        x = np.random.default_rng(0).normal(size=(1, 224, 224, 3)).astype("float32")
        ours, keras_out = (keras.ops.convert_to_numpy(m(x, training=False)) for m in (model, theirs))
        assert np.array_equal(ours, keras_out)  # to the last bit


def test_keras_applications_names_by_role():
    assert compare.keras_applications_name("stem_conv") == "conv1_conv"
    assert compare.keras_applications_name("stage1_block1_conv1") == "conv2_block1_1_conv"
    assert compare.keras_applications_name("stage4_block3_bn3") == "conv5_block3_3_bn"
    assert compare.keras_applications_name("stage2_block1_projection_bn") == "conv3_block1_0_bn"
    assert compare.keras_applications_name("head_classes") == "predictions"
    assert compare.keras_applications_name("stem_relu") is None


def test_same_padding_pads_a_stride_2_window_unevenly():
    """Why keras_conventions pads the stem itself: TensorFlow's "same" puts 2 zeros left and 3 right
    of a 7x7/2 window on 224 pixels; ZeroPadding2D(3) puts 3 on each side. Same size, other grid."""
    x = np.random.default_rng(1).normal(size=(1, 224, 224, 1)).astype("float32")
    conv = keras.layers.Conv2D(1, 7, strides=2, padding="same", use_bias=False)
    valid = keras.layers.Conv2D(1, 7, strides=2, use_bias=False)
    same_out = conv(x)
    valid(keras.ops.zeros((1, 230, 230, 1)))
    valid.set_weights(conv.get_weights())
    symmetric_out = valid(np.pad(x, ((0, 0), (3, 3), (3, 3), (0, 0))))
    left_2 = valid(np.pad(x, ((0, 0), (2, 4), (2, 4), (0, 0))))  # 2 before, the rest after
    assert same_out.shape == symmetric_out.shape == (1, 112, 112, 1)
    assert not np.allclose(same_out, symmetric_out)
    assert np.allclose(same_out, left_2, atol=1e-5)
    assert resnets.imagenet_config(50).stem_padding == "same"
    assert resnets.imagenet_config(50, keras_conventions=True).stem_padding == "symmetric"


@pytest.mark.parametrize("depth, params", [(18, 11_689_512), (34, 21_797_672), (50, 25_557_032)])
def test_paper_conventions_match_torchvision(depth, params):
    # torchvision has no conv biases and does not count BN's moving statistics as parameters
    assert trainable(resnets.imagenet_resnet(depth)) == params


@pytest.mark.parametrize("depth, millions", [(20, 0.27), (32, 0.46), (44, 0.66), (56, 0.85), (110, 1.7)])
def test_cifar_parameter_counts_match_table_6(depth, millions):
    params = trainable(resnets.cifar_resnet(depth))
    digits = 1 if millions >= 1 else 2
    assert round(params / 1e6, digits) == millions
    assert trainable(resnets.cifar_resnet(depth, residual=False)) == params  # option A: the plain twin has the same weights


def test_cifar_plain_twin_has_no_shortcuts():
    plain = resnets.cifar_resnet(20, residual=False)
    kinds = {type(layer).__name__ for layer in plain.layers}
    assert "Add" not in kinds and "ZeroPadShortcut" not in kinds
    assert sum(isinstance(layer, keras.layers.Conv2D) for layer in plain.layers) + 1 == 20  # 19 convs + 1 dense


@pytest.mark.parametrize("block", list(resnets.BLOCKS))
def test_every_block_type_builds_a_regression_model(block):
    config = resnets.ResNetConfig(
        block=block,
        blocks_per_stage=(1, 1),
        widths=(8, 16),
        input_shape=(32, 32, 1),
        head="regression",
        stem="cifar",
        stem_width=8,
    )
    model = resnets.build(config)
    assert model.output.shape == (None, 1)
    assert model(np.zeros((2, 32, 32, 1), "float32")).shape == (2, 1)


def test_head_computes_in_float32_under_mixed_precision():
    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    model = resnets.cifar_resnet(8)
    assert model.get_layer("stage1_block1_conv1").compute_dtype == "bfloat16"
    assert model.output.dtype == "float32"


@pytest.mark.parametrize(
    "overrides, argument",
    [
        ({"block": "dense"}, "block"),
        ({"stem": "big"}, "stem"),
        ({"head": "both"}, "head"),
        ({"widths": (16, 32)}, "blocks_per_stage and widths"),
        ({"blocks_per_stage": (2, 0, 2, 2)}, r"blocks_per_stage\[1\]"),
        ({"widths": (64, 128, -1, 512)}, r"widths\[2\]"),
        ({"classes": 0}, "classes"),
        ({"input_shape": (224, None, 3)}, "input_shape"),
        ({"shortcut": "Z"}, "shortcut"),
    ],
)
def test_bad_configuration_names_the_argument(overrides, argument):
    with pytest.raises(ValueError, match=rf"^{argument}"):
        resnets.build(resnets.ResNetConfig(**{"blocks_per_stage": (1, 1, 1, 1), "input_shape": (32, 32, 3), **overrides}))


@pytest.mark.parametrize("depth", [19, 0, 2, 21.0, True])
def test_bad_cifar_depth_names_the_argument(depth):
    wrong_type = isinstance(depth, (bool, float))  # not an integer at all
    with pytest.raises(TypeError if wrong_type else ValueError, match=r"^depth must be (6n\+2|an integer)"):
        resnets.cifar_config(depth)


def test_bad_imagenet_depth_names_the_argument():
    with pytest.raises(ValueError, match=r"^depth must be one of"):
        resnets.imagenet_config(20)


def test_build_rejects_something_that_is_not_a_config():
    with pytest.raises(TypeError, match=r"^config must be a ResNetConfig"):
        resnets.build({"block": "basic"})
