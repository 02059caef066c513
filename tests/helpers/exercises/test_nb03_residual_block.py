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


def test_shortcut_params_is_run_on_several_blocks():
    def blog(stride, cin, filters):
        return (cin + 1) * filters if stride != 1 or cin != filters else 0

    assert feedback("03.3", blog)[0] is True
    assert feedback("03.3", lambda s, c, f: ...)[0] is None
    assert "forget `return`" in feedback("03.3", lambda s, c, f: None)[1]
    assert "X itself" in feedback("03.3", lambda s, c, f: (c + 1) * f)[1]  # a projection on every block
    assert "stride 2 shrinks" in feedback("03.3", lambda s, c, f: (c + 1) * f if c != f else 0)[1]  # forgets the stride
    assert "so X needs a projection." in feedback("03.3", lambda s, c, f: (c + 1) * f if s != 1 else 0)[1]  # forgets the channels
    assert "bias per filter" in feedback("03.3", lambda s, c, f: c * f if s != 1 or c != f else 0)[1]
    assert "paper's shortcut" in feedback("03.3", lambda s, c, f: c * f + 4 * f if s != 1 or c != f else 0)[1]
    assert "1x1" in feedback("03.3", lambda s, c, f: (9 * c + 1) * f if s != 1 or c != f else 0)[1]
    assert "not a number" in feedback("03.3", lambda s, c, f: "many")[1]
    assert "raised" in feedback("03.3", lambda s: 0)[1]
    assert "should be a function" in feedback("03.3", 8320)[1]


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
