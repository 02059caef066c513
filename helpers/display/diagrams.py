"""A picture of a network: keras.utils.plot_model where Graphviz is available, else matplotlib.

    draw_architecture(model)   the best picture this machine can make, as a Diagram that a
                               notebook displays and that says how it was drawn
    graphviz_available()       whether plot_model can work here, and why not
    draw_blocks(model)         the matplotlib picture: one box a stem, block and head, with
                               the shortcuts drawn beside the blocks

plot_model needs the pydot package and Graphviz's `dot` program (`apt-get install graphviz`,
`brew install graphviz` or `conda install graphviz`). Without them it prints a message and
returns None in a notebook and raises elsewhere; draw_architecture checks first, and falls back
to matplotlib when either is missing or plot_model fails, so a cell that draws never crashes.
"""

from __future__ import annotations

from helpers import validation
from helpers.display.figures import PALETTE, figure_png, new_figure, tint

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import keras
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

METHODS = ("auto", "matplotlib")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Diagram:
    """A PNG picture of a model, and how it was made.

    method: "plot_model" (Keras and Graphviz, one box a layer) or "matplotlib" (one box a block).
    reason: why that method was used. A notebook displays the picture itself when a Diagram is
    the last expression of a cell.
    """

    png: bytes
    method: str
    reason: str

    def _repr_png_(self) -> bytes:
        return self.png

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in pixels, read from the PNG header."""
        return int.from_bytes(self.png[16:20], "big"), int.from_bytes(self.png[20:24], "big")

    def __str__(self) -> str:
        width, height = self.size
        return f"drawn with {self.method} ({width}x{height} pixels): {self.reason}"

    def __repr__(self) -> str:
        return f"Diagram(method={self.method!r}, size={self.size}, reason={self.reason!r})"


def graphviz_available() -> tuple[bool, str]:
    """(True, how) when keras.utils.plot_model can draw here, else (False, what is missing)."""
    try:
        import pydot
    except ImportError:
        return False, "the pydot package is not installed (pip install pydot)"
    if shutil.which("dot") is None:
        return False, "Graphviz's `dot` program is not on the PATH (install the graphviz system package)"
    try:
        pydot.Dot.create(pydot.Dot())  # what Keras itself tries: render an empty graph
    except Exception as error:  # OSError, pydot's own exceptions, a broken Graphviz
        return False, f"Graphviz's `dot` did not run ({type(error).__name__}: {error})"
    return True, "pydot and Graphviz's `dot` are installed"


def _check_model(model) -> None:
    validation.keras_model("model", model)


def plot_model_png(model: keras.Model, *, dpi: int = 60) -> bytes:
    """keras.utils.plot_model's picture (layer names and shapes, top to bottom) as PNG bytes.

    Raises RuntimeError when plot_model draws nothing (it returns None without pydot or
    Graphviz in a notebook) and lets its own errors through; draw_architecture catches both.
    """
    _check_model(model)
    dpi = validation.positive_int("dpi", dpi)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.png"
        keras.utils.plot_model(model, to_file=str(path), show_shapes=True, show_layer_names=True, dpi=dpi)
        png = path.read_bytes() if path.exists() else b""
    if not png.startswith(PNG_SIGNATURE):
        raise RuntimeError("plot_model wrote no PNG image")
    return png


# The matplotlib drawing ----------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One box of the block drawing: the stem, a block, the head, or a run of blocks left out."""

    title: str
    body: str
    output_shape: tuple
    shortcut: str | None  # None: nothing is added back; else what the shortcut does ("identity", ...)
    stage: str
    left_out: int = 0  # > 0: this box stands for that many blocks not drawn


def _key(name: str) -> tuple[str, str]:
    """(stage, block) from a layer name: stage2_block1_conv1 -> ("stage2", "block1"), stem_conv -> ("stem", "")."""
    words = name.split("_")
    if len(words) > 1 and re.fullmatch(r"block\d+", words[1]):
        return words[0], words[1]
    return words[0], ""


