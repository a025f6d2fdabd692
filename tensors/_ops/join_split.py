"""Joining and splitting along a dim: ``cat`` (``concat``), ``stack``, ``split``,
``chunk`` and ``unbind``.

``cat`` and ``stack`` make new tensors; the pieces of ``split``, ``chunk``
and ``unbind`` are views of their input. Follows PyTorch's "Indexing,
Slicing, Joining, Mutating Ops" list
(https://pytorch.org/docs/stable/torch.html#indexing-slicing-joining-mutating-ops).

>>> import tensors as torch
>>> torch.cat([torch.ones(2), torch.zeros(1)]), torch.arange(4).chunk(2)
(tensor([1., 1., 0.]), (tensor([0, 1]), tensor([2, 3])))
"""

from __future__ import annotations

import builtins
import numbers
from typing import Any, Sequence

from .. import _dtype as D
from .. import _storage as S
from .._shape import (
    numel,
    wrap_dim,
)
from .._tensor import Tensor, _result
from .arithmetic import _fresh
from .views import _view, unsqueeze


def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along an existing dimension.

    >>> import tensors as torch
    >>> torch.cat([torch.zeros(1, 2), torch.ones(1, 2)])
    tensor([[0., 0.],
            [1., 1.]])
    """
    if isinstance(tensors, Tensor):
        raise TypeError(
            "cat(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor"
        )
    for i, x in enumerate(tensors):
        if not isinstance(x, Tensor):
            raise TypeError(
                f"expected Tensor as element {i} in argument 0, but got {type(x).__name__}"
            )
    for i, x in enumerate(tensors):
        if x.ndim == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be concatenated")
    tensors = [x for x in tensors if not (x.ndim == 1 and x._shape[0] == 0)] or list(tensors)
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    first = tensors[0]
    d = wrap_dim(dim, first.ndim)
    for i, x in enumerate(tensors[1:], 1):
        if x.ndim != first.ndim:
            raise RuntimeError(
                f"Tensors must have same number of dimensions: got {first.ndim} and {x.ndim}"
            )
        for j in range(first.ndim):
            if j != d and x._shape[j] != first._shape[j]:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {d}. Expected size "
                    f"{first._shape[j]} but got size {x._shape[j]} for tensor number {i} in "
                    "the list."
                )
    outer = numel(first._shape[:d])
    out: list = []
    for o in range(outer):
        for x in tensors:
            block = numel(x._shape[d:])
            out.extend(_fresh(v) for v in x._flat()[o * block : (o + 1) * block])
    shape = first._shape[:d] + (builtins.sum(x._shape[d] for x in tensors),) + first._shape[d + 1 :]
    dtype = tensors[0].dtype
    for x in tensors[1:]:
        dtype = D.promote(dtype, x.dtype)
    return _result(out, shape, dtype, "CatBackward0", tuple(tensors), op="cat")


concat = concatenate = cat


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join same-shaped tensors along a new dimension.

    >>> import tensors as torch
    >>> torch.stack([torch.zeros(2), torch.ones(2)], dim=1)
    tensor([[0., 1.],
            [0., 1.]])
    """
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    for i, x in enumerate(tensors[1:], 1):
        if x._shape != tensors[0]._shape:
            raise RuntimeError(
                f"stack expects each tensor to be equal size, but got {list(tensors[0]._shape)} "
                f"at entry 0 and {list(x._shape)} at entry {i}"
            )
    d = wrap_dim(dim, tensors[0].ndim + 1)
    joined = cat([unsqueeze(x, d) for x in tensors], d)
    return _result(
        joined._flat(), joined._shape, joined.dtype, "StackBackward0", tuple(tensors), op="stack"
    )


def split(input: Tensor, split_size: Any, dim: int = 0) -> tuple:
    """Views of pieces of ``split_size`` along ``dim`` (the last may be smaller), or of
    the sizes in a list.

    >>> import tensors as torch
    >>> torch.arange(5).split(2)
    (tensor([0, 1]), tensor([2, 3]), tensor([4]))
    """
    return _split(input, split_size, dim, "")


