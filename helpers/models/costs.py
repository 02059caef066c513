"""Where a model's parameters and multiply-adds go, and how far each layer sees.

Multiply-adds (MACs) count what He et al. 2015 call FLOPs in Table 1: one multiply-add per
weight use in convolutions and fully connected layers. BatchNormalization, ReLU, pooling and
additions are not counted (they are a few percent at most).

The receptive field of a layer is the side of the input square that can influence one of its
outputs. Through a convolution or pooling with kernel k and stride s it grows by (k-1) times the
current step between neighbouring outputs ("jump"), and the jump is multiplied by s.
"""

from __future__ import annotations

from helpers import validation
from helpers.models.blocks import ZeroPadShortcut
from helpers.models.compare import inbound_layers

from dataclasses import dataclass

import keras
import numpy as np

GLOBAL = -1  # receptive field of a global pooling layer: the whole input


@dataclass(frozen=True)
class LayerCost:
    name: str
    kind: str
    output_shape: tuple
    params: int
    macs: int
    receptive_field: int  # GLOBAL for global pooling


@dataclass(frozen=True)
class StageRow:
    stage: str
    output_shape: tuple
    params: int
    macs: int
    receptive_field: int


def _pair(v) -> tuple[int, int]:
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def _macs(layer, output_shape) -> int:
    if isinstance(layer, keras.layers.Conv2D):
        kh, kw = layer.kernel_size
        cin = layer.kernel.shape[2]
        _, h, w, cout = output_shape
        return int(h * w * cout * kh * kw * cin)
    if isinstance(layer, keras.layers.Dense):
        return int(np.prod(layer.kernel.shape))
    return 0


def _window(layer) -> tuple[int, int] | None:
    """(kernel extent, stride) along one side for layers that move a window, else None."""
    if isinstance(layer, keras.layers.Conv2D):
        k, d, s = _pair(layer.kernel_size)[0], _pair(layer.dilation_rate)[0], _pair(layer.strides)[0]
        return (k - 1) * d + 1, s
    if isinstance(layer, (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)):
        return _pair(layer.pool_size)[0], _pair(layer.strides)[0]
    if isinstance(layer, ZeroPadShortcut):
        return 1, layer.stride
    return None


def layer_costs(model: keras.Model) -> list[LayerCost]:
    """Output shape, parameters, multiply-adds and receptive field of every layer, in order."""
    validation.keras_model("model", model)
    feeds = inbound_layers(model)
    field: dict[str, tuple[int, int]] = {}  # layer name -> (receptive field, jump)
    rows = []
    for layer in model.layers:
        shape = tuple(layer.output.shape)
        inputs = [field[n] for n in feeds[layer.name]]
        rf, jump = (max(r for r, _ in inputs), max(j for _, j in inputs)) if inputs else (1, 1)
        if isinstance(layer, (keras.layers.GlobalAveragePooling2D, keras.layers.GlobalMaxPooling2D)) or rf == GLOBAL:
            rf = GLOBAL
        elif (window := _window(layer)) is not None:
            k, s = window
            rf, jump = rf + (k - 1) * jump, jump * s
        field[layer.name] = (rf, jump)
        rows.append(LayerCost(layer.name, type(layer).__name__, shape, layer.count_params(), _macs(layer, shape), rf))
    return rows


def stage_of(layer_name: str) -> str:
    """The part of the network a layer belongs to: the first word of its name (stem, stage2, head...)."""
    validation.text("layer_name", layer_name)
    return layer_name.split("_", 1)[0]


def stage_table(model: keras.Model) -> list[StageRow]:
    """One row a part of the network (stem, each stage, head), in order, without the input."""
    rows: dict[str, list[LayerCost]] = {}
    for cost in layer_costs(model):
        if cost.kind != "InputLayer":
            rows.setdefault(stage_of(cost.name), []).append(cost)
    return [
        StageRow(
            stage, costs[-1].output_shape[1:], sum(c.params for c in costs), sum(c.macs for c in costs), costs[-1].receptive_field
        )
        for stage, costs in rows.items()
    ]


def total_macs(model: keras.Model) -> int:
    return sum(c.macs for c in layer_costs(model))


def format_stage_table(rows: list[StageRow]) -> str:
    """A plain-text table with a total line."""
    validation.instance("rows", rows, (list, tuple), "list of StageRow")
    for row in rows:
        validation.instance("rows", row, StageRow, "list of StageRow")
    lines = [f"{'part':<8} {'output':>14} {'parameters':>12} {'multiply-adds':>15} {'receptive field':>16}"]
    for r in rows:
        rf = "whole image" if r.receptive_field == GLOBAL else f"{r.receptive_field}x{r.receptive_field}"
        shape = "x".join(str(d) for d in r.output_shape)
        lines.append(f"{r.stage:<8} {shape:>14} {r.params:>12,} {r.macs:>15,} {rf:>16}")
    lines.append(f"{'total':<8} {'':>14} {sum(r.params for r in rows):>12,} {sum(r.macs for r in rows):>15,}")
    return "\n".join(lines)
