"""Indexing: ``t[key]`` (read) and ``t[key] = value`` (write), boolean masks included.

Basic indexing (ints, slices, ``None``, ``...``) gives views; advanced
indexing (integer lists and tensors, boolean masks) gathers copies. The key
is read by ``tensors/_index_key.py`` (``index_plan``: the result's shape and
the flat positions it reads, masks turned into coordinates); here
``_getitem`` records PyTorch's chain of nodes and ``_setitem`` writes
through ``inplace._assign``. Follows PyTorch's (NumPy's) indexing rules
(https://pytorch.org/docs/stable/tensor_view.html and
https://numpy.org/doc/stable/user/basics.indexing.html).

>>> import tensors as torch
>>> x = torch.tensor([1., -2., 3.])
>>> x[x > 0]
tensor([1., 3.])
"""

from __future__ import annotations

import builtins
import numbers
from typing import Any

from autograd_scalar import Value

from .. import _storage as S
from .._index_key import index_plan as _index_plan
from .._index_key import index_steps as _index_steps
from .._shape import (
    broadcast_shapes,
    broadcast_to,
)
from .._tensor import Tensor, _result, _type_name
from .arithmetic import _fresh
from .inplace import _assign, _check_inplace
from .views import _expanded_shape, _view


def _basic_step(t: Tensor, key: tuple, name: str, op: str = "index") -> Tensor:
    """One view op of an index key: ``key`` is full slices, then one None, int
    or slice at the dimension it acts on."""
    k = key[-1]
    d = len(key) - 1
    if k is None:
        return _view(t, S.unsqueeze(t._shape, t._stride, d), name, op)
    if isinstance(k, slice):
        start, stop, step = k.indices(t._shape[d])
        length = len(range(start, stop, step))
        return _view(t, S.narrow(t._shape, t._stride, d, start, length, step), name, op)
    return _view(t, S.select(t._shape, t._stride, d, int(k) % t._shape[d]), name, op)


def _getitem(self: Tensor, key: Any) -> Tensor:
    """``t[key]`` as PyTorch does it: one view per int, slice and None, in order
    (each with its grad_fn), then one gather for the advanced indices."""
    if isinstance(key, numbers.Integral) and not isinstance(key, builtins.bool) and self.ndim:
        size = self._shape[0]
        if not -size <= key < size:
            raise IndexError(f"index {key} is out of bounds for dimension 0 with size {size}")
        op = "select" if self.ndim >= 2 else "index"  # a row, as the drawings name it
        return _basic_step(self, (int(key),), "SelectBackward0", op)
    if isinstance(key, slice):
        # A lone slice is applied even when it takes everything.
        _index_plan(self._shape, key)  # PyTorch's checks
        return _basic_step(self, (key,), "SliceBackward0")
    steps = _index_steps(self._shape, key)
    if not steps:
        return _view(self, (0, self._shape, self._stride), "AliasBackward0", "index")
    out = self
    for name, step in steps:
        if name == "IndexBackward0":
            shape, index, _, _ = _index_plan(out._shape, step)
            flat = out._flat()
            out = _result(
                [_fresh(flat[i]) for i in index], shape, out.dtype, name, (out,), op="index"
            )
        else:
            out = _basic_step(out, step, name)
    return out


def _setitem(self: Tensor, key: Any, value: Any) -> None:
    shape, index, ops, advanced = _index_plan(self._shape, key)
    if isinstance(value, Tensor):
        src = value
    elif isinstance(value, Value):
        src = Tensor._wrap([value], (), self.dtype)
        src._requires_grad = value.requires_grad
    elif isinstance(value, numbers.Real):
        from .._creation import tensor as _tensor

        src = _tensor(value, dtype=self.dtype)
    else:
        raise TypeError(
            f"can't assign a {type(value).__name__} to a torch.{_type_name(self.dtype)}Tensor"
        )
    src_shape = src._shape
    while len(src_shape) > len(shape) and src_shape[0] == 1:
        src_shape = src_shape[1:]  # leading ones are dropped, as in PyTorch
    if advanced:
        try:
            ok = len(src_shape) <= len(shape) and broadcast_shapes(src_shape, shape) == shape
        except RuntimeError:
            ok = False
        if not ok:
            raise RuntimeError(
                f"shape mismatch: value tensor of shape {list(src._shape)} cannot be broadcast "
                f"to indexing result of shape {list(shape)}"
            )
    elif src_shape != shape and src.ndim:
        _expanded_shape(src_shape, shape, src.dtype)  # PyTorch's error, if any
    _check_inplace(self, through_view=bool(ops))
    if ops:
        name = "torch::autograd::CopySlices"
    elif advanced:
        name = "IndexPutBackward0"
    elif src.ndim == 0 and shape:
        name = "FillBackward3"
    else:
        name = "torch::autograd::CopyBackwards"
    _assign(
        self,
        index,
        broadcast_to(src._flat(), src_shape, shape),
        name=name,
        others=(value,),
        through_view=bool(ops),
        op="setitem",
        overlap="warn" if advanced else "refuse",
    )
