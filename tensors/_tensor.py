"""``Tensor``: a shape and nested lists of scalar ``Value`` nodes, with PyTorch's API.

The tensor layer decides which Values combine with which (broadcasting,
matmul, reductions, views); the scalar engine does every derivative. Each
tensor op also records one ``grad_fn`` node named as PyTorch names it, for
display and for tools that walk ``next_functions``.

This module is the core: the class, leaves and results (``_from_numbers``,
``_result``). Its operators and the rest of its methods (``__init__``, ``backward``,
``register_hook``, every op) are attached by ``_tensor_methods.py``, one table,
so that nothing here imports the modules above it.

>>> import tensors as torch
>>> x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
>>> y = (x * x).sum()
>>> y.backward()
>>> x.grad
tensor([[2., 4.],
        [6., 8.]])
"""

from __future__ import annotations

import numbers
import sys
import warnings
import weakref
from typing import Any, Iterator, Optional, Sequence

from autograd_scalar import Value
from autograd_scalar.grad_mode import _mode
from autograd_scalar.value import _DEEPCOPY_NON_LEAF, _const

from . import _dtype as D
from ._function import AccumulateGrad, edge_of, node_class
from ._printing import format_tensor
from ._saved import record as record_saved
from ._shape import Size, flatten, nest, numel, wrap_dim

# Leaf Values that require grad -> the leaf tensor that owns them, so that a
# backward over Values can hand each leaf tensor its gradient.
_LEAF_OWNER: "weakref.WeakValueDictionary[int, Tensor]" = weakref.WeakValueDictionary()


# Non-leaf tensors that asked for .retain_grad().
_RETAINING: "weakref.WeakSet[Tensor]" = weakref.WeakSet()


_NONLEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead. See github.com/pytorch/pytorch/pull/30531 for more information."
)


def _warn(message: str) -> None:
    """A UserWarning attributed to the first line outside this package, as PyTorch
    attributes the warnings of its C++ code to the Python line that called it."""
    frame = sys._getframe(1)
    level = 2
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] == "tensors":
        frame = frame.f_back
        level += 1
    warnings.warn(message, UserWarning, stacklevel=level)


def _is_scalar(x: Any) -> bool:
    return isinstance(x, numbers.Number) and not isinstance(x, complex) or isinstance(x, Value)


