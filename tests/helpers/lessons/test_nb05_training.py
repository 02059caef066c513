"""Notebook 05's training helpers, plots and widget, on tiny runs."""

from helpers.experiments import score_training
from helpers.lessons import nb05_training
from helpers.lessons.nb05_training import ScoreExplorer, draw_bar

import numpy as np
import pytest


def test_plots_draw():
    images, angles = score_training.test_set(12)
    predictions = angles + np.linspace(-5, 5, 12)
    assert len(nb05_training.gallery(images, angles).axes) == 10
    history = {"loss": [3.0, 2.0], "mae": [2.0, 1.0], "val_loss": [2.5, 1.5], "val_mae": [1.5, 1.2]}
    assert len(nb05_training.learning_curves(history).axes) == 2
    assert nb05_training.predicted_vs_true(angles, predictions).axes[0].collections
    worst = nb05_training.worst_predictions(images, angles, predictions, count=3)
    assert [ax.get_title().startswith("true") for ax in worst.axes] == [True] * 3
    assert worst.axes[0].get_title().endswith(f"said {predictions[0]:+.0f}°")  # largest error first (tie: the first)


def test_explorer_redraws_and_predicts():
    explorer = ScoreExplorer(score_training.score_model())
    before = (explorer.summary.value, explorer.image.value)
    explorer.angle.value = -45.0
    assert "-45.0°" in explorer.summary.value
    assert explorer.image.value != before[1] and explorer.summary.value != before[0]


def test_explorer_rejects_non_models_and_bad_bars():
    with pytest.raises(TypeError, match=r"^model must be a keras.Model"):
        ScoreExplorer("model")
    with pytest.raises(ValueError, match=r"^length must be"):
        draw_bar(10.0, 1.5, 0.5, 0.5)
    with pytest.raises(ValueError, match=r"^angle must be"):
        draw_bar(120.0, 0.5, 0.5, 0.5)
