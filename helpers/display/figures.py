"""One way to show a figure, and the one shape every widget of the course has.

Helpers that draw return a matplotlib `Figure` made with `new_figure` (not registered with
pyplot, so nothing leaks into the notebook). A cell whose value is such a figure shows it as PNG:
`helpers.setup_notebook` registers `figure_png` as IPython's PNG formatter for Figures.

Widgets are `Explorer`s: controls, a line of HTML that says what the picture shows, and the
picture, redrawn as PNG bytes into an `ipywidgets.Image` whenever a control moves. A callback
then only swaps text and bytes: nothing is printed into the cell, and a test can move a control
in plain Python and compare the summary and the image before and after.
"""

from __future__ import annotations

from helpers import validation

import io

import ipywidgets as widgets
from matplotlib.figure import Figure


def new_figure(width: float = 7.0, height: float = 3.2) -> Figure:
    """A matplotlib Figure that is not registered with pyplot (nothing leaks into the notebook)."""
    validation.number("width", width, above=0.0, maximum=50.0)
    validation.number("height", height, above=0.0, maximum=50.0)
    return Figure(figsize=(width, height), layout="constrained")


def figure_png(fig: Figure, dpi: int = 90) -> bytes:
    """Render a figure to PNG bytes."""
    validation.instance("fig", fig, Figure, "matplotlib Figure")
    dpi = validation.positive_int("dpi", dpi)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


class Explorer:
    """Controls, a summary line and a picture; moving any control redraws the summary and the picture.

    A subclass creates its controls, calls `super().__init__(*controls)` and implements `draw()`,
    which returns (summary HTML, Figure) for the controls' current values. It may override `layout()`
    to arrange the controls and add other widgets. The smallest example is
    `helpers.lessons.nb00_start_here.PathCountExplorer`.
    """

    def __init__(self, *controls: widgets.ValueWidget):
        for control in controls:
            validation.instance("controls", control, widgets.ValueWidget, "ipywidgets control")
        self.controls = controls
        self.summary = widgets.HTML()
        self.image = widgets.Image(format="png")
        for control in controls:
            control.observe(self.update, names="value")
        self.update()

    def draw(self) -> tuple[str, Figure]:
        raise NotImplementedError(f"{type(self).__name__} must implement draw() -> (summary HTML, Figure)")

    def update(self, change=None) -> None:
        summary, fig = self.draw()
        self.summary.value = summary
        self.image.value = figure_png(fig)

    def layout(self) -> list[widgets.Widget]:
        """The widgets top to bottom: by default every control, then the summary and the picture."""
        return [*self.controls, self.summary, self.image]

    @property
    def widget(self) -> widgets.Widget:
        return widgets.VBox(self.layout())
