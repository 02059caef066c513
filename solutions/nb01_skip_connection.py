"""Solutions to notebook 01's exercises."""


def residual(f, x):
    return f(x) + x


SOLUTIONS = {
    "01.1": 12,  # F(4) + 4 = 8 + 4
    "01.2": residual,
    "01.3": 13,  # F'(2) + 1 = 6 * 2 + 1
    "01.4": 1,  # (0 + 1) ** 10
    "01.5": (8, 16),  # Dense kernels are (inputs, outputs)
}
