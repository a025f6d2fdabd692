"""The backward pass: reverse-mode differentiation over a graph of Values.

The engine knows no particular op: each node carries its local derivatives
(computed in the forward pass from :mod:`autograd_scalar.ops`), and backward
multiplies them by the incoming gradient and adds the products into the
node's inputs, in reverse topological order. Every walk is iterative, so a
chain of a million nodes needs no recursion.

>>> from autograd_scalar import Value, grad
>>> x = Value(3.0)
>>> grad(x * x, x)
(6.0,)
"""

from __future__ import annotations

from typing import Any, Iterable, Optional, Sequence

from .grad_mode import _mode

_FREED = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward."
)


def _count_consumers(roots: Iterable[Any]) -> dict:
    """For every Value reachable from ``roots`` through inputs that require grad,
    how many times it is used as an input there (PyTorch's dependency count)."""
    deps: dict = {}
    stack: list = []
    for r in roots:
        if r not in deps:
            deps[r] = 0
            stack.append(r)
    while stack:
        node = stack.pop()
        for p in node._parents:
            if p.requires_grad:
                if p in deps:
                    deps[p] += 1
                else:
                    deps[p] = 1
                    stack.append(p)
    return deps


def topological_order(roots: Iterable[Any]) -> list:
    """All Values that ``roots`` depend on (through inputs that require grad),
    each placed after all of its inputs: the reverse of backward's order.

    A node is emitted once every Value that uses it has been emitted (Kahn's
    algorithm on the reversed graph), so there is no recursion, whatever the
    depth of the graph.

    >>> from autograd_scalar import Value
    >>> a = Value(1.0, label="a"); b = a * 2; c = b + a
    >>> [v.label or v.op.name for v in topological_order([c])]
    ['a', 'mul', 'add']
    """
    roots = list(roots)
    deps = _count_consumers(roots)
    ready = [r for r in dict.fromkeys(roots) if deps[r] == 0]
    order = []
    while ready:
        node = ready.pop()
        order.append(node)
        for p in node._parents:
            if p.requires_grad:
                left = deps[p] - 1
                deps[p] = left
                if not left:
                    ready.append(p)
    order.reverse()
    return order


def run_backward(
    roots: Sequence[Any],
    root_grads: Sequence[Any],
    retain_graph: Optional[bool] = None,
    create_graph: bool = False,
    accumulate: bool = True,
) -> dict:
    """Back-propagate ``root_grads`` from ``roots``; return this pass's gradients.

    The result maps every Value reached to d(sum of root_i * root_grad_i)/dValue
    for this pass. With ``accumulate``, leaves also add it to their ``grad``
    (as PyTorch's leaves do) and intermediate Values show it in theirs. This is
    the one function under ``Value.backward``, ``grad`` and the tensor layer.

    >>> from autograd_scalar import Value
    >>> a = Value(2.0); b = a * a
    >>> run_backward([b], [1.0], accumulate=False)[a]
    4.0
    """
    if retain_graph is None:
        retain_graph = create_graph
    for i, r in enumerate(roots):
        if not r.requires_grad:
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn"
            )
    deps = _count_consumers(roots)
    for node in deps:
        # Checked before anything changes, so a refused pass leaves no trace.
        if node._local is None and node._parents:
            raise RuntimeError(_FREED)

    grads: dict = {}
    for r, g in zip(roots, root_grads):
        if not create_graph and type(g) is not float:
            g = float(getattr(g, "data", g))
        grads[r] = grads[r] + g if r in grads else g

    # A node runs once all its consumers have run, so its gradient is complete.
    ready = [r for r in dict.fromkeys(roots) if deps[r] == 0]
    leaves = []
    groups = _Groups(deps, grads)
    prev_mode = _mode.enabled
    _mode.enabled = create_graph  # the gradient arithmetic is recorded only if asked
    try:
        while ready or groups.waiting:
            if not ready:
                ready.extend(groups.release_any())
                continue
            node = ready.pop()
            if node._hooks:
                if groups.hold(node, ready):
                    continue
                g = grads[node]
                for hook in node._hooks:
                    if not getattr(hook, "group", False):
                        replaced = hook(g)
                        if replaced is not None:
                            g = replaced
                grads[node] = g
            else:
                g = grads[node]
            parents = node._parents
            if not parents:
                leaves.append(node)
                continue
            if accumulate:
                node.grad = g
            op = node._op
            # Under create_graph the rule runs on Values, so the gradient is a graph too.
            local = op.backward(node, *parents) if create_graph else node._local
            for p, d in zip(parents, local):
                if p.requires_grad:
                    if p in grads:
                        grads[p] = grads[p] + g * d
                    else:
                        grads[p] = g * d
                    left = deps[p] - 1
                    deps[p] = left
                    if not left:
                        ready.append(p)
            if not retain_graph and op.saves:
                node._local = None
    finally:
        _mode.enabled = prev_mode

    if accumulate:
        for node in leaves:
            node.grad = node.grad + grads[node]
    return grads


