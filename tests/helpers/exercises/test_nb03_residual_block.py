"""Notebook 03's exercises: right, wrong and broken answers; 03.5 builds the student's Keras block."""

from helpers.exercises import feedback

from exercise_answers import preact
from keras import layers


def test_shapes_and_counts():
    assert feedback("03.1", 296_192)[0] is True
    assert "BatchNormalizations" in feedback("03.1", 295_168)[1]
    assert feedback("03.2", (8, 8, 256))[0] is True
    assert "batch" in feedback("03.2", (1, 8, 8, 256))[1]
    assert "halves once" in feedback("03.2", (4, 4, 256))[1]
    assert feedback("03.4", 1_120_256)[0] is True
    assert "no projection" in feedback("03.4", 1_120_256 + 1024 * 1024 + 4 * 1024)[1]


def test_preact_block_is_built_and_compared():
    assert feedback("03.5", preact)[0] is True
    assert "after the addition" in feedback("03.5", lambda x, f: preact(x, f, relu_after=True))[1]
    assert "post-activation" in feedback("03.5", lambda x, f: preact(x, f, order="post"))[1]
    assert "no addition" in feedback("03.5", lambda x, f: preact(x, f, add=False))[1]
    assert "use_bias=False" in feedback("03.5", lambda x, f: preact(x, f, bias=True))[1]
    assert "x itself" in feedback("03.5", lambda x, f: preact(x, f, shortcut_from_pre=True))[1]
    assert "widens to 4 * filters" in feedback("03.5", lambda x, f: preact(x, f, last=1, add=False))[1]
    assert "shape" in feedback("03.5", lambda x, f: layers.Conv2D(2 * f, 3, padding="same")(x))[1]
    assert "KerasTensor" in feedback("03.5", lambda x, f: 3)[1]
    assert feedback("03.5", lambda x, f: ...)[0] is None
    assert "forget `return`" in feedback("03.5", lambda x, f: None)[1]
    assert "raised" in feedback("03.5", lambda x: x)[1]
