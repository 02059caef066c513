"""Notebook 05's widgets: draw a bar with chosen angle, length and position, or draw digits on a page;
see the model's score."""

from __future__ import annotations

from helpers import validation
from helpers.data.bars import render
from helpers.data.digit_pages import GRID, MAX_STROKE_POINTS, STROKE_WIDTH, stroke_page
from helpers.display.figures import PALETTE, Explorer, new_figure
from helpers.i18n import tr

import ipywidgets as widgets
import keras
import numpy as np
from ipycanvas import Canvas, hold_canvas
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


class PageDrawer(Explorer):
    """Draw digits with the mouse on a page like the digit-sum task's; the network says what they add up to.

    The page is an ipycanvas Canvas, two screen pixels a page pixel, with a faint 3x3 guide grid
    (one digit a cell, as on the training pages). Pressing the mouse starts a stroke, moving it
    draws, letting go (or leaving the canvas) ends the stroke; then the strokes are rendered as the
    network's input with `helpers.data.digit_pages.stroke_page` and the model scores the page.

    It is an Explorer with no controls: the canvas is not a ValueWidget (mouse events, not a value,
    change the page), so its callbacks call `update()` themselves. The summary gives the score, or
    asks for digits while the page is empty; the picture is the page as the network sees it. The
    mouse callbacks only turn canvas pixels into page pixels, so a test draws with
    `add_stroke(points)` and `clear()` and reads `score()` and `message`, without a browser.
    """

    SCALE = 2  # screen pixels a page pixel

    def __init__(self, model: keras.Model):
        validation.keras_model("model", model)
        shape, output = tuple(model.input_shape), tuple(model.output_shape)
        if len(shape) != 4 or shape[1] is None or shape[1] != shape[2] or shape[3] != 1 or not 8 <= shape[1] <= 512:
            raise ValueError(f"model must take square grayscale pages (batch, size, size, 1); got input shape {shape}")
        if output[1:] != (1,):
            raise ValueError(f"model must give one score a page, output shape (batch, 1); got output shape {output}")
        self.model = model
        self.image_size = int(shape[1])
        self.strokes: list[np.ndarray] = []  # finished strokes, (points, 2) in page pixels
        self._drawing: list[tuple[float, float]] | None = None  # the stroke under the mouse button
        side = self.SCALE * self.image_size
        self.canvas = Canvas(width=side, height=side, layout=widgets.Layout(width=f"{side}px", height=f"{side}px"))
        self.canvas.on_client_ready(self._draw_canvas)  # a page reloaded: draw the grid and strokes again
        self.canvas.on_mouse_down(self._mouse_down)
        self.canvas.on_mouse_move(self._mouse_move)
        self.canvas.on_mouse_up(self._mouse_up)
        self.canvas.on_mouse_out(self._mouse_up)  # a stroke dragged off the page ends at its edge
        self.hint = widgets.HTML(
            tr("One digit per cell: draw one to four digits with the mouse, each in its own cell of the grid.")
        )
        self.clear_button = widgets.Button(description=tr("Clear"), tooltip=tr("Wipe the page and start again"), icon="eraser")
        self.clear_button.on_click(lambda _: self.clear())
        self._draw_canvas()
        super().__init__()

    # What a test (or a notebook cell) can call ---------------------------------------------------

    @property
    def points_used(self) -> int:
        return sum(len(stroke) for stroke in self.strokes) + len(self._drawing or ())

    def add_stroke(self, points) -> None:
        """Add a stroke, a sequence of (x, y) points in page pixels (y downwards); draw it and score the page."""
        points = validation.array("points", points, shape=(None, 2), dtype="float64", max_size=2 * MAX_STROKE_POINTS)
        room = MAX_STROKE_POINTS - self.points_used
        validation.integer("points", len(points), maximum=room, why=f"a page holds {MAX_STROKE_POINTS:,} points; clear it first")
        self._draw_stroke(points)
        self._finish(points)

    def clear(self) -> None:
        """Wipe the page: no strokes, the empty-page message."""
        self.strokes, self._drawing = [], None
        self._draw_canvas()
        self.update()

    def page(self) -> np.ndarray:
        """The page (size, size, 1) as the network sees it."""
        return stroke_page(self.strokes, self.image_size)

    def score(self) -> float | None:
        """The network's score of the page: the sum it reads; None while the page is empty."""
        return self._score_of(self.page())

    def _score_of(self, page: np.ndarray) -> float | None:
        return float(self.model(page[None], training=False)[0, 0]) if self.strokes else None

    @property
    def message(self) -> str:
        """What the summary says now (HTML): the score, or what to do on an empty page."""
        return self.summary.value

    def draw(self) -> tuple[str, Figure]:
        page = self.page()
        score = self._score_of(page)
        if score is None:
            message = tr("Draw one to four digits first, each in its own cell of the grid; then the network reads the page.")
        else:
            message = tr("The network reads this page as <b>{score:.1f}</b>: the sum of the digits it sees.", score=score)
        fig = new_figure(2.2, 2.4)
        ax = fig.add_subplot()
        ax.imshow(page[..., 0], cmap="gray", vmin=0, vmax=1)
        ax.set_title("the page as the network sees it", fontsize=8)
        ax.axis("off")
        return message, fig

    def layout(self) -> list[widgets.Widget]:
        return [self.hint, widgets.HBox([self.canvas, widgets.VBox([self.summary, self.image, self.clear_button])])]

    # The canvas: mouse events in canvas pixels, drawing ----------------------------------------

    def _finish(self, points: np.ndarray) -> None:
        self.strokes.append(points)
        self.update()

    def _mouse_down(self, x: float, y: float) -> None:
        self._drawing = [(x / self.SCALE, y / self.SCALE)]
        self._draw_stroke(np.array(self._drawing))

    def _mouse_move(self, x: float, y: float) -> None:
        if self._drawing is None or self.points_used >= MAX_STROKE_POINTS:
            return
        point = (x / self.SCALE, y / self.SCALE)
        self._draw_stroke(np.array([self._drawing[-1], point]))
        self._drawing.append(point)

    def _mouse_up(self, x: float, y: float) -> None:
        if self._drawing is None:
            return
        if (x / self.SCALE, y / self.SCALE) != self._drawing[-1]:
            self._mouse_move(x, y)
        points, self._drawing = np.array(self._drawing), None
        self._finish(points)

    def _draw_stroke(self, points: np.ndarray) -> None:
        canvas = self.canvas
        with hold_canvas():
            canvas.stroke_style = canvas.fill_style = "white"
            canvas.line_width = STROKE_WIDTH * self.SCALE
            canvas.line_cap = canvas.line_join = "round"
            if len(points) == 1:
                canvas.fill_circle(*(points[0] * self.SCALE), STROKE_WIDTH * self.SCALE / 2)
            else:
                canvas.stroke_lines((points * self.SCALE).tolist())

    def _draw_canvas(self, *_) -> None:
        """The black page, its faint guide grid, and every stroke so far."""
        canvas, side = self.canvas, self.SCALE * self.image_size
        with hold_canvas():
            canvas.clear()
            canvas.fill_style = "black"
            canvas.fill_rect(0, 0, side, side)
            canvas.stroke_style = "rgb(80, 80, 80)"
            # the canvas's defaults: a context made afresh (a reloaded page) gets the strokes' settings
            # again, since only a changed setting is sent to it
            canvas.line_width, canvas.line_cap, canvas.line_join = 1, "butt", "miter"
            for k in range(1, GRID):
                canvas.stroke_line(k * side / GRID, 0, k * side / GRID, side)
                canvas.stroke_line(0, k * side / GRID, side, k * side / GRID)
        for stroke in self.strokes:
            self._draw_stroke(stroke)


