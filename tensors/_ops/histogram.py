"""``torch.histogram`` and ``torch.histogramdd``: counts of a tensor's elements (or
points) in equal-width (or given) bins.

A histogram counts; nothing flows back through it, so its result is a leaf of
numbers, as in PyTorch (whose histogram has no derivative).

>>> import tensors as torch
>>> torch.histogram(torch.tensor([1., 2, 1, 4]), bins=3)
torch.return_types.histogram(
hist=tensor([2., 1., 1.]),
bin_edges=tensor([1., 2., 3., 4.]))
"""

from __future__ import annotations

import bisect
from typing import Any, Optional

from autograd_scalar._floats import _fdiv
from autograd_scalar._special_more import f32

from .. import _dtype as D
from .._printing import named_result
from .._tensor import Tensor, _from_numbers

__all__ = ["histogram", "histogramdd", "HistogramResult", "HistogramddResult"]


HistogramResult = named_result("histogram", ("hist", "bin_edges"))


def histogram(
    input: Tensor,
    bins: Any = 100,
    *,
    range: Optional[tuple] = None,  # noqa: A002 - PyTorch's name
    weight: Optional[Tensor] = None,
    density: bool = False,
) -> HistogramResult:
    """Counts (or summed ``weight``s) of the elements in ``bins`` equal bins over
    ``range`` (the elements' min and max by default), or in the bins a tensor of
    edges gives; with ``density`` the counts are divided to integrate to one.

    >>> import tensors as torch
    >>> torch.histogram(torch.tensor([1., 2, 1, 4, 2.5]), bins=4, range=(0., 4.)).hist
    tensor([0., 2., 2., 1.])
    """
    _floating(input)
    points = [(v.data,) for v in input._flat()]
    weights = [v.data for v in weight._flat()] if weight is not None else None
    bins_per_dim = [bins if isinstance(bins, Tensor) else int(bins)]
    counts, edges = _count(input.dtype, points, bins_per_dim, range, weights, density)
    dtype = input.dtype
    return HistogramResult(
        _from_numbers(counts, (len(counts),), dtype),
        _from_numbers(edges[0], (len(edges[0]),), dtype),
    )


HistogramddResult = named_result("histogramdd", ("hist", "bin_edges"))


def histogramdd(
    input: Tensor,
    bins: Any = 10,
    *,
    range: Optional[Any] = None,  # noqa: A002 - PyTorch's name
    weight: Optional[Tensor] = None,
    density: bool = False,
) -> HistogramddResult:
    """The D-dimensional histogram of the points along ``input``'s last dim (of size D):
    ``bins`` an int for every dim, one int per dim, or the edges of each dim;
    ``range`` ``[min_0, max_0, min_1, max_1, ...]``.

    >>> import tensors as torch
    >>> points = torch.tensor([[0., 1.], [2., 3.], [1., 1.], [4., 0.]])
    >>> torch.histogramdd(points, bins=[2, 3]).hist
    tensor([[0., 2., 0.],
            [1., 0., 1.]])
    """
    _floating(input)
    if input.ndim < 2:
        raise RuntimeError("torch.histogramdd: input tensor should have at least 2 dimensions")
    d = input._shape[-1]
    per_dim = list(bins) if isinstance(bins, (list, tuple)) else [int(bins)] * d
    if len(per_dim) != d:
        raise RuntimeError(
            "histogramdd: The size of bins must be equal to the innermost dimension of the input."
        )
    if range is not None and len(range) != 2 * d:
        raise RuntimeError(
            f"torch.histogramdd: for a {d}-dimensional histogram range should have {2 * d} "
            f"elements, but got {len(range)}"
        )
    flat = [v.data for v in input._flat()]
    points = [tuple(flat[i : i + d]) for i in builtins_range(0, len(flat), d)]
    weights = [v.data for v in weight._flat()] if weight is not None else None
    counts, edges = _count(input.dtype, points, per_dim, range, weights, density)
    dtype = input.dtype
    shape = tuple(len(e) - 1 for e in edges)
    return HistogramddResult(
        _from_numbers(counts, shape, dtype),
        tuple(_from_numbers(e, (len(e),), dtype) for e in edges),
    )


def _floating(input: Tensor) -> None:
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"histogramdd\" not implemented for '{_name(input)}'")


def _count(dtype: Any, points: list, bins: list, range: Any, weights: Any, density: bool) -> tuple:
    # The counts (row-major over the dims' bins) and each dim's edges, as PyTorch's
    # histogramdd kernel finds them.
    edges = [
        _edges(
            dtype, [p[k] for p in points], b, None if range is None else range[2 * k : 2 * k + 2], k
        )
        for k, b in enumerate(bins)
    ]
    sizes = [len(e) - 1 for e in edges]
    total_bins = 1
    for n in sizes:
        total_bins *= n
    # PyTorch adds the weights one by one in the tensor's precision: a float32
    # histogram's sums are rounded after each addition.
    rounded = f32 if dtype is D.float32 else float
    counts = [0.0] * total_bins
    for j, p in enumerate(points):
        flat = 0
        for x, e, n in zip(p, edges, sizes):
            if not e[0] <= x <= e[-1]:
                break
            # the last bin holds its right edge too
            flat = flat * n + min(bisect.bisect_right(e, x) - 1, n - 1)
        else:
            counts[flat] = rounded(counts[flat] + (1.0 if weights is None else rounded(weights[j])))
    if density:
        total = sum(counts)
        # IEEE division: an empty input or a bin of width 0 gives nan or inf, as in PyTorch
        counts = [_fdiv(c, total) for c in counts]
        stride = total_bins
        for e, n in zip(edges, sizes):
            stride //= n
            counts = [
                _fdiv(c, e[i // stride % n + 1] - e[i // stride % n]) for i, c in enumerate(counts)
            ]
    return counts, edges


def _edges(dtype: Any, xs: list, bins: Any, pair: Any, k: int) -> list:
    if isinstance(bins, Tensor):
        return [v.data for v in bins._flat()]
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension {k}")
    if pair is not None:
        lo, hi = float(pair[0]), float(pair[1])
    else:
        lo, hi = (min(xs), max(xs)) if xs else (0.0, 1.0)
    if lo > hi:
        raise RuntimeError(
            f"torch.histogramdd: min should not exceed max, but got min {_g(lo)} max "
            f"{_g(hi)} for dimension {k}"
        )
    if lo == hi:  # PyTorch widens an empty range by one half either side
        lo, hi = lo - 0.5, hi + 0.5
    # PyTorch's linspace: from the start below halfway, from the end above it
    step = (hi - lo) / bins
    half = (bins + 1) // 2
    return [lo + step * i if i < half else hi - step * (bins - i) for i in builtins_range(bins + 1)]


builtins_range = range


def _name(t: Tensor) -> str:
    from .._dtype import type_name

    return type_name(t.dtype)


def _g(x: float) -> str:
    return f"{x:g}"
