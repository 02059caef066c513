"""Notebook 03's widget: pick a residual block variant and see its layers, shortcut and size."""

from __future__ import annotations

from helpers import validation
from helpers.display.figures import PALETTE, Explorer, new_figure, tint
from helpers.i18n import tr
from helpers.models import blocks
from helpers.models.blog import residual_block as blog_block
from helpers.models.compare import inbound_layers

import html

import ipywidgets as widgets
import keras
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

VARIANTS = {
    "blog (the seed's block)": blog_block,
    "basic (He et al. 2015)": blocks.basic_block,
    "bottleneck (He et al. 2015)": blocks.bottleneck_block,
    "pre-activation (He et al. 2016)": blocks.preact_block,
    "pre-activation bottleneck (He et al. 2016)": blocks.preact_bottleneck_block,
}
SHORTCUT_ROLES = ("projection", "projection_bn", "zero_pad")
COLORS = {
    "Conv2D": tint("blue", 0.65),
    "BatchNormalization": tint("green", 0.6),
    "ReLU": tint("orange", 0.5),
    "Add": "0.85",
    "ZeroPadShortcut": tint("yellow", 0.4),
}


def block_model(variant: str, in_channels: int = 64, filters: int = 64, stride: int = 1, side: int = 16) -> keras.Model:
    """One block of the given variant as a model on side x side x in_channels inputs."""
    validation.one_of("variant", variant, VARIANTS)
    in_channels = validation.positive_int("in_channels", in_channels)
    side = validation.positive_int("side", side)
    inputs = keras.Input((side, side, in_channels), name="block_input")
    return keras.Model(inputs, VARIANTS[variant](inputs, filters, stride=stride, name="b"), name="block")


def role(layer_name: str) -> str:
    """'b_conv1' -> 'conv1'."""
    validation.text("layer_name", layer_name)
    return layer_name.split("_", 1)[1] if "_" in layer_name and layer_name != "block_input" else layer_name


def describe(layer) -> str:
    """A short label: what the layer does."""
    validation.instance("layer", layer, keras.layers.Layer, "Keras layer")
    if isinstance(layer, keras.layers.Conv2D):
        k = layer.kernel_size[0]
        text = f"{k}x{k} conv, {layer.filters}"
        if layer.strides[0] > 1:
            text += f", /{layer.strides[0]}"
        if layer.get_config()["activation"] == "relu":
            text += " + ReLU"
        return text
    if isinstance(layer, blocks.ZeroPadShortcut):
        return f"subsample /{layer.stride}, zero-pad to {layer.channels}" if layer.stride > 1 else f"zero-pad to {layer.channels}"
    return {"BatchNormalization": "BatchNorm", "ReLU": "ReLU", "Add": "add  F(x) + shortcut", "InputLayer": "input x"}.get(
        type(layer).__name__, type(layer).__name__
    )


def _shortcut_source(main: list, side_layers: list, add_name: str, feeds: dict) -> str:
    """The layer the shortcut starts from: what feeds the projection, or the add's other input."""
    if side_layers:
        return feeds[side_layers[0].name][0]
    names = [layer.name for layer in main]
    previous = names[names.index(add_name) - 1]
    return next(name for name in feeds[add_name] if name != previous)


