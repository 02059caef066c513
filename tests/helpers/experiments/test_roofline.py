"""The roofline's counts, checked by hand on tiny models; its formulas; its argument checks.
Timings are only checked to be positive and finite: tests never time things."""

from helpers.experiments import roofline

import math

import keras
import numpy as np
import pytest


@pytest.fixture(scope="module")
def conv():
    """4x4x1 -> Conv2D(2, 3x3, same, bias, no activation): 4*4*2*3*3*1 = 288 multiply-adds."""
    inputs = keras.Input((4, 4, 1))
    return keras.Model(inputs, keras.layers.Conv2D(2, 3, padding="same", name="conv")(inputs))


@pytest.fixture(scope="module")
def elementwise():
    """4x4x2 -> BN -> ReLU -> Add(with the input) -> 2x2 max pool -> global average -> Dense(1)."""
    inputs = keras.Input((4, 4, 2))
    x = keras.layers.BatchNormalization(name="bn")(inputs)
    x = keras.layers.ReLU(name="relu")(x)
    x = keras.layers.Add(name="add")([x, inputs])
    x = keras.layers.MaxPooling2D(2, name="pool")(x)
    x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
    return keras.Model(inputs, keras.layers.Dense(1, name="dense")(x))


def positive(value):
    return isinstance(value, float) and math.isfinite(value) and value > 0


def test_a_convolution_counted_by_hand(conv):
    (row,) = roofline.layer_intensities(conv)
    # 2 x 288 multiply-adds + 32 bias additions; (16 input + 32 output numbers) x 4 bytes + 20 weights x 4 bytes
    assert (row.name, row.kind, row.group) == ("conv", "Conv2D", roofline.CONVOLUTION)
    assert row.flops == 2 * 288 + 32
    assert row.bytes == (16 + 32) * 4 + 20 * 4
    assert row.intensity == pytest.approx(608 / 272)


def test_weights_are_read_once_a_batch(conv):
    (row,) = roofline.layer_intensities(conv, batch_size=4)
    assert row.bytes == (16 + 32) * 4 + 20 * 4 / 4
    assert row.intensity == pytest.approx(608 / 212)


def test_a_fused_activation_counts_one_flop_an_output():
    inputs = keras.Input((4, 4, 1))
    model = keras.Model(inputs, keras.layers.Conv2D(2, 3, padding="same", activation="relu")(inputs))
    assert roofline.layer_intensities(model)[0].flops == 2 * 288 + 32 + 32


def test_elementwise_layers_counted_by_hand(elementwise):
    rows = {r.name: r for r in roofline.layer_intensities(elementwise)}
    assert list(rows) == ["bn", "relu", "add", "pool", "gap", "dense"]
    expected = {  # (flops, bytes) for one image: 32 numbers a 4x4x2 map
        "bn": (roofline.BATCHNORM_FLOPS * 32, (32 + 32) * 4 + 4 * 2 * 4),  # gamma, beta, moving mean and variance
        "relu": (32, (32 + 32) * 4),
        "add": (32, (32 + 32 + 32) * 4),
        "pool": (3 * 8, (32 + 8) * 4),  # 3 comparisons for each of 2x2x2 outputs
        "gap": (8, (8 + 2) * 4),
        "dense": (2 * 2 + 1, (2 + 1) * 4 + 3 * 4),
    }
    assert {name: (r.flops, r.bytes) for name, r in rows.items()} == expected
    assert {r.group for r in rows.values() if r.name != "dense"} == {roofline.ELEMENTWISE}


def test_an_unknown_layer_is_refused():
    inputs = keras.Input((4, 4, 1))
    model = keras.Model(inputs, keras.layers.Flatten(name="flat")(inputs))
    with pytest.raises(ValueError, match=r"^model has a layer 'flat' of kind Flatten"):
        roofline.layer_intensities(model)


def test_roofline_bound_is_the_lower_roof():
    assert roofline.roofline_bound(2, 100, 10) == 20  # memory-bound: 2 FLOPs a byte x 10 bytes/s
    assert roofline.roofline_bound(50, 100, 10) == 100  # compute-bound: the peak
    assert roofline.roofline_bound(0, 100, 10) == 0


def test_ring_allreduce_moves_twice_the_bytes_times_p_minus_one_over_p():
    assert roofline.allreduce_seconds(1e6, 1e9, 2) == pytest.approx(1e-3)
    assert roofline.allreduce_seconds(1e6, 1e9, 4) == pytest.approx(1.5e-3)
    assert roofline.allreduce_seconds(1e6, 1e9, 1) == 0


def test_data_parallel_step_splits_compute_and_adds_the_allreduce():
    assert roofline.data_parallel_step(1.0, 2, 1e6, 1e9) == pytest.approx(0.5 + 1e-3)
    assert roofline.data_parallel_step(1.0, 2, 1e6, 1e9, overhead_s=0.1) == pytest.approx(0.6 + 1e-3)
    assert roofline.data_parallel_step(1.0, 1, 1e6, 1e9, overhead_s=0.1) == 1.0  # one worker: no all-reduce, no overhead


def test_workers_pay_when_the_allreduce_is_shorter_than_the_compute_saved():
    assert roofline.workers_pay(1.0, 1e6, 1e9)
    assert not roofline.workers_pay(1.0, 1e9, 1e9)  # 0.5 s of compute + 1 s of all-reduce
    assert not roofline.workers_pay(1.0, 1e6, 1e9, overhead_s=0.6)


def test_memory_bandwidth_is_a_positive_number():
    assert positive(roofline.memory_bandwidth(1, repeats=2))


