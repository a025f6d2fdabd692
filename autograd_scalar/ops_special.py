"""More rows of the op table: trigonometric, hyperbolic, rounding and special functions.

The rows live here so that ``ops.py`` stays one sitting long; they are added to
the same table, :data:`autograd_scalar.ops.OPS`, and read exactly like its rows:
a forward on floats beside its local derivatives, written with the duck-typed
helpers so that ``create_graph=True`` differentiates them again. Each rule is
PyTorch's formula (``derivatives.yaml``), including its values at the edges
(0 for the rounding functions, 0 where ``copysign``'s input is 0, ...).

>>> from autograd_scalar.ops import OPS
>>> OPS["atan"].backward(0.7853981633974483, 1.0)   # 1 / (1 + x**2)
(0.5,)
"""

from __future__ import annotations

import functools
import math
import struct
from fractions import Fraction
from typing import Any, Callable

from . import _special as S
from ._floats import _fdiv, _fexp, _flog, _fsqrt
from .ops import IGNORED, OPS, Op, _exclusive_products, _fprod, data, div, exp, log
from .ops import pow as power
from .value import apply

INF = math.inf
NAN = math.nan
_LN2 = 0.6931471805599453
_LN10 = 2.302585092994046
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_PI_180 = 0.017453292519943295  # PyTorch's M_PI_180
_180_PI = 57.295779513082320876798154814105


def _safe(f: Callable[[float], float], at_zero: float = NAN) -> Callable[[float], float]:
    # math's functions raise where C's return nan or inf: answer as C does.
    def g(x: float) -> float:
        try:
            return f(x)
        except OverflowError:  # only sinh overflows below zero
            return math.copysign(INF, x) if f is math.sinh else INF
        except ValueError:  # outside the domain (log2 and log10 of 0: -inf)
            return at_zero if x == 0.0 else NAN

    return g


def _row(name: str) -> Callable[[Any], Any]:
    # A row as a function for rules: a float gives a float, a Value a Value.
    def f(x: Any) -> Any:
        op = OPS[name]
        return op.forward(x) if type(x) is float else apply(op, x)

    return f


def _rsqrt(x: Any) -> Any:
    return div(1.0, _fsqrt(x) if type(x) is float else x.sqrt())


def _fatanh(x: float) -> float:
    if x == 1.0 or x == -1.0:
        return math.copysign(INF, x)
    return _safe(math.atanh)(x)


def _round_to(f: Callable[[float], Any]) -> Callable[[float], float]:
    # floor, ceil, trunc, round: infinities and nan pass, the sign of zero stays.
    def g(x: float) -> float:
        if x != x or x in (INF, -INF):
            return x
        r = float(f(x))
        return math.copysign(r, x) if r == 0.0 else r

    return g


def _frac(x: float) -> float:
    if x != x or x in (INF, -INF):
        return NAN
    return x - _round_to(math.trunc)(x)


def _sinc(x: float) -> float:
    if x == 0.0:
        return 1.0
    if x in (INF, -INF):
        return NAN
    p = math.pi * x
    return math.sin(p) / p


def _sinc_rule(out: Any, a: Any) -> tuple:
    # PyTorch's: 0 where pi x**2 is 0 (x = 0, or so small that it underflows).
    x = data(a)
    if x * x * math.pi == 0.0:
        return (0.0,)
    p = a * math.pi
    return (div(p * _row("cos")(p) - _row("sin")(p), a * a * math.pi),)


def _atan2_rule(out: Any, a: Any, b: Any) -> tuple:
    if data(a) == 0.0 and data(b) == 0.0:  # PyTorch's: 0 (with the signs of b and -a)
        return b * 0.0, -a * 0.0
    recip = div(1.0, a * a + b * b)
    return b * recip, -a * recip


def _copysign_rule(out: Any, a: Any, b: Any) -> tuple:
    # PyTorch's: result / self, taken as 0 where self is 0.
    return (0.0 if data(a) == 0.0 else div(out, a)), 0.0


def _ffmod(a: float, b: float) -> float:
    try:
        return math.fmod(a, b)
    except ValueError:
        return NAN


def _fmod_rule(out: Any, a: Any, b: Any) -> tuple:
    return 1.0, -_round_to(math.trunc)(_fdiv(data(a), data(b)))


def _fxlogy(x: float, y: float) -> float:
    if y != y:
        return NAN
    if x == 0.0:
        return 0.0
    return x * _flog(y)


def _xlogy_rule(out: Any, x: Any, y: Any) -> tuple:
    xd, yd = data(x), data(y)
    dx = 0.0 if (xd == 0.0 and yd <= 0.0) else log(y)
    return dx, div(x, y)


