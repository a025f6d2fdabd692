"""The backward pass: reverse-mode differentiation over a graph of Values.

The engine knows no particular op: each node carries its local derivatives
(computed in the forward pass from :mod:`autograd_scalar.ops`), and backward
multiplies them by the incoming gradient and adds the products into the
node's inputs, in reverse topological order (a depth-first post-order).
Every walk is iterative, so a chain of a million nodes needs no recursion.
A pass keeps each node's running gradient in the node's ``_g`` slot, not in a
dict; ``run_backward(..., on_step=f)`` reports every step to ``f``.

One pass at a time: a backward started from a hook, or in another thread,
over nodes that a running pass has reached, would see that pass's marks.

>>> from autograd_scalar import Value, grad
>>> x = Value(3.0)
>>> grad(x * x, x)
(6.0,)
"""

from __future__ import annotations

import numbers
from typing import Any, Callable, Iterable, NamedTuple, Optional, Sequence

from .grad_mode import _mode

_FREED = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward."
)


class _Mark:
    """A state of a node's ``_g`` slot other than a gradient."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


# A node's _g is None between passes. A pass marks the nodes it reaches: _OPEN while the
# walk is below the node, _REACHED once placed in the order; then _g sums the node's
# gradient, and goes back to None once passed on, or to _SPENT when its saved values are
# dropped (no retain_graph), so a later pass through it raises.
_OPEN = _Mark("open")
_REACHED = _Mark("reached")
_SPENT = _Mark("freed")


class BackwardStep(NamedTuple):
    """One step of a backward pass, as ``run_backward(..., on_step=...)`` reports it.

    ``node``: the Value whose gradient is now complete; ``grad``: that gradient (after
    its hooks); ``inputs``: its inputs that require grad; ``local``: d node / d input
    for each (the local derivatives just applied); ``input_grads``: each input's
    gradient so far, this step's ``grad * local`` included (an input used twice, as in
    ``x * x``, shows both). Numbers and inputs needing no grad are left out.

    >>> from autograd_scalar import Value
    >>> x = Value(3.0, label="x")
    >>> steps = []
    >>> _ = run_backward([x * x], [1.0], accumulate=False, on_step=steps.append)
    >>> [(s.grad, [p.label for p in s.inputs], s.local, s.input_grads) for s in steps]
    [(1.0, ['x', 'x'], (3.0, 3.0), (6.0, 6.0)), (6.0, [], (), ())]
    """

    node: Any
    grad: Any
    inputs: tuple
    local: tuple
    input_grads: tuple


def _walk(roots: Sequence[Any], through_freed: bool = False) -> tuple:
    """Every node that ``roots`` reach through inputs that require grad, inputs first.

    An iterative depth-first post-order that marks nodes in their ``_g`` slot
    (no set, no dict); a leaf is placed in the order at its first visit,
    without a second one. Returns the order, whether some node has a group
    hook, and the freed nodes walked through (``through_freed``); otherwise a
    freed node raises PyTorch's error, leaving every mark as it was.
    """
    order: list = []
    stack: list = []
    freed: list = []
    groups = False
    try:
        for r in roots:
            stack.append(_unspent(r, through_freed, freed))
            while stack:
                v = stack[-1]
                state = v._g
                if state is None:
                    if v._fn is None:  # a leaf: no inputs to walk into
                        stack.pop()
                        v._g = _REACHED
                        order.append(v)
                        if v._meta is not None:
                            groups = groups or _has_group_hook(v)
                        continue
                    v._g = _OPEN
                    if v._meta is not None:
                        groups = groups or _has_group_hook(v)
                    a = v._a
                    if type(a) is tuple:
                        # Pushed last-first, so the first input is walked first,
                        # as a recursive walk would (the order the views show).
                        for p in reversed(a):
                            if p.requires_grad:
                                pstate = p._g
                                if pstate is None:
                                    stack.append(p)
                                elif pstate is _SPENT:
                                    stack.append(_unspent(p, through_freed, freed))
                        continue
                    b = v._b
                    if b is not None and b.requires_grad:
                        pstate = b._g
                        if pstate is None:
                            stack.append(b)
                        elif pstate is _SPENT:
                            stack.append(_unspent(b, through_freed, freed))
                    if a is not None and a.requires_grad:
                        pstate = a._g
                        if pstate is None and a._fn is None:
                            # A leaf walked first is done at once: no push, no pop.
                            a._g = _REACHED
                            order.append(a)
                            if a._meta is not None:
                                groups = groups or _has_group_hook(a)
                        elif pstate is None:
                            stack.append(a)
                        elif pstate is _SPENT:
                            stack.append(_unspent(a, through_freed, freed))
                else:
                    stack.pop()
                    if state is _OPEN:
                        v._g = _REACHED
                        order.append(v)
    except BaseException:
        for v in order:
            v._g = None
        for v in stack:
            if v._g is _OPEN:
                v._g = None
        for v in freed:
            v._g = _SPENT
        raise
    return order, groups, freed


def _unspent(p: Any, through_freed: bool, freed: list) -> Any:
    # A node to push: raise if its saved values are gone, unless walking through.
    if p._g is _SPENT:
        if not through_freed:
            raise RuntimeError(_FREED)
        freed.append(p)
        p._g = None
    return p


def _is_node(x: Any) -> bool:
    # A Value, known by its slots: this module cannot import value.py (which
    # imports it).
    return hasattr(type(x), "_g") and hasattr(type(x), "_fn")


def _has_group_hook(v: Any) -> bool:
    return any(getattr(h, "group", False) for h in v._hooks or ())


def _inputs(node: Any) -> tuple:
    """A node's inputs as its derivative rule takes them: Values, and numbers as floats."""
    a = node._a
    if type(a) is tuple:
        return a
    if node._fn is None:
        return ()
    if a is None:
        a = node._da
    b = node._b
    if b is None:
        return (a,) if node._db is None else (a, node._db)
    return (a, b)


