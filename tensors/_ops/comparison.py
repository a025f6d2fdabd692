"""Comparisons and logical ops: bool tensors, no gradient.

``eq``, ``ne``, ``lt``, ``le``, ``gt``, ``ge`` (and their operators),
``equal``, ``allclose``, ``isnan`` and ``logical_not``. Follows PyTorch's
"Comparison Ops" list (https://pytorch.org/docs/stable/torch.html#comparison-ops).

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
)
from .._tensor import Tensor, _from_numbers
from .arithmetic import _operand


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
    """True when ``|input - other| <= atol + rtol * |other|`` everywhere (broadcasting)."""
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
