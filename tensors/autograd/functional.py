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


def _tuple(x: Any, what: str, fn_name: str) -> tuple:
    """A tuple of tensors from a tensor or a tuple of tensors, with PyTorch's error."""
    if isinstance(x, Tensor):
        return (x,)
    if isinstance(x, tuple) and all(isinstance(t, Tensor) for t in x):
        return x
    if what == "outputs":
        raise TypeError(
            f"The outputs of the user-provided function given to {fn_name} must be either a "
            f"Tensor or a tuple of Tensors but the given outputs of the user-provided function "
            f"has type {type(x)}."
        )
    raise TypeError(
        f"The {what} given to {fn_name} must be either a Tensor or a tuple of Tensors but the "
        f"given {what} has type {type(x)}."
    )


def _prepare(inputs: tuple, create_graph: bool) -> tuple:
    # Fresh leaves that require grad, so the function's graph starts at them.
    out = []
    for x in inputs:
        leaf = x.detach() if not create_graph or not x.requires_grad else x
        if not leaf.requires_grad:
            leaf = leaf.requires_grad_()
        out.append(leaf)
    return tuple(out)


def _check_v(v: tuple, like: tuple, what: str = "v") -> None:
    if len(v) != len(like):
        raise RuntimeError(
            f"{what} is a tuple of invalid length: should be {len(like)} but got {len(v)}."
        )
    for vi, t in zip(v, like):
        if vi.shape != t.shape:
            raise RuntimeError(f"{what} has invalid size: should be {t.shape} but got {vi.shape}.")


def _check_strict(outputs: tuple, strict: bool) -> None:
    if not strict:
        return
    for i, out in enumerate(outputs):
        if not out.requires_grad:
            raise RuntimeError(
                f"Output {i} of the user-provided function does not require gradients. The "
                "outputs must be computed in a differentiable manner from the input when "
                "running in strict mode."
            )


def _single(out: Any, fn_name: str) -> Tensor:
    outs = _tuple(out, "outputs", fn_name)
    if len(outs) != 1 or outs[0].numel() != 1:
        raise RuntimeError(
            f"The Tensor returned by the function given to {fn_name} should contain a single "
            "element"
        )
    return outs[0]


def vjp(
    func: Callable, inputs: Any, v: Any = None, create_graph: bool = False, strict: bool = False
) -> tuple:
    """``(func(inputs), v^T J)``: the vector-Jacobian product, as ``torch.autograd.functional.vjp``.

    >>> import tensors as torch
    >>> from tensors.autograd.functional import vjp
    >>> vjp(lambda x: x * 3, torch.ones(2), torch.tensor([1.0, 2.0]))[1]
    tensor([3., 6.])
    """
    from .._backward import grad

    single = isinstance(inputs, Tensor)
    xs = _prepare(_tuple(inputs, "inputs", "vjp"), create_graph)
    out = func(*xs)
    outs = _tuple(out, "outputs", "vjp")
    _check_strict(outs, strict)
    if v is None:
        if len(outs) != 1 or outs[0].numel() != 1:
            raise RuntimeError(
                "The vector v can only be None if the user-provided function returns a single "
                "Tensor with a single element."
            )
        vs = None
    else:
        vs = _tuple(v, "v", "vjp")
        _check_v(vs, outs)
    differentiable = [i for i, o in enumerate(outs) if o.requires_grad]
    if differentiable:
        grads = grad(
            [outs[i] for i in differentiable],
            xs,
            grad_outputs=None if vs is None else [vs[i] for i in differentiable],
            create_graph=create_graph,
            allow_unused=True,
            materialize_grads=True,
        )
    else:
        from .. import _creation

        grads = tuple(_creation.zeros_like(x) for x in xs)
    result = grads[0] if single else tuple(grads)
    shown = (
        out
        if create_graph
        else (out.detach() if isinstance(out, Tensor) else tuple(o.detach() for o in out))
    )
    return shown, result


