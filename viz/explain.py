"""``viz.explain_gradient(loss, w[0, 0])``: why one gradient entry has its value.

The chain rule, spelled out for one input: every path from the output down to
that Value, each path's local derivatives multiplied, the paths added. The
result is text with the numbers and the Value view of just those paths, the
path edges labelled with their local derivatives.

>>> from autograd_scalar import Value
>>> import viz
>>> x = Value(3.0, label="x")
>>> y = x * x + x
>>> y.label = "y"
>>> why = viz.explain_gradient(y, x)
>>> why.total, [p.product for p in why.paths]
(7.0, [3.0, 3.0, 1.0])
"""

from __future__ import annotations

import math
import sys
import textwrap
from typing import Any, List, NamedTuple, Optional, Union

from autograd_scalar import Value
from autograd_scalar.function import function_inputs
from tensors import Tensor

from . import _common as C
from ._names import Names, NamesArg, caller_namespaces
from .value_view import ValueGraph, _shown, drawn_op

__all__ = ["Explanation", "Path", "explain_gradient"]


class Path(NamedTuple):
    """One path from the output down to the input: its Values (output first), the
    local derivative of each step, and their product."""

    values: List[Value]
    factors: List[float]
    product: float


def _one_value(x: Any, what: str) -> Value:
    if isinstance(x, Value):
        return x
    if isinstance(x, Tensor):
        if x.numel() != 1:
            raise ValueError(
                f"{what} must be one number: a Value or a one-element tensor such as w[0, 0], "
                f"got a tensor of shape {tuple(x.shape)}"
            )
        return x.values()[0]
    raise TypeError(f"{what} must be a Value or a one-element tensor, got {type(x).__name__}")


# The paths run through the graph the Value view draws: a dot node is a sum of
# products there (``products`` holds them, by the dot node's id), so each path
# shows its multiplication.


def _local(v: Any, products: dict) -> tuple:
    # Recomputed from the data, because backward may have freed the node's own.
    op, inputs = _shown(v, products)
    if function_inputs(v) is not None:
        raise ValueError(
            f"explain_gradient: a path goes through {op.name}, a function with a backward "
            "written by hand: it has no local derivative per input to multiply along a path"
        )
    return op.backward(v.data, *(p.data for p in inputs))


def _in(v: Any, products: dict) -> tuple:
    return _shown(v, products)[1]


def _on_paths(out: Value, leaf: Value, products: dict) -> set:
    """ids of the Values that lie on some path from ``out`` down to ``leaf``.
    Iterative; each Value's inputs are read once."""
    reaches: dict = {}
    stack: list = [(out, None)]
    while stack:
        v, inputs = stack.pop()
        if id(v) in reaches:
            continue
        if v is leaf:
            reaches[id(v)] = True
        elif inputs is not None:
            reaches[id(v)] = any(reaches[id(p)] for p in inputs)
        else:
            inputs = _in(v, products)
            stack.append((v, inputs))
            stack.extend((p, None) for p in inputs if id(p) not in reaches)
    return {k for k, yes in reaches.items() if yes}


def _count_and_sum(out: Value, leaf: Value, on: set, products: dict) -> tuple:
    """How many paths lead from ``out`` to ``leaf``, and the sum of their products,
    without listing them: from the leaf up, each Value's count and derivative
    with respect to the leaf are those of its inputs on the paths, combined."""
    memo: dict = {id(leaf): (1, 1.0)}
    stack = [(out, False)]
    while stack:
        v, expanded = stack.pop()
        if id(v) in memo:
            continue
        inputs = _in(v, products)
        ks = [k for k, p in enumerate(inputs) if id(p) in on]
        if expanded:
            local = _local(v, products)
            count = sum(memo[id(inputs[k])][0] for k in ks)
            deriv = sum(local[k] * memo[id(inputs[k])][1] for k in ks)
            memo[id(v)] = (count, deriv)
        else:
            stack.append((v, True))
            stack.extend((inputs[k], False) for k in ks if id(inputs[k]) not in memo)
    return memo[id(out)]


