"""Architecture pictures: plot_model where pydot and Graphviz work, the matplotlib drawing otherwise,
and never a crash because a drawing tool is missing."""

import helpers
from helpers.display import diagrams
from helpers.models import resnets

import os
import shutil

import keras
import pytest

PNG = diagrams.PNG_SIGNATURE


@pytest.fixture(scope="module")
def blog():
    return helpers.build_resnet()


@pytest.fixture(scope="module")
def graphviz():
    """plot_model's real path. CI (.ci/run sets CI=true and installs Graphviz) must have it; a
    machine without Graphviz skips these tests, as the notebooks fall back to matplotlib there."""
    ok, reason = diagrams.graphviz_available()
    if not ok and not os.environ.get("CI"):
        pytest.skip(f"plot_model cannot run here: {reason}")
    return ok, reason


def test_graphviz_is_installed_so_the_real_path_is_tested(graphviz):
    ok, reason = graphviz
    assert ok, reason
    assert shutil.which("dot")


def test_auto_uses_plot_model_when_graphviz_works(graphviz, blog):
    diagram = diagrams.draw_architecture(blog)
    assert diagram.method == "plot_model" and "plot_model" in diagram.reason
    assert diagram.png.startswith(PNG) and diagram._repr_png_() == diagram.png
    width, height = diagram.size
    assert height > width > 100  # one box a layer, top to bottom
    assert "plot_model" in str(diagram) and "plot_model" in repr(diagram)


def test_falls_back_to_matplotlib_when_graphviz_is_missing(blog, monkeypatch):
    monkeypatch.setattr(diagrams, "graphviz_available", lambda: (False, "Graphviz's `dot` program is not on the PATH"))
    diagram = diagrams.draw_architecture(blog)
    assert diagram.method == "matplotlib" and diagram.png.startswith(PNG)
    assert "not on the PATH" in diagram.reason


def test_missing_pydot_and_dot_are_detected(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    ok, reason = diagrams.graphviz_available()
    assert not ok and "dot" in reason
    monkeypatch.undo()
    import builtins

    real_import = builtins.__import__

    def no_pydot(name, *args, **kwargs):
        if name == "pydot":
            raise ImportError("No module named 'pydot'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pydot)
    ok, reason = diagrams.graphviz_available()
    assert not ok and "pydot" in reason


def test_falls_back_when_plot_model_raises_or_draws_nothing(blog, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("dot crashed")

    monkeypatch.setattr(diagrams, "graphviz_available", lambda: (True, "pretend Graphviz works"))
    monkeypatch.setattr(keras.utils, "plot_model", broken)
    diagram = diagrams.draw_architecture(blog)
    assert diagram.method == "matplotlib" and "OSError: dot crashed" in diagram.reason
    # In a notebook without Graphviz, plot_model prints a message and returns None without a file.
    monkeypatch.setattr(keras.utils, "plot_model", lambda *args, **kwargs: None)
    diagram = diagrams.draw_architecture(blog)
    assert diagram.method == "matplotlib" and "wrote no PNG" in diagram.reason


def test_matplotlib_can_be_asked_for(blog):
    diagram = diagrams.draw_architecture(blog, method="matplotlib")
    assert diagram.method == "matplotlib" and diagram.png.startswith(PNG)


def test_blog_parts_show_every_block_and_its_shortcut(blog):
    parts = diagrams.block_parts(blog)
    assert [p.title for p in parts] == ["input 128×128×1", "stem"] + [
        f"stage{s} · block{b}" for s in (1, 2, 3) for b in (1, 2)
    ] + ["head"]
    shortcuts = [p.shortcut for p in parts]
    assert shortcuts == [None, None, "identity", "identity", "1×1 conv, /2", "identity", "1×1 conv, /2", "identity", None]
    assert parts[1].body == "7×7 conv, 64, /2 → 3×3 max-pool, /2"
    assert parts[4].body == "3×3 conv, 128, /2 → 3×3 conv, 128" and parts[4].output_shape == (None, 16, 16, 128)


def test_option_a_and_plain_twins_are_drawn_as_they_are():
    residual = diagrams.block_parts(resnets.cifar_resnet(20))
    assert [p.shortcut for p in residual if p.title.startswith("stage2")] == ["zero-pad, /2", "identity", "identity"]
    plain = diagrams.block_parts(resnets.cifar_resnet(20, residual=False))
    assert all(p.shortcut is None for p in plain)
    assert diagrams.draw_architecture(resnets.cifar_resnet(20, residual=False), method="matplotlib").png.startswith(PNG)


def test_long_stages_are_shortened():
    parts = diagrams.block_parts(resnets.imagenet_resnet(152), max_blocks_per_stage=4)
    stage3 = [p for p in parts if p.stage == "stage3"]
    assert len(stage3) == 4 and stage3[2].left_out == 33 and stage3[-1].title == "stage3 · block36"
    assert sum(p.left_out for p in parts) == (8 - 3) + (36 - 3)


def test_models_named_otherwise_still_draw():
    inputs = keras.Input((16, 16, 3))
    x = keras.layers.Conv2D(4, 3)(inputs)
    x = keras.layers.Flatten()(x)
    model = keras.Model(inputs, keras.layers.Dense(2)(x))
    diagram = diagrams.draw_architecture(model, method="matplotlib")
    assert diagram.png.startswith(PNG)


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"model": "resnet"}, "model"),
        ({"method": "graphviz"}, "method"),
        ({"dpi": 0}, "dpi"),
        ({"max_blocks_per_stage": 0}, "max_blocks_per_stage"),
    ],
)
def test_bad_arguments_name_the_argument(blog, kwargs, argument):
    wrong_type = kwargs.get("model") == "resnet"  # not a model at all
    with pytest.raises(TypeError if wrong_type else ValueError, match=rf"^{argument}"):
        diagrams.draw_architecture(**{"model": blog, **kwargs})


def test_max_blocks_per_stage_must_leave_room_for_first_and_last(blog):
    with pytest.raises(ValueError, match=r"^max_blocks_per_stage must be at least 3"):
        diagrams.block_parts(blog, max_blocks_per_stage=2)
