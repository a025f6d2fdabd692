"""Pointwise ops of two or three operands: ``hypot``, ``atan2``, ``copysign``, ``fmod``,
``fmax``, ``fmin``, ``logaddexp``, ``logaddexp2``, ``nextafter``, ``xlogy``, ``lerp``,
``addcmul``, ``addcdiv``, ``float_power``, ``heaviside`` and ``isin``.

Each broadcasts its operands and applies a row of the scalar engine's table
(``autograd_scalar/ops_special.py``) per element, or composes rows.

>>> import tensors as torch
>>> torch.hypot(torch.tensor([3.]), torch.tensor([4.]))
tensor([5.])
"""

from __future__ import annotations

from typing import Any

from autograd_scalar import OPS, Value, apply
from autograd_scalar.value import _const

from .. import _dtype as D
from .._shape import broadcast_shapes, broadcast_to
from .._tensor import Tensor, _from_numbers, _result
from .arithmetic import _binary, _result_dtype, pow
from .conversions import to


def _pair(name: str, node: str, doc: str, numbers: str = "") -> Any:
    """A binary op of two tensors (or, with ``numbers``, a number as ``other``,
    recorded under that node name)."""
    op = OPS[name]

    def fn(x: Value, y: Value) -> Value:
        return apply(op, x, y)

    def f(input: Tensor, other: Any) -> Tensor:
        if name == "hypot":
            for x in (input, other):
                if isinstance(x, Tensor) and not x.dtype.is_floating_point:
                    raise NotImplementedError(
                        f"\"hypot_cpu\" not implemented for '{D.type_name(x.dtype)}'"
                    )
        if not isinstance(other, Tensor):
            if not numbers or isinstance(other, (list, tuple, str)) or other is None:
                raise TypeError(
                    f"{name}(): argument 'other' (position 2) must be Tensor, not "
                    f"{type(other).__name__}"
                )
            return _binary(input, other, fn, numbers, name, floating=True, number_input=False)
        return _binary(input, other, fn, node, name, floating=True)

    f.__name__ = f.__qualname__ = name
    f.__doc__ = doc
    return f


def _pdoc(what: str, name: str, a: str, b: str, shown: str) -> str:
    return (
        f"{what}\n\n    >>> import tensors as torch\n"
        f"    >>> torch.{name}(torch.tensor({a}), torch.tensor({b}))\n    {shown}\n"
    )


hypot = _pair(
    "hypot",
    "HypotBackward0",
    _pdoc("Elementwise ``sqrt(a**2 + b**2)``.", "hypot", "[3.]", "[4.]", "tensor([5.])"),
)
atan2 = _pair(
    "atan2",
    "Atan2Backward0",
    _pdoc(
        "Elementwise angle of the point (other, input).",
        "atan2",
        "[1.]",
        "[-1.]",
        "tensor([2.3562])",
    ),
)
copysign = _pair(
    "copysign",
    "CopysignBackward0",
    _pdoc(
        "``input``'s magnitude with ``other``'s sign.", "copysign", "[2.]", "[-0.]", "tensor([-2.])"
    ),
    "CopysignBackward1",
)
fmod = _pair(
    "fmod",
    "FmodBackward1",
    _pdoc("C's remainder (the dividend's sign).", "fmod", "[-3.]", "[2.]", "tensor([-1.])"),
    "FmodBackward0",
)
fmax = _pair(
    "fmax",
    "FmaxBackward0",
    _pdoc(
        "Elementwise maximum that ignores a nan.", "fmax", "[float('nan')]", "[1.]", "tensor([1.])"
    ),
)
fmin = _pair(
    "fmin",
    "FminBackward0",
    _pdoc(
        "Elementwise minimum that ignores a nan.", "fmin", "[float('nan')]", "[1.]", "tensor([1.])"
    ),
)
logaddexp = _pair(
    "logaddexp",
    "LogaddexpBackward0",
    _pdoc("Elementwise ``log(exp(a) + exp(b))``.", "logaddexp", "[0.]", "[0.]", "tensor([0.6931])"),
)
logaddexp2 = _pair(
    "logaddexp2",
    "Logaddexp2Backward0",
    _pdoc("Elementwise ``log2(2**a + 2**b)``.", "logaddexp2", "[0.]", "[0.]", "tensor([1.])"),
)
_nextafter64 = _pair("nextafter", "NextafterBackward0", "The next float after input toward other.")
_nextafter32 = _pair(
    "nextafter_f32", "NextafterBackward0", "The next float after input toward other."
)


def nextafter(input: Tensor, other: Tensor) -> Tensor:
    """The next float after ``input`` toward ``other``, in the tensors' precision.

    >>> import tensors as torch
    >>> torch.nextafter(torch.tensor([0.]), torch.tensor([1.]))
    tensor([1.4013e-45])
    """
    if input.dtype is D.float32 and isinstance(other, Tensor) and other.dtype is D.float32:
        return _nextafter32(input, other)
    return _nextafter64(input, other)


