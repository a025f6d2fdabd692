"""Writing and reading through masks and index tensors, as copies: masked_fill,
masked_scatter, masked_select, take, take_along_dim, put, index_add, index_copy,
index_fill, index_put, index_reduce and scatter_reduce; and their in-place
``_`` forms, which write the copy back with ``copy_``.

An element read or written unchanged is the source's element (copied from a
leaf, so the gradient reaches it); an element that combines several is one
node of the table (sums folded in PyTorch's order, the ``prod`` row's product
of the others, ``amax``/``amin`` sharing ties): no calculus of their own.

>>> import tensors as torch
>>> x = torch.tensor([1., -2., 3.])
>>> x.masked_fill(x < 0, 0.0)
tensor([1., 0., 3.])
"""

from __future__ import annotations

import itertools
from typing import Any, Optional

from autograd_scalar import OPS, Value, apply
from autograd_scalar.ops import prod_op
from autograd_scalar.value import _const

from .. import _dtype as D
from .._shape import broadcast_shapes, broadcast_to, strides, wrap_dim
from .._tensor import Tensor, _from_numbers, _result, _warn
from .arithmetic import _fresh
from .gather_scatter import _positions, gather
from .searching import nonzero


def _write_back(self: Tensor, result: Tensor) -> Tensor:
    # The in-place forms: the copy computed from self, written over self by copy_
    # (so views, versions and the leaf check are copy_'s).
    return self.copy_(result)


_C_NAMES = {"int64": "long int", "float32": "float", "float64": "double"}


def _check_mask(name: str, mask: Tensor) -> None:
    if mask.dtype is D.bool:
        return
    if name == "masked_select":
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    # masked_fill_ names the C++ type, masked_scatter_ the dtype's short name
    if name == "masked_fill_":
        shown = _C_NAMES.get(mask.dtype.name, mask.dtype.name)
    else:
        shown = D.type_name(mask.dtype)
    raise RuntimeError(f"{name} only supports boolean masks, but got mask with dtype {shown}")


def _cast(v: Value, dtype: D.dtype) -> Value:
    return v if dtype.is_floating_point else _const(dtype.cast(v.data))


# The C++ type PyTorch names when a complex fill value does not fit a real tensor.
_C_TYPES = {
    "float32": "float",
    "float64": "double",
    "int64": "int64_t",
    "int32": "int",
    "int16": "int16_t",
    "int8": "int8_t",
    "uint8": "uint8_t",
}


def masked_fill(input: Tensor, mask: Tensor, value: Any) -> Tensor:
    """``input`` with ``value`` (a number or a 0-d tensor) where ``mask`` is True.

    >>> import tensors as torch
    >>> torch.masked_fill(torch.zeros(3), torch.tensor([True, False, True]), 5.0)
    tensor([5., 0., 5.])
    """
    _check_mask("masked_fill_", mask)
    if isinstance(value, complex) and input.dtype is not D.bool:
        raise RuntimeError(
            f"value cannot be converted to type {_C_TYPES[input.dtype.name]} without overflow"
        )
    if isinstance(value, Tensor) and value.ndim:
        raise RuntimeError(
            "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
            f"{value.ndim} dimension(s)."
        )
    shape = broadcast_shapes(input._shape, mask._shape)
    xs = broadcast_to(input._flat(), input._shape, shape)
    ms = broadcast_to(mask._flat(), mask._shape, shape)
    fill = value._flat()[0] if isinstance(value, Tensor) else _const(float(value))
    out = [_cast(fill, input.dtype) if m.data else _fresh(x) for x, m in zip(xs, ms)]
    if isinstance(value, Tensor):
        node, inputs = "MaskedFillBackward1", (input, mask, value)
        edges: Optional[tuple] = (0, 2)
    else:
        node, inputs, edges = "MaskedFillBackward0", (input, mask), (0,)
    return _result(out, shape, input.dtype, node, inputs, op="masked_fill", edges=edges)


