"""What a tensor says of its storage, and how it is copied whole.

``stride()``, ``storage_offset()``, ``is_contiguous()``, ``contiguous()``,
``data_ptr()``, ``untyped_storage()`` and ``element_size()`` answer as
PyTorch's do (``tensors/_storage.py`` has the arithmetic). Pickling writes
each storage once, however many tensors view it, so views saved together
load as views of one storage; ``copy.deepcopy`` keeps sharing within one
call (its memo) and copies ``.grad``. These are attached to ``Tensor`` by
``_tensor_methods.py``.

>>> import tensors as torch
>>> x = torch.arange(6.).reshape(2, 3)
>>> x.t().stride(), x.t().is_contiguous(), x[1].storage_offset()
((1, 3), False, 3)
"""

from __future__ import annotations

import weakref
from typing import Any, Optional

from autograd_scalar import Value
from autograd_scalar.grad_mode import _mode
from autograd_scalar.value import _DEEPCOPY_NON_LEAF, _const

from . import _dtype as D
from . import _layout as L
from . import _storage as S
from ._shape import Size, wrap_dim
from ._storage import Storage, extent
from ._tensor import _UNWRITTEN, Tensor, _register_leaf, _result


class _no_recording:
    def __enter__(self) -> None:
        self._prev = _mode.enabled
        _mode.enabled = False

    def __exit__(self, *exc: object) -> None:
        _mode.enabled = self._prev


def data(self: Tensor) -> Tensor:
    """This tensor's numbers, detached from the graph; writes to it change this tensor.

    The classic update ``w.data -= lr * w.grad`` works as in PyTorch, and
    computing with ``w.data`` records nothing against ``w``.

    >>> import tensors as torch
    >>> w = torch.ones(2, requires_grad=True)
    >>> w.data -= 0.5
    >>> w
    tensor([0.5000, 0.5000], requires_grad=True)
    """
    # The same storage, read as constants: a write goes to this tensor's cells,
    # while computing with it never reaches this tensor's graph. Its version
    # counter is its own, as in PyTorch.
    t = self._alias(self._offset, self._shape, self._stride)
    t._detached = True
    t._vc = _UNWRITTEN
    return t

def set_data(self: Tensor, other: Tensor) -> None:
    """``t.data = other``: this tensor takes ``other``'s numbers (and shape)."""
    if other._shape != self._shape:
        # New elements of the new shape (views of the old ones keep the old ones).
        values = [Value(v.data, requires_grad=self._requires_grad) for v in other._flat()]
        self._replace_cells(values, other._shape)
        if self._requires_grad and self.grad_fn is None:
            _register_leaf(self)
        return
    with _no_recording():
        self.data.copy_(other)


def detach(self: Tensor) -> Tensor:
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
    t = self._alias(self._offset, self._shape, self._stride)
    t._detached = True
    return t


def detach_(self: Tensor) -> Tensor:
    """Cut this tensor from the graph, in place (it keeps sharing its storage
    with its views, read as constants from now on).

    >>> import tensors as torch
    >>> y = torch.ones(2, requires_grad=True) * 2
    >>> y.detach_()
    tensor([2., 2.])
    """
    self.grad_fn = None
    self._requires_grad = False
    self._detached = True
    self._own = None
    return self

def clone(self: Tensor) -> Tensor:
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


def reduce_ex(self: Tensor, protocol: Any) -> tuple:
    # The storage's numbers (one record per storage, so views pickled together
    # arrive as views of one storage), the layout, dtype and requires_grad
    # travel; the graph and .grad do not, so a non-leaf arrives as a leaf, as
    # in PyTorch.
    record = _StorageRecord.of(self._storage)
    layout = (self._offset, tuple(self._shape), tuple(self._stride))
    return (_rebuild_view, (record, layout, self.dtype, self._requires_grad))

