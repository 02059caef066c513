"""Solutions to notebook 03's exercises."""

from keras import layers


def shortcut_params(stride, in_channels, filters):
    projection = stride != 1 or in_channels != filters  # the blog's `if`: F(X) and X differ in shape
    return (in_channels + 1) * filters if projection else 0  # a 1x1 Conv2D with biases


def preact_bottleneck(x, filters):
    y = x
    for kernel_size, channels in ((1, filters), (3, filters), (1, 4 * filters)):
        y = layers.BatchNormalization()(y)
        y = layers.ReLU()(y)
        y = layers.Conv2D(channels, kernel_size, padding="same" if kernel_size == 3 else "valid", use_bias=False)(y)
    return layers.Add()([y, x])


SOLUTIONS = {
    "03.1": 296_192,  # 2 * (3*3*128*128 + 128) + 2 * 4*128
    "03.2": (8, 8, 256),
    "03.3": shortcut_params,
    "03.4": 1_120_256,  # 1024*256 + 3*3*256*256 + 256*1024 + 4*(256 + 256 + 1024)
    "03.5": preact_bottleneck,
}
