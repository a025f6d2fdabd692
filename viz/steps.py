"""``viz.backward_steps(loss)``: the backward pass, one op at a time, in the Value view.

Each step is one node whose gradient is complete: it multiplies that gradient
by its local derivatives and adds the products to its inputs' gradients. Each
frame highlights the node, shows complete gradients in bold, gradients still
being summed in plain type, and "?" where none has arrived yet; every frame
has the same layout, so nothing moves but the numbers. ``graph.step`` holds
the step as data and ``graph.caption`` says it in words. Nothing is changed:
no ``.grad`` is written.

>>> from autograd_scalar import Value
>>> import viz
>>> a = Value(2.0, label="a")
>>> b = a * a
>>> b.label = "b"
>>> [step.current.label for step in viz.backward_steps(b)]
['b']
>>> print(viz.backward_steps(b)[0].caption)
step 1 of 1: b = a * a, b.grad = 1 (the output: db/db = 1)
  a.grad += b.grad × ∂b/∂a = 1 × 2 = 2    (∂(x*y)/∂x = y)
  a.grad += b.grad × ∂b/∂a = 1 × 2 = 2, so far 4    (∂(x*y)/∂y = x)
"""

from __future__ import annotations

import sys
from typing import Any, Dict, FrozenSet, Iterator, List, NamedTuple, Optional, Sequence

from autograd_scalar import BackwardStep, Value, run_backward
from autograd_scalar.function import FunctionNode, function_inputs

from . import _common as C
from ._names import Names, NamesArg, caller_namespaces
from .value_view import Root, ValueGraph

__all__ = ["Step", "Update", "backward_steps", "render_steps", "trace"]

_NO_GRAD = "element 0 of tensors does not require grad and does not have a grad_fn"
# How the engine's error for a graph freed by an earlier backward begins.
_FREED_START = "Trying to backward through the graph a second time"

# How each op's local derivative is made, for the captions (x, y: the inputs, out: the result).
RULES = {
    "add": ("∂(x+y)/∂x = 1", "∂(x+y)/∂y = 1"),
    "sub": ("∂(x-y)/∂x = 1", "∂(x-y)/∂y = -1"),
    "mul": ("∂(x*y)/∂x = y", "∂(x*y)/∂y = x"),
    "div": ("∂(x/y)/∂x = 1/y", "∂(x/y)/∂y = -out/y"),
    "pow": ("∂(x**y)/∂x = y·x**(y-1)", "∂(x**y)/∂y = out·log x"),
    "neg": ("∂(-x)/∂x = -1",),
    "tanh": ("∂tanh(x)/∂x = 1 - out²",),
    "exp": ("∂exp(x)/∂x = out",),
    "log": ("∂log(x)/∂x = 1/x",),
    "relu": ("∂relu(x)/∂x = 1 if x > 0 else 0",),
    "sigmoid": ("∂σ(x)/∂x = out·(1 - out)",),
}


class Update(NamedTuple):
    """One input's share of a step: ``total = before + grad * local``."""

    input: Value
    name: str
    local: float
    amount: float
    total: float


class Step(NamedTuple):
    """One step of the backward pass, as data.

    ``node``'s gradient ``grad`` is complete; ``updates`` are what it sends
    to each input; ``grads`` maps every Value reached so far to its gradient
    after the step, ``complete`` holds the Values whose gradient is final.
    """

    index: int
    count: int
    node: Value
    name: str
    grad: float
    updates: List[Update]
    grads: Dict[Value, float]
    complete: FrozenSet[Value]
    caption: str


