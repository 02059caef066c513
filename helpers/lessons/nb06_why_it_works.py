"""Notebook 06's figures and widgets: why residual networks train, and what deleting parts of them does.

draw_error_curves(runs)           training and test error of plain networks and ResNets (He et al.'s Fig. 6)
draw_gradient_flow(flows)         the gradient of every kernel against depth
draw_single_lesions(errors, ...)  test error with each block (or layer) deleted in turn
draw_random_lesions(curves, ...)  test error with k blocks deleted at random
LesionExplorer(studies)           the widget: pick a network, see its single lesions
draw_slices_1d, draw_surfaces     1-D slices and 2-D contour plots of the loss landscape
LandscapeExplorer(surfaces, ...)  the widget: pick a network, see its loss surface
"""

from __future__ import annotations

from helpers import validation
from helpers.display.figures import PALETTE, Explorer, new_figure
from helpers.experiments.degradation import NETWORKS, TrainedNetwork
from helpers.experiments.gradient_flow import LayerGradient
from helpers.experiments.landscape import _grid
from helpers.i18n import tr

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

COLORS = {
    "plain-20": PALETTE["blue"],
    "plain-56": PALETTE["vermillion"],
    "ResNet-20": PALETTE["green"],
    "ResNet-56": PALETTE["purple"],
}


def draw_error_curves(runs: dict[str, TrainedNetwork]) -> Figure:
    """He et al.'s Fig. 6 layout: plain networks left, ResNets right; dashed training error, solid test error."""
    if runs:
        validation.mapping("runs", runs, TrainedNetwork, "TrainedNetwork")
    if not runs:
        raise ValueError("runs must hold at least one trained network")
    fig = new_figure(10, 3.6)
    axes = fig.subplots(1, 2, sharey=True)
    for ax, residual in zip(axes, (False, True)):
        for name, run in runs.items():
            if NETWORKS[name][1] != residual:
                continue
            epochs = np.arange(1, len(run.train_error) + 1)
            color = COLORS[name]
            ax.plot(epochs, 100 * np.array(run.train_error), color=color, linestyle="--", label=f"{name} training")
            ax.plot(epochs, 100 * np.array(run.test_error), color=color, linewidth=2.2, label=f"{name} test")
        ax.set(xlabel="epoch", title="ResNets (with shortcuts)" if residual else "plain networks (no shortcuts)", ylim=(-2, 100))
        ax.axhline(90, color="0.75", linestyle=":", linewidth=1)
        ax.text(1, 91.5, "chance (10 classes)", color="0.5", fontsize="small")
        ax.legend(fontsize="small", loc="center right")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("error (%)")
    return fig


def draw_gradient_flow(flows: dict[str, list[LayerGradient]]) -> Figure:
    """||grad|| (left) and ||grad|| / ||W|| (right) against depth, on log scales, one line a network."""
    if flows:
        for flow in validation.mapping("flows", flows, (list, tuple), "list of LayerGradient").values():
            for g in flow:
                validation.instance("flows", g, LayerGradient, "dict of lists of LayerGradient")
    if not flows:
        raise ValueError("flows must hold at least one network")
    fig = new_figure(10, 3.6)
    left, right = fig.subplots(1, 2)
    for (name, flow), color in zip(flows.items(), (PALETTE["vermillion"], PALETTE["purple"], PALETTE["blue"], PALETTE["green"])):
        depth = np.arange(1, len(flow) + 1)
        left.plot(depth, [g.grad_norm for g in flow], color=color, marker=".", label=name)
        right.plot(depth, [g.ratio for g in flow], color=color, marker=".", label=name)
    left.set(
        yscale="log",
        xlabel="layer (1 = first convolution, last = the Dense head)",
        ylabel="||dL/dW||",
        title="Gradient norm of each kernel",
    )
    right.set(yscale="log", xlabel="layer", ylabel="||dL/dW|| / ||W||", title="Relative to the kernel's size")
    for ax in (left, right):
        ax.legend(fontsize="small")
        ax.grid(alpha=0.3, which="both")
    return fig


def draw_single_lesions(errors: dict[str, float], baseline: float, title: str, downsampling=()) -> Figure:
    """Test error against the deleted block or layer, in depth order; blocks (or layers of blocks)
    named in `downsampling` are marked."""
    if errors:
        validation.array("errors", list(validation.mapping("errors", errors, what="error").values()), dtype="float64")
    validation.number("baseline", baseline)
    validation.text("title", title)
    validation.instance("downsampling", downsampling, (list, tuple, set, frozenset), "list of names")
    if not errors:
        raise ValueError("errors must hold at least one lesion")
    names = list(errors)
    fig = new_figure(7.5, 3.2)
    ax = fig.add_subplot()
    position = np.arange(1, len(names) + 1)
    values = 100 * np.array([errors[n] for n in names])
    marked = np.array([any(n.startswith(d) for d in downsampling) for n in names])
    ax.plot(position, values, color="0.6", linewidth=1, zorder=1)
    ax.scatter(position[~marked], values[~marked], color=PALETTE["blue"], zorder=2, label="deleted one")
    if marked.any():
        ax.scatter(
            position[marked],
            values[marked],
            color=PALETTE["vermillion"],
            marker="s",
            zorder=3,
            label="deleted one (of a downsampling block)",
        )
    ax.axhline(100 * baseline, color=PALETTE["green"], linestyle="--", label=f"nothing deleted ({100 * baseline:.1f}%)")
    ax.axhline(90, color="0.75", linestyle=":", label="chance (90%)")
    ax.set(xlabel="which one is deleted (in depth order)", ylabel="test error (%)", ylim=(-2, 100), title=title)
    ax.set_xticks(
        position, [n.replace("stage", "s").replace("_block", "b").replace("_conv", "c") for n in names], rotation=90, fontsize=6
    )
    ax.legend(fontsize="small", loc="center right")
    return fig