def _paths(out: Value, leaf: Value, on: set, limit: int, products: dict) -> tuple:
    """Up to ``limit`` paths, and the edges used by them: {(id(consumer), position)}.

    Each stack entry is one step, linked to the step before it, so a long path
    costs its length once, when it is read back, not at every step."""
    found: list = []
    edges: set = set()
    # Each entry: (Value, the entry it was reached from, factor, edge) or the root.
    stack: list = [(out, None, None, None)]
    while stack and len(found) < limit:
        entry = stack.pop()
        v = entry[0]
        if v is leaf:
            values, factors = [], []
            while entry is not None:
                values.append(entry[0])
                if entry[1] is not None:
                    factors.append(entry[2])
                    edges.add(entry[3])
                entry = entry[1]
            values.reverse()
            factors.reverse()
            found.append(Path(values, factors, math.prod(factors)))
            continue
        local = _local(v, products)
        branches = [
            (p, entry, local[k], (id(v), k))
            for k, p in enumerate(_in(v, products))
            if id(p) in on
        ]
        stack.extend(reversed(branches))  # first input first
    return found, edges


def _wrap(line: str) -> str:
    # Long paths are wrapped between steps, so the text fits a page.
    wrapped = textwrap.fill(line, 96, subsequent_indent="        ", break_on_hyphens=False)
    return wrapped.replace("\u00a0", " ")


class Explanation:
    """Why a gradient entry has its value: the paths, their products, their sum.

    ``paths`` lists :class:`Path` tuples, ``total`` is their sum (the
    gradient), ``text`` says it in words and numbers, ``graph`` is the Value
    view of the paths. Jupyter shows the graph; ``print()`` shows the text.
    """

    def __init__(
        self,
        output: str,
        wrt: str,
        paths: list,
        total: float,
        count: int,
        graph: C.Graph,
        names: dict,
    ) -> None:
        self._names = names
        self.output_name = output
        self.wrt_name = wrt
        self.paths = paths
        self.total = total
        self.path_count = count
        self.graph = graph
        self.text = self._words()

    def _words(self) -> str:
        out, wrt = self.output_name, self.wrt_name
        n = self.path_count
        paths = "the path" if n == 1 else f"all {n} paths"
        lines = [
            f"d{out}/d{wrt} = {C.fmt(self.total)}",
            f"  = over {paths} from {out} down to {wrt}: the local derivatives multiplied"
            + (", then added up" if n > 1 else ""),
        ]
        for i, path in enumerate(self.paths, 1):
            # No break inside a name such as "(Σ 1.3516)": its spaces are made hard.
            names = " ← ".join(self._name(v).replace(" ", "\u00a0") for v in path.values)
            factors = " × ".join(C.fmt(f, ".4g") for f in path.factors) or "1"
            lines.append(_wrap(f"path {i}: {names}"))
            lines.append(_wrap(f"    {factors} = {C.fmt(path.product)}"))
        if n > len(self.paths):
            lines.append(f"... and {n - len(self.paths)} more paths (raise max_paths= to see them)")
        if n > 1:
            terms = " + ".join(C.fmt(p.product) for p in self.paths)
            more = " + ..." if n > len(self.paths) else ""
            lines.append(f"sum: {terms}{more} = {C.fmt(self.total)}")
        return "\n".join(lines)

    def _name(self, v: Value) -> str:
        op = drawn_op(v)
        return self._names.get(id(v)) or f"({op.symbol if op else 'value'} {C.fmt(v.data)})"

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"<Explanation of d{self.output_name}/d{self.wrt_name} = {C.fmt(self.total)}>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **kw: Any) -> tuple:
        data, metadata = self.graph._repr_mimebundle_(include, exclude, **kw)
        if "text/plain" in data:
            data["text/plain"] = self.text
        return data, metadata


