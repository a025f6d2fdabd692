"""Copies that move elements: flip, fliplr, flipud, roll, rot90, repeat, tile,
repeat_interleave, tril, triu, diag, diag_embed and diagflat.

Each output element is an element of the input (a copy of a leaf's element,
so the gradient reaches it; the same Value when it already has a graph) or a
constant zero (tril, triu, the diagonal ops' off-diagonal places): no calculus
of their own, and one grad_fn named as PyTorch's.

>>> import tensors as torch
>>> torch.tensor([[1., 2.], [3., 4.]]).flip(0)
tensor([[3., 4.],
        [1., 2.]])
"""

from __future__ import annotations

import itertools
import numbers
from typing import Any, Optional, Sequence

from autograd_scalar.value import _const

from .. import _dtype as D
from .._shape import strides, wrap_dim
from .._tensor import Tensor, _from_numbers, _result
from .arithmetic import _fresh
from .views import reshape


def _coords(shape: Sequence[int]) -> Any:
    return itertools.product(*(range(s) for s in shape))


def _flat_at(st: Sequence[int], coords: Sequence[int]) -> int:
    return sum(c * s for c, s in zip(coords, st))


def _moved(
    input: Tensor, shape: tuple, sources: list, name: str, op: str, inputs: Optional[tuple] = None
) -> Tensor:
    """The result whose element k is input's element ``sources[k]`` (None: a zero)."""
    flat = input._flat()
    values = [_const(0.0) if s is None else _fresh(flat[s]) for s in sources]
    return _result(values, tuple(shape), input.dtype, name, inputs or (input,), op=op)


def _dim_list(dims: Any, ndim: int) -> list:
    given = [dims] if isinstance(dims, numbers.Integral) else list(dims)
    out = [wrap_dim(d, max(ndim, 1)) for d in given]
    if len(set(out)) != len(out):
        raise RuntimeError(f"dim {out[0]} appears multiple times in the list of dims")
    return out


def flip(input: Tensor, *args: Any, dims: Any = None) -> Tensor:
    """The elements in reverse order along each dim of ``dims``.

    >>> import tensors as torch
    >>> torch.flip(torch.tensor([1, 2, 3]), (0,))
    tensor([3, 2, 1])
    """
    if dims is None:  # flip(x, (0, 1)) or x.flip(0, 1)
        if not args:
            raise TypeError('flip() missing 1 required positional arguments: "dims"')
        dims = args[0] if len(args) == 1 else args
    ds = set(_dim_list(dims, input.ndim)) if input.ndim else set()
    shape, st = input._shape, strides(input._shape)
    sources = [
        _flat_at(st, [shape[d] - 1 - c if d in ds else c for d, c in enumerate(cs)])
        for cs in _coords(shape)
    ]
    return _moved(input, shape, sources, "FlipBackward0", "flip")


def fliplr(input: Tensor) -> Tensor:
    """``flip(input, (1,))``, for tensors of at least 2 dims.

    >>> import tensors as torch
    >>> torch.fliplr(torch.tensor([[1, 2], [3, 4]]))
    tensor([[2, 1],
            [4, 3]])
    """
    if input.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, (1,))


def flipud(input: Tensor) -> Tensor:
    """``flip(input, (0,))``, for tensors of at least 1 dim.

    >>> import tensors as torch
    >>> torch.flipud(torch.tensor([1, 2]))
    tensor([2, 1])
    """
    if input.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, (0,))


def roll(input: Tensor, shifts: Any, dims: Any = None) -> Tensor:
    """Elements shifted cyclically by ``shifts`` along ``dims`` (the flattened tensor
    without ``dims``).

    >>> import tensors as torch
    >>> torch.roll(torch.tensor([1, 2, 3, 4]), 1)
    tensor([4, 1, 2, 3])
    """
    shift_list = [shifts] if isinstance(shifts, numbers.Integral) else list(shifts)
    if not shift_list:
        raise RuntimeError("`shifts` required")
    if input.ndim == 0 and dims is not None:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    if dims is None or (not isinstance(dims, numbers.Integral) and len(dims) == 0):
        if len(shift_list) != 1:
            raise RuntimeError(
                f"shifts and dimensions must align. shifts: {len(shift_list)}, dims:0"
            )
        n = input.numel()
        flat_sources = [(k - shift_list[0]) % n for k in range(n)] if n else []
        return _moved(input, input._shape, flat_sources, "RollBackward0", "roll")
    dim_list = [dims] if isinstance(dims, numbers.Integral) else list(dims)
    if len(shift_list) != len(dim_list):
        raise RuntimeError(
            f"shifts and dimensions must align. shifts: {len(shift_list)}, dims:{len(dim_list)}"
        )
    shape, st = input._shape, strides(input._shape)
    move = [0] * len(shape)
    for s, d in zip(shift_list, dim_list):
        move[wrap_dim(d, max(input.ndim, 1))] += s
    sources = [
        _flat_at(st, [(c - m) % shape[d] for d, (c, m) in enumerate(zip(cs, move))])
        for cs in _coords(shape)
    ]
    return _moved(input, shape, sources, "RollBackward0", "roll")


