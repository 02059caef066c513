"""One process of a tf.distribute comparison: train helpers.experiments.distributed.training's tiny model, write the result.

    python -m helpers.experiments.distributed.worker --strategy multi_worker --out worker0.json [--steps 12 ...]

With --strategy multi_worker, the environment variable TF_CONFIG says where the other workers
are and which one this is (helpers.experiments.distributed.cluster.launch_workers sets it). --strategy single and
--strategy mirrored (two logical CPUs) train the same model in this one process. The result, a
helpers.experiments.distributed.training.RunResult as JSON, goes to --out.
"""

from __future__ import annotations

import helpers  # noqa: F401  (imports TensorFlow quietly)
from helpers.experiments.distributed import strategies, training

import argparse
import sys
from dataclasses import fields
from pathlib import Path


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m helpers.experiments.distributed.worker", description=__doc__.splitlines()[0])
    parser.add_argument("--strategy", choices=strategies.STRATEGIES, required=True)
    parser.add_argument("--out", required=True, type=Path, help="where to write the result (JSON)")
    defaults = training.RunPlan()
    for f in fields(training.RunPlan):
        kind = {bool: int, int: int, float: float}[type(getattr(defaults, f.name))]
        parser.add_argument("--" + f.name.replace("_", "-"), type=kind, default=getattr(defaults, f.name))
    args = parser.parse_args(argv)
    values = {f.name: getattr(args, f.name) for f in fields(training.RunPlan)}
    values["synchronized_bn"] = bool(values["synchronized_bn"])
    try:
        args.plan = training.RunPlan(**values).validate()
    except ValueError as error:
        parser.error(str(error))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    strategy = strategies.make_strategy(args.strategy)  # first: before TensorFlow computes anything
    result = training.train(strategy, args.plan)
    args.out.write_text(result.to_json(), encoding="utf-8")
    print(
        f"{result.strategy} task {result.task_index}: {result.replicas} replicas, final loss {result.losses[-1]:.4f}, "
        f"{result.images_per_second:.0f} images/s",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
