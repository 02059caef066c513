"""Notebook 05's training helpers, plots and widget, on tiny runs."""

import helpers
from helpers.data import digit_pages
from helpers.experiments import score_training
from helpers.models.compare import architecture_differences

from dataclasses import replace

import keras
import numpy as np
import pytest

TINY = replace(score_training.DEFAULT_PLAN, epochs=2, steps_per_epoch=2, batch_size=4, validation_images=8)


def test_score_model_is_the_blog_network_plus_a_scale():
    model = score_training.score_model()
    inner = keras.Model(model.input, model.layers[-2].output)
    assert architecture_differences(inner, helpers.build_resnet(bn_momentum=0.9)) == []
    assert model.count_params() == 2_781_953 and model.layers[-1].name == "score"
    assert model.get_layer("stage1_block1_bn1").momentum == 0.9


def test_paper_block_variant_changes_only_the_blocks():
    blog, paper = score_training.score_model("blog"), score_training.score_model("basic")
    assert [l.name for l in blog.layers if l.name.startswith(("stem", "head"))] == [
        l.name for l in paper.layers if l.name.startswith(("stem", "head"))
    ]
    assert "stage2_block1_projection_bn" in [l.name for l in paper.layers]
    assert not paper.get_layer("stage1_block1_conv1").use_bias


def test_plain_twin_is_the_blog_network_without_shortcuts():
    blog, plain = score_training.score_model("blog"), score_training.score_model("plain")
    blog_layers = {l.name for l in blog.layers}
    plain_layers = {l.name for l in plain.layers}
    assert not any(name.endswith(("_add", "_projection")) for name in plain_layers)
    assert {n for n in blog_layers if not n.endswith(("_add", "_projection"))} == plain_layers
    projections = sum(blog.get_layer(n).count_params() for n in blog_layers if n.endswith("_projection"))
    assert plain.count_params() == blog.count_params() - projections


def test_small_cnn_is_small():
    assert score_training.score_model("small_cnn").count_params() < 0.1 * score_training.score_model("blog").count_params()


@pytest.mark.parametrize("task, zero_output", [("bars", 0.0), ("digits", 18.0)])
def test_the_scale_maps_the_network_output_to_the_task_score(task, zero_output):
    model = score_training.score_model(task=task)
    scale = model.get_layer("score")
    task_spec = score_training.TASKS[task]
    assert scale.count_params() == 0
    assert float(scale(np.zeros((1, 1), "float32"))[0, 0]) == zero_output == task_spec.offset
    assert float(scale(np.ones((1, 1), "float32"))[0, 0]) == task_spec.offset + task_spec.scale


def test_schedule_warms_up_then_decays_to_zero():
    schedule = score_training.learning_rate_schedule(score_training.DEFAULT_PLAN)
    steps = score_training.DEFAULT_PLAN.total_steps
    values = [float(schedule(s)) for s in range(steps + 1)]
    peak = int(np.argmax(values))
    assert values[0] < values[peak] == pytest.approx(score_training.DEFAULT_PLAN.peak_learning_rate)
    assert 0 < peak <= 0.1 * steps + 1 and values[-1] == pytest.approx(0, abs=1e-9)


def test_default_plan_sizes():
    plan = score_training.DEFAULT_PLAN
    assert plan.train_images == 4 * 25 * 32 and plan.bn_momentum == 0.9
    assert score_training.FULL_PLAN.train_images > plan.train_images
    assert score_training.DIGITS_FULL_PLAN.train_images > score_training.DIGITS_PLAN.train_images


@pytest.mark.parametrize("task", ["bars", "digits"])
def test_training_runs_and_reports(task):
    result = score_training.train_score_model(TINY, verbose=0, task=task)
    assert set(result.history) >= {"loss", "mae", "val_loss", "val_mae"} and len(result.history["loss"]) == 2
    assert result.images_seen == 2 * 2 * 4 and result.seconds > 0 and result.images_per_second > 0
    images, scores = score_training.test_set(6) if task == "bars" else score_training.digits_test_set(6)[:2]
    metrics = score_training.score_metrics(result.model, images, scores)
    assert np.isfinite(metrics["r2"]) and metrics["mae"] >= 0 and metrics["predictions"].shape == (6,)


def test_digits_test_set_comes_from_the_test_pool_only():
    pages, sums, digits = score_training.digits_test_set(5)
    expected = digit_pages.digit_pages(5, digit_pages.SEEDS["test"], pool="test")
    np.testing.assert_array_equal(pages, expected[0])
    np.testing.assert_array_equal(sums, digits.sum(axis=1))


def test_metrics_follow_their_definitions():
    images, _ = score_training.test_set(5)
    angles = np.array([-40.0, -10.0, 0.0, 20.0, 50.0])
    inputs = keras.Input((128, 128, 1))
    zeros = keras.Model(inputs, keras.layers.Dense(1, kernel_initializer="zeros")(keras.layers.GlobalAveragePooling2D()(inputs)))
    metrics = score_training.score_metrics(zeros, images, angles)
    assert metrics["mae"] == pytest.approx(np.abs(angles).mean())
    assert metrics["r2"] == pytest.approx(1 - np.mean(angles**2) / np.var(angles))
    np.testing.assert_array_equal(metrics["predictions"], np.zeros(5))


def test_metrics_reject_wrong_image_size_and_count():
    model = score_training.score_model()
    with pytest.raises(ValueError, match=r"^images must have shape \(batch, 128, 128, 1\)"):
        score_training.score_metrics(model, np.zeros((2, 64, 64, 1)), np.zeros(2))
    with pytest.raises(ValueError, match=r"^angles must have one score per image"):
        score_training.score_metrics(model, np.zeros((2, 128, 128, 1)), np.zeros(3))


@pytest.mark.parametrize(
    "changes, argument",
    [
        ({"epochs": 0}, "epochs"),
        ({"batch_size": -1}, "batch_size"),
        ({"peak_learning_rate": 0.0}, "peak_learning_rate"),
        ({"warmup_fraction": 1.0}, "warmup_fraction"),
        ({"bn_momentum": 1.0}, "bn_momentum"),
    ],
)
def test_bad_plan_names_the_argument(changes, argument):
    with pytest.raises(ValueError, match=rf"^{argument} must"):
        score_training.train_score_model(replace(TINY, **changes), verbose=0)


def test_bad_network_or_task_names_the_argument():
    with pytest.raises(ValueError, match=r"^network must be one of"):
        score_training.score_model("dense")
    with pytest.raises(ValueError, match=r"^task must be one of"):
        score_training.score_model(task="letters")
