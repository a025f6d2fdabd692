"""The functions of ``torch.special`` that the ``torch`` namespace lacks (and ``i0``,
``igamma``, ``igammac``, which it has): modified Bessel functions, the normal
distribution, the scaled error function, entropy terms, Hurwitz's zeta and the
regularized incomplete gamma functions.

Each maps its elements through a row of ``autograd_scalar/ops_special_more.py``,
so the derivatives are PyTorch's formulas, including its refusals: ``igamma``'s
gradient with respect to its first argument raises PyTorch's
NotImplementedError when a backward pass needs it.

>>> import tensors as torch
>>> torch.special.ndtr(torch.tensor([0.0])), torch.i0(torch.tensor([0.0]))
(tensor([0.5000]), tensor([1.]))
"""

from __future__ import annotations

import math
from typing import Any, Callable

from autograd_scalar import OPS, Value, apply, no_grad
from autograd_scalar import _polynomials as P
from autograd_scalar import _special_more as M
from autograd_scalar.value import _const

from .. import _dtype as D
from .._printing import named_result
from .._tensor import Tensor, _from_numbers, _result
from .arithmetic import _binary, _result_dtype, _unary


def _unary_row(name: str, node: str, doc: str) -> Callable[[Tensor], Tensor]:
    op = OPS[name]

    def f(input: Tensor) -> Tensor:
        return _unary(input, lambda v: apply(op, v), node, name)

    f.__name__ = f.__qualname__ = name
    f.__doc__ = doc
    return f


def _doc(what: str, call: str, shown: str) -> str:
    return f"{what}\n\n    >>> import tensors as torch\n    >>> {call}\n    {shown}\n"


i0 = _unary_row(
    "i0",
    "I0Backward0",
    _doc(
        "The modified Bessel function of the first kind, order 0, elementwise.",
        "torch.i0(torch.tensor([0.0, 1.0]))",
        "tensor([1.0000, 1.2661])",
    ),
)
i0e = _unary_row(
    "i0e",
    "SpecialI0EBackward0",
    _doc(
        "``exp(-|x|) i0(x)``, elementwise (finite for every x).",
        "torch.special.i0e(torch.tensor([0.0, 1.0]))",
        "tensor([1.0000, 0.4658])",
    ),
)
i1 = _unary_row(
    "i1",
    "SpecialI1Backward0",
    _doc(
        "The modified Bessel function of the first kind, order 1, elementwise.",
        "torch.special.i1(torch.tensor([0.0, 1.0]))",
        "tensor([0.0000, 0.5652])",
    ),
)
i1e = _unary_row(
    "i1e",
    "SpecialI1EBackward0",
    _doc(
        "``exp(-|x|) i1(x)``, elementwise.",
        "torch.special.i1e(torch.tensor([0.0, 1.0]))",
        "tensor([0.0000, 0.2079])",
    ),
)
ndtr = _unary_row(
    "ndtr",
    "MulBackward1",  # PyTorch writes it as (1 + erf(x / sqrt 2)) * 0.5: its last node
    _doc(
        "The standard normal distribution function, elementwise.",
        "torch.special.ndtr(torch.tensor([0.0, 1.0]))",
        "tensor([0.5000, 0.8413])",
    ),
)
ndtri = _unary_row(
    "ndtri",
    "SpecialNdtriBackward0",
    _doc(
        "The inverse of ``ndtr``: the x below which a standard normal falls with probability p.",
        "torch.special.ndtri(torch.tensor([0.5, 0.975]))",
        "tensor([0.0000, 1.9600])",
    ),
)
log_ndtr = _unary_row(
    "log_ndtr",
    "SpecialLogNdtrBackward0",
    _doc(
        "``log(ndtr(x))``, accurate far into the lower tail.",
        "torch.special.log_ndtr(torch.tensor([0.0, -10.0]))",
        "tensor([ -0.6931, -53.2313])",
    ),
)
erfcx = _unary_row(
    "erfcx",
    "SpecialErfcxBackward0",
    _doc(
        "The scaled complementary error function ``exp(x**2) erfc(x)``.",
        "torch.special.erfcx(torch.tensor([0.0, 30.0]))",
        "tensor([1.0000, 0.0188])",
    ),
)
entr = _unary_row(
    "entr",
    "SpecialEntrBackward0",
    _doc(
        "The entropy term ``-x log(x)`` (0 at 0, ``-inf`` below 0).",
        "torch.special.entr(torch.tensor([0.0, 0.5, -1.0]))",
        "tensor([0.0000, 0.3466,   -inf])",
    ),
)


def _pair(name: str, node: str, input: Any, other: Any, numbers: bool, kernel: str = "") -> Tensor:
    # Two operands, broadcast; with ``numbers`` either may be a Python number, with
    # its own node name, as PyTorch's Backward1 (number first) and Backward2.
    op = OPS[name]

    def fn(x: Value, y: Value) -> Value:
        return apply(op, x, y)

    for arg, x, where in (("input", input, 1), ("other", other, 2)):
        if not isinstance(x, Tensor) and not numbers:
            raise TypeError(
                f"{kernel or name}(): argument '{arg}' (position {where}) must be Tensor, "
                f"not {type(x).__name__}"
            )
    if not isinstance(input, Tensor):
        return _binary(
            other, input, fn, f"{node}1", name, reverse=True, floating=True, number_input=False
        )
    if not isinstance(other, Tensor):
        return _binary(input, other, fn, f"{node}2", name, floating=True, number_input=False)
    return _binary(input, other, fn, f"{node}0", name, floating=True)


