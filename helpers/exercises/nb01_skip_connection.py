"""Exercises of notebook 01: the skip connection on scalars and vectors."""

from __future__ import annotations

from helpers.exercises.registry import NOT_ANSWERED, as_shape, exercise, number_judge

from typing import Any

import numpy as np

exercise(
    "01.1",
    "X = 4 and F(X) = 2X. What does a residual block output?",
    hint="A residual block outputs F(X) + X.",
    explanation="F(4) = 8, and the shortcut adds X = 4.",
)(number_judge(12, {8: "8 is F(X) alone: the plain output. The residual block also adds the input.", 4: "4 is X alone."}))


@exercise(
    "01.2",
    "Write residual(f, x): the output of a residual block whose transformation is f.",
    hint="Apply f to x, then add x itself. It should work for numbers and for NumPy arrays.",
    explanation="residual(f, x) = f(x) + x works for any f whose output has x's shape.",
)
def _judge_residual(residual: Any) -> str | None:
    if not callable(residual):
        return "The answer should be a function residual(f, x)."
    cases = [
        (lambda v: v + 2, 3.0, 8.0),
        (lambda v: 0 * v, -1.5, -1.5),
        (lambda v: 2 * v, np.array([1.0, -2.0]), np.array([3.0, -6.0])),
    ]
    for f, x, expected in cases:
        got = residual(f, x)
        if got is Ellipsis:
            return NOT_ANSWERED
        if got is None:
            return "Your function returns None: did you forget `return`?"
        if np.shape(got) != np.shape(expected) or not np.allclose(got, expected):
            if np.shape(got) == np.shape(expected) and np.allclose(got, f(x)):
                return "Your function returns f(x) only: that is a plain layer."
            return f"For x = {x!r} it returned {got!r}."
    return None


exercise(
    "01.3",
    "F(X) = 3X**2, so F'(X) = 6X. What is the derivative of the residual block, d/dX [F(X) + X], at X = 2?",
    hint="The derivative of a sum is the sum of the derivatives; the derivative of X is 1.",
    explanation="F'(2) + 1 = 12 + 1: the shortcut always contributes 1.",
)(
    number_judge(
        13,
        {
            12: "12 is F'(X) alone: the plain layer's derivative. The shortcut adds its own.",
            14: "14 is F(X) + X, the output, not its derivative.",
        },
    )
)

exercise(
    "01.4",
    "Ten residual blocks are stacked, and every F outputs 0 for every input. What is dX_10/dX_0?",
    hint="Each block's derivative is F'(X) + 1, and the chain rule multiplies them.",
    explanation="Each block is the identity, with derivative 0 + 1; ten of them multiply to 1.",
)(
    number_judge(
        1,
        {
            0: "0 is what ten plain layers that output 0 would give. The residual blocks keep the shortcut.",
            10: "The chain rule multiplies the block derivatives; it does not add them.",
        },
    )
)


@exercise(
    "01.5",
    "X has 8 features and F outputs 16. What shape is the kernel of the Dense projection "
    "(no bias) that makes the shortcut fit? Answer with a tuple.",
    hint="A Keras Dense kernel has shape (inputs, outputs).",
    explanation="Dense(16, use_bias=False) on 8 features has an (8, 16) kernel: 128 weights.",
)
def _judge_projection(answer: Any) -> str | None:
    shape = as_shape(answer)
    if shape is None:
        return "The answer should be a tuple such as (rows, columns)."
    if shape == (8, 16):
        return None
    if shape == (16, 8):
        return "Those are the right numbers in the wrong order."
    return f"{shape} would not turn 8 features into 16."
