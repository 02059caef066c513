"""Exercises of notebook 01: the skip connection on scalars and vectors."""

from __future__ import annotations

from helpers.exercises.registry import NOT_ANSWERED, as_shape, exercise, number_judge
from helpers.i18n import tr

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
    hint="Section 1 gives a residual block's output as a formula in F and X; write that formula with f and x.",
    explanation="residual(f, x) = f(x) + x works for any f whose output has x's shape.",
)
def _judge_residual(residual: Any) -> str | None:
    if not callable(residual):
        return tr("The answer should be a function residual(f, x).")
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
            return tr("Your function returns None: did you forget `return`?")
        if np.shape(got) != np.shape(expected) or not np.allclose(got, expected):
            if np.shape(got) == np.shape(expected) and np.allclose(got, f(x)):
                return tr("Your function returns f(x) only: that is a plain layer.")
            return tr("For x = {x!r} it returned {got!r}.", x=x, got=got)
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
    "Ten residual blocks are stacked, and at the inputs they see every F has derivative F'(X) = 0.1. What is dX_10/dX_0? "
    "(Give at least two decimal places: answers within 0.007 of the exact value count.)",
    hint="Each block's derivative is F'(X) + 1, and the chain rule multiplies the ten block derivatives.",
    explanation="(0.1 + 1)**10, about 2.59: factors a little above 1 compound, as money does at 10% interest.",
)(
    number_judge(
        1.1**10,
        {
            1: "1 would be right if every F'(X) were 0. Here each block's derivative is 0.1 + 1.",
            0.1**10: "That is the plain stack: a product of ten F'(X). Each residual block adds 1 to its F'(X).",
            2: "That adds the ten 0.1s to 1. The chain rule multiplies the block derivatives.",
            11: "That adds the ten block derivatives. The chain rule multiplies them.",
        },
        rel=2e-3,
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
        return tr("The answer should be a tuple such as (rows, columns).")
    if shape == (8, 16):
        return None
    if shape == (16, 8):
        return tr("Those are the right numbers in the wrong order.")
    return tr("{shape} would not turn 8 features into 16.", shape=shape)


@exercise(
    "01.6",
    "Write zero_pad_shortcut(x, features): the parameter-free shortcut (the paper's option A) that "
    "widens a batch of vectors x, shape (batch, d), to (batch, features) by appending zeros.",
    hint="Keep x's d numbers in the first d columns and fill the other features - d columns with 0 "
    "(make the zeros with np.zeros and join them on along axis 1).",
    explanation="x + nothing learned: the first d outputs of F(X) get X added, the extra ones get 0. No weights at all.",
)
def _judge_zero_pad(zero_pad_shortcut: Any) -> str | None:
    if not callable(zero_pad_shortcut):
        return tr("The answer should be a function zero_pad_shortcut(x, features).")
    rng = np.random.default_rng(7)
    for x, features in [(rng.normal(size=(2, 3)), 5), (rng.normal(size=(1, 4)), 4), (rng.normal(size=(3, 2)), 6)]:
        got = zero_pad_shortcut(x.copy(), features)
        if got is Ellipsis:
            return NOT_ANSWERED
        if got is None:
            return tr("Your function returns None: did you forget `return`?")
        got = np.asarray(got)
        batch, d = x.shape
        expected = np.concatenate([x, np.zeros((batch, features - d))], axis=1)
        if got.shape != expected.shape:
            if got.shape == (batch + features - d, d):
                return tr(
                    "For x of shape {shape} you returned {got}: you added rows (examples); add columns (features).",
                    shape=x.shape,
                    got=got.shape,
                )
            return tr(
                "For x of shape {shape} and features={features} you returned shape {got}.",
                shape=x.shape,
                features=features,
                got=got.shape,
            )
        if np.allclose(got, expected):
            continue
        if np.allclose(got[:, features - d :], x) and np.allclose(got[:, : features - d], 0):
            return tr("Your zeros come first. Keep x in the first columns, so that feature i of X is added to feature i of F(X).")
        if np.allclose(got[:, :d], x):
            return tr("x is in the right place, but the extra columns should be exactly 0.")
        return tr(
            "For x =\n{x}\nand features={features} you returned\n{got}.",
            x=np.round(x, 3),
            features=features,
            got=np.round(got, 3),
        )
    return None
