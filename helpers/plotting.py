"""Plot plumbing shared by the notebooks' widgets.

Widgets draw into a Figure that pyplot does not know about and show it as PNG bytes in an
ipywidgets.Image. A callback then only swaps bytes: nothing is printed into the cell, and a
test can call the callback in plain Python and compare the images.
"""

from __future__ import annotations

import io

from matplotlib.figure import Figure


def new_figure(width: float = 7.0, height: float = 3.2) -> Figure:
    """A matplotlib Figure that is not registered with pyplot (nothing leaks into the notebook)."""
    return Figure(figsize=(width, height), layout="constrained")


def figure_png(fig: Figure, dpi: int = 90) -> bytes:
    """Render a figure to PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
