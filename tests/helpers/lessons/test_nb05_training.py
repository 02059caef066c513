"""Notebook 05's training helpers, plots and widget, on tiny runs."""

from helpers.data.digit_pages import stroke_page
from helpers.experiments import score_training
from helpers.lessons import nb05_training
from helpers.lessons.nb05_training import PageDrawer, ScoreExplorer, draw_bar

import keras
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


# PageDrawer: digits drawn with the mouse, scored by the network ---------------------------------


def mean_ink_model() -> keras.Model:
    """A stand-in for the digit-sum network: 100 x the page's mean brightness."""
    return keras.Sequential(
        [
            keras.Input((128, 128, 1)),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(1, kernel_initializer=keras.initializers.Constant(100.0), bias_initializer="zeros"),
        ]
    )


def mouse(drawer: PageDrawer, event: str, x: float, y: float) -> None:
    """A mouse event as the browser sends it: canvas pixels, two a page pixel."""
    drawer.canvas._handle_frontend_event(drawer.canvas, {"event": event, "x": x, "y": y}, [])


def test_an_empty_page_asks_for_digits_instead_of_a_score():
    drawer = PageDrawer(mean_ink_model())
    assert drawer.score() is None and drawer.strokes == []
    assert drawer.message.startswith("Draw one to four digits first")
    assert drawer.image.value  # the (black) page as the network sees it
    assert (drawer.canvas.width, drawer.canvas.height) == (256, 256) and drawer.canvas.layout.width == "256px"


def test_a_stroke_is_scored_and_changes_the_score():
    drawer = PageDrawer(mean_ink_model())
    empty_image = drawer.image.value
    drawer.add_stroke([(10, 64), (100, 64)])
    first = drawer.score()
    assert first == pytest.approx(100 * stroke_page([[(10, 64), (100, 64)]]).mean(), rel=1e-4)
    assert f"reads this page as <b>{first:.1f}</b>" in drawer.message
    assert drawer.image.value != empty_image
    drawer.add_stroke([(64, 10), (64, 100)])
    assert drawer.score() > first and f"<b>{drawer.score():.1f}</b>" in drawer.message


def test_mouse_strokes_are_recorded_in_page_pixels_and_scored_on_release():
    drawer = PageDrawer(mean_ink_model())
    mouse(drawer, "mouse_move", 10, 10)  # moving without the button pressed draws nothing
    mouse(drawer, "mouse_down", 40, 60)
    mouse(drawer, "mouse_move", 80, 60)
    assert drawer.strokes == [] and drawer.score() is None  # scored when the button is let go
    mouse(drawer, "mouse_move", 120, 100)
    mouse(drawer, "mouse_up", 120, 100)
    assert len(drawer.strokes) == 1
    np.testing.assert_array_equal(drawer.strokes[0], [(20, 30), (40, 30), (60, 50)])
    assert drawer.score() == pytest.approx(100 * stroke_page([[(20, 30), (40, 30), (60, 50)]]).mean(), rel=1e-4)
    assert "reads this page as" in drawer.message
    mouse(drawer, "mouse_down", 200, 200)  # a dot, then the mouse leaves the canvas: the stroke ends there
    mouse(drawer, "mouse_out", 256, 220)
    np.testing.assert_array_equal(drawer.strokes[1], [(100, 100), (128, 110)])
    mouse(drawer, "mouse_up", 256, 220)  # released outside: nothing more
    assert len(drawer.strokes) == 2


def test_clear_wipes_the_page_and_brings_back_the_message():
    drawer = PageDrawer(mean_ink_model())
    empty = (drawer.message, drawer.image.value)
    drawer.add_stroke([(30, 30), (30, 60)])
    assert drawer.message != empty[0]
    drawer.clear_button.click()
    assert drawer.strokes == [] and drawer.score() is None
    assert (drawer.message, drawer.image.value) == empty
    drawer.add_stroke([(30.0, 30.0)])  # a single point is a dot, and scores
    assert drawer.score() > 0
    drawer.clear()
    assert drawer.message == empty[0]


def test_page_drawer_refuses_other_models_and_bad_strokes():
    with pytest.raises(TypeError, match=r"^model must be a keras.Model"):
        PageDrawer("model")
    bars_classifier = keras.Sequential([keras.Input((128, 128, 3)), keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match=r"^model must take square grayscale pages"):
        PageDrawer(bars_classifier)
    ten_classes = keras.Sequential([keras.Input((128, 128, 1)), keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(10)])
    with pytest.raises(ValueError, match=r"^model must give one score a page"):
        PageDrawer(ten_classes)
    drawer = PageDrawer(mean_ink_model())
    with pytest.raises(ValueError, match=r"^points must have shape"):
        drawer.add_stroke([1, 2, 3])
    with pytest.raises(ValueError, match=r"^points must have at most 20,000 numbers"):
        drawer.add_stroke(np.zeros((10_001, 2)))
    assert drawer.strokes == [] and drawer.score() is None
    drawer.add_stroke(np.full((6_000, 2), 64.0))
    with pytest.raises(ValueError, match=r"^points must be at most 4,000 \(a page holds 10,000 points; clear it first\)"):
        drawer.add_stroke(np.zeros((6_000, 2)))
    assert len(drawer.strokes) == 1
