"""Exercises of notebook 02: convolution arithmetic, BatchNormalization, pooling."""

from __future__ import annotations

from helpers.exercises.registry import NOT_ANSWERED, exercise, number_judge
from helpers.i18n import tr

from typing import Any

import numpy as np

exercise(
    "02.1",
    'A 32x32 input goes through a 3x3 convolution with stride 2 and padding="valid". How many rows does the output have?',
    hint='With "valid" padding the window must fit inside the input: (n - k) // s + 1.',
    explanation="(32 - 3) // 2 + 1: the window starts at rows 0, 2, ..., 28.",
)(
    number_judge(
        15,
        {
            16: 'That is what padding="same" gives: ceil(32 / 2). "valid" adds no zeros, so the window must fit inside.',
            14: "Close: count the window's positions, the first one included (the + 1).",
            14.5: "Sizes are whole numbers: the division is rounded down before adding 1.",
            30: "That is stride 1. With stride 2 the window moves two rows at a time.",
        },
    )
)

exercise(
    "02.2",
    "How many parameters does Conv2D(128, 3) have when its input has 64 channels?",
    hint="Each of the 128 filters has a 3x3 kernel for every input channel, plus one bias.",
    explanation="(3 * 3 * 64 + 1) * 128: 73,728 kernel weights and 128 biases.",
)(
    number_judge(
        73_856,
        {
            73_728: "That leaves out the biases: one per filter.",
            1_280: "Each filter has a 3x3 kernel for every input channel, not just one.",
            36_992: "That counts 64 filters; the layer has 128.",
        },
    )
)

exercise(
    "02.3",
    "A BN layer in inference mode has moving mean 2, moving variance 4, gamma 3 and beta 1. What does it output for 6 (ignore epsilon)?",
    hint="Subtract the moving mean, divide by the square root of the moving variance, then multiply by gamma and add beta.",
    explanation="(6 - 2) / sqrt(4) = 2, then 3 * 2 + 1.",
)(
    number_judge(
        7,
        {
            6: "You scaled by gamma but forgot to add beta.",
            3: "That is the normalised value plus beta; gamma scales it first.",
            2: "That is the normalised value alone; gamma and beta come after.",
            4: "Divide by the standard deviation, the square root of the variance, not by the variance.",
        },
        rel=1e-3,  # accepts the answer with Keras's epsilon = 0.001 too
    )
)