def rot90(input: Tensor, k: int = 1, dims: Sequence[int] = (0, 1)) -> Tensor:
    """The tensor rotated by 90 degrees ``k`` times, from the first of ``dims`` toward
    the second.

    >>> import tensors as torch
    >>> torch.rot90(torch.tensor([[1, 2], [3, 4]]))
    tensor([[2, 4],
            [1, 3]])
    """
    dims = list(dims)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if input.ndim < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {input.ndim}")
    a, b = wrap_dim(dims[0], input.ndim), wrap_dim(dims[1], input.ndim)
    if a == b:
        raise RuntimeError(
            f"expected rotation dims to be different, but got dim0 = {a} and dim1 = {b}"
        )
    k %= 4
    shape, st = input._shape, strides(input._shape)
    out_shape = list(shape)
    if k % 2:
        out_shape[a], out_shape[b] = shape[b], shape[a]
    sources = []
    for cs in _coords(out_shape):
        src = list(cs)
        if k == 1:  # out[.., i, .., j, ..] = in[.., j, .., n_b - 1 - i, ..]
            src[a], src[b] = cs[b], shape[b] - 1 - cs[a]
        elif k == 2:
            src[a], src[b] = shape[a] - 1 - cs[a], shape[b] - 1 - cs[b]
        elif k == 3:
            src[a], src[b] = shape[a] - 1 - cs[b], cs[a]
        sources.append(_flat_at(st, src))
    return _moved(input, tuple(out_shape), sources, "Rot90Backward0", "rot90")


def _sizes(sizes: tuple) -> list:
    if len(sizes) == 1 and not isinstance(sizes[0], numbers.Integral):
        return list(sizes[0])
    return list(sizes)


def repeat(input: Tensor, *sizes: Any) -> Tensor:
    """The tensor tiled ``sizes[d]`` times along each dim (new leading dims allowed).

    >>> import tensors as torch
    >>> torch.tensor([1, 2]).repeat(2, 2)
    tensor([[1, 2, 1, 2],
            [1, 2, 1, 2]])
    """
    reps = _sizes(sizes)
    if len(reps) < input.ndim:
        raise RuntimeError(
            "Number of dimensions of repeat dims can not be smaller than number of dimensions "
            "of tensor"
        )
    for r in reps:
        if r < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {r}: {reps}")
    base = [1] * (len(reps) - input.ndim) + list(input._shape)
    out_shape = tuple(s * r for s, r in zip(base, reps))
    st = strides(base)
    sources = [_flat_at(st, [c % s for c, s in zip(cs, base)]) for cs in _coords(out_shape)]
    return _moved(input, out_shape, sources, "RepeatBackward0", "repeat")


def tile(input: Tensor, dims: Sequence[int]) -> Tensor:
    """``repeat``, with ``dims`` padded by leading ones to the tensor's dims.

    >>> import tensors as torch
    >>> torch.tile(torch.tensor([[1, 2]]), (2,))
    tensor([[1, 2, 1, 2]])
    """
    dims = list(dims)
    return repeat(input, *([1] * (input.ndim - len(dims)) + dims))


def repeat_interleave(
    input: Any, repeats: Any = None, dim: Optional[int] = None, *, output_size: Any = None
) -> Tensor:
    """Each element (or slice along ``dim``) repeated ``repeats`` times in place.

    >>> import tensors as torch
    >>> torch.repeat_interleave(torch.tensor([1, 2]), 2)
    tensor([1, 1, 2, 2])
    >>> torch.repeat_interleave(torch.tensor([2, 1]))
    tensor([0, 0, 1])
    """
    if repeats is None:  # repeat_interleave(counts): each index, counts[i] times
        counts = [int(v.data) for v in input._flat()]
        idx = [i for i, c in enumerate(counts) for _ in range(c)]
        return _from_numbers(idx, (len(idx),), D.int64)
    if dim is None:
        source, d = reshape(input, -1), 0
    else:
        source, d = input, wrap_dim(dim, max(input.ndim, 1))
    if not source.ndim:
        source = reshape(source, 1)
    size = source._shape[d]
    if isinstance(repeats, Tensor):
        counts = [int(v.data) for v in repeats._flat()]
        if len(counts) == 1:
            counts = counts * size
        elif len(counts) != size:
            raise RuntimeError("repeats must have the same size as input along dim")
        name = "IndexSelectBackward0"
    else:
        counts, name = [int(repeats)] * size, "ViewBackward0"
    if any(c < 0 for c in counts):
        raise RuntimeError("repeats can not be negative")
    picks = [i for i, c in enumerate(counts) for _ in range(c)]
    shape = list(source._shape)
    shape[d] = len(picks)
    st = strides(source._shape)
    sources = []
    for cs in _coords(shape):
        src = list(cs)
        src[d] = picks[cs[d]]
        sources.append(_flat_at(st, src))
    return _moved(source, tuple(shape), sources, name, "repeat_interleave", (input,))


