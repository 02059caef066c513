"""Solutions to notebook 06's exercises."""

import numpy as np


def normalize_filters(direction, kernel):
    axes = tuple(range(kernel.ndim - 1))  # every axis but the last: one norm a filter
    direction_norms = np.sqrt(np.sum(direction**2, axis=axes, keepdims=True))
    kernel_norms = np.sqrt(np.sum(kernel**2, axis=axes, keepdims=True))
    return direction / direction_norms * kernel_norms


SOLUTIONS = {
    "06.1": "b",  # plain-56 has a higher *training* error than plain-20
    "06.2": 7,  # 0.5**7 = 0.78% < 1% <= 0.5**6
    "06.3": normalize_filters,
    "06.4": 0.005,  # learning rate 0.1 times the ratio 0.05
}
