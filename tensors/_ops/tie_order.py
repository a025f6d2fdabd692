"""The orders in which PyTorch's CPU kernels leave equal elements.

``topk``, ``median`` along a dim and ``mode`` sort or select with the C++
library's unstable algorithms (``std::nth_element``, ``std::sort``), so which
of several equal elements they name depends on those algorithms' steps. To
name the same index as PyTorch, this module replays the steps of GNU
libstdc++'s introselect and introsort (median-of-three pivots, an unguarded
partition, insertion sort below 16 elements) on a list of positions, with a
caller's ``less(i, j)``. Only positions move; values are never computed here.

>>> order = list(range(4))
>>> sort_positions(order, lambda i, j: [2, 1, 2, 1][i] < [2, 1, 2, 1][j])
>>> order
[1, 3, 0, 2]
"""

from __future__ import annotations

import math
from typing import Callable

_THRESHOLD = 16  # libstdc++'s _S_threshold: shorter runs are insertion-sorted
Less = Callable[[int, int], bool]


def _move_median_to_first(a: list, result: int, x: int, y: int, z: int, less: Less) -> None:
    if less(a[x], a[y]):
        if less(a[y], a[z]):
            a[result], a[y] = a[y], a[result]
        elif less(a[x], a[z]):
            a[result], a[z] = a[z], a[result]
        else:
            a[result], a[x] = a[x], a[result]
    elif less(a[x], a[z]):
        a[result], a[x] = a[x], a[result]
    elif less(a[y], a[z]):
        a[result], a[z] = a[z], a[result]
    else:
        a[result], a[y] = a[y], a[result]


def _partition_pivot(a: list, first: int, last: int, less: Less) -> int:
    mid = first + (last - first) // 2
    _move_median_to_first(a, first, first + 1, mid, last - 1, less)
    lo, hi, pivot = first + 1, last, a[first]
    while True:
        while less(a[lo], pivot):
            lo += 1
        hi -= 1
        while less(pivot, a[hi]):
            hi -= 1
        if not lo < hi:
            return lo
        a[lo], a[hi] = a[hi], a[lo]
        lo += 1


def _insertion_sort(a: list, first: int, last: int, less: Less) -> None:
    for i in range(first + 1, last):
        value = a[i]
        if less(value, a[first]):
            a[first + 1 : i + 1] = a[first:i]
            a[first] = value
        else:
            _linear_insert(a, i, less)


def _linear_insert(a: list, i: int, less: Less) -> None:
    value = a[i]
    j = i
    while less(value, a[j - 1]):
        a[j] = a[j - 1]
        j -= 1
    a[j] = value


def _heap_fallback(a: list, first: int, last: int, less: Less) -> None:
    # libstdc++ turns to heapsort when the recursion gets deep (rare on short lines);
    # the order of equal elements is then its heap's, which a stable sort stands in for.
    a[first:last] = sorted(a[first:last], key=_Key(less))


class _Key:
    # Turns a less-than into a sort key (for the fallback only).
    def __init__(self, less: Less) -> None:
        self.less = less

    def __call__(self, i: int) -> "_Item":
        return _Item(i, self.less)


class _Item:
    __slots__ = ("i", "less")

    def __init__(self, i: int, less: Less) -> None:
        self.i, self.less = i, less

    def __lt__(self, other: "_Item") -> bool:
        return self.less(self.i, other.i)


def sort_positions(a: list, less: Less) -> None:
    """``std::sort(a.begin(), a.end(), less)`` as libstdc++ runs it, in place."""
    n = len(a)
    if n < 2:
        return
    stack = [(0, n, 2 * int(math.log2(n)))]
    while stack:
        first, last, depth = stack.pop()
        while last - first > _THRESHOLD:
            if depth == 0:
                _heap_fallback(a, first, last, less)
                break
            depth -= 1
            cut = _partition_pivot(a, first, last, less)
            stack.append((cut, last, depth))
            last = cut
    if n > _THRESHOLD:
        _insertion_sort(a, 0, _THRESHOLD, less)
        for i in range(_THRESHOLD, n):
            _linear_insert(a, i, less)
    else:
        _insertion_sort(a, 0, n, less)


def nth_element(a: list, nth: int, less: Less) -> None:
    """``std::nth_element(a.begin(), a.begin() + nth, a.end(), less)`` as libstdc++ runs it."""
    first, last = 0, len(a)
    if first == last or nth == last:
        return
    depth = 2 * int(math.log2(last - first))
    while last - first > 3:
        if depth == 0:
            _heap_fallback(a, first, last, less)
            return
        depth -= 1
        cut = _partition_pivot(a, first, last, less)
        if cut <= nth:
            first = cut
        else:
            last = cut
    _insertion_sort(a, first, last, less)
