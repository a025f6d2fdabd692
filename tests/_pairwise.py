"""Pairwise covering: a few cases of a sweep in which every two options meet.

A bug that needs two options together (a stride with a dilation, a padding
with groups) shows in any case holding that pair; most bugs need no more than
two. So where the full product of a sweep's options is long, the tests run a
subset of it in which every pair of values of two different options (among
the pairs the full sweep holds) appears in at least one case.
"""

from __future__ import annotations

import itertools
from typing import Sequence


def pairs_of(case: Sequence) -> set:
    """The (position, value, position, value) pairs a case holds.

    >>> sorted(pairs_of((1, "a", True)))
    [(0, 1, 1, 'a'), (0, 1, 2, True), (1, 'a', 2, True)]
    """
    return {(i, case[i], j, case[j]) for i, j in itertools.combinations(range(len(case)), 2)}


def pairwise(cases: Sequence[tuple]) -> list:
    """A subset of ``cases`` holding every pair of option values that ``cases`` hold.

    Greedy and deterministic: each step takes the first case covering the most
    pairs not yet covered, so the same sweep gives the same subset every run.

    >>> full = list(itertools.product([1, 2, 3], "ab", [False, True]))
    >>> few = pairwise(full)
    >>> len(full), len(few)
    (12, 6)
    >>> set().union(*map(pairs_of, few)) == set().union(*map(pairs_of, full))
    True
    """
    cases = list(dict.fromkeys(cases))
    missing = set().union(*map(pairs_of, cases)) if cases else set()
    chosen = []
    while missing:
        best = max(cases, key=lambda c: len(pairs_of(c) & missing))
        chosen.append(best)
        missing -= pairs_of(best)
    return chosen
