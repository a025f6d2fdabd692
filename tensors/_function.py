"""Tensor-level ``grad_fn`` nodes, named as PyTorch names them.

The derivative arithmetic is the scalar engine's; these nodes record which
tensor op made a tensor, from which inputs, so that code that walks
``grad_fn.next_functions`` (and the graph drawings) sees PyTorch's graph.

>>> import tensors as torch
>>> x = torch.ones(2, requires_grad=True)
>>> y = x * 2
>>> y.grad_fn.name(), y.grad_fn.next_functions[0][0].name()
('MulBackward0', 'torch::autograd::AccumulateGrad')
"""

from __future__ import annotations

import weakref
from types import MappingProxyType
from typing import Any, Mapping, Optional

SECOND_TIME = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward."
)


class Node:
    """A backward node: ``name()``, ``next_functions``, ``metadata``.

    ``_inputs`` keeps the op's inputs (tensors and Python numbers) so that
    graph drawings can show data nodes; ``_output`` refers weakly to the
    tensor it made.
    """

    _name = "Node"
    # Positions of the inputs that are edges of the graph (None: all of them).
    # PyTorch leaves out inputs it never differentiates, such as a class target.
    _edges: Optional[tuple] = None
    # What the node saved for its backward (see tensors/_saved.py): whether it
    # saved anything, each saved tensor with its version, and whether a backward
    # without retain_graph has freed it.
    _has_saved = False
    _versions: tuple = ()
    _freed = False
    # Values saved by name (``_saved_dim``, ...), when the op gives any. Read-only here:
    # a node that saves values gets a dict of its own.
    _saved: Mapping = MappingProxyType({})
    # The engine's node of a ``torch.autograd.Function`` call (its grad_fn sets it).
    _hub: Any = None

    def __init__(self, inputs: tuple, output: Any = None, **saved: Any) -> None:
        self._inputs = inputs
        # Edges are bound now, as PyTorch binds them: an input changed in place
        # later gets a new grad_fn, but this node still leads to the old one.
        self._next = tuple(map(edge_of, inputs))
        self._output: Optional[weakref.ref] = weakref.ref(output) if output is not None else None
        if saved:
            self._saved = saved

    def name(self) -> str:
        """The node's class name, as PyTorch's ``grad_fn.name()`` gives it."""
        return self._name

    @property
    def next_functions(self) -> tuple:
        """One ``(node, 0)`` pair per input: its grad_fn, AccumulateGrad for a leaf
        that requires grad, or ``(None, 0)`` for an input without grad."""
        nexts = self._next
        if self._edges is not None:
            nexts = tuple(nexts[i] for i in self._edges)
        return tuple((n, 0) for n in nexts)

    @property
    def output(self) -> Any:
        """The tensor this node made, if it is still alive."""
        return self._output() if self._output is not None else None

    @property
    def inputs(self) -> tuple:
        """The op's inputs: tensors and Python numbers, in order."""
        return self._inputs

    def __getattr__(self, attr: str) -> Any:
        # PyTorch exposes saved values as _saved_self, _saved_other, ...
        if attr.startswith("_saved_") and attr[7:] in self._saved:
            if self._freed:
                raise RuntimeError(SECOND_TIME)
            return self._saved[attr[7:]]
        if attr == "metadata":
            # Made on first use: few nodes are ever asked for it, and every op makes a node.
            self.metadata = meta = {}
            return meta
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{attr}'")

    def register_hook(self, fn: Any) -> None:  # pragma: no cover - rarely used
        raise NotImplementedError(
            "hooks on grad_fn nodes are not supported; use Tensor.register_hook"
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object at {hex(id(self))}>"


class AccumulateGrad(Node):
    """The node at a leaf that requires grad: it adds incoming gradients into ``.grad``."""

    _name = "torch::autograd::AccumulateGrad"

    def __init__(self, variable: Any) -> None:
        super().__init__(())
        self.variable = variable


_classes: dict[str, type] = {}


def node_class(name: str) -> type:
    """The Node subclass for PyTorch's node ``name`` (``AddBackward0``, ...), made once.

    Nodes that PyTorch writes in C++ by hand have a qualified ``name()`` and
    a short class name, which is what a tensor's repr shows.

    >>> node_class("AddBackward0").__name__
    'AddBackward0'
    >>> cls = node_class("torch::autograd::CopySlices")
    >>> cls.__name__, cls._name
    ('CopySlices', 'torch::autograd::CopySlices')
    """
    cls = _classes.get(name)
    if cls is None:
        short = name.rsplit("::", 1)[-1]
        cls = type(short, (Node,), {"_name": name, "__doc__": f"PyTorch's {short} node."})
        _classes[name] = cls
    return cls


def edge_of(x: Any) -> Optional[Node]:
    """The node that gradient for ``x`` flows to: its grad_fn, its AccumulateGrad, or None."""
    if type(x) is float or type(x) is int:  # a number operand: no edge
        return None
    fn = getattr(x, "grad_fn", None)
    if fn is not None:
        return fn
    if getattr(x, "requires_grad", False):
        return x._accumulate_node()
    return None
