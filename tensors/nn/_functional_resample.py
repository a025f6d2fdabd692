"""Resampling and patches: ``interpolate`` (nearest, nearest-exact, linear,
bilinear, bicubic, trilinear, area), ``upsample``, ``unfold`` and ``fold``.

An interpolated element is one ``dot`` node of the input elements it reads
with constant weights (the interpolation weights, computed as PyTorch's
kernels compute them, the nearest-neighbour index in single precision as
theirs is); a patch element of ``unfold`` is a copy, a sum of overlaps in
``fold`` one ``sum`` node.

>>> import tensors as torch
>>> F = torch.nn.functional
>>> F.interpolate(torch.tensor([[[0., 1.]]]), scale_factor=2, mode="linear")
tensor([[[0.0000, 0.2500, 0.7500, 1.0000]]])
"""

from __future__ import annotations

import itertools
import math
import struct
from typing import Any, Optional

from autograd_scalar import Value
from autograd_scalar.value import _const, apply

from .._ops.arithmetic import _fresh
from .._ops.matrix_products import _DOT
from .._shape import numel
from .._tensor import Tensor, _result
from ._functional_conv import _tuple


def _f32(x: float) -> float:
    return struct.unpack("f", struct.pack("f", x))[0]


def _nearest(n_in: int, n_out: int, scale: Optional[float], exact: bool) -> list:
    # PyTorch's nearest_neighbor(_exact)_compute_source_index, in single precision.
    s = _f32(1.0 / scale) if scale is not None and scale > 0 else _f32(_f32(n_in) / n_out)
    offset = 0.5 if exact else 0.0
    return [[(min(int(math.floor(_f32(_f32(o + offset) * s))), n_in - 1), 1.0)]
            for o in range(n_out)]  # fmt: skip


