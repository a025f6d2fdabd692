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
from autograd_scalar.value import _const

from . import _dtype as D
from ._shape import (
    broadcast_index,
    broadcast_shapes,
    broadcast_to,
    numel,
    reduce_groups,
    strides,
    wrap_dim,
)
from ._tensor import Tensor, _from_numbers, _result

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


def _result_dtype(a: Any, b: Any) -> D.dtype:
    """PyTorch's promotion: the highest category (bool < integer < floating)
    wins; within it, dimensioned tensors outrank 0-d tensors, which outrank
    Python numbers. A Python float meeting integer tensors gives the default
    float dtype."""

    def category(d: D.dtype) -> int:
        return 0 if d is D.bool else 1 if d is D.int64 else 2

    def info(x: Any) -> tuple:
        if isinstance(x, Tensor):
            return x.dtype, (2 if x.ndim else 1)
        return D.scalar_dtype(x), 0

    (da, ra), (db, rb) = info(a), info(b)
    if category(da) == category(db):
        if ra == rb:
            return D.promote(da, db)
        return da if ra > rb else db
    return da if category(da) > category(db) else db


def _binary(
    a: Tensor, b: Any, fn: Any, name: str, op: str, reverse: bool = False, floating: bool = False
) -> Tensor:
    """Apply scalar ``fn`` elementwise with broadcasting; ``b`` may be a number."""
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
        inputs = (a, b) if not reverse else (a,)
    return _result(out, shape, dtype, name, inputs, op=op)


def _unary(a: Tensor, fn: Any, name: str, op: str, floating: bool = True) -> Tensor:
    dtype = a.dtype if (a.dtype.is_floating_point or not floating) else D.get_default_dtype()
    return _result([fn(x) for x in a._flat()], a._shape, dtype, name, (a,), op=op)


# ---------------------------------------------------------------------------------
# Arithmetic
# ---------------------------------------------------------------------------------


def add(input: Tensor, other: Any, alpha: Any = 1) -> Tensor:
    """``input + alpha * other``, broadcasting.

    >>> import tensors as torch
    >>> torch.add(torch.ones(2), torch.ones(2), alpha=3)
    tensor([4., 4.])
    """
    if alpha != 1:
        other = other * alpha
    return _binary(input, other, Value.__add__, "AddBackward0", "add")


def sub(input: Tensor, other: Any, alpha: Any = 1) -> Tensor:
    """``input - alpha * other``, broadcasting."""
    if alpha != 1:
        other = other * alpha
    return _binary(input, other, Value.__sub__, "SubBackward0", "sub")


def mul(input: Tensor, other: Any) -> Tensor:
    """Elementwise product, broadcasting.

    >>> import tensors as torch
    >>> torch.mul(torch.tensor([1., 2.]), 3)
    tensor([3., 6.])
    """
    return _binary(input, other, Value.__mul__, "MulBackward0", "mul")


def div(input: Tensor, other: Any, rounding_mode: Optional[str] = None) -> Tensor:
    """Elementwise true division (always floating), broadcasting.

    >>> import tensors as torch
    >>> torch.div(torch.tensor([1, 2]), 2)
    tensor([0.5000, 1.0000])
    """
    if rounding_mode is not None:
        return _rounded_div(input, other, rounding_mode)
    return _binary(input, other, Value.__truediv__, "DivBackward0", "div", floating=True)


def _rounded_div(input: Tensor, other: Any, mode: str) -> Tensor:
    rnd = math.floor if mode == "floor" else math.trunc
    q = div(input.detach(), other.detach() if isinstance(other, Tensor) else other)
    dtype = _result_dtype(input, other)
    values = []
    for v in q._flat():
        x = v.data
        values.append(x if math.isnan(x) or math.isinf(x) else float(rnd(x)))
    return _from_numbers(values, q._shape, dtype)


def pow(input: Any, exponent: Any) -> Tensor:  # noqa: A001 - torch.pow
    """``input ** exponent``, elementwise, broadcasting.

    >>> import tensors as torch
    >>> torch.pow(torch.tensor([1., 2., 3.]), 2)
    tensor([1., 4., 9.])
    """
    if not isinstance(input, Tensor):
        return _binary(exponent, input, Value.__pow__, "PowBackward2", "pow", reverse=True)
    if isinstance(exponent, Tensor):
        return _binary(input, exponent, Value.__pow__, "PowBackward1", "pow")
    return _binary(input, exponent, Value.__pow__, "PowBackward0", "pow")


