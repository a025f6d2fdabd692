"""Conversions between dtypes and devices: ``to``, ``type``, ``cpu``, ``cuda``, and the
``float()``/``double()``/``long()``/``int()``/``bool()`` methods made by ``_converter``.

Follows PyTorch's page ``torch.Tensor.to``
(https://pytorch.org/docs/stable/generated/torch.Tensor.to.html).

>>> import tensors as torch
>>> torch.tensor([1.7, -1.2]).to(torch.int64)
tensor([ 1, -1])
"""

from __future__ import annotations

from typing import Any

from .. import _dtype as D
from .. import _layout as L
from .._device import check_device
from .._tensor import Tensor, _from_numbers, _result
from .._tensor_storage import is_contiguous, restride

_TO_SIGNATURES = (
    "\n * (torch.device device = None, torch.dtype dtype = None, bool non_blocking = False, "
    "bool copy = False, *, torch.memory_format memory_format = None)"
    "\n * (torch.dtype dtype, bool non_blocking = False, bool copy = False, *, "
    "torch.memory_format memory_format = None)"
    "\n * (Tensor tensor, bool non_blocking = False, bool copy = False, *, "
    "torch.memory_format memory_format = None)\n"
)


def _bad_to_args(args: tuple, kwargs: dict) -> TypeError:
    def name(a: Any) -> str:
        if isinstance(a, D.dtype):
            return "torch.dtype"
        if isinstance(a, D.device):
            return "torch.device"
        return "Tensor" if isinstance(a, Tensor) else type(a).__name__

    got = ", ".join([name(a) for a in args] + [f"{k}={name(v)}" for k, v in kwargs.items()])
    if kwargs and not args:
        got += ", "  # PyTorch's own formatting of keyword-only calls
    return TypeError(
        f"to() received an invalid combination of arguments - got ({got}), but expected one of:"
        + _TO_SIGNATURES
    )


def to(self: Tensor, *args: Any, **kwargs: Any) -> Tensor:
    """``t.to(dtype)``, ``t.to(device)``, ``t.to(device, dtype)``, ``t.to(other)``: this tensor,
    or a converted copy when the dtype changes (or ``copy=True``).

    >>> import tensors as torch
    >>> t = torch.ones(2)
    >>> t.to("cpu") is t, t.to("cpu", torch.float64).dtype
    (True, torch.float64)
    """
    allowed = {"device", "dtype", "non_blocking", "copy", "memory_format"}
    if set(kwargs) - allowed:
        raise _bad_to_args(args, kwargs)
    device, dtype = kwargs.get("device"), kwargs.get("dtype")
    copy = kwargs.get("copy", False)
    rest = list(args)
    if rest and isinstance(rest[0], Tensor):  # to(other): its dtype and device
        other = rest.pop(0)
        device, dtype = other.device, other.dtype
    elif rest and isinstance(rest[0], (str, D.device, int)) and not isinstance(rest[0], bool):
        device = rest.pop(0)
        if rest and isinstance(rest[0], D.dtype):
            dtype = rest.pop(0)
    elif rest and isinstance(rest[0], D.dtype):
        dtype = rest.pop(0)
    if rest and isinstance(rest[0], bool):  # non_blocking, then copy
        rest.pop(0)
        if rest and isinstance(rest[0], bool):
            copy = rest.pop(0)
    if rest:
        raise _bad_to_args(args, kwargs)
    if device is not None:
        check_device(device)
    if dtype is not None:
        dtype = D._as_dtype(dtype)
    fmt = kwargs.get("memory_format")
    L.check_memory_format("to", fmt)
    return _to(self, dtype, copy, fmt)


def _to(self: Tensor, dtype: Any, copy: bool, fmt: Any) -> Tensor:
    # PyTorch returns the tensor itself when nothing would change: same dtype, no
    # copy asked for, and a memory format it already has.
    if dtype is None or dtype is self.dtype:
        if not copy and (fmt in (None, L.preserve_format) or is_contiguous(self, fmt)):
            return self
        dtype = self.dtype
    return _convert(self, dtype, L.preserve_format if fmt is None else fmt)


def _convert(self: Tensor, dtype: D.dtype, fmt: Any = None) -> Tensor:
    # float to float keeps the graph (PyTorch's ToCopyBackward0, also for a copy in the
    # same dtype); any other conversion makes a new leaf of numbers. The copy's
    # strides follow the memory format (preserve_format: the input's order).
    stride = L.strides_for(fmt, self._shape, self._stride)
    if dtype.is_floating_point and self.dtype.is_floating_point:
        flat = [v.clone() for v in self._flat()]
        made = _result(flat, self._shape, dtype, "ToCopyBackward0", (self,), op="to")
    else:
        made = _from_numbers([v.data for v in self._flat()], self._shape, dtype)
    return restride(made, stride)


def cpu(self: Tensor, memory_format: Any = None) -> Tensor:
    """This tensor: it is on the CPU already."""
    return self


def cuda(self: Tensor, device: Any = None, non_blocking: bool = False, **kwargs: Any) -> Tensor:
    """PyTorch's error on a build without CUDA (every tensor here is on the CPU)."""
    if device is not None:
        where = check_device(device) if isinstance(device, int) else D.device(device)
        if where.type != "cuda":
            raise RuntimeError("Invalid device, must be cuda device")
    raise AssertionError("Torch not compiled with CUDA enabled")


_TYPE_NAMES = {d.name: D.type_name(d) for d in D.DTYPES}
_METHOD_NAMES = {
    "float32": "float",
    "float64": "double",
    "int64": "long",
    "int32": "int",
    "int16": "short",
    "int8": "char",
    "uint8": "byte",
    "bool": "bool",
}


def type_(self: Tensor, dtype: Any = None, non_blocking: bool = False, **kwargs: Any) -> Any:
    """``t.type()``: the type's name (``'torch.FloatTensor'``); ``t.type(dtype)`` or
    ``t.type('torch.DoubleTensor')``: the tensor converted, as ``to``.

    >>> import tensors as torch
    >>> torch.ones(2).type(), torch.ones(2).type(torch.int64)
    ('torch.FloatTensor', tensor([1, 1]))
    """
    if dtype is None:
        return f"torch.{_TYPE_NAMES[self.dtype.name]}Tensor"
    if isinstance(dtype, str):
        by_name = {f"torch.{v}Tensor": k for k, v in _TYPE_NAMES.items()}
        if dtype.startswith("torch.cuda."):
            raise AssertionError("Torch not compiled with CUDA enabled")
        if dtype not in by_name:
            raise ValueError(f"invalid type: '{dtype}'")
        dtype = by_name[dtype]
    elif not isinstance(dtype, D.dtype):
        raise ValueError(f"invalid type: '{getattr(dtype, '__name__', dtype)}'")
    return to(self, D._as_dtype(dtype))


def _converter(dtype: D.dtype) -> Any:
    def method(self: Tensor, memory_format: Any = L.preserve_format) -> Tensor:
        L.check_memory_format(_METHOD_NAMES[dtype.name], memory_format)
        return _to(self, dtype, False, memory_format)

    method.__doc__ = f"This tensor as {dtype!r}."
    return method