def backward_steps(
    root: Root,
    names: NamesArg = None,
    *,
    group: bool = True,
    max_nodes: Optional[int] = 500,
    size: C.Size = None,
    leaves: bool = False,
) -> "Frames":
    """The Value view of ``root`` once per step of the backward pass, in the order backward
    takes them.

    ``root`` is a Value or a one-element tensor (or a list of Values). There is
    one step per operation (``leaves=True`` adds one per leaf, which only
    completes its gradient); ``graph.step`` is the :class:`Step` as data,
    ``graph.caption`` its text, ``graph.current`` its Value. The steps are
    the engine's backward pass itself, hooks included (a hook that changes a
    gradient changes it here too), with no ``.grad`` written. A Value graph
    freed by ``backward()`` cannot be stepped through: call
    ``backward(retain_graph=True)``, or step through first (tensors' graphs
    stay drawable). ``size`` is the width to fit, in inches, the same for
    every frame.

    >>> import tensors as torch
    >>> import viz
    >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> loss = (w * w).sum()
    >>> steps = viz.backward_steps(loss)
    >>> len(steps)   # the sum, then the two products
    3
    >>> [steps[-1].step.grads[v] for v in w.values()]   # dloss/dw = 2w
    [2.0, 4.0]
    """
    frame = sys._getframe(1)
    try:
        namer = Names(names, *caller_namespaces(frame))
    finally:
        del frame
    vg = ValueGraph(root, namer, group=group, max_nodes=max_nodes)
    seeds = _seeds(vg)
    C.size_attr(size)  # a bad size is refused at the call
    return render_steps(vg, list(trace(vg, seeds, leaves)), size)


class Frames(Sequence):
    """The frames of a step-through, drawn when asked for (a long pass has many)."""

    def __init__(self, vg: ValueGraph, steps: List[Step], size: C.Size = None) -> None:
        self._vg = vg
        self.steps = steps
        self._size = size
        self._width = _grad_width(steps)

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        step = self.steps[k]
        graph = self._vg.render(
            grads={id(v): g for v, g in step.grads.items()},
            current=step.node,
            done={id(v) for v in step.complete},
            size=self._size,
            grad_width=self._width,
            stacked=True,
        )
        graph.step = step
        graph.caption = step.caption
        graph.what = f"step {step.index} of {step.count} of backward"
        return graph

    def __repr__(self) -> str:
        return f"<{len(self)} frames of backward; index them, or loop over them>"


def render_steps(vg: ValueGraph, steps: List[Step], size: C.Size = None) -> Frames:
    """One frame per step, all with the same layout, drawn when asked for."""
    return Frames(vg, steps, size)


def _seeds(vg: ValueGraph) -> list:
    for t in vg.tensor_roots:
        if not t.requires_grad:
            raise RuntimeError(_NO_GRAD)
        if t.numel() != 1:
            raise RuntimeError("grad can be implicitly created only for scalar outputs")
    # Each output once: its gradient is 1 however often the list names it.
    seeds = list(dict.fromkeys(v for v in vg.roots if v.requires_grad))
    if not seeds:
        raise RuntimeError(_NO_GRAD)
    return seeds


def trace(vg: ValueGraph, seeds: list, leaves: bool = False) -> Iterator[Step]:
    """The steps of backward from ``seeds`` over the picture ``vg``, as :class:`Step` data.

    The engine's own backward pass runs (``run_backward`` with ``on_step``),
    hooks included, writing no ``.grad``; this only words its steps. A graph
    freed by an earlier ``backward()`` raises, naming the way to keep it.
    """
    walk: List[BackwardStep] = []
    try:
        run_backward(
            seeds, [1.0] * len(seeds), retain_graph=True, accumulate=False, on_step=walk.append
        )
    except RuntimeError as e:
        if not str(e).startswith(_FREED_START):
            raise
        raise RuntimeError(
            "backward_steps: the graph was freed by an earlier backward(), which dropped the "
            "local derivatives the steps show. Call backward(retain_graph=True) to keep them, "
            "or step through before calling backward()."
        ) from None
    users: dict = {}
    for s in walk:
        for p in s.inputs:
            users[p] = users.get(p, 0) + 1
    # A leaf's step only completes its gradient: shown on request (or when it is the output).
    shown = [s for s in walk if leaves or s.node.op is not None or s.node in seeds]
    grads: dict = {}
    complete: set = set()
    waiting = dict(users)
    for index, s in enumerate(shown, 1):
        node, g = s.node, s.grad
        grads[node] = g
        complete.add(node)
        sends = list(zip(_positions(node), s.inputs, s.local))
        last = {p: i for i, p in enumerate(s.inputs)}
        updates = []
        for i, (_, p, d) in enumerate(sends):
            # The engine reports each input's total after the whole step; an input
            # used twice (x * x) shows its running sum at each use.
            if d is None:  # a user's function: no local derivative, only what it passed on
                total = s.input_grads[i]
                amount = total - grads.get(p, 0.0) if _is_number(total) else total
            else:
                total = s.input_grads[i] if last[p] == i else grads.get(p, 0.0) + g * d
                amount = g * d
            grads[p] = total
            updates.append(Update(p, _name(vg, p), d, amount, total))
            waiting[p] -= 1
            if not waiting[p]:
                complete.add(p)  # every use has sent its share
        caption = _caption(vg, node, g, sends, updates, index, len(shown), seeds)
        yield Step(
            index, len(shown), node, _name(vg, node), g, updates, dict(grads),
            frozenset(complete), caption,
        )  # fmt: skip


