"""tf.distribute strategies for Keras's fit on a CPU: one process, MirroredStrategy over logical CPUs,
and MultiWorkerMirroredStrategy in a form Keras 3's fit accepts.

    split_cpu(count)             logical CPU devices, so that MirroredStrategy has replicas on a CPU
    mirrored_strategy(devices)   this process's one MirroredStrategy over those devices
    multi_worker_strategy()      MultiWorkerMirroredStrategy as Keras 3's fit needs it (KerasMultiWorkerMirroredStrategy)
    make_strategy(name)          one of STRATEGIES by name
"""

from __future__ import annotations

from helpers import validation

import logging
import os
from contextlib import contextmanager

import tensorflow as tf

STRATEGIES = ("single", "mirrored", "multi_worker", "multi_worker_unpatched")


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
            f"{count}: restart the kernel and call split_cpu before anything else computes"
        ) from error
    return [d.name for d in tf.config.list_logical_devices("CPU")]


_MIRRORED: dict[tuple[str, ...], tf.distribute.MirroredStrategy] = {}


def mirrored_strategy(devices: list[str]) -> tf.distribute.MirroredStrategy:
    """tf.distribute.MirroredStrategy(devices), created once a process and then reused.

    A second MirroredStrategy in the same process can clash with the first one's collective
    operations (TensorFlow stops with "Shape mismatch in the collective instance ..."), so
    running a cell twice must not create a new one.
    """
    if isinstance(devices, (str, bytes)) or not isinstance(devices, (list, tuple)):
        raise TypeError(f"devices must be a list of device names; got {type(devices).__name__} {devices!r}")
    if not devices or not all(isinstance(d, str) for d in devices):
        raise ValueError(f"devices must be a non-empty list of device names; got {devices!r}")
    if (
        isinstance(devices, (str, bytes))
        or not isinstance(devices, (list, tuple))
        or not devices
        or not all(isinstance(d, str) and d for d in devices)
    ):
        raise ValueError(f"devices must be a non-empty list of device names such as '/device:CPU:0'; got {devices!r}")
    key = tuple(devices)
    if key not in _MIRRORED:
        with quiet_tensorflow_log():
            _MIRRORED[key] = tf.distribute.MirroredStrategy(list(key))
    return _MIRRORED[key]


# Several processes -------------------------------------------------------------------------


class KerasMultiWorkerMirroredStrategy(tf.distribute.MultiWorkerMirroredStrategy):
    """tf.distribute.MultiWorkerMirroredStrategy whose reduce() also accepts what Keras 3's fit passes it.

    Keras 3.15's fit (keras/src/backend/tensorflow/trainer.py) calls strategy.reduce with a whole
    (images, targets) batch to learn the input shapes, and with axis=0 on the scalar metrics of
    each step; TensorFlow's MultiWorkerMirroredStrategy accepts neither, and fit fails with
    ValueError. tests/helpers/experiments/test_distributed.py runs TensorFlow's class unchanged
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
    """ "single": TensorFlow's default strategy (one device); "mirrored": MirroredStrategy over two
    logical CPUs (split_cpu); "multi_worker": multi_worker_strategy()."""
    validation.one_of("strategy", name, STRATEGIES)
    if name == "single":
        return tf.distribute.get_strategy()
    if name == "mirrored":
        return mirrored_strategy(split_cpu(2))
    if name == "multi_worker_unpatched":  # TensorFlow's class as it is: Keras's fit fails with it
        with quiet_tensorflow_log():
            return tf.distribute.MultiWorkerMirroredStrategy()
    return multi_worker_strategy()
