"""Every scalar op in one table: its forward function beside its local derivatives.

An entry is an :class:`Op`. ``forward(*xs)`` computes the result from the
inputs' data; ``backward(out, *xs)`` returns one local derivative
``d out / d x_i`` per input. Derivative rules are written once with the
functions of this module (``exp``, ``log``, ``div``, ...), which accept a float
or a :class:`~autograd_scalar.Value` alike. The engine calls a rule with
floats in the forward pass (the derivatives are computed once and stored on the
node) and with Values under ``create_graph=True``, so that the gradient itself
becomes a graph and higher derivatives come for free.

Floats follow IEEE 754 as PyTorch does: ``exp(1000)`` is ``inf``, ``log(0)`` is
``-inf``, ``0/0`` is ``nan``. Python's OverflowError, ValueError and
ZeroDivisionError never escape from arithmetic here.

>>> from autograd_scalar.ops import OPS
>>> OPS["mul"].backward(6.0, 2.0, 3.0)   # d(a*b)/da = b, d(a*b)/db = a
(3.0, 2.0)
"""

from __future__ import annotations

import functools
import math
import operator
from typing import Any, Callable

from ._floats import (
    IGNORED,
    _fcos,
    _fdiv,
    _fexp,
    _flog,
    _flog1p,
    _fmaximum,
    _fminimum,
    _fpow,
    _frelu,
    _fsigmoid,
    _fsin,
    _fsoftplus,
    _fsqrt,
    _fsum,
    _sign,
    _trunc_quotient,
)

INF = math.inf
NAN = math.nan


class Op:
    """One scalar operation: name, display symbol, forward and derivative rule.

    ``saves`` tells whether the node keeps values for its backward (as a
    PyTorch node keeps saved tensors); such nodes are freed after a backward
    without ``retain_graph``. An add or a sum saves nothing.

    >>> OPS["add"].symbol
    '+'
    """

    __slots__ = ("name", "symbol", "forward", "backward", "saves")

    def __init__(
        self,
        name: str,
        symbol: str,
        forward: Callable[..., float],
        backward: Callable[..., tuple],
        saves: bool = True,
    ) -> None:
        self.name = name
        self.symbol = symbol
        self.forward = forward
        self.backward = backward
        self.saves = saves

    def __repr__(self) -> str:
        return f"Op({self.name!r})"


# ---------------------------------------------------------------------------
# Functions for derivative rules: a float in, a float out; a Value in, a Value out
# ---------------------------------------------------------------------------


def data(x: Any) -> float:
    """The number inside ``x``: ``x.data`` for a Value, ``x`` itself for a float.

    >>> data(2.5)
    2.5
    """
    return x if type(x) is float else x.data


def div(a: Any, b: Any) -> Any:
    """``a / b`` with IEEE semantics on floats (``div(1.0, 0.0)`` is ``inf``).

    >>> div(1.0, 0.0)
    inf
    """
    if type(a) is float and type(b) is float:
        return _fdiv(a, b)
    return a / b


def pow(a: Any, b: Any) -> Any:  # noqa: A001 - mirrors math.pow / torch.pow
    """``a ** b`` with IEEE semantics on floats (``pow(0.0, -1.0)`` is ``inf``).

    >>> pow(2.0, 10.0)
    1024.0
    """
    if type(a) is float and type(b) is float:
        return _fpow(a, b)
    return a**b


def _dispatch(name: str, ffun: Callable[[float], float]) -> Callable[[Any], Any]:
    def f(x: Any) -> Any:
        if type(x) is float:
            return ffun(x)
        if isinstance(x, (int, float)) and not isinstance(x, bool):
            return ffun(float(x))
        return getattr(x, name)()

    f.__name__ = f.__qualname__ = name
    f.__doc__ = (
        f"``{name}`` of a number (a float back) or of a Value (a Value back).\n\n"
        f"    >>> from autograd_scalar import Value, {name}\n"
        f"    >>> {name}(Value(0.5)).data == {name}(0.5)\n"
        "    True\n"
    )
    return f


