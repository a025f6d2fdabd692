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
from ._floats import Ignored
from .grad_mode import _mode
from .ops import OPS, Op

_new = object.__new__

_SUM, _MAXIMUM, _MINIMUM = OPS["sum"], OPS["maximum"], OPS["minimum"]

# How a node is stored (one object per node: the garbage collector's work grows
# with the number of tracked objects, so no tuple per node where one can be
# avoided):
#   _fn        the Op from the table, None for a leaf or a constant
#   _a, _da    first input and d out / d _a; for an n-ary op, _a is the tuple of
#              inputs and _da the tuple of their local derivatives
#   _b, _db    second input and d out / d _b (None, None for a one-input op)
#   a number   an input that is a Python number is kept as a float in the other
#              slot of its pair: _a is None and _da the number (number on the
#              left), or _b is None and _db the number. `parents` makes
#              constant Values of them only when someone asks.
#   a function a user's function (function.py) is one FunctionNode (_a the tuple
#              of inputs, _da None) and output Values with _a = (node,), _da the
#              node and _db the output's position: no local derivatives at all
#   _g         this node's gradient while a backward pass runs (engine.py)
#   _meta      None, the label (a str), or a _Meta holding label and hooks


def _number(x: Any) -> Optional[float]:
    """``x`` as a float if it is a real number, else None."""
    # Exact type checks first: the ABC check costs ten times more.
    if type(x) is float:
        return x
    if type(x) is int or isinstance(x, numbers.Real):
        # an Ignored zero is kept: a gradient times it stays +0.0 (_floats.Ignored)
        return x if type(x) is Ignored else float(x)
    return None


def _recording() -> bool:
    # Cheap while no thread has switched grad mode off (see grad_mode._GradMode).
    return not _mode.threads_off or _mode.enabled


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
    v._fn = v._a = v._da = v._b = v._db = v._g = v._meta = None
    return v


def _node(out: float, op: Op, a: Any, da: Any, b: Any, db: Any) -> "Value":
    v = _new(Value)
    v.data = out
    v.grad = 0.0
    v.requires_grad = True
    v._fn = op
    v._a = a
    v._da = da
    v._b = b
    v._db = db
    v._g = v._meta = None
    return v


def apply(op: Op, *xs: "Value") -> "Value":
    """Apply a table op to Values: forward now, local derivatives stored for backward.

    Any op of :data:`autograd_scalar.ops.OPS` can be applied this way, with
    as many inputs as its forward takes; the methods of Value (``+``,
    ``exp()``, ...) are shorthands for it.

    >>> from autograd_scalar import Value
    >>> from autograd_scalar.ops import OPS
    >>> apply(OPS["mul"], Value(2.0), Value(3.0)).data
    6.0
    """
    datas = [x.data for x in xs]
    out = op.forward(*datas)
    if _recording():
        for x in xs:
            if x.requires_grad:
                local = op.backward(out, *datas)
                if len(xs) == 1:
                    return _node(out, op, xs[0], local[0], None, None)
                if len(xs) == 2:
                    return _node(out, op, xs[0], local[0], xs[1], local[1])
                return _node(out, op, xs, tuple(local), None, None)
    return _const(out)


def _apply1(op: Op, x: "Value") -> "Value":  # the former helpers' names
    return apply(op, x)


def _apply2(op: Op, a: "Value", b: "Value") -> "Value":
    return apply(op, a, b)


# The operator methods are made by these three functions, one per shape of op,
# so that `a * b` is one Python call into the method plus the table's forward
# and derivative rule: nothing is generated from source text. The most used
# paths build the node in place rather than call _node: a call is about a
# tenth of the cost of an op.


def _unary(op: Op, doc: str = "") -> Callable[["Value"], "Value"]:
    forward, rule = op.forward, op.backward

    def method(self: "Value") -> "Value":
        x = self.data
        out = forward(x)
        if self.requires_grad and (not _mode.threads_off or _mode.enabled):
            v = _new(Value)  # _node(out, op, self, d, None, None), without the call
            v.data = out
            v.grad = 0.0
            v.requires_grad = True
            v._fn = op
            v._a = self
            (v._da,) = rule(out, x)
            v._b = v._db = v._g = v._meta = None
            return v
        return _const(out)

    method.__name__ = op.name
    method.__doc__ = doc
    return method


