"""Arithmetic: the binary ops and what every elementwise op shares.

Here live ``add``, ``sub``, ``mul``, ``div``, ``pow``, ``neg``,
``floor_divide``, ``remainder`` and ``reciprocal`` with their reflected forms (``2 - t``),
and the machinery of every elementwise op: broadcasting two operands
(``_binary``), applying a scalar function (``_unary``) and PyTorch's type
promotion (``_result_dtype``). Follows PyTorch's pages on ``torch.add`` ...
``torch.remainder``, "Broadcasting semantics" and "Type promotion"
(https://pytorch.org/docs/stable/notes/broadcasting.html,
https://pytorch.org/docs/stable/tensor_attributes.html#type-promotion-doc).

>>> import tensors as torch
>>> torch.tensor([1, 2]) + 0.5, torch.tensor([[1.], [2.]]) * torch.tensor([1., 10.])
(tensor([1.5000, 2.5000]), tensor([[ 1., 10.],
        [ 2., 20.]]))
"""

from __future__ import annotations

import builtins
import numbers
from math import prod as _prod
from typing import Any, Optional

from autograd_scalar import OPS, Value, apply
from autograd_scalar.value import _const

from .. import _dtype as D
from .._shape import (
    broadcast_shapes,
    broadcast_to,
)
from .._tensor import Tensor, _from_numbers, _result

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
    kind = type(x)
    if kind is float or kind is int or kind is Tensor:  # the usual ones, before the ABC check
        return x
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

    if len(operands) == 2:
        a, b = operands
        if isinstance(a, Tensor) and a.dtype.is_floating_point:
            # The usual case, decided at once: a float tensor with a Python number or
            # with a tensor of its own dtype keeps its dtype.
            kind = type(b)
            if kind is float or kind is int or (kind is Tensor and b.dtype is a.dtype):
                return a.dtype

    def category(d: D.dtype) -> int:
        return 0 if d is D.bool else 2 if d.is_floating_point else 1

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


# Value's operators keep a Python number operand as a float in the node.
_TAKES_FLOATS = {Value.__add__, Value.__sub__, Value.__mul__, Value.__truediv__, Value.__pow__}


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
        shape = a._shape
        if reverse or fn not in _TAKES_FLOATS:
            c = _const(float(b))
            out = [fn(c, x) for x in fa] if reverse else [fn(x, c) for x in fa]
        else:
            # The number stays a float in each node (the engine's cheap form of x * c).
            c = float(b)
            out = [fn(x, c) for x in fa]
        inputs = (a, b) if number_input else (a,)
    if not dtype.is_floating_point:
        # Integer and bool results hold whole numbers and truth values (no gradient).
        cast = dtype.cast
        out = [_const(cast(v.data)) for v in out]
    return _result(out, shape, dtype, name, inputs, op=op)


def _fast_operator(fn: Any, name: str, op: str, slow: Any) -> Any:
    """The operator ``t * c`` (``+``, ``-``, ``/``): a floating tensor with a Python
    float or int, or with a tensor of its own shape and dtype, takes the short
    way, where a program's many small ops pass; any other operand goes to
    ``slow`` (``_mul``, ...).

    The short way gives what ``_binary`` gives: the tensor's dtype (neither
    operand promotes it), a number kept as a float in each node and counted
    among the node's inputs. It leaves out the broadcasting, the promotion table
    and the checks that only other operands need.

    >>> import tensors as torch
    >>> mul = _fast_operator(Value.__mul__, "MulBackward0", "mul", _mul)
    >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> mul(x, 3), mul(x, x)
    (tensor([3., 6.], grad_fn=<MulBackward0>), tensor([1., 4.], grad_fn=<MulBackward0>))
    """

    def operator(self: Tensor, other: Any) -> Any:
        kind = type(other)
        dtype = self.dtype
        if dtype.is_floating_point:
            if kind is float or kind is int:
                c = other if kind is float else float(other)
                cells = _cells(self)
                if len(cells) == 1:
                    out = [fn(cells[0], c)]
                else:
                    out = [fn(x, c) for x in cells]
                return _result(out, self._shape, dtype, name, (self, other), op)
            if (
                (kind is Tensor or isinstance(other, Tensor))
                and other.dtype is dtype
                and other._shape == self._shape
            ):
                out = [fn(x, y) for x, y in zip(_cells(self), _cells(other))]
                return _result(out, self._shape, dtype, name, (self, other), op)
        if _operand(other) is None:
            return NotImplemented
        return slow(self, other)

    operator.__name__ = slow.__name__
    return operator