def neg(input: Tensor) -> Tensor:
    """``-input``."""
    return _unary(input, Value.__neg__, "NegBackward0", "neg", floating=False)


def _rsub(a: Tensor, b: Any) -> Tensor:
    return _binary(a, b, Value.__sub__, "RsubBackward1", "sub", reverse=True)


def _rdiv(a: Tensor, b: Any) -> Tensor:
    return _binary(a, b, Value.__truediv__, "DivBackward0", "div", reverse=True, floating=True)


def _radd(a: Tensor, b: Any) -> Tensor:
    return _binary(a, b, Value.__add__, "AddBackward0", "add", reverse=True)


def _rmul(a: Tensor, b: Any) -> Tensor:
    return _binary(a, b, Value.__mul__, "MulBackward0", "mul", reverse=True)


def _rpow(a: Tensor, b: Any) -> Tensor:
    return _binary(a, b, Value.__pow__, "PowBackward2", "pow", reverse=True)


def floor_divide(input: Tensor, other: Any) -> Tensor:
    """Elementwise ``floor(input / other)`` (no gradient, as in PyTorch)."""
    return _rounded_div(input, other, "floor")


def remainder(input: Tensor, other: Any) -> Tensor:
    """Elementwise Python-style remainder (sign of the divisor); no gradient."""
    q = floor_divide(input, other)
    out = input.detach() - q * (other.detach() if isinstance(other, Tensor) else other)
    return out.to(_result_dtype(input, other))


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
    """Elementwise sign (-1, 0 or 1); its gradient is zero."""
    vals = [(x.data > 0) - (x.data < 0) for x in input._flat()]
    return _from_numbers(vals, input._shape, input.dtype)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """Elementwise ``log(1 + exp(x))`` (linear above ``threshold``)."""
    if beta == 1.0 and threshold == 20.0:
        return _unary(input, Value.softplus, "SoftplusBackward0", "softplus")
    fn = lambda v: v if v.data * beta > threshold else (v * beta).exp().log1p() / beta  # noqa: E731
    return _unary(input, fn, "SoftplusBackward0", "softplus")


