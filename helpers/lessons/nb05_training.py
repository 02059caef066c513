"""Notebook 05's widget: draw a bar with chosen angle, length and position; see the model's score."""

from __future__ import annotations

from helpers import validation
from helpers.data.bars import render
from helpers.display.figures import PALETTE, Explorer, new_figure
from helpers.i18n import tr

import ipywidgets as widgets
import keras
import numpy as np
from matplotlib.figure import Figure

FIXED = {"thickness": 0.06, "brightness": 0.85, "background": 0.1, "noise": 0.05}


def draw_bar(angle: float, length: float, center_x: float, center_y: float, image_size: int = 128) -> np.ndarray:
    """One bar image (size, size, 1); thickness, brightness, background and noise at fixed middle values."""
    angle = validation.number("angle", angle)
    for name, value in (("length", length), ("center_x", center_x), ("center_y", center_y)):
        validation.number(name, value)
    for name, value in (("length", length), ("center_x", center_x), ("center_y", center_y)):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{name} must be a fraction of the side, in [0, 1]; got {value!r}")
    if not -90.0 <= angle <= 90.0:
        raise ValueError(f"angle must be in [-90, 90] degrees; got {angle!r}")
    params = {
        "angle": [angle],
        "length": [length],
        "center_x": [center_x],
        "center_y": [center_y],
        **{k: [v] for k, v in FIXED.items()},
    }
    return render(params, noise_seed=[0, 0], image_size=validation.positive_int("image_size", image_size)).numpy()[0]


def draw_prediction(image: np.ndarray, angle: float, predicted: float, center_x: float, center_y: float) -> Figure:
    """The image with the true angle (green) and the predicted one (red, dashed) drawn through the bar."""
    image = validation.array("image", image, ndim=3)
    for name, value in (("angle", angle), ("predicted", predicted), ("center_x", center_x), ("center_y", center_y)):
        validation.number(name, value)
    fig = new_figure(3.6, 3.8)
    ax = fig.add_subplot()
    ax.imshow(image[..., 0], cmap="gray", vmin=0, vmax=1, extent=(0, 1, 0, 1))
    for value, style in (
        (angle, {"color": PALETTE["green"], "linewidth": 1.5}),
        (predicted, {"color": PALETTE["vermillion"], "linestyle": "--", "linewidth": 1.5}),
    ):
        t = np.deg2rad(value)
        ax.plot(
            [center_x - 0.45 * np.cos(t), center_x + 0.45 * np.cos(t)],
            [center_y - 0.45 * np.sin(t), center_y + 0.45 * np.sin(t)],
            **style,
        )
    ax.set(xlim=(0, 1), ylim=(0, 1), title=f"true {angle:+.1f}°  predicted {predicted:+.1f}°")
    ax.axis("off")
    return fig


class ScoreExplorer(Explorer):
    """Sliders for the bar; shows the image, the true score and the model's prediction."""

    def __init__(self, model: keras.Model):
        validation.keras_model("model", model)
        self.model = model
        self.image_size = model.input.shape[1]
        self.angle = widgets.FloatSlider(
            value=30.0, min=-60.0, max=60.0, step=1.0, description=tr("angle °"), tooltip=tr("Angle of the bar, in degrees")
        )
        self.length = widgets.FloatSlider(
            value=0.55,
            min=0.35,
            max=0.75,
            step=0.05,
            description=tr("length"),
            tooltip=tr("Length of the bar, as a fraction of the image side"),
        )
        self.center_x = widgets.FloatSlider(
            value=0.5,
            min=0.35,
            max=0.65,
            step=0.05,
            description=tr("centre x"),
            tooltip=tr("Horizontal position of the bar's centre, as a fraction of the image width"),
        )
        self.center_y = widgets.FloatSlider(
            value=0.5,
            min=0.35,
            max=0.65,
            step=0.05,
            description=tr("centre y"),
            tooltip=tr("Vertical position of the bar's centre, as a fraction of the image height"),
        )
        super().__init__(self.angle, self.length, self.center_x, self.center_y)

    def predict(self) -> float:
        image = draw_bar(self.angle.value, self.length.value, self.center_x.value, self.center_y.value, self.image_size)
        self._last_image = image
        return float(self.model(image[None], training=False)[0, 0])

    def draw(self) -> tuple[str, Figure]:
        predicted = self.predict()
        error = predicted - self.angle.value
        summary = tr(
            "true score <b>{true:+.1f}°</b>, model says <b>{predicted:+.1f}°</b> (error {error:+.1f}°)",
            true=self.angle.value,
            predicted=predicted,
            error=error,
        )
        return summary, draw_prediction(self._last_image, self.angle.value, predicted, self.center_x.value, self.center_y.value)

    @property
    def widget(self) -> widgets.Widget:  # controls and summary on the left, the picture on the right
        return widgets.HBox([widgets.VBox([*self.controls, self.summary]), self.image])


