"""Sampling an input at grid points: ``torch.grid_sampler_2d`` and
``torch.grid_sampler_3d`` (the kernels behind ``F.grid_sample``), with bilinear
(trilinear in 3-D) or nearest interpolation and zeros, border or reflection
padding.

A grid point holds coordinates in [-1, 1] (x first); each is turned into a
position in the input (``align_corners`` says whether -1 and 1 are the centres
or the outer edges of the corner elements), moved inside by the padding mode,
and the output is the weighted sum of the neighbouring elements. The weights
are Values computed from the grid's Values, so the gradient reaches the grid
through them, and the input through the products: the op table's derivatives,
with PyTorch's choices where a coordinate is clipped (zero) or reflected
(its sign flipped). Bicubic interpolation is not provided.

>>> import tensors as torch
>>> x = torch.arange(4.).reshape(1, 1, 2, 2)
>>> torch.grid_sampler_2d(x, torch.zeros(1, 1, 1, 2), 0, 0, True)
tensor([[[[1.5000]]]])
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from autograd_scalar import Value
from autograd_scalar.value import _const

from .._tensor import Tensor, _result

__all__ = ["grid_sampler_2d", "grid_sampler_3d"]


def _unnormalize(c: Any, size: int, align_corners: bool) -> Any:
    if align_corners:
        return ((c + 1.0) / 2.0) * (size - 1)
    return ((c + 1.0) * size - 1.0) / 2.0


def _clip(c: Any, size: int, anchor: Any) -> Any:
    # PyTorch's clip_coordinates: at and beyond the bounds the gradient is multiplied
    # by zero. Its 3-D kernel multiplies the reflection's sign into that zero (so the
    # zero's sign follows it, ``anchor`` is ``c``); its vectorised 2-D kernel masks
    # the multiplier to +0.0 (``anchor`` is the grid's own coordinate).
    if c.data <= 0:
        return anchor * 0.0 + 0.0
    if c.data >= size - 1:
        return anchor * 0.0 + float(size - 1)
    return c


def _reflect(c: Any, twice_low: int, twice_high: int) -> Any:
    # PyTorch's reflect_coordinates: fold the coordinate into [low, high].
    if twice_low == twice_high:
        return c * 0.0 + 0.0
    low = twice_low / 2.0
    span = (twice_high - twice_low) / 2.0
    c = c - low
    if c.data < 0:
        c = -c
    flips = math.floor(c.data / span)
    extra = c - flips * span  # fmod(c, span), with its derivative 1
    if flips % 2 == 0:
        return extra + low
    return (span - extra) + low


def _source(c: Any, size: int, padding_mode: int, align_corners: bool, k: int) -> Any:
    raw = c
    c = _unnormalize(c, size, align_corners)
    if padding_mode == 1:
        c = _clip(c, size, raw if k == 2 else c)
    elif padding_mode == 2:
        c = _reflect(c, 0, 2 * (size - 1)) if align_corners else _reflect(c, -1, 2 * size - 1)
        c = _clip(c, size, raw if k == 2 else c)
    return c


def _check(input: Tensor, grid: Tensor, k: int, mode: int) -> None:
    # PyTorch checks the grid against the input's dimensions first.
    if grid._shape[-1:] != (input.ndim - 2,):
        raise RuntimeError(
            f"grid_sampler(): expected grid to have size {input.ndim - 2} in last dimension, "
            f"but got grid with sizes {list(grid._shape)}"
        )
    if input.ndim != k + 2 or grid.ndim != k + 2:
        raise RuntimeError(
            f"grid_sampler(): expected {k + 2}D input and grid with same number of dimensions, "
            f"but got input with sizes {list(input._shape)} and grid with sizes "
            f"{list(grid._shape)}"
        )
    if input._shape[0] != grid._shape[0]:
        raise RuntimeError(
            "grid_sampler(): expected grid and input to have same batch size, but got input "
            f"with sizes {list(input._shape)} and grid with sizes {list(grid._shape)}"
        )
    if input.dtype is not grid.dtype:
        raise RuntimeError(
            f"expected scalar type {_word(input.dtype)} but found {_word(grid.dtype)}"
        )
    if mode == 2:
        if k == 3:
            raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
        raise NotImplementedError("grid_sampler_2d: bicubic interpolation is not provided")


def _word(d: Any) -> str:
    return {"float32": "Float", "float64": "Double"}.get(d.name, d.name)


def _sample(
    input: Tensor, grid: Tensor, mode: int, padding_mode: int, align_corners: bool, k: int
) -> Tensor:
    _check(input, grid, k, mode)
    n, c = input._shape[:2]
    sizes = input._shape[2:]  # (D,) H, W: the last is x's
    out_sizes = grid._shape[1:-1]
    xs, gs = input._flat(), grid._flat()
    points = math.prod(out_sizes)
    plane = math.prod(sizes)
    out: list = [None] * (n * c * points)
    for b in range(n):
        for p in range(points):
            at = (b * points + p) * k
            # coordinates in the input's dimension order (the grid gives x first)
            coords = [
                _source(gs[at + i], sizes[k - 1 - i], padding_mode, align_corners, k)
                for i in range(k)
            ][::-1]
            terms = _corners(coords, sizes, mode)
            for ch in range(c):
                base = (b * c + ch) * plane
                picked = [_term(xs[base + where], w) for where, w in terms]
                if not picked:
                    value: Any = _const(0.0)
                else:
                    value = picked[0] if len(picked) == 1 else Value.sum(picked)
                out[(b * c + ch) * points + p] = value
    name = f"GridSampler{k}DBackward0"
    shape = (n, c) + tuple(out_sizes)
    return _result(out, shape, input.dtype, name, (input, grid), op=f"grid_sampler_{k}d")


def _term(x: Value, w: Any) -> Any:
    # A neighbour of weight exactly 0 adds nothing to the input's gradient (PyTorch
    # adds a zero into a zeroed buffer: +0.0), yet its weight still moves with the grid.
    if isinstance(w, Value) and w.data == 0:
        return w * x.data
    return x * w


def _corners(coords: list, sizes: tuple, mode: int) -> list:
    """(flat position, weight) of each neighbour inside the input."""
    strides = [math.prod(sizes[d + 1 :]) for d in range(len(sizes))]
    if mode == 1:  # nearest: round half to even, as nearbyint
        index = [round(c.data) for c in coords]
        if all(0 <= i < s for i, s in zip(index, sizes)):
            return [(sum(i * st for i, st in zip(index, strides)), 1.0)]
        return []
    lows = [math.floor(c.data) for c in coords]
    terms = []
    for offsets in itertools.product((0, 1), repeat=len(coords)):
        index = [lo + o for lo, o in zip(lows, offsets)]
        if not all(0 <= i < s for i, s in zip(index, sizes)):
            continue
        # PyTorch's weights: the distance to the opposite corner along each dimension,
        # multiplied x first.
        weight = None
        for c, lo, o in reversed(list(zip(coords, lows, offsets))):
            f = (c - lo) if o else ((lo + 1) - c)
            weight = f if weight is None else weight * f
        terms.append((sum(i * st for i, st in zip(index, strides)), weight))
    return terms


def grid_sampler_2d(
    input: Tensor, grid: Tensor, interpolation_mode: int, padding_mode: int, align_corners: bool
) -> Tensor:
    """Sample ``input`` (N, C, H, W) at ``grid`` (N, H_out, W_out, 2) of (x, y) in [-1, 1];
    ``interpolation_mode`` 0 bilinear, 1 nearest; ``padding_mode`` 0 zeros, 1 border,
    2 reflection.

    >>> import tensors as torch
    >>> x = torch.tensor([[[[1., 2.], [3., 4.]]]])
    >>> torch.grid_sampler_2d(x, torch.tensor([[[[1., -1.]]]]), 1, 0, True)
    tensor([[[[2.]]]])
    """
    return _sample(input, grid, interpolation_mode, padding_mode, align_corners, 2)


def grid_sampler_3d(
    input: Tensor, grid: Tensor, interpolation_mode: int, padding_mode: int, align_corners: bool
) -> Tensor:
    """Sample ``input`` (N, C, D, H, W) at ``grid`` (N, D_out, H_out, W_out, 3) of (x, y, z);
    modes as ``grid_sampler_2d`` (trilinear for 0).

    >>> import tensors as torch
    >>> x = torch.arange(8.).reshape(1, 1, 2, 2, 2)
    >>> torch.grid_sampler_3d(x, torch.zeros(1, 1, 1, 1, 3), 0, 0, True)
    tensor([[[[[3.5000]]]]])
    """
    return _sample(input, grid, interpolation_mode, padding_mode, align_corners, 3)
