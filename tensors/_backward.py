"""Backward at the tensor level: ``backward``, ``grad`` and the autograd log.

Runs the scalar engine from a tensor's Values and hands each leaf tensor (and
each tensor that retains its grad) its gradient, calling tensor hooks and
accumulating into ``.grad`` as PyTorch does; tensor hooks
(``register_hook``) too. ``tensors.autograd`` exports ``backward`` and
``grad`` from here; ``Tensor.backward`` and ``Tensor.register_hook`` are
attached by ``_tensor_methods.py``. Follows PyTorch's pages ``torch.autograd.backward``
and ``torch.autograd.grad``
(https://pytorch.org/docs/stable/generated/torch.autograd.grad.html).

>>> import tensors as torch
>>> x = torch.tensor([1.0, 2.0], requires_grad=True)
>>> grad((x * x).sum(), x)
(tensor([2., 4.]),)
"""

from __future__ import annotations

import os
import sys
from itertools import repeat
from operator import attrgetter
from typing import Any, Optional, Sequence

from autograd_scalar import Value
from autograd_scalar.engine import run_backward
from autograd_scalar.grad_mode import set_grad_enabled
from autograd_scalar.value import _const

from ._function import AccumulateGrad, node_class
from ._graph import grad_fn_nodes, grad_fn_order
from ._saved import check as check_saved
from ._saved import free as free_saved
from ._shape import Size
from ._tensor import _LEAF_OWNER, _RETAINING, Tensor, _from_numbers, _warn

_requires_grad = attrgetter("requires_grad")


class _Handle:
    """What ``register_hook`` returns: ``handle.remove()`` takes the hook off."""

    def __init__(self, hooks: list, hook: Any) -> None:
        self._hooks = hooks
        self._hook = hook

    def remove(self) -> None:
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


class _GroupHook:
    """A tensor hook on a non-leaf tensor, registered on each of its Values.

    It is a group hook for the engine (``group = True``): ``run_backward``
    holds the tensor's Values back until all of them have their complete
    gradient, then calls ``on_group`` once with those gradients, which calls
    the user's hook with the whole gradient tensor and returns its parts.
    """

    group = True

    def __init__(self, tensor: Tensor, hook: Any) -> None:
        self.members = tensor._flat()
        self.shape = tensor._shape
        self.dtype = tensor.dtype
        self.hook = hook

    def on_group(self, grads: list) -> list:
        g = _from_numbers([getattr(x, "data", x) for x in grads], self.shape, self.dtype)
        out = self.hook(g)
        if out is None:
            return grads
        _hook_result(self.hook, out, self.shape)
        return [v.data for v in out._flat()]

    def remove(self) -> None:
        for v in self.members:
            if v._hooks and self in v._hooks:
                v._hooks.remove(self)


