"""Hypothesis strategies and helpers for property-based tests of autograd code.

Public, so that you can test your own engine (or grade a student's) the way
this project tests itself::

    from hypothesis import given
    from autograd_scalar import gradcheck
    from autograd_scalar.testing import op_inputs, expressions

    @given(op_inputs("log"))
    def test_log_gradient(xs):
        assert gradcheck(lambda x: x.log(), xs)

    @given(expressions(n_inputs=2))
    def test_any_expression(case):
        fn, xs = case
        assert gradcheck(fn, xs)

Requires ``hypothesis`` (installed with the ``dev`` extra).
"""

from __future__ import annotations

import functools
import math
from typing import Any, Callable, Optional

from hypothesis import strategies as st

from .ops import OPS
from .value import Value, apply

__all__ = [
    "DOMAINS",
    "NOT_DIFFERENTIABLE",
    "expressions",
    "finite_floats",
    "op_inputs",
    "values",
    "apply_op",
]


def finite_floats(
    min_value: float = -10.0, max_value: float = 10.0, away_from: tuple = (), margin: float = 1e-2
) -> st.SearchStrategy[float]:
    """Finite floats in ``[min_value, max_value]``, at least ``margin`` away from
    each point of ``away_from`` (kinks and poles, where central differences lie).
    No subnormals: products with them round so coarsely that a derivative read
    off them (``prod``'s ``out / x``, in PyTorch too) is not the calculus one.

    >>> from hypothesis import find
    >>> x = find(finite_floats(0.1, 5.0, away_from=(1.0,)), lambda x: x > 0.5)
    >>> 0.5 < x <= 5.0 and abs(x - 1.0) > 1e-2
    True
    """
    strategy = st.floats(
        min_value, max_value, allow_nan=False, allow_infinity=False, allow_subnormal=False
    )
    if away_from:
        strategy = strategy.filter(lambda x: all(abs(x - p) > margin for p in away_from))
    return strategy


def values(
    min_value: float = -10.0, max_value: float = 10.0, requires_grad: bool = True
) -> st.SearchStrategy[Value]:
    """Leaf Values with data drawn from ``[min_value, max_value]``.

    >>> from hypothesis import find
    >>> v = find(values(-1.0, 1.0), lambda v: v.data < 0)
    >>> -1.0 <= v.data < 0 and v.requires_grad
    True
    """
    return finite_floats(min_value, max_value).map(lambda x: Value(x, requires_grad=requires_grad))


