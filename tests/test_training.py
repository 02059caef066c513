"""Notebook 05's training helpers, plots and widget, on tiny runs."""

from dataclasses import replace

import keras
import numpy as np
import pytest

from helpers import score_plots, training
from helpers.inspection import architecture_differences
from helpers.score_explorer import ScoreExplorer, draw_bar

import helpers

TINY = replace(training.DEFAULT_PLAN, epochs=2, steps_per_epoch=2, batch_size=4, validation_images=8, patience=1)


def test_score_model_is_the_blog_network_plus_a_scale():
    model = training.score_model()
    inner = keras.Model(model.input, model.layers[-2].output)
    assert architecture_differences(inner, helpers.build_resnet(bn_momentum=0.9)) == []
    assert model.count_params() == 2_781_953 and model.layers[-1].name == "degrees"
    assert model.get_layer("stage1_block1_bn1").momentum == 0.9


def test_paper_block_variant_changes_only_the_blocks():
    blog, paper = training.score_model("blog"), training.score_model("basic")
    assert [l.name for l in blog.layers if l.name.startswith(("stem", "head"))] == [l.name for l in paper.layers if l.name.startswith(("stem", "head"))]
    assert "stage2_block1_projection_bn" in [l.name for l in paper.layers]
    assert not paper.get_layer("stage1_block1_conv1").use_bias


def test_schedule_warms_up_then_decays_to_zero():
    schedule = training.learning_rate_schedule(training.DEFAULT_PLAN)
    steps = training.DEFAULT_PLAN.total_steps
    values = [float(schedule(s)) for s in range(steps + 1)]
    peak = int(np.argmax(values))
    assert values[0] < values[peak] == pytest.approx(training.DEFAULT_PLAN.peak_learning_rate)
    assert 0 < peak <= 0.1 * steps + 1 and values[-1] == pytest.approx(0, abs=1e-9)


def test_default_plan_sizes():
    plan = training.DEFAULT_PLAN
    assert plan.train_images == 6 * 25 * 32 and plan.bn_momentum == 0.9
    assert training.FULL_PLAN.train_images > plan.train_images


def test_training_runs_and_reports():
    result = training.train_score_model(TINY, verbose=0)
    assert set(result.history) >= {"loss", "mae", "val_loss", "val_mae"}
    assert result.images_seen == 2 * 2 * 4 and result.seconds > 0 and result.images_per_second > 0
    images, angles = training.test_set(6)
    metrics = training.score_metrics(result.model, images, angles)
    assert np.isfinite(metrics["r2"]) and metrics["mae"] >= 0 and metrics["predictions"].shape == (6,)


def test_metrics_follow_their_definitions():
    images, _ = training.test_set(5)
    angles = np.array([-40.0, -10.0, 0.0, 20.0, 50.0])
    inputs = keras.Input((128, 128, 1))
    zeros = keras.Model(inputs, keras.layers.Dense(1, kernel_initializer="zeros")(keras.layers.GlobalAveragePooling2D()(inputs)))
    metrics = training.score_metrics(zeros, images, angles)
    assert metrics["mae"] == pytest.approx(np.abs(angles).mean())
    assert metrics["r2"] == pytest.approx(1 - np.mean(angles**2) / np.var(angles))
    np.testing.assert_array_equal(metrics["predictions"], np.zeros(5))


def test_metrics_reject_wrong_image_size_and_count():
    model = training.score_model()
    with pytest.raises(ValueError, match=r"^images must have shape \(batch, 128, 128, 1\)"):
        training.score_metrics(model, np.zeros((2, 64, 64, 1)), np.zeros(2))
    with pytest.raises(ValueError, match=r"^angles must have one score per image"):
        training.score_metrics(model, np.zeros((2, 128, 128, 1)), np.zeros(3))


@pytest.mark.parametrize("changes, argument", [({"epochs": 0}, "epochs"), ({"batch_size": -1}, "batch_size"), ({"peak_learning_rate": 0.0}, "peak_learning_rate"),
                                               ({"warmup_fraction": 1.0}, "warmup_fraction"), ({"bn_momentum": 1.0}, "bn_momentum")])
def test_bad_plan_names_the_argument(changes, argument):
    with pytest.raises(ValueError, match=rf"^{argument} must"):
        training.train_score_model(replace(TINY, **changes), verbose=0)


def test_bad_block_names_the_argument():
    with pytest.raises(ValueError, match=r"^block must be one of"):
        training.score_model("dense")


def test_plots_draw():
    images, angles = training.test_set(12)
    predictions = angles + np.linspace(-5, 5, 12)
    assert len(score_plots.gallery(images, angles).axes) == 10
    history = {"loss": [3.0, 2.0], "mae": [2.0, 1.0], "val_loss": [2.5, 1.5], "val_mae": [1.5, 1.2]}
    assert len(score_plots.learning_curves(history).axes) == 2
    assert score_plots.predicted_vs_true(angles, predictions).axes[0].collections
    worst = score_plots.worst_predictions(images, angles, predictions, count=3)
    assert [ax.get_title().startswith("true") for ax in worst.axes] == [True] * 3
    assert worst.axes[0].get_title().endswith(f"said {predictions[0]:+.0f}°")  # largest error first (tie: the first)


def test_explorer_redraws_and_predicts():
    explorer = ScoreExplorer(training.score_model())
    before = (explorer.summary.value, explorer.image.value)
    explorer.angle.value = -45.0
    assert "-45.0°" in explorer.summary.value
    assert explorer.image.value != before[1] and explorer.summary.value != before[0]


def test_explorer_rejects_non_models_and_bad_bars():
    with pytest.raises(ValueError, match=r"^model must be a keras.Model"):
        ScoreExplorer("model")
    with pytest.raises(ValueError, match=r"^length must be"):
        draw_bar(10.0, 1.5, 0.5, 0.5)
    with pytest.raises(ValueError, match=r"^angle must be"):
        draw_bar(120.0, 0.5, 0.5, 0.5)
