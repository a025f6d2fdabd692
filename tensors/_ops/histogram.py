"""``torch.histogram``: counts of a tensor's elements in equal-width (or given) bins.

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
from .._tensor import Tensor, _from_numbers

__all__ = ["histogram", "HistogramResult"]


class HistogramResult(tuple):
    """``(hist, bin_edges)``, printed as PyTorch's ``torch.return_types.histogram``."""

    @property
    def hist(self) -> Tensor:
        return self[0]

    @property
    def bin_edges(self) -> Tensor:
        return self[1]

    def __repr__(self) -> str:
        return f"torch.return_types.histogram(\nhist={self[0]!r},\nbin_edges={self[1]!r})"


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
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"histogramdd\" not implemented for '{_name(input)}'")
    xs = [v.data for v in input._flat()]
    if isinstance(bins, Tensor):
        edges = [v.data for v in bins._flat()]
    else:
        if bins <= 0:
            raise RuntimeError(
                f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0"
            )
        if range is not None:
            lo, hi = float(range[0]), float(range[1])
        else:
            lo, hi = (min(xs), max(xs)) if xs else (0.0, 1.0)
        if lo > hi:
            raise RuntimeError(
                f"torch.histogramdd: min should not exceed max, but got min {_g(lo)} max "
                f"{_g(hi)} for dimension 0"
            )
        if lo == hi:  # PyTorch widens an empty range by one half either side
            lo, hi = lo - 0.5, hi + 0.5
        edges = [lo + (hi - lo) * i / bins for i in builtins_range(bins)] + [hi]
    weights = [v.data for v in weight._flat()] if weight is not None else [1.0] * len(xs)
    # PyTorch adds the weights one by one in the tensor's precision: a float32
    # histogram's sums are rounded after each addition.
    rounded = f32 if input.dtype is D.float32 else float
    counts = [0.0] * (len(edges) - 1)
    for x, w in zip(xs, weights):
        if not edges[0] <= x <= edges[-1]:
            continue
        # the last bin holds its right edge too
        k = min(bisect.bisect_right(edges, x) - 1, len(counts) - 1)
        counts[k] = rounded(counts[k] + w)
    if density:
        total = sum(counts)
        # IEEE division: an empty input or a bin of width 0 gives nan or inf, as in PyTorch
        counts = [_fdiv(_fdiv(c, total), edges[i + 1] - edges[i]) for i, c in enumerate(counts)]
    dtype = input.dtype
    return HistogramResult(
        (_from_numbers(counts, (len(counts),), dtype), _from_numbers(edges, (len(edges),), dtype))
    )


builtins_range = range


def _name(t: Tensor) -> str:
    from .._dtype import type_name

    return type_name(t.dtype)


def _g(x: float) -> str:
    return f"{x:g}"
