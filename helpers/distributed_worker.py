"""One process of a tf.distribute comparison: train helpers.distributed's tiny model, write the result.

    python -m helpers.distributed_worker --strategy multi_worker --out worker0.json [--steps 12 ...]

With --strategy multi_worker, the environment variable TF_CONFIG says where the other workers
are and which one this is (helpers.distributed.launch_workers sets it). --strategy single and
--strategy mirrored (two logical CPUs) train the same model in this one process. The result, a
helpers.distributed.RunResult as JSON, goes to --out.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import fields
from pathlib import Path

import helpers  # noqa: F401  (imports TensorFlow quietly)
from helpers import distributed


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m helpers.distributed_worker", description=__doc__.splitlines()[0])
    parser.add_argument("--strategy", choices=distributed.STRATEGIES, required=True)
    parser.add_argument("--out", required=True, type=Path, help="where to write the result (JSON)")
    defaults = distributed.RunPlan()
    for f in fields(distributed.RunPlan):
        kind = {bool: int, int: int, float: float}[type(getattr(defaults, f.name))]
        parser.add_argument("--" + f.name.replace("_", "-"), type=kind, default=getattr(defaults, f.name))
    args = parser.parse_args(argv)
    values = {f.name: getattr(args, f.name) for f in fields(distributed.RunPlan)}
    values["synchronized_bn"] = bool(values["synchronized_bn"])
    try:
        args.plan = distributed.RunPlan(**values).validate()
    except ValueError as error:
        parser.error(str(error))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    strategy = distributed.make_strategy(args.strategy)  # first: before TensorFlow computes anything
    result = distributed.train(strategy, args.plan)
    args.out.write_text(result.to_json(), encoding="utf-8")
    print(f"{result.strategy} task {result.task_index}: {result.replicas} replicas, final loss {result.losses[-1]:.4f}, "
          f"{result.images_per_second:.0f} images/s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
