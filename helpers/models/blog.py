"""The blog's network, exactly as the seed post writes it (sections 4 and 6).

Kept as written on purpose, quirks included, because later notebooks teach them:
- the first convolution of a block applies ReLU *before* BatchNormalization
  (He et al. 2015 put BN right after each convolution, before the activation);
- the 1x1 projection shortcut has no BatchNormalization;
- convolutions keep their bias although BN follows (BN's beta makes it redundant).
The only additions are layer names that say where each layer sits, and argument checks.
"""

from __future__ import annotations

from helpers import validation

import keras
from keras import layers

BLOG_STAGES = ((64, 1), (128, 2), (256, 2))  # (filters, stride of the first block), 2 blocks each


def layer_namer(prefix: str | None):
    """role -> "prefix_role" (e.g. "stage2_block1" + "conv1"); no prefix leaves naming to Keras."""
    if prefix is not None:
        validation.text("prefix", prefix)
    return lambda role: f"{prefix}_{role}" if prefix else None


def residual_block(x, filters: int, kernel_size: int = 3, stride: int = 1, *, bn_momentum: float = 0.99, name: str | None = None):
    """The seed's residual block: Conv(ReLU)->BN->Conv->BN, plus the shortcut, then ReLU.

    x: a 4-D tensor (batch, height, width, channels). The shortcut is the input itself,
    or a 1x1 convolution when the stride or the number of channels changes.
    bn_momentum: BatchNormalization's momentum; the seed leaves Keras's default, 0.99.
    name: prefix for the layer names, e.g. "stage2_block1" gives "stage2_block1_conv1".
    """
    validation.feature_map("x", x)
    if name is not None:
        validation.text("name", name)
    filters = validation.positive_int("filters", filters)
    kernel_size = validation.kernel_size("kernel_size", kernel_size)
    stride = validation.positive_int("stride", stride)
    bn_momentum = validation.fraction("bn_momentum", bn_momentum)
    n = layer_namer(name)

    shortcut = x
    x = layers.Conv2D(filters, kernel_size, strides=stride, padding="same", activation="relu", name=n("conv1"))(x)
    x = layers.BatchNormalization(momentum=bn_momentum, name=n("bn1"))(x)
    x = layers.Conv2D(filters, kernel_size, strides=1, padding="same", name=n("conv2"))(x)
    x = layers.BatchNormalization(momentum=bn_momentum, name=n("bn2"))(x)
    if stride != 1 or shortcut.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, kernel_size=1, strides=stride, padding="same", name=n("projection"))(shortcut)
    x = layers.add([x, shortcut], name=n("add"))  # F(X) + X
    x = layers.ReLU(name=n("out_relu"))(x)
    return x


def build_resnet(input_shape: tuple[int, int, int] = (128, 128, 1), *, bn_momentum: float = 0.99) -> keras.Model:
    """The seed's whole network: stem, three stages of two blocks, global pooling, Dense(1).

    For 128x128x1 input it has 2,781,953 parameters (2,778,241 trainable) and ends in one
    linear output, the "score". bn_momentum: BatchNormalization's momentum everywhere (the
    seed keeps Keras's default 0.99; notebook 02 shows why short training wants 0.9). The
    score layer computes in float32 even under a mixed-precision policy.
    """
    input_shape = validation.image_shape("input_shape", input_shape)
    bn_momentum = validation.fraction("bn_momentum", bn_momentum)
    inputs = layers.Input(shape=input_shape, name="image")
    x = layers.Conv2D(64, kernel_size=7, strides=2, padding="same", activation="relu", name="stem_conv")(inputs)
    x = layers.BatchNormalization(momentum=bn_momentum, name="stem_bn")(x)
    x = layers.MaxPooling2D(pool_size=3, strides=2, padding="same", name="stem_pool")(x)
    for stage, (filters, stride) in enumerate(BLOG_STAGES, start=1):
        x = residual_block(x, filters, stride=stride, bn_momentum=bn_momentum, name=f"stage{stage}_block1")
        x = residual_block(x, filters, bn_momentum=bn_momentum, name=f"stage{stage}_block2")
    x = layers.GlobalAveragePooling2D(name="head_pool")(x)
    outputs = layers.Dense(1, activation="linear", dtype="float32", name="head_score")(x)
    return keras.Model(inputs, outputs, name="blog_resnet")
