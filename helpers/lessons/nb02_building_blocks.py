"""Notebook 02's plumbing: a grayscale photo, convolution shape arithmetic, figures and two widgets.

The lessons themselves (applying a kernel with Keras, BatchNormalization's formulas, the
momentum experiment) are written out in the notebook; this module holds what they lean on.
"""

from __future__ import annotations

from helpers import validation
from helpers.display.figures import PALETTE, Explorer, new_figure, tint
from helpers.experiments.batchnorm import MOMENTA, moving_average_trace
from helpers.i18n import tr
from helpers.models.conv_arithmetic import PADDINGS, _padding, conv_output_size, same_padding

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle


def conv_shape_summary(size: int, kernel_size: int, stride: int, padding: str) -> str:
    """One line of HTML: the output size and the arithmetic that gives it."""
    size = validation.positive_int("size", size)
    kernel_size = validation.positive_int("kernel_size", kernel_size)
    stride = validation.positive_int("stride", stride)
    padding = _padding(padding)
    head = tr(
        'input {size}×{size}, kernel {kernel}×{kernel}, stride {stride}, padding "{padding}"',
        size=size,
        kernel=kernel_size,
        stride=stride,
        padding=padding,
    )
    if padding == "valid" and kernel_size > size:
        return tr(
            '{head} → <b>no output</b>: with "valid" padding the {kernel}×{kernel} kernel does not fit in the input.',
            head=head,
            kernel=kernel_size,
        )
    out = conv_output_size(size, kernel_size, stride, padding)
    if padding == "same":
        before, after = same_padding(size, kernel_size, stride)
        how = tr(
            "ceil({size} / {stride}) = {out}, after adding {before} zero(s) before and {after} after",
            size=size,
            stride=stride,
            out=out,
            before=before,
            after=after,
        )
    else:
        how = f"({size} − {kernel_size}) // {stride} + 1 = {out}"
    return tr("{head} → output <b>{out}×{out}</b> &nbsp; ({how})", head=head, out=out, how=how)


# Figures ---------------------------------------------------------------------------------


