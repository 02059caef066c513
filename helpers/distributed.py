"""Data parallelism with tf.distribute: the same Keras training code under different strategies.

    split_cpu(count)                 logical CPU devices, so that MirroredStrategy has replicas on a CPU
    mirrored_strategy(devices)       this process's one tf.distribute.MirroredStrategy over those devices
    RunPlan(...)                     what a distributed comparison trains: steps, global batch, model size
    tiny_score_model(plan)           a small network built from the blog's block, for the bar-angle task
    train(strategy, plan)            the training code: model.fit, the same for every strategy
    multi_worker_strategy()          tf.distribute.MultiWorkerMirroredStrategy, as Keras 3's fit needs it
                                     (KerasMultiWorkerMirroredStrategy)
    tf_config(ports, index)          the TF_CONFIG of one worker of a cluster on 127.0.0.1
    launch_workers(plan, workers)    start worker processes, collect their results, always stop them

Every replica sees its share of each global batch (the same examples in every run), and all
replicas start from the same weights, so the loss curve of a distributed run matches that of one
process up to floating-point rounding. tf.distribute does the work: these are thin wrappers.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf
from keras import layers

from helpers import bars, validation

STRATEGIES = ("single", "mirrored", "multi_worker", "multi_worker_unpatched")
DATA_SEED = 5  # the bars every run trains on
PACKAGE_ROOT = Path(__file__).resolve().parents[1]  # the folder that holds helpers/


@contextmanager
def quiet_tensorflow_log():
    """Keep TensorFlow's INFO lines (one for every all-reduce it sets up) out of the output for a while."""
    logger = tf.get_logger()
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(level)


# Devices ------------------------------------------------------------------------------------


def split_cpu(count: int = 2) -> list[str]:
    """Split the CPU into `count` logical devices and return their names ("/device:CPU:0", ...).

    MirroredStrategy makes one replica a device, and a CPU is one device, so on a machine without
    GPUs we split it. The logical devices share the same cores: this shows how the strategy works,
    not a speed-up. TensorFlow fixes its devices the first time it uses one, so call this before
    any computation (right after helpers.setup_notebook, which computes nothing). Calling it again
    with the same count is harmless.
    """
    count = validation.positive_int("count", count)
    cpu = tf.config.list_physical_devices("CPU")[0]
    current = tf.config.get_logical_device_configuration(cpu)
    if current is not None and len(current) == count:
        return [d.name for d in tf.config.list_logical_devices("CPU")]
    try:
        tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(count)])
    except RuntimeError as error:
        have = len(tf.config.list_logical_devices("CPU"))
        if have == count:
            return [d.name for d in tf.config.list_logical_devices("CPU")]
        raise RuntimeError(
            f"TensorFlow already uses its devices ({have} logical CPU), so the CPU can no longer be split into "
            f"{count}: restart the kernel and call split_cpu before anything else computes") from error
    return [d.name for d in tf.config.list_logical_devices("CPU")]


_MIRRORED: dict[tuple[str, ...], tf.distribute.MirroredStrategy] = {}


def mirrored_strategy(devices: list[str]) -> tf.distribute.MirroredStrategy:
    """tf.distribute.MirroredStrategy(devices), created once a process and then reused.

    A second MirroredStrategy in the same process can clash with the first one's collective
    operations (TensorFlow stops with "Shape mismatch in the collective instance ..."), so
    running a cell twice must not create a new one.
    """
    if isinstance(devices, (str, bytes)) or not isinstance(devices, (list, tuple)) or not devices \
            or not all(isinstance(d, str) and d for d in devices):
        raise ValueError(f"devices must be a non-empty list of device names such as '/device:CPU:0'; got {devices!r}")
    key = tuple(devices)
    if key not in _MIRRORED:
        with quiet_tensorflow_log():
            _MIRRORED[key] = tf.distribute.MirroredStrategy(list(key))
    return _MIRRORED[key]


# What every run trains --------------------------------------------------------------------


