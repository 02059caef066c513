"""Answers the exercise tests share: the course's solutions, and a configurable pre-activation
bottleneck whose wrong versions reach the judge of exercise 03.5."""

import runpy

from keras import layers
from repo import ROOT


def load_solutions() -> dict:
    solutions = {}
    for path in sorted((ROOT / "solutions").glob("nb*.py")):
        for key, answer in runpy.run_path(str(path))["SOLUTIONS"].items():
            assert key not in solutions, f"{key} solved twice"
            assert key.startswith(path.stem[2:4]), f"{key} is in {path.name}"
            solutions[key] = answer
    return solutions


def preact(x, filters, *, order="preact", relu_after=False, bias=False, add=True, shortcut_from_pre=False, last=4):
    pre = None
    y = x
    for i, (k, c) in enumerate(((1, filters), (3, filters), (1, last * filters))):
        conv = layers.Conv2D(c, k, padding="same", use_bias=bias)
        if order == "preact":
            y = layers.BatchNormalization()(y)
            y = layers.ReLU()(y)
            pre = y if pre is None else pre
            y = conv(y)
        else:
            y = layers.BatchNormalization()(conv(y))
            y = layers.ReLU()(y) if i < 2 else y
    if add:
        y = layers.Add()([y, pre if shortcut_from_pre else x])
    return layers.ReLU()(y) if relu_after else y
