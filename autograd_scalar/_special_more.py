"""More special functions on floats, stdlib only: the modified Bessel functions
``i0``, ``i0e``, ``i1``, ``i1e``; the normal distribution's ``ndtr``, ``ndtri``,
``log_ndtr`` and ``erfcx``; the regularized incomplete gamma functions ``igamma``
and ``igammac``; ``xlog1py``, ``entr``, ``spherical_bessel_j0``; and a
single-precision trigamma. Each answers IEEE-style (nan, inf), never with a
Python exception, and agrees with PyTorch's to about 1e-15 (igamma: to 1e-9, where
PyTorch's expansion for large a near x is off by that much; these agree with mpmath).

PyTorch's CPU kernels compute some functions in the tensor's own precision:
for a float32 tensor, trigamma runs in float arithmetic, and near its poles
(``x`` close to a negative integer) its rounding errors are larger than
float32's tolerance. ``trigamma_f32`` replays that arithmetic, each step
rounded to float32 as the C code rounds it.

>>> trigamma_f32(-7.950586795806885)
412.7525939941406
"""

from __future__ import annotations

import math
import struct

from ._floats import _flog, _flog1p

INF = math.inf
NAN = math.nan


def f32(x: float) -> float:
    """``x`` rounded to the nearest float32 (beyond its range: its infinity).

    >>> f32(0.1)
    0.10000000149011612
    """
    try:
        return struct.unpack("<f", struct.pack("<f", x))[0]
    except OverflowError:
        return math.copysign(INF, x)


def _div32(a: float, b: float) -> float:
    if b == 0.0:
        if a == 0.0 or a != a:
            return NAN
        return math.copysign(INF, a) * math.copysign(1.0, b)
    return f32(a / b)


_PI32 = f32(math.pi)


def trigamma_f32(x: float) -> float:
    """PyTorch's float32 trigamma: reflection below 1/2, six steps of the
    recurrence, the asymptotic tail, every operation rounded to float32.

    >>> trigamma_f32(1.0)
    1.644934058189392
    """
    x = f32(x)
    if x != x:
        return x
    sign, result = 1.0, 0.0
    if x < 0.5:
        sign = -1.0
        s = f32(math.sin(f32(_PI32 * x))) if math.isfinite(x) else NAN
        result = f32(result - _div32(f32(_PI32 * _PI32), f32(s * s)))
        x = f32(1.0 - x)
    for _ in range(6):
        result = f32(result + _div32(1.0, f32(x * x)))
        x = f32(x + 1.0)
    ixx = _div32(1.0, f32(x * x))
    tail = f32(f32(1.0 / 30.0) - f32(ixx * f32(1.0 / 42.0)))
    tail = f32(ixx * f32(f32(1.0 / 6.0) - f32(ixx * tail)))
    inner = f32(f32(1.0 + _div32(1.0, f32(2.0 * x))) + tail)
    return f32(sign * f32(result + _div32(inner, x)))


# ---------------------------------------------------------------------------------
# Modified Bessel functions of the first kind, orders 0 and 1, and their scaled forms
# ---------------------------------------------------------------------------------

_SERIES_BELOW = 30.0  # the power series below, the asymptotic expansion above


def _bessel_series(x: float, order: int) -> float:
    # I_n(x) = (x/2)**n sum_k (x**2/4)**k / (k! (k + n)!): positive terms, no cancellation.
    q = x * x / 4.0
    term = 1.0 if order == 0 else x / 2.0
    total, k = term, 0
    while True:
        k += 1
        term *= q / (k * (k + order))
        total += term
        if term <= total * 1e-17:
            return total


def _bessel_asymptotic(x: float, order: int) -> float:
    # exp(-x) I_n(x) for large x > 0: sum_k (-1)**k prod_j (4n**2 - (2j - 1)**2) / (k! (8x)**k),
    # over sqrt(2 pi x), summed until the terms stop shrinking.
    mu = 4.0 * order * order
    term, total, k = 1.0, 1.0, 0
    while True:
        k += 1
        nxt = -term * (mu - (2 * k - 1) ** 2) / (k * 8.0 * x)
        if abs(nxt) >= abs(term) or abs(nxt) <= abs(total) * 1e-17:
            total += nxt if abs(nxt) < abs(term) else 0.0
            return total / math.sqrt(2.0 * math.pi * x)
        term = nxt
        total += term


def _unscaled(scaled: float, ax: float) -> float:
    # exp(ax) * scaled: inf once exp(ax) overflows, as in PyTorch's kernel.
    try:
        return math.exp(ax) * scaled
    except OverflowError:
        return INF


def i0(x: float) -> float:
    """The modified Bessel function of the first kind, order 0 (even; inf for huge x).

    >>> i0(0.0), round(i0(1.0), 12)
    (1.0, 1.266065877752)
    """
    if x != x:
        return x
    ax = abs(x)
    if ax < _SERIES_BELOW:
        return _bessel_series(ax, 0)
    if ax == INF:  # PyTorch's kernel: inf * 0 / inf
        return NAN
    return _unscaled(_bessel_asymptotic(ax, 0), ax)