def explain_gradient(
    output: Union[Value, Tensor],
    wrt: Union[Value, Tensor],
    names: NamesArg = None,
    *,
    max_paths: int = 12,
    context: bool = True,
    size: C.Size = None,
    max_nodes: Optional[int] = 200,
) -> Explanation:
    """Why ``wrt``'s gradient is what it is: the chain rule along every path from ``output``.

    ``output`` is a Value or a one-element tensor (the loss); ``wrt`` one
    Value or one element (``w[0, 0]``, whose gradient is ``w.grad[0, 0]``).
    Each path's local derivatives are recomputed from the data, so this works
    before or after ``backward()``. The picture, drawn top to bottom, shows
    only the Values on the paths and (``context=True``) the other inputs of
    the ops whose local derivatives are made of them (``x`` in ``x * w``);
    ``size`` is the width to fit, in inches.

    >>> import tensors as torch
    >>> import viz
    >>> x = torch.ones(3)
    >>> w = torch.tensor([[0.5], [-1.0], [2.0]], requires_grad=True)
    >>> loss = torch.matmul(x, w).sum() * 2
    >>> why = viz.explain_gradient(loss, w[1, 0])
    >>> print(why)
    dloss/dw[1,0] = 2.0000
      = over the path from loss down to w[1,0]: the local derivatives multiplied
    path 1: loss ← (Σ 1.5000) ← (Σ 1.5000) ← (* -1.0000) ← w[1,0]
        2 × 1 × 1 × 1 = 2.0000
    """
    if max_paths < 1:
        raise ValueError(f"max_paths must be at least 1, got {max_paths}")
    C.size_attr(size)  # a bad size is refused before any work
    out_v, leaf = _one_value(output, "output"), _one_value(wrt, "wrt")
    frame = sys._getframe(1)
    try:
        namer = Names(names, *caller_namespaces(frame))
    finally:
        del frame
    products: dict = {}
    on = _on_paths(out_v, leaf, products)
    if id(out_v) not in on:
        raise ValueError("wrt is not used to compute output: its gradient is zero (no path)")
    if max_nodes is not None and len(on) > max_nodes:
        # Refused before any path is listed or drawn: the picture holds these at least.
        raise C.GraphTooLargeError(
            f"the paths from output down to wrt pass through {len(on)} Values, more than "
            f"max_nodes={max_nodes}, too many to read; explain a smaller graph, or pass "
            "max_nodes=None to draw it anyway"
        )
    count, total = _count_and_sum(out_v, leaf, on, products)
    paths, edges = _paths(out_v, leaf, on, max_paths, products)
    keep = set(on)
    if context:
        # Only where the local derivative is made of the other inputs (x in x * w);
        # a sum's derivative is 1 whatever its other terms are.
        for v in _values_in(out_v, on, products):
            op = drawn_op(v)
            if op is not None and op.saves:
                keep.update(id(p) for p in _in(v, products))
    vg = ValueGraph(output, namer, group=True, max_nodes=None, keep=keep, products=products)
    vg.check(max_nodes)
    marked = {}
    for consumer, k in edges:
        v = next(x for x in vg.values if id(x) == consumer)
        marked[(consumer, k)] = "×" + C.fmt(_local(v, products)[k], ".4g")
    # Top to bottom: a path is long and narrow, a page is tall and narrow.
    graph = vg.render(size=size, marked=marked, lit=on, rankdir="TB")
    out_name = vg.name(out_v) or namer.of(output) or "output"
    wrt_name = vg.name(leaf) or namer.of(wrt) or "input"
    graph.what = f"the paths from {out_name} to {wrt_name}"
    return Explanation(out_name, wrt_name, paths, total, count, graph, dict(vg.labels))


def _values_in(out: Value, on: set, products: dict) -> list:
    seen: set = set()
    stack = [out]
    found = []
    while stack:
        v = stack.pop()
        if id(v) in seen or id(v) not in on:
            continue
        seen.add(id(v))
        found.append(v)
        stack.extend(_in(v, products))
    return found
