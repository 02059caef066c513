"""Exercises of notebook 03: the residual block."""

from __future__ import annotations

from helpers.exercises.registry import NOT_ANSWERED, as_number, as_shape, exercise, number_judge
from helpers.i18n import tr

from typing import Any


def _blog_block_params(channels: int) -> int:
    conv = 3 * 3 * channels * channels + channels
    return 2 * conv + 2 * 4 * channels


exercise(
    "03.1",
    "Parameters of the blog's block with 128 input channels, filters=128, stride=1.",
    hint="Two 3x3 convolutions from 128 to 128 channels, each with 128 biases, two BatchNormalizations "
    "with 4 numbers per channel, and no projection (the shapes already match).",
    explanation="2 x (3*3*128*128 + 128) + 2 x 4*128: the second block of the blog's stage 2.",
)(
    number_judge(
        _blog_block_params(128),
        {
            2 * (3 * 3 * 128 * 128 + 128): "That counts the convolutions; the two BatchNormalizations have parameters too.",
            2 * (3 * 3 * 128 * 128 + 128) + 2 * 2 * 128: "Keras counts BN's moving mean and variance too: 4 numbers a channel.",
            2 * 3 * 3 * 128 * 128 + 2 * 4 * 128: "The blog's convolutions keep their biases: one per filter.",
            _blog_block_params(128)
            + 128 * 128
            + 128: "The shapes match here (stride 1, 128 channels in and out): no projection.",
        },
    )
)


@exercise(
    "03.2",
    "Output shape of the blog's block for a (16, 16, 128) input, filters=256, stride=2.",
    hint="Section 2 traced a stride-2 block: look at what the stride does to height and width, and at what sets the number of output channels.",
    explanation="(8, 8, 256): the first block of stage 3 in the blog's network.",
)
def _judge_shape(answer: Any) -> str | None:
    shape = as_shape(answer)
    if shape is None:
        return tr("Answer with a tuple (height, width, channels).")
    if shape == (8, 8, 256):
        return None
    if len(shape) == 4:
        return tr("Leave out the batch dimension.")
    if shape[:2] == (16, 16):
        return tr("The stride changes the height and width.")
    if shape[:2] == (4, 4):
        return tr("Only the first convolution has stride 2 (and the projection, in parallel): the size halves once.")
    if shape[-1:] == (128,):
        return tr("The number of output channels is set by the filters.")
    return tr("{shape} is not it.", shape=shape)


@exercise(
    "03.3",
    "shortcut_params(stride, in_channels, filters): how many parameters the blog's block puts on its shortcut "
    "(0 when the shortcut is the input itself).",
    hint="First decide, as the blog's `if` does, whether F(X) and X differ in shape. If they do, the shortcut is a "
    "1x1 Conv2D from in_channels to filters: count it with notebook 02's (k*k*C_in + 1)*C_out.",
    explanation="0 when stride is 1 and in_channels equals filters; otherwise a 1x1 convolution with biases, "
    "(in_channels + 1) * filters: 8,320 for 64 -> 128.",
)
def _judge_shortcut_params(shortcut_params: Any) -> str | None:
    if not callable(shortcut_params):
        return tr("The answer should be a function shortcut_params(stride, in_channels, filters).")
    for stride, cin, filters in [(1, 64, 64), (2, 64, 128), (1, 64, 128), (2, 64, 64), (1, 128, 128), (1, 256, 64)]:
        got = shortcut_params(stride, cin, filters)
        if got is Ellipsis:
            return NOT_ANSWERED
        if got is None:
            return tr("Your function returns None: did you forget `return`?")
        call = f"shortcut_params({stride}, {cin}, {filters})"
        value = as_number(got)
        if value is None:
            return tr("{call} returned {got!r}, not a number.", call=call, got=got)
        projection = stride != 1 or cin != filters
        if value == ((cin + 1) * filters if projection else 0):
            continue
        if not projection:
            return tr(
                "{call} returned {value:g}: with stride 1 and as many filters as input channels, F(X) has X's shape, "
                "so the shortcut is X itself.",
                call=call,
                value=value,
            )
        if value == 0:
            if cin == filters:
                return tr(
                    "{call} returned 0: the channels match, but stride {stride} shrinks F(X)'s height and width, "
                    "so X needs a projection too.",
                    call=call,
                    stride=stride,
                )
            return tr(
                "{call} returned 0: F(X) has {filters} channels and X has {cin}, so X needs a projection.",
                call=call,
                filters=filters,
                cin=cin,
            )
        if value == cin * filters:
            return tr(
                "{call} returned {value:g}: that counts the 1x1 convolution's weights; the blog's convolution also has a bias per filter.",
                call=call,
                value=value,
            )
        if value == cin * filters + 4 * filters:
            return tr(
                "{call} returned {value:g}: that is the paper's shortcut (no biases, BN after it). The blog's has biases and no BN.",
                call=call,
                value=value,
            )
        if value == (9 * cin + 1) * filters:
            return tr(
                "{call} returned {value:g}: that is a 3x3 convolution. The projection's kernel is 1x1.", call=call, value=value
            )
        return tr("{call} returned {value:g}.", call=call, value=value)
    return None


