"""A real roofline: how many FLOPs each layer does for each byte it moves, what this machine's
memory and arithmetic allow, and where a training step's time really goes.

    memory_bandwidth()                       bytes a second of a large copy in memory (read + write)
    layer_intensities(model, batch_size)     FLOPs, bytes moved and FLOPs per byte of every layer
    roofline_bound(intensity, peak, bw)      the FLOP/s a layer of that intensity can reach at most
    layer_times(model, batch_size)           seconds of each layer's forward + backward pass, alone
    step_seconds(model, batch_size)          seconds of the whole model's forward + backward pass
    grouped_times(times) / time_shares(times)  the time of convolutions against elementwise layers
    flop_shares(intensities)                 the same split of the FLOPs
    allreduce_seconds(bytes, bw, workers)    a ring all-reduce of the gradients, modelled
    data_parallel_step(...) / workers_pay(...)  a data-parallel step, modelled, and whether it pays

The roofline model (Williams, Waterman and Patterson 2009, "Roofline: an insightful visual
performance model", Communications of the ACM 52(4)): a computation that does I FLOPs for each
byte it moves between memory and the cores runs at most at min(peak FLOP/s, I x bandwidth). A
layer with a low intensity is *memory-bound*: faster arithmetic would not speed it up. The
intensity where the two limits meet, peak / bandwidth, is the ridge point.

The counts are for one forward pass of one image, in float32 (4 bytes a number) unless the layer
computes in another precision. Every feature map is counted as read or written once, from
memory: caches can only make a layer move fewer bytes, so the intensity is a lower bound and
the roofline bound a conservative one. Timings report the *best* of their repeats, as in
helpers.experiments.timing: they vary from run to run and machine to machine, so print them,
never assert them.
"""

from __future__ import annotations

from helpers import validation
from helpers.experiments import timing
from helpers.models import costs

from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

