"""Every public function and class of helpers refuses bad input with a ValueError or TypeError
whose message starts with the argument's name (issue 13).

One table a module: each case calls one public name with one bad argument (its worst values:
zero, negative, a float for an int, NaN, infinity, None, a string, a huge size, a wrong rank or
shape, a wrong type of model or plan, an unknown name). test_every_public_name_has_cases fails
when a new public function or class has none. The checks run before any heavy work (they are
the first lines of each function, and the huge sizes are refused by bounds before anything is
allocated), so no case here trains or allocates much; nothing is timed.
"""

from __future__ import annotations

import helpers
from helpers import environment, i18n
from helpers.data import bars, digit_pages, digits, photos
from helpers.display import code, diagrams, figures
from helpers.exercises import registry, report
from helpers.experiments import (
    batchnorm,
    classification,
    degradation,
    gradient_flow,
    landscape,
    lesion,
    roofline,
    score_baselines,
    score_training,
    speed_levers,
    timing,
)
from helpers.experiments.distributed import cluster, strategies, training
from helpers.lessons import (
    nb00_start_here,
    nb01_skip_connection,
    nb02_building_blocks,
    nb03_residual_block,
    nb04_full_network,
    nb05_training,
    nb06_why_it_works,
    nb07_speed_and_scale,
)
from helpers.models import blocks, blog, compare, conv_arithmetic, costs, path_counts, resnets, scalar

import ast
import dataclasses
import functools
import importlib
import inspect
import pkgutil
from collections import Counter
from typing import Any, NamedTuple

import keras
import numpy as np
import pytest

NAN, INF, HUGE = float("nan"), float("inf"), 10**9


class Case(NamedTuple):
    target: Any  # the public function or class the case is about
    call: Any  # a function of no arguments that makes the bad call
    error: type  # ValueError or TypeError
    argument: str  # the message starts with it


def case(target, argument: str, error: type, *args, **kwargs) -> Case:
    return Case(target, lambda: target(*args, **kwargs), error, argument)


def plan(target, argument: str, error: type, *args, **kwargs) -> Case:
    """A plan or config class: made with the bad field, then validated (as every helper taking it does)."""
    return Case(target, lambda: target(*args, **kwargs).validate(), error, argument)


def lazy(target, argument: str, error: type, make) -> Case:
    """A case whose arguments need a model or data: make() returns (args, kwargs)."""

    def call():
        args, kwargs = make()
        return target(*args, **kwargs)

    return Case(target, call, error, argument)


# Small objects the cases use, built once --------------------------------------------------


@functools.cache
def classifier() -> keras.Model:
    """A tiny 8x8x1 classifier of 3 classes."""
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Conv2D(2, 3, name="conv")(inputs)
    x = keras.layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, keras.layers.Dense(3, activation="softmax", name="dense")(x))


@functools.cache
def cifar8() -> keras.Model:
    """The smallest CIFAR ResNet (named blocks), on 8x8x1 digits."""
    return degradation.build_network("ResNet-20", (8, 8, 1))


def unbuilt() -> keras.Model:
    return keras.Sequential([keras.layers.Dense(2)])


def images(n=2, side=8, channels=1):
    return np.zeros((n, side, side, channels), "float32")


def measurement(label="a") -> speed_levers.Measurement:
    return speed_levers.Measurement(speed_levers.Setting(label), (0.1, 0.1), (False, True), False)


GOOD_X, GOOD_Y = images(), np.array([0, 1])
DATA = digits.DigitsSplit(GOOD_X, GOOD_Y, GOOD_X, GOOD_Y)

# The tables ---------------------------------------------------------------------------------

CASES: dict[str, list[Case]] = {}

CASES["helpers.models.path_counts"] = [
    case(path_counts.path_lengths, "blocks", ValueError, 0),
    case(path_counts.path_lengths, "blocks", ValueError, HUGE),
    case(path_counts.path_lengths, "blocks", TypeError, 2.5),
    case(path_counts.path_lengths, "blocks", TypeError, "3"),
    case(path_counts.path_lengths, "blocks", TypeError, None),
]

CASES["helpers.models.scalar"] = [
    case(scalar.block_outputs, "function", ValueError, "F(X) = X", 1.0),
    case(scalar.block_outputs, "x", TypeError, "F(X) = X + 2 (the blog's)", "1"),
    case(scalar.block_outputs, "x", ValueError, "F(X) = X + 2 (the blog's)", NAN),
    case(scalar.layer_weights, "depth", ValueError, HUGE, 0.3),
    case(scalar.layer_weights, "depth", TypeError, 2.5, 0.3),
    case(scalar.layer_weights, "scale", ValueError, 10, INF),
    case(scalar.layer_weights, "scale", TypeError, 10, "0.3"),
    case(scalar.layer_weights, "seed", ValueError, 10, 0.3, -1),
    case(scalar.layer_weights, "seed", ValueError, 10, 0.3, 2**32),
    case(scalar.chain_rule_gradients, "x0", ValueError, INF, np.ones(3), True),
    case(scalar.chain_rule_gradients, "weights", ValueError, 1.0, np.full(3, NAN), True),
    case(scalar.chain_rule_gradients, "weights", ValueError, 1.0, np.ones((2, 2)), True),
    case(scalar.chain_rule_gradients, "residual", TypeError, 1.0, np.ones(3), "False"),
]

CASES["helpers.models.conv_arithmetic"] = [
    case(conv_arithmetic.conv_output_size, "size", ValueError, 0, 3),
    case(conv_arithmetic.conv_output_size, "size", TypeError, 8.0, 3),
    case(conv_arithmetic.conv_output_size, "kernel_size", ValueError, 8, HUGE),
    case(conv_arithmetic.conv_output_size, "stride", TypeError, 8, 3, True),
    case(conv_arithmetic.conv_output_size, "padding", ValueError, 8, 3, 1, "full"),
    case(conv_arithmetic.conv_output_size, "padding", TypeError, 8, 3, 1, None),
    case(conv_arithmetic.same_padding, "size", ValueError, -1, 3),
    case(conv_arithmetic.same_padding, "kernel_size", TypeError, 8, "3"),
    case(conv_arithmetic.same_padding, "stride", ValueError, 8, 3, 0),
    case(conv_arithmetic.conv_params, "kernel_size", ValueError, 0, 3, 8),
    case(conv_arithmetic.conv_params, "in_channels", ValueError, 3, HUGE, 8),
    case(conv_arithmetic.conv_params, "filters", TypeError, 3, 3, 2.0),
    case(conv_arithmetic.conv_params, "use_bias", TypeError, 3, 3, 8, "no"),
]

_x = lambda: keras.Input((8, 8, 8))  # noqa: E731
_blocks = (blocks.basic_block, blocks.bottleneck_block, blocks.preact_block, blocks.preact_bottleneck_block)
CASES["helpers.models.blocks"] = [
    case(blocks.ZeroPadShortcut, "channels", ValueError, 0),
    case(blocks.ZeroPadShortcut, "channels", TypeError, 2.5),
    case(blocks.ZeroPadShortcut, "stride", ValueError, 4, HUGE),
    Case(blocks.ZeroPadShortcut, lambda: blocks.ZeroPadShortcut(2)(_x()), ValueError, "channels"),
    *[
        c
        for block in _blocks
        for c in (
            case(block, "x", TypeError, [1, 2, 3], 4),
            lazy(block, "x", ValueError, lambda: ((keras.Input((8, 8)), 4), {})),
            lazy(block, "filters", ValueError, lambda: ((_x(), HUGE), {})),
            lazy(block, "filters", TypeError, lambda: ((_x(), 4.0), {})),
            lazy(block, "stride", ValueError, lambda: ((_x(), 4, 0), {})),
            lazy(block, "shortcut", ValueError, lambda: ((_x(), 4), {"shortcut": "D"})),
            lazy(block, "residual", TypeError, lambda: ((_x(), 4), {"residual": "False"})),
            lazy(block, "zero_init", TypeError, lambda: ((_x(), 4), {"zero_init": "no"})),
            lazy(block, "use_bias", TypeError, lambda: ((_x(), 4), {"use_bias": 1})),
            lazy(block, "bn_momentum", ValueError, lambda: ((_x(), 4), {"bn_momentum": NAN})),
            lazy(block, "bn_epsilon", ValueError, lambda: ((_x(), 4), {"bn_epsilon": -1.0})),
            lazy(block, "name", TypeError, lambda: ((_x(), 4), {"name": 3})),
        )
    ],
    case(blocks.blog_plain_block, "x", TypeError, "x", 4),
    lazy(blocks.blog_plain_block, "filters", ValueError, lambda: ((_x(), HUGE), {})),
    lazy(blocks.blog_plain_block, "kernel_size", ValueError, lambda: ((_x(), 4, 0), {})),
    lazy(blocks.blog_plain_block, "stride", TypeError, lambda: ((_x(), 4, 3, 1.5), {})),
    lazy(blocks.blog_plain_block, "bn_momentum", ValueError, lambda: ((_x(), 4), {"bn_momentum": 1.0})),
    lazy(blocks.blog_plain_block, "name", TypeError, lambda: ((_x(), 4), {"name": 3})),
    lazy(blocks.bottleneck_block, "expansion", ValueError, lambda: ((_x(), 4), {"expansion": 0})),
    lazy(blocks.preact_bottleneck_block, "expansion", TypeError, lambda: ((_x(), 4), {"expansion": 2.0})),
]

