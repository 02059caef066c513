"""BatchNormalization's moving statistics step by step: how fast the moving variance forgets its
starting value for a given momentum (notebook 02's momentum trap)."""

from __future__ import annotations

from helpers import validation

import numpy as np

# BatchNormalization's moving statistics --------------------------------------------------

MOMENTA = (0.5, 0.9, 0.95, 0.99, 0.999)


def moving_average_trace(
    momentum: float, steps: int, true_value: float = 0.05, initial: float = 1.0, noise: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """(batch values, moving estimate after each step) for one channel's variance.

    Each training step sees a batch variance near `true_value` (relative spread `noise`) and
    updates moving = momentum * moving + (1 - momentum) * batch, starting from `initial`,
    as BatchNormalization does (Keras starts the moving variance at 1).
    """
    validation.fraction("momentum", momentum)
    validation.number("true_value", true_value)
    validation.number("initial", initial)
    validation.number("noise", noise, minimum=0.0)
    seed = validation.seed("seed", seed)
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must be in [0, 1); got {momentum!r}")
    steps = validation.positive_int("steps", steps)
    if not true_value > 0:
        raise ValueError(f"true_value must be a positive number; got {true_value!r}")
    batches = true_value * np.clip(1 + noise * np.random.default_rng(seed).standard_normal(steps), 0.05, None)
    moving = np.empty(steps)
    value = float(initial)
    for t, batch in enumerate(batches):
        value = momentum * value + (1 - momentum) * batch
        moving[t] = value
    return batches, moving
