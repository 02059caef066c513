"""Benchmark: notebook 05's digit-sum pages: every baseline, then networks over paired seeds.

Prints the load average, the precision, each baseline's held-out R^2 and MAE (pixel statistics,
image moments, blobs + k-NN + add), then for every block and seed: training time (model.fit,
validation included), images/s, test R^2 and MAE on 1,000 pages made only from test-pool digits;
then, for each block after the first, the paired differences (same seed: same initial data
order, same pages) with their mean and standard deviation.

    .venv/bin/python benchmarks/train_digit_sum.py --seeds 0                            # the notebook's run
    .venv/bin/python benchmarks/train_digit_sum.py --blocks blog basic --seeds 0 1 2 3 4  # blog vs paper block
    .venv/bin/python benchmarks/train_digit_sum.py --blocks blog plain small_cnn --seeds 0 1 2
    .venv/bin/python benchmarks/train_digit_sum.py --precision float32 --seeds 0        # the 120 s target

Target (issue 14): the default plan trains in <= 120 s in float32 on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import helpers  # noqa: E402  (quiet TensorFlow import)
from helpers.data import digit_pages
from helpers.experiments import score_baselines as baselines
from helpers.experiments import score_training


def load() -> str:
    return "load average " + " ".join(f"{v:.2f}" for v in os.getloadavg())


def print_baselines(test: digit_pages.Pages) -> None:
    start = time.perf_counter()
    train = digit_pages.make_pages(2000, 11, "train")
    rows = {
        "pixel statistics + linear": baselines.linear_baseline(
            baselines.pixel_statistics(train.images), train.sums, baselines.pixel_statistics(test.images), test.sums
        ),
        "image moments + linear": baselines.linear_baseline(
            baselines.moment_features(train.images), train.sums, baselines.moment_features(test.images), test.sums
        ),
        "blobs + 3-NN + add": baselines.regression_scores(test.sums, baselines.BlobReader().scores(test.images)),
    }
    for name, scores in rows.items():
        print(f"baseline {name:<28} test R^2 {scores['r2']:7.4f}  MAE {scores['mae']:5.2f}")
    print(f"(baselines took {time.perf_counter() - start:.0f} s; {load()})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", nargs="+", choices=sorted(score_training.BLOCKS), default=["blog"])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--full", action="store_true", help="FULL mode's longer plan")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--precision", choices=["auto", "float32", "mixed_bfloat16"], default="auto")
    args = parser.parse_args()

    env = helpers.setup_notebook(seed=0, precision=args.precision, verbose=False)
    plan = score_training.DIGIT_FULL_PLAN if args.full else score_training.DIGIT_PLAN
    print(f"TensorFlow {env.tensorflow}, {env.cpu_cores} CPU cores, precision {env.precision} ({env.bfloat16_reason}); {load()}")
    print(f"plan: {plan}")
    test = score_training.digit_test_set(1000)
    if not args.no_baselines:
        print_baselines(test)
    print(f"{'block':<10} {'seed':>4} {'fit (s)':>8} {'images/s':>9} {'test R^2':>9} {'MAE':>6} {'epochs':>7}  load")
    results: dict[str, dict[int, dict]] = {block: {} for block in args.blocks}
    for seed in args.seeds:
        for block in args.blocks:
            result = score_training.train_score_model(plan, block=block, seed=seed, verbose=0, task="digit_sum")
            metrics = score_training.score_metrics(result.model, test.images, test.sums)
            results[block][seed] = metrics
            print(
                f"{block:<10} {seed:>4} {result.seconds:>8.1f} {result.images_per_second:>9.1f} "
                f"{metrics['r2']:>9.4f} {metrics['mae']:>6.2f} {len(result.history['loss']):>7}  {load()}",
                flush=True,
            )
    print_paired(results, args.blocks)


def print_paired(results: dict, blocks: list[str]) -> None:
    """The paired-seed table: each block after the first against the first."""
    for block in blocks[1:]:
        for key in ("r2", "mae"):
            p = score_training.paired_differences(results, key, blocks[0], block)
            print(
                f"paired {key} difference {block} - {blocks[0]} over {len(p['seeds'])} seeds: "
                + " ".join(f"{v:+.4f}" for v in p["differences"])
                + f"; mean {p['mean']:+.4f}, sd {p['sd']:.4f}"
            )


if __name__ == "__main__":
    main()
