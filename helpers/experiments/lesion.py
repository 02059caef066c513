"""Lesion studies (Veit et al. 2016, arXiv:1605.06431): delete parts of a *trained* network at
test time and measure the error.

`lesioned(model, blocks=..., layers=...)` rebuilds a functional model of the CIFAR family
(helpers.models.resnets) from its own trained layers, wired around the parts to delete:

- a residual block is replaced by its shortcut: the identity, or the option-A shortcut
  (subsample, zero-pad the channels) of a downsampling block. The block's final ReLU is left out
  too: its input is the previous block's ReLU output (never negative), and the option-A shortcut
  keeps it non-negative, so ReLU(shortcut(x)) = shortcut(x);
- a plain block, or a single layer (convolution + BN + ReLU), is replaced by the identity
  where its input and output have the same shape.

Layers are shared with the original model, not copied: the lesioned model uses the trained
weights, and deleting nothing gives back a model that computes exactly what the original does.
"""

from __future__ import annotations

from helpers import validation
from helpers.experiments.classification import error_rate
from helpers.models.compare import inbound_layers

import re

import keras
import numpy as np

_BLOCK = re.compile(r"^(stage\d+_block\d+)_conv1$")


def _check_model(model) -> keras.Model:
    validation.keras_model("model", model)
    return model


def blocks(model: keras.Model) -> list[str]:
    """The model's blocks in depth order ("stage1_block1", ...), found from their layer names."""
    names = [m.group(1) for layer in _check_model(model).layers if (m := _BLOCK.match(layer.name))]
    if not names:
        raise ValueError(f"model must be built from named blocks (stage1_block1_conv1, ...); {model.name!r} has none")
    return names


def is_residual(model: keras.Model, block: str) -> bool:
    """Whether `block` adds a shortcut (it has an Add layer)."""
    validation.one_of("block", block, blocks(model))
    return any(layer.name == f"{block}_add" for layer in model.layers)


def is_downsampling(model: keras.Model, block: str) -> bool:
    """Whether `block` changes the shape of its input (stride 2 and more channels)."""
    validation.one_of("block", block, blocks(model))
    conv = model.get_layer(f"{block}_conv1")
    return tuple(conv.input.shape) != tuple(model.get_layer(f"{block}_out_relu").output.shape)


def layers_of(model: keras.Model) -> list[str]:
    """The block layers one can delete from a model without changing shapes: "stageS_blockB_conv1"
    stands for that convolution with the BN and ReLU after it (likewise conv2)."""
    found = []
    for block in blocks(model):
        for unit in ("conv1",) if is_residual(model, block) else ("conv1", "conv2"):
            first, last = _unit_ends(model, block, unit)
            if tuple(model.get_layer(first).input.shape) == tuple(model.get_layer(last).output.shape):
                found.append(f"{block}_{unit}")
    return found


def _unit_ends(model: keras.Model, block: str, unit: str) -> tuple[str, str]:
    if unit == "conv1":
        return f"{block}_conv1", f"{block}_relu1"
    if is_residual(model, block):
        raise ValueError(f"layers: {block}_conv2 feeds the addition of a residual block; delete the whole block instead")
    return f"{block}_conv2", f"{block}_out_relu"


