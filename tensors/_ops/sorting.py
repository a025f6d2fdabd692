"""Ordering along a dim: sort, argsort, msort, topk, kthvalue, median, nanmedian, mode,
quantile and nanquantile.

Values are picked, not computed: each output element is a copy of the input
element it names (the gradient goes to that element, as PyTorch routes it
by the returned indices); quantiles interpolate between two picked elements
with the table's ``lerp`` row. Ties are broken as PyTorch's CPU kernels break
them: sorts are stable, nan sorts above every number.

>>> import tensors as torch
>>> torch.sort(torch.tensor([3., 1., 2.])).indices
tensor([1, 2, 0])
"""

from __future__ import annotations

import math
from typing import Any

from autograd_scalar import OPS, Value, apply
from autograd_scalar.value import _const

from .. import _dtype as D
from .._shape import reduce_groups, wrap_dim
from .._tensor import Tensor, _from_numbers, _result
from .reductions import return_types
from .tie_order import nth_element, sort_positions


class _Named(return_types._Base):
    pass


def _named(name: str) -> type:
    return type(name, (_Named,), {"_name": name})


sort_result = _named("sort")
topk_result = _named("topk")
kthvalue_result = _named("kthvalue")
median_result = _named("median")
nanmedian_result = _named("nanmedian")
mode_result = _named("mode")


def _key(v: Value) -> tuple:
    # nan above every number (PyTorch's sort order).
    x = v.data
    return (1, 0.0) if x != x else (0, x)


def _along(input: Tensor, dim: int) -> tuple:
    """The dim wrapped, and the flat positions of each line along it."""
    if input.ndim == 0:
        wrap_dim(dim, 0)
        return 0, [[0]]
    d = wrap_dim(dim, input.ndim)
    return d, reduce_groups(input._shape, [d])[0]


def _order(vs: list, descending: bool) -> list:
    """Positions of a line in sorted order: stable, nan last (first when descending)."""
    keys = [_key(v) for v in vs]
    if descending:
        # Stable in the original order among equals, largest first.
        return sorted(range(len(vs)), key=lambda i: (tuple(-k for k in keys[i]), i))
    return sorted(range(len(vs)), key=lambda i: (keys[i], i))


def _gt_or_nan(x: float, y: float) -> bool:
    return (x != x and y == y) or x > y


