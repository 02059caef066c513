"""Notebook 07's figures and widget: speed levers side by side, step by step, and against the ceiling.

draw_levers(measurements, baseline)        images/s of every setting, with its change against the baseline
draw_step_times(measurement, baseline)     every step of one setting next to the baseline's
draw_ceiling(rows, ceilings)               achieved training FLOP/s against the matmul's
draw_roofline(intensities, times, peak, bandwidth)  every layer on the roofline: intensity against FLOP/s
LeverExplorer(measurements, baseline)      the widget: pick a setting, see its steps
"""

from __future__ import annotations

from helpers import validation
from helpers.display.figures import PALETTE, Explorer, new_figure
from helpers.experiments.roofline import CONVOLUTION, TRAINING_FACTOR, LayerIntensity, LayerTimes, roofline_bound
from helpers.experiments.speed_levers import Measurement, speedups, verdict
from helpers.i18n import tr

from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

COLOURS = {"baseline": "0.55", "faster": PALETTE["green"], "within the spread": PALETTE["blue"], "slower": PALETTE["vermillion"]}
LEGEND = {
    "baseline": "baseline",
    "faster": "faster: even its slowest step beat the baseline",
    "within the spread": "within the spread of its steps",
    "slower": "slower: even its fastest step lost",
}


def _by_label(measurements: Sequence[Measurement], baseline: str) -> dict[str, Measurement]:
    if not measurements or not all(isinstance(m, Measurement) for m in measurements):
        raise ValueError("measurements must be a non-empty list of speed_levers.Measurement")
    by_label = {m.setting.label: m for m in measurements}
    if baseline not in by_label:
        raise ValueError(f"baseline must be one of the measured labels {list(by_label)}; got {baseline!r}")
    return by_label


def draw_levers(measurements: Sequence[Measurement], baseline: str, title: str = "") -> Figure:
    """Horizontal bars, one a setting: training images/s, labelled with the ratio to the baseline."""
    validation.text("title", title)
    by_label = _by_label(measurements, baseline)
    ratios = speedups(measurements, baseline)
    labels = [m.setting.label for m in measurements]
    rates = [m.images_per_second for m in measurements]
    low, high = zip(*(m.images_per_second_range for m in measurements))
    reference = by_label[baseline].images_per_second
    colours = [
        COLOURS["baseline"] if m.setting.label == baseline else COLOURS[verdict(m, by_label[baseline])] for m in measurements
    ]
    spread = [np.subtract(rates, low), np.subtract(high, rates)]
    fig = new_figure(7.5, 0.42 * len(labels) + 1.4)
    ax = fig.add_subplot()
    y = np.arange(len(labels))
    ax.barh(y, rates, color=colours, xerr=spread, error_kw={"ecolor": "0.25", "capsize": 3, "linewidth": 1})
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    for yi, top, rate, label in zip(y, high, rates, labels):
        ax.text(top, yi, f"  {rate:.1f}  ({ratios[label]:.2f}x)", va="center", fontsize=9)
    ax.set_xlim(0, max(high) * 1.4)
    ax.axvline(reference, color="0.4", linestyle="--", linewidth=0.8)
    ax.set_xlabel("training images a second: median step; whiskers: slowest and fastest step")
    ax.set_title(title or f"One change at a time, against '{baseline}'", fontsize=10)
    fig.legend(
        handles=[Patch(color=c, label=LEGEND[k]) for k, c in COLOURS.items()],
        fontsize="small",
        loc="outside lower center",
        ncols=2,
    )
    return fig