class _Groups:
    """Hooks that need the gradients of several Values at once (a tensor's hook).

    A group hook has ``group = True``, a list ``members`` and a method
    ``on_group(grads) -> grads``. Each member that the pass reaches is held
    back when it becomes ready; once all of them are held, their gradients are
    complete, the hook sees them together, and the members go on.
    """

    def __init__(self, deps: dict, grads: dict) -> None:
        self.deps = deps
        self.grads = grads
        self.waiting: dict = {}
        self.needed: dict = {}
        self.fired: set = set()

    def hold(self, node: Any, ready: list) -> bool:
        for hook in node._hooks:
            if not getattr(hook, "group", False) or hook in self.fired:
                continue
            arrived = self.waiting.setdefault(hook, [])
            arrived.append(node)
            if hook not in self.needed:
                self.needed[hook] = len({id(m) for m in hook.members if m in self.deps})
            if len(arrived) < self.needed[hook]:
                return True
            ready.extend(self._fire(hook))
            return True
        return False

    def release_any(self) -> list:
        # Members that depend on one another can never all be ready together:
        # fire with what has arrived rather than wait for ever.
        return self._fire(next(iter(self.waiting)))

    def _fire(self, hook: Any) -> list:
        arrived = self.waiting.pop(hook)
        self.fired.add(hook)
        grads = self.grads
        new = hook.on_group([grads.get(m, 0.0) for m in hook.members])
        for m, g in zip(hook.members, new):
            if m in grads:
                grads[m] = g
        return arrived


def backward(
    roots: Sequence[Any],
    grads: Optional[Sequence[Any]] = None,
    retain_graph: Optional[bool] = None,
    create_graph: bool = False,
) -> None:
    """Accumulate d roots / d leaf into every leaf's ``grad`` (PyTorch's ``autograd.backward``).

    >>> from autograd_scalar import Value
    >>> a = Value(1.0); b = Value(2.0)
    >>> backward([a * b, a + b])
    >>> a.grad, b.grad
    (3.0, 2.0)
    """
    roots = list(roots)
    if grads is None:
        grads = [1.0] * len(roots)
    run_backward(roots, list(grads), retain_graph, create_graph, accumulate=True)


def grad(
    outputs: Any,
    inputs: Any,
    grad_outputs: Any = None,
    retain_graph: Optional[bool] = None,
    create_graph: bool = False,
    allow_unused: Optional[bool] = None,
) -> tuple:
    """The gradients of ``outputs`` with respect to ``inputs``, without touching ``.grad``.

    ``outputs`` and ``inputs`` are a Value or a sequence of Values. As in
    PyTorch, an input that the outputs do not depend on raises unless
    ``allow_unused=True`` (then its gradient is None).

    >>> from autograd_scalar import Value, grad
    >>> x = Value(2.0)
    >>> dy, = grad(x**3, x, create_graph=True)   # 3x^2 as a Value
    >>> grad(dy, x)                              # 6x
    (12.0,)
    """
    outputs = _as_list(outputs)
    inputs = _as_list(inputs)
    for x in inputs:
        if not x.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    if grad_outputs is None:
        grad_outputs = [1.0] * len(outputs)
    else:
        grad_outputs = _as_list(grad_outputs)
        if len(grad_outputs) != len(outputs):
            raise RuntimeError(f"got {len(outputs)} tensors and {len(grad_outputs)} gradients")
    grads = run_backward(outputs, grad_outputs, retain_graph, create_graph, accumulate=False)
    result = []
    for i, x in enumerate(inputs):
        g = grads.get(x)
        if g is None and not allow_unused:
            raise RuntimeError(
                f"The differentiated Tensor at index {i} appears to not have been used in "
                "the graph. Set allow_unused=True if this is the desired behavior."
            )
        result.append(g)
    return tuple(result)


def _as_list(x: Any) -> list:
    return list(x) if isinstance(x, (list, tuple)) else [x]
