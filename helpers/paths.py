"""Counting the paths through a stack of residual blocks (Veit et al. 2016, arXiv:1605.06431).

Each block can be passed through its residual branch F or skipped by its shortcut, so n blocks
give 2**n paths from input to output; the number of branches a path goes through is
Binomial(n, 1/2).
"""

from __future__ import annotations

from math import comb

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from helpers import validation
from helpers.plotting import figure_png, new_figure


def path_lengths(blocks: int) -> np.ndarray:
    """How many paths go through exactly k residual branches, for k = 0..blocks."""
    blocks = validation.positive_int("blocks", blocks)
    return np.array([comb(blocks, k) for k in range(blocks + 1)], dtype=object)


def draw_path_lengths(blocks: int) -> Figure:
    counts = path_lengths(blocks)
    fig = new_figure(6.5, 2.8)
    ax = fig.add_subplot()
    ax.bar(np.arange(blocks + 1), [float(c) / 2.0**blocks for c in counts], color="tab:orange")
    ax.set(xlabel="residual branches on the path", ylabel="share of all paths", title=f"{blocks} blocks: 2^{blocks} = {2**blocks:,} paths")
    return fig


class PathCountExplorer:
    """A slider for the number of blocks; shows how many paths there are and how long they are."""

    def __init__(self, blocks: int = 3):
        self.blocks = widgets.IntSlider(value=blocks, min=1, max=54, description="blocks")
        self.summary = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.blocks.observe(self.update, names="value")
        self.update()

    def update(self, change=None) -> None:
        n = self.blocks.value
        self.summary.value = f"{n} blocks give <b>{2**n:,}</b> paths; the typical path goes through about {n / 2:g} of them."
        self.image.value = figure_png(draw_path_lengths(n))

    @property
    def widget(self) -> widgets.Widget:
        return widgets.VBox([self.blocks, self.summary, self.image])
