"""Counting the paths through a stack of residual blocks (Veit et al. 2016, arXiv:1605.06431).

Each block can be passed through its residual branch F or skipped by its shortcut, so n blocks
give 2**n paths from input to output; the number of branches a path goes through is
Binomial(n, 1/2).
"""

from __future__ import annotations

from helpers import validation

from math import comb

import numpy as np


def path_lengths(blocks: int) -> np.ndarray:
    """How many paths go through exactly k residual branches, for k = 0..blocks."""
    blocks = validation.positive_int("blocks", blocks)
    return np.array([comb(blocks, k) for k in range(blocks + 1)], dtype=object)
