"""Looking inside built models: a layer-by-layer signature, to check two builders agree; copying
keras.applications' ResNet weights into ours by role, to check they compute the same function."""

from __future__ import annotations

from helpers import validation

import re
from typing import Any

import keras


def _inbound_names(node_data: Any) -> list[str]:
    """Names of the layers feeding a layer, from a functional model's serialised config."""
    names: list[str] = []
    if isinstance(node_data, dict):
        if "keras_history" in node_data:
            names.append(node_data["keras_history"][0])
        for value in node_data.values():
            names.extend(_inbound_names(value))
    elif isinstance(node_data, (list, tuple)):
        for item in node_data:
            names.extend(_inbound_names(item))
    return names


def inbound_layers(model: keras.Model) -> dict[str, list[str]]:
    """For each layer of a functional model, the names of the layers that feed it."""
    validation.keras_model("model", model)
    return {c["config"]["name"]: _inbound_names(c.get("inbound_nodes", [])) for c in model.get_config()["layers"]}


def layer_signature(model: keras.Model) -> list[tuple]:
    """One entry a layer: its class, its configuration without the name, its weight shapes and
    the positions of the layers that feed it. Two models with equal signatures are built from
    the same layers, wired the same way, whatever the layers are called."""
    configs = model.get_config()["layers"]
    position = {c["config"]["name"]: i for i, c in enumerate(configs)}
    feeds = inbound_layers(model)
    signature = []
    for layer, config in zip(model.layers, configs):
        settings = {k: v for k, v in config["config"].items() if k != "name"}
        inbound = sorted(position[name] for name in feeds[config["config"]["name"]])
        weights = [tuple(w.shape) for w in layer.weights]
        signature.append((config["class_name"], repr(sorted(settings.items())), weights, inbound))
    return signature


def architecture_differences(a: keras.Model, b: keras.Model) -> list[str]:
    """Human-readable differences between two models' layers; empty when they match."""
    validation.keras_model("a", a)
    validation.keras_model("b", b)
    sa, sb = layer_signature(a), layer_signature(b)
    problems = []
    if len(sa) != len(sb):
        problems.append(f"{len(sa)} layers against {len(sb)}")
    for i, (la, lb) in enumerate(zip(sa, sb)):
        if la != lb:
            fields = [name for name, x, y in zip(("class", "configuration", "weights", "inputs"), la, lb) if x != y]
            problems.append(f"layer {i} ({a.layers[i].name} / {b.layers[i].name}) differs in {', '.join(fields)}")
    return problems


_KERAS_APPLICATIONS_ROLES = (
    (r"stem_conv", "conv1_conv"),
    (r"stem_bn", "conv1_bn"),
    (r"stage(\d+)_block(\d+)_conv(\d)", "conv{stage}_block{1}_{2}_conv"),
    (r"stage(\d+)_block(\d+)_bn(\d)", "conv{stage}_block{1}_{2}_bn"),
    (r"stage(\d+)_block(\d+)_projection", "conv{stage}_block{1}_0_conv"),
    (r"stage(\d+)_block(\d+)_projection_bn", "conv{stage}_block{1}_0_bn"),
    (r"head_classes", "predictions"),
)


def keras_applications_name(name: str) -> str | None:
    """The keras.applications ResNet layer that plays the role of our layer `name`, or None.

    Our stages count from 1 after the stem; keras.applications counts the stem as conv1, so our
    stage s is its conv{s+1}; its `_0_` layers are the projection shortcut.
    """
    validation.text("name", name)
    for pattern, template in _KERAS_APPLICATIONS_ROLES:
        match = re.fullmatch(pattern, name)
        if match:
            groups = match.groups()
            return template.format(*groups, stage=int(groups[0]) + 1 if groups else None)
    return None


def copy_keras_applications_weights(source: keras.Model, target: keras.Model) -> int:
    """Copy every weight of a keras.applications ResNet (`source`) into our build of it (`target`,
    made with keras_conventions=True), layer by layer by role; return how many layers were copied.

    Every layer of `target` with weights must find its counterpart, with the same weight shapes.
    """
    validation.keras_model("source", source)
    validation.keras_model("target", target)
    theirs = {layer.name: layer for layer in source.layers}
    copied = 0
    for layer in target.layers:
        if not layer.weights:
            continue
        role = keras_applications_name(layer.name)
        if role not in theirs:
            raise ValueError(f"target has layer {layer.name!r}, which plays no role in source {source.name!r}")
        weights = theirs[role].get_weights()
        if [w.shape for w in weights] != [tuple(w.shape) for w in layer.weights]:
            raise ValueError(f"target's {layer.name!r} and source's {role!r} hold weights of different shapes")
        layer.set_weights(weights)
        copied += 1
    return copied