def _grad_inputs(node: Any) -> list:
    a = node._a
    inputs = a if type(a) is tuple else (a, node._b)
    return [p for p in inputs if p is not None and p.requires_grad]


def topological_order(roots: Iterable[Any]) -> list:
    """All Values that ``roots`` depend on (through inputs that require grad),
    each placed after all of its inputs: the reverse of backward's order.

    An iterative depth-first walk, so there is no recursion, whatever the
    depth of the graph.

    >>> from autograd_scalar import Value
    >>> a = Value(1.0, label="a"); b = a * 2; c = b + a
    >>> [v.label or v.op.name for v in topological_order([c])]
    ['a', 'mul', 'add']
    """
    order, _, freed = _walk(list(roots), through_freed=True)
    for v in order:
        v._g = None
    for v in freed:
        v._g = _SPENT
    return order


def run_backward(
    roots: Sequence[Any],
    root_grads: Sequence[Any],
    retain_graph: Optional[bool] = None,
    create_graph: bool = False,
    accumulate: bool = True,
    on_step: Optional[Callable[[BackwardStep], Any]] = None,
    keep: Optional[Iterable[Any]] = None,
) -> dict:
    """Back-propagate ``root_grads`` from ``roots``; return this pass's gradients.

    The result maps every Value reached to d(sum of root_i * root_grad_i)/dValue
    for this pass. With ``accumulate``, leaves also add it to their ``grad``
    (as PyTorch's leaves do) and intermediate Values show it in theirs. This is
    the one function under ``Value.backward``, ``grad`` and the tensor layer.

    ``keep``, if given, narrows the result to the leaves and ``keep``'s Values reached.

    ``on_step``, if given, is called once per node with a :class:`BackwardStep`
    when the node's gradient is complete and has been passed to its inputs, in
    the order of the pass: a way to watch the chain rule at work.

    >>> from autograd_scalar import Value
    >>> a = Value(2.0); b = a * a
    >>> run_backward([b], [1.0], accumulate=False)[a]
    4.0
    >>> c = a * 3.0
    >>> steps = []
    >>> _ = run_backward([c], [1.0], accumulate=False, on_step=steps.append)
    >>> [(s.node is c, s.grad, s.local, s.input_grads) for s in steps]
    [(True, 1.0, (3.0,), (3.0,)), (False, 3.0, (), ())]
    >>> b = a * a; d = a * b  # a ** 3: the leaf a and, as asked, b
    >>> {v is b: g for v, g in run_backward([d], [1.0], accumulate=False, keep=[b]).items()}
    {True: 2.0, False: 12.0}
    """
    collect = True if keep is None else set(keep)
    return _run(roots, root_grads, retain_graph, create_graph, accumulate, on_step, collect)


