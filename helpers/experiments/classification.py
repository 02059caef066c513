"""Predicted classes and error rates of a classifier, in inference mode (BatchNormalization uses
its moving statistics). Notebook 06's degradation and lesion experiments both measure with these."""

from __future__ import annotations

from helpers import validation

import keras
import numpy as np


def predict_classes(model: keras.Model, x, batch_size: int = 600, *, traced: bool = True) -> np.ndarray:
    """The predicted class of every image.

    traced=True goes through `model.predict`, which traces the model into a graph once and is fast
    when the same model predicts again and again (after every epoch). traced=False calls the model
    directly: no tracing, so a model used once (a freshly lesioned one) costs no compilation.
    """
    validation.keras_model("model", model, built=False)  # a subclassed model is built by its first call
    batch_size = validation.positive_int("batch_size", batch_size)
    x = validation.model_input("x", x, model)
    if validation.boolean("traced", traced):
        return np.argmax(model.predict(x, batch_size=batch_size, verbose=0), axis=-1)
    parts = [keras.ops.convert_to_numpy(model(x[i : i + batch_size], training=False)) for i in range(0, len(x), batch_size)]
    return np.argmax(np.concatenate(parts), axis=-1)


def error_rate(model: keras.Model, x, y, batch_size: int = 600, *, traced: bool = True) -> float:
    """The share of images whose predicted class is wrong (see `predict_classes` for `traced`)."""
    validation.keras_model("model", model, built=False)
    x, y = validation.labelled_images(x, y, model=model)
    return float(np.mean(predict_classes(model, x, batch_size, traced=traced) != y))
