"""Reading and writing along a dimension through an index tensor: ``gather``,
``scatter`` (and ``scatter_``, ``scatter_add``), ``index_select``, ``one_hot``.

For a 2-D ``index`` along ``dim=1``: ``gather`` reads ``out[i][j] =
input[i][index[i][j]]``; ``scatter`` writes ``out[i][index[i][j]] =
src[i][j]`` into a copy of ``input``. No new calculus: an element read is a
copy of the element it reads (so reading one element twice adds up its
gradient), an element written is the source's element (the overwritten one
gets no gradient), and ``scatter_add``'s element is one ``sum`` node of the
op table. Follows PyTorch's pages for ``torch.gather`` and ``torch.Tensor.scatter_``
(https://pytorch.org/docs/stable/generated/torch.gather.html) and its errors.

>>> import tensors as torch
>>> scores = torch.tensor([[0.1, 0.9], [0.8, 0.2]])
>>> scores.gather(1, torch.tensor([[1], [0]]))
tensor([[0.9000],
        [0.8000]])
>>> torch.zeros(2, 3).scatter(1, torch.tensor([[2], [0]]), 1.0)
tensor([[0., 0., 1.],
        [1., 0., 0.]])
"""

from __future__ import annotations

import itertools
import numbers
from typing import Any, Optional

from autograd_scalar import Value, no_grad
from autograd_scalar.value import _const

from .. import _dtype as D
from .._shape import wrap_dim
from .._tensor import Tensor, _result, _warn
from .arithmetic import _fresh
from .inplace import _inplace, _snapshot

_WARNED_REDUCE: list = []

__all__ = [
    "gather",
    "index_select",
    "one_hot",
    "scatter",
    "scatter_",
    "scatter_add",
    "scatter_add_",
]


def _strides(shape: tuple) -> list:
    out, step = [], 1
    for size in reversed(shape):
        out.append(step)
        step *= size
    return out[::-1]


def _positions(index: Tensor, shape: tuple, dim: int) -> list:
    """For each element of ``index`` (row-major): (the flat position in a tensor of
    ``shape`` that it points at, its own flat position, the index itself)."""
    ishape = index._shape
    strides = _strides(shape)
    flat = index._flat()
    out = []
    for n, coords in enumerate(itertools.product(*(range(s) for s in ishape))):
        i = int(flat[n].data)
        where = sum(c * st for c, st in zip(coords, strides)) - coords[dim] * strides[dim]
        out.append((where + i * strides[dim], n, i))
    return out