@dataclass(frozen=True)
class RunPlan:
    """A short, deterministic training run for comparing strategies.

    One epoch a step (epochs=steps, steps_per_epoch=1), so that Keras's history holds the loss of
    every step rather than running averages. The global batch is split evenly among replicas.
    """

    steps: int = 12
    global_batch: int = 32
    image_size: int = 32
    width: int = 8
    learning_rate: float = 1e-3
    synchronized_bn: bool = True
    seed: int = 0
    warmup: int = 2  # steps left out of the throughput

    def validate(self) -> "RunPlan":
        for name in ("steps", "global_batch", "image_size", "width"):
            validation.positive_int(name, getattr(self, name))
        if self.image_size < 8:
            raise ValueError(f"image_size must be at least 8; got {self.image_size}")
        validation.seed("seed", self.seed)
        validation.seed("warmup", self.warmup)
        if self.warmup >= self.steps:
            raise ValueError(f"warmup must be smaller than steps ({self.steps}); got {self.warmup}")
        if isinstance(self.learning_rate, bool) or not isinstance(self.learning_rate, (int, float)) or not self.learning_rate > 0:
            raise ValueError(f"learning_rate must be a positive number; got {self.learning_rate!r}")
        if not isinstance(self.synchronized_bn, bool):
            raise ValueError(f"synchronized_bn must be True or False; got {self.synchronized_bn!r}")
        return self

    def arguments(self) -> list[str]:
        """The plan as command-line arguments of helpers.distributed_worker."""
        args = []
        for f in fields(self):
            value = getattr(self, f.name)
            flag = "--" + f.name.replace("_", "-")
            args += [flag, str(int(value) if isinstance(value, bool) else value)]
        return args


def tiny_score_model(plan: RunPlan = RunPlan()) -> keras.Model:
    """A small score model built like the blog's network: a strided stem, then one blog block a
    stage (Conv with ReLU, BN, Conv, BN, + shortcut, ReLU) at width and 2 x width, global average
    pooling, Dense(1) and the x60 scale to degrees of notebook 05.

    With plan.synchronized_bn, BatchNormalization averages its batch statistics over all replicas
    (Keras's synchronized=True), so every replica normalises with the global batch's statistics.
    """
    plan.validate()
    bn = {"momentum": 0.9, "synchronized": plan.synchronized_bn}
    inputs = keras.Input((plan.image_size, plan.image_size, 1), name="image")
    x = layers.Conv2D(plan.width, 3, strides=2, padding="same", activation="relu", name="stem_conv")(inputs)
    x = layers.BatchNormalization(**bn, name="stem_bn")(x)
    for stage, (filters, stride) in enumerate(((plan.width, 1), (2 * plan.width, 2)), start=1):
        name = f"stage{stage}_block1"
        shortcut = x
        y = layers.Conv2D(filters, 3, strides=stride, padding="same", activation="relu", name=f"{name}_conv1")(x)
        y = layers.BatchNormalization(**bn, name=f"{name}_bn1")(y)
        y = layers.Conv2D(filters, 3, padding="same", name=f"{name}_conv2")(y)
        y = layers.BatchNormalization(**bn, name=f"{name}_bn2")(y)
        if stride != 1 or shortcut.shape[-1] != filters:
            shortcut = layers.Conv2D(filters, 1, strides=stride, name=f"{name}_projection")(shortcut)
        x = layers.ReLU(name=f"{name}_out_relu")(layers.add([y, shortcut], name=f"{name}_add"))
    x = layers.GlobalAveragePooling2D(name="head_pool")(x)
    x = layers.Dense(1, dtype="float32", name="head_score")(x)
    outputs = layers.Rescaling(60.0, dtype="float32", name="degrees")(x)
    return keras.Model(inputs, outputs, name="tiny_score_model")


def training_data(plan: RunPlan) -> tuple[np.ndarray, np.ndarray]:
    """The images and angles of every step, in order: steps x global_batch bars, always the same."""
    plan.validate()
    return bars.bar_arrays(plan.steps * plan.global_batch, DATA_SEED, bars.BarSpec(image_size=plan.image_size))


