"""Notebook 01's helpers: scalar blocks, gradients through stacks, and the widgets' callbacks."""

from helpers.models.path_counts import path_lengths

import pytest


def test_path_counts():
    assert list(path_lengths(3)) == [1, 3, 3, 1]
    assert sum(path_lengths(54)) == 2**54
    with pytest.raises(ValueError, match=r"^blocks must be"):
        path_lengths(0)