def draw_maps(
    maps: Sequence[Any], titles: Sequence[str], cols: int | None = None, panel_width: float = 3.2, centred: bool | None = None
) -> Figure:
    """2-D arrays side by side.

    centred=True draws values on a red-blue scale centred on 0 (red positive, blue negative,
    white 0) with a colour bar; False draws them in gray (black = small, white = large); None
    chooses centred for maps with negative values. Colours saturate at the 0.5th and 99.5th
    percentiles, so that a few extreme pixels do not wash out the rest.
    """
    if isinstance(maps, (str, bytes)) or not hasattr(maps, "__len__") or not len(maps):
        raise ValueError(f"maps must be a non-empty list of 2-D arrays; got {maps!r:.60}")
    validation.number("panel_width", panel_width, above=0.0, maximum=20.0)
    if centred is not None:
        validation.boolean("centred", centred)
    if len(maps) != len(titles) or not maps:
        raise ValueError(f"titles must name each map; got {len(maps)} maps and {len(titles)} titles")
    arrays = [np.asarray(m, dtype=np.float32) for m in maps]
    for a in arrays:
        if a.ndim != 2:
            raise ValueError(f"maps must be 2-D arrays (height, width); got shape {a.shape}")
    cols = len(arrays) if cols is None else validation.positive_int("cols", cols)
    rows = -(-len(arrays) // cols)
    aspect = max(a.shape[0] / a.shape[1] for a in arrays)
    fig = new_figure(panel_width * cols, panel_width * aspect * rows + 0.45 * rows)
    for i, (a, title) in enumerate(zip(arrays, titles)):
        ax = fig.add_subplot(rows, cols, i + 1)
        if a.min() < 0 if centred is None else centred:
            limit = float(np.percentile(np.abs(a), 99.5)) or float(np.abs(a).max()) or 1.0
            shown = ax.imshow(a, cmap="RdBu_r", vmin=-limit, vmax=limit)
            fig.colorbar(shown, ax=ax, shrink=0.8, ticks=[-limit, 0, limit], format="%.2g")
        else:
            low, high = np.percentile(a, [0.5, 99.5])
            if high <= low:
                low, high = float(a.min()), float(a.max()) + 1e-6
            ax.imshow(a, cmap="gray", vmin=low, vmax=high)
        ax.set_title(title, fontsize="medium")
        ax.set_xticks([])
        ax.set_yticks([])
    return fig


def _grid(ax, rows: int, cols: int, x0: float, y0: float, face: str, edge: str = "0.55") -> None:
    for r in range(rows):
        for c in range(cols):
            ax.add_patch(Rectangle((x0 + c, y0 + r), 1, 1, facecolor=face, edgecolor=edge, linewidth=0.8))


def _window(ax, row: int, col: int, kernel_size: int, x0: float, color: str, label: str, offset: float) -> None:
    ax.add_patch(
        Rectangle(
            (x0 + col + offset, row + offset),
            kernel_size - 2 * offset,
            kernel_size - 2 * offset,
            facecolor="none",
            edgecolor=color,
            linewidth=2.5,
            label=label,
        )
    )


def draw_conv_shape(size: int, kernel_size: int, stride: int, padding: str) -> Figure:
    """The input (with its padding) and the output of a convolution along both sides.

    Two windows are outlined: the one that makes the first output and the one that makes its
    right-hand neighbour, `stride` cells further on. Input cells that no window reaches are red.
    """
    size = validation.positive_int("size", size)
    kernel_size = validation.positive_int("kernel_size", kernel_size)
    stride = validation.positive_int("stride", stride)
    padding = _padding(padding)
    before, after = same_padding(size, kernel_size, stride) if padding == "same" else (0, 0)
    padded = size + before + after
    fits = kernel_size <= padded
    out = conv_output_size(size, kernel_size, stride, padding) if fits else 0
    gap = 2.0
    fig = new_figure(7.0, 3.6)
    ax = fig.add_subplot()
    _grid(ax, padded, padded, 0, 0, "0.88")  # padding shows as gray
    _grid(ax, size, size, before, before, "white")
    reach = (out - 1) * stride + kernel_size if out else padded  # padded cells the windows cover
    for i in range(padded):
        for j in range(padded):
            inside = before <= i < before + size and before <= j < before + size
            if inside and (i >= reach or j >= reach):
                ax.add_patch(Rectangle((j, i), 1, 1, facecolor=tint("vermillion", 0.65), edgecolor="0.55", linewidth=0.8))
    if out:
        _window(ax, 0, 0, kernel_size, 0, PALETTE["orange"], "window of output (1, 1)", 0.06)
        if out > 1:
            _window(ax, 0, stride, kernel_size, 0, PALETTE["purple"], "window of output (1, 2)", 0.16)
        x_out = padded + gap
        _grid(ax, out, out, x_out, 0, tint("blue", 0.85))
        ax.add_patch(Rectangle((x_out, 0), 1, 1, facecolor=PALETTE["orange"], edgecolor="0.4"))
        if out > 1:
            ax.add_patch(Rectangle((x_out + 1, 0), 1, 1, facecolor=PALETTE["purple"], edgecolor="0.4"))
        ax.text(x_out + out / 2, -0.4, f"output {out}×{out}", ha="center", va="bottom")
        ax.annotate("", xy=(x_out - 0.2, out / 2), xytext=(padded + 0.2, out / 2), arrowprops={"arrowstyle": "->"})
    else:
        ax.text(padded + gap, padded / 2, "no output:\nthe kernel does\nnot fit", va="center")
    pad_text = f" + {before} before, {after} after (gray zeros)" if before + after else ""
    ax.text(padded / 2, -0.4, f"input {size}×{size}{pad_text}", ha="center", va="bottom")
    width = padded + gap + max(out, 7)  # room for the legend under the output grid
    ax.set_xlim(-0.5, width + 0.5)
    ax.set_ylim(max(padded, out) + 0.5, -1.6)  # row 0 at the top, like an image
    ax.set_aspect("equal")
    ax.axis("off")
    handles = ax.get_legend_handles_labels()[0]
    if reach < before + size:
        handles.append(
            Rectangle((0, 0), 1, 1, facecolor=tint("vermillion", 0.65), edgecolor="0.55", label="input no window reaches")
        )
    if handles:
        anchor = (padded + gap, max(out, 1) + 0.8)  # under the output grid, in data coordinates
        ax.legend(
            handles=handles, loc="upper left", bbox_to_anchor=anchor, bbox_transform=ax.transData, fontsize="small", frameon=False
        )
    return fig


class ConvShapeExplorer(Explorer):
    """Sliders for input size, kernel size and stride, a padding menu; draws input and output grids."""

    def __init__(self, size: int = 7, kernel_size: int = 3, stride: int = 1, padding: str = "valid"):
        validation.slider_start("size", size, 3, 12)
        validation.slider_start("kernel_size", kernel_size, 1, 7)
        validation.slider_start("stride", stride, 1, 4)
        validation.one_of("padding", padding, PADDINGS)
        self.size = widgets.IntSlider(
            value=size, min=3, max=12, description=tr("input size"), tooltip=tr("Side of the square input, in pixels")
        )
        self.kernel_size = widgets.IntSlider(
            value=kernel_size, min=1, max=7, description=tr("kernel size"), tooltip=tr("Side of the square convolution window")
        )
        self.stride = widgets.IntSlider(
            value=stride, min=1, max=4, description=tr("stride"), tooltip=tr("How many pixels the window moves between outputs")
        )
        self.padding = widgets.Dropdown(
            options=list(PADDINGS),
            value=padding,
            description=tr("padding"),
            tooltip=tr("valid: no padding; same: zeros around the input so that stride 1 keeps its size"),
        )
        super().__init__(self.size, self.kernel_size, self.stride, self.padding)

    def draw(self) -> tuple[str, Figure]:
        args = (self.size.value, self.kernel_size.value, self.stride.value, self.padding.value)
        return conv_shape_summary(*args), draw_conv_shape(*args)

    def layout(self) -> list[widgets.Widget]:
        controls = widgets.HBox([widgets.VBox([self.size, self.kernel_size]), widgets.VBox([self.stride, self.padding])])
        return [controls, self.summary, self.image]


def momentum_summary(momentum: float, steps: int, true_value: float = 0.05, initial: float = 1.0) -> str:
    """One line of HTML: how much of the starting value is left, and how far off the estimate is."""
    validation.number("initial", initial)
    moving = moving_average_trace(momentum, steps, true_value, initial)[1][-1]
    return tr(
        "momentum {momentum:g}, {steps} steps: the starting value {initial:g} still weighs "
        "momentum<sup>steps</sup> = <b>{left:.1%}</b>; moving variance <b>{moving:.3g}</b> "
        "against the true {true:g} (<b>{ratio:.1f}×</b>)",
        momentum=momentum,
        steps=steps,
        initial=initial,
        left=momentum**steps,
        moving=moving,
        true=true_value,
        ratio=moving / true_value,
    )


def draw_moving_average(momentum: float, steps: int, true_value: float = 0.05, initial: float = 1.0) -> Figure:
    """Batch variances, the moving variance, and the value it should reach, step by step."""
    validation.number("initial", initial)
    steps = validation.positive_int("steps", steps)
    batches, moving = moving_average_trace(momentum, steps, true_value, initial)
    t = np.arange(1, steps + 1)
    fig = new_figure(7.0, 3.2)
    ax = fig.add_subplot()
    ax.scatter(t, batches, s=6, color="0.6", label="variance of each batch")
    ax.plot(t, moving, color=PALETTE["orange"], linewidth=2, label="moving variance (used in inference)")
    ax.axhline(true_value, color=PALETTE["blue"], linestyle="--", label=f"true variance {true_value:g}")
    ax.axhline(initial, color="0.3", linestyle=":", linewidth=1, label=f"starting value {initial:g}")
    ax.set_yscale("log")
    ax.set(xlabel="training step", ylabel="variance (log scale)", title=f"momentum {momentum:g}", xlim=(0, steps + 1))
    ax.legend(loc="center right", fontsize="small")
    return fig


class MomentumExplorer(Explorer):
    """A momentum slider and a steps slider; shows how the moving variance approaches the true one."""

    def __init__(self, momentum: float = 0.99, steps: int = 76):
        validation.one_of("momentum", momentum, MOMENTA)
        validation.slider_start("steps", steps, 10, 1000)
        self.momentum = widgets.SelectionSlider(
            options=list(MOMENTA),
            value=momentum,
            description=tr("momentum"),
            tooltip=tr("BatchNormalization momentum: how much of the old moving variance each batch keeps"),
        )
        self.steps = widgets.IntSlider(
            value=steps, min=10, max=1000, description=tr("steps"), tooltip=tr("Training steps, one batch each")
        )
        super().__init__(self.momentum, self.steps)

    def draw(self) -> tuple[str, Figure]:
        momentum, steps = self.momentum.value, self.steps.value
        return momentum_summary(momentum, steps), draw_moving_average(momentum, steps)

    def layout(self) -> list[widgets.Widget]:
        return [widgets.HBox([self.momentum, self.steps]), self.summary, self.image]
