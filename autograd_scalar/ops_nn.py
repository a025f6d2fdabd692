"""The op table's rows for neural-network functions: activations and pointwise losses.

Each row stands as the rows of :mod:`autograd_scalar.ops` do: a forward on
floats beside its local derivatives, written with duck-typed helpers so the
same rule runs on Values under ``create_graph=True``. Forwards follow the
formulas of PyTorch's CPU kernels (same operations in the same order, so the
same floats), and each rule is PyTorch's derivative, its choice at the kinks
included (``hardtanh``'s derivative is 0 at both bounds, ``hardswish``'s is
``x / 3 + 1 / 2`` at 3, ...). The rows are registered in the same ``OPS``
table; rows with parameters (``elu_op(alpha, scale, input_scale)``, ...) are
made once per parameters, as ``leaky_relu_op`` is.

>>> from autograd_scalar.ops import OPS
>>> OPS["silu"].forward(0.0), OPS["silu"].backward(0.0, 0.0)
(0.0, (0.5,))
"""

from __future__ import annotations

import functools
import math
from typing import Any

from ._floats import _fdiv, _fexp, _flog1p
from .ops import IGNORED, OPS, Op, data, exp, log, log1p, sigmoid, tanh
from .value import Value, apply

_SQRT1_2 = 0.70710678118654752440  # PyTorch's M_SQRT1_2
_PDF_SCALE = 1.12837916709551257390 * _SQRT1_2 * 0.5  # M_2_SQRTPI * M_SQRT1_2 / 2 = 1/sqrt(2 pi)
_TANH_BETA = 1.41421356237309504880 * 1.12837916709551257390 * 0.5  # sqrt(2 / pi)
_TANH_KAPPA = 0.044715
# PyTorch's hardsigmoid backward multiplies by 1/6 rounded to a C float, in every dtype.
_SIXTH = 0.1666666716337204


def _fexpm1(a: float) -> float:
    try:
        return math.expm1(a)
    except OverflowError:
        return math.inf


def _ftanh(a: float) -> float:
    return math.tanh(a)


# ---------------------------------------------------------------------------
# GELU: the normal distribution's cdf, and its two forms
# ---------------------------------------------------------------------------


def _fnormal_cdf(a: float) -> float:
    return 0.5 * (1.0 + math.erf(a * _SQRT1_2))


def _normal_cdf(x: Any) -> Any:
    # Phi(x) on a float or a Value: gelu's derivative needs it under create_graph.
    if type(x) is float:
        return _fnormal_cdf(x)
    return apply(OPS["normal_cdf"], x)


def _normal_cdf_rule(out: Any, a: Any) -> tuple:
    return (_PDF_SCALE * exp(a * a * -0.5),)


def _fgelu(a: float) -> float:
    return a * 0.5 * (1.0 + math.erf(a * _SQRT1_2))


def _gelu_rule(out: Any, a: Any) -> tuple:
    # PyTorch's GeluBackward: cdf + x pdf.
    return (_normal_cdf(a) + a * (_PDF_SCALE * exp(a * a * -0.5)),)


def _fgelu_tanh(a: float) -> float:
    inner = _TANH_BETA * (a + _TANH_KAPPA * (a * a * a))
    return 0.5 * a * (1.0 + math.tanh(inner))


def _gelu_tanh_rule(out: Any, a: Any) -> tuple:
    x_sq = a * a
    t = tanh(_TANH_BETA * (a + _TANH_KAPPA * (x_sq * a)))
    left, right = 0.5 * a, 1.0 + t
    right_derivative = left * (1.0 - t * t) * (_TANH_BETA * (1.0 + 3.0 * _TANH_KAPPA * x_sq))
    return (0.5 * right + right_derivative,)


# ---------------------------------------------------------------------------
# SiLU, Mish, log-sigmoid, the hard functions, PReLU
# ---------------------------------------------------------------------------


def _fsilu(a: float) -> float:
    return _fdiv(a, 1.0 + _fexp(-a))


def _silu_rule(out: Any, a: Any) -> tuple:
    s = sigmoid(a)
    return (s * (1.0 + a * (1.0 - s)),)


def _fmish(a: float) -> float:
    return a * math.tanh(_flog1p(_fexp(a)))


def _mish_rule(out: Any, a: Any) -> tuple:
    t = tanh(log1p(exp(a)))
    return (t + a * sigmoid(a) * (1.0 - t * t),)


def _flog_sigmoid(a: float) -> float:
    # PyTorch's: min(x, 0) - log1p(exp(-|x|)), -inf at -inf.
    return min(a, 0.0) - _flog1p(_fexp(-abs(a)))


def _log_sigmoid_rule(out: Any, a: Any) -> tuple:
    # PyTorch's: z = exp(-|x|); 1 - z / (1 + z) below 0, z / (1 + z) from 0 on. On
    # Values (create_graph) the same number as sigmoid(-x), whose own derivative is
    # smooth at 0 (|x| would give the second derivative a kink there).
    if type(a) is not float:
        return ((-a).sigmoid(),)
    z = _fexp(-abs(a))
    q = _fdiv(z, 1.0 + z)
    return (1.0 - q if a < 0.0 else q,)


