"""Exercises of notebook 07: training FLOPs, the fraction of the ceiling, replicas and TF_CONFIG."""

from __future__ import annotations

from helpers.exercises.registry import NOT_ANSWERED, exercise, number_judge
from helpers.i18n import tr

from typing import Any

exercise(
    "07.1",
    "A network does 100 million multiply-adds in its forward pass for one image. About how many FLOPs does training "
    "on one image take?",
    hint="Two FLOPs a multiply-add give the forward pass; the backward pass costs about twice the forward pass.",
    explanation="2 x 100 million FLOPs forward, and about twice that backward: 3 x 2 x 100 million.",
)(
    number_judge(
        6e8,
        {
            2e8: "That is the forward pass alone. Training adds the backward pass, about twice the forward.",
            3e8: "Three passes' worth is right, but each multiply-add is two FLOPs (a multiply and an add).",
            1e8: "That is the multiply-adds of the forward pass. Count FLOPs, and add the backward pass.",
            4e8: "The backward pass computes two gradients a layer, each about as costly as the forward pass.",
        },
    )
)

exercise(
    "07.2",
    "A network needs 2.6 GFLOP to train on one image and trains at 25 images a second; the machine's float32 matmul "
    "reaches 100 GFLOP/s. What fraction of the matmul figure does training achieve?",
    hint="Achieved FLOP/s = FLOPs per image x images a second. Then divide by the matmul's FLOP/s.",
    explanation="2.6e9 x 25 = 65 GFLOP/s, out of 100.",
)(
    number_judge(
        0.65,
        {
            65: "Right number, as a percentage: answer as a fraction (0.5 for a half).",
            0.26: "That divides the FLOPs of one image by the matmul's FLOP/s; multiply by the images a second first.",
        },
        rel=1e-3,
    )
)

exercise(
    "07.3",
    "MultiWorkerMirroredStrategy on 2 machines with 4 GPUs each, one replica a GPU, global batch 256. How many images "
    "does each replica get a step?",
    hint="Count the replicas across the whole cluster first; the global batch is split evenly among all of them.",
    explanation="2 x 4 = 8 replicas share the 256 images of each step.",
)(
    number_judge(
        32,
        {
            128: "That is each machine's share. Each machine splits it again among its GPUs.",
            64: "That is one machine's share of a 4-machine cluster; here there are 2 machines of 4 GPUs.",
            256: "256 is the global batch: all replicas together.",
            2048: "The global batch is split among the replicas, not multiplied by them.",
        },
    )
)


def _expected_tf_config(ports: list[int], index: int) -> dict:
    return {"cluster": {"worker": [f"127.0.0.1:{p}" for p in ports]}, "task": {"type": "worker", "index": index}}


@exercise(
    "07.4",
    "Write my_tf_config(ports, index): the TF_CONFIG dictionary of worker `index` in a cluster of workers on 127.0.0.1.",
    hint='{"cluster": {"worker": ["127.0.0.1:PORT", ...]}, "task": {"type": "worker", "index": INDEX}}, with every '
    "port in the list, in order, and the index as an int.",
    explanation="Every worker gets the same cluster and its own task; MultiWorkerMirroredStrategy reads it from the "
    "environment variable TF_CONFIG (as JSON text, json.dumps of this dictionary).",
)
def _judge_tf_config(my_tf_config: Any) -> str | None:
    if not callable(my_tf_config):
        return tr("The answer should be a function my_tf_config(ports, index).")
    for ports, index in (([23456, 23457], 0), ([23456, 23457], 1), ([5000, 6000, 7000], 2)):
        got = my_tf_config(list(ports), index)
        if got is Ellipsis:
            return NOT_ANSWERED
        if not isinstance(got, dict):
            return tr(
                "For ports {ports} and index {index} it returned a {kind}, not a dict.",
                ports=ports,
                index=index,
                kind=type(got).__name__,
            )
        expected = _expected_tf_config(ports, index)
        if set(got) != {"cluster", "task"}:
            return tr("The dictionary should have the two keys 'cluster' and 'task'; got {keys}.", keys=sorted(map(str, got)))
        if got["cluster"] != expected["cluster"]:
            return tr(
                "For ports {ports}, 'cluster' should list every worker's address as 'host:port' under 'worker'; got {cluster!r}.",
                ports=ports,
                cluster=got["cluster"],
            )
        if got["task"] != expected["task"]:
            return tr(
                "For index {index}, 'task' should name the type and this worker's index; got {task!r}.",
                index=index,
                task=got["task"],
            )
    return None
