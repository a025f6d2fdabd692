"""Layouts and memory formats, named as PyTorch's: ``torch.strided`` and
``torch.preserve_format``, ``torch.contiguous_format``, ``torch.channels_last``,
``torch.channels_last_3d``.

Every tensor here is strided (a storage read through sizes and strides), so
``strided`` is the one layout. A memory format says in which order a new
tensor's elements sit in its storage: ``strides_for`` gives the strides.
Follows PyTorch's page "Tensor Attributes"
(https://pytorch.org/docs/stable/tensor_attributes.html).

>>> strides_for(channels_last, (2, 3, 4, 5), (60, 20, 5, 1))
(60, 1, 15, 3)
"""

from __future__ import annotations

from typing import Any

from ._storage import contiguous_strides


class layout:
    """How a tensor's elements are held: ``torch.strided`` is the only one here.

    >>> import tensors as torch
    >>> torch.ones(2).layout
    torch.strided
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"torch.{self.name}"

    def __reduce__(self) -> str:
        return self.name


class memory_format:
    """The order of a new tensor's elements in its storage (``torch.channels_last``, ...).

    >>> import tensors as torch
    >>> torch.channels_last
    torch.channels_last
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"torch.{self.name}"

    def __reduce__(self) -> str:
        return self.name


strided = layout("strided")
preserve_format = memory_format("preserve_format")
contiguous_format = memory_format("contiguous_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")


def check_layout(fn_name: str, value: Any) -> None:
    """Refuse a layout= that is not a layout (PyTorch's TypeError); every layout
    here is strided."""
    if value is not None and not isinstance(value, layout):
        raise TypeError(
            f"{fn_name}(): argument 'layout' must be torch.layout, not {type(value).__name__}"
        )


def check_memory_format(fn_name: str, value: Any) -> None:
    """Refuse a memory_format= that is not a memory format (PyTorch's TypeError)."""
    if value is not None and not isinstance(value, memory_format):
        raise TypeError(
            f"{fn_name}(): argument 'memory_format' must be torch.memory_format, not "
            f"{type(value).__name__}"
        )


def is_dense(shape: tuple, stride: tuple) -> bool:
    """Whether a layout covers a block of cells with no gaps and no repeats
    (PyTorch's "non-overlapping and dense"), in any order of dimensions.

    >>> is_dense((2, 3), (1, 2)), is_dense((2, 3), (6, 2))
    (True, False)
    """
    expected = 1
    for d in sorted(range(len(shape)), key=lambda d: stride[d]):
        if shape[d] == 1:
            continue
        if stride[d] != expected:
            return False
        expected *= shape[d]
    return True


def dense_strides(shape: tuple, stride: tuple) -> tuple:
    """Strides of a dense layout whose dimensions keep the order of ``stride``
    (smallest stride innermost), as PyTorch's ``infer_dense_strides``: an
    insertion sort from the last dimension, where a stride of 0 decides nothing
    and equal strides put the larger dimension outside.

    >>> dense_strides((2, 3), (1, 4)), dense_strides((2, 3), (6, 2))
    ((1, 2), (3, 1))
    """
    n = len(shape)

    def should_swap(a: int, b: int) -> int:
        if stride[a] == 0 or stride[b] == 0:
            return 0
        if stride[a] != stride[b]:
            return -1 if stride[a] < stride[b] else 1
        return 1 if shape[a] > shape[b] else 0

    perm = list(range(n - 1, -1, -1))  # innermost first
    for i in range(1, n):
        d1 = i
        for d0 in range(i - 1, -1, -1):
            c = should_swap(perm[d0], perm[d1])
            if c > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif c < 0:
                break
    out = [0] * n
    acc = 1
    for d in perm:
        out[d] = acc
        acc *= max(shape[d], 1)
    return tuple(out)


def strides_for(fmt: Any, shape: tuple, stride: tuple) -> tuple:
    """The strides of a new tensor of ``shape`` in memory format ``fmt``, made
    from a tensor laid out with ``stride`` (which ``preserve_format`` keeps
    where it is dense, and orders the same way where it is not).

    >>> strides_for(preserve_format, (2, 3), (1, 2)), strides_for(None, (2, 3), (1, 2))
    ((1, 2), (3, 1))
    """
    if fmt is None or fmt is contiguous_format:
        return contiguous_strides(shape)
    if fmt is preserve_format:
        if is_dense(shape, stride):
            return tuple(stride)
        return dense_strides(shape, stride)
    rank = 4 if fmt is channels_last else 5
    if len(shape) != rank:
        raise RuntimeError(f"required rank {rank} tensor to use {fmt.name} format")
    # channels (dim 1) innermost, then the spatial dimensions, then the batch
    order = list(range(rank - 1, 1, -1)) + [0]
    out = [0] * rank
    out[1] = 1
    acc = max(shape[1], 1)
    for d in order:
        out[d] = acc
        acc *= max(shape[d], 1)
    return tuple(out)
