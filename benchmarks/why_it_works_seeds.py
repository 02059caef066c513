"""Benchmark: notebook 06's measurements repeated over seeds, to show which of its effects hold.

For each seed it trains the four networks with the notebook's default recipe (10 epochs of 10
SGD steps, learning rate 0.02; the seed sets the initial weights and the batch order, the data
split is fixed) and measures what the notebook's check cells assert, with the same helper calls:
- degradation: the training and test error of each network (the seed table);
- gradients: largest/smallest kernel-gradient norm (the spread) and the smallest norm, at
  initialisation and after training, BN in training mode, on the notebook's batch of 256;
- lesions at matched depth: the test error with each block of ResNet-20 and of plain-20
  deleted alone (plain downsampling blocks cannot be), and the notebook's ResNet-56 blocks
  against plain-20's single layers; k random blocks of ResNet-20 and ResNet-56 deleted
  together, 10 draws per k;
- landscapes: the top Hessian eigenvalue (power iteration, 20 steps) of each network on the
  notebook's 128 training images, and the loss at the ends of the notebook's 1-D slice.
It prints one block of lines a seed, then each quantity's range over the seeds.

    .venv/bin/python benchmarks/why_it_works_seeds.py                 # seeds 0-5, about 15 min on 2 cores
    .venv/bin/python benchmarks/why_it_works_seeds.py --seeds 0 1 2
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
from helpers.experiments import classification, degradation, gradient_flow, landscape, lesion, timing  # noqa: E402

import keras  # noqa: E402
import numpy as np  # noqa: E402


def gradients(model, data, batch) -> dict[str, float]:
    flow = gradient_flow.kernel_gradients(model, data.x_train[batch], data.y_train[batch])
    return {"spread": gradient_flow.spread(flow), "smallest": min(g.grad_norm for g in flow[:-1])}


def measure(seed: int, data) -> dict:
    recipe = replace(degradation.DEFAULT_RECIPE, seed=seed)
    result: dict = {"seed": seed}
    batch = np.random.default_rng(0).choice(len(data.x_train), 256, replace=False)  # the notebook's batch
    for name in degradation.NETWORKS:
        keras.utils.set_random_seed(seed)  # the initial weights train_network starts from
        fresh = degradation.build_network(name, data.x_train.shape[1:], recipe.bn_momentum)
        result[f"{name} gradients at init"] = gradients(fresh, data, batch)
    runs = degradation.train_all(data, recipe, report=False)
    images, labels = data.x_train[:128], data.y_train[:128]  # the notebook's landscape images
    alphas = np.linspace(-1, 1, 17)
    for name, run in runs.items():
        result[f"{name} training error"] = run.final_train_error
        result[f"{name} test error"] = run.final_test_error
        result[f"{name} gradients trained"] = gradients(run.model, data, batch)
        result[f"{name} top Hessian eigenvalue"] = landscape.top_hessian_eigenvalue(run.model, images, labels)
        slice_ = landscape.loss_slice_1d(run.model, images, labels, landscape.random_direction(run.model, seed=1), alphas)
        result[f"{name} slice edge"] = float(max(slice_[0], slice_[-1]))
    for name, kind in (("ResNet-20", "blocks"), ("plain-20", "blocks"), ("ResNet-56", "blocks"), ("plain-20", "layers")):
        model = runs[name].model
        errors = np.array(list(lesion.single_lesions(model, data.x_test, data.y_test, kind).values()))
        baseline = classification.error_rate(model, data.x_test, data.y_test, traced=False)
        result[f"{name} single {kind}"] = {
            "intact": baseline,
            "median": float(np.median(errors)),
            "min": float(errors.min()),
            "max": float(errors.max()),
        }
    for name, ks in (("ResNet-20", [1, 2, 4]), ("ResNet-56", [1, 2, 4, 8])):
        random_errors = lesion.random_lesions(runs[name].model, data.x_test, data.y_test, ks=ks, draws=10, seed=seed)
        result[f"{name} random k"] = {k: float(np.median(v)) for k, v in random_errors.items()}
    return result


def show(result: dict) -> None:
    print(f"seed {result['seed']}:")
    for key, value in result.items():
        if key == "seed":
            continue
        if isinstance(value, dict):
            text = ", ".join(f"{k} {v:.3g}" for k, v in value.items())
        else:
            text = f"{value:.4g}"
        print(f"  {key}: {text}")


def summary(results: list[dict]) -> None:
    print(f"\nRange over seeds {', '.join(str(r['seed']) for r in results)} (min .. max):")
    for key, value in results[0].items():
        if key == "seed":
            continue
        if isinstance(value, dict):
            parts = []
            for sub in value:
                values = [r[key][sub] for r in results]
                parts.append(f"{sub} {min(values):.3g}..{max(values):.3g}")
            print(f"  {key}: " + ", ".join(parts))
        else:
            values = [r[key] for r in results]
            print(f"  {key}: {min(values):.4g} .. {max(values):.4g}")
    gaps = [r["plain-56 training error"] - r["plain-20 training error"] for r in results]
    print(f"  plain-56 minus plain-20 training error (points): {', '.join(f'{100 * g:.1f}' for g in gaps)}")
    matched = [r["plain-20 single blocks"]["median"] - r["ResNet-20 single blocks"]["median"] for r in results]
    print(f"  median single-block lesion, plain-20 minus ResNet-20 (points): {', '.join(f'{100 * g:.1f}' for g in matched)}")
    ratio = [r["plain-20 top Hessian eigenvalue"] / r["ResNet-20 top Hessian eigenvalue"] for r in results]
    print(f"  top Hessian eigenvalue, plain-20 / ResNet-20: {', '.join(f'{q:.2f}' for q in ratio)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2, 3, 4, 5])
    parser.add_argument("--json", type=Path, help="also write every number to this file")
    args = parser.parse_args()
    for seed in args.seeds:
        replace(degradation.DEFAULT_RECIPE, seed=seed).validate()  # a bad seed fails here, before any training
    data = degradation.load_data()
    print(f"{degradation.DEFAULT_RECIPE}\nload average {timing.load_average()}", flush=True)
    results = []
    start = time.perf_counter()
    for seed in args.seeds:
        results.append(measure(seed, data))
        show(results[-1])
        print(f"  ({time.perf_counter() - start:.0f} s so far; load average {timing.load_average()})", flush=True)
        if args.json:  # after every seed, so that an interrupted run keeps what it measured
            args.json.write_text(json.dumps(results, indent=1))
    summary(results)


if __name__ == "__main__":
    main()
