"""Residual block variants from the papers, next to the blog's block (helpers.models.blog).

- basic_block: He et al. 2015 (arXiv:1512.03385), Fig. 2: Conv-BN-ReLU, Conv-BN, add, ReLU.
- bottleneck_block: He et al. 2015, Fig. 5: 1x1 (reduce) - 3x3 - 1x1 (expand x4), used from ResNet-50 up.
  The stride sits on the first 1x1 convolution, as in the paper's models and keras.applications.
- preact_block / preact_bottleneck_block: He et al. 2016 (arXiv:1603.05027), "full
  pre-activation": BN-ReLU before each convolution, nothing after the addition.

Shortcuts (He et al. 2015, section 3.3 and Table 3) when the shape changes:
  "A": identity with zero-padded extra channels (no parameters; subsamples for stride 2);
  "B": a 1x1 convolution (+ BN) where the shape changes, identity elsewhere;
  "C": a 1x1 convolution (+ BN) on every block.
"""

from __future__ import annotations

from helpers import validation
from helpers.models.blog import layer_namer

import keras
from keras import layers

SHORTCUTS = ("A", "B", "C")


@keras.saving.register_keras_serializable(package="helpers")
class ZeroPadShortcut(layers.Layer):
    """Option A: keep every stride-th pixel and append zero channels up to `channels`."""

    def __init__(self, channels: int, stride: int = 1, **kwargs):
        channels = validation.positive_int("channels", channels)
        stride = validation.positive_int("stride", stride)
        super().__init__(**kwargs)
        self.channels = channels
        self.stride = stride

    def build(self, input_shape):
        if input_shape[-1] is not None and input_shape[-1] > self.channels:
            raise ValueError(
                f"channels must be at least the input's {input_shape[-1]} channels (option A only adds zero channels);"
                f" got {self.channels}"
            )
        super().build(input_shape)

    def call(self, x):
        if self.stride > 1:
            x = x[:, :: self.stride, :: self.stride, :]
        extra = self.channels - x.shape[-1]
        if extra > 0:
            x = keras.ops.pad(x, [[0, 0], [0, 0], [0, 0], [0, extra]])
        return x

    def compute_output_shape(self, input_shape):
        batch, h, w, _ = input_shape
        shrink = lambda n: None if n is None else -(-n // self.stride)  # noqa: E731  (ceil, as "same" padding)
        return (batch, shrink(h), shrink(w), self.channels)

    def get_config(self):
        return {**super().get_config(), "channels": self.channels, "stride": self.stride}


def _prepare(x, filters: int, stride: int, shortcut: str, bn_momentum: float, bn_epsilon: float, name: str | None):
    """Check a block's arguments; return filters, stride, the layer namer and BN's settings."""
    validation.feature_map("x", x)
    filters = validation.positive_int("filters", filters)
    stride = validation.positive_int("stride", stride)
    validation.one_of("shortcut", shortcut, SHORTCUTS)
    bn_epsilon = validation.number("bn_epsilon", bn_epsilon, above=0.0, maximum=1.0)
    bn = {"momentum": validation.fraction("bn_momentum", bn_momentum), "epsilon": bn_epsilon}
    if name is not None:
        validation.text("name", name)
    if x.shape[-1] is not None:
        validation.positive_int("x channels", x.shape[-1], maximum=4096, why=validation.LAPTOP)
    return filters, stride, layer_namer(name), bn


def _flags(**flags: object) -> None:
    """residual, zero_init, use_bias: True or False itself (the string "False" would count as true)."""
    for flag, value in flags.items():
        validation.boolean(flag, value)


def _shortcut(x, channels: int, stride: int, option: str, n, *, use_bias: bool, bn: dict, with_bn: bool = True):
    """The shortcut branch: identity, zero-padded identity (A) or 1x1 projection (B, C)."""
    changes = stride != 1 or x.shape[-1] != channels
    if option == "C" or (option == "B" and changes):
        x = layers.Conv2D(channels, 1, strides=stride, use_bias=use_bias, name=n("projection"))(x)
        return layers.BatchNormalization(**bn, name=n("projection_bn"))(x) if with_bn else x
    if changes:
        return ZeroPadShortcut(channels, stride, name=n("zero_pad"))(x)
    return x


def basic_block(
    x,
    filters: int,
    stride: int = 1,
    *,
    shortcut: str = "B",
    residual: bool = True,
    zero_init: bool = False,
    use_bias: bool = False,
    bn_momentum: float = 0.99,
    bn_epsilon: float = 1e-3,
    name: str | None = None,
):
    """He et al. 2015's basic block: Conv3x3-BN-ReLU, Conv3x3-BN, add the shortcut, ReLU.

    residual=False gives the plain twin (same layers, no shortcut). zero_init sets the last
    BN's gamma to 0, so the residual branch starts at 0 and the block at ReLU(x).
    """
    filters, stride, n, bn = _prepare(x, filters, stride, shortcut, bn_momentum, bn_epsilon, name)
    _flags(residual=residual, zero_init=zero_init, use_bias=use_bias)
    y = layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=use_bias, name=n("conv1"))(x)
    y = layers.BatchNormalization(**bn, name=n("bn1"))(y)
    y = layers.ReLU(name=n("relu1"))(y)
    y = layers.Conv2D(filters, 3, padding="same", use_bias=use_bias, name=n("conv2"))(y)
    y = layers.BatchNormalization(**bn, gamma_initializer="zeros" if zero_init else "ones", name=n("bn2"))(y)
    if residual:
        y = layers.Add(name=n("add"))([y, _shortcut(x, filters, stride, shortcut, n, use_bias=use_bias, bn=bn)])
    return layers.ReLU(name=n("out_relu"))(y)


