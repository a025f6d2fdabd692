"""Tensor operations: which Values combine with which.

Every op here arranges scalar Values: it broadcasts, groups, permutes, and
applies the scalar engine's operations to the elements; the engine keeps the
derivatives. Each op records one grad_fn named as PyTorch's. The ops are
attached to :class:`~tensors.Tensor` as methods and operators at the end of
this module, and exported as functions by ``tensors``.

>>> import tensors as torch
>>> a = torch.tensor([[1., 2.], [3., 4.]])
>>> (a @ a).sum(dim=0)
tensor([22., 32.])
"""

from __future__ import annotations

import builtins
import collections
import math
import numbers
from typing import Any, Optional, Sequence

from autograd_scalar import Value
from autograd_scalar import div as _ieee_div
from autograd_scalar.value import _const

from . import _dtype as D
from ._index_key import index_plan as _index_plan
from ._index_key import index_steps as _index_steps
from ._shape import (
    broadcast_index,
    broadcast_shapes,
    broadcast_to,
    numel,
    reduce_groups,
    strides,
    wrap_dim,
)
from ._tensor import Tensor, _from_numbers, _result, _warn

_ZERO = 0.0


def _fresh(v: Value) -> Value:
    """An element for a new tensor: Values with a graph are shared (they never
    change); a leaf's element is copied, so in-place writes to the new tensor
    cannot reach the leaf."""
    if v._parents:
        return v
    return v.clone() if v.requires_grad else _const(v.data)


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, Value)


def _operand(x: Any) -> Any:
    if isinstance(x, Tensor) or _is_number(x):
        return x
    if isinstance(x, Value):
        raise TypeError(
            "combine Values with Values; wrap a Value with tensors.tensor(v.data) first"
        )
    return None


def _result_dtype(*operands: Any) -> D.dtype:
    """PyTorch's promotion: the highest category (bool < integer < floating)
    wins; within it, dimensioned tensors outrank 0-d tensors, which outrank
    Python numbers. A Python float meeting integer tensors gives the default
    float dtype. ``None`` operands are ignored.

    >>> import tensors as torch
    >>> _result_dtype(torch.tensor([1, 2]), 2.5), _result_dtype(torch.tensor(1.0).double(), 1)
    (torch.float32, torch.float64)
    """

    def category(d: D.dtype) -> int:
        return 0 if d is D.bool else 1 if d is D.int64 else 2

    infos = []
    for x in operands:
        if isinstance(x, Tensor):
            infos.append((category(x.dtype), 2 if x.ndim else 1, x.dtype))
        elif x is not None:
            d = D.scalar_dtype(x)
            infos.append((category(d), 0, d))
    top = builtins.max(c for c, _, _ in infos)
    rank = builtins.max(r for c, r, _ in infos if c == top)
    out = None
    for c, r, d in infos:
        if c == top and r == rank:
            out = d if out is None else D.promote(out, d)
    return out


def _binary(
    a: Tensor,
    b: Any,
    fn: Any,
    name: str,
    op: str,
    reverse: bool = False,
    floating: bool = False,
    number_input: bool = True,
) -> Tensor:
    """Apply scalar ``fn`` elementwise with broadcasting; ``b`` may be a number.

    ``reverse``: ``b`` is the left operand. A number operand is one of the
    node's inputs (shown as ``None`` in ``next_functions``) when
    ``number_input``, as in PyTorch's AddBackward0 and MulBackward0.
    """
    if _operand(b) is None:
        return NotImplemented
    dtype = _result_dtype(b, a) if reverse else _result_dtype(a, b)
    if floating and not dtype.is_floating_point:
        dtype = D.get_default_dtype()
    fa = a._flat()
    if isinstance(b, Tensor):
        shape = (
            broadcast_shapes(b._shape, a._shape)
            if reverse
            else broadcast_shapes(a._shape, b._shape)
        )
        fa = broadcast_to(fa, a._shape, shape)
        fb = broadcast_to(b._flat(), b._shape, shape)
        if reverse:
            out = [fn(y, x) for x, y in zip(fa, fb)]
        else:
            out = [fn(x, y) for x, y in zip(fa, fb)]
        inputs = (b, a) if reverse else (a, b)
    else:
        c = _const(float(b))
        shape = a._shape
        out = [fn(c, x) for x in fa] if reverse else [fn(x, c) for x in fa]
        inputs = (a, b) if number_input else (a,)
    if not dtype.is_floating_point:
        # Integer and bool results hold whole numbers and truth values (no gradient).
        cast = dtype.cast
        out = [_const(cast(v.data)) for v in out]
    return _result(out, shape, dtype, name, inputs, op=op)


def _unary(a: Tensor, fn: Any, name: str, op: str, floating: bool = True) -> Tensor:
    dtype = a.dtype if (a.dtype.is_floating_point or not floating) else D.get_default_dtype()
    return _result([fn(x) for x in a._flat()], a._shape, dtype, name, (a,), op=op)


# ---------------------------------------------------------------------------------
# Arithmetic
# ---------------------------------------------------------------------------------


def _alpha(fn: Any, alpha: Any) -> Any:
    if alpha == 1:
        return fn
    a = _const(float(alpha))
    return lambda x, y: fn(x, y * a)


def _no_bool_sub(input: Any, other: Any) -> None:
    bools = [isinstance(x, Tensor) and x.dtype is D.bool for x in (input, other)]
    if all(bools):
        raise RuntimeError(
            "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` "
            "or `logical_xor()` operator instead."
        )
    if any(bools) or any(isinstance(x, builtins.bool) for x in (input, other)):
        raise RuntimeError(
            "Subtraction, the `-` operator, with a bool tensor is not supported. If you are "
            "trying to invert a mask, use the `~` or `logical_not()` operator instead."
        )


def _add(input: Tensor, other: Any, alpha: Any = 1) -> Tensor:
    return _binary(input, other, _alpha(Value.__add__, alpha), "AddBackward0", "add")


def _sub(input: Tensor, other: Any, alpha: Any = 1) -> Tensor:
    if _operand(other) is not None:
        _no_bool_sub(input, other)
    return _binary(input, other, _alpha(Value.__sub__, alpha), "SubBackward0", "sub")


def _mul(input: Tensor, other: Any) -> Tensor:
    return _binary(input, other, Value.__mul__, "MulBackward0", "mul")


def _div(input: Tensor, other: Any, rounding_mode: Optional[str] = None) -> Tensor:
    if rounding_mode is not None:
        if _operand(other) is None:
            return NotImplemented
        return _rounded_div(input, other, rounding_mode)
    return _binary(input, other, Value.__truediv__, "DivBackward0", "div", floating=True)


def _pow(input: Tensor, exponent: Any) -> Tensor:
    if _operand(exponent) is None:
        return NotImplemented
    _check_integer_power(input, exponent)
    if isinstance(exponent, Tensor):
        return _binary(input, exponent, Value.__pow__, "PowBackward1", "pow")
    return _binary(input, exponent, Value.__pow__, "PowBackward0", "pow", number_input=False)


def _check_integer_power(base: Any, exponent: Any) -> None:
    if isinstance(base, Tensor) and base.dtype is D.bool and isinstance(exponent, Tensor):
        if exponent.dtype is D.bool:
            raise NotImplementedError("\"pow\" not implemented for 'Bool'")
    integral = isinstance(base, Tensor) and not base.dtype.is_floating_point
    if integral and isinstance(exponent, numbers.Integral) and exponent < 0:
        raise RuntimeError("Integers to negative integer powers are not allowed.")


def _public(inner: Any, name: str, doc: str) -> Any:
    # The functions raise PyTorch's TypeError for a bad operand; the operators
    # (``x + y``) return NotImplemented instead, so that Python can try the other side.
    def f(input: Tensor, other: Any, *args: Any, **kwargs: Any) -> Tensor:
        out = inner(input, other, *args, **kwargs)
        if out is NotImplemented:
            raise _arg_error(name, other, 2)
        return out

    f.__name__ = f.__qualname__ = name
    f.__doc__ = doc
    return f


add = _public(
    _add,
    "add",
    """``input + alpha * other``, broadcasting.

    >>> import tensors as torch
    >>> torch.add(torch.ones(2), torch.ones(2), alpha=3)
    tensor([4., 4.])
    """,
)
sub = _public(
    _sub,
    "sub",
    """``input - alpha * other``, broadcasting.

    >>> import tensors as torch
    >>> torch.sub(torch.ones(2), torch.tensor([1., 2.]), alpha=2)
    tensor([-1., -3.])
    """,
)
mul = _public(
    _mul,
    "mul",
    """Elementwise product, broadcasting.

    >>> import tensors as torch
    >>> torch.mul(torch.tensor([1., 2.]), 3)
    tensor([3., 6.])
    """,
)
div = _public(
    _div,
    "div",
    """Elementwise true division (always floating), broadcasting; ``rounding_mode``
    "floor" or "trunc" rounds the quotient (and records no gradient).

    >>> import tensors as torch
    >>> torch.div(torch.tensor([1, 2]), 2)
    tensor([0.5000, 1.0000])
    >>> torch.div(torch.tensor([-3, 3]), 2, rounding_mode="floor")
    tensor([-2,  1])
    """,
)


def _rounded_div(input: Tensor, other: Any, mode: str) -> Tensor:
    if mode not in ("floor", "trunc"):
        raise ValueError(
            f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{mode}'"
        )
    rnd = math.floor if mode == "floor" else math.trunc
    q = div(input.detach(), other.detach() if isinstance(other, Tensor) else other)
    dtype = _result_dtype(input, other)
    values = []
    for v in q._flat():
        x = v.data
        values.append(x if math.isnan(x) or math.isinf(x) else float(rnd(x)))
    return _from_numbers(values, q._shape, dtype)


