"""The Value view, ``viz.draw_values(v)``: every scalar and every scalar op, as micrograd draws it.

One record per Value (label, data, grad) and one small node per op. For
tensors, the Values that one tensor op made sit in a labelled box, so a
learner sees how ``matmul(x, w) + b`` expands into multiplies and sums.
A node of the table's ``dot`` row (what matrix products make: ``x . y + c``
in one node, for speed) is drawn as the graph it stands for: its k products,
made for the picture only, and a sum.

>>> from autograd_scalar import Value
>>> import viz
>>> a = Value(2.0, label="a")
>>> b = Value(-3.0, label="b")
>>> c = a * b
>>> c.backward()
>>> graph = viz.draw_values(c)
>>> [line.strip() for line in graph.source.splitlines() if "->" in line]
['o2 -> v2', 'v0 -> o2', 'v1 -> o2']
>>> "<TD>grad -3.0000</TD>" in graph.source   # a's gradient, b
True
"""

from __future__ import annotations

import sys
from typing import Any, Optional, Sequence, Union

from autograd_scalar import Value
from autograd_scalar.function import function_inputs
from autograd_scalar.ops import OPS
from tensors import Tensor
from tensors._function import AccumulateGrad
from tensors._graph import grad_fn_nodes

from . import _common as C
from ._format import number_text, shape_text
from ._inputs import op_inputs
from ._names import Names, NamesArg, caller_namespaces

__all__ = ["ValueGraph", "draw_values"]

_FONT = "Helvetica"
# A whole layer (a convolution's every output) is thousands of Values: say how to see
# one output element's receptive field, which is what the Value view is for.
_HINT = (
    "draw the tensor view with viz.draw(...) instead; for a whole layer such as a "
    "convolution, draw one output element, e.g. viz.draw_values(out[0, 0, 0, 0]) shows "
    "one output pixel's receptive field; or "
)

Root = Union[Value, Tensor, Sequence[Union[Value, Tensor]]]


def draw_values(
    root: Root,
    names: NamesArg = None,
    *,
    group: bool = True,
    max_nodes: Optional[int] = 500,
    size: C.Size = None,
    stacked: bool = False,
) -> C.Graph:
    """Every scalar behind ``root`` (a Value, a tensor, or a list of them) and every op.

    Values made by one tensor op are boxed together and labelled with the op
    (``group=False`` leaves the boxes out). More than ``max_nodes`` drawn nodes
    raise :class:`viz.GraphTooLargeError` before anything is drawn. ``size``
    is the width to fit, in inches (``size=9`` fits a 1,000-pixel page), or a
    Graphviz size string; ``stacked=True`` puts each record's label, data and
    grad one above the other, which makes a long chain much narrower.

    >>> import tensors as torch
    >>> import viz
    >>> x = torch.ones(2)
    >>> w = torch.ones(2, 2, requires_grad=True)
    >>> y = torch.matmul(x, w).sum()
    >>> graph = viz.draw_values(y)
    >>> "matmul(x, w)" in graph.source
    True
    """
    frame = sys._getframe(1)
    try:
        namer = Names(names, *caller_namespaces(frame))
    finally:
        del frame
    vg = ValueGraph(root, namer, group=group, max_nodes=max_nodes)
    return vg.render(size=size, stacked=stacked)


def _split_roots(root: Root) -> tuple:
    items = [root] if not isinstance(root, (list, tuple)) else root
    tensors, values = [], []
    for r in items:
        if isinstance(r, Tensor):
            tensors.append(r)
            values.extend(r.values())
        elif isinstance(r, Value):
            values.append(r)
        else:
            raise TypeError(f"expected a Value or a tensor, got {type(r).__name__}")
    return C.unique(tensors), C.unique(values)


_DOT, _MUL, _SUM = OPS["dot"], OPS["mul"], OPS["sum"]


class _Product:
    """One product ``x_i * y_i`` of a dot node, made for the picture only.

    It shows what the dot node computed: the rounded product (the dot node's
    sum adds exactly these floats), and the dot node's gradient (d sum /
    d product is 1).
    """

    __slots__ = ("parents", "dot", "data", "requires_grad")
    op = _MUL
    label = ""

    def __init__(self, x: Value, y: Value, dot: Value) -> None:
        self.parents = (x, y)
        self.dot = dot
        self.data = x.data * y.data
        self.requires_grad = x.requires_grad or y.requires_grad

    @property
    def grad(self) -> Any:
        return self.dot.grad


def drawn_op(v: Any) -> Any:
    """The op the picture draws for ``v``: a dot node is drawn as a sum (of its products)."""
    return _SUM if v.op is _DOT else v.op