exp = _dispatch("exp", _fexp)
log = _dispatch("log", _flog)
log1p = _dispatch("log1p", _flog1p)
sqrt = _dispatch("sqrt", _fsqrt)
sin = _dispatch("sin", _fsin)
cos = _dispatch("cos", _fcos)
tanh = _dispatch("tanh", math.tanh)
sigmoid = _dispatch("sigmoid", _fsigmoid)
softplus = _dispatch("softplus", _fsoftplus)
relu = _dispatch("relu", _frelu)


# ---------------------------------------------------------------------------
# Derivative rules that need more than one line
# ---------------------------------------------------------------------------


def _pow_rule(out: Any, a: Any, b: Any) -> tuple:
    # PyTorch's pow_backward: the derivative in the base is 0 for a zero
    # exponent, and in the exponent it is 0 where the base is 0 and b >= 0
    # (instead of 0 * log(0) = nan).
    ad, bd = data(a), data(b)
    da = 0.0 if bd == 0.0 else b * pow(a, b - 1.0)
    db = 0.0 if (ad == 0.0 and bd >= 0.0) else out * log(a)
    return da, db


def _maximum_rule(out: Any, a: Any, b: Any) -> tuple:
    # A tie splits the gradient in half, as PyTorch's maximum does.
    ad, bd = data(a), data(b)
    if ad == bd:
        return 0.5, 0.5
    return (IGNORED if ad < bd else 1.0), (IGNORED if ad > bd else 1.0)


def _minimum_rule(out: Any, a: Any, b: Any) -> tuple:
    ad, bd = data(a), data(b)
    if ad == bd:
        return 0.5, 0.5
    return (IGNORED if ad > bd else 1.0), (IGNORED if ad < bd else 1.0)


def _sum_rule(out: Any, *xs: Any) -> tuple:
    return (1.0,) * len(xs)


def _fdot(*xs: float) -> float:
    # x . y + c: the inputs are x_1..x_k, y_1..y_k, and c when their count is odd.
    # Each product is rounded, then one correctly rounded sum, so the result is
    # the float that the sum node of k mul nodes gives.
    k = len(xs) // 2
    return _fsum(*map(operator.mul, xs[:k], xs[k : 2 * k]), *xs[2 * k :])


def _dot_rule(out: Any, *xs: Any) -> tuple:
    # d(x . y + c)/dx_i = y_i, d/dy_i = x_i, d/dc = 1: the other factor, a float
    # or (under create_graph) a Value, so second derivatives flow through it.
    k = len(xs) // 2
    return xs[k : 2 * k] + xs[:k] + (1.0,) * (len(xs) - 2 * k)


def _ffmod(a: float, b: float) -> float:
    try:
        return math.fmod(a, b)  # exact, as C's fmod
    except ValueError:  # fmod(inf, b) or fmod(a, 0): C gives nan
        return NAN


def _floor_quotient(a: float, b: float) -> float:
    # PyTorch's div(a, b, rounding_mode="floor") on floats, from the exact fmod.
    if b == 0.0:
        return _fdiv(a, b)
    mod = _ffmod(a, b)
    q = (a - mod) / b
    if mod != 0.0 and (b < 0.0) != (mod < 0.0):
        q -= 1.0
    if q != q or q in (INF, -INF):
        return q
    if q == 0.0:
        return math.copysign(0.0, _fdiv(a, b))
    fq = float(math.floor(q))
    return fq + 1.0 if q - fq > 0.5 else fq


def _fremainder(a: float, b: float) -> float:
    # PyTorch's remainder: fmod, moved into the divisor's sign (Python's convention).
    mod = _ffmod(a, b)
    if mod != 0.0 and (b < 0.0) != (mod < 0.0):
        mod += b
    return mod


def _remainder_rule(out: Any, a: Any, b: Any) -> tuple:
    # PyTorch's: the floor of the quotient is piecewise constant (derivative 0).
    return 1.0, -_floor_quotient(data(a), data(b))


def _fmax(*xs: float) -> float:
    best = xs[0]
    for x in xs:
        if x != x:
            return x  # nan wins
        if x > best:
            best = x
    return best