def _positions(node: Value) -> List[int]:
    """Where each input that needs grad sits among the node's inputs (the engine's
    steps leave out the others): the captions name the rule of that position."""
    return [k for k, p in enumerate(node.parents) if p.requires_grad]


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float))


def _name(vg: ValueGraph, v: Value) -> str:
    if isinstance(v, FunctionNode):
        return f"{v.op.symbol}.backward"
    name = vg.name(v)
    if name:
        return name
    if v.op is None:
        return C.fmt(v.data, "g")
    return f"({v.op.symbol} {C.fmt(v.data, '.4g')})"


def _expr(vg: ValueGraph, v: Value) -> str:
    inputs = function_inputs(v)
    args = [_name(vg, p) for p in inputs or v.parents]
    symbol = v.op.symbol
    if len(args) == 2 and len(symbol) <= 2 and inputs is None:
        return f"{args[0]} {symbol} {args[1]}"
    return f"{symbol}({', '.join(args)})"


def _num(x: float) -> str:
    return C.fmt(x, ".4g")


def _caption(
    vg: ValueGraph,
    node: Value,
    g: float,
    sends: list,
    updates: List[Update],
    index: int,
    count: int,
    seeds: list,
) -> str:
    name = _name(vg, node)
    head = f"step {index} of {count}: "
    if isinstance(node, FunctionNode):
        lines = [f"{head}{name}, written by hand, runs on the gradients of all its outputs:"]
        lines += [f"  {u.name}.grad += {_num(u.amount)}, so far {_num(u.total)}" for u in updates]
        return "\n".join(lines)
    if function_inputs(node) is not None:
        return (
            f"{head}{name} = {_expr(vg, node)}, {name}.grad = {_num(g)} (complete): kept "
            f"for {node.op.symbol}.backward, which runs once all its outputs' gradients are in"
        )
    head += f"{name} = {_expr(vg, node)}" if node.op is not None else f"{name} (a leaf)"
    seed = f" (the output: d{name}/d{name} = 1)" if node in seeds else " (complete)"
    lines = [f"{head}, {name}.grad = {_num(g)}{seed}"]
    rules = RULES.get(node.op.name, ()) if node.op is not None else ()
    for (k, _, _), u in zip(sends, updates):
        line = (
            f"  {u.name}.grad += {name}.grad × ∂{name}/∂{u.name} = {_num(g)} × {_num(u.local)}"
            f" = {_num(u.amount)}"
        )
        if u.total != u.amount:
            line += f", so far {_num(u.total)}"
        if k < len(rules):
            line += f"    ({rules[k]})"
        lines.append(line)
    if node.op is None:
        lines.append("  a leaf: nothing further to pass on")
    return "\n".join(lines)


def _grad_width(steps: List[Step]) -> int:
    """The width, in points, of the widest gradient cell over all frames: every frame's
    cells take it, so the layout is the same in every frame."""
    # Every gradient a frame shows is a step's own or one of its updates' running totals.
    shown = [g for s in steps for g in [s.grad, *(u.total for u in s.updates)]]
    texts = ["grad ?"] + [f"grad {C.fmt(g)}" for g in shown]
    # Helvetica at 12 pt takes under 8 pt a character, bold included; then the padding.
    return 8 * max(len(t) for t in texts) + 10
