"""Stacking, splitting and broadcasting, built from cat, stack, views and slices:
atleast_1d/2d/3d, hstack, vstack, dstack, column_stack, hsplit, vsplit, dsplit,
tensor_split, ravel, meshgrid, cartesian_prod, combinations, broadcast_to and
broadcast_tensors.

The splits are slices ``t[..., a:b]`` and ravel, meshgrid and the broadcasts
are reshapes and expands, so they are views exactly when those are.

>>> import tensors as torch
>>> torch.hstack([torch.tensor([1, 2]), torch.tensor([3])])
tensor([1, 2, 3])
"""

from __future__ import annotations

import itertools
import numbers
from typing import Any, Optional, Sequence

from .. import _dtype as D
from .._shape import broadcast_shapes
from .._tensor import Tensor, _from_numbers, _result, _warn
from .._tensor_storage import contiguous
from .join_split import cat, stack
from .views import expand, reshape, unsqueeze, view


def _tensors_of(args: tuple) -> tuple:
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        return tuple(args[0]), True
    return args, len(args) != 1


def _atleast(args: tuple, shape_of: Any) -> Any:
    ts, many = _tensors_of(args)
    out = tuple(shape_of(t) for t in ts)
    return out if many else out[0]


def atleast_1d(*tensors: Any) -> Any:
    """Each tensor with at least one dim (a 0-d tensor becomes shape (1,)).

    >>> import tensors as torch
    >>> torch.atleast_1d(torch.tensor(2.))
    tensor([2.])
    """
    return _atleast(tensors, lambda t: reshape(t, 1) if t.ndim == 0 else t)


def atleast_2d(*tensors: Any) -> Any:
    """Each tensor with at least two dims (leading ones added).

    >>> import tensors as torch
    >>> torch.atleast_2d(torch.tensor([1, 2])).shape
    torch.Size([1, 2])
    """

    def two(t: Tensor) -> Tensor:
        if t.ndim == 0:
            return reshape(t, 1, 1)
        return unsqueeze(t, 0) if t.ndim == 1 else t

    return _atleast(tensors, two)


def atleast_3d(*tensors: Any) -> Any:
    """Each tensor with at least three dims: (n,) becomes (1, n, 1), (m, n) becomes (m, n, 1).

    >>> import tensors as torch
    >>> torch.atleast_3d(torch.ones(2, 3)).shape
    torch.Size([2, 3, 1])
    """

    def three(t: Tensor) -> Tensor:
        if t.ndim == 0:
            return reshape(t, 1, 1, 1)
        if t.ndim == 1:
            return unsqueeze(unsqueeze(t, 0), 2)
        return unsqueeze(t, 2) if t.ndim == 2 else t

    return _atleast(tensors, three)


def _sequence(name: str, tensors: Any) -> list:
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(
            f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
            f"{type(tensors).__name__}"
        )
    if not tensors:
        raise RuntimeError(f"{name} expects a non-empty TensorList")
    return list(tensors)


def hstack(tensors: Sequence[Tensor]) -> Tensor:
    """Concatenate along the first dim of 1-D tensors, else the second.

    >>> import tensors as torch
    >>> torch.hstack([torch.ones(2, 1), torch.zeros(2, 1)])
    tensor([[1., 0.],
            [1., 0.]])
    """
    ts = [atleast_1d(t) for t in _sequence("hstack", tensors)]
    return cat(ts, 0 if ts and ts[0].ndim == 1 else 1)


def vstack(tensors: Sequence[Tensor]) -> Tensor:
    """Stack rows: 1-D tensors become rows, then concatenate along the first dim.

    >>> import tensors as torch
    >>> torch.vstack([torch.tensor([1, 2]), torch.tensor([3, 4])])
    tensor([[1, 2],
            [3, 4]])
    """
    return cat([atleast_2d(t) for t in _sequence("vstack", tensors)], 0)


row_stack = vstack


def dstack(tensors: Sequence[Tensor]) -> Tensor:
    """Concatenate along the third dim (after ``atleast_3d``).

    >>> import tensors as torch
    >>> torch.dstack([torch.tensor([1, 2]), torch.tensor([3, 4])]).shape
    torch.Size([1, 2, 2])
    """
    return cat([atleast_3d(t) for t in _sequence("dstack", tensors)], 2)


