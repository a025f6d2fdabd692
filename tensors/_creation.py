"""Creating tensors: ``tensor``, ``zeros``, ``ones``, ``eye``, ``arange``, ``rand``, ...

Random numbers come from Python's ``random`` module, seeded by
``manual_seed``: the same seed gives the same numbers here every time, but
not the numbers PyTorch would give.

>>> import tensors as torch
>>> torch.eye(2, 3)
tensor([[1., 0., 0.],
        [0., 1., 0.]])
"""

from __future__ import annotations

import builtins
import functools
import math
import numbers
from typing import Any, Callable, Optional, Sequence, TypeVar

from autograd_scalar import Value

from . import _dtype as D
from ._device import check_new
from ._generator import Generator
from ._keywords import size_keyword
from ._numpy import is_numpy, numpy_dtype
from ._shape import infer_shape, numel
from ._tensor import Tensor, _from_numbers, _register_leaf, _warn

# the default generator; seeded with 0 so a fresh interpreter gives the same numbers each run
_rng = Generator()
_rng.manual_seed(0)
default_generator = _rng


def manual_seed(seed: int) -> Any:
    """Seed the random number generator behind ``rand``, ``randn``, ``randint`` and nn's init.

    >>> import tensors as torch
    >>> _ = torch.manual_seed(0); a = torch.rand(2)
    >>> _ = torch.manual_seed(0); b = torch.rand(2)
    >>> a.tolist() == b.tolist()
    True
    """
    return _rng.manual_seed(seed)


def initial_seed() -> int:
    """The seed of the default generator (the last ``manual_seed``, or 0 at start)."""
    return _rng.initial_seed()


def seed() -> int:
    """Seed the default generator from the operating system's entropy; returns the seed."""
    return _rng.seed()


_F = TypeVar("_F", bound=Callable[..., Any])


def _on_device(fn: _F) -> _F:
    """Refuse ``device=`` (or a default device) other than the CPU with PyTorch's
    CPU-only error, before any work."""

    @functools.wraps(fn)
    def checked(*args: Any, **kwargs: Any) -> Any:
        check_new(kwargs.get("device"))
        return fn(*args, **kwargs)

    return checked  # type: ignore[return-value]


def _is_number(x: Any) -> bool:
    return isinstance(x, (numbers.Real, Value)) or (isinstance(x, Tensor) and x.numel() == 1)


def _number(x: Any) -> float:
    if isinstance(x, Value):
        return x.data
    if isinstance(x, Tensor):
        return x._flat()[0].data
    return x


def _infer_dtype(flat: list) -> D.dtype:
    # 0-d tensors among the numbers count with their own dtypes, as in PyTorch.
    kinds = [x.dtype if isinstance(x, Tensor) else D.scalar_dtype(_number(x)) for x in flat]
    if not kinds:
        return D.get_default_dtype()
    if all(k is D.bool for k in kinds):
        return D.bool
    if all(k in (D.bool, D.int64) for k in kinds):
        return D.int64
    return D.float64 if D.float64 in kinds else D.get_default_dtype()


_SEQUENCES = (list, tuple, range)


def _check_elements(data: Any) -> None:
    """Refuse what is not a number, with PyTorch's errors (found before any work is done)."""
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, _SEQUENCES):
            stack.extend(x)
        elif isinstance(x, Tensor):
            if x.numel() != 1:
                raise ValueError("only one element tensors can be converted to Python scalars")
        elif isinstance(x, (str, bytes, complex)):
            raise TypeError(f"new(): invalid data type '{type(x).__name__}'")
        elif not isinstance(x, (numbers.Real, Value)):
            raise RuntimeError(f"Could not infer dtype of {type(x).__name__}")