def pow(input: Any, exponent: Any) -> Tensor:  # noqa: A001 - torch.pow
    """``input ** exponent``, elementwise, broadcasting; either may be a number.

    >>> import tensors as torch
    >>> torch.pow(torch.tensor([1., 2., 3.]), 2)
    tensor([1., 4., 9.])
    >>> torch.pow(2, torch.tensor([0., 1.]))
    tensor([1., 2.])
    """
    if not isinstance(input, Tensor):
        if not isinstance(exponent, Tensor):
            raise TypeError(
                f"pow() received an invalid combination of arguments - got "
                f"({type(input).__name__}, {type(exponent).__name__})"
            )
        return _rpow(exponent, input)
    out = _pow(input, exponent)
    if out is NotImplemented:
        raise TypeError(
            f"pow() received an invalid combination of arguments - got (Tensor, "
            f"{type(exponent).__name__})"
        )
    return out


def neg(input: Tensor) -> Tensor:
    """``-input``.

    >>> import tensors as torch
    >>> torch.neg(torch.tensor([1, -2]))
    tensor([-1,  2])
    """
    if input.dtype is D.bool:
        raise RuntimeError(
            "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
            "invert a mask, use the `~` or `logical_not()` operator instead."
        )
    return _unary(input, Value.__neg__, "NegBackward0", "neg", floating=False)


def _rsub(a: Tensor, b: Any) -> Tensor:
    if _operand(b) is not None:
        _no_bool_sub(b, a)
    return _binary(a, b, Value.__sub__, "RsubBackward1", "sub", reverse=True, number_input=False)


def _rdiv(a: Tensor, b: Any) -> Tensor:
    # As PyTorch computes ``2 / x``: the reciprocal of x, times 2.
    if _operand(b) is None:
        return NotImplemented
    return _mul(reciprocal(a), b)


def _radd(a: Tensor, b: Any) -> Tensor:
    return _binary(a, b, Value.__add__, "AddBackward0", "add", reverse=True)


def _rmul(a: Tensor, b: Any) -> Tensor:
    return _binary(a, b, Value.__mul__, "MulBackward0", "mul", reverse=True)


def _rpow(a: Tensor, b: Any) -> Tensor:
    if _operand(b) is None:
        return NotImplemented
    return _binary(a, b, Value.__pow__, "PowBackward2", "pow", reverse=True, number_input=False)


def floor_divide(input: Tensor, other: Any) -> Tensor:
    """Elementwise ``floor(input / other)`` (no gradient, as in PyTorch)."""
    return _rounded_div(input, other, "floor")


def _remainder_value(x: Value, y: Value) -> Value:
    # x - floor(x / y) * y with the quotient taken as a constant: the derivative is
    # 1 for x and -floor(x / y) for y, as PyTorch's. A zero remainder takes the
    # sign of x, as C's fmod (and so PyTorch) gives it.
    q = _ieee_div(x.data, y.data)
    q = float(math.floor(q)) if math.isfinite(q) else math.nan
    if x.data < 0 and x.data == y.data * q:
        return -(y * q - x)
    return x - y * q


def remainder(input: Tensor, other: Any) -> Tensor:
    """Elementwise Python-style remainder (it takes the sign of the divisor).

    >>> import tensors as torch
    >>> torch.remainder(torch.tensor([-3., 3.]), 2)
    tensor([1., 1.])
    """
    if isinstance(other, Tensor):
        out = _binary(input, other, _remainder_value, "RemainderBackward1", "remainder")
    else:
        out = _binary(
            input, other, _remainder_value, "RemainderBackward0", "remainder", number_input=False
        )
    if out is NotImplemented:
        raise _arg_error("remainder", other, 2)
    return out


# ---------------------------------------------------------------------------------
# Pointwise functions
# ---------------------------------------------------------------------------------


def exp(input: Tensor) -> Tensor:
    """Elementwise e**x. ``torch.exp(torch.zeros(2))`` is ``tensor([1., 1.])``"""
    return _unary(input, Value.exp, "ExpBackward0", "exp")


def log(input: Tensor) -> Tensor:
    """Elementwise natural log (``-inf`` at 0, nan below)."""
    return _unary(input, Value.log, "LogBackward0", "log")


def log1p(input: Tensor) -> Tensor:
    """Elementwise ``log(1 + x)``."""
    return _unary(input, Value.log1p, "Log1PBackward0", "log1p")


def sqrt(input: Tensor) -> Tensor:
    """Elementwise square root."""
    return _unary(input, Value.sqrt, "SqrtBackward0", "sqrt")


def sin(input: Tensor) -> Tensor:
    """Elementwise sine."""
    return _unary(input, Value.sin, "SinBackward0", "sin")


def cos(input: Tensor) -> Tensor:
    """Elementwise cosine."""
    return _unary(input, Value.cos, "CosBackward0", "cos")


def tanh(input: Tensor) -> Tensor:
    """Elementwise hyperbolic tangent.

    >>> import tensors as torch
    >>> torch.tanh(torch.zeros(2))
    tensor([0., 0.])
    """
    return _unary(input, Value.tanh, "TanhBackward0", "tanh")


def sigmoid(input: Tensor) -> Tensor:
    """Elementwise logistic sigmoid."""
    return _unary(input, Value.sigmoid, "SigmoidBackward0", "sigmoid")


def relu(input: Tensor) -> Tensor:
    """Elementwise ``max(x, 0)``.

    >>> import tensors as torch
    >>> torch.relu(torch.tensor([-1., 2.]))
    tensor([0., 2.])
    """
    return _unary(input, Value.relu, "ReluBackward0", "relu", floating=False)


def abs(input: Tensor) -> Tensor:  # noqa: A001 - torch.abs
    """Elementwise absolute value."""
    return _unary(input, Value.abs, "AbsBackward0", "abs", floating=False)


def square(input: Tensor) -> Tensor:
    """Elementwise ``x * x`` (recorded as ``x ** 2``, as PyTorch does)."""
    return pow(input, 2)


def reciprocal(input: Tensor) -> Tensor:
    """Elementwise ``1 / x``."""
    return _unary(input, lambda v: 1.0 / v, "ReciprocalBackward0", "reciprocal")


def sign(input: Tensor) -> Tensor:
    """Elementwise sign (-1, 0 or 1); its gradient is zero.

    >>> import tensors as torch
    >>> torch.tensor([-2., 0., 3.], requires_grad=True).sign()
    tensor([-1.,  0.,  1.], grad_fn=<SignBackward0>)
    """
    from autograd_scalar.ops import _sign

    values = [_const(_sign(x.data)) for x in input._flat()]
    return _result(values, input._shape, input.dtype, "SignBackward0", (input,), op="sign")


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """Elementwise ``log(1 + exp(beta * x)) / beta`` (linear above ``threshold``).

    >>> import tensors as torch
    >>> torch.nn.functional.softplus(torch.tensor([0.0, 30.0]), beta=2)
    tensor([ 0.3466, 30.0000])
    """
    if beta == 1.0 and threshold == 20.0:
        return _unary(input, Value.softplus, "SoftplusBackward0", "softplus")

    def one(v: Value) -> Value:
        # Above the threshold: x itself, as a new node (never the input's own element).
        if v.data * beta > threshold:
            return v.clone()
        return (v * beta).exp().log1p() / beta

    return _unary(input, one, "SoftplusBackward0", "softplus")


