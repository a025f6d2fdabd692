"""Data types and devices, named and printed as PyTorch's.

Every element is a Python number inside a Value: floats are 64-bit whatever
the dtype says. ``float32`` is the default floating dtype by name, so that
code and printed text written for PyTorch match; integer and bool tensors
hold whole numbers and truth values.

>>> import tensors as torch
>>> torch.tensor([1, 2]).dtype, torch.tensor([1.0]).dtype
(torch.int64, torch.float32)
"""

from __future__ import annotations

import builtins
import math
from typing import Any


class dtype:
    """A tensor's element type: ``torch.float32``, ``float64``, ``int64``, ``int32``,
    ``int16``, ``int8``, ``uint8`` or ``bool``.

    >>> import tensors as torch
    >>> torch.float64.is_floating_point
    True
    """

    __slots__ = ("name", "is_floating_point", "itemsize", "is_signed")

    def __init__(
        self, name: str, is_floating_point: bool, itemsize: int, is_signed: builtins.bool = True
    ) -> None:
        self.name = name
        self.is_floating_point = is_floating_point
        self.itemsize = itemsize
        self.is_signed = is_signed

    def __repr__(self) -> str:
        return f"torch.{self.name}"

    def __reduce__(self) -> str:
        return self.name

    def cast(self, x: float) -> float:
        """The number ``x`` as this dtype stores it (a float either way).

        >>> int64.cast(-2.7), bool.cast(0.5)
        (-2.0, 1.0)

        A narrow integer type keeps the low bits, as PyTorch's conversion does:

        >>> int8.cast(300.0), uint8.cast(-1.5)
        (44.0, 255.0)
        """
        if self.is_floating_point:
            return builtins.float(x)
        if self is bool:
            return 1.0 if x != 0 else 0.0
        if math.isnan(x) or math.isinf(x):
            # PyTorch's float-to-int conversion of nan/inf is undefined; we say 0 / extremes.
            return 0.0 if math.isnan(x) else math.copysign(2.0**63, x)
        whole = math.trunc(x)
        if self.itemsize < 8:
            # wrap around: keep the low bits, read them signed or unsigned
            bits = 8 * self.itemsize
            whole &= (1 << bits) - 1
            if self.is_signed and whole >= 1 << (bits - 1):
                whole -= 1 << bits
        return builtins.float(whole)

    def to_python(self, x: float) -> Any:
        """The Python number that ``.item()`` / ``.tolist()`` give for ``x``.

        >>> int64.to_python(3.0), bool.to_python(1.0), float32.to_python(0.5)
        (3, True, 0.5)
        """
        if self.is_floating_point:
            return x
        if self is bool:
            return x != 0
        return builtins.int(x)


float32 = dtype("float32", True, 4)
float64 = dtype("float64", True, 8)
int64 = dtype("int64", False, 8)
int32 = dtype("int32", False, 4)
int16 = dtype("int16", False, 2)
int8 = dtype("int8", False, 1)
uint8 = dtype("uint8", False, 1, is_signed=False)
bool = dtype("bool", False, 1, is_signed=False)  # noqa: A001 - torch.bool
float = float32  # noqa: A001 - torch.float
double = float64
long = int64
int = int32  # noqa: A001 - torch.int
short = int16
#: every dtype a tensor can have
DTYPES = (float32, float64, int64, int32, int16, int8, uint8, bool)
#: the integer dtypes, narrowest last
INTEGER_DTYPES = (int64, int32, int16, int8, uint8)

_default = float32


def type_name(d: dtype) -> str:
    """The word PyTorch's legacy type names use: ``torch.FloatTensor`` for float32.

    >>> type_name(float64)
    'Double'
    """
    return {
        "float32": "Float",
        "float64": "Double",
        "int64": "Long",
        "int32": "Int",
        "int16": "Short",
        "int8": "Char",
        "uint8": "Byte",
        "bool": "Bool",
    }[d.name]


