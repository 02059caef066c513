"""Notebook 05's widget: draw a bar with chosen angle, length and position; see the model's score."""

from __future__ import annotations

import ipywidgets as widgets
import keras
import numpy as np
from matplotlib.figure import Figure

from helpers import validation
from helpers.bars import render
from helpers.plotting import figure_png, new_figure

FIXED = {"thickness": 0.06, "brightness": 0.85, "background": 0.1, "noise": 0.05}


def draw_bar(angle: float, length: float, center_x: float, center_y: float, image_size: int = 128) -> np.ndarray:
    """One bar image (size, size, 1); thickness, brightness, background and noise at fixed middle values."""
    for name, value in (("length", length), ("center_x", center_x), ("center_y", center_y)):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{name} must be a fraction of the side, in [0, 1]; got {value!r}")
    if not -90.0 <= angle <= 90.0:
        raise ValueError(f"angle must be in [-90, 90] degrees; got {angle!r}")
    params = {"angle": [angle], "length": [length], "center_x": [center_x], "center_y": [center_y], **{k: [v] for k, v in FIXED.items()}}
    return render(params, noise_seed=[0, 0], image_size=validation.positive_int("image_size", image_size)).numpy()[0]


def draw_prediction(image: np.ndarray, angle: float, predicted: float, center_x: float, center_y: float) -> Figure:
    """The image with the true angle (green) and the predicted one (red, dashed) drawn through the bar."""
    fig = new_figure(3.6, 3.8)
    ax = fig.add_subplot()
    ax.imshow(image[..., 0], cmap="gray", vmin=0, vmax=1, extent=(0, 1, 0, 1))
    for value, style in ((angle, {"color": "tab:green", "linewidth": 1.5}), (predicted, {"color": "tab:red", "linestyle": "--", "linewidth": 1.5})):
        t = np.deg2rad(value)
        ax.plot([center_x - 0.45 * np.cos(t), center_x + 0.45 * np.cos(t)], [center_y - 0.45 * np.sin(t), center_y + 0.45 * np.sin(t)], **style)
    ax.set(xlim=(0, 1), ylim=(0, 1), title=f"true {angle:+.1f}°  predicted {predicted:+.1f}°")
    ax.axis("off")
    return fig


class ScoreExplorer:
    """Sliders for the bar; shows the image, the true score and the model's prediction."""

    def __init__(self, model: keras.Model):
        if not isinstance(model, keras.Model):
            raise ValueError(f"model must be a keras.Model; got {type(model).__name__}")
        self.model = model
        self.image_size = model.input.shape[1]
        self.angle = widgets.FloatSlider(value=30.0, min=-60.0, max=60.0, step=1.0, description="angle °")
        self.length = widgets.FloatSlider(value=0.55, min=0.35, max=0.75, step=0.05, description="length")
        self.center_x = widgets.FloatSlider(value=0.5, min=0.35, max=0.65, step=0.05, description="centre x")
        self.center_y = widgets.FloatSlider(value=0.5, min=0.35, max=0.65, step=0.05, description="centre y")
        self.summary = widgets.HTML()
        self.image = widgets.Image(format="png")
        for control in (self.angle, self.length, self.center_x, self.center_y):
            control.observe(self.update, names="value")
        self.update()

    def predict(self) -> float:
        image = draw_bar(self.angle.value, self.length.value, self.center_x.value, self.center_y.value, self.image_size)
        self._last_image = image
        return float(self.model(image[None], training=False)[0, 0])

    def update(self, change=None) -> None:
        predicted = self.predict()
        error = predicted - self.angle.value
        self.summary.value = f"true score <b>{self.angle.value:+.1f}°</b>, model says <b>{predicted:+.1f}°</b> (error {error:+.1f}°)"
        fig = draw_prediction(self._last_image, self.angle.value, predicted, self.center_x.value, self.center_y.value)
        self.image.value = figure_png(fig)

    @property
    def widget(self) -> widgets.Widget:
        return widgets.HBox([widgets.VBox([self.angle, self.length, self.center_x, self.center_y, self.summary]), self.image])