def _reference_pool(x: np.ndarray) -> np.ndarray:
    rows, cols = x.shape
    return x.reshape(rows // 2, 2, cols // 2, 2).max(axis=(1, 3))


@exercise(
    "02.4",
    "Write max_pool_2x2(x): the maximum of each 2x2 block of a 2-D array with even sides.",
    hint="Which rows and columns of x make up the 2×2 block behind output (i, j)? Two loops over i and j work; for a short version, ask how reshape could give each block axes of its own.",
    explanation="x.reshape(rows // 2, 2, cols // 2, 2).max(axis=(1, 3)) is MaxPooling2D(pool_size=2) on one channel.",
)
def _judge_max_pool(max_pool_2x2: Any) -> str | None:
    if not callable(max_pool_2x2):
        return tr("The answer should be a function max_pool_2x2(x).")
    rng = np.random.default_rng(2)
    cases = [
        np.array([[1.0, 3.0, 0.0, -2.0], [4.0, 2.0, -1.0, -5.0], [0.0, -1.0, 6.0, 2.0], [-3.0, 5.0, 1.0, 0.0]]),
        -rng.random((6, 4)),  # all negative: a pooled 0 would be wrong
        rng.normal(size=(2, 8)),
    ]
    for x in cases:
        got = max_pool_2x2(x.copy())
        if got is Ellipsis:
            return NOT_ANSWERED
        if got is None:
            return tr("Your function returns None: did you forget `return`?")
        got = np.asarray(got)
        expected = _reference_pool(x)
        if got.shape != expected.shape:
            return tr(
                "For an input of shape {shape} it returned shape {got}; each side should halve.", shape=x.shape, got=got.shape
            )
        if not np.allclose(got, expected):
            if np.allclose(got, x.reshape(x.shape[0] // 2, 2, x.shape[1] // 2, 2).mean(axis=(1, 3))):
                return tr("Your function averages each block; max pooling keeps the largest value.")
            return tr("For the input\n{x}\nit returned\n{got}.", x=x, got=got)
    return None


exercise(
    "02.5",
    "With momentum 0.99, after how many steps does the starting value first make up less than 1% of the moving statistics?",
    hint="After t steps the starting value weighs 0.99**t. Try a few t, or solve 0.99**t < 0.01 with logarithms and round up.",
    explanation="0.99**t < 0.01 means t > log(0.01) / log(0.99) = 458.2. Hundreds of steps: far more than a short run on a laptop.",
)(
    number_judge(
        459,
        {
            458: "So close: 0.99**458 is still just above 0.01.",
            458.2: "Steps are whole numbers; round so that 0.99**t is below 0.01.",
            100: "After 100 steps 0.99**100 is about 0.37: more than a third is left.",
            44: "That would be right for momentum 0.9; 0.99 fades much more slowly.",
            99: "The starting value shrinks by a factor 0.99 each step; it does not lose 1% of its original size each step.",
        },
    )
)


def _reference_fold(kernel, bias, gamma, beta, mean, var, epsilon):
    scale = gamma / np.sqrt(var + epsilon)
    return kernel * scale, (bias - mean) * scale + beta


@exercise(
    "02.6",
    "Write fold_bn(kernel, bias, gamma, beta, mean, var, epsilon): the kernel and bias of one Conv2D "
    "that computes Conv2D followed by BatchNormalization in inference mode.",
    hint="In inference mode BN is y = gamma * (x - mean) / sqrt(var + epsilon) + beta, one scale per output "
    "channel. Put the convolution's output x = conv(input) + bias into it and collect what multiplies the "
    "input (the new kernel) and what is left over (the new bias).",
    explanation="scale = gamma / sqrt(var + epsilon); kernel * scale (the last axis is the output channel) and "
    "(bias - mean) * scale + beta. Inference engines do this fold to save BN's work.",
)
def _judge_fold_bn(fold_bn: Any) -> str | None:
    if not callable(fold_bn):
        return tr("The answer should be a function fold_bn(kernel, bias, gamma, beta, mean, var, epsilon).")
    rng = np.random.default_rng(5)
    c_in, c_out, epsilon = 2, 3, 0.25  # a large epsilon, so that leaving it out shows
    args = dict(
        kernel=rng.normal(size=(3, 3, c_in, c_out)),
        bias=rng.normal(size=c_out),
        gamma=rng.uniform(0.5, 2.0, c_out),
        beta=rng.normal(size=c_out),
        mean=rng.normal(size=c_out),
        var=rng.uniform(0.5, 3.0, c_out),
    )
    got = fold_bn(**{k: v.copy() for k, v in args.items()}, epsilon=epsilon)
    if got is Ellipsis or (isinstance(got, tuple) and any(part is Ellipsis for part in got)):
        return NOT_ANSWERED
    if got is None:
        return tr("Your function returns None: did you forget `return`?")
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return tr("Return two things, the new kernel and the new bias: `return new_kernel, new_bias`.")
    kernel, bias = (np.asarray(part, dtype=float) for part in got)
    want_kernel, want_bias = _reference_fold(**args, epsilon=epsilon)
    if kernel.shape != want_kernel.shape or bias.shape != want_bias.shape:
        return tr(
            "The new kernel should keep the shape {want_kernel} and the new bias {want_bias}; yours are {kernel} and {bias}.",
            want_kernel=want_kernel.shape,
            want_bias=want_bias.shape,
            kernel=kernel.shape,
            bias=bias.shape,
        )
    k, b, g, m, v = (args[name] for name in ("kernel", "bias", "gamma", "mean", "var"))
    no_eps = g / np.sqrt(v)
    if np.allclose(kernel, k * no_eps) or np.allclose(bias, (b - m) * no_eps + args["beta"]):
        return tr("Close: BN divides by sqrt(var + epsilon), not sqrt(var).")
    if np.allclose(kernel, k * g / (v + epsilon)):
        return tr("Divide by the standard deviation, sqrt(var + epsilon), not by the variance.")
    if not np.allclose(kernel, want_kernel):
        return tr("The new kernel is not right: each output channel's weights get that channel's BN scale.")
    if np.allclose(bias, b * (g / np.sqrt(v + epsilon)) + args["beta"]):
        return tr("The kernel is right. The bias forgets that BN subtracts the moving mean first.")
    if np.allclose(bias, args["beta"] - m * (g / np.sqrt(v + epsilon))):
        return tr("The kernel is right. The convolution's own bias goes through BN too: it is shifted and scaled as well.")
    if not np.allclose(bias, want_bias):
        return tr("The kernel is right; the bias is not. Write BN of (conv(input) + bias) out and collect the constant terms.")
    return None
