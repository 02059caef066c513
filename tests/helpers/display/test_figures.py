"""One colour-blind-safe palette for every helper figure, alt text for figures, tooltips on controls."""

from helpers.display.figures import CYCLE, PALETTE, describe, figure_with_alt, new_figure, tint

import ast
import re

import pytest
from matplotlib.colors import to_hex, to_rgb
from repo import ROOT

HELPERS = sorted(p for p in (ROOT / "helpers").rglob("*.py") if p.name != "figures.py" or p.parent.name != "display")
COLOUR_KEYWORDS = {"color", "colour", "colors", "facecolor", "edgecolor", "markerfacecolor", "markeredgecolor", "c"}
ALLOWED_NAMES = {"white", "black", "none"}
CONTROLS = {
    "IntSlider",
    "FloatSlider",
    "FloatLogSlider",
    "SelectionSlider",
    "Dropdown",
    "ToggleButtons",
    "RadioButtons",
    "Checkbox",
    "ToggleButton",
    "Select",
    "IntText",
    "FloatText",
    "BoundedIntText",
    "BoundedFloatText",
    "Text",
    "Button",
}


def is_grey(value: str) -> bool:
    return re.fullmatch(r"0?\.\d+|0|1|1\.0|0\.0", value) is not None


@pytest.mark.parametrize("path", HELPERS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_helpers_use_only_the_palette(path):
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"[\"']tab:[a-z]+[\"']", source), "use helpers.display.figures.PALETTE, not matplotlib's tab: colours"
    assert not re.search(r"[\"']#[0-9a-fA-F]{3,8}[\"']", source), "use PALETTE or tint(name), not a hard-coded colour"
    assert not re.search(r"[\"']C[0-9][\"']", source), "use PALETTE, not matplotlib's default cycle"
    for node in ast.walk(ast.parse(source)):
        values = []
        if isinstance(node, ast.keyword) and node.arg in COLOUR_KEYWORDS:
            values.append(node.value)
        if isinstance(node, ast.Dict):
            values += [v for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant) and k.value in COLOUR_KEYWORDS]
        for value in values:
            for item in value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]:
                if isinstance(item, ast.Constant) and isinstance(item.value, str):
                    assert is_grey(item.value) or item.value in ALLOWED_NAMES, f"line {item.lineno}: colour {item.value!r}"


def test_palette_is_okabe_ito_and_tints_stay_in_its_hues():
    assert set(PALETTE.values()) == {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
    assert sorted(CYCLE) == sorted(PALETTE)
    assert tint("blue", 0) == to_hex(PALETTE["blue"]) and tint("blue", 1) == "#ffffff"
    r, g, b = to_rgb(tint("vermillion", 0.5))
    assert r > g > b  # still an orange-red, only lighter
    with pytest.raises(ValueError, match="name"):
        tint("tab:blue")
    with pytest.raises(ValueError, match="amount"):
        tint("blue", 1.5)


def test_helper_figures_draw_lines_in_the_palette():
    fig = new_figure()
    left, right = fig.subplots(1, 2)
    lines = [left.plot([0, 1])[0], left.plot([1, 0])[0], right.plot([0, 1])[0]]
    assert [to_hex(line.get_color()) for line in lines] == [to_hex(PALETTE[n]) for n in (CYCLE[0], CYCLE[1], CYCLE[0])]


def test_alt_text_names_title_axes_and_legend():
    fig = new_figure()
    fig.suptitle("Residual against plain")
    ax = fig.add_subplot()
    ax.plot([0, 1], label="plain: F(X)")
    ax.plot([1, 0], label="residual: F(X) + X")
    ax.set(title="Outputs", xlabel="X", ylabel="output")
    ax.legend()
    png, metadata = figure_with_alt(fig)
    assert png.startswith(b"\x89PNG")
    assert metadata == {"alt": describe(fig)}
    assert describe(fig) == "Residual against plain. Outputs, x axis: X, y axis: output, shows plain: F(X); residual: F(X) + X."
    image = new_figure()
    image.add_subplot().imshow([[0, 1], [1, 0]])
    assert describe(image) == "Chart, an image."


def test_every_lesson_control_has_a_tooltip():
    missing = []
    for path in sorted((ROOT / "helpers" / "lessons").glob("nb*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CONTROLS:
                tooltip = next((k.value for k in node.keywords if k.arg == "tooltip"), None)
                if isinstance(tooltip, ast.Call) and getattr(tooltip.func, "id", None) == "tr" and tooltip.args:
                    tooltip = tooltip.args[0]  # tr("English text"): the Korean is checked in tests/helpers/lessons
                if not (isinstance(tooltip, ast.Constant) and len(str(tooltip.value)) > 10) and not isinstance(
                    tooltip, ast.JoinedStr
                ):
                    missing.append(f"{path.name}:{node.lineno} {node.func.attr}")
    assert missing == [], "controls without a descriptive tooltip (read by screen readers as the label's title)"
