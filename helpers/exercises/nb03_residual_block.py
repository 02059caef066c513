"""Exercises of notebook 03: the residual block."""

from __future__ import annotations

from helpers.exercises.registry import NOT_ANSWERED, as_shape, exercise, number_judge

from typing import Any


def _blog_block_params(channels: int) -> int:
    conv = 3 * 3 * channels * channels + channels
    return 2 * conv + 2 * 4 * channels


exercise(
    "03.1",
    "Parameters of the blog's block with 64 input channels, filters=64, stride=1.",
    hint="Two 3x3 convolutions from 64 to 64 channels, each with 64 biases, two BatchNormalizations "
    "with 4 numbers per channel, and no projection (the shapes already match).",
    explanation="2 x (3*3*64*64 + 64) + 2 x 4*64: exactly half of stage 1's 148,736 parameters.",
)(
    number_judge(
        _blog_block_params(64),
        {
            2 * (3 * 3 * 64 * 64 + 64): "That counts the convolutions; the two BatchNormalizations have parameters too.",
            2 * (3 * 3 * 64 * 64 + 64) + 2 * 2 * 64: "Keras counts BN's moving mean and variance too: 4 numbers a channel.",
            _blog_block_params(64) + 64 * 64 + 64: "The shapes match here (stride 1, 64 channels in and out): no projection.",
        },
    )
)


@exercise(
    "03.2",
    "Output shape of the blog's block for a (32, 32, 64) input, filters=128, stride=2.",
    hint="Stride 2 with 'same' padding halves height and width; the channels are the filters.",
    explanation="(16, 16, 128): the first block of stage 2 in the blog's network.",
)
def _judge_shape(answer: Any) -> str | None:
    shape = as_shape(answer)
    if shape is None:
        return "Answer with a tuple (height, width, channels)."
    if shape == (16, 16, 128):
        return None
    if len(shape) == 4:
        return "Leave out the batch dimension."
    if shape[:2] == (32, 32):
        return "The stride changes the height and width."
    if shape[-1:] == (64,):
        return "The number of output channels is set by the filters."
    return f"{shape} is not it."


@exercise(
    "03.3",
    "needs_projection(stride, in_channels, filters): True when the shortcut needs a 1x1 projection.",
    hint="Look at the `if` in the blog's block: two things can make F(X) and X differ in shape.",
    explanation="A projection is needed when stride != 1 or in_channels != filters.",
)
def _judge_needs_projection(needs_projection: Any) -> str | None:
    if not callable(needs_projection):
        return "The answer should be a function needs_projection(stride, in_channels, filters)."
    for stride, cin, filters in [(1, 64, 64), (2, 64, 128), (1, 64, 128), (2, 64, 64), (1, 128, 128), (1, 256, 64)]:
        got = needs_projection(stride, cin, filters)
        if got is Ellipsis:
            return NOT_ANSWERED
        expected = stride != 1 or cin != filters
        if bool(got) != expected:
            return f"needs_projection({stride}, {cin}, {filters}) returned {got!r}."
    return None


_BOTTLENECK = 256 * 64 + 3 * 3 * 64 * 64 + 64 * 256 + 4 * (64 + 64 + 256)
exercise(
    "03.4",
    "Parameters of the paper's bottleneck block: 256-channel input, filters=64, stride=1.",
    hint="1x1 from 256 to 64, 3x3 from 64 to 64, 1x1 from 64 to 256 (no biases); BN after each, "
    "with 4 numbers per channel; the shapes match, so the shortcut is the identity.",
    explanation="16,384 + 36,864 + 16,384 weights and 4 x (64 + 64 + 256) BN numbers.",
)(
    number_judge(
        _BOTTLENECK,
        {
            256 * 64 + 3 * 3 * 64 * 64 + 64 * 256: "That counts the convolutions; add the three BatchNormalizations.",
            _BOTTLENECK + 256 * 256 + 4 * 256: "Input and output both have 256 channels at stride 1: no projection.",
        },
    )
)