def blog_plain_block(
    x, filters: int, kernel_size: int = 3, stride: int = 1, *, bn_momentum: float = 0.99, name: str | None = None
):
    """The plain twin of the blog's block: its layers in its order (Conv with ReLU, BN, Conv, BN,
    ReLU), without the shortcut, so without the projection that only the shortcut needs."""
    filters, stride, n, bn = _prepare(x, filters, stride, "B", bn_momentum, 1e-3, name)  # 1e-3: Keras's default, as the blog's
    kernel_size = validation.kernel_size("kernel_size", kernel_size)
    x = layers.Conv2D(filters, kernel_size, strides=stride, padding="same", activation="relu", name=n("conv1"))(x)
    x = layers.BatchNormalization(**bn, name=n("bn1"))(x)
    x = layers.Conv2D(filters, kernel_size, strides=1, padding="same", name=n("conv2"))(x)
    x = layers.BatchNormalization(**bn, name=n("bn2"))(x)
    return layers.ReLU(name=n("out_relu"))(x)


def bottleneck_block(
    x,
    filters: int,
    stride: int = 1,
    *,
    expansion: int = 4,
    shortcut: str = "B",
    residual: bool = True,
    zero_init: bool = False,
    use_bias: bool = False,
    bn_momentum: float = 0.99,
    bn_epsilon: float = 1e-3,
    name: str | None = None,
):
    """He et al. 2015's bottleneck: 1x1 to `filters`, 3x3, 1x1 to expansion*filters; add; ReLU."""
    filters, stride, n, bn = _prepare(x, filters, stride, shortcut, bn_momentum, bn_epsilon, name)
    _flags(residual=residual, zero_init=zero_init, use_bias=use_bias)
    expansion = validation.positive_int("expansion", expansion)
    validation.positive_int("expansion * filters", expansion * filters, maximum=4096, why=validation.LAPTOP)
    y = layers.Conv2D(filters, 1, strides=stride, use_bias=use_bias, name=n("conv1"))(x)
    y = layers.BatchNormalization(**bn, name=n("bn1"))(y)
    y = layers.ReLU(name=n("relu1"))(y)
    y = layers.Conv2D(filters, 3, padding="same", use_bias=use_bias, name=n("conv2"))(y)
    y = layers.BatchNormalization(**bn, name=n("bn2"))(y)
    y = layers.ReLU(name=n("relu2"))(y)
    y = layers.Conv2D(expansion * filters, 1, use_bias=use_bias, name=n("conv3"))(y)
    y = layers.BatchNormalization(**bn, gamma_initializer="zeros" if zero_init else "ones", name=n("bn3"))(y)
    if residual:
        y = layers.Add(name=n("add"))([y, _shortcut(x, expansion * filters, stride, shortcut, n, use_bias=use_bias, bn=bn)])
    return layers.ReLU(name=n("out_relu"))(y)