CASES["helpers.models.blog"] = [
    case(blog.layer_namer, "prefix", TypeError, 3),
    case(blog.residual_block, "x", TypeError, "x", 4),
    lazy(blog.residual_block, "filters", ValueError, lambda: ((_x(), HUGE), {})),
    lazy(blog.residual_block, "kernel_size", ValueError, lambda: ((_x(), 4, (3, -1)), {})),
    lazy(blog.residual_block, "stride", TypeError, lambda: ((_x(), 4, 3, 1.5), {})),
    lazy(blog.residual_block, "bn_momentum", TypeError, lambda: ((_x(), 4), {"bn_momentum": "0.9"})),
    lazy(blog.residual_block, "name", TypeError, lambda: ((_x(), 4), {"name": ["a"]})),
    case(blog.build_resnet, "input_shape", TypeError, "128"),
    case(blog.build_resnet, "input_shape", ValueError, (128, 128)),
    case(blog.build_resnet, "input_shape", ValueError, (HUGE, 128, 1)),
    case(blog.build_resnet, "input_shape", ValueError, (128, None, 1)),
    case(blog.build_resnet, "bn_momentum", ValueError, bn_momentum=1.0),
]

CASES["helpers.models.resnets"] = [
    plan(resnets.ResNetConfig, "block", ValueError, block="fancy"),
    plan(resnets.ResNetConfig, "block", TypeError, block=["basic"]),
    plan(resnets.ResNetConfig, "blocks_per_stage", TypeError, blocks_per_stage=2),
    plan(resnets.ResNetConfig, "blocks_per_stage[0]", ValueError, blocks_per_stage=(0, 2, 2, 2)),
    plan(resnets.ResNetConfig, "widths[1]", ValueError, widths=(64, HUGE, 256, 512)),
    plan(resnets.ResNetConfig, "stem", ValueError, stem="cifar10"),
    plan(resnets.ResNetConfig, "stem_width", TypeError, stem_width=16.0),
    plan(resnets.ResNetConfig, "input_shape", ValueError, input_shape=(224, 224, 0)),
    plan(resnets.ResNetConfig, "head", ValueError, head="softmax"),
    plan(resnets.ResNetConfig, "classes", ValueError, classes=0),
    plan(resnets.ResNetConfig, "shortcut", ValueError, shortcut="D"),
    plan(resnets.ResNetConfig, "residual", TypeError, residual="False"),
    plan(resnets.ResNetConfig, "use_bias", TypeError, use_bias="no"),
    plan(resnets.ResNetConfig, "stem_padding", ValueError, stem_padding="valid"),
    plan(resnets.ResNetConfig, "stem_padding", TypeError, stem_padding=3),
    plan(resnets.ResNetConfig, "bn_momentum", TypeError, bn_momentum=None),
    plan(resnets.ResNetConfig, "bn_epsilon", ValueError, bn_epsilon=INF),
    plan(resnets.ResNetConfig, "zero_init", TypeError, zero_init="no"),
    plan(resnets.ResNetConfig, "name", TypeError, name=None),
    plan(resnets.ResNetConfig, "block_options", TypeError, block_options=[1]),
    case(resnets.build, "config", TypeError, "resnet18"),
    plan(resnets.blog_config, "block", ValueError, block="nope"),
    case(resnets.imagenet_config, "depth", ValueError, 19),
    case(resnets.imagenet_config, "depth", TypeError, "50"),
    case(resnets.imagenet_config, "keras_conventions", TypeError, 50, keras_conventions="yes"),
    case(resnets.cifar_config, "depth", ValueError, 21),
    case(resnets.cifar_config, "depth", ValueError, 600002),
    case(resnets.cifar_config, "depth", TypeError, 20.0),
    case(resnets.cifar_config, "residual", TypeError, 20, residual="False"),
    case(resnets.imagenet_resnet, "depth", ValueError, 0),
    case(resnets.cifar_resnet, "depth", ValueError, HUGE),
]

CASES["helpers.models.costs"] = [
    case(costs.layer_costs, "model", TypeError, "model"),
    Case(costs.layer_costs, lambda: costs.layer_costs(unbuilt()), ValueError, "model"),
    case(costs.stage_of, "layer_name", TypeError, 3),
    case(costs.stage_table, "model", TypeError, None),
    case(costs.total_macs, "model", TypeError, [1]),
    case(costs.format_stage_table, "rows", TypeError, "rows"),
    case(costs.format_stage_table, "rows", TypeError, [1, 2]),
]

CASES["helpers.models.compare"] = [
    case(compare.inbound_layers, "model", TypeError, "m"),
    Case(compare.layer_signature, lambda: compare.layer_signature(unbuilt()), ValueError, "model"),
    case(compare.architecture_differences, "a", TypeError, 1, 2),
    Case(compare.architecture_differences, lambda: compare.architecture_differences(classifier(), None), TypeError, "b"),
    case(compare.keras_applications_name, "name", TypeError, None),
    case(compare.keras_applications_name, "name", TypeError, 3),
    case(compare.copy_keras_applications_weights, "source", TypeError, "ResNet50", None),
    Case(
        compare.copy_keras_applications_weights,
        lambda: compare.copy_keras_applications_weights(classifier(), 1),
        TypeError,
        "target",
    ),
    Case(
        compare.copy_keras_applications_weights,
        lambda: compare.copy_keras_applications_weights(classifier(), classifier()),
        ValueError,
        "target",
    ),
]

CASES["helpers.data.bars"] = [
    plan(bars.BarSpec, "image_size", ValueError, image_size=0),
    plan(bars.BarSpec, "image_size", ValueError, image_size=HUGE),
    plan(bars.BarSpec, "angle_range", ValueError, angle_range=(-90.0, 90.0)),
    plan(bars.BarSpec, "length_range[1]", ValueError, length_range=(0.3, NAN)),
    plan(bars.BarSpec, "thickness_range", TypeError, thickness_range=0.05),
    plan(bars.BarSpec, "center_range[0]", TypeError, center_range=("0.3", 0.6)),
    plan(bars.BarSpec, "brightness_range", ValueError, brightness_range=(0.5, 2.0)),
    plan(bars.BarSpec, "background_range", ValueError, background_range=(0.3, 0.1)),
    plan(bars.BarSpec, "noise_range", ValueError, noise_range=(-0.1, 0.1)),
    case(bars.sample_parameters, "count", ValueError, HUGE, 0),
    case(bars.sample_parameters, "seed", ValueError, 10, 2**32),
    case(bars.sample_parameters, "spec", TypeError, 10, 0, "big"),
    case(bars.render, "params", TypeError, None, [0, 0]),
    case(bars.render, "params", ValueError, {"angle": [0.0]}, [0, 0]),
    lazy(bars.render, "image_size", ValueError, lambda: ((bars.sample_parameters(1, 0), [0, 0], 0), {})),
    case(bars.drawn_batches, "count", TypeError, 2.5, 0),
    case(bars.drawn_batches, "batch_size", ValueError, 10, 0, HUGE),
    case(bars.drawn_batches, "parallel", TypeError, 10, 0, parallel="yes"),
    case(bars.bar_dataset, "seed", TypeError, 10, None),
    case(bars.bar_dataset, "spec", TypeError, 10, 0, 32, {}),
    case(bars.without_autotuner, "dataset", TypeError, [1, 2, 3]),
    case(bars.bar_arrays, "count", ValueError, HUGE, 0),
    case(bars.bar_arrays, "count", ValueError, 50_000, 0),  # 800 MB of 128x128 images
    case(bars.bar_arrays, "seed", ValueError, 10, -1),
    case(bars.bar_arrays, "spec", TypeError, 10, 0, None),
]

CASES["helpers.data.digits"] = [
    case(digits.digits_split, "test_fraction", ValueError, 0.0),
    case(digits.digits_split, "test_fraction", ValueError, NAN),
    case(digits.digits_split, "test_fraction", TypeError, "0.3"),
    case(digits.digits_split, "seed", ValueError, 0.3, -1),
    case(digits.digits_split, "seed", TypeError, 0.3, 1.5),
    case(digits.digits_split, "upsample", ValueError, 0.3, 0, HUGE),
]

CASES["helpers.data.digit_pages"] = [
    case(digit_pages.pool_digits, "pool", ValueError, "validation"),
    case(digit_pages.pool_digits, "pool", TypeError, ["train"]),
    case(digit_pages.enlarge, "scan", ValueError, np.zeros((7, 7)), 16),
    case(digit_pages.enlarge, "scan", TypeError, "scan", 16),
    case(digit_pages.enlarge, "size", ValueError, np.zeros((8, 8)), HUGE),
    case(digit_pages.enlarge, "size", TypeError, np.zeros((8, 8)), 16.5),
    case(digit_pages.digit_pages, "count", ValueError, 0, 1),
    case(digit_pages.digit_pages, "count", ValueError, HUGE, 1),
    case(digit_pages.digit_pages, "count", TypeError, 2.5, 1),
    case(digit_pages.digit_pages, "seed", ValueError, 2, 2**32),
    case(digit_pages.digit_pages, "pool", ValueError, 2, 1, "everything"),
    case(digit_pages.digit_pages, "image_size", ValueError, 2, 1, "train", 16),
    case(digit_pages.page_dataset, "count", ValueError, HUGE, 1),
    case(digit_pages.page_dataset, "seed", TypeError, 10, None),
    case(digit_pages.page_dataset, "batch_size", ValueError, 10, 1, 0),
    case(digit_pages.page_dataset, "pool", ValueError, 10, 1, 32, "all"),
    case(digit_pages.DigitPools(np.arange(2), np.arange(2, 4)).rows, "pool", ValueError, "both"),
]