def deepcopy(self: Tensor, memo: dict) -> Tensor:
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
    # Tensors that share a storage share the copy of it (the memo), as in PyTorch.
    key = ("storage", id(self._storage))
    storage = memo.get(key)
    if storage is None:
        storage = memo[key] = Storage([_const(v.data) for v in self._storage.cells])
        memo.setdefault("_kept", []).append(self._storage)  # ids stay unique meanwhile
    out = _on_storage(storage, self._offset, self._shape, self._stride, self.dtype)
    if self._requires_grad:
        out.requires_grad_()
    out._detached = self._detached and not self._requires_grad
    memo[id(self)] = out
    if self._grad is not None:
        out._grad = self._grad.__deepcopy__(memo)
    return out


def contiguous(self: Tensor) -> Tensor:
    """This tensor if its elements already sit row-major in its storage, else
    a row-major copy (``CloneBackward0``), as in PyTorch.

    >>> import tensors as torch
    >>> t = torch.ones(2, 3).t()
    >>> t.is_contiguous(), t.contiguous().is_contiguous()
    (False, True)
    """
    if self._contig:
        return self
    return self.clone()

# -- the storage underneath ---------------------------------------------------

def stride(self: Tensor, dim: Optional[int] = None) -> Any:
    """How many storage cells one step along each dimension moves.

    >>> import tensors as torch
    >>> torch.zeros(2, 3).stride(), torch.zeros(2, 3).t().stride()
    ((3, 1), (1, 3))
    """
    if dim is None:
        return tuple(self._stride)
    return self._stride[wrap_dim(dim, len(self._shape))]

def storage_offset(self: Tensor) -> int:
    """The storage cell of the first element.

    >>> import tensors as torch
    >>> torch.arange(5.)[2:].storage_offset()
    2
    """
    return self._offset

def is_contiguous(self: Tensor, memory_format: Any = None) -> bool:
    """True when the elements sit row-major in the storage (PyTorch's rule).

    >>> import tensors as torch
    >>> torch.zeros(2, 3).is_contiguous(), torch.zeros(2, 3).t().is_contiguous()
    (True, False)
    """
    if memory_format in (None, L.contiguous_format, L.preserve_format):
        return self._contig
    L.check_memory_format("is_contiguous", memory_format)
    if self.ndim != (4 if memory_format is L.channels_last else 5):
        return False
    want = L.strides_for(memory_format, self._shape, self._stride)
    return all(n == 1 or a == b for n, a, b in zip(self._shape, self._stride, want))


def restride(t: Tensor, stride: tuple) -> Tensor:
    """Lay a new tensor's elements out with ``stride`` in a storage of its own
    (the same Values, row-major order unchanged), and return it.

    >>> import tensors as torch
    >>> restride(torch.arange(6.).reshape(2, 3), (1, 2)).stride()
    (1, 2)
    """
    stride = tuple(stride)
    if stride == t._stride:
        return t
    flat = t._cells()
    cells: list = [None] * S.extent(0, t._shape, stride)
    for p, v in zip(S.positions(t._shape, stride), flat):
        cells[p] = v
    for i, c in enumerate(cells):
        if c is None:  # cells no element reads (empty_strided's gaps)
            cells[i] = _const(0.0)
    t._storage = Storage(cells)
    t._offset = 0
    t._stride = stride
    t._contig = S.is_contiguous(t._shape, stride)
    t._own = None
    return t


def element_size(self: Tensor) -> int:
    """Bytes per element, as PyTorch counts them. ``torch.zeros(1).element_size() == 4``"""
    return self.dtype.itemsize

def data_ptr(self: Tensor) -> int:
    """The address of the first element: equal for two tensors that start at
    the same cell of one storage (the address itself is made up).

    >>> import tensors as torch
    >>> x = torch.arange(4.)
    >>> x[1:].data_ptr() - x.data_ptr()
    4
    """
    return self._storage.address + self._offset * self.dtype.itemsize

