"""Solutions to notebook 00's exercises."""

import itertools


def count_paths(n, k):
    return sum(1 for path in itertools.product([0, 1], repeat=n) if sum(path) == k)


SOLUTIONS = {
    "00.1": 6,  # choose 2 of 4 blocks: C(4, 2)
    "00.2": count_paths,  # C(n, k); math.comb(n, k) also works
}
