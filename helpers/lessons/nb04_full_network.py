"""Notebook 04's plots and widget: where a whole network's parameters and multiply-adds go.

explorer_config(depth, width, input_size)  the blog's layout at another depth, width or input size
draw_stage_costs(rows)                     parameters and multiply-adds of each part, side by side
draw_receptive_field(model)                the receptive field after every convolution and pooling
NetworkExplorer                            the widget: pick depth, width and input size
"""

from __future__ import annotations

from helpers import validation
from helpers.display.figures import PALETTE, Explorer, new_figure
from helpers.i18n import tr
from helpers.models import resnets
from helpers.models.costs import GLOBAL, StageRow, layer_costs, stage_of, stage_table

from functools import lru_cache

import ipywidgets as widgets
import keras
from matplotlib.figure import Figure

DEPTHS = (8, 14, 20, 26)  # 6n + 2: 1 stem conv + 3 stages of n blocks of 2 convs + 1 dense
WIDTHS = (16, 32, 64, 128)  # channels of the first stage; each later stage doubles them
INPUT_SIZES = (32, 64, 96, 128, 160, 192, 224, 256)
PART_COLOURS = {"stem": "0.6", "head": "0.35"}
STAGE_COLOURS = (PALETTE["blue"], PALETTE["orange"], PALETTE["green"], PALETTE["purple"], PALETTE["vermillion"], PALETTE["sky"])


def explorer_config(depth: int = 14, width: int = 64, input_size: int = 128) -> resnets.ResNetConfig:
    """The blog's network (blog blocks, 3 stages, regression head) with another depth, width or input size.

    depth: 6n + 2 layers with weights on the main path (n blocks a stage); the blog's is 14.
    width: the stem's and the first stage's channels (the blog's 64); stages 2 and 3 double them.
    input_size: the side of the square grayscale input (the blog's 128).
    """
    depth = validation.positive_int("depth", depth)
    if depth < 8 or (depth - 2) % 6:
        raise ValueError(f"depth must be 6n+2 for a whole n >= 1 (8, 14, 20, ...); got {depth}")
    width = validation.positive_int("width", width)
    input_size = validation.positive_int("input_size", input_size)
    if input_size < 8:
        raise ValueError(f"input_size must be at least 8 (the network halves it 4 times); got {input_size}")
    n = (depth - 2) // 6
    return resnets.blog_config(
        blocks_per_stage=(n, n, n),
        widths=(width, 2 * width, 4 * width),
        stem_width=width,
        input_shape=(input_size, input_size, 1),
        name=f"resnet{depth}_w{width}_in{input_size}",
    )


@lru_cache(maxsize=64)
def explorer_rows(depth: int, width: int, input_size: int) -> tuple[StageRow, ...]:
    """stage_table of explorer_config(depth, width, input_size), remembered once computed."""
    return tuple(stage_table(resnets.build(explorer_config(depth, width, input_size))))


def _colour(stage: str) -> str:
    """stem and head in greys, stage k in the k-th colour, anything else in the last one."""
    if stage in PART_COLOURS:
        return PART_COLOURS[stage]
    number = stage.removeprefix("stage")
    return STAGE_COLOURS[(int(number) - 1) % len(STAGE_COLOURS)] if number.isdigit() else STAGE_COLOURS[-1]


def _shape(shape: tuple) -> str:
    return "×".join(str(d) for d in shape)


def draw_stage_costs(rows: list[StageRow], title: str | None = None) -> Figure:
    """Two bar charts with one bar a part (stem, stages, head): parameters, and multiply-adds.
    Each bar is labelled with its share of the total; the parts are labelled with their output shape."""
    if title is not None:
        validation.text("title", title)
    if not rows or not all(isinstance(r, StageRow) for r in rows):
        raise ValueError("rows must be a non-empty list of StageRow (from stage_table)")
    labels = [f"{r.stage}\n{_shape(r.output_shape)}" for r in rows]
    colours = [_colour(r.stage) for r in rows]
    fig = new_figure(7.5, 0.45 * len(rows) + 1.3)
    if title:
        fig.suptitle(title, fontsize=10)
    axes = fig.subplots(1, 2, sharey=True)
    axes[0].invert_yaxis()  # the stem on top, as data flows
    for ax, values, name, unit, scale in (
        (axes[0], [r.params for r in rows], "parameters", "millions", 1e6),
        (axes[1], [r.macs for r in rows], "multiply-adds per image", "millions", 1e6),
    ):
        total = sum(values)
        positions = range(len(rows))
        ax.barh(positions, [v / scale for v in values], color=colours)
        ax.set_yticks(list(positions), labels, fontsize=8)
        ax.set_xlabel(f"{name} ({unit})", fontsize=8.5)
        ax.set_title(f"{name}: {total:,} in all", fontsize=9)
        ax.tick_params(axis="x", labelsize=8)
        right = max(values) / scale
        ax.set_xlim(0, right * 1.3 if right > 0 else 1)
        for p, v in zip(positions, values):
            ax.text(v / scale + right * 0.02, p, f"{v / total:.0%}" if total else "0%", va="center", fontsize=8)
    return fig


