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
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure

# Okabe & Ito (2008), "Color Universal Design": eight colours that stay distinct for the common
# colour-vision deficiencies. Every helper figure takes its colours from here (or greys, "0.0" to
# "1.0", white and black); tests/helpers/display/test_figures.py checks that no helper names another.
PALETTE = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
CYCLE = ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")  # lines, in order


def tint(name: str, amount: float = 0.7) -> str:
    """A palette colour mixed with white (amount 0: the colour, 1: white), for fills behind text."""
    validation.one_of("name", name, PALETTE)
    amount = validation.number("amount", amount, 0.0, 1.0)
    return to_hex(tuple(c + (1 - c) * amount for c in to_rgb(PALETTE[name])))


class PaletteFigure(Figure):
    """A Figure whose axes draw lines in the palette's colours (CYCLE) unless told otherwise."""

    def add_subplot(self, *args, **kwargs):
        ax = super().add_subplot(*args, **kwargs)
        ax.set_prop_cycle(color=[PALETTE[name] for name in CYCLE])
        return ax


def new_figure(width: float = 7.0, height: float = 3.2) -> Figure:
    """A matplotlib Figure that is not registered with pyplot (nothing leaks into the notebook)."""
    validation.number("width", width, above=0.0, maximum=50.0)
    validation.number("height", height, above=0.0, maximum=50.0)
    return PaletteFigure(figsize=(width, height), layout="constrained")


def describe(fig: Figure) -> str:
    """A text description of a figure, for alt text: its title, and each panel's title, axes and legend."""
    validation.instance("fig", fig, Figure, "matplotlib Figure")
    sentences = []
    title = fig._suptitle.get_text().strip() if fig._suptitle is not None else ""
    if title:
        sentences.append(title.rstrip(".") + ".")
    panels = [ax for ax in fig.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]
    for number, ax in enumerate(panels, 1):
        parts = [ax.get_title().strip() or (f"Panel {number}" if len(panels) > 1 else "Chart")]
        labels = [f"{name} axis: {label}" for name, label in (("x", ax.get_xlabel()), ("y", ax.get_ylabel())) if label.strip()]
        parts += labels
        legend = ax.get_legend()
        if legend is not None:
            entries = [text.get_text() for text in legend.get_texts() if text.get_text().strip()]
            if entries:
                parts.append("shows " + "; ".join(entries))
        if ax.images and not labels:
            parts.append("an image")
        sentences.append(", ".join(parts).rstrip(".") + ".")
    return " ".join(sentences) or "A figure."


def figure_with_alt(fig: Figure) -> tuple[bytes, dict[str, str]]:
    """PNG bytes and their display metadata {"alt": description}: IPython's PNG formatter for Figures
    (helpers.setup_notebook registers it). nbconvert keeps the metadata; the course's page and deck
    templates (tools/templates) write it as the image's alt text."""
    validation.instance("fig", fig, Figure, "matplotlib Figure")
    return figure_png(fig), {"alt": describe(fig)}


def figure_png(fig: Figure, dpi: int = 90) -> bytes:
    """Render a figure to PNG bytes."""
    validation.instance("fig", fig, Figure, "matplotlib Figure")
    dpi = validation.positive_int("dpi", dpi)
    buffer = io.BytesIO()
    # pyplot's figures have no layout engine: trim them as the inline backend would
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight" if fig.get_layout_engine() is None else None)
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
