"""Speed levers and notebook 07's plots: tiny models, a few steps. Timings are only checked to be positive."""

from helpers.experiments import speed_levers
from helpers.experiments.speed_levers import Setting
from helpers.lessons import nb07_speed_and_scale

import math

import keras
import numpy as np
import pytest
import tensorflow as tf
from measurements import BASE, FAST, NOISY, SLOW


def positive(value) -> bool:
    return isinstance(value, float) and math.isfinite(value) and value > 0


def tiny_model(image_size: int = 16) -> keras.Model:
    inputs = keras.Input((image_size, image_size, 1))
    x = keras.layers.Conv2D(4, 3, strides=2, padding="same", activation="relu")(inputs)
    x = keras.layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, keras.layers.Dense(1, dtype="float32")(x))


@pytest.mark.parametrize("pipeline", sorted(speed_levers.PIPELINES))
def test_bar_pipeline_gives_endless_batches_of_the_same_bars(pipeline):
    dataset = speed_levers.bar_pipeline(4, pipeline, batches=2, image_size=16, seed=3)
    batches = list(dataset.take(5).as_numpy_iterator())
    assert [b[0].shape for b in batches] == [(4, 16, 16, 1)] * 5
    assert [b[1].shape for b in batches] == [(4, 1)] * 5
    assert all(0 <= b[0].min() and b[0].max() <= 1 for b in batches)
    np.testing.assert_array_equal(batches[0][0], batches[2][0])  # two batches, then they repeat
    assert not np.array_equal(batches[0][0], batches[1][0])


def test_pipelines_draw_the_same_images():
    first = [next(iter(speed_levers.bar_pipeline(4, p, batches=1, image_size=16)))[0].numpy() for p in speed_levers.PIPELINES]
    for images in first[1:]:
        np.testing.assert_allclose(images, first[0], atol=1e-6)


def test_plain_pipeline_turns_off_automatic_prefetching():
    options = speed_levers.bar_pipeline(4, "plain", image_size=16).options()
    assert options.experimental_optimization.inject_prefetch is False
    assert options.experimental_optimization.map_parallelization is False


def test_pipeline_throughput_is_positive():
    assert positive(speed_levers.pipeline_throughput(4, "plain", batches=2, image_size=16))


def test_step_times_times_every_step():
    model = tiny_model()
    model.compile(optimizer="adam", loss="mse")
    seconds = speed_levers.step_times(model, speed_levers.bar_pipeline(4, "cache", batches=1, image_size=16), 3)
    assert len(seconds) == 3 and all(s > 0 for s in seconds)


def test_measure_runs_every_setting_and_restores_the_policy():
    settings = [
        Setting("base", batch_size=4),
        Setting("batch 2", batch_size=2),
        Setting("prefetch", batch_size=4, pipeline="prefetch"),
        Setting("bf16", batch_size=4, precision="mixed_bfloat16"),
    ]
    built = []

    def build():
        built.append(keras.mixed_precision.global_policy().name)
        return tiny_model()

    keras.mixed_precision.set_global_policy("float32")
    results = speed_levers.measure(settings, build, steps=2, rounds=2, warmup=1, image_size=16)
    assert [m.setting.label for m in results] == ["base", "batch 2", "prefetch", "bf16"]
    assert built == ["float32", "mixed_bfloat16"]  # one model for each precision, shared across rounds
    assert keras.mixed_precision.global_policy().name == "float32"
    for m in results:
        assert len(m.step_seconds) == 6 and m.counted == (False, True, True, False, True, True)
        assert len(m.timed_seconds) == 4 and positive(m.images_per_second) and positive(m.first_step_seconds)
        low, high = m.images_per_second_range
        assert low <= m.images_per_second <= high
        assert not m.jit_compiled
    table = speed_levers.format_table(results, "base")
    assert table.splitlines()[1].startswith("base") and "bf16" in table


def test_measure_can_compile_with_xla():
    [m] = speed_levers.measure([Setting("xla", batch_size=2, jit_compile=True)], tiny_model, steps=1, rounds=1, image_size=16)
    assert m.jit_compiled and positive(m.images_per_second)


def test_measure_restores_the_policy_when_building_fails():
    keras.mixed_precision.set_global_policy("float32")

    def broken():
        raise RuntimeError("no model")

    with pytest.raises(RuntimeError, match="no model"):
        speed_levers.measure([Setting("bf16", precision="mixed_bfloat16")], broken)
    assert keras.mixed_precision.global_policy().name == "float32"


def test_training_flops_are_six_times_the_multiply_adds():
    assert speed_levers.training_flops_per_image(432_275_712) == 6 * 432_275_712


