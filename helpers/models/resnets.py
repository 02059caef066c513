"""One configurable ResNet builder, and the famous members of the family built with it.

build(ResNetConfig(...))   any combination of block, depth, widths, stem, input and head
imagenet_resnet(50)        ResNet-18/34/50/101/152 in the ImageNet layout (He et al. 2015, Table 1)
cifar_resnet(56)           the CIFAR family 6n+2 (He et al. 2015, section 4.2); residual=False
                           gives its plain twin
blog_config()              the blog's network as a configuration (the same model as
                           helpers.build_resnet, which tests check); residual=False gives its
                           plain twin
"""

from __future__ import annotations

from helpers import validation
from helpers.models import blocks
from helpers.models.blog import residual_block as blog_block

from dataclasses import dataclass, field, replace

import keras
from keras import layers

BLOCKS = {
    "blog": blog_block,
    "basic": blocks.basic_block,
    "bottleneck": blocks.bottleneck_block,
    "preact": blocks.preact_block,
    "preact_bottleneck": blocks.preact_bottleneck_block,
}
STEMS = ("imagenet", "blog", "cifar")
STEM_PADDINGS = ("same", "symmetric")
HEADS = ("classification", "regression")
IMAGENET_DEPTHS = {
    18: ("basic", (2, 2, 2, 2)),
    34: ("basic", (3, 4, 6, 3)),
    50: ("bottleneck", (3, 4, 6, 3)),
    101: ("bottleneck", (3, 4, 23, 3)),
    152: ("bottleneck", (3, 8, 36, 3)),
}


@dataclass(frozen=True)
class ResNetConfig:
    """Everything that tells one ResNet from another.

    block: "blog", "basic", "bottleneck", "preact" or "preact_bottleneck".
    blocks_per_stage, widths: one entry a stage; stages after the first start with stride 2.
    stem: "imagenet" (7x7/2 conv, BN, ReLU, 3x3/2 max-pool), "blog" (the same with the blog's
        ReLU-before-BN order) or "cifar" (one 3x3 conv, BN, ReLU; no pooling).
    head: "classification" (softmax over `classes`) or "regression" (one linear output).
    residual=False removes every shortcut: the plain twin.
    use_bias: conv biases (keras.applications keeps them; the papers' BN makes them redundant).
    stem_padding: how the imagenet stem pads its 7x7/2 convolution and 3x3/2 max-pool. "same" is
        TensorFlow's padding="same": for a stride-2 window on an even side it pads one more on the
        right and bottom than on the left and top (224 px: 2 and 3). "symmetric" pads 3 (conv) and 1
        (pool) on every side, as Caffe, PyTorch and keras.applications do. Same output sizes, but
        the sampling grid moves by one pixel, so the two compute different functions.
    """

    block: str = "basic"
    blocks_per_stage: tuple[int, ...] = (2, 2, 2, 2)
    widths: tuple[int, ...] = (64, 128, 256, 512)
    stem: str = "imagenet"
    stem_width: int = 64
    input_shape: tuple[int, int, int] = (224, 224, 3)
    head: str = "classification"
    classes: int = 1000
    shortcut: str = "B"
    residual: bool = True
    use_bias: bool = False
    stem_padding: str = "same"
    bn_momentum: float = 0.99
    bn_epsilon: float = 1e-3
    zero_init: bool = False
    name: str = "resnet"
    block_options: dict = field(default_factory=dict)

    def validate(self) -> ResNetConfig:
        validation.one_of("block", self.block, BLOCKS)
        validation.one_of("stem", self.stem, STEMS)
        validation.one_of("head", self.head, HEADS)
        validation.one_of("stem_padding", self.stem_padding, STEM_PADDINGS)
        validation.instance("blocks_per_stage", self.blocks_per_stage, (tuple, list), "tuple of block counts")
        validation.instance("widths", self.widths, (tuple, list), "tuple of widths")
        validation.positive_int(
            "blocks in all stages",
            sum(c if isinstance(c, int) else 0 for c in self.blocks_per_stage),
            maximum=1000,
            why="ResNet-1202 has 600",
        )
        if not self.blocks_per_stage or len(self.blocks_per_stage) != len(self.widths):
            raise ValueError(
                f"blocks_per_stage and widths must have one entry per stage; got {self.blocks_per_stage} and {self.widths}"
            )
        for i, (count, width) in enumerate(zip(self.blocks_per_stage, self.widths)):
            validation.positive_int(f"blocks_per_stage[{i}]", count)
            validation.positive_int(f"widths[{i}]", width)
        validation.positive_int("stem_width", self.stem_width)
        validation.positive_int("classes", self.classes)
        validation.image_shape("input_shape", self.input_shape)
        validation.one_of("shortcut", self.shortcut, ("A", "B", "C"))
        for flag in ("residual", "use_bias", "zero_init"):
            validation.boolean(flag, getattr(self, flag))
        validation.fraction("bn_momentum", self.bn_momentum)
        validation.number("bn_epsilon", self.bn_epsilon, above=0.0, maximum=1.0)
        validation.text("name", self.name)
        validation.instance("block_options", self.block_options, dict)
        return self