def _fmin(*xs: float) -> float:
    best = xs[0]
    for x in xs:
        if x != x:
            return x
        if x < best:
            best = x
    return best


def _extreme_rule(out: Any, *xs: Any) -> tuple:
    # PyTorch's evenly_distribute_backward: elements equal to the result (the
    # nans, when the result is nan) share the gradient equally.
    m = data(out)
    hits = [(data(x) != data(x)) if m != m else data(x) == m for x in xs]
    share = 1.0 / sum(hits)
    return tuple(share if hit else IGNORED for hit in hits)


def _softplus_rule(beta: float, threshold: float) -> Callable[..., tuple]:
    # PyTorch's softplus_backward: z / (z + 1) with z = exp(beta * x), 1 where
    # beta * x > threshold. Its double backward keeps beta * x < threshold, so
    # exactly at the threshold the derivative is a constant (no second derivative).
    def rule(out: Any, a: Any) -> tuple:
        x = data(a) * beta
        if x > threshold:
            return (1.0,)
        if x == threshold:
            z = _fexp(x)
            return (z / (z + 1.0),)
        z = exp(a * beta)
        return (div(z, z + 1.0),)

    return rule


def _fclamp(x: float, lo: float, hi: float) -> float:
    # min(max(x, lo), hi), so hi wins when lo > hi; a nan anywhere gives nan.
    if x != x or lo != lo or hi != hi:
        return NAN
    m = lo if x < lo else x
    return hi if hi < m else m


def _clamp_rule(out: Any, x: Any, lo: Any, hi: Any) -> tuple:
    # PyTorch's clamp_backward and clamp_backward_min_max: x's gradient passes
    # where lo <= x <= hi (ties included); lo gets it where x < lo < hi, hi where
    # x > hi or hi < lo. A missing bound is -inf or inf. nan: 0 for all three.
    # With no upper bound (inf) this is PyTorch's clamp_min: lo gets it where x < lo,
    # an infinite lo included.
    a, low, high = data(x), data(lo), data(hi)
    return (
        1.0 if low <= a <= high else IGNORED,
        1.0 if a < low and (low < high or high == INF) else IGNORED,
        1.0 if (a > high or high < low) else IGNORED,
    )


def _fbce(x: float, y: float) -> float:
    # PyTorch's binary cross entropy of one element: each log clamped at -100.
    return (y - 1.0) * max(_flog1p(-x), -100.0) - y * max(_flog(x), -100.0)


_BCE_EPSILON = 9.999999960041972e-13  # PyTorch's EPSILON: 1e-12 as a C float


def _bce_rule(out: Any, x: Any, y: Any) -> tuple:
    # PyTorch's: (x - y) / max(x (1 - x), EPSILON) for the input, so at x = 0 or 1
    # the gradient is large and finite (not 0 * inf); -logit(x) for the target.
    d = (1.0 - x) * x
    if data(d) < _BCE_EPSILON:
        d = _BCE_EPSILON
    return div(x - y, d), -log(div(x, 1.0 - x))


def _flog_sigmoid(a: float) -> float:
    # PyTorch's log_sigmoid: min(x, 0) - log1p(exp(-|x|)), finite wherever it can be.
    return min(a, 0.0) - _flog1p(_fexp(-math.fabs(a)))


def _log_sigmoid(x: Any) -> Any:
    if type(x) is float:
        return _flog_sigmoid(x)
    return x.minimum(0.0) - log1p(exp(-abs(x)))


def _bce_logits_forward(pos_weight: float) -> Callable[..., float]:
    # PyTorch's: (1 - y) x - (1 + (pos_weight - 1) y) log_sigmoid(x).
    def forward(x: float, y: float) -> float:
        return (1.0 - y) * x - (1.0 + (pos_weight - 1.0) * y) * _flog_sigmoid(x)

    return forward