def _cells(t: Tensor) -> list:
    """``t._flat()``; a tensor that is not a view reads its storage as it is."""
    if t._base is None and t._contig and not t._detached and not t._offset:
        cells = t._storage.cells
        if len(cells) == _prod(t._shape):
            return cells
    return t._flat()


def _unary(a: Tensor, fn: Any, name: str, op: str, floating: bool = True) -> Tensor:
    dtype = a.dtype if (a.dtype.is_floating_point or not floating) else D.get_default_dtype()
    return _result([fn(x) for x in a._flat()], a._shape, dtype, name, (a,), op=op)


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
    # PyTorch computes x ** 0.5 as sqrt(x) (-0.0 ** 0.5 is -0.0, -inf ** 0.5 is nan,
    # derivative 0.5 / sqrt(x)): the table's sqrt row.
    fn = (lambda x, c: x.sqrt()) if _is_number(exponent) and exponent == 0.5 else Value.__pow__
    return _binary(input, exponent, fn, "PowBackward0", "pow", number_input=False)


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


def _rounded_div(input: Tensor, other: Any, mode: str, graph: bool = True) -> Tensor:
    if mode not in ("floor", "trunc"):
        raise ValueError(
            f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{mode}'"
        )
    dtype = _result_dtype(input, other)
    _no_integer_zero(dtype, other)
    row = _DIV_FLOOR if mode == "floor" else _DIV_TRUNC
    if graph:
        # A node whose derivatives are 0, as PyTorch's DivBackward2.
        return _binary(input, other, lambda x, y: apply(row, x, y), "DivBackward2", "div")
    a, b = input._flat(), (other._flat() if isinstance(other, Tensor) else None)
    shape = input._shape
    if b is None:
        b = [_const(float(other))] * len(a)
    else:
        shape = broadcast_shapes(input._shape, other._shape)
        a, b = broadcast_to(a, input._shape, shape), broadcast_to(b, other._shape, shape)
    values = [row.forward(x.data, y.data) for x, y in zip(a, b)]
    return _from_numbers(values, shape, dtype)


_DIV_FLOOR, _DIV_TRUNC = OPS["div_floor"], OPS["div_trunc"]


def _no_integer_zero(dtype: D.dtype, other: Any) -> None:
    # Integer division by zero has no IEEE answer: PyTorch raises.
    if dtype.is_floating_point:
        return
    divisors = [v.data for v in other._flat()] if isinstance(other, Tensor) else [other]
    if builtins.any(d == 0 for d in divisors):
        raise RuntimeError("ZeroDivisionError")


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
    return _rounded_div(input, other, "floor", graph=False)


def _remainder_value(x: Value, y: Value) -> Value:
    # One node of the table's remainder (its rule: 1 for x, -floor(x / y) for y).
    return apply(_REMAINDER, x, y)


_REMAINDER = OPS["remainder"]


def remainder(input: Tensor, other: Any) -> Tensor:
    """Elementwise Python-style remainder (it takes the sign of the divisor).

    >>> import tensors as torch
    >>> torch.remainder(torch.tensor([-3., 3.]), 2)
    tensor([1., 1.])
    """
    if _operand(other) is not None:
        _no_integer_zero(_result_dtype(input, other), other)
    if isinstance(other, Tensor):
        out = _binary(input, other, _remainder_value, "RemainderBackward1", "remainder")
    else:
        out = _binary(
            input, other, _remainder_value, "RemainderBackward0", "remainder", number_input=False
        )
    if out is NotImplemented:
        raise _arg_error("remainder", other, 2)
    return out


def reciprocal(input: Tensor) -> Tensor:
    """Elementwise ``1 / x``."""
    return _unary(input, lambda v: 1.0 / v, "ReciprocalBackward0", "reciprocal")


def _arg_error(name: str, other: Any, position: int) -> TypeError:
    return TypeError(
        f"{name}(): argument 'other' (position {position}) must be Tensor, not "
        f"{type(other).__name__}"
    )
