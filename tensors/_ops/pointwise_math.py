"""The rest of PyTorch's pointwise ops: trigonometry, rounding, special functions, pairs.

``tan``, ``asin`` ... ``atanh``, ``floor``, ``ceil``, ``round(decimals=)``, ``trunc``,
``frac``, ``expm1``, ``exp2``, ``log2``, ``log10``, ``logit``, ``erf``, ``erfc``,
``erfinv``, ``lgamma``, ``digamma``, ``polygamma``, ``mvlgamma``, ``sinc``, ``rsqrt``,
``deg2rad``, ``rad2deg``, ``nan_to_num``, ``hypot``, ``atan2``, ``copysign``, ``fmod``,
``fmax``, ``fmin``, ``logaddexp``, ``logaddexp2``, ``nextafter``, ``xlogy``, ``lerp``,
``addcmul``, ``addcdiv``, ``float_power``, ``heaviside``, ``signbit``, ``isin``, ...
Each maps its elements through a row of the scalar engine's table
(``autograd_scalar/ops_special.py``) or composes rows; none has calculus of its own.

>>> import tensors as torch
>>> torch.floor(torch.tensor([-1.5, 0.5])), torch.atan2(torch.ones(1), torch.ones(1))
(tensor([-2.,  0.]), tensor([0.7854]))
"""

from __future__ import annotations

import math
import sys
from typing import Any

from autograd_scalar import OPS, Value, apply
from autograd_scalar.ops_special import logit_op, nan_to_num_op, polygamma_op, round_decimals_op
from autograd_scalar.value import _const

from .. import _dtype as D
from .._tensor import Tensor, _from_numbers, _result
from .arithmetic import _unary


def _row(name: str) -> Any:
    op = OPS[name]
    return lambda v: apply(op, v)


def _make_unary(name: str, node: str, doc: str) -> Any:
    fn = _row(name)

    def f(input: Tensor) -> Tensor:
        return _unary(input, fn, node, name)

    f.__name__ = f.__qualname__ = name
    f.__doc__ = doc
    return f


def _doc(what: str, name: str, example: str, shown: str) -> str:
    return (
        f"{what}\n\n    >>> import tensors as torch\n"
        f"    >>> torch.{name}(torch.tensor({example}))\n    {shown}\n"
    )


tan = _make_unary(
    "tan", "TanBackward0", _doc("Elementwise tangent.", "tan", "[0.]", "tensor([0.])")
)
asin = _make_unary(
    "asin",
    "AsinBackward0",
    _doc("Elementwise arcsine (nan outside [-1, 1]).", "asin", "[1.]", "tensor([1.5708])"),
)
acos = _make_unary(
    "acos", "AcosBackward0", _doc("Elementwise arccosine.", "acos", "[1.]", "tensor([0.])")
)
atan = _make_unary(
    "atan", "AtanBackward0", _doc("Elementwise arctangent.", "atan", "[1.]", "tensor([0.7854])")
)
sinh = _make_unary(
    "sinh", "SinhBackward0", _doc("Elementwise hyperbolic sine.", "sinh", "[0.]", "tensor([0.])")
)
cosh = _make_unary(
    "cosh", "CoshBackward0", _doc("Elementwise hyperbolic cosine.", "cosh", "[0.]", "tensor([1.])")
)
asinh = _make_unary(
    "asinh",
    "AsinhBackward0",
    _doc("Elementwise inverse hyperbolic sine.", "asinh", "[0.]", "tensor([0.])"),
)
acosh = _make_unary(
    "acosh",
    "AcoshBackward0",
    _doc("Elementwise inverse hyperbolic cosine.", "acosh", "[1.]", "tensor([0.])"),
)
atanh = _make_unary(
    "atanh",
    "AtanhBackward0",
    _doc("Elementwise inverse hyperbolic tangent.", "atanh", "[0.]", "tensor([0.])"),
)
expm1 = _make_unary(
    "expm1",
    "Expm1Backward0",
    _doc("Elementwise ``exp(x) - 1``, accurate near 0.", "expm1", "[0.]", "tensor([0.])"),
)
exp2 = _make_unary(
    "exp2", "Exp2Backward0", _doc("Elementwise ``2 ** x``.", "exp2", "[3.]", "tensor([8.])")
)
log2 = _make_unary(
    "log2", "Log2Backward0", _doc("Elementwise base-2 logarithm.", "log2", "[8.]", "tensor([3.])")
)
log10 = _make_unary(
    "log10",
    "Log10Backward0",
    _doc("Elementwise base-10 logarithm.", "log10", "[100.]", "tensor([2.])"),
)
erf = _make_unary(
    "erf", "ErfBackward0", _doc("Elementwise error function.", "erf", "[0.]", "tensor([0.])")
)
erfc = _make_unary(
    "erfc", "ErfcBackward0", _doc("Elementwise ``1 - erf(x)``.", "erfc", "[0.]", "tensor([1.])")
)
erfinv = _make_unary(
    "erfinv",
    "ErfinvBackward0",
    _doc("Elementwise inverse of erf.", "erfinv", "[0.5]", "tensor([0.4769])"),
)
lgamma = _make_unary(
    "lgamma",
    "LgammaBackward0",
    _doc("Elementwise ``log |Gamma(x)|``.", "lgamma", "[3.]", "tensor([0.6931])"),
)