def masked_fill_(self: Tensor, mask: Tensor, value: Any) -> Tensor:
    """In-place ``masked_fill``.

    >>> import tensors as torch
    >>> torch.zeros(2).masked_fill_(torch.tensor([True, False]), 1.0)
    tensor([1., 0.])
    """
    return _write_back(self, masked_fill(self, mask, value))


def masked_scatter(input: Tensor, mask: Tensor, source: Tensor) -> Tensor:
    """``input`` with ``source``'s elements, in order, where ``mask`` is True.

    >>> import tensors as torch
    >>> torch.zeros(3).masked_scatter(torch.tensor([True, False, True]), torch.tensor([7., 8.]))
    tensor([7., 0., 8.])
    """
    _check_mask("masked_scatter_", mask)
    shape = broadcast_shapes(input._shape, mask._shape)
    xs = broadcast_to(input._flat(), input._shape, shape)
    ms = broadcast_to(mask._flat(), mask._shape, shape)
    src = source._flat()
    if sum(1 for m in ms if m.data) > len(src):
        raise RuntimeError("Number of elements of source < number of ones in mask")
    out, k = [], 0
    for x, m in zip(xs, ms):
        if m.data:
            out.append(_cast(_fresh(src[k]), input.dtype))
            k += 1
        else:
            out.append(_fresh(x))
    inputs = (input, mask, source)
    return _result(
        out, shape, input.dtype, "MaskedScatterBackward0", inputs, op="masked_scatter", edges=(0, 2)
    )


def masked_scatter_(self: Tensor, mask: Tensor, source: Tensor) -> Tensor:
    """In-place ``masked_scatter``.

    >>> import tensors as torch
    >>> torch.zeros(2).masked_scatter_(torch.tensor([False, True]), torch.tensor([4.]))
    tensor([0., 4.])
    """
    return _write_back(self, masked_scatter(self, mask, source))


def masked_select(input: Tensor, mask: Tensor) -> Tensor:
    """The elements where ``mask`` (broadcast with ``input``) is True, as a 1-D tensor.

    >>> import tensors as torch
    >>> x = torch.tensor([[1, 2], [3, 4]])
    >>> torch.masked_select(x, x > 2)
    tensor([3, 4])
    """
    _check_mask("masked_select", mask)
    shape = broadcast_shapes(input._shape, mask._shape)
    xs = broadcast_to(input._flat(), input._shape, shape)
    ms = broadcast_to(mask._flat(), mask._shape, shape)
    out = [_fresh(x) for x, m in zip(xs, ms) if m.data]
    inputs = (input, mask)
    return _result(
        out,
        (len(out),),
        input.dtype,
        "MaskedSelectBackward0",
        inputs,
        op="masked_select",
        edges=(0,),
    )


def _flat_index(index: Tensor, n: int) -> list:
    out = []
    for v in index._flat():
        i = int(v.data)
        if not -n <= i < n:
            raise IndexError(
                f"out of range: tried to access index {i} on a tensor of {n} elements."
            )
        out.append(i % n)
    return out


def _long_index(name: str, index: Tensor, what: str = "index") -> None:
    if not isinstance(index, Tensor) or index.dtype is not D.int64:
        raise RuntimeError(
            f"{name}(): Expected a long tensor for {what} but got "
            f"{D.type_name(index.dtype) if isinstance(index, Tensor) else type(index).__name__}"
        )


def take(input: Tensor, index: Tensor) -> Tensor:
    """The elements at flat positions ``index`` (of the row-major input), in ``index``'s shape.

    >>> import tensors as torch
    >>> torch.take(torch.tensor([[1, 2], [3, 4]]), torch.tensor([0, 3]))
    tensor([1, 4])
    """
    _long_index("take", index)
    flat = input._flat()
    out = [_fresh(flat[i]) for i in _flat_index(index, len(flat))]
    return _result(
        out, index._shape, input.dtype, "TakeBackward0", (input, index), op="take", edges=(0,)
    )


