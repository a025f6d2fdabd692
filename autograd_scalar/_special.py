"""Special functions on floats, stdlib only: erfinv, digamma, trigamma, Hurwitz zeta, polygamma.

``math`` has ``erf``, ``erfc`` and ``lgamma``; the rest are written here, with
PyTorch's CPU algorithms (Cephes' series and recurrences) so that the numbers
agree with PyTorch's to the last digit or close to it. Every function answers
IEEE-style (``nan``, ``inf``), never with a Python exception.

>>> round(erfinv(0.5), 12), digamma(1.0)
(0.476936276204, -0.5772156649015328)
"""

from __future__ import annotations

import math

INF = math.inf
NAN = math.nan
_MACHEP = 1.11022302462515654042e-16  # 2 ** -53
_PSI_10 = 2.25175258906672110764  # digamma(10)


def erfinv(y: float) -> float:
    """The inverse of ``erf`` on [-1, 1] (``±inf`` at ±1, ``nan`` outside).

    >>> erfinv(0.0), erfinv(1.0), erfinv(2.0)
    (0.0, inf, nan)
    """
    if y != y or y < -1.0 or y > 1.0:
        return NAN
    if y == 1.0 or y == -1.0:
        return math.copysign(INF, y)
    if y == 0.0:
        return y
    # PyTorch's start: a rational approximation in y (|y| <= 0.7) or in
    # sqrt(-log((1 - |y|) / 2)) (the tails), then two Newton steps on erf(x) - y.
    if abs(y) <= 0.7:
        z = y * y
        num = _polevl(z, _ERFINV_A)
        den = _polevl(z, _ERFINV_B)
        x = y * num / den
    else:
        z = math.sqrt(-math.log((1.0 - abs(y)) / 2.0))
        x = math.copysign(_polevl(z, _ERFINV_C), y) / _polevl(z, _ERFINV_D)
    # Newton's steps, in the tails on erfc(|x|) = 1 - |y| (1 - |y| is exact there,
    # where erf(x) - y would cancel).
    tail = abs(y) > 0.5
    for _ in range(4):
        slope = 2.0 / math.sqrt(math.pi) * math.exp(-x * x)
        if tail:
            step = -(math.erfc(abs(x)) - (1.0 - abs(y))) / slope
            x = math.copysign(abs(x) - step, y)
        else:
            step = (math.erf(x) - y) / slope
            x -= step
        if abs(step) <= abs(x) * 2.0**-54:
            break
    return x


# The rational start's coefficients, highest power first.
_ERFINV_A = (-0.140543331, 0.914624893, -1.645349621, 0.886226899)
_ERFINV_B = (0.012229801, -0.329097515, 1.442710462, -2.118377725, 1.0)
_ERFINV_C = (1.641345311, 3.429567803, -1.624906493, -1.970840454)
_ERFINV_D = (1.637067800, 3.543889200, 1.0)


def lgamma(x: float) -> float:
    """``log |Gamma(x)|``: ``inf`` at the poles (0, -1, -2, ...) and for huge x.

    Near its zeros at 1 and 2 it is summed from the series of ``lgamma(1 + z)`` in
    powers of ``z`` (Python's own loses digits there, C's does not).

    >>> lgamma(0.0), lgamma(1.0), lgamma(2.0)
    (inf, 0.0, 0.0)
    """
    if 0.0 < x < 0.5:
        return lgamma(x + 1.0) - math.log(x)
    if 0.5 <= x <= 1.5:
        return _lgamma_near_one(x - 1.0)
    if 1.5 < x <= 2.5:
        return math.log1p(x - 2.0) + _lgamma_near_one(x - 2.0)
    if 2.5 < x <= 8.0:
        # Down to (1.5, 2.5] by Gamma(x) = (x - 1) Gamma(x - 1).
        product = 1.0
        while x > 2.5:
            x -= 1.0
            product *= x
        return math.log(product) + lgamma(x)
    try:
        return math.lgamma(x)
    except (ValueError, OverflowError):
        return INF


_EULER = 0.57721566490153286061


def _lgamma_near_one(z: float) -> float:
    # lgamma(1 + z) = -gamma z + sum_{k >= 2} (-1)**k zeta(k) z**k / k, for |z| <= 1/2,
    # summed from the smallest term up.
    if z == 0.0:
        return 0.0
    total = 0.0
    for k in range(len(_ZETAS) + 1, 1, -1):
        total += (-1.0) ** k * _ZETAS[k - 2] * z**k / k
    return total - _EULER * z


def _polevl(x: float, coefs: tuple) -> float:
    out = 0.0
    for c in coefs:
        out = out * x + c
    return out


# Coefficients of digamma's asymptotic series in 1 / x**2 (Bernoulli numbers B2k / 2k).
_PSI_SERIES = (
    8.33333333333333333333e-2,
    -2.10927960927960927961e-2,
    7.57575757575757575758e-3,
    -4.16666666666666666667e-3,
    3.96825396825396825397e-3,
    -8.33333333333333333333e-3,
    8.33333333333333333333e-2,
)