def _image_grid(images, titles, columns: int = 5, width: float = 10.0) -> Figure:
    rows = -(-len(images) // columns)
    fig = new_figure(width, width / columns * rows * 1.15)
    for i, (image, title) in enumerate(zip(images, titles)):
        ax = fig.add_subplot(rows, columns, i + 1)
        ax.imshow(np.asarray(image)[..., 0], cmap="gray", vmin=0, vmax=1)
        ax.set_title(title, fontsize=9)
        ax.axis("off")
    return fig


# How each task's scores read: a bar's angle in degrees, a page's sum of digits.
SCORE_FORMATS = {"bars": ("score {:+.1f}°", "score (degrees)"), "digits": ("sum {:.0f}", "sum of the digits")}


def gallery(images, angles, count: int = 10, task: str = "bars") -> Figure:
    """The first `count` images with their scores (angles for bars, sums for digit pages)."""
    images, angles, count = _images_and_angles(images, angles, count)
    label = SCORE_FORMATS[validation.one_of("task", task, SCORE_FORMATS)][0]
    return _image_grid(images[:count], [label.format(a) for a in np.ravel(angles)[:count]])


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


def predicted_vs_true(angles, predictions, title: str = "", task: str = "bars") -> Figure:
    """Each test image as a dot: true score across, predicted score up; the diagonal is perfect."""
    angles = validation.array("angles", angles, dtype="float64").reshape(-1)
    predictions = validation.array("predictions", predictions, dtype="float64").reshape(-1)
    if len(predictions) != len(angles):
        raise ValueError(f"predictions must have one value per angle; got {len(predictions)} for {len(angles)}")
    validation.text("title", title)
    axis = SCORE_FORMATS[validation.one_of("task", task, SCORE_FORMATS)][1]
    angles, predictions = np.ravel(angles), np.ravel(predictions)
    fig = new_figure(4.5, 4.2)
    ax = fig.add_subplot()
    ax.scatter(angles, predictions, s=6, alpha=0.5)
    low, high = angles.min(), angles.max()
    ax.plot([low, high], [low, high], color=PALETTE["vermillion"], linewidth=1, label="perfect")
    ax.set(xlabel=f"true {axis}", ylabel=f"predicted {axis}", title=title, aspect="equal")
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