def take_along_dim(input: Tensor, indices: Tensor, dim: Optional[int] = None) -> Tensor:
    """``gather`` along ``dim`` with ``input`` and ``indices`` broadcast against each other
    (without ``dim``: ``take`` on the flattened input).

    >>> import tensors as torch
    >>> x = torch.tensor([[10, 30, 20], [60, 40, 50]])
    >>> torch.take_along_dim(x, x.argmax(1, keepdim=True), 1)
    tensor([[30],
            [60]])
    """
    if dim is None:
        return gather(input.reshape(-1), 0, indices.reshape(-1))
    if input.ndim != indices.ndim:
        raise RuntimeError(
            "torch.take_along_dim(): input and indices should have the same number of "
            f"dimensions, but got {input.ndim} dimensions for input, and {indices.ndim} "
            "dimensions for indices"
        )
    d = wrap_dim(dim, input.ndim)
    size = input._shape[d]
    # Negative indices count from the end, as in PyTorch's take_along_dim.
    wrapped = [int(v.data) + size if v.data < 0 else int(v.data) for v in indices._flat()]
    indices = _from_numbers(wrapped, indices._shape, D.int64)
    a = list(input._shape)
    b = list(indices._shape)
    a[d] = b[d] = 1
    common = list(broadcast_shapes(tuple(a), tuple(b)))
    ia, ib = list(common), list(common)
    ia[d], ib[d] = input._shape[d], indices._shape[d]
    return gather(input.expand(*ia), d, indices.expand(*ib))


def put(input: Tensor, index: Tensor, source: Tensor, accumulate: bool = False) -> Tensor:
    """``input`` with ``source``'s elements written at flat positions ``index`` (added, with
    ``accumulate``).

    >>> import tensors as torch
    >>> torch.put(torch.zeros(2, 2), torch.tensor([1, 2]), torch.tensor([5., 6.]))
    tensor([[0., 5.],
            [6., 0.]])
    """
    _long_index("put", index)
    if index.numel() != source.numel():
        raise IndexError(
            f"put_(): Expected source and index to have the same number of elements, but got "
            f"source.numel() = {source.numel()}, index.numel() = {index.numel()}"
        )
    out = [_fresh(v) for v in input._flat()]
    src = source._flat()
    for k, i in enumerate(_flat_index(index, len(out))):
        s = _cast(_fresh(src[k]), input.dtype)
        out[i] = _cast(out[i] + src[k], input.dtype) if accumulate else s
    inputs = (input, index, source)
    return _result(out, input._shape, input.dtype, "PutBackward0", inputs, op="put", edges=(0, 2))


def put_(self: Tensor, index: Tensor, source: Tensor, accumulate: bool = False) -> Tensor:
    """In-place ``put``.

    >>> import tensors as torch
    >>> torch.zeros(3).put_(torch.tensor([2]), torch.tensor([1.]))
    tensor([0., 0., 1.])
    """
    return _write_back(self, put(self, index, source, accumulate))


def _slices(input: Tensor, dim: int) -> tuple:
    """For each position along ``dim``, the flat positions of its slice (in order)."""
    if input.ndim == 0:
        return 0, [[0]]
    d = wrap_dim(dim, input.ndim)
    st = strides(input._shape)
    rest = [range(s) if k != d else range(1) for k, s in enumerate(input._shape)]
    bases = [sum(c * s for c, s in zip(cs, st)) for cs in itertools.product(*rest)]
    return d, [[b + i * st[d] for b in bases] for i in range(input._shape[d])]


def _index_args(name: str, input: Tensor, dim: int, index: Tensor, source: Any = None) -> tuple:
    _long_index(name, index)
    if index.ndim > 1:
        raise IndexError(f"{name}(): Index is supposed to be a vector")
    d, slots = _slices(input, dim)
    positions = []
    for v in index._flat():
        i = int(v.data)
        if not -len(slots) <= i < len(slots):
            raise _out_of_range(name, i, d, len(slots))
        positions.append(i % len(slots))
    if isinstance(source, Tensor):
        _check_source(name, input, d, source)
    src_slots = _slices(source, dim)[1] if isinstance(source, Tensor) else None
    if src_slots is not None and len(src_slots) != len(positions):
        raise RuntimeError(
            f"{name}_(): Number of indices ({len(positions)}) should be equal to "
            f"source.size(dim) ({len(src_slots)})"
        )
    return d, slots, positions, src_slots