def _image_grid(images, titles, columns: int = 5, width: float = 10.0) -> Figure:
    rows = -(-len(images) // columns)
    fig = new_figure(width, width / columns * rows * 1.15)
    for i, (image, title) in enumerate(zip(images, titles)):
        ax = fig.add_subplot(rows, columns, i + 1)
        ax.imshow(np.asarray(image)[..., 0], cmap="gray", vmin=0, vmax=1)
        ax.set_title(title, fontsize=9)
        ax.axis("off")
    return fig


def gallery(images, angles, count: int = 10) -> Figure:
    """The first `count` images with their scores."""
    images, angles, count = _images_and_angles(images, angles, count)
    return _image_grid(images[:count], [f"score {a:+.1f}°" for a in np.ravel(angles)[:count]])


def learning_curves(history: dict) -> Figure:
    """Loss and mean absolute error per epoch, training against validation."""
    validation.instance("history", history, dict)
    if not history.get("loss"):
        raise ValueError(f"history must hold the loss of at least one epoch; got {history!r:.80}")
    epochs = np.arange(1, len(history["loss"]) + 1)
    fig = new_figure(9, 3.2)
    for i, (key, label) in enumerate((("loss", "MSE loss (degrees²)"), ("mae", "mean absolute error (degrees)"))):
        ax = fig.add_subplot(1, 2, i + 1)
        ax.plot(epochs, history[key], marker="o", label="training (running mean over the epoch)")
        ax.plot(epochs, history[f"val_{key}"], marker="o", label="validation (end of epoch)")
        ax.set(xlabel="epoch", ylabel=label, yscale="log")
        ax.legend(fontsize="small")
    return fig


def predicted_vs_true(angles, predictions, title: str = "") -> Figure:
    """Each test image as a dot: true score across, predicted score up; the diagonal is perfect."""
    angles = validation.array("angles", angles, dtype="float64").reshape(-1)
    predictions = validation.array("predictions", predictions, dtype="float64").reshape(-1)
    if len(predictions) != len(angles):
        raise ValueError(f"predictions must have one value per angle; got {len(predictions)} for {len(angles)}")
    validation.text("title", title)
    angles, predictions = np.ravel(angles), np.ravel(predictions)
    fig = new_figure(4.5, 4.2)
    ax = fig.add_subplot()
    ax.scatter(angles, predictions, s=6, alpha=0.5)
    low, high = angles.min(), angles.max()
    ax.plot([low, high], [low, high], color=PALETTE["vermillion"], linewidth=1, label="perfect")
    ax.set(xlabel="true score (degrees)", ylabel="predicted score (degrees)", title=title, aspect="equal")
    ax.legend(loc="upper left", fontsize="small")
    return fig


def worst_predictions(images, angles, predictions, count: int = 10) -> Figure:
    """The images with the largest absolute errors, worst first."""
    images, angles, count = _images_and_angles(images, angles, count)
    predictions = validation.array("predictions", predictions, dtype="float64").reshape(-1)
    if len(predictions) != len(angles):
        raise ValueError(f"predictions must have one value per image; got {len(predictions)} for {len(angles)}")
    angles, predictions = np.ravel(angles), np.ravel(predictions)
    worst = np.argsort(-np.abs(predictions - angles))[:count]
    titles = [f"true {angles[i]:+.0f}°, said {predictions[i]:+.0f}°" for i in worst]
    return _image_grid(np.asarray(images)[worst], titles)


def _images_and_angles(images, angles, count: int):
    """Check a gallery's images (batch, height, width, 1), their angles and how many to show."""
    images = validation.images("images", images)
    angles = validation.array("angles", angles, dtype="float64").reshape(-1)
    if len(angles) != len(images):
        raise ValueError(f"angles must have one score per image; got {len(angles)} for {len(images)} images")
    return images, angles, validation.positive_int("count", count, maximum=100, why="a figure cannot show more")
