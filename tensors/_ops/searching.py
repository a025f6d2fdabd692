"""Positions, counts and distinct values: nonzero, argwhere, searchsorted, bucketize,
histc, bincount, unique and unique_consecutive.

Their results are integers or counts (no gradient), except ``unique``'s values,
copies of input elements that PyTorch records with a node it cannot
differentiate (``Unique2Backward0``).

>>> import tensors as torch
>>> torch.nonzero(torch.tensor([0, 3, 0, 5]))
tensor([[1],
        [3]])
"""

from __future__ import annotations

import bisect
import itertools
from typing import Any, Optional

from autograd_scalar.value import _const

from .. import _dtype as D
from .._shape import strides, wrap_dim
from .._tensor import Tensor, _from_numbers, _result


def nonzero(input: Tensor, *, as_tuple: bool = False) -> Any:
    """The coordinates of the non-zero elements, one row each (or one tensor per dim).

    >>> import tensors as torch
    >>> torch.nonzero(torch.tensor([[1, 0], [0, 2]]), as_tuple=True)
    (tensor([0, 1]), tensor([0, 1]))
    """
    shape = input._shape
    flat = input._flat()
    coords = [
        cs for cs, v in zip(itertools.product(*(range(s) for s in shape)), flat) if v.data != 0.0
    ]
    if as_tuple:
        if not shape:
            return (_from_numbers([0] * len(coords), (len(coords),), D.int64),)
        return tuple(
            _from_numbers([c[d] for c in coords], (len(coords),), D.int64)
            for d in range(len(shape))
        )
    return _from_numbers([x for c in coords for x in c], (len(coords), len(shape)), D.int64)


def nonzero_static(input: Tensor, *, size: int, fill_value: int = -1) -> Tensor:
    """``nonzero`` with exactly ``size`` rows: cut short, or filled with ``fill_value``.

    >>> import tensors as torch
    >>> torch.nonzero_static(torch.tensor([0, 3]), size=2)
    tensor([[ 1],
            [-1]])
    """
    if size < 0:
        raise RuntimeError(
            f"nonzero_static: 'size' must be an non-negative integer, but got size = {size}"
        )
    rows = nonzero(input)
    width = max(input.ndim, 0)
    flat = [int(v.data) for v in rows._flat()][: size * width]
    flat += [fill_value] * (size * width - len(flat))
    return _from_numbers(flat, (size, width), D.int64)


def argwhere(input: Tensor) -> Tensor:
    """``nonzero(input)``: the coordinates of the non-zero elements, one row each.

    >>> import tensors as torch
    >>> torch.argwhere(torch.tensor([0., 2.]))
    tensor([[1]])
    """
    return nonzero(input)


def _sides(right: bool, side: Optional[str], name: str = "torch.searchsorted") -> bool:
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"{name}(): side can only be 'left' or 'right' but got {side}")
        if right and side == "left":
            raise RuntimeError(
                f"{name}(): side and right can't be set to opposites, got side of left while "
                "right was True"
            )
        return side == "right"
    return right


def _key(x: float) -> tuple:
    return (1, 0.0) if x != x else (0, x)


