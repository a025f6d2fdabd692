"""PyTorch's orthogonal polynomials on floats, stdlib only: Chebyshev (four kinds,
plain and shifted), Hermite (both), Laguerre and Legendre.

Each is PyTorch's recurrence with its special cases (|x| = 1, x = 0, a high degree
inside (-1, 1) by trigonometry, a negative degree), and each step ``a * b - c`` is
rounded once, as the fused multiply-add PyTorch's compiled kernels use: the
results equal PyTorch's in double bit for bit. PyTorch gives them no derivative.

>>> chebyshev_t(0.5, 3.0), legendre_p(0.5, 2.0)
(-1.0, -0.125)
"""

from __future__ import annotations

import math
import struct
from fractions import Fraction
from typing import Any


def _degree(n: float) -> int:
    # PyTorch casts the degree to int64 (truncation); nan and the out-of-range
    # infinities come out as the lowest int64, a negative degree.
    return int(n) if math.isfinite(n) and abs(n) < 2.0**63 else -(2**63)


def chebyshev_t(x: float, n: float) -> float:
    """The Chebyshev polynomial of the first kind, ``T_n(x)``.

    >>> chebyshev_t(0.5, 2.0), chebyshev_t(-1.0, 3.0), chebyshev_t(0.5, -1.0)
    (-0.5, -1.0, 0.0)
    """
    k = _degree(n)
    if k < 0:
        return 0.0
    if abs(x) == 1.0:
        return 1.0 if (x > 0.0 or k % 2 == 0) else -1.0
    if k > 6 and abs(x) < 1.0:
        return math.cos(k * math.acos(x))
    return _three_term(x, k, 1.0, x, lambda j, p, q: _fms(x + x, q, p))


def chebyshev_u(x: float, n: float) -> float:
    """The Chebyshev polynomial of the second kind, ``U_n(x)``.

    >>> chebyshev_u(0.5, 2.0), chebyshev_u(-1.0, 3.0)
    (0.0, -4.0)
    """
    k = _degree(n)
    if k < 0:
        return 0.0
    if abs(x) == 1.0:
        return float(k + 1) if (x > 0.0 or k % 2 == 0) else -float(k + 1)
    if k > 8 and abs(x) < 1.0:
        t = math.acos(x)
        if math.sin(t) != 0.0:
            return math.sin((k + 1) * t) / math.sin(t)
        return (k + 1) * math.cos((k + 1) * t) / x
    return _three_term(x, k, 1.0, x + x, lambda j, p, q: _fms(x + x, q, p))


def chebyshev_v(x: float, n: float) -> float:
    """The Chebyshev polynomial of the third kind, ``V_n(x)``.

    >>> chebyshev_v(0.5, 2.0), chebyshev_v(-1.0, 3.0)
    (-1.0, -7.0)
    """
    k = _degree(n)
    if k < 0:
        return 0.0
    if abs(x) == 1.0:
        if x > 0.0:
            return 1.0
        return float(2 * k + 1) if k % 2 == 0 else -float(2 * k + 1)
    if k > 8 and abs(x) < 1.0:
        t = math.acos(x)
        if math.sin(t / 2.0) != 1.0:
            return math.cos((k + 0.5) * t) / math.cos(t / 2.0)
        return float(2 * k + 1) if k % 2 == 0 else -float(2 * k + 1)
    return _three_term(x, k, 1.0, x + x - 1.0, lambda j, p, q: _fms(x + x, q, p))


def chebyshev_w(x: float, n: float) -> float:
    """The Chebyshev polynomial of the fourth kind, ``W_n(x)``.

    >>> chebyshev_w(0.5, 2.0), chebyshev_w(1.0, 3.0)
    (1.0, 7.0)
    """
    k = _degree(n)
    if k < 0:
        return 0.0
    if abs(x) == 1.0:
        if x > 0.0:
            return float(2 * k + 1)
        return 1.0 if k % 2 == 0 else -1.0
    if k > 8 and abs(x) < 1.0:
        t = math.acos(x)
        if math.cos(t / 2.0) != 1.0:
            return math.sin((k + 0.5) * t) / math.sin(t / 2.0)
        if x > 0.0:
            return float(2 * k + 1)
        return 1.0 if k % 2 == 0 else -1.0
    return _three_term(x, k, 1.0, x + x + 1.0, lambda j, p, q: _fms(x + x, q, p))


def hermite_h(x: float, n: float) -> float:
    """The physicists' Hermite polynomial ``H_n(x)``.

    >>> hermite_h(1.0, 3.0)
    -4.0
    """
    k = _degree(n)
    if k < 0:
        return 0.0
    # H_{j+1} = 2x H_j - 2j H_{j-1}, PyTorch's loop counting 2j
    return _three_term(x, k, 1.0, x + x, lambda j, p, q: _fms(x + x, q, (2 * j - 2) * p))


def hermite_he(x: float, n: float) -> float:
    """The probabilists' Hermite polynomial ``He_n(x)``.

    >>> hermite_he(2.0, 3.0)
    2.0
    """
    k = _degree(n)
    if k < 0:
        return 0.0
    return _three_term(x, k, 1.0, x, lambda j, p, q: _fms(x, q, (j - 1) * p))


def hermite_he_f32(x: float, n: float) -> float:
    """``He_n(x)`` as PyTorch computes it for float32 tensors: every operation in single
    precision (its recurrence cancels, and float32's rounding shows).

    >>> h = hermite_he_f32(0.1, 3.0)
    >>> h == hermite_he(0.1, 3.0), abs(h + 0.299) < 1e-7
    (False, True)
    """
    k = _degree(n)
    if k < 0:
        return 0.0
    x = _f32(x)
    return _three_term(x, k, 1.0, x, lambda j, p, q: _fms(x, q, _f32((j - 1) * p), _f32))