# Where each op of the table is smooth enough for a central difference: one
# strategy per input. Kinks (relu, abs at 0), poles (1/x, log at 0) and
# branch cuts (a negative base under pow) are kept at a distance.
_pos = finite_floats(0.1, 5.0)
_any = finite_floats(-3.0, 3.0)
DOMAINS: dict[str, tuple] = {
    "add": (_any, _any),
    "sub": (_any, _any),
    "mul": (_any, _any),
    "div": (_any, finite_floats(-3.0, 3.0, away_from=(0.0,), margin=0.2)),
    "pow": (_pos, finite_floats(-2.0, 3.0)),
    "neg": (_any,),
    "copy": (_any,),
    "exp": (finite_floats(-5.0, 5.0),),
    "log": (_pos,),
    "log1p": (finite_floats(-0.9, 5.0),),
    "sqrt": (_pos,),
    "sin": (_any,),
    "cos": (_any,),
    "tanh": (_any,),
    "sigmoid": (finite_floats(-6.0, 6.0),),
    "softplus": (finite_floats(-6.0, 25.0, away_from=(20.0,), margin=0.01),),
    "relu": (finite_floats(-3.0, 3.0, away_from=(0.0,)),),
    "abs": (finite_floats(-3.0, 3.0, away_from=(0.0,)),),
    "maximum": (_any, _any),
    "minimum": (_any, _any),
    "sum": (_any, _any, _any, _any),
    "dot": (_any, _any, _any, _any, _any),  # x1, x2 . y1, y2 + c
    "sign": (finite_floats(-3.0, 3.0, away_from=(0.0,)),),
    "remainder": (_any, finite_floats(-3.0, 3.0, away_from=(0.0,), margin=0.2)),
    "div_floor": (_any, finite_floats(-3.0, 3.0, away_from=(0.0,), margin=0.2)),
    "div_trunc": (_any, finite_floats(-3.0, 3.0, away_from=(0.0,), margin=0.2)),
    "max": (_any, _any, _any),
    "min": (_any, _any, _any),
    "amax": (_any, _any, _any),
    "clamp": (_any, finite_floats(-3.0, 0.0), finite_floats(0.0, 3.0)),
    "bce": (finite_floats(0.05, 0.95), finite_floats(0.0, 1.0)),
    "leaky_relu": (finite_floats(-3.0, 3.0, away_from=(0.0,)),),
    "amin": (_any, _any, _any),
    "sqrt_or_zero": (_pos,),
    "max_pool": (_any, _any, _any),
    "bce_logits": (_any, finite_floats(0.0, 1.0)),
    "norm_max": (_pos, _pos, _pos),
    "norm_min": (_pos, _pos, _pos),
    # ops_special.py
    "tan": (finite_floats(-1.2, 1.2),),
    "asin": (finite_floats(-0.9, 0.9),),
    "acos": (finite_floats(-0.9, 0.9),),
    "atan": (_any,),
    "sinh": (_any,),
    "cosh": (_any,),
    "asinh": (_any,),
    "acosh": (finite_floats(1.1, 5.0),),
    "atanh": (finite_floats(-0.9, 0.9),),
    "expm1": (_any,),
    "exp2": (_any,),
    "log2": (_pos,),
    "log10": (_pos,),
    "erf": (_any,),
    "erfc": (_any,),
    "erfinv": (finite_floats(-0.9, 0.9),),
    "lgamma": (_pos,),
    "digamma": (_pos,),
    "rsqrt": (_pos,),
    "sinc": (finite_floats(-3.0, 3.0, away_from=(0.0,), margin=0.05),),
    "deg2rad": (_any,),
    "rad2deg": (_any,),
    "floor": (_any,),
    "ceil": (_any,),
    "trunc": (_any,),
    "round": (_any,),
    "frac": (_any,),
    "hypot": (_pos, _pos),
    "atan2": (_any, _pos),
    "copysign": (
        finite_floats(-3.0, 3.0, away_from=(0.0,)),
        finite_floats(-3.0, 3.0, away_from=(0.0,)),
    ),  # noqa: E501
    "fmod": (_any, finite_floats(-3.0, 3.0, away_from=(0.0,), margin=0.2)),
    "xlogy": (_any, _pos),
    "heaviside": (finite_floats(-3.0, 3.0, away_from=(0.0,)), _any),
    "lerp": (_any, _any, _any),
    "fmax": (_any, _any),
    "fmin": (_any, _any),
    "logaddexp": (_any, _any),
    "logaddexp2": (_any, _any),
    "nextafter": (_any, _any),
    # float32's grid must be fine against the central difference's step
    "nextafter_f32": (finite_floats(1e-4, 1e-3), _any),
    "logcumsumexp": (_any, _any, _any),
    # away from 0, where PyTorch's cumprod backward changes formula (out / x_i
    # without a zero; with one, the products of the others, or its +0.0)
    "cumprod": tuple(finite_floats(-3.0, 3.0, away_from=(0.0,), margin=0.1) for _ in range(3)),
    "ldexp": (_any, _any),
    "ldexp_int": (_any, st.integers(0, 3).map(float)),
    "angle": (finite_floats(-3.0, 3.0, away_from=(0.0,)),),
    # the rows of ops_special_more.py; the float32 rows where float32's rounding
    # (of the input and of the result) stays small against the central difference
    "trigamma_f32": (finite_floats(0.001, 0.008),),
    "digamma_f32": (finite_floats(0.005, 0.02),),
    "i0": (_any,),
    "i0e": (finite_floats(-3.0, 3.0, away_from=(0.0,), margin=0.1),),  # |x| has a kink
    # i1's derivative i0(x) - i1(x)/x cancels near 0 (PyTorch's formula, ours too):
    # its second derivative keeps few digits there
    "i1": (finite_floats(-3.0, 3.0, away_from=(0.0,), margin=0.1),),
    "i1e": (finite_floats(-3.0, 3.0, away_from=(0.0,), margin=0.1),),
    "ndtr": (_any,),
    "ndtri": (finite_floats(0.05, 0.95),),
    "log_ndtr": (finite_floats(-5.0, 3.0),),
    "erfcx": (_any,),
    "xlog1py": (_any, finite_floats(-0.9, 5.0)),
    "entr": (_pos,),
    "zeta": (finite_floats(1.5, 5.0), _pos),
    "igamma": (_pos, _pos),
    "igammac": (_pos, _pos),
    # frexp's mantissa jumps at every power of two: one binade, away from its ends
    "mantissa": (finite_floats(1.05, 1.95),),
    # the rows of ops_nn.py
    "pick": (_any, _any),
    "normal_cdf": (_any,),
    "gelu": (_any,),
    "gelu_tanh": (_any,),
    "silu": (finite_floats(-6.0, 6.0),),
    "mish": (finite_floats(-6.0, 6.0),),
    "log_sigmoid": (finite_floats(-6.0, 6.0),),
    "hardsigmoid": (finite_floats(-5.0, 5.0, away_from=(-3.0, 3.0)),),
    "hardswish": (finite_floats(-5.0, 5.0, away_from=(-3.0, 3.0)),),
    "prelu": (finite_floats(-3.0, 3.0, away_from=(0.0,)), _any),
    "xlogx": (_pos,),
    "diff_max": (_any, _any, _any, _any),  # max(|x1 - y1|, |x2 - y2|)
}