def clamp(input: Tensor, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
    """Limit each element to ``[min, max]``; the gradient passes where the element is inside.

    >>> import tensors as torch
    >>> torch.clamp(torch.tensor([-2., 0.5, 3.]), min=0, max=1)
    tensor([0.0000, 0.5000, 1.0000])
    """
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        out = input
        if min is not None:
            out = maximum(out, min if isinstance(min, Tensor) else full_like_number(out, min))
        if max is not None:
            out = minimum(out, max if isinstance(max, Tensor) else full_like_number(out, max))
        return out
    lo = -math.inf if min is None else float(min)
    hi = math.inf if max is None else float(max)
    cast = input.dtype.cast

    def one(v: Value) -> Value:
        x = v.data
        if x < lo:
            return _const(cast(lo))
        if x > hi:
            return _const(cast(hi))
        return v.clone()  # inside (or nan): the gradient passes, as in PyTorch

    name = (
        "ClampBackward1"
        if (min is not None and max is not None)
        else ("ClampMinBackward0" if min is not None else "ClampMaxBackward0")
    )
    return _result(
        [one(v) for v in input._flat()], input._shape, input.dtype, name, (input,), op="clamp"
    )


def full_like_number(t: Tensor, x: float) -> Tensor:
    return _from_numbers([x] * t.numel(), t._shape, t.dtype)


def maximum(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise maximum of two tensors (nan wins; ties split the gradient)."""
    return _binary(input, other, Value.maximum, "MaximumBackward0", "maximum")


def minimum(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise minimum of two tensors."""
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
    out = [_fresh(x if c.data else y) for c, x, y in zip(fc, fa, fb)]
    return _result(
        out, shape, _result_dtype(a, b), "WhereBackward0", (condition, input, other), op="where"
    )


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
    groups, _ = reduce_groups(input._shape, [d])
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
    stride = strides(input._shape)[d]
    idx = [(p // stride) % input._shape[d] for p in picks]
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
    groups, _ = reduce_groups(input._shape, [d])
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
    """Variance over ``dim`` (Bessel's correction by default, as in PyTorch)."""
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0

    def group(vs: list) -> Value:
        mu = Value.sum(vs) / len(vs)
        return Value.sum([(v - mu) * (v - mu) for v in vs]) / builtins.max(0, len(vs) - correction)

    out, shape = _reduce(input, dim, keepdim, group)
    return _result(out, shape, input.dtype, "VarBackward0", (input,), op="var")


def std(
    input: Tensor,
    dim: Any = None,
    unbiased: Any = None,
    keepdim: bool = False,
    correction: Any = None,
) -> Tensor:
    """Standard deviation over ``dim``."""
    v = var(input, dim, unbiased, keepdim, correction)
    return _result(
        [x.sqrt() for x in v._flat()], v._shape, v.dtype, "StdBackward0", (input,), op="std"
    )


def norm(input: Tensor, p: Any = 2, dim: Any = None, keepdim: bool = False) -> Tensor:
    """The p-norm over all elements or ``dim`` (p = 2 by default)."""

    def group(vs: list) -> Value:
        if p == 2:
            return Value.sum([v * v for v in vs]).sqrt()
        if p == 1:
            return Value.sum([v.abs() for v in vs])
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


def _float_result_dtype(a: Tensor, b: Tensor) -> D.dtype:
    if a.dtype is not b.dtype:
        raise RuntimeError(
            f"expected m1 and m2 to have the same dtype, but got: {_cpp_name(a.dtype)} != "
            f"{_cpp_name(b.dtype)}"
        )
    return a.dtype


def _cpp_name(d: D.dtype) -> str:
    return {"float32": "float", "float64": "double", "int64": "long int", "bool": "bool"}[d.name]


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
    dtype = _float_result_dtype(input, mat2)
    return _result(
        _mm_rows(_rows(input), _cols(mat2)),
        (n, m),
        dtype,
        "MmBackward0",
        (input, mat2),
        op="matmul",
    )


def mv(input: Tensor, vec: Tensor) -> Tensor:
    """Matrix-vector product."""
    if input.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(
            f"vector + matrix @ vector expected, got {vec.ndim}, {input.ndim}, {vec.ndim}"
        )
    (n, k), (k2,) = input._shape, vec._shape
    if k != k2:
        raise RuntimeError(f"size mismatch, got input ({n}), mat ({n}x{k}), vec ({k2})")
    dtype = _float_result_dtype(input, vec)
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
    dtype = _float_result_dtype(input, other)
    out = Value.sum([x * y for x, y in zip(input._flat(), other._flat())])
    return _result([out], (), dtype, "DotBackward0", (input, other), op="matmul")


def outer(input: Tensor, vec2: Tensor) -> Tensor:
    """Outer product of two 1-D tensors."""
    if input.ndim != 1 or vec2.ndim != 1:
        raise RuntimeError("outer: expected 1-D tensors")
    out = [x * y for x in input._flat() for y in vec2._flat()]
    shape = (input._shape[0], vec2._shape[0])
    return _result(
        out, shape, _result_dtype(input, vec2), "MulBackward0", (input, vec2), op="outer"
    )


ger = outer


def matmul(input: Tensor, other: Tensor) -> Tensor:
    """Matrix product by every rule of ``torch.matmul``: vectors, matrices, batches.

    1-D @ 1-D is a dot product; 2-D @ 1-D a matrix-vector product; a 1-D
    first operand is a row vector; more dimensions are batches, broadcast.

    >>> import tensors as torch
    >>> x, w = torch.ones(5), torch.ones(5, 3)
    >>> torch.matmul(x, w)
    tensor([5., 5., 5.])
    """
    if not isinstance(input, Tensor) or not isinstance(other, Tensor):
        raise TypeError("matmul(): argument 'other' must be Tensor")
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
    dtype = _float_result_dtype(input, other)
    if a == 1 and b == 2:
        (k,), (k2, m) = input._shape, other._shape
        if k != k2:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied (1x{k} and {k2}x{m})")
        out = _mm_rows([input._flat()], _cols(other))
        return _result(out, (m,), dtype, "SqueezeBackward4", (input, other), op="matmul")
    # Batched: treat 1-D operands as a row (first) or column (second), broadcast batch dims.
    ash = (1,) + input._shape if a == 1 else input._shape
    bsh = other._shape + (1,) if b == 1 else other._shape
    (n, k), (k2, m) = ash[-2:], bsh[-2:]
    batch = broadcast_shapes(ash[:-2], bsh[:-2])
    if k != k2:
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: "
            f"[{numel(batch)}, {k}] but got: [{numel(batch)}, {k2}]."
        )
    fa, fb = input._flat(), other._flat()
    ia = broadcast_index(ash[:-2], batch) if ash[:-2] else (0,)
    ib = broadcast_index(bsh[:-2], batch) if bsh[:-2] else (0,)
    out: list = []
    for pa, pb in zip(ia, ib):
        block_a = fa[pa * n * k : (pa + 1) * n * k]
        block_b = fb[pb * k * m : (pb + 1) * k * m]
        rows = [block_a[i * k : (i + 1) * k] for i in range(n)]
        cols = [block_b[j::m] for j in range(m)]
        out.extend(_mm_rows(rows, cols))
    shape = batch + ((n,) if a > 1 else ()) + ((m,) if b > 1 else ())
    return _result(out, shape, dtype, "UnsafeViewBackward0", (input, other), op="matmul")


def bmm(input: Tensor, mat2: Tensor) -> Tensor:
    """Batched matrix product of two 3-D tensors."""
    if input.ndim != 3 or mat2.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    return matmul(input, mat2)


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
    dims = [wrap_dim(d, input.ndim) for d in _shape_args(dims)]
    if sorted(dims) != list(range(input.ndim)):
        raise RuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match "
            "the length of the desired ordering of dimensions i.e. input.dim() = "
            f"{input.ndim} is not equal to len(dims) = {len(dims)}"
        )
    shape = tuple(input._shape[d] for d in dims)
    return _view(input, shape, _permute_index(input._shape, dims), "PermuteBackward0", "permute")


def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """Swap two dimensions."""
    dims = list(range(input.ndim))
    if input.ndim == 0:
        return input
    d0, d1 = wrap_dim(dim0, input.ndim), wrap_dim(dim1, input.ndim)
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
    sizes = _shape_args(sizes)
    if len(sizes) < input.ndim:
        raise RuntimeError(
            f"expand(torch.FloatTensor{{{list(input._shape)}}}, size={list(sizes)}): the number of "
            "sizes provided ("
            f"{len(sizes)}) must be greater or equal to the number of dimensions in the tensor "
            f"({input.ndim})"
        )
    pad = len(sizes) - input.ndim
    shape = []
    for i, s in enumerate(sizes):
        have = input._shape[i - pad] if i >= pad else 1
        if s == -1:
            s = have
        if have != 1 and s != have:
            raise RuntimeError(
                f"The expanded size of the tensor ({s}) must match the existing size ({have}) at "
                f"non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor sizes: "
                f"{list(input._shape)}"
            )
        shape.append(s)
    shape = tuple(shape)
    return _view(input, shape, broadcast_index(input._shape, shape), "ExpandBackward0", "expand")


def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along an existing dimension.

    >>> import tensors as torch
    >>> torch.cat([torch.zeros(1, 2), torch.ones(1, 2)])
    tensor([[0., 0.],
            [1., 1.]])
    """
    tensors = [x for x in tensors if not (x.ndim == 1 and x._shape[0] == 0)] or list(tensors)
    if not tensors:
        raise RuntimeError("torch.cat(): expected a non-empty list of Tensors")
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
    """Pieces of ``split_size`` along ``dim`` (or of the given sizes)."""
    d = wrap_dim(dim, input.ndim)
    n = input._shape[d]
    sizes = (
        [split_size] * (n // split_size) + ([n % split_size] if n % split_size else [])
        if isinstance(split_size, int)
        else list(split_size)
    )
    out, start = [], 0
    for s in sizes:
        key = (slice(None),) * d + (slice(start, start + s),)
        out.append(input[key])
        start += s
    return tuple(out)


def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple:
    """``chunks`` nearly equal pieces along ``dim``."""
    n = input._shape[wrap_dim(dim, input.ndim)]
    return split(input, -(-n // chunks), dim)


# ---------------------------------------------------------------------------------
# Indexing
# ---------------------------------------------------------------------------------


def _index_plan(shape: tuple, key: Any) -> tuple:
    """(output shape, flat source index of each output element, grad_fn name)."""
    if not isinstance(key, tuple):
        key = (key,)
    # A bool mask selects the elements (or rows) where it is True.
    if len(key) == 1 and isinstance(key[0], Tensor) and key[0].dtype is D.bool:
        mask = key[0]
        m = mask.ndim
        if mask._shape != shape[:m]:
            raise IndexError(
                f"The shape of the mask {list(mask._shape)} at index 0 does not match the shape "
                f"of the indexed tensor {list(shape)} at index 0"
            )
        block = numel(shape[m:])
        rows = [i for i, v in enumerate(mask._flat()) if v.data]
        index = [r * block + j for r in rows for j in range(block)]
        return (len(rows),) + shape[m:], index, "IndexBackward0"
    specified = builtins.sum(1 for k in key if k is not None and k is not Ellipsis)
    if specified > len(shape):
        raise IndexError(f"too many indices for tensor of dimension {len(shape)}")
    if builtins.sum(1 for k in key if k is Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    expanded: list = []
    for k in key:
        if k is Ellipsis:
            expanded.extend([slice(None)] * (len(shape) - specified))
        else:
            expanded.append(k)
    expanded.extend(
        [slice(None)] * (len(shape) - builtins.sum(1 for k in expanded if k is not None))
    )
    st = strides(shape)
    base = 0
    axes: list = []  # per output dim: the offsets it contributes
    out_shape: list = []
    names = set()
    advanced_axis = None
    dim = 0
    for k in expanded:
        if k is None:
            axes.append([0])
            out_shape.append(1)
            names.add("UnsqueezeBackward0")
            continue
        size = shape[dim]
        if isinstance(k, Tensor) and k.ndim == 0 and not k.dtype.is_floating_point:
            k = int(k.item())
        if isinstance(k, builtins.bool):
            raise IndexError("indexing with a Python bool is not supported")
        if isinstance(k, numbers.Integral):
            i = int(k)
            if not -size <= i < size:
                raise IndexError(f"index {i} is out of bounds for dimension {dim} with size {size}")
            base += (i % size) * st[dim]
            names.add("SelectBackward0")
        elif isinstance(k, slice):
            if k.step is not None and k.step <= 0:
                raise ValueError("step must be greater than zero")
            positions = range(*k.indices(size))
            axes.append([p * st[dim] for p in positions])
            out_shape.append(len(positions))
            names.add("SliceBackward0")
        elif isinstance(k, (list, Tensor)):
            idx = k.tolist() if isinstance(k, Tensor) else list(k)
            if isinstance(k, Tensor) and k.dtype.is_floating_point:
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            if any(isinstance(i, list) for i in idx):
                raise IndexError("only 1-D index lists are supported here")
            offsets = []
            for i in idx:
                if not -size <= i < size:
                    raise IndexError(
                        f"index {i} is out of bounds for dimension {dim} with size {size}"
                    )
                offsets.append((i % size) * st[dim])
            if advanced_axis is not None:  # several index lists are zipped together
                prev = axes[advanced_axis]
                if len(prev) != len(offsets):
                    raise IndexError(
                        f"shape mismatch: indexing tensors could not be broadcast together with "
                        f"shapes [{len(prev)}], [{len(offsets)}]"
                    )
                axes[advanced_axis] = [a + b for a, b in zip(prev, offsets)]
            else:
                advanced_axis = len(axes)
                axes.append(offsets)
                out_shape.append(len(offsets))
            names.add("IndexBackward0")
        else:
            raise IndexError(
                "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables "
                f"are valid indices (got {type(k).__name__})"
            )
        dim += 1
    index = [base]
    for offsets in axes:
        index = [i + o for i in index for o in offsets]
    for name in ("IndexBackward0", "SliceBackward0", "SelectBackward0", "UnsqueezeBackward0"):
        if name in names:
            break
    else:
        name = "AliasBackward0"
    return tuple(out_shape), index, name


def _getitem(self: Tensor, key: Any) -> Tensor:
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
    shape, index, name = _index_plan(self._shape, key)
    if name == "IndexBackward0":
        flat = self._flat()
        return _result(
            [_fresh(flat[i]) for i in index], shape, self.dtype, name, (self,), op="index"
        )
    return _view(self, shape, index, name, "index")


def _setitem(self: Tensor, key: Any, value: Any) -> None:
    shape, index, _ = _index_plan(self._shape, key)
    if isinstance(value, Tensor):
        src = value
    elif isinstance(value, Value):
        src = Tensor._wrap(value, (), self.dtype)
        src._requires_grad = value.requires_grad
    else:
        from ._creation import tensor as _tensor

        src = _tensor(value, dtype=self.dtype)
    src_shape = src._shape
    while len(src_shape) > len(shape) and src_shape[0] == 1:
        src_shape = src_shape[1:]  # leading ones are dropped, as in PyTorch
    try:
        ok = len(src_shape) <= len(shape) and broadcast_shapes(src_shape, shape) == tuple(shape)
    except RuntimeError:
        ok = False
    if not ok:
        raise RuntimeError(
            f"shape mismatch: value tensor of shape {list(src._shape)} cannot be broadcast to "
            f"indexing result of shape {list(shape)}"
        )
    self._check_inplace()
    self._assign(index, broadcast_to(src._flat(), src_shape, shape), source=src)


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
    return fill_(self, 0.0)


def fill_(self: Tensor, value: Any) -> Tensor:
    """Set every element to ``value``, in place."""
    self._check_inplace()
    v = value.item() if isinstance(value, Tensor) else value
    news = [_const(float(v))] * self.numel()
    self._assign(range(len(news)), news, source=value)
    return self


def copy_(self: Tensor, src: Tensor) -> Tensor:
    """Copy ``src``'s elements into this tensor (broadcasting), in place."""
    self._check_inplace()
    expanded = expand(src, *self._shape) if src._shape != self._shape else src
    self._assign(range(self.numel()), expanded._flat(), source=src)
    return self


def _inplace_op(fn: Any) -> Any:
    def method(self: Tensor, other: Any, *args: Any, **kwargs: Any) -> Tensor:
        old = _snapshot(self)
        result = fn(old, other, *args, **kwargs)
        if result is NotImplemented:
            return NotImplemented
        if result._shape != self._shape:
            broadcast = broadcast_shapes(self._shape, result._shape)
            raise RuntimeError(
                f"output with shape {list(self._shape)} doesn't match the broadcast shape "
                f"{list(broadcast)}"
            )
        return self._inplace(result)

    method.__name__ = fn.__name__ + "_"
    method.__doc__ = f"In-place ``{fn.__name__}``: this tensor becomes the result."
    return method


add_ = _inplace_op(add)
sub_ = _inplace_op(sub)
mul_ = _inplace_op(mul)
div_ = _inplace_op(div)
pow_ = _inplace_op(pow)


def clamp_(self: Tensor, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
    """In-place ``clamp``."""
    old = _snapshot(self)
    return self._inplace(clamp(old, min, max))


def uniform_(self: Tensor, a: float = 0.0, b: float = 1.0) -> Tensor:
    """Fill with uniform random numbers in [a, b), in place (no gradient recorded)."""
    from ._creation import _rng

    self._check_inplace()
    news = [_const(_rng.uniform(a, b)) for _ in range(self.numel())]
    self._assign(range(len(news)), news)
    return self


def normal_(self: Tensor, mean: float = 0.0, std: float = 1.0) -> Tensor:
    """Fill with normal random numbers, in place (no gradient recorded)."""
    from ._creation import _rng

    self._check_inplace()
    news = [_const(_rng.gauss(mean, std)) for _ in range(self.numel())]
    self._assign(range(len(news)), news)
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


def _reversed(fn: Any) -> Any:
    def m(self: Tensor, other: Any) -> Any:
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
Tensor.__add__ = _reversed(add)
Tensor.__radd__ = _radd
Tensor.__sub__ = _reversed(sub)
Tensor.__rsub__ = _rsub
Tensor.__mul__ = _reversed(mul)
Tensor.__rmul__ = _rmul
Tensor.__truediv__ = _reversed(div)
Tensor.__rtruediv__ = _rdiv
Tensor.__pow__ = _reversed(pow)
Tensor.__rpow__ = _rpow
Tensor.__floordiv__ = _reversed(floor_divide)
Tensor.__mod__ = _reversed(remainder)
Tensor.__matmul__ = lambda self, other: matmul(self, other)
Tensor.__rmatmul__ = lambda self, other: matmul(other, self)
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
Tensor.__iadd__ = add_
Tensor.__isub__ = sub_
Tensor.__imul__ = mul_
Tensor.__itruediv__ = div_
Tensor.__hash__ = object.__hash__
