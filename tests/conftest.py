"""Shared fixtures for the unit tests."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "support"))  # modules the tests share: repo, seed_blog_code, ...

import helpers  # noqa: E402,F401  (imports TensorFlow quietly, before any test module does)


@pytest.fixture(autouse=True)
def _clear_keras_session():
    """Keep layer auto-names and the precision policy independent between tests.

    free_memory=False skips the full garbage collection clear_session does by default: it took
    about a second after every test once TensorFlow held many objects (most of the suite's time);
    Python's own collector still frees cycles as it goes.
    """
    import keras

    yield
    keras.mixed_precision.set_global_policy("float32")
    keras.backend.clear_session(free_memory=False)
