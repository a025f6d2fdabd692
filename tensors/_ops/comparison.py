"""Comparisons and logical ops: bool tensors, no gradient.

``eq``, ``ne``, ``lt``, ``le``, ``gt``, ``ge`` (and their operators),
``equal``, ``allclose``, ``isclose``, ``isnan``, ``isinf``, ``isfinite``, the
logical ops (``logical_not/and/or/xor``) and the bitwise ones on bool and
integer tensors (``&``, ``|``, ``^``, ``~``). Follows PyTorch's "Comparison
Ops" and "Pointwise Ops" lists (https://pytorch.org/docs/stable/torch.html).

>>> import tensors as torch
>>> torch.tensor([1., 2., 3.]) > 1.5
tensor([False,  True,  True])
"""

from __future__ import annotations

import builtins
import math
from typing import Any

from .. import _dtype as D
from .._shape import (
    broadcast_shapes,
    broadcast_to,
    numel,
)
from .._tensor import Tensor, _from_numbers
from .arithmetic import _operand, _result_dtype


def _compare(a: Tensor, b: Any, test: Any) -> Tensor:
    if _operand(b) is None:
        return NotImplemented
    if isinstance(b, Tensor):
        shape = broadcast_shapes(a._shape, b._shape)
        fa = broadcast_to(a._flat(), a._shape, shape)
        fb = [v.data for v in broadcast_to(b._flat(), b._shape, shape)]
    else:
        shape = a._shape
        fa = a._flat()
        fb = [float(b)] * len(fa)
    return _from_numbers([1.0 if test(x.data, y) else 0.0 for x, y in zip(fa, fb)], shape, D.bool)


def eq(input: Tensor, other: Any) -> Tensor:
    """Elementwise ``==`` as a bool tensor."""
    return _compare(input, other, lambda x, y: x == y)


def ne(input: Tensor, other: Any) -> Tensor:
    """Elementwise ``!=`` as a bool tensor."""
    return _compare(input, other, lambda x, y: x != y)


def lt(input: Tensor, other: Any) -> Tensor:
    """Elementwise ``<`` as a bool tensor."""
    return _compare(input, other, lambda x, y: x < y)


def le(input: Tensor, other: Any) -> Tensor:
    """Elementwise ``<=`` as a bool tensor."""
    return _compare(input, other, lambda x, y: x <= y)


def gt(input: Tensor, other: Any) -> Tensor:
    """Elementwise ``>`` as a bool tensor.

    >>> import tensors as torch
    >>> torch.tensor([1, 5]) > 2
    tensor([False,  True])
    """
    return _compare(input, other, lambda x, y: x > y)


def ge(input: Tensor, other: Any) -> Tensor:
    """Elementwise ``>=`` as a bool tensor."""
    return _compare(input, other, lambda x, y: x >= y)


def equal(input: Tensor, other: Tensor) -> bool:
    """True when both tensors have the same shape and elements."""
    return input._shape == other._shape and all(
        x.data == y.data for x, y in zip(input._flat(), other._flat())
    )


