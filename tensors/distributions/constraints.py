"""The constraints a distribution's parameters and values must meet, printed as
PyTorch's (``GreaterThan(lower_bound=0.0)``, ``Simplex()``, ...).

>>> import tensors as torch
>>> positive.check(torch.tensor([1.0, 2.0])), positive
(True, GreaterThan(lower_bound=0.0))
"""

from __future__ import annotations

import math
from typing import Any

from .._tensor import Tensor

__all__ = [
    "Constraint",
    "real",
    "positive",
    "unit_interval",
    "simplex",
    "boolean",
    "nonnegative_integer",
    "greater_than",
    "less_than",
    "interval",
    "integer_interval",
]


def _numbers(x: Any) -> list:
    return [v.data for v in x._flat()] if isinstance(x, Tensor) else [float(x)]


def _bound(b: Any) -> Any:
    # a bound that is a tensor prints as PyTorch's f-string does: a number when 0-d
    return f"{b}"


class Constraint:
    """A test that every element passes (``check``)."""

    def ok(self, x: float) -> bool:
        return not math.isnan(x)

    def check(self, value: Any) -> bool:
        """True when every element meets the constraint."""
        return all(self.ok(x) for x in _numbers(value))

    def __repr__(self) -> str:
        return f"{type(self).__name__[1:]}()"


class _Real(Constraint):
    pass


def _against(value: Any, bound: Any) -> list:
    """(element, its bound) pairs; a bound of one number applies to every element."""
    xs, bounds = _numbers(value), _numbers(bound)
    if len(bounds) == 1:
        bounds = bounds * len(xs)
    return list(zip(xs, bounds))


class _GreaterThan(Constraint):
    def __init__(self, lower_bound: Any) -> None:
        self.lower_bound = lower_bound

    def check(self, value: Any) -> bool:
        return all(x > b for x, b in _against(value, self.lower_bound))

    def __repr__(self) -> str:
        return f"GreaterThan(lower_bound={_bound(self.lower_bound)})"


class _LessThan(Constraint):
    def __init__(self, upper_bound: Any) -> None:
        self.upper_bound = upper_bound

    def check(self, value: Any) -> bool:
        return all(x < b for x, b in _against(value, self.upper_bound))

    def __repr__(self) -> str:
        return f"LessThan(upper_bound={_bound(self.upper_bound)})"


class _Interval(Constraint):
    def __init__(self, lower_bound: Any, upper_bound: Any) -> None:
        self.lower_bound, self.upper_bound = lower_bound, upper_bound

    def check(self, value: Any) -> bool:
        xs = _numbers(value)
        lo, hi = _numbers(self.lower_bound), _numbers(self.upper_bound)
        lo = lo * len(xs) if len(lo) == 1 else lo
        hi = hi * len(xs) if len(hi) == 1 else hi
        if len(lo) != len(xs) or len(hi) != len(xs):  # a value broadcast against the bounds
            lo, hi = [min(lo)] * len(xs), [max(hi)] * len(xs)
        return all(a <= x <= b for x, a, b in zip(xs, lo, hi))

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__[1:]}(lower_bound={_bound(self.lower_bound)}, "
            f"upper_bound={_bound(self.upper_bound)})"
        )


class _IntegerInterval(_Interval):
    def check(self, value: Any) -> bool:
        return super().check(value) and all(x == math.floor(x) for x in _numbers(value))


class _Simplex(Constraint):
    def check(self, value: Any) -> bool:
        xs = _numbers(value)
        n = value.shape[-1] if isinstance(value, Tensor) and value.ndim else len(xs)
        rows = [xs[i : i + n] for i in range(0, len(xs), n)] if n else []
        return all(all(x >= 0 for x in row) and abs(sum(row) - 1) < 1e-6 for row in rows)


class _Boolean(Constraint):
    def ok(self, x: float) -> bool:
        return x in (0.0, 1.0)


class _NonnegativeInteger(Constraint):
    def ok(self, x: float) -> bool:
        return x >= 0 and x == math.floor(x)

    def __repr__(self) -> str:
        return "IntegerGreaterThan(lower_bound=0)"


real = _Real()
positive = _GreaterThan(0.0)
unit_interval = _Interval(0.0, 1.0)
simplex = _Simplex()
boolean = _Boolean()
nonnegative_integer = _NonnegativeInteger()
greater_than = _GreaterThan
less_than = _LessThan
interval = _Interval
integer_interval = _IntegerInterval