def backward(
    tensors: Sequence[Tensor],
    grad_tensors: Optional[Sequence[Any]] = None,
    retain_graph: Optional[bool] = None,
    create_graph: bool = False,
    inputs: Any = None,
) -> None:
    """Back-propagate from ``tensors`` into leaf ``.grad`` (``torch.autograd.backward``).

    >>> import tensors as torch
    >>> x = torch.ones(3, requires_grad=True)
    >>> torch.autograd.backward([(x * 2).sum()])
    >>> x.grad
    tensor([2., 2., 2.])
    """
    if isinstance(tensors, Tensor):
        tensors = [tensors]
    if grad_tensors is not None and isinstance(grad_tensors, Tensor):
        grad_tensors = [grad_tensors]
    if inputs is not None and not isinstance(inputs, Tensor) and len(inputs) == 0:
        raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    roots, root_grads = _roots_and_grads(tensors, grad_tensors, create_graph)
    if create_graph and not _WARNED_CREATE_GRAPH:
        _WARNED_CREATE_GRAPH.append(True)  # once per process, as PyTorch's engine says it
        _warn(
            "Using backward() with create_graph=True will create a reference cycle between the "
            "parameter and its gradient which can cause a memory leak. We recommend using "
            "autograd.grad when creating the graph to avoid this. If you have to use this "
            "function, make sure to reset the .grad fields of your parameters to None after use "
            "to break the cycle and avoid the leak."
        )
    if _logging_enabled():
        _log_backward(tensors)
    retaining = list(_RETAINING)
    chosen = None
    if inputs is not None:
        chosen = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    # The engine reports the leaves' gradients, and those of the few non-leaf
    # Values asked for here (retained tensors, chosen inputs): no dict of the graph.
    wanted = [t._flat() for t in retaining + (chosen or [])]
    grads, nodes = _run(
        tensors, roots, root_grads, retain_graph, create_graph, True, [v for f in wanted for v in f]
    )
    owners: dict = {}
    # The weak references behind _LEAF_OWNER, read directly: its get() is Python
    # code, a cost per leaf Value that the engine's own step does not have.
    refs = getattr(_LEAF_OWNER, "data", None)
    last = None
    for v in grads:
        if v._fn is None:  # a leaf
            if refs is None:
                t = _LEAF_OWNER.get(id(v))
            else:
                ref = refs.get(id(v))
                t = None if ref is None else ref()
            if t is not None and t is not last:
                owners[id(t)] = last = t
    for t, values in zip(retaining, wanted):
        if any(v in grads for v in values):
            owners[id(t)] = t
    for t in _graph_tensors(tensors, nodes, grads):
        # In PyTorch's graph but reached by no Value (indexing or max along a dim
        # that picked other elements, a where that took the other side): their
        # gradient is zero, as PyTorch's index and select backward scatter into
        # zeros. No derivative is made here; every rule is the op table's.
        owners.setdefault(id(t), t)
    only = None
    if chosen is not None:
        only = {id(t) for t in chosen}
        for t in chosen:
            owners.setdefault(id(t), t)  # a non-leaf among them accumulates too
    for t in owners.values():
        if only is None or id(t) in only:
            # An element no Value path reached (not picked): zero, as above.
            # (map: the lookups run in C, no Python step per element.)
            _accumulate(t, list(map(grads.get, t._flat(), repeat(0.0))), create_graph)
            if t.grad_fn is None:
                # A leaf's Values show the tensor's .grad (which may have been zeroed
                # or set to None since), not the engine's running total.
                for v, g in zip(t._flat(), t._grad._flat()):
                    v.grad = g if g.requires_grad else g.data


def _run(
    tensors: Sequence[Tensor],
    roots: list,
    root_grads: list,
    retain_graph: Optional[bool],
    create_graph: bool,
    accumulate: bool,
    keep: list,
) -> tuple:
    """The engine's pass over the Values, with PyTorch's checks on the tensor graph
    first (freed nodes, saved tensors changed in place) and its nodes freed after.
    Returns the gradients of the leaves reached and of the Values of ``keep``
    reached, and the grad_fn nodes of the pass.

    The scalar nodes keep their local derivatives: whether a second pass may
    read them is decided here, per tensor node, as PyTorch decides it."""
    nodes = grad_fn_nodes([t for t in tensors if t.requires_grad])
    check_saved(nodes)
    if not roots:
        return {}, nodes
    # The engine nodes of torch.autograd.Function calls: whether one ran decides
    # which edges carry a gradient (_graph_tensors).
    hubs = [n._hub for n in nodes if n._hub is not None]
    grads = run_backward(
        roots, root_grads, True, create_graph, accumulate=accumulate, keep=keep + hubs
    )
    if not (create_graph if retain_graph is None else retain_graph):
        free_saved(nodes)
    return grads, nodes


