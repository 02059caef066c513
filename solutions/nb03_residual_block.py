"""Solutions to notebook 03's exercises."""


def needs_projection(stride, in_channels, filters):
    return stride != 1 or in_channels != filters


SOLUTIONS = {
    "03.1": 74_368,  # 2 * (3*3*64*64 + 64) + 2 * 4*64
    "03.2": (16, 16, 128),
    "03.3": needs_projection,
    "03.4": 71_168,  # 256*64 + 3*3*64*64 + 64*256 + 4*(64 + 64 + 256)
}
