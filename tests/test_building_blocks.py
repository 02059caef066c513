"""Notebook 02's helpers: the photo, convolution arithmetic, figures, widgets and exercises."""

import keras
import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import building_blocks as bb
from helpers.exercises import feedback

PNG = b"\x89PNG\r\n\x1a\n"


# The photo ---------------------------------------------------------------------------------


def test_grayscale_weights_and_scaling():
    rgb = np.array([[[255, 255, 255], [0, 0, 0], [255, 0, 0]]], dtype=np.uint8)
    gray = bb.to_grayscale(rgb)
    assert gray.dtype == np.float32 and gray.shape == (1, 3)
    np.testing.assert_allclose(gray[0], [1.0, 0.0, 0.299], atol=1e-6)
    np.testing.assert_allclose(bb.to_grayscale(rgb / 255.0), gray, atol=1e-6)  # floats are taken as 0..1


@pytest.mark.parametrize("shape", [(4, 4), (4, 4, 4), (2, 4, 4, 3)])
def test_grayscale_rejects_non_rgb(shape):
    with pytest.raises(ValueError, match=r"^rgb must be an image"):
        bb.to_grayscale(np.zeros(shape))


def test_photo_loads_offline_in_grayscale():
    full = bb.load_gray_photo("china")
    assert full.shape == (427, 640) and full.dtype == np.float32
    assert 0.0 <= full.min() < full.max() <= 1.0
    half = bb.load_gray_photo("china", downscale=2)
    assert half.shape == (213, 320)
    np.testing.assert_allclose(half[5, 7], full[10:12, 14:16].mean(), rtol=1e-5)
    assert bb.load_gray_photo("flower").shape == (427, 640)


@pytest.mark.parametrize("kwargs, argument", [({"name": "cat"}, "name"), ({"downscale": 0}, "downscale"), ({"downscale": 1.5}, "downscale")])
def test_photo_rejects_bad_arguments(kwargs, argument):
    with pytest.raises(ValueError, match=rf"^{argument} must be"):
        bb.load_gray_photo(**kwargs)


# Output sizes, padding and parameters -------------------------------------------------------


def keras_output_size(n, k, s, padding):
    y = keras.ops.conv(keras.ops.ones((1, n, 1, 1)), keras.ops.ones((k, 1, 1, 1)), strides=(s, 1), padding=padding)
    return keras.ops.convert_to_numpy(y)[0, :, 0, 0]


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_output_size_matches_keras(padding):
    for n in range(1, 11):
        for k in range(1, 8):
            for s in range(1, 5):
                if padding == "valid" and k > n:
                    continue
                assert len(keras_output_size(n, k, s, padding)) == bb.conv_output_size(n, k, s, padding), (n, k, s)


def test_same_padding_matches_keras():
    # A window of ones over an input of ones counts the input cells it covers: k minus the zeros.
    for n in range(1, 11):
        for k in range(1, 8):
            for s in range(1, 5):
                counts = keras_output_size(n, k, s, "same")
                before, after = bb.same_padding(n, k, s)
                out = len(counts)
                assert counts[0] == min(k - before, n), (n, k, s)
                last_start = (out - 1) * s  # in padded coordinates
                covered = min(last_start + k, before + n) - max(last_start, before)
                assert counts[-1] == covered, (n, k, s)
                assert (out - 1) * s + k <= n + before + after


def test_output_size_examples():
    assert bb.conv_output_size(128, 7, 2, "same") == 64
    assert bb.conv_output_size(64, 3, 2, "same") == 32
    assert bb.conv_output_size(32, 3, 2, "valid") == 15
    assert bb.same_padding(8, 3, 2) == (0, 1)
    assert bb.same_padding(12, 7, 4) == (1, 2)


