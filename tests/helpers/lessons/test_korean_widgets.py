"""Every widget's labels, tooltips, menu labels and summary read in Korean once the language is
"ko" (setup_notebook(language="ko") before the widget is built); the values the code passes
around stay the English keys. Figures keep English text (README.ko.md says so)."""

from helpers import i18n
from helpers.experiments import score_training
from helpers.lessons import (
    nb00_start_here,
    nb01_skip_connection,
    nb02_building_blocks,
    nb03_residual_block,
    nb04_full_network,
    nb05_training,
    nb06_why_it_works,
    nb07_speed_and_scale,
)
from helpers.models.scalar import SCALAR_FUNCTIONS

import re

import ipywidgets as widgets
import keras
import numpy as np
import pytest
from measurements import BASE, FAST, SLOW

HANGUL = re.compile("[가-힣]")
SYMBOLS = {"X", "F"}  # descriptions that are the lesson's own symbols, the same in both editions
STUDIES = {
    "ResNet": {"errors": {"stage1_block1": 0.1, "stage2_block1": 0.5}, "baseline": 0.05, "kind": "blocks"},
    "plain": {"errors": {"stage1_block1_conv1": 0.9}, "baseline": 0.04, "kind": "layers"},
}
SURFACES = {"a": np.array([[1.0, 2.0], [3.0, 0.5]]), "b": np.array([[10.0, 20.0], [5.0, 4.0]])}

EXPLORERS = {
    "PathCountExplorer": nb00_start_here.PathCountExplorer,
    "ScalarBlockExplorer": nb01_skip_connection.ScalarBlockExplorer,
    "GradientExplorer": nb01_skip_connection.GradientExplorer,
    "ConvShapeExplorer": nb02_building_blocks.ConvShapeExplorer,
    "MomentumExplorer": nb02_building_blocks.MomentumExplorer,
    "BlockExplorer": nb03_residual_block.BlockExplorer,
    "NetworkExplorer": nb04_full_network.NetworkExplorer,
    "ScoreExplorer": lambda: nb05_training.ScoreExplorer(score_training.score_model()),
    "PageDrawer": lambda: nb05_training.PageDrawer(score_training.score_model(task="digits")),
    "LesionExplorer": lambda: nb06_why_it_works.LesionExplorer(STUDIES),
    "LandscapeExplorer": lambda: nb06_why_it_works.LandscapeExplorer(SURFACES, [-1, 1], [-1, 1]),
    "LeverExplorer": lambda: nb07_speed_and_scale.LeverExplorer([BASE, FAST, SLOW], "baseline"),
}


@pytest.fixture
def korean():
    i18n.set_language("ko")
    yield
    i18n.set_language("en")


def menu_labels(control) -> list[tuple[str, object]]:
    """(label, value) of a menu's options that are (label, value) pairs: the ones it translates."""
    options = getattr(control, "options", ())
    return [option for option in options if isinstance(option, tuple)] if isinstance(control, widgets.Dropdown) else []


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_widget_reads_in_korean(korean, name):
    explorer = EXPLORERS[name]()
    for control in explorer.controls:
        assert control.description in SYMBOLS or HANGUL.search(control.description), f"{name}: {control.description!r}"
        assert HANGUL.search(control.tooltip or ""), f"{name}: the tooltip of {control.description!r} is {control.tooltip!r}"
        for label, value in menu_labels(control):
            assert label == i18n.tr(value) and (label == value or HANGUL.search(label)), f"{name}: {label!r} for {value!r}"
    assert HANGUL.search(explorer.summary.value), f"{name}: {explorer.summary.value!r}"
    if name == "BlockExplorer":
        assert HANGUL.search(explorer.table.value)
    if name == "PageDrawer":  # its control is a canvas and a button, not a ValueWidget
        button = explorer.clear_button
        assert HANGUL.search(button.description) and HANGUL.search(button.tooltip), (button.description, button.tooltip)
        assert HANGUL.search(explorer.hint.value), explorer.hint.value


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_widget_reads_in_english_by_default(name):
    explorer = EXPLORERS[name]()
    texts = [explorer.summary.value] + [f"{c.description} {c.tooltip}" for c in explorer.controls]
    texts += [label for c in explorer.controls for label, _ in menu_labels(c)]
    if name == "PageDrawer":
        texts += [explorer.clear_button.description, explorer.clear_button.tooltip, explorer.hint.value]
    assert not any(HANGUL.search(text) for text in texts), texts
    for control in explorer.controls:
        assert all(label == value for label, value in menu_labels(control))


def test_menus_keep_their_english_values(korean):
    scalar = nb01_skip_connection.ScalarBlockExplorer()
    assert [value for _, value in scalar.function.options] == list(SCALAR_FUNCTIONS)
    assert scalar.function.label == "F(X) = X + 2 (블로그 예제)"
    before = scalar.summary.value
    scalar.function.value = "F(X) = 2X"
    assert scalar.summary.value != before and scalar.function.label == "F(X) = 2X"
    block = nb03_residual_block.BlockExplorer()
    assert [value for _, value in block.variant.options] == list(nb03_residual_block.VARIANTS)
    before = block.summary.value
    block.variant.value = "bottleneck (He et al. 2015)"
    assert block.variant.label == "병목 (He et al. 2015)" and block.summary.value != before


def test_summaries_fill_in_korean(korean):
    assert nb02_building_blocks.conv_shape_summary(7, 3, 2, "same") == (
        '입력 7×7, 커널 3×3, 스트라이드 2, 패딩 "same" → 출력 <b>4×4</b> &nbsp; '
        "(ceil(7 / 2) = 4, 앞에 0을 1개, 뒤에 1개 덧붙인 뒤)"
    )
    assert "<b>출력 없음</b>" in nb02_building_blocks.conv_shape_summary(3, 5, 1, "valid")
    lesion = nb06_why_it_works.LesionExplorer(STUDIES)
    assert "블록 하나를 지우면" in lesion.summary.value
    lesion.network.value = "plain"
    assert "레이어 하나를 지우면" in lesion.summary.value
    network = nb04_full_network.NetworkExplorer(depth=8)
    assert "(스테이지마다 블록 1개)" in network.summary.value and "이미지 전체" in network.summary.value


def test_page_drawer_scores_in_korean(korean):
    stand_in = keras.Sequential([keras.Input((128, 128, 1)), keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(1)])
    drawer = nb05_training.PageDrawer(stand_in)
    assert drawer.message.startswith("먼저 숫자를 1개에서 4개까지"), drawer.message
    drawer.add_stroke([(20, 20), (20, 40)])
    assert (
        drawer.message == f"네트워크가 읽은 이 페이지의 값은 <b>{drawer.score():.1f}</b>입니다. 네트워크가 본 숫자들의 합입니다."
    )