def _function_node(v: Any) -> Any:
    """The node of the user's Function that made ``v``, or None."""
    if function_inputs(v) is None:
        return None
    return v._a[0]


def _shown(v: Any, products: dict) -> tuple:
    """The op and inputs the picture draws for ``v``: a dot node as a sum of products
    (made once, kept in ``products`` by the dot node's id)."""
    if v.op is not _DOT:
        inputs = function_inputs(v)  # a user's function: drawn from its own inputs
        return v.op, v.parents if inputs is None else inputs
    made = products.get(id(v))
    if made is None:
        xs = v.parents
        k = len(xs) // 2
        made = products[id(v)] = [_Product(x, y, v) for x, y in zip(xs[:k], xs[k : 2 * k])]
        made += xs[2 * k :]  # the added constant c, if any
    return _SUM, tuple(made)


def _postorder_values(roots: list, products: dict) -> list:
    """Every Value behind ``roots`` (constants included), each after its inputs, as the
    picture shows them (dot nodes expanded into ``products``). Iterative."""
    seen: set = set()
    out: list = []
    for r in roots:
        if id(r) in seen:
            continue
        seen.add(id(r))
        stack = [(r, iter(_shown(r, products)[1]))]
        while stack:
            v, it = stack[-1]
            for p in it:
                if id(p) not in seen:
                    seen.add(id(p))
                    stack.append((p, iter(_shown(p, products)[1])))
                    break
            else:
                stack.pop()
                out.append(v)
    return out


def _index_text(shape: tuple, k: int) -> str:
    idx = []
    for size in reversed(shape):
        idx.append(k % size)
        k //= size
    return "[" + ",".join(str(i) for i in reversed(idx)) + "]"


