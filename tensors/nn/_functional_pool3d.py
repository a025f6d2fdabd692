"""Pooling over three dimensions: ``max_pool3d``, ``avg_pool3d``,
``adaptive_avg_pool3d``, ``adaptive_max_pool3d`` (and ``max_unpool3d``, in
``_functional_unpool.py``).

The windows are the n-d ones the 2-D pools use (``_functional_pool.py``): a
maximum is one ``max_pool`` node of the op table (the gradient to the element
PyTorch's kernel keeps), a mean one sum divided by PyTorch's divisor. This file
holds PyTorch's checks of the 3-D arguments, in its order and words.

>>> import tensors as torch
>>> x = torch.arange(8.).reshape(1, 2, 2, 2)
>>> torch.nn.functional.max_pool3d(x, 2).flatten(), torch.nn.functional.avg_pool3d(x, 2).flatten()
(tensor([7.]), tensor([3.5000]))
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Union

from .._tensor import Tensor, _result
from ._functional_pool import (
    _adaptive_windows,
    _avg_windows,
    _max_over,
    _max_windows,
    _pool_size,
    _window_means,
)
from ._functional_pool1d import _output_sizes

__all__ = ["adaptive_avg_pool3d", "adaptive_max_pool3d", "avg_pool3d", "max_pool3d"]

_Ints = Union[int, Sequence[int]]
_THREE = "a tuple of three ints"
_MAX = {
    "kernel_size": f"max_pool3d: kernel_size must either be a single int, or {_THREE}",
    "stride": f"max_pool3d: stride must either be omitted, a single int, or {_THREE}",
    "padding": f"max_pool3d: padding must either be a single int, or {_THREE}",
    "dilation": f"max_pool3d: dilation must be either a single int, or {_THREE}",
}
_AVG = {
    "kernel_size": f"avg_pool3d: kernel_size must be a single int, or {_THREE}",
    "stride": f"avg_pool3d: stride must be omitted, a single int, or {_THREE}",
    "padding": f"avg_pool3d: padding must be a single int, or {_THREE}",
}


def _three(x: Any, allowed: tuple, message: str) -> tuple:
    values = list(x) if isinstance(x, (list, tuple)) else [x]
    if len(values) not in allowed:
        raise RuntimeError(message)
    if not values:
        return ()
    return tuple(int(v) for v in values) * (3 if len(values) == 1 else 1)


def _half(x: int) -> int:
    return int(x / 2)  # C++'s division, toward zero


def _sizes(input: Tensor, kernel: tuple, stride: tuple, pads: tuple, dil: tuple,
           ceil_mode: bool) -> tuple:  # fmt: skip
    # PyTorch's pooling_output_shape, dimension by dimension, with its checks.
    out = []
    for n, k, s, p, d in zip(input._shape[-3:], kernel, stride, pads, dil):
        if s == 0:
            raise RuntimeError("stride should not be zero")
        if p < 0:
            raise RuntimeError(f"pad must be non-negative, but got pad: {p}")
        if p > _half((k - 1) * d + 1):
            raise RuntimeError(
                "pad should be at most half of effective kernel size, but got "
                f"pad={p}, kernel_size={k} and dilation={d}"
            )
        out.append(_pool_size(n, k, s, p, d, ceil_mode))
    return tuple(out)


def _shape_check(input: Tensor, kernel: tuple, stride: tuple, pads: tuple, dil: tuple,
                 out: tuple, function: str, avg: bool) -> None:  # fmt: skip
    # PyTorch's pool3d_shape_check.
    if min(kernel) <= 0:
        raise RuntimeError(
            "kernel size should be greater than zero, but got kT: {} kH: {} kW: {}".format(*kernel)
        )
    if min(stride) <= 0:
        raise RuntimeError(
            "stride should be greater than zero, but got dT: {} dH: {} dW: {}".format(*stride)
        )
    if min(dil) <= 0:
        raise RuntimeError(
            "dilation should be greater than zero, but got dilationT: {} dilationH: {} "
            "dilationW: {}".format(*dil)
        )
    shape = list(input._shape)
    for i, n in enumerate(shape):
        if n <= 0 and not (len(shape) == 5 and i == 0):
            raise RuntimeError(
                f"{function}: Expected input's non-batch dimensions to have positive length, "
                f"but input has a shape of {shape} and non-batch dimension {n} has length zero!"
            )
    t, h, w = shape[-3:]
    if avg and (t < kernel[0] or h < kernel[1] or w < kernel[2]):
        raise RuntimeError(
            f"input image (T: {t} H: {h} W: {w}) smaller than kernel size "
            "(kT: {} kH: {} kW: {})".format(*kernel)
        )
    if any(_half(k) < p for k, p in zip(kernel, pads)):
        raise RuntimeError(
            "pad should be smaller than or equal to half of kernel size, but got "
            f"kT: {kernel[0]} kW: {kernel[2]} kH: {kernel[1]} padT: {pads[0]} padW: {pads[2]} "
            f"padH: {pads[1]}"
        )
    if min(out) < 1:
        c = shape[-4]
        raise RuntimeError(
            f"Given input size: ({c}x{t}x{h}x{w}). Calculated output size: "
            f"({c}x{out[0]}x{out[1]}x{out[2]}). Output size is too small"
        )


def max_pool3d(
    input: Tensor,
    kernel_size: _Ints,
    stride: Optional[_Ints] = None,
    padding: _Ints = 0,
    dilation: _Ints = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Any:
    """The largest element of each ``kernel_size`` window of ``(N, C, D, H, W)`` or
    ``(C, D, H, W)`` (padding counts as ``-inf``); with ``return_indices`` also
    where each maximum is in its ``D * H * W`` volume.

    >>> import tensors as torch
    >>> x = torch.tensor([[[[1., 4.], [2., 3.]]]])
    >>> torch.nn.functional.max_pool3d(x, (1, 2, 2), return_indices=True)
    (tensor([[[[4.]]]]), tensor([[[[1]]]]))
    """
    kernel = _three(kernel_size, (1, 3), _MAX["kernel_size"])
    stride_ = _three([] if stride is None else stride, (0, 1, 3), _MAX["stride"]) or kernel
    pads = _three(padding, (1, 3), _MAX["padding"])
    dil = _three(dilation, (1, 3), _MAX["dilation"])
    if input.ndim not in (4, 5):
        raise RuntimeError("non-empty 4D or 5D (batch mode) tensor expected for input")
    out = _sizes(input, kernel, stride_, pads, dil, ceil_mode)
    _shape_check(input, kernel, stride_, pads, dil, out,
                 "max_pool3d_with_indices_out_cpu_template()", avg=False)  # fmt: skip
    windows = _max_windows(input._shape[-3:], kernel, stride_, pads, dil, out)
    return _max_over(input, windows, out, "MaxPool3DWithIndicesBackward0", "max_pool3d",
                     return_indices)  # fmt: skip


def avg_pool3d(
    input: Tensor,
    kernel_size: _Ints,
    stride: Optional[_Ints] = None,
    padding: _Ints = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: Optional[int] = None,
) -> Tensor:
    """The mean of each ``kernel_size`` window of ``(N, C, D, H, W)`` or ``(C, D, H, W)``;
    padded zeros count in the divisor unless ``count_include_pad=False``, and
    ``divisor_override`` replaces it.

    >>> import tensors as torch
    >>> torch.nn.functional.avg_pool3d(torch.ones(1, 1, 2, 2), (1, 2, 2), padding=(0, 1, 1))
    tensor([[[[0.2500, 0.2500],
              [0.2500, 0.2500]]]])
    """
    kernel = _three(kernel_size, (1, 3), _AVG["kernel_size"])
    stride_ = _three([] if stride is None else stride, (0, 1, 3), _AVG["stride"]) or kernel
    pads = _three(padding, (1, 3), _AVG["padding"])
    if input.ndim not in (4, 5):
        raise RuntimeError("non-empty 4D or 5D (batch mode) tensor expected for input")
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    ones = (1, 1, 1)
    out = _sizes(input, kernel, stride_, pads, ones, ceil_mode)
    _shape_check(input, kernel, stride_, pads, ones, out, "avg_pool3d()", avg=True)
    space = tuple(input._shape[-3:])
    windows = _avg_windows(space, kernel, stride_, pads, out, count_include_pad,
                           divisor_override)  # fmt: skip
    values = _window_means(input._flat(), space[0] * space[1] * space[2], windows)
    shape = tuple(input._shape[:-3]) + out
    return _result(values, shape, input.dtype, "AvgPool3DBackward0", (input,), op="avg_pool3d")


def _adaptive_sizes(input: Tensor, output_size: Any) -> tuple:
    # torch.nn.functional's own step: None keeps the input's size.
    if isinstance(output_size, (list, tuple)):
        if input.ndim <= len(output_size):
            raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")
        have = input._shape[-len(output_size) :] if output_size else ()
        return tuple(n if o is None else int(o) for o, n in zip(output_size, have))
    return (int(output_size),) * 3


def adaptive_avg_pool3d(input: Tensor, output_size: Any) -> Tensor:
    """Means over windows chosen so that the last three dimensions become
    ``output_size`` (``None`` keeps a size).

    >>> import tensors as torch
    >>> torch.nn.functional.adaptive_avg_pool3d(torch.arange(8.).reshape(1, 2, 2, 2), (1, 1, 2))
    tensor([[[[3., 4.]]]])
    """
    size = _adaptive_sizes(input, output_size)
    if len(size) != 3:
        raise RuntimeError("adaptive_avg_pool3d: output_size must be 3")
    if min(size) < 0:
        raise RuntimeError(
            "adaptive_avg_pool3d: elements of output_size must be greater than or equal to 0 "
            f"but received {{{size[0]}, {size[1]},{size[2]}}}"
        )
    if size == (1, 1, 1):
        # PyTorch takes a mean over the last three dimensions here (MeanBackward1).
        return input.mean((-1, -2, -3), keepdim=True)
    for d in range(1, input.ndim):
        if input._shape[d] == 0:
            raise RuntimeError(
                "adaptive_avg_pool3d(): Expected input to have non-zero size for non-batch "
                f"dimensions, but input has sizes {list(input._shape)} with dimension {d} being "
                "empty"
            )
    if input.ndim not in (4, 5):
        raise RuntimeError(
            f"adaptive_avg_pool3d(): Expected 4D or 5D tensor, but got {list(input._shape)}"
        )
    space = tuple(input._shape[-3:])
    windows = [(w, float(len(w))) for w in _adaptive_windows(space, size)]
    values = _window_means(input._flat(), space[0] * space[1] * space[2], windows)
    shape = tuple(input._shape[:-3]) + size
    name = "AdaptiveAvgPool3DBackward0"
    return _result(values, shape, input.dtype, name, (input,), op="adaptive_avg_pool3d")


def adaptive_max_pool3d(input: Tensor, output_size: Any, return_indices: bool = False) -> Any:
    """Maxima over windows chosen so that the last three dimensions become
    ``output_size`` (``None`` keeps a size); with ``return_indices`` also where.

    >>> import tensors as torch
    >>> torch.nn.functional.adaptive_max_pool3d(torch.arange(8.).reshape(1, 2, 2, 2), 1)
    tensor([[[[7.]]]])
    """
    size = _adaptive_sizes(input, output_size)
    if input.ndim not in (4, 5):
        raise RuntimeError(
            f"adaptive_max_pool3d(): Expected 4D or 5D tensor, but got: {list(input._shape)}"
        )
    for d in range(1, input.ndim):
        if input._shape[d] == 0:
            raise RuntimeError(
                "adaptive_max_pool3d(): Expected input to have non-zero size for non-batch "
                f"dimensions, but input has sizes {list(input._shape)} with dimension {d} being "
                "empty"
            )
    size = _output_sizes(list(size), input._shape[-3:], "adaptive_max_pool3d")
    if min(size) < 0:
        shape = list(input._shape[:-3]) + list(size)
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(size)}: {shape}")
    windows = _adaptive_windows(tuple(input._shape[-3:]), size)
    return _max_over(input, windows, size, "AdaptiveMaxPool3DBackward0", "adaptive_max_pool3d",
                     return_indices)  # fmt: skip