def _check_source(name: str, input: Tensor, d: int, source: Tensor) -> None:
    if name == "index_copy" and source.ndim and input.ndim and source.ndim != input.ndim:
        raise IndexError(
            "index_copy_(): When source and destination are not scalars, their dimensionality "
            f"must match. Source dimensionality ({source.ndim}), destination dimensionality "
            f"({input.ndim})"
        )
    if name == "index_add":
        same = source.ndim == input.ndim and all(
            a == b for k, (a, b) in enumerate(zip(input._shape, source._shape)) if k != d
        )
        if not same and source.ndim and input.ndim:
            raise RuntimeError(
                "source tensor shape must match self tensor shape, excluding the specified "
                f"dimension. Got self.shape = {list(input._shape)} source.shape = "
                f"{list(source._shape)}"
            )


def _out_of_range(name: str, i: int, d: int, size: int) -> Exception:
    # Each index_* kernel words its bounds error its own way.
    where = f"index {i} is out of bounds for dimension {d} with size {size}"
    if name == "index_add":
        return RuntimeError(where)
    if name == "index_copy":
        return IndexError(f"index_copy_(): {where}")
    if name == "index_reduce":
        return IndexError("index out of range in self")
    return IndexError(where)


def index_add(input: Tensor, dim: int, index: Tensor, source: Tensor, *, alpha: Any = 1) -> Tensor:
    """``input`` with ``alpha * source``'s slices added at the positions ``index`` names along
    ``dim`` (in order, so a repeated index adds twice).

    >>> import tensors as torch
    >>> torch.index_add(torch.zeros(3), 0, torch.tensor([0, 0, 2]), torch.tensor([1., 2., 3.]))
    tensor([3., 0., 3.])
    """
    _, slots, positions, src_slots = _index_args("index_add", input, dim, index, source)
    out = [_fresh(v) for v in input._flat()]
    src = source._flat()
    for k, p in enumerate(positions):
        for a, b in zip(slots[p], src_slots[k]):
            s = src[b] if alpha == 1 else src[b] * float(alpha)
            out[a] = _cast(out[a] + s, input.dtype)
    inputs = (input, index, source)
    return _result(
        out, input._shape, input.dtype, "IndexAddBackward0", inputs, op="index_add", edges=(0, 2)
    )


def index_copy(input: Tensor, dim: int, index: Tensor, source: Tensor) -> Tensor:
    """``input`` with ``source``'s slices copied to the positions ``index`` names along ``dim``.

    >>> import tensors as torch
    >>> torch.index_copy(torch.zeros(3), 0, torch.tensor([2]), torch.tensor([9.]))
    tensor([0., 0., 9.])
    """
    _, slots, positions, src_slots = _index_args("index_copy", input, dim, index, source)
    out = [_fresh(v) for v in input._flat()]
    src = source._flat()
    for k, p in enumerate(positions):
        for a, b in zip(slots[p], src_slots[k]):
            out[a] = _cast(_fresh(src[b]), input.dtype)
    inputs = (input, index, source)
    return _result(
        out, input._shape, input.dtype, "IndexCopyBackward0", inputs, op="index_copy", edges=(0, 2)
    )


def index_fill(input: Tensor, dim: int, index: Tensor, value: Any) -> Tensor:
    """``input`` with ``value`` (a number or a 0-d tensor) in the slices ``index`` names.

    >>> import tensors as torch
    >>> torch.index_fill(torch.zeros(2, 2), 1, torch.tensor([0]), -1.0)
    tensor([[-1.,  0.],
            [-1.,  0.]])
    """
    _, slots, positions, _ = _index_args("index_fill", input, dim, index)
    out = [_fresh(v) for v in input._flat()]
    fill = value._flat()[0] if isinstance(value, Tensor) else _const(float(value))
    for p in positions:
        for a in slots[p]:
            out[a] = _cast(fill, input.dtype)
    if isinstance(value, Tensor):
        inputs, node, edges = (input, index, value), "IndexFillBackward1", (0, 2)
    else:
        inputs, node, edges = (input, index), "IndexFillBackward0", (0,)
    return _result(out, input._shape, input.dtype, node, inputs, op="index_fill", edges=edges)


