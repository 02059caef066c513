"""Exercises of notebook 06: why residual networks train."""

from __future__ import annotations

from helpers.exercises.registry import NOT_ANSWERED, exercise, number_judge
from helpers.i18n import tr

from typing import Any

import numpy as np


@exercise(
    "06.1",
    "Which observation shows that plain-56's problem is not overfitting? Answer 'a', 'b' or 'c'.",
    hint="Overfitting means fitting the training images well and new images badly. Which of the "
    "three is about the training images?",
    explanation="(b): an overfitting network fits its training set *better*; plain-56 fits it worse, "
    "so its trouble is optimisation. He et al. (2015, section 4.1) make the same argument.",
)
def _judge_overfitting(answer: Any) -> str | None:
    choice = answer.strip().lower().strip("()") if isinstance(answer, str) else None
    if choice not in ("a", "b", "c"):
        return tr("Answer with one of the letters 'a', 'b' or 'c'.")
    if choice == "b":
        return None
    if choice == "a":
        return tr("A higher test error fits overfitting too: it does not tell the two apart.")
    return tr("Both 56-layer networks have the same number of weights, and ResNet-56 fits well: size alone is not it.")


exercise(
    "06.2",
    "ResNet-56 has 27 blocks, so 2**27 paths. Deleting k blocks removes every path through any of "
    "their residual branches. What is the smallest k that leaves fewer than 1% of the paths?",
    hint="Each deleted block keeps only the paths that skip it: half of them. Find the first k with 0.5**k < 0.01.",
    explanation="0.5**7 = 0.78%: after deleting 7 blocks fewer than 1 path in 100 is left, yet the lesion curve "
    "degrades gradually rather than dropping to chance, as an ensemble of many paths would.",
)(
    number_judge(
        7,
        {
            6: "0.5**6 is 1.56%: still more than 1%.",
            100: "Each deletion halves the number of paths; it does not remove a fixed number.",
            27: "That deletes every block; far fewer deletions already leave fewer than 1%.",
        },
    )
)


def _reference_filters(direction: np.ndarray, weights: np.ndarray) -> np.ndarray:
    axes = tuple(range(weights.ndim - 1))
    norm = lambda a: np.sqrt(np.sum(a**2, axis=axes, keepdims=True))  # noqa: E731
    return direction / norm(direction) * norm(weights)


@exercise(
    "06.3",
    "normalize_filters(direction, kernel): rescale each filter direction[..., j] of a Keras kernel "
    "to the norm of kernel[..., j] (Li et al. 2018).",
    hint="The norm of one filter is taken over every axis but the last: "
    "np.sqrt(np.sum(kernel**2, axis=(0, 1, 2), keepdims=True)) for a (k, k, C_in, C_out) kernel "
    "(np.linalg.norm takes at most two axes). Divide by the direction's norms, multiply by the kernel's.",
    explanation="Each filter of the direction now has the size of the filter it moves, so a step of 1 "
    "changes a big filter and a small one by the same relative amount.",
)
def _judge_normalize_filters(normalize_filters: Any) -> str | None:
    if not callable(normalize_filters):
        return tr("The answer should be a function normalize_filters(direction, kernel).")
    rng = np.random.default_rng(6)
    for shape in [(3, 3, 2, 4), (3, 3, 16, 16), (1, 1, 8, 3)]:
        kernel = rng.standard_normal(shape) * rng.uniform(0.1, 3.0, shape[-1])
        direction = rng.standard_normal(shape)
        got = normalize_filters(direction.copy(), kernel.copy())
        if got is Ellipsis:
            return NOT_ANSWERED
        if got is None:
            return tr("Your function returns None: did you forget `return`?")
        got = np.asarray(got, dtype=float)
        if got.shape != shape:
            return tr(
                "For a kernel of shape {shape} the result should have the same shape; got {got}.", shape=shape, got=got.shape
            )
        if np.allclose(got, direction / np.linalg.norm(direction) * np.linalg.norm(kernel)):
            return tr("That rescales the whole kernel at once; rescale each filter kernel[..., j] on its own.")
        if not np.allclose(got, _reference_filters(direction, kernel), rtol=1e-6):
            return tr("For a kernel of shape {shape}, some filters do not have the norm of the kernel's filters.", shape=shape)
    return None


exercise(
    "06.4",
    "A layer has ||dL/dW|| / ||W|| = 0.05. One plain SGD step (no momentum) with learning rate 0.1 "
    "changes its kernel by what fraction of the kernel's norm?",
    hint="An SGD step changes W by learning_rate * dL/dW; compare the norm of that change with ||W||.",
    explanation="0.1 x 0.05 = 0.005: half a percent. The ratio times the learning rate is the relative size of "
    "an update, which is why the notebook plots it next to the gradient norm.",
)(
    number_judge(
        0.005,
        {
            0.05: "That is the ratio itself; the step is the learning rate times the gradient.",
            0.5: "Multiply the ratio by the learning rate, 0.1.",
            0.1: "That is the learning rate; multiply it by the ratio.",
        },
    )
)
