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


def test_roofline_figure_puts_every_timed_layer_under_its_group():
    from helpers.experiments import roofline

    layers = [
        roofline.LayerIntensity("conv", "Conv2D", roofline.CONVOLUTION, 2_000_000, 20_000.0, 100.0),
        roofline.LayerIntensity("bn", "BatchNormalization", roofline.ELEMENTWISE, 5_000, 8_000.0, 0.625),
        roofline.LayerIntensity("relu", "ReLU", roofline.ELEMENTWISE, 1_000, 8_000.0, 0.125),
    ]
    times = roofline.LayerTimes(4, tuple(roofline.LayerTime(i.name, i.kind, i.group, 1e-3) for i in layers))
    fig = nb07_speed_and_scale.draw_roofline(layers, times, peak=1e11, bandwidth=2e10)
    ax = fig.axes[0]
    assert [len(c.get_offsets()) for c in ax.collections] == [1, 2]  # one convolution, two elementwise layers
    achieved = ax.collections[0].get_offsets()[0]
    assert achieved[0] == 100.0 and achieved[1] == 3 * 2_000_000 * 4 / 1e-3 / 1e9  # GFLOP/s of forward + backward