def _as_grad(g: Any, create_graph: bool) -> Any:
    """A gradient from a number of any real type or a Value; None for anything else."""
    if type(g) is float:
        return g
    if isinstance(g, numbers.Real):
        return float(g)
    if _is_node(g):
        return g if create_graph else g.data
    return None


def _root_grad(g: Any, create_graph: bool) -> Any:
    out = _as_grad(g, create_graph)
    if out is None:
        raise TypeError(f"gradients can be either Values or numbers, but got {type(g).__name__}")
    return out


def _run(
    roots: Sequence[Any],
    root_grads: Sequence[Any],
    retain_graph: Optional[bool],
    create_graph: bool,
    accumulate: bool,
    on_step: Optional[Callable[[BackwardStep], Any]],
    collect: Any,
) -> Any:
    # collect: True (every Value reached), False (none), or a set (leaves + the set's)
    if retain_graph is None:
        retain_graph = create_graph
    for i, r in enumerate(roots):
        if not r.requires_grad:
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn"
            )
    root_grads = [_root_grad(g, create_graph) for g in root_grads]
    order, groups, _ = _walk(roots)
    order.reverse()  # consumers first
    planned: set = set()  # the group hooks the order has been made for
    if groups:
        order = _group_order(order, planned)
    grads: Optional[dict] = {} if collect is not False else None
    every = collect is True
    leaves: list = []
    fired: set = set()
    free = not retain_graph
    prev_mode = _mode.enabled
    _mode.enabled = create_graph  # the gradient arithmetic is recorded only if asked
    try:
        for r, g in zip(roots, root_grads):
            old = r._g
            r._g = g if old is _REACHED else old + g
        for node in order:
            if node._meta is not None:
                if _unplanned_group(node, planned):
                    # A tensor hook registered during this pass: order the rest
                    # anew (in place, so the loop goes on over the new order).
                    at = order.index(node)
                    order[at:] = _group_order(order[at:], planned)
                    node = order[at]
                _run_hooks(node, fired, create_graph)
            g = node._g
            if g is _REACHED:  # no gradient came (a user's function returned None for it)
                node._g = None
                continue
            op = node._fn
            if op is None:  # a leaf: its .grad changes once the whole pass has run
                node._g = g  # (after its hooks)
                leaves.append(node)
                if on_step is not None:
                    on_step(BackwardStep(node, g, (), (), ()))
            else:
                if accumulate:
                    node.grad = g
                a = node._a
                if type(a) is tuple:
                    local = node._da
                    if type(local) is not tuple:
                        # A user's function (function.py): its outputs hand their
                        # gradients to its node, whose backward takes them all at once.
                        hub = node if local is None else local
                        for p, d in hub.pass_back(node, g, fired):
                            d = _function_grad(hub, d, create_graph)
                            if p.requires_grad:
                                old = p._g
                                p._g = d if old is _REACHED else old + d
                    else:
                        if create_graph:
                            local = op.backward(node, *a)
                        for p, d in zip(a, local):
                            if p.requires_grad:
                                old = p._g
                                p._g = g * d if old is _REACHED else old + g * d
                else:
                    if create_graph:
                        local = op.backward(node, *_inputs(node))
                        da = local[0] if a is not None else None
                        db = local[-1]
                    else:
                        da = node._da
                        db = node._db
                    if a is not None and a.requires_grad:
                        old = a._g
                        a._g = g * da if old is _REACHED else old + g * da
                    b = node._b
                    if b is not None and b.requires_grad:
                        old = b._g
                        b._g = g * db if old is _REACHED else old + g * db
                if on_step is not None:
                    on_step(_step(node, g, create_graph))
                if free and op.saves:
                    node._g = _SPENT
                    if a is not None:
                        node._da = None
                    if node._b is not None:
                        node._db = None
                else:
                    node._g = None
            if grads is not None and (every or op is None or node in collect):
                grads[node] = g
        for node in leaves:
            if accumulate:
                node.grad = node.grad + node._g
            node._g = None
    except BaseException:
        for v in order:
            if v._g is not _SPENT:
                v._g = None
        raise
    finally:
        _mode.enabled = prev_mode
    return grads