@pytest.mark.parametrize(
    "args, argument",
    [
        ((0, 3, 1, "valid"), "size"),
        ((8.0, 3, 1, "valid"), "size"),
        ((8, 0, 1, "valid"), "kernel_size"),
        ((8, True, 1, "valid"), "kernel_size"),
        ((8, 3, 0, "valid"), "stride"),
        ((8, 3, 1.5, "same"), "stride"),
        ((8, 3, 1, "full"), "padding"),
        ((8, 3, 1, "SAME"), "padding"),
        ((4, 5, 1, "valid"), "kernel_size"),
    ],
)
def test_output_size_rejects_bad_arguments(args, argument):
    with pytest.raises(ValueError, match=rf"^{argument} must"):
        bb.conv_output_size(*args)


def test_same_padding_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"^stride must be"):
        bb.same_padding(8, 3, 0)


@pytest.mark.parametrize("k, c_in, c_out, use_bias", [(7, 1, 64, True), (3, 64, 64, True), (1, 64, 128, True), (3, 16, 8, False)])
def test_conv_params_match_keras(k, c_in, c_out, use_bias):
    layer = keras.layers.Conv2D(c_out, k, use_bias=use_bias)
    layer.build((None, 20, 20, c_in))
    assert bb.conv_params(k, c_in, c_out, use_bias) == layer.count_params()


@pytest.mark.parametrize("args, argument", [((0, 3, 8), "kernel_size"), ((3, -1, 8), "in_channels"), ((3, 3, 2.0), "filters")])
def test_conv_params_reject_bad_arguments(args, argument):
    with pytest.raises(ValueError, match=rf"^{argument} must be"):
        bb.conv_params(*args)


def test_shape_summary():
    assert "output <b>5×5</b>" in bb.conv_shape_summary(7, 3, 1, "valid")
    assert "(7 − 3) // 1 + 1 = 5" in bb.conv_shape_summary(7, 3, 1, "valid")
    same = bb.conv_shape_summary(8, 3, 2, "same")
    assert "output <b>4×4</b>" in same and "0 zero(s) before and 1 after" in same
    assert "no output" in bb.conv_shape_summary(4, 5, 1, "valid")
    with pytest.raises(ValueError, match=r"^padding must be"):
        bb.conv_shape_summary(7, 3, 1, "full")
    with pytest.raises(ValueError, match=r"^stride must be"):
        bb.conv_shape_summary(7, 3, 0, "valid")


# Figures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [(7, 3, 1, "valid"), (8, 3, 2, "same"), (8, 3, 2, "valid"), (4, 5, 1, "valid"), (12, 7, 4, "same"), (3, 1, 4, "same")])
def test_draw_conv_shape_draws_every_case(args):
    assert isinstance(bb.draw_conv_shape(*args), Figure)


def test_draw_conv_shape_rejects_bad_padding():
    with pytest.raises(ValueError, match=r"^padding must be"):
        bb.draw_conv_shape(7, 3, 1, "full")


def test_draw_maps_and_figure_image():
    maps = [np.zeros((4, 6)), np.arange(24.0).reshape(4, 6) - 10, np.ones((4, 6))]
    fig = bb.draw_maps(maps, ["zeros", "signed", "ones"], cols=2)
    assert isinstance(fig, Figure) and len(fig.axes) == 4  # three maps and one colour bar
    assert len(bb.draw_maps(maps[1:2], ["gray"], centred=False).axes) == 1
    image = bb.figure_image(fig)
    assert image.data[:8] == PNG


@pytest.mark.parametrize(
    "maps, titles, kwargs, message",
    [
        ([np.zeros((4, 4))], [], {}, r"^titles must name each map"),
        ([], [], {}, r"^titles must name each map"),
        ([np.zeros((4, 4, 1))], ["3-D"], {}, r"^maps must be 2-D"),
        ([np.zeros((4, 4))], ["a"], {"cols": 0}, r"^cols must be"),
    ],
)
def test_draw_maps_rejects_bad_arguments(maps, titles, kwargs, message):
    with pytest.raises(ValueError, match=message):
        bb.draw_maps(maps, titles, **kwargs)


# Moving statistics ---------------------------------------------------------------------------


