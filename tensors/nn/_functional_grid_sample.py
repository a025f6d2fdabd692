"""``F.grid_sample``: the input read at the places a grid of coordinates names
(``-1`` and ``1`` the input's edges), with bilinear (trilinear on 5-D input),
nearest or bicubic interpolation and zeros, border or reflection padding.

Each source coordinate is a Value computed from the grid element as PyTorch's
kernel computes it (unnormalised, then clipped or reflected), so the gradient
with respect to the grid comes from the scalar graph: the interpolation
weights are Values of the grid, and an output element is one ``dot`` node of
the input elements it reads with those weights. A coordinate clipped to the
input's edge is the edge plus the coordinate times 0 (PyTorch's derivative
there is 0, times the incoming gradient); nearest sampling passes no gradient
to the grid, as in PyTorch.

>>> import tensors as torch
>>> x = torch.tensor([[[[0., 1.], [2., 3.]]]])
>>> torch.nn.functional.grid_sample(x, torch.zeros(1, 1, 1, 2), align_corners=False)
tensor([[[[1.5000]]]])
"""

from __future__ import annotations

import itertools
import math
import warnings
from typing import Any, Optional

from autograd_scalar import Value, apply
from autograd_scalar.value import _const

from .. import _dtype as D
from .._ops.arithmetic import _fresh
from .._ops.matrix_products import _DOT
from .._tensor import Tensor, _result

__all__ = ["grid_sample", "grid_sampler_2d", "grid_sampler_3d"]

_A = -0.75  # the cubic convolution's parameter, as PyTorch's


def _unnormalize(g: Any, size: int, align_corners: bool) -> Any:
    # -1 and 1 are the centres of the corner pixels (align_corners) or their outer edges.
    if align_corners:
        return (g + 1) / 2 * (size - 1)
    return ((g + 1) * size - 1) / 2


def _clip(c: Any, size: int) -> Any:
    # PyTorch's clip_coordinates: outside [0, size - 1] the bound, with a derivative
    # of 0 that multiplies the incoming gradient (so its sign stays, as there).
    x = c.data if isinstance(c, Value) else c
    if x != x or not isinstance(c, Value):
        return c
    if x <= 0 or x >= size - 1:
        bound = 0.0 if x <= 0 else float(size - 1)
        return _const(bound) if math.isinf(x) else c * 0.0 + bound
    return c


def _reflect(c: Any, twice_low: int, twice_high: int) -> Any:
    # PyTorch's reflect_coordinates: folded back into [low, high] as often as needed.
    if twice_low == twice_high:
        return _const(0.0)
    low, span = twice_low / 2, (twice_high - twice_low) / 2
    shifted = c - low
    x = shifted.data if isinstance(shifted, Value) else shifted
    if x != x or math.isinf(x):
        return shifted
    folded = -shifted if x < 0 else shifted
    a = abs(x)
    flips = math.floor(a / span)
    extra = folded - (a - math.fmod(a, span))
    return extra + low if flips % 2 == 0 else (span - extra) + low


def _source(g: Any, size: int, mode: str, padding_mode: str, align_corners: bool,
            masked: bool) -> Any:  # fmt: skip
    c = _unnormalize(g, size, align_corners)
    if mode == "bicubic":
        return c  # bicubic pads each index of its stencil instead
    if padding_mode == "border":
        return _clip(c, size)
    if padding_mode == "reflection":
        twice = (0, 2 * (size - 1)) if align_corners else (-1, 2 * size - 1)
        r = _reflect(c, *twice)
        x = r.data if isinstance(r, Value) else r
        if (
            masked
            and isinstance(c, Value)
            and x == x
            and not math.isinf(x)
            and (x <= 0 or x >= size - 1)
        ):
            # PyTorch's 2-d CPU kernel masks the whole multiplier to +0.0 where it
            # clips, the reflection's sign included: the zero multiplies c, not r.
            # (Its 3-d kernel multiplies the reflection's sign by the clip's 0.)
            return c * 0.0 + (0.0 if x <= 0 else float(size - 1))
        return _clip(r, size)
    return c