@_on_device
def tensor(data: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """A new leaf tensor from a number or (nested) lists of numbers.

    The dtype is inferred as PyTorch infers it: int64 for whole numbers,
    bool for truth values, float32 otherwise. Ragged lists and data that is
    not numbers raise PyTorch's errors.

    >>> import tensors as torch
    >>> torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    tensor([[1., 2.],
            [3., 4.]], requires_grad=True)
    >>> torch.tensor([[1, 2], [3]])
    Traceback (most recent call last):
    ...
    ValueError: expected sequence of length 2 at dim 1 (got 1)
    """
    if isinstance(data, Tensor):
        _warn(
            "To copy construct from a tensor, it is recommended to use "
            "sourceTensor.detach().clone() or sourceTensor.detach().clone().requires_grad_(True), "
            "rather than torch.tensor(sourceTensor)."
        )
        if dtype is None:
            dtype = data.dtype
        data = data.tolist()
    elif hasattr(data, "tolist") and not isinstance(data, _SEQUENCES):
        if is_numpy(data) and dtype is None:
            dtype = numpy_dtype(data)  # an array keeps its dtype, as in PyTorch
        data = data.tolist()  # numpy arrays and scalars
    _check_elements(data)
    shape = infer_shape(data, _is_number)
    flat = _flatten_numbers(data, len(shape))
    d = D._as_dtype(dtype) if dtype is not None else _infer_dtype(flat)
    flat = [_number(x) for x in flat]
    if d is D.int64:
        for x in flat:
            if type(x) is int and not -(2**63) <= x < 2**63:
                raise ValueError("Overflow when unpacking long long")
    if requires_grad and not d.is_floating_point:
        raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
    return _from_numbers(flat, shape, d, requires_grad)


@_on_device
def as_tensor(data: Any, dtype: Any = None, device: Any = None) -> Tensor:
    """``data`` itself if it is already a tensor of that dtype, else ``tensor(data)``.

    >>> import tensors as torch
    >>> t = torch.ones(2); torch.as_tensor(t) is t
    True
    """
    if isinstance(data, Tensor) and (dtype is None or D._as_dtype(dtype) is data.dtype):
        return data
    return tensor(data, dtype=dtype, device=device)


def _flatten_numbers(data: Any, ndim: int) -> list:
    out = [data]
    for _ in range(ndim):
        out = [x for row in out for x in row]
    return out


def _size(size: Sequence[Any], fn: str = "zeros") -> tuple:
    """The shape from ``f(2, 3)`` or ``f((2, 3))``, with PyTorch's errors."""
    if len(size) == 1 and isinstance(size[0], (list, tuple)):
        size = tuple(size[0])
    elif len(size) == 1 and not isinstance(size[0], (numbers.Integral, Tensor)):
        raise TypeError(
            f"{fn}(): argument 'size' (position 1) must be tuple of ints, not "
            f"{type(size[0]).__name__}"
        )
    out = []
    for i, s in enumerate(size):
        if isinstance(s, Tensor):
            s = s.item()
        if not isinstance(s, numbers.Integral) or isinstance(s, builtins.bool):
            raise TypeError(
                f"{fn}(): argument 'size' failed to unpack the object at pos {i + 1} with error "
                f'"type must be tuple of ints,but got {type(s).__name__}"'
            )
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(size)}")
        out.append(int(s))
    return tuple(out)


def _fill(
    shape: tuple, value: float, dtype: Any, requires_grad: bool, default: Any = None
) -> Tensor:
    d = D._as_dtype(dtype) if dtype is not None else (default or D.get_default_dtype())
    if requires_grad and not d.is_floating_point:
        raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
    return _from_numbers([value] * numel(shape), shape, d, requires_grad)