def draw_random_lesions(curves: dict[str, dict[int, list[float]]], baselines: dict[str, float]) -> Figure:
    """Median test error (line) and each draw (dots) against the number of blocks deleted, one line a network.

    The median, because a single draw that hits a critical block can lift the mean of a few draws far."""
    if curves:
        validation.mapping("curves", curves, dict, "dict of errors by k")
        missing = [name for name in curves if name not in (baselines if isinstance(baselines, dict) else {})]
        if missing:
            raise ValueError(f"baselines must give the unlesioned error of every network; missing {missing}")
    if not curves:
        raise ValueError("curves must hold at least one network")
    fig = new_figure(6.5, 3.2)
    ax = fig.add_subplot()
    for (name, by_k), color in zip(curves.items(), (PALETTE["purple"], PALETTE["green"], PALETTE["blue"], PALETTE["vermillion"])):
        ks = np.array([0, *by_k])
        medians = 100 * np.array([baselines[name], *[np.median(v) for v in by_k.values()]])
        ax.plot(ks, medians, color=color, marker="o", label=f"{name}: median of the draws")
        for k, values in by_k.items():
            ax.scatter([k] * len(values), 100 * np.array(values), color=color, alpha=0.35, s=12)
    ax.axhline(90, color="0.75", linestyle=":", label="chance (90%)")
    ax.set(
        xlabel="blocks deleted at random (k)",
        ylabel="test error (%)",
        ylim=(-2, 100),
        title="k blocks deleted: each draw (dots) and their median (line)",
    )
    ax.legend(fontsize="small")
    return fig


class LesionExplorer(Explorer):
    """Pick a network: shows its test error with each block (or layer) deleted."""

    def __init__(self, studies: dict[str, dict]):
        """studies: network name -> {"errors": {unit: error}, "baseline": error, "downsampling": [...], "kind": "blocks"/"layers"}."""
        if studies:
            validation.mapping("studies", studies, dict, "study")
        if not studies:
            raise ValueError("studies must hold at least one network")
        self.studies = studies
        self.network = widgets.Dropdown(
            options=list(studies), description=tr("network"), tooltip=tr("Which trained network to delete blocks from")
        )
        super().__init__(self.network)

    def draw(self) -> tuple[str, Figure]:
        study = self.studies[self.network.value]
        errors = study["errors"]
        worst = max(errors, key=errors.get)
        kind = "block" if study["kind"] == "blocks" else "layer"
        summary = tr(
            "{network}: {intact:.1f}% test error intact; deleting one {kind} gives {best:.1f}% to {worst_error:.1f}% "
            "(median {median:.1f}%); worst: <b>{worst}</b>",
            network=self.network.value,
            intact=100 * study["baseline"],
            kind=tr("block") if study["kind"] == "blocks" else tr("layer"),
            best=100 * min(errors.values()),
            worst_error=100 * max(errors.values()),
            median=100 * float(np.median(list(errors.values()))),
            worst=worst,
        )
        return summary, draw_single_lesions(
            errors, study["baseline"], f"{self.network.value}: one {kind} deleted at a time", study.get("downsampling", ())
        )


def contour_levels(surfaces: dict[str, np.ndarray], count: int = 12) -> np.ndarray:
    """Shared contour levels for several surfaces, log-spaced from the lowest loss on any of them
    to the smallest of their maxima: every surface is resolved up to the height where the
    flattest one ends, and higher losses share the top colour."""
    validation.mapping("surfaces", surfaces, what="array")
    validation.positive_int("count", count)
    finite = [s[np.isfinite(s)] for s in map(np.asarray, surfaces.values())]
    if not finite or any(f.size == 0 for f in finite):
        raise ValueError("surfaces must hold finite losses")
    low = max(min(f.min() for f in finite), 1e-4)
    high = max(min(f.max() for f in finite), 2 * low)
    return np.geomspace(low, high, max(count, 2))