def _triangle(input: Tensor, diagonal: int, lower: bool) -> Tensor:
    name = "tril" if lower else "triu"
    if input.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
    shape, n = input._shape, input.ndim
    sources = []
    for k, cs in enumerate(_coords(shape)):
        i, j = cs[n - 2], cs[n - 1]
        keep = j - i <= diagonal if lower else j - i >= diagonal
        sources.append(k if keep else None)
    node = "TrilBackward0" if lower else "TriuBackward0"
    return _moved(input, shape, sources, node, name)


def tril(input: Tensor, diagonal: int = 0) -> Tensor:
    """The lower triangle of the last two dims (elements with ``j - i <= diagonal``), zeros above.

    >>> import tensors as torch
    >>> torch.tril(torch.ones(3, 3))
    tensor([[1., 0., 0.],
            [1., 1., 0.],
            [1., 1., 1.]])
    """
    return _triangle(input, diagonal, True)


def triu(input: Tensor, diagonal: int = 0) -> Tensor:
    """The upper triangle of the last two dims (elements with ``j - i >= diagonal``), zeros below.

    >>> import tensors as torch
    >>> torch.triu(torch.ones(2, 3), 1)
    tensor([[0., 1., 1.],
            [0., 0., 1.]])
    """
    return _triangle(input, diagonal, False)


def diag_embed(input: Tensor, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """Matrices (over ``dim1`` and ``dim2`` of the result) with the last dim of ``input`` on
    their ``offset`` diagonal, zeros elsewhere.

    >>> import tensors as torch
    >>> torch.diag_embed(torch.tensor([1, 2]))
    tensor([[1, 0],
            [0, 2]])
    """
    n = input.ndim + 1
    a, b = wrap_dim(dim1, n), wrap_dim(dim2, n)
    if a == b:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    size = (input._shape[-1] if input.ndim else 1) + abs(offset)
    rest = list(input._shape[:-1])
    shape = []
    for d in range(n):
        shape.append(size if d in (a, b) else rest.pop(0))
    st = strides(input._shape)
    sources = []
    for cs in _coords(shape):
        i, j = cs[a], cs[b]
        if j - i != offset:
            sources.append(None)
            continue
        batch = [c for d, c in enumerate(cs) if d not in (a, b)]
        sources.append(_flat_at(st, batch + [min(i, j)]) if input.ndim else 0)
    return _moved(input, tuple(shape), sources, "DiagEmbedBackward0", "diag_embed")


def diag(input: Tensor, diagonal: int = 0) -> Tensor:
    """A 1-D tensor's square matrix with it on the ``diagonal``, or a matrix's diagonal
    (a copy).

    >>> import tensors as torch
    >>> torch.diag(torch.tensor([[1, 2], [3, 4]])), torch.diag(torch.tensor([5, 6]), 1)
    (tensor([1, 4]), tensor([[0, 5, 0],
            [0, 0, 6],
            [0, 0, 0]]))
    """
    if input.ndim == 1:
        return diag_embed(input, diagonal)
    if input.ndim != 2:
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {input.ndim}D")
    rows, cols = input._shape
    start_i, start_j = (0, diagonal) if diagonal >= 0 else (-diagonal, 0)
    count = max(0, min(rows - start_i, cols - start_j))
    sources = [(start_i + k) * cols + start_j + k for k in range(count)]
    return _moved(input, (count,), sources, "DiagonalBackward0_copy", "diag")


def diagflat(input: Tensor, offset: int = 0) -> Tensor:
    """The flattened input on the ``offset`` diagonal of a square matrix.

    >>> import tensors as torch
    >>> torch.diagflat(torch.tensor([[1, 2]]))
    tensor([[1, 0],
            [0, 2]])
    """
    return diag_embed(reshape(input, -1), offset)