def _graph_tensors(roots: Sequence[Tensor], nodes: list, grads: dict) -> list:
    """The leaves and retaining tensors of the grad_fn nodes a backward walked.

    Read off the nodes ``_run`` checked, with no second walk, unless a
    ``torch.autograd.Function`` that ran in the pass returned None for an
    input: then ``_reach`` walks again, leaving out those edges.
    """
    out = []
    retaining = len(_RETAINING)  # no tensor retains its grad: no output to look at
    for node in nodes:
        if type(node) is AccumulateGrad:
            out.append(node.variable)
            continue
        hub = node._hub
        if hub is not None and hub in grads and node._gave_none:
            return _reach(roots, grads)[0]
        if retaining:
            t = node.output
            if t is not None and t._retains_grad and t.grad_fn is node:
                out.append(t)
    return out


def _reach(roots: Sequence[Tensor], grads: dict) -> tuple:
    """What backward from ``roots`` reaches through grad_fn nodes: the leaves and
    retaining tensors, and the ids of the nodes.

    A gradient flows along every edge, as zeros where no Value path leads (an
    index that picked other elements), except the edges to which a
    ``torch.autograd.Function`` that ran in this pass (its node is in ``grads``)
    returned None: PyTorch sends nothing there.
    """
    out: list = []
    seen: set = set()
    stack = [
        r.grad_fn if r.grad_fn is not None else r._accumulate_node()
        for r in roots
        if r._requires_grad
    ]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, AccumulateGrad):
            out.append(node.variable)
            continue
        t = node.output
        if t is not None and t._retains_grad and t.grad_fn is node:
            out.append(t)
        hub = node._hub
        gave_none = node._gave_none if hub is not None and hub in grads else ()
        for i, (nxt, _) in enumerate(node.next_functions):
            if nxt is not None and i not in gave_none:
                stack.append(nxt)
    return out, seen


_WARNED_CREATE_GRAPH: list = []


def _roots_and_grads(tensors: Sequence[Tensor], grad_tensors: Any, create_graph: bool) -> tuple:
    roots: list = []
    root_grads: list = []
    if grad_tensors is not None:
        grad_tensors = list(grad_tensors)
        for g in grad_tensors:
            if g is not None and not isinstance(g, Tensor):
                raise TypeError(
                    f"gradients can be either Tensors or None, but got {type(g).__name__}"
                )
        if len(grad_tensors) < len(tensors):
            raise RuntimeError(f"got {len(tensors)} tensors and {len(grad_tensors)} gradients")
    for i, t in enumerate(tensors):
        if not t._requires_grad:
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn"
            )
        g = None if grad_tensors is None else grad_tensors[i]
        if g is None:
            if t.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            gs: list = [1.0]
        else:
            if g._shape != t._shape:
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[{i}] has a shape of {Size(g._shape)} and "
                    f"output[{i}] has a shape of {Size(t._shape)}."
                )
            gs = [v if create_graph and v.requires_grad else v.data for v in g._flat()]
        for v, gv in zip(t._flat(), gs):
            if v.requires_grad:
                roots.append(v)
                root_grads.append(gv)
    return roots, root_grads


def _hook_result(hook: Any, out: Any, like: Any) -> None:
    """PyTorch's checks on what a tensor hook returns."""
    if not isinstance(out, Tensor):
        raise TypeError(f"expected Variable, but hook returned '{type(out).__name__}'")
    if out._shape != tuple(like):
        name = getattr(hook, "__name__", type(hook).__name__)
        raise RuntimeError(f"hook '{name}' has changed the size of value")


def _accumulate(t: Tensor, gs: list, create_graph: bool) -> None:
    if t._hooks:
        for hook in t._hooks:
            g = _grad_tensor(gs, t, create_graph)
            with set_grad_enabled(create_graph):  # as PyTorch runs hooks
                out = hook(g)
            if out is not None:
                _hook_result(hook, out, t._shape)
                gs = [v if create_graph else v.data for v in out._flat()]
    if t._grad is None:
        t._grad = _grad_tensor(gs, t, create_graph)
        return
    old = t._grad._flat()
    # map() rather than a generator: no Python frame per element.
    if (
        create_graph
        or any(map(isinstance, gs, repeat(Value)))
        or any(map(_requires_grad, old))
    ):
        t._grad = _grad_tensor([o + g for o, g in zip(old, gs)], t, create_graph)
    else:
        for o, g in zip(old, gs):
            o.data = o.data + g  # in place, as PyTorch accumulates into the same tensor


