"""Pooling along one dimension (``avg_pool1d``, ``max_pool1d``, ``adaptive_avg_pool1d``,
``adaptive_max_pool1d``) and ``adaptive_max_pool2d``.

A window's mean is one sum node divided by PyTorch's divisor; a window's
maximum one node of the table's ``max_pool`` row (the whole gradient to the
element PyTorch's kernel keeps). Adaptive window ``i`` of ``n`` over ``L``
runs from ``floor(i L / n)`` to ``ceil((i + 1) L / n)``.

>>> import tensors as torch
>>> torch.nn.functional.max_pool1d(torch.tensor([[1., 3., 2., 5.]]), 2)
tensor([[3., 5.]])
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Union

from autograd_scalar import Value, apply
from autograd_scalar.ops import OPS

from .._tensor import Tensor, _result
from ._functional_pool import _adaptive_windows as _adaptive_windows_nd
from ._functional_pool import _max_over, _pick, _pool_size

_Ints = Union[int, Sequence[int]]
_MAX_POOL = OPS["max_pool"]


def _one(x: Any, name: str) -> int:
    if isinstance(x, (list, tuple)):
        if len(x) != 1:
            raise RuntimeError(f"{name}() argument must contain one int")
        return int(x[0])
    return int(x)


def _check_1d(input: Tensor, k: int, s: int, p: int, d: int) -> None:
    shape = list(input._shape)
    if input.ndim not in (2, 3) or any(n == 0 for n in shape[-2:]):
        raise RuntimeError(
            "Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, "
            f"but got:{shape}"
        )
    if k <= 0:
        raise RuntimeError(f"kernel_size must be greater than zero, but got {k}")
    if s <= 0:
        raise RuntimeError(f"stride must be greater than zero, but got {s}")
    if d <= 0:
        raise RuntimeError(f"dilation must be greater than zero, but got {d}")
    if p < 0:
        raise RuntimeError(f"pad must be non-negative, but got pad: {p}")
    if p > (d * (k - 1) + 1) // 2:
        raise RuntimeError(
            "pad should be at most half of effective kernel size, but got "
            f"pad={p}, kernel_size={k} and dilation={d}"
        )


def _planes(input: Tensor) -> tuple:
    size = input._shape[-1]
    flat = input._flat()
    return [flat[i : i + size] for i in range(0, len(flat), size)], size


def _finish(out: list, input: Tensor, n: int, name: str, op: str, where: Optional[list]) -> Any:
    shape = input._shape[:-1] + (n,)
    result = _result(out, shape, input.dtype, name, (input,), op=op)
    if where is None:
        return result
    from .._creation import tensor

    return result, tensor(where).reshape(*shape) if where else tensor(where).reshape(*shape)


def max_pool1d(
    input: Tensor,
    kernel_size: _Ints,
    stride: Optional[_Ints] = None,
    padding: _Ints = 0,
    dilation: _Ints = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Any:
    """The largest element of each window along the last dimension (padding is
    ``-inf``); with ``return_indices`` also where each maximum is.

    >>> import tensors as torch
    >>> torch.nn.functional.max_pool1d(torch.tensor([[1., 3., 2.]]), 2, 1, return_indices=True)
    (tensor([[3., 3.]]), tensor([[1, 1]]))
    """
    k = _one(kernel_size, "max_pool1d")
    s = k if stride is None or stride == [] or stride == () else _one(stride, "max_pool1d")
    p, d = _one(padding, "max_pool1d"), _one(dilation, "max_pool1d")
    _check_1d(input, k, s, p, d)
    planes, size = _planes(input)
    n = _pool_size(size, k, s, p, d, ceil_mode)
    if n < 1:
        raise RuntimeError(f"Invalid computed output size: {n}")
    windows = [
        [i * s - p + j * d for j in range(k) if 0 <= i * s - p + j * d < size] for i in range(n)
    ]
    out, where = [], []
    for plane in planes:
        for window in windows:
            vals = [plane[t] for t in window]
            out.append(apply(_MAX_POOL, *vals))
            where.append(window[_pick(vals)])
    return _finish(
        out, input, n, "SqueezeBackward1", "max_pool1d", where if return_indices else None
    )


def avg_pool1d(
    input: Tensor,
    kernel_size: _Ints,
    stride: Optional[_Ints] = None,
    padding: _Ints = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> Tensor:
    """The mean of each window along the last dimension (padded zeros counted in the
    divisor unless ``count_include_pad=False``).

    >>> import tensors as torch
    >>> torch.nn.functional.avg_pool1d(torch.tensor([[1., 3., 2., 6.]]), 2)
    tensor([[2., 4.]])
    """
    k = _one(kernel_size, "avg_pool1d")
    s = k if stride is None or stride == [] or stride == () else _one(stride, "avg_pool1d")
    p = _one(padding, "avg_pool1d")
    _check_1d(input, k, s, p, 1)
    planes, size = _planes(input)
    n = _pool_size(size, k, s, p, 1, ceil_mode)
    if n < 1:
        raise RuntimeError(f"Invalid computed output size: {n}")
    windows = []
    for i in range(n):
        start = i * s - p
        end = min(start + k, size + p)
        inside = range(max(start, 0), min(end, size))
        windows.append((inside, float((end - start) if count_include_pad else len(inside))))
    out = [
        Value.sum([plane[t] for t in inside]) / divisor
        for plane in planes
        for inside, divisor in windows
    ]
    return _finish(out, input, n, "SqueezeBackward1", "avg_pool1d", None)


def _adaptive_windows(size: int, n: int) -> list:
    return [range((i * size) // n, -((-(i + 1) * size) // n)) for i in range(n)]


def _output_sizes(output_size: Any, have: tuple, name: str) -> tuple:
    dims = len(have)
    if isinstance(output_size, (list, tuple)):
        if len(output_size) != dims:
            if dims == 1:
                raise RuntimeError("'output_size' should contain one int")
            raise RuntimeError(f"{name}(): internal error: output_size.size() must be {dims}")
        sizes = tuple(h if o is None else int(o) for o, h in zip(output_size, have))
    else:
        sizes = (int(output_size),) * dims
    return sizes


def adaptive_avg_pool1d(input: Tensor, output_size: _Ints) -> Tensor:
    """Means over ``output_size`` windows that cover the last dimension.

    >>> import tensors as torch
    >>> torch.nn.functional.adaptive_avg_pool1d(torch.tensor([[1., 2., 3., 4.]]), 2)
    tensor([[1.5000, 3.5000]])
    """
    (n,) = _output_sizes(output_size, input._shape[-1:], "adaptive_avg_pool1d")
    if n < 0:
        raise RuntimeError(
            "elements of output_size must be greater than or equal to 0 but got " + str(n)
        )
    planes, size = _planes(input)
    windows = _adaptive_windows(size, n)
    out = [Value.sum([plane[t] for t in w]) / float(len(w)) for plane in planes for w in windows]
    return _finish(out, input, n, "SqueezeBackward1", "adaptive_avg_pool1d", None)


def _adaptive_max(input: Tensor, sizes: tuple, name: str, grad_fn: str, indices: bool) -> Any:
    dims = len(sizes)
    have = input._shape[-dims:]
    if any(o < 0 for o in sizes):
        shape = list(input._shape[:-dims]) + list(sizes)
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(sizes)}: {shape}")
    return _max_over(input, _adaptive_windows_nd(have, sizes), sizes, grad_fn, name, indices)


def adaptive_max_pool1d(input: Tensor, output_size: _Ints, return_indices: bool = False) -> Any:
    """Maxima over ``output_size`` windows that cover the last dimension.

    >>> import tensors as torch
    >>> torch.nn.functional.adaptive_max_pool1d(torch.tensor([[1., 5., 3., 4.]]), 2)
    tensor([[5., 4.]])
    """
    sizes = _output_sizes(output_size, input._shape[-1:], "adaptive_max_pool1d")
    return _adaptive_max(input, sizes, "adaptive_max_pool1d", "SqueezeBackward1", return_indices)


def adaptive_max_pool2d(input: Tensor, output_size: _Ints, return_indices: bool = False) -> Any:
    """Maxima over windows that cover the last two dimensions (``None`` in
    ``output_size`` keeps that size).

    >>> import tensors as torch
    >>> torch.nn.functional.adaptive_max_pool2d(torch.arange(8.).reshape(1, 2, 4), (1, 2))
    tensor([[[5., 7.]]])
    """
    if isinstance(output_size, (list, tuple)) and input.ndim <= len(output_size):
        raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")
    sizes = _output_sizes(output_size, input._shape[-2:], "adaptive_max_pool2d")
    return _adaptive_max(
        input, sizes, "adaptive_max_pool2d", "AdaptiveMaxPool2DBackward0", return_indices
    )
