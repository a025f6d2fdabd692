"""A function with a hand-written backward: the one derivative rule outside the op table.

Every op of :mod:`autograd_scalar.ops` has a local derivative per input, and
backward multiplies it by one incoming gradient. A user's function (PyTorch's
``torch.autograd.Function``) is different: its backward is a callable that
takes the gradients of *all* its outputs at once and returns one gradient per
input. :func:`function_node` builds such a function into the graph:

- one node, a :class:`FunctionNode`, has the function's inputs as its inputs;
- each output is a Value whose one input is that node.

Backward reaches every output before the node (the node is an input of all of
them), so each output hands its gradient to the node, and when the node's turn
comes its backward runs once, on the complete gradients. The engine
(``engine.py``) sees no op here either: a node whose ``_da`` is not a tuple of
local derivatives asks :meth:`FunctionNode.pass_back` what to pass on.

>>> from autograd_scalar import Value
>>> from autograd_scalar.function import function_node
>>> x, y = Value(3.0), Value(4.0)
>>> # out0 = x * y, out1 = x + y, with their derivatives written by hand:
>>> out0, out1 = function_node(
...     "MulAdd", [x, y], [x.data * y.data, x.data + y.data],
...     lambda g0, g1: [g0 * y.data + g1, g0 * x.data + g1])
>>> (out0 + 2 * out1).backward()
>>> x.grad, y.grad
(6.0, 5.0)
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from .ops import Op
from .value import Value, _const, _node, _recording


class FunctionNode(Value):
    """The node of a user's function: its inputs, and the backward that maps all
    the outputs' gradients to the inputs' gradients.

    It is a Value so that the engine and the drawings can walk through it; its
    ``data`` means nothing (the outputs hold the numbers).
    """

    __slots__ = ("backward_fn", "n_outputs", "_got", "_pass")

    def pass_back(self, node: Value, g: Any, this_pass: Any) -> Any:
        """What ``node`` (this node or one of its outputs) passes on, given its gradient ``g``.

        An output keeps ``g`` for the node (``this_pass`` tells the passes
        apart) and passes nothing of its own; the node calls the backward on
        every output's gradient (None for an output the pass did not reach) and
        passes its result to its inputs, as ``(input, gradient)`` pairs.
        """
        if node is not self:
            if self._pass is not this_pass:
                self._pass, self._got = this_pass, {}
            self._got[node._db] = g
            return ((self, 0.0),)
        got = self._got if self._pass is this_pass else {}
        self._pass = self._got = None
        grads = self.backward_fn(*[got.get(k) for k in range(self.n_outputs)])
        grads = list(grads)
        if len(grads) != len(self._a):
            raise RuntimeError(
                f"function {self._fn.name} returned an incorrect number of gradients "
                f"(expected {len(self._a)}, got {len(grads)})"
            )
        return [(p, d) for p, d in zip(self._a, grads) if d is not None]

    def __repr__(self) -> str:
        return f"FunctionNode({self._fn.name}, inputs={len(self._a)}, outputs={self.n_outputs})"


def function_node(
    name: str,
    inputs: Sequence[Value],
    outputs: Sequence[float],
    backward: Callable[..., Sequence[Any]],
) -> list:
    """Values for ``outputs``, computed by a function of ``inputs`` whose derivative
    is ``backward``.

    ``backward(g_0, ..., g_{m-1})`` gets each output's gradient (numbers, or
    Values under ``create_graph``; None for an output that the pass did not
    reach) and returns one gradient per input (a
    number, a Value, or None for none). It runs once per backward pass.

    >>> from autograd_scalar import Value
    >>> x = Value(2.0)
    >>> (cube,) = function_node("Cube", [x], [x.data ** 3], lambda g: [g * 3 * x.data ** 2])
    >>> cube.backward()
    >>> cube.data, x.grad, cube.op.name
    (8.0, 12.0, 'Cube')
    """
    inputs = tuple(inputs)
    for x in inputs:
        if not isinstance(x, Value):
            raise TypeError(f"function inputs must be Values, not {type(x).__name__}")
    if not (_recording() and any(x.requires_grad for x in inputs)):
        return [_const(float(y)) for y in outputs]
    # The outputs share the node's op, so that they are drawn and named as the function.
    hub = FunctionNode.__new__(FunctionNode)
    hub.data = 0.0
    hub.grad = 0.0
    hub.requires_grad = True
    hub._fn = Op(name, name, _no_forward, _no_rule)
    hub._a, hub._da, hub._b, hub._db, hub._g, hub._meta = inputs, None, None, None, None, None
    hub.backward_fn, hub.n_outputs, hub._got, hub._pass = backward, len(outputs), None, None
    return [_node(float(y), hub._fn, (hub,), hub, None, k) for k, y in enumerate(outputs)]


def function_inputs(v: Any) -> Any:
    """The inputs of the user's function that made ``v``, or None if a table op made it.

    >>> from autograd_scalar import Value
    >>> x = Value(1.0)
    >>> (y,) = function_node("Id", [x], [1.0], lambda g: [g])
    >>> function_inputs(y) == (x,), function_inputs(x * 2)
    (True, None)
    """
    a = getattr(v, "_a", None)  # an output's one input is the function's node
    return a[0]._a if type(a) is tuple and isinstance(a[0], FunctionNode) else None


def _no_forward(*xs: Any) -> float:
    raise TypeError("a function node's forward is the user's own, run once when it was made")


def _no_rule(out: Any, *xs: Any) -> tuple:
    raise TypeError("a function node has no local derivatives: its backward takes every output")