def _bce_logits_rule(pos_weight: float) -> Callable[..., tuple]:
    # PyTorch's backward: (1 + (pw - 1) y) sigmoid(x) - pw y for the logit (0 at a
    # -inf logit with y = 0, not 0 * inf); for the target -x, or with a pos_weight
    # log_sigmoid(-x) - pw log_sigmoid(x) (the same, written so that a -inf logit
    # gives inf rather than inf - inf).
    def rule(out: Any, x: Any, y: Any) -> tuple:
        dx = (1.0 + (pos_weight - 1.0) * y) * sigmoid(x) - pos_weight * y
        if pos_weight == 1.0:
            return dx, -x
        return dx, _log_sigmoid(-x) - pos_weight * _log_sigmoid(x)

    return rule


def _count_rule(out: Any, *xs: Any) -> tuple:
    # PyTorch's amax/amin backward: gradient / count * (x == out). With no element
    # equal to the result (it is nan) that is 0 * inf, nan for every element.
    m = data(out)
    hits = [data(x) == m for x in xs]
    k = sum(hits)
    if k == 0:
        return (NAN,) * len(xs)
    return tuple(1.0 / k if hit else 0.0 for hit in hits)


def _max_pool_rule(out: Any, *xs: Any) -> tuple:
    # PyTorch's max_pool kernels keep one index per window, the first largest
    # element (a later nan replaces it): the whole gradient goes there.
    best, at = -INF, 0
    for k, x in enumerate(xs):
        v = data(x)
        if v > best or v != v:
            best, at = v, k
    return tuple(1.0 if k == at else IGNORED for k in range(len(xs)))


def _fmax_pool(*xs: float) -> float:
    best = -INF
    for x in xs:
        if x > best or x != x:
            best = x
    return best


def _tied_rule(out: Any, *xs: Any) -> tuple:
    # PyTorch's inf-norm backward: the elements equal to the result share the
    # gradient; with none equal (a nan result) every element gets 0.
    m = data(out)
    hits = [data(x) == m for x in xs]
    k = sum(hits)
    return tuple(1.0 / k if hit else 0.0 for hit in hits)


def _sqrt_or_zero_rule(out: Any, a: Any) -> tuple:
    # sqrt's derivative, taken as 0 where the result is 0 (PyTorch masks the
    # 1 / (2 * 0) of std and of the 2-norm at zero the same way).
    return (0.0 if data(out) == 0.0 else div(0.5, out),)


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------

# fmt: off
_TABLE = [
    #   name       symbol  forward                      local derivatives d out / d input
    Op("add",      "+",    lambda a, b: a + b,          lambda out, a, b: (1.0, 1.0), saves=False),
    Op("sub",      "-",    lambda a, b: a - b,          lambda out, a, b: (1.0, -1.0), saves=False),
    Op("mul",      "*",    lambda a, b: a * b,          lambda out, a, b: (b, a)),
    Op("div",      "/",    _fdiv,                       lambda out, a, b: (div(1.0, b), -div(out, b))),
    Op("pow",      "**",   _fpow,                       _pow_rule),
    Op("neg",      "neg",  lambda a: -a,                lambda out, a: (-1.0,), saves=False),
    Op("copy",     "copy", lambda a: a,                 lambda out, a: (1.0,), saves=False),
    Op("exp",      "exp",  _fexp,                       lambda out, a: (out,)),
    Op("log",      "log",  _flog,                       lambda out, a: (div(1.0, a),)),
    Op("log1p",    "log1p", _flog1p,                    lambda out, a: (div(1.0, 1.0 + a),)),
    Op("sqrt",     "sqrt", _fsqrt,                      lambda out, a: (div(0.5, out),)),
    Op("sin",      "sin",  _fsin,                       lambda out, a: (cos(a),)),
    Op("cos",      "cos",  _fcos,                       lambda out, a: (-sin(a),)),
    Op("tanh",     "tanh", math.tanh,                   lambda out, a: (1.0 - out * out,)),
    Op("sigmoid",  "σ",    _fsigmoid,                   lambda out, a: (out * (1.0 - out),)),
    Op("softplus", "softplus", _fsoftplus,              _softplus_rule(1.0, 20.0)),
    Op("relu",     "relu", _frelu,                      lambda out, a: (IGNORED if data(a) <= 0.0 else 1.0,)),
    Op("abs",      "abs",  math.fabs,                   lambda out, a: (_sign(data(a)),)),
    Op("maximum",  "max",  _fmaximum,                   _maximum_rule),
    Op("minimum",  "min",  _fminimum,                   _minimum_rule),
    Op("sum",      "Σ",    _fsum,                       _sum_rule, saves=False),
    Op("dot",      "·",    _fdot,                       _dot_rule),
    Op("sign",     "sign", _sign,                       lambda out, a: (IGNORED,), saves=False),
    Op("remainder", "%",   _fremainder,                 _remainder_rule),
    # Rounded quotients are piecewise constant: derivative 0 (PyTorch's DivBackward2).
    Op("div_floor", "//",  _floor_quotient,             lambda out, a, b: (IGNORED, IGNORED), saves=False),
    Op("div_trunc", "trunc/", _trunc_quotient,          lambda out, a, b: (IGNORED, IGNORED), saves=False),
    Op("max",      "max",  _fmax,                       _extreme_rule),
    Op("min",      "min",  _fmin,                       _extreme_rule),
    Op("amax",     "amax", _fmax,                       _count_rule),
    Op("amin",     "amin", _fmin,                       _count_rule),
    Op("sqrt_or_zero", "sqrt", _fsqrt,                  _sqrt_or_zero_rule),
    Op("norm_max", "max",  _fmax,                       _tied_rule),
    Op("norm_min", "min",  _fmin,                       _tied_rule),
    Op("bce",      "BCE",  _fbce,                       _bce_rule),
    Op("bce_logits", "BCE", _bce_logits_forward(1.0),   _bce_logits_rule(1.0)),
    Op("clamp",    "clamp", _fclamp,                    _clamp_rule),
    Op("max_pool", "max",  _fmax_pool,                  _max_pool_rule),
]
# fmt: on