def jacobian(
    func: Callable,
    inputs: Any,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    strategy: str = "reverse-mode",
) -> Any:
    """The Jacobian of ``func`` at ``inputs``: shape ``output.shape + input.shape``.

    One backward per output element (reverse mode), as PyTorch's default. With
    several inputs (a tuple) or outputs, a tuple (of tuples) of Jacobians.

    >>> import tensors as torch
    >>> from tensors.autograd.functional import jacobian
    >>> jacobian(lambda x: x.sum() * x, torch.tensor([1.0, 2.0]))
    tensor([[4., 1.],
            [2., 5.]])
    """
    from .. import _creation, _ops
    from .._backward import grad

    single_in = isinstance(inputs, Tensor)
    xs = _prepare(_tuple(inputs, "inputs", "jacobian"), create_graph)
    result = func(*xs)
    single_out = isinstance(result, Tensor)
    outs = _tuple(result, "outputs", "jacobian")
    _check_strict(outs, strict)
    table = []
    for out in outs:
        rows: list = [[] for _ in xs]
        for i in range(out.numel()):
            if out.requires_grad:
                v = _creation.zeros(*out.shape, dtype=out.dtype)
                v.values()[i].data = 1.0
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
                gs = tuple(_creation.zeros(*x.shape, dtype=x.dtype) for x in xs)
            for k, g in enumerate(gs):
                rows[k].append(g)
        per_input = []
        for k, x in enumerate(xs):
            shape = tuple(out.shape) + tuple(x.shape)
            if rows[k]:
                stacked = _ops.stack(rows[k]).reshape(*shape)
            else:
                stacked = _creation.zeros(*shape, dtype=x.dtype)
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
    from .._backward import grad

    single = isinstance(inputs, Tensor)
    _tuple(inputs, "inputs", "hessian")

    def gradient(*xs: Tensor) -> Any:
        out = _single(func(*xs), "hessian")
        gs = grad(out, xs, create_graph=True, allow_unused=True, materialize_grads=True)
        if strict:
            for i, g in enumerate(gs):
                if not g.requires_grad:
                    raise RuntimeError(
                        "While computing the hessian, found that the jacobian of the "
                        f"user-provided function with respect to input {i} is independent of "
                        "the input. This is not allowed in strict mode. You should ensure that "
                        "your function is twice differentiable and that the jacobian depends on "
                        "the inputs (this would be violated by a linear function for example)."
                    )
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
    return _hessian_vector(func, inputs, v, create_graph, "hvp")


def vhp(
    func: Callable, inputs: Any, v: Any = None, create_graph: bool = False, strict: bool = False
) -> tuple:
    """``(func(inputs), v H)``: equal to ``hvp``, as the Hessian of a scalar function is
    symmetric.

    >>> import tensors as torch
    >>> from tensors.autograd.functional import vhp
    >>> vhp(lambda x: (x ** 3).sum(), torch.tensor([1.0, 2.0]), torch.tensor([1.0, 1.0]))[1]
    tensor([ 6., 12.])
    """
    return _hessian_vector(func, inputs, v, create_graph, "vhp")


def _hessian_vector(func: Callable, inputs: Any, v: Any, create_graph: bool, name: str) -> tuple:
    from .._backward import grad

    single = isinstance(inputs, Tensor)
    xs = _prepare(_tuple(inputs, "inputs", name), True)
    if v is None:
        if len(xs) != 1 or xs[0].numel() != 1:
            raise RuntimeError(
                "The vector v can only be None if the input to the user-provided function is a "
                "single Tensor with a single element."
            )
        from .. import _creation

        vs: tuple = (_creation.ones_like(xs[0]),)
    else:
        vs = _tuple(v, "v", name)
        _check_v(vs, xs)
    out = _single(func(*xs), name)
    gs = grad(out, xs, create_graph=True, allow_unused=True, materialize_grads=True)
    dot = None
    for g, vi in zip(gs, vs):
        term = (g * vi).sum()
        dot = term if dot is None else dot + term
    if dot is None or not dot.requires_grad:
        from .. import _creation

        hv: tuple = tuple(_creation.zeros_like(x) for x in xs)
    else:
        hv = grad(dot, xs, create_graph=create_graph, allow_unused=True, materialize_grads=True)
    hv = tuple(h if create_graph else h.detach() for h in hv)
    return (out if create_graph else out.detach()), (hv[0] if single else hv)
