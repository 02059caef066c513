"""Exercises of notebook 05: training the blog's network on the score task."""

from __future__ import annotations

from helpers.exercises.registry import NOT_ANSWERED, exercise, number_judge
from helpers.i18n import tr

from typing import Any

import numpy as np

exercise(
    "05.1",
    "R^2 of a model that always answers the average test score.",
    hint="R^2 = 1 - (squared errors of the model) / (squared errors of always answering the average).",
    explanation="Its squared errors are exactly those of the average, so R^2 = 1 - 1.",
)(
    number_judge(
        0, {1: "1 would be a perfect model.", -1: "Negative R^2 means worse than the average; this is the average itself."}
    )
)


@exercise(
    "05.2",
    "Write r2_score(true, predicted) from the definition.",
    hint="1 - sum((true - predicted)**2) / sum((true - true.mean())**2).",
    explanation="It matches the notebook's score_metrics and scikit-learn's r2_score.",
)
def _judge_r2(r2_score: Any) -> str | None:
    if not callable(r2_score):
        return tr("The answer should be a function r2_score(true, predicted).")
    rng = np.random.default_rng(5)
    true = rng.uniform(-60, 60, 50)
    cases = [(true, true, 1.0), (true, np.full(50, true.mean()), 0.0)]
    noisy = true + rng.normal(0, 10, 50)
    cases.append((true, noisy, 1 - np.sum((true - noisy) ** 2) / np.sum((true - true.mean()) ** 2)))
    for t, p, expected in cases:
        got = r2_score(t, p)
        if got is Ellipsis:
            return NOT_ANSWERED
        try:
            value = float(got)
        except (TypeError, ValueError):
            return tr("Your function returned {got!r}, not a number.", got=got)
        if not np.isclose(value, expected, atol=1e-9):
            return tr("For one test case it returned {value:.4f}.", value=value)
    return None


exercise(
    "05.3",
    "A bar at -60 degrees looks exactly like a bar at which angle between 60 and 180 degrees?",
    hint="A bar has no head or tail: turning it by half a turn gives the same picture.",
    explanation="-60 + 180 = 120; that is why the scores span less than 180 degrees.",
)(number_judge(120, {60: "A bar at +60 degrees leans the other way.", 240: "That is outside 60..180; subtract a half turn."}))

exercise(
    "05.4",
    "Seconds to show the model 4 x 25 x 32 images at 40 images per second.",
    hint="Count the images first: epochs x steps per epoch x batch size.",
    explanation="3,200 images / 40 images/s.",
)(
    number_judge(
        80, {3200: "That is the number of images; divide by the rate.", 128000: "Divide by the rate instead of multiplying."}
    )
)
