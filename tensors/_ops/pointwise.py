"""Pointwise functions: one scalar op per element.

``exp``, ``log``, ``log1p``, ``sqrt``, ``sin``, ``cos``, ``tanh``,
``sigmoid``, ``relu``, ``abs``, ``square``, ``sign``,
``softplus``, ``clamp``, ``maximum``, ``minimum`` and ``where``; each maps
its elements through an op of the scalar engine's table. Follows PyTorch's
"Pointwise Ops" list (https://pytorch.org/docs/stable/torch.html#pointwise-ops).

>>> import tensors as torch
>>> torch.tensor([-1.0, 0.5, 3.0]).clamp(0, 1)
tensor([0.0000, 0.5000, 1.0000])
"""

from __future__ import annotations

import math
from typing import Any

from autograd_scalar import OPS, Value, apply
from autograd_scalar.ops import softplus_op
from autograd_scalar.value import _const

from .. import _dtype as D
from .._shape import (
    broadcast_shapes,
    broadcast_to,
)
from .._tensor import Tensor, _from_numbers, _result
from .arithmetic import _arg_error, _binary, _fresh, _is_number, _result_dtype, _unary, pow


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


def sign(input: Tensor) -> Tensor:
    """Elementwise sign (-1, 0 or 1); its gradient is zero.

    >>> import tensors as torch
    >>> torch.tensor([-2., 0., 3.], requires_grad=True).sign()
    tensor([-1.,  0.,  1.], grad_fn=<SignBackward0>)
    """
    # The table's sign has derivative 0: a graph through sign carries zeros.
    values = [apply(_SIGN, x) for x in input._flat()]
    return _result(values, input._shape, input.dtype, "SignBackward0", (input,), op="sign")


_SIGN, _CLAMP, _PICK = OPS["sign"], OPS["clamp"], OPS["pick"]


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """Elementwise ``log(1 + exp(beta * x)) / beta`` (linear above ``threshold``).

    >>> import tensors as torch
    >>> torch.nn.functional.softplus(torch.tensor([0.0, 30.0]), beta=2)
    tensor([ 0.3466, 30.0000])
    """
    op = softplus_op(beta, threshold)  # the table's row for these parameters
    return _unary(input, lambda v: apply(op, v), "SoftplusBackward0", "softplus")


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

    def bounds(b: Any, missing: float) -> list:
        if b is None:
            return [_const(missing)] * len(xs)  # no bound: -inf or inf
        if isinstance(b, Tensor):
            return broadcast_to(b._flat(), b._shape, shape)
        return [_const(float(b))] * len(xs)

    # One node of the table's clamp per element (its rule: PyTorch's, ties included).
    lows, highs = bounds(min, -math.inf), bounds(max, math.inf)
    out = [apply(_CLAMP, v, lo, hi) for v, lo, hi in zip(xs, lows, highs)]
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
    if dtype.is_floating_point:
        # The element not picked is an input too where it needs a gradient: it gets
        # +0.0, as from PyTorch's where (not nothing, and so not -0.0 from a path
        # that would negate a zero; see the pick row).
        pairs = [(x, y) if c.data else (y, x) for c, x, y in zip(fc, fa, fb)]
        out = [apply(_PICK, p, q) if q.requires_grad else _fresh(p) for p, q in pairs]
    else:
        out = [_const(dtype.cast((x if c.data else y).data)) for c, x, y in zip(fc, fa, fb)]
    return _result(out, shape, dtype, "WhereBackward0", (input, other), op="where")


def _scalar_tensor(x: Any) -> Tensor:
    return _from_numbers([x], (), D.scalar_dtype(x))
