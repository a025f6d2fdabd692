"""``Value``: one scalar and the operation that made it.

A Value holds a float (``data``), its gradient (``grad``), and, when it was
computed from Values that require grad, its inputs (``parents``), its op from
the table in :mod:`autograd_scalar.ops`, and the local derivatives of that op,
computed once in the forward pass.

>>> from autograd_scalar import Value
>>> a = Value(2.0, label="a")
>>> b = a * a + 1
>>> b.backward()
>>> b.data, a.grad
(5.0, 4.0)
"""

from __future__ import annotations

import numbers
from typing import Any, Callable, Iterable, Optional

from . import engine
from .grad_mode import _mode
from .ops import OPS, Op

_new = object.__new__

_ADD, _SUB, _MUL, _DIV, _POW, _NEG = (OPS[n] for n in ("add", "sub", "mul", "div", "pow", "neg"))
_SUM, _MAXIMUM, _MINIMUM = OPS["sum"], OPS["maximum"], OPS["minimum"]


_DEEPCOPY_NON_LEAF = (
    "Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
    "protocol at the moment.  If you were attempting to deepcopy a module, this may be "
    "because of a torch.nn.utils.weight_norm usage, see "
    "https://github.com/pytorch/pytorch/pull/103001"
)


def _const(x: float) -> "Value":
    """A Value that requires no grad (a constant, or a result outside recording)."""
    v = _new(Value)
    v.data = x
    v.grad = 0.0
    v.requires_grad = False
    v.label = ""
    v._parents = ()
    v._local = None
    v._op = None
    v._hooks = None
    return v


def _node(op: Op, parents: tuple, out: float, local: tuple) -> "Value":
    v = _new(Value)
    v.data = out
    v.grad = 0.0
    v.requires_grad = True
    v.label = ""
    v._parents = parents
    v._local = local
    v._op = op
    v._hooks = None
    return v


def apply(op: Op, *xs: "Value") -> "Value":
    """Apply a table op to Values: forward now, local derivatives stored for backward.

    Any op of :data:`autograd_scalar.ops.OPS` can be applied this way; the
    methods of Value (``+``, ``exp()``, ...) are shorthands for it.

    >>> from autograd_scalar import Value
    >>> from autograd_scalar.ops import OPS
    >>> apply(OPS["mul"], Value(2.0), Value(3.0)).data
    6.0
    """
    datas = [x.data for x in xs]
    out = op.forward(*datas)
    if _mode.enabled:
        for x in xs:
            if x.requires_grad:
                return _node(op, xs, out, op.backward(out, *datas))
    return _const(out)


def _apply1(op: Op, x: "Value") -> "Value":
    # apply() for one input, without the argument packing: the hot path.
    d = x.data
    out = op.forward(d)
    if x.requires_grad and _mode.enabled:
        return _node(op, (x,), out, op.backward(out, d))
    return _const(out)


def _apply2(op: Op, a: "Value", b: "Value") -> "Value":
    ad = a.data
    bd = b.data
    out = op.forward(ad, bd)
    if (a.requires_grad or b.requires_grad) and _mode.enabled:
        return _node(op, (a, b), out, op.backward(out, ad, bd))
    return _const(out)


def _lift(x: Any) -> Optional["Value"]:
    """A Value for a number; None for anything else (so Python tries the other side)."""
    if isinstance(x, Value):
        return x
    if isinstance(x, numbers.Real):
        return _const(float(x))
    return None