def column_stack(tensors: Sequence[Tensor]) -> Tensor:
    """1-D (and 0-d) tensors as columns, side by side with the 2-D ones.

    >>> import tensors as torch
    >>> torch.column_stack([torch.tensor([1, 2]), torch.tensor([3, 4])])
    tensor([[1, 3],
            [2, 4]])
    """
    ts = [
        reshape(t, t.numel(), 1) if t.ndim <= 1 else t for t in _sequence("column_stack", tensors)
    ]
    return cat(ts, 1)


def _slice(input: Tensor, dim: int, start: int, stop: int) -> Tensor:
    return input[(slice(None),) * dim + (slice(start, stop),)]


def tensor_split(input: Tensor, indices_or_sections: Any, dim: int = 0) -> tuple:
    """Split into ``n`` nearly equal parts (the first ``size % n`` one longer), or at the
    given indices, along ``dim``; the parts are slices of ``input``.

    >>> import tensors as torch
    >>> torch.tensor_split(torch.arange(5), 2)
    (tensor([0, 1, 2]), tensor([3, 4]))
    """
    if input.ndim == 0:
        raise RuntimeError(
            "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims"
        )
    d = dim % input.ndim if -input.ndim <= dim < input.ndim else dim
    if not 0 <= d < input.ndim:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-input.ndim}, "
            f"{input.ndim - 1}], but got {dim})"
        )
    size = input._shape[d]
    spec = indices_or_sections
    if isinstance(spec, Tensor):
        if spec.dtype is not D.int64:
            raise RuntimeError(
                "tensor_split expected tensor_indices_or_sections to have integer dtype, but got "
                f"{D.type_name(spec.dtype)}"
            )
        if spec.ndim > 1:
            raise RuntimeError(
                "tensor_split expected tensor_indices_or_sections to be a zero-dimensional or "
                f"one-dimensional tensor, but got a tensor with {spec.ndim} dims"
            )
        spec = int(spec.item()) if spec.ndim == 0 else [int(v.data) for v in spec._flat()]
    if not isinstance(spec, (numbers.Integral, list, tuple)):
        raise TypeError(
            "tensor_split() received an invalid combination of arguments - got (Tensor, "
            f"{type(spec).__name__}), but expected one of:\n"
            " * (Tensor input, tuple of ints indices, int dim = 0)\n"
            " * (Tensor input, Tensor tensor_indices_or_sections, int dim = 0)\n"
            " * (Tensor input, int sections, int dim = 0)\n"
        )
    if isinstance(spec, numbers.Integral):
        if spec <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {spec}")
        small, extra = divmod(size, spec)
        bounds, start = [], 0
        for k in range(spec):
            stop = start + small + (1 if k < extra else 0)
            bounds.append((start, stop))
            start = stop
    else:
        cuts = [0] + list(spec) + [size]
        bounds = list(zip(cuts[:-1], cuts[1:]))
    return tuple(_slice(input, d, a, b) for a, b in bounds)


def _directional(name: str, dim: int, least: int, input: Tensor, spec: Any) -> tuple:
    if input.ndim < least:
        raise RuntimeError(
            f"torch.{name} requires a tensor with at least {least} dimension, but got a tensor "
            f"with {input.ndim} dimensions!"
        )
    if not isinstance(spec, (numbers.Integral, list, tuple)):
        raise TypeError(
            f"{name}() received an invalid combination of arguments - got (Tensor, "
            f"{type(spec).__name__}), but expected one of:\n * (Tensor input, int sections)\n"
            " * (Tensor input, tuple of ints indices)\n"
        )
    if isinstance(spec, numbers.Integral) and (spec == 0 or input._shape[dim] % spec != 0):
        raise RuntimeError(
            f"torch.{name} attempted to split along dimension {dim}, but the size of the "
            f"dimension {input._shape[dim]} is not divisible by the split_size {spec}!"
        )
    return tensor_split(input, spec, dim)


def hsplit(input: Tensor, indices_or_sections: Any) -> tuple:
    """Split along the second dim (the first for a 1-D tensor).

    >>> import tensors as torch
    >>> [p.tolist() for p in torch.hsplit(torch.arange(4), 2)]
    [[0, 1], [2, 3]]
    """
    return _directional("hsplit", 1 if input.ndim > 1 else 0, 1, input, indices_or_sections)


def vsplit(input: Tensor, indices_or_sections: Any) -> tuple:
    """Split along the first dim of a tensor of at least 2 dims.

    >>> import tensors as torch
    >>> [p.shape for p in torch.vsplit(torch.ones(4, 2), [1])]
    [torch.Size([1, 2]), torch.Size([3, 2])]
    """
    return _directional("vsplit", 0, 2, input, indices_or_sections)