def lesioned(model: keras.Model, blocks_to_remove=(), layers_to_remove=()) -> keras.Model:
    """A model that computes `model` with the given blocks and layers deleted (see the module's docstring).

    blocks_to_remove: names from blocks(model). A residual block becomes its shortcut; a plain block
    the identity, which needs the same input and output shape (not a downsampling block).
    layers_to_remove: names from layers_of(model).
    """
    _check_model(model)
    for argument, names in (("blocks_to_remove", blocks_to_remove), ("layers_to_remove", layers_to_remove)):
        if not isinstance(names, (list, tuple, set, frozenset)):
            raise TypeError(f"{argument} must be a list of names; got {type(names).__name__} {names!r}")
    known_blocks = blocks(model)
    feeds = inbound_layers(model)
    replace: dict[str, str] = {}  # layer name -> the layer whose output stands in for its output
    for block in blocks_to_remove:
        if block not in known_blocks:
            raise ValueError(f"blocks_to_remove must name blocks of {model.name!r} such as {known_blocks[0]!r}; got {block!r}")
        block_input = feeds[f"{block}_conv1"][0]
        if is_residual(model, block):
            has_pad = any(layer.name == f"{block}_zero_pad" for layer in model.layers)
            replace[f"{block}_out_relu"] = f"{block}_zero_pad" if has_pad else block_input
        elif is_downsampling(model, block):
            raise ValueError(f"blocks_to_remove: {block!r} of the plain network changes the shape; it cannot be deleted")
        else:
            replace[f"{block}_out_relu"] = block_input
    deletable = set(layers_of(model)) if layers_to_remove else set()
    for name in layers_to_remove:
        if name not in deletable:
            raise ValueError(f"layers_to_remove must name layers from layers_of(model); got {name!r}")
        block, unit = name.rsplit("_", 1)
        first, last = _unit_ends(model, block, unit)
        replace[last] = feeds[first][0]

    inputs = keras.Input(shape=model.input_shape[1:], name=model.layers[0].name)
    built: dict[str, object] = {model.layers[0].name: inputs}

    def output_of(name: str):
        while name in replace:  # follow chains: a deleted layer whose stand-in was deleted too
            name = replace[name]
        if name not in built:
            arguments = [output_of(source) for source in feeds[name]]
            built[name] = model.get_layer(name)(arguments if len(arguments) > 1 else arguments[0])
        return built[name]

    removed = len(blocks_to_remove) + len(layers_to_remove)
    return keras.Model(inputs, output_of(model.layers[-1].name), name=f"{model.name}_minus_{removed}")


def single_lesions(model: keras.Model, x, y, kind: str = "blocks") -> dict[str, float]:
    """Test error with each block (kind="blocks") or each deletable layer (kind="layers") deleted alone.

    Plain downsampling blocks cannot be deleted and are left out."""
    _check_model(model)
    validation.labelled_images(x, y, model=model)
    validation.one_of("kind", kind, ("blocks", "layers"))
    if kind == "blocks":
        units = [b for b in blocks(model) if is_residual(model, b) or not is_downsampling(model, b)]
        return {b: error_rate(lesioned(model, blocks_to_remove=[b]), x, y, traced=False) for b in units}
    if kind == "layers":
        return {name: error_rate(lesioned(model, layers_to_remove=[name]), x, y, traced=False) for name in layers_of(model)}
    raise ValueError(f"kind must be 'blocks' or 'layers'; got {kind!r}")


def random_lesions(
    model: keras.Model, x, y, ks, draws: int = 3, seed: int = 0, keep_downsampling: bool = True
) -> dict[int, list[float]]:
    """Test error with k blocks chosen at random deleted together, `draws` times for each k.

    keep_downsampling=True draws only from blocks that keep the shape (Veit et al. single those
    out: deleting a downsampling block hurts most)."""
    _check_model(model)
    validation.labelled_images(x, y, model=model)
    validation.positive_int("draws", draws)
    validation.seed("seed", seed)
    validation.boolean("keep_downsampling", keep_downsampling)
    if isinstance(ks, (str, bytes)) or not hasattr(ks, "__iter__"):
        raise TypeError(f"ks must be a list of block counts; got {type(ks).__name__} {ks!r}")
    pool = [b for b in blocks(model) if not (keep_downsampling and is_downsampling(model, b))]
    ks = [validation.positive_int("ks", k) for k in ks]
    if any(k > len(pool) for k in ks):
        raise ValueError(f"ks must be at most {len(pool)}, the number of blocks to draw from; got {max(ks)}")
    rng = np.random.default_rng(seed)
    return {
        k: [
            error_rate(lesioned(model, blocks_to_remove=[str(b) for b in rng.choice(pool, k, replace=False)]), x, y, traced=False)
            for _ in range(draws)
        ]
        for k in ks
    }
