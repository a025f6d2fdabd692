"""Storage, strides and index arithmetic: how a tensor holds its Values.

A tensor is a *view* of a *storage*, as in PyTorch: the storage is one flat
list of Values (its cells), shared by a base tensor and every view of it;
the view says where its elements sit in that list with an offset and, per
dimension, a size and a stride. Element ``(i, j)`` of a 2-d tensor is the
cell ``offset + i * stride[0] + j * stride[1]``. A transpose swaps the
strides, a slice moves the offset and multiplies a stride, ``expand`` gives
a stride of 0 (one cell read many times); none of them copies a Value.

This module is arithmetic only (no tensors): the layouts the view ops give,
the cells a layout reads, and whether a layout is contiguous.

>>> contiguous_strides((2, 3, 4))
(12, 4, 1)
>>> positions((2, 3), (1, 2))
(0, 2, 4, 1, 3, 5)
>>> view_strides((2, 3), (1, 2), (6,)) is None
True
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Optional, Sequence

_next_address = itertools.count(1)


class Storage:
    """The cells (Values) that a base tensor and its views share.

    ``writes`` counts every in-place write, whichever tensor it went through
    (views that keep private Values for their hooks check it); ``address``
    is a made-up address, fixed for the storage's life, that ``data_ptr()``
    counts from, so two tensors that start at the same cell report the same
    pointer.

    >>> s = Storage([1, 2, 3])
    >>> len(s.cells), s.writes
    (3, 0)
    """

    __slots__ = ("cells", "writes", "_address", "__weakref__")

    def __init__(self, cells: list) -> None:
        self.cells = cells
        self.writes = 0
        self._address = 0

    @property
    def address(self) -> int:
        if not self._address:
            # Spaced by 2**20 words, far apart from any other storage's cells.
            self._address = 0x7F0000000000 + next(_next_address) * (1 << 24)
        return self._address


@lru_cache(maxsize=4096)
def contiguous_strides(shape: tuple) -> tuple:
    """Row-major strides: the last dimension moves by one cell."""
    out = []
    acc = 1
    for size in reversed(shape):
        out.append(acc)
        acc *= max(size, 1)
    return tuple(reversed(out))


@lru_cache(maxsize=4096)
def positions(shape: tuple, stride: tuple) -> tuple:
    """The cell of each element, relative to the offset, in row-major order."""
    index = [0]
    for size, st in zip(shape, stride):
        index = [i + k * st for i in index for k in range(size)]
    return tuple(index) if all(shape) else ()


def is_contiguous(shape: tuple, stride: tuple) -> bool:
    """PyTorch's rule: row-major, ignoring the strides of dimensions of size 1
    (and every tensor with no elements is contiguous).

    >>> is_contiguous((3, 1), (1, 7)), is_contiguous((2, 3), (1, 2))
    (True, False)
    """
    if 0 in shape:
        return True
    expected = 1
    for size, st in zip(reversed(shape), reversed(stride)):
        if size != 1:
            if st != expected:
                return False
            expected *= size
    return True


def has_internal_overlap(shape: tuple, stride: tuple) -> bool:
    """True when two elements share a cell (a stride 0 over a size above 1):
    PyTorch refuses to write into such a tensor."""
    return any(st == 0 and size > 1 for size, st in zip(shape, stride))


def extent(offset: int, shape: tuple, stride: tuple) -> int:
    """How many cells a layout needs (0 for a tensor with no elements)."""
    if 0 in shape:
        return 0
    return offset + 1 + sum((size - 1) * st for size, st in zip(shape, stride))


def view_strides(shape: tuple, stride: tuple, new_shape: tuple) -> Optional[tuple]:
    """The strides that read the same cells as ``shape``/``stride`` in the shape
    ``new_shape`` (same number of elements), or None when no strides can:
    PyTorch's ``computeStride``, which ``view`` and ``reshape`` share.

    >>> view_strides((2, 3), (3, 1), (3, 2))
    (2, 1)
    >>> view_strides((4, 3), (1, 4), (2, 2, 3))
    (2, 1, 4)
    """
    n = 1
    for s in shape:
        n *= s
    if n == 0:
        return contiguous_strides(tuple(new_shape)) if new_shape else ()
    if not shape:
        return tuple(1 for _ in new_shape)
    out = [0] * len(new_shape)
    view_d = len(new_shape) - 1
    chunk_base_stride = stride[-1]
    tensor_numel = 1
    view_numel = 1
    for d in range(len(shape) - 1, -1, -1):
        tensor_numel *= shape[d]
        # A chunk ends where the old dimensions stop being one contiguous run.
        if d == 0 or (shape[d - 1] != 1 and stride[d - 1] != tensor_numel * chunk_base_stride):
            while view_d >= 0 and (view_numel < tensor_numel or new_shape[view_d] == 1):
                out[view_d] = view_numel * chunk_base_stride
                view_numel *= new_shape[view_d]
                view_d -= 1
            if view_numel != tensor_numel:
                return None
            if d > 0:
                chunk_base_stride = stride[d - 1]
                tensor_numel = 1
                view_numel = 1
    if view_d != -1:
        return None
    return tuple(out)


# -- the layouts of the view ops: (offset change, shape, stride) -----------------


def select(shape: tuple, stride: tuple, dim: int, index: int) -> tuple:
    """Element ``index`` along ``dim`` (the dimension goes away)."""
    return index * stride[dim], shape[:dim] + shape[dim + 1 :], stride[:dim] + stride[dim + 1 :]


def narrow(shape: tuple, stride: tuple, dim: int, start: int, length: int, step: int = 1) -> tuple:
    """``length`` elements along ``dim`` from ``start``, every ``step``-th."""
    return (
        start * stride[dim],
        shape[:dim] + (length,) + shape[dim + 1 :],
        stride[:dim] + (stride[dim] * step,) + stride[dim + 1 :],
    )


def unsqueeze(shape: tuple, stride: tuple, dim: int) -> tuple:
    """A new dimension of size 1 at ``dim`` (PyTorch's choice of its stride)."""
    st = shape[dim] * stride[dim] if dim < len(shape) else 1
    return 0, shape[:dim] + (1,) + shape[dim:], stride[:dim] + (st,) + stride[dim:]


def squeeze(shape: tuple, stride: tuple, dims: Sequence[int]) -> tuple:
    """Dimensions of size 1 among ``dims`` removed."""
    keep = [i for i in range(len(shape)) if not (i in dims and shape[i] == 1)]
    return 0, tuple(shape[i] for i in keep), tuple(stride[i] for i in keep)


def permute(shape: tuple, stride: tuple, dims: Sequence[int]) -> tuple:
    """Dimensions reordered."""
    return 0, tuple(shape[d] for d in dims), tuple(stride[d] for d in dims)


def expand(shape: tuple, stride: tuple, new_shape: tuple) -> tuple:
    """Size-1 (and new leading) dimensions repeated: their stride is 0."""
    pad = len(new_shape) - len(shape)
    out = []
    for i, size in enumerate(new_shape):
        if i < pad:
            out.append(0)
        elif shape[i - pad] == 1 and size != 1:
            out.append(0)
        else:
            out.append(stride[i - pad])
    return 0, tuple(new_shape), tuple(out)


def diagonal(shape: tuple, stride: tuple, offset: int, d1: int, d2: int) -> tuple:
    """The diagonal of dimensions ``d1``, ``d2`` (moved to the end)."""
    if offset >= 0:
        size = max(min(shape[d1], shape[d2] - offset), 0)
        start = offset * stride[d2]
    else:
        size = max(min(shape[d1] + offset, shape[d2]), 0)
        start = -offset * stride[d1]
    if size == 0:
        start = 0
    rest = [i for i in range(len(shape)) if i not in (d1, d2)]
    return (
        start,
        tuple(shape[i] for i in rest) + (size,),
        tuple(stride[i] for i in rest) + (stride[d1] + stride[d2],),
    )


def unfold(shape: tuple, stride: tuple, dim: int, size: int, step: int) -> tuple:
    """Windows of ``size`` along ``dim``, ``step`` apart, as a new last dimension."""
    if not shape:  # a 0-d tensor unfolds to its one element
        return 0, (size,), (1,)
    count = (shape[dim] - size) // step + 1
    return (
        0,
        shape[:dim] + (count,) + shape[dim + 1 :] + (size,),
        stride[:dim] + (stride[dim] * step,) + stride[dim + 1 :] + (stride[dim],),
    )

