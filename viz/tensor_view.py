"""The tensor view, ``viz.draw(loss)``: the picture of PyTorch's autograd tutorial.

Data nodes (named tensors) and op nodes are circles, left to right;
parameters (leaves that require grad) sit in a dashed box labelled
"Parameters"; side inputs (parameters, targets, numbers) enter their op from
below. An unnamed intermediate tensor is not drawn: its op feeds the next op.

>>> import tensors as torch
>>> import viz
>>> x = torch.ones(5)
>>> y = torch.zeros(3)
>>> w = torch.ones(5, 3, requires_grad=True)
>>> b = torch.zeros(3, requires_grad=True)
>>> z = torch.matmul(x, w) + b
>>> loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
>>> graph = viz.draw(loss)
>>> for line in graph.source.splitlines():
...     if "label=" in line:
...         print(line.strip())
fontname=Helvetica label=<Parameters> labeljust=l labelloc=b style=dashed
n1 [label=<w> shape=circle width=0.75]
n3 [label=<b> shape=circle width=0.75]
n0 [label=<x> shape=circle width=0.75]
n2 [label=<*> shape=circle]
n4 [label=<+> shape=circle]
n5 [label=<z> shape=circle width=0.75]
n6 [label=<y> shape=circle width=0.75]
n7 [label=<CE> shape=circle]
n8 [label=<loss> shape=ellipse width=1]
>>> str(viz.save(graph, "comp-graph.svg"))
'comp-graph.svg'
"""

from __future__ import annotations

import sys
from typing import Any, Optional, Sequence, Union

from tensors import Tensor

from . import _common as C
from ._format import number_text, shape_text, tensor_text
from ._inputs import op_inputs
from ._names import Names, NamesArg, caller_namespaces

__all__ = ["OP_SYMBOLS", "draw"]

#: How an op is written in its circle; other ops show their name.
OP_SYMBOLS = {
    "matmul": "*",
    "add": "+",
    "sub": "-",
    "mul": "×",
    "div": "/",
    "pow": "^",
    "neg": "-",
    "bce_with_logits": "CE",
    "bce": "CE",
    "nll": "NLL",
    "mse": "MSE",
    "l1": "L1",
    "sum": "Σ",
    "sigmoid": "σ",
    "t": "T",
    "transpose": "T",
}

# Infix forms (template, precedence) for the folded headers of show_ops=False.
_INFIX = {
    "add": ("{0} + {1}", 1),
    "sub": ("{0} - {1}", 1),
    "mul": ("{0} * {1}", 2),
    "div": ("{0} / {1}", 2),
    "matmul": ("{0} @ {1}", 2),
    "pow": ("{0} ** {1}", 4),
    "neg": ("-{0}", 3),
}
_ATOM = 9
_EXPR_CHARS = 60

_FONT = "Helvetica"


class _Item:
    """One drawn node: a tensor, an op, or a number fed to an op."""

    __slots__ = ("kind", "id", "obj", "name", "anchor")

    def __init__(self, kind: str, ident: str, obj: Any, name: str) -> None:
        self.kind = kind
        self.id = ident
        self.obj = obj
        self.name = name
        self.anchor: Optional[_Item] = None  # the op this side input sits under


def _as_roots(root: Union[Tensor, Sequence[Tensor]]) -> list:
    roots = [root] if isinstance(root, Tensor) or not isinstance(root, (list, tuple)) else root
    for r in roots:
        if not isinstance(r, Tensor):
            kind = type(r).__name__
            hint = " (for Values, use viz.draw_values)" if kind == "Value" else ""
            raise TypeError(f"viz.draw expects a tensor or a list of tensors, got {kind}{hint}")
    return C.unique(roots)


def _postorder(roots: list) -> list:
    """Tensors and grad_fn nodes reachable from ``roots``, each after its inputs.

    Iterative, so deep graphs need no recursion; inputs are visited in order,
    so the result (and every node number) is the same on every run.
    """

    def children(entry: tuple) -> list:
        kind, obj = entry
        if kind == "t":
            return [("f", obj.grad_fn)] if obj.grad_fn is not None else []
        op = getattr(obj, "op", None) or obj.name()
        return [("t", x) for x in _display_inputs(op, op_inputs(obj)) if isinstance(x, Tensor)]

    seen: set = set()
    out: list = []
    for r in roots:
        start = ("t", r)
        if id(r) in seen:
            continue
        seen.add(id(r))
        stack = [(start, iter(children(start)))]
        while stack:
            entry, it = stack[-1]
            for child in it:
                if id(child[1]) not in seen:
                    seen.add(id(child[1]))
                    stack.append((child, iter(children(child))))
                    break
            else:
                stack.pop()
                out.append(entry)
    return out