def index_put(input: Tensor, indices: Any, values: Tensor, accumulate: bool = False) -> Tensor:
    """``input`` with ``values`` written where the index tensors ``indices`` point (the
    leading dims; added, with ``accumulate``).

    >>> import tensors as torch
    >>> torch.index_put(torch.zeros(3), (torch.tensor([0, 2]),), torch.tensor(1.))
    tensor([1., 0., 1.])
    """
    idx = []
    for t in indices:
        if t.dtype is D.bool:  # a mask stands for the coordinates of its True elements
            idx.extend(nonzero(t, as_tuple=True))
        else:
            idx.append(t)
    if len(idx) > input.ndim:
        raise IndexError(f"too many indices for tensor of dimension {input.ndim} (got {len(idx)})")
    shape = broadcast_shapes(*(t._shape for t in idx))
    coords = [broadcast_to(t._flat(), t._shape, shape) for t in idx]
    st = strides(input._shape)
    rest = input._shape[len(idx) :]
    rest_st = st[len(idx) :]
    inner = [
        sum(c * s for c, s in zip(cs, rest_st))
        for cs in itertools.product(*(range(s) for s in rest))
    ]
    targets = []
    for k in range(len(coords[0]) if coords else 0):
        base = 0
        for d, col in enumerate(coords):
            i, size = int(col[k].data), input._shape[d]
            if not -size <= i < size:
                raise IndexError(f"index {i} is out of bounds for dimension {d} with size {size}")
            base += (i % size) * st[d]
        targets.extend(base + off for off in inner)
    value_shape = tuple(shape) + tuple(rest)
    vals = broadcast_to(values._flat(), values._shape, value_shape)
    out = [_fresh(v) for v in input._flat()]
    for t, v in zip(targets, vals):
        out[t] = _cast(out[t] + v, input.dtype) if accumulate else _cast(_fresh(v), input.dtype)
    inputs = (input, values)
    return _result(out, input._shape, input.dtype, "IndexPutBackward0", inputs, op="index_put")


def index_put_(self: Tensor, indices: Any, values: Tensor, accumulate: bool = False) -> Tensor:
    """In-place ``index_put``.

    >>> import tensors as torch
    >>> torch.zeros(2).index_put_((torch.tensor([1]),), torch.tensor(3.))
    tensor([0., 3.])
    """
    return _write_back(self, index_put(self, indices, values, accumulate))


_REDUCES = ("sum", "prod", "mean", "amax", "amin")
_BETA_WARNED: list = []