def i0e(x: float) -> float:
    """``exp(-|x|) i0(x)``, finite for every x.

    >>> round(i0e(1.0), 12), i0e(math.inf)
    (0.465759607594, 0.0)
    """
    if x != x:
        return x
    ax = abs(x)
    if ax == INF:
        return 0.0
    if ax < _SERIES_BELOW:
        return _bessel_series(ax, 0) * math.exp(-ax)
    return _bessel_asymptotic(ax, 0)


def i1(x: float) -> float:
    """The modified Bessel function of the first kind, order 1 (odd).

    >>> i1(-0.0), round(i1(1.0), 12)
    (0.0, 0.565159103992)
    """
    if x != x or x == 0.0:  # PyTorch's kernel gives +0.0 at -0.0
        return x if x != x else 0.0
    ax = abs(x)
    if ax < _SERIES_BELOW:
        out = _bessel_series(ax, 1)
    elif ax == INF:
        return NAN
    else:
        out = _unscaled(_bessel_asymptotic(ax, 1), ax)
    return math.copysign(out, x)


def i1e(x: float) -> float:
    """``exp(-|x|) i1(x)``.

    >>> round(i1e(1.0), 12), i1e(-math.inf)
    (0.20791041535, -0.0)
    """
    if x != x or x == 0.0:  # PyTorch's kernel gives +0.0 at -0.0
        return x if x != x else 0.0
    ax = abs(x)
    if ax == INF:
        out = 0.0
    elif ax < _SERIES_BELOW:
        out = _bessel_series(ax, 1) * math.exp(-ax)
    else:
        out = _bessel_asymptotic(ax, 1)
    return math.copysign(out, x)


# ---------------------------------------------------------------------------------
# The normal distribution: ndtr, ndtri, log_ndtr, and erfcx
# ---------------------------------------------------------------------------------

_SQRT1_2 = 0.7071067811865476
_SQRT_2PI = 2.5066282746310002
_SQRT_PI = 1.7724538509055160


def ndtr(x: float) -> float:
    """The standard normal distribution function ``P(Z <= x)``.

    >>> ndtr(0.0), round(ndtr(1.0), 12)
    (0.5, 0.841344746069)
    """
    # PyTorch's form, (1 + erf) / 2: 0 below about -8.3, where erf rounds to -1.
    return (1.0 + math.erf(x * _SQRT1_2)) * 0.5


def erfcx(x: float) -> float:
    """The scaled complementary error function ``exp(x**2) erfc(x)``, without overflow
    for large x (``inf`` for x below about -26.6).

    >>> erfcx(0.0), round(erfcx(30.0), 15)
    (1.0, 0.018795888861417)
    """
    if x != x:
        return x
    if x < 0.0:
        try:
            return 2.0 * math.exp(x * x) - erfcx(-x)
        except OverflowError:
            return INF
    if x < 10.0:
        return math.exp(x * x) * math.erfc(x)
    if x == INF:
        return 0.0
    # 1 / (x sqrt(pi)) sum_k (-1)**k (2k - 1)!! / (2 x**2)**k: the terms shrink until
    # k is about x**2, far past double precision for x >= 10.
    term, total, k, z = 1.0, 1.0, 0, 2.0 * x * x
    while abs(term) > 1e-17 * total:
        k += 1
        term *= -(2 * k - 1) / z
        total += term
    return total / (x * _SQRT_PI)


def log_ndtr(x: float) -> float:
    """``log(ndtr(x))``, accurate in both tails (PyTorch's two branches).

    >>> round(log_ndtr(0.0), 15), round(log_ndtr(-40.0), 6)
    (-0.693147180559945, -804.608442)
    """
    t = x * _SQRT1_2
    if x < -1.0:
        return _flog(erfcx(-t) / 2.0) - t * t
    return math.log1p(-math.erfc(t) / 2.0)


def ndtri(p: float) -> float:
    """The inverse of ``ndtr`` on [0, 1] (``-inf`` at 0, ``inf`` at 1, nan outside).

    Halley's steps on ``erfc(-x / sqrt 2) / 2 = p`` from the tail's first
    approximation; for a negative x that is relatively accurate (``erfc`` of a
    positive number), so the lower half is solved and the upper half mirrored
    (``1 - p`` is exact there).

    >>> ndtri(0.5), round(ndtri(0.975), 12)
    (0.0, 1.95996398454)
    """
    if p != p or p < 0.0 or p > 1.0:
        return NAN
    if p == 0.0:
        return -INF
    if p == 1.0:
        return INF
    if p == 0.5:
        return 0.0
    if p > 0.5:
        return -ndtri(1.0 - p)
    if p > 0.3:
        x = _SQRT_2PI * (p - 0.5)
    else:
        t = math.sqrt(-2.0 * math.log(p))
        x = -(
            t
            - (2.515517 + 0.802853 * t + 0.010328 * t * t)
            / (1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t**3)
        )
    for _ in range(100):
        density = math.exp(-0.5 * x * x) / _SQRT_2PI
        step = (0.5 * math.erfc(-x * _SQRT1_2) - p) / density  # erfc: exact in the tail
        # Halley's correction: the density's slope is -x times the density.
        step = step / (1.0 + 0.5 * x * step)
        x -= step
        if abs(step) <= 1e-16 * abs(x):
            break
    return x