def draw(
    root: Union[Tensor, Sequence[Tensor]],
    names: NamesArg = None,
    *,
    show_shapes: bool = False,
    show_values: bool = False,
    show_grads: bool = False,
    show_flags: bool = False,
    show_ops: bool = True,
    max_nodes: Optional[int] = 500,
    size: C.Size = None,
) -> C.Graph:
    """The tensor-level graph of ``root`` (a tensor, or a list of them), left to right.

    Names come from ``names`` (``{"x": x, ...}`` or pairs such as
    ``model.named_parameters()``), a tensor's ``.name``, or the caller's
    variables. ``show_shapes``, ``show_values`` and ``show_grads`` add those to
    each tensor's node; ``show_flags`` adds the ``is_leaf`` / ``requires_grad`` /
    ``retains_grad`` / ``grad`` table of PyTorch's tutorial on leaf and non-leaf
    tensors; ``show_ops=False`` folds the ops into headers such as ``z = x @ w + b``.
    ``size`` is the width to fit, in inches (``size=9`` fits a 1,000-pixel
    page), or a Graphviz size string.

    >>> import tensors as torch
    >>> import viz
    >>> x = torch.ones(5)
    >>> w = torch.ones(5, 3, requires_grad=True)
    >>> b = torch.zeros(3, requires_grad=True)
    >>> z = torch.matmul(x, w) + b
    >>> graph = viz.draw(z, show_shapes=True)
    >>> "Parameters" in graph.source
    True
    """
    frame = sys._getframe(1)
    try:
        namer = Names(names, *caller_namespaces(frame))
    finally:
        del frame
    return tensor_view(
        root,
        namer,
        show_shapes=show_shapes,
        show_values=show_values,
        show_grads=show_grads,
        show_flags=show_flags,
        show_ops=show_ops,
        max_nodes=max_nodes,
        size=size,
    )


def tensor_view(
    root: Union[Tensor, Sequence[Tensor]],
    namer: Names,
    *,
    show_shapes: bool = False,
    show_values: bool = False,
    show_grads: bool = False,
    show_flags: bool = False,
    show_ops: bool = True,
    max_nodes: Optional[int] = 500,
    size: C.Size = None,
) -> C.Graph:
    """:func:`draw` with the names already looked up (for callers that know them)."""
    fit = C.size_attr(size)  # a bad size is refused before any work
    view = _TensorView(
        _as_roots(root), namer, show_shapes, show_values, show_grads, show_flags, show_ops
    )
    g = view.build(max_nodes, fit)
    names = [n for n in (namer.of(r) for r in view.roots) if n]
    g.what = "the tensor view" + (f" of {', '.join(names)}" if names else "")
    return g


