"""Benchmark: notebook 05's score tasks, every baseline, and networks compared over paired seeds.

Prints the precision, then for the task: each baseline's test R^2 and mean absolute error, one
row per network and seed (training wall time of model.fit with validation, images/s, test R^2,
MAE on held-out data), and, with several networks and seeds, the paired differences from the
first network (the same seed gives every network the same training images).

    .venv/bin/python benchmarks/train_score_model.py                                  # bars, the notebook's run
    .venv/bin/python benchmarks/train_score_model.py --precision float32              # the same in float32
    .venv/bin/python benchmarks/train_score_model.py --task digits                    # the digit sums
    .venv/bin/python benchmarks/train_score_model.py --task digits --networks blog plain small_cnn --seeds 0 1 2
    .venv/bin/python benchmarks/train_score_model.py --networks blog basic --seeds 0 1 2 3 4
    .venv/bin/python benchmarks/train_score_model.py --full                           # FULL mode's longer plan

Targets (issue 14): bars reach R^2 >= 0.95 and MAE <= 5 degrees in <= 60 s of training in
float32 on 2 cores; the digit sums train in <= 120 s in float32.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import helpers  # noqa: E402  (quiet TensorFlow import)
from helpers.data import bars, digit_pages
from helpers.experiments import score_baselines, score_training

import numpy as np

BASELINE_TRAIN_SEED = 21  # the blind baseline's 2,000 training images: a stream no network trains on


def peak_memory_gib() -> float:
    """Peak resident memory of this process (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform != "darwin" else peak / 2**30


def baselines(task: str, test_images: np.ndarray, test_scores: np.ndarray) -> dict:
    """Every baseline, as a function of no arguments that returns its predictions for the test images."""
    if task == "bars":
        train_images, train_scores = bars.bar_arrays(2000, BASELINE_TRAIN_SEED)
        formula = ("moment formula", lambda: score_baselines.moment_angles(test_images))
    else:
        train_images, train_scores, _ = digit_pages.digit_pages(2000, BASELINE_TRAIN_SEED)
        formula = ("blobs + k-NN + add", lambda: score_baselines.blob_digit_sums(test_images))
    return {
        "mean of training scores": lambda: np.full(len(test_scores), train_scores.mean()),
        "pixel statistics (blind)": lambda: score_baselines.blind_baseline(train_images, train_scores, test_images),
        formula[0]: formula[1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", choices=sorted(score_training.TASKS), default="bars")
    parser.add_argument("--networks", choices=sorted(score_training.NETWORKS), nargs="+", default=["blog"])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--full", action="store_true", help="FULL mode's longer plan")
    parser.add_argument("--precision", choices=["auto", "float32", "mixed_bfloat16"], default="auto")
    parser.add_argument("--no-baselines", action="store_true", help="skip the baselines")
    args = parser.parse_args()

    env = helpers.setup_notebook(seed=0, precision=args.precision, verbose=False)
    plans = {
        ("bars", False): score_training.DEFAULT_PLAN,
        ("bars", True): score_training.FULL_PLAN,
        ("digits", False): score_training.DIGITS_PLAN,
        ("digits", True): score_training.DIGITS_FULL_PLAN,
    }
    plan = plans[args.task, args.full]
    print(f"TensorFlow {env.tensorflow}, {env.cpu_cores} CPU cores, precision {env.precision} ({env.bfloat16_reason})")
    print(f"task: {score_training.TASKS[args.task].name}; plan: {plan}")
    if args.task == "bars":
        test_images, test_scores = score_training.test_set(1000)
    else:
        test_images, test_scores, _ = score_training.digits_test_set(1000)
    print(f"held-out test set: {len(test_scores)} images")

    if not args.no_baselines:
        print(f"\n{'baseline':<28} {'test R^2':>9} {'MAE':>8} {'time (s)':>9}")
        for name, predict in baselines(args.task, test_images, test_scores).items():
            start = time.perf_counter()
            metrics = score_training.prediction_metrics(test_scores, predict())
            print(f"{name:<28} {metrics['r2']:>9.4f} {metrics['mae']:>8.3f} {time.perf_counter() - start:>9.1f}", flush=True)

    print(f"\n{'network':<10} {'seed':>4} {'fit (s)':>8} {'images/s':>9} {'test R^2':>9} {'MAE':>8}")
    results: dict[str, dict[int, tuple[float, float]]] = {}
    for network in args.networks:
        for seed in args.seeds:
            result = score_training.train_score_model(plan, network=network, seed=seed, verbose=0, task=args.task)
            metrics = score_training.score_metrics(result.model, test_images, test_scores)
            results.setdefault(network, {})[seed] = (metrics["r2"], metrics["mae"])
            print(
                f"{network:<10} {seed:>4} {result.seconds:>8.1f} {result.images_per_second:>9.1f} "
                f"{metrics['r2']:>9.4f} {metrics['mae']:>8.3f}",
                flush=True,
            )

    first = args.networks[0]
    if len(args.seeds) > 1:
        print(f"\n{'network':<10} {'mean R^2':>9} {'sd':>7} {'mean MAE':>9} {'sd':>7}   over seeds {args.seeds}")
        for network, by_seed in results.items():
            r2s, maes = np.array(list(by_seed.values())).T
            print(f"{network:<10} {r2s.mean():>9.4f} {r2s.std(ddof=1):>7.4f} {maes.mean():>9.3f} {maes.std(ddof=1):>7.3f}")
        for network in args.networks[1:]:
            diffs = np.array([np.subtract(results[network][s], results[first][s]) for s in args.seeds])
            mean, sd = diffs.mean(0), diffs.std(0, ddof=1)
            se = sd / np.sqrt(len(args.seeds))
            print(
                f"paired {network} - {first}: R^2 {mean[0]:+.4f} (sd {sd[0]:.4f}, se {se[0]:.4f}, "
                f"{(diffs[:, 0] > 0).sum()}/{len(diffs)} seeds above), MAE {mean[1]:+.3f} (sd {sd[1]:.3f}, se {se[1]:.3f}, "
                f"{(diffs[:, 1] < 0).sum()}/{len(diffs)} seeds lower)"
            )
    print(f"\npeak memory: {peak_memory_gib():.2f} GiB")


if __name__ == "__main__":
    main()