# ---------------------------------------------------------------------------------
# The regularized incomplete gamma functions P(a, x) (igamma) and Q(a, x) (igammac)
# ---------------------------------------------------------------------------------


def _igamma_prefactor(a: float, x: float) -> float:
    # x**a exp(-x) / Gamma(a), in logarithms (either factor alone overflows).
    return math.exp(a * math.log(x) - x - math.lgamma(a))


def _igamma_series(a: float, x: float) -> float:
    # P(a, x) = x**a exp(-x) / Gamma(a + 1) sum_k x**k / ((a + 1) ... (a + k)).
    term, total, n = 1.0, 1.0, a
    while True:
        n += 1.0
        term *= x / n
        total += term
        if term <= total * 1e-17:
            return total * _igamma_prefactor(a, x) / a


def _igammac_fraction(a: float, x: float) -> float:
    # Q(a, x) by its continued fraction (Lentz's method), for x > 1 and x > a.
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    i = 0
    while True:
        i += 1
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-16 or i > 100000:
            return h * _igamma_prefactor(a, x)


def _igamma_edges(a: float, x: float, lower: bool) -> float | None:
    # PyTorch's answers at the edges of the domain, in its order, so that a nan
    # meets them as it does there (igamma(nan, 0) is 0); None: compute.
    if a < 0.0 or x < 0.0:
        return NAN
    if a == 0.0:
        if x > 0.0:
            return 1.0 if lower else 0.0
        return NAN
    if x == 0.0:
        return 0.0 if lower else 1.0
    if a == INF:
        return NAN if x == INF else (0.0 if lower else 1.0)
    if x == INF:
        return 1.0 if lower else 0.0
    if a != a or x != x:
        return NAN
    return None


def igamma(a: float, x: float) -> float:
    """The regularized lower incomplete gamma function ``P(a, x)``.

    >>> round(igamma(1.0, 1.0), 15), igamma(2.0, 0.0)
    (0.632120558828558, 0.0)
    """
    edge = _igamma_edges(a, x, True)
    if edge is not None:
        return edge
    if x > 1.0 and x > a:
        return 1.0 - _igammac_fraction(a, x)
    return _igamma_series(a, x)


def igammac(a: float, x: float) -> float:
    """The regularized upper incomplete gamma function ``Q(a, x) = 1 - P(a, x)``.

    >>> round(igammac(1.0, 1.0), 15), igammac(2.0, math.inf)
    (0.367879441171442, 0.0)
    """
    edge = _igamma_edges(a, x, False)
    if edge is not None:
        return edge
    if x > 1.0 and x > a:
        return _igammac_fraction(a, x)
    return 1.0 - _igamma_series(a, x)


def xlog1py(x: float, y: float) -> float:
    """``x * log1p(y)``, 0 where x is 0 (unless y is nan).

    >>> xlog1py(0.0, -1.0), round(xlog1py(2.0, 1.0), 12)
    (0.0, 1.38629436112)
    """
    if y != y:
        return NAN
    if x == 0.0:
        return 0.0
    return x * _flog1p(y)


def entr(x: float) -> float:
    """The entropy term ``-x log(x)``: 0 at 0, ``-inf`` below.

    >>> entr(0.0), entr(-1.0), entr(1.0)
    (0.0, -inf, -0.0)
    """
    if x != x:
        return x
    if x > 0.0:
        return -x * math.log(x)
    return 0.0 if x == 0.0 else -INF


# ---------------------------------------------------------------------------------
# The spherical Bessel function of order 0 (PyTorch gives it no derivative)
# ---------------------------------------------------------------------------------


def spherical_bessel_j0(x: float) -> float:
    """``sin(x) / x``, 1 at 0 (its series near 0).

    >>> spherical_bessel_j0(0.0), round(spherical_bessel_j0(math.pi / 2), 12)
    (1.0, 0.636619772368)
    """
    if x != x:
        return x
    if math.isinf(x):
        return 0.0
    if abs(x) < 0.5:
        x2 = x * x
        return 1.0 - x2 / 6.0 * (
            1.0
            - x2
            / 20.0
            * (1.0 - x2 / 42.0 * (1.0 - x2 / 72.0 * (1.0 - x2 / 110.0 * (1.0 - x2 / 156.0))))
        )
    return math.sin(x) / x
