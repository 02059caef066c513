"""Exercises of notebook 04: counting a whole network's multiply-adds, parameters and receptive field."""

from __future__ import annotations

from helpers.exercises.registry import as_shape, exercise, number_judge
from helpers.i18n import tr

from typing import Any

exercise(
    "04.1",
    "A 3x3 convolution with 'same' padding and stride 2 turns a 32x32x64 input into 128 channels. "
    "How many multiply-adds does it do for one image (biases not counted)?",
    hint="Multiply-adds = output height x output width x output channels x kernel height x kernel width x input channels. "
    "Work out the output's height and width first.",
    explanation="The output is 16x16x128, and each of its 32,768 numbers takes 3 x 3 x 64 = 576 multiply-adds: "
    "this is stage2_block1_conv1 of the blog's network.",
)(
    number_judge(
        16 * 16 * 128 * 3 * 3 * 64,
        {
            32 * 32 * 128 * 3 * 3 * 64: "That is the count at stride 1. Stride 2 halves the height and the width of the output.",
            3
            * 3
            * 64
            * 128: "That counts each weight once: the number of weights, not of multiply-adds. Each weight is used at every output position.",
            3 * 3 * 64 * 128 + 128: "That is the layer's number of parameters. Each weight is used at every output position.",
            16 * 16 * 128 * 3 * 3 * 128: "The kernel reaches across the input's channels (64), not the output's.",
        },
    )
)

exercise(
    "04.2",
    "Give the blog's network a fourth stage: two of its blocks with 512 filters after stage 3's 256, the first "
    "with stride 2 and a 1x1 projection. How many parameters does that stage have, counted as Keras counts them?",
    hint="Per 3x3 convolution: 3 x 3 x input channels x 512 weights + 512 biases. Per BatchNormalization: 4 numbers a "
    "channel (gamma, beta and the two moving statistics). The projection: 256 x 512 weights + 512 biases. Only the "
    "first convolution sees 256 input channels. Or build it: architectures.blog_config(blocks_per_stage=(2, 2, 2, 2), "
    "widths=(64, 128, 256, 512)) and analysis.stage_table.",
    explanation="About 4 times stage 3's 2,102,528: doubling the width quadruples the weights of every 3x3 convolution.",
)(
    number_judge(
        8_399_360,
        {
            8_395_264: "That leaves out BatchNormalization's moving mean and variance, which Keras counts (as non-trainable).",
            4 * 2_102_528: "Close, and about 4 times stage 3 is the right idea, but the stages are not exact scaled copies: "
            "count the first convolution and the projection with 256 input channels.",
        },
    )
)

exercise(
    "04.3",
    "Suppose the blog's stem had no max-pooling layer: only its 7x7 convolution with stride 2. Stage 1 follows "
    "unchanged, four 3x3 convolutions with stride 1. What would the receptive field's side be at the end of stage 1?",
    hint="Start from the stem convolution alone: receptive field 7, and neighbouring outputs 2 pixels apart (jump 2). "
    "Through a layer with kernel k and stride s: receptive field += (k - 1) x jump, then jump *= s.",
    explanation="7, then 4 x (3 - 1) x 2 more. With the pooling layer it is 43: the pooling's stride doubles what "
    "every later layer adds, which is how ResNets see far with small kernels.",
)(
    number_judge(
        23,
        {
            43: "That is the blog's network with its max-pooling layer. Without it the jump after the stem is smaller.",
            39: "Without the pooling layer's stride 2, the jump after the stem is 2, not 4.",
            15: "Each 3x3 convolution adds (3 - 1) x jump: with a jump of 2, that is more than 2.",
        },
    )
)

exercise(
    "04.4",
    "The blog's network does 432,275,712 multiply-adds per image. If it runs at 100 images a second, how many "
    "GFLOP/s (10^9 floating-point operations a second) does the computer achieve?",
    hint="One multiply-add is two floating-point operations: a multiply and an add.",
    explanation="2 x 432,275,712 x 100 = 86.5 x 10^9 FLOP/s: a laptop CPU's large matmuls reach about that or more.",
)(
    number_judge(
        2 * 432_275_712 * 100 / 1e9,
        {
            432_275_712 * 100 / 1e9: "That counts multiply-adds a second. Each multiply-add is two floating-point operations.",
            2 * 432_275_712 * 100: "Right amount, but in FLOP/s: give it in GFLOP/s (divide by 10^9).",
        },
        rel=0.01,
    )
)


@exercise(
    "04.5",
    "What shape does ResNet-50's last stage output for one 224x224x3 image (height, width, channels; no batch "
    "dimension)? Answer with a tuple.",
    hint="The stem divides the side by 4, and stages 2, 3 and 4 halve it again. A bottleneck block's last 1x1 "
    "convolution expands its width (512 in the last stage) 4 times.",
    explanation="224 / 32 = 7, and 4 x 512 channels: 7 x 7 x 2048, which global average pooling turns into 2,048 numbers.",
)
def _judge_resnet50_output(answer: Any) -> str | None:
    try:
        shape = tuple(answer)
    except TypeError:
        return tr("The answer should be a tuple such as (height, width, channels).")
    if len(shape) == 4 and shape[0] is None:
        return tr("Leave out the batch dimension (None).")
    shape = as_shape(shape)
    if shape is None:
        return tr("The answer should be a tuple of whole numbers.")
    if len(shape) != 3:
        return tr("The answer should have 3 numbers (height, width, channels); got {count}.", count=len(shape))
    if shape == (7, 7, 2048):
        return None
    height, width, channels = shape
    if height != width:
        return tr("The image is square, and every layer treats height and width alike.")
    if height != 7:
        return tr(
            "A side of {height} is not it: count the halvings from 224 (two in the stem, one at the start of stages 2, 3 and 4).",
            height=height,
        )
    if channels == 512:
        return tr("512 is the bottleneck's inner width. Its last 1x1 convolution expands it.")
    return tr("{channels} channels is not it.", channels=channels)
