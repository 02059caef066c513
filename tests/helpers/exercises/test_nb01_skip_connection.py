"""Notebook 01's exercises: right, wrong and broken answers."""

from helpers.exercises import feedback

import numpy as np


def test_compounding_derivatives():
    assert feedback("01.4", 1.1**10)[0] is True
    assert feedback("01.4", 2.59)[0] is True  # rounded by hand
    assert "multiplies" in feedback("01.4", 2)[1]
    assert "plain stack" in feedback("01.4", 1e-10)[1]
    assert "F'(X) were 0" in feedback("01.4", 1)[1]
    # the question promises: "answers within 0.007 of the exact value count"
    assert feedback("01.4", 1.1**10 - 0.007)[0] is True and feedback("01.4", 1.1**10 + 0.007)[0] is True
    assert feedback("01.4", 1.1**10 + 0.01)[0] is False


def test_zero_pad_shortcut_runs_the_function():
    def concatenate(x, features):
        return np.concatenate([x, np.zeros((x.shape[0], features - x.shape[1]))], axis=1)

    assert feedback("01.6", concatenate)[0] is True
    assert "added rows" in feedback("01.6", lambda x, f: np.pad(x, [(0, f - x.shape[1]), (0, 0)]))[1]
    assert "zeros come first" in feedback("01.6", lambda x, f: np.pad(x, [(0, 0), (f - x.shape[1], 0)]))[1]
    assert "exactly 0" in feedback("01.6", lambda x, f: np.pad(x, [(0, 0), (0, f - x.shape[1])], constant_values=1))[1]
    assert "shape" in feedback("01.6", lambda x, f: x)[1]
    assert feedback("01.6", lambda x, f: ...)[0] is None
    assert "forget `return`" in feedback("01.6", lambda x, f: None)[1]
    assert "raised" in feedback("01.6", lambda x, f: x.nonexistent)[1]