_BOTTLENECK_CONVS = 1024 * 256 + 3 * 3 * 256 * 256 + 256 * 1024
_BOTTLENECK = _BOTTLENECK_CONVS + 4 * (256 + 256 + 1024)
exercise(
    "03.4",
    "Parameters of the paper's bottleneck block: 1024-channel input, filters=256, stride=1.",
    hint="1x1 from 1024 to 256, 3x3 from 256 to 256, 1x1 from 256 to 4 x 256 (no biases); BN after each, "
    "with 4 numbers per channel; the shapes match, so the shortcut is the identity.",
    explanation="262,144 + 589,824 + 262,144 weights and 4 x (256 + 256 + 1024) BN numbers: a block of ResNet-50's stage 3.",
)(
    number_judge(
        _BOTTLENECK,
        {
            _BOTTLENECK_CONVS: "That counts the convolutions; add the three BatchNormalizations.",
            _BOTTLENECK_CONVS + 4 * 3 * 256: "The last BN follows the widening 1x1 convolution: it has 1024 channels.",
            _BOTTLENECK + 1024 * 1024 + 4 * 1024: "Input and output both have 1024 channels at stride 1: no projection.",
            _BOTTLENECK_CONVS + 256 + 256 + 1024 + 4 * (256 + 256 + 1024): "The paper's convolutions have no biases.",
        },
    )
)


def _layer_kinds(model: Any) -> list[str]:
    return [type(layer).__name__ for layer in model.layers[1:]]


@exercise(
    "03.5",
    "Write preact_bottleneck(x, filters) in Keras: He et al. 2016's pre-activation bottleneck for stride 1 "
    "and an input with 4 * filters channels: (BN, ReLU, conv) three times, with 1x1, 3x3 and 1x1 convolutions "
    "to filters, filters and 4 * filters channels, no conv biases, then add x.",
    hint="Combine the two blocks shown in section 5: the bottleneck's three convolutions, each preceded by BN and "
    "ReLU as in the pre-activation block. Keep x itself for the addition and return the sum: nothing comes after it.",
    explanation="He et al. 2016 used this block for ResNet-164 and ResNet-1001: the shortcut carries x untouched, "
    "so a stack of them computes x_L = x_l + the sum of the branches in between.",
)
def _judge_preact_bottleneck(preact_bottleneck: Any) -> str | None:
    from helpers.models.blocks import preact_bottleneck_block
    from helpers.models.compare import architecture_differences

    import keras

    if not callable(preact_bottleneck):
        return tr("The answer should be a function preact_bottleneck(x, filters) that returns a Keras tensor.")
    inputs = keras.Input((8, 8, 16))
    out = preact_bottleneck(inputs, 4)
    if out is Ellipsis:
        return NOT_ANSWERED
    if out is None:
        return tr("Your function returns None: did you forget `return`?")
    if not isinstance(out, keras.KerasTensor):
        return tr("Return the block's output tensor (a KerasTensor); got {kind}.", kind=type(out).__name__)
    if tuple(out.shape) != (None, 8, 8, 16):
        return tr(
            "For an (8, 8, 16) input and filters=4 the output should have the input's shape; yours is "
            "{shape}. The last 1x1 convolution widens to 4 * filters.",
            shape=tuple(out.shape)[1:],
        )
    model = keras.Model(inputs, out)
    reference = keras.Model(inputs, preact_bottleneck_block(inputs, 4))
    if not architecture_differences(model, reference):
        return None
    kinds = [type(layer).__name__ for layer in model.layers[1:]]
    want = [type(layer).__name__ for layer in reference.layers[1:]]
    if "Add" not in kinds:
        return tr("There is no addition: a residual block adds its input x to the branch's output.")
    if kinds[-1] != "Add":
        return tr("Something comes after the addition. In a pre-activation block nothing does: the sum is the output.")
    if kinds[:2] == ["Conv2D", "BatchNormalization"]:
        return tr("That is the original (post-activation) order, conv then BN. Pre-activation starts with BN and ReLU.")
    counts = {kind: kinds.count(kind) for kind in ("BatchNormalization", "ReLU", "Conv2D")}
    if counts != {"BatchNormalization": 3, "ReLU": 3, "Conv2D": 3}:
        return tr(
            "The block should have 3 BatchNormalization, 3 ReLU and 3 Conv2D layers; yours has {layers}.", layers=", ".join(kinds)
        )
    if kinds != want:
        return tr(
            "The layers are in the order {layers}; the block's is BN -> ReLU -> conv, three times, then add.",
            layers=" -> ".join(kinds),
        )
    convs = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    if any(conv.use_bias for conv in convs):
        return tr("Give the convolutions use_bias=False: the paper's convolutions have no bias.")
    if [conv.kernel_size for conv in convs] != [(1, 1), (3, 3), (1, 1)]:
        return tr("The kernels should be 1x1, 3x3 and 1x1, in that order.")
    if [conv.filters for conv in convs] != [4, 4, 16]:
        return tr("The first two convolutions have `filters` channels, the last one 4 * filters.")
    if convs[1].padding != "same":
        return tr("Give the 3x3 convolution padding='same', so that the branch keeps x's height and width.")
    add = model.layers[-1]
    if inputs._keras_history[0].name not in [t._keras_history[0].name for t in add.input]:
        return tr("The addition should take the block's input x itself, not the normalised x, as its second term.")
    if any(conv.strides != (1, 1) for conv in convs):
        return tr("This block has stride 1: every convolution keeps the height and width.")
    return None  # the same layers in the same order; settings such as padding="same" on a 1x1 change nothing
