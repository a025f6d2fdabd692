"""More creation functions: evenly spaced numbers (``linspace``, ``logspace``), a
0-d tensor from a number (``scalar_tensor``), random integers shaped like a
tensor (``randint_like``), and tensors of a chosen layout in storage
(``empty_strided``, ``empty_permuted``, ``Tensor.new_empty_strided``).

"Empty" tensors hold zeros here (PyTorch's hold whatever memory held); their
strides are the ones asked for, so views and ``stride()`` behave as PyTorch's.
Follows PyTorch's "Creation Ops" list
(https://pytorch.org/docs/stable/torch.html#creation-ops).

>>> import tensors as torch
>>> torch.logspace(0, 2, 3), torch.empty_strided((2, 3), (1, 2)).stride()
(tensor([  1.,  10., 100.]), (1, 2))
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Optional, Sequence

from . import _dtype as D
from . import _layout as L
from ._creation import _check_grad_dtype, _no_kernel, _number, _on_device, _rng, _size
from ._shape import numel
from ._tensor import Tensor, _from_numbers
from ._tensor_storage import restride

_KEYWORDS = (
    "*, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, "
    "torch.device device = None, bool pin_memory = False, bool requires_grad = False)"
)


def _type_word(x: Any) -> str:
    if isinstance(x, Tensor):
        return "Tensor"
    return type(x).__name__


def _check_steps(fn_name: str, start: Any, end: Any, steps: Any, extra: str) -> None:
    """PyTorch's argument parser: ``steps`` is an int, and the ends numbers or tensors."""
    ends_ok = all(isinstance(x, (numbers.Real, Tensor)) for x in (start, end))
    if ends_ok and isinstance(steps, numbers.Integral) and not isinstance(steps, bool):
        return
    got = ", ".join(_type_word(x) for x in (start, end, steps))
    forms = [("Tensor", "Tensor"), ("Number", "Tensor"), ("Tensor", "Number"), ("Number", "Number")]
    lines = "".join(f" * ({a} start, {b} end, int steps, {extra}{_KEYWORDS}\n" for a, b in forms)
    raise TypeError(
        f"{fn_name}() received an invalid combination of arguments - got ({got}), but "
        f"expected one of:\n{lines}"
    )


def _ends(fn_name: str, start: Any, end: Any) -> tuple:
    if isinstance(start, Tensor) and start.ndim or isinstance(end, Tensor) and end.ndim:
        dims = [x.ndim if isinstance(x, Tensor) else 0 for x in (start, end)]
        raise RuntimeError(
            f"{fn_name} only supports 0-dimensional start and end tensors, but got start with "
            f"{dims[0]} dimension(s) and end with {dims[1]} dimension(s)."
        )
    return float(_number(start)), float(_number(end))


def _spaced(start: float, end: float, steps: int, d: D.dtype) -> list:
    # Like PyTorch's kernel: integer dtypes start from whole ends, and the second
    # half is counted back from the end, so both ends are exact.
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    if not d.is_floating_point:
        start, end = float(math.trunc(start)), float(math.trunc(end))
    if steps == 1:
        return [start]
    step = (end - start) / (steps - 1)
    half = steps // 2
    return [start + i * step if i < half else end - (steps - 1 - i) * step for i in range(steps)]