def _pair(v) -> tuple[int, int]:
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def _describe(layer) -> str | None:
    """A few words for a layer that does the work (BN, ReLU and additions are left out)."""
    if isinstance(layer, keras.layers.Conv2D):
        (k, _), (s, _) = _pair(layer.kernel_size), _pair(layer.strides)
        return f"{k}×{k} conv, {layer.filters}" + (f", /{s}" if s > 1 else "")
    if isinstance(layer, (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)):
        (k, _), (s, _) = _pair(layer.pool_size), _pair(layer.strides)
        kind = "max" if isinstance(layer, keras.layers.MaxPooling2D) else "avg"
        return f"{k}×{k} {kind}-pool" + (f", /{s}" if s > 1 else "")
    if isinstance(layer, (keras.layers.GlobalAveragePooling2D, keras.layers.GlobalMaxPooling2D)):
        return "global average pool" if isinstance(layer, keras.layers.GlobalAveragePooling2D) else "global max pool"
    if isinstance(layer, keras.layers.Dense):
        return f"dense, {layer.units}"
    return None


def _is_shortcut_layer(layer) -> bool:
    return "projection" in layer.name or "zero_pad" in layer.name


def _shortcut(group: list) -> str | None:
    if not any(isinstance(layer, keras.layers.Add) for layer in group):
        return None
    for layer in group:
        if _is_shortcut_layer(layer):
            stride = getattr(layer, "stride", None) or _pair(getattr(layer, "strides", 1))[0]
            kind = "1×1 conv" if isinstance(layer, keras.layers.Conv2D) else "zero-pad"
            return kind + (f", /{stride}" if stride > 1 else "")
    return "identity"


def _shape_text(shape: tuple) -> str:
    return "×".join(str(d) for d in shape[1:])


def block_parts(model: keras.Model, max_blocks_per_stage: int = 4) -> list[Part]:
    """The boxes of the block drawing, in order. A stage with more than max_blocks_per_stage
    blocks shows its first ones, one box for those left out, and its last block."""
    _check_model(model)
    max_blocks = validation.positive_int("max_blocks_per_stage", max_blocks_per_stage)
    if max_blocks < 3:
        raise ValueError(f"max_blocks_per_stage must be at least 3 (first, left out, last); got {max_blocks}")
    groups: dict[tuple[str, str], list] = {}
    for layer in model.layers:
        groups.setdefault(_key(layer.name), []).append(layer)
    parts = []
    for (stage, block), group in groups.items():
        last = group[-1]
        if isinstance(last, keras.layers.InputLayer):
            parts.append(Part(f"input {_shape_text(tuple(last.output.shape))}", "", tuple(last.output.shape), None, stage))
            continue
        body = [d for layer in group if not _is_shortcut_layer(layer) and (d := _describe(layer))]
        title = f"{stage} · {block}" if block else stage
        parts.append(Part(title, " → ".join(body), tuple(last.output.shape), _shortcut(group), stage))
    return _leave_out(parts, max_blocks)


def _leave_out(parts: list[Part], max_blocks: int) -> list[Part]:
    by_stage: dict[str, list[int]] = {}
    for i, part in enumerate(parts):
        if " · " in part.title:
            by_stage.setdefault(part.stage, []).append(i)
    dropped: set[int] = set()
    marker: dict[int, Part] = {}
    for stage, indices in by_stage.items():
        if len(indices) > max_blocks:
            hidden = indices[max_blocks - 2 : -1]
            first, last = parts[hidden[0]], parts[hidden[-1]]
            title = f"{first.title} … {last.title.split(' · ')[1]}  ({len(hidden)} blocks like this)"
            marker[hidden[0]] = Part(title, first.body, last.output_shape, first.shortcut, stage, left_out=len(hidden))
            dropped.update(hidden[1:])
    return [marker.get(i, p) for i, p in enumerate(parts) if i not in dropped]


_STAGE_COLOURS = tuple(tint(name, 0.75) for name in ("sky", "orange", "green", "purple", "yellow", "blue", "vermillion", "black"))


def _colour(part: Part, stages: list[str]) -> str:
    if part.title.startswith("input"):
        return "white"
    if " · " in part.title or part.left_out:
        return _STAGE_COLOURS[stages.index(part.stage) % len(_STAGE_COLOURS)]
    return "0.93"