def _fhardsigmoid(a: float) -> float:
    return min(max(a + 3.0, 0.0), 6.0) / 6.0 if a == a else a


def _hardsigmoid_rule(out: Any, a: Any) -> tuple:
    return (_SIXTH if -3.0 < data(a) < 3.0 else IGNORED,)


def _fhardswish(a: float) -> float:
    return a * min(max(a + 3.0, 0.0), 6.0) / 6.0 if a == a else a


def _hardswish_rule(out: Any, a: Any) -> tuple:
    x = data(a)
    if x < -3.0:
        return (IGNORED,)
    if x <= 3.0:
        return (a / 3.0 + 0.5,)
    return (1.0,)


def _fprelu(a: float, w: float) -> float:
    return a if a > 0.0 else w * a


def _prelu_rule(out: Any, a: Any, w: Any) -> tuple:
    if data(a) > 0.0:
        return 1.0, IGNORED
    return w, a


def _fxlogx(a: float) -> float:
    # PyTorch's xlogy(t, t): 0 at t = 0, nan for nan.
    if a == 0.0:
        return 0.0
    return a * math.log(a) if a > 0.0 else math.nan


def _xlogx_rule(out: Any, a: Any) -> tuple:
    # xlogy's two derivatives added: log(t) for the first argument (0 at t = 0) and
    # t / t for the second, which is 0 / 0 = nan at t = 0, as PyTorch gives.
    if data(a) == 0.0 or data(a) == math.inf:  # t / t is 0 / 0 or inf / inf
        return (math.nan,)
    return (log(a) + 1.0,)


def _fdiff_max(*xs: float) -> float:
    # max |x_k - y_k| over the pairs: inputs x_1..x_k, then y_1..y_k
    k = len(xs) // 2
    return max((math.fabs(xs[i] - xs[k + i]) for i in range(k)), default=0.0)


def _diff_max_rule(out: Any, *xs: Any) -> tuple:
    # PyTorch's cdist/pdist backward for p = inf: grad * sign(x - y) where |x - y| is
    # the distance (each tie in full), and a zero summed from +0.0 elsewhere.
    k = len(xs) // 2
    m = data(out)
    left: list = []
    right: list = []
    for i in range(k):
        d = data(xs[i]) - data(xs[k + i])
        if math.fabs(d) == m and d != 0.0:
            left.append(1.0 if d > 0 else -1.0)
            right.append(-1.0 if d > 0 else 1.0)
        else:
            left.append(IGNORED)
            right.append(IGNORED)
    return tuple(left + right)


# fmt: off
_TABLE = [
    #   name          symbol       forward          local derivatives d out / d input
    Op("diff_max",    "max|-|",    _fdiff_max,      _diff_max_rule),
    Op("normal_cdf",  "Φ",         _fnormal_cdf,    _normal_cdf_rule),
    Op("gelu",        "gelu",      _fgelu,          _gelu_rule),
    Op("gelu_tanh",   "gelu",      _fgelu_tanh,     _gelu_tanh_rule),
    Op("silu",        "silu",      _fsilu,          _silu_rule),
    Op("mish",        "mish",      _fmish,          _mish_rule),
    Op("log_sigmoid", "logσ",      _flog_sigmoid,   _log_sigmoid_rule),
    Op("hardsigmoid", "hardσ",     _fhardsigmoid,   _hardsigmoid_rule),
    Op("hardswish",   "hardswish", _fhardswish,     _hardswish_rule),
    Op("prelu",       "prelu",     _fprelu,         _prelu_rule),
    Op("xlogx",       "xlogx",     _fxlogx,         _xlogx_rule),
    # where's element: the first input's value; the second is ignored, yet reached,
    # as PyTorch's where backward gives the input it did not pick a +0.0
    Op("pick",        "where",     lambda a, b: a,  lambda out, a, b: (1.0, IGNORED), saves=False),
]
# fmt: on

OPS.update({op.name: op for op in _TABLE})


# ---------------------------------------------------------------------------
# Rows with parameters
# ---------------------------------------------------------------------------


@functools.cache
def elu_op(alpha: float = 1.0, scale: float = 1.0, input_scale: float = 1.0) -> Op:
    """ELU's row (SELU and CELU are ELUs): ``scale * x`` above 0, else
    ``alpha * scale * (exp(input_scale * x) - 1)``; PyTorch's derivative below 0 is
    ``input_scale * alpha * scale * exp(input_scale * x)``.

    >>> op = elu_op(1.0, 1.0, 1.0)
    >>> op.forward(0.0), op.backward(0.0, 0.0)
    (0.0, (1.0,))
    """
    neg, pos, inp = float(alpha) * float(scale), float(scale), float(input_scale)

    def forward(a: float) -> float:
        return _fexpm1(a * inp) * neg if a <= 0.0 else a * pos

    def rule(out: Any, a: Any) -> tuple:
        if data(a) <= 0.0:
            return (inp * neg * exp(a * inp),)
        return (pos,)

    return Op("elu", "elu", forward, rule)


