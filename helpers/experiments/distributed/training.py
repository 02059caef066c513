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

from helpers import validation
from helpers.data import bars
from helpers.experiments.distributed.strategies import quiet_tensorflow_log
from helpers.experiments.timing import StepTimer
from helpers.models.blog import residual_block

import json
from dataclasses import asdict, dataclass, fields

import keras
import numpy as np
import tensorflow as tf
from keras import layers

DATA_SEED = 5  # the bars every run trains on


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

    def validate(self) -> RunPlan:
        for name in ("steps", "global_batch", "image_size", "width"):
            validation.positive_int(name, getattr(self, name))
        if self.image_size < 8:
            raise ValueError(f"image_size must be at least 8; got {self.image_size}")
        validation.seed("seed", self.seed)
        validation.non_negative_int("warmup", self.warmup)
        if self.warmup >= self.steps:
            raise ValueError(f"warmup must be smaller than steps ({self.steps}); got {self.warmup}")
        validation.positive_number("learning_rate", self.learning_rate, maximum=10.0)
        validation.boolean("synchronized_bn", self.synchronized_bn)
        return self

    def arguments(self) -> list[str]:
        """The plan as command-line arguments of helpers.experiments.distributed.worker."""
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
    validation.instance("plan", plan, RunPlan).validate()
    inputs = keras.Input((plan.image_size, plan.image_size, 1), name="image")
    x = layers.Conv2D(plan.width, 3, strides=2, padding="same", activation="relu", name="stem_conv")(inputs)
    x = layers.BatchNormalization(momentum=0.9, name="stem_bn")(x)
    for stage, (filters, stride) in enumerate(((plan.width, 1), (2 * plan.width, 2)), start=1):
        x = residual_block(x, filters, stride=stride, bn_momentum=0.9, name=f"stage{stage}_block1")
    x = layers.GlobalAveragePooling2D(name="head_pool")(x)
    x = layers.Dense(1, dtype="float32", name="head_score")(x)
    outputs = layers.Rescaling(60.0, dtype="float32", name="degrees")(x)
    model = keras.Model(inputs, outputs, name="tiny_score_model")
    for layer in model.layers:  # read when the layer runs, so it can be set after the model is built
        if isinstance(layer, layers.BatchNormalization):
            layer.synchronized = plan.synchronized_bn
    return model


def training_data(plan: RunPlan) -> tuple[np.ndarray, np.ndarray]:
    """The images and angles of every step, in order: steps x global_batch bars, always the same."""
    validation.instance("plan", plan, RunPlan).validate()
    return bars.bar_arrays(plan.steps * plan.global_batch, DATA_SEED, bars.BarSpec(image_size=plan.image_size))


def dataset_for(
    input_context: tf.distribute.InputContext, images: np.ndarray, angles: np.ndarray, global_batch: int
) -> tf.data.Dataset:
    """One input pipeline's share of every global batch.

    With k pipelines (one a worker), pipeline i takes examples i, i+k, i+2k, ... and batches them
    in per-replica batches; so at every step the replicas together hold exactly the global batch
    that a single process would train on, in the same order.
    """
    validation.instance("input_context", input_context, tf.distribute.InputContext, "tf.distribute.InputContext")
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
        return self.global_batch / float(np.median(self.step_seconds[self.warmup :]))

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> RunResult:
        return cls(**json.loads(text))


def train(strategy: tf.distribute.Strategy, plan: RunPlan = RunPlan()) -> RunResult:
    """Train tiny_score_model under `strategy` for plan.steps steps; the same code for every strategy.

    Only two lines know about distribution: the model and its optimizer are created inside
    strategy.scope() (so that their variables are mirrored on every replica), and the dataset is
    handed out by strategy.distribute_datasets_from_function (so that each replica gets its share
    of each global batch). model.fit does the rest: it runs each step on every replica and
    averages the gradients across them before updating the weights.
    """
    validation.instance("strategy", strategy, tf.distribute.Strategy, "tf.distribute.Strategy")
    if not isinstance(strategy, tf.distribute.Strategy):
        raise ValueError(f"strategy must be a tf.distribute.Strategy; got {type(strategy).__name__}")
    validation.instance("plan", plan, RunPlan).validate()
    images, angles = training_data(plan)
    keras.utils.set_random_seed(plan.seed)  # the same initial weights in every process
    with strategy.scope():
        model = tiny_score_model(plan)
        model.compile(optimizer=keras.optimizers.Adam(plan.learning_rate), loss="mse")
    dataset = strategy.distribute_datasets_from_function(lambda context: dataset_for(context, images, angles, plan.global_batch))
    timer = StepTimer()
    with quiet_tensorflow_log():
        history = model.fit(dataset, epochs=plan.steps, steps_per_epoch=1, shuffle=False, verbose=0, callbacks=[timer])
    resolver = getattr(strategy, "cluster_resolver", None)
    return RunResult(
        strategy=type(strategy).__name__,
        replicas=int(strategy.num_replicas_in_sync),
        losses=[float(v) for v in history.history["loss"]],
        step_seconds=timer.seconds,
        global_batch=plan.global_batch,
        warmup=plan.warmup,
        task_index=int(resolver.task_id) if resolver is not None and resolver.task_id is not None else 0,
    )


def max_relative_difference(losses: list[float], reference: list[float]) -> float:
    """The largest |loss - reference| / |reference| over the steps."""
    validation.array("losses", losses, dtype="float64")
    validation.array("reference", reference, dtype="float64")
    a, b = np.asarray(losses, dtype="float64"), np.asarray(reference, dtype="float64")
    if a.shape != b.shape or a.ndim != 1 or not len(a):
        raise ValueError(f"losses and reference must be lists of the same length; got {a.shape} and {b.shape}")
    return float(np.max(np.abs(a - b) / np.abs(b)))