def _check_index(name: str, input: Tensor, dim: int, index: Tensor) -> int:
    if not isinstance(index, Tensor):
        raise TypeError(f"{name}(): argument 'index' must be Tensor, not {type(index).__name__}")
    # PyTorch takes int32 as well, and checks no dtype when there is no index.
    if index.dtype not in (D.int64, D.int32) and index.numel():
        raise RuntimeError(f"{name}(): Expected dtype int32/int64 for index")
    dim = wrap_dim(dim, max(input.ndim, 1))
    if index.ndim != input.ndim and not (index.ndim <= 1 and input.ndim <= 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    return dim


def _bounds(pairs: list, size: int, dim: int) -> None:
    for _, _, i in pairs:
        if not 0 <= i < size:
            raise RuntimeError(f"index {i} is out of bounds for dimension {dim} with size {size}")


def gather(input: Tensor, dim: int, index: Tensor, *, sparse_grad: bool = False) -> Tensor:
    """``out[i][j] = input[i][index[i][j]]`` along ``dim`` (for ``dim=1``): pick one
    element per index entry; ``out`` has ``index``'s shape.

    >>> import tensors as torch
    >>> x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    >>> y = torch.gather(x, 1, torch.tensor([[0, 0], [1, 0]]))
    >>> y.sum().backward()
    >>> y, x.grad
    (tensor([[1., 1.],
            [4., 3.]], grad_fn=<GatherBackward0>), tensor([[2., 0.],
            [1., 1.]]))
    """
    name = "GatherBackward0"
    if isinstance(index, Tensor) and index.numel() == 0 and index.ndim != input.ndim:
        # PyTorch checks no shapes against an empty index: the result is as empty.
        wrap_dim(dim, max(input.ndim, 1))
        return _result([], index._shape, input.dtype, name, (input, index), op="gather", edges=(0,))
    dim = _check_index("gather", input, dim, index)
    shape = input._shape or (1,)
    ishape = index._shape or (1,)
    for d, (a, b) in enumerate(zip(ishape, shape)):
        if d != dim and a > b:
            raise RuntimeError(
                f"Size does not match at dimension {d} expected index {list(index._shape)} to "
                f"be no larger than self {list(input._shape)} apart from dimension {dim}"
            )
    pairs = _positions(index.reshape(ishape), shape, dim)
    _bounds(pairs, shape[dim], dim)
    flat = input._flat()
    values = [_fresh(flat[p]) for p, _, _ in pairs]
    return _result(values, index._shape, input.dtype, name, (input, index), op="gather", edges=(0,))


def index_select(input: Tensor, dim: int, index: Tensor) -> Tensor:
    """The slices of ``input`` at positions ``index`` (a vector) along ``dim``.

    >>> import tensors as torch
    >>> torch.tensor([[1., 2., 3.], [4., 5., 6.]]).index_select(1, torch.tensor([2, 0]))
    tensor([[3., 1.],
            [6., 4.]])
    """
    if not isinstance(index, Tensor):
        raise TypeError(
            f"index_select(): argument 'index' must be Tensor, not {type(index).__name__}"
        )
    if index.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    if index.dtype is not D.int64:
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    dim = wrap_dim(dim, max(input.ndim, 1))
    shape = input._shape or (1,)
    picks = [int(v.data) for v in index._flat()]
    for i in picks:
        if not 0 <= i < shape[dim]:
            raise IndexError("index out of range in self")
    strides = _strides(shape)
    out_shape = shape[:dim] + (len(picks),) + shape[dim + 1 :]
    flat = input._flat()
    values = []
    for coords in itertools.product(*(range(s) for s in out_shape)):
        src = [c if d != dim else picks[c] for d, c in enumerate(coords)]
        values.append(_fresh(flat[sum(c * st for c, st in zip(src, strides))]))
    if not input._shape:
        out_shape = ()
    name = "IndexSelectBackward0"
    return _result(
        values, out_shape, input.dtype, name, (input, index), op="index_select", edges=(0,)
    )


def _scatter(
    input: Tensor, dim: int, index: Tensor, src: Any, reduce: Optional[str], name: str
) -> list:
    """The elements (Values) of ``input`` with ``src`` scattered into it."""
    dim = _check_index(name, input, dim, index)
    shape = input._shape or (1,)
    ishape = index._shape or (1,)
    is_tensor = isinstance(src, Tensor)
    if is_tensor and src.dtype is not input.dtype:
        raise RuntimeError(f"{name}(): Expected self.dtype to be equal to src.dtype")
    if not is_tensor and not isinstance(src, numbers.Real):
        raise TypeError(f"{name}(): argument 'src' must be Tensor, not {type(src).__name__}")
    sshape = (src._shape or (1,)) if is_tensor else None
    if sshape is not None and len(sshape) != len(ishape):
        if len(sshape) < len(ishape):  # PyTorch asks src for a dimension it lacks
            wrap_dim(len(sshape), len(sshape))
        raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
    for d, a in enumerate(ishape):
        if (d != dim and a > shape[d]) or (sshape is not None and a > sshape[d]):
            where = f"be no larger than self {list(input._shape)} apart from dimension {dim}"
            if sshape is not None:
                where += f" and to be no larger size than src {list(src._shape)}"
            raise RuntimeError(f"Expected index {list(index._shape)} to {where}")
    if reduce is not None and reduce not in ("add", "multiply"):
        raise RuntimeError("reduce argument must be either add or multiply.")
    pairs = _positions(index.reshape(ishape), shape, dim)
    _bounds(pairs, shape[dim], dim)
    out = [_fresh(v) for v in input._flat()]
    writes: dict = {}  # place -> the elements scattered there, in order
    if is_tensor:
        sflat, sstrides = src._flat(), _strides(sshape)
        istrides = _strides(ishape)
    cast = input.dtype.cast
    for p, n, _ in pairs:
        if is_tensor:
            coords = [(n // st) % s for st, s in zip(istrides, ishape)]
            new = sflat[sum(c * st for c, st in zip(coords, sstrides))]
        else:
            new = _const(cast(float(src)))
        if name == "scatter_add" or reduce == "add":
            out[p] = Value.sum([out[p], new])
        elif reduce == "multiply":
            out[p] = out[p] * new
        else:
            writes.setdefault(p, []).append(new)
    for p, news in writes.items():
        # A place written twice keeps the last write, as PyTorch's CPU kernel does;
        # only that element's gradient is the place's (README: PyTorch's rule differs).
        out[p] = _fresh(news[-1])
    return out


def scatter(
    input: Tensor,
    dim: int,
    index: Tensor,
    src: Any = None,
    *,
    value: Any = None,
    reduce: Optional[str] = None,
) -> Tensor:
    """A copy of ``input`` with ``src``'s elements (or the number ``value``) written at
    ``index`` along ``dim``: ``out[i][index[i][j]] = src[i][j]`` for ``dim=1``.

    >>> import tensors as torch
    >>> torch.zeros(10).scatter(0, torch.tensor(3), 1.0)  # a one-hot row
    tensor([0., 0., 0., 1., 0., 0., 0., 0., 0., 0.])
    """
    if src is None:
        src = value
    if reduce is not None and isinstance(src, Tensor) and not _WARNED_REDUCE:
        _WARNED_REDUCE.append(True)  # once per process, as PyTorch warns it
        _warn(
            "The reduce argument of torch.scatter with Tensor src is deprecated and will be "
            "removed in a future PyTorch release. Use torch.scatter_reduce instead for more "
            "reduction options."
        )
    tensor_src = isinstance(src, Tensor)
    if reduce is not None:
        # PyTorch has no derivative for scatter with reduce: numbers only, under a
        # node that says so when a backward reaches it (tensors/_saved.py).
        with no_grad():
            values = [_const(v.data) for v in _scatter(input, dim, index, src, reduce, "scatter")]
        name = "NotImplemented"
    else:
        values = _scatter(input, dim, index, src, reduce, "scatter")
        name = "ScatterBackward0" if tensor_src else "ScatterBackward1"
    inputs = (input, index, src) if tensor_src else (input, index)
    edges = (0, 2) if tensor_src else (0,)
    return _result(values, input._shape, input.dtype, name, inputs, op="scatter", edges=edges)


def scatter_add(input: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:
    """A copy of ``input`` with ``src``'s elements added at ``index`` along ``dim``
    (entries that point at the same place all add up).

    >>> import tensors as torch
    >>> torch.scatter_add(torch.zeros(3), 0, torch.tensor([0, 0, 2]), torch.tensor([1., 2., 3.]))
    tensor([3., 0., 3.])
    """
    if not isinstance(src, Tensor):
        raise TypeError(f"scatter_add(): argument 'src' must be Tensor, not {type(src).__name__}")
    values = _scatter(input, dim, index, src, None, "scatter_add")
    inputs = (input, index, src)
    name = "ScatterAddBackward0"
    return _result(values, input._shape, input.dtype, name, inputs, op="scatter_add", edges=(0, 2))


def scatter_(
    self: Tensor,
    dim: int,
    index: Tensor,
    src: Any = None,
    *,
    value: Any = None,
    reduce: Optional[str] = None,
) -> Tensor:
    """In-place ``scatter``.

    >>> import tensors as torch
    >>> torch.zeros(3).scatter_(0, torch.tensor([1]), torch.tensor([5.]))
    tensor([0., 5., 0.])
    """
    old = _snapshot(self)
    return _inplace(self, scatter(old, dim, index, src, value=value, reduce=reduce))


def scatter_add_(self: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:
    """In-place ``scatter_add``.

    >>> import tensors as torch
    >>> torch.zeros(3).scatter_add_(0, torch.tensor([1, 1]), torch.tensor([5., 2.]))
    tensor([0., 7., 0.])
    """
    old = _snapshot(self)
    return _inplace(self, scatter_add(old, dim, index, src))


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """Each class index as a row of zeros with a one at the index (int64).

    >>> import tensors as torch
    >>> torch.nn.functional.one_hot(torch.tensor([0, 2]), num_classes=3)
    tensor([[1, 0, 0],
            [0, 0, 1]])
    """
    if tensor.dtype is not D.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    classes = [int(v.data) for v in tensor._flat()]
    if num_classes == -1:
        if not classes:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = max(classes) + 1
    if any(c < 0 for c in classes):
        raise RuntimeError("Class values must be non-negative.")
    if any(c >= num_classes for c in classes):
        raise RuntimeError("Class values must be smaller than num_classes.")
    values = [_const(float(c == k)) for c in classes for k in range(num_classes)]
    return _result(values, tensor._shape + (num_classes,), D.int64, "OneHot", (tensor,))
