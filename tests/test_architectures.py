"""The configurable builder reproduces the reference networks: parameter counts of
keras.applications, torchvision and the CIFAR paper, and multiply-adds of the paper's Table 1."""

import keras
import numpy as np
import pytest
import seed_blog_code

import helpers
from helpers import analysis
from helpers import architectures as A
from helpers.inspection import architecture_differences


def trainable(model) -> int:
    return sum(int(np.prod(w.shape)) for w in model.trainable_weights)


def test_blog_config_builds_the_seed_network():
    assert architecture_differences(A.build(A.blog_config()), seed_blog_code.build_resnet()) == []
    assert architecture_differences(A.build(A.blog_config()), helpers.build_resnet()) == []


@pytest.mark.parametrize("depth", [50, 101, 152])
def test_keras_conventions_match_keras_applications_exactly(depth):
    reference = {50: 25_636_712, 101: 44_707_176, 152: 60_419_944}[depth]
    model = A.imagenet_resnet(depth, keras_conventions=True)
    assert model.count_params() == reference
    if depth == 50:  # build the real thing once, to be sure the reference number is right
        assert keras.applications.ResNet50(weights=None).count_params() == reference
        assert trainable(model) == 25_583_592


@pytest.mark.parametrize("depth, params", [(18, 11_689_512), (34, 21_797_672), (50, 25_557_032)])
def test_paper_conventions_match_torchvision(depth, params):
    # torchvision has no conv biases and does not count BN's moving statistics as parameters
    assert trainable(A.imagenet_resnet(depth)) == params


@pytest.mark.parametrize("depth, gmacs", [(18, 1.8), (34, 3.6), (50, 3.8), (101, 7.6), (152, 11.3)])
def test_multiply_adds_within_3_percent_of_table_1(depth, gmacs):
    macs = analysis.total_macs(A.imagenet_resnet(depth)) / 1e9
    assert abs(macs - gmacs) / gmacs < 0.03, macs


@pytest.mark.parametrize("depth, millions", [(20, 0.27), (32, 0.46), (44, 0.66), (56, 0.85), (110, 1.7)])
def test_cifar_parameter_counts_match_table_6(depth, millions):
    params = trainable(A.cifar_resnet(depth))
    digits = 1 if millions >= 1 else 2
    assert round(params / 1e6, digits) == millions
    assert trainable(A.cifar_resnet(depth, residual=False)) == params  # option A: the plain twin has the same weights


def test_cifar_plain_twin_has_no_shortcuts():
    plain = A.cifar_resnet(20, residual=False)
    kinds = {type(layer).__name__ for layer in plain.layers}
    assert "Add" not in kinds and "ZeroPadShortcut" not in kinds
    assert sum(isinstance(layer, keras.layers.Conv2D) for layer in plain.layers) + 1 == 20  # 19 convs + 1 dense


def test_blog_network_reference_table():
    rows = {r.stage: r for r in analysis.stage_table(helpers.build_resnet())}
    assert [(r.params, r.macs) for r in rows.values()] == [
        (3_456, 12_845_056), (148_736, 150_994_944), (526_976, 134_217_728), (2_102_528, 134_217_728), (257, 256)]
    assert rows["stage3"].output_shape == (8, 8, 256)
    assert analysis.total_macs(helpers.build_resnet()) == 432_275_712


def test_receptive_field_by_hand():
    # stem: 7x7/2 conv (7), then 3x3/2 pool: 7 + 2*2 = 11; each 3x3 conv at jump 4 adds 8
    rows = {r.stage: r.receptive_field for r in analysis.stage_table(helpers.build_resnet())}
    assert rows["stem"] == 11
    assert rows["stage1"] == 11 + 4 * 8
    assert rows["head"] == analysis.GLOBAL


@pytest.mark.parametrize("block", list(A.BLOCKS))
def test_every_block_type_builds_a_regression_model(block):
    config = A.ResNetConfig(block=block, blocks_per_stage=(1, 1), widths=(8, 16), input_shape=(32, 32, 1), head="regression",
                            stem="cifar", stem_width=8)
    model = A.build(config)
    assert model.output.shape == (None, 1)
    assert model(np.zeros((2, 32, 32, 1), "float32")).shape == (2, 1)


def test_head_computes_in_float32_under_mixed_precision():
    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    model = A.cifar_resnet(8)
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
        A.build(A.ResNetConfig(**{"blocks_per_stage": (1, 1, 1, 1), "input_shape": (32, 32, 3), **overrides}))


@pytest.mark.parametrize("depth", [19, 0, 2, 21.0, True])
def test_bad_cifar_depth_names_the_argument(depth):
    with pytest.raises(ValueError, match=r"^depth must be 6n\+2"):
        A.cifar_config(depth)


def test_bad_imagenet_depth_names_the_argument():
    with pytest.raises(ValueError, match=r"^depth must be one of"):
        A.imagenet_config(20)


def test_build_rejects_something_that_is_not_a_config():
    with pytest.raises(ValueError, match=r"^config must be a ResNetConfig"):
        A.build({"block": "basic"})