def _fheaviside(x: float, v: float) -> float:
    # PyTorch's: values at 0, else (x > 0), so nan gives 0.
    return v if x == 0.0 else (1.0 if x > 0.0 else 0.0)


def _flerp(a: float, b: float, w: float) -> float:
    # PyTorch's two-sided formula: exact at w = 0 and at w = 1.
    if abs(w) < 0.5:
        return a + w * (b - a)
    return b - (b - a) * (1.0 - w)


def _fmax2(a: float, b: float) -> float:
    if a != a:
        return b
    if b != b:
        return a
    return a if a >= b else b


def _fmin2(a: float, b: float) -> float:
    if a != a:
        return b
    if b != b:
        return a
    return a if a <= b else b


def _fmax_rule(out: Any, a: Any, b: Any) -> tuple:
    # PyTorch's: the whole gradient to self where self >= other or other is nan.
    ad, bd = data(a), data(b)
    first = ad >= bd or bd != bd
    return (1.0 if first else IGNORED), (IGNORED if first else 1.0)


def _fmin_rule(out: Any, a: Any, b: Any) -> tuple:
    ad, bd = data(a), data(b)
    first = ad <= bd or bd != bd
    return (1.0 if first else IGNORED), (IGNORED if first else 1.0)


def _flogaddexp(a: float, b: float) -> float:
    if a in (INF, -INF) and a == b:
        return a
    m = max(a, b) if a == a and b == b else NAN
    return m + math.log1p(_fexp(-abs(a - b))) if m == m else NAN


def _flogaddexp2(a: float, b: float) -> float:
    if a in (INF, -INF) and a == b:
        return a
    m = max(a, b) if a == a and b == b else NAN
    if m != m:
        return NAN
    # PyTorch's kernel computes m + log1p(2 ** -|a - b|) / ln 2 as one fused
    # multiply-add (rounded once): exact rationals give the same float.
    t = math.log1p(S._pow(2.0, -abs(a - b)))
    if not math.isfinite(m):
        return m + t * (1.0 / _LN2)
    return float(Fraction(t) * Fraction(1.0 / _LN2) + Fraction(m))


def _to_f32(x: float) -> float:
    try:
        return struct.unpack("<f", struct.pack("<f", x))[0]
    except OverflowError:  # beyond float32's range: its infinity
        return math.copysign(INF, x)


def _nextafter_f32(a: float, b: float) -> float:
    # The next single-precision float: step the bit pattern of a float32 by one.
    if a != a or b != b:
        return NAN
    a32, b32 = _to_f32(a), _to_f32(b)
    if a32 == b32:
        return b32
    if a32 == 0.0:
        return math.copysign(1.401298464324817e-45, b32 - a32)
    (bits,) = struct.unpack("<I", struct.pack("<f", a32))
    bits += 1 if (b32 > a32) == (a32 > 0.0) else -1
    return struct.unpack("<f", struct.pack("<I", bits))[0]


def _flogcumsumexp(*xs: float) -> float:
    # The last of PyTorch's running log-sum-exps: logaddexp folded from -inf
    # (so a first element -0.0 gives 0.0, as there).
    acc = -INF
    for x in xs:
        acc = _flogaddexp(acc, x)
    return acc


def _cumprod_rule(out: Any, *xs: Any) -> tuple:
    # One prefix of a running product, with PyTorch's cumprod backward: without a
    # zero, out / x_i; with one, under create_graph the product of the other
    # factors (its differentiable form), else that product for the first zero only
    # and +0.0 for every other factor (its backward leaves those places at zero).
    z = next((k for k, x in enumerate(xs) if data(x) == 0.0), None)
    if z is None:
        return tuple(div(out, x) for x in xs)
    others = _exclusive_products(xs)
    if type(xs[0]) is not float:
        return others
    return tuple(d if k == z else IGNORED for k, d in enumerate(others))


def _logcumsumexp_rule(out: Any, *xs: Any) -> tuple:
    # d/dx_i log(sum exp(x)) = exp(x_i - out), PyTorch's formula (no chain of steps).
    return tuple(exp(x - out) for x in xs)


def _nextafter_rule(out: Any, a: Any, b: Any) -> tuple:
    # PyTorch passes the gradient to the first operand, except where the two are equal.
    return (0.0 if data(a) == data(b) else 1.0), 0.0


def _fldexp(a: float, b: float) -> float:
    return a * S._pow(2.0, b)  # PyTorch's: self * 2 ** other


def _ldexp_rule(out: Any, a: Any, b: Any) -> tuple:
    scale = power(2.0, b)
    return scale, a * _LN2 * scale


def _ldexp_int_rule(out: Any, a: Any, b: Any) -> tuple:
    # With an integer exponent PyTorch's derivative 2 ** other is an integer power:
    # 0 for a negative exponent.
    scale = power(2.0, b)
    return (scale if data(b) >= 0.0 else 0.0), a * _LN2 * scale


