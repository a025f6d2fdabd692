"""Shapes over nested lists: Size, flatten/nest, broadcasting, dims.

A tensor's elements are kept as nested Python lists (one level per
dimension); most ops flatten them in row-major order, compute, and nest the
result again. Index maps for broadcasting are computed once per pair of
shapes and cached.

>>> broadcast_shapes((2, 1), (3,))
(2, 3)
>>> nest([1, 2, 3, 4, 5, 6], (2, 3))
[[1, 2, 3], [4, 5, 6]]
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable, Sequence


class Size(tuple):
    """A tensor's shape: a tuple of ints that prints as ``torch.Size([2, 3])``.

    >>> Size([2, 3])
    torch.Size([2, 3])
    >>> Size([2, 3]).numel()
    6
    """

    def __repr__(self) -> str:
        return f"torch.Size({list(self)})"

    __str__ = __repr__

    # Slicing, joining and repeating a shape give a shape, as in PyTorch.
    def __getitem__(self, key: Any) -> Any:
        out = tuple.__getitem__(self, key)
        return Size(out) if isinstance(key, slice) else out

    def __add__(self, other: Any) -> "Size":
        if not isinstance(other, tuple):
            return NotImplemented
        return Size(tuple(self) + tuple(other))

    def __radd__(self, other: Any) -> "Size":
        if not isinstance(other, tuple):
            return NotImplemented
        return Size(tuple(other) + tuple(self))

    def __mul__(self, n: Any) -> "Size":
        return Size(tuple(self) * n)

    __rmul__ = __mul__

    def numel(self) -> int:
        """The number of elements of a tensor of this shape."""
        n = 1
        for s in self:
            n *= s
        return n


def numel(shape: Sequence[int]) -> int:
    """Product of the sizes. ``numel((2, 3)) == 6``"""
    n = 1
    for s in shape:
        n *= s
    return n


def flatten(data: Any, ndim: int) -> list:
    """The elements of nested lists ``data`` (``ndim`` levels deep), row-major.

    >>> flatten([[1, 2], [3, 4]], 2)
    [1, 2, 3, 4]
    """
    if ndim == 0:
        return [data]
    out = list(data)
    for _ in range(ndim - 1):
        out = [x for row in out for x in row]
    return out


def nest(flat: Sequence[Any], shape: Sequence[int]) -> Any:
    """Nested lists of the given shape from a row-major sequence (inverse of flatten).

    >>> nest([5], ())
    5
    """
    if not shape:
        return flat[0]
    if 0 in shape:
        # No elements to slice: build the lists down to the first empty dimension.
        return _empty_nest(shape)
    items = list(flat)
    for size in reversed(shape[1:]):
        items = [items[i : i + size] for i in range(0, len(items), size)]
    return items


def _empty_nest(shape: Sequence[int]) -> Any:
    """Nested lists for a shape with a 0 in it, as ``tolist()`` gives them.

    >>> _empty_nest((2, 0, 3))
    [[], []]
    """
    if shape[0] == 0:
        return []
    return [_empty_nest(shape[1:]) for _ in range(shape[0])]


MAX_DIMS = 128
"""PyTorch's limit on a tensor's number of dimensions (what printing and every
other per-dimension walk may rely on)."""


def infer_shape(data: Any, is_scalar: Any) -> tuple:
    """The shape of nested sequences, with PyTorch's error for ragged ones.

    >>> infer_shape([[1, 2], [3, 4]], lambda x: isinstance(x, int))
    (2, 2)
    """
    shape: list = []
    level = [data]
    dim = 0
    while True:
        firsts = level[0]
        if is_scalar(firsts):
            for x in level:
                if not is_scalar(x):
                    raise ValueError(f"expected a number at dim {dim} (got a {type(x).__name__})")
            return tuple(shape)
        if not isinstance(firsts, (list, tuple, range)):
            raise TypeError(f"new(): invalid data type '{type(firsts).__name__}'")
        if dim == MAX_DIMS:
            raise ValueError(f"too many dimensions '{type(firsts).__name__}'")
        n = len(firsts)
        nxt = []
        for x in level:
            if is_scalar(x) or not isinstance(x, (list, tuple, range)):
                raise ValueError(f"expected sequence of length {n} at dim {dim} (got a number)")
            if len(x) != n:
                raise ValueError(f"expected sequence of length {n} at dim {dim} (got {len(x)})")
            nxt.extend(x)
        shape.append(n)
        if n == 0:
            return tuple(shape)
        level = nxt
        dim += 1


def broadcast_shapes(*shapes: Sequence[int]) -> tuple:
    """The shape that the given shapes broadcast to, by PyTorch's (NumPy's) rule.

    >>> broadcast_shapes((5, 1, 4), (3, 1))
    (5, 3, 4)
    """
    out: tuple = ()
    for shape in shapes:
        out = _infer_size(out, tuple(shape))
    return out


def _infer_size(a: tuple, b: tuple) -> tuple:
    # PyTorch compares from the last dimension and names the first mismatch it
    # meets there; dimensions count in the result.
    ndim = max(len(a), len(b))
    out = [1] * ndim
    for i in range(ndim - 1, -1, -1):
        sa = a[i - ndim + len(a)] if i - ndim + len(a) >= 0 else 1
        sb = b[i - ndim + len(b)] if i - ndim + len(b) >= 0 else 1
        if sa != sb and sa != 1 and sb != 1:
            raise RuntimeError(
                f"The size of tensor a ({sa}) must match the size of tensor b ({sb}) at "
                f"non-singleton dimension {i}"
            )
        out[i] = sb if sa == 1 else sa
    return tuple(out)


@lru_cache(maxsize=1024)
def broadcast_index(src: tuple, out: tuple) -> tuple:
    """For each element of shape ``out``, the flat index of the element of
    shape ``src`` that broadcasting reads. Cached per pair of shapes.

    >>> broadcast_index((2, 1), (2, 3))
    (0, 0, 0, 1, 1, 1)
    """
    pad = len(out) - len(src)
    full = (1,) * pad + tuple(src)
    strides = []
    acc = 1
    for size in reversed(full):
        strides.append(0 if size == 1 else acc)
        acc *= size
    strides.reverse()
    idx = [0]
    for size, stride in zip(out, strides):
        idx = [i + k * stride for i in idx for k in range(size)]
    return tuple(idx)


def broadcast_to(flat: list, src: tuple, out: tuple) -> list:
    """A flat list of shape ``src`` read as shape ``out`` (shared elements, no copies)."""
    if tuple(src) == tuple(out):
        return flat
    return [flat[i] for i in broadcast_index(tuple(src), tuple(out))]


def wrap_dim(dim: int, ndim: int) -> int:
    """A possibly negative dim as a non-negative one, with PyTorch's error.

    >>> wrap_dim(-1, 3)
    2
    """
    if not isinstance(dim, int):
        raise TypeError(f"dim must be an int, got {type(dim).__name__}")
    lo, hi = (-ndim, ndim - 1) if ndim > 0 else (-1, 0)
    if not lo <= dim <= hi:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})"
        )
    return dim % ndim if ndim > 0 else 0


def reduce_groups(shape: tuple, dims: Iterable[int]) -> tuple:
    """Split the flat indices of ``shape`` into groups that a reduction over
    ``dims`` combines. Returns (groups, kept_shape) where kept_shape has the
    reduced dims set to 1.

    >>> reduce_groups((2, 3), [1])
    ([[0, 1, 2], [3, 4, 5]], (2, 1))
    """
    dims = set(dims)
    kept = tuple(1 if i in dims else s for i, s in enumerate(shape))
    index = broadcast_index(kept, shape)  # for each element, its group's flat index
    groups: list = [[] for _ in range(numel(kept))]
    for i, g in enumerate(index):
        groups[g].append(i)
    return groups, kept


def strides(shape: Sequence[int]) -> tuple:
    """Row-major strides of a contiguous tensor of ``shape``. ``strides((2, 3)) == (3, 1)``"""
    out = []
    acc = 1
    for size in reversed(shape):
        out.append(acc)
        acc *= size
    return tuple(reversed(out))