def _combine(
    reduce: str, self_value: Value, include_self: bool, srcs: list, dtype: D.dtype
) -> Value:
    """One output element of index_reduce / scatter_reduce from its sources (in order)."""
    own = self_value if include_self else None
    terms = ([own] if own is not None else []) + srcs
    if reduce in ("amax", "amin") and not include_self:
        # PyTorch counts an excluded self among the ties all the same (its share of the
        # gradient is then dropped): a constant input of the row, no path to self.
        best = (max if reduce == "amax" else min)(s.data for s in srcs)
        if self_value.data == best:
            terms = terms + [_const(self_value.data)]
    if reduce in ("sum", "mean"):
        # Folded in order, as PyTorch's kernel adds (from 0 without self).
        acc = terms[0] if own is not None else terms[0] + 0.0
        for s in terms[1:]:
            acc = acc + s
    if reduce == "sum":
        value = acc
    elif reduce == "mean":
        value = (
            acc / float(len(terms))
            if dtype.is_floating_point
            else _const(float(acc.data // len(terms)))
        )
    elif reduce == "prod":
        zeros = sum(1 for t in terms if t.data == 0.0)
        value = (
            apply(prod_op("divide" if zeros == 0 else "others"), *terms)
            if len(terms) > 1
            else terms[0].clone()
        )
    else:
        value = apply(OPS[reduce], *terms)
    return _cast(value, dtype)


def index_reduce(
    input: Tensor,
    dim: int,
    index: Tensor,
    source: Tensor,
    reduce: str,
    *,
    include_self: bool = True,
) -> Tensor:
    """``input`` with the slices ``index`` names reduced (``prod``, ``mean``, ``amax``,
    ``amin``) with ``source``'s slices.

    >>> import tensors as torch
    >>> torch.index_reduce(torch.ones(2), 0, torch.tensor([0, 0]), torch.tensor([2., 3.]), "prod")
    tensor([6., 1.])
    """
    if not _BETA_WARNED:
        _BETA_WARNED.append(True)
        _warn("index_reduce() is in beta and the API may change at any time.")
    if reduce not in ("prod", "mean", "amax", "amin"):
        raise RuntimeError(
            "index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got "
            f"{reduce}."
        )
    _, slots, positions, src_slots = _index_args("index_reduce", input, dim, index, source)
    flat, src = input._flat(), source._flat()
    gathered: dict = {}
    for k, p in enumerate(positions):
        for a, b in zip(slots[p], src_slots[k]):
            gathered.setdefault(a, []).append(src[b])
    out = [_fresh(v) for v in flat]
    for a, srcs in gathered.items():
        out[a] = _combine(reduce, flat[a], include_self, srcs, input.dtype)
    inputs = (input, index, source)
    return _result(
        out,
        input._shape,
        input.dtype,
        "IndexReduceBackward0",
        inputs,
        op="index_reduce",
        edges=(0, 2),
    )


def scatter_reduce(
    input: Tensor, dim: int, index: Tensor, src: Tensor, reduce: str, *, include_self: bool = True
) -> Tensor:
    """``input`` with ``src``'s elements reduced (``sum``, ``prod``, ``mean``, ``amax``,
    ``amin``) into the places ``index`` names along ``dim``.

    >>> import tensors as torch
    >>> torch.zeros(2).scatter_reduce(0, torch.tensor([1, 1]), torch.tensor([2., 5.]), "amax")
    tensor([0., 5.])
    """
    reduce = {"max": "amax", "min": "amin"}.get(reduce, reduce)  # PyTorch's older names
    if reduce not in _REDUCES:
        raise RuntimeError(
            f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}"
        )
    d = wrap_dim(dim, max(input.ndim, 1))
    shape = input._shape or (1,)
    pairs = _positions(index.reshape(index._shape or (1,)), shape, d)
    flat, sflat = input._flat(), src._flat()
    gathered: dict = {}
    for p, n, i in pairs:
        if not 0 <= i < shape[d]:
            raise RuntimeError(f"index {i} is out of bounds for dimension {d} with size {shape[d]}")
        gathered.setdefault(p, []).append(sflat[n])
    out = [_fresh(v) for v in flat]
    for p, srcs in gathered.items():
        out[p] = _combine(reduce, flat[p], include_self, srcs, input.dtype)
    inputs = (input, index, src)
    return _result(
        out,
        input._shape,
        input.dtype,
        "ScatterReduceBackward0",
        inputs,
        op="scatter_reduce",
        edges=(0, 2),
    )


def _in_place(fn: Any, name: str) -> Any:
    def method(self: Tensor, *args: Any, **kwargs: Any) -> Tensor:
        return _write_back(self, fn(self, *args, **kwargs))

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"In-place ``{fn.__name__}`` (the result written back with ``copy_``)."
    return method


index_add_ = _in_place(index_add, "index_add_")
index_copy_ = _in_place(index_copy, "index_copy_")
index_fill_ = _in_place(index_fill, "index_fill_")
index_reduce_ = _in_place(index_reduce, "index_reduce_")
scatter_reduce_ = _in_place(scatter_reduce, "scatter_reduce_")