def digamma(input: Tensor) -> Tensor:
    """Elementwise derivative of lgamma.

    >>> import tensors as torch
    >>> torch.digamma(torch.tensor([1.]))
    tensor([-0.5772])
    """
    # A float32 tensor's gradient is PyTorch's float32 trigamma (computed in float).
    op = OPS["digamma_f32" if input.dtype is D.float32 else "digamma"]
    return _unary(input, lambda v: apply(op, v), "DigammaBackward0", "digamma")

rsqrt = _make_unary(
    "rsqrt",
    "RsqrtBackward0",
    _doc("Elementwise ``1 / sqrt(x)``.", "rsqrt", "[4.]", "tensor([0.5000])"),
)
sinc = _make_unary(
    "sinc",
    "SincBackward0",
    _doc("Elementwise ``sin(pi x) / (pi x)`` (1 at 0).", "sinc", "[0.]", "tensor([1.])"),
)
deg2rad = _make_unary(
    "deg2rad",
    "Deg2RadBackward0",
    _doc("Degrees to radians.", "deg2rad", "[180.]", "tensor([3.1416])"),
)
rad2deg = _make_unary(
    "rad2deg",
    "Rad2DegBackward0",
    _doc("Radians to degrees.", "rad2deg", "[3.1416]", "tensor([180.0004])"),
)


def _rounding(name: str, node: str, doc: str) -> Any:
    fn = _row(name)

    def f(input: Tensor) -> Tensor:
        if not input.dtype.is_floating_point:  # whole numbers already: a copy
            return _from_numbers([v.data for v in input._flat()], input._shape, input.dtype)
        return _unary(input, fn, node, name)

    f.__name__ = f.__qualname__ = name
    f.__doc__ = doc
    return f


floor = _rounding(
    "floor",
    "FloorBackward0",
    _doc("Elementwise floor (gradient 0).", "floor", "[-0.5]", "tensor([-1.])"),
)
ceil = _rounding(
    "ceil",
    "CeilBackward0",
    _doc("Elementwise ceiling (gradient 0).", "ceil", "[0.5]", "tensor([1.])"),
)
trunc = _rounding(
    "trunc",
    "TruncBackward0",
    _doc("Elementwise rounding toward 0.", "trunc", "[-1.5]", "tensor([-1.])"),
)
fix = trunc


