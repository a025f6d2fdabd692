"""The yardstick: the least a pure-Python scalar autograd node can do.

``Node`` keeps its data, its gradient, its inputs and the local derivatives of
the op that made it (computed in the forward pass), in ``__slots__`` of the one
object (no tuple per node, so one object for the garbage collector); an op
makes its node with ``object.__new__`` and slot writes (no ``__init__`` call);
backward is an iterative depth-first topological sort reading the input slots
(no property) followed by one loop of ``input.grad += grad * local``. Nothing
else: no grad mode, no hooks, no freeing of saved values, no IEEE care, no checks.
A real engine cannot be faster than this in Python; ``engine_bench.py`` reports
every engine's time as a ratio to it.

>>> a = Node(2.0)
>>> b = a * a + 1.0
>>> b.backward()
>>> b.data, a.grad
(5.0, 4.0)
"""

from __future__ import annotations

import math
from typing import Any, Iterable

_new = object.__new__


class Node:
    """A bare scalar node: one object, its one or two inputs and their local derivatives
    in slots (``a``, ``da``, ``b``, ``db``); an n-ary sum keeps a tuple of inputs in ``a``.

    ``Node(x)`` makes a leaf; an op makes its result with ``object.__new__`` and
    slot writes (no ``__init__`` call), and backward reads the slots directly.
    """

    __slots__ = ("data", "grad", "a", "b", "da", "db")

    def __init__(self, data: float) -> None:
        self.data = data
        self.grad = 0.0
        self.a = self.b = None
        self.da = self.db = 0.0

    def __add__(self, other: Any) -> "Node":
        out = _new(Node)
        out.grad = 0.0
        out.a = self
        out.da = 1.0
        if type(other) is Node:
            out.data = self.data + other.data
            out.b = other
            out.db = 1.0
        else:
            out.data = self.data + other
            out.b = None
        return out

    __radd__ = __add__

    def __sub__(self, other: Any) -> "Node":
        out = _new(Node)
        out.grad = 0.0
        out.a = self
        out.da = 1.0
        if type(other) is Node:
            out.data = self.data - other.data
            out.b = other
            out.db = -1.0
        else:
            out.data = self.data - other
            out.b = None
        return out

    def __mul__(self, other: Any) -> "Node":
        out = _new(Node)
        out.grad = 0.0
        out.a = self
        if type(other) is Node:
            out.data = self.data * other.data
            out.da = other.data
            out.b = other
            out.db = self.data
        else:
            out.data = self.data * other
            out.da = other
            out.b = None
        return out

    __rmul__ = __mul__

    def __pow__(self, k: float) -> "Node":
        out = _new(Node)
        out.data = self.data**k
        out.grad = 0.0
        out.a = self
        out.da = k * self.data ** (k - 1)
        out.b = None
        return out

    def tanh(self) -> "Node":
        t = math.tanh(self.data)
        out = _new(Node)
        out.data = t
        out.grad = 0.0
        out.a = self
        out.da = 1.0 - t * t
        out.b = None
        return out

    @staticmethod
    def sum(xs: Iterable["Node"]) -> "Node":
        xs = tuple(xs)
        out = _new(Node)
        out.data = math.fsum([x.data for x in xs])
        out.grad = 0.0
        out.a = xs
        out.b = None
        return out

    @property
    def inputs(self) -> tuple:
        """The node's inputs (for counting; backward reads the slots)."""
        a = self.a
        if a is None:
            return ()
        if type(a) is tuple:
            return a
        return (a,) if self.b is None else (a, self.b)

    def backward(self) -> None:
        # Depth-first post-order, iterative: a node goes into `order` after its inputs.
        order = []
        seen = set()
        stack = [(self, False)]
        push = stack.append
        while stack:
            v, expanded = stack.pop()
            if expanded:
                order.append(v)
                continue
            if v in seen:
                continue
            seen.add(v)
            push((v, True))
            a = v.a
            if a is None:
                continue
            if type(a) is tuple:
                for p in a:
                    if p not in seen:
                        push((p, False))
            else:
                if a not in seen:
                    push((a, False))
                b = v.b
                if b is not None and b not in seen:
                    push((b, False))
        self.grad = 1.0
        for v in reversed(order):
            a = v.a
            if a is None:
                continue
            g = v.grad
            if type(a) is tuple:  # a sum: every local derivative is 1
                for p in a:
                    p.grad += g
            else:
                a.grad += g * v.da
                b = v.b
                if b is not None:
                    b.grad += g * v.db
