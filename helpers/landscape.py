"""Loss landscapes along filter-normalised random directions (Li et al. 2018, arXiv:1712.09913).

For trained weights theta and two random directions d1, d2, the loss is evaluated at
theta + a*d1 + b*d2 on a grid of (a, b). Each direction is Gaussian, rescaled filter by filter
(d_ij <- d_ij / ||d_ij|| * ||theta_ij||; a filter of a Keras kernel is kernel[..., j]) so that
a step of 1 moves every filter by its own size; biases and BatchNormalization's scale and shift
get direction 0, and BN runs in inference mode with its trained moving statistics.

The loss is computed with `model.stateless_call` on perturbed copies of the weights, inside one
traced function: the model's own weights are never changed.
"""

from __future__ import annotations

import ipywidgets as widgets
import keras
import numpy as np
import tensorflow as tf
from matplotlib.figure import Figure

from helpers import validation
from helpers.plotting import figure_png, new_figure


def normalize_filters(direction, weights) -> np.ndarray:
    """Rescale each filter direction[..., j] to the norm of weights[..., j].

    Weights with fewer than 2 axes (biases, BN's gamma and beta) get a zero direction. A filter
    of zero norm in `direction` stays zero.
    """
    direction = np.asarray(direction, dtype="float64")
    weights = np.asarray(weights, dtype="float64")
    if direction.shape != weights.shape:
        raise ValueError(f"direction must have the shape of weights {weights.shape}; got {direction.shape}")
    if weights.ndim < 2:
        return np.zeros_like(weights)
    axes = tuple(range(weights.ndim - 1))  # every axis but the last: one norm a filter
    d_norm = np.sqrt(np.sum(direction**2, axis=axes, keepdims=True))
    w_norm = np.sqrt(np.sum(weights**2, axis=axes, keepdims=True))
    scale = np.divide(w_norm, d_norm, out=np.zeros_like(d_norm), where=d_norm > 0)
    return direction * scale


def random_direction(model: keras.Model, seed: int = 0) -> list[np.ndarray]:
    """A filter-normalised Gaussian direction: one array for each of model.trainable_variables."""
    if not isinstance(model, keras.Model):
        raise ValueError(f"model must be a keras.Model; got {type(model).__name__}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer; got {seed!r}")
    rng = np.random.default_rng(seed)
    direction = []
    for variable in model.trainable_variables:
        weights = variable.numpy()
        direction.append(normalize_filters(rng.standard_normal(weights.shape), weights).astype("float32"))
    return direction


def _check_data(x, y) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(x, dtype="float32"), np.asarray(y).reshape(-1)
    if x.ndim != 4 or len(x) == 0:
        raise ValueError(f"x must be a non-empty batch of images (batch, height, width, channels); got shape {x.shape}")
    if len(y) != len(x):
        raise ValueError(f"y must have one label per image; got {len(y)} labels for {len(x)} images")
    return x, y


class LossFunction:
    """loss(a, b) = mean cross-entropy of `model` at theta + a*d1 + b*d2 on fixed images (inference mode)."""

    def __init__(self, model: keras.Model, x, y, d1: list[np.ndarray], d2: list[np.ndarray] | None = None):
        if not isinstance(model, keras.Model):
            raise ValueError(f"model must be a keras.Model; got {type(model).__name__}")
        self.x, self.y = _check_data(x, y)
        shapes = [tuple(v.shape) for v in model.trainable_variables]
        for name, d in (("d1", d1), ("d2", d2)):
            if d is not None and [tuple(np.shape(a)) for a in d] != shapes:
                raise ValueError(f"{name} must have one array per trainable variable, shaped like it")
        self.model = model
        self.theta = [tf.constant(v.numpy()) for v in model.trainable_variables]
        self.fixed = [tf.constant(v.numpy()) for v in model.non_trainable_variables]
        self.d1 = [tf.constant(a, dtype=tf.float32) for a in d1]
        self.d2 = [tf.constant(a, dtype=tf.float32) for a in (d2 if d2 is not None else d1)]
        labels = tf.constant(self.y)
        images = tf.constant(self.x)

        @tf.function(reduce_retracing=True)
        def loss_at(a, b):
            weights = [t + a * u + b * v for t, u, v in zip(self.theta, self.d1, self.d2)]
            probabilities, _ = model.stateless_call(weights, self.fixed, images, training=False)
            return tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(labels, probabilities))

        self._loss_at = loss_at

    def __call__(self, a: float, b: float = 0.0) -> float:
        return float(self._loss_at(tf.constant(a, tf.float32), tf.constant(b, tf.float32)))


def _grid(name: str, values) -> np.ndarray:
    values = np.asarray(values, dtype="float64").reshape(-1)
    if values.size == 0 or not np.all(np.isfinite(values)):
        raise ValueError(f"{name} must be a non-empty sequence of finite numbers")
    return values


def loss_slice_1d(model: keras.Model, x, y, direction: list[np.ndarray], alphas) -> np.ndarray:
    """Loss at theta + a*direction for each a in alphas."""
    alphas = _grid("alphas", alphas)
    loss = LossFunction(model, x, y, direction)
    return np.array([loss(a, 0.0) for a in alphas])


