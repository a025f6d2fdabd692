"""IEEE-safe float functions: what ``math.*`` would be if it never raised.

Floats follow IEEE 754 as PyTorch does: ``_fexp(1000.0)`` is ``inf``,
``_flog(0.0)`` is ``-inf``, ``_fdiv(0.0, 0.0)`` is ``nan``. The op table
(``ops.py``) writes its forward functions and derivative rules with these.

>>> _fdiv(1.0, -0.0), _flog(0.0)
(-inf, -inf)
"""

from __future__ import annotations

import math
from typing import Any

INF = math.inf
NAN = math.nan


def _fdiv(a: float, b: float) -> float:
    try:
        return a / b
    except ZeroDivisionError:
        if a != a or a == 0.0:
            return NAN
        # The sign of a zero divisor matters: 1/-0.0 is -inf.
        return math.copysign(INF, a) * math.copysign(1.0, b)


def _fpow(a: float, b: float) -> float:
    try:
        return math.pow(a, b)
    except OverflowError:
        odd = b == int(b) and int(b) % 2 == 1
        return -INF if (a < 0 and odd) else INF
    except ValueError:
        if a == 0.0:  # zero to a negative power
            odd = b == int(b) and int(b) % 2 == 1
            return math.copysign(INF, a) if odd else INF
        return NAN  # negative base, fractional exponent


def _fexp(a: float) -> float:
    try:
        return math.exp(a)
    except OverflowError:
        return INF


def _flog(a: float) -> float:
    if a > 0.0:
        return math.log(a)
    if a == 0.0:
        return -INF
    return NAN  # negative or nan


def _flog1p(a: float) -> float:
    if a > -1.0:
        return math.log1p(a)
    if a == -1.0:
        return -INF
    return NAN


def _fsqrt(a: float) -> float:
    return math.sqrt(a) if a >= 0.0 else NAN


def _fsin(a: float) -> float:
    return math.sin(a) if math.isfinite(a) else NAN


def _fcos(a: float) -> float:
    return math.cos(a) if math.isfinite(a) else NAN


def _fsigmoid(a: float) -> float:
    # Two branches so that exp never overflows.
    if a >= 0.0:
        return 1.0 / (1.0 + math.exp(-a))
    e = _fexp(a)
    return e / (1.0 + e)


def _fsoftplus(a: float) -> float:
    # PyTorch's softplus(beta=1, threshold=20): linear above the threshold.
    return a if a > 20.0 else _flog1p(_fexp(a))


def _frelu(a: float) -> float:
    return 0.0 if a < 0.0 else a  # nan and -0.0 pass through, as in PyTorch


def _fmaximum(a: float, b: float) -> float:
    # nan propagates from either side; a tie (0.0 and -0.0) gives the first, as PyTorch's.
    return a if (a >= b or a != a) else b


def _fminimum(a: float, b: float) -> float:
    return a if (a <= b or a != a) else b


def _fsum(*xs: float) -> float:
    try:
        # Correctly rounded, so the result does not depend on the order of terms.
        return math.fsum(xs)
    except (OverflowError, ValueError):  # inf - inf, or overflow on the way
        total = 0.0
        for x in xs:
            total += x
        return total


def _sign(a: float) -> float:
    if a > 0.0:
        return 1.0
    if a < 0.0:
        return -1.0
    return 0.0  # at 0 and at nan, as PyTorch's sign


def _trunc_quotient(a: float, b: float) -> float:
    # PyTorch's div(a, b, rounding_mode="trunc") on floats: the quotient, rounded
    # toward zero, keeping its sign (-1 / 4 is -0.0); nan and infinities stay.
    q = _fdiv(a, b)
    if q != q or q in (INF, -INF):
        return q
    return math.copysign(float(math.trunc(q)), q)


class Ignored(float):
    """The derivative of an output that ignores its input (relu below 0, the
    loser of a max, floor): zero, and its product with any number is +0.0.

    PyTorch writes such gradients with ``where`` or ``masked_fill``, so they are
    +0.0 whatever the incoming gradient is; ``g * 0.0`` would be -0.0 for a
    negative ``g`` and nan for an infinite one. A rule returns ``IGNORED`` there,
    and the engine's ``g * d`` gives PyTorch's zero with no test of its own
    (Python lets a float subclass answer ``float * subclass`` first).

    >>> -2.0 * IGNORED, IGNORED * math.inf, -2.0 * 0.0
    (0.0, 0.0, -0.0)
    """

    __slots__ = ()

    def __mul__(self, other: Any) -> Any:
        if isinstance(other, (int, float)):
            return 0.0
        return NotImplemented

    __rmul__ = __mul__

    def __repr__(self) -> str:
        return "0.0"


IGNORED = Ignored(0.0)