def draw_slices_1d(slices: dict[str, np.ndarray], alphas, colors: dict[str, str] | None = None) -> Figure:
    """1-D slices, one line a network, on a log scale (colors: optional network name -> colour)."""
    if slices:
        validation.mapping("slices", slices, what="array")
        alphas = validation.array("alphas", alphas, ndim=1, dtype="float64")
        for name, s in slices.items():
            if np.size(s) != len(alphas):
                raise ValueError(f"slices must have one loss per alpha; {name!r} has {np.size(s)} for {len(alphas)}")
    if colors is not None:
        validation.instance("colors", colors, dict, "dict of colours by name")
    alphas = _grid("alphas", alphas)
    if not slices:
        raise ValueError("slices must hold at least one network")
    fig = new_figure(6.5, 3.2)
    ax = fig.add_subplot()
    for name, losses in slices.items():
        ax.plot(alphas, losses, marker=".", label=name, color=(colors or {}).get(name))
    ax.set(
        yscale="log",
        xlabel="step a along a filter-normalised direction",
        ylabel="training loss",
        title="1-D slices through the trained weights (a = 0)",
    )
    ax.axvline(0, color="0.8", linewidth=0.8)
    ax.legend(fontsize="small")
    return fig


def draw_surface(ax, surface: np.ndarray, alphas, betas, levels: np.ndarray, title: str):
    """One filled contour plot of a 2-D surface on `ax`, with log-spaced levels."""
    from matplotlib.axes import Axes

    validation.instance("ax", ax, Axes, "matplotlib Axes")
    _check_surfaces({title: surface}, alphas, betas)
    from matplotlib.colors import LogNorm

    clipped = np.clip(surface, levels[0], levels[-1])
    filled = ax.contourf(alphas, betas, clipped, levels=levels, norm=LogNorm(levels[0], levels[-1]), cmap="viridis")
    ax.contour(alphas, betas, clipped, levels=levels, colors="white", linewidths=0.5)
    ax.plot([0], [0], marker="+", color=PALETTE["vermillion"], markersize=10)
    ax.set(title=title, xlabel="a (direction 1)", ylabel="b (direction 2)", aspect="equal")
    return filled


def draw_surfaces(surfaces: dict[str, np.ndarray], alphas, betas, levels: np.ndarray | None = None) -> Figure:
    """Contour plots side by side, with the same levels (log-spaced) for every network."""
    if surfaces:
        _check_surfaces(surfaces, alphas, betas)
    if levels is not None:
        validation.array("levels", levels, ndim=1, dtype="float64")
    if not surfaces:
        raise ValueError("surfaces must hold at least one network")
    alphas, betas = _grid("alphas", alphas), _grid("betas", betas)
    levels = contour_levels(surfaces) if levels is None else levels
    fig = new_figure(4.2 * len(surfaces) + 1, 4.0)
    axes = np.atleast_1d(fig.subplots(1, len(surfaces)))
    for ax, (name, surface) in zip(axes, surfaces.items()):
        filled = draw_surface(ax, surface, alphas, betas, levels, name)
    _colorbar(fig, filled, list(axes), levels)
    return fig


def _colorbar(fig: Figure, filled, axes, levels: np.ndarray) -> None:
    colorbar = fig.colorbar(filled, ax=axes, label="training loss (log scale)")
    colorbar.set_ticks(levels[::2], labels=[f"{v:.2g}" for v in levels[::2]])
    colorbar.minorticks_off()


class LandscapeExplorer(Explorer):
    """Pick a network: shows its 2-D loss surface with the levels all networks share."""

    def __init__(self, surfaces: dict[str, np.ndarray], alphas, betas):
        if surfaces:
            _check_surfaces(surfaces, alphas, betas)
        if not surfaces:
            raise ValueError("surfaces must hold at least one network")
        self.surfaces = surfaces
        self.alphas, self.betas = _grid("alphas", alphas), _grid("betas", betas)
        self.levels = contour_levels(surfaces)
        self.network = widgets.Dropdown(
            options=list(surfaces), description=tr("network"), tooltip=tr("Which trained network's loss surface to show")
        )
        super().__init__(self.network)

    def draw(self) -> tuple[str, Figure]:
        surface = self.surfaces[self.network.value]
        centre = surface[len(self.betas) // 2, len(self.alphas) // 2]
        summary = tr(
            "{network}: loss {centre:.3g} at the trained weights, {low:.3g} to {high:.3g} over the grid",
            network=self.network.value,
            centre=centre,
            low=surface.min(),
            high=surface.max(),
        )
        fig = new_figure(5.2, 4.2)
        ax = fig.add_subplot()
        filled = draw_surface(ax, surface, self.alphas, self.betas, self.levels, self.network.value)
        _colorbar(fig, filled, ax, self.levels)
        return summary, fig


def _check_surfaces(surfaces, alphas, betas) -> None:
    """Surfaces by name, each (len(betas), len(alphas)), over finite grids."""
    validation.mapping("surfaces", surfaces, what="array")
    alphas = validation.array("alphas", alphas, ndim=1, dtype="float64")
    betas = validation.array("betas", betas, ndim=1, dtype="float64")
    for name, surface in surfaces.items():
        shape = np.shape(surface)
        if len(shape) != 2 or shape[0] != len(betas):
            raise ValueError(f"betas must give one row of {name!r} each: {len(betas)} betas for a surface of shape {shape}")
        if shape[1] != len(alphas):
            raise ValueError(f"alphas must give one column of {name!r} each: {len(alphas)} alphas for a surface of shape {shape}")