def searchsorted(
    sorted_sequence: Tensor,
    input: Any,
    *,
    out_int32: bool = False,
    right: bool = False,
    side: Optional[str] = None,
    sorter: Optional[Tensor] = None,
) -> Tensor:
    """For each value, the index where it would go in ``sorted_sequence`` (its last dim) to
    keep it sorted: before equal elements, or after them with ``right=True``.

    >>> import tensors as torch
    >>> torch.searchsorted(torch.tensor([1, 3, 5]), torch.tensor([3, 6]))
    tensor([1, 3])
    """
    after = _sides(right, side)
    seq = sorted_sequence
    values = input if isinstance(input, Tensor) else None
    if seq.ndim == 0:
        raise RuntimeError(
            "torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 "
            "dimension"
        )
    if values is not None and seq.ndim > 1 and seq._shape[:-1] != values._shape[:-1]:
        raise RuntimeError(
            "torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
            "dimensions of boundaries tensor and input value tensor must match, but we got "
            f"boundaries tensor {list(seq._shape)} and input value tensor {list(values._shape)}"
        )
    n = seq._shape[-1]
    rows = [
        [v.data for v in seq._flat()[r * n : (r + 1) * n]] for r in range(seq.numel() // max(n, 1))
    ]
    if sorter is not None:
        order = [int(v.data) for v in sorter._flat()]
        rows = [[row[order[r * n + j]] for j in range(n)] for r, row in enumerate(rows)]
    keyed = [[_key(x) for x in row] for row in rows]
    find = bisect.bisect_right if after else bisect.bisect_left
    if values is None:
        return _from_numbers([find(keyed[0], _key(float(input)))], (), _index_dtype(out_int32))
    m = values._shape[-1] if values.ndim else 1
    out = []
    for k, v in enumerate(values._flat()):
        row = keyed[0] if seq.ndim == 1 else keyed[k // m]
        out.append(find(row, _key(v.data)))
    return _from_numbers(out, values._shape, _index_dtype(out_int32))


def _index_dtype(out_int32: bool) -> D.dtype:
    # int32 where the dtype exists, as PyTorch's out_int32 asks
    return getattr(D, "int32", D.int64) if out_int32 else D.int64


def bucketize(
    input: Any, boundaries: Tensor, *, out_int32: bool = False, right: bool = False
) -> Tensor:
    """For each element, the index of the bucket of 1-D ``boundaries`` it falls in
    (``boundaries[i-1] < x <= boundaries[i]``; ``<=``/``<`` swapped with ``right=True``).

    >>> import tensors as torch
    >>> torch.bucketize(torch.tensor([1, 4, 6]), torch.tensor([1, 3, 5]))
    tensor([0, 2, 3])
    """
    if boundaries.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries.ndim})")
    return searchsorted(boundaries, input, right=right, out_int32=out_int32)


def histc(input: Tensor, bins: int = 100, min: float = 0, max: float = 0) -> Tensor:  # noqa: A002
    """Counts of the elements in ``bins`` equal bins over ``[min, max]`` (the data's range
    when both are 0); elements outside are not counted.

    >>> import tensors as torch
    >>> torch.histc(torch.tensor([1., 2., 1.]), bins=4, min=0, max=3)
    tensor([0., 2., 1., 0.])
    """
    if not input.dtype.is_floating_point:
        raise NotImplementedError(
            f"\"histogram_cpu\" not implemented for '{D.type_name(input.dtype)}'"
        )
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    if min > max:
        raise RuntimeError("torch.histc: max must be larger than min")
    xs = [v.data for v in input._flat()]
    lo, hi = float(min), float(max)
    if lo == hi and xs:
        finite = [x for x in xs if x == x]
        lo, hi = (builtin_min(finite), builtin_max(finite)) if finite else (lo, hi)
    if lo == hi:
        lo, hi = lo - 1.0, hi + 1.0
    counts = [0.0] * bins
    for x in xs:
        if not lo <= x <= hi:
            continue
        k = int((x - lo) * bins / (hi - lo))
        counts[k if k < bins else bins - 1] += 1.0
    return _from_numbers(counts, (bins,), input.dtype)


builtin_min, builtin_max = min, max


def bincount(input: Tensor, weights: Optional[Tensor] = None, minlength: int = 0) -> Tensor:
    """How many times each non-negative integer occurs in 1-D ``input`` (or the sum of
    ``weights`` at its occurrences).

    >>> import tensors as torch
    >>> torch.bincount(torch.tensor([0, 2, 2]))
    tensor([1, 0, 2])
    """
    if input.dtype.is_floating_point or input.dtype is D.bool:
        raise NotImplementedError(
            f"\"bincount_cpu\" not implemented for '{D.type_name(input.dtype)}'"
        )
    xs = [int(v.data) for v in input._flat()]
    if input.ndim != 1 or any(x < 0 for x in xs):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    size = builtin_max([minlength] + [x + 1 for x in xs])
    counts = [0.0] * size
    ws = [v.data for v in weights._flat()] if weights is not None else [1.0] * len(xs)
    for x, w in zip(xs, ws):
        counts[x] += w
    dtype = (
        weights.dtype
        if weights is not None and weights.dtype.is_floating_point
        else (D.float64 if weights is not None else D.int64)
    )
    return _from_numbers(counts, (size,), dtype)