def clamp(input: Tensor, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
    """Limit each element to ``[min, max]``; the gradient passes where the element is inside.

    ``min`` and ``max`` may be numbers or tensors (which broadcast, and get the
    gradient where they win). As PyTorch, ``max`` wins when ``min > max``.

    >>> import tensors as torch
    >>> torch.clamp(torch.tensor([-2., 0.5, 3.]), min=0, max=1)
    tensor([0.0000, 0.5000, 1.0000])
    """
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    tensor_bounds = isinstance(min, Tensor) or isinstance(max, Tensor)
    if tensor_bounds and (_is_number(min) or _is_number(max)):
        raise TypeError(
            "clamp() received an invalid combination of arguments - got (min="
            f"{type(min).__name__}, max={type(max).__name__}), but expected one of:\n"
            " * (Tensor min = None, Tensor max = None)\n * (Number min = None, Number max = None)"
        )
    dtype = _result_dtype(input, min, max)
    shape = broadcast_shapes(*(x._shape for x in (input, min, max) if isinstance(x, Tensor)))
    xs = broadcast_to(input._flat(), input._shape, shape)

    def bounds(b: Any) -> list:
        if b is None:
            return [None] * len(xs)
        if isinstance(b, Tensor):
            return broadcast_to(b._flat(), b._shape, shape)
        return [_const(float(b))] * len(xs)

    def one(v: Value, lo: Optional[Value], hi: Optional[Value]) -> Value:
        # Outside, the bound wins through maximum/minimum, whose derivative in v is 0
        # there, so v keeps its edge (and a zero gradient), as in PyTorch's graph.
        out, inside = v, True
        if lo is not None and v.data < lo.data:
            out, inside = v.maximum(lo), False
        if hi is not None and out.data > hi.data:
            out, inside = out.minimum(hi), False
        return v.clone() if inside else out  # inside (or nan), the gradient passes

    out = [one(v, lo, hi) for v, lo, hi in zip(xs, bounds(min), bounds(max))]
    if not dtype.is_floating_point:
        out = [_const(dtype.cast(v.data)) for v in out]
    if tensor_bounds:
        return _result(out, shape, dtype, "ClampBackward0", (input, min, max), op="clamp")
    return _result(out, shape, dtype, "ClampBackward1", (input,), op="clamp")


def maximum(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise maximum of two tensors, broadcasting (nan wins; ties split the gradient).

    >>> import tensors as torch
    >>> torch.maximum(torch.tensor([1., 5.]), torch.tensor([3., 2.]))
    tensor([3., 5.])
    """
    if not isinstance(other, Tensor):
        raise _arg_error("maximum", other, 2)
    return _binary(input, other, Value.maximum, "MaximumBackward0", "maximum")


def minimum(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise minimum of two tensors, broadcasting (nan wins; ties split the gradient).

    >>> import tensors as torch
    >>> torch.minimum(torch.tensor([1., 5.]), torch.tensor([3., 2.]))
    tensor([1., 2.])
    """
    if not isinstance(other, Tensor):
        raise _arg_error("minimum", other, 2)
    return _binary(input, other, Value.minimum, "MinimumBackward0", "minimum")


def where(condition: Tensor, input: Any, other: Any) -> Tensor:
    """Elements of ``input`` where ``condition`` holds, else of ``other`` (broadcasting).

    >>> import tensors as torch
    >>> x = torch.tensor([-1., 2.])
    >>> torch.where(x > 0, x, 0.0)
    tensor([0., 2.])
    """
    a = input if isinstance(input, Tensor) else _scalar_tensor(input)
    b = other if isinstance(other, Tensor) else _scalar_tensor(other)
    shape = broadcast_shapes(condition._shape, a._shape, b._shape)
    fc = broadcast_to(condition._flat(), condition._shape, shape)
    fa = broadcast_to(a._flat(), a._shape, shape)
    fb = broadcast_to(b._flat(), b._shape, shape)
    dtype = _result_dtype(input, other)
    picks = [x if c.data else y for c, x, y in zip(fc, fa, fb)]
    if dtype.is_floating_point:
        out = [_fresh(v) for v in picks]
    else:
        out = [_const(dtype.cast(v.data)) for v in picks]
    return _result(out, shape, dtype, "WhereBackward0", (input, other), op="where")


def _scalar_tensor(x: Any) -> Tensor:
    return _from_numbers([x], (), D.scalar_dtype(x))


# ---------------------------------------------------------------------------------
# Comparisons (bool results, no gradient)
# ---------------------------------------------------------------------------------


def _compare(a: Tensor, b: Any, test: Any) -> Tensor:
    if _operand(b) is None:
        return NotImplemented
    if isinstance(b, Tensor):
        shape = broadcast_shapes(a._shape, b._shape)
        fa = broadcast_to(a._flat(), a._shape, shape)
        fb = [v.data for v in broadcast_to(b._flat(), b._shape, shape)]
    else:
        shape = a._shape
        fa = a._flat()
        fb = [float(b)] * len(fa)
    return _from_numbers([1.0 if test(x.data, y) else 0.0 for x, y in zip(fa, fb)], shape, D.bool)


def eq(input: Tensor, other: Any) -> Tensor:
    """Elementwise ``==`` as a bool tensor."""
    return _compare(input, other, lambda x, y: x == y)


def ne(input: Tensor, other: Any) -> Tensor:
    """Elementwise ``!=`` as a bool tensor."""
    return _compare(input, other, lambda x, y: x != y)


def lt(input: Tensor, other: Any) -> Tensor:
    """Elementwise ``<`` as a bool tensor."""
    return _compare(input, other, lambda x, y: x < y)


def le(input: Tensor, other: Any) -> Tensor:
    """Elementwise ``<=`` as a bool tensor."""
    return _compare(input, other, lambda x, y: x <= y)


def gt(input: Tensor, other: Any) -> Tensor:
    """Elementwise ``>`` as a bool tensor.

    >>> import tensors as torch
    >>> torch.tensor([1, 5]) > 2
    tensor([False,  True])
    """
    return _compare(input, other, lambda x, y: x > y)


def ge(input: Tensor, other: Any) -> Tensor:
    """Elementwise ``>=`` as a bool tensor."""
    return _compare(input, other, lambda x, y: x >= y)


def equal(input: Tensor, other: Tensor) -> bool:
    """True when both tensors have the same shape and elements."""
    return input._shape == other._shape and all(
        x.data == y.data for x, y in zip(input._flat(), other._flat())
    )


def allclose(
    input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> bool:
    """True when ``|input - other| <= atol + rtol * |other|`` everywhere (broadcasting)."""
    shape = broadcast_shapes(input._shape, other._shape)
    fa = broadcast_to(input._flat(), input._shape, shape)
    fb = broadcast_to(other._flat(), other._shape, shape)
    for x, y in zip(fa, fb):
        a, b = x.data, y.data
        if math.isnan(a) or math.isnan(b):
            if not (equal_nan and math.isnan(a) and math.isnan(b)):
                return False
        elif not (a == b or builtins.abs(a - b) <= atol + rtol * builtins.abs(b)):
            return False
    return True


def isnan(input: Tensor) -> Tensor:
    """Bool tensor: where the elements are nan."""
    return _from_numbers([math.isnan(v.data) for v in input._flat()], input._shape, D.bool)


def logical_not(input: Tensor) -> Tensor:
    """Elementwise ``not``, as a bool tensor."""
    return _from_numbers([not v.data for v in input._flat()], input._shape, D.bool)


# ---------------------------------------------------------------------------------
# Reductions
# ---------------------------------------------------------------------------------


def _dims(dim: Any, ndim: int) -> list:
    if dim is None:
        return list(range(ndim))
    if isinstance(dim, (tuple, list)):
        out = [wrap_dim(d, ndim) for d in dim]
        if len(set(out)) != len(out):
            raise RuntimeError(f"dim {out[0]} appears multiple times in the list of dims")
        return out if out else list(range(ndim))
    return [wrap_dim(dim, ndim)]


def _reduced_shape(shape: tuple, dims: list, keepdim: bool) -> tuple:
    if keepdim:
        return tuple(1 if i in dims else s for i, s in enumerate(shape))
    return tuple(s for i, s in enumerate(shape) if i not in dims)


def _reduce(a: Tensor, dim: Any, keepdim: bool, combine: Any) -> tuple:
    """Apply ``combine(list of Values) -> Value`` to each group a reduction makes."""
    dims = _dims(dim, a.ndim)
    flat = a._flat()
    groups, _ = reduce_groups(a._shape, dims)
    out = [combine([flat[i] for i in g]) for g in groups]
    return out, _reduced_shape(a._shape, dims, keepdim)


def sum(input: Tensor, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:  # noqa: A001
    """Sum of all elements, or over ``dim`` (an int or a tuple of ints).

    Each output element is one n-ary sum node in the scalar graph.

    >>> import tensors as torch
    >>> torch.ones(2, 3).sum(1)
    tensor([3., 3.])
    """
    out_dtype = (
        D._as_dtype(dtype)
        if dtype is not None
        else (input.dtype if input.dtype.is_floating_point else D.int64)
    )
    out, shape = _reduce(input, dim, keepdim, Value.sum)
    name = "SumBackward0" if dim is None else "SumBackward1"
    return _result(out, shape, out_dtype, name, (input,), op="sum")


def mean(input: Tensor, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
    """Mean of all elements, or over ``dim``.

    >>> import tensors as torch
    >>> torch.tensor([[1., 2.], [3., 4.]]).mean(0)
    tensor([2., 3.])
    """
    out_dtype = D._as_dtype(dtype) if dtype is not None else input.dtype
    if not out_dtype.is_floating_point:
        raise RuntimeError(
            "mean(): could not infer output dtype. Input dtype must be either a floating point "
            f"or complex dtype. Got: {_type_name(input.dtype)}"
        )
    out, shape = _reduce(
        input, dim, keepdim, lambda vs: Value.sum(vs) / len(vs) if vs else _const(math.nan)
    )
    name = "MeanBackward0" if dim is None else "MeanBackward1"
    return _result(out, shape, out_dtype, name, (input,), op="mean")


def prod(
    input: Tensor, dim: Optional[int] = None, keepdim: bool = False, dtype: Any = None
) -> Tensor:
    """Product of all elements, or over ``dim``."""

    def product(vs: list) -> Value:
        if not vs:
            return _const(1.0)
        out = vs[0]
        for v in vs[1:]:
            out = out * v
        return out.clone() if len(vs) == 1 else out

    out_dtype = input.dtype if input.dtype.is_floating_point else D.int64
    out, shape = _reduce(input, dim, keepdim, product)
    name = "ProdBackward0" if dim is None else "ProdBackward1"
    return _result(out, shape, out_dtype, name, (input,), op="prod")


def _extreme(vs: list, larger: bool) -> int:
    """Index of the first largest (or smallest) element; a nan wins."""
    best = 0
    bx = vs[0].data
    for i in range(1, len(vs)):
        x = vs[i].data
        if bx != bx:
            break
        if x != x or (x > bx if larger else x < bx):
            best, bx = i, x
    return best


def _even(vs: list, larger: bool) -> Value:
    """The max (or min) with its gradient shared evenly by tied elements, as PyTorch's."""
    i = _extreme(vs, larger)
    m = vs[i].data
    ties = [v for v in vs if v.data == m] if m == m else [vs[i]]
    if len(ties) == 1:
        return ties[0].clone()
    return Value.sum(ties) / len(ties)


MinMax = collections.namedtuple("MinMax", ["values", "indices"])


class return_types:
    """Named results, printed as PyTorch prints them (``torch.return_types.max(...)``)."""

    class _Base(tuple):
        _name = ""

        def __new__(cls, values: Tensor, indices: Tensor) -> Any:
            return tuple.__new__(cls, (values, indices))

        @property
        def values(self) -> Tensor:
            return self[0]

        @property
        def indices(self) -> Tensor:
            return self[1]

        def __repr__(self) -> str:
            return f"torch.return_types.{self._name}(\nvalues={self[0]!r},\nindices={self[1]!r})"

    class max(_Base):  # noqa: A001
        _name = "max"

    class min(_Base):  # noqa: A001
        _name = "min"


def _minmax(input: Tensor, dim: Any, keepdim: bool, larger: bool, other: Any = None) -> Any:
    name = "Max" if larger else "Min"
    if isinstance(dim, Tensor):
        other, dim = dim, None
    if other is not None:
        return maximum(input, other) if larger else minimum(input, other)
    if input.numel() == 0:
        raise RuntimeError(
            f"{name.lower()}(): Expected reduction dim to be specified for input.numel() == 0. "
            "Specify the reduction dim with the 'dim' argument."
        )
    if dim is None:
        out, shape = _reduce(input, None, False, lambda vs: _even(vs, larger))
        return _result(out, shape, input.dtype, f"{name}Backward1", (input,), op=name.lower())
    d = wrap_dim(dim, input.ndim)
    flat = input._flat()
    groups = reduce_groups(input._shape, [d])[0] if input.ndim else [[0]]
    picks = [g[_extreme([flat[i] for i in g], larger)] for g in groups]
    shape = _reduced_shape(input._shape, [d], keepdim)
    values = _result(
        [flat[p].clone() for p in picks],
        shape,
        input.dtype,
        f"{name}Backward0",
        (input,),
        op=name.lower(),
    )
    stride, size = (strides(input._shape)[d], input._shape[d]) if input.ndim else (1, 1)
    idx = [(p // stride) % size for p in picks]
    indices = _from_numbers(idx, shape, D.int64)
    return (return_types.max if larger else return_types.min)(values, indices)


def max(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:  # noqa: A001
    """The largest element; with ``dim``, ``(values, indices)`` along it.

    With a tensor as second argument, the elementwise ``maximum``.

    >>> import tensors as torch
    >>> torch.tensor([[1., 5.], [7., 2.]]).max(dim=1)
    torch.return_types.max(
    values=tensor([5., 7.]),
    indices=tensor([1, 0]))
    """
    return _minmax(input, dim, keepdim, True)


def min(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:  # noqa: A001
    """The smallest element; with ``dim``, ``(values, indices)`` along it."""
    return _minmax(input, dim, keepdim, False)


def amax(input: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    """Largest values over ``dim`` (ties share the gradient evenly)."""
    out, shape = _reduce(input, dim if dim != () else None, keepdim, lambda vs: _even(vs, True))
    return _result(out, shape, input.dtype, "AmaxBackward0", (input,), op="amax")


def amin(input: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    """Smallest values over ``dim`` (ties share the gradient evenly)."""
    out, shape = _reduce(input, dim if dim != () else None, keepdim, lambda vs: _even(vs, False))
    return _result(out, shape, input.dtype, "AminBackward0", (input,), op="amin")


def _arg(input: Tensor, dim: Optional[int], keepdim: bool, larger: bool) -> Tensor:
    flat = input._flat()
    if dim is None:
        return _from_numbers(
            [_extreme(flat, larger)], (1,) * input.ndim if keepdim else (), D.int64
        )
    d = wrap_dim(dim, input.ndim)
    groups = reduce_groups(input._shape, [d])[0] if input.ndim else [[0]]
    idx = [_extreme([flat[i] for i in g], larger) for g in groups]
    return _from_numbers(idx, _reduced_shape(input._shape, [d], keepdim), D.int64)


def argmax(input: Tensor, dim: Optional[int] = None, keepdim: bool = False) -> Tensor:
    """Index of the largest element (flat index without ``dim``).

    >>> import tensors as torch
    >>> torch.tensor([1., 9., 3.]).argmax()
    tensor(1)
    """
    return _arg(input, dim, keepdim, True)


def argmin(input: Tensor, dim: Optional[int] = None, keepdim: bool = False) -> Tensor:
    """Index of the smallest element (flat index without ``dim``)."""
    return _arg(input, dim, keepdim, False)


def _along(
    input: Tensor, dim: int, per_group: Any, name: str, op: str, keepdim: bool = True
) -> Tensor:
    """Apply ``per_group(list of Values) -> list of Values`` along ``dim``."""
    d = wrap_dim(dim, input.ndim)
    flat = input._flat()
    groups, _ = reduce_groups(input._shape, [d])
    if keepdim:
        out: list = [None] * len(flat)
        for g in groups:
            for i, v in zip(g, per_group([flat[i] for i in g])):
                out[i] = v
        shape = input._shape
    else:
        out = [per_group([flat[i] for i in g])[0] for g in groups]
        shape = _reduced_shape(input._shape, [d], False)
    dtype = input.dtype if input.dtype.is_floating_point else D.get_default_dtype()
    return _result(out, shape, dtype, name, (input,), op=op)


def _shift(vs: list) -> float:
    # Subtracting the max keeps exp from overflowing; an infinite max shifts by 0.
    m = builtins.max(v.data for v in vs)
    return m if math.isfinite(m) else 0.0


def _log_sum_exp(vs: list) -> Value:
    m = _shift(vs)
    return Value.sum([(v - m).exp() for v in vs]).log() + m


def softmax(input: Tensor, dim: int, dtype: Any = None) -> Tensor:
    """``exp(x) / sum(exp(x))`` along ``dim``.

    >>> import tensors as torch
    >>> torch.softmax(torch.tensor([0., 0.]), dim=0)
    tensor([0.5000, 0.5000])
    """

    def group(vs: list) -> list:
        m = _shift(vs)
        es = [(v - m).exp() for v in vs]
        total = Value.sum(es)
        return [e / total for e in es]

    return _along(input, dim, group, "SoftmaxBackward0", "softmax")


def log_softmax(input: Tensor, dim: int, dtype: Any = None) -> Tensor:
    """``x - logsumexp(x)`` along ``dim``, computed stably."""

    def group(vs: list) -> list:
        m = _shift(vs)
        lse = Value.sum([(v - m).exp() for v in vs]).log()
        return [(v - m) - lse for v in vs]

    return _along(input, dim, group, "LogSoftmaxBackward0", "log_softmax")


def logsumexp(input: Tensor, dim: Any, keepdim: bool = False) -> Tensor:
    """``log(sum(exp(x)))`` over ``dim``, computed stably."""
    out, shape = _reduce(input, dim, keepdim, _log_sum_exp)
    dtype = input.dtype if input.dtype.is_floating_point else D.get_default_dtype()
    return _result(out, shape, dtype, "LogsumexpBackward0", (input,), op="logsumexp")


def var(
    input: Tensor,
    dim: Any = None,
    unbiased: Any = None,
    keepdim: bool = False,
    correction: Any = None,
) -> Tensor:
    """Variance over ``dim`` (Bessel's correction by default, as in PyTorch).

    >>> import tensors as torch
    >>> torch.tensor([[1., 3.], [2., 2.]]).var(dim=1)
    tensor([2., 0.])
    """
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    _check_degrees_of_freedom("var", input, dim, correction)
    out, shape = _variances(input, dim, keepdim, correction)
    return _result(out, shape, input.dtype, "VarBackward0", (input,), op="var")


def _variances(input: Tensor, dim: Any, keepdim: bool, correction: Any) -> tuple:
    def group(vs: list) -> Value:
        mu = Value.sum(vs) / len(vs)
        return Value.sum([(v - mu) * (v - mu) for v in vs]) / builtins.max(0, len(vs) - correction)

    return _reduce(input, dim, keepdim, group)


def std(
    input: Tensor,
    dim: Any = None,
    unbiased: Any = None,
    keepdim: bool = False,
    correction: Any = None,
) -> Tensor:
    """Standard deviation over ``dim`` (Bessel's correction by default).

    >>> import tensors as torch
    >>> torch.tensor([1., 3.]).std()
    tensor(1.4142)
    """
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    _check_degrees_of_freedom("std", input, dim, correction)

    def group(vs: list) -> Value:
        mu = Value.sum(vs) / len(vs)
        deviations = [v - mu for v in vs]
        total = Value.sum([d * d for d in deviations])
        if total.data == 0.0 and len(vs) > correction:
            # PyTorch takes the gradient of a zero std as 0, not 0 / 0: here it is
            # the same 0 written as 0 * deviation, whose derivative is 0.
            return Value.sum([d * 0.0 for d in deviations])
        return (total / builtins.max(0, len(vs) - correction)).sqrt()

    out, shape = _reduce(input, dim, keepdim, group)
    return _result(out, shape, input.dtype, "StdBackward0", (input,), op="std")


def _check_degrees_of_freedom(name: str, input: Tensor, dim: Any, correction: Any) -> None:
    dims = _dims(dim, input.ndim)
    n = numel([input._shape[d] for d in dims]) if input.ndim else 1
    if n - correction <= 0:
        _warn(
            f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than the "
            "reduction factor (input numel divided by output numel)."
        )


def norm(input: Tensor, p: Any = 2, dim: Any = None, keepdim: bool = False) -> Tensor:
    """The p-norm over all elements or ``dim`` (p = 2 by default).

    >>> import tensors as torch
    >>> torch.tensor([[3., 4.], [0., 0.]]).norm(dim=1)
    tensor([5., 0.])
    """
    if isinstance(dim, (tuple, list)) and len(dim) > 2:
        raise RuntimeError(
            "linalg.matrix_norm: dim must be a 2-tuple. Got " + " ".join(str(d) for d in dim)
        )

    def group(vs: list) -> Value:
        if p == 1:
            return Value.sum([v.abs() for v in vs])
        if p == 2:
            total = Value.sum([v * v for v in vs])
            if total.data == 0.0:
                # PyTorch takes the gradient of a zero norm as 0, not 0 / 0: here it
                # is the same 0 written as 0 * v, whose derivative is 0.
                return Value.sum([v * 0.0 for v in vs])
            return total.sqrt()
        return Value.sum([v.abs() ** p for v in vs]) ** (1.0 / p)

    out, shape = _reduce(input, dim, keepdim, group)
    return _result(out, shape, input.dtype, "LinalgVectorNormBackward0", (input,), op="norm")


# ---------------------------------------------------------------------------------
# Matrix products
# ---------------------------------------------------------------------------------


def _mm_rows(rows: list, cols: list) -> list:
    """Each output element is an n-ary sum of products: k multiplications and one sum."""
    return [Value.sum([x * y for x, y in zip(row, col)]) for row in rows for col in cols]


def _rows(t: Tensor) -> list:
    return [list(r) for r in t._data]


def _cols(t: Tensor) -> list:
    return [list(c) for c in zip(*t._data)] if t._shape[0] else [[] for _ in range(t._shape[1])]


def _same_dtype(a: Tensor, b: Tensor, kind: str) -> D.dtype:
    """The dtype of a matrix product; PyTorch refuses mixed dtypes, in each path's words."""
    if a.dtype is not b.dtype:
        x, y = _type_name(a.dtype), _type_name(b.dtype)
        if kind == "dot":
            message = f"dot : expected both vectors to have same dtype, but found {x} and {y}"
        elif kind == "mv":
            message = f"addmv input tensors must have the same dtype, but got {y}, {x}, and {y}"
        elif kind == "bmm":
            message = f"expected scalar type {x} but found {y}"
        else:
            message = (
                f"expected m1 and m2 to have the same dtype, but got: {_cpp_name(a.dtype)} != "
                f"{_cpp_name(b.dtype)}"
            )
        raise RuntimeError(message)
    if a.dtype is D.bool:
        raise NotImplementedError(
            f"\"{'dot' if kind == 'dot' else 'addmm_impl_cpu_'}\" not implemented for 'Bool'"
        )
    return a.dtype


def _cpp_name(d: D.dtype) -> str:
    return {"float32": "float", "float64": "double", "int64": "long int", "bool": "bool"}[d.name]


def _check_tensors(name: str, input: Any, other: Any, method: bool = False) -> None:
    for arg, x, pos in (("input", input, 1), ("other", other, 2)):
        if not isinstance(x, Tensor):
            raise TypeError(
                f"{name}(): argument '{arg}' (position {pos - method}) must be Tensor, not "
                f"{type(x).__name__}"
            )


def mm(input: Tensor, mat2: Tensor) -> Tensor:
    """Matrix product of two 2-D tensors.

    >>> import tensors as torch
    >>> torch.mm(torch.ones(2, 3), torch.ones(3, 1))
    tensor([[3.],
            [3.]])
    """
    if input.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if mat2.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    (n, k), (k2, m) = input._shape, mat2._shape
    if k != k2:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({n}x{k} and {k2}x{m})")
    dtype = _same_dtype(input, mat2, "mm")
    return _result(
        _mm_rows(_rows(input), _cols(mat2)),
        (n, m),
        dtype,
        "MmBackward0",
        (input, mat2),
        op="matmul",
    )


def mv(input: Tensor, vec: Tensor) -> Tensor:
    """Matrix-vector product.

    >>> import tensors as torch
    >>> torch.mv(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([1., 1.]))
    tensor([3., 7.])
    """
    if input.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input.ndim}, {vec.ndim}")
    (n, k), (k2,) = input._shape, vec._shape
    if k != k2:
        raise RuntimeError(f"size mismatch, got input ({n}), mat ({n}x{k}), vec ({k2})")
    dtype = _same_dtype(input, vec, "mv")
    return _result(
        _mm_rows(_rows(input), [vec._flat()]), (n,), dtype, "MvBackward0", (input, vec), op="matmul"
    )


def dot(input: Tensor, other: Tensor) -> Tensor:
    """Dot product of two 1-D tensors: one sum node over the products.

    >>> import tensors as torch
    >>> torch.dot(torch.tensor([1., 2.]), torch.tensor([3., 4.]))
    tensor(11.)
    """
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {other.ndim}D tensors")
    if input._shape != other._shape:
        a, b = input._shape[0], other._shape[0]
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{a}] and src [{b}] to have the same "
            f"number of elements, but got {a} and {b} elements respectively"
        )
    dtype = _same_dtype(input, other, "dot")
    out = Value.sum([x * y for x, y in zip(input._flat(), other._flat())])
    return _result([out], (), dtype, "DotBackward0", (input, other), op="matmul")


def outer(input: Tensor, vec2: Tensor) -> Tensor:
    """Outer product of two 1-D tensors.

    >>> import tensors as torch
    >>> torch.outer(torch.tensor([1., 2.]), torch.tensor([1., 10.]))
    tensor([[ 1., 10.],
            [ 2., 20.]])
    """
    for arg, x in (("self", input), ("vec2", vec2)):
        if x.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {arg}, but got {x.ndim}-D")
    # As PyTorch computes it: a column view of input, times vec2.
    return mul(reshape(input, -1, 1), vec2)


ger = outer


def matmul(input: Tensor, other: Tensor) -> Tensor:
    """Matrix product by every rule of ``torch.matmul``: vectors, matrices, batches.

    1-D @ 1-D is a dot product; 2-D @ 1-D a matrix-vector product; a 1-D
    first operand is a row vector, a 1-D second one a column; with more
    dimensions the leading ones are batches, which broadcast. The grad_fn is
    the node PyTorch's own path through these cases ends with.

    >>> import tensors as torch
    >>> x, w = torch.ones(5), torch.ones(5, 3)
    >>> torch.matmul(x, w)
    tensor([5., 5., 5.])
    >>> torch.matmul(torch.ones(4, 2, 3), torch.ones(3)).shape
    torch.Size([4, 2])
    """
    _check_tensors("matmul", input, other)
    a, b = input.ndim, other.ndim
    if a == 0 or b == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {a}D and {b}D"
        )
    if a == 1 and b == 1:
        return dot(input, other)
    if a == 2 and b == 2:
        return mm(input, other)
    if a == 2 and b == 1:
        return mv(input, other)
    if a == 1 and b == 2:
        (k,), (k2, m) = input._shape, other._shape
        if k != k2:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied (1x{k} and {k2}x{m})")
        dtype = _same_dtype(input, other, "mm")
        out = _mm_rows([input._flat()], _cols(other))
        return _result(out, (m,), dtype, "SqueezeBackward4", (input, other), op="matmul")
    # Batched: a 1-D operand is a row (first) or a column (second); batch dims broadcast.
    ash = (1,) + input._shape if a == 1 else input._shape
    bsh = other._shape + (1,) if b == 1 else other._shape
    (n, k), (k2, m) = ash[-2:], bsh[-2:]
    batch = broadcast_shapes(ash[:-2], bsh[:-2])
    if b <= 2:  # PyTorch folds the batch into the rows and calls mm or mv
        rows = numel(ash[:-1])
        if k != k2:
            if b == 1:
                raise RuntimeError(
                    f"size mismatch, got input ({rows}), mat ({rows}x{k}), vec ({k2})"
                )
            raise RuntimeError(
                f"mat1 and mat2 shapes cannot be multiplied ({rows}x{k} and {k2}x{m})"
            )
        dtype = _same_dtype(input, other, "mv" if b == 1 else "mm")
    else:
        if k != k2:
            raise RuntimeError(
                f"Expected size for first two dimensions of batch2 tensor to be: "
                f"[{numel(batch)}, {k}] but got: [{numel(batch)}, {k2}]."
            )
        dtype = _same_dtype(input, other, "mm" if a <= 2 else "bmm")
    fa, fb = input._flat(), other._flat()
    count = numel(batch)
    ia = broadcast_index(ash[:-2], batch) if ash[:-2] else (0,) * count
    ib = broadcast_index(bsh[:-2], batch) if bsh[:-2] else (0,) * count
    out: list = []
    for pa, pb in zip(ia, ib):
        block_a = fa[pa * n * k : (pa + 1) * n * k]
        block_b = fb[pb * k * m : (pb + 1) * k * m]
        rows = [block_a[i * k : (i + 1) * k] for i in range(n)]
        cols = [block_b[j::m] for j in range(m)]
        out.extend(_mm_rows(rows, cols))
    shape = batch + ((n,) if a > 1 else ()) + ((m,) if b > 1 else ())
    name = _batched_matmul_name(input, other)
    return _result(out, shape, dtype, name, (input, other), op="matmul")


def _batched_matmul_name(input: Tensor, other: Tensor) -> str:
    # PyTorch ends with a view of an mm, mv or bmm result (UnsafeViewBackward0),
    # except for a matrix (or a 3-D tensor with a batch of one against a batch of
    # several) times a batch when the matrix requires grad: then it computes the
    # transposed product and transposes it back, copying unless one side is 1 wide.
    a, b = input._shape, other._shape
    matrix = len(a) == 2 or (len(a) == 3 and len(b) == 3 and a[0] == 1 and b[0] != 1)
    if matrix and len(b) >= 3 and input._requires_grad and _grad_enabled():
        return "TransposeBackward0" if a[-2] == 1 or b[-1] == 1 else "CloneBackward0"
    return "UnsafeViewBackward0"


def _grad_enabled() -> bool:
    from autograd_scalar import is_grad_enabled

    return is_grad_enabled()


def bmm(input: Tensor, mat2: Tensor) -> Tensor:
    """Batched matrix product of two 3-D tensors."""
    if input.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if mat2.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    b, k, b2, k2 = input._shape[0], input._shape[2], mat2._shape[0], mat2._shape[1]
    if b != b2 or k != k2:
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: [{b}, {k}] but got: "
            f"[{b2}, {k2}]."
        )
    dtype = _same_dtype(input, mat2, "bmm")
    out = matmul(input, mat2)
    return _result(out._flat(), out._shape, dtype, "BmmBackward0", (input, mat2), op="matmul")


# ---------------------------------------------------------------------------------
# Views and shapes: the same Values, arranged differently
# ---------------------------------------------------------------------------------


def _view(t: Tensor, shape: tuple, index: Optional[Sequence[int]], name: str, op: str) -> Tensor:
    flat = t._flat()
    out = flat if index is None else [flat[i] for i in index]
    return _result(list(out), tuple(shape), t.dtype, name, (t,), op=op, base=t, base_index=index)


def _infer_size(shape: Sequence[int], n: int) -> tuple:
    shape = list(shape)
    if shape.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = numel([s for s in shape if s != -1])
    if -1 in shape:
        if known == 0 or n % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {n}")
        shape[shape.index(-1)] = n // known
    if numel(shape) != n:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {n}")
    return tuple(shape)


def _shape_args(shape: Sequence[Any]) -> tuple:
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        return tuple(shape[0])
    return tuple(shape)


def reshape(input: Tensor, *shape: Any) -> Tensor:
    """The same elements in a new shape (one size may be -1).

    >>> import tensors as torch
    >>> torch.arange(6).reshape(2, -1)
    tensor([[0, 1, 2],
            [3, 4, 5]])
    """
    return _view(
        input, _infer_size(_shape_args(shape), input.numel()), None, "ViewBackward0", "reshape"
    )


def view(input: Tensor, *shape: Any) -> Tensor:
    """Like ``reshape`` (nested lists are always contiguous)."""
    return _view(
        input, _infer_size(_shape_args(shape), input.numel()), None, "ViewBackward0", "view"
    )


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge dimensions ``start_dim..end_dim`` into one.

    >>> import tensors as torch
    >>> torch.zeros(2, 3, 4).flatten(1).shape
    torch.Size([2, 12])
    """
    if input.ndim == 0:
        return _view(input, (1,), None, "ViewBackward0", "flatten")
    s, e = wrap_dim(start_dim, input.ndim), wrap_dim(end_dim, input.ndim)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return input
    shape = input._shape[:s] + (numel(input._shape[s : e + 1]),) + input._shape[e + 1 :]
    return _view(input, shape, None, "ViewBackward0", "flatten")


def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """Insert a dimension of size 1 at ``dim``."""
    d = wrap_dim(dim, input.ndim + 1)
    shape = input._shape[:d] + (1,) + input._shape[d:]
    return _view(input, shape, None, "UnsqueezeBackward0", "unsqueeze")


def squeeze(input: Tensor, dim: Any = None) -> Tensor:
    """Remove dimensions of size 1 (all of them, or ``dim``)."""
    if dim is None:
        shape = tuple(s for s in input._shape if s != 1)
        name = "SqueezeBackward0"
    else:
        dims = _dims(dim, builtins.max(input.ndim, 1)) if input.ndim else []
        shape = tuple(s for i, s in enumerate(input._shape) if not (i in dims and s == 1))
        name = "SqueezeBackward1" if not isinstance(dim, (tuple, list)) else "SqueezeBackward2"
    return _view(input, shape, None, name, "squeeze")


def _permute_index(shape: tuple, dims: Sequence[int]) -> list:
    st = strides(shape)
    idx = [0]
    for d in dims:
        stride = st[d]
        idx = [i + k * stride for i in idx for k in range(shape[d])]
    return idx


def permute(input: Tensor, *dims: Any) -> Tensor:
    """Reorder the dimensions.

    >>> import tensors as torch
    >>> torch.zeros(2, 3, 4).permute(2, 0, 1).shape
    torch.Size([4, 2, 3])
    """
    if not dims:
        raise TypeError('permute() missing 1 required positional arguments: "dims"')
    dims = _shape_args(dims)
    if len(dims) != input.ndim:
        raise RuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match "
            "the length of the desired ordering of dimensions i.e. input.dim() = "
            f"{input.ndim} is not equal to len(dims) = {len(dims)}"
        )
    dims = [wrap_dim(d, input.ndim) for d in dims]
    if len(set(dims)) != len(dims):
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    shape = tuple(input._shape[d] for d in dims)
    return _view(input, shape, _permute_index(input._shape, dims), "PermuteBackward0", "permute")


def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """Swap two dimensions.

    >>> import tensors as torch
    >>> torch.zeros(2, 3, 4).transpose(0, -1).shape
    torch.Size([4, 3, 2])
    """
    dims = list(range(input.ndim))
    d0, d1 = wrap_dim(dim0, input.ndim), wrap_dim(dim1, input.ndim)
    if input.ndim == 0:
        return _view(input, (), None, "TransposeBackward0", "transpose")
    dims[d0], dims[d1] = dims[d1], dims[d0]
    shape = tuple(input._shape[d] for d in dims)
    return _view(
        input, shape, _permute_index(input._shape, dims), "TransposeBackward0", "transpose"
    )


swapaxes = transpose


def t(input: Tensor) -> Tensor:
    """Transpose a tensor of at most 2 dimensions.

    >>> import tensors as torch
    >>> torch.tensor([[1, 2, 3]]).t()
    tensor([[1],
            [2],
            [3]])
    """
    if input.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {input.ndim}D")
    if input.ndim < 2:
        return _view(input, input._shape, None, "TBackward0", "t")
    return _view(input, input._shape[::-1], _permute_index(input._shape, [1, 0]), "TBackward0", "t")


def _T(input: Tensor) -> Tensor:
    dims = list(range(input.ndim))[::-1]
    return _view(
        input, input._shape[::-1], _permute_index(input._shape, dims), "PermuteBackward0", "permute"
    )


def expand(input: Tensor, *sizes: Any) -> Tensor:
    """View with size-1 dimensions repeated (no copies: the same Values, used again).

    >>> import tensors as torch
    >>> torch.tensor([1., 2.]).expand(2, 2)
    tensor([[1., 2.],
            [1., 2.]])
    """
    shape = _expanded_shape(input._shape, _shape_args(sizes), input.dtype)
    return _view(input, shape, broadcast_index(input._shape, shape), "ExpandBackward0", "expand")


def _expanded_shape(have: tuple, sizes: tuple, dtype: D.dtype) -> tuple:
    """The shape ``expand(*sizes)`` gives a tensor of shape ``have``, with PyTorch's errors."""
    if len(sizes) < len(have):
        raise RuntimeError(
            f"expand(torch.{_type_name(dtype)}Tensor{{{list(have)}}}, size={list(sizes)}): the "
            f"number of sizes provided ({len(sizes)}) must be greater or equal to the number of "
            f"dimensions in the tensor ({len(have)})"
        )
    pad = len(sizes) - len(have)
    shape = []
    for i, s in enumerate(sizes):
        size = have[i - pad] if i >= pad else 1
        if s == -1:
            if i < pad:
                raise RuntimeError(
                    f"The expanded size of the tensor (-1) isn't allowed in a leading, "
                    f"non-existing dimension {i}"
                )
            s = size
        if size != 1 and s != size:
            raise RuntimeError(
                f"The expanded size of the tensor ({s}) must match the existing size ({size}) at "
                f"non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor sizes: "
                f"{list(have)}"
            )
        shape.append(s)
    return tuple(shape)


def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along an existing dimension.

    >>> import tensors as torch
    >>> torch.cat([torch.zeros(1, 2), torch.ones(1, 2)])
    tensor([[0., 0.],
            [1., 1.]])
    """
    tensors = [x for x in tensors if not (x.ndim == 1 and x._shape[0] == 0)] or list(tensors)
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    first = tensors[0]
    d = wrap_dim(dim, first.ndim)
    for i, x in enumerate(tensors[1:], 1):
        if x.ndim != first.ndim:
            raise RuntimeError(
                f"Tensors must have same number of dimensions: got {first.ndim} and {x.ndim}"
            )
        for j in range(first.ndim):
            if j != d and x._shape[j] != first._shape[j]:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {d}. Expected size "
                    f"{first._shape[j]} but got size {x._shape[j]} for tensor number {i} in "
                    "the list."
                )
    outer = numel(first._shape[:d])
    out: list = []
    for o in range(outer):
        for x in tensors:
            block = numel(x._shape[d:])
            out.extend(_fresh(v) for v in x._flat()[o * block : (o + 1) * block])
    shape = first._shape[:d] + (builtins.sum(x._shape[d] for x in tensors),) + first._shape[d + 1 :]
    dtype = tensors[0].dtype
    for x in tensors[1:]:
        dtype = D.promote(dtype, x.dtype)
    return _result(out, shape, dtype, "CatBackward0", tuple(tensors), op="cat")


concat = concatenate = cat


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join same-shaped tensors along a new dimension.

    >>> import tensors as torch
    >>> torch.stack([torch.zeros(2), torch.ones(2)], dim=1)
    tensor([[0., 1.],
            [0., 1.]])
    """
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    for i, x in enumerate(tensors[1:], 1):
        if x._shape != tensors[0]._shape:
            raise RuntimeError(
                f"stack expects each tensor to be equal size, but got {list(tensors[0]._shape)} "
                f"at entry 0 and {list(x._shape)} at entry {i}"
            )
    d = wrap_dim(dim, tensors[0].ndim + 1)
    joined = cat([unsqueeze(x, d) for x in tensors], d)
    return _result(
        joined._flat(), joined._shape, joined.dtype, "StackBackward0", tuple(tensors), op="stack"
    )


def split(input: Tensor, split_size: Any, dim: int = 0) -> tuple:
    """Views of pieces of ``split_size`` along ``dim`` (the last may be smaller), or of
    the sizes in a list.

    >>> import tensors as torch
    >>> torch.arange(5).split(2)
    (tensor([0, 1]), tensor([2, 3]), tensor([4]))
    """
    d = wrap_dim(dim, input.ndim)
    n = input._shape[d]
    if isinstance(split_size, numbers.Integral):
        if split_size < 0 or (split_size == 0 and n):
            raise RuntimeError(
                f"split_size can only be 0 if dimension size is 0, but got dimension size of {n}"
                if split_size == 0
                else f"split expects split_size be non-negative, but got split_size={split_size}"
            )
        size = int(split_size)
        sizes = [size] * (n // size) + ([n % size] if n % size else []) if size else [0]
        name = "SplitBackward0"
    else:
        sizes = [int(x) for x in split_size]
        if builtins.sum(sizes) != n:
            raise RuntimeError(
                f"split_with_sizes expects split_sizes to sum exactly to {n} (input tensor's size "
                f"at dimension {d}), but got split_sizes={sizes}"
            )
        name = "SplitWithSizesBackward0"
    out, start = [], 0
    for s in sizes:
        key = (slice(None),) * d + (slice(start, start + s),)
        shape, index, _, _ = _index_plan(input._shape, key)
        out.append(_view(input, shape, index, name, "split"))
        start += s
    return tuple(out)


def unbind(input: Tensor, dim: int = 0) -> tuple:
    """The views along ``dim``, one per index (what iterating over a tensor gives).

    >>> import tensors as torch
    >>> torch.tensor([[1, 2], [3, 4]]).unbind(1)
    (tensor([1, 3]), tensor([2, 4]))
    """
    if input.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    d = wrap_dim(dim, input.ndim)
    flat = input._flat()
    size, step = input._shape[d], strides(input._shape)[d]
    shape = input._shape[:d] + input._shape[d + 1 :]
    outer = numel(input._shape[:d])
    out = []
    for i in range(size):
        index = [o * size * step + i * step + j for o in range(outer) for j in range(step)]
        # Along dim 0 a row shares its list with the tensor, as t[i] does.
        nested = input._data[i] if d == 0 and input.ndim >= 2 else None
        out.append(
            _result(
                None if nested is not None else [flat[k] for k in index],
                shape,
                input.dtype,
                "UnbindBackward0",
                (input,),
                op="unbind",
                base=input,
                base_index=index,
                nested=nested,
            )
        )
    return tuple(out)


def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple:
    """At most ``chunks`` views of nearly equal size along ``dim``.

    >>> import tensors as torch
    >>> torch.arange(5).chunk(2)
    (tensor([0, 1, 2]), tensor([3, 4]))
    """
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    n = input._shape[wrap_dim(dim, input.ndim)]
    return split(input, -(-n // chunks), dim)


# ---------------------------------------------------------------------------------
# Indexing
# ---------------------------------------------------------------------------------


def _getitem(self: Tensor, key: Any) -> Tensor:
    """``t[key]`` as PyTorch does it: one view per int, slice and None, in order
    (each with its grad_fn), then one gather for the advanced indices."""
    if isinstance(key, numbers.Integral) and not isinstance(key, builtins.bool) and self.ndim >= 2:
        # An integer picks a row that shares its list with the parent: writes to
        # it (out[0][0] = v) change the parent, as a PyTorch view does.
        size = self._shape[0]
        if not -size <= key < size:
            raise IndexError(f"index {key} is out of bounds for dimension 0 with size {size}")
        i = key % size
        block = numel(self._shape[1:])
        return _result(
            None,
            self._shape[1:],
            self.dtype,
            "SelectBackward0",
            (self,),
            op="select",
            base=self,
            base_index=range(i * block, (i + 1) * block),
            nested=self._data[i],
        )
    if isinstance(key, slice):
        # A lone slice is applied even when it takes everything.
        shape, index, _, _ = _index_plan(self._shape, key)
        return _view(self, shape, index, "SliceBackward0", "index")
    steps = _index_steps(self._shape, key)
    if not steps:
        shape, index, _, _ = _index_plan(self._shape, key)
        return _view(self, shape, index, "AliasBackward0", "index")
    out = self
    for name, step in steps:
        shape, index, _, advanced = _index_plan(out._shape, step)
        if advanced:
            flat = out._flat()
            out = _result(
                [_fresh(flat[i]) for i in index], shape, out.dtype, name, (out,), op="index"
            )
        else:
            out = _view(out, shape, index, name, "index")
    return out


def _setitem(self: Tensor, key: Any, value: Any) -> None:
    shape, index, ops, advanced = _index_plan(self._shape, key)
    if isinstance(value, Tensor):
        src = value
    elif isinstance(value, Value):
        src = Tensor._wrap(value, (), self.dtype)
        src._requires_grad = value.requires_grad
    elif isinstance(value, numbers.Real):
        from ._creation import tensor as _tensor

        src = _tensor(value, dtype=self.dtype)
    else:
        raise TypeError(
            f"can't assign a {type(value).__name__} to a torch.{_type_name(self.dtype)}Tensor"
        )
    src_shape = src._shape
    while len(src_shape) > len(shape) and src_shape[0] == 1:
        src_shape = src_shape[1:]  # leading ones are dropped, as in PyTorch
    if advanced:
        try:
            ok = len(src_shape) <= len(shape) and broadcast_shapes(src_shape, shape) == shape
        except RuntimeError:
            ok = False
        if not ok:
            raise RuntimeError(
                f"shape mismatch: value tensor of shape {list(src._shape)} cannot be broadcast "
                f"to indexing result of shape {list(shape)}"
            )
    elif src_shape != shape and src.ndim:
        _expanded_shape(src_shape, shape, src.dtype)  # PyTorch's error, if any
    self._check_inplace(through_view=bool(ops))
    if ops:
        name = "torch::autograd::CopySlices"
    elif advanced:
        name = "IndexPutBackward0"
    elif src.ndim == 0 and shape:
        name = "FillBackward3"
    else:
        name = "torch::autograd::CopyBackwards"
    self._assign(
        index,
        broadcast_to(src._flat(), src_shape, shape),
        name=name,
        others=(value,),
        through_view=bool(ops),
        op="setitem",
    )


# ---------------------------------------------------------------------------------
# In place
# ---------------------------------------------------------------------------------


def _snapshot(self: Tensor) -> Tensor:
    self._check_inplace()
    return self._shallow()


def zero_(self: Tensor) -> Tensor:
    """Set every element to 0, in place (the usual way to clear ``.grad``).

    >>> import tensors as torch
    >>> torch.ones(2).zero_()
    tensor([0., 0.])
    """
    self._check_inplace()
    news = [_const(0.0)] * self.numel()
    self._assign(range(len(news)), news, name="ZeroBackward0", op="zero_")
    return self


def fill_(self: Tensor, value: Any) -> Tensor:
    """Set every element to ``value`` (a number or a 0-d tensor), in place.

    >>> import tensors as torch
    >>> torch.zeros(2).fill_(7)
    tensor([7., 7.])
    """
    if isinstance(value, Tensor):
        if value.ndim:
            raise RuntimeError(
                f"fill_ only supports 0-dimension value tensor but got tensor with {value.ndim} "
                "dimensions."
            )
        element, name, others = value._flat()[0], "FillBackward3", (value,)
    elif _is_number(value):
        element, name, others = _const(float(value)), "FillBackward2", ()
    else:
        raise TypeError(
            f"fill_() received an invalid combination of arguments - got "
            f"({type(value).__name__}), but expected one of:\n * (Tensor value)\n * (Number value)"
        )
    self._check_inplace()
    self._assign(
        range(self.numel()), [element] * self.numel(), name=name, others=others, op="fill_"
    )
    return self


def copy_(self: Tensor, src: Any) -> Tensor:
    """Copy ``src``'s elements into this tensor (broadcasting, casting), in place.

    >>> import tensors as torch
    >>> torch.zeros(2, 2).copy_(torch.tensor([1, 2]))
    tensor([[1., 2.],
            [1., 2.]])
    """
    if not isinstance(src, Tensor):
        if not _is_number(src):
            raise TypeError(
                f"copy_(): argument 'src' (position 1) must be Tensor, not {type(src).__name__}"
            )
        src = _scalar_tensor(src)
    shape = broadcast_shapes(self._shape, src._shape)
    if shape != self._shape:
        raise RuntimeError(
            f"output with shape {list(self._shape)} doesn't match the broadcast shape {list(shape)}"
        )
    self._check_inplace()
    self._assign(
        range(self.numel()),
        broadcast_to(src._flat(), src._shape, self._shape),
        name="torch::autograd::CopyBackwards",
        others=(src,),
        op="copy_",
    )
    return self


def _arg_error(name: str, other: Any, position: int) -> TypeError:
    return TypeError(
        f"{name}(): argument 'other' (position {position}) must be Tensor, not "
        f"{type(other).__name__}"
    )


def _inplace_op(fn: Any) -> Any:
    def method(self: Tensor, other: Any, *args: Any, **kwargs: Any) -> Tensor:
        old = _snapshot(self)
        result = fn(old, other, *args, **kwargs)
        if result is NotImplemented:
            raise _arg_error(method.__name__, other, 1)
        return self._inplace(result)

    method.__name__ = fn.__name__.lstrip("_") + "_"
    method.__doc__ = (
        f"In-place ``{method.__name__[:-1]}``: this tensor becomes the result.\n\n"
        f"    >>> import tensors as torch\n"
        f"    >>> torch.ones(2).{method.__name__}(2)\n"
        f"    tensor({_INPLACE_EXAMPLES[method.__name__]})\n"
    )
    return method


_INPLACE_EXAMPLES = {
    "add_": "[3., 3.]",
    "sub_": "[-1., -1.]",
    "mul_": "[2., 2.]",
    "div_": "[0.5000, 0.5000]",
    "pow_": "[1., 1.]",
}
add_ = _inplace_op(_add)
sub_ = _inplace_op(_sub)
mul_ = _inplace_op(_mul)
div_ = _inplace_op(_div)
pow_ = _inplace_op(_pow)


def _augmented(inplace: Any) -> Any:
    # ``x += y`` with something that is not a number or a tensor: let Python say so.
    def method(self: Tensor, other: Any) -> Any:
        if _operand(other) is None:
            return NotImplemented
        return inplace(self, other)

    return method


def clamp_(self: Tensor, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
    """In-place ``clamp``.

    >>> import tensors as torch
    >>> torch.tensor([-1., 2.]).clamp_(0, 1)
    tensor([0., 1.])
    """
    old = _snapshot(self)
    return self._inplace(clamp(old, min, max))


def uniform_(self: Tensor, a: float = 0.0, b: float = 1.0) -> Tensor:
    """Fill with uniform random numbers in [a, b), in place (no gradient flows back).

    >>> import tensors as torch
    >>> torch.zeros(3).uniform_(2, 2)
    tensor([2., 2., 2.])
    """
    from ._creation import _rng

    self._check_inplace()
    news = [_const(_rng.uniform(a, b)) for _ in range(self.numel())]
    self._assign(range(len(news)), news, name="UniformBackward0", op="uniform_")
    return self


def normal_(self: Tensor, mean: float = 0.0, std: float = 1.0) -> Tensor:
    """Fill with normal random numbers, in place (no gradient flows back).

    >>> import tensors as torch
    >>> torch.zeros(2).normal_(5, 0)
    tensor([5., 5.])
    """
    from ._creation import _rng

    self._check_inplace()
    news = [_const(_rng.gauss(mean, std)) for _ in range(self.numel())]
    self._assign(range(len(news)), news, name="NormalBackward0", op="normal_")
    return self


# ---------------------------------------------------------------------------------
# Conversions
# ---------------------------------------------------------------------------------


def to(self: Tensor, *args: Any, **kwargs: Any) -> Tensor:
    """Convert to a dtype (``t.to(torch.float64)``); devices other than 'cpu' are refused."""
    dtype = kwargs.get("dtype")
    for a in args:
        if isinstance(a, D.dtype):
            dtype = a
        elif isinstance(a, Tensor):
            dtype = a.dtype
        elif isinstance(a, (str, D.device)):
            D.device(str(a))
    if "device" in kwargs and kwargs["device"] is not None:
        D.device(str(kwargs["device"]))
    if dtype is None or D._as_dtype(dtype) is self.dtype:
        return self
    dtype = D._as_dtype(dtype)
    if dtype.is_floating_point and self.dtype.is_floating_point:
        return _result(
            [v.clone() for v in self._flat()],
            self._shape,
            dtype,
            "ToCopyBackward0",
            (self,),
            op="to",
        )
    return _from_numbers([v.data for v in self._flat()], self._shape, dtype)


def _type_name(d: D.dtype) -> str:
    return {"float32": "Float", "float64": "Double", "int64": "Long", "bool": "Bool"}[d.name]


def _converter(dtype: D.dtype) -> Any:
    def method(self: Tensor) -> Tensor:
        return to(self, dtype)

    method.__doc__ = f"This tensor as {dtype!r}."
    return method


# ---------------------------------------------------------------------------------
# Attach to Tensor
# ---------------------------------------------------------------------------------


def _method(fn: Any) -> Any:
    def m(self: Tensor, *args: Any, **kwargs: Any) -> Any:
        return fn(self, *args, **kwargs)

    m.__name__ = fn.__name__
    m.__doc__ = fn.__doc__
    return m


def _checked_method(inner: Any, public: Any) -> Any:
    # ``x.add(y)``: as the function, but PyTorch counts ``other`` as argument 1 here.
    def m(self: Tensor, other: Any, *args: Any, **kwargs: Any) -> Any:
        out = inner(self, other, *args, **kwargs)
        if out is NotImplemented:
            raise _arg_error(public.__name__, other, 1)
        return out

    m.__name__ = public.__name__
    m.__doc__ = public.__doc__
    return m


def _operator(fn: Any) -> Any:
    # ``x + y``: NotImplemented for an operand that is not a number or a tensor,
    # so that Python tries the other side, then says what it says.
    def m(self: Tensor, other: Any) -> Any:
        if _operand(other) is None:
            return NotImplemented
        return fn(self, other)

    return m


_METHODS = {
    "add": add,
    "sub": sub,
    "mul": mul,
    "div": div,
    "pow": pow,
    "neg": neg,
    "exp": exp,
    "log": log,
    "log1p": log1p,
    "sqrt": sqrt,
    "sin": sin,
    "cos": cos,
    "tanh": tanh,
    "sigmoid": sigmoid,
    "relu": relu,
    "abs": abs,
    "square": square,
    "reciprocal": reciprocal,
    "sign": sign,
    "clamp": clamp,
    "clip": clamp,
    "maximum": maximum,
    "minimum": minimum,
    "eq": eq,
    "ne": ne,
    "lt": lt,
    "le": le,
    "gt": gt,
    "ge": ge,
    "equal": equal,
    "allclose": allclose,
    "isnan": isnan,
    "logical_not": logical_not,
    "sum": sum,
    "mean": mean,
    "prod": prod,
    "max": max,
    "min": min,
    "amax": amax,
    "amin": amin,
    "argmax": argmax,
    "argmin": argmin,
    "softmax": softmax,
    "log_softmax": log_softmax,
    "logsumexp": logsumexp,
    "var": var,
    "std": std,
    "norm": norm,
    "matmul": matmul,
    "mm": mm,
    "mv": mv,
    "dot": dot,
    "outer": outer,
    "bmm": bmm,
    "reshape": reshape,
    "view": view,
    "flatten": flatten,
    "unsqueeze": unsqueeze,
    "squeeze": squeeze,
    "permute": permute,
    "transpose": transpose,
    "swapaxes": transpose,
    "t": t,
    "expand": expand,
    "split": split,
    "chunk": chunk,
    "unbind": unbind,
    "zero_": zero_,
    "fill_": fill_,
    "copy_": copy_,
    "add_": add_,
    "sub_": sub_,
    "mul_": mul_,
    "div_": div_,
    "pow_": pow_,
    "clamp_": clamp_,
    "uniform_": uniform_,
    "normal_": normal_,
    "to": to,
    "floor_divide": floor_divide,
    "remainder": remainder,
}
for _name, _fn in _METHODS.items():
    setattr(Tensor, _name, _method(_fn))
for _inner, _public_fn in ((_add, add), (_sub, sub), (_mul, mul), (_div, div)):
    setattr(Tensor, _public_fn.__name__, _checked_method(_inner, _public_fn))


def _matmul_method(self: Tensor, other: Any) -> Tensor:
    _check_tensors("matmul", self, other, method=True)
    return matmul(self, other)


_matmul_method.__name__ = "matmul"
_matmul_method.__doc__ = matmul.__doc__
Tensor.matmul = _matmul_method

Tensor.float = _converter(D.float32)
Tensor.double = _converter(D.float64)
Tensor.long = _converter(D.int64)
Tensor.int = _converter(D.int64)
Tensor.bool = _converter(D.bool)
Tensor.cpu = lambda self: self
Tensor.T = property(_T, doc="All dimensions reversed (the transpose of a matrix).")
Tensor.mT = property(lambda self: transpose(self, -2, -1), doc="Transpose of the last two dims.")
Tensor.expand_as = lambda self, other: expand(self, *other._shape)
Tensor.view_as = lambda self, other: view(self, *other._shape)
Tensor.reshape_as = lambda self, other: reshape(self, *other._shape)
Tensor.type_as = lambda self, other: to(self, other.dtype)


def _new(maker: str) -> Any:
    def method(self: Tensor, *args: Any, dtype: Any = None, **kwargs: Any) -> Tensor:
        from . import _creation

        return getattr(_creation, maker)(*args, dtype=dtype or self.dtype, **kwargs)

    method.__doc__ = f"A new tensor made by ``{maker}``, with this tensor's dtype by default."
    return method


Tensor.new_ones = _new("ones")
Tensor.new_zeros = _new("zeros")
Tensor.new_full = _new("full")
Tensor.new_empty = _new("empty")
Tensor.new_tensor = _new("tensor")

Tensor.__getitem__ = _getitem
Tensor.__setitem__ = _setitem
Tensor.__add__ = _operator(_add)
Tensor.__radd__ = _radd
Tensor.__sub__ = _operator(_sub)
Tensor.__rsub__ = _rsub
Tensor.__mul__ = _operator(_mul)
Tensor.__rmul__ = _rmul
Tensor.__truediv__ = _operator(_div)
Tensor.__rtruediv__ = _rdiv
Tensor.__pow__ = _operator(_pow)
Tensor.__rpow__ = _rpow
Tensor.__floordiv__ = _operator(floor_divide)
Tensor.__mod__ = _operator(remainder)
Tensor.__matmul__ = lambda self, other: (
    matmul(self, other) if isinstance(other, Tensor) else NotImplemented
)
Tensor.__rmatmul__ = lambda self, other: (
    matmul(other, self) if isinstance(other, Tensor) else NotImplemented
)
Tensor.__neg__ = neg
Tensor.__pos__ = lambda self: self
Tensor.__abs__ = abs
Tensor.__eq__ = eq
Tensor.__ne__ = ne
Tensor.__lt__ = lt
Tensor.__le__ = le
Tensor.__gt__ = gt
Tensor.__ge__ = ge
Tensor.__invert__ = logical_not
Tensor.__iadd__ = _augmented(add_)
Tensor.__isub__ = _augmented(sub_)
Tensor.__imul__ = _augmented(mul_)
Tensor.__itruediv__ = _augmented(div_)
Tensor.__hash__ = object.__hash__