class Tensor:
    """A tensor of scalar ``Value`` nodes, arranged in nested lists.

    Made by :func:`tensors.tensor` and the other creation functions; behaves
    like ``torch.Tensor``. ``t.values()`` gives its Values, row-major, to
    open up the graph underneath.

    >>> import tensors as torch
    >>> t = torch.ones(2, 3)
    >>> t.shape, t.dtype
    (torch.Size([2, 3]), torch.float32)
    """

    __slots__ = (
        "_data",
        "_shape",
        "dtype",
        "_requires_grad",
        "grad_fn",
        "_grad",
        "_base",
        "_base_index",
        "_acc",
        "_hooks",
        "_retains_grad",
        "_data_alias",
        "_vc",
        "name",
        "__weakref__",
    )

    # -- construction helpers (internal) ---------------------------------------

    @classmethod
    def _wrap(cls, data: Any, shape: tuple, dtype: D.dtype) -> "Tensor":
        t = object.__new__(cls)
        t._data = data
        t._shape = tuple(shape)
        t.dtype = dtype
        t._requires_grad = False
        t.grad_fn = None
        t._grad = None
        t._base = None
        t._base_index = None
        t._acc = None
        t._hooks = None
        t._retains_grad = False
        t._data_alias = False
        t._vc = [0]  # the version counter, one list shared by a tensor and its views
        t.name = None
        return t

    def _flat(self) -> list:
        return flatten(self._data, len(self._shape))

    def values(self) -> list:
        """The tensor's scalar Values in row-major order (the graph underneath).

        >>> import tensors as torch
        >>> torch.tensor([1.0, 2.0], requires_grad=True).values()
        [Value(data=1.0, grad=0.0), Value(data=2.0, grad=0.0)]
        """
        return self._flat()

    def _numbers(self) -> Any:
        """Nested Python numbers (what tolist() gives)."""
        to_py = self.dtype.to_python
        return _map_nested(lambda v: to_py(v.data), self._data, len(self._shape))

    def _shallow(self) -> "Tensor":
        """A new Tensor object with this one's elements, flags and grad_fn (for graph records).

        Its lists are new, so a later in-place write to this tensor leaves it as it was.
        """
        t = Tensor._wrap(nest(self._flat(), self._shape), self._shape, self.dtype)
        t._requires_grad = self._requires_grad
        t.grad_fn = self.grad_fn
        t._acc = self._acc
        t.name = self.name
        return t

    # -- basic attributes --------------------------------------------------------

    @property
    def shape(self) -> Size:
        """The sizes of the dimensions, as a ``torch.Size``."""
        return Size(self._shape)

    def size(self, dim: Optional[int] = None) -> Any:
        """``t.size()`` is the shape; ``t.size(d)`` the size of dimension d.

        >>> import tensors as torch
        >>> torch.zeros(2, 3).size(-1)
        3
        """
        if dim is None:
            return Size(self._shape)
        return self._shape[wrap_dim(dim, len(self._shape))]

    def dim(self) -> int:
        """Number of dimensions. ``torch.zeros(2, 3).dim() == 2``"""
        return len(self._shape)

    @property
    def ndim(self) -> int:
        """Number of dimensions (same as ``dim()``)."""
        return len(self._shape)

    def numel(self) -> int:
        """Number of elements. ``torch.zeros(2, 3).numel() == 6``"""
        return numel(self._shape)

    nelement = numel

    @property
    def device(self) -> D.device:
        """Always ``device(type='cpu')``."""
        return D.device("cpu")

    @property
    def is_cuda(self) -> bool:
        return False

    def is_floating_point(self) -> bool:
        """True for float32 and float64 tensors."""
        return self.dtype.is_floating_point

    def item(self) -> Any:
        """The single element as a Python number.

        >>> import tensors as torch
        >>> torch.tensor([2.5]).item()
        2.5
        """
        n = self.numel()
        if n != 1:
            raise RuntimeError(f"a Tensor with {n} elements cannot be converted to Scalar")
        return self.dtype.to_python(self._flat()[0].data)

    def tolist(self) -> Any:
        """Nested Python lists of numbers (a number for a 0-d tensor).

        >>> import tensors as torch
        >>> torch.eye(2).tolist()
        [[1.0, 0.0], [0.0, 1.0]]
        """
        return self._numbers()

    def __repr__(self) -> str:
        fn = self.grad_fn
        return format_tensor(
            self._numbers(),
            self._shape,
            self.dtype.name,
            requires_grad=self._requires_grad and fn is None,
            grad_fn=type(fn).__name__ if fn is not None else None,
        )

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        if self.ndim == 0:
            return self.item().__format__(spec)
        return object.__format__(self, spec)

    def __len__(self) -> int:
        if not self._shape:
            raise TypeError("len() of a 0-d tensor")
        return self._shape[0]

    def __iter__(self) -> Iterator["Tensor"]:
        if not self._shape:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __bool__(self) -> bool:
        if self.numel() == 0:
            raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
        if self.numel() != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return self._flat()[0].data != 0

    def __float__(self) -> float:
        if self.numel() != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return float(self._flat()[0].data)

    def __int__(self) -> int:
        if self.numel() != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return int(self._flat()[0].data)

    def __index__(self) -> int:
        if self.dtype.is_floating_point or self.numel() != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    __hash__ = object.__hash__

    # -- autograd attributes -------------------------------------------------------

    @property
    def requires_grad(self) -> bool:
        """Whether gradients are computed for this tensor."""
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag: bool) -> None:
        self.requires_grad_(flag)

    @property
    def _version(self) -> int:
        """How many in-place changes this tensor (or a view sharing its elements) has seen.

        >>> import tensors as torch
        >>> x = torch.zeros(2)
        >>> _ = x.add_(1)
        >>> x._version, x[0]._version
        (1, 1)
        """
        return self._vc[0]

    @property
    def is_leaf(self) -> bool:
        """True for a tensor not made by a recorded op (``grad_fn is None``)."""
        return self.grad_fn is None

    @property
    def retains_grad(self) -> bool:
        """True for a non-leaf tensor on which ``retain_grad()`` was called."""
        return self._retains_grad

    @property
    def grad(self) -> Optional["Tensor"]:
        """The accumulated gradient of a leaf (None before the first backward).

        Reading it on a non-leaf gives None and PyTorch's UserWarning, unless
        ``retain_grad()`` was called (or a ``backward(inputs=...)`` filled it).
        """
        if self.grad_fn is not None and not self._retains_grad and self._grad is None:
            warnings.warn(_NONLEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value: Optional["Tensor"]) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(
                    f"assigned grad expected to be a Tensor or None but got grad of type "
                    f"{type(value).__name__}"
                )
            if value._shape != self._shape:
                raise RuntimeError(
                    f"attempting to assign a gradient of size '{list(value._shape)}' to a tensor "
                    f"of size '{list(self._shape)}'. Please ensure that the gradient and the "
                    "tensor are the same size"
                )
        self._grad = value

    @property
    def data(self) -> "Tensor":
        """This tensor's numbers, detached from the graph; writes to it change this tensor.

        The classic update ``w.data -= lr * w.grad`` works as in PyTorch, and
        computing with ``w.data`` records nothing against ``w``.

        >>> import tensors as torch
        >>> w = torch.ones(2, requires_grad=True)
        >>> w.data -= 0.5
        >>> w
        tensor([0.5000, 0.5000], requires_grad=True)
        """
        # New constants, linked to this tensor as a view: a write goes through to
        # this tensor's own elements, while the graph never sees this tensor.
        t = _from_numbers([v.data for v in self._flat()], self._shape, self.dtype)
        t._base = self
        t._data_alias = True
        return t

    @data.setter
    def data(self, other: "Tensor") -> None:
        if other._shape != self._shape:
            # New elements of the new shape (views of the old ones keep the old ones).
            values = [Value(v.data, requires_grad=self._requires_grad) for v in other._flat()]
            self._data = nest(values, other._shape)
            self._shape = other._shape
            if self._requires_grad and self.grad_fn is None:
                _register_leaf(self)
            return
        with _no_recording():
            self.data.copy_(other)

    def _accumulate_node(self) -> AccumulateGrad:
        # The node holds the tensor; the tensor holds its node weakly (as PyTorch's
        # grad_accumulator is a weak pointer), so no cycle keeps a dropped leaf
        # alive: the graph's nodes keep the AccumulateGrad while the graph lives.
        acc = self._acc() if self._acc is not None else None
        if acc is None:
            acc = AccumulateGrad(self)
            self._acc = weakref.ref(acc)
        return acc

    def requires_grad_(self, requires_grad: bool = True) -> "Tensor":
        """Start (or stop) recording operations on this leaf tensor, in place.

        >>> import tensors as torch
        >>> torch.ones(2).requires_grad_()
        tensor([1., 1.], requires_grad=True)
        """
        if self.grad_fn is not None:
            if not requires_grad:
                raise RuntimeError(
                    "you can only change requires_grad flags of leaf variables. If you want to "
                    "use a computed variable in a subgraph that doesn't require differentiation "
                    "use var_no_grad = var.detach()."
                )
            return self
        if requires_grad and not self.dtype.is_floating_point:
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        flag = bool(requires_grad)
        for v in self._flat():
            v.requires_grad = flag
        self._requires_grad = flag
        if flag:
            _register_leaf(self)
        return self

    def retain_grad(self) -> None:
        """Keep ``.grad`` for this non-leaf tensor in later backward passes."""
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is not None and not self._retains_grad:
            self._retains_grad = True
            _RETAINING.add(self)

    def detach(self) -> "Tensor":
        """A new leaf with the same numbers, cut from the graph.

        As in PyTorch, an in-place write to the detached tensor reaches this one,
        and counts as an in-place change of this one (``_version``). Unlike
        PyTorch, the detached tensor holds a copy of the numbers: it does not see
        later in-place changes made to this tensor.

        >>> import tensors as torch
        >>> x = torch.ones(2, requires_grad=True)
        >>> d = x.detach()
        >>> d[0] = 5.
        >>> d.requires_grad, x
        (False, tensor([5., 1.], requires_grad=True))
        """
        t = self.data  # new constants whose in-place writes go through to this tensor
        t._vc = self._vc
        return t

    # -- copying and pickling -------------------------------------------------

    def __reduce_ex__(self, protocol: Any) -> tuple:
        # Numbers, shape, dtype and requires_grad travel; the graph and .grad do
        # not, so a non-leaf arrives as a leaf, as in PyTorch.
        flat = [v.data for v in self._flat()]
        return (_rebuild, (flat, tuple(self._shape), self.dtype, self._requires_grad))

    def __deepcopy__(self, memo: dict) -> "Tensor":
        """A new leaf with the same numbers, requires_grad and (copied) grad. Only
        leaves can be deep-copied, as in PyTorch.

        >>> import copy, tensors as torch
        >>> copy.deepcopy(torch.ones(2, requires_grad=True))
        tensor([1., 1.], requires_grad=True)
        """
        if self.grad_fn is not None:
            raise RuntimeError(_DEEPCOPY_NON_LEAF)
        if id(self) in memo:
            return memo[id(self)]
        out = _rebuild([v.data for v in self._flat()], self._shape, self.dtype, self._requires_grad)
        memo[id(self)] = out
        if self._grad is not None:
            out._grad = self._grad.__deepcopy__(memo)
        return out

    def detach_(self) -> "Tensor":
        """Cut this tensor from the graph, in place."""
        flat = [_const(v.data) for v in self._flat()]
        self._data = nest(flat, self._shape)
        self.grad_fn = None
        self._requires_grad = False
        return self

    def clone(self) -> "Tensor":
        """A copy whose elements are new nodes (gradients flow back to the original).

        >>> import tensors as torch
        >>> torch.ones(2, requires_grad=True).clone()
        tensor([1., 1.], grad_fn=<CloneBackward0>)
        """
        return _result(
            [v.clone() for v in self._flat()],
            self._shape,
            self.dtype,
            "CloneBackward0",
            (self,),
            op="clone",
        )

    def contiguous(self) -> "Tensor":
        """This tensor (nested lists are always 'contiguous')."""
        return self


