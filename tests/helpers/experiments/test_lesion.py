"""helpers.experiments.lesion: deleting blocks and layers from trained functional models (Veit et al. 2016)."""

from helpers.experiments import classification, lesion
from helpers.models.compare import inbound_layers
from helpers.models.resnets import cifar_resnet

import keras
import numpy as np
import pytest

X = np.random.default_rng(0).random((32, 8, 8, 1)).astype("float32")
Y = np.arange(32) % 10


def tiny(residual: bool, depth: int = 14) -> keras.Model:
    keras.utils.set_random_seed(1)
    model = cifar_resnet(depth, residual=residual, input_shape=(8, 8, 1), classes=10, bn_momentum=0.9)
    # give BN non-trivial moving statistics, as training would
    for _ in range(3):
        model(X, training=True)
    return model


def outputs(model, x=X):
    return keras.ops.convert_to_numpy(model(x, training=False))


@pytest.mark.parametrize("residual", [True, False])
def test_nothing_removed_predicts_exactly_like_the_original(residual):
    model = tiny(residual)
    same = lesion.lesioned(model)
    assert np.array_equal(outputs(same), outputs(model))
    assert [layer.name for layer in same.layers] == [layer.name for layer in model.layers]


def test_blocks_and_downsampling_are_found():
    model = tiny(True)
    assert lesion.blocks(model) == [f"stage{s}_block{b}" for s in (1, 2, 3) for b in (1, 2)]
    assert [b for b in lesion.blocks(model) if lesion.is_downsampling(model, b)] == ["stage2_block1", "stage3_block1"]
    assert all(lesion.is_residual(model, b) for b in lesion.blocks(model))
    assert not any(lesion.is_residual(tiny(False), b) for b in lesion.blocks(model))


@pytest.mark.parametrize("block", ["stage1_block2", "stage2_block1", "stage3_block2"])
def test_deleting_a_residual_block_is_zeroing_its_branch(block):
    """A residual block whose last BN outputs 0 computes its shortcut: the lesioned model must agree exactly."""
    model = tiny(True)
    lesioned = lesion.lesioned(model, blocks_to_remove=[block])
    before = outputs(lesioned)
    assert not any(layer.name.startswith(block + "_conv") for layer in lesioned.layers)
    assert not np.allclose(before, outputs(model))  # the block did something
    bn = model.get_layer(f"{block}_bn2")
    bn.gamma.assign(np.zeros(bn.gamma.shape, "float32"))
    bn.beta.assign(np.zeros(bn.beta.shape, "float32"))
    np.testing.assert_allclose(outputs(model), before, rtol=1e-6, atol=1e-7)


def test_lesioned_model_shares_the_trained_weights():
    model = tiny(True)
    lesioned = lesion.lesioned(model, blocks_to_remove=["stage1_block1"])
    assert lesioned.get_layer("stage1_block2_conv1") is model.get_layer("stage1_block2_conv1")
    assert lesion.lesioned(model, ["stage2_block1"]).get_layer("stage2_block1_zero_pad") is model.get_layer(
        "stage2_block1_zero_pad"
    )


def test_deleting_a_plain_block_rewires_around_it():
    model = tiny(False)
    lesioned = lesion.lesioned(model, blocks_to_remove=["stage1_block2"])
    feeds = inbound_layers(lesioned)
    assert feeds["stage2_block1_conv1"] == ["stage1_block1_out_relu"]
    assert "stage1_block2_conv1" not in feeds
    # a plain network is a chain of layers: run the original's layers one by one, skipping the block
    h = X
    for layer in model.layers[1:]:
        if not layer.name.startswith("stage1_block2_"):
            h = layer(h, training=False)
    np.testing.assert_array_equal(outputs(lesioned), keras.ops.convert_to_numpy(h))


def test_deleting_plain_layers():
    model = tiny(False)
    deletable = lesion.layers_of(model)
    assert "stage2_block1_conv1" not in deletable  # stride 2 and more channels: shapes differ
    assert "stage2_block1_conv2" in deletable and "stage1_block1_conv1" in deletable
    lesioned = lesion.lesioned(model, layers_to_remove=["stage1_block1_conv1", "stage1_block1_conv2"])
    assert inbound_layers(lesioned)["stage1_block2_conv1"] == ["stem_relu"]
    one = inbound_layers(lesion.lesioned(model, layers_to_remove=["stage1_block1_conv2"]))
    assert one["stage1_block2_conv1"] == ["stage1_block1_relu1"]


def test_residual_layers_offer_only_the_first_convolution():
    assert all(name.endswith("_conv1") for name in lesion.layers_of(tiny(True)))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"blocks_to_remove": ["stage9_block1"]}, r"^blocks_to_remove must name blocks"),
        ({"layers_to_remove": ["stage2_block1_conv1"]}, r"^layers_to_remove must name layers"),
    ],
)
def test_bad_names_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        lesion.lesioned(tiny(False), **kwargs)


def test_plain_downsampling_block_cannot_be_deleted():
    with pytest.raises(ValueError, match=r"^blocks_to_remove: 'stage2_block1'"):
        lesion.lesioned(tiny(False), blocks_to_remove=["stage2_block1"])


def test_not_a_model_raises():
    with pytest.raises(TypeError, match=r"^model must be a keras.Model"):
        lesion.blocks("resnet")
    dense = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    with pytest.raises(ValueError, match=r"^model must be built from named blocks"):
        lesion.blocks(dense)


def test_error_rate_and_single_lesions():
    model = tiny(True)
    predicted = classification.predict_classes(model, X, batch_size=7, traced=False)
    assert np.array_equal(predicted, np.argmax(outputs(model), axis=-1))
    assert classification.error_rate(model, X, predicted, traced=False) == 0.0
    errors = lesion.single_lesions(model, X, predicted)
    assert list(errors) == lesion.blocks(model)
    assert all(0.0 <= e <= 1.0 for e in errors.values())
    plain = tiny(False)
    assert list(lesion.single_lesions(plain, X, Y)) == [b for b in lesion.blocks(plain) if not lesion.is_downsampling(plain, b)]
    assert list(lesion.single_lesions(plain, X, Y, kind="layers")) == lesion.layers_of(plain)
    with pytest.raises(ValueError, match=r"^kind must be"):
        lesion.single_lesions(model, X, Y, kind="filters")
    with pytest.raises(ValueError, match=r"^y must have one label per image"):
        classification.error_rate(model, X, Y[:5], traced=False)


def test_random_lesions_are_reproducible_and_checked():
    model = tiny(True)
    first = lesion.random_lesions(model, X, Y, ks=[1, 3], draws=2, seed=4)
    assert list(first) == [1, 3] and all(len(v) == 2 for v in first.values())
    assert first == lesion.random_lesions(model, X, Y, ks=[1, 3], draws=2, seed=4)
    with pytest.raises(ValueError, match=r"^ks must be at most 4"):
        lesion.random_lesions(model, X, Y, ks=[5])
    with pytest.raises(ValueError, match=r"^draws must be a positive integer"):
        lesion.random_lesions(model, X, Y, ks=[1], draws=0)