def _bounded(i: int, size: int, padding_mode: str, align_corners: bool) -> Optional[int]:
    # An integer index of the bicubic stencil, padded as PyTorch's get_value_bounded.
    x: float = float(i)
    if padding_mode == "border":
        x = min(size - 1.0, max(x, 0.0))
    elif padding_mode == "reflection":
        twice = (0, 2 * (size - 1)) if align_corners else (-1, 2 * size - 1)
        r = _reflect(x, *twice)
        x = min(size - 1.0, max(r.data if isinstance(r, Value) else r, 0.0))
    j = int(x)
    return j if 0 <= j < size else None


def _near(t: Any) -> Any:
    return ((_A + 2) * t - (_A + 3)) * t * t + 1


def _far(t: Any) -> Any:
    return ((_A * t - 5 * _A) * t + 8 * _A) * t - 4 * _A


def _taps(coords: list, sizes: tuple, mode: str, padding_mode: str, align_corners: bool) -> list:
    """(flat position in the input plane, weight) pairs of one output point; the
    coordinates and sizes are in the input's dimension order."""
    strides = [math.prod(sizes[d + 1 :]) for d in range(len(sizes))]
    if mode == "nearest":
        place = 0
        for c, n, st in zip(coords, sizes, strides):
            x = c.data if isinstance(c, Value) else c
            if x != x or math.isinf(x):
                return []
            i = round(x)  # nearbyint: halves to even
            if not 0 <= i < n:
                return []
            place += i * st
        return [(place, None)]
    per_dim = []
    for c in coords:
        x = c.data if isinstance(c, Value) else c
        if x != x or math.isinf(x):
            return []
        lo = math.floor(x)
        if mode == "bilinear":
            per_dim.append([(lo, lo + 1 - c), (lo + 1, c - lo)])
        else:  # bicubic: the stencil around floor(x), its indices padded one by one
            t = c - lo
            weights = (_far(t + 1.0), _near(t), _near(1.0 - t), _far((1.0 - t) + 1.0))
            per_dim.append([(lo - 1 + j, w) for j, w in enumerate(weights)])
    taps = []
    for corner in itertools.product(*per_dim):
        place, inside = 0, True
        for (i, _), n, st in zip(corner, sizes, strides):
            if mode == "bicubic":
                i = _bounded(i, n, padding_mode, align_corners)
            if i is None or not 0 <= i < n:
                inside = False
                break
            place += i * st
        if inside:
            weight = corner[-1][1]  # PyTorch multiplies the x factor first
            for _, w in reversed(corner[:-1]):
                weight = weight * w
            taps.append((place, weight))
    return taps