def untyped_storage(self: Tensor) -> "UntypedStorage":
    """The storage under this tensor (enough to compare two tensors' storages).

    >>> import tensors as torch
    >>> x = torch.arange(4.)
    >>> x.untyped_storage().data_ptr() == x[2:].untyped_storage().data_ptr()
    True
    """
    return UntypedStorage(self._storage, self.dtype.itemsize)



class UntypedStorage:
    """What ``Tensor.untyped_storage()`` gives: the shared storage, in bytes."""

    __slots__ = ("_storage", "_itemsize")

    def __init__(self, storage: Storage, itemsize: int) -> None:
        self._storage = storage
        self._itemsize = itemsize

    def data_ptr(self: Tensor) -> int:
        """The storage's address (the same for every view of one storage)."""
        return self._storage.address

    def nbytes(self) -> int:
        """The storage's size in bytes."""
        return len(self._storage.cells) * self._itemsize

    def size(self) -> int:
        """The storage's size in bytes (``nbytes()``)."""
        return self.nbytes()

    __len__ = size

    def __repr__(self) -> str:
        numbers = " " + "\n ".join(str(v.data) for v in self._storage.cells)
        return f"{numbers}\n[torch.storage.UntypedStorage(device=cpu) of size {self.nbytes()}]"



class _StorageRecord:
    """A storage as pickled: its numbers, once per storage, however many tensors
    view it (pickle writes an object it meets twice once, so the views load as
    views of one storage again)."""

    __slots__ = ("_storage", "numbers", "_loaded", "__weakref__")

    _made: "weakref.WeakKeyDictionary[Storage, _StorageRecord]" = weakref.WeakKeyDictionary()

    def __init__(self, numbers: list) -> None:
        self.numbers = numbers
        self._storage = None
        self._loaded = None

    @classmethod
    def of(cls, storage: Storage) -> "_StorageRecord":
        record = cls._made.get(storage)
        if record is None:
            record = cls._made[storage] = cls([])
            record._storage = weakref.ref(storage)
        return record

    def __reduce__(self) -> tuple:
        # The numbers as they are when the pickle is written.
        return (_StorageRecord, ([v.data for v in self._storage().cells],))

    def storage(self) -> Storage:
        """The loaded storage: the same one for every tensor of this record."""
        if self._loaded is None:
            self._loaded = Storage([_const(float(x)) for x in self.numbers])
        return self._loaded


def _rebuild_view(record: _StorageRecord, layout: tuple, dtype: D.dtype, requires_grad: bool):
    """A tensor back from pickling: a view of its record's storage (the unpickler
    calls this). A layout that reads past the stored cells is refused, with
    PyTorch's words."""
    offset, shape, stride = layout
    storage = record.storage()
    need = extent(offset, tuple(shape), tuple(stride))
    ok = (
        isinstance(offset, int)
        and offset >= 0
        and len(shape) == len(stride)
        and all(isinstance(s, int) and s >= 0 for s in tuple(shape) + tuple(stride))
    )
    if not ok or need > len(storage.cells):
        raise RuntimeError(
            f"setStorage: sizes {list(shape)}, strides {list(stride)}, storage offset {offset}, "
            f"and itemsize {dtype.itemsize} requiring a storage size of {need * dtype.itemsize} "
            f"are out of bounds for storage of size {len(storage.cells) * dtype.itemsize}"
        )
    t = _on_storage(storage, offset, Size(shape), tuple(stride), dtype)
    if requires_grad:
        t.requires_grad_()
    return t


def _on_storage(storage: Storage, offset: int, shape: tuple, stride: tuple, dtype: D.dtype):
    """A tensor (no autograd record) over an existing storage."""
    t = Tensor._wrap([], (0,), dtype)
    t._storage = storage
    t._offset = offset
    t._shape = tuple(shape)
    t._stride = tuple(stride)
    t._contig = S.is_contiguous(t._shape, t._stride)
    return t