def test_measurement_uses_the_median_of_counted_steps():
    assert BASE.seconds_per_step == 1.0 and BASE.images_per_second == 32.0 and BASE.first_step_seconds == 9.0
    assert BASE.images_per_second_range == pytest.approx((32 / 1.1, 32 / 0.9))


def test_verdicts_and_speedups():
    assert speed_levers.verdict(FAST, BASE) == "faster"
    assert speed_levers.verdict(SLOW, BASE) == "slower"
    assert speed_levers.verdict(NOISY, BASE) == "within the spread"
    assert speed_levers.speedups([BASE, FAST], "baseline") == {"baseline": 1.0, "fast": 2.0}


@pytest.mark.parametrize(
    "call, argument, error",
    [
        (lambda: Setting("").validate(), "label", ValueError),
        (lambda: Setting("a", batch_size=0).validate(), "batch_size", ValueError),
        (lambda: Setting("a", pipeline="fast").validate(), "pipeline", ValueError),
        (lambda: Setting("a", precision="float16").validate(), "precision", ValueError),
        (lambda: Setting("a", jit_compile="yes").validate(), "jit_compile", TypeError),
        (lambda: speed_levers.bar_pipeline(0), "batch_size", ValueError),
        (lambda: speed_levers.bar_pipeline(4, "slow"), "pipeline", ValueError),
        (lambda: speed_levers.bar_pipeline(4, batches=0), "batches", ValueError),
        (lambda: speed_levers.bar_pipeline(4, image_size=-1), "image_size", ValueError),
        (lambda: speed_levers.bar_pipeline(4, seed=-1), "seed", ValueError),
        (lambda: speed_levers.pipeline_throughput(4, batches=0), "batches", ValueError),
        (lambda: speed_levers.step_times("model", None, 1), "model", TypeError),
        (lambda: speed_levers.step_times(tiny_model(), None, 1), "model must be compiled", ValueError),
        (lambda: speed_levers.measure([], tiny_model), "settings", ValueError),
        (lambda: speed_levers.measure(Setting("a"), tiny_model), "settings", ValueError),
        (lambda: speed_levers.measure([Setting("a"), Setting("a")], tiny_model), "settings", ValueError),
        (lambda: speed_levers.measure(["a"], tiny_model), "settings", ValueError),
        (lambda: speed_levers.measure([Setting("a", batch_size=-2)], tiny_model), "batch_size", ValueError),
        (lambda: speed_levers.measure([Setting("a")], "model"), "build_model", ValueError),
        (lambda: speed_levers.measure([Setting("a")], tiny_model, steps=0), "steps", ValueError),
        (lambda: speed_levers.measure([Setting("a")], tiny_model, rounds=0), "rounds", ValueError),
        (lambda: speed_levers.measure([Setting("a")], tiny_model, warmup=0), "warmup", ValueError),
        (lambda: speed_levers.measure([Setting("a")], tiny_model, learning_rate=0), "learning_rate", ValueError),
        (
            lambda: speed_levers.measure([Setting("a", batch_size=2)], lambda: "not a model", image_size=16),
            "build_model",
            ValueError,
        ),
        (lambda: speed_levers.training_flops_per_image(0), "macs_per_image", ValueError),
        (lambda: speed_levers.training_flops_per_image(float("inf")), "macs_per_image", ValueError),
        (lambda: speed_levers.speedups([BASE], "other"), "baseline", ValueError),
        (lambda: nb07_speed_and_scale.draw_levers([], "baseline"), "measurements", ValueError),
        (lambda: nb07_speed_and_scale.draw_levers([BASE], "other"), "baseline", ValueError),
        (lambda: nb07_speed_and_scale.draw_step_times("x", BASE), "measurement", ValueError),
        (lambda: nb07_speed_and_scale.draw_ceiling({}, {"m": 1e9}), "achieved", ValueError),
        (lambda: nb07_speed_and_scale.draw_ceiling({"a": 1e9}, {"m": -1.0}), "ceilings", ValueError),
        (lambda: nb07_speed_and_scale.LeverExplorer([BASE], "fast"), "baseline", ValueError),
    ],
)
def test_bad_arguments_name_the_argument(call, argument, error):
    with pytest.raises(error, match=rf"^{argument}"):
        call()


def test_step_times_rejects_a_dataset_that_is_not_tf_data():
    model = tiny_model()
    model.compile(optimizer="adam", loss="mse")
    with pytest.raises(ValueError, match="^dataset"):
        speed_levers.step_times(model, [1, 2], 1)
    with pytest.raises(ValueError, match="^steps"):
        speed_levers.step_times(model, tf.data.Dataset.range(3), 0)