def xlog1py(input: Any, other: Any) -> Tensor:
    """``input * log1p(other)``, 0 where input is 0 (unless other is nan).

    >>> import tensors as torch
    >>> torch.special.xlog1py(torch.tensor([0.0, 2.0]), torch.tensor([-1.0, 1.0]))
    tensor([0.0000, 1.3863])
    """
    return _pair("xlog1py", "SpecialXlog1PyBackward", input, other, numbers=True)


def zeta(input: Any, other: Any) -> Tensor:
    """Hurwitz's zeta function ``sum_k (k + other) ** -input`` (nan for input below 1;
    no derivative with respect to input, as in PyTorch).

    >>> import tensors as torch
    >>> torch.special.zeta(torch.tensor([2.0]), torch.tensor([1.0]))
    tensor([1.6449])
    """
    return _pair("zeta", "SpecialZetaBackward", input, other, numbers=True)


def igamma(input: Tensor, other: Tensor) -> Tensor:
    """The regularized lower incomplete gamma function ``P(input, other)`` (no derivative
    with respect to input, as in PyTorch).

    >>> import tensors as torch
    >>> torch.igamma(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.0]))
    tensor([0.6321, 0.0000])
    """
    return _pair("igamma", "IgammaBackward", input, other, numbers=False)


def igammac(input: Tensor, other: Tensor) -> Tensor:
    """The regularized upper incomplete gamma function ``Q(input, other) = 1 - P``.

    >>> import tensors as torch
    >>> torch.igammac(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.0]))
    tensor([0.3679, 1.0000])
    """
    return _pair("igammac", "IgammacBackward", input, other, numbers=False)


def gammainc(input: Tensor, other: Tensor) -> Tensor:
    """``torch.special.gammainc``: the regularized lower incomplete gamma function.

    >>> import tensors as torch
    >>> torch.special.gammainc(torch.tensor([1.0]), torch.tensor([1.0]))
    tensor([0.6321])
    """
    return _pair("igamma", "IgammaBackward", input, other, False, "special_gammainc")


def gammaincc(input: Tensor, other: Tensor) -> Tensor:
    """``torch.special.gammaincc``: the regularized upper incomplete gamma function.

    >>> import tensors as torch
    >>> torch.special.gammaincc(torch.tensor([1.0]), torch.tensor([1.0]))
    tensor([0.3679])
    """
    return _pair("igammac", "IgammacBackward", input, other, False, "special_gammaincc")


frexp_result = named_result("frexp", ("mantissa", "exponent"))


def frexp(input: Tensor) -> Any:
    """Each element as ``mantissa * 2 ** exponent``, the mantissa's magnitude in [0.5, 1)
    (the exponent an int32 tensor; the mantissa's gradient is ``1 / 2 ** exponent``).

    >>> import tensors as torch
    >>> torch.frexp(torch.tensor([1.5, -3.0, 0.0]))
    torch.return_types.frexp(
    mantissa=tensor([ 0.7500, -0.7500,  0.0000]),
    exponent=tensor([1, 2, 0], dtype=torch.int32))
    """
    if not input.dtype.is_floating_point:
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    op = OPS["mantissa"]
    flat = input._flat()
    mantissa = _result(
        [apply(op, v) for v in flat],
        input._shape,
        input.dtype,
        "FrexpBackward0",
        (input,),
        op="frexp",
    )
    exponents = [float(math.frexp(v.data)[1]) for v in flat]
    return frexp_result(mantissa, _from_numbers(exponents, input._shape, D.int32))


def _numbers_only(fn: Callable[[float], float], name: str, doc: str) -> Callable[[Tensor], Tensor]:
    # PyTorch gives these no derivative: their results are numbers, not nodes.
    def f(input: Tensor) -> Tensor:
        dtype = input.dtype if input.dtype.is_floating_point else D.get_default_dtype()
        return _from_numbers([fn(v.data) for v in input._flat()], input._shape, dtype)

    f.__name__ = f.__qualname__ = name
    f.__doc__ = doc
    return f


modified_bessel_i0 = _numbers_only(
    M.i0,
    "modified_bessel_i0",
    _doc(
        "``i0`` without a derivative, as PyTorch's ``special.modified_bessel_i0``.",
        "torch.special.modified_bessel_i0(torch.tensor([0.0, 1.0]))",
        "tensor([1.0000, 1.2661])",
    ),
)
modified_bessel_i1 = _numbers_only(
    M.i1,
    "modified_bessel_i1",
    _doc(
        "``i1`` without a derivative, as PyTorch's ``special.modified_bessel_i1``.",
        "torch.special.modified_bessel_i1(torch.tensor([0.0, 1.0]))",
        "tensor([0.0000, 0.5652])",
    ),
)
spherical_bessel_j0 = _numbers_only(
    M.spherical_bessel_j0,
    "spherical_bessel_j0",
    _doc(
        "The spherical Bessel function ``sin(x) / x`` (no derivative, as in PyTorch).",
        "torch.special.spherical_bessel_j0(torch.tensor([0.0, 1.0]))",
        "tensor([1.0000, 0.8415])",
    ),
)