def preact_block(
    x,
    filters: int,
    stride: int = 1,
    *,
    shortcut: str = "B",
    residual: bool = True,
    zero_init: bool = False,
    use_bias: bool = False,
    bn_momentum: float = 0.99,
    bn_epsilon: float = 1e-3,
    name: str | None = None,
):
    """He et al. 2016's full pre-activation block: BN-ReLU-Conv3x3, BN-ReLU-Conv3x3, add.

    Nothing follows the addition, so the shortcut path is a pure identity from block to block.
    A projection shortcut takes the pre-activated input and has no BN of its own (the next
    block's BN follows). zero_init sets the last convolution's kernel to 0: the block starts
    as the exact identity.
    """
    filters, stride, n, bn = _prepare(x, filters, stride, shortcut, bn_momentum, bn_epsilon, name)
    _flags(residual=residual, zero_init=zero_init, use_bias=use_bias)
    pre = layers.BatchNormalization(**bn, name=n("preact_bn"))(x)
    pre = layers.ReLU(name=n("preact_relu"))(pre)
    y = layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=use_bias, name=n("conv1"))(pre)
    y = layers.BatchNormalization(**bn, name=n("bn1"))(y)
    y = layers.ReLU(name=n("relu1"))(y)
    y = layers.Conv2D(
        filters,
        3,
        padding="same",
        use_bias=use_bias,
        kernel_initializer="zeros" if zero_init else "glorot_uniform",
        name=n("conv2"),
    )(y)
    if not residual:
        return y
    source = x if (stride == 1 and x.shape[-1] == filters and shortcut != "C") else pre
    return layers.Add(name=n("add"))(
        [y, _shortcut(source, filters, stride, shortcut, n, use_bias=use_bias, bn=bn, with_bn=False)]
    )


def preact_bottleneck_block(
    x,
    filters: int,
    stride: int = 1,
    *,
    expansion: int = 4,
    shortcut: str = "B",
    residual: bool = True,
    zero_init: bool = False,
    use_bias: bool = False,
    bn_momentum: float = 0.99,
    bn_epsilon: float = 1e-3,
    name: str | None = None,
):
    """He et al. 2016's pre-activation bottleneck: BN-ReLU before each of 1x1, 3x3, 1x1; add."""
    filters, stride, n, bn = _prepare(x, filters, stride, shortcut, bn_momentum, bn_epsilon, name)
    _flags(residual=residual, zero_init=zero_init, use_bias=use_bias)
    expansion = validation.positive_int("expansion", expansion)
    validation.positive_int("expansion * filters", expansion * filters, maximum=4096, why=validation.LAPTOP)
    pre = layers.BatchNormalization(**bn, name=n("preact_bn"))(x)
    pre = layers.ReLU(name=n("preact_relu"))(pre)
    y = layers.Conv2D(filters, 1, strides=stride, use_bias=use_bias, name=n("conv1"))(pre)
    y = layers.BatchNormalization(**bn, name=n("bn1"))(y)
    y = layers.ReLU(name=n("relu1"))(y)
    y = layers.Conv2D(filters, 3, padding="same", use_bias=use_bias, name=n("conv2"))(y)
    y = layers.BatchNormalization(**bn, name=n("bn2"))(y)
    y = layers.ReLU(name=n("relu2"))(y)
    y = layers.Conv2D(
        expansion * filters, 1, use_bias=use_bias, kernel_initializer="zeros" if zero_init else "glorot_uniform", name=n("conv3")
    )(y)
    if not residual:
        return y
    out = expansion * filters
    source = x if (stride == 1 and x.shape[-1] == out and shortcut != "C") else pre
    return layers.Add(name=n("add"))([y, _shortcut(source, out, stride, shortcut, n, use_bias=use_bias, bn=bn, with_bn=False)])
