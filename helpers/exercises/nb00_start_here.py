"""Exercises of notebook 00."""

from helpers.exercises.registry import exercise, number_judge

exercise(
    "00.1",
    "A residual network with 3 blocks: how many different paths can a signal take from input to output?",
    hint="Each block is either passed through (the residual branch) or skipped (the shortcut).",
    explanation="Two choices per block, three blocks: 2 x 2 x 2 paths.",
)(number_judge(8, {6: "That counts 2 choices per block added up; they multiply.", 3: "That counts blocks, not paths."}))