def _adaptive(n_in: int, n_out: int) -> list:
    return [range((i * n_in) // n_out, -((-(i + 1) * n_in) // n_out)) for i in range(n_out)]


def _linear(n_in: int, n_out: int, scale: Optional[float], align_corners: bool) -> list:
    # PyTorch's area_pixel_compute_scale / _source_index and compute_source_index_and_lambda.
    if align_corners:
        ratio = (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
    else:
        ratio = 1.0 / scale if scale is not None and scale > 0 else n_in / n_out
    out = []
    for o in range(n_out):
        if n_in == n_out and not align_corners:
            out.append([(o, 1.0)])
            continue
        real = ratio * o if align_corners else max(ratio * (o + 0.5) - 0.5, 0.0)
        i0 = min(int(real), n_in - 1)
        lam1 = min(max(real - i0, 0.0), 1.0)
        i1 = i0 + (1 if i0 < n_in - 1 else 0)
        out.append([(i0, 1.0 - lam1), (i1, lam1)])
    return out


def _cubic(n_in: int, n_out: int, scale: Optional[float], align_corners: bool) -> list:
    # PyTorch's HelperInterpCubic: the source index (not clipped at 0), its floor
    # and fraction t, Keys' cubic convolution weights with A = -0.75 for the four
    # neighbours floor - 1 .. floor + 2, each index clamped into the input.
    if align_corners:
        ratio = (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
    else:
        ratio = 1.0 / scale if scale is not None and scale > 0 else n_in / n_out
    a = -0.75

    def near(x: float) -> float:  # |x| <= 1
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x: float) -> float:  # 1 < |x| < 2
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    out = []
    for o in range(n_out):
        real = ratio * o if align_corners else ratio * (o + 0.5) - 0.5
        i0 = min(int(math.floor(_f32(real))), n_in - 1)
        t = min(max(real - i0, 0.0), 1.0)
        weights = (far(t + 1.0), near(t), near(1.0 - t), far((1.0 - t) + 1.0))
        out.append([(max(min(i0 - 1 + j, n_in - 1), 0), w) for j, w in enumerate(weights)])
    return out


_NAMES = {
    "nearest": "UpsampleNearest{}DBackward0",
    "nearest-exact": "UpsampleNearestExact{}DBackward0",
    "linear": "UpsampleLinear1DBackward0",
    "bilinear": "UpsampleBilinear2DBackward0",
    "trilinear": "UpsampleTrilinear3DBackward0",
    "bicubic": "UpsampleBicubic2DBackward0",
}
_DIMS = {"linear": 1, "bilinear": 2, "trilinear": 3, "bicubic": 2}


def interpolate(
    input: Tensor,
    size: Any = None,
    scale_factor: Any = None,
    mode: str = "nearest",
    align_corners: Optional[bool] = None,
    recompute_scale_factor: Optional[bool] = None,
    antialias: bool = False,
) -> Tensor:
    """Resize the spatial dimensions (those after batch and channel) to ``size``, or by
    ``scale_factor``, with ``mode`` ``"nearest"``, ``"nearest-exact"``, ``"linear"``
    (3-D input), ``"bilinear"`` or ``"bicubic"`` (4-D), ``"trilinear"`` (5-D) or ``"area"``.

    >>> import tensors as torch
    >>> torch.nn.functional.interpolate(torch.tensor([[[1., 2.]]]), size=4)
    tensor([[[1., 1., 2., 2.]]])
    """
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError(
                "align_corners option can only be set with the interpolating modes: linear | "
                "bilinear | bicubic | trilinear"
            )
    elif align_corners is None:
        align_corners = False
    dim = input.ndim - 2
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    scales: Optional[list] = None
    if size is not None:
        if isinstance(size, (list, tuple)):
            if len(size) != dim:
                raise ValueError(
                    "Input and output must have the same number of spatial dimensions, but got "
                    f"input with spatial dimensions of {list(input._shape[2:])} and output size "
                    f"of {size}. Please provide input tensor in (N, C, d1, d2, ...,dK) format "
                    "and output size in (o1, o2, ...,oK) format."
                )
            out_size = [int(s) for s in size]
        else:
            out_size = [int(size)] * dim
    elif scale_factor is not None:
        scales = (
            list(scale_factor) if isinstance(scale_factor, (list, tuple)) else [scale_factor] * dim
        )
        if len(scales) != dim:
            raise ValueError(
                "Input and scale_factor must have the same number of spatial dimensions, but got "
                f"input with spatial dimensions of {list(input._shape[2:])} and scale_factor of "
                f"shape {scale_factor}. Please provide input tensor in (N, C, d1, d2, ...,dK) "
                "format and scale_factor in (s1, s2, ...,sK) format."
            )
        out_size = [int(math.floor(n * s)) for n, s in zip(input._shape[2:], scales)]
        if recompute_scale_factor or mode == "area":
            scales = None
    else:
        raise ValueError("either size or scale_factor should be defined")
    if recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if mode == "area":
        from ._functional_pool import adaptive_avg_pool2d
        from ._functional_pool1d import adaptive_avg_pool1d

        if dim == 1:
            return adaptive_avg_pool1d(input, out_size)
        if dim == 2:
            return adaptive_avg_pool2d(input, out_size)
    if mode == "area" and dim == 3:  # adaptive average windows, each one mean
        per_dim = [
            [[(i, 1.0 / len(w)) for i in w] for w in _adaptive(n, o)]
            for n, o in zip(input._shape[2:], out_size)
        ]
        name = "AdaptiveAvgPool3DBackward0"
    elif mode in ("nearest", "nearest-exact") and 1 <= dim <= 3:
        per_dim = [
            _nearest(n, o, scales[i] if scales else None, mode == "nearest-exact")
            for i, (n, o) in enumerate(zip(input._shape[2:], out_size))
        ]
        name = _NAMES[mode].format(dim)
    elif mode in _DIMS and _DIMS[mode] == dim:
        weights = _cubic if mode == "bicubic" else _linear
        per_dim = [
            weights(n, o, scales[i] if scales else None, bool(align_corners))
            for i, (n, o) in enumerate(zip(input._shape[2:], out_size))
        ]
        name = _NAMES[mode]
    else:
        raise NotImplementedError(
            f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.ndim}D) for "
            f"the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | "
            f"nearest-exact (got {mode})"
        )
    if any(o <= 0 for o in out_size):
        raise RuntimeError(
            f"Input and output sizes should be greater than 0, but got input ("
            f"{', '.join(map(str, input._shape[2:]))}) and output ({', '.join(map(str, out_size))})"
        )
    in_sp = input._shape[2:]
    plane = numel(in_sp)
    strides = [numel(in_sp[i + 1 :]) for i in range(dim)]
    flat = input._flat()
    out = []
    for start in range(0, len(flat), plane or 1):
        for combo in itertools.product(*per_dim):
            taps = []
            for corner in itertools.product(*combo):
                weight = 1.0
                for _, w in corner:
                    weight *= w
                taps.append((start + sum(i * s for (i, _), s in zip(corner, strides)), weight))
            if len(taps) == 1:
                out.append(_fresh(flat[taps[0][0]]))
            else:
                # A weight of exactly 0 adds x * 0 to the value and nothing to x's
                # gradient (PyTorch's backward adds 0 * g to a +0.0 start).
                xs = [flat[t] if w != 0.0 else _const(flat[t].data) for t, w in taps]
                out.append(apply(_DOT, *xs, *[_const(w) for _, w in taps]))
    shape = input._shape[:2] + tuple(out_size)
    return _result(out, shape, input.dtype, name, (input,), op="interpolate")


def upsample_nearest(input: Tensor, size: Any = None, scale_factor: Any = None) -> Tensor:
    """``interpolate(..., mode="nearest")`` (deprecated in PyTorch, without its warning).

    >>> import tensors as torch
    >>> torch.nn.functional.upsample_nearest(torch.tensor([[[1., 2.]]]), scale_factor=2)
    tensor([[[1., 1., 2., 2.]]])
    """
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input: Tensor, size: Any = None, scale_factor: Any = None) -> Tensor:
    """``interpolate(..., mode="bilinear", align_corners=True)`` (deprecated in PyTorch).

    >>> import tensors as torch
    >>> torch.nn.functional.upsample_bilinear(torch.ones(1, 1, 2, 2), size=3).shape
    torch.Size([1, 1, 3, 3])
    """
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


