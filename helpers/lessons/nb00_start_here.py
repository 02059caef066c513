"""Notebook 00's widget: how many paths a stack of residual blocks has, and how long they are."""

from __future__ import annotations

from helpers import validation
from helpers.display.figures import PALETTE, Explorer, new_figure
from helpers.i18n import tr
from helpers.models.path_counts import path_lengths

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure


def draw_path_lengths(blocks: int) -> Figure:
    counts = path_lengths(blocks)
    fig = new_figure(6.5, 2.8)
    ax = fig.add_subplot()
    ax.bar(np.arange(blocks + 1), [float(c) / 2.0**blocks for c in counts], color=PALETTE["orange"])
    ax.set(
        xlabel="residual branches on the path",
        ylabel="share of all paths",
        title=f"{blocks} blocks: 2^{blocks} = {2**blocks:,} paths",
    )
    return fig


class PathCountExplorer(Explorer):
    """A slider for the number of blocks; shows how many paths there are and how long they are."""

    def __init__(self, blocks: int = 3):
        validation.slider_start("blocks", blocks, 1, 54)
        self.blocks = widgets.IntSlider(
            value=blocks,
            min=1,
            max=54,
            description=tr("blocks"),
            tooltip=tr("Number of residual blocks; each block doubles the number of paths from input to output"),
        )
        super().__init__(self.blocks)

    def draw(self) -> tuple[str, Figure]:
        n = self.blocks.value
        summary = tr(
            "{n} blocks give <b>{paths:,}</b> paths; the typical path goes through about {half:g} of them.",
            n=n,
            paths=2**n,
            half=n / 2,
        )
        return summary, draw_path_lengths(n)
