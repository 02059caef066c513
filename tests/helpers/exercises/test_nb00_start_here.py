"""Notebook 00's exercises: right, wrong and broken answers."""

from helpers.exercises import feedback

import math


def test_paths_of_one_length():
    assert feedback("00.1", 6)[0] is True
    assert "every path" in feedback("00.1", 16)[1]
    assert "twice" in feedback("00.1", 12)[1]


def test_count_paths_runs_the_function():
    assert feedback("00.2", math.comb)[0] is True
    assert feedback("00.2", lambda n, k: math.factorial(n) // (math.factorial(k) * math.factorial(n - k)))[0] is True
    assert "every path" in feedback("00.2", lambda n, k: 2**n)[1]
    assert "by hand" in feedback("00.2", lambda n, k: n)[1]
    wrong = feedback("00.2", lambda n, k: math.comb(n, k) + (k == n))
    assert wrong[0] is False and "returned" in wrong[1]
    assert feedback("00.2", lambda n, k: ...)[0] is None
    assert "forget `return`" in feedback("00.2", lambda n, k: None)[1]
    assert "raised TypeError" in feedback("00.2", lambda n: 1)[1]
    assert "function" in feedback("00.2", 6)[1]