def round(input: Tensor, *, decimals: Any = None) -> Tensor:  # noqa: A001 - torch.round
    """Round half to even; with ``decimals``, to that many decimal places (gradient 0).

    >>> import tensors as torch
    >>> torch.round(torch.tensor([0.5, 1.5, 2.567])), torch.round(torch.tensor([2.567]), decimals=2)
    (tensor([0., 2., 3.]), tensor([2.5700]))
    """
    if not input.dtype.is_floating_point:
        if decimals:
            raise NotImplementedError(
                f"\"round_cpu\" not implemented for '{D.type_name(input.dtype)}'"
            )
        return _from_numbers([v.data for v in input._flat()], input._shape, input.dtype)
    if decimals is None:  # PyTorch names the two forms' nodes apart
        return _unary(input, _row("round"), "RoundBackward0", "round")
    op = round_decimals_op(int(decimals))
    return _unary(input, lambda v: apply(op, v), "RoundBackward1", "round")


def frac(input: Tensor) -> Tensor:
    """Elementwise fractional part ``x - trunc(x)`` (gradient 1).

    >>> import tensors as torch
    >>> torch.frac(torch.tensor([-1.25, 2.5]))
    tensor([-0.2500,  0.5000])
    """
    _floating_only("frac", input)
    return _unary(input, _row("frac"), "FracBackward0", "frac")


def _floating_only(name: str, *xs: Any) -> None:
    for x in xs:
        if isinstance(x, Tensor) and not x.dtype.is_floating_point:
            raise NotImplementedError(
                f"\"{name}_cpu\" not implemented for '{D.type_name(x.dtype)}'"
            )


def logit(input: Tensor, eps: Any = None) -> Tensor:
    """Elementwise ``log(x / (1 - x))``; with ``eps``, x is clamped to [eps, 1 - eps] first.

    >>> import tensors as torch
    >>> torch.logit(torch.tensor([0.5, 0.0]), eps=0.25)
    tensor([ 0.0000, -1.0986])
    """
    op = logit_op(None if eps is None else float(eps))
    return _unary(input, lambda v: apply(op, v), "LogitBackward0", "logit")


def polygamma(n: int, input: Tensor) -> Tensor:
    """The n-th derivative of digamma, elementwise.

    >>> import tensors as torch
    >>> torch.polygamma(1, torch.tensor([1.]))
    tensor([1.6449])
    """
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    op = polygamma_op(int(n))
    if input.dtype is D.float32 and n <= 1:  # PyTorch computes these in float
        op = OPS["trigamma_f32" if n == 1 else "digamma_f32"]
    return _unary(input, lambda v: apply(op, v), "PolygammaBackward0", "polygamma")


def mvlgamma(input: Tensor, p: int) -> Tensor:
    """The multivariate log-gamma of dimension ``p``: ``sum_j lgamma(x - j/2)`` plus
    ``p (p - 1) / 4 log(pi)`` (defined for elements above ``(p - 1) / 2``).

    >>> import tensors as torch
    >>> torch.mvlgamma(torch.tensor([2.5]), 1)
    tensor([0.2847])
    """
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    lg = OPS["lgamma"]
    c = p * (p - 1) / 4 * math.log(math.pi)
    shifts = [-(p - 1) / 2 + 0.5 * j for j in range(p)]
    values = [Value.sum([apply(lg, v + s) for s in shifts]) + c for v in input._flat()]
    return _result(values, input._shape, input.dtype, "MvlgammaBackward0", (input,), op="mvlgamma")


def nan_to_num(input: Tensor, nan: float = 0.0, posinf: Any = None, neginf: Any = None) -> Tensor:
    """nan, inf and -inf replaced by ``nan``, ``posinf`` and ``neginf`` (by default 0 and the
    dtype's largest and lowest finite numbers).

    >>> import tensors as torch
    >>> torch.nan_to_num(torch.tensor([float("nan"), 2.0, float("-inf")]), neginf=-9.0)
    tensor([ 0.,  2., -9.])
    """
    if not input.dtype.is_floating_point:
        return _from_numbers([v.data for v in input._flat()], input._shape, input.dtype)
    big = 3.4028234663852886e38 if input.dtype is D.float32 else sys.float_info.max
    op = nan_to_num_op(
        float(nan),
        big if posinf is None else float(posinf),
        -big if neginf is None else float(neginf),
    )
    return _unary(input, lambda v: apply(op, v), "NanToNumBackward0", "nan_to_num")


