"""Notebook 01's plumbing: scalar residual blocks, gradients through stacks, and two widgets."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from helpers import validation
from helpers.plotting import figure_png, new_figure

SCALAR_FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "F(X) = X + 2 (the blog's)": lambda x: x + 2,
    "F(X) = 2X": lambda x: 2 * x,
    "F(X) = 0.5X": lambda x: 0.5 * x,
    "F(X) = 0 (does nothing)": lambda x: 0 * x,
    "F(X) = sin(X) (nonlinear)": np.sin,
}
X_RANGE = (-5.0, 5.0)


def _function(name: str) -> Callable[[np.ndarray], np.ndarray]:
    if name not in SCALAR_FUNCTIONS:
        raise ValueError(f"function must be one of {list(SCALAR_FUNCTIONS)}; got {name!r}")
    return SCALAR_FUNCTIONS[name]


def block_outputs(function: str, x: float) -> tuple[float, float]:
    """(plain output F(X), residual output F(X) + X) for one of SCALAR_FUNCTIONS."""
    fx = float(_function(function)(np.float64(x)))
    return fx, fx + float(x)


def draw_scalar_block(function: str, x: float) -> Figure:
    """F(X) and F(X) + X over X_RANGE, with the chosen X marked."""
    f = _function(function)
    xs = np.linspace(*X_RANGE, 201)
    fx, rx = block_outputs(function, x)
    fig = new_figure()
    ax = fig.add_subplot()
    ax.plot(xs, xs, color="0.7", linestyle="--", label="X (the shortcut alone)")
    ax.plot(xs, f(xs), color="tab:blue", label="plain: F(X)")
    ax.plot(xs, f(xs) + xs, color="tab:orange", label="residual: F(X) + X")
    ax.plot([x, x], [fx, rx], color="0.3", linewidth=1)
    ax.scatter([x, x], [fx, rx], color=["tab:blue", "tab:orange"], zorder=3)
    ax.set(xlabel="input X", ylabel="output", title=function, xlim=X_RANGE)
    ax.axhline(0, color="0.85", linewidth=0.8)
    ax.legend(loc="upper left", fontsize="small")
    return fig


class ScalarBlockExplorer:
    """Slider for X and a choice of F; shows F(X) against F(X) + X."""

    def __init__(self, x: float = 3.0, function: str = "F(X) = X + 2 (the blog's)"):
        self.x = widgets.FloatSlider(value=x, min=X_RANGE[0], max=X_RANGE[1], step=0.5, description="X")
        self.function = widgets.Dropdown(options=list(SCALAR_FUNCTIONS), value=function, description="F")
        self.summary = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.x.observe(self.update, names="value")
        self.function.observe(self.update, names="value")
        self.update()

    def update(self, change=None) -> None:
        fx, rx = block_outputs(self.function.value, self.x.value)
        self.summary.value = (
            f"X = {self.x.value:g}: plain output F(X) = <b>{fx:.3g}</b>, "
            f"residual output F(X) + X = <b>{rx:.3g}</b>"
        )
        self.image.value = figure_png(draw_scalar_block(self.function.value, self.x.value))

    @property
    def widget(self) -> widgets.Widget:
        return widgets.VBox([widgets.HBox([self.x, self.function]), self.summary, self.image])


# Gradients through a stack of scalar layers F_l(X) = tanh(w_l * X) ----------------------


def layer_weights(depth: int, scale: float, seed: int = 0) -> np.ndarray:
    """depth weights w_l drawn from a normal distribution with standard deviation `scale`."""
    depth = validation.positive_int("depth", depth)
    if not np.isfinite(scale) or scale < 0:
        raise ValueError(f"scale must be a non-negative number; got {scale!r}")
    return np.random.default_rng(seed).normal(0.0, 1.0, depth) * scale


def chain_rule_gradients(x0: float, weights: np.ndarray, residual: bool) -> np.ndarray:
    """dX_l/dX_0 for l = 1..L by the chain rule: the product of F'(X) (plain) or F'(X) + 1 (residual).

    The layers are F_l(X) = tanh(w_l X), so F_l'(X) = w_l (1 - tanh(w_l X)^2).
    """
    h = np.float64(x0)
    factors = []
    for w in np.asarray(weights, dtype=np.float64):
        t = np.tanh(w * h)
        derivative = w * (1.0 - t * t)
        factors.append(derivative + 1.0 if residual else derivative)
        h = t + h if residual else t
    return np.cumprod(factors)


def draw_gradients(depth: int, scale: float, x0: float = 1.0, seed: int = 0) -> Figure:
    """|dX_l/dX_0| against l on a log scale, plain and residual stacks with the same weights.

    Exact zeros have no place on a log scale: they are drawn as triangles along the bottom.
    """
    weights = layer_weights(depth, scale, seed)
    layers = np.arange(1, depth + 1)
    curves = {residual: np.abs(chain_rule_gradients(x0, weights, residual)) for residual in (False, True)}
    positive = np.concatenate([c[c > 0] for c in curves.values()])
    floor = min(positive.min(), 1.0) * 1e-3 if positive.size else 1e-3
    fig = new_figure()
    ax = fig.add_subplot()
    for residual, color, label in ((False, "tab:blue", "plain: X = F(X)"), (True, "tab:orange", "residual: X = F(X) + X")):
        grads = curves[residual]
        nonzero = grads > 0
        ax.plot(layers[nonzero], grads[nonzero], color=color, marker="." if depth <= 30 else None, label=label)
        if not nonzero.all():
            ax.scatter(layers[~nonzero], np.full((~nonzero).sum(), floor), color=color, marker="v", label=f"{label.split(':')[0]}: exactly 0")
    ax.set_yscale("log")
    ax.axhline(1.0, color="0.7", linestyle="--", linewidth=0.8)
    ax.set(xlabel="layer l", ylabel=r"$|dX_l \,/\, dX_0|$", title=f"{depth} layers, weights with standard deviation {scale:g}")
    ax.legend(loc="lower left", fontsize="small")
    return fig


def gradient_summary(depth: int, scale: float, x0: float = 1.0, seed: int = 0) -> str:
    """One line: the input gradient after `depth` layers, plain and residual."""
    weights = layer_weights(depth, scale, seed)
    plain = abs(chain_rule_gradients(x0, weights, False)[-1])
    residual = abs(chain_rule_gradients(x0, weights, True)[-1])
    return f"after {depth} layers: plain |dX/dX_0| = <b>{plain:.3g}</b>, residual |dX/dX_0| = <b>{residual:.3g}</b>"


class GradientExplorer:
    """Sliders for depth and weight size; plots the input gradient layer by layer."""

    def __init__(self, depth: int = 20, scale: float = 0.3):
        self.depth = widgets.IntSlider(value=depth, min=1, max=100, description="layers L")
        self.scale = widgets.FloatSlider(value=scale, min=0.0, max=2.0, step=0.05, description="weight std")
        self.summary = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.depth.observe(self.update, names="value")
        self.scale.observe(self.update, names="value")
        self.update()

    def update(self, change=None) -> None:
        self.summary.value = gradient_summary(self.depth.value, self.scale.value)
        self.image.value = figure_png(draw_gradients(self.depth.value, self.scale.value))

    @property
    def widget(self) -> widgets.Widget:
        return widgets.VBox([widgets.HBox([self.depth, self.scale]), self.summary, self.image])
