"""The autograd view, ``viz.make_dot(y)``: the grad_fn graph, drawn as torchviz draws it.

Backward nodes (``AddmmBackward0``, ...) are grey boxes, ``AccumulateGrad``
nodes lead to the leaves (blue, with their shapes and the names given in
``params``), the output is green. Code written for torchviz runs with only its
imports changed:

>>> import tensors as torch
>>> import tensors.nn.functional as F
>>> import viz
>>> W = torch.ones(3, 2, requires_grad=True)
>>> b = torch.zeros(3, requires_grad=True)
>>> y = F.relu(F.linear(torch.ones(1, 2), W, b))
>>> dot = viz.make_dot(y.mean(), params={"W": W, "b": b})
>>> "AddmmBackward0" in dot.source and "AccumulateGrad" in dot.source
True
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Union

from tensors import Tensor

from . import _common as C
from ._format import number_text, shape_text
from ._inputs import op_inputs
from ._saved import node_attrs

__all__ = ["make_dot"]

# What PyTorch's backward nodes save, by our op name: (PyTorch's name, input
# position or "result"). Tensors appear with show_saved; numbers with show_attrs.
_SAVED = {
    "add": (("alpha", 1.0),),
    "sub": (("alpha", 1.0),),
    "mul": (("self", 0), ("other", 1)),
    "div": (("self", 0), ("other", 1)),
    "pow": (("self", 0), ("exponent", 1)),
    "matmul": (("self", 0), ("mat2", 1)),
    "linear": (("mat1", 1), ("mat2", 2)),
    "exp": (("result", "result"),),
    "tanh": (("result", "result"),),
    "sigmoid": (("result", "result"),),
    "sqrt": (("result", "result"),),
    "relu": (("result", "result"),),
    "log": (("self", 0),),
    "log1p": (("self", 0),),
    "sin": (("self", 0),),
    "cos": (("self", 0),),
    "abs": (("self", 0),),
    "mse": (("self", 0), ("target", 1)),
    "bce": (("self", 0), ("target", 1)),
    "bce_with_logits": (("self", 0), ("target", 1)),
    "nll": (("self", 0), ("target", 1)),
    "log_softmax": (("result", "result"),),
    "softmax": (("result", "result"),),
}
_SIZES = {"sum", "mean"}


def _saved(fn: Any) -> list:
    """``(name, value)`` pairs a PyTorch node of this kind would expose as ``_saved_<name>``."""
    known = node_attrs(fn)
    if known is not None:
        return known
    out: list = []
    op = getattr(fn, "op", None)
    inputs = op_inputs(fn)
    for name, source in _SAVED.get(op, ()):
        if source == "result":
            value = fn.output
        elif isinstance(source, float):
            value = source
        elif source < len(inputs):
            value = inputs[source]
        else:
            continue
        if value is not None:
            out.append((name, value))
    if op in _SIZES and inputs and isinstance(inputs[0], Tensor):
        out.append(("self_sym_sizes", tuple(inputs[0].shape)))
    for name, value in sorted(getattr(fn, "_saved", {}).items()):
        out.append((name, value))
    return out


def _fn_label(fn: Any, show_attrs: bool, max_attr_chars: int) -> str:
    name = type(fn).__name__
    if not show_attrs:
        return C.text(name)
    attrs = []
    for key, value in _saved(fn):
        if isinstance(value, Tensor):
            shown = "[saved tensor]"
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            shown = number_text(value)
        else:
            shown = str(value)
        attrs.append((key, shown))
    if not attrs:
        return C.text(name)
    max_attr_chars = max(max_attr_chars, 3)
    col1 = max(len(k) for k, _ in attrs)
    col2 = min(max(len(v) for _, v in attrs), max_attr_chars)
    sep = "-" * max(col1 + col2 + 2, len(name))

    def cut(s: str) -> str:
        return s[: col2 - 3] + "..." if len(s) > col2 else s

    lines = [name, sep] + [f"{k.ljust(col1)}: {cut(v)}" for k, v in attrs]
    return '<BR ALIGN="LEFT"/>'.join(C.text(line) for line in lines) + '<BR ALIGN="LEFT"/>'


def make_dot(
    var: Union[Tensor, Iterable[Tensor]],
    params: Union[Mapping[str, Tensor], Iterable[tuple], None] = None,
    show_attrs: bool = False,
    show_saved: bool = False,
    max_attr_chars: int = 50,
    *,
    max_nodes: Optional[int] = 500,
    size: C.Size = None,
) -> C.Graph:
    """The backward graph of ``var`` (a tensor, or a tuple of them), as torchviz draws it.

    ``params`` names the leaves (``dict(model.named_parameters())``);
    ``show_attrs`` lists what each node saves for backward, ``show_saved``
    draws the saved tensors (orange). ``size`` is the width to fit, in inches
    (``size=9`` fits a 1,000-pixel page), or a Graphviz size string; without
    it the canvas grows with the graph, as torchviz's does.

    >>> import tensors as torch
    >>> import viz
    >>> x = torch.ones(3, requires_grad=True)
    >>> dot = viz.make_dot((x * 2).sum(), params={"x": x})
    >>> [line.strip() for line in dot.source.splitlines() if "label" in line][:2]
    ['n0 [label=<()> fillcolor=darkolivegreen1]', 'n1 [label=<SumBackward0>]']
    """
    fit = C.size_attr(size)  # a bad size is refused before any work
    param_map: dict = {}
    keep: list = []
    if params is not None:
        pairs = params.items() if isinstance(params, Mapping) else params
        for name, p in pairs:
            if not isinstance(p, Tensor):
                raise TypeError(f"params must map names to tensors; {name!r} is {type(p).__name__}")
            param_map[id(p)] = str(name)
            keep.append(p)
    roots = [var] if isinstance(var, Tensor) or not isinstance(var, (list, tuple)) else var
    for r in roots:
        if not isinstance(r, Tensor):
            kind = type(r).__name__
            raise TypeError(f"make_dot expects a tensor or a tuple of tensors, got {kind}")
    walk = _Walk(param_map, show_attrs, show_saved, max_attr_chars)
    for r in roots:
        walk.base_tensor(r, "darkolivegreen1")
    C.check_size(len(walk.nodes), max_nodes, "")
    g = C.Graph(
        node_attr=dict(
            style="filled",
            shape="box",
            align="left",
            fontsize="10",
            ranksep="0.1",
            height="0.2",
            fontname="monospace",
        ),
        graph_attr=dict(size="12,12"),
    )
    for kind, args, attrs in walk.statements:
        if kind == "node":
            g.node(*args, **attrs)
        else:
            g.edge(*args, **attrs)
    # torchviz's resize_graph: larger graphs get a larger canvas.
    canvas = max(12.0, len(g.body) * 0.15)
    g.graph_attr.update(size=fit or f"{canvas:g},{canvas:g}")
    g.what = "the autograd view (the grad_fn graph)"
    return g


class _Walk:
    """torchviz's depth-first walk, without recursion, numbering nodes as they appear."""

    def __init__(self, param_map: dict, show_attrs: bool, show_saved: bool, chars: int) -> None:
        self.param_map = param_map
        self.show_attrs = show_attrs
        self.show_saved = show_saved
        self.chars = chars
        self.ids: dict = {}
        self.nodes: list = []
        self.statements: list = []
        self.keep: list = []  # objects whose ids are keys above

    def _id(self, obj: Any) -> tuple:
        key = id(obj)
        new = key not in self.ids
        if new:
            self.ids[key] = f"n{len(self.ids)}"
            self.keep.append(obj)
        return self.ids[key], new

    def _var_label(self, t: Tensor, name: Optional[str] = None) -> str:
        if not name:
            name = self.param_map.get(id(t), "")
        shape = C.text(shape_text(t))
        return f"{C.text(name)}<BR/>{shape}" if name else shape

    def _tensor_node(self, t: Tensor, color: str, name: Optional[str] = None) -> str:
        ident, new = self._id(t)
        if new:
            self.nodes.append(ident)
            self.statements.append(
                ("node", (ident, C.html(self._var_label(t, name))), {"fillcolor": color})
            )
        return ident

    def base_tensor(self, var: Tensor, color: str) -> None:
        pending = [(var, color, None)]
        while pending:
            t, col, child = pending.pop()
            if id(t) in self.ids:
                if child is not None:
                    self._edge(self.ids[id(t)], child, style="dotted")
                continue
            ident = self._tensor_node(t, col)
            if child is not None:
                self._edge(ident, child, style="dotted")
            if t.grad_fn is not None:
                self.add_nodes(t.grad_fn)
                self._edge(self.ids[id(t.grad_fn)], ident)
            base = getattr(t, "_base", None)
            if base is not None:
                pending.append((base, "darkolivegreen3", ident))

    def _edge(self, tail: str, head: str, **attrs: str) -> None:
        self.statements.append(("edge", (tail, head), attrs))

    def _enter(self, fn: Any) -> str:
        ident, _ = self._id(fn)
        if self.show_saved:
            for name, value in _saved(fn):
                if isinstance(value, Tensor):
                    # A saved tensor is PyTorch's own copy: a node of its own, even
                    # when the tensor is drawn elsewhere too.
                    tid, _ = self._id((fn, name))
                    self.nodes.append(tid)
                    label = C.html(self._var_label(value, name))
                    self.statements.append(("node", (tid, label), {"fillcolor": "orange"}))
                    self._edge(ident, tid, dir="none")
        variable = getattr(fn, "variable", None)
        if variable is not None:
            vid = self._tensor_node(variable, "lightblue")
            self._edge(vid, ident)
        self.nodes.append(ident)
        label = C.html(_fn_label(fn, self.show_attrs, self.chars))
        self.statements.append(("node", (ident, label), {}))
        return ident

    def add_nodes(self, fn: Any) -> None:
        if id(fn) in self.ids:
            return
        stack = [(fn, self._enter(fn), iter(fn.next_functions))]
        while stack:
            _, ident, it = stack[-1]
            for nxt, _ in it:
                if nxt is None:
                    continue
                seen = id(nxt) in self.ids
                nid = self._enter(nxt) if not seen else self.ids[id(nxt)]
                self._edge(nid, ident)
                if not seen:
                    stack.append((nxt, nid, iter(nxt.next_functions)))
                    break
            else:
                stack.pop()