def xlogy(input: Any, other: Any) -> Tensor:
    """Elementwise ``input * log(other)``, 0 where input is 0 (unless other is nan).

    >>> import tensors as torch
    >>> torch.xlogy(torch.tensor([0., 2.]), torch.tensor([0., 1.]))
    tensor([0., 0.])
    """
    op = OPS["xlogy"]

    def fn(x: Value, y: Value) -> Value:
        return apply(op, x, y)

    if not isinstance(input, Tensor):
        return _binary(
            other,
            input,
            fn,
            "XlogyBackward1",
            "xlogy",
            reverse=True,
            floating=True,
            number_input=False,
        )
    if not isinstance(other, Tensor):
        return _binary(
            input, other, fn, "XlogyBackward2", "xlogy", floating=True, number_input=False
        )
    return _binary(input, other, fn, "XlogyBackward0", "xlogy", floating=True)


def _broadcast3(a: Tensor, b: Tensor, c: Tensor) -> tuple:
    shape = broadcast_shapes(a._shape, b._shape, c._shape)
    return shape, [broadcast_to(x._flat(), x._shape, shape) for x in (a, b, c)]


def lerp(input: Tensor, end: Tensor, weight: Any) -> Tensor:
    """``input + weight * (end - input)``, as PyTorch computes it (from ``end`` when
    ``|weight| >= 0.5``, so weight 1 gives ``end`` exactly).

    >>> import tensors as torch
    >>> torch.lerp(torch.tensor([0., 10.]), torch.tensor([10., 20.]), 0.5)
    tensor([ 5., 15.])
    """
    op = OPS["lerp"]
    if isinstance(weight, Tensor):
        shape, (fa, fb, fw) = _broadcast3(input, end, weight)
        out = [apply(op, a, b, w) for a, b, w in zip(fa, fb, fw)]
        dtype = _result_dtype(input, end, weight)
        return _result(out, shape, dtype, "LerpBackward1", (input, end, weight), op="lerp")
    shape = broadcast_shapes(input._shape, end._shape)
    fa, fb = (
        broadcast_to(input._flat(), input._shape, shape),
        broadcast_to(end._flat(), end._shape, shape),
    )
    w = _const(float(weight))
    out = [apply(op, a, b, w) for a, b in zip(fa, fb)]
    return _result(out, shape, _result_dtype(input, end), "LerpBackward0", (input, end), op="lerp")