# The inputs whose derivative PyTorch does not implement, and neither does the
# table (its rule gives a NoDerivative there): gradient checks hold them fixed.
NOT_DIFFERENTIABLE: dict[str, tuple] = {"igamma": (0,), "igammac": (0,), "zeta": (0,)}


@functools.cache  # one strategy per op: hypothesis validates a strategy once
def op_inputs(name: str) -> st.SearchStrategy[list]:
    """A list of input floats for table op ``name``, inside its smooth domain.

    For maximum, minimum, max, min, amax, amin, max_pool, norm_max, norm_min and
    clamp the inputs are kept apart (the derivative jumps where they meet); for
    remainder and the rounded quotients, a / b stays away from whole numbers.

    >>> from hypothesis import find
    >>> xs = find(op_inputs("log"), lambda xs: xs[0] > 2)
    >>> len(xs) == 1 and 2 < xs[0] <= 5.0
    True
    """
    strategy = st.tuples(*DOMAINS[name]).map(list)
    if name in (
        "maximum",
        "minimum",
        "max",
        "min",
        "amax",
        "amin",
        "norm_max",
        "norm_min",
        "clamp",
        "max_pool",
        "fmax",
        "fmin",
        "nextafter",
        "nextafter_f32",
    ):
        # Apart: where two inputs meet, the derivative jumps.
        strategy = strategy.filter(
            lambda xs: all(abs(a - b) > 1e-2 for i, a in enumerate(xs) for b in xs[i + 1 :])
        )
    if name == "diff_max":
        # Differences apart from each other and from 0 (where the derivative jumps).
        strategy = strategy.filter(
            lambda xs: (
                min(abs(xs[0] - xs[2]), abs(xs[1] - xs[3])) > 1e-2
                and abs(abs(xs[0] - xs[2]) - abs(xs[1] - xs[3])) > 1e-2
            )
        )
    if name in ("floor", "ceil", "trunc", "frac"):
        strategy = strategy.filter(lambda xs: abs(xs[0] - round(xs[0])) > 1e-2)
    if name == "round":
        strategy = strategy.filter(lambda xs: abs(xs[0] % 1.0 - 0.5) > 1e-2)  # off x.5
    if name in ("remainder", "fmod", "div_floor", "div_trunc"):
        # Away from the jumps, where a / b is a whole number.
        strategy = strategy.filter(lambda xs: abs(xs[0] / xs[1] - round(xs[0] / xs[1])) > 1e-2)
    return strategy


def apply_op(name: str, *xs: Any) -> Any:
    """Apply table op ``name`` through Value's public methods and operators.

    >>> apply_op("mul", Value(2.0), Value(3.0)).data
    6.0
    """
    a = xs[0]
    binary: dict[str, Callable[[Any, Any], Any]] = {
        "add": lambda a, b: a + b,
        "sub": lambda a, b: a - b,
        "mul": lambda a, b: a * b,
        "div": lambda a, b: a / b,
        "pow": lambda a, b: a**b,
        "maximum": lambda a, b: a.maximum(b),
        "minimum": lambda a, b: a.minimum(b),
    }
    if name in binary:
        return binary[name](a, xs[1])
    if name == "neg":
        return -a
    if name == "copy":
        return a.clone()
    if name == "sum":
        return Value.sum(xs)
    if len(xs) == 1 and hasattr(Value, name):
        return getattr(a, name)()
    return apply(OPS[name], *xs)  # a table op with no Value method (sign, max, ...)


