"""Solutions to notebook 01's exercises."""

import numpy as np


def residual(f, x):
    return f(x) + x


def zero_pad_shortcut(x, features):
    return np.pad(x, [(0, 0), (0, features - x.shape[1])])


SOLUTIONS = {
    "01.1": 12,  # F(4) + 4 = 8 + 4
    "01.2": residual,
    "01.3": 13,  # F'(2) + 1 = 6 * 2 + 1
    "01.4": 1.1**10,  # (0.1 + 1) ** 10, about 2.594
    "01.5": (8, 16),  # Dense kernels are (inputs, outputs)
    "01.6": zero_pad_shortcut,
}