def addcmul(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
    """``input + value * tensor1 * tensor2``, broadcasting.

    >>> import tensors as torch
    >>> torch.addcmul(torch.ones(2), torch.tensor([1., 2.]), torch.tensor([3., 4.]), value=0.5)
    tensor([2.5000, 5.0000])
    """
    return _addc(input, tensor1, tensor2, value, lambda a, b: a * b, "AddcmulBackward0", "addcmul")


def addcdiv(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
    """``input + value * tensor1 / tensor2``, broadcasting (floating tensors only).

    >>> import tensors as torch
    >>> torch.addcdiv(torch.ones(2), torch.tensor([1., 2.]), torch.tensor([4., 4.]))
    tensor([1.2500, 1.5000])
    """
    if not tensor1.dtype.is_floating_point and not tensor2.dtype.is_floating_point:
        raise RuntimeError(
            "Integer division with addcdiv is no longer supported, and in a future  release "
            "addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv "
            "behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2))."
            "to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for "
            "float inputs. The future addcdiv behavior is just the latter implementation: "
            "(input + value * tensor1 / tensor2), for all dtypes."
        )
    return _addc(input, tensor1, tensor2, value, lambda a, b: a / b, "AddcdivBackward0", "addcdiv")


def _addc(
    input: Tensor, t1: Tensor, t2: Tensor, value: Any, combine: Any, node: str, op: str
) -> Tensor:
    shape, (fx, f1, f2) = _broadcast3(input, t1, t2)
    v = float(value)
    # PyTorch's kernel: self + (value * t1) (*|/) t2, in that order.
    out = [x + combine(a * v, b) if v != 1.0 else x + combine(a, b) for x, a, b in zip(fx, f1, f2)]
    dtype = _result_dtype(input, t1, t2)
    if not dtype.is_floating_point:
        out = [_const(dtype.cast(o.data)) for o in out]
    return _result(out, shape, dtype, node, (input, t1, t2), op=op)


def float_power(input: Any, exponent: Any) -> Tensor:
    """``input ** exponent`` computed in double precision (a float64 result).

    >>> import tensors as torch
    >>> torch.float_power(torch.tensor([2]), 3)
    tensor([8.], dtype=torch.float64)
    """

    def up(x: Any) -> Any:
        return to(x, D.float64) if isinstance(x, Tensor) else float(x)

    return pow(up(input), up(exponent))


def heaviside(input: Tensor, values: Tensor) -> Tensor:
    """0 below zero, 1 above, ``values`` at zero (no gradient).

    >>> import tensors as torch
    >>> torch.heaviside(torch.tensor([-1., 0., 2.]), torch.tensor([0.5]))
    tensor([0.0000, 0.5000, 1.0000])
    """
    if not isinstance(values, Tensor):
        raise TypeError(
            "heaviside(): argument 'values' (position 2) must be Tensor, not "
            f"{type(values).__name__}"
        )
    if input.dtype is not values.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
    shape = broadcast_shapes(input._shape, values._shape)
    fa = broadcast_to(input._flat(), input._shape, shape)
    fb = broadcast_to(values._flat(), values._shape, shape)
    f = OPS["heaviside"].forward
    return _from_numbers([f(a.data, b.data) for a, b in zip(fa, fb)], shape, input.dtype)


def isin(
    elements: Any, test_elements: Any, *, assume_unique: bool = False, invert: bool = False
) -> Tensor:
    """True where an element of ``elements`` is among ``test_elements`` (either may be a number).

    >>> import tensors as torch
    >>> torch.isin(torch.tensor([1, 2, 3]), torch.tensor([2, 9]))
    tensor([False,  True, False])
    """
    if not isinstance(elements, Tensor) and not isinstance(test_elements, Tensor):
        raise TypeError("isin() received an invalid combination of arguments")
    pool = (
        set(v.data for v in test_elements._flat())
        if isinstance(test_elements, Tensor)
        else {float(test_elements)}
    )
    if isinstance(elements, Tensor):
        hits = [(v.data in pool) != invert for v in elements._flat()]
        return _from_numbers(hits, elements._shape, D.bool)
    return _from_numbers([(float(elements) in pool) != invert], (), D.bool)


def _clamp_one(input: Tensor, bound: Any, lower: bool) -> Tensor:
    name = "clamp_min" if lower else "clamp_max"
    node = "ClampMinBackward" if lower else "ClampMaxBackward"
    clamp = OPS["clamp"]
    inf = _const(float("inf"))
    ninf = _const(float("-inf"))

    def fn(x: Value, b: Value) -> Value:
        return apply(clamp, x, b, inf) if lower else apply(clamp, x, ninf, b)

    if isinstance(bound, Tensor):
        return _binary(input, bound, fn, node + "1", name)
    return _binary(input, bound, fn, node + "0", name, number_input=False)


def clamp_min(input: Tensor, min: Any) -> Tensor:
    """``clamp(input, min=min)``: each element at least ``min`` (a number or a tensor).

    >>> import tensors as torch
    >>> torch.clamp_min(torch.tensor([-1., 2.]), 0)
    tensor([0., 2.])
    """
    return _clamp_one(input, min, True)


def clamp_max(input: Tensor, max: Any) -> Tensor:
    """``clamp(input, max=max)``: each element at most ``max`` (a number or a tensor).

    >>> import tensors as torch
    >>> torch.clamp_max(torch.tensor([-1., 2.]), 0)
    tensor([-1.,  0.])
    """
    return _clamp_one(input, max, False)


def ldexp(input: Tensor, other: Tensor) -> Tensor:
    """``input * 2 ** other``, elementwise.

    >>> import tensors as torch
    >>> torch.ldexp(torch.tensor([1., 3.]), torch.tensor([3, -1]))
    tensor([8.0000, 1.5000])
    """
    for name, x in (("input", input), ("other", other)):
        if not isinstance(x, Tensor):  # both are tensors in PyTorch's signature
            where = 1 if name == "input" else 2
            raise TypeError(
                f"ldexp(): argument '{name}' (position {where}) must be Tensor, "
                f"not {type(x).__name__}"
            )
    whole = isinstance(other, Tensor) and not other.dtype.is_floating_point
    op = OPS["ldexp_int" if whole else "ldexp"]
    return _binary(
        input, other, lambda x, y: apply(op, x, y), "LdexpBackward0", "ldexp", floating=True
    )


def rsub(input: Tensor, other: Any, alpha: Any = 1) -> Tensor:
    """``other - alpha * input`` (``sub`` with the operands swapped).

    >>> import tensors as torch
    >>> torch.rsub(torch.tensor([1., 2.]), 10)
    tensor([9., 8.])
    """
    a = float(alpha)

    def fn(x: Value, y: Value) -> Value:
        return y - x * a if a != 1.0 else y - x

    if isinstance(other, Tensor):
        return _binary(input, other, fn, "RsubBackward0", "rsub")
    return _binary(input, other, fn, "RsubBackward1", "rsub", number_input=False)
