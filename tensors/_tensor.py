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

import sys
import warnings
import weakref
from typing import Any, Iterator, Optional, Sequence

from autograd_scalar import Value
from autograd_scalar.grad_mode import _mode
from autograd_scalar.ops import OPS
from autograd_scalar.value import _const, _node

from . import _dtype as D
from ._function import AccumulateGrad, edge_of, node_class
from ._function import _classes as _node_classes
from ._printing import format_tensor
from ._saved import record as record_saved
from ._shape import Size, nest, numel, wrap_dim
from ._storage import Storage, contiguous_strides, is_contiguous, positions

# Leaf Values that require grad -> the leaf tensor that owns them, so that a
# backward over Values can hand each leaf tensor its gradient.
_LEAF_OWNER: "weakref.WeakValueDictionary[int, Tensor]" = weakref.WeakValueDictionary()

_COPY = OPS["copy"]

_new = object.__new__

# What a view's ``_own`` holds once it has been read without Values of its own
# (a storage's write count is never -1).
_READ = (-1, None)

# The version counter of every tensor no view or in-place op has reached: read-only,
# so a result allocates no counter; ``_shared_version`` gives a tensor its own list.
_UNWRITTEN = (0,)

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
        "_storage",
        "_offset",
        "_shape",
        "_stride",
        "_contig",
        "dtype",
        "_requires_grad",
        "_fn",
        "_fnv",
        "_grad",
        "_base",
        "_acc",
        "_hooks",
        "_retains_grad",
        "_detached",
        "_own",
        "_vc",
        "name",
        "__weakref__",
    )

    # -- construction helpers (internal) ---------------------------------------

    @classmethod
    def _wrap(cls, flat: list, shape: tuple, dtype: D.dtype) -> "Tensor":
        """A tensor over a new storage holding ``flat`` (row-major, not copied)."""
        # Slot writes, no constructor calls: every op's result is made here.
        t = _new(cls)
        t._storage = store = _new(Storage)
        store.cells = flat
        store.writes = store._address = 0
        if type(shape) is not tuple:
            shape = tuple(shape)
        t._shape = shape
        t._stride = contiguous_strides(shape)
        t._offset = t._fnv = 0
        t._contig = True
        t.dtype = dtype
        t._requires_grad = t._retains_grad = t._detached = False
        t._fn = t._grad = t._base = t._acc = t._hooks = t._own = t.name = None
        t._vc = _UNWRITTEN  # the version counter, shared by a tensor and its views
        return t

    def _alias(self, offset: int, shape: tuple, stride: tuple) -> "Tensor":
        """A new tensor over this one's storage (a view: same cells, same version
        counter), with no autograd record yet."""
        t = object.__new__(Tensor)
        t._storage = self._storage
        t._offset = offset
        t._shape = shape = tuple(shape)
        t._stride = stride = tuple(stride)
        t._contig = is_contiguous(shape, stride)
        t.dtype = self.dtype
        t._requires_grad = t._retains_grad = False
        t._fnv = 0
        t._fn = t._grad = t._base = t._acc = t._hooks = t._own = t.name = None
        t._detached = self._detached
        t._vc = self._shared_version()
        return t

    def _shared_version(self) -> list:
        """This tensor's version counter, as a list that a view can share."""
        vc = self._vc
        if vc is _UNWRITTEN:
            vc = self._vc = [0]
        return vc

    def _bump_version(self, changes: int = 1) -> None:
        """In-place changes, counted by this tensor and every view sharing its counter
        (never ``self._vc[0] += 1``: an unwritten tensor's counter is shared by all)."""
        self._shared_version()[0] += changes

    def _replace_cells(self, flat: list, shape: Optional[tuple] = None) -> None:
        """Hold ``flat`` (row-major) in a new storage of its own, in ``shape`` if
        given (an op's output whose Values are made after the tensor, a resize)."""
        if shape is not None:
            self._shape = tuple(shape)
        self._storage = Storage(flat)
        self._offset = 0
        self._stride = contiguous_strides(self._shape)
        self._contig = True
        self._own = None

    def _cells(self) -> list:
        """The storage cells this tensor reads, row-major (the Values themselves)."""
        cells = self._storage.cells
        o = self._offset
        if self._contig:
            return cells[o : o + numel(self._shape)]
        return [cells[o + p] for p in positions(self._shape, self._stride)]

    def _hookable(self) -> None:
        """Give a view that is about to get a hook (or ``retain_grad``) Values of its
        own: one copy node per element, over its cells. Ops that read the view
        from now on read these, so the hook sees the gradient that flows through
        the view and not what reaches the base's cells by other paths, as in
        PyTorch. A view already read keeps its cells (what was computed from it
        cannot be re-routed): its hook then sees the cells' whole gradient. The
        copies last until the storage is next written."""
        if self._base is None or self._fn is None or self._own is not None or self._detached:
            return
        own = [_node(v.data, _COPY, v, 1.0, None, None) for v in self._cells()]
        self._own = (self._storage.writes, own)

    def _cell_positions(self) -> list:
        """The storage index of each element, row-major."""
        o = self._offset
        if self._contig:
            return list(range(o, o + numel(self._shape)))
        return [o + p for p in positions(self._shape, self._stride)]

    def _flat(self) -> list:
        """The Values an op computes with, row-major: the cells; for a detached
        tensor, constants of their numbers (computing with ``x.detach()`` must
        not reach ``x``'s graph); for a view with hooks, its own Values."""
        own = self._own
        if own is not None:
            if own[0] == self._storage.writes:
                return list(own[1])
        elif self._base is not None:
            self._own = _READ  # read as it is: hooks registered later see its cells
        out = self._cells()
        if self._detached:
            return [_const(v.data) if v.requires_grad else v for v in out]
        return out

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
        return nest([to_py(v.data) for v in self._cells()], self._shape)

    def _shallow(self) -> "Tensor":
        """A new Tensor object with this one's elements, flags and grad_fn (for graph records).

        Its storage is new, so a later in-place write to this tensor leaves it as it was.
        """
        t = Tensor._wrap(self._flat(), self._shape, self.dtype)
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
    def grad_fn(self) -> Any:
        """The node that made this tensor (None for a leaf).

        A view whose storage was written in place since its node was recorded
        reads its elements from the base now: its node becomes PyTorch's
        ``AsStridedBackward0`` from the base, as PyTorch rebuilds it.
        """
        fn = self._fn
        if fn is not None and self._base is not None and self._fnv != self._vc[0]:
            multi = getattr(fn, "_multi", None)
            if multi is not None:
                raise RuntimeError(
                    _multi_output_error(
                        multi, "its base or another view of its base has been modified inplace"
                    )
                )
            if not self._detached:
                fn = node_class("AsStridedBackward0")((self._base,), self)
                fn.op = "as_strided"
            self._fn = fn
            self._fnv = self._vc[0]
        return fn

    @grad_fn.setter
    def grad_fn(self, fn: Any) -> None:
        self._fn = fn
        self._fnv = self._vc[0]

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
        if flag and self._detached:
            # A detached alias reads another tensor's cells as constants; as a leaf
            # of its own it needs Values of its own (its numbers, copied).
            values = [Value(v.data) for v in self._cells()]
            self._replace_cells(values)
            self._detached = False
            self._vc = _UNWRITTEN
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
            self._hookable()
            self._retains_grad = True
            _RETAINING.add(self)


