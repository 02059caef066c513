"""Notebook 01's helpers: scalar blocks, gradients through stacks, and the widgets' callbacks."""

from helpers.lessons.nb00_start_here import PathCountExplorer


def test_path_explorer_redraws_when_slider_moves():
    explorer = PathCountExplorer()
    before = explorer.image.value
    explorer.blocks.value = 10
    assert "<b>1,024</b>" in explorer.summary.value and explorer.image.value != before