def draw_receptive_field(model: keras.Model) -> Figure:
    """The receptive field after each convolution and pooling layer on the main path (shortcut
    projections left out), against the input's side: where the line crosses it, one output of
    that layer can see the whole image."""
    validation.keras_model("model", model)
    costs = [
        c for c in layer_costs(model) if c.kind in ("Conv2D", "MaxPooling2D", "AveragePooling2D") and "projection" not in c.name
    ]
    if not costs:
        raise ValueError("model must have convolution or pooling layers to draw a receptive field")
    side = model.inputs[0].shape[1]
    stages = list(dict.fromkeys(stage_of(c.name) for c in costs))
    fig = new_figure(7.5, 3.4)
    ax = fig.add_subplot()
    xs = range(1, len(costs) + 1)
    ax.plot(xs, [c.receptive_field for c in costs], color="0.6", linewidth=1, zorder=1)
    for stage in stages:
        points = [(x, c.receptive_field) for x, c in zip(xs, costs) if stage_of(c.name) == stage]
        ax.scatter(*zip(*points), color=_colour(stage), label=stage, zorder=2, s=22)
    if side:
        ax.axhline(side, color=PALETTE["vermillion"], linestyle="--", linewidth=1)
        ax.text(1, side, f" input side: {side} pixels", color=PALETTE["vermillion"], va="bottom", fontsize=8)
    last = costs[-1]
    ax.annotate(
        f"{last.receptive_field}×{last.receptive_field}",
        (len(costs), last.receptive_field),
        textcoords="offset points",
        xytext=(-6, 6),
        ha="right",
        fontsize=8,
    )
    ax.set(
        xlabel="convolution or pooling layer, in order",
        ylabel="receptive field (pixels a side)",
        title=f"{model.name}: how far one output sees into the input",
    )
    ax.set_xticks(list(xs))
    ax.tick_params(labelsize=7.5)
    ax.set_ylim(0, max(last.receptive_field, side or 0) * 1.12)
    ax.legend(fontsize=8, loc="lower right")
    return fig


def summary_html(depth: int, width: int, input_size: int, rows: tuple[StageRow, ...]) -> str:
    """The explorer's text: totals, then one table row a part."""
    explorer_config(depth, width, input_size)  # checks the three sizes
    validation.instance("rows", rows, (tuple, list), "tuple of StageRow")
    params, macs = sum(r.params for r in rows), sum(r.macs for r in rows)
    n = (depth - 2) // 6
    head = tr(
        "<b>{depth} layers</b> ({blocks} a stage), widths {widths}, input {size}×{size}×1: <b>{params:,}</b> parameters, "
        "<b>{macs:,}</b> multiply-adds per image ({gmacs:.2f} GMAC)",
        depth=depth,
        blocks=tr("{n} blocks", n=n) if n > 1 else tr("1 block"),
        widths=f"{width}/{2 * width}/{4 * width}",
        size=input_size,
        params=params,
        macs=macs,
        gmacs=macs / 1e9,
    )
    cell = 'style="padding:0 10px; text-align:right"'
    names = (tr("part"), tr("output"), tr("parameters"), tr("multiply-adds"), tr("receptive field"))
    table = ["<tr>" + "".join(f"<th {cell}>{name}</th>" for name in names) + "</tr>"]
    for r in rows:
        rf = tr("whole image") if r.receptive_field == GLOBAL else f"{r.receptive_field}×{r.receptive_field}"
        table.append(
            f"<tr><td {cell}>{r.stage}</td><td {cell}>{_shape(r.output_shape)}</td><td {cell}>{r.params:,}</td>"
            f"<td {cell}>{r.macs:,}</td><td {cell}>{rf}</td></tr>"
        )
    return f"{head}<table>{''.join(table)}</table>"


class NetworkExplorer(Explorer):
    """Sliders for depth, width and input size of the blog's network; shows parameters,
    multiply-adds, output shapes and receptive fields, part by part. Starts at the blog's own."""

    def __init__(self, depth: int = 14, width: int = 64, input_size: int = 128):
        explorer_config(depth, width, input_size)  # checks the arguments
        for name, value, options in (("depth", depth, DEPTHS), ("width", width, WIDTHS), ("input_size", input_size, INPUT_SIZES)):
            if value not in options:
                raise ValueError(f"{name} must be one of {options}; got {value!r}")
        style = {"description_width": "90px"}
        self.depth = widgets.SelectionSlider(
            options=DEPTHS, value=depth, description=tr("depth"), tooltip=tr("Number of layers of the ResNet"), style=style
        )
        self.width = widgets.SelectionSlider(
            options=WIDTHS,
            value=width,
            description=tr("first width"),
            tooltip=tr("Channels of the first stage; each later stage doubles them"),
            style=style,
        )
        self.input_size = widgets.SelectionSlider(
            options=INPUT_SIZES,
            value=input_size,
            description=tr("input side"),
            tooltip=tr("Side of the square input image, in pixels"),
            style=style,
        )
        super().__init__(self.depth, self.width, self.input_size)

    @property
    def rows(self) -> tuple[StageRow, ...]:
        return explorer_rows(self.depth.value, self.width.value, self.input_size.value)

    def draw(self) -> tuple[str, Figure]:
        depth, width, size = self.depth.value, self.width.value, self.input_size.value
        rows = self.rows
        fig = draw_stage_costs(list(rows), f"depth {depth}, first width {width}, input {size}×{size}×1")
        return summary_html(depth, width, size, rows), fig