OPS: dict[str, Op] = {op.name: op for op in _TABLE}


# ---------------------------------------------------------------------------
# Parametrised entries: the row for given parameters, made once per parameters
# ---------------------------------------------------------------------------


@functools.cache
def leaky_relu_op(negative_slope: float = 0.01) -> Op:
    """The row of ``leaky_relu`` with this slope: ``x`` above 0, ``slope * x`` elsewhere
    (derivative ``slope`` at 0, as PyTorch's).

    >>> op = leaky_relu_op(0.2)
    >>> op.forward(-1.0), op.backward(-0.2, -1.0), op is leaky_relu_op(0.2)
    (-0.2, (0.2,), True)
    """
    s = float(negative_slope)
    return Op(
        "leaky_relu",
        "leaky_relu",
        lambda a: a if a > 0.0 else a * s,
        lambda out, a: (1.0 if data(a) > 0.0 else s,),
    )


@functools.cache
def softplus_op(beta: float = 1.0, threshold: float = 20.0) -> Op:
    """The row of ``softplus`` with these parameters: ``log1p(exp(beta * x)) / beta``,
    ``x`` itself where ``beta * x > threshold``; the derivative is PyTorch's
    ``z / (z + 1)`` with ``z = exp(beta * x)`` (1 above the threshold).

    >>> softplus_op(2.0, 20.0).forward(30.0), softplus_op(2.0, 20.0).backward(30.0, 30.0)
    (30.0, (1.0,))
    """
    if beta == 1.0 and threshold == 20.0:
        return OPS["softplus"]
    b, t = float(beta), float(threshold)

    def forward(a: float) -> float:
        return a if a * b > t else _fdiv(_flog1p(_fexp(a * b)), b)

    return Op("softplus", "softplus", forward, _softplus_rule(b, t))


def _fprod(*xs: float) -> float:
    out = 1.0
    for x in xs:
        out *= x
    return out


def _exclusive_products(xs: tuple) -> tuple:
    # d(x_0 ... x_n)/dx_i as the product of the others, left part times right part:
    # PyTorch's prod_safe_zeros_backward (no division, so zeros are fine).
    n = len(xs)
    left, right = [1.0] * n, [1.0] * n
    for i in range(1, n):
        left[i] = left[i - 1] * xs[i - 1]
        right[n - 1 - i] = right[n - i] * xs[n - i]
    return tuple(a * b for a, b in zip(left, right))