def grid_sample(
    input: Tensor,
    grid: Tensor,
    mode: str = "bilinear",
    padding_mode: str = "zeros",
    align_corners: Optional[bool] = None,
) -> Tensor:
    """Sample ``input`` ``(N, C, H, W)`` at ``grid`` ``(N, H_out, W_out, 2)``
    (``x`` then ``y``, in ``[-1, 1]``), or a 5-D input at a ``(..., 3)`` grid.

    >>> import tensors as torch
    >>> x = torch.arange(4.).reshape(1, 1, 2, 2)
    >>> g = torch.tensor([[[[-1., -1.], [1., 1.]]]])
    >>> torch.nn.functional.grid_sample(x, g, mode="nearest", align_corners=True)
    tensor([[[[0., 3.]]]])
    """
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError(
            "nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or "
            f"'bicubic', but got: '{mode}'"
        )
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError(
            "nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
            f"'reflection', but got: '{padding_mode}'"
        )
    if align_corners is None:
        warnings.warn(
            "Default grid_sample and affine_grid behavior has changed to align_corners=False "
            "since 1.3.0. Please specify align_corners=True if the old behavior is desired. "
            "See the documentation of grid_sample for details.",
            stacklevel=2,
        )
        align_corners = False
    nd = input.ndim - 2
    shapes = f"input with sizes {list(input._shape)} and grid with sizes {list(grid._shape)}"
    if input._shape[0] != grid._shape[0]:
        raise RuntimeError(
            f"grid_sampler(): expected grid and input to have same batch size, but got {shapes}"
        )
    if grid._shape[-1] != nd:
        raise RuntimeError(
            f"grid_sampler(): expected grid to have size {nd} in last dimension, but got grid "
            f"with sizes {list(grid._shape)}"
        )
    for d in range(2, input.ndim):
        if input._shape[d] == 0:
            raise RuntimeError(
                "grid_sampler(): expected input to have non-empty spatial dimensions, but input "
                f"has sizes {list(input._shape)} with dimension {d} being empty"
            )
    # PyTorch takes the 2-d kernel for a 4-d input and the 3-d one for any other.
    want = 4 if input.ndim == 4 else 5
    if input.ndim != want or grid.ndim != want:
        raise RuntimeError(
            f"grid_sampler(): expected {want}D input and grid with same number of dimensions, "
            f"but got {shapes}"
        )
    if mode == "bicubic" and nd != 2:
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    n, c = input._shape[:2]
    sizes = tuple(input._shape[2:])
    out_sp = tuple(grid._shape[1:-1])
    plane, points = math.prod(sizes), math.prod(out_sp)
    xs, gs = input._flat(), grid._flat()
    out: list = [None] * (n * c * points)
    zero = _const(0.0)
    for b in range(n):
        for p in range(points):
            g = gs[(b * points + p) * nd : (b * points + p + 1) * nd]
            # the grid's components run x, y(, z): the input's dimensions backwards
            coords = [
                _source(g[nd - 1 - d], sizes[d], mode, padding_mode, align_corners, nd == 2)
                for d in range(nd)
            ]
            taps = _taps(coords, sizes, mode, padding_mode, align_corners)
            for ch in range(c):
                base = (b * c + ch) * plane
                if not taps:
                    value = zero
                elif mode == "nearest":
                    value = _fresh(xs[base + taps[0][0]])
                else:
                    # A tap of weight 0 adds x * 0: to the grid's gradient x's value
                    # times the weight's derivative, to x nothing (PyTorch adds
                    # 0 * g to a gradient that starts at +0.0).
                    ins = [xs[base + t] if w.data != 0.0 else _const(xs[base + t].data)
                           for t, w in taps]  # fmt: skip
                    value = apply(_DOT, *ins, *[w for _, w in taps])
                out[(b * c + ch) * points + p] = value
    name = "GridSampler2DBackward0" if nd == 2 else "GridSampler3DBackward0"
    shape = (n, c) + out_sp
    return _result(out, shape, input.dtype, name, (input, grid), op="grid_sample")


_MODES = ("bilinear", "nearest", "bicubic")
_PADDINGS = ("zeros", "border", "reflection")


def _sampler(input: Tensor, grid: Tensor, mode: int, padding: int, align: bool, k: int) -> Tensor:
    # The kernels behind grid_sample: modes and paddings given as numbers, and the
    # input's rank fixed by the kernel's name, checked in the kernel's order.
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
    if input.dtype is not grid.dtype:
        raise RuntimeError(
            f"expected scalar type {D.type_name(input.dtype)} but found {D.type_name(grid.dtype)}"
        )
    return grid_sample(input, grid, _MODES[mode], _PADDINGS[padding], bool(align))


def grid_sampler_2d(
    input: Tensor, grid: Tensor, interpolation_mode: int, padding_mode: int, align_corners: bool
) -> Tensor:
    """``F.grid_sample``'s 2-d kernel: ``interpolation_mode`` 0 bilinear, 1 nearest,
    2 bicubic; ``padding_mode`` 0 zeros, 1 border, 2 reflection.

    >>> import tensors as torch
    >>> x = torch.tensor([[[[1., 2.], [3., 4.]]]])
    >>> torch.grid_sampler_2d(x, torch.tensor([[[[1., -1.]]]]), 1, 0, True)
    tensor([[[[2.]]]])
    """
    return _sampler(input, grid, interpolation_mode, padding_mode, align_corners, 2)


def grid_sampler_3d(
    input: Tensor, grid: Tensor, interpolation_mode: int, padding_mode: int, align_corners: bool
) -> Tensor:
    """``F.grid_sample``'s 3-d kernel (trilinear for mode 0); modes as ``grid_sampler_2d``.

    >>> import tensors as torch
    >>> x = torch.arange(8.).reshape(1, 1, 2, 2, 2)
    >>> torch.grid_sampler_3d(x, torch.zeros(1, 1, 1, 1, 3), 0, 0, True)
    tensor([[[[[3.5000]]]]])
    """
    return _sampler(input, grid, interpolation_mode, padding_mode, align_corners, 3)