def draw_blocks(model: keras.Model, max_blocks_per_stage: int = 4) -> Figure:
    """Boxes for the stem, every block and the head, top to bottom, with arrows between them;
    each block's shortcut runs down its right side into the ⊕ below it, labelled with what it
    does (identity, 1×1 conv or zero-pad). Blocks without a shortcut (plain twins) have no ⊕."""
    parts = block_parts(model, max_blocks_per_stage)
    stages = list(dict.fromkeys(p.stage for p in parts if " · " in p.title or p.left_out))
    box_h, gap, plus_gap, r = 1.0, 0.55, 0.45, 0.16
    plus_pt = 6  # radius of the ⊕ marker in points
    left, right, mid, rail = 0.4, 6.9, 3.65, 7.35
    heights = [box_h + (plus_gap + 2 * r if p.shortcut else 0) + gap for p in parts]
    total = sum(heights) - gap
    fig = new_figure(7.0, 0.5 + 0.42 * total)
    ax = fig.add_subplot()
    ax.set(xlim=(0, 10), ylim=(total + 0.1, -0.55))
    ax.axis("off")
    ax.set_title(f"{model.name}: one box a block (BatchNormalization and ReLU not drawn)", fontsize=9)
    arrow = {"arrowstyle": "-|>", "color": "0.25", "lw": 1.0, "shrinkA": 0, "shrinkB": 0}
    y = 0.0
    for i, part in enumerate(parts):
        top, bottom = y, y + box_h
        box = FancyBboxPatch(
            (left, top),
            right - left,
            box_h,
            boxstyle="round,pad=0,rounding_size=0.12",
            facecolor=_colour(part, stages),
            edgecolor="0.3",
            linestyle="--" if part.left_out else "-",
            lw=0.9,
        )
        ax.add_patch(box)
        if part.title.startswith("input"):
            ax.text(mid, top + box_h / 2, part.title, ha="center", va="center", fontsize=8.5, fontweight="bold")
        else:
            ax.text(mid, top + 0.27, part.title, ha="center", va="center", fontsize=8.5, fontweight="bold")
            ax.text(mid, top + 0.55, part.body, ha="center", va="center", fontsize=7.5)
            ax.text(
                mid, top + 0.81, f"output {_shape_text(part.output_shape)}", ha="center", va="center", fontsize=7.5, color="0.3"
            )
        out_y = bottom
        leave = dict(arrow)
        if part.shortcut:
            cy = bottom + plus_gap + r
            # the ⊕ is a marker, so it stays round whatever the axes' aspect; arrows stop at its rim
            ax.annotate("", xy=(mid, cy), xytext=(mid, bottom), arrowprops={**arrow, "shrinkB": plus_pt})
            ax.plot([mid], [cy], marker="o", markersize=2 * plus_pt, markerfacecolor="white", markeredgecolor="0.25", zorder=3)
            ax.text(mid, cy, "+", ha="center", va="center", fontsize=10, zorder=4)
            start = top - gap / 2  # the block's input, on the arrow coming in
            style = ":" if part.shortcut.startswith("zero") else "-"
            colour = PALETTE["vermillion"] if part.shortcut == "identity" else PALETTE["purple"]
            ax.plot([mid, rail, rail], [start, start, cy], color=colour, lw=1.3, linestyle=style)
            ax.annotate("", xy=(mid, cy), xytext=(rail, cy), arrowprops={**arrow, "color": colour, "lw": 1.3, "shrinkB": plus_pt})
            ax.text(rail + 0.12, (start + cy) / 2, part.shortcut, ha="left", va="center", fontsize=7.5, color=colour)
            out_y, leave["shrinkA"] = cy, plus_pt
        if i + 1 < len(parts):
            ax.annotate("", xy=(mid, y + heights[i]), xytext=(mid, out_y), arrowprops=leave)
        y += heights[i]
    return fig


def draw_architecture(model: keras.Model, method: str = "auto", *, dpi: int = 60, max_blocks_per_stage: int = 4) -> Diagram:
    """The model's picture: plot_model's (one box a layer) where pydot and Graphviz work, else
    the matplotlib block drawing. method="matplotlib" asks for the block drawing directly.
    Never raises because a drawing tool is missing: the Diagram's reason says what happened."""
    _check_model(model)
    validation.one_of("method", method, METHODS)
    dpi = validation.positive_int("dpi", dpi)
    validation.positive_int("max_blocks_per_stage", max_blocks_per_stage)
    if method == "matplotlib":
        reason = "the block drawing was asked for"
    else:
        ok, found = graphviz_available()
        if ok:
            try:
                return Diagram(plot_model_png(model, dpi=dpi), "plot_model", f"keras.utils.plot_model: {found}")
            except Exception as error:  # pydot and Graphviz versions disagree, a layer it cannot draw...
                reason = f"plot_model failed ({type(error).__name__}: {error}); drawn with matplotlib instead"
        else:
            reason = f"plot_model cannot run here: {found}; drawn with matplotlib instead"
    return Diagram(figure_png(draw_blocks(model, max_blocks_per_stage), dpi=100), "matplotlib", reason)