def _fangle(a: float) -> float:
    # The argument of a real number: pi below zero, 0 elsewhere (nan stays nan).
    return a if a != a else (math.pi if a < 0.0 else 0.0)


def _frsqrt(a: float) -> float:
    return _fdiv(1.0, _fsqrt(a))


def _rsqrt_rule(out: Any, a: Any) -> tuple:
    return (-0.5 * (out * out * out),)  # products, not ** 3 (which raises on overflow)


def _gauss(out: Any, a: Any) -> tuple:
    return (_TWO_OVER_SQRT_PI * exp(-(a * a)),)


def _gauss_neg(out: Any, a: Any) -> tuple:
    return (-_TWO_OVER_SQRT_PI * exp(-(a * a)),)


def _erfinv_rule(out: Any, a: Any) -> tuple:
    return (0.5 * math.sqrt(math.pi) * exp(out * out),)


def _logaddexp_rule(out: Any, a: Any, b: Any) -> tuple:
    return div(1.0, 1.0 + exp(b - a)), div(1.0, 1.0 + exp(a - b))


def _logaddexp2_rule(out: Any, a: Any, b: Any) -> tuple:
    return div(1.0, 1.0 + power(2.0, b - a)), div(1.0, 1.0 + power(2.0, a - b))


def _zero(out: Any, *xs: Any) -> tuple:
    return (IGNORED,) * len(xs)


# fmt: off
_ROWS = [
    # name        symbol       forward                  local derivatives d out / d input
    Op("tan",      "tan",      _safe(math.tan),        lambda out, a: (1.0 + out * out,)),
    Op("asin",     "asin",     _safe(math.asin),       lambda out, a: (_rsqrt(-a * a + 1.0),)),
    Op("acos",     "acos",     _safe(math.acos),       lambda out, a: (-_rsqrt(-a * a + 1.0),)),
    Op("atan",     "atan",     math.atan,              lambda out, a: (div(1.0, a * a + 1.0),)),
    Op("sinh",     "sinh",     _safe(math.sinh),       lambda out, a: (_row("cosh")(a),)),
    Op("cosh",     "cosh",     _safe(math.cosh),       lambda out, a: (_row("sinh")(a),)),
    Op("asinh",    "asinh",    math.asinh,             lambda out, a: (_rsqrt(a * a + 1.0),)),
    Op("acosh",    "acosh",    _safe(math.acosh),      lambda out, a: (_rsqrt(a * a - 1.0),)),
    Op("atanh",    "atanh",    _fatanh,                lambda out, a: (div(1.0, 1.0 - a * a),)),
    Op("expm1",    "expm1",    _safe(math.expm1),      lambda out, a: (out + 1.0,)),
    Op("exp2",     "exp2",     lambda a: S._pow(2.0, a), lambda out, a: (out * _LN2,)),
    Op("log2",     "log2",     _safe(math.log2, -INF),       lambda out, a: (div(1.0, a * _LN2),)),
    Op("log10",    "log10",    _safe(math.log10, -INF),      lambda out, a: (div(1.0, a * _LN10),)),
    Op("erf",      "erf",      math.erf,               _gauss),
    Op("erfc",     "erfc",     math.erfc,              _gauss_neg),
    Op("erfinv",   "erfinv",   S.erfinv,               _erfinv_rule),
    Op("lgamma",   "lgamma",   S.lgamma,               lambda out, a: (_row("digamma")(a),)),
    Op("digamma",  "ψ",        S.digamma,              lambda out, a: (polygamma_value(1, a),)),
    Op("rsqrt",    "rsqrt",    _frsqrt,                _rsqrt_rule),
    Op("sinc",     "sinc",     _sinc,                  _sinc_rule),
    Op("deg2rad",  "deg2rad",  lambda a: a * _PI_180,  lambda out, a: (_PI_180,), saves=False),
    Op("rad2deg",  "rad2deg",  lambda a: a * _180_PI,  lambda out, a: (_180_PI,), saves=False),
    Op("floor",    "floor",    _round_to(math.floor),  _zero, saves=False),
    Op("ceil",     "ceil",     _round_to(math.ceil),   _zero, saves=False),
    Op("trunc",    "trunc",    _round_to(math.trunc),  _zero, saves=False),
    Op("round",    "round",    _round_to(round),       _zero, saves=False),
    Op("frac",     "frac",     _frac,                  lambda out, a: (1.0,), saves=False),
    Op("hypot",    "hypot",    math.hypot,  lambda out, a, b: (div(a, out), div(b, out))),
    Op("atan2",    "atan2",    math.atan2,             _atan2_rule),
    Op("copysign", "copysign", math.copysign,          _copysign_rule),
    Op("fmod",     "fmod",     _ffmod,                 _fmod_rule),
    Op("xlogy",    "xlogy",    _fxlogy,                _xlogy_rule),
    Op("heaviside", "H",       _fheaviside,            _zero, saves=False),
    Op("lerp",     "lerp",     _flerp,                 lambda out, a, b, w: (1.0 - w, w, b - a)),
    Op("fmax",     "fmax",     _fmax2,                 _fmax_rule),
    Op("fmin",     "fmin",     _fmin2,                 _fmin_rule),
    Op("logaddexp", "logaddexp", _flogaddexp,          _logaddexp_rule),
    Op("logaddexp2", "logaddexp2", _flogaddexp2,       _logaddexp2_rule),
    Op("nextafter", "nextafter", math.nextafter,       _nextafter_rule, saves=False),
    Op("nextafter_f32", "nextafter", _nextafter_f32,   _nextafter_rule, saves=False),
    Op("logcumsumexp", "logΣexp", _flogcumsumexp,     _logcumsumexp_rule),
    Op("cumprod",  "Π",        _fprod,                 _cumprod_rule),
    Op("ldexp",    "ldexp",    _fldexp,                _ldexp_rule),
    Op("ldexp_int", "ldexp",   _fldexp,                _ldexp_int_rule),
    Op("angle",    "angle",    _fangle,                _zero, saves=False),
]
# fmt: on

