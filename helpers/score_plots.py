"""Figures for notebook 05: example bars, learning curves, predictions against truth, worst cases."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from helpers.plotting import new_figure


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
    return _image_grid(images[:count], [f"score {a:+.1f}°" for a in np.ravel(angles)[:count]])


def learning_curves(history: dict) -> Figure:
    """Loss and mean absolute error per epoch, training against validation."""
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
    angles, predictions = np.ravel(angles), np.ravel(predictions)
    fig = new_figure(4.5, 4.2)
    ax = fig.add_subplot()
    ax.scatter(angles, predictions, s=6, alpha=0.5)
    low, high = angles.min(), angles.max()
    ax.plot([low, high], [low, high], color="tab:red", linewidth=1, label="perfect")
    ax.set(xlabel="true score (degrees)", ylabel="predicted score (degrees)", title=title, aspect="equal")
    ax.legend(loc="upper left", fontsize="small")
    return fig


def worst_predictions(images, angles, predictions, count: int = 10) -> Figure:
    """The images with the largest absolute errors, worst first."""
    angles, predictions = np.ravel(angles), np.ravel(predictions)
    worst = np.argsort(-np.abs(predictions - angles))[:count]
    titles = [f"true {angles[i]:+.0f}°, said {predictions[i]:+.0f}°" for i in worst]
    return _image_grid(np.asarray(images)[worst], titles)