_type_name = D.type_name


class _no_recording:
    def __enter__(self) -> None:
        self._prev = _mode.enabled
        _mode.enabled = False

    def __exit__(self, *exc: object) -> None:
        _mode.enabled = self._prev


def _register_leaf(t: Tensor) -> None:
    for v in t._flat():
        _LEAF_OWNER[id(v)] = t


def _from_numbers(
    flat: Sequence[float], shape: tuple, dtype: D.dtype, requires_grad: bool = False
) -> Tensor:
    """A leaf tensor from a flat list of numbers."""
    if requires_grad and not dtype.is_floating_point:
        raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
    cast = dtype.cast
    values = [Value(cast(x), requires_grad=requires_grad) for x in flat]
    t = Tensor._wrap(nest(values, shape), shape, dtype)
    if requires_grad:
        t._requires_grad = True
        _register_leaf(t)
    return t


def _rebuild(flat: Sequence[float], shape: tuple, dtype: D.dtype, requires_grad: bool) -> Tensor:
    """A tensor back from pickling: a leaf of these numbers (the unpickler calls this)."""
    return _from_numbers(flat, Size(shape), dtype, requires_grad)


def _result(
    flat: list,
    shape: tuple,
    dtype: D.dtype,
    name: str,
    inputs: tuple,
    op: Optional[str] = None,
    base: Optional[Tensor] = None,
    base_index: Optional[Sequence[int]] = None,
    nested: Any = None,
    edges: Optional[tuple] = None,
    graph_inputs: Optional[tuple] = None,
    **saved: Any,
) -> Tensor:
    """The output of a tensor op: nest the Values, record the grad_fn if recording.

    ``edges``: positions of the inputs that PyTorch's node has as next_functions
    (all of them by default). ``graph_inputs``: what PyTorch's node really takes
    and saves, where it differs from the op's own inputs (``F.linear`` multiplies
    by ``weight.t()``); the drawings show ``inputs``."""
    t = Tensor._wrap(nest(flat, shape) if nested is None else nested, shape, dtype)
    if base is not None:
        t._base = base
        t._base_index = base_index
        t._vc = base._vc
    if _mode.enabled:
        differentiable = inputs if edges is None else [inputs[i] for i in edges]
        for x in differentiable:
            if isinstance(x, Tensor) and x._requires_grad:
                t._requires_grad = True
                fn = node_class(name)(inputs, t, **saved)
                fn.op = op or name
                if edges is not None:
                    fn._edges = tuple(edges)
                if graph_inputs is not None:
                    fn._next = tuple(edge_of(x) for x in graph_inputs)
                record_saved(fn, inputs if graph_inputs is None else graph_inputs, t)
                t.grad_fn = fn
                break
    return t


def _map_nested(fn: Any, data: Any, ndim: int) -> Any:
    if ndim == 0:
        return fn(data)
    if ndim == 1:
        return [fn(x) for x in data]
    return [_map_nested(fn, row, ndim - 1) for row in data]


def _write_back(data: Any, flat: list, shape: tuple) -> None:
    """Copy ``flat`` into the nested lists ``data`` in place (their identity is kept,
    so row views that share them see the change)."""
    if len(shape) == 0:
        return
    if len(shape) == 1:
        data[:] = flat
        return
    step = numel(shape[1:])
    for i, row in enumerate(data):
        _write_back(row, flat[i * step : (i + 1) * step], shape[1:])