def digamma(x: float) -> float:
    """The logarithmic derivative of Gamma (``-inf``/``inf`` at ±0, nan at negative integers).

    >>> digamma(0.0), digamma(-0.0), digamma(-2.0)
    (-inf, inf, nan)
    """
    if x != x:
        return x
    if x == 0.0:
        return math.copysign(INF, -x)
    if x == -INF:
        return NAN
    if x < 0.0:
        if x == math.trunc(x):
            return NAN
        # Reflection: psi(1 - x) - psi(x) = pi / tan(pi x), on the fractional part.
        r = math.fmod(x, 1.0)
        return digamma(1.0 - x) - math.pi / math.tan(math.pi * r)
    result = 0.0
    while x < 10.0:
        result -= 1.0 / x
        x += 1.0
    if x == 10.0:
        return result + _PSI_10
    y = 0.0
    if x < 1.0e17:
        z = 1.0 / (x * x)
        y = z * _polevl(z, _PSI_SERIES)
    return result + _log(x) - 0.5 / x - y


def _log(x: float) -> float:
    return INF if x == INF else math.log(x)


def trigamma(x: float) -> float:
    """The derivative of digamma (PyTorch's series: reflection below 1/2, six
    steps of the recurrence, then the asymptotic expansion).

    >>> round(trigamma(1.0), 8)  # pi**2 / 6, within the series' error
    1.64493407
    """
    if x != x:
        return x
    sign = 1.0
    result = 0.0
    if x < 0.5:
        sign = -1.0
        s = math.sin(math.pi * x) if math.isfinite(x) else NAN
        result -= _div(math.pi * math.pi, s * s)
        x = 1.0 - x
    for _ in range(6):
        result += _div(1.0, x * x)
        x += 1.0
    ixx = _div(1.0, x * x)
    tail = ixx * (1.0 / 6.0 - ixx * (1.0 / 30.0 - ixx * (1.0 / 42.0)))
    result += _div(1.0 + _div(1.0, 2.0 * x) + tail, x)
    return sign * result


def _div(a: float, b: float) -> float:
    if b == 0.0:
        if a == 0.0 or a != a:
            return NAN
        return math.copysign(INF, a) * math.copysign(1.0, b)
    return a / b


# (2k)! / B_2k, the Euler-Maclaurin tail's coefficients.
_ZETA_A = (
    12.0,
    -720.0,
    30240.0,
    -1209600.0,
    47900160.0,
    -1.8924375803183791606e9,
    7.47242496e10,
    -2.950130727918164224e12,
    1.1646782814350067249e14,
    -4.5979787224074726105e15,
    1.8152105401943546773e17,
    -7.1661652561756670113e18,
)


def _pow(a: float, b: float) -> float:
    try:
        return math.pow(a, b)
    except OverflowError:
        return INF
    except (ValueError, ZeroDivisionError):
        return INF if a == 0.0 else NAN


def _floor(x: float) -> float:
    return x if not math.isfinite(x) else float(math.floor(x))  # C's keeps inf and nan


def zeta(s: float, q: float) -> float:
    """Hurwitz's zeta ``sum_k (k + q) ** -s`` for ``s > 1`` (Euler-Maclaurin summation).

    >>> round(zeta(2.0, 1.0), 12)
    1.644934066848
    """
    # PyTorch's checks in its order (a nan meets them as it does there).
    if s == 1.0:
        return INF
    if s < 1.0:
        return NAN
    if q <= 0.0:
        if q == _floor(q):
            return INF
        if s != _floor(s):
            return NAN
    total = _pow(q, -s)
    a, b, i = q, 0.0, 0
    while i < 9 or a <= 9.0:
        i += 1
        a += 1.0
        b = _pow(a, -s)
        total += b
        if -_MACHEP * total < b < _MACHEP * total:
            return total
    w = a
    total += b * w / (s - 1.0)
    total -= 0.5 * b
    a, k = 1.0, 0.0
    for coef in _ZETA_A:
        a *= s + k
        b /= w
        t = a * b / coef
        total += t
        if total != 0.0 and abs(t / total) < _MACHEP:  # 0 / 0 is C's nan: go on
            return total
        k += 1.0
        a *= s + k
        b /= w
        k += 1.0
    return total


_ZETAS = [zeta(float(k), 1.0) for k in range(2, 60)]  # zeta(2) ... zeta(59)


def polygamma(n: int, x: float) -> float:
    """The n-th derivative of digamma: digamma itself for n = 0, trigamma for n = 1,
    ``(-1) ** (n + 1) n! zeta(n + 1, x)`` beyond (n! as PyTorch forms it, exp(lgamma(n + 1))).

    >>> polygamma(0, 1.0) == digamma(1.0), round(polygamma(2, 1.0), 10)
    (True, -2.4041138063)
    """
    if n == 0:
        return digamma(x)
    if n == 1:
        return trigamma(x)
    factor = (1.0 if n % 2 else -1.0) * math.exp(math.lgamma(n + 1.0))
    return factor * zeta(float(n + 1), x)
