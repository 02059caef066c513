"""Solutions to notebook 05's exercises."""

import numpy as np


def r2_score(true, predicted):
    true, predicted = np.asarray(true, float), np.asarray(predicted, float)
    return 1 - np.sum((true - predicted) ** 2) / np.sum((true - true.mean()) ** 2)


SOLUTIONS = {
    "05.1": 0,
    "05.2": r2_score,
    "05.3": 120,  # a bar turned by 180 degrees looks the same
    "05.4": 80,  # 4 * 25 * 32 = 3,200 images / 40 images/s
}