def _binary(op: Op) -> Callable[["Value", Any], "Value"]:
    forward, rule = op.forward, op.backward

    def method(self: "Value", other: Any) -> "Value":
        x = self.data
        if type(other) is Value:
            y = other.data
            out = forward(x, y)
            if (self.requires_grad or other.requires_grad) and (
                not _mode.threads_off or _mode.enabled
            ):
                v = _new(Value)  # _node(out, op, self, dx, other, dy), without the call
                v.data = out
                v.grad = 0.0
                v.requires_grad = True
                v._fn = op
                v._a = self
                v._b = other
                v._da, v._db = rule(out, x, y)
                v._g = v._meta = None
                return v
            return _const(out)
        y = _number(other)
        if y is None:
            return NotImplemented
        out = forward(x, y)
        if self.requires_grad and (not _mode.threads_off or _mode.enabled):
            v = _new(Value)  # _node(out, op, self, dx, None, y), without the call
            v.data = out
            v.grad = 0.0
            v.requires_grad = True
            v._fn = op
            v._a = self
            v._da = rule(out, x, y)[0]
            v._b = None
            v._db = y
            v._g = v._meta = None
            return v
        return _const(out)

    method.__name__ = f"__{op.name}__"
    return method


def _reflected(op: Op) -> Callable[["Value", Any], "Value"]:
    # `number op value`: Python calls value.__rop__(number).
    forward, rule = op.forward, op.backward

    def method(self: "Value", other: Any) -> "Value":
        x = _number(other)
        if x is None:
            return NotImplemented
        y = self.data
        out = forward(x, y)
        if self.requires_grad and (not _mode.threads_off or _mode.enabled):
            return _node(out, op, None, x, self, rule(out, x, y)[1])
        return _const(out)

    method.__name__ = f"__r{op.name}__"
    return method


