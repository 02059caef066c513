"""Speed levers and notebook 07's plots: tiny models, a few steps. Timings are only checked to be positive."""

from helpers.lessons import nb07_speed_and_scale

from measurements import BASE, FAST, NOISY, SLOW


def test_lever_figures_draw():
    fig = nb07_speed_and_scale.draw_levers([BASE, FAST, SLOW, NOISY], "baseline")
    assert len(fig.axes[0].patches) == 4
    assert nb07_speed_and_scale.draw_step_times(SLOW, BASE).axes
    ceiling = nb07_speed_and_scale.draw_ceiling({"float32": 5e10, "mixed bfloat16": 9e10}, {"float32 matmul": 8e10})
    assert len(ceiling.axes[0].patches) == 2


def test_lever_explorer_redraws_when_the_setting_changes():
    explorer = nb07_speed_and_scale.LeverExplorer([BASE, FAST, SLOW], "baseline")
    assert explorer.setting.value == "fast"
    assert "<b>fast</b>" in explorer.summary.value and "<b>2.00x</b>" in explorer.summary.value
    before = (explorer.summary.value, explorer.image.value)
    explorer.setting.value = "slow"
    assert "<b>slow</b>" in explorer.summary.value and "<b>0.50x</b>" in explorer.summary.value
    assert explorer.image.value != before[1] and explorer.summary.value != before[0]
    explorer.setting.value = "baseline"
    assert "<b>1.00x</b>" in explorer.summary.value