class ValueGraph:
    """The scalar graph behind some Values or tensors, ready to render (also per step).

    >>> from autograd_scalar import Value
    >>> a = Value(1.0, label="a")
    >>> vg = ValueGraph(a * 2 + a, Names(None))
    >>> vg.node_count()   # a, 2, a * 2, a * 2 + a, and two ops
    6
    """

    def __init__(
        self,
        root: Root,
        namer: Names,
        group: bool = True,
        max_nodes: Optional[int] = None,
        keep: Optional[set] = None,
        products: Optional[dict] = None,
    ) -> None:
        self.tensor_roots, self.roots = _split_roots(root)
        self.namer = namer
        # id(dot node) -> its _Products and its c; shared with a caller that
        # walked the same picture (explain_gradient's paths go through products).
        self._products: dict = {} if products is None else products
        self.values = _postorder_values(self.roots, self._products)
        if keep is not None:
            # A focused picture: only these Values (ids), e.g. the paths to one leaf.
            self.values = [v for v in self.values if id(v) in keep]
        self.check(max_nodes)
        self.index = {id(v): i for i, v in enumerate(self.values)}
        self.labels: dict = {}
        self.clusters: list = []  # (label, style, [indices])
        self._lit: set = set()  # ids of Values the picture being drawn highlights
        self._grad_cell = "<TD>"
        self._stacked = False
        self._label_values()
        if group and self.tensor_roots:
            self._group()

    def node_count(self) -> int:
        """Records plus op nodes: what the picture would hold."""
        return len(self.values) + sum(1 for v in self.values if v.op is not None)

    def shown(self, v: Any) -> tuple:
        """The op and inputs drawn for ``v``: a dot node's are a sum and its products."""
        return _shown(v, self._products)

    def name(self, v: Value) -> Optional[str]:
        """The Value's name in the picture (``w[0,0]``), if it has one."""
        return self.labels.get(id(v))

    def what(self) -> str:
        """What the picture shows, for its text summary: "the Value view of loss"."""
        names = [self.namer.of(t) for t in self.tensor_roots]
        names += [self.labels.get(id(v)) for v in self.roots] if not names else []
        names = [n for n in names if n]
        return "the Value view" + (f" of {', '.join(names)}" if names else "")

    def check(self, max_nodes: Optional[int]) -> None:
        """Raise :class:`viz.GraphTooLargeError` if the picture would be too large."""
        C.check_size(self.node_count(), max_nodes, _HINT)
        # An output of a user's function is drawn from every input of the function.
        edges = sum(len(function_inputs(v) or ()) for v in self.values)
        if max_nodes is not None and edges > 4 * max_nodes:
            raise C.GraphTooLargeError(
                f"the graph's autograd.Function outputs are each drawn from every input of "
                f"their function: {edges} edges, too many to read; draw one output "
                "(viz.draw_values(y[0])) or the tensor view (viz.draw(...)), or pass "
                "max_nodes=None to draw it anyway"
            )

    # -- labels and groups ---------------------------------------------------------

    def _tensors(self) -> list:
        """Tensors around the Values (for names and boxes): outputs and inputs of every
        grad_fn node behind the tensor roots, roots first."""
        seen: list = list(self.tensor_roots)
        for fn in grad_fn_nodes(self.tensor_roots):
            if isinstance(fn, AccumulateGrad):
                seen.append(fn.variable)
                continue
            out = fn.output
            if out is not None:
                seen.append(out)
            seen.extend(x for x in fn.inputs if isinstance(x, Tensor))
        return C.unique(seen)

    def _label_values(self) -> None:
        for v in self.values:
            name = v.label or self.namer.of(v)
            if name:
                self.labels[id(v)] = name
        for t in self._tensors():
            name = self.namer.of(t)
            if name is None:
                continue
            shape = tuple(t.shape)
            for k, v in enumerate(t.values()):
                if id(v) in self.index and id(v) not in self.labels:
                    self.labels[id(v)] = name if not shape else name + _index_text(shape, k)

    def _arg(self, x: Any) -> str:
        if not isinstance(x, Tensor):
            return number_text(x)
        return self.namer.of(x) or "·"

    def _group(self) -> None:
        owner: dict = {}
        fns = [fn for fn in grad_fn_nodes(self.tensor_roots) if not isinstance(fn, AccumulateGrad)]
        # An in-place write (setitem, CopySlices) puts into its tensor Values other ops
        # made: the op that made the tensor first (clone) must not claim those.
        written: dict = {}
        for fn in fns:
            out = fn.output
            if getattr(fn, "op", None) == "setitem" and out is not None:
                for x in fn.inputs[1:]:
                    if isinstance(x, Tensor):
                        written.setdefault(id(out), set()).update(id(v) for v in x.values())
        # Consumers first: each op claims the Values reachable from its output
        # without passing through its inputs' Values, i.e. exactly the ones it made.
        for fn in fns:
            out = fn.output
            if out is None:
                continue
            stop = {id(v) for x in fn.inputs if isinstance(x, Tensor) for v in x.values()}
            if getattr(fn, "op", None) != "setitem":
                stop |= written.get(id(out), set())
            members = []
            stack = [v for v in out.values() if id(v) not in stop]
            while stack:
                v = stack.pop()
                if id(v) in owner or id(v) in stop or id(v) not in self.index:
                    continue
                owner[id(v)] = fn
                members.append(self.index[id(v)])
                stack.extend(self.shown(v)[1])
            if members:
                op = getattr(fn, "op", None) or fn.name()
                label = f"{op}({', '.join(self._arg(x) for x in op_inputs(fn))})"
                name = self.namer.of(out)
                if name is not None:
                    label = f"{name} = {label}"
                self.clusters.append((label, "op", sorted(members)))
        for t in self._tensors():
            if t.grad_fn is not None:
                continue
            members = [
                self.index[id(v)] for v in t.values() if id(v) in self.index and id(v) not in owner
            ]
            for v in t.values():
                owner.setdefault(id(v), t)
            if members:
                label = self.namer.of(t) or shape_text(t)
                self.clusters.append((label, "leaf", sorted(set(members))))
        self.clusters.sort(key=lambda c: c[2][0])

    # -- DOT -------------------------------------------------------------------------

    def render(
        self,
        grads: Optional[dict] = None,
        current: Optional[Value] = None,
        done: Optional[set] = None,
        size: C.Size = None,
        marked: Optional[dict] = None,
        lit: Optional[set] = None,
        rankdir: str = "LR",
        grad_width: Optional[int] = None,
        stacked: bool = False,
    ) -> C.Graph:
        """The picture. With ``grads`` (id(Value) -> gradient so far), those are shown
        instead of ``.grad`` ("?" where none has arrived yet); ``current`` is
        highlighted and ``done`` (ids) are the Values whose gradient is complete.
        ``marked`` maps edges ``(id(consumer), input position)`` to a label: they
        are drawn red and labelled; ``lit`` (ids) are Values drawn highlighted.
        ``grad_width`` (points) gives every gradient cell one width, so frames
        of a step-through share one layout; ``stacked`` puts a record's label, data
        and grad one above the other (narrower)."""
        g = C.new_graph(size, rankdir=rankdir, fontname=_FONT)
        g.what = self.what()
        g.attr("node", fontname=_FONT, fontsize="12")
        if marked:
            g.attr("edge", fontname=_FONT, fontsize="12")
        in_cluster: dict = {}
        for ci, cluster in enumerate(self.clusters):
            for i in cluster[2]:
                in_cluster[i] = ci
        self._lit = lit or set()
        self._function_ids: dict = {}  # id(FunctionNode) -> its one op node's name
        self._functions_drawn: set = set()
        marked = marked or {}
        self._stacked = stacked
        self._grad_cell = f'<TD WIDTH="{grad_width}">' if grad_width else "<TD>"
        for ci, (label, style, members) in enumerate(self.clusters):
            with g.subgraph(name=f"cluster_{ci}") as c:
                attrs = {"label": C.html(C.text(label)), "labeljust": "l", "fontname": _FONT}
                if style == "op":
                    attrs.update(style="rounded,filled", fillcolor="#f2f2f2", color="#bbbbbb")
                else:
                    attrs.update(style="dashed", color="#888888")
                c.attr(**attrs)
                for i in members:
                    self._nodes(c, i, grads, current, done)
        for i in range(len(self.values)):
            if i not in in_cluster:
                self._nodes(g, i, grads, current, done)
        drawn_functions: set = set()
        for i, v in enumerate(self.values):
            if v.op is None:
                continue
            hot = current is v or (type(v) is _Product and current is v.dot)
            target = f"o{i}"
            node = _function_node(v)
            if node is not None:
                # A user's Function is one node: its inputs' edges are drawn once.
                hot = hot or current is node
                target = self._function_ids[id(node)]
                if id(node) in drawn_functions:
                    continue
                drawn_functions.add(id(node))
            for k, p in enumerate(self.shown(v)[1]):
                if id(p) not in self.index:
                    continue  # left out of a focused picture
                # A red edge carries a gradient back, from the op to its input: the
                # arrowhead at the input (dir=back), against the black forward arrows.
                attrs = {"color": "red", "penwidth": "2", "dir": "back"} if hot else {}
                mark = marked.get((id(v), k))
                if mark is not None:
                    attrs = {"color": "red", "penwidth": "2.5", "fontcolor": "red", "dir": "back"}
                    attrs["label"] = C.html(C.text(mark))
                g.edge(f"v{self.index[id(p)]}", target, **attrs)
        g.current = current
        return g

    def _nodes(
        self,
        g: Any,
        i: int,
        grads: Optional[dict],
        current: Optional[Value],
        done: Optional[set],
    ) -> None:
        v = self.values[i]
        key = id(v.dot) if type(v) is _Product else id(v)  # a product shows its dot's grad
        cells = []
        label = self.labels.get(id(v))
        if label:
            cells.append(f"<TD>{C.text(label)}</TD>")
        cells.append(f"<TD>data {C.fmt(v.data)}</TD>")
        if not v.requires_grad:
            pass  # a constant: no gradient flows into it (PyTorch's grad is None)
        elif grads is None:
            cells.append(f"<TD>grad {C.fmt(v.grad)}</TD>")
        elif key in grads:
            text = f"grad {C.fmt(grads[key])}"
            bold = done is not None and key in done
            cells.append(
                f"{self._grad_cell}<B>{text}</B></TD>" if bold else f"{self._grad_cell}{text}</TD>"
            )
        else:
            cells.append(f'{self._grad_cell}<FONT COLOR="#999999">grad ?</FONT></TD>')
        lit = current is v or id(v) in self._lit
        if type(v) is _Product:
            lit = lit or current is v.dot
        op = self.shown(v)[0]
        attrs = ' BGCOLOR="#ffe680"' if lit else ""
        # Stacked (one cell a row) is narrower: left to right, a wide graph's width is
        # the sum of its records' widths.
        rows = (
            "".join(f"<TR>{c}</TR>" for c in cells)
            if self._stacked
            else f"<TR>{''.join(cells)}</TR>"
        )
        table = (
            f'<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3"{attrs}>'
            f"{rows}</TABLE>"
        )
        g.node(f"v{i}", C.html(table), shape="plain")
        node = _function_node(v)
        if node is not None:
            name = self._function_ids.setdefault(id(node), f"f{len(self._function_ids)}")
            if id(node) not in self._functions_drawn:
                self._functions_drawn.add(id(node))
                extra = {"style": "filled", "fillcolor": "#ffe680"} if current is node else {}
                g.node(name, C.html(C.text(op.symbol)), shape="ellipse", fontsize="10", **extra)
            g.edge(name, f"v{i}")
        elif op is not None:
            extra = {"style": "filled", "fillcolor": "#ffe680"} if lit else {}
            if len(op.symbol) > 2:
                extra["fontsize"] = "10"
            g.node(
                f"o{i}",
                C.html(C.text(op.symbol)),
                # A long name (softplus, a user's function) in a circle makes a big one.
                shape="circle" if len(op.symbol) <= 5 else "ellipse",
                width="0.3",
                height="0.3",
                margin="0.02",
                **extra,
            )
            g.edge(f"o{i}", f"v{i}")