for _op in _ROWS:
    OPS[_op.name] = _op


@functools.cache
def polygamma_op(n: int) -> Op:
    """The row of the n-th derivative of digamma (its own derivative: the next row).

    >>> round(polygamma_op(1).forward(1.0), 8)  # pi**2 / 6, within PyTorch's series' error
    1.64493407
    """
    if n == 0:
        return OPS["digamma"]

    def rule(out: Any, a: Any) -> tuple:
        return (polygamma_value(n + 1, a),)

    return Op("polygamma", f"ψ{n}", lambda a: S.polygamma(n, a), rule)


def polygamma_value(n: int, x: Any) -> Any:
    """``polygamma(n, x)`` of a float (a float) or of a Value (a Value).

    >>> round(polygamma_value(1, 1.0), 6)
    1.644934
    """
    op = polygamma_op(n)
    return op.forward(x) if type(x) is float else apply(op, x)


@functools.cache
def round_decimals_op(decimals: int) -> Op:
    """``round(x, decimals)`` as PyTorch computes it: ``nearbyint(x * 10**d) / 10**d``
    (for a negative d, ``nearbyint(x / 10**-d) * 10**-d``); derivative 0.

    >>> round_decimals_op(2).forward(1.005), round_decimals_op(-1).forward(15.0)
    (1.0, 20.0)
    """
    p = 10.0 ** abs(decimals)
    near = _round_to(round)

    def forward(a: float) -> float:
        if decimals < 0:
            return near(a / p) * p
        return near(a * p) / p

    return Op("round", "round", forward, lambda out, a: (IGNORED,), saves=False)


@functools.cache
def logit_op(eps: Any = None) -> Op:
    """``log(x / (1 - x))``; with ``eps``, x clamped to [eps, 1 - eps] first (its
    derivative then 0 outside); without, nan outside [0, 1], as PyTorch's.

    >>> logit_op().forward(0.5), logit_op(0.25).backward(-1.0, 0.0)
    (0.0, (0.0,))
    """
    lo, hi = (None, None) if eps is None else (float(eps), 1.0 - float(eps))

    def forward(a: float) -> float:
        if lo is not None:
            a = lo if a < lo else hi if a > hi else a
        return _flog(_fdiv(a, 1.0 - a))

    def rule(out: Any, a: Any) -> tuple:
        x = data(a)
        if lo is None:
            if x < 0.0 or x > 1.0:
                return (NAN,)
            if x == 0.0:  # 1 / (x (1 - x)) at either zero: PyTorch's +inf
                return (INF,)
        elif x < lo or x > hi:
            return (IGNORED,)
        return (div(1.0, a * (1.0 - a)),)

    return Op("logit", "logit", forward, rule)


@functools.cache
def nan_to_num_op(nan: float, posinf: float, neginf: float) -> Op:
    """nan, inf and -inf replaced by the given numbers; derivative 1 where x is finite.

    >>> nan_to_num_op(0.0, 9.0, -9.0).forward(math.inf)
    9.0
    """

    def forward(a: float) -> float:
        if a != a:
            return nan
        return posinf if a == INF else neginf if a == -INF else a

    def rule(out: Any, a: Any) -> tuple:
        return (1.0 if math.isfinite(data(a)) else 0.0,)

    return Op("nan_to_num", "nan_to_num", forward, rule, saves=False)