@functools.cache
def prod_op(backward: str) -> Op:
    """The n-ary product row, with one of PyTorch's three backward formulas:
    ``"divide"``, ``out / x_i`` (nan at an infinite x_i; no zero in the input),
    ``"others"``, the product of the other elements (a zero in the input), or
    ``"zero"`` (a product of all elements with two zeros or more).

    >>> prod_op("divide").backward(6.0, 2.0, 3.0), prod_op("others").backward(0.0, 0.0, 3.0)
    ((3.0, 2.0), (3.0, 0.0))
    """
    if backward not in ("divide", "others", "zero"):
        raise ValueError(f"unknown prod backward {backward!r}")

    def rule(out: Any, *xs: Any) -> tuple:
        if backward == "others":
            return _exclusive_products(xs)
        if backward == "zero":
            return (0.0,) * len(xs)
        return tuple(div(out, x) for x in xs)

    return Op("prod", "Π", _fprod, rule)


@functools.cache
def var_op(correction: float) -> Op:
    """The n-ary variance row: ``sum((x - mean)^2) / (n - correction)``, with PyTorch's
    derivative ``2 (x_i - mean) / (n - correction)`` (the mean's own part, zero in
    exact arithmetic, is left out, so an infinite element gives nan only where it is).

    >>> var_op(1.0).forward(1.0, 3.0), var_op(1.0).backward(2.0, 1.0, 3.0)
    (2.0, (-2.0, 2.0))
    """
    c = float(correction)

    def forward(*xs: float) -> float:
        n = len(xs)
        mean = _fdiv(_fsum(*xs), float(n))
        return _fdiv(_fsum(*[(x - mean) * (x - mean) for x in xs]), max(0.0, n - c))

    def rule(out: Any, *xs: Any) -> tuple:
        n = len(xs)
        floats = all(type(x) is float for x in xs)
        mean = div(_fsum(*xs) if floats else sum(xs), float(n))
        return tuple(div(2.0 * (x - mean), max(0.0, n - c)) for x in xs)

    return Op("var", "var", forward, rule)


@functools.cache
def bce_logits_op(pos_weight: float = 1.0) -> Op:
    """The row of binary cross entropy with logits ``(x, y)`` for this ``pos_weight``.

    >>> op = bce_logits_op(2.0)
    >>> op.backward(op.forward(-math.inf, 0.0), -math.inf, 0.0)[0]
    0.0
    """
    if pos_weight == 1.0:
        return OPS["bce_logits"]
    w = float(pos_weight)
    return Op("bce_logits", "BCE", _bce_logits_forward(w), _bce_logits_rule(w))


@functools.cache
def vector_norm_op(p: float) -> Op:
    """The n-ary row of the ``p``-norm ``(sum |x|^p)^(1/p)`` for a finite ``p`` other
    than 0, with PyTorch's derivatives: ``sgn(x) |x|^(p-1) / norm^(p-1)``, taken as 0
    where the norm is 0 (for p >= 1) or where x is 0 (for p < 1).

    >>> op = vector_norm_op(3.0)
    >>> op.forward(0.0, 0.0), op.backward(0.0, 0.0, 0.0)
    (0.0, (0.0, 0.0))
    """
    q = float(p)

    def forward(*xs: float) -> float:
        return _fpow(_fsum(*[_fpow(math.fabs(x), q) for x in xs]), 1.0 / q)

    def rule(out: Any, *xs: Any) -> tuple:
        if q < 1.0:
            scale = pow(out, 1.0 - q)
            return tuple(
                0.0 * scale if data(x) == 0.0 else _sign(data(x)) * pow(abs(x), q - 1.0) * scale
                for x in xs
            )
        if data(out) == 0.0:
            return (0.0,) * len(xs)
        scale = div(1.0, pow(out, q - 1.0))
        return tuple(_sign(data(x)) * pow(abs(x), q - 1.0) * scale for x in xs)

    return Op("norm", "norm", forward, rule)


OPS["leaky_relu"] = leaky_relu_op(0.01)