class Value:
    """A scalar that remembers how it was computed, so it can be differentiated.

    ``Value(data, requires_grad=True, label="")``. Numbers and Values mix on
    both sides of ``+ - * / **``; ``==`` and hashing are by identity (the graph
    keeps Values in sets and dicts), while ``<``, ``<=``, ``>``, ``>=`` compare
    ``data``.

    >>> a = Value(-4.0, label="a")
    >>> b = Value(2.0, label="b")
    >>> c = (a * b + b**3).relu()
    >>> c.backward()
    >>> c, a.grad, b.grad
    (Value(data=0.0, grad=1.0), 0.0, 0.0)
    """

    __slots__ = ("data", "grad", "requires_grad", "label", "_parents", "_local", "_op", "_hooks")

    def __init__(self, data: float, requires_grad: bool = True, label: str = "") -> None:
        if type(data) is not float:
            if isinstance(data, (Value, complex)) or not isinstance(data, numbers.Real):
                raise TypeError(
                    "Value() expects a real number (int or float), "
                    f"got {type(data).__name__}: {data!r}"
                )
            data = float(data)
        self.data = data
        self.grad: Any = 0.0
        self.requires_grad = bool(requires_grad)
        self.label = label
        self._parents: tuple = ()
        self._local: Optional[tuple] = None
        self._op: Optional[Op] = None
        self._hooks: Optional[list] = None

    # -- introspection -------------------------------------------------------

    @property
    def parents(self) -> tuple:
        """The Values this one was computed from (empty for a leaf or a constant)."""
        return self._parents

    @property
    def op(self) -> Optional[Op]:
        """The table entry that made this Value, or None for a leaf.

        >>> (Value(1.0) + 2).op.name
        'add'
        """
        return self._op

    @property
    def is_leaf(self) -> bool:
        """True for a Value not computed from Values that require grad, as in PyTorch.

        >>> Value(1.0).is_leaf, (Value(1.0) * 2).is_leaf
        (True, False)
        """
        return not self._parents

    # -- copying and pickling -------------------------------------------------

    def __reduce__(self) -> tuple:
        # The number travels, the graph does not: a computed Value arrives as a
        # leaf, as a pickled PyTorch tensor does (the op table's functions are
        # not picklable, and a deep graph would recurse).
        return (Value, (self.data, self.requires_grad, self.label))

    def __deepcopy__(self, memo: dict) -> "Value":
        """A copy of a leaf (with its grad); a computed Value refuses, as PyTorch's
        non-leaf tensors do.

        >>> import copy
        >>> copy.deepcopy(Value(2.0, label="a"))
        Value(data=2.0, grad=0.0, label='a')
        """
        if self._parents:
            raise RuntimeError(_DEEPCOPY_NON_LEAF)
        out = Value(self.data, self.requires_grad, self.label)
        out.grad = self.grad if type(self.grad) is float else 0.0
        memo[id(self)] = out
        return out

    def __repr__(self) -> str:
        extra = "" if self.requires_grad else ", requires_grad=False"
        if self.label:
            extra += f", label={self.label!r}"
        return f"Value(data={self.data!r}, grad={self.grad!r}{extra})"

    # -- arithmetic ----------------------------------------------------------

    def __add__(self, other: Any) -> "Value":
        if type(other) is not Value:
            other = _lift(other)
            if other is None:
                return NotImplemented
        return _apply2(_ADD, self, other)

    def __radd__(self, other: Any) -> "Value":
        other = _lift(other)
        return NotImplemented if other is None else _apply2(_ADD, other, self)

    def __sub__(self, other: Any) -> "Value":
        if type(other) is not Value:
            other = _lift(other)
            if other is None:
                return NotImplemented
        return _apply2(_SUB, self, other)

    def __rsub__(self, other: Any) -> "Value":
        other = _lift(other)
        return NotImplemented if other is None else _apply2(_SUB, other, self)

    def __mul__(self, other: Any) -> "Value":
        if type(other) is not Value:
            other = _lift(other)
            if other is None:
                return NotImplemented
        return _apply2(_MUL, self, other)

    def __rmul__(self, other: Any) -> "Value":
        other = _lift(other)
        return NotImplemented if other is None else _apply2(_MUL, other, self)

    def __truediv__(self, other: Any) -> "Value":
        if type(other) is not Value:
            other = _lift(other)
            if other is None:
                return NotImplemented
        return _apply2(_DIV, self, other)

    def __rtruediv__(self, other: Any) -> "Value":
        other = _lift(other)
        return NotImplemented if other is None else _apply2(_DIV, other, self)

    def __pow__(self, other: Any) -> "Value":
        if type(other) is not Value:
            other = _lift(other)
            if other is None:
                return NotImplemented
        return _apply2(_POW, self, other)

    def __rpow__(self, other: Any) -> "Value":
        other = _lift(other)
        return NotImplemented if other is None else _apply2(_POW, other, self)

    def __neg__(self) -> "Value":
        return _apply1(_NEG, self)

    def __pos__(self) -> "Value":
        return self

    def __abs__(self) -> "Value":
        return _apply1(OPS["abs"], self)

    def clone(self) -> "Value":
        """A new node with the same data; the gradient passes through unchanged.

        >>> x = Value(2.0); y = x.clone(); y.backward(); x.grad
        1.0
        """
        return _apply1(OPS["copy"], self)

    def exp(self) -> "Value":
        """e to the power of this Value. ``Value(0.0).exp().data == 1.0``"""
        return _apply1(OPS["exp"], self)

    def log(self) -> "Value":
        """Natural logarithm; ``log(0)`` is ``-inf``. ``Value(1.0).log().data == 0.0``"""
        return _apply1(OPS["log"], self)

    def log1p(self) -> "Value":
        """``log(1 + x)``, accurate for small x. ``Value(0.0).log1p().data == 0.0``"""
        return _apply1(OPS["log1p"], self)

    def sqrt(self) -> "Value":
        """Square root; nan below zero. ``Value(4.0).sqrt().data == 2.0``"""
        return _apply1(OPS["sqrt"], self)

    def sin(self) -> "Value":
        """Sine. ``Value(0.0).sin().data == 0.0``"""
        return _apply1(OPS["sin"], self)

    def cos(self) -> "Value":
        """Cosine. ``Value(0.0).cos().data == 1.0``"""
        return _apply1(OPS["cos"], self)

    def tanh(self) -> "Value":
        """Hyperbolic tangent. ``Value(0.0).tanh().data == 0.0``"""
        return _apply1(OPS["tanh"], self)

    def sigmoid(self) -> "Value":
        """Logistic sigmoid ``1 / (1 + exp(-x))``. ``Value(0.0).sigmoid().data == 0.5``"""
        return _apply1(OPS["sigmoid"], self)

    def softplus(self) -> "Value":
        """``log(1 + exp(x))`` (linear above 20, as PyTorch's). ``Value(0.0).softplus()``"""
        return _apply1(OPS["softplus"], self)

    def relu(self) -> "Value":
        """``max(x, 0)``; its derivative at 0 is 0. ``Value(-1.0).relu().data == 0.0``"""
        return _apply1(OPS["relu"], self)

    def abs(self) -> "Value":
        """Absolute value; its derivative at 0 is 0. ``Value(-2.0).abs().data == 2.0``"""
        return _apply1(OPS["abs"], self)

    def maximum(self, other: Any) -> "Value":
        """The larger of two; a tie splits the gradient. ``Value(1.0).maximum(2.0).data``"""
        return _apply2(_MAXIMUM, self, _lift_or_raise(other))

    def minimum(self, other: Any) -> "Value":
        """The smaller of two; a tie splits the gradient. ``Value(1.0).minimum(2.0).data``"""
        return _apply2(_MINIMUM, self, _lift_or_raise(other))

    # -- comparisons (by data; equality stays identity) ------------------------

    def __lt__(self, other: Any) -> bool:
        return self.data < _data_of(other)

    def __le__(self, other: Any) -> bool:
        return self.data <= _data_of(other)

    def __gt__(self, other: Any) -> bool:
        return self.data > _data_of(other)

    def __ge__(self, other: Any) -> bool:
        return self.data >= _data_of(other)

    # __eq__ and __hash__ are object's (identity), inherited rather than
    # assigned: an assigned object.__hash__ would go through a slow slot wrapper.

    def __float__(self) -> float:
        return self.data

    def __bool__(self) -> bool:
        # A Value is an object, always truthy, so `if node:` tests never
        # silently depend on its data; compare .data explicitly instead.
        return True

    # -- autograd ------------------------------------------------------------

    def backward(
        self, gradient: Any = 1.0, retain_graph: Optional[bool] = None, create_graph: bool = False
    ) -> None:
        """Compute d self / d leaf for every leaf, adding it to each leaf's ``grad``.

        Without ``retain_graph`` the saved values of the graph are freed, and a
        second backward through a node that saved values raises, as in PyTorch.

        >>> x = Value(3.0)
        >>> (x * x).backward()
        >>> x.grad
        6.0
        """
        engine.backward([self], [gradient], retain_graph, create_graph)

    def detach(self) -> "Value":
        """A new leaf with the same data that does not require grad.

        >>> Value(2.0).detach().requires_grad
        False
        """
        return Value(self.data, requires_grad=False, label=self.label)

    def requires_grad_(self, requires_grad: bool = True) -> "Value":
        """Set ``requires_grad`` on a leaf, in place; returns self.

        >>> Value(1.0, requires_grad=False).requires_grad_().requires_grad
        True
        """
        if self._parents and not requires_grad:
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to "
                "use a computed variable in a subgraph that doesn't require differentiation "
                "use var_no_grad = var.detach()."
            )
        self.requires_grad = bool(requires_grad)
        return self

    def zero_grad(self) -> "Value":
        """Set ``grad`` back to 0.0; returns self.

        >>> Value(1.0).zero_grad().grad
        0.0
        """
        self.grad = 0.0
        return self

    def register_hook(self, hook: Callable[[Any], Any]) -> Callable[[], None]:
        """Call ``hook(grad)`` when this Value's gradient is computed in a backward.

        The hook may return a replacement gradient. Returns a function that
        removes the hook (PyTorch returns a handle with ``.remove()``; the
        returned object has that method too).

        >>> x = Value(1.0)
        >>> _ = x.register_hook(lambda g: g * 10)
        >>> (x * 3).backward()
        >>> x.grad
        30.0
        """
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self._hooks is None:
            self._hooks = []
        self._hooks.append(hook)
        return _HookHandle(self, hook)

    @staticmethod
    def sum(values: Iterable[Any]) -> "Value":
        """The sum of many Values as one node (not a chain of additions).

        >>> Value.sum([Value(1.0), Value(2.0), 3]).data
        6.0
        """
        xs = [x if type(x) is Value else _lift_or_raise(x) for x in values]
        if not xs:
            return _const(0.0)
        return apply(_SUM, *xs)


class _HookHandle:
    """Removes a hook: ``handle.remove()``, or call the handle itself."""

    __slots__ = ("_value", "_hook")

    def __init__(self, value: Value, hook: Callable) -> None:
        self._value = value
        self._hook = hook

    def remove(self) -> None:
        hooks = self._value._hooks
        if hooks and self._hook in hooks:
            hooks.remove(self._hook)

    __call__ = remove


def _lift_or_raise(x: Any) -> Value:
    v = _lift(x)
    if v is None:
        raise TypeError(f"expected a number or a Value, got {type(x).__name__}")
    return v


def _data_of(x: Any) -> float:
    return x.data if isinstance(x, Value) else x
