"""Notebook 01's plumbing: scalar residual blocks, gradients through stacks, and two widgets."""

from __future__ import annotations

from helpers import validation
from helpers.display.figures import PALETTE, Explorer, new_figure
from helpers.i18n import tr
from helpers.models.scalar import SCALAR_FUNCTIONS, X_RANGE, _function, block_outputs, chain_rule_gradients, layer_weights

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure


def draw_scalar_block(function: str, x: float) -> Figure:
    """F(X) and F(X) + X over X_RANGE, with the chosen X marked."""
    validation.one_of("function", function, SCALAR_FUNCTIONS)
    x = validation.number("x", x)
    f = _function(function)
    xs = np.linspace(*X_RANGE, 201)
    fx, rx = block_outputs(function, x)
    fig = new_figure()
    ax = fig.add_subplot()
    ax.plot(xs, xs, color="0.7", linestyle="--", label="X (the shortcut alone)")
    ax.plot(xs, f(xs), color=PALETTE["blue"], label="plain: F(X)")
    ax.plot(xs, f(xs) + xs, color=PALETTE["orange"], label="residual: F(X) + X")
    ax.plot([x, x], [fx, rx], color="0.3", linewidth=1)
    ax.scatter([x, x], [fx, rx], color=[PALETTE["blue"], PALETTE["orange"]], zorder=3)
    ax.set(xlabel="input X", ylabel="output", title=function, xlim=X_RANGE)
    ax.axhline(0, color="0.85", linewidth=0.8)
    ax.legend(loc="upper left", fontsize="small")
    return fig


class ScalarBlockExplorer(Explorer):
    """Slider for X and a choice of F; shows F(X) against F(X) + X."""

    def __init__(self, x: float = 3.0, function: str = "F(X) = X + 2 (the blog's)"):
        validation.slider_start("x", x, *X_RANGE)
        validation.one_of("function", function, SCALAR_FUNCTIONS)
        self.x = widgets.FloatSlider(
            value=x, min=X_RANGE[0], max=X_RANGE[1], step=0.5, description="X", tooltip=tr("The input X of the block")
        )
        self.function = widgets.Dropdown(
            options=[(tr(name), name) for name in SCALAR_FUNCTIONS],
            value=function,
            description="F",
            tooltip=tr("The transformation F that the block learns"),
        )
        super().__init__(self.x, self.function)

    def draw(self) -> tuple[str, Figure]:
        fx, rx = block_outputs(self.function.value, self.x.value)
        summary = tr(
            "X = {x:g}: plain output F(X) = <b>{fx:.3g}</b>, residual output F(X) + X = <b>{rx:.3g}</b>",
            x=self.x.value,
            fx=fx,
            rx=rx,
        )
        return summary, draw_scalar_block(self.function.value, self.x.value)

    def layout(self) -> list[widgets.Widget]:
        return [widgets.HBox([self.x, self.function]), self.summary, self.image]


def draw_gradients(depth: int, scale: float, x0: float = 1.0, seed: int = 0) -> Figure:
    """|dX_l/dX_0| against l on a log scale, plain and residual stacks with the same weights.

    Exact zeros have no place on a log scale: they are drawn as triangles along the bottom.
    """
    depth = validation.positive_int("depth", depth)
    x0 = validation.number("x0", x0)
    weights = layer_weights(depth, scale, seed)
    layers = np.arange(1, depth + 1)
    curves = {residual: np.abs(chain_rule_gradients(x0, weights, residual)) for residual in (False, True)}
    positive = np.concatenate([c[c > 0] for c in curves.values()])
    floor = min(positive.min(), 1.0) * 1e-3 if positive.size else 1e-3
    fig = new_figure()
    ax = fig.add_subplot()
    for residual, color, label in (
        (False, PALETTE["blue"], "plain: X = F(X)"),
        (True, PALETTE["orange"], "residual: X = F(X) + X"),
    ):
        grads = curves[residual]
        nonzero = grads > 0
        ax.plot(layers[nonzero], grads[nonzero], color=color, marker="." if depth <= 30 else None, label=label)
        if not nonzero.all():
            ax.scatter(
                layers[~nonzero],
                np.full((~nonzero).sum(), floor),
                color=color,
                marker="v",
                label=f"{label.split(':')[0]}: exactly 0",
            )
    ax.set_yscale("log")
    ax.axhline(1.0, color="0.7", linestyle="--", linewidth=0.8)
    ax.set(xlabel="layer l", ylabel=r"$|dX_l \,/\, dX_0|$", title=f"{depth} layers, weights with standard deviation {scale:g}")
    ax.legend(loc="lower left", fontsize="small")
    return fig


def gradient_summary(depth: int, scale: float, x0: float = 1.0, seed: int = 0) -> str:
    """One line: the input gradient after `depth` layers, plain and residual."""
    depth = validation.positive_int("depth", depth)
    x0 = validation.number("x0", x0)
    weights = layer_weights(depth, scale, seed)
    plain = abs(chain_rule_gradients(x0, weights, False)[-1])
    residual = abs(chain_rule_gradients(x0, weights, True)[-1])
    return tr(
        "after {depth} layers: plain |dX/dX_0| = <b>{plain:.3g}</b>, residual |dX/dX_0| = <b>{residual:.3g}</b>",
        depth=depth,
        plain=plain,
        residual=residual,
    )


class GradientExplorer(Explorer):
    """Sliders for depth and weight size; plots the input gradient layer by layer."""

    def __init__(self, depth: int = 20, scale: float = 0.3):
        validation.slider_start("depth", depth, 1, 100)
        validation.slider_start("scale", scale, 0.0, 2.0)
        self.depth = widgets.IntSlider(
            value=depth, min=1, max=100, description=tr("layers L"), tooltip=tr("How many layers are stacked")
        )
        self.scale = widgets.FloatSlider(
            value=scale,
            min=0.0,
            max=2.0,
            step=0.05,
            description=tr("weight std"),
            tooltip=tr("Standard deviation of the random weights of each layer"),
        )
        super().__init__(self.depth, self.scale)

    def draw(self) -> tuple[str, Figure]:
        return gradient_summary(self.depth.value, self.scale.value), draw_gradients(self.depth.value, self.scale.value)

    def layout(self) -> list[widgets.Widget]:
        return [widgets.HBox([self.depth, self.scale]), self.summary, self.image]
