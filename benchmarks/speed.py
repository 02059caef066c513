"""Benchmark: how much of this CPU's matmul figure the blog's network reaches in training, and a two-process run.

Prints, with the load average before and after (other programs slow every figure down):
- the FLOP/s of a 2048x2048 matrix product in float32 (the "matmul figure"), and in bfloat16
  where the CPU has bfloat16 instructions;
- for the blog's network (128x128x1, batch 32, Adam, cached input so that only the model is
  timed): training images/s and achieved FLOP/s (3 x 2 x multiply-adds per image) as a fraction
  of the matmul figure, in float32 and in mixed bfloat16 (where supported);
- notebook 07's two-worker MultiWorkerMirroredStrategy run (two processes on 127.0.0.1, the tiny
  model): its images/s next to one process's, and how far its losses are from one process's.

    .venv/bin/python benchmarks/timing.py                     # about 2 minutes on 2 cores
    .venv/bin/python benchmarks/timing.py --steps 10 --rounds 3
    .venv/bin/python benchmarks/timing.py --skip-distributed
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import helpers  # noqa: E402  (quiet TensorFlow import)
from helpers.experiments import speed_levers, timing
from helpers.experiments.distributed import cluster, training
from helpers.experiments.score_training import score_model  # noqa: E402
from helpers.models import costs

import tensorflow as tf  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=5, help="counted training steps a round (default 5)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds the precisions take turns in (default 2)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument(
        "--distributed-steps", type=int, default=12, help="steps of the two-worker run (default 12, as in notebook 07)"
    )
    parser.add_argument("--skip-distributed", action="store_true", help="leave out the two-worker run")
    args = parser.parse_args()

    env = helpers.setup_notebook(seed=0, verbose=False)
    print(
        f"TensorFlow {env.tensorflow}, {env.cpu_cores} CPU cores; mixed bfloat16: "
        f"{'supported' if env.bfloat16_supported else 'not supported'} ({env.bfloat16_reason})"
    )
    print(f"load average before: {timing.load_average()}")

    ceilings = {"float32": timing.matmul_flops(2048, repeats=20)}
    if env.bfloat16_supported:
        ceilings["mixed_bfloat16"] = timing.matmul_flops(2048, repeats=20, dtype="bfloat16")
    print(
        "\n2048x2048 matmul: "
        + ", ".join(f"{name.replace('mixed_', '')} {flops / 1e9:.0f} GFLOP/s" for name, flops in ceilings.items())
    )

    macs = costs.total_macs(score_model())
    training_flops = speed_levers.training_flops_per_image(macs)
    settings = [speed_levers.Setting("float32", batch_size=args.batch_size, pipeline="cache")]
    if env.bfloat16_supported:
        settings.append(
            speed_levers.Setting("mixed_bfloat16", batch_size=args.batch_size, pipeline="cache", precision="mixed_bfloat16")
        )
    else:
        print(f"mixed bfloat16 left out: {env.bfloat16_reason}")
    measurements = speed_levers.measure(settings, score_model, steps=args.steps, rounds=args.rounds)
    print(
        f"\nthe blog's network, 128x128x1, batch {args.batch_size}, Adam, cached input: "
        f"{training_flops / 1e9:.3f} GFLOP to train on one image (3 x 2 x {macs:,} multiply-adds)"
    )
    print(f"{'precision':<15} {'images/s':>9} {'spread':>13} {'GFLOP/s':>8} {'of float32 matmul':>18} {'of its matmul':>14}")
    for m in measurements:
        achieved = training_flops * m.images_per_second
        low, high = m.images_per_second_range
        own = ceilings.get(m.setting.precision)
        print(
            f"{m.setting.precision:<15} {m.images_per_second:>9.1f} {low:>6.1f}-{high:<6.1f} {achieved / 1e9:>8.0f} "
            f"{achieved / ceilings['float32']:>18.0%} {achieved / own:>14.0%}"
        )

    if not args.skip_distributed:
        plan = training.RunPlan(steps=args.distributed_steps)
        single = training.train(tf.distribute.get_strategy(), plan)
        run = cluster.launch_workers(plan, workers=2, timeout=600)
        difference = training.max_relative_difference(run.chief.losses, single.losses)
        print(
            f"\nMultiWorkerMirroredStrategy, 2 processes on 127.0.0.1 (tiny model, {plan.steps} steps of "
            f"{plan.global_batch} images of {plan.image_size}x{plan.image_size}, median step after {plan.warmup}):"
        )
        print(f"  one process:     {single.images_per_second:>8,.0f} images/s")
        print(
            f"  two processes:   {run.chief.images_per_second:>8,.0f} images/s "
            f"({run.wall_seconds:.1f} s wall time, starting both processes included)"
        )
        print(f"  largest relative difference of a step's loss from one process: {difference:.1e} (notebook 07 accepts 1e-3)")
    print(f"\nload average after: {timing.load_average()}")


if __name__ == "__main__":
    main()
