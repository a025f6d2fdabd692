"""What a PyTorch backward node saves, as ``make_dot(show_attrs=True)`` lists it.

PyTorch exposes what a node keeps for its backward as ``_saved_<name>``
attributes, and torchviz lists them all, sorted by name. A tensor is saved only
when an input whose gradient reads it requires grad (``derivatives.yaml``):
``x * w`` with ``x`` a constant keeps ``x`` (to differentiate in ``w``) and
shows ``other: None`` for ``w``. A Python number operand is saved as a 0-d
tensor. This table gives those attributes for the nodes it knows by name,
so the drawing says what PyTorch's own node would hold.

>>> import tensors as torch
>>> x, w = torch.ones(5), torch.ones(5, 3, requires_grad=True)
>>> node = torch.matmul(x, w).grad_fn.next_functions[0][0]
>>> [(k, getattr(v, "shape", v)) for k, v in node_attrs(node)][:2]
[('mat2', None), ('mat2_sym_sizes', (5, 3))]
"""

from __future__ import annotations

from typing import Any, Callable, Optional

import tensors
from tensors import Tensor

from ._inputs import op_inputs

__all__ = ["node_attrs"]


def _needs_grad(x: Any) -> bool:
    return isinstance(x, Tensor) and x.requires_grad


def _kept(x: Any, needed: bool) -> Any:
    """A saved operand: the tensor (a number as a 0-d tensor), or None when not saved."""
    if not needed:
        return None
    if isinstance(x, Tensor):
        return x
    with tensors.no_grad():
        return tensors.tensor(x)


def _strides(shape: tuple, transposed: bool = False) -> tuple:
    """Row-major strides of ``shape``; reversed for the transpose of such a tensor."""
    out, step = [], 1
    for size in reversed(shape):
        out.append(step)
        step *= size
    return tuple(out) if transposed else tuple(reversed(out))


def _matrix_pair(a: Any, b: Any, a_name: str, b_name: str, b_transposed: bool = False) -> dict:
    """mm's and addmm's: each factor saved for the other's gradient, with both shapes,
    and each factor's strides when its own gradient is needed."""
    b_shape = tuple(reversed(b.shape)) if b_transposed else tuple(b.shape)
    return {
        a_name: _kept(a, _needs_grad(b)),
        a_name + "_sym_sizes": tuple(a.shape),
        a_name + "_sym_strides": _strides(tuple(a.shape)) if _needs_grad(a) else (),
        b_name: _kept(b.t() if b_transposed else b, _needs_grad(a)),
        b_name + "_sym_sizes": b_shape,
        b_name + "_sym_strides": _strides(tuple(b.shape), b_transposed) if _needs_grad(b) else (),
    }


def _reduction(fn: Any) -> int:
    """PyTorch's reduction code (0 none, 1 mean, 2 sum), read from the loss's last Value."""
    out = fn.output
    if out is None:  # the loss is gone: PyTorch's default, the mean
        return 1
    if out.ndim:
        return 0
    top = out.values()[0]
    return 1 if top.op is not None and top.op.name == "div" else 2


def _two(fn: Any) -> tuple:
    xs = op_inputs(fn)
    return xs[0], xs[1]


def _product(fn: Any) -> dict:
    a, b = _two(fn)
    return {"other": _kept(b, _needs_grad(a)), "self": _kept(a, _needs_grad(b))}


def _quotient(fn: Any) -> dict:
    a, b = _two(fn)
    return {"other": _kept(b, True), "self": _kept(a, _needs_grad(b))}


def _bce_logits(fn: Any) -> dict:
    xs = op_inputs(fn)
    extra = list(xs[2:]) + [None, None]
    return {
        "pos_weight": extra[1],
        "reduction": _reduction(fn),
        "self": xs[0],
        "target": xs[1],
        "weight": extra[0],
    }


def _squeeze(fn: Any) -> dict:
    if "dim" in getattr(fn, "_saved", {}):
        return dict(fn._saved)
    (x,) = op_inputs(fn)[:1]
    before, after = tuple(x.shape), tuple(fn.output.shape)
    dim = next((i for i in range(len(before)) if before[:i] + before[i + 1 :] == after), 0)
    return {"dim": dim, "self_sym_sizes": before}


def _alpha(fn: Any) -> dict:
    """``add``'s and ``sub``'s alpha: 1, unless each element of ``other`` was first
    multiplied by a constant (``torch.add(x, y, alpha=2)``), read from the scalar graph."""
    out, xs = fn.output, op_inputs(fn)
    if out is None or len(xs) < 2 or not isinstance(xs[1], Tensor) or not out.values():
        return {"alpha": 1}
    v = out.values()[0]
    if v.op is None or len(v.parents) != 2:
        return {"alpha": 1}
    scaled, theirs = v.parents[1], {id(u) for u in xs[1].values()}
    if id(scaled) in theirs or scaled.op is None or scaled.op.name != "mul":
        return {"alpha": 1}
    y, a = scaled.parents
    if id(y) in theirs and not a.requires_grad and not a.parents:
        return {"alpha": int(a.data) if float(a.data).is_integer() else a.data}
    return {"alpha": 1}


_NODES: dict = {
    "AddBackward0": _alpha,
    "SubBackward0": _alpha,
    "MulBackward0": _product,
    "DivBackward0": _quotient,
    "MmBackward0": lambda fn: _matrix_pair(*_two(fn), "self", "mat2"),
    "AddmmBackward0": lambda fn: {
        "alpha": 1,
        "beta": 1,
        **_matrix_pair(op_inputs(fn)[1], op_inputs(fn)[2], "mat1", "mat2", b_transposed=True),
    },
    "SqueezeBackward1": _squeeze,
    "SqueezeBackward4": _squeeze,
    "BinaryCrossEntropyWithLogitsBackward0": _bce_logits,
    "MseLossBackward0": lambda fn: {
        "reduction": _reduction(fn),
        "self": op_inputs(fn)[0],
        "target": op_inputs(fn)[1],
    },
}


def node_attrs(fn: Any) -> Optional[list]:
    """``(name, value)`` pairs, sorted by name as torchviz lists them, of the
    ``_saved_<name>`` attributes PyTorch's node of this kind has; None for a node this
    table does not know."""
    make: Optional[Callable[[Any], dict]] = _NODES.get(type(fn).__name__)
    if make is None:
        return None
    return sorted(make(fn).items())