def test_moving_average_follows_the_update_rule():
    batches, moving = bb.moving_average_trace(0.9, 50, true_value=0.05, initial=1.0, noise=0.0)
    np.testing.assert_allclose(batches, 0.05)
    t = np.arange(1, 51)
    np.testing.assert_allclose(moving, 0.05 + (1.0 - 0.05) * 0.9**t, rtol=1e-12)
    noisy_batches, noisy = bb.moving_average_trace(0.99, 5, noise=0.2, seed=3)
    value = 1.0
    for b, m in zip(noisy_batches, noisy):
        value = 0.99 * value + 0.01 * b
        assert m == pytest.approx(value)


@pytest.mark.parametrize(
    "kwargs, argument",
    [({"momentum": 1.0}, "momentum"), ({"momentum": -0.1}, "momentum"), ({"steps": 0}, "steps"), ({"true_value": 0.0}, "true_value")],
)
def test_moving_average_rejects_bad_arguments(kwargs, argument):
    args = {"momentum": 0.9, "steps": 10} | kwargs
    with pytest.raises(ValueError, match=rf"^{argument} must be"):
        bb.moving_average_trace(**args)


def test_momentum_summary():
    assert "<b>46.6%</b>" in bb.momentum_summary(0.99, 76)
    assert "<b>0.0%</b>" in bb.momentum_summary(0.9, 200)


# Widgets -------------------------------------------------------------------------------------


def test_conv_shape_explorer_redraws_when_controls_move():
    explorer = bb.ConvShapeExplorer()
    assert "output <b>5×5</b>" in explorer.summary.value
    image = explorer.image.value
    assert image[:8] == PNG
    explorer.kernel_size.value = 5
    assert "output <b>3×3</b>" in explorer.summary.value and explorer.image.value != image
    image = explorer.image.value
    explorer.padding.value = "same"
    assert "output <b>7×7</b>" in explorer.summary.value and explorer.image.value != image
    image = explorer.image.value
    explorer.stride.value = 2
    assert "output <b>4×4</b>" in explorer.summary.value and explorer.image.value != image
    explorer.padding.value = "valid"
    explorer.size.value = 4
    assert "no output" in explorer.summary.value and explorer.image.value[:8] == PNG


def test_momentum_explorer_redraws_when_controls_move():
    explorer = bb.MomentumExplorer()
    assert "momentum 0.99, 76 steps" in explorer.summary.value
    summary, image = explorer.summary.value, explorer.image.value
    explorer.momentum.value = 0.9
    assert "momentum 0.9, 76 steps" in explorer.summary.value
    assert explorer.summary.value != summary and explorer.image.value != image
    image = explorer.image.value
    explorer.steps.value = 500
    assert "500 steps" in explorer.summary.value and explorer.image.value != image
    assert explorer.image.value[:8] == PNG
    assert explorer.widget is not None and bb.ConvShapeExplorer().widget is not None


# Exercises of notebook 02 ------------------------------------------------------------------------


def test_exercise_feedback_for_known_mistakes():
    assert 'padding="same"' in feedback("02.1", 16)[1]
    assert "biases" in feedback("02.2", 73_728)[1]
    assert feedback("02.3", 3 * 4 / np.sqrt(4.001) + 1)[0] is True  # with Keras's epsilon
    assert "beta" in feedback("02.3", 6)[1]
    assert "just above" in feedback("02.5", 458)[1]


def test_max_pool_exercise_runs_the_function():
    assert feedback("02.4", lambda x: x.reshape(x.shape[0] // 2, 2, x.shape[1] // 2, 2).max(axis=(1, 3)))[0] is True
    assert "averages" in feedback("02.4", lambda x: x.reshape(x.shape[0] // 2, 2, x.shape[1] // 2, 2).mean(axis=(1, 3)))[1]
    assert "each side should halve" in feedback("02.4", lambda x: x)[1]
    assert feedback("02.4", lambda x: ...)[0] is None
    assert "forget `return`" in feedback("02.4", lambda x: None)[1]
    loops = lambda x: np.array([[x[i:i + 2, j:j + 2].max() for j in range(0, x.shape[1], 2)] for i in range(0, x.shape[0], 2)])  # noqa: E731
    assert feedback("02.4", loops)[0] is True