def _grad_tensor(gs: list, like: Tensor, create_graph: bool) -> Tensor:
    """A gradient tensor from numbers (or Values with a graph, under create_graph)."""
    values = [
        _const(g) if type(g) is float else g if isinstance(g, Value) else _const(float(g))
        for g in gs
    ]
    t = Tensor._wrap(list(values), like._shape, like.dtype)
    made = next(filter(_requires_grad, values), None)
    if made is not None:
        # Named after the last operation of the gradient's own graph, as PyTorch's are.
        op = made.op.name if made.op is not None else "copy"
        t._requires_grad = True
        fn = node_class(_GRAD_NODE_NAMES.get(op, "MulBackward0"))((like,), t)
        fn.op = "grad"
        t.grad_fn = fn
    return t


_GRAD_NODE_NAMES = {
    "add": "AddBackward0",
    "sub": "SubBackward0",
    "mul": "MulBackward0",
    "div": "DivBackward0",
    "neg": "NegBackward0",
    "pow": "PowBackward0",
    "exp": "ExpBackward0",
    "log": "LogBackward0",
    "sum": "AddBackward0",
    "copy": "CloneBackward0",
}


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
    keep = [v for x in inputs for v in x._flat()]
    grads, _ = _run(outputs, roots, root_grads, retain_graph, create_graph, False, keep)
    reached = None
    result = []
    for i, x in enumerate(inputs):
        values = x._flat()
        if not any(v in grads for v in values):
            if reached is None:
                tensors, nodes = _reach(outputs, grads)
                reached = {id(t) for t in tensors} | nodes
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
        # Elements no Value path reached (not picked by indexing, max along a dim,
        # where) get zero, as in backward() above; the rules are all the table's.
        result.append(_grad_tensor(list(map(grads.get, values, repeat(0.0))), x, create_graph))
    return tuple(result)


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
    for node, received, sent in grad_fn_order(roots):
        line = f"[autograd] Executing: {node.name()} with grad_outputs: [{_shape_text(received)}]"
        if sent is not None:
            line += " -> grad_inputs: [" + ", ".join(_shape_text(s) for s in sent) + "]"
        print(line, file=sys.stdout)


def _tensor_backward(
    self,
    gradient: Optional["Tensor"] = None,
    retain_graph: Optional[bool] = None,
    create_graph: bool = False,
    inputs: Any = None,
) -> None:
    """Accumulate the gradient of this tensor into the ``.grad`` of every leaf.

    ``gradient`` is needed for a tensor with more than one element (the
    vector in a vector-Jacobian product).

    >>> import tensors as torch
    >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> (w * w).sum().backward()
    >>> w.grad
    tensor([2., 4.])
    """
    backward([self], gradient, retain_graph, create_graph, inputs)


def _register_hook(self, hook: Any) -> Any:
    """Call ``hook(grad)`` with this tensor's gradient during backward.

    The hook may return a replacement gradient (a tensor of the same
    shape). On a leaf the result is what ``.grad`` accumulates; on a
    non-leaf it is what flows on to the tensor's inputs.

    >>> import tensors as torch
    >>> x = torch.ones(2, requires_grad=True)
    >>> _ = x.register_hook(lambda g: g * 2)
    >>> (x * 3).sum().backward()
    >>> x.grad
    tensor([6., 6.])
    """
    if not self._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if self.grad_fn is None:
        if self._hooks is None:
            self._hooks = []
        self._hooks.append(hook)
        return _Handle(self._hooks, hook)
    self._hookable()  # a view: the hook sees what flows through the view only
    group = _GroupHook(self, hook)
    for v in group.members:
        v.register_hook(group)
    return group