def _select(vs: list, k: int) -> int:
    """Position of the k-th smallest (from 0) as PyTorch's quickselect finds it: a
    median-of-three pivot and Hoare's partition, nan above every number. Among
    equal elements this names the one PyTorch's kthvalue and median name."""
    arr = [v.data for v in vs]
    pos = list(range(len(vs)))

    def swap(a: int, b: int) -> None:
        arr[a], arr[b] = arr[b], arr[a]
        pos[a], pos[b] = pos[b], pos[a]

    lo, hi = 0, len(arr) - 1
    while hi > lo:
        if hi == lo + 1:
            if _gt_or_nan(arr[lo], arr[hi]):
                swap(lo, hi)
            break
        swap(lo + (hi - lo) // 2, lo + 1)
        if _gt_or_nan(arr[lo + 1], arr[hi]):
            swap(lo + 1, hi)
        if _gt_or_nan(arr[lo], arr[hi]):
            swap(lo, hi)
        if _gt_or_nan(arr[lo + 1], arr[lo]):
            swap(lo + 1, lo)
        i, j, pivot = lo + 1, hi, arr[lo]
        while True:
            i += 1
            while _gt_or_nan(pivot, arr[i]):
                i += 1
            j -= 1
            while _gt_or_nan(arr[j], pivot):
                j -= 1
            if j < i:
                break
            swap(i, j)
        swap(lo, j)
        if j <= k:
            lo = i
        if j >= k:
            hi = j - 1
    return pos[k]


def sort(input: Tensor, dim: int = -1, descending: bool = False, stable: Any = None) -> Any:
    """``(values, indices)`` sorted along ``dim`` (stably; nan last, or first descending).

    >>> import tensors as torch
    >>> torch.sort(torch.tensor([[2., 1.], [0., 5.]]), descending=True)
    torch.return_types.sort(
    values=tensor([[2., 1.],
            [5., 0.]]),
    indices=tensor([[0, 1],
            [1, 0]]))
    """
    d, groups = _along(input, dim)
    flat = input._flat()
    values, indices = [None] * len(flat), [0] * len(flat)
    for g in groups:
        order = _order([flat[p] for p in g], descending)
        for p, k in zip(g, order):
            values[p] = flat[g[k]].clone()
            indices[p] = k
    node = "SortBackward0" if stable is None else "SortBackward1"  # PyTorch's two overloads
    out = _result(values, input._shape, input.dtype, node, (input,), op="sort")
    return sort_result(out, _from_numbers(indices, input._shape, D.int64))


def argsort(input: Tensor, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:
    """The indices that sort ``input`` along ``dim``.

    >>> import tensors as torch
    >>> torch.argsort(torch.tensor([3., 1., 2.]))
    tensor([1, 2, 0])
    """
    return sort(input.detach(), dim, descending, stable).indices


def msort(input: Tensor) -> Tensor:
    """``input`` sorted along its first dim.

    >>> import tensors as torch
    >>> torch.msort(torch.tensor([[2., 1.], [0., 5.]]))
    tensor([[0., 1.],
            [2., 5.]])
    """
    return sort(input, 0).values


def _picked(input: Tensor, dim: int, keepdim: bool, pick: Any, name: str, result: type) -> Any:
    """A selection along ``dim``: ``pick(line) -> position in the line``, for each line."""
    d, groups = _along(input, dim)
    flat = input._flat()
    values, indices = [], []
    for g in groups:
        k = pick([flat[p] for p in g])
        values.append(flat[g[k]].clone())
        indices.append(k)
    shape = _reduced(input._shape, d, keepdim)
    out = _result(values, shape, input.dtype, name, (input,), op=name)
    return result(out, _from_numbers(indices, shape, D.int64))


def _reduced(shape: tuple, d: int, keepdim: bool) -> tuple:
    if not shape:
        return ()
    if keepdim:
        return tuple(1 if i == d else s for i, s in enumerate(shape))
    return tuple(s for i, s in enumerate(shape) if i != d)


def topk(input: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:
    """The ``k`` largest (or smallest) elements along ``dim``, with their indices.

    >>> import tensors as torch
    >>> torch.topk(torch.tensor([1., 9., 3., 7.]), 2)
    torch.return_types.topk(
    values=tensor([9., 7.]),
    indices=tensor([1, 3]))
    """
    d, groups = _along(input, dim)
    size = input._shape[d] if input.ndim else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    flat = input._flat()
    shape = tuple(k if i == d else s for i, s in enumerate(input._shape))
    values, indices = [None] * (len(groups) * k), [0] * (len(groups) * k)
    # The output's lines have the input's layout with k in place of the dim's size.
    out_groups = reduce_groups(shape, [d])[0] if input.ndim else [[0]]
    for g, og in zip(groups, out_groups):
        order = _topk_order([flat[p].data for p in g], k, largest)
        for p, j in zip(og, order):
            values[p] = flat[g[j]].clone()
            indices[p] = j
    out = _result(values, shape, input.dtype, "TopkBackward0", (input,), op="topk")
    return topk_result(out, _from_numbers(indices, shape, D.int64))


def _topk_order(xs: list, k: int, largest: bool) -> list:
    # PyTorch's kernel: std::nth_element to put the k-th in place, then std::sort
    # of the k - 1 before it (for k * 64 <= n it uses std::partial_sort instead,
    # whose order among equal elements is a heap's: a stable order stands in).
    if largest:

        def less(i: int, j: int) -> bool:
            return (xs[i] != xs[i] and xs[j] == xs[j]) or xs[i] > xs[j]
    else:

        def less(i: int, j: int) -> bool:
            return (xs[i] == xs[i] and xs[j] != xs[j]) or xs[i] < xs[j]

    if k == 0:
        return []
    positions = list(range(len(xs)))
    if k * 64 <= len(xs):
        key = [(1, 0.0) if x != x else (0, -x if largest else x) for x in xs]
        return sorted(positions, key=lambda i: (key[i], i))[:k]
    nth_element(positions, k - 1, less)
    head = positions[: k - 1]
    sort_positions(head, less)
    return head + [positions[k - 1]]


def kthvalue(input: Tensor, k: int, dim: int = -1, keepdim: bool = False) -> Any:
    """The ``k``-th smallest element along ``dim`` (counting from 1) and its index.

    >>> import tensors as torch
    >>> torch.kthvalue(torch.tensor([4., 1., 3.]), 2)
    torch.return_types.kthvalue(
    values=tensor(3.),
    indices=tensor(2))
    """
    d = wrap_dim(dim, max(input.ndim, 1))
    size = input._shape[d] if input.ndim else 1
    if not 1 <= k <= size:
        raise RuntimeError(
            f"kthvalue(): selected number k out of range for dimension {d if input.ndim else 0}"
        )
    return _picked(
        input,
        dim,
        keepdim,
        lambda vs: _select(vs, k - 1),
        "KthvalueBackward0",
        kthvalue_result,
    )


def _median_pick(vs: list, skip_nan: bool) -> int:
    xs = [v.data for v in vs]
    nans = sum(1 for x in xs if x != x)
    if nans and not skip_nan:
        return next(i for i, x in enumerate(xs) if x != x)  # the first nan
    # The lower of the two middle elements, as PyTorch's std::nth_element finds it:
    # ties broken by position, nan above every number (nans among themselves unordered).
    def less(i: int, j: int) -> bool:
        a, b = xs[i], xs[j]
        return a < b or (a == b and i < j) or (b != b and a == a)

    middle = max(len(xs) - nans - 1, 0) // 2
    positions = list(range(len(xs)))
    nth_element(positions, middle, less)
    return positions[middle]


def _median(input: Tensor, dim: Any, keepdim: bool, skip_nan: bool) -> Any:
    name = "nanmedian" if skip_nan else "median"
    node = "NanmedianBackward" if skip_nan else "MedianBackward"
    if dim is None:
        flat = input._flat()
        if not flat:
            return _from_numbers([math.nan], (), input.dtype)
        m = flat[_median_pick(flat, skip_nan)].data
        # PyTorch shares the gradient among the elements equal to the median
        # (all the nans when it is nan): the table's max row over those.
        ties = [v for v in flat if v.data == m] if m == m else [v for v in flat if v.data != m]
        value = apply(OPS["max"], *ties)
        return _result([value], (), input.dtype, node + "0", (input,), op=name)
    if input.ndim and input._shape[wrap_dim(dim, input.ndim)] == 0:
        raise IndexError(
            f"{name}(): Expected reduction dim {wrap_dim(dim, input.ndim)} to have non-zero size."
        )
    result = nanmedian_result if skip_nan else median_result
    return _picked(input, dim, keepdim, lambda vs: _median_pick(vs, skip_nan), node + "1", result)


def median(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """The lower median of all elements, or ``(values, indices)`` along ``dim``; nan if
    any element is nan.

    >>> import tensors as torch
    >>> torch.median(torch.tensor([4., 1., 3., 2.]))
    tensor(2.)
    """
    return _median(input, dim, keepdim, False)


def nanmedian(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """``median`` ignoring nan elements.

    >>> import tensors as torch
    >>> torch.nanmedian(torch.tensor([4., float("nan"), 3.]))
    tensor(3.)
    """
    return _median(input, dim, keepdim, True)


def _mode_pick(vs: list) -> int:
    # PyTorch's scan: std::sort by value (nan compares false, so it stays about
    # where it is met), then the first longest run of equal values, named by its
    # last element.
    xs = [v.data for v in vs]
    order = list(range(len(xs)))
    sort_positions(order, lambda i, j: xs[i] < xs[j])
    best, best_count, run = 0, 0, 0
    for j, i in enumerate(order):
        run += 1
        last = j == len(order) - 1
        if last or vs[order[j + 1]].data != vs[i].data:
            if run > best_count:
                best, best_count = i, run
            run = 0
    return best


def mode(input: Tensor, dim: int = -1, keepdim: bool = False) -> Any:
    """The most frequent value along ``dim`` (the smallest of the most frequent) and its index.

    >>> import tensors as torch
    >>> torch.mode(torch.tensor([2., 1., 2., 1., 3.]))
    torch.return_types.mode(
    values=tensor(1.),
    indices=tensor(3))
    """
    if input.ndim and input._shape[wrap_dim(dim, input.ndim)] == 0:
        raise IndexError(
            f"mode(): Expected reduction dim {wrap_dim(dim, input.ndim)} to have non-zero size."
        )
    return _picked(input, dim, keepdim, _mode_pick, "ModeBackward0", mode_result)


_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(
    input: Tensor, q: Any, dim: Any, keepdim: bool, interpolation: str, skip_nan: bool
) -> Tensor:
    name = "nanquantile" if skip_nan else "quantile"
    if not input.dtype.is_floating_point:
        raise RuntimeError(f"{name}() input tensor must be either float or double dtype")
    if isinstance(q, Tensor):
        if q.ndim > 1:
            raise RuntimeError(f"{name}() q must be a scalar or 1D tensor")
        if q.dtype is not input.dtype:
            raise RuntimeError(f"{name}() q tensor must be same dtype as the input tensor")
        qs = [v.data for v in q._flat()]
    else:
        qs = [float(q)]
    if input.numel() == 0:
        raise RuntimeError(f"{name}() input tensor must be non-empty")
    for p in qs:
        if not 0.0 <= p <= 1.0:
            raise RuntimeError(f"{name}() q must be in the range [0, 1] but got {p}")
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError(
            f"{name}() interpolation must be one of linear, lower, higher, midpoint or "
            f"nearest, but got {interpolation}"
        )
    flat = input._flat()
    q_values = q._flat() if isinstance(q, Tensor) else [_const(float(q))]
    if dim is None:
        groups, shape = [list(range(len(flat)))], ((1,) * input.ndim if keepdim else ())
    else:
        d, groups = _along(input, dim)
        shape = _reduced(input._shape, d, keepdim)
    lerp = OPS["lerp"]
    out = []
    for p, qv in zip(qs, q_values):
        for g in groups:
            vs = [flat[i] for i in g]
            order = _order(vs, False)
            nans = sum(1 for v in vs if v.data != v.data)
            n = len(vs) - nans if skip_nan else len(vs)
            if (nans and not skip_nan) or n == 0:
                out.append(_const(math.nan) if n == 0 else vs[order[-1]].clone())
                continue
            rank = p * (n - 1)
            lo = math.floor(rank)
            hi = math.ceil(rank)
            if interpolation == "lower":
                hi = lo
            elif interpolation == "higher":
                lo = hi
            elif interpolation == "nearest":
                lo = hi = round(rank)  # half to even, as PyTorch's round
            below, above = vs[order[lo]], vs[order[hi]]
            if interpolation in ("lower", "higher", "nearest"):
                out.append(below.clone())
            else:
                # PyTorch's weight: q (n - 1) minus its floor, so q gets a gradient too.
                weight = (
                    _const(0.5) if interpolation == "midpoint" else qv * float(n - 1) - float(lo)
                )
                out.append(apply(lerp, below, above, weight))
    if isinstance(q, Tensor) and q.ndim == 1:
        shape = (len(qs),) + shape
    # Only linear interpolation differentiates q (PyTorch's other modes do not).
    linear = isinstance(q, Tensor) and interpolation == "linear"
    inputs = (input, q) if linear else (input,)
    return _result(out, shape, input.dtype, "SqueezeBackward4", inputs, op=name)


def quantile(
    input: Tensor,
    q: Any,
    dim: Any = None,
    keepdim: bool = False,
    *,
    interpolation: str = "linear",
) -> Tensor:
    """The ``q``-th quantiles (a number or a 1-D tensor of them in [0, 1]) of all elements or
    along ``dim``, interpolating between sorted elements; nan where a line holds a nan.

    >>> import tensors as torch
    >>> torch.quantile(torch.tensor([1., 2., 3., 4.]), 0.5)
    tensor(2.5000)
    """
    return _quantile(input, q, dim, keepdim, interpolation, False)


def nanquantile(
    input: Tensor,
    q: Any,
    dim: Any = None,
    keepdim: bool = False,
    *,
    interpolation: str = "linear",
) -> Tensor:
    """``quantile`` ignoring nan elements.

    >>> import tensors as torch
    >>> torch.nanquantile(torch.tensor([1., float("nan"), 3.]), 0.5)
    tensor(2.)
    """
    return _quantile(input, q, dim, keepdim, interpolation, True)
