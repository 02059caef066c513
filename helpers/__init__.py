"""Helpers for the ResNet course notebooks.

Importing this package imports TensorFlow quietly (its C++ start-up lines kept out of the
notebook), so `import helpers` comes before anything that imports TensorFlow or Keras.
"""

from helpers.environment import quiet_tensorflow_import

quiet_tensorflow_import()

from helpers.blog_resnet import build_resnet, residual_block  # noqa: E402
from helpers.environment import setup_notebook  # noqa: E402
from helpers.exercises import check  # noqa: E402

__all__ = ["build_resnet", "residual_block", "setup_notebook", "check"]