def _step(node: Any, g: Any, create_graph: bool) -> BackwardStep:
    # Only for on_step: the local derivatives again, as the pass used them.
    inputs = _inputs(node)
    if type(node._a) is tuple and type(node._da) is not tuple:
        # A user's function has no local derivatives (None): only what it passed on.
        grads = tuple(p for p in inputs if p.requires_grad)
        return BackwardStep(node, g, grads, (None,) * len(grads), tuple(p._g for p in grads))
    local = node._fn.backward(node, *inputs) if create_graph else _stored_local(node)
    pairs = [
        (p, d)
        for p, d in zip(inputs, local)
        if not isinstance(p, (float, tuple)) and p.requires_grad
    ]
    return BackwardStep(
        node,
        g,
        tuple(p for p, _ in pairs),
        tuple(d for _, d in pairs),
        tuple(p._g for p, _ in pairs),
    )


def _stored_local(node: Any) -> tuple:
    if type(node._a) is tuple:
        return node._da
    if node._a is None:
        return (None, node._db)
    if node._b is None and node._db is None:
        return (node._da,)
    return (node._da, node._db)


def _run_hooks(node: Any, fired: set, create_graph: bool) -> None:
    """Call the node's hooks on its complete gradient (in ``node._g``).

    Group hooks (a tensor's hook) first, once per pass: the order of the pass
    has put all of a group's members before any of them is processed, so
    their gradients are complete. Then the plain hooks, in order; a hook
    may return a replacement gradient.
    """
    hooks = node._hooks
    if not hooks:
        return
    hooks = tuple(hooks)  # a hook registered now runs from the next pass, as in PyTorch
    for hook in hooks:
        if getattr(hook, "group", False) and hook not in fired:
            fired.add(hook)
            members = hook.members
            gs = [m._g if _is_grad(m._g) else 0.0 for m in members]
            for m, g in zip(members, hook.on_group(gs)):
                if _is_grad(m._g):
                    m._g = g
    g = node._g
    for hook in hooks:
        if getattr(hook, "group", False):
            continue
        out = hook(g)
        if out is not None:
            g = _hook_grad(hook, out, create_graph)
    node._g = g


def _is_grad(state: Any) -> bool:
    return state is not None and type(state) is not _Mark


def _hook_grad(hook: Any, out: Any, create_graph: bool) -> Any:
    g = _as_grad(out, create_graph)
    if g is not None:
        return g
    name = getattr(hook, "__name__", type(hook).__name__)
    raise TypeError(
        f"hook '{name}' returned {type(out).__name__}: a Value hook must return None, "
        "a number or a Value"
    )


def _function_grad(hub: Any, d: Any, create_graph: bool) -> Any:
    g = _as_grad(d, create_graph)
    if g is not None:
        return g
    raise TypeError(
        f"function {hub.op.name} returned {type(d).__name__}: a function's backward must "
        "return numbers, Values or None"
    )


def _unplanned_group(node: Any, planned: set) -> bool:
    return any(getattr(h, "group", False) and h not in planned for h in node._hooks or ())


def _group_order(nodes: list, planned: set) -> list:
    """``nodes`` (consumers first) in the order of a pass through group hooks.

    Kahn's algorithm on consumer counts: a node is ready once all its
    consumers among ``nodes`` have run. A member of a group is held back when
    ready, until all the members among ``nodes`` are ready; then they go on
    together, so the hook (called when the first of them is processed) sees
    every member's complete gradient. Members that depend on one another can
    never all be ready together: when nothing else can run, the group goes on
    with those that have arrived. Adds the group hooks met to ``planned``.
    """
    deps: dict = {}
    for v in nodes:
        for p in _grad_inputs(v):
            deps[p] = deps.get(p, 0) + 1
        for h in v._hooks or ():
            if getattr(h, "group", False):
                planned.add(h)
    in_pass = set(nodes)
    ready = [v for v in reversed(nodes) if not deps.get(v)]
    waiting: dict = {}
    released: set = set()
    order = []
    while ready or waiting:
        if not ready:
            hook = next(iter(waiting))
            released.add(hook)
            ready.extend(waiting.pop(hook))
            continue
        node = ready.pop()
        held = False
        for hook in node._hooks or ():
            if not getattr(hook, "group", False) or hook in released:
                continue
            arrived = waiting.setdefault(hook, [])
            arrived.append(node)
            held = True
            if len(arrived) == len({id(m) for m in hook.members if m in in_pass}):
                released.add(hook)
                ready.extend(waiting.pop(hook))
            break
        if held:
            continue
        order.append(node)
        for p in _grad_inputs(node):
            deps[p] -= 1
            if not deps[p]:
                ready.append(p)
    return order


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
    _run(roots, list(grads), retain_graph, create_graph, True, None, False)


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
