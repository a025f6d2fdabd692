"""The yardstick: the least a pure-Python scalar autograd node can do.

``Node`` keeps its data, its gradient, its inputs and the local derivatives of
the op that made it (computed in the forward pass), in ``__slots__`` of the one
object (no tuple per node, so one object for the garbage collector); backward
is an iterative depth-first topological sort followed by one loop of
``input.grad += grad * local``. Nothing else: no grad mode, no hooks, no
freeing of saved values, no IEEE care, no checks. A real engine cannot be
faster than this in Python; ``engine_bench.py`` reports every engine's time as
a ratio to it.

>>> a = Node(2.0)
>>> b = a * a + 1.0
>>> b.backward()
>>> b.data, a.grad
(5.0, 4.0)
"""

from __future__ import annotations

import math
from typing import Any, Iterable


class Node:
    """A bare scalar node: one object, its one or two inputs and their local derivatives
    in slots (``a``, ``da``, ``b``, ``db``); an n-ary sum keeps a tuple of inputs in ``a``."""

    __slots__ = ("data", "grad", "a", "b", "da", "db")

    def __init__(self, data: float, a: Any = None, da: float = 0.0, b: Any = None, db: float = 0.0):
        self.data = data
        self.grad = 0.0
        self.a = a
        self.da = da
        self.b = b
        self.db = db

    def __add__(self, other: Any) -> "Node":
        if type(other) is Node:
            return Node(self.data + other.data, self, 1.0, other, 1.0)
        return Node(self.data + other, self, 1.0)

    __radd__ = __add__

    def __sub__(self, other: Any) -> "Node":
        if type(other) is Node:
            return Node(self.data - other.data, self, 1.0, other, -1.0)
        return Node(self.data - other, self, 1.0)

    def __mul__(self, other: Any) -> "Node":
        if type(other) is Node:
            return Node(self.data * other.data, self, other.data, other, self.data)
        return Node(self.data * other, self, other)

    __rmul__ = __mul__

    def __pow__(self, k: float) -> "Node":
        return Node(self.data**k, self, k * self.data ** (k - 1))

    def tanh(self) -> "Node":
        t = math.tanh(self.data)
        return Node(t, self, 1.0 - t * t)

    @staticmethod
    def sum(xs: Iterable["Node"]) -> "Node":
        xs = tuple(xs)
        return Node(math.fsum([x.data for x in xs]), xs)

    @property
    def inputs(self) -> tuple:
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
        while stack:
            v, expanded = stack.pop()
            if expanded:
                order.append(v)
            elif v not in seen:
                seen.add(v)
                stack.append((v, True))
                for p in v.inputs:
                    if p not in seen:
                        stack.append((p, False))
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
                if v.b is not None:
                    v.b.grad += g * v.db