# stroke_page: the pages drawn in notebook 05's PageDrawer
CASES["helpers.data.digit_pages"] += [
    case(digit_pages.stroke_page, "strokes", TypeError, "abc"),
    case(digit_pages.stroke_page, "strokes", TypeError, None),
    case(digit_pages.stroke_page, "strokes[0]", ValueError, [[(1, 2, 3)]]),
    case(digit_pages.stroke_page, "strokes[0]", ValueError, [[(1, NAN)]]),
    case(digit_pages.stroke_page, "strokes[1]", TypeError, [[(1, 2)], "ab"]),
    case(digit_pages.stroke_page, "strokes", ValueError, [np.zeros((6_000, 2))] * 2),
    case(digit_pages.stroke_page, "strokes", ValueError, [[(1, 2)]] * 10_001),
    case(digit_pages.stroke_page, "image_size", ValueError, [], 4),
    case(digit_pages.stroke_page, "image_size", ValueError, [], HUGE),
    case(digit_pages.stroke_page, "image_size", TypeError, [], 128.0),
    case(digit_pages.stroke_page, "line_width", ValueError, [], 128, 0.0),
    case(digit_pages.stroke_page, "line_width", ValueError, [], 128, INF),
    case(digit_pages.stroke_page, "line_width", TypeError, [], 128, "3"),
]

CASES["helpers.data.photos"] = [
    case(photos.to_grayscale, "rgb", ValueError, np.zeros((4, 4))),
    case(photos.to_grayscale, "rgb", ValueError, np.full((4, 4, 3), 200.0)),
    case(photos.to_grayscale, "rgb", ValueError, np.full((4, 4, 3), NAN)),
    case(photos.to_grayscale, "rgb", TypeError, "photo.jpg"),
    case(photos.load_gray_photo, "name", ValueError, "cat"),
    case(photos.load_gray_photo, "name", TypeError, None),
    case(photos.load_gray_photo, "downscale", ValueError, "china", 1000),
    case(photos.load_gray_photo, "downscale", TypeError, "china", 1.5),
]

CASES["helpers.environment"] = [
    case(environment.bfloat16_support, "flags", TypeError, "avx512_bf16"),
    case(environment.choose_precision, "precision", ValueError, "float8"),
    case(environment.choose_precision, "precision", TypeError, 32),
    case(environment.setup_notebook, "seed", ValueError, 2**32),
    case(environment.setup_notebook, "seed", TypeError, True),
    case(environment.setup_notebook, "precision", ValueError, 0, "double"),
    case(environment.setup_notebook, "verbose", TypeError, 0, "float32", verbose="no"),
    case(environment.format_checks, "checks", TypeError, "ok"),
    case(environment.format_checks, "checks", TypeError, [("python", True, "")]),
]

CASES["helpers.display.code"] = [
    case(code.source_code, "obj", TypeError, 3),
    case(code.source_code, "obj", TypeError, "len"),
]

CASES["helpers.display.figures"] = [
    case(figures.new_figure, "width", ValueError, 0),
    case(figures.new_figure, "width", ValueError, INF),
    case(figures.new_figure, "height", TypeError, 7, "3"),
    case(figures.new_figure, "height", ValueError, 7, 1e6),
    case(figures.figure_png, "fig", TypeError, None),
    lazy(figures.figure_png, "dpi", ValueError, lambda: ((figures.new_figure(),), {"dpi": HUGE})),
    case(figures.Explorer, "controls", TypeError, "slider"),
    case(figures.tint, "name", ValueError, "red"),
    case(figures.tint, "amount", ValueError, "blue", 1.5),
    case(figures.tint, "amount", TypeError, "blue", "0.5"),
    case(figures.describe, "fig", TypeError, None),
    case(figures.describe, "fig", TypeError, b"png"),
    case(figures.figure_with_alt, "fig", TypeError, "figure"),
    case(figures.figure_with_alt, "fig", TypeError, 1),
]

CASES["helpers.exercises.report"] = [
    case(report.exercise_cells, "source", TypeError, None),
    case(report.exercise_cells, "source", TypeError, ["check('00.1', 6)"]),
    case(report.answer_of, "before", TypeError, "x = 1", ast.Constant(1)),
    case(report.answer_of, "answer", TypeError, [], "6"),
    case(report.report_notebook, "path", TypeError, 3),
    case(report.report_notebook, "path", ValueError, "no_such_notebook.ipynb"),
    case(report.notebooks_in, "paths", TypeError, "notebooks"),
    case(report.notebooks_in, "paths", TypeError, [3]),
    case(report.notebooks_in, "paths", ValueError, ["README.md"]),
    case(report.format_report, "paths", TypeError, None),
    case(report.format_report, "paths", ValueError, ["no_such_folder"]),
]

CASES["helpers.i18n"] = [
    case(i18n.set_language, "language", ValueError, "fr"),
    case(i18n.set_language, "language", TypeError, None),
    case(i18n.catalogue, "language", ValueError, "KO"),
    case(i18n.placeholders, "template", TypeError, None),
    case(i18n.placeholders, "template", TypeError, b"{x}"),
    case(i18n.tr, "english", TypeError, 3),
    case(i18n.tr, "english", TypeError, None),
]

CASES["helpers.display.diagrams"] = [
    case(diagrams.plot_model_png, "model", TypeError, "m"),
    Case(diagrams.plot_model_png, lambda: diagrams.plot_model_png(classifier(), dpi=0), ValueError, "dpi"),
    case(diagrams.block_parts, "model", TypeError, None),
    Case(diagrams.block_parts, lambda: diagrams.block_parts(cifar8(), 2), ValueError, "max_blocks_per_stage"),
    Case(diagrams.block_parts, lambda: diagrams.block_parts(cifar8(), 2.0), TypeError, "max_blocks_per_stage"),
    Case(diagrams.draw_blocks, lambda: diagrams.draw_blocks(unbuilt()), ValueError, "model"),
    Case(diagrams.draw_architecture, lambda: diagrams.draw_architecture(cifar8(), "svg"), ValueError, "method"),
    Case(diagrams.draw_architecture, lambda: diagrams.draw_architecture(cifar8(), dpi=HUGE), ValueError, "dpi"),
    Case(
        diagrams.draw_architecture,
        lambda: diagrams.draw_architecture(cifar8(), max_blocks_per_stage=-1),
        ValueError,
        "max_blocks_per_stage",
    ),
]

CASES["helpers.exercises.registry"] = [
    case(registry.exercise, "key", TypeError, 1.0, "q", "h", "e"),
    case(registry.exercise, "question", TypeError, "99.1", None, "h", "e"),
    case(registry.feedback, "key", ValueError, "99.9", 1),
    case(registry.feedback, "key", TypeError, 1, 1),
    case(registry.is_correct, "key", ValueError, "1", 1),
    case(registry.check, "key", ValueError, "", 1),
    case(registry.check, "key", TypeError, ["00.1"], 1),
    case(registry.number_judge, "expected", TypeError, "12"),
    case(registry.number_judge, "expected", ValueError, NAN),
    case(registry.number_judge, "wrong", TypeError, 12, [8]),
    case(registry.number_judge, "rel", ValueError, 12, None, -1.0),
]

CASES["helpers.experiments.batchnorm"] = [
    case(batchnorm.moving_average_trace, "momentum", ValueError, 1.0, 10),
    case(batchnorm.moving_average_trace, "momentum", TypeError, "0.9", 10),
    case(batchnorm.moving_average_trace, "steps", ValueError, 0.9, HUGE),
    case(batchnorm.moving_average_trace, "true_value", ValueError, 0.9, 10, INF),
    case(batchnorm.moving_average_trace, "initial", ValueError, 0.9, 10, 0.05, NAN),
    case(batchnorm.moving_average_trace, "noise", ValueError, 0.9, 10, 0.05, 1.0, -1.0),
    case(batchnorm.moving_average_trace, "seed", ValueError, 0.9, 10, seed=-1),
]

CASES["helpers.experiments.classification"] = [
    case(classification.predict_classes, "model", TypeError, "model", GOOD_X),
    lazy(classification.predict_classes, "x", ValueError, lambda: ((classifier(), images(channels=3)), {})),
    lazy(classification.predict_classes, "x", ValueError, lambda: ((classifier(), np.full((2, 8, 8, 1), NAN)), {})),
    lazy(classification.predict_classes, "batch_size", ValueError, lambda: ((classifier(), GOOD_X, 0), {})),
    lazy(classification.predict_classes, "traced", TypeError, lambda: ((classifier(), GOOD_X), {"traced": "no"})),
    lazy(classification.error_rate, "x", ValueError, lambda: ((classifier(), images(side=9), GOOD_Y), {})),
    lazy(classification.error_rate, "y", ValueError, lambda: ((classifier(), GOOD_X, [0, 3]), {})),
    lazy(classification.error_rate, "y", ValueError, lambda: ((classifier(), GOOD_X, [0]), {})),
    lazy(classification.error_rate, "batch_size", TypeError, lambda: ((classifier(), GOOD_X, GOOD_Y, 2.0), {})),
    case(classification.error_rate, "model", TypeError, None, GOOD_X, GOOD_Y),
]

