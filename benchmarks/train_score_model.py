"""Benchmark: train the blog's network on the bar-angle task with notebook 05's default plan.

Prints the precision used, training wall time (model.fit, validation included), images/s, peak
memory of the process, and R^2 and mean absolute error on the 1,000 held-out test images.

    .venv/bin/python benchmarks/train_score_model.py                      # the notebook's default run
    .venv/bin/python benchmarks/train_score_model.py --block basic        # the paper's block instead
    .venv/bin/python benchmarks/train_score_model.py --seeds 0 1 2        # several seeds in one process
    .venv/bin/python benchmarks/train_score_model.py --full               # FULL mode's longer plan

Targets (issue 5): R^2 >= 0.95 and MAE <= 5 degrees after at most 120 s of training on a 2-core
CPU, peak memory under 4 GiB.
"""

from __future__ import annotations

import argparse
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import helpers  # noqa: E402  (quiet TensorFlow import)
from helpers.experiments import score_training


def peak_memory_gib() -> float:
    """Peak resident memory of this process (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform != "darwin" else peak / 2**30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--block", choices=sorted(score_training.BLOCKS), default="blog")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--full", action="store_true", help="FULL mode's longer plan")
    parser.add_argument("--precision", choices=["auto", "float32", "mixed_bfloat16"], default="auto")
    args = parser.parse_args()

    env = helpers.setup_notebook(seed=0, precision=args.precision, verbose=False)
    plan = score_training.FULL_PLAN if args.full else score_training.DEFAULT_PLAN
    print(f"TensorFlow {env.tensorflow}, {env.cpu_cores} CPU cores, precision {env.precision} ({env.bfloat16_reason})")
    print(f"plan: {plan}")
    test_images, test_angles = score_training.test_set(1000)
    print(f"{'block':<6} {'seed':>4} {'fit (s)':>8} {'images/s':>9} {'test R^2':>9} {'MAE (deg)':>10} {'epochs':>7}")
    for seed in args.seeds:
        result = score_training.train_score_model(plan, block=args.block, seed=seed, verbose=0)
        metrics = score_training.score_metrics(result.model, test_images, test_angles)
        epochs = len(result.history["loss"])
        print(
            f"{args.block:<6} {seed:>4} {result.seconds:>8.1f} {result.images_per_second:>9.1f} "
            f"{metrics['r2']:>9.4f} {metrics['mae']:>10.2f} {epochs:>7}",
            flush=True,
        )
    print(f"peak memory: {peak_memory_gib():.2f} GiB")


if __name__ == "__main__":
    main()
