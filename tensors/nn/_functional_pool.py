"""Pooling: ``F.max_pool2d``, ``F.avg_pool2d``, ``F.adaptive_avg_pool2d``.

A max-pooled element is one ``max_pool`` node of the op table over its
window (its gradient goes to the element PyTorch's kernel picks); an
averaged element is one sum of its window divided by the window's count.

>>> import tensors as torch
>>> import tensors.nn.functional as F
>>> x = torch.arange(16.).reshape(1, 1, 4, 4)
>>> F.max_pool2d(x, 2)
tensor([[[[ 5.,  7.],
          [13., 15.]]]])
>>> F.avg_pool2d(x, 2)
tensor([[[[ 2.5000,  4.5000],
          [10.5000, 12.5000]]]])
"""

from __future__ import annotations

import itertools
import math
from typing import Any, Optional, Sequence, Union

from autograd_scalar import Value, apply
from autograd_scalar.ops import OPS

from .._shape import Size
from .._tensor import Tensor, _result
from ._functional_conv import _tuple

__all__ = ["max_pool2d", "avg_pool2d", "adaptive_avg_pool2d"]

_Ints = Union[int, Sequence[int]]
_MAX_POOL = OPS["max_pool"]


def _pool_size(size: int, k: int, s: int, p: int, d: int, ceil_mode: bool) -> int:
    # PyTorch's pooling_output_shape: the last window must start inside the
    # input or its left padding.
    span = d * (k - 1) + 1
    top = size + 2 * p - span + ((s - 1) if ceil_mode else 0)
    out = top // s + 1
    if ceil_mode and (out - 1) * s >= size + p:
        out -= 1
    return out


def _check_pool(
    name: str, input: Tensor, kernel: tuple, stride: tuple, pads: tuple, dil: tuple
) -> tuple:
    """PyTorch's checks for 2-D pooling, in its order and words; the input's height and width."""
    if name == "avg_pool2d" and input.ndim < 3:
        n = input.ndim
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got -3)"
        )
    if any(s == 0 for s in stride):
        raise RuntimeError("stride should not be zero")
    if any(k <= 0 for k in kernel):
        raise RuntimeError(
            f"kernel size should be greater than zero, but got kH: {kernel[0]} kW: {kernel[1]}"
        )
    if any(d <= 0 for d in dil):
        raise RuntimeError(
            f"dilation should be greater than zero, but got dilationH: {dil[0]} dilationW: {dil[1]}"
        )
    for p, k, d in zip(pads, kernel, dil):
        if p * 2 > d * (k - 1) + 1:
            raise RuntimeError(
                "pad should be at most half of effective kernel size, but got "
                f"pad={p}, kernel_size={k} and dilation={d}"
            )
    shape = list(input.shape)
    if name == "max_pool2d" and input.ndim not in (3, 4):
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    if input.ndim not in (3, 4) or any(s == 0 for s in shape[-3:]):
        raise RuntimeError(
            "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, "
            f"but got:{shape}"
        )
    return tuple(shape[-2:])


def _too_small(input: Tensor, oh: int, ow: int) -> None:
    if oh < 1 or ow < 1:
        c, h, w = input.shape[-3:]
        raise RuntimeError(
            f"Given input size: ({c}x{h}x{w}). Calculated output size: ({c}x{oh}x{ow}). "
            "Output size is too small"
        )


def _params(kernel_size: _Ints, stride: Optional[_Ints], padding: _Ints) -> tuple:
    kernel = _tuple(kernel_size, 2)
    # PyTorch: an empty stride (or None) means the kernel size.
    stride_ = kernel if stride is None or stride == [] or stride == () else _tuple(stride, 2)
    return kernel, stride_, _tuple(padding, 2)