_recipe = degradation.Recipe
CASES["helpers.experiments.degradation"] = [
    case(_recipe(epochs=0).validate, "epochs", ValueError),
    case(_recipe(batch_size=HUGE).validate, "batch_size", ValueError),
    case(_recipe(learning_rate=INF).validate, "learning_rate", ValueError),
    case(_recipe(learning_rate="0.1").validate, "learning_rate", TypeError),
    case(_recipe(momentum=1.0).validate, "momentum", ValueError),
    case(_recipe(bn_momentum=NAN).validate, "bn_momentum", ValueError),
    case(_recipe(upsample=HUGE).validate, "upsample", ValueError),
    case(_recipe(test_fraction=1.5).validate, "test_fraction", ValueError),
    case(_recipe(seed=-1).validate, "seed", ValueError),
    case(_recipe(epochs=5, warmup_epochs=6).validate, "warmup_epochs", ValueError),
    case(_recipe(warmup_epochs=-1).validate, "warmup_epochs", ValueError),
    plan(degradation.Recipe, "epochs", TypeError, epochs=2.5),
    case(degradation.learning_rate, "recipe", TypeError, "fast", 10),
    case(degradation.learning_rate, "steps_per_epoch", ValueError, _recipe(), 0),
    case(degradation.ErrorCurves, "every", ValueError, DATA, 0),
    case(degradation.load_data, "recipe", TypeError, "fast"),
    case(degradation.build_network, "name", ValueError, "ResNet-21"),
    case(degradation.build_network, "input_shape", ValueError, "ResNet-20", (8, 8)),
    case(degradation.build_network, "bn_momentum", ValueError, "ResNet-20", (8, 8, 1), 1.5),
    case(degradation.ErrorCurves, "data", TypeError, (GOOD_X, GOOD_Y)),
    case(degradation.train_network, "name", ValueError, "plain-21", None),
    case(degradation.train_network, "data", TypeError, "plain-20", (GOOD_X, GOOD_Y)),
    case(degradation.train_network, "recipe", TypeError, "plain-20", DATA, "fast"),
    case(degradation.train_network, "verbose", ValueError, "plain-20", DATA, verbose=5),
    case(degradation.train_all, "data", TypeError, None),
    case(degradation.train_all, "names", ValueError, DATA, names=("ResNet-21",)),
    case(degradation.train_all, "report", TypeError, DATA, report="yes"),
]

CASES["helpers.experiments.gradient_flow"] = [
    case(gradient_flow.kernel_layers, "model", TypeError, "m"),
    Case(gradient_flow.kernel_layers, lambda: gradient_flow.kernel_layers(unbuilt()), ValueError, "model"),
    lazy(gradient_flow.kernel_gradients, "x", ValueError, lambda: ((classifier(), images(n=1), [0]), {})),
    lazy(gradient_flow.kernel_gradients, "x", ValueError, lambda: ((classifier(), images(channels=3), GOOD_Y), {})),
    lazy(gradient_flow.kernel_gradients, "y", ValueError, lambda: ((classifier(), GOOD_X, [0, 7]), {})),
    case(gradient_flow.spread, "flow", ValueError, []),
    case(gradient_flow.spread, "flow", TypeError, [1.0, 2.0]),
    case(gradient_flow.spread, "skip_head", TypeError, [gradient_flow.LayerGradient("a", 1.0, 1.0)], "no"),
    case(gradient_flow.path_length_contributions, "blocks", ValueError, 0, 0.1),
    case(gradient_flow.path_length_contributions, "blocks", ValueError, HUGE, 0.1),
    case(gradient_flow.path_length_contributions, "branch_gain", ValueError, 27, 2.0),
    case(gradient_flow.path_length_contributions, "branch_gain", TypeError, 27, "0.1"),
]