class _TensorView:
    def __init__(
        self,
        roots: list,
        namer: Names,
        show_shapes: bool,
        show_values: bool,
        show_grads: bool,
        show_flags: bool,
        show_ops: bool,
    ) -> None:
        self.roots = roots
        self.namer = namer
        self.show_shapes = show_shapes
        self.show_values = show_values
        self.show_grads = show_grads
        self.show_flags = show_flags
        self.show_ops = show_ops
        self.items: list = []
        self.data: dict = {}  # id(tensor) -> its data item
        self.ops: dict = {}  # id(grad_fn) -> its op item
        self.edges: list = []  # (tail item, head item, side?)
        self.exprs: dict = {}  # id(grad_fn) -> (text, precedence), for show_ops=False
        # id(tensor) -> whether it depends on plain data (a leaf without grad),
        # not only on parameters: that input is the one drawn in line.
        self.data_path: dict = {}

    # -- building the picture's nodes and edges ---------------------------------

    def _new(self, kind: str, obj: Any, name: str) -> _Item:
        item = _Item(kind, f"n{len(self.items)}", obj, name)
        self.items.append(item)
        return item

    def _tensor_name(self, t: Tensor) -> Optional[str]:
        name = self.namer.of(t)
        if name is not None:
            return name
        if any(t is r for r in self.roots):
            return "output"
        if t.grad_fn is None:
            return number_text(t.item()) if t.numel() == 1 else shape_text(t)
        return None

    def _source(self, t: Tensor) -> _Item:
        item = self.data.get(id(t))
        return item if item is not None else self.ops[id(t.grad_fn)]

    def _walk(self) -> None:
        for kind, obj in _postorder(self.roots):
            if kind == "f":
                self._add_op(obj)
                continue
            fn = obj.grad_fn
            if fn is None:
                self.data_path[id(obj)] = not obj.requires_grad
            else:
                self.data_path[id(obj)] = any(
                    self.data_path.get(id(x), False) for x in fn.inputs if isinstance(x, Tensor)
                )
            name = self._tensor_name(obj)
            if name is None:
                continue
            item = self._new("data", obj, name)
            self.data[id(obj)] = item
            if obj.grad_fn is not None:
                self.edges.append((self.ops[id(obj.grad_fn)], item, False))

    def _add_op(self, fn: Any) -> None:
        op = getattr(fn, "op", None) or fn.name()
        inputs = _display_inputs(op, op_inputs(fn))
        tensors = [x for x in inputs if isinstance(x, Tensor)]
        main = _main_input(tensors, self.data_path)
        consts = []
        for x in inputs:
            if not isinstance(x, Tensor):
                consts.append(self._new("const", x, number_text(x)))
        item = self._new("op", fn, OP_SYMBOLS.get(op, op))
        self.ops[id(fn)] = item
        consts.reverse()
        for x in inputs:
            if isinstance(x, Tensor):
                self.edges.append((self._source(x), item, x is not main))
            else:
                self.edges.append((consts.pop(), item, True))
        self.exprs[id(fn)] = self._expr(op, inputs)

    def _expr(self, op: str, inputs: tuple) -> tuple:
        args = []
        for x in inputs:
            if not isinstance(x, Tensor):
                args.append((number_text(x), _ATOM))
            elif id(x) in self.data:
                args.append((self.data[id(x)].name, _ATOM))
            else:
                args.append(self.exprs[id(x.grad_fn)])
        if op in _INFIX and len(args) == len(_INFIX[op][0].split("{")) - 1:
            template, prec = _INFIX[op]
            parts = []
            for i, (s, p) in enumerate(args):
                # Left-associative: the right operand needs brackets at equal precedence.
                tight = p < prec or (p == prec and i > 0) or (op == "pow" and p == prec)
                parts.append(f"({s})" if tight else s)
            text = template.format(*parts)
        else:
            text = f"{op}({', '.join(s for s, _ in args)})"
            prec = _ATOM
        if len(text) > _EXPR_CHARS:
            text = text[: _EXPR_CHARS - 1] + "…"
        return text, prec

    def _anchor_side_inputs(self) -> None:
        """Choose the side inputs that sit under their op (the picture's w, b and y).

        Only a leaf or a number used once, and not in line, is anchored. dot
        keeps a plain node under its op reliably (a flat edge drawn from the op
        orders them); a node in the Parameters box it places by the box as a
        whole, which is reliable only when every parameter is a side input, so
        otherwise parameters simply enter from the left.
        """
        uses: dict = {}
        for tail, _, side in self.edges:
            uses[id(tail)] = uses.get(id(tail), 0) + (1 if side else 2)
        for tail, head, side in self.edges:
            if (
                side
                and uses[id(tail)] == 1
                and head.kind == "op"
                and (tail.kind == "const" or (tail.kind == "data" and tail.obj.grad_fn is None))
            ):
                tail.anchor = head
        params = [it for it in self.items if it.kind == "data" and _is_param(it.obj)]
        if not all(it.anchor is not None for it in params):
            for it in params:
                it.anchor = None

    # -- DOT ---------------------------------------------------------------------

    def build(self, max_nodes: Optional[int], size: Optional[str] = None) -> C.Graph:
        self._walk()
        if self.show_ops:
            self._anchor_side_inputs()
        else:
            self._fold_ops()
        C.check_size(len(self.items), max_nodes, "")
        g = C.new_graph(
            size, rankdir="LR", newrank="true", nodesep="0.5", ranksep="0.5", fontname=_FONT
        )
        g.attr("node", fontname=_FONT, fontsize="16", width="0.75", height="0.75")
        g.attr("edge", penwidth="2", arrowsize="0.8")
        params = [it for it in self.items if it.kind == "data" and _is_param(it.obj)]
        in_box = {id(it) for it in params}
        # Declared first, the box goes under the main chain (see _anchor_side_inputs).
        if params:
            with g.subgraph(name="cluster_parameters") as c:
                c.attr(
                    label=C.html(C.text("Parameters")),
                    labelloc="b",
                    labeljust="l",
                    style="dashed",
                    fontname=_FONT,
                )
                for it in params:
                    self._node(c, it)
        for it in self.items:
            if id(it) not in in_box:
                self._node(g, it)
        for tail, head, _side in self.edges:
            if tail.anchor is head and id(tail) not in in_box:
                # Written from the op, so that dot puts the input under it (the arrow
                # still points at the op). The box's members are placed with the box.
                g.edge(head.id, tail.id, dir="back")
            else:
                g.edge(tail.id, head.id)
        for it in self.items:
            if it.anchor is not None:
                g.body.append(f"\t{{rank=same; {it.anchor.id}; {it.id}}}\n")
        return g

    def _fold_ops(self) -> None:
        """Drop op nodes: edges run from drawn inputs to the drawn tensors they make."""
        feeds: dict = {}  # id(op item) -> drawn items that reach it
        for tail, head, _ in self.edges:
            if head.kind != "op":
                continue
            got = feeds.setdefault(id(head), [])
            srcs = feeds.get(id(tail), []) if tail.kind == "op" else [tail]
            if tail.kind == "const":
                srcs = []
            for s in srcs:
                if s not in got:
                    got.append(s)
        edges = []
        for tail, head, _ in self.edges:
            if tail.kind == "op" and head.kind == "data":
                for s in feeds.get(id(tail), []):
                    edges.append((s, head, False))
        self.edges = edges
        self.items = [it for it in self.items if it.kind == "data"]

    def _node(self, g: Any, it: _Item) -> None:
        if it.kind == "op":
            small = {"fontsize": "12"} if len(it.name) > 3 else {}
            g.node(it.id, C.html(C.text(it.name)), shape="circle", **small)
        elif it.kind == "const":
            g.node(
                it.id,
                C.html(C.text(it.name)),
                shape="plaintext",
                fontsize="12",
                width="0.3",
                height="0.3",
            )
        elif self.show_values or self.show_grads or self.show_flags or not self.show_ops:
            g.node(it.id, C.html(self._table(it)), shape="plain")
        else:
            label = C.text(it.name)
            if self.show_shapes:
                label += f'<BR/><FONT POINT-SIZE="10">{C.text(shape_text(it.obj))}</FONT>'
            shape = "circle" if len(it.name) <= 3 and not self.show_shapes else "ellipse"
            g.node(it.id, C.html(label), shape=shape, width="0.75" if shape == "circle" else "1")

    def _table(self, it: _Item) -> str:
        t = it.obj
        header = it.name
        if not self.show_ops and t.grad_fn is not None:
            header = f"{it.name} = {self.exprs[id(t.grad_fn)][0]}"
        # Graphviz refuses an empty <B></B>.
        rows = [f'<TR><TD BGCOLOR="lightgrey"><B>{C.text(header) or " "}</B></TD></TR>']

        def row(s: str, bold: bool = False) -> None:
            body = C.text(s)
            if bold:
                body = f"<B>{body}</B>"
            rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{body}</TD></TR>')

        grad = t._grad
        if self.show_shapes:
            row(f"shape={shape_text(t)}")
        if self.show_values:
            row(f"data={tensor_text(t)}")
        if self.show_grads and not self.show_flags:
            row("grad=None" if grad is None else f"grad={tensor_text(grad)}")
        if self.show_flags:
            row(f"is_leaf={t.is_leaf}")
            row(f"requires_grad={t.requires_grad}")
            row(f"retains_grad={t.retains_grad}", bold=t.retains_grad)
            if grad is None:
                row("grad=None")
            else:
                row("grad=" + (tensor_text(grad) if self.show_grads else "Tensor"), bold=True)
        return (
            '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">'
            + "".join(rows)
            + "</TABLE>"
        )


def _display_inputs(op: str, inputs: tuple) -> tuple:
    """Inputs in the order a reader writes them: linear's node keeps PyTorch's
    (bias, input, weight); it is drawn as linear(input, weight, bias)."""
    if op == "linear" and len(inputs) == 3:
        bias, x, weight = inputs
        return (x, weight, bias)
    return inputs


def _is_param(t: Tensor) -> bool:
    return t.grad_fn is None and t.requires_grad


def _main_input(tensors: list, data_path: dict) -> Optional[Tensor]:
    """The input an op is drawn in line with: the one that carries the data (not only
    parameters), preferring a computed one; else a computed one; else the first."""
    for pick in (
        lambda t: t.grad_fn is not None and data_path[id(t)],
        lambda t: data_path[id(t)],
        lambda t: t.grad_fn is not None,
        lambda t: True,
    ):
        for t in tensors:
            if pick(t):
                return t
    return None
