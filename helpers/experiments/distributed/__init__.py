"""Data parallelism with tf.distribute (notebook 07): the same Keras training code under different
strategies, in one process or in several worker processes.

    strategies.py   which strategy: one device, MirroredStrategy, MultiWorkerMirroredStrategy
    training.py     what every run trains (RunPlan, tiny_score_model) and the training code (train)
    cluster.py      worker processes on 127.0.0.1 (tf_config, launch_workers)
    worker.py       the program each worker process runs

The names notebooks use are importable from this package directly.
"""

from helpers.experiments.distributed.cluster import MultiWorkerRun, WorkerError, free_ports, launch_workers, tf_config
from helpers.experiments.distributed.strategies import (
    STRATEGIES,
    KerasMultiWorkerMirroredStrategy,
    make_strategy,
    mirrored_strategy,
    multi_worker_strategy,
    quiet_tensorflow_log,
    split_cpu,
)
from helpers.experiments.distributed.training import (
    DATA_SEED,
    RunPlan,
    RunResult,
    dataset_for,
    max_relative_difference,
    tiny_score_model,
    train,
    training_data,
)

__all__ = [
    "DATA_SEED",
    "STRATEGIES",
    "KerasMultiWorkerMirroredStrategy",
    "MultiWorkerRun",
    "RunPlan",
    "RunResult",
    "WorkerError",
    "dataset_for",
    "free_ports",
    "launch_workers",
    "make_strategy",
    "max_relative_difference",
    "mirrored_strategy",
    "multi_worker_strategy",
    "quiet_tensorflow_log",
    "split_cpu",
    "tf_config",
    "tiny_score_model",
    "train",
    "training_data",
]
