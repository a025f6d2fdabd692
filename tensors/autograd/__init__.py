"""``tensors.autograd``: gradients of tensors, as ``torch.autograd``.

>>> import tensors as torch
>>> x = torch.tensor([1.0, 2.0], requires_grad=True)
>>> torch.autograd.grad((x ** 2).sum(), x)
(tensor([2., 4.]),)
"""

from __future__ import annotations

import os
import sys
from typing import Any, Optional, Sequence

from autograd_scalar import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from autograd_scalar.engine import run_backward

from .._graph import grad_fn_nodes
from .._shape import Size
from .._tensor import Tensor, _grad_tensor, _reached_tensors, _roots_and_grads, backward
from . import functional

__all__ = [
    "backward",
    "enable_grad",
    "functional",
    "grad",
    "is_grad_enabled",
    "no_grad",
    "set_grad_enabled",
    "set_logging",
]


def grad(
    outputs: Any,
    inputs: Any,
    grad_outputs: Any = None,
    retain_graph: Optional[bool] = None,
    create_graph: bool = False,
    allow_unused: Optional[bool] = None,
    materialize_grads: bool = False,
) -> tuple:
    """The gradients of ``outputs`` with respect to ``inputs``; ``.grad`` is left alone.

    >>> import tensors as torch
    >>> x = torch.tensor(3.0, requires_grad=True)
    >>> (dx,) = torch.autograd.grad(x ** 3, x, create_graph=True)
    >>> dx, torch.autograd.grad(dx, x)
    (tensor(27., grad_fn=<MulBackward0>), (tensor(18.),))
    """
    outputs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    single = isinstance(inputs, Tensor)
    inputs = [inputs] if single else list(inputs)
    if not inputs:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    if grad_outputs is not None and isinstance(grad_outputs, Tensor):
        grad_outputs = [grad_outputs]
    for x in inputs:
        if not x.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    roots, root_grads = _roots_and_grads(outputs, grad_outputs, create_graph)
    grads = (
        run_backward(roots, root_grads, retain_graph, create_graph, accumulate=False)
        if roots
        else {}
    )
    reached = None
    result = []
    for i, x in enumerate(inputs):
        values = x._flat()
        if not any(v in grads for v in values):
            if reached is None:
                nodes = grad_fn_nodes([o for o in outputs if o.requires_grad])
                reached = {id(t) for t in _reached_tensors(outputs)} | {id(n) for n in nodes}
            if id(x) in reached or (x.grad_fn is not None and id(x.grad_fn) in reached):
                # In the graph, but no Value path reaches it: its gradient is zero.
                result.append(_grad_tensor([0.0] * len(values), x, False))
                continue
            if not (allow_unused or materialize_grads):
                raise RuntimeError(
                    f"The differentiated Tensor at index {i} appears to not have been used in "
                    "the graph. Set allow_unused=True if this is the desired behavior."
                )
            if not materialize_grads:
                result.append(None)
                continue
        result.append(_grad_tensor([grads.get(v, 0.0) for v in values], x, create_graph))
    return tuple(result)


# -- an autograd trace, in the spirit of TORCH_LOGS="+autograd" -------------------

_logging = [False]


def set_logging(enabled: bool = True) -> None:
    """Print each backward's grad_fn nodes, in the order they run, with gradient shapes.

    Also switched on by ``TENSORS_LOGS="+autograd"`` in the environment.

    >>> import tensors as torch
    >>> torch.autograd.set_logging(True)
    >>> x = torch.ones(2, requires_grad=True)
    >>> (x * 2).sum().backward()
    [autograd] Executing: SumBackward0 with grad_outputs: [f32[]] -> grad_inputs: [f32[2]]
    [autograd] Executing: MulBackward0 with grad_outputs: [f32[2]] -> grad_inputs: [f32[2], None]
    [autograd] Executing: torch::autograd::AccumulateGrad with grad_outputs: [f32[2]]
    >>> torch.autograd.set_logging(False)
    """
    _logging[0] = bool(enabled)


def _logging_enabled() -> bool:
    return _logging[0] or "+autograd" in os.environ.get("TENSORS_LOGS", "")


def _shape_text(t: Any) -> str:
    if t is None:
        return "None"
    prefix = {"float32": "f32", "float64": "f64", "int64": "i64", "bool": "b8"}[t.dtype.name]
    return f"{prefix}[{', '.join(str(s) for s in t.shape)}]"


def _log_backward(roots: Sequence[Tensor]) -> None:
    """Print the grad_fn nodes reachable from ``roots`` in an order backward may run them."""
    from .._graph import grad_fn_order

    for node, received, sent in grad_fn_order(roots):
        line = f"[autograd] Executing: {node.name()} with grad_outputs: [{_shape_text(received)}]"
        if sent is not None:
            line += " -> grad_inputs: [" + ", ".join(_shape_text(s) for s in sent) + "]"
        print(line, file=sys.stdout)


Size  # noqa: B018 - re-exported for torch.autograd users who reach for it