def _patches(h: int, w: int, k: tuple, d: tuple, p: tuple, s: tuple) -> tuple:
    """Block positions: ``(rows, cols)`` of the top-left corners, and the count."""
    oh = (h + 2 * p[0] - d[0] * (k[0] - 1) - 1) // s[0] + 1
    ow = (w + 2 * p[1] - d[1] * (k[1] - 1) - 1) // s[1] + 1
    return oh, ow


def unfold(
    input: Tensor, kernel_size: Any, dilation: Any = 1, padding: Any = 0, stride: Any = 1
) -> Tensor:
    """Sliding ``kernel_size`` blocks of a ``(N, C, H, W)`` input as columns:
    ``(N, C * kH * kW, L)``, L the number of blocks (padding reads as zeros).

    >>> import tensors as torch
    >>> torch.nn.functional.unfold(torch.arange(4.).reshape(1, 1, 2, 2), 1)
    tensor([[[0., 1., 2., 3.]]])
    """
    if input.ndim not in (3, 4):
        raise NotImplementedError(
            f"Input Error: Only 3D or 4D input Tensors are supported (got {input.ndim}D)"
        )
    k, d, p, s = (_tuple(v, 2) for v in (kernel_size, dilation, padding, stride))
    batched = input.ndim == 4
    n = input._shape[0] if batched else 1
    c, h, w = input._shape[-3:]
    oh, ow = _patches(h, w, k, d, p, s)
    if oh < 1 or ow < 1:
        raise RuntimeError(
            f"Given input with spatial size ({h}, {w}), kernel_size=({k[0]}, {k[1]}), "
            f"dilation=({d[0]}, {d[1]}), padding=({p[0]}, {p[1]}), calculated shape of the "
            f"array of sliding blocks as ({oh}, {ow}), but its components must be at least one."
        )
    flat, zero = input._flat(), _const(0.0)
    out = []
    for b in range(n):
        for ch in range(c):
            for ki in range(k[0]):
                for kj in range(k[1]):
                    for i in range(oh):
                        r = i * s[0] - p[0] + ki * d[0]
                        for j in range(ow):
                            q = j * s[1] - p[1] + kj * d[1]
                            inside = 0 <= r < h and 0 <= q < w
                            at = ((b * c + ch) * h + r) * w + q
                            out.append(_fresh(flat[at]) if inside else zero)
    rows = c * k[0] * k[1]
    shape = (n, rows, oh * ow) if batched else (rows, oh * ow)
    return _result(out, shape, input.dtype, "Im2ColBackward0", (input,), op="unfold")