def _stem(x, config: ResNetConfig):
    if config.stem == "cifar":
        x = layers.Conv2D(config.stem_width, 3, padding="same", use_bias=config.use_bias, name="stem_conv")(x)
        if config.block.startswith("preact"):
            return x  # the first block's pre-activation follows
        x = layers.BatchNormalization(momentum=config.bn_momentum, epsilon=config.bn_epsilon, name="stem_bn")(x)
        return layers.ReLU(name="stem_relu")(x)
    bn = {"momentum": config.bn_momentum, "epsilon": config.bn_epsilon}
    if config.stem == "blog":
        x = layers.Conv2D(config.stem_width, 7, strides=2, padding="same", activation="relu", name="stem_conv")(x)
        x = layers.BatchNormalization(**bn, name="stem_bn")(x)
    elif config.stem_padding == "symmetric":
        x = layers.ZeroPadding2D(3, name="stem_conv_pad")(x)
        x = layers.Conv2D(config.stem_width, 7, strides=2, use_bias=config.use_bias, name="stem_conv")(x)
        x = layers.BatchNormalization(**bn, name="stem_bn")(x)
        x = layers.ReLU(name="stem_relu")(x)
        x = layers.ZeroPadding2D(1, name="stem_pool_pad")(x)  # zeros lose to every value after the ReLU
        return layers.MaxPooling2D(3, strides=2, name="stem_pool")(x)
    else:
        x = layers.Conv2D(config.stem_width, 7, strides=2, padding="same", use_bias=config.use_bias, name="stem_conv")(x)
        x = layers.BatchNormalization(**bn, name="stem_bn")(x)
        x = layers.ReLU(name="stem_relu")(x)
    return layers.MaxPooling2D(3, strides=2, padding="same", name="stem_pool")(x)


def _block_kwargs(config: ResNetConfig) -> dict:
    if config.block == "blog":
        return {"bn_momentum": config.bn_momentum}
    return {
        "shortcut": config.shortcut,
        "residual": config.residual,
        "zero_init": config.zero_init,
        "use_bias": config.use_bias,
        "bn_momentum": config.bn_momentum,
        "bn_epsilon": config.bn_epsilon,
        **config.block_options,
    }


def build(config: ResNetConfig) -> keras.Model:
    """Build the functional Keras model a ResNetConfig describes."""
    validation.instance("config", config, ResNetConfig)
    config.validate()
    block, kwargs = BLOCKS[config.block], _block_kwargs(config)
    if config.block == "blog" and not config.residual:
        block = blocks.blog_plain_block  # the blog's layers without its shortcut
    inputs = layers.Input(shape=config.input_shape, name="image")
    x = _stem(inputs, config)
    for s, (count, width) in enumerate(zip(config.blocks_per_stage, config.widths), start=1):
        for b in range(1, count + 1):
            stride = 2 if (s > 1 and b == 1) else 1
            x = block(x, width, stride=stride, name=f"stage{s}_block{b}", **kwargs)
    if config.block.startswith("preact"):
        x = layers.BatchNormalization(momentum=config.bn_momentum, epsilon=config.bn_epsilon, name="post_bn")(x)
        x = layers.ReLU(name="post_relu")(x)
    x = layers.GlobalAveragePooling2D(name="head_pool")(x)
    if config.head == "regression":
        outputs = layers.Dense(1, activation="linear", dtype="float32", name="head_score")(x)
    else:
        outputs = layers.Dense(config.classes, activation="softmax", dtype="float32", name="head_classes")(x)
    return keras.Model(inputs, outputs, name=config.name)


def blog_config(**overrides) -> ResNetConfig:
    """The blog's network (seed section 6) as a configuration."""
    base = ResNetConfig(
        block="blog",
        blocks_per_stage=(2, 2, 2),
        widths=(64, 128, 256),
        stem="blog",
        input_shape=(128, 128, 1),
        head="regression",
        use_bias=True,
        name="blog_resnet",
    )
    return replace(base, **overrides)


def imagenet_config(depth: int, *, keras_conventions: bool = False, **overrides) -> ResNetConfig:
    """ResNet-18/34/50/101/152 for 224x224x3 images and 1000 classes (He et al. 2015, Table 1).

    keras_conventions=True builds it as keras.applications does: conv biases (these give exactly
    its parameter counts), BN epsilon 1.001e-5 and symmetric stem padding (these change no count,
    but with them the network computes exactly what keras.applications' does, weight for weight:
    models.compare.copy_keras_applications_weights).
    """
    validation.one_of("depth", depth, IMAGENET_DEPTHS)
    validation.boolean("keras_conventions", keras_conventions)
    depth = int(depth)
    block, counts = IMAGENET_DEPTHS[depth]
    base = ResNetConfig(block=block, blocks_per_stage=counts, name=f"resnet{depth}")
    if keras_conventions:
        base = replace(base, use_bias=True, bn_epsilon=1.001e-5, stem_padding="symmetric")
    return replace(base, **overrides)


def cifar_config(depth: int, *, residual: bool = True, **overrides) -> ResNetConfig:
    """The CIFAR-10 family of He et al. 2015 (section 4.2): 6n+2 layers, 16/32/64 filters,
    option A shortcuts, 32x32x3 input, 10 classes. residual=False: its plain twin."""
    depth = validation.integer("depth", depth, maximum=1202, why="ResNet-1202 is the deepest network in the papers")
    validation.boolean("residual", residual)
    if depth < 8 or (depth - 2) % 6:
        raise ValueError(f"depth must be 6n+2 for a whole n >= 1 (8, 14, 20, 32, 44, 56, 110, ...); got {depth!r}")
    n = (depth - 2) // 6
    base = ResNetConfig(
        block="basic",
        blocks_per_stage=(n, n, n),
        widths=(16, 32, 64),
        stem="cifar",
        stem_width=16,
        input_shape=(32, 32, 3),
        classes=10,
        shortcut="A",
        residual=residual,
        name=f"{'resnet' if residual else 'plain'}{depth}",
    )
    return replace(base, **overrides)


def imagenet_resnet(depth: int, **kwargs) -> keras.Model:
    return build(imagenet_config(depth, **kwargs))


def cifar_resnet(depth: int, **kwargs) -> keras.Model:
    return build(cifar_config(depth, **kwargs))
