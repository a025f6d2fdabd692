"""More rows of the op table: the special functions of ``torch.special``.

Kept apart from ``ops_special.py`` (which holds the functions of the ``torch``
namespace) so each file stays one sitting long; the rows go into the same
table, :data:`autograd_scalar.ops.OPS`, forward beside rule. The forwards
are in ``_special_more.py``; each rule is PyTorch's formula from
``derivatives.yaml``. Where PyTorch has no derivative (``igamma`` and
``igammac`` with respect to their first argument, ``zeta`` with respect to
its first) the local derivative is a :class:`NoDerivative`: computing with it
raises PyTorch's NotImplementedError, so the error comes when a backward
pass needs that derivative, and only then, as in PyTorch.

>>> from autograd_scalar.ops import OPS
>>> OPS["digamma_f32"].backward(0.0, 1.0)[0]  # trigamma(1) in float32 arithmetic
1.644934058189392
"""

from __future__ import annotations

import math
from typing import Any, Callable

from . import _special as S
from . import _special_more as M
from ._floats import _flog1p
from .ops import OPS, Op, data, div, exp, log
from .ops_special import polygamma_value
from .value import apply

NAN = math.nan
INF = math.inf
_EPS = 2.220446049250313e-16  # PyTorch's "tiny" for i1 and i1e: |x| at most epsilon
_INV_SQRT_2PI = 0.3989422804014327
_SQRT1_2 = 0.7071067811865476
_SQRT_2PI = 2.5066282746310002
_TWO_OVER_SQRT_PI = 1.1283791670955126


class NoDerivative(float):
    """A local derivative PyTorch does not implement (a nan that refuses arithmetic):
    multiplying a gradient by it raises PyTorch's NotImplementedError.

    >>> d = NoDerivative("igamma: input")
    >>> try:
    ...     1.0 * d
    ... except NotImplementedError as e:
    ...     print(e)
    the derivative for 'igamma: input' is not implemented.
    """

    def __new__(cls, what: str) -> "NoDerivative":
        obj = super().__new__(cls, NAN)
        obj.what = what
        return obj

    def _refuse(self, *others: Any) -> Any:
        raise NotImplementedError(f"the derivative for '{self.what}' is not implemented.")

    __mul__ = __rmul__ = __add__ = __radd__ = __truediv__ = __rtruediv__ = _refuse


def _row(name: str) -> Callable[..., Any]:
    # A row as a function for rules: floats give a float, Values a Value.
    def f(*xs: Any) -> Any:
        op = OPS[name]
        return op.forward(*xs) if all(type(x) is float for x in xs) else apply(op, *xs)

    return f


def _trigamma_f32(x: Any) -> Any:
    return _row("trigamma_f32")(x)


def _sgn(x: Any) -> float:
    v = data(x)
    return 1.0 if v > 0.0 else -1.0 if v < 0.0 else 0.0 if v == 0.0 else NAN


def _i1_rule(out: Any, a: Any) -> tuple:
    # PyTorch's: 1/2 where |x| <= epsilon (i0(x) - i1(x)/x would be 0/0 at 0).
    if not abs(data(a)) > _EPS:  # nan too, as in PyTorch
        return (0.5,)
    return (_row("i0")(a) - div(out, a),)


def _i1e_rule(out: Any, a: Any) -> tuple:
    if not abs(data(a)) > _EPS:  # nan too, as in PyTorch
        return (0.5,)
    return (_row("i0e")(a) - out * (_sgn(a) + div(1.0, a)),)


def _ndtr_rule(out: Any, a: Any) -> tuple:
    # The chain rule through PyTorch's composition (1 + erf(x / sqrt 2)) * 0.5, with
    # its rounding: exp(-t**2) of t = x / sqrt 2 (not of x**2 / 2, which far in the
    # tail differs in the last digits of the exponent, and exp magnifies them).
    t = a * _SQRT1_2
    return (exp(-(t * t)) * _TWO_OVER_SQRT_PI * 0.5 * _SQRT1_2,)


def _xlog1py_rule(out: Any, x: Any, y: Any) -> tuple:
    # d/dx: log1p(y), PyTorch's 0 where x is 0 and y <= -1; d/dy: x / (1 + y).
    xd, yd = data(x), data(y)
    dx = 0.0 if (xd == 0.0 and yd <= -1.0) else _log1p(y)
    return dx, div(x, y + 1.0)


def _log1p(y: Any) -> Any:
    return _flog1p(y) if type(y) is float else y.log1p()


def _igamma_rule(sign: float, name: str) -> Callable[..., tuple]:
    def rule(out: Any, a: Any, x: Any) -> tuple:
        # d/dx: x**(a - 1) exp(-x) / Gamma(a), PyTorch's formula; no derivative in a.
        density = exp((a - 1.0) * log(x) - x - _row("lgamma")(a))
        return NoDerivative(f"{name}: input"), density * sign

    return rule


def _zeta_rule(out: Any, s: Any, q: Any) -> tuple:
    return NoDerivative("zeta"), -s * _row("zeta")(s + 1.0, q)


def _mantissa(x: float) -> float:
    return math.frexp(x)[0]


def _mantissa_rule(out: Any, a: Any) -> tuple:
    # PyTorch's grad / exp2(exponent), the exponent piecewise constant; exp2 of its
    # int32 exponent is a float32, 0 below 2**-149 and inf above 2**127.
    e = math.frexp(data(a))[1]
    return (INF if e < -149 else 0.0 if e > 127 else 2.0**-e,)


# fmt: off
_ROWS = [
    # name            symbol  forward             local derivatives d out / d input
    # float32 tensors: PyTorch's trigamma runs in float arithmetic (large errors near
    # the poles, which its derivative, digamma's gradient, shows).
    Op("trigamma_f32", "ψ1",  M.trigamma_f32,     lambda out, a: (polygamma_value(2, a),)),
    Op("digamma_f32",  "ψ",   S.digamma,          lambda out, a: (_trigamma_f32(a),)),
    Op("i0",        "I0",     M.i0,               lambda out, a: (_row("i1")(a),)),
    Op("i0e",       "I0e",    M.i0e,              lambda out, a: (_row("i1e")(a) - _sgn(a) * out,)),
    Op("i1",        "I1",     M.i1,               _i1_rule),
    Op("i1e",       "I1e",    M.i1e,              _i1e_rule),
    Op("ndtr",      "Φ",      M.ndtr,             _ndtr_rule),
    Op("ndtri",     "Φ⁻¹",    M.ndtri,    lambda out, a: (exp(out * out * 0.5) * _SQRT_2PI,)),
    Op("log_ndtr",  "logΦ",   M.log_ndtr,
       lambda out, a: (exp(-(out + a * a * 0.5)) * _INV_SQRT_2PI,)),
    Op("erfcx",     "erfcx",  M.erfcx,    lambda out, a: (a * out * 2.0 - _TWO_OVER_SQRT_PI,)),
    Op("xlog1py",   "xlog1py", M.xlog1py,         _xlog1py_rule),
    Op("entr",      "entr",   M.entr,             lambda out, a: (-(log(a) + 1.0),)),
    Op("zeta",      "ζ",      S.zeta,             _zeta_rule),
    Op("igamma",    "P",      M.igamma,           _igamma_rule(1.0, "igamma")),
    Op("igammac",   "Q",      M.igammac,          _igamma_rule(-1.0, "igammac")),
    Op("mantissa",  "frexp",  _mantissa,          _mantissa_rule, saves=False),
]
# fmt: on

for _op in _ROWS:
    OPS[_op.name] = _op