@functools.cache
def hardtanh_op(min_val: float = -1.0, max_val: float = 1.0) -> Op:
    """``hardtanh``'s row: ``x`` clamped to ``[min_val, max_val]``; the derivative is 1
    strictly inside and 0 at the bounds and outside, as PyTorch's.

    >>> hardtanh_op(0.0, 6.0).forward(7.0), hardtanh_op(0.0, 6.0).backward(6.0, 6.0)
    (6.0, (0.0,))
    """
    lo, hi = float(min_val), float(max_val)

    def forward(a: float) -> float:
        if a != a:
            return a
        return hi if a > hi else (lo if a < lo else a)

    return Op(
        "hardtanh", "hardtanh", forward, lambda out, a: (1.0 if lo < data(a) < hi else IGNORED,)
    )


@functools.cache
def hardshrink_op(lambd: float = 0.5) -> Op:
    """``hardshrink``'s row: 0 on ``[-lambd, lambd]``, ``x`` elsewhere.

    >>> hardshrink_op(0.5).forward(0.5), hardshrink_op(0.5).forward(0.6)
    (0.0, 0.6)
    """
    lam = float(lambd)
    return Op(
        "hardshrink",
        "hardshrink",
        lambda a: 0.0 if -lam <= a <= lam else a,
        lambda out, a: (IGNORED if -lam <= data(a) <= lam else 1.0,),
    )


@functools.cache
def softshrink_op(lambd: float = 0.5) -> Op:
    """``softshrink``'s row: ``x - lambd`` above ``lambd``, ``x + lambd`` below
    ``-lambd``, 0 between.

    >>> softshrink_op(0.5).forward(2.0), softshrink_op(0.5).forward(-2.0)
    (1.5, -1.5)
    """
    lam = float(lambd)

    def forward(a: float) -> float:
        if a > lam:
            return a - lam
        if a < -lam:
            return a + lam
        return a * 0.0 if a != a else 0.0

    return Op(
        "softshrink",
        "softshrink",
        forward,
        lambda out, a: (IGNORED if -lam <= data(a) <= lam else 1.0,),
    )


@functools.cache
def threshold_op(threshold: float, value: float) -> Op:
    """``threshold``'s row: ``value`` where ``x <= threshold``, else ``x``.

    >>> threshold_op(1.0, 20.0).forward(0.5), threshold_op(1.0, 20.0).forward(1.5)
    (20.0, 1.5)
    """
    t, v = float(threshold), float(value)
    return Op(
        "threshold",
        "threshold",
        lambda a: v if a <= t else a,
        lambda out, a: (IGNORED if data(a) <= t else 1.0,),
    )


@functools.cache
def smooth_l1_op(beta: float = 1.0) -> Op:
    """The smooth L1 loss of one pair ``(x, y)``: ``0.5 d^2 / beta`` where ``|d| < beta``
    (``d = x - y``), ``|d| - 0.5 beta`` elsewhere; derivative ``d / beta`` clipped to
    ``[-1, 1]``, as PyTorch's.

    >>> smooth_l1_op(1.0).forward(3.0, 1.0), smooth_l1_op(1.0).backward(1.5, 3.0, 1.0)
    (1.5, (1.0, -1.0))
    """
    b = float(beta)

    def forward(x: float, y: float) -> float:
        z = abs(x - y)
        return 0.5 * z * z / b if z < b else z - 0.5 * b

    def rule(out: Any, x: Any, y: Any) -> tuple:
        d = data(x) - data(y)
        g = -1.0 if d < -b else (1.0 if d > b else (x - y) / b)
        return g, -g

    return Op("smooth_l1", "smoothL1", forward, rule)


@functools.cache
def huber_op(delta: float = 1.0) -> Op:
    """The Huber loss of one pair: ``0.5 d^2`` where ``|d| < delta``, else
    ``delta (|d| - 0.5 delta)``; derivative ``d`` clipped to ``[-delta, delta]``.

    >>> huber_op(1.0).forward(3.0, 1.0), huber_op(2.0).backward(2.0, 3.0, 0.0)
    (1.5, (2.0, -2.0))
    """
    dl = float(delta)

    def forward(x: float, y: float) -> float:
        z = abs(x - y)
        return 0.5 * z * z if z < dl else dl * (z - 0.5 * dl)

    def rule(out: Any, x: Any, y: Any) -> tuple:
        d = data(x) - data(y)
        g = -dl if d < -dl else (dl if d > dl else x - y)
        return g, -g

    return Op("huber", "huber", forward, rule)


def gelu(x: Value, approximate: str = "none") -> Value:
    """GELU of a Value: ``x Phi(x)``, or its tanh approximation.

    >>> round(gelu(Value(1.0)).data, 6), round(gelu(Value(1.0), "tanh").data, 6)
    (0.841345, 0.841192)
    """
    return apply(OPS["gelu_tanh" if approximate == "tanh" else "gelu"], x)