@size_keyword
@_on_device
def zeros(*size: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of zeros. ``torch.zeros(2, 3)`` or ``torch.zeros((2, 3))``.

    >>> import tensors as torch
    >>> torch.zeros(3)
    tensor([0., 0., 0.])
    """
    return _fill(_size(size, "zeros"), 0.0, dtype, requires_grad)


@size_keyword
@_on_device
def ones(*size: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of ones.

    >>> import tensors as torch
    >>> torch.ones(2, dtype=torch.int64)
    tensor([1, 1])
    """
    return _fill(_size(size, "ones"), 1.0, dtype, requires_grad)


@size_keyword
@_on_device
def empty(*size: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor whose values do not matter (zeros here; PyTorch leaves memory as it is).

    >>> import tensors as torch
    >>> torch.empty(2, 1).shape
    torch.Size([2, 1])
    """
    return _fill(_size(size, "empty"), 0.0, dtype, requires_grad)


@_on_device
def full(
    size: Sequence[int],
    fill_value: Any,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """A tensor filled with ``fill_value`` (dtype inferred from it, as in PyTorch).

    >>> import tensors as torch
    >>> torch.full((2,), 7)
    tensor([7, 7])
    """
    if not _is_number(fill_value):
        raise TypeError(
            "full(): argument 'fill_value' (position 2) must be Number, not "
            f"{type(fill_value).__name__}"
        )
    v = _number(fill_value)
    default = (
        D.bool
        if isinstance(v, builtins.bool)
        else D.int64
        if isinstance(v, numbers.Integral)
        else None
    )
    return _fill(
        _size((size,) if isinstance(size, int) else (tuple(size),)),
        v,
        dtype,
        requires_grad,
        default,
    )


@_on_device
def eye(
    n: int,
    m: Optional[int] = None,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """The n-by-m identity matrix (m defaults to n).

    >>> import tensors as torch
    >>> torch.eye(2)
    tensor([[1., 0.],
            [0., 1.]])
    """
    m = n if m is None else m
    if n < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {n}")
    if m < 0:
        raise RuntimeError(f"m must be greater or equal to 0, got {m}")
    d = D._as_dtype(dtype) if dtype is not None else D.get_default_dtype()
    if requires_grad and not d.is_floating_point:
        raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
    flat = [1.0 if i == j else 0.0 for i in range(n) for j in range(m)]
    return _from_numbers(flat, (n, m), d, requires_grad)


@_on_device
def arange(
    start: Any,
    end: Any = None,
    step: Any = 1,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Numbers from start (inclusive) to end (exclusive) by step.

    >>> import tensors as torch
    >>> torch.arange(4), torch.arange(0, 1, 0.25)
    (tensor([0, 1, 2, 3]), tensor([0.0000, 0.2500, 0.5000, 0.7500]))
    """
    if end is None:
        start, end = 0, start
    start, end, step = _number(start), _number(end), _number(step)
    if not (math.isfinite(start) and math.isfinite(end)):
        raise RuntimeError(f"unsupported range: {start:g} -> {end:g}")
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    ints = all(isinstance(x, numbers.Integral) for x in (start, end, step))
    d = D._as_dtype(dtype) if dtype is not None else (D.int64 if ints else D.get_default_dtype())
    _no_kernel("arange_cpu", d, floating=False)
    if d is D.int64 and not ints:
        # PyTorch converts the bounds and the step to the integer dtype first.
        start, end, step = (int(x) for x in (start, end, step))
        if step == 0:
            raise ValueError("step must be nonzero")
    n = max(0, math.ceil((end - start) / step))
    _check_grad_dtype(d, requires_grad)
    return _from_numbers([start + i * step for i in range(n)], (n,), d, requires_grad)


@size_keyword
@_on_device
def rand(
    *size: Any,
    generator: Any = None,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Uniform random numbers in [0, 1).

    >>> import tensors as torch
    >>> torch.rand(2, 3).shape
    torch.Size([2, 3])
    """
    shape = _size(size, "rand")
    rng = generator or _rng
    d = D._as_dtype(dtype) if dtype is not None else D.get_default_dtype()
    _no_kernel("check_uniform_bounds", d)
    return _from_numbers([rng.random() for _ in range(numel(shape))], shape, d, requires_grad)


@size_keyword
@_on_device
def randn(
    *size: Any,
    generator: Any = None,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Standard normal random numbers.

    >>> import tensors as torch
    >>> torch.randn(5, 3, requires_grad=True).requires_grad
    True
    """
    shape = _size(size, "randn")
    rng = generator or _rng
    d = D._as_dtype(dtype) if dtype is not None else D.get_default_dtype()
    _no_kernel("normal_kernel_cpu", d)
    return _from_numbers(
        [rng.gauss(0.0, 1.0) for _ in range(numel(shape))], shape, d, requires_grad
    )


@_on_device
def randint(
    low: int,
    high: Optional[int] = None,
    size: Sequence[int] = (),
    generator: Any = None,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Random integers in [low, high); ``randint(high, size)`` starts at 0.

    >>> import tensors as torch
    >>> torch.randint(0, 10, (3,)).dtype
    torch.int64
    """
    if high is None:
        low, high = 0, low
    if isinstance(high, (tuple, list)):  # randint(high, size)
        low, high, size = 0, low, high
    shape = _size((tuple(size),))
    if low >= high:
        raise RuntimeError(
            f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        )
    rng = generator or _rng
    d = D._as_dtype(dtype) if dtype is not None else D.int64
    _check_grad_dtype(d, requires_grad)
    return _from_numbers(
        [rng.randrange(low, high) for _ in range(numel(shape))], shape, d, requires_grad
    )


@_on_device
def randperm(
    n: int,
    *,
    generator: Any = None,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """A random permutation of 0..n-1.

    >>> import tensors as torch
    >>> sorted(torch.randperm(4).tolist())
    [0, 1, 2, 3]
    """
    xs = list(range(n))
    (generator or _rng).shuffle(xs)
    d = D._as_dtype(dtype) if dtype is not None else D.int64
    _check_grad_dtype(d, requires_grad)
    return _from_numbers(xs, (n,), d, requires_grad)


def _no_kernel(kernel: str, d: D.dtype, floating: bool = True) -> None:
    """PyTorch's error for a dtype its kernel has no loop for: random floats want a
    floating dtype, ranges anything but bool."""
    if d is D.bool or (floating and not d.is_floating_point):
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{D.type_name(d)}'")


def _check_grad_dtype(d: D.dtype, requires_grad: bool) -> None:
    if requires_grad and not d.is_floating_point:
        raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")


def _like(t: Tensor, dtype: Any) -> tuple:
    return t._shape, (D._as_dtype(dtype) if dtype is not None else t.dtype)


@_on_device
def zeros_like(
    t: Tensor, dtype: Any = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """Zeros with the shape and dtype of ``t``. ``torch.zeros_like(torch.ones(2))``"""
    shape, d = _like(t, dtype)
    return _fill(shape, 0.0, d, requires_grad)


@_on_device
def ones_like(
    t: Tensor, dtype: Any = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """Ones with the shape and dtype of ``t``.

    >>> import tensors as torch
    >>> torch.ones_like(torch.zeros(2, 2))
    tensor([[1., 1.],
            [1., 1.]])
    """
    shape, d = _like(t, dtype)
    return _fill(shape, 1.0, d, requires_grad)


@_on_device
def empty_like(
    t: Tensor, dtype: Any = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """A tensor shaped like ``t`` (zeros here)."""
    return zeros_like(t, dtype=dtype, requires_grad=requires_grad)


@_on_device
def full_like(
    t: Tensor, fill_value: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """``fill_value`` everywhere, shaped like ``t``. ``torch.full_like(torch.ones(2), 3.0)``"""
    shape, d = _like(t, dtype)
    return _fill(shape, _number(fill_value), d, requires_grad)


@_on_device
def rand_like(
    t: Tensor, dtype: Any = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """Uniform random numbers shaped like ``t``."""
    shape, d = _like(t, dtype)
    return rand(*shape, dtype=d, requires_grad=requires_grad)


@_on_device
def randn_like(
    t: Tensor, dtype: Any = None, device: Any = None, requires_grad: bool = False
) -> Tensor:
    """Normal random numbers shaped like ``t``."""
    shape, d = _like(t, dtype)
    return randn(*shape, dtype=d, requires_grad=requires_grad)


def _is_scalar(x: Any) -> bool:
    return isinstance(x, numbers.Number) and not isinstance(x, complex) or isinstance(x, Value)


# ``torch.Tensor(...)``: attached as ``Tensor.__init__`` by _tensor_methods.py (it
# needs the creation functions, which sit above the Tensor class).
def _tensor_init(self, *args: Any, dtype: Any = None, requires_grad: bool = False) -> None:
    """PyTorch's legacy constructor: ``Tensor(data)`` of the default float dtype,
    ``Tensor(2, 3)`` of that shape (zeros here), ``Tensor()`` empty.

    >>> import tensors as torch
    >>> torch.Tensor([1, 2]), torch.Tensor(2, 1).shape
    (tensor([1., 2.]), torch.Size([2, 1]))
    """
    from ._creation import tensor, zeros

    d = D._as_dtype(dtype) if dtype is not None else D.get_default_dtype()
    if not args:
        t = tensor([], dtype=d, requires_grad=requires_grad)
    elif all(isinstance(a, numbers.Integral) and not isinstance(a, bool) for a in args):
        t = zeros(*args, dtype=d, requires_grad=requires_grad)
    elif len(args) == 1 and isinstance(args[0], Tensor):
        src = args[0]
        t = _from_numbers([v.data for v in src._flat()], src._shape, src.dtype, requires_grad)
    elif len(args) == 1 and not _is_scalar(args[0]):
        t = tensor(args[0], dtype=d, requires_grad=requires_grad)
    else:
        raise TypeError(
            f"new(): data must be a sequence (got {type(args[0]).__name__})"
            if len(args) == 1
            else f"new() received an invalid combination of arguments - got "
            f"({', '.join(type(a).__name__ for a in args)})"
        )
    for slot in Tensor.__slots__[:-1]:
        object.__setattr__(self, slot, getattr(t, slot))
    if t._requires_grad:
        _register_leaf(self)