def fold(
    input: Tensor, output_size: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
    stride: Any = 1,
) -> Tensor:  # fmt: skip
    """The inverse arrangement of ``unfold``: columns ``(N, C * kH * kW, L)`` summed back
    into a ``(N, C, H, W)`` image (overlapping blocks add).

    >>> import tensors as torch
    >>> torch.nn.functional.fold(torch.ones(1, 4, 4), (3, 3), 2)
    tensor([[[[1., 2., 1.],
              [2., 4., 2.],
              [1., 2., 1.]]]])
    """
    if input.ndim not in (2, 3):
        raise NotImplementedError(
            f"Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported (got "
            f"{input.ndim}D)"
        )
    k, d, p, s = (_tuple(v, 2) for v in (kernel_size, dilation, padding, stride))
    h, w = _tuple(output_size, 2)
    batched = input.ndim == 3
    n = input._shape[0] if batched else 1
    rows, blocks = input._shape[-2:]
    if rows % (k[0] * k[1]):
        raise RuntimeError(
            "Expected size of input's dimension 1 to be divisible by the product of "
            f"kernel_size, but got input.size(1)={rows} and kernel_size=({k[0]}, {k[1]})"
        )
    c = rows // (k[0] * k[1])
    oh, ow = _patches(h, w, k, d, p, s)
    if oh * ow != blocks:
        raise RuntimeError(
            f"Given output_size=({h}, {w}), kernel_size=({k[0]}, {k[1]}), dilation=({d[0]}, "
            f"{d[1]}), padding=({p[0]}, {p[1]}), stride=({s[0]}, {s[1]}), expected size of "
            f"input's dimension 2 to match the calculated number of sliding blocks {oh} * {ow} "
            f"= {oh * ow}, but got input.size(2)={blocks}."
        )
    flat = input._flat()
    cells: list = [[] for _ in range(n * c * h * w)]
    for b in range(n):
        for ch in range(c):
            for ki in range(k[0]):
                for kj in range(k[1]):
                    row = (ch * k[0] + ki) * k[1] + kj
                    for i in range(oh):
                        r = i * s[0] - p[0] + ki * d[0]
                        for j in range(ow):
                            q = j * s[1] - p[1] + kj * d[1]
                            if 0 <= r < h and 0 <= q < w:
                                src = (b * rows + row) * blocks + i * ow + j
                                cells[((b * c + ch) * h + r) * w + q].append(flat[src])
    out = [Value.sum(vs) if vs else _const(0.0) for vs in cells]
    shape = (n, c, h, w) if batched else (c, h, w)
    return _result(out, shape, input.dtype, "Col2ImBackward0", (input,), op="fold")
