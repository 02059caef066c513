"""The skip connection on numbers (notebook 01): the blog's F(X) + X, and gradients through a stack of
scalar layers by the chain rule, plain (a product of F') and residual (a product of 1 + F')."""

from __future__ import annotations

from helpers import validation

from collections.abc import Callable

import numpy as np

SCALAR_FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "F(X) = X + 2 (the blog's)": lambda x: x + 2,
    "F(X) = 2X": lambda x: 2 * x,
    "F(X) = 0.5X": lambda x: 0.5 * x,
    "F(X) = 0 (does nothing)": lambda x: 0 * x,
    "F(X) = sin(X) (nonlinear)": np.sin,
}
X_RANGE = (-5.0, 5.0)


def _function(name: str) -> Callable[[np.ndarray], np.ndarray]:
    validation.one_of("function", name, SCALAR_FUNCTIONS)
    return SCALAR_FUNCTIONS[name]


def block_outputs(function: str, x: float) -> tuple[float, float]:
    """(plain output F(X), residual output F(X) + X) for one of SCALAR_FUNCTIONS."""
    x = validation.number("x", x)
    fx = float(_function(function)(np.float64(x)))
    return fx, fx + float(x)


# Gradients through a stack of scalar layers F_l(X) = tanh(w_l * X) ----------------------


def layer_weights(depth: int, scale: float, seed: int = 0) -> np.ndarray:
    """depth weights w_l drawn from a normal distribution with standard deviation `scale`."""
    if isinstance(scale, (bool, str)) or not isinstance(scale, (int, float, np.floating, np.integer)):
        raise TypeError(f"scale must be a non-negative number; got {type(scale).__name__} {scale!r}")
    seed = validation.seed("seed", seed)
    depth = validation.positive_int("depth", depth)
    if not np.isfinite(scale) or scale < 0:
        raise ValueError(f"scale must be a non-negative number; got {scale!r}")
    return np.random.default_rng(seed).normal(0.0, 1.0, depth) * scale


def chain_rule_gradients(x0: float, weights: np.ndarray, residual: bool) -> np.ndarray:
    """dX_l/dX_0 for l = 1..L by the chain rule: the product of F'(X) (plain) or F'(X) + 1 (residual).

    The layers are F_l(X) = tanh(w_l X), so F_l'(X) = w_l (1 - tanh(w_l X)^2).
    """
    x0 = validation.number("x0", x0)
    weights = validation.array("weights", weights, ndim=1, dtype="float64")
    residual = validation.boolean("residual", residual)
    h = np.float64(x0)
    factors = []
    for w in np.asarray(weights, dtype=np.float64):
        t = np.tanh(w * h)
        derivative = w * (1.0 - t * t)
        factors.append(derivative + 1.0 if residual else derivative)
        h = t + h if residual else t
    return np.cumprod(factors)
