"""Benchmark: a real roofline of the blog's network on this machine, layer by layer, and a two-worker prediction.

Prints, with the load average before and after (other programs slow every figure down):
- the memory bandwidth of a large copy (GB/s, read + write counted), the FLOP/s of a 2048x2048
  float32 matrix product (the "peak"), and the ridge point, peak / bandwidth, in FLOPs a byte;
- one row per layer of the blog's network (notebook 07's score_model, 128x128x1): forward
  FLOPs and bytes moved per image, FLOPs a byte at the batch size, the roofline bound, the
  measured forward + backward time of the layer alone over the batch, and the FLOP/s that
  achieves (3 x the forward FLOPs, the usual estimate for forward + backward);
- the share of the measured time by kind of layer and by group (convolutions against
  elementwise layers: BatchNormalization, ReLU, additions, pooling);
- the sum of the per-layer times against the whole network's forward + backward pass timed as
  one graph, and (unless --skip-fit) a model.fit training step with Adam, all at the same batch size;
- a ring all-reduce of the gradients (trainable parameters x 4 bytes) at the measured bandwidth,
  and the predicted step of two data-parallel workers against one.

    .venv/bin/python benchmarks/roofline.py                        # batch 32: meant to stay under 3 minutes on 2 cores
    .venv/bin/python benchmarks/roofline.py --batch-size 8 --repeats 2 --megabytes 64 --fit-steps 2   # about 20 s
    .venv/bin/python benchmarks/roofline.py --skip-fit             # without the model.fit step
    .venv/bin/python benchmarks/roofline.py --megabytes 512
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import helpers  # noqa: E402  (quiet TensorFlow import)
from helpers.experiments import roofline, speed_levers, timing
from helpers.experiments.score_training import score_model  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=32, help="images a step (default 32, as notebook 07)")
    parser.add_argument("--repeats", type=int, default=5, help="timed repeats of every measurement; the best counts (default 5)")
    parser.add_argument("--megabytes", type=float, default=256, help="size of the copied array (default 256 MB)")
    parser.add_argument("--fit-steps", type=int, default=5, help="counted model.fit steps (default 5)")
    parser.add_argument("--skip-fit", action="store_true", help="leave out the model.fit training step")
    args = parser.parse_args()

    env = helpers.setup_notebook(seed=0, verbose=False)
    print(f"TensorFlow {env.tensorflow}, {env.cpu_cores} CPU cores")
    print(f"load average before: {timing.load_average()}")

    bandwidth = roofline.memory_bandwidth(args.megabytes, repeats=args.repeats)
    peak = timing.matmul_flops(2048, repeats=args.repeats)
    ridge = peak / bandwidth
    print(f"\nmemory bandwidth ({args.megabytes:g} MB copy, best of {args.repeats}): {bandwidth / 1e9:.1f} GB/s")
    print(f"2048x2048 float32 matmul: {peak / 1e9:.0f} GFLOP/s")
    print(f"ridge point: {ridge:.1f} FLOPs a byte (layers below it are memory-bound)")

    model = score_model()
    batch = args.batch_size
    intensities = roofline.layer_intensities(model, batch)
    times = roofline.layer_times(model, batch, args.repeats)
    by_name = {t.name: t for t in times.layers}
    total = times.total_seconds

    print(f"\nthe blog's network, 128x128x1, batch {batch}: forward per image, time of forward + backward over the batch")
    print(
        f"{'layer':<26} {'kind':<22} {'MFLOP':>8} {'MB':>7} {'FLOP/B':>7} {'bound GFLOP/s':>13} "
        f"{'ms':>8} {'share':>6} {'GFLOP/s':>8} {'of bound':>8}"
    )
    for row in intensities:
        t = by_name[row.name]
        bound = roofline.roofline_bound(row.intensity, peak, bandwidth)
        achieved = roofline.TRAINING_FACTOR * row.flops * batch / t.seconds
        of_bound = f"{achieved / bound:>8.0%}" if bound > 0 else f"{'-':>8}"
        print(
            f"{row.name:<26} {row.kind:<22} {row.flops / 1e6:>8.2f} {row.bytes / 1e6:>7.2f} {row.intensity:>7.1f} "
            f"{bound / 1e9:>13.1f} {t.seconds * 1e3:>8.2f} {t.seconds / total:>6.1%} {achieved / 1e9:>8.1f} {of_bound}"
        )
    flops = sum(r.flops for r in intensities)
    moved = sum(r.bytes for r in intensities)
    print(f"{'total':<26} {'':<22} {flops / 1e6:>8.1f} {moved / 1e6:>7.1f} {flops / moved:>7.1f} {'':>13} {total * 1e3:>8.1f}")
    print(
        "(GFLOP/s: 3 x the forward FLOPs over the measured time, the usual rule for forward + backward; it fits\n"
        " convolutions. Above 100 % of the bound, that rule or a peak measured under load is off: the matmul is a\n"
        " practical ceiling, not the hardware's.)"
    )

    for by in ("kind", "group"):
        seconds = roofline.grouped_times(times, by)
        shares = roofline.time_shares(times, by)
        flop_share = roofline.flop_shares(intensities, by)
        print(f"\nmeasured time by {by}:")
        for key, s in sorted(seconds.items(), key=lambda item: -item[1]):
            print(f"  {key:<24} {s * 1e3:>8.1f} ms  {shares[key]:>6.1%} of the time  {flop_share[key]:>6.1%} of the FLOPs")
    for group, meaning in roofline.GROUPS.items():
        print(f"  ({group}: {meaning})")

    whole = roofline.step_seconds(model, batch, args.repeats)
    print(f"\nforward + backward, batch {batch}:")
    print(f"  sum of the layers timed alone:       {total * 1e3:>8.1f} ms")
    print(f"  the whole network as one graph:      {whole * 1e3:>8.1f} ms  (sum / whole = {total / whole:.2f})")
    compute = whole
    if not args.skip_fit:
        setting = speed_levers.Setting("float32", batch_size=batch, pipeline="cache")
        (fit,) = speed_levers.measure([setting], score_model, steps=args.fit_steps, rounds=1)
        compute = fit.seconds_per_step
        print(
            f"  a model.fit step (Adam, MSE, cached input; median of {args.fit_steps}): {compute * 1e3:>8.1f} ms"
            " (adds the loss and the optimizer's update)"
        )

    parameters = sum(int(w.shape.num_elements()) for w in model.trainable_weights)
    gradient_bytes = 4 * parameters
    allreduce = roofline.allreduce_seconds(gradient_bytes, bandwidth, workers=2)
    split = roofline.data_parallel_step(compute, 2, gradient_bytes, bandwidth)
    shared = compute + allreduce
    pays = roofline.workers_pay(compute, gradient_bytes, bandwidth, workers=2)
    print(
        f"\ndata parallelism, 2 workers, global batch {batch}, gradients {parameters:,} x 4 bytes = {gradient_bytes / 1e6:.1f} MB:"
    )
    print(f"  ring all-reduce at {bandwidth / 1e9:.1f} GB/s: 2 x (2 - 1) / 2 x bytes / bandwidth = {allreduce * 1e3:.2f} ms")
    print(f"  one worker:                                   {compute * 1e3:>8.1f} ms a step")
    print(
        f"  two workers, each with cores of its own:      {split * 1e3:>8.1f} ms a step "
        f"(compute / 2 + all-reduce): {'pays' if pays else 'does not pay'}"
    )
    print(
        f"  two workers sharing these {env.cpu_cores} cores:           {shared * 1e3:>8.1f} ms a step "
        "(if one process already keeps them busy, compute does not shrink and a second worker cannot pay)"
    )
    print("  (the model leaves out gRPC, latency and the workers' start-up: real steps are slower)")
    print(f"\nload average after: {timing.load_average()}")


if __name__ == "__main__":
    main()