_type_name = D.type_name


def _multi_output_error(multi: tuple, what: str) -> str:
    """PyTorch's refusal of an in-place change under a view that unbind/split made."""
    name, index = multi
    return (
        f"Output {index} of {name} is a view and {what}. This view is the output of a "
        "function that returns multiple views. Such functions do not allow the output views "
        "to be modified inplace. You should replace the inplace operation by an out-of-place "
        "one."
    )


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
    t = Tensor._wrap(values, shape, dtype)
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
    view_of: Optional[Tensor] = None,
    layout: Optional[tuple] = None,
    edges: Optional[tuple] = None,
    graph_inputs: Optional[tuple] = None,
    **saved: Any,
) -> Tensor:
    """The output of a tensor op, with its grad_fn if recording.

    ``flat``: its Values, row-major, in a new storage. Or a view: ``view_of``
    a tensor and a ``layout`` (offset, shape, stride) in that tensor's
    storage (``flat`` is None). ``edges``: positions of the inputs that
    PyTorch's node has as next_functions (all of them by default).
    ``graph_inputs``: what PyTorch's node really takes and saves, where it
    differs from the op's own inputs (``F.linear`` multiplies by
    ``weight.t()``); the drawings show ``inputs``."""
    if view_of is None:
        t = Tensor._wrap(flat, shape, dtype)
    else:
        t = view_of._alias(*layout)
        t._fnv = t._vc[0]
        t._base = view_of._base if view_of._base is not None else view_of
        if not _mode.enabled and view_of._requires_grad:
            t._detached = True  # a view made without recording computes as a constant
    if _mode.threads_off and not _mode.enabled:
        return t
    for x in inputs if edges is None else [inputs[i] for i in edges]:
        if isinstance(x, Tensor) and x._requires_grad:
            break
    else:
        return t
    t._requires_grad = True
    fn = (_node_classes.get(name) or node_class(name))(inputs, t, **saved)
    fn.op = op or name
    if edges is not None:
        fn._edges = tuple(edges)
    if graph_inputs is not None:
        fn._next = tuple(edge_of(x) for x in graph_inputs)
    record_saved(fn, inputs if graph_inputs is None else graph_inputs, t)
    t._fn = fn
    t._fnv = t._vc[0]
    return t