@_on_device
def linspace(
    start: Any,
    end: Any,
    steps: int,
    dtype: Any = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """``steps`` evenly spaced numbers from start to end, both included.

    >>> import tensors as torch
    >>> torch.linspace(0, 1, 5)
    tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
    """
    _check_steps("linspace", start, end, steps, "")
    L.check_layout("linspace", layout)
    start, end = _ends("linspace", start, end)
    d = D._as_dtype(dtype) if dtype is not None else D.get_default_dtype()
    flat = _spaced(start, end, steps, d)
    _no_kernel("linspace_cpu", d, floating=False)
    return _from_numbers(flat, (steps,), d, requires_grad)


@_on_device
def logspace(
    start: Any,
    end: Any,
    steps: int,
    base: float = 10.0,
    dtype: Any = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """``steps`` numbers from ``base ** start`` to ``base ** end``, evenly spaced in
    the exponent.

    >>> import tensors as torch
    >>> torch.logspace(0, 3, 4, base=2)
    tensor([1., 2., 4., 8.])
    """
    _check_steps("logspace", start, end, steps, "float base = 10.0, ")
    L.check_layout("logspace", layout)
    start, end = _ends("logspace", start, end)
    d = D._as_dtype(dtype) if dtype is not None else D.get_default_dtype()
    _no_kernel("logspace_cpu", d, floating=False)
    base = float(base)
    flat = [_pow(base, e) for e in _spaced(start, end, steps, d)]
    return _from_numbers(flat, (steps,), d, requires_grad)


def _pow(base: float, e: float) -> float:
    try:
        return math.pow(base, e)
    except OverflowError:
        return math.inf
    except ValueError:  # a negative base to a fractional power
        return math.nan


@_on_device
def scalar_tensor(
    s: Any,
    dtype: Any = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """A 0-d tensor holding the number ``s``, of the default float dtype unless told.

    >>> import tensors as torch
    >>> torch.scalar_tensor(3), torch.scalar_tensor(2, dtype=torch.long)
    (tensor(3.), tensor(2))
    """
    L.check_layout("scalar_tensor", layout)
    d = D._as_dtype(dtype) if dtype is not None else D.get_default_dtype()
    _check_grad_dtype(d, requires_grad)
    return _from_numbers([float(_number(s))], (), d, requires_grad)


@_on_device
def randint_like(
    input: Tensor,
    low: int = 0,
    high: Optional[int] = None,
    *,
    dtype: Any = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
    memory_format: Any = None,
) -> Tensor:
    """Random integers in [low, high) shaped like ``input`` (of its dtype unless told);
    ``randint_like(input, high)`` starts at 0.

    >>> import tensors as torch
    >>> x = torch.randint_like(torch.zeros(2, 2), 3, 4)
    >>> x
    tensor([[3., 3.],
            [3., 3.]])
    """
    if high is None:
        low, high = 0, low
    L.check_layout("randint_like", layout)
    L.check_memory_format("randint_like", memory_format)
    if low >= high:
        raise RuntimeError(
            f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        )
    d = D._as_dtype(dtype) if dtype is not None else input.dtype
    _check_grad_dtype(d, requires_grad)
    draws = [_rng.randrange(int(low), int(high)) for _ in range(input.numel())]
    made = _from_numbers(draws, input._shape, d, requires_grad)
    fmt = memory_format or L.preserve_format
    return restride(made, L.strides_for(fmt, input._shape, input._stride))


@_on_device
def empty_strided(
    size: Sequence[int],
    stride: Sequence[int],
    *,
    dtype: Any = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:
    """A new tensor of ``size`` whose elements sit ``stride`` apart in its storage
    (zeros here; PyTorch leaves them uninitialised).

    >>> import tensors as torch
    >>> x = torch.empty_strided((2, 3), (1, 2))
    >>> x.stride(), x.is_contiguous()
    ((1, 2), False)
    """
    shape = _size((tuple(size),), "empty_strided")
    stride = tuple(int(s) for s in stride)
    if len(stride) != len(shape):
        raise RuntimeError(
            f"dimensionality of sizes ({len(shape)}) must match dimensionality of strides "
            f"({len(stride)})"
        )
    if any(s < 0 for s in stride):
        raise RuntimeError(
            f"Storage size calculation overflowed with sizes={list(shape)} and "
            f"strides={list(stride)}"
        )
    L.check_layout("empty_strided", layout)
    d = D._as_dtype(dtype) if dtype is not None else D.get_default_dtype()
    _check_grad_dtype(d, requires_grad)
    made = _from_numbers([0.0] * numel(shape), shape, d, requires_grad)
    return restride(made, stride)


def new_empty_strided(
    self: Tensor,
    size: Sequence[int],
    stride: Sequence[int],
    *,
    dtype: Any = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:
    """``empty_strided`` of this tensor's dtype unless told.

    >>> import tensors as torch
    >>> torch.ones(2, dtype=torch.long).new_empty_strided((2, 2), (1, 2)).dtype
    torch.int64
    """
    d = dtype if dtype is not None else self.dtype
    return empty_strided(
        size, stride, dtype=d, layout=layout, device=device, requires_grad=requires_grad
    )


@_on_device
def empty_permuted(
    size: Sequence[int],
    physical_layout: Sequence[int],
    *,
    dtype: Any = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:
    """A new tensor of ``size`` whose dimensions sit in storage in the order
    ``physical_layout`` (outermost first): ``empty_permuted((2, 3), (1, 0))`` is
    column-major.

    >>> import tensors as torch
    >>> torch.empty_permuted((2, 3, 4), (0, 2, 1)).stride()
    (12, 1, 3)
    """
    shape = _size((tuple(size),), "empty_permuted")
    order = [int(d) for d in physical_layout]
    n = len(shape)
    if len(order) != n:
        raise RuntimeError(
            "Number of dimensions in size does not match the length of the physical_layout; "
            f"i.e. len(size) = {n} is not equal to len(physical_layout) = {len(order)}"
        )
    for i, d in enumerate(order):
        if not 0 <= d < n:
            raise RuntimeError(
                f"Dimension out of range (expected to be between 0 and {n - 1}, but got {d} at "
                f"index {i}).  NB: negative dims not currently supported; file an issue if you "
                "want it."
            )
    if len(set(order)) != n:
        raise RuntimeError("Duplicate dim not allowed")
    stride = [0] * n
    acc = 1
    for d in reversed(order):
        stride[d] = acc
        acc *= max(shape[d], 1)
    return empty_strided(shape, stride, dtype=dtype, layout=layout, requires_grad=requires_grad)