def _polynomial(
    poly: Callable[[float, float], float], name: str, doc: str, poly32: Any = None
) -> Callable:
    # Broadcast x and n as PyTorch's binary ops do; PyTorch gives these no
    # derivative, so the results are numbers. ``poly32``: PyTorch's float32 arithmetic,
    # where it differs beyond float32's tolerance.
    def f(input: Any, n: Any) -> Tensor:
        dtype = _result_dtype(input, n)
        chosen = poly32 if (poly32 is not None and dtype is D.float32) else poly

        def number(x: Value, k: Value) -> Value:
            return _const(chosen(x.data, k.data))

        with no_grad():
            if isinstance(input, Tensor):
                out = _binary(input, n, number, "", name, floating=True)
            else:
                out = _binary(n, input, number, "", name, reverse=True, floating=True)
        if out is NotImplemented:
            raise TypeError(
                f"{name}() received an invalid combination of arguments - got "
                f"({type(input).__name__}, {type(n).__name__})"
            )
        return _from_numbers([v.data for v in out._flat()], out._shape, out.dtype)

    f.__name__ = f.__qualname__ = name
    f.__doc__ = doc
    return f


def _poly_doc(what: str, name: str, shown: str) -> str:
    return _doc(what, f"torch.special.{name}(torch.tensor([0.5, -1.0]), 3)", shown)


chebyshev_polynomial_t = _polynomial(
    P.chebyshev_t,
    "chebyshev_polynomial_t",
    _poly_doc(
        "Chebyshev polynomials of the first kind.", "chebyshev_polynomial_t", "tensor([-1., -1.])"
    ),
)
chebyshev_polynomial_u = _polynomial(
    P.chebyshev_u,
    "chebyshev_polynomial_u",
    _poly_doc(
        "Chebyshev polynomials of the second kind.", "chebyshev_polynomial_u", "tensor([-1., -4.])"
    ),
)
chebyshev_polynomial_v = _polynomial(
    P.chebyshev_v,
    "chebyshev_polynomial_v",
    _poly_doc(
        "Chebyshev polynomials of the third kind.", "chebyshev_polynomial_v", "tensor([-1., -7.])"
    ),
)
chebyshev_polynomial_w = _polynomial(
    P.chebyshev_w,
    "chebyshev_polynomial_w",
    _poly_doc(
        "Chebyshev polynomials of the fourth kind.", "chebyshev_polynomial_w", "tensor([-1., -1.])"
    ),
)
hermite_polynomial_h = _polynomial(
    P.hermite_h,
    "hermite_polynomial_h",
    _poly_doc("Physicists' Hermite polynomials.", "hermite_polynomial_h", "tensor([-5.,  4.])"),
)
hermite_polynomial_he = _polynomial(
    P.hermite_he,
    "hermite_polynomial_he",
    _poly_doc(
        "Probabilists' Hermite polynomials.", "hermite_polynomial_he", "tensor([-1.3750,  2.0000])"
    ),
    P.hermite_he_f32,
)
laguerre_polynomial_l = _polynomial(
    P.laguerre_l,
    "laguerre_polynomial_l",
    _poly_doc("Laguerre polynomials.", "laguerre_polynomial_l", "tensor([-0.1458,  5.6667])"),
)
legendre_polynomial_p = _polynomial(
    P.legendre_p,
    "legendre_polynomial_p",
    _poly_doc("Legendre polynomials.", "legendre_polynomial_p", "tensor([-0.4375, -1.0000])"),
)
shifted_chebyshev_polynomial_t = _polynomial(
    P.shifted_chebyshev_t,
    "shifted_chebyshev_polynomial_t",
    _poly_doc("``T_n(2x - 1)``.", "shifted_chebyshev_polynomial_t", "tensor([ -0., -99.])"),
)
shifted_chebyshev_polynomial_u = _polynomial(
    P.shifted_chebyshev_u,
    "shifted_chebyshev_polynomial_u",
    _poly_doc("``U_n(2x - 1)``.", "shifted_chebyshev_polynomial_u", "tensor([  -0., -204.])"),
)
shifted_chebyshev_polynomial_v = _polynomial(
    P.shifted_chebyshev_v,
    "shifted_chebyshev_polynomial_v",
    _poly_doc("``V_n(2x - 1)``.", "shifted_chebyshev_polynomial_v", "tensor([   1., -239.])"),
)
shifted_chebyshev_polynomial_w = _polynomial(
    P.shifted_chebyshev_w,
    "shifted_chebyshev_polynomial_w",
    _poly_doc("``W_n(2x - 1)``.", "shifted_chebyshev_polynomial_w", "tensor([  -1., -169.])"),
)