def dsplit(input: Tensor, indices_or_sections: Any) -> tuple:
    """Split along the third dim of a tensor of at least 3 dims.

    >>> import tensors as torch
    >>> [p.shape for p in torch.dsplit(torch.ones(1, 1, 4), 2)]
    [torch.Size([1, 1, 2]), torch.Size([1, 1, 2])]
    """
    return _directional("dsplit", 2, 3, input, indices_or_sections)


def ravel(input: Tensor) -> Tensor:
    """The elements as a 1-D tensor (a view where the layout allows, as ``reshape(-1)``).

    >>> import tensors as torch
    >>> torch.ravel(torch.tensor([[1, 2], [3, 4]]))
    tensor([1, 2, 3, 4])
    """
    # PyTorch's: contiguous(), then a view (a copy first where the layout needs one)
    return view(contiguous(input), -1)


def meshgrid(*tensors: Any, indexing: Optional[str] = None) -> tuple:
    """Coordinate grids: the i-th result repeats the i-th 1-D tensor along dim i
    (``indexing="ij"``) or with the first two dims swapped (``"xy"``).

    >>> import tensors as torch
    >>> torch.meshgrid(torch.tensor([1, 2]), torch.tensor([3, 4, 5]), indexing="ij")[1]
    tensor([[3, 4, 5],
            [3, 4, 5]])
    """
    ts, _ = _tensors_of(tensors)
    ts = list(ts)
    if indexing is None:
        _warn(
            "torch.meshgrid: in an upcoming release, it will be required to pass the indexing "
            "argument.",
            UserWarning,
        )
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(
            f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}'
        )
    for t in ts:
        if t.ndim > 1:
            raise RuntimeError(
                f"torch.meshgrid: Expected 0D or 1D tensor in the input list but got: {t.ndim}D"
            )
    swap = indexing == "xy" and len(ts) >= 2
    if swap:
        ts[0], ts[1] = ts[1], ts[0]
    sizes = [t.numel() for t in ts]
    grids = []
    for i, t in enumerate(ts):
        shape = [1] * len(ts)
        shape[i] = sizes[i]
        grids.append(expand(reshape(t, *shape), *sizes))
    if swap:  # "xy": the grids of the swapped inputs, handed back in the given order
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


def cartesian_prod(*tensors: Tensor) -> Tensor:
    """Every combination of one element from each 1-D tensor, one per row.

    >>> import tensors as torch
    >>> torch.cartesian_prod(torch.tensor([1, 2]), torch.tensor([3, 4]))
    tensor([[1, 3],
            [1, 4],
            [2, 3],
            [2, 4]])
    """
    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")
    return stack([reshape(g, -1) for g in grids], 1)


def combinations(input: Tensor, r: int = 2, with_replacement: bool = False) -> Tensor:
    """The length-``r`` combinations of a 1-D tensor's elements, one per row (in
    ``itertools.combinations`` order).

    >>> import tensors as torch
    >>> torch.combinations(torch.tensor([1, 2, 3]))
    tensor([[1, 2],
            [1, 3],
            [2, 3]])
    """
    if input.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input._shape)}")
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return _from_numbers([], (0,), input.dtype)
    pick = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    rows = list(pick(range(input._shape[0]), r))
    if not rows:  # nothing to pick: an empty result, still on the graph as PyTorch's
        return _result([], (0, r), input.dtype, "StackBackward0", (input,))
    columns = [
        input[_from_numbers([row[j] for row in rows], (len(rows),), D.int64)] for j in range(r)
    ]
    return stack(columns, 1)


def broadcast_to(input: Tensor, size: Sequence[int]) -> Tensor:
    """``input`` expanded to ``size`` (a view, as ``expand``).

    >>> import tensors as torch
    >>> torch.broadcast_to(torch.tensor([1, 2]), (2, 2))
    tensor([[1, 2],
            [1, 2]])
    """
    return expand(input, *size)


def broadcast_tensors(*tensors: Tensor) -> tuple:
    """The tensors expanded to their common broadcast shape.

    >>> import tensors as torch
    >>> [t.shape for t in torch.broadcast_tensors(torch.ones(2, 1), torch.ones(3))]
    [torch.Size([2, 3]), torch.Size([2, 3])]
    """
    ts, _ = _tensors_of(tensors)
    shape = broadcast_shapes(*(t._shape for t in ts))
    # A tensor already of the shape comes back itself, as in PyTorch.
    return tuple(t if t._shape == shape else expand(t, *shape) for t in ts)