def get_default_dtype() -> dtype:
    """The dtype of new floating tensors (``torch.float32`` unless changed).

    >>> get_default_dtype()
    torch.float32
    """
    return _default


def set_default_dtype(d: dtype) -> None:
    """Set the dtype of new floating tensors: ``torch.float32`` or ``torch.float64``.

    >>> set_default_dtype(float64); set_default_dtype(float32)
    """
    global _default
    if d not in (float32, float64):
        raise TypeError("only floating-point types are supported as the default type")
    _default = d


def promote(a: dtype, b: dtype) -> dtype:
    """The result dtype of an op on two tensors, by PyTorch's promotion order.

    >>> promote(int64, float32), promote(float32, float64), promote(uint8, int8)
    (torch.float32, torch.float64, torch.int16)
    """
    if a is b:
        return a
    if a.is_floating_point or b.is_floating_point:
        order = {float32: 2, float64: 3}
        return a if order.get(a, 0) >= order.get(b, 0) else b
    if a is bool or b is bool:
        return b if a is bool else a
    if {a, b} == {uint8, int8}:  # neither holds the other's range
        return int16
    return a if a.itemsize >= b.itemsize else b


def scalar_dtype(x: Any) -> dtype:
    """The dtype a Python scalar takes part in promotion with.

    >>> scalar_dtype(True), scalar_dtype(2), scalar_dtype(2.5)
    (torch.bool, torch.int64, torch.float32)
    """
    if isinstance(x, builtins.bool):
        return bool
    if isinstance(x, builtins.int):
        return int64
    return _default


_DEVICE_TYPES = (
    "cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, lazy, "
    "vulkan, mps, meta, hpu, mtia, privateuseone"
)


class device:
    """A device name, as ``torch.device``: ``device("cpu")``, ``device("cuda", 0)``, ``"cuda:1"``.

    Any of PyTorch's device types can be named; only the CPU can hold
    tensors here, and moving a tensor elsewhere raises the error a CPU-only
    PyTorch raises (see ``tensors._device``).

    >>> device("cpu")
    device(type='cpu')
    >>> device("cuda:1")
    device(type='cuda', index=1)
    """

    __slots__ = ("type", "index")

    def __init__(self, type: Any = "cpu", index: Any = None) -> None:  # noqa: A002 - PyTorch's
        if isinstance(type, device):
            self.type, self.index = type.type, type.index
            return
        text = str(type)
        kind, _, number = text.partition(":")
        if kind not in _DEVICE_TYPES.split(", "):
            raise RuntimeError(
                f"Expected one of {_DEVICE_TYPES} device type at start of device string: {text}"
            )
        if number:
            if index is not None or not number.isdigit():
                raise RuntimeError(f"Invalid device string: '{text}'")
            index = builtins.int(number)
        if index is not None and index < 0:
            raise RuntimeError("Device index must not be negative")
        self.type = kind
        self.index = index

    def __repr__(self) -> str:
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other: object) -> builtins.bool:
        if isinstance(other, device):
            return (self.type, self.index) == (other.type, other.index)
        return other == str(self)

    def __hash__(self) -> int:
        return hash((self.type, self.index))


def _as_dtype(d: Any) -> dtype:
    if isinstance(d, dtype):
        return d
    names = {
        "float32": float32,
        "float": float32,
        "float64": float64,
        "double": float64,
        "int64": int64,
        "long": int64,
        "int32": int32,
        "int": int32,
        "int16": int16,
        "short": int16,
        "int8": int8,
        "uint8": uint8,
        "bool": bool,
    }
    if isinstance(d, str) and d.replace("torch.", "") in names:
        return names[d.replace("torch.", "")]
    # Python's own types, as PyTorch accepts them: bool, int, float (64-bit).
    python_types = {builtins.bool: bool, builtins.int: int64, builtins.float: float64}
    if d in python_types:
        return python_types[d]
    raise TypeError(
        f"unsupported dtype {d!r}; use float32, float64, int64, int32, int16, int8, uint8 or bool"
    )