def draw_block(model: keras.Model) -> Figure:
    """The residual branch top to bottom on the left, the shortcut (red) on the right."""
    validation.keras_model("model", model)
    main = [layer for layer in model.layers if role(layer.name) not in SHORTCUT_ROLES]
    side_layers = [layer for layer in model.layers if role(layer.name) in SHORTCUT_ROLES]
    fig = new_figure(5.6, 0.55 * len(main) + 0.5)
    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    ax.set_ylim(-len(main) + 0.4, 0.6)
    ax.axis("off")

    def box(x, y, layer, width):
        color = COLORS.get(type(layer).__name__, "white")
        ax.add_patch(
            FancyBboxPatch((x - width / 2, y - 0.3), width, 0.6, boxstyle="round,pad=0.02", facecolor=color, edgecolor="0.3")
        )
        ax.text(x, y, describe(layer), ha="center", va="center", fontsize=9)

    ypos = {}
    for i, layer in enumerate(main):
        ypos[layer.name] = -i
        box(3, -i, layer, 4.8)
        if i:
            ax.annotate("", xy=(3, -i + 0.3), xytext=(3, -i + 0.7), arrowprops={"arrowstyle": "->", "color": "0.3"})
    add = next((layer for layer in main if isinstance(layer, keras.layers.Add)), None)
    if add is None:  # a plain block: no shortcut to draw
        return fig
    y0, y1 = ypos[_shortcut_source(main, side_layers, add.name, inbound_layers(model))], ypos[add.name]
    x_line = 8 if side_layers else 6.6
    ax.plot([5.4, x_line, x_line], [y0, y0, y1], color=PALETTE["vermillion"], linewidth=1.5, zorder=0)
    ax.annotate(
        "", xy=(5.4, y1), xytext=(x_line, y1), arrowprops={"arrowstyle": "->", "color": PALETTE["vermillion"], "linewidth": 1.5}
    )
    if side_layers:
        for k, layer in enumerate(side_layers):
            box(x_line, y0 + (y1 - y0) * (k + 1) / (len(side_layers) + 1), layer, 3.6)
    else:
        ax.text(x_line + 0.2, (y0 + y1) / 2, "identity", color=PALETTE["vermillion"], fontsize=9, va="center")
    return fig


def block_table(model: keras.Model) -> str:
    """An HTML table: layer, what it does, output shape, parameters."""
    validation.keras_model("model", model)
    rows = "".join(
        f"<tr><td>{html.escape(layer.name)}</td><td>{html.escape(describe(layer))}</td>"
        f"<td>{tuple(layer.output.shape)[1:]}</td><td style='text-align:right'>{layer.count_params():,}</td></tr>"
        for layer in model.layers
    )
    head = "".join(f"<th>{name}</th>" for name in (tr("layer"), tr("does"), tr("output"), tr("parameters")))
    return f"<table><tr>{head}</tr>{rows}</table>"


def block_summary(model: keras.Model) -> str:
    validation.keras_model("model", model)
    shortcut = [role(layer.name) for layer in model.layers if role(layer.name) in SHORTCUT_ROLES]
    if "projection" in shortcut:
        kind = tr("1x1 projection + BN") if "projection_bn" in shortcut else tr("1x1 projection (no BN)")
    else:
        kind = tr("zero-padded identity") if shortcut else tr("identity")
    return tr(
        "<b>{params:,}</b> parameters; input {input} → output {output}; shortcut: <b>{kind}</b>",
        params=model.count_params(),
        input=tuple(model.input.shape)[1:],
        output=tuple(model.output.shape)[1:],
        kind=kind,
    )


class BlockExplorer(Explorer):
    """Dropdowns for the variant, input channels, filters and stride; also shows the block's layers as a table."""

    def __init__(self):
        self.variant = widgets.Dropdown(
            options=[(tr(name), name) for name in VARIANTS],
            description=tr("block"),
            tooltip=tr("Which residual block design to show"),
            layout={"width": "380px"},
        )
        self.in_channels = widgets.Dropdown(
            options=[16, 64, 128, 256], value=64, description=tr("in channels"), tooltip=tr("Channels of the block's input")
        )
        self.filters = widgets.Dropdown(
            options=[16, 64, 128], value=64, description=tr("filters"), tooltip=tr("Channels of the block's output")
        )
        self.stride = widgets.ToggleButtons(
            options=[1, 2], description=tr("stride"), tooltip=tr("Stride of the first convolution: 2 halves the height and width")
        )
        self.table = widgets.HTML()  # filled by draw(), so it must exist before the first one
        super().__init__(self.variant, self.in_channels, self.filters, self.stride)

    def draw(self) -> tuple[str, Figure]:
        keras.backend.clear_session(free_memory=False)  # stable layer names between redraws; no slow full gc
        model = block_model(self.variant.value, self.in_channels.value, self.filters.value, self.stride.value)
        self.table.value = block_table(model)
        return block_summary(model), draw_block(model)

    def layout(self) -> list[widgets.Widget]:
        controls = widgets.VBox([self.variant, widgets.HBox([self.in_channels, self.filters]), self.stride])
        return [controls, self.summary, widgets.HBox([self.image, self.table])]
