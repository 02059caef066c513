"""Gradient flow at initialisation: the gradient of the loss with respect to every kernel, layer
by layer, and its size relative to the kernel (|grad| / |W|).

BatchNormalization runs in training mode, as it does during training: each batch is normalised
with its own statistics. The forward pass is a `stateless_call`, so the model's moving
statistics are left as they were.
"""

from __future__ import annotations

from helpers import validation

import math
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf


@dataclass(frozen=True)
class LayerGradient:
    layer: str  # the Conv2D or Dense layer, in depth order
    grad_norm: float  # ||dL/dW||, Frobenius norm over the whole kernel
    weight_norm: float  # ||W||

    @property
    def ratio(self) -> float:
        """||dL/dW|| / ||W||: how much one SGD step of learning rate 1 would change the kernel, relatively."""
        return self.grad_norm / self.weight_norm if self.weight_norm > 0 else float("inf")


def kernel_layers(model: keras.Model) -> list[keras.layers.Layer]:
    """The Conv2D and Dense layers of a model, in depth order."""
    validation.keras_model("model", model)
    found = [layer for layer in model.layers if isinstance(layer, (keras.layers.Conv2D, keras.layers.Dense))]
    if not found:
        raise ValueError(f"model must have Conv2D or Dense layers; {model.name!r} has none")
    return found


def kernel_gradients(model: keras.Model, x, y) -> list[LayerGradient]:
    """||dL/dW|| and ||W|| for every kernel, L the mean cross-entropy of one batch (BN in training mode)."""
    layers = kernel_layers(model)
    x, y = validation.labelled_images(x, y, min_images=2, model=model)
    weights = [tf.convert_to_tensor(v.numpy()) for v in model.trainable_variables]
    moving = [tf.convert_to_tensor(v.numpy()) for v in model.non_trainable_variables]
    position = {id(v): i for i, v in enumerate(model.trainable_variables)}
    with tf.GradientTape() as tape:
        tape.watch(weights)
        probabilities, _ = model.stateless_call(weights, moving, x, training=True)
        loss = tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, probabilities))
    grads = tape.gradient(loss, weights)
    result = []
    for layer in layers:
        i = position[id(layer.kernel)]
        result.append(LayerGradient(layer.name, float(tf.norm(grads[i])), float(tf.norm(weights[i]))))
    return result


def spread(flow: list[LayerGradient], skip_head: bool = True) -> float:
    """Largest over smallest gradient norm among the convolution kernels (the head left out by default)."""
    validation.instance("flow", flow, (list, tuple), "list of LayerGradient")
    validation.boolean("skip_head", skip_head)
    for g in flow:
        validation.instance("flow", g, LayerGradient, "list of LayerGradient")
    norms = [g.grad_norm for g in (flow[:-1] if skip_head and len(flow) > 1 else flow)]
    if not norms:
        raise ValueError("flow must hold at least one layer")
    return max(norms) / min(norms)


def path_length_contributions(blocks: int, branch_gain: float) -> np.ndarray:
    """How much of the gradient each path length carries in notebook 01's chain of scalar blocks.

    A chain of `blocks` residual blocks y = x + F(x), each branch with the same derivative
    F' = branch_gain, has the derivative (1 + F')^blocks. Expanded (Veit et al. 2016), every one
    of the 2^blocks paths contributes the product of the branches it passes through: the
    C(blocks, k) paths through k branches contribute C(blocks, k) * branch_gain^k together.
    Returns that for k = 0 .. blocks; the entries add up to (1 + branch_gain)^blocks.
    branch_gain is bounded by 1 in size: larger gains overflow floats for long chains.
    """
    blocks = validation.positive_int("blocks", blocks)
    branch_gain = validation.number("branch_gain", branch_gain, minimum=-1.0, maximum=1.0)
    return np.array([math.comb(blocks, k) * branch_gain**k for k in range(blocks + 1)], dtype=float)