def allclose(
    input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> bool:
    """True when ``|input - other| <= atol + rtol * |other|`` everywhere (broadcasting);
    both tensors must have one dtype.

    >>> import tensors as torch
    >>> torch.allclose(torch.tensor([1., 2.]), torch.tensor([1., 2.000001]))
    True
    """
    if input.dtype is not other.dtype:
        raise RuntimeError(
            f"{D.type_name(input.dtype)} did not match {D.type_name(other.dtype)}"
        )
    shape = broadcast_shapes(input._shape, other._shape)
    fa = broadcast_to(input._flat(), input._shape, shape)
    fb = broadcast_to(other._flat(), other._shape, shape)
    for x, y in zip(fa, fb):
        a, b = x.data, y.data
        if math.isnan(a) or math.isnan(b):
            if not (equal_nan and math.isnan(a) and math.isnan(b)):
                return False
        elif not (a == b or builtins.abs(a - b) <= atol + rtol * builtins.abs(b)):
            return False
    return True


def isnan(input: Tensor) -> Tensor:
    """Bool tensor: where the elements are nan."""
    return _from_numbers([math.isnan(v.data) for v in input._flat()], input._shape, D.bool)


def logical_not(input: Tensor) -> Tensor:
    """Elementwise ``not``, as a bool tensor."""
    return _from_numbers([not v.data for v in input._flat()], input._shape, D.bool)


def isinf(input: Tensor) -> Tensor:
    """Bool tensor: where the elements are ``inf`` or ``-inf``.

    >>> import tensors as torch
    >>> torch.isinf(torch.tensor([1., float("inf"), float("nan")]))
    tensor([False,  True, False])
    """
    return _from_numbers([math.isinf(v.data) for v in input._flat()], input._shape, D.bool)


def isfinite(input: Tensor) -> Tensor:
    """Bool tensor: where the elements are neither infinite nor nan.

    >>> import tensors as torch
    >>> torch.isfinite(torch.tensor([1., float("inf"), float("nan")]))
    tensor([ True, False, False])
    """
    return _from_numbers([math.isfinite(v.data) for v in input._flat()], input._shape, D.bool)


def _tensor_other(name: str, other: Any) -> None:
    if not isinstance(other, Tensor):
        raise TypeError(
            f"{name}(): argument 'other' (position 2) must be Tensor, not {type(other).__name__}"
        )


def isclose(
    input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> Tensor:
    """Bool tensor: where ``|input - other| <= atol + rtol * |other|`` (broadcasting).

    >>> import tensors as torch
    >>> torch.isclose(torch.tensor([1., 2.]), torch.tensor([1.000001, 2.1]))
    tensor([ True, False])
    """
    _tensor_other("isclose", other)
    if rtol < 0:
        raise RuntimeError(f"rtol must be greater than or equal to zero, but got {rtol}")
    if atol < 0:
        raise RuntimeError(f"atol must be greater than or equal to zero, but got {atol}")

    def close(a: float, b: float) -> bool:
        if math.isnan(a) or math.isnan(b):
            return equal_nan and math.isnan(a) and math.isnan(b)
        return a == b or builtins.abs(a - b) <= atol + rtol * builtins.abs(b)

    return _compare(input, other, close)


def _logical(name: str, test: Any) -> Any:
    def fn(input: Tensor, other: Tensor) -> Tensor:
        _tensor_other(name, other)
        return _compare(input, other, lambda a, b: test(bool(a), bool(b)))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (
        f"Elementwise logical ``{name[8:]}`` of the elements' truth, as a bool tensor.\n\n"
        "    >>> import tensors as torch\n"
        f"    >>> torch.{name}(torch.tensor([True, False]), torch.tensor([True, True]))\n"
        f"    {_LOGICAL_EXAMPLES[name]}\n"
    )
    return fn


_LOGICAL_EXAMPLES = {
    "logical_and": "tensor([ True, False])",
    "logical_or": "tensor([True, True])",
    "logical_xor": "tensor([False,  True])",
}

logical_and = _logical("logical_and", lambda a, b: a and b)
logical_or = _logical("logical_or", lambda a, b: a or b)
logical_xor = _logical("logical_xor", lambda a, b: a != b)


def _bitwise(name: str, test: Any) -> Any:
    # ``&``, ``|``, ``^``: logical on bool tensors, bitwise on integers, refused on floats.
    def fn(input: Tensor, other: Any) -> Tensor:
        if _operand(other) is None:
            return NotImplemented
        dtype = _result_dtype(input, other)
        if dtype.is_floating_point:
            raise NotImplementedError(f"\"{name}_cpu\" not implemented for '{D.type_name(dtype)}'")
        if isinstance(other, Tensor):
            shape = broadcast_shapes(input._shape, other._shape)
            fb = [int(v.data) for v in broadcast_to(other._flat(), other._shape, shape)]
        else:
            shape = input._shape
            fb = [int(other)] * numel(shape)
        fa = [int(v.data) for v in broadcast_to(input._flat(), input._shape, shape)]
        return _from_numbers([test(a, b) for a, b in zip(fa, fb)], shape, dtype)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (
        f"Elementwise ``{name}`` of bool or integer tensors (logical on bools).\n\n"
        "    >>> import tensors as torch\n"
        f"    >>> torch.{name}(torch.tensor([12, 10]), 6)\n"
        f"    {_BITWISE_EXAMPLES[name]}\n"
    )
    return fn


_BITWISE_EXAMPLES = {
    "bitwise_and": "tensor([4, 2])",
    "bitwise_or": "tensor([14, 14])",
    "bitwise_xor": "tensor([10, 12])",
}

bitwise_and = _bitwise("bitwise_and", lambda a, b: a & b)
bitwise_or = _bitwise("bitwise_or", lambda a, b: a | b)
bitwise_xor = _bitwise("bitwise_xor", lambda a, b: a ^ b)


def _reflected(fn: Any) -> Any:
    def method(self: Tensor, other: Any) -> Any:
        if isinstance(other, Tensor):
            return fn(other, self)
        return fn(self, other)  # the ops are symmetric with a number

    return method


def bitwise_not(input: Tensor) -> Tensor:
    """``~``: logical not of a bool tensor, bitwise not (``-x - 1``) of an integer one.

    >>> import tensors as torch
    >>> ~torch.tensor([True, False]), ~torch.tensor([0, 5])
    (tensor([False,  True]), tensor([-1, -6]))
    """
    if input.dtype is D.bool:
        return logical_not(input)
    if input.dtype.is_floating_point:
        raise TypeError(
            "~ (operator.invert) is only implemented on integer and Boolean-type tensors"
        )
    return _from_numbers([-int(v.data) - 1 for v in input._flat()], input._shape, input.dtype)