def test_layer_times_time_every_counted_layer_and_leave_the_model_alone(elementwise):
    before = [w.numpy().copy() for w in elementwise.weights]
    times = roofline.layer_times(elementwise, batch_size=2, repeats=1)
    assert times.batch_size == 2
    assert [t.name for t in times.layers] == [r.name for r in roofline.layer_intensities(elementwise)]
    assert all(positive(t.seconds) for t in times.layers)
    assert times.total_seconds == pytest.approx(sum(t.seconds for t in times.layers))
    assert all(np.array_equal(a, w.numpy()) for a, w in zip(before, elementwise.weights))
    shares = roofline.time_shares(times)
    assert set(shares) == {roofline.CONVOLUTION, roofline.ELEMENTWISE} and sum(shares.values()) == pytest.approx(1)
    by_kind = roofline.grouped_times(times, "kind")
    assert list(by_kind) == ["BatchNormalization", "ReLU", "Add", "MaxPooling2D", "GlobalAveragePooling2D", "Dense"]
    assert sum(by_kind.values()) == pytest.approx(times.total_seconds)


def test_step_seconds_is_a_positive_number(conv):
    assert positive(roofline.step_seconds(conv, batch_size=2, repeats=1))


def test_a_first_layer_without_weights_is_timed_forward_only():
    inputs = keras.Input((4, 4, 1))
    model = keras.Model(inputs, keras.layers.ReLU()(inputs))
    assert positive(roofline.layer_times(model, batch_size=2, repeats=1).layers[0].seconds)


@pytest.mark.parametrize(
    "call, argument, error",
    [
        (lambda m: roofline.memory_bandwidth(0), "megabytes", ValueError),
        (lambda m: roofline.memory_bandwidth(10**6), "megabytes", ValueError),
        (lambda m: roofline.memory_bandwidth("256"), "megabytes", TypeError),
        (lambda m: roofline.memory_bandwidth(1, repeats=0), "repeats", ValueError),
        (lambda m: roofline.memory_bandwidth(1, warmup=-1), "warmup", ValueError),
        (lambda m: roofline.layer_intensities("model"), "model", TypeError),
        (lambda m: roofline.layer_intensities(m, 0), "batch_size", ValueError),
        (lambda m: roofline.layer_intensities(m, 2.0), "batch_size", TypeError),
        (lambda m: roofline.roofline_bound(-1, 1e9, 1e9), "intensity", ValueError),
        (lambda m: roofline.roofline_bound(1, float("inf"), 1e9), "peak_flops", ValueError),
        (lambda m: roofline.roofline_bound(1, 1e9, "fast"), "bandwidth", TypeError),
        (lambda m: roofline.layer_times(None), "model", TypeError),
        (lambda m: roofline.layer_times(m, 10**6), "batch_size", ValueError),
        (lambda m: roofline.layer_times(m, 2, 0), "repeats", ValueError),
        (lambda m: roofline.step_seconds(m, True), "batch_size", TypeError),
        (lambda m: roofline.grouped_times([1.0]), "times", TypeError),
        (lambda m: roofline.grouped_times(roofline.LayerTimes(1, ())), "times", ValueError),
        (
            lambda m: roofline.time_shares(roofline.LayerTimes(1, (roofline.LayerTime("a", "ReLU", "e", 1.0),)), "name"),
            "by",
            ValueError,
        ),
        (lambda m: roofline.allreduce_seconds(0, 1e9), "gradient_bytes", ValueError),
        (lambda m: roofline.allreduce_seconds(1e6, 1e9, workers=0), "workers", ValueError),
        (lambda m: roofline.data_parallel_step(-1.0, 2, 1e6, 1e9), "compute_seconds", ValueError),
        (lambda m: roofline.data_parallel_step(1.0, 2.0, 1e6, 1e9), "workers", TypeError),
        (lambda m: roofline.data_parallel_step(1.0, 2, 1e6, 1e9, overhead_s=-1), "overhead_s", ValueError),
        (lambda m: roofline.workers_pay(1.0, 1e6, 1e9, workers=1), "workers", ValueError),
        (lambda m: roofline.workers_pay("1", 1e6, 1e9), "compute_seconds", TypeError),
    ],
)
def test_bad_arguments_name_the_argument(conv, call, argument, error):
    with pytest.raises(error, match=rf"^{argument}"):
        call(conv)


def test_a_huge_batch_is_refused_before_anything_is_allocated():
    inputs = keras.Input((1024, 1024, 1))
    model = keras.Model(inputs, keras.layers.ReLU()(inputs))
    with pytest.raises(ValueError, match=r"^batch_size \* feature map size"):
        roofline.layer_times(model, 4096)
    with pytest.raises(ValueError, match=r"^batch_size \* feature map size"):
        roofline.step_seconds(model, 4096)


def test_flop_shares_split_the_forward_flops_by_group_and_kind():
    rows = [
        roofline.LayerIntensity("conv", "Conv2D", roofline.CONVOLUTION, 900, 10.0, 90.0),
        roofline.LayerIntensity("bn", "BatchNormalization", roofline.ELEMENTWISE, 60, 10.0, 6.0),
        roofline.LayerIntensity("relu", "ReLU", roofline.ELEMENTWISE, 40, 10.0, 4.0),
    ]
    assert roofline.flop_shares(rows) == {roofline.CONVOLUTION: 0.9, roofline.ELEMENTWISE: 0.1}
    assert roofline.flop_shares(rows, by="kind") == {"Conv2D": 0.9, "BatchNormalization": 0.06, "ReLU": 0.04}