def signbit(input: Tensor) -> Tensor:
    """True where the sign bit is set (negative numbers, -0.0 and negative nan).

    >>> import tensors as torch
    >>> torch.signbit(torch.tensor([-0.0, 0.0, -2.0]))
    tensor([ True, False,  True])
    """
    return _from_numbers(
        [math.copysign(1.0, v.data) < 0 for v in input._flat()], input._shape, D.bool
    )


def sgn(input: Tensor) -> Tensor:
    """The sign of each element (for real numbers, ``sign``; gradient 0).

    >>> import tensors as torch
    >>> torch.sgn(torch.tensor([-3., 0., 2.]))
    tensor([-1.,  0.,  1.])
    """
    sign = OPS["sign"]
    dtype = input.dtype
    out = [apply(sign, v) for v in input._flat()]
    if not dtype.is_floating_point:
        out = [_const(dtype.cast(v.data)) for v in out]
    return _result(out, input._shape, dtype, "SgnBackward0", (input,), op="sgn")


def positive(input: Tensor) -> Tensor:
    """``input`` itself (refused for bool tensors, as PyTorch does).

    >>> import tensors as torch
    >>> torch.positive(torch.tensor([-1.]))
    tensor([-1.])
    """
    if input.dtype is D.bool:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


def _test_of(fn: Any, name: str, doc: str) -> Any:
    def f(input: Tensor) -> Tensor:
        return _from_numbers([fn(v.data) for v in input._flat()], input._shape, D.bool)

    f.__name__ = f.__qualname__ = name
    f.__doc__ = doc
    return f


isposinf = _test_of(
    lambda x: x == math.inf,
    "isposinf",
    _doc(
        "True where the element is +inf.",
        "isposinf",
        "[float('inf'), 1.]",
        "tensor([ True, False])",
    ),
)
isneginf = _test_of(
    lambda x: x == -math.inf,
    "isneginf",
    _doc(
        "True where the element is -inf.",
        "isneginf",
        "[float('-inf'), 1.]",
        "tensor([ True, False])",
    ),
)
isreal = _test_of(
    lambda x: True,
    "isreal",
    _doc(
        "True everywhere (real tensors have no imaginary part).", "isreal", "[1.]", "tensor([True])"
    ),
)


def angle(input: Tensor) -> Tensor:
    """The argument of each element: pi for negative numbers, 0 otherwise (gradient 0).

    >>> import tensors as torch
    >>> torch.angle(torch.tensor([-2., 0., 3.]))
    tensor([3.1416, 0.0000, 0.0000])
    """
    return _unary(input, _row("angle"), "AngleBackward0", "angle")


def _itself(name: str, doc: str) -> Any:
    def f(input: Tensor) -> Tensor:
        return input

    f.__name__ = f.__qualname__ = name
    f.__doc__ = doc
    return f


real = _itself(
    "real", _doc("A real tensor's real part: the tensor itself.", "real", "[1.]", "tensor([1.])")
)
conj = _itself(
    "conj", _doc("A real tensor's conjugate: the tensor itself.", "conj", "[1.]", "tensor([1.])")
)
conj_physical = _itself(
    "conj_physical",
    _doc("A real tensor's conjugate: the tensor itself.", "conj_physical", "[1.]", "tensor([1.])"),
)
resolve_conj = _itself(
    "resolve_conj",
    _doc(
        "No conjugate bit to resolve on a real tensor: itself.",
        "resolve_conj",
        "[1.]",
        "tensor([1.])",
    ),
)
resolve_neg = _itself(
    "resolve_neg",
    _doc(
        "No negative bit to resolve on a real tensor: itself.",
        "resolve_neg",
        "[1.]",
        "tensor([1.])",
    ),
)