def max_pool2d(
    input: Tensor,
    kernel_size: _Ints,
    stride: Optional[_Ints] = None,
    padding: _Ints = 0,
    dilation: _Ints = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Any:
    """The largest element of each ``kernel_size`` window (padding counts as ``-inf``).

    With ``return_indices=True`` also the position of each maximum in its
    ``H * W`` plane (``torch.long``), as ``MaxUnpool2d`` reads it.

    >>> import tensors as torch
    >>> import tensors.nn.functional as F
    >>> F.max_pool2d(torch.tensor([[[1., 3.], [2., 0.]]]), 2, return_indices=True)
    (tensor([[[3.]]]), tensor([[[1]]]))
    """
    kernel, stride_, pads = _params(kernel_size, stride, padding)
    dil = _tuple(dilation, 2)
    h, w = _check_pool("max_pool2d", input, kernel, stride_, pads, dil)
    oh = _pool_size(h, kernel[0], stride_[0], pads[0], dil[0], ceil_mode)
    ow = _pool_size(w, kernel[1], stride_[1], pads[1], dil[1], ceil_mode)
    _too_small(input, oh, ow)
    windows = _max_windows((h, w), kernel, stride_, pads, dil, (oh, ow))
    return _max_over(input, windows, (oh, ow), "MaxPool2DWithIndicesBackward0", "max_pool2d",
                     return_indices)  # fmt: skip


def _flat_positions(space: tuple, axes: list) -> list:
    """The row-major flat positions, in a plane of sizes ``space``, of every
    combination of the per-dimension coordinates ``axes`` (the order a pooling
    kernel scans its window in)."""
    out = [0]
    for size, coords in zip(space, axes):
        out = [i * size + c for i in out for c in coords]
    return out


def _max_windows(space: tuple, kernel: tuple, stride: tuple, pads: tuple, dil: tuple,
                 out_space: tuple) -> list:  # fmt: skip
    """Per output position (row-major), the flat positions of its window that lie
    inside the input (padding, ``-inf`` to PyTorch, is left out), any number of
    dimensions."""
    per_dim = [
        [[o * st - p + t * d for t in range(k) if 0 <= o * st - p + t * d < n] for o in range(m)]
        for n, k, st, p, d, m in zip(space, kernel, stride, pads, dil, out_space)
    ]
    return [_flat_positions(space, list(axes)) for axes in itertools.product(*per_dim)]


def _max_over(input: Tensor, windows: list, out_space: tuple, grad_fn: str, op: str,
              return_indices: bool) -> Any:  # fmt: skip
    # One max_pool node per window of every plane (the trailing dimensions the
    # windows cover); the index of each is the place PyTorch's kernel keeps.
    plane = math.prod(input._shape[-len(out_space) :])
    flat = input._flat()
    out, where = [], []
    for start in range(0, len(flat), plane):
        for window in windows:
            vals = [flat[start + k] for k in window]
            out.append(apply(_MAX_POOL, *vals))
            where.append(window[_pick(vals)])
    shape = Size(tuple(input._shape[: -len(out_space)]) + tuple(out_space))
    result = _result(out, shape, input.dtype, grad_fn, (input,), op=op)
    if not return_indices:
        return result
    from .._creation import tensor

    return result, tensor(where).reshape(shape)


def _pick(vals: list) -> int:
    """The window position PyTorch's kernel keeps: the first largest, or the last nan."""
    best, at = -math.inf, 0
    for k, v in enumerate(vals):
        x = v.data
        if x > best or x != x:
            best, at = x, k
    return at


def avg_pool2d(
    input: Tensor,
    kernel_size: _Ints,
    stride: Optional[_Ints] = None,
    padding: _Ints = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: Optional[int] = None,
) -> Tensor:
    """The mean of each ``kernel_size`` window; with ``count_include_pad`` (the default)
    padded zeros count in the divisor, ``divisor_override`` replaces it.

    >>> import tensors as torch
    >>> import tensors.nn.functional as F
    >>> F.avg_pool2d(torch.ones(1, 2, 2), 2, padding=1)
    tensor([[[0.2500, 0.2500],
             [0.2500, 0.2500]]])
    """
    kernel, stride_, pads = _params(kernel_size, stride, padding)
    h, w = _check_pool("avg_pool2d", input, kernel, stride_, pads, (1, 1))
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    oh = _pool_size(h, kernel[0], stride_[0], pads[0], 1, ceil_mode)
    ow = _pool_size(w, kernel[1], stride_[1], pads[1], 1, ceil_mode)
    _too_small(input, oh, ow)
    windows = _avg_windows((h, w), kernel, stride_, pads, (oh, ow), count_include_pad,
                           divisor_override)  # fmt: skip
    out = _window_means(input._flat(), h * w, windows)
    shape = Size(tuple(input.shape[:-2]) + (oh, ow))
    return _result(out, shape, input.dtype, "AvgPool2DBackward0", (input,), op="avg_pool2d")


def _avg_windows(space: tuple, kernel: tuple, stride: tuple, pads: tuple, out_space: tuple,
                 count_include_pad: bool, divisor_override: Optional[int]) -> list:  # fmt: skip
    """Per output position, the flat positions of its window inside the input and
    PyTorch's divisor: the window clipped to the padded input (with
    ``count_include_pad``) or to the input, or ``divisor_override``; any number
    of dimensions."""
    per_dim = []
    for n, k, st, p, m in zip(space, kernel, stride, pads, out_space):
        spans = []
        for o in range(m):
            start = o * st - p
            end = min(start + k, n + p)
            spans.append((range(max(start, 0), min(end, n)), end - start))
        per_dim.append(spans)
    windows = []
    for spans in itertools.product(*per_dim):
        inside = [r for r, _ in spans]
        if divisor_override is not None:
            divisor = divisor_override
        elif count_include_pad:
            divisor = math.prod(length for _, length in spans)
        else:
            divisor = math.prod(len(r) for r in inside)
        windows.append((_flat_positions(space, inside), float(divisor)))
    return windows


def _adaptive_windows(space: tuple, out_space: tuple) -> list:
    """Per output position, the flat positions of its adaptive window: along each
    dimension window ``i`` of ``n`` over ``L`` runs from ``floor(i L / n)`` to
    ``ceil((i + 1) L / n)``."""
    per_dim = [
        [range((i * n) // m, -((-(i + 1) * n) // m)) for i in range(m)]
        for n, m in zip(space, out_space)
    ]
    return [_flat_positions(space, list(axes)) for axes in itertools.product(*per_dim)]


def _window_means(flat: list, plane: int, windows: list) -> list:
    return [
        Value.sum([flat[start + k] for k in window]) / divisor
        for start in range(0, len(flat), plane)
        for window, divisor in windows
    ]


def adaptive_avg_pool2d(input: Tensor, output_size: Any) -> Tensor:
    """Averages over windows chosen so that the output is ``output_size``
    (``None`` in it keeps the input's size); window ``i`` of ``n`` over ``L``
    runs from ``floor(i * L / n)`` to ``ceil((i + 1) * L / n)``.

    >>> import tensors as torch
    >>> import tensors.nn.functional as F
    >>> F.adaptive_avg_pool2d(torch.arange(6.).reshape(1, 2, 3), (1, 2))
    tensor([[[2., 3.]]])
    """
    if isinstance(output_size, (list, tuple)) and input.ndim <= len(output_size):
        raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")
    if input.ndim not in (3, 4):
        raise RuntimeError(
            f"adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got {list(input.shape)}"
        )
    for d in range(1, input.ndim):
        if input.shape[d] == 0:
            raise RuntimeError(
                "adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch "
                f"dimensions, but input has sizes {list(input.shape)} with dimension {d} being "
                "empty"
            )
    if isinstance(output_size, (list, tuple)) and input.ndim <= len(output_size):
        raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")
    h, w = input.shape[-2:]
    size = (
        _tuple(output_size, 2)
        if not isinstance(output_size, (list, tuple))
        else tuple((h, w)[i] if s is None else int(s) for i, s in enumerate(output_size))
    )
    if len(size) != 2:
        raise RuntimeError("adaptive_avg_pool2d: output_size must be 2")
    if min(size) < 0:
        raise RuntimeError(
            "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 "
            f"but received {{{size[0]}, {size[1]}}}"
        )
    if size == (1, 1):
        # PyTorch takes a mean over the last two dimensions here (MeanBackward1).
        return input.mean((-2, -1), keepdim=True)
    windows = [(w, float(len(w))) for w in _adaptive_windows((h, w), size)]
    out = _window_means(input._flat(), h * w, windows)
    shape = Size(tuple(input.shape[:-2]) + size)
    return _result(
        out, shape, input.dtype, "AdaptiveAvgPool2DBackward0", (input,), op="adaptive_avg_pool2d"
    )
