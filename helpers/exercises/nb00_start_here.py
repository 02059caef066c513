"""Exercises of notebook 00."""

from __future__ import annotations

from helpers.exercises.registry import NOT_ANSWERED, exercise, number_judge
from helpers.i18n import tr

import math
from typing import Any

exercise(
    "00.1",
    "A residual network has 4 blocks. How many of its paths pass through exactly 2 of the blocks' transformations?",
    hint="A path chooses, for every block, 'through F' or 'around it'. Pick the 2 blocks it goes through; "
    "the widget's bars count the paths of each length.",
    explanation="Choose 2 of the 4 blocks: 4 x 3 / 2 ways, the middle bar of the widget for 4 blocks.",
)(
    number_judge(
        6,
        {
            16: "16 is every path, whatever its length. Count only those through exactly 2 blocks.",
            8: "8 is every path of a 3-block network. This one has 4 blocks, and only some paths go through exactly 2.",
            12: "That counts each pair of blocks twice (first A then B, and first B then A); a path is a set of blocks.",
            4: "4 is the number of paths through exactly 1 block (or exactly 3).",
        },
    )
)


@exercise(
    "00.2",
    "Write count_paths(n, k): how many of the 2**n paths through n residual blocks pass through exactly k transformations.",
    hint="List every path as a tuple of n choices, 1 for 'through F' and 0 for 'around', with "
    "itertools.product([0, 1], repeat=n), and count those whose sum is k.",
    explanation="count_paths(n, k) is the binomial coefficient C(n, k): the widget's bars, and sum over k of C(n, k) = 2**n.",
)
def _judge_count_paths(count_paths: Any) -> str | None:
    if not callable(count_paths):
        return tr("The answer should be a function count_paths(n, k).")
    for n, k in [(3, 1), (4, 2), (5, 0), (5, 5), (6, 3), (10, 4), (1, 1)]:
        got = count_paths(n, k)
        if got is Ellipsis:
            return NOT_ANSWERED
        if got is None:
            return tr("Your function returns None: did you forget `return`?")
        expected = math.comb(n, k)
        if got == expected:
            continue
        if got == 2**n:
            return tr(
                "count_paths({n}, {k}) returned {got!r}: that counts every path, not only those through exactly {k} blocks.",
                n=n,
                k=k,
                got=got,
            )
        if n > 1 and k not in (0, n) and got in (n, k):
            return tr(
                "count_paths({n}, {k}) returned {got!r}: with n = 4 and k = 2, write out by hand every path that goes through exactly 2 of the 4 blocks, count them and compare.",
                n=n,
                k=k,
                got=got,
            )
        return tr("count_paths({n}, {k}) returned {got!r}.", n=n, k=k, got=got)
    return None
