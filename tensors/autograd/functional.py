"""``tensors.autograd.functional``: Jacobians, Hessians and vector products of functions.

>>> import tensors as torch
>>> from tensors.autograd.functional import jacobian
>>> jacobian(lambda x: x ** 2, torch.tensor([1.0, 2.0]))
tensor([[2., 0.],
        [0., 4.]])
"""

from __future__ import annotations

from typing import Any, Callable

from .._tensor import Tensor


def _tuple(x: Any) -> tuple:
    return (x,) if isinstance(x, Tensor) else tuple(x)


def _prepare(inputs: Any, create_graph: bool) -> tuple:
    # Fresh leaves that require grad, so the function's graph starts at them.
    out = []
    for x in _tuple(inputs):
        leaf = x.detach() if not create_graph or not x.requires_grad else x
        if not leaf.requires_grad:
            leaf = leaf.requires_grad_()
        out.append(leaf)
    return tuple(out)


def vjp(
    func: Callable, inputs: Any, v: Any = None, create_graph: bool = False, strict: bool = False
) -> tuple:
    """``(func(inputs), v^T J)``: the vector-Jacobian product, as ``torch.autograd.functional.vjp``.

    >>> import tensors as torch
    >>> from tensors.autograd.functional import vjp
    >>> vjp(lambda x: x * 3, torch.ones(2), torch.tensor([1.0, 2.0]))[1]
    tensor([3., 6.])
    """
    from . import grad

    single = isinstance(inputs, Tensor)
    xs = _prepare(inputs, create_graph)
    out = func(*xs)
    if v is None:
        if out.numel() != 1:
            raise RuntimeError(
                "The vector v can only be None if the user-provided function returns a single "
                "Tensor with a single element."
            )
    grads = grad(
        out,
        xs,
        grad_outputs=v,
        create_graph=create_graph,
        allow_unused=True,
        materialize_grads=True,
    )
    result = grads[0] if single else grads
    return (out if create_graph else out.detach()), result


def jacobian(
    func: Callable,
    inputs: Any,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    strategy: str = "reverse-mode",
) -> Any:
    """The Jacobian of ``func`` at ``inputs``: shape ``output.shape + input.shape``.

    One backward per output element (reverse mode), as PyTorch's default.

    >>> import tensors as torch
    >>> from tensors.autograd.functional import jacobian
    >>> jacobian(lambda x: x.sum() * x, torch.tensor([1.0, 2.0]))
    tensor([[4., 1.],
            [2., 5.]])
    """
    from .. import _creation
    from . import grad

    single_in = isinstance(inputs, Tensor)
    xs = _prepare(inputs, create_graph)
    outs = func(*xs)
    single_out = isinstance(outs, Tensor)
    outs = (outs,) if single_out else tuple(outs)
    table = []
    for out in outs:
        flat_out = out._flat()
        rows = [[] for _ in xs]
        for i in range(len(flat_out)):
            v = _creation.zeros(*out.shape, dtype=out.dtype)
            v._flat()[i].data = 1.0
            if out.requires_grad:
                gs = grad(
                    out,
                    xs,
                    grad_outputs=v,
                    retain_graph=True,
                    create_graph=create_graph,
                    allow_unused=True,
                    materialize_grads=True,
                )
            else:
                gs = [_creation.zeros(*x.shape, dtype=x.dtype) for x in xs]
            for k, g in enumerate(gs):
                rows[k].append(g)
        per_input = []
        for k, x in enumerate(xs):
            from .. import _ops

            if rows[k]:
                stacked = _ops.stack(rows[k]).reshape(*(tuple(out.shape) + tuple(x.shape)))
            else:
                stacked = _creation.zeros(*(tuple(out.shape) + tuple(x.shape)), dtype=x.dtype)
            per_input.append(stacked if create_graph else stacked.detach())
        table.append(per_input[0] if single_in else tuple(per_input))
    return table[0] if single_out else tuple(table)


def hessian(
    func: Callable,
    inputs: Any,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    outer_jacobian_strategy: str = "reverse-mode",
) -> Any:
    """The Hessian of a scalar function: the Jacobian of its gradient.

    >>> import tensors as torch
    >>> from tensors.autograd.functional import hessian
    >>> hessian(lambda x: (x ** 3).sum(), torch.tensor([1.0, 2.0]))
    tensor([[ 6.,  0.],
            [ 0., 12.]])
    """
    from . import grad

    single = isinstance(inputs, Tensor)

    def gradient(*xs: Tensor) -> Any:
        out = func(*xs)
        if out.numel() != 1:
            raise RuntimeError(
                "The function given to hessian should return a single element Tensor"
            )
        gs = grad(out, xs, create_graph=True, allow_unused=True, materialize_grads=True)
        return gs[0] if single else gs

    return jacobian(gradient, inputs, create_graph=create_graph)


def hvp(
    func: Callable, inputs: Any, v: Any = None, create_graph: bool = False, strict: bool = False
) -> tuple:
    """``(func(inputs), H v)``: a Hessian-vector product, without forming H.

    >>> import tensors as torch
    >>> from tensors.autograd.functional import hvp
    >>> hvp(lambda x: (x ** 3).sum(), torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.0]))[1]
    tensor([6., 0.])
    """
    from . import grad

    single = isinstance(inputs, Tensor)
    xs = _prepare(inputs, True)
    out = func(*xs)
    gs = grad(out, xs, create_graph=True, allow_unused=True, materialize_grads=True)
    vs = _tuple(v)
    dot = None
    for g, vi in zip(gs, vs):
        term = (g * vi).sum()
        dot = term if dot is None else dot + term
    hv = grad(dot, xs, create_graph=create_graph, allow_unused=True, materialize_grads=True)
    hv = tuple(h if create_graph else h.detach() for h in hv)
    return out.detach(), (hv[0] if single else hv)


vhp = hvp  # the Hessian of a scalar function is symmetric
