"""Notebook 01's helpers: scalar blocks, gradients through stacks, and the widgets' callbacks."""

from helpers.lessons import nb01_skip_connection


def test_scalar_explorer_redraws_when_controls_move():
    explorer = nb01_skip_connection.ScalarBlockExplorer()
    assert "<b>5</b>" in explorer.summary.value and "<b>8</b>" in explorer.summary.value
    before = explorer.image.value
    explorer.x.value = -2.0
    assert "<b>0</b>" in explorer.summary.value and explorer.image.value != before
    explorer.function.value = "F(X) = 0 (does nothing)"
    assert "residual output F(X) + X = <b>-2</b>" in explorer.summary.value
    assert explorer.image.value[:8] == b"\x89PNG\r\n\x1a\n"


def test_gradient_explorer_redraws_when_controls_move():
    explorer = nb01_skip_connection.GradientExplorer()
    before_summary, before_image = explorer.summary.value, explorer.image.value
    explorer.depth.value = 60
    assert "after 60 layers" in explorer.summary.value and explorer.image.value != before_image
    explorer.scale.value = 0.0
    assert "plain |dX/dX_0| = <b>0</b>" in explorer.summary.value
    assert "residual |dX/dX_0| = <b>1</b>" in explorer.summary.value
    assert explorer.summary.value != before_summary