BYTES_PER_NUMBER = {"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8}

CONVOLUTION, ELEMENTWISE = "convolution", "elementwise"
GROUPS = {
    CONVOLUTION: "convolutions and dense layers: matrix products, many FLOPs for each byte",
    ELEMENTWISE: "BatchNormalization, activations, additions, rescaling, padding and pooling: "
    "a few FLOPs for each number of a feature map they read and write",
}
MATRIX_LAYERS = (keras.layers.Conv2D, keras.layers.Dense)

# FLOPs for each number of the output (Add: for each number of each input after the first; global
# pooling: for each number of the input). Comparisons of max pooling count as FLOPs.
BATCHNORM_FLOPS = 5  # training mode: 1 add for the mean's sum, 2 (square, add) for the variance's, 2 to scale and shift
ELEMENTWISE_FLOPS = {
    "BatchNormalization": BATCHNORM_FLOPS,
    "ReLU": 1,
    "Activation": 1,  # ReLU-like; a softmax or a GELU does more
    "Add": 1,
    "Rescaling": 2,  # multiply, add
    "ZeroPadding2D": 0,
    "ZeroPadShortcut": 0,
    "MaxPooling2D": None,  # k x k - 1 comparisons an output
    "AveragePooling2D": None,  # k x k - 1 adds and 1 division an output
    "GlobalAveragePooling2D": 1,
    "GlobalMaxPooling2D": 1,
}
SKIPPED = ("InputLayer",)  # no arithmetic, no copy
TRAINING_FACTOR = 3  # forward + backward is about 3 x the forward FLOPs (speed_levers.training_flops_per_image)


@dataclass(frozen=True)
class LayerIntensity:
    """One layer's forward pass for one image: FLOPs, bytes moved, and FLOPs per byte."""

    name: str
    kind: str  # the Keras class, e.g. "Conv2D"
    group: str  # CONVOLUTION or ELEMENTWISE
    flops: int
    bytes: float  # feature maps in and out, plus the layer's weights divided by the batch size
    intensity: float  # flops / bytes


@dataclass(frozen=True)
class LayerTime:
    """One layer's forward and backward pass over a whole batch, timed alone."""

    name: str
    kind: str
    group: str
    seconds: float


@dataclass(frozen=True)
class LayerTimes:
    """layer_times's result: every layer's seconds, in the model's order, and their sum."""

    batch_size: int
    layers: tuple[LayerTime, ...]

    @property
    def total_seconds(self) -> float:
        return sum(t.seconds for t in self.layers)


def memory_bandwidth(megabytes: float = 256, repeats: int = 5, warmup: int = 1) -> float:
    """Bytes a second that one large copy moves: np.copyto between two float32 arrays of
    `megabytes` MB each, the *best* of `repeats` (after `warmup` untimed copies, which also make
    the system hand over the destination's pages). A copy reads every byte once and writes it
    once, so it moves 2 x the array's size.

    Arrays far larger than the caches (the default, 256 MB) measure the main memory. NumPy copies
    on one thread: on machines where one core cannot keep the memory busy, TensorFlow's
    elementwise kernels, which use several threads, may get somewhat more.
    """
    megabytes = validation.positive_number("megabytes", megabytes, maximum=2048)
    repeats = validation.positive_int("repeats", repeats)
    warmup = validation.non_negative_int("warmup", warmup)
    count = max(1, int(megabytes * 1e6) // 4)
    source = np.ones(count, dtype=np.float32)
    target = np.empty_like(source)
    best = min(timing.time_calls(lambda: np.copyto(target, source), repeats=repeats, warmup=warmup))
    return 2.0 * source.nbytes / max(best, 1e-9)


def _numbers(shape) -> int:
    return int(np.prod([int(d) for d in shape[1:]]))


def _tensors(value) -> list:
    return list(keras.tree.flatten(value))


def _group(layer) -> str:
    return CONVOLUTION if isinstance(layer, MATRIX_LAYERS) else ELEMENTWISE


def _counted_layers(model: keras.Model) -> list:
    """The layers that compute or copy, in order; a layer of an unknown kind is refused."""
    layers = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind in SKIPPED:
            continue
        if not isinstance(layer, MATRIX_LAYERS) and kind not in ELEMENTWISE_FLOPS:
            known = ", ".join(["Conv2D", "Dense", *ELEMENTWISE_FLOPS])
            raise ValueError(f"model has a layer {layer.name!r} of kind {kind}, which this account does not know; known: {known}")
        for tensor in _tensors(layer.input) + _tensors(layer.output):
            if any(d is None for d in tensor.shape[1:]):
                raise ValueError(f"model must have fully known shapes; layer {layer.name!r} has {tuple(tensor.shape)}")
        layers.append(layer)
    return layers


def _itemsize(dtype) -> int:
    name = getattr(dtype, "name", dtype)
    return BYTES_PER_NUMBER.get(str(name), 4)


def _flops(layer, macs: int, inputs: list[int], output: int) -> int:
    if isinstance(layer, MATRIX_LAYERS):
        bias = output if layer.use_bias else 0
        activation = 0 if layer.activation in (None, keras.activations.linear) else output
        return 2 * macs + bias + activation
    kind = type(layer).__name__
    if kind in ("MaxPooling2D", "AveragePooling2D"):
        size = layer.pool_size
        kh, kw = tuple(size) if isinstance(size, (tuple, list)) else (size, size)
        return (kh * kw - 1 + (kind == "AveragePooling2D")) * output
    if kind in ("GlobalAveragePooling2D", "GlobalMaxPooling2D"):
        return sum(inputs)
    if kind == "Add":
        return (len(inputs) - 1) * output
    return ELEMENTWISE_FLOPS[kind] * output


def layer_intensities(model: keras.Model, batch_size: int = 1) -> list[LayerIntensity]:
    """FLOPs, bytes moved and arithmetic intensity of one forward pass of one image through each
    layer that computes or copies, in the model's order (the input layer left out).

    FLOPs: convolutions and dense layers 2 x their multiply-adds (costs.layer_costs), plus 1 an
    output number for the bias and 1 for a fused activation (the blog's conv1 has ReLU inside);
    BatchNormalization 5 an output number (BATCHNORM_FLOPS, training mode: the batch's mean and
    variance, then scale and shift); ReLU 1; an addition of n maps n - 1; rescaling 2; padding 0;
    k x k max pooling k x k - 1 comparisons an output number; global pooling 1 an input number.

    Bytes: every input feature map read once and the output written once, at the layer's
    compute precision (4 bytes in float32), plus its weights (all of them: BatchNormalization's
    moving statistics too) read once a *batch*: divided by batch_size, so the intensity of a
    layer with many weights and small feature maps (the dense head, stage 3) rises with the batch.
    intensity = flops / bytes, FLOPs a byte.
    """
    validation.keras_model("model", model)
    batch_size = validation.positive_int("batch_size", batch_size)
    macs = {c.name: c.macs for c in costs.layer_costs(model)}
    rows = []
    for layer in _counted_layers(model):
        inputs = [_numbers(t.shape) for t in _tensors(layer.input)]
        output = _numbers(layer.output.shape)
        itemsize = _itemsize(layer.compute_dtype)
        weights = sum(int(np.prod(w.shape)) * _itemsize(w.dtype) for w in layer.weights)
        moved = (sum(inputs) + output) * itemsize + weights / batch_size
        flops = _flops(layer, macs[layer.name], inputs, output)
        rows.append(LayerIntensity(layer.name, type(layer).__name__, _group(layer), flops, moved, flops / moved))
    return rows


def roofline_bound(intensity: float, peak_flops: float, bandwidth: float) -> float:
    """The most FLOP/s a computation of `intensity` FLOPs a byte can reach: min(peak_flops,
    intensity x bandwidth). Below the ridge point (peak_flops / bandwidth) memory limits it."""
    intensity = validation.number("intensity", intensity, minimum=0)
    peak_flops = validation.positive_number("peak_flops", peak_flops)
    bandwidth = validation.positive_number("bandwidth", bandwidth)
    return min(peak_flops, intensity * bandwidth)


def _check_batch(layers: list, batch_size: int) -> None:
    largest = max((_numbers(t.shape) for layer in layers for t in _tensors(layer.input) + _tensors(layer.output)), default=1)
    validation.positive_int("batch_size * feature map size", batch_size * largest, maximum=2**26, why="256 MB of float32 a map")


def _random(shape, dtype, rng) -> tf.Tensor:
    return tf.constant(rng.standard_normal(shape).astype("float32"), dtype=dtype)


def _wait(values) -> None:
    for value in tf.nest.flatten(values):
        value.numpy()  # waits for the result (on a CPU the array is shared, not copied)


def _time_layer(layer, needs_input_gradient: bool, batch_size: int, repeats: int, rng) -> float:
    """Best seconds of forward + backward through a fresh copy of `layer` alone."""
    copy = type(layer).from_config(layer.get_config())
    several = isinstance(layer.input, (list, tuple))
    inputs = [_random((batch_size, *t.shape[1:]), layer.compute_dtype, rng) for t in _tensors(layer.input)]
    copy(inputs if several else inputs[0])  # builds the weights
    upstream = _random((batch_size, *layer.output.shape[1:]), layer.compute_dtype, rng)
    variables = copy.trainable_variables

    @tf.function
    def forward_backward(xs):
        with tf.GradientTape() as tape:
            if needs_input_gradient:
                tape.watch(xs)
            y = copy(xs if several else xs[0], training=True)
        sources = (list(xs) if needs_input_gradient else []) + list(variables)
        if not sources:
            return y
        return tape.gradient(y, sources, output_gradients=upstream)

    return min(timing.time_calls(lambda: _wait(forward_backward(inputs)), repeats=repeats, warmup=1))


def layer_times(model: keras.Model, batch_size: int = 32, repeats: int = 5, *, seed: int = 0) -> LayerTimes:
    """Seconds of a training step's forward and backward pass through each layer that computes or
    copies (the layers of layer_intensities), measured one layer at a time.

    For each layer, a fresh copy of it (same configuration, new weights: the model itself is
    left as it was) runs alone on random input of its input shape, batch_size images, in
    training mode, inside one tf.function: forward, then the gradients with respect to its
    input(s) and its trainable weights for a random upstream gradient (as backpropagation
    hands it down). A layer fed only by the model's input gets no input gradient, as in a real
    step. Each layer's time is the best of `repeats` after one untimed call (which traces it).

    Timing layers alone ignores what a whole graph gains and loses: TensorFlow fuses some
    neighbouring operations (a convolution with its bias and ReLU, within the layer) and keeps
    small maps in cache between layers, while each call here pays its own start-up and reads
    its input from memory. The optimizer's update is not included. Compare
    LayerTimes.total_seconds with step_seconds(model) to see how much that matters.
    """
    validation.keras_model("model", model)
    batch_size = validation.positive_int("batch_size", batch_size)
    repeats = validation.positive_int("repeats", repeats)
    rng = np.random.default_rng(validation.seed("seed", seed))
    layers = _counted_layers(model)
    _check_batch(layers, batch_size)
    model_inputs = {id(t) for t in _tensors(model.inputs)}
    rows = []
    for layer in layers:
        needs_input_gradient = not all(id(t) in model_inputs for t in _tensors(layer.input))
        seconds = _time_layer(layer, needs_input_gradient, batch_size, repeats, rng)
        rows.append(LayerTime(layer.name, type(layer).__name__, _group(layer), seconds))
    return LayerTimes(batch_size, tuple(rows))


def step_seconds(model: keras.Model, batch_size: int = 32, repeats: int = 5, *, seed: int = 0) -> float:
    """Seconds of the whole model's forward and backward pass (gradients of the sum of its
    outputs with respect to all trainable weights) on batch_size random images in training
    mode, as one tf.function: the best of `repeats` after one untimed call. No loss beyond the
    sum, no optimizer update: the same work as layer_times, done as one graph. Runs on a copy
    of the model (keras.models.clone_model), so its BatchNormalization statistics are left alone."""
    validation.keras_model("model", model)
    batch_size = validation.positive_int("batch_size", batch_size)
    repeats = validation.positive_int("repeats", repeats)
    rng = np.random.default_rng(validation.seed("seed", seed))
    _check_batch(_counted_layers(model), batch_size)
    copy = keras.models.clone_model(model)
    inputs = [_random((batch_size, *t.shape[1:]), t.dtype, rng) for t in _tensors(copy.inputs)]
    several = len(inputs) > 1
    variables = copy.trainable_variables

    @tf.function
    def forward_backward(xs):
        with tf.GradientTape() as tape:
            outputs = _tensors(copy(xs if several else xs[0], training=True))
            loss = tf.add_n([tf.reduce_sum(tf.cast(y, "float32")) for y in outputs])
        return tape.gradient(loss, variables)

    return min(timing.time_calls(lambda: _wait(forward_backward(inputs)), repeats=repeats, warmup=1))


def _check_times(times: LayerTimes) -> LayerTimes:
    validation.instance("times", times, LayerTimes, "LayerTimes (from layer_times)")
    if not times.layers:
        raise ValueError("times must hold at least one layer's time; got none")
    return times


def grouped_times(times: LayerTimes, by: str = "group") -> dict[str, float]:
    """Seconds by group (CONVOLUTION, ELEMENTWISE) or, with by="kind", by Keras class, in the
    order they first appear."""
    _check_times(times)
    validation.one_of("by", by, ("group", "kind"))
    seconds: dict[str, float] = {}
    for t in times.layers:
        key = getattr(t, by)
        seconds[key] = seconds.get(key, 0.0) + t.seconds
    return seconds


def time_shares(times: LayerTimes, by: str = "group") -> dict[str, float]:
    """Each group's (or kind's) fraction of the summed layer times; the fractions add up to 1."""
    seconds = grouped_times(times, by)
    total = sum(seconds.values())
    return {key: s / total if total > 0 else 0.0 for key, s in seconds.items()}


def flop_shares(intensities: list[LayerIntensity], by: str = "group") -> dict[str, float]:
    """Each group's (or, with by="kind", each Keras class's) fraction of the forward FLOPs of
    layer_intensities's rows, in the order they first appear; the fractions add up to 1."""
    validation.instance("intensities", intensities, (list, tuple), "list of LayerIntensity (from layer_intensities)")
    if not intensities or not all(isinstance(row, LayerIntensity) for row in intensities):
        raise ValueError("intensities must be a non-empty list of LayerIntensity (from layer_intensities)")
    validation.one_of("by", by, ("group", "kind"))
    flops: dict[str, float] = {}
    for row in intensities:
        key = getattr(row, by)
        flops[key] = flops.get(key, 0) + row.flops
    total = sum(flops.values())
    return {key: f / total if total > 0 else 0.0 for key, f in flops.items()}


def allreduce_seconds(gradient_bytes: float, bandwidth: float, workers: int = 2) -> float:
    """Seconds to sum the gradients of `workers` workers with a ring all-reduce, modelled.

    A ring all-reduce (reduce-scatter, then all-gather) sends and receives 2 x (workers - 1) /
    workers x gradient_bytes per worker (Patarasuk and Yuan 2009, "Bandwidth optimal all-reduce
    algorithms for clusters of workstations"; Horovod, Sergeev and Del Balso 2018,
    arXiv:1802.05799), so at `bandwidth` bytes a second it takes that many bytes / bandwidth.
    Assumptions: the link's bandwidth is the measured memory bandwidth (workers on one machine
    talk through its memory), nothing else uses it, and no time goes to latency, the additions
    or the protocol (MultiWorkerMirroredStrategy goes through gRPC on 127.0.0.1, with copies of
    its own: the real figure is larger). One worker needs no all-reduce: 0 seconds.
    """
    gradient_bytes = validation.positive_number("gradient_bytes", gradient_bytes)
    bandwidth = validation.positive_number("bandwidth", bandwidth)
    workers = validation.positive_int("workers", workers)
    return 2.0 * gradient_bytes * (workers - 1) / workers / bandwidth


def data_parallel_step(
    compute_seconds: float, workers: int, gradient_bytes: float, bandwidth: float, overhead_s: float = 0.0
) -> float:
    """Predicted seconds of one data-parallel training step of the same global batch:
    compute_seconds / workers + allreduce_seconds(gradient_bytes, bandwidth, workers), plus
    overhead_s (a fixed cost a step for coordinating, e.g. measured) when workers > 1.

    compute_seconds is one worker's step on the whole global batch. Dividing it by the workers
    assumes each brings its own cores (or accelerator) and splits perfectly: on one machine whose
    cores one process already keeps busy, the workers share those cores and compute does not
    shrink; pass that worker's real compute time then. The gradients are not overlapped with
    the backward pass (real libraries overlap some of it, so this errs on the slow side)."""
    compute_seconds = validation.positive_number("compute_seconds", compute_seconds)
    workers = validation.positive_int("workers", workers)
    communication = allreduce_seconds(gradient_bytes, bandwidth, workers)
    overhead_s = validation.number("overhead_s", overhead_s, minimum=0)
    return compute_seconds / workers + communication + (overhead_s if workers > 1 else 0.0)


def workers_pay(
    compute_seconds: float, gradient_bytes: float, bandwidth: float, *, workers: int = 2, overhead_s: float = 0.0
) -> bool:
    """Whether `workers` workers (a second one, by default) are predicted to finish a step of the
    same global batch sooner than one worker alone: data_parallel_step(...) < compute_seconds.
    Under data_parallel_step's assumptions, which favour the workers."""
    compute_seconds = validation.positive_number("compute_seconds", compute_seconds)
    validation.positive_number("gradient_bytes", gradient_bytes)
    validation.positive_number("bandwidth", bandwidth)
    workers = validation.positive_int("workers", workers)
    if workers < 2:
        raise ValueError(f"workers must be at least 2 to compare with one worker; got {workers}")
    return data_parallel_step(compute_seconds, workers, gradient_bytes, bandwidth, overhead_s) < compute_seconds
