"""Solutions to notebook 02's exercises."""

import numpy as np


def max_pool_2x2(x):
    rows, cols = x.shape
    return x.reshape(rows // 2, 2, cols // 2, 2).max(axis=(1, 3))


def fold_bn(kernel, bias, gamma, beta, mean, var, epsilon=1e-3):
    scale = gamma / np.sqrt(var + epsilon)  # one scale per output channel, the kernel's last axis
    return kernel * scale, (bias - mean) * scale + beta


SOLUTIONS = {
    "02.1": 15,  # (32 - 3) // 2 + 1
    "02.2": 73_856,  # (3 * 3 * 64 + 1) * 128
    "02.3": 7,  # 3 * (6 - 2) / sqrt(4) + 1
    "02.4": max_pool_2x2,
    "02.5": 459,  # the smallest t with 0.99**t < 0.01
    "02.6": fold_bn,
}