def draw_step_times(measurement: Measurement, baseline: Measurement) -> Figure:
    """The seconds of every step of a setting and of the baseline, warm-up steps hatched, on a log scale."""
    for name, m in (("measurement", measurement), ("baseline", baseline)):
        if not isinstance(m, Measurement):
            raise ValueError(f"{name} must be a speed_levers.Measurement; got {type(m).__name__}")
    fig = new_figure(7.5, 3.0)
    ax = fig.add_subplot()
    width = 0.4
    pairs = (
        ((baseline, -width / 2, "0.55"),)
        if measurement is baseline
        else ((baseline, -width / 2, "0.55"), (measurement, width / 2, PALETTE["blue"]))
    )
    handles = []
    for m, shift, colour in pairs:
        steps = np.arange(1, len(m.step_seconds) + 1)
        hatches = ["" if c else "//" for c in m.counted]
        for x, s, h in zip(steps + shift, m.step_seconds, hatches):
            ax.bar(x, s, width=width, color=colour, hatch=h, edgecolor="white" if not h else "0.2")
        handles.append(Patch(color=colour, label=f"{m.setting.label}: {m.images_per_second:.1f} images/s"))
    handles.append(Patch(facecolor="white", hatch="//", edgecolor="0.2", label="warm-up steps (not counted)"))
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: f"{v:g}" if f"{v:.1e}"[0] in "25" else ""))
    ax.tick_params(axis="y", which="minor", labelsize=7)
    ax.set_xticks(np.arange(1, max(len(m.step_seconds) for m, _, _ in pairs) + 1))
    ax.set(xlabel="training step", ylabel="seconds (log scale)", title="Every step of model.fit")
    ax.legend(handles=handles, fontsize="small", loc="upper right")
    return fig


def step_summary(measurement: Measurement, baseline: Measurement) -> str:
    """One HTML line about a setting: its first step, its median step, and its speed against the baseline."""
    for name, m in (("measurement", measurement), ("baseline", baseline)):
        if not isinstance(m, Measurement):
            raise ValueError(f"{name} must be a speed_levers.Measurement; got {type(m).__name__}")
    ratio = measurement.images_per_second / baseline.images_per_second
    xla = ""
    if measurement.setting.jit_compile and not measurement.jit_compiled:
        xla = tr(" (Keras did not compile it with XLA)")
    return tr(
        "<b>{label}</b>{xla}: first step <b>{first:.1f} s</b>, then a median <b>{median:.2f} s</b> a step of "
        "{batch} images: <b>{rate:.1f}</b> images/s, <b>{ratio:.2f}x</b> the baseline's {baseline:.1f}",
        label=measurement.setting.label,
        xla=xla,
        first=measurement.first_step_seconds,
        median=measurement.seconds_per_step,
        batch=measurement.setting.batch_size,
        rate=measurement.images_per_second,
        ratio=ratio,
        baseline=baseline.images_per_second,
    )


class LeverExplorer(Explorer):
    """A menu of the measured settings; shows every step of the chosen one next to the baseline's."""

    def __init__(self, measurements: Sequence[Measurement], baseline: str):
        self.measurements = _by_label(measurements, baseline)
        self.baseline = baseline
        labels = list(self.measurements)
        start = next((label for label in labels if label != baseline), baseline)
        self.setting = widgets.Dropdown(
            options=labels, value=start, description=tr("setting"), tooltip=tr("Which speed setting to compare with the baseline")
        )
        super().__init__(self.setting)

    def draw(self) -> tuple[str, Figure]:
        chosen, baseline = self.measurements[self.setting.value], self.measurements[self.baseline]
        return step_summary(chosen, baseline), draw_step_times(chosen, baseline)