# Operations that keep an expression finite and smooth for any finite input.
_SAFE_UNARY: dict[str, Callable[[Any], Any]] = {
    "tanh": lambda x: x.tanh(),
    "sigmoid": lambda x: x.sigmoid(),
    "sin": lambda x: x.sin(),
    "cos": lambda x: x.cos(),
    "neg": lambda x: -x,
    "square": lambda x: x * x,
    "softplus": lambda x: x.softplus(),
    "exp(tanh)": lambda x: x.tanh().exp(),
    "log(1+x^2)": lambda x: (x * x + 1.0).log(),
    "sqrt(1+x^2)": lambda x: (x * x + 1.0).sqrt(),
}
_SAFE_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/(1+b^2)": lambda a, b: a / (b * b + 1.0),
    "sum": lambda a, b: Value.sum([a, b, a]),
    # (a, b) . (b, a) + a: one input in several places, so second derivatives are not 0.
    "dot": lambda a, b: apply(OPS["dot"], a, _as_value(b), _as_value(b), a, a),
}


@st.composite
def _tree(draw: Any, n_inputs: int, depth: int) -> tuple:
    """A random expression: (description, function of the input list)."""
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        if draw(st.booleans()):
            i = draw(st.integers(0, n_inputs - 1))
            return f"x{i}", lambda xs, i=i: xs[i]
        c = draw(st.sampled_from([0.5, 2.0, -1.5, 3.0]))
        return repr(c), lambda xs, c=c: c
    if draw(st.booleans()):
        name = draw(st.sampled_from(sorted(_SAFE_UNARY)))
        desc, f = draw(_tree(n_inputs, depth - 1))
        g = _SAFE_UNARY[name]
        return f"{name}({desc})", lambda xs: g(_as_value(f(xs)))
    name = draw(st.sampled_from(sorted(_SAFE_BINARY)))
    (da, fa), (db, fb) = draw(_tree(n_inputs, depth - 1)), draw(_tree(n_inputs, depth - 1))
    h = _SAFE_BINARY[name]
    return f"({da} {name} {db})", lambda xs: h(_as_value(fa(xs)), fb(xs))


def _as_value(x: Any) -> Any:
    return x if isinstance(x, Value) else Value(float(x), requires_grad=False)


class Expression:
    """A random expression over ``n`` inputs: call it with n Values.

    ``str(expr)`` shows the formula, so hypothesis reports a failing case readably.
    """

    def __init__(self, description: str, fn: Callable[[list], Any]) -> None:
        self.description = description
        self._fn = fn

    def __call__(self, *xs: Any) -> Any:
        return _as_value(self._fn(list(xs)))

    def __repr__(self) -> str:
        return f"Expression({self.description})"


def expressions(
    n_inputs: int = 2, max_depth: int = 4, inputs: Optional[st.SearchStrategy[float]] = None
) -> st.SearchStrategy[tuple]:
    """Pairs ``(fn, xs)``: a random smooth expression of ``n_inputs`` Values, and inputs.

    ``fn(*values)`` returns a Value; ``xs`` is a list of floats. Feed both to
    :func:`autograd_scalar.gradcheck`.

    >>> from hypothesis import find
    >>> from autograd_scalar import gradcheck
    >>> fn, xs = find(expressions(), lambda e: "*" in e[0].description)
    >>> gradcheck(fn, xs)
    True
    """
    inputs = inputs if inputs is not None else finite_floats(-2.0, 2.0)
    return st.tuples(
        _tree(n_inputs, max_depth).map(lambda t: Expression(*t)),
        st.lists(inputs, min_size=n_inputs, max_size=n_inputs),
    )


def is_close(
    a: float, b: float, rtol: float = 1e-6, atol: float = 1e-9, zero_sign: bool = True
) -> bool:
    """``math.isclose`` that also calls two nans, or two equal infinities, close,
    and (with ``zero_sign``) tells 0.0 from -0.0.

    >>> is_close(float("nan"), float("nan")), is_close(0.0, -0.0), is_close(1e-12, -0.0)
    (True, False, True)
    """
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if a == b:
        return a != 0.0 or not zero_sign or math.copysign(1.0, a) == math.copysign(1.0, b)
    return math.isclose(a, b, rel_tol=rtol, abs_tol=atol)
