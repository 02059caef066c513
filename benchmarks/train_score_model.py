"""Benchmark: train the blog's network on the bar-angle task with notebook 05's default plan.

Prints the load average, the precision used, the baselines on the 1,000 held-out test bars
(the blind pixel statistics + linear regression, and the moment formula, which needs no
training), then for every block and seed: training wall time (model.fit, validation included),
images/s, test R^2 and mean absolute error; then paired differences against the first block
(same seed: same initial random stream and same bars), and the process's peak memory.

    .venv/bin/python benchmarks/train_score_model.py                      # the notebook's default run
    .venv/bin/python benchmarks/train_score_model.py --precision float32  # the 60 s float32 target
    .venv/bin/python benchmarks/train_score_model.py --blocks blog plain small_cnn --seeds 0 1 2
    .venv/bin/python benchmarks/train_score_model.py --blocks blog basic --seeds 0 1 2 3 4
    .venv/bin/python benchmarks/train_score_model.py --full               # FULL mode's longer plan

Targets (issue 14): R^2 >= 0.95 and MAE <= 5 degrees after at most 60 s of training in float32
on a 2-core CPU; peak memory under 4 GiB.
"""

from __future__ import annotations

import argparse
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import helpers  # noqa: E402  (quiet TensorFlow import)
from helpers.data.bars import bar_arrays
from helpers.experiments import score_baselines as baselines
from helpers.experiments import score_training

from train_digit_sum import load, print_paired


def peak_memory_gib() -> float:
    """Peak resident memory of this process (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform != "darwin" else peak / 2**30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", nargs="+", choices=sorted(score_training.BLOCKS), default=["blog"])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--full", action="store_true", help="FULL mode's longer plan")
    parser.add_argument("--precision", choices=["auto", "float32", "mixed_bfloat16"], default="auto")
    args = parser.parse_args()

    env = helpers.setup_notebook(seed=0, precision=args.precision, verbose=False)
    plan = score_training.FULL_PLAN if args.full else score_training.DEFAULT_PLAN
    print(f"TensorFlow {env.tensorflow}, {env.cpu_cores} CPU cores, precision {env.precision} ({env.bfloat16_reason}); {load()}")
    print(f"plan: {plan}")
    test_images, test_angles = score_training.test_set(1000)
    train_images, train_angles = bar_arrays(2000, seed=11)
    blind = baselines.linear_baseline(
        baselines.pixel_statistics(train_images), train_angles, baselines.pixel_statistics(test_images), test_angles
    )
    formula = baselines.regression_scores(test_angles, baselines.moment_angles(test_images))
    for name, scores in (("blind: pixel statistics + linear", blind), ("moment formula (no training)", formula)):
        print(f"baseline {name:<34} test R^2 {scores['r2']:7.4f}  MAE {scores['mae']:5.2f} deg")
    print(f"{'block':<10} {'seed':>4} {'fit (s)':>8} {'images/s':>9} {'test R^2':>9} {'MAE (deg)':>10} {'epochs':>7}  load")
    results: dict[str, dict[int, dict]] = {block: {} for block in args.blocks}
    for seed in args.seeds:
        for block in args.blocks:
            result = score_training.train_score_model(plan, block=block, seed=seed, verbose=0)
            metrics = score_training.score_metrics(result.model, test_images, test_angles)
            results[block][seed] = metrics
            print(
                f"{block:<10} {seed:>4} {result.seconds:>8.1f} {result.images_per_second:>9.1f} "
                f"{metrics['r2']:>9.4f} {metrics['mae']:>10.2f} {len(result.history['loss']):>7}  {load()}",
                flush=True,
            )
    print_paired(results, args.blocks)
    print(f"peak memory: {peak_memory_gib():.2f} GiB")


if __name__ == "__main__":
    main()