def _split(input: Tensor, split_size: Any, dim: int, unsafe: str) -> tuple:
    # ``unsafe``: the node name of unsafe_split, whose views PyTorch does not guard
    # against in-place changes (empty for split).
    d = wrap_dim(dim, input.ndim)
    n = input._shape[d]
    if isinstance(split_size, numbers.Integral):
        if split_size < 0 or (split_size == 0 and n):
            raise RuntimeError(
                f"split_size can only be 0 if dimension size is 0, but got dimension size of {n}"
                if split_size == 0
                else f"split expects split_size be non-negative, but got split_size={split_size}"
            )
        size = int(split_size)
        sizes = [size] * (n // size) + ([n % size] if n % size else []) if size else [0]
        name = "SplitBackward0"
    else:
        sizes = [int(x) for x in split_size]
        if any(x < 0 for x in sizes):
            raise RuntimeError(
                "split_with_sizes expects split_sizes have only non-negative entries, but got "
                f"split_sizes={sizes}"
            )
        if builtins.sum(sizes) != n:
            raise RuntimeError(
                f"split_with_sizes expects split_sizes to sum exactly to {n} (input tensor's size "
                f"at dimension {d}), but got split_sizes={sizes}"
            )
        name = "SplitWithSizesBackward0"
    if unsafe:
        name = unsafe
    out, start = [], 0
    for s in sizes:
        layout = S.narrow(input._shape, input._stride, d, start, s)
        out.append(_view(input, layout, name, "split"))
        start += s
    return tuple(out) if unsafe else _multi_output(out, name)


def split_with_sizes(input: Tensor, split_sizes: Sequence[int], dim: int = 0) -> tuple:
    """Views of pieces of the given sizes along ``dim`` (they must add up to its size).

    >>> import tensors as torch
    >>> torch.arange(5).split_with_sizes([1, 4])
    (tensor([0]), tensor([1, 2, 3, 4]))
    """
    return split(input, list(split_sizes), dim)


def unsafe_split(input: Tensor, split_size: int, dim: int = 0) -> tuple:
    """``split``, recorded as ``UnsafeSplitBackward0``; its pieces (views of ``input``)
    may be changed in place, as PyTorch's may.

    >>> import tensors as torch
    >>> torch.unsafe_split(torch.arange(5), 2)
    (tensor([0, 1]), tensor([2, 3]), tensor([4]))
    """
    return _split(input, split_size, dim, "UnsafeSplitBackward0")


def unsafe_chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple:
    """``chunk``, recorded as ``UnsafeSplitBackward0`` (see ``unsafe_split``).

    >>> import tensors as torch
    >>> torch.unsafe_chunk(torch.arange(4), 2)
    (tensor([0, 1]), tensor([2, 3]))
    """
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    n = input._shape[wrap_dim(dim, input.ndim)]
    return unsafe_split(input, -(-n // chunks), dim)


def _multi_output(views: list, name: str) -> tuple:
    # PyTorch refuses in-place changes under the views of one call that returns several.
    for i, v in enumerate(views):
        if v._fn is not None:
            v._fn._multi = (name[: -len("Backward0")], i)
    return tuple(views)


def unbind(input: Tensor, dim: int = 0) -> tuple:
    """The views along ``dim``, one per index (what iterating over a tensor gives).

    >>> import tensors as torch
    >>> torch.tensor([[1, 2], [3, 4]]).unbind(1)
    (tensor([1, 3]), tensor([2, 4]))
    """
    if input.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    d = wrap_dim(dim, input.ndim)
    views = [
        _view(input, S.select(input._shape, input._stride, d, i), "UnbindBackward0", "unbind")
        for i in range(input._shape[d])
    ]
    return _multi_output(views, "UnbindBackward0")


def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple:
    """At most ``chunks`` views of nearly equal size along ``dim``.

    >>> import tensors as torch
    >>> torch.arange(5).chunk(2)
    (tensor([0, 1, 2]), tensor([3, 4]))
    """
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    n = input._shape[wrap_dim(dim, input.ndim)]
    return split(input, -(-n // chunks), dim)
