"""The inputs of a tensor op, numbers included.

A grad_fn node lists its inputs, but (as in PyTorch) some nodes leave a number
out: ``x ** 2`` records only ``x``, ``1 - x`` only ``x``. The number is still
in the scalar graph, as a constant input of each output Value, so it is read
back from there for drawing.

>>> import tensors as torch
>>> x = torch.ones(2, requires_grad=True)
>>> y = x ** 2
>>> y.grad_fn.inputs[1:], op_inputs(y.grad_fn)[1:]
((), (2.0,))
>>> y = 1 - x
>>> op_inputs(y.grad_fn)[0]
1.0
"""

from __future__ import annotations

from typing import Any

from tensors import Tensor

__all__ = ["op_inputs"]

# Tensor ops whose elements are one scalar op of the same name on (x, number).
_ELEMENTWISE = {"add", "sub", "mul", "div", "pow", "remainder"}


def op_inputs(fn: Any) -> tuple:
    """``fn.inputs``, with the number of an elementwise op restored where the node omits it."""
    inputs = tuple(getattr(fn, "inputs", ()))
    op = getattr(fn, "op", None)
    if op not in _ELEMENTWISE or len(inputs) != 1 or not isinstance(inputs[0], Tensor):
        return inputs
    out = fn.output
    values = out.values() if out is not None else []
    if not values:
        return inputs
    v = values[0]
    if v.op is None or v.op.name != op or len(v.parents) != 2:
        return inputs
    mine = {id(u) for u in inputs[0].values()}
    left, right = v.parents
    if id(left) in mine and _is_constant(right):
        return (inputs[0], right.data)
    if id(right) in mine and _is_constant(left):
        return (left.data, inputs[0])
    return inputs


def _is_constant(v: Any) -> bool:
    return not v.requires_grad and not v.parents