def loss_surface_2d(model: keras.Model, x, y, d1: list[np.ndarray], d2: list[np.ndarray], alphas, betas) -> np.ndarray:
    """Loss at theta + a*d1 + b*d2: an array of shape (len(betas), len(alphas)), rows b, columns a."""
    alphas, betas = _grid("alphas", alphas), _grid("betas", betas)
    loss = LossFunction(model, x, y, d1, d2)
    return np.array([[loss(a, b) for a in alphas] for b in betas])


def contour_levels(surfaces: dict[str, np.ndarray], count: int = 12) -> np.ndarray:
    """Shared contour levels for several surfaces, log-spaced from the lowest loss on any of them
    to the smallest of their maxima: every surface is resolved up to the height where the
    flattest one ends, and higher losses share the top colour."""
    validation.positive_int("count", count)
    finite = [s[np.isfinite(s)] for s in map(np.asarray, surfaces.values())]
    if not finite or any(f.size == 0 for f in finite):
        raise ValueError("surfaces must hold finite losses")
    low = max(min(f.min() for f in finite), 1e-4)
    high = max(min(f.max() for f in finite), 2 * low)
    return np.geomspace(low, high, max(count, 2))


def draw_slices_1d(slices: dict[str, np.ndarray], alphas, colors: dict[str, str] | None = None) -> Figure:
    """1-D slices, one line a network, on a log scale (colors: optional network name -> colour)."""
    alphas = _grid("alphas", alphas)
    if not slices:
        raise ValueError("slices must hold at least one network")
    fig = new_figure(6.5, 3.2)
    ax = fig.add_subplot()
    for name, losses in slices.items():
        ax.plot(alphas, losses, marker=".", label=name, color=(colors or {}).get(name))
    ax.set(yscale="log", xlabel="step a along a filter-normalised direction", ylabel="training loss",
           title="1-D slices through the trained weights (a = 0)")
    ax.axvline(0, color="0.8", linewidth=0.8)
    ax.legend(fontsize="small")
    return fig


def draw_surface(ax, surface: np.ndarray, alphas, betas, levels: np.ndarray, title: str):
    """One filled contour plot of a 2-D surface on `ax`, with log-spaced levels."""
    from matplotlib.colors import LogNorm

    clipped = np.clip(surface, levels[0], levels[-1])
    filled = ax.contourf(alphas, betas, clipped, levels=levels, norm=LogNorm(levels[0], levels[-1]), cmap="viridis")
    ax.contour(alphas, betas, clipped, levels=levels, colors="white", linewidths=0.5)
    ax.plot([0], [0], marker="+", color="red", markersize=10)
    ax.set(title=title, xlabel="a (direction 1)", ylabel="b (direction 2)", aspect="equal")
    return filled


def draw_surfaces(surfaces: dict[str, np.ndarray], alphas, betas, levels: np.ndarray | None = None) -> Figure:
    """Contour plots side by side, with the same levels (log-spaced) for every network."""
    if not surfaces:
        raise ValueError("surfaces must hold at least one network")
    alphas, betas = _grid("alphas", alphas), _grid("betas", betas)
    levels = contour_levels(surfaces) if levels is None else levels
    fig = new_figure(4.2 * len(surfaces) + 1, 4.0)
    axes = np.atleast_1d(fig.subplots(1, len(surfaces)))
    for ax, (name, surface) in zip(axes, surfaces.items()):
        filled = draw_surface(ax, surface, alphas, betas, levels, name)
    _colorbar(fig, filled, list(axes), levels)
    return fig


def _colorbar(fig: Figure, filled, axes, levels: np.ndarray) -> None:
    colorbar = fig.colorbar(filled, ax=axes, label="training loss (log scale)")
    colorbar.set_ticks(levels[::2], labels=[f"{v:.2g}" for v in levels[::2]])
    colorbar.minorticks_off()


class LandscapeExplorer:
    """Pick a network: shows its 2-D loss surface with the levels all networks share."""

    def __init__(self, surfaces: dict[str, np.ndarray], alphas, betas):
        if not surfaces:
            raise ValueError("surfaces must hold at least one network")
        self.surfaces = surfaces
        self.alphas, self.betas = _grid("alphas", alphas), _grid("betas", betas)
        self.levels = contour_levels(surfaces)
        self.network = widgets.Dropdown(options=list(surfaces), description="network")
        self.summary = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.network.observe(self.update, names="value")
        self.update()

    def update(self, change=None) -> None:
        surface = self.surfaces[self.network.value]
        centre = surface[len(self.betas) // 2, len(self.alphas) // 2]
        self.summary.value = (f"{self.network.value}: loss {centre:.3g} at the trained weights, "
                              f"{surface.min():.3g} to {surface.max():.3g} over the grid")
        fig = new_figure(5.2, 4.2)
        ax = fig.add_subplot()
        filled = draw_surface(ax, surface, self.alphas, self.betas, self.levels, self.network.value)
        _colorbar(fig, filled, ax, self.levels)
        self.image.value = figure_png(fig)

    @property
    def widget(self) -> widgets.Widget:
        return widgets.VBox([self.network, self.summary, self.image])