class _Meta:
    """Label and hooks of a Value that has hooks (most have neither)."""

    __slots__ = ("label", "hooks")

    def __init__(self, label: str, hooks: list) -> None:
        self.label = label
        self.hooks = hooks


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

    __slots__ = ("data", "grad", "requires_grad", "_fn", "_a", "_da", "_b", "_db", "_g", "_meta")

    def __init__(self, data: float, requires_grad: bool = True, label: str = "") -> None:
        if type(data) is not float:
            if isinstance(data, (Value, complex)) or not isinstance(data, numbers.Real):
                raise TypeError(
                    "Value() expects a real number (int or float), "
                    f"got {type(data).__name__}: {data!r}"
                )
            data = float(data)
        if requires_grad is not True and requires_grad is not False:
            raise TypeError(
                "Value(data, requires_grad=True, label='') takes a bool requires_grad, got "
                f"{type(requires_grad).__name__}. micrograd's Value(data, _children, _op) "
                "signature is not supported: results are made by operations (a + b), "
                "which record their inputs and op themselves."
            )
        if not isinstance(label, str):
            raise TypeError(f"label must be a str, got {type(label).__name__}")
        self.data = data
        self.grad: Any = 0.0
        self.requires_grad = requires_grad
        self._fn: Optional[Op] = None
        self._a = self._da = self._b = self._db = self._g = None
        self._meta: Any = label or None

    # -- introspection -------------------------------------------------------

    @property
    def parents(self) -> tuple:
        """The Values this one was computed from (empty for a leaf or a constant).

        A Python number used in an op is kept in the node as a float; reading
        ``parents`` turns it into a constant Value once (the same one after).

        >>> x = Value(2.0)
        >>> [p.data for p in (x * 3).parents]
        [2.0, 3.0]
        """
        a = self._a
        if type(a) is tuple:
            return a
        if self._fn is None:
            return ()
        if a is None:  # a number on the left: from now on a constant Value
            a = self._a = _const(self._da)
            self._da = None  # a constant's derivative is never used
        b = self._b
        if b is None:
            if self._db is None:
                return (a,)
            b = self._b = _const(self._db)
            self._db = None
        return (a, b)

    _parents = parents  # the former attribute's name, for code that tests `if v._parents:`

    @property
    def op(self) -> Optional[Op]:
        """The table entry that made this Value, or None for a leaf.

        >>> (Value(1.0) + 2).op.name
        'add'
        """
        return self._fn

    @property
    def _prev(self) -> set:
        """micrograd's name: the set of this Value's inputs (read-only).

        >>> a = Value(1.0); b = a * a
        >>> b._prev == {a}
        True
        """
        return set(self.parents)

    @property
    def _op(self) -> str:
        """micrograd's name: the op's symbol as a string, ``''`` for a leaf (read-only).

        >>> (Value(1.0) + 2)._op
        '+'
        """
        fn = self._fn
        return "" if fn is None else fn.symbol

    @property
    def label(self) -> str:
        """A name for drawings and ``repr`` (``""`` if none).

        >>> Value(1.0, label="w").label
        'w'
        """
        meta = self._meta
        if meta is None:
            return ""
        return meta if type(meta) is str else meta.label

    @label.setter
    def label(self, label: str) -> None:
        meta = self._meta
        if type(meta) is _Meta:
            meta.label = label
        else:
            self._meta = label or None

    @property
    def _hooks(self) -> Optional[list]:
        # The list of hooks (the tensor layer removes its group hooks from it), or None.
        meta = self._meta
        return meta.hooks if type(meta) is _Meta else None

    @property
    def is_leaf(self) -> bool:
        """True for a Value not computed from Values that require grad, as in PyTorch.

        >>> Value(1.0).is_leaf, (Value(1.0) * 2).is_leaf
        (True, False)
        """
        return self._fn is None

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
        if self._fn is not None:
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

    # Each is the table's op, through _unary, _binary or _reflected above.
    __add__ = _binary(OPS["add"])
    __radd__ = _reflected(OPS["add"])
    __sub__ = _binary(OPS["sub"])
    __rsub__ = _reflected(OPS["sub"])
    __mul__ = _binary(OPS["mul"])
    __rmul__ = _reflected(OPS["mul"])
    __truediv__ = _binary(OPS["div"])
    __rtruediv__ = _reflected(OPS["div"])
    __pow__ = _binary(OPS["pow"])
    __rpow__ = _reflected(OPS["pow"])
    __neg__ = _unary(OPS["neg"])
    __abs__ = _unary(
        OPS["abs"], "Absolute value; its derivative at 0 is 0. ``Value(-2.0).abs().data == 2.0``"
    )

    def __pos__(self) -> "Value":
        return self

    clone = _unary(
        OPS["copy"],
        """A new node with the same data; the gradient passes through unchanged.

        >>> x = Value(2.0); y = x.clone(); y.backward(); x.grad
        1.0
        """,
    )
    exp = _unary(OPS["exp"], "e to the power of this Value. ``Value(0.0).exp().data == 1.0``")
    log = _unary(
        OPS["log"], "Natural logarithm; ``log(0)`` is ``-inf``. ``Value(1.0).log().data == 0.0``"
    )
    log1p = _unary(
        OPS["log1p"], "``log(1 + x)``, accurate for small x. ``Value(0.0).log1p().data == 0.0``"
    )
    sqrt = _unary(OPS["sqrt"], "Square root; nan below zero. ``Value(4.0).sqrt().data == 2.0``")
    sin = _unary(OPS["sin"], "Sine. ``Value(0.0).sin().data == 0.0``")
    cos = _unary(OPS["cos"], "Cosine. ``Value(0.0).cos().data == 1.0``")
    tanh = _unary(OPS["tanh"], "Hyperbolic tangent. ``Value(0.0).tanh().data == 0.0``")
    sigmoid = _unary(
        OPS["sigmoid"],
        "Logistic sigmoid ``1 / (1 + exp(-x))``. ``Value(0.0).sigmoid().data == 0.5``",
    )
    softplus = _unary(
        OPS["softplus"],
        "``log(1 + exp(x))`` (linear above 20, as PyTorch's). ``Value(0.0).softplus()``",
    )
    relu = _unary(
        OPS["relu"], "``max(x, 0)``; its derivative at 0 is 0. ``Value(-1.0).relu().data == 0.0``"
    )
    abs = __abs__
    _maximum = _binary(_MAXIMUM)
    _minimum = _binary(_MINIMUM)

    def maximum(self, other: Any) -> "Value":
        """The larger of two; a tie splits the gradient. ``Value(1.0).maximum(2.0).data``"""
        return self._maximum(_lift_or_raise(other))

    def minimum(self, other: Any) -> "Value":
        """The smaller of two; a tie splits the gradient. ``Value(1.0).minimum(2.0).data``"""
        return self._minimum(_lift_or_raise(other))

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
        if self._fn is not None and not requires_grad:
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
        meta = self._meta
        if type(meta) is not _Meta:
            meta = self._meta = _Meta(meta or "", [])
        meta.hooks.append(hook)
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
    if type(x) is Value:
        return x
    k = _number(x)
    if k is None:
        if isinstance(x, Value):
            return x
        raise TypeError(f"expected a number or a Value, got {type(x).__name__}")
    return _const(k)


def _data_of(x: Any) -> float:
    return x.data if isinstance(x, Value) else x