def draw_ceiling(achieved: dict[str, float], ceilings: dict[str, float]) -> Figure:
    """Bars of achieved training GFLOP/s, one a precision, with each matmul ceiling as a dashed line.

    achieved, ceilings: FLOP/s by name, e.g. {"float32": 2.1e10} and {"float32 matmul": 7.7e10}.
    """
    for name, values in (("achieved", achieved), ("ceilings", ceilings)):
        if not isinstance(values, dict) or not values or not all(np.isfinite(v) and v > 0 for v in values.values()):
            raise ValueError(f"{name} must be a non-empty dict of positive FLOP/s by name; got {values!r}")
    fig = new_figure(7.5, 0.5 * len(achieved) + 1.6)
    ax = fig.add_subplot()
    names = list(achieved)
    y = np.arange(len(names))
    ax.barh(y, [achieved[n] / 1e9 for n in names], color=PALETTE["blue"])
    ax.set_yticks(y, [f"training,\n{n}" for n in names])
    ax.invert_yaxis()
    styles = ["--", ":", "-."]
    for i, (name, flops) in enumerate(ceilings.items()):
        ax.axvline(
            flops / 1e9,
            color=PALETTE["vermillion"],
            linestyle=styles[i % len(styles)],
            label=f"{name}: {flops / 1e9:.0f} GFLOP/s",
        )
    for yi, n in zip(y, names):
        ax.text(achieved[n] / 1e9, yi, f"{achieved[n] / 1e9:.0f} ", va="center", ha="right", color="white", fontsize=9)
    ax.set_xlim(0, max(max(achieved.values()), max(ceilings.values())) / 1e9 * 1.15)
    ax.set_xlabel("GFLOP/s (10⁹ floating-point operations a second)")
    ax.legend(fontsize="small", loc="lower right")
    ax.set_title("The blog's network training, against a large matrix product", fontsize=10)
    return fig


def draw_roofline(intensities: Sequence[LayerIntensity], times: LayerTimes, peak: float, bandwidth: float) -> Figure:
    """The roofline (Williams et al. 2009) with every layer of a model on it, log-log.

    x: the layer's arithmetic intensity (forward FLOPs per byte moved, from layer_intensities).
    y: the FLOP/s it reached in training, 3 x its forward FLOPs x the batch / its measured forward
    + backward seconds (layer_times, the same batch). The roof: min(peak, intensity x bandwidth).
    """
    validation.instance("intensities", intensities, (list, tuple), "list of LayerIntensity")
    validation.instance("times", times, LayerTimes)
    peak = validation.positive_number("peak", peak)
    bandwidth = validation.positive_number("bandwidth", bandwidth)
    seconds = {t.name: t.seconds for t in times.layers}
    rows = [(i, seconds[i.name]) for i in intensities if i.name in seconds and seconds[i.name] > 0 and i.flops > 0]
    if not rows:
        raise ValueError("times must time some of the layers in intensities (the same model)")
    fig = new_figure(7.5, 4.6)
    ax = fig.add_subplot()
    xs = np.array([i.intensity for i, _ in rows])
    span = np.geomspace(min(xs.min(), peak / bandwidth) / 3, max(xs.max(), peak / bandwidth) * 3, 200)
    ax.plot(span, [roofline_bound(x, peak, bandwidth) / 1e9 for x in span], color=PALETTE["black"], label="roofline")
    for group, color, label in ((CONVOLUTION, "blue", "convolutions, dense"), (None, "vermillion", "BN, ReLU, add, pool, pad")):
        chosen = [(i, s) for i, s in rows if (i.group == CONVOLUTION) == (group == CONVOLUTION)]
        if chosen:
            ax.scatter(
                [i.intensity for i, _ in chosen],
                [TRAINING_FACTOR * i.flops * times.batch_size / s / 1e9 for i, s in chosen],
                color=PALETTE[color],
                s=22,
                label=label,
                zorder=3,
            )
    ax.axvline(peak / bandwidth, color=PALETTE["black"], linestyle=":", linewidth=1)
    ax.text(peak / bandwidth, peak / 1e9 * 1.15, f" ridge: {peak / bandwidth:.1f} FLOPs/byte", fontsize=8, va="bottom")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("arithmetic intensity (FLOPs per byte moved)")
    ax.set_ylabel("GFLOP/s reached in training")
    ax.set_title(f"Each layer of the blog's network, batch {times.batch_size}, float32", fontsize=10)
    ax.legend(fontsize="small", loc="lower right")
    return fig
