"""Benchmark: does plain-56's training-error gap to plain-20 close with a longer run and another learning rate?

Notebook 06's degradation run is short: 10 epochs of 10 SGD steps at one learning rate (0.02),
chosen with ResNet-56 in mind. A referee's first objection is that "plain-56 does not fit" may
only mean "plain-56 is slow to start". This script trains the networks of the CIFAR family on
the same digits with the same recipe (SGD, momentum 0.9, batch 128, BN momentum 0.9) except:
- 10x the steps by default (100 epochs, 1,000 steps);
- several learning rates, each with a linear warm-up (from a tenth of the rate, 5 epochs) and
  then constant;
- several seeds (the seed sets the initial weights and the order of the batches; the data split
  is fixed), the same seeds for every network and rate, so differences can be paired.

It prints one line a run, then for each network and rate the training error over the seeds,
and the paired gap plain-56 minus plain-20 (training error) at each rate, at each network's
best rate, and after the first 10 epochs of the same runs, with a verdict: the gap closes
(within 1 point at the best rates, every seed), shrinks (the median best-rate gap is under half
the 10-epoch gap) or stays.

    .venv/bin/python benchmarks/degradation_sweep.py                       # plain-20, plain-56: 3 rates x 3 seeds, ~30 min on 2 cores
    .venv/bin/python benchmarks/degradation_sweep.py --networks ResNet-20 ResNet-56
    .venv/bin/python benchmarks/degradation_sweep.py --epochs 10 --learning-rates 0.02 --warmup-epochs 0 \\
        --networks plain-20 plain-56 ResNet-20 ResNet-56 --seeds 0 1 2 3 4 5   # the notebook's default run, six seeds
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import helpers  # noqa: E402,F401  (quiet TensorFlow import)
from helpers.experiments import degradation, timing  # noqa: E402

import numpy as np  # noqa: E402


def error_after(run: dict, epoch: int) -> float:
    """A run's training error after `epoch` epochs; NaN where it was not measured then."""
    return run["train_error"][run["epochs"].index(epoch)] if epoch in run["epochs"] else float("nan")


def gap_verdict(best_gaps: list[float], early_gaps: list[float]) -> str:
    """closes / shrinks / stays, by the rule in the module docstring."""
    if all(g <= 0.01 for g in best_gaps):
        return "closes"
    if float(np.median(best_gaps)) < 0.5 * float(np.median(early_gaps)):
        return "shrinks"
    return "stays"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", nargs="+", default=["plain-20", "plain-56"], choices=list(degradation.NETWORKS))
    parser.add_argument("--learning-rates", nargs="+", type=float, default=[0.005, 0.02, 0.08])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--epochs", type=int, default=100, help="epochs of 10 steps (default 100: 10x the notebook's)")
    parser.add_argument("--warmup-epochs", type=int, default=5)
    parser.add_argument("--curve-every", type=int, default=10, help="measure the errors after every N-th epoch (default 10)")
    parser.add_argument("--json", type=Path, help="also write every run's numbers to this file")
    args = parser.parse_args()
    base = replace(degradation.DEFAULT_RECIPE, epochs=args.epochs, warmup_epochs=args.warmup_epochs)
    for rate in args.learning_rates:
        replace(base, learning_rate=rate).validate()  # a bad rate fails here, before any training
    data = degradation.load_data(base)
    print(
        f"{len(data.x_train)} training images, {len(data.x_test)} test images, batch {base.batch_size}: "
        f"{-(-len(data.x_train) // base.batch_size)} steps an epoch; load average {timing.load_average()}",
        flush=True,
    )

    runs = {}  # (network, rate, seed) -> what the run measured
    start = time.perf_counter()
    for seed in args.seeds:
        for rate in args.learning_rates:
            recipe = replace(base, learning_rate=rate, seed=seed)
            for name in args.networks:
                run = degradation.train_network(name, data, recipe, curve_every=args.curve_every)
                runs[name, rate, seed] = measured = dict(
                    network=name,
                    rate=rate,
                    seed=seed,
                    epochs=run.curve_epochs,
                    train_error=run.train_error,
                    test_error=run.test_error,
                    seconds=run.seconds,
                )
                print(
                    f"{name:>9}  lr {rate:<6g} seed {seed}: training error {run.final_train_error:6.1%} after "
                    f"{args.epochs} epochs ({error_after(measured, 10):6.1%} after 10), "
                    f"test error {run.final_test_error:6.1%}  "
                    f"({run.seconds:.0f} s)",
                    flush=True,
                )
    print(f"all runs: {time.perf_counter() - start:.0f} s; load average {timing.load_average()}\n")

    def final(name, rate, seed):
        return runs[name, rate, seed]["train_error"][-1]

    print(f"Training error after {args.epochs} epochs, seeds {', '.join(map(str, args.seeds))}:")
    for name in args.networks:
        for rate in args.learning_rates:
            errors = [final(name, rate, s) for s in args.seeds]
            print(f"  {name:>9} lr {rate:<6g}: " + ", ".join(f"{e:.1%}" for e in errors) + f"   median {np.median(errors):.1%}")
    if {"plain-20", "plain-56"} <= set(args.networks):
        print("\nPaired gap, plain-56 minus plain-20 (training error, points), seed by seed:")
        for rate in args.learning_rates:
            gaps = [final("plain-56", rate, s) - final("plain-20", rate, s) for s in args.seeds]
            print(f"  lr {rate:<6g}: " + ", ".join(f"{100 * g:+.1f}" for g in gaps))
        best = {
            name: {s: min(final(name, r, s) for r in args.learning_rates) for s in args.seeds}
            for name in ("plain-20", "plain-56")
        }
        best_gaps = [best["plain-56"][s] - best["plain-20"][s] for s in args.seeds]
        print("  each at its best rate: " + ", ".join(f"{100 * g:+.1f}" for g in best_gaps))
        rate = degradation.DEFAULT_RECIPE.learning_rate  # the notebook's
        if args.epochs > 10 and rate in args.learning_rates:
            early_gaps = [
                error_after(runs["plain-56", rate, s], 10) - error_after(runs["plain-20", rate, s], 10) for s in args.seeds
            ]
            print(f"  after 10 epochs at lr {rate:g} (same runs): " + ", ".join(f"{100 * g:+.1f}" for g in early_gaps))
            print(f"verdict: the gap {gap_verdict(best_gaps, early_gaps)}")
    if args.json:
        args.json.write_text(
            json.dumps(dict(args={k: str(v) for k, v in vars(args).items()}, runs=list(runs.values())), indent=1)
        )
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