def dataset_for(input_context: tf.distribute.InputContext, images: np.ndarray, angles: np.ndarray,
                global_batch: int) -> tf.data.Dataset:
    """One input pipeline's share of every global batch.

    With k pipelines (one a worker), pipeline i takes examples i, i+k, i+2k, ... and batches them
    in per-replica batches; so at every step the replicas together hold exactly the global batch
    that a single process would train on, in the same order.
    """
    per_replica = input_context.get_per_replica_batch_size(global_batch)
    dataset = tf.data.Dataset.from_tensor_slices((images, angles[:, None]))
    dataset = dataset.shard(input_context.num_input_pipelines, input_context.input_pipeline_id)
    return dataset.batch(per_replica, drop_remainder=True).repeat()


@dataclass(frozen=True)
class RunResult:
    """What one process saw: the loss of every step, how long each step took, and its place in the run."""

    strategy: str
    replicas: int
    losses: list[float]
    step_seconds: list[float]
    global_batch: int
    warmup: int
    task_index: int = 0

    @property
    def images_per_second(self) -> float:
        """Global-batch images a second: the median step after the warm-up steps."""
        return self.global_batch / float(np.median(self.step_seconds[self.warmup:]))

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "RunResult":
        return cls(**json.loads(text))


class _EpochTimer(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.ends = [time.perf_counter()]

    def on_epoch_end(self, epoch, logs=None):
        self.ends.append(time.perf_counter())


def train(strategy: tf.distribute.Strategy, plan: RunPlan = RunPlan()) -> RunResult:
    """Train tiny_score_model under `strategy` for plan.steps steps; the same code for every strategy.

    Only two lines know about distribution: the model and its optimizer are created inside
    strategy.scope() (so that their variables are mirrored on every replica), and the dataset is
    handed out by strategy.distribute_datasets_from_function (so that each replica gets its share
    of each global batch). model.fit does the rest: it runs each step on every replica and
    averages the gradients across them before updating the weights.
    """
    if not isinstance(strategy, tf.distribute.Strategy):
        raise ValueError(f"strategy must be a tf.distribute.Strategy; got {type(strategy).__name__}")
    plan.validate()
    images, angles = training_data(plan)
    keras.utils.set_random_seed(plan.seed)  # the same initial weights in every process
    with strategy.scope():
        model = tiny_score_model(plan)
        model.compile(optimizer=keras.optimizers.Adam(plan.learning_rate), loss="mse")
    dataset = strategy.distribute_datasets_from_function(lambda context: dataset_for(context, images, angles, plan.global_batch))
    timer = _EpochTimer()
    with quiet_tensorflow_log():
        history = model.fit(dataset, epochs=plan.steps, steps_per_epoch=1, shuffle=False, verbose=0, callbacks=[timer])
    resolver = getattr(strategy, "cluster_resolver", None)
    return RunResult(
        strategy=type(strategy).__name__,
        replicas=int(strategy.num_replicas_in_sync),
        losses=[float(v) for v in history.history["loss"]],
        step_seconds=[b - a for a, b in zip(timer.ends, timer.ends[1:])],
        global_batch=plan.global_batch,
        warmup=plan.warmup,
        task_index=int(resolver.task_id) if resolver is not None and resolver.task_id is not None else 0,
    )


def max_relative_difference(losses: list[float], reference: list[float]) -> float:
    """The largest |loss - reference| / |reference| over the steps."""
    a, b = np.asarray(losses, dtype="float64"), np.asarray(reference, dtype="float64")
    if a.shape != b.shape or a.ndim != 1 or not len(a):
        raise ValueError(f"losses and reference must be lists of the same length; got {a.shape} and {b.shape}")
    return float(np.max(np.abs(a - b) / np.abs(b)))


# Several processes -------------------------------------------------------------------------


class KerasMultiWorkerMirroredStrategy(tf.distribute.MultiWorkerMirroredStrategy):
    """tf.distribute.MultiWorkerMirroredStrategy whose reduce() also accepts what Keras 3's fit passes it.

    Keras 3.15's fit (keras/src/backend/tensorflow/trainer.py) calls strategy.reduce with a whole
    (images, targets) batch to learn the input shapes, and with axis=0 on the scalar metrics of
    each step; TensorFlow's MultiWorkerMirroredStrategy accepts neither, and fit fails with
    ValueError. tests/test_distributed.py runs TensorFlow's class unchanged
    ("multi_worker_unpatched") and checks that it still fails, so this class can go once a Keras
    release fixes fit. It reduces each tensor of a structure on its own, and a scalar across
    replicas only. Everything else is TensorFlow's strategy.
    """

    def reduce(self, reduce_op, value, axis):
        def reduce_one(v):
            local = v.values[0] if isinstance(v, tf.distribute.DistributedValues) else v
            scalar = getattr(local, "shape", None) is not None and local.shape.rank == 0
            return super(KerasMultiWorkerMirroredStrategy, self).reduce(reduce_op, v, None if scalar else axis)

        return tf.nest.map_structure(reduce_one, value)


def multi_worker_strategy() -> tf.distribute.MultiWorkerMirroredStrategy:
    """MultiWorkerMirroredStrategy for this process, a worker of the cluster that TF_CONFIG describes.

    Create it first thing in the worker, before TensorFlow computes anything.
    """
    if "TF_CONFIG" not in os.environ:
        raise RuntimeError("TF_CONFIG is not set: MultiWorkerMirroredStrategy needs it to find the other workers")
    with quiet_tensorflow_log():
        return KerasMultiWorkerMirroredStrategy()


def make_strategy(name: str) -> tf.distribute.Strategy:
    """"single": TensorFlow's default strategy (one device); "mirrored": MirroredStrategy over two
    logical CPUs (split_cpu); "multi_worker": multi_worker_strategy()."""
    if name not in STRATEGIES:
        raise ValueError(f"strategy must be one of {STRATEGIES}; got {name!r}")
    if name == "single":
        return tf.distribute.get_strategy()
    if name == "mirrored":
        return mirrored_strategy(split_cpu(2))
    if name == "multi_worker_unpatched":  # TensorFlow's class as it is: Keras's fit fails with it
        with quiet_tensorflow_log():
            return tf.distribute.MultiWorkerMirroredStrategy()
    return multi_worker_strategy()


def free_ports(count: int) -> list[int]:
    """`count` different TCP ports on 127.0.0.1 that are free now (the system picks them)."""
    count = validation.positive_int("count", count)
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def tf_config(ports: list[int], index: int) -> dict:
    """TF_CONFIG of worker `index` in a cluster of workers on 127.0.0.1, one a port.

    Every worker gets the same cluster (the list of all workers' addresses) and its own task.
    Worker 0 is the chief: it does the extra jobs, such as writing checkpoints.
    """
    if isinstance(ports, (str, bytes)) or not hasattr(ports, "__len__") or not len(ports):
        raise ValueError(f"ports must be a non-empty list of port numbers; got {ports!r}")
    for p in ports:
        if isinstance(p, bool) or not isinstance(p, (int, np.integer)) or not 0 < p < 65536:
            raise ValueError(f"ports must hold port numbers between 1 and 65535; got {p!r}")
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not 0 <= index < len(ports):
        raise ValueError(f"index must be a worker number from 0 to {len(ports) - 1}; got {index!r}")
    return {"cluster": {"worker": [f"127.0.0.1:{int(p)}" for p in ports]}, "task": {"type": "worker", "index": int(index)}}


class WorkerError(RuntimeError):
    """A worker process failed or the run took too long. `pids`: the processes, all stopped by now."""

    def __init__(self, message: str, pids: list[int]):
        super().__init__(message)
        self.pids = pids


@dataclass(frozen=True)
class MultiWorkerRun:
    """What launch_workers collected: each worker's RunResult, and the wall time from start to finish."""

    results: list[RunResult]
    wall_seconds: float
    pids: list[int]

    @property
    def chief(self) -> RunResult:
        return self.results[0]


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(processes: list[subprocess.Popen]) -> None:
    """Terminate every process still running, kill those that do not stop within 5 s, and reap all."""
    for p in processes:
        if p.poll() is None:
            p.terminate()
    for p in processes:
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def launch_workers(plan: RunPlan = RunPlan(), workers: int = 2, *, timeout: float = 180.0,
                   extra_args: dict[int, list[str]] | None = None) -> MultiWorkerRun:
    """Run `python -m helpers.distributed_worker` as `workers` processes on 127.0.0.1, each with
    its own TF_CONFIG, training with MultiWorkerMirroredStrategy on the CPU; return their results.

    The processes are always stopped before this returns, also when a worker fails, the run
    takes longer than `timeout` seconds, or the caller is interrupted. A failure raises
    WorkerError with the end of the failing worker's log. extra_args: command-line arguments
    added for some workers, by index (to experiment, for example to make one worker fail).
    """
    plan.validate()
    workers = validation.positive_int("workers", workers)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds; got {timeout!r}")
    extra_args = extra_args or {}
    if not isinstance(extra_args, dict) or any(not isinstance(k, int) or not 0 <= k < workers for k in extra_args):
        raise ValueError(f"extra_args must map worker numbers (0 to {workers - 1}) to lists of arguments; got {extra_args!r}")
    ports = free_ports(workers)
    processes: list[subprocess.Popen] = []
    logs = []
    with tempfile.TemporaryDirectory(prefix="tf_workers_") as folder:
        folder = Path(folder)
        start = time.perf_counter()
        try:
            for index in range(workers):
                # CUDA_VISIBLE_DEVICES="": the workers share one machine, and two processes on one GPU
                # would compete for its memory; on a real cluster each worker has its own devices.
                env = dict(os.environ, TF_CONFIG=json.dumps(tf_config(ports, index)), CUDA_VISIBLE_DEVICES="",
                           PYTHONPATH=os.pathsep.join(filter(None, [str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")])))
                command = [sys.executable, "-m", "helpers.distributed_worker", "--strategy", "multi_worker",
                           "--out", str(folder / f"worker{index}.json"), *plan.arguments(), *map(str, extra_args.get(index, []))]
                log = open(folder / f"worker{index}.log", "w", encoding="utf-8")
                logs.append(log)
                processes.append(subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                                  stdin=subprocess.DEVNULL, cwd=str(PACKAGE_ROOT)))
            deadline = time.monotonic() + timeout
            while any(p.poll() is None for p in processes):
                failed = [i for i, p in enumerate(processes) if p.poll() not in (None, 0)]
                if failed:
                    i = failed[0]
                    raise WorkerError(f"worker {i} exited with status {processes[i].returncode}; the end of its log:\n"
                                      f"{_tail(folder / f'worker{i}.log')}", [p.pid for p in processes])
                if time.monotonic() > deadline:
                    raise WorkerError(f"the workers did not finish within {timeout:g} s; the end of worker 0's log:\n"
                                      f"{_tail(folder / 'worker0.log')}", [p.pid for p in processes])
                time.sleep(0.05)
            wall = time.perf_counter() - start
            failed = [i for i, p in enumerate(processes) if p.returncode != 0]
            if failed:
                i = failed[0]
                raise WorkerError(f"worker {i} exited with status {processes[i].returncode}; the end of its log:\n"
                                  f"{_tail(folder / f'worker{i}.log')}", [p.pid for p in processes])
            results = [RunResult.from_json((folder / f"worker{i}.json").read_text(encoding="utf-8")) for i in range(workers)]
        finally:
            _stop(processes)
            for log in logs:
                log.close()
    return MultiWorkerRun(results, wall, [p.pid for p in processes])