def _values_of(input: Tensor, picks: list, shape: tuple, node: str) -> Tensor:
    flat = input._flat()
    # Copies of the picked elements, as constants: PyTorch's node cannot be
    # differentiated, so no gradient may flow through it.
    values = [_const(flat[p].data) for p in picks]
    return _result(values, shape, input.dtype, node, (input,), op="unique")


def _slices(input: Tensor, dim: int) -> tuple:
    d = wrap_dim(dim, max(input.ndim, 1))
    st = strides(input._shape)
    rest = [range(s) if k != d else range(1) for k, s in enumerate(input._shape)]
    bases = [sum(c * s for c, s in zip(cs, st)) for cs in itertools.product(*rest)]
    return d, [[b + i * st[d] for b in bases] for i in range(input._shape[d])]


def _unique(
    input: Tensor, dim: Any, consecutive: bool, return_inverse: bool, return_counts: bool
) -> Any:
    flat = input._flat()
    if dim is None:
        d, items = None, [[p] for p in range(len(flat))]
    else:
        d, items = _slices(input, dim)
    keys = [tuple(_key(flat[p].data) for p in item) for item in items]
    order = (
        list(range(len(items)))
        if consecutive
        else sorted(range(len(items)), key=lambda i: (keys[i], i))
    )
    groups: list = []  # runs of equal items in order (nan never equals nan)
    for i in order:
        nan = any(k[0] for k in keys[i])
        if groups and not nan and keys[groups[-1][0]] == keys[i]:
            groups[-1].append(i)
        else:
            groups.append([i])
    inverse = [0] * len(items)
    for g, members in enumerate(groups):
        for i in members:
            inverse[i] = g
    if d is None:
        picks = [members[0] for members in groups]
        node = "UniqueConsecutiveBackward0" if consecutive else "Unique2Backward0"
        out = _values_of(input, picks, (len(picks),), node)
        inverse_shape = input._shape
    else:
        shape = list(input._shape)
        shape[d] = len(groups)
        per = [items[members[0]] for members in groups]
        # Gather the kept slices back into row-major order of the result.
        st_out = strides(shape)
        picks = [0] * (len(per) * (len(per[0]) if per else 0))
        rest = [range(s) if k != d else range(1) for k, s in enumerate(shape)]
        bases = [sum(c * s for c, s in zip(cs, st_out)) for cs in itertools.product(*rest)]
        for g, item in enumerate(per):
            for b, p in zip(bases, item):
                picks[b + g * st_out[d]] = p
        node = "UniqueConsecutiveBackward0" if consecutive else "UniqueDimBackward0"
        out = _values_of(input, picks, tuple(shape), node)
        inverse_shape = (len(items),)
    results = [out]
    if return_inverse:
        results.append(_from_numbers(inverse, inverse_shape, D.int64))
    if return_counts:
        results.append(_from_numbers([len(m) for m in groups], (len(groups),), D.int64))
    return results[0] if len(results) == 1 else tuple(results)


def unique(
    input: Tensor,
    sorted: bool = True,  # noqa: A002
    return_inverse: bool = False,
    return_counts: bool = False,
    dim: Optional[int] = None,
) -> Any:
    """The distinct elements (or slices along ``dim``), sorted; optionally where each
    element went (``return_inverse``) and how many there were (``return_counts``).

    >>> import tensors as torch
    >>> torch.unique(torch.tensor([2, 1, 2]), return_counts=True)
    (tensor([1, 2]), tensor([1, 2]))
    """
    return _unique(input, dim, False, return_inverse, return_counts)


def unique_consecutive(
    input: Tensor,
    return_inverse: bool = False,
    return_counts: bool = False,
    dim: Optional[int] = None,
) -> Any:
    """Each run of equal consecutive elements (or slices along ``dim``) kept once.

    >>> import tensors as torch
    >>> torch.unique_consecutive(torch.tensor([1, 1, 2, 1]))
    tensor([1, 2, 1])
    """
    return _unique(input, dim, True, return_inverse, return_counts)
