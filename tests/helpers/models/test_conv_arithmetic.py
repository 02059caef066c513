"""Notebook 02's helpers: the photo, convolution arithmetic, figures, widgets and exercises."""

from helpers.models import conv_arithmetic

import keras
import pytest

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
                assert len(keras_output_size(n, k, s, padding)) == conv_arithmetic.conv_output_size(n, k, s, padding), (n, k, s)


def test_same_padding_matches_keras():
    # A window of ones over an input of ones counts the input cells it covers: k minus the zeros.
    for n in range(1, 11):
        for k in range(1, 8):
            for s in range(1, 5):
                counts = keras_output_size(n, k, s, "same")
                before, after = conv_arithmetic.same_padding(n, k, s)
                out = len(counts)
                assert counts[0] == min(k - before, n), (n, k, s)
                last_start = (out - 1) * s  # in padded coordinates
                covered = min(last_start + k, before + n) - max(last_start, before)
                assert counts[-1] == covered, (n, k, s)
                assert (out - 1) * s + k <= n + before + after


def test_output_size_examples():
    assert conv_arithmetic.conv_output_size(128, 7, 2, "same") == 64
    assert conv_arithmetic.conv_output_size(64, 3, 2, "same") == 32
    assert conv_arithmetic.conv_output_size(32, 3, 2, "valid") == 15
    assert conv_arithmetic.same_padding(8, 3, 2) == (0, 1)
    assert conv_arithmetic.same_padding(12, 7, 4) == (1, 2)


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
    wrong_type = any(isinstance(a, (bool, float)) for a in args)  # a float or bool for an integer
    with pytest.raises(TypeError if wrong_type else ValueError, match=rf"^{argument} must"):
        conv_arithmetic.conv_output_size(*args)


def test_same_padding_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"^stride must be"):
        conv_arithmetic.same_padding(8, 3, 0)


@pytest.mark.parametrize("k, c_in, c_out, use_bias", [(7, 1, 64, True), (3, 64, 64, True), (1, 64, 128, True), (3, 16, 8, False)])
def test_conv_params_match_keras(k, c_in, c_out, use_bias):
    layer = keras.layers.Conv2D(c_out, k, use_bias=use_bias)
    layer.build((None, 20, 20, c_in))
    assert conv_arithmetic.conv_params(k, c_in, c_out, use_bias) == layer.count_params()


@pytest.mark.parametrize("args, argument", [((0, 3, 8), "kernel_size"), ((3, -1, 8), "in_channels"), ((3, 3, 2.0), "filters")])
def test_conv_params_reject_bad_arguments(args, argument):
    wrong_type = any(isinstance(a, float) for a in args)  # a float for an integer
    with pytest.raises(TypeError if wrong_type else ValueError, match=rf"^{argument} must be"):
        conv_arithmetic.conv_params(*args)