def laguerre_l(x: float, n: float) -> float:
    """The Laguerre polynomial ``L_n(x)`` (1 at x = 0).

    >>> laguerre_l(1.0, 2.0), laguerre_l(0.0, 5.0)
    (-0.5, 1.0)
    """
    k = _degree(n)
    if k < 0:
        return 0.0
    if abs(x) == 0.0:
        return 1.0
    return _three_term(
        x, k, 1.0, 1.0 - x, lambda j, p, q: _fms((j - 1) * 2 + (1.0 - x), q, (j - 1) * p) / j
    )


def legendre_p(x: float, n: float) -> float:
    """The Legendre polynomial ``P_n(x)``.

    >>> legendre_p(0.5, 2.0), legendre_p(-1.0, 3.0)
    (-0.125, -1.0)
    """
    k = _degree(n)
    if k < 0:
        return 0.0
    if abs(x) == 1.0:
        return 1.0 if (x > 0.0 or k % 2 == 0) else -1.0
    return _three_term(x, k, 1.0, x, lambda j, p, q: _fms((2 * j - 1) * x, q, (j - 1) * p) / j)


def _f32(x: float) -> float:
    try:
        return struct.unpack("<f", struct.pack("<f", x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def _fms(a: float, b: float, c: float, rounded: Any = float) -> float:
    # a * b - c rounded once, as PyTorch's compiled recurrences compute it (a fused
    # multiply-add); exact rationals give that float.
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(c)):
        return rounded(a * b - c)
    exact = Fraction(a) * Fraction(b) - Fraction(c)
    if not exact:  # an exact zero takes IEEE's sign, as a * b is then exact too
        return a * b - c
    try:
        return rounded(float(exact))  # (float32 through a double: off in rare ties)
    except OverflowError:  # beyond the largest double: its infinity
        return rounded(a * b - c)


def _three_term(x: float, k: int, first: float, second: float, step: Any) -> float:
    # p_0 = first, p_1 = second, p_j = step(j, p_{j-2}, p_{j-1}) for j = 2 ... k.
    if k == 0:
        return first
    p, q = first, second
    for j in range(2, k + 1):
        p, q = q, step(j, p, q)
    return q


def _odd_even(k: int, value: float) -> float:
    return value if k % 2 == 0 else -value


def shifted_chebyshev_t(x: float, n: float) -> float:
    """``T_n(2x - 1)``, with PyTorch's special cases at x = 0 and x = 1.

    >>> shifted_chebyshev_t(0.75, 2.0), shifted_chebyshev_t(0.0, 3.0)
    (-0.5, -1.0)
    """
    k = _degree(n)
    if k < 0:
        return 0.0
    if x == 1.0 or x == 0.0:
        return 1.0 if x == 1.0 else _odd_even(k, 1.0)
    y = x + x - 1.0
    if k > 6 and abs(y) < 1.0:
        return math.cos(k * math.acos(y))
    return _three_term(y, k, 1.0, y, lambda j, p, q: _fms(y + y, q, p))


def shifted_chebyshev_u(x: float, n: float) -> float:
    """``U_n(2x - 1)``.

    >>> shifted_chebyshev_u(0.75, 2.0), shifted_chebyshev_u(0.0, 3.0)
    (0.0, -4.0)
    """
    k = _degree(n)
    if k < 0:
        return 0.0
    if x == 1.0 or x == 0.0:
        return float(k + 1) if x == 1.0 else _odd_even(k, float(k + 1))
    y = x + x - 1.0
    if k > 6 and abs(y) < 1.0:
        t = math.acos(y)
        if math.sin(t) != 0.0:
            return math.sin((k + 1) * t) / math.sin(t)
        return (k + 1) * math.cos((k + 1) * t) / y
    return _three_term(y, k, 1.0, y + y, lambda j, p, q: _fms(y + y, q, p))


def shifted_chebyshev_v(x: float, n: float) -> float:
    """``V_n(2x - 1)``.

    >>> shifted_chebyshev_v(0.75, 2.0), shifted_chebyshev_v(0.0, 3.0)
    (-1.0, -7.0)
    """
    k = _degree(n)
    if k < 0:
        return 0.0
    if x == 1.0 or x == 0.0:
        return 1.0 if x == 1.0 else _odd_even(k, float(2 * k + 1))
    y = x + x - 1.0
    if k > 6 and abs(y) < 1.0:
        t = math.acos(y)
        if math.sin(t / 2.0) != 1.0:
            return math.cos((k + 0.5) * t) / math.cos(t / 2.0)
        return _odd_even(k, float(2 * k + 1))
    return _three_term(y, k, 1.0, y + y - 1.0, lambda j, p, q: _fms(y + y, q, p))


def shifted_chebyshev_w(x: float, n: float) -> float:
    """``W_n(2x - 1)``.

    >>> shifted_chebyshev_w(0.75, 2.0), shifted_chebyshev_w(1.0, 3.0)
    (1.0, 7.0)
    """
    k = _degree(n)
    if k < 0:
        return 0.0
    if x == 1.0 or x == 0.0:
        return float(2 * k + 1) if x == 1.0 else _odd_even(k, 1.0)
    y = x + x - 1.0
    if k > 4 and abs(y) < 1.0:
        t = math.acos(y)
        if math.cos(t / 2.0) != 1.0:
            return math.sin((k + 0.5) * t) / math.sin(t / 2.0)
        return _odd_even(k, 1.0)
    return _three_term(y, k, 1.0, y + y + 1.0, lambda j, p, q: _fms(y + y, q, p))