CASES["helpers.experiments.landscape"] = [
    case(landscape.top_hessian_eigenvalue, "model", TypeError, None, GOOD_X, GOOD_Y),
    lazy(landscape.top_hessian_eigenvalue, "y", ValueError, lambda: ((classifier(), GOOD_X, [0, 7]), {})),
    lazy(landscape.top_hessian_eigenvalue, "iterations", ValueError, lambda: ((classifier(), GOOD_X, GOOD_Y, 0), {})),
    lazy(landscape.top_hessian_eigenvalue, "iterations", ValueError, lambda: ((classifier(), GOOD_X, GOOD_Y, HUGE), {})),
    lazy(landscape.top_hessian_eigenvalue, "seed", ValueError, lambda: ((classifier(), GOOD_X, GOOD_Y, 5, -1), {})),
    case(landscape.normalize_filters, "direction", ValueError, np.ones((3, 3)), np.ones((3, 2))),
    case(landscape.normalize_filters, "direction", ValueError, np.full((3, 3), NAN), np.ones((3, 3))),
    case(landscape.normalize_filters, "weights", TypeError, np.ones(3), "w"),
    case(landscape.random_direction, "model", TypeError, None),
    lazy(landscape.random_direction, "seed", ValueError, lambda: ((classifier(), -1), {})),
    lazy(landscape.LossFunction, "x", ValueError, lambda: ((classifier(), images(channels=2), GOOD_Y, None), {})),
    lazy(landscape.LossFunction, "d1", TypeError, lambda: ((classifier(), GOOD_X, GOOD_Y, None), {})),
    lazy(landscape.LossFunction, "d1", ValueError, lambda: ((classifier(), GOOD_X, GOOD_Y, [np.ones(2)]), {})),
    case(landscape.LossFunction, "model", TypeError, "m", GOOD_X, GOOD_Y, []),
    lazy(
        landscape.loss_slice_1d,
        "alphas",
        ValueError,
        lambda: ((classifier(), GOOD_X, GOOD_Y, landscape.random_direction(classifier()), [0.0, INF]), {}),
    ),
    lazy(
        landscape.loss_slice_1d,
        "alphas",
        ValueError,
        lambda: ((classifier(), GOOD_X, GOOD_Y, landscape.random_direction(classifier()), np.zeros(HUGE // 1000)), {}),
    ),
    lazy(
        landscape.loss_surface_2d,
        "betas",
        ValueError,
        lambda: ((classifier(), GOOD_X, GOOD_Y, None, None, [0.0], []), {}),
    ),
    lazy(
        landscape.loss_surface_2d,
        "y",
        ValueError,
        lambda: ((classifier(), GOOD_X, [0, 1, 2], None, None, [0.0], [0.0]), {}),
    ),
]

CASES["helpers.experiments.lesion"] = [
    case(lesion.blocks, "model", TypeError, "m"),
    Case(lesion.blocks, lambda: lesion.blocks(classifier()), ValueError, "model"),
    Case(lesion.is_residual, lambda: lesion.is_residual(cifar8(), "stage9_block1"), ValueError, "block"),
    Case(lesion.is_residual, lambda: lesion.is_residual(cifar8(), 1), TypeError, "block"),
    Case(lesion.is_downsampling, lambda: lesion.is_downsampling(cifar8(), None), TypeError, "block"),
    case(lesion.layers_of, "model", TypeError, 3),
    Case(lesion.lesioned, lambda: lesion.lesioned(cifar8(), "stage1_block1"), TypeError, "blocks_to_remove"),
    Case(lesion.lesioned, lambda: lesion.lesioned(cifar8(), ["stage9_block1"]), ValueError, "blocks_to_remove"),
    Case(lesion.lesioned, lambda: lesion.lesioned(cifar8(), (), ["nope"]), ValueError, "layers_to_remove"),
    Case(lesion.lesioned, lambda: lesion.lesioned(cifar8(), (), 3), TypeError, "layers_to_remove"),
    Case(lesion.single_lesions, lambda: lesion.single_lesions(cifar8(), GOOD_X, GOOD_Y, "units"), ValueError, "kind"),
    Case(lesion.single_lesions, lambda: lesion.single_lesions(cifar8(), images(channels=3), GOOD_Y), ValueError, "x"),
    Case(lesion.single_lesions, lambda: lesion.single_lesions(cifar8(), GOOD_X, [0, 10]), ValueError, "y"),
    Case(lesion.random_lesions, lambda: lesion.random_lesions(cifar8(), GOOD_X, GOOD_Y, 3), TypeError, "ks"),
    Case(lesion.random_lesions, lambda: lesion.random_lesions(cifar8(), GOOD_X, GOOD_Y, [0]), ValueError, "ks"),
    Case(lesion.random_lesions, lambda: lesion.random_lesions(cifar8(), GOOD_X, GOOD_Y, [99]), ValueError, "ks"),
    Case(lesion.random_lesions, lambda: lesion.random_lesions(cifar8(), GOOD_X, GOOD_Y, [1], 0), ValueError, "draws"),
    Case(lesion.random_lesions, lambda: lesion.random_lesions(cifar8(), GOOD_X, GOOD_Y, [1], 1, 2**32), ValueError, "seed"),
    Case(
        lesion.random_lesions,
        lambda: lesion.random_lesions(cifar8(), GOOD_X, GOOD_Y, [1], keep_downsampling="no"),
        TypeError,
        "keep_downsampling",
    ),
]

_plan = score_training.TrainingPlan
CASES["helpers.experiments.score_training"] = [
    case(_plan(epochs=0).validate, "epochs", ValueError),
    case(_plan(steps_per_epoch=HUGE).validate, "steps_per_epoch", ValueError),
    case(_plan(batch_size=2.0).validate, "batch_size", TypeError),
    case(_plan(peak_learning_rate=INF).validate, "peak_learning_rate", ValueError),
    case(_plan(warmup_fraction=1.0).validate, "warmup_fraction", ValueError),
    case(_plan(validation_images=HUGE).validate, "validation_images", ValueError),
    case(_plan(bn_momentum="0.9").validate, "bn_momentum", TypeError),
    plan(score_training.TrainingPlan, "epochs", ValueError, epochs=-1),
    case(score_training.score_model, "network", ValueError, "resnet"),
    case(score_training.score_model, "task", ValueError, "blog", 0.9, 128, "letters"),
    case(score_training.score_model, "network", TypeError, ["blog"]),
    case(score_training.small_cnn, "image_size", ValueError, 0),
    case(score_training.small_cnn, "bn_momentum", ValueError, 128, 1.5),
    case(score_training.prediction_metrics, "true", ValueError, [1.0, NAN], [1.0, 2.0]),
    case(score_training.prediction_metrics, "predicted", ValueError, [1.0, 2.0], [1.0]),
    case(score_training.prediction_metrics, "true", ValueError, [1.0, 1.0], [1.0, 2.0]),
    case(score_training.prediction_metrics, "predicted", TypeError, [1.0, 2.0], "12"),
    case(score_training.digits_test_set, "count", ValueError, 0),
    case(score_training.digits_test_set, "count", ValueError, HUGE),
    case(score_training.score_model, "bn_momentum", ValueError, "blog", INF),
    case(score_training.score_model, "image_size", ValueError, "blog", 0.9, 4),
    case(score_training.score_model, "image_size", ValueError, "blog", 0.9, HUGE),
    case(score_training.learning_rate_schedule, "plan", TypeError, "fast"),
    case(score_training.check_images, "images", ValueError, images(channels=3), 8),
    case(score_training.check_images, "images", ValueError, np.full((1, 8, 8, 1), NAN), 8),
    case(score_training.check_images, "image_size", ValueError, images(), 0),
    case(score_training.check_images, "name", TypeError, images(), 8, 3),
    case(score_training.train_score_model, "plan", TypeError, "fast"),
    case(score_training.train_score_model, "network", ValueError, network="deep"),
    case(score_training.train_score_model, "task", ValueError, task="angles"),
    case(score_training.train_score_model, "seed", ValueError, seed=-1),
    case(score_training.train_score_model, "verbose", ValueError, verbose=3),
    case(score_training.score_metrics, "model", TypeError, "m", images(side=128), [1.0, 2.0]),
    Case(
        score_training.score_metrics,
        lambda: score_training.score_metrics(score_model_8(), images(), [1.0, NAN]),
        ValueError,
        "angles",
    ),
    Case(
        score_training.score_metrics,
        lambda: score_training.score_metrics(score_model_8(), images(), [1.0, 1.0]),
        ValueError,
        "angles",
    ),
    Case(
        score_training.score_metrics,
        lambda: score_training.score_metrics(score_model_8(), images(side=16), [1.0, 2.0]),
        ValueError,
        "images",
    ),
    case(score_training.test_set, "count", ValueError, 0),
    case(score_training.test_set, "count", ValueError, HUGE),
    case(score_training.test_set, "spec", TypeError, 10, "spec"),
]


@functools.cache
def score_model_8() -> keras.Model:
    return score_training.score_model(image_size=8)


CASES["helpers.experiments.score_baselines"] = [
    case(score_baselines.pixel_statistics, "images", TypeError, "images"),
    case(score_baselines.pixel_statistics, "images", ValueError, np.zeros((2, 8, 8))),
    case(score_baselines.pixel_statistics, "images", ValueError, images(channels=3)),
    case(score_baselines.blind_baseline, "train_scores", ValueError, images(), [1.0], images()),
    case(score_baselines.blind_baseline, "train_scores", ValueError, images(), [1.0, NAN], images()),
    case(score_baselines.blind_baseline, "train_images", ValueError, np.zeros((2, 8)), [1.0, 2.0], images()),
    case(score_baselines.blind_baseline, "test_images", ValueError, images(), [1.0, 2.0], images(channels=2)),
    case(score_baselines.moment_angles, "images", ValueError, np.full((1, 8, 8, 1), INF)),
    case(score_baselines.moment_angles, "images", TypeError, None),
    case(score_baselines.digit_classifier, "neighbours", ValueError, 0),
    case(score_baselines.digit_classifier, "neighbours", TypeError, 3.0),
    case(score_baselines.blob_digit_sums, "pages", ValueError, images(channels=3)),
    case(score_baselines.blob_digit_sums, "classifier", TypeError, images(), "knn"),
]


_setting = speed_levers.Setting
CASES["helpers.experiments.speed_levers"] = [
    plan(speed_levers.Setting, "label", ValueError, ""),
    plan(speed_levers.Setting, "label", ValueError, None),
    plan(speed_levers.Setting, "batch_size", ValueError, "a", HUGE),
    plan(speed_levers.Setting, "pipeline", ValueError, "a", pipeline="fast"),
    plan(speed_levers.Setting, "precision", ValueError, "a", precision="float8"),
    plan(speed_levers.Setting, "jit_compile", TypeError, "a", jit_compile="yes"),
    case(speed_levers.bar_pipeline, "batch_size", ValueError, HUGE),
    case(speed_levers.bar_pipeline, "pipeline", ValueError, 8, "turbo"),
    case(speed_levers.bar_pipeline, "batches", ValueError, 8, batches=0),
    case(speed_levers.bar_pipeline, "image_size", ValueError, 8, image_size=HUGE),
    case(speed_levers.bar_pipeline, "seed", ValueError, 8, seed=-1),
    case(speed_levers.pipeline_throughput, "batch_size", TypeError, 8.0),
    case(speed_levers.pipeline_throughput, "batches", ValueError, 8, batches=HUGE),
    case(speed_levers.step_times, "model", TypeError, "m", None, 2),
    Case(speed_levers.step_times, lambda: speed_levers.step_times(classifier(), None, 2), ValueError, "model"),
    case(speed_levers.measure, "settings", ValueError, [], lambda: None),
    case(speed_levers.measure, "settings", ValueError, [_setting("a"), _setting("a")], lambda: None),
    case(speed_levers.measure, "build_model", ValueError, [_setting("a")], None),
    case(speed_levers.measure, "steps", ValueError, [_setting("a")], lambda: None, steps=HUGE),
    case(speed_levers.measure, "rounds", ValueError, [_setting("a")], lambda: None, rounds=0),
    case(speed_levers.measure, "warmup", ValueError, [_setting("a")], lambda: None, warmup=0),
    case(speed_levers.measure, "image_size", TypeError, [_setting("a")], lambda: None, image_size="128"),
    case(speed_levers.measure, "learning_rate", ValueError, [_setting("a")], lambda: None, learning_rate=INF),
    case(speed_levers.measure, "seed", ValueError, [_setting("a")], lambda: None, seed=2**32),
    case(speed_levers.training_flops_per_image, "macs_per_image", ValueError, INF),
    case(speed_levers.training_flops_per_image, "macs_per_image", TypeError, "1e9"),
    case(speed_levers.speedups, "measurements", ValueError, [], "a"),
    case(speed_levers.speedups, "baseline", ValueError, [measurement()], "b"),
    case(speed_levers.verdict, "measurement", TypeError, "m", measurement()),
    case(speed_levers.verdict, "baseline", TypeError, measurement(), None),
    case(speed_levers.format_table, "measurements", ValueError, "m", "a"),
    case(speed_levers.format_table, "baseline", ValueError, [measurement()], "z"),
]

CASES["helpers.experiments.timing"] = [
    case(timing.time_calls, "fn", TypeError, 3),
    case(timing.time_calls, "repeats", ValueError, lambda: 1, repeats=HUGE),
    case(timing.time_calls, "repeats", TypeError, lambda: 1, repeats=2.0),
    case(timing.time_calls, "warmup", ValueError, lambda: 1, warmup=-1),
    case(timing.matmul_flops, "size", ValueError, HUGE),
    case(timing.matmul_flops, "repeats", ValueError, 8, repeats=0),
    case(timing.matmul_flops, "warmup", ValueError, 8, warmup=HUGE),
    case(timing.matmul_flops, "dtype", ValueError, 8, dtype="int8"),
    case(timing.matmul_flops, "seed", ValueError, 8, seed=-1),
    case(timing.inference_throughput, "model", TypeError, None, 8),
    lazy(timing.inference_throughput, "batch_size", ValueError, lambda: ((classifier(), 0), {})),
    lazy(
        timing.inference_throughput,
        "batch_size * input size",
        ValueError,
        lambda: ((classifier(), 4096), {"input_shape": (1024, 1024, 1)}),
    ),
    lazy(timing.inference_throughput, "input_shape", ValueError, lambda: ((classifier(), 8), {"input_shape": ()})),
    lazy(timing.inference_throughput, "input_shape[0]", TypeError, lambda: ((classifier(), 8), {"input_shape": (8.0, 8, 1)})),
    lazy(timing.inference_throughput, "repeats", ValueError, lambda: ((classifier(), 8), {"repeats": HUGE})),
    lazy(timing.inference_throughput, "warmup", TypeError, lambda: ((classifier(), 8), {"warmup": None})),
    lazy(timing.inference_throughput, "seed", ValueError, lambda: ((classifier(), 8), {"seed": 2**40})),
    case(timing.achieved_flops, "macs_per_image", ValueError, 0, 10.0),
    case(timing.achieved_flops, "images_per_second", ValueError, 1e9, NAN),
    case(timing.achieved_flops, "images_per_second", TypeError, 1e9, "fast"),
]

_times = roofline.LayerTimes(1, (roofline.LayerTime("a", "ReLU", roofline.ELEMENTWISE, 1.0),))
CASES["helpers.experiments.roofline"] = [
    case(roofline.memory_bandwidth, "megabytes", ValueError, 0),
    case(roofline.memory_bandwidth, "megabytes", ValueError, HUGE),
    case(roofline.memory_bandwidth, "megabytes", TypeError, "256"),
    case(roofline.memory_bandwidth, "repeats", ValueError, 1, repeats=0),
    case(roofline.memory_bandwidth, "warmup", TypeError, 1, warmup=1.5),
    case(roofline.layer_intensities, "model", TypeError, "model"),
    Case(roofline.layer_intensities, lambda: roofline.layer_intensities(unbuilt()), ValueError, "model"),
    lazy(roofline.layer_intensities, "batch_size", ValueError, lambda: ((classifier(), 0), {})),
    lazy(roofline.layer_intensities, "batch_size", TypeError, lambda: ((classifier(), 2.0), {})),
    case(roofline.roofline_bound, "intensity", ValueError, -1, 1e9, 1e9),
    case(roofline.roofline_bound, "intensity", TypeError, "1", 1e9, 1e9),
    case(roofline.roofline_bound, "peak_flops", ValueError, 1, INF, 1e9),
    case(roofline.roofline_bound, "bandwidth", ValueError, 1, 1e9, 0),
    case(roofline.layer_times, "model", TypeError, None),
    lazy(roofline.layer_times, "batch_size", ValueError, lambda: ((classifier(), HUGE), {})),
    lazy(roofline.layer_times, "repeats", ValueError, lambda: ((classifier(), 2, 0), {})),
    lazy(roofline.layer_times, "seed", ValueError, lambda: ((classifier(), 2), {"seed": -1})),
    case(roofline.step_seconds, "model", TypeError, [1]),
    lazy(roofline.step_seconds, "batch_size", TypeError, lambda: ((classifier(), True), {})),
    lazy(roofline.step_seconds, "repeats", TypeError, lambda: ((classifier(), 2, 2.0), {})),
    case(roofline.grouped_times, "times", TypeError, [1.0]),
    case(roofline.grouped_times, "times", ValueError, roofline.LayerTimes(1, ())),
    case(roofline.grouped_times, "by", ValueError, _times, "name"),
    case(roofline.time_shares, "times", TypeError, None),
    case(roofline.time_shares, "by", TypeError, _times, 3),
    case(roofline.flop_shares, "intensities", TypeError, "rows"),
    case(roofline.flop_shares, "intensities", ValueError, []),
    case(roofline.flop_shares, "intensities", ValueError, [1.0]),
    case(roofline.flop_shares, "by", ValueError, [roofline.LayerIntensity("a", "ReLU", "e", 1, 1.0, 1.0)], "name"),
    case(roofline.allreduce_seconds, "gradient_bytes", ValueError, 0, 1e9),
    case(roofline.allreduce_seconds, "bandwidth", ValueError, 1e6, NAN),
    case(roofline.allreduce_seconds, "workers", ValueError, 1e6, 1e9, HUGE),
    case(roofline.data_parallel_step, "compute_seconds", ValueError, -1.0, 2, 1e6, 1e9),
    case(roofline.data_parallel_step, "workers", TypeError, 1.0, 2.0, 1e6, 1e9),
    case(roofline.data_parallel_step, "overhead_s", ValueError, 1.0, 2, 1e6, 1e9, -1.0),
    case(roofline.workers_pay, "compute_seconds", TypeError, "1", 1e6, 1e9),
    case(roofline.workers_pay, "workers", ValueError, 1.0, 1e6, 1e9, workers=1),
    case(roofline.workers_pay, "gradient_bytes", ValueError, 1.0, INF, 1e9),
]

CASES["helpers.experiments.distributed.cluster"] = [
    case(cluster.free_ports, "count", ValueError, 0),
    case(cluster.free_ports, "count", ValueError, HUGE),
    case(cluster.tf_config, "ports", ValueError, 8000, 0),
    case(cluster.tf_config, "ports", ValueError, [0, 70000], 0),
    case(cluster.tf_config, "index", ValueError, [8000, 8001], 2),
    case(cluster.tf_config, "index", ValueError, [8000, 8001], "0"),
    case(cluster.launch_workers, "plan", TypeError, "fast"),
    case(cluster.launch_workers, "workers", ValueError, workers=HUGE),
    case(cluster.launch_workers, "timeout", ValueError, timeout=INF),
    case(cluster.launch_workers, "extra_args", ValueError, extra_args=["--steps"]),
]

CASES["helpers.experiments.distributed.strategies"] = [
    case(strategies.split_cpu, "count", ValueError, 0),
    case(strategies.split_cpu, "count", ValueError, HUGE),
    case(strategies.mirrored_strategy, "devices", TypeError, "/cpu:0"),
    case(strategies.mirrored_strategy, "devices", ValueError, []),
    case(strategies.make_strategy, "strategy", ValueError, "tpu"),
    case(strategies.make_strategy, "strategy", TypeError, None),
]

_run = training.RunPlan
CASES["helpers.experiments.distributed.training"] = [
    case(_run(steps=0).validate, "steps", ValueError),
    case(_run(global_batch=HUGE).validate, "global_batch", ValueError),
    case(_run(image_size=4).validate, "image_size", ValueError),
    case(_run(width=2.0).validate, "width", TypeError),
    case(_run(learning_rate=INF).validate, "learning_rate", ValueError),
    case(_run(synchronized_bn="yes").validate, "synchronized_bn", TypeError),
    case(_run(seed=-1).validate, "seed", ValueError),
    case(_run(warmup=12).validate, "warmup", ValueError),
    plan(training.RunPlan, "steps", TypeError, steps="12"),
    case(training.tiny_score_model, "plan", TypeError, "fast"),
    case(training.training_data, "plan", TypeError, None),
    case(training.dataset_for, "input_context", TypeError, None, GOOD_X, GOOD_Y, 2),
    case(training.train, "strategy", TypeError, "single"),
    case(training.max_relative_difference, "losses", ValueError, [1.0], [1.0, 2.0]),
    case(training.max_relative_difference, "losses", ValueError, [NAN], [1.0]),
    case(training.max_relative_difference, "reference", TypeError, [1.0], "1.0"),
]

CASES["helpers.lessons.nb00_start_here"] = [
    case(nb00_start_here.draw_path_lengths, "blocks", ValueError, 0),
    case(nb00_start_here.draw_path_lengths, "blocks", ValueError, HUGE),
    case(nb00_start_here.PathCountExplorer, "blocks", ValueError, 55),
    case(nb00_start_here.PathCountExplorer, "blocks", TypeError, 3.5),
]

CASES["helpers.lessons.nb01_skip_connection"] = [
    case(nb01_skip_connection.draw_scalar_block, "function", ValueError, "F(X) = X", 1.0),
    case(nb01_skip_connection.draw_scalar_block, "x", ValueError, "F(X) = X + 2 (the blog's)", INF),
    case(nb01_skip_connection.ScalarBlockExplorer, "x", ValueError, 6.0),
    case(nb01_skip_connection.ScalarBlockExplorer, "function", ValueError, 1.0, "sin"),
    case(nb01_skip_connection.draw_gradients, "depth", ValueError, HUGE, 0.3),
    case(nb01_skip_connection.draw_gradients, "scale", TypeError, 10, "0.3"),
    case(nb01_skip_connection.draw_gradients, "x0", ValueError, 10, 0.3, NAN),
    case(nb01_skip_connection.gradient_summary, "depth", TypeError, 2.5, 0.3),
    case(nb01_skip_connection.gradient_summary, "seed", ValueError, 10, 0.3, seed=-1),
    case(nb01_skip_connection.GradientExplorer, "depth", ValueError, 101),
    case(nb01_skip_connection.GradientExplorer, "scale", ValueError, 20, 3.0),
]

CASES["helpers.lessons.nb02_building_blocks"] = [
    case(nb02_building_blocks.conv_shape_summary, "size", ValueError, 0, 3, 1, "valid"),
    case(nb02_building_blocks.conv_shape_summary, "padding", ValueError, 8, 3, 1, "full"),
    case(nb02_building_blocks.draw_maps, "maps", ValueError, [], []),
    case(nb02_building_blocks.draw_maps, "titles", ValueError, [np.zeros((4, 4))], ["a", "b"]),
    case(nb02_building_blocks.draw_maps, "maps", ValueError, [np.zeros(4)], ["a"]),
    case(nb02_building_blocks.draw_maps, "cols", ValueError, [np.zeros((4, 4))], ["a"], 0),
    case(nb02_building_blocks.draw_maps, "panel_width", ValueError, [np.zeros((4, 4))], ["a"], None, INF),
    case(nb02_building_blocks.draw_maps, "centred", TypeError, [np.zeros((4, 4))], ["a"], centred="yes"),
    case(nb02_building_blocks.draw_conv_shape, "kernel_size", ValueError, 8, HUGE, 1, "valid"),
    case(nb02_building_blocks.draw_conv_shape, "size", ValueError, HUGE, 3, 1, "valid"),
    case(nb02_building_blocks.draw_conv_shape, "stride", TypeError, 8, 3, 1.0, "valid"),
    case(nb02_building_blocks.ConvShapeExplorer, "padding", ValueError, padding="full"),
    case(nb02_building_blocks.ConvShapeExplorer, "size", ValueError, 13),
    case(nb02_building_blocks.ConvShapeExplorer, "kernel_size", ValueError, 7, 8),
    case(nb02_building_blocks.ConvShapeExplorer, "stride", TypeError, 7, 3, "1"),
    case(nb02_building_blocks.momentum_summary, "momentum", ValueError, 1.0, 10),
    case(nb02_building_blocks.momentum_summary, "steps", ValueError, 0.9, HUGE),
    case(nb02_building_blocks.draw_moving_average, "true_value", ValueError, 0.9, 10, -1.0),
    case(nb02_building_blocks.draw_moving_average, "initial", TypeError, 0.9, 10, 0.05, None),
    case(nb02_building_blocks.MomentumExplorer, "momentum", ValueError, 0.123),
    case(nb02_building_blocks.MomentumExplorer, "steps", ValueError, 0.99, 5),
]

CASES["helpers.lessons.nb03_residual_block"] = [
    case(nb03_residual_block.block_model, "variant", ValueError, "fancy"),
    case(nb03_residual_block.block_model, "in_channels", ValueError, next(iter(nb03_residual_block.VARIANTS)), HUGE),
    case(nb03_residual_block.block_model, "filters", ValueError, next(iter(nb03_residual_block.VARIANTS)), 64, HUGE),
    case(nb03_residual_block.block_model, "stride", ValueError, next(iter(nb03_residual_block.VARIANTS)), 64, 64, 0),
    case(nb03_residual_block.block_model, "side", TypeError, next(iter(nb03_residual_block.VARIANTS)), 64, 64, 1, 16.0),
    case(nb03_residual_block.block_model, "side", ValueError, next(iter(nb03_residual_block.VARIANTS)), 64, 64, 1, HUGE),
    case(nb03_residual_block.role, "layer_name", TypeError, None),
    case(nb03_residual_block.describe, "layer", TypeError, "conv"),
    case(nb03_residual_block.draw_block, "model", TypeError, "m"),
    Case(nb03_residual_block.draw_block, lambda: nb03_residual_block.draw_block(unbuilt()), ValueError, "model"),
    case(nb03_residual_block.block_table, "model", TypeError, None),
    case(nb03_residual_block.block_summary, "model", TypeError, 3),
]

CASES["helpers.lessons.nb04_full_network"] = [
    case(nb04_full_network.explorer_config, "depth", ValueError, 15),
    case(nb04_full_network.explorer_config, "width", ValueError, 14, HUGE),
    case(nb04_full_network.explorer_config, "input_size", TypeError, 14, 64, "128"),
    case(nb04_full_network.draw_stage_costs, "rows", ValueError, []),
    case(nb04_full_network.draw_stage_costs, "rows", ValueError, [1]),
    case(nb04_full_network.draw_stage_costs, "title", TypeError, [costs.StageRow("stem", (None, 8, 8, 2), 1, 1, 1)], 3),
    case(nb04_full_network.draw_receptive_field, "model", TypeError, "m"),
    Case(nb04_full_network.draw_receptive_field, lambda: nb04_full_network.draw_receptive_field(unbuilt()), ValueError, "model"),
    case(nb04_full_network.summary_html, "depth", ValueError, 0, 64, 128, ()),
    case(nb04_full_network.summary_html, "rows", TypeError, 14, 64, 128, "rows"),
    case(nb04_full_network.NetworkExplorer, "depth", ValueError, 15),
    case(nb04_full_network.NetworkExplorer, "width", ValueError, 14, 48),
    case(nb04_full_network.NetworkExplorer, "input_size", TypeError, 14, 64, None),
]

CASES["helpers.lessons.nb05_training"] = [
    case(nb05_training.draw_bar, "angle", ValueError, 100.0, 0.5, 0.5, 0.5),
    case(nb05_training.draw_bar, "angle", TypeError, "30", 0.5, 0.5, 0.5),
    case(nb05_training.draw_bar, "length", ValueError, 30.0, NAN, 0.5, 0.5),
    case(nb05_training.draw_bar, "center_x", ValueError, 30.0, 0.5, 2.0, 0.5),
    case(nb05_training.draw_bar, "center_y", TypeError, 30.0, 0.5, 0.5, None),
    case(nb05_training.draw_bar, "image_size", ValueError, 30.0, 0.5, 0.5, 0.5, HUGE),
    case(nb05_training.draw_prediction, "image", ValueError, np.zeros((4, 4)), 30.0, 20.0, 0.5, 0.5),
    case(nb05_training.draw_prediction, "predicted", ValueError, np.zeros((8, 8, 1)), 30.0, NAN, 0.5, 0.5),
    case(nb05_training.draw_prediction, "center_x", ValueError, np.zeros((8, 8, 1)), 30.0, 20.0, INF, 0.5),
    case(nb05_training.ScoreExplorer, "model", TypeError, "m"),
    case(nb05_training.gallery, "count", ValueError, images(), [1.0, 2.0], 0),
    case(nb05_training.gallery, "images", ValueError, np.zeros((2, 8)), [1.0, 2.0]),
    case(nb05_training.gallery, "angles", ValueError, images(), [1.0]),
    case(nb05_training.learning_curves, "history", TypeError, [1, 2]),
    case(nb05_training.learning_curves, "history", ValueError, {"loss": []}),
    case(nb05_training.predicted_vs_true, "predictions", ValueError, [1.0, 2.0], [1.0]),
    case(nb05_training.predicted_vs_true, "angles", ValueError, [1.0, NAN], [1.0, 2.0]),
    case(nb05_training.predicted_vs_true, "title", TypeError, [1.0, 2.0], [1.0, 2.0], 3),
    case(nb05_training.worst_predictions, "count", ValueError, images(), [1.0, 2.0], [1.0, 2.0], HUGE),
    case(nb05_training.worst_predictions, "predictions", ValueError, images(), [1.0, 2.0], [1.0, 2.0, 3.0]),
]


@functools.cache
def page_model(shape=(128, 128, 1)) -> keras.Model:
    """A stand-in for the digit-sum network: pages of `shape` to one score."""
    return keras.Sequential([keras.Input(shape), keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(1)])


def drawer() -> nb05_training.PageDrawer:
    return nb05_training.PageDrawer(page_model())


# PageDrawer: draw digits with the mouse; its add_stroke takes points in page pixels
CASES["helpers.lessons.nb05_training"] += [
    case(nb05_training.PageDrawer, "model", TypeError, "m"),
    Case(nb05_training.PageDrawer, lambda: nb05_training.PageDrawer(unbuilt()), ValueError, "model"),
    lazy(nb05_training.PageDrawer, "model", ValueError, lambda: ((classifier(),), {})),  # 3 class scores, not one
    lazy(nb05_training.PageDrawer, "model", ValueError, lambda: ((page_model((128, 96, 1)),), {})),  # not square
    lazy(nb05_training.PageDrawer, "model", ValueError, lambda: ((page_model((128, 128, 3)),), {})),  # colour
    Case(nb05_training.PageDrawer, lambda: drawer().add_stroke("ab"), TypeError, "points"),
    Case(nb05_training.PageDrawer, lambda: drawer().add_stroke(None), TypeError, "points"),
    Case(nb05_training.PageDrawer, lambda: drawer().add_stroke([(1, NAN)]), ValueError, "points"),
    Case(nb05_training.PageDrawer, lambda: drawer().add_stroke(np.zeros((3, 3))), ValueError, "points"),
    Case(nb05_training.PageDrawer, lambda: drawer().add_stroke(np.zeros((10_001, 2))), ValueError, "points"),
]

_curves = {"plain-20": degradation.TrainedNetwork("plain-20", None, [0.1], [0.1], [1.0], 1.0)}
CASES["helpers.lessons.nb06_why_it_works"] = [
    case(nb06_why_it_works.draw_error_curves, "runs", ValueError, {}),
    case(nb06_why_it_works.draw_error_curves, "runs", TypeError, [1]),
    case(nb06_why_it_works.draw_error_curves, "runs", TypeError, {"plain-20": 0.5}),
    case(nb06_why_it_works.draw_gradient_flow, "flows", ValueError, {}),
    case(nb06_why_it_works.draw_gradient_flow, "flows", TypeError, {"a": [1.0]}),
    case(nb06_why_it_works.draw_single_lesions, "errors", ValueError, {}, 0.1, "t"),
    case(nb06_why_it_works.draw_single_lesions, "baseline", ValueError, {"b": 0.2}, NAN, "t"),
    case(nb06_why_it_works.draw_single_lesions, "errors", ValueError, {"b": INF}, 0.1, "t"),
    case(nb06_why_it_works.draw_single_lesions, "title", TypeError, {"b": 0.2}, 0.1, None),
    case(nb06_why_it_works.draw_single_lesions, "downsampling", TypeError, {"b": 0.2}, 0.1, "t", 3),
    case(nb06_why_it_works.draw_random_lesions, "curves", ValueError, {}, {}),
    case(nb06_why_it_works.draw_random_lesions, "baselines", ValueError, {"a": {1: [0.1]}}, {}),
    case(nb06_why_it_works.LesionExplorer, "studies", ValueError, {}),
    case(nb06_why_it_works.LesionExplorer, "studies", TypeError, [1]),
    case(nb06_why_it_works.contour_levels, "count", ValueError, {"a": np.ones((2, 2))}, 0),
    case(nb06_why_it_works.contour_levels, "surfaces", ValueError, {"a": np.full((2, 2), NAN)}),
    case(nb06_why_it_works.contour_levels, "surfaces", ValueError, {}),
    case(nb06_why_it_works.draw_slices_1d, "slices", ValueError, {}, [0.0]),
    case(nb06_why_it_works.draw_slices_1d, "alphas", ValueError, {"a": np.ones(2)}, [0.0, NAN]),
    case(nb06_why_it_works.draw_slices_1d, "slices", ValueError, {"a": np.ones(3)}, [0.0, 1.0]),
    case(nb06_why_it_works.draw_slices_1d, "colors", TypeError, {"a": np.ones(2)}, [0.0, 1.0], "red"),
    case(nb06_why_it_works.draw_surface, "ax", TypeError, None, np.ones((2, 2)), [0.0, 1.0], [0.0, 1.0], np.arange(3.0), "t"),
    case(nb06_why_it_works.draw_surfaces, "surfaces", ValueError, {}, [0.0], [0.0]),
    case(nb06_why_it_works.draw_surfaces, "alphas", ValueError, {"a": np.ones((2, 2))}, [0.0], [0.0, 1.0]),
    case(nb06_why_it_works.draw_surfaces, "levels", ValueError, {"a": np.ones((2, 2))}, [0.0, 1.0], [0.0, 1.0], np.array([NAN])),
    case(nb06_why_it_works.LandscapeExplorer, "surfaces", ValueError, {}, [0.0], [0.0]),
    case(nb06_why_it_works.LandscapeExplorer, "betas", ValueError, {"a": np.ones((2, 2))}, [0.0, 1.0], [0.0]),
]

CASES["helpers.lessons.nb07_speed_and_scale"] = [
    case(nb07_speed_and_scale.draw_levers, "measurements", ValueError, [], "a"),
    case(nb07_speed_and_scale.draw_levers, "baseline", ValueError, [measurement()], "b"),
    case(nb07_speed_and_scale.draw_levers, "title", TypeError, [measurement()], "a", 3),
    case(nb07_speed_and_scale.draw_step_times, "measurement", ValueError, "m", measurement()),
    case(nb07_speed_and_scale.draw_step_times, "baseline", ValueError, measurement(), None),
    case(nb07_speed_and_scale.step_summary, "measurement", ValueError, 3, measurement()),
    case(nb07_speed_and_scale.step_summary, "baseline", ValueError, measurement(), "a"),
    case(nb07_speed_and_scale.LeverExplorer, "measurements", ValueError, [], "a"),
    case(nb07_speed_and_scale.LeverExplorer, "baseline", ValueError, [measurement()], "z"),
    case(nb07_speed_and_scale.draw_ceiling, "achieved", ValueError, {}, {"cpu": 1e9}),
    case(nb07_speed_and_scale.draw_ceiling, "ceilings", ValueError, {"a": 1e9}, {"cpu": INF}),
    case(nb07_speed_and_scale.draw_ceiling, "achieved", ValueError, {"a": -1.0}, {"cpu": 1e9}),
    case(nb07_speed_and_scale.draw_roofline, "intensities", TypeError, "layers", _times, 1e9, 1e9),
    case(nb07_speed_and_scale.draw_roofline, "times", TypeError, [], [1.0], 1e9, 1e9),
    case(nb07_speed_and_scale.draw_roofline, "peak", ValueError, [], _times, 0, 1e9),
    case(nb07_speed_and_scale.draw_roofline, "bandwidth", ValueError, [], _times, 1e9, NAN),
    case(nb07_speed_and_scale.draw_roofline, "times", ValueError, [], _times, 1e9, 1e9),
]

# What has no table, and why ------------------------------------------------------------------

# helpers.validation is the vocabulary itself: tests/helpers/test_validation.py tests it with
# hypothesis. The exercise modules (helpers/exercises/nbNN_*.py) have no public names: their
# judges are reached through check(), tested in test_exercises.py.
NO_TABLE = {"helpers.validation", "helpers.experiments.distributed.worker", "helpers.exercises.__main__"}
# Records of results, made by helpers from what they measured (a student never builds one), and
# judges' tools that take any answer by design; an exception class; a TensorFlow class that
# takes TensorFlow's own arguments; a matplotlib Figure subclass that takes Figure's.
EXEMPT = {
    costs.LayerCost,
    costs.StageRow,
    digits.DigitsSplit,
    environment.EnvironmentReport,
    environment.Check,
    diagrams.Diagram,
    diagrams.Part,
    registry.Exercise,
    degradation.TrainedNetwork,
    gradient_flow.LayerGradient,
    score_training.TrainingResult,
    score_training.ScoreTask,
    speed_levers.Measurement,
    roofline.LayerIntensity,
    roofline.LayerTime,
    roofline.LayerTimes,
    cluster.MultiWorkerRun,
    training.RunResult,
    registry.unanswered,
    registry.as_number,
    registry.as_shape,
    cluster.WorkerError,
    strategies.KerasMultiWorkerMirroredStrategy,
    figures.PaletteFigure,
    report.Result,
    report.NeedsState,
}
# worker.main/parse_arguments and helpers.exercises.__main__.main read a command line: argparse reports bad input itself (usage
# and exit status 2), as a command-line program should; tests/helpers/experiments/test_distributed.py
# runs it.


def _public_names(module) -> list[tuple[str, Any]]:
    return [
        (name, obj)
        for name, obj in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and getattr(obj, "__module__", None) == module.__name__
    ]


def _takes_arguments(obj) -> bool:
    try:
        return bool(inspect.signature(obj).parameters)
    except (TypeError, ValueError):
        return True


def _modules():
    for info in pkgutil.walk_packages(helpers.__path__, "helpers."):
        module = importlib.import_module(info.name)
        if info.name in NO_TABLE or not _public_names(module):
            continue
        yield module


ALL = [(module, c) for module, cases in CASES.items() for c in cases]


@pytest.mark.parametrize(
    "module, bad",
    ALL,
    ids=[f"{m.rsplit('.', 1)[-1]}.{getattr(c.target, '__qualname__', '?')}-{c.argument}-{i}" for i, (m, c) in enumerate(ALL)],
)
def test_bad_input_names_the_argument(module, bad):
    with pytest.raises(bad.error) as caught:
        bad.call()
    message = str(caught.value)
    assert caught.type is bad.error, f"{caught.type.__name__}: {message}"
    assert message.startswith(bad.argument), message
    frames = [str(f.path) for f in caught.traceback]
    assert "/helpers/" in frames[-1], f"raised outside helpers: {frames[-1]}"


def test_every_public_name_has_cases():
    """A new public function or class of helpers without bad-input cases fails here."""
    covered = {id(getattr(c.target, "__func__", c.target)) for cases in CASES.values() for c in cases}
    # a plan's .validate() covers its class
    covered |= {id(type(c.target.__self__)) for cases in CASES.values() for c in cases if inspect.ismethod(c.target)}
    missing = []
    for module in _modules():
        for name, obj in _public_names(module):
            if not _takes_arguments(obj) or obj in EXEMPT:
                continue  # nothing to get wrong: cpu_flags(), load_average(), BlockExplorer() ...
            if id(obj) not in covered:
                missing.append(f"{module.__name__}.{name}")
    assert not missing, f"public names without bad-input cases: {missing}"
    assert set(CASES) <= {m.__name__ for m in _modules()}, "a table for a module that has no public names"


def test_case_counts_by_module():
    """The counts the closing note of issue 13 quotes (printed with pytest -s)."""
    counts = Counter({module: len(cases) for module, cases in CASES.items()})
    for module, count in sorted(counts.items()):
        print(f"{count:4d}  {module}")
    print(f"{sum(counts.values()):4d}  in all")
    assert all(count >= 2 for count in counts.values())


def test_exempt_classes_are_records():
    """The exempt classes are records (dataclasses without a validate method) or named above."""
    named = {registry.unanswered, registry.as_number, registry.as_shape, cluster.WorkerError}
    named |= {strategies.KerasMultiWorkerMirroredStrategy, figures.PaletteFigure, report.NeedsState}
    for obj in EXEMPT - named:
        assert dataclasses.is_dataclass(obj) and not hasattr(obj, "validate"), obj
