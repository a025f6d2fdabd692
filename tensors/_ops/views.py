"""Views: the same Values, arranged differently.

``reshape``, ``view``, ``flatten``, ``unsqueeze``, ``squeeze``, ``permute``,
``transpose`` (``swapaxes``), ``t`` and ``expand`` share their input's
Values and remember their base, so an in-place write through a view reaches
it; ``_view`` makes every view, slices included. Follows PyTorch's "Tensor
Views" page (https://pytorch.org/docs/stable/tensor_view.html).

>>> import tensors as torch
>>> torch.arange(6).reshape(2, 3).t().shape
torch.Size([3, 2])
"""

from __future__ import annotations

import builtins
from typing import Any, Optional, Sequence

from .. import _dtype as D
from .._shape import (
    broadcast_index,
    numel,
    strides,
    wrap_dim,
)
from .._tensor import Tensor, _result, _type_name
from .reductions import _dims


def _view(t: Tensor, shape: tuple, index: Optional[Sequence[int]], name: str, op: str) -> Tensor:
    flat = t._flat()
    out = flat if index is None else [flat[i] for i in index]
    return _result(list(out), tuple(shape), t.dtype, name, (t,), op=op, base=t, base_index=index)


def _infer_size(shape: Sequence[int], n: int) -> tuple:
    shape = list(shape)
    if shape.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = numel([s for s in shape if s != -1])
    if -1 in shape:
        if known == 0 or n % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {n}")
        shape[shape.index(-1)] = n // known
    if numel(shape) != n:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {n}")
    return tuple(shape)


def _shape_args(shape: Sequence[Any]) -> tuple:
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        return tuple(shape[0])
    return tuple(shape)


def _is_int(x: Any) -> bool:
    # An int, or what Python indexes with (a NumPy integer); never a float.
    return (
        isinstance(x, int)
        or (not isinstance(x, float) and hasattr(type(x), "__index__") and not hasattr(x, "shape"))
        or (isinstance(x, Tensor) and x.ndim == 0 and not x.dtype.is_floating_point)
    )


def _python_type(x: Any) -> str:
    return type(x).__name__


def _invalid_view(got: str, mismatch: str) -> TypeError:
    why = (
        f"      didn't match because some of the arguments have invalid types: (!{mismatch}!)\n"
        if mismatch
        else ""
    )
    return TypeError(
        f"view() received an invalid combination of arguments - got ({got}), but expected one "
        f"of:\n * (torch.dtype dtype)\n{why} * (tuple of ints size)\n{why}"
    )


def _int_sizes(name: str, arg: str, sizes: tuple, position: int = 1) -> tuple:
    """The sizes of ``reshape``/``view``/``expand``, refused up front with PyTorch's
    argument-parser errors when one is not an int (``reshape(2.0, 3)``)."""
    single = len(sizes) == 1
    seq = sizes[0] if single and isinstance(sizes[0], (tuple, list)) else sizes
    if single and not isinstance(sizes[0], (tuple, list)) and not _is_int(sizes[0]):
        if name == "view":
            t = _python_type(sizes[0])
            raise _invalid_view(t, t)
        raise TypeError(
            f"{name}(): argument '{arg}' (position {position}) must be tuple of ints, not "
            f"{_python_type(sizes[0])}"
        )
    if seq and not _is_int(seq[0]):
        types = ", ".join(_python_type(x) for x in seq)
        if seq is sizes:  # several sizes, the first not an int
            if name == "view":
                raise _invalid_view(types, "")
            raise TypeError(f"{name}() takes 1 positional argument but {len(sizes)} were given")
        if name == "view":
            kind = "tuple of (" + types + ")" if isinstance(seq, tuple) else f"list of [{types}]"
            raise _invalid_view(type(seq).__name__, kind)
        raise TypeError(
            f"{name}(): argument '{arg}' (position {position}) must be tuple of ints, but found "
            f"element of type {_python_type(seq[0])} at pos 0"
        )
    for i, x in enumerate(seq):
        if not _is_int(x):
            raise TypeError(
                f"{name}(): argument '{arg}' failed to unpack the object at pos {i + 1} with "
                f'error "type must be tuple of ints,but got {_python_type(x)}"'
            )
    return tuple(int(x) for x in seq)


def reshape(input: Tensor, *shape: Any) -> Tensor:
    """The same elements in a new shape (one size may be -1).

    >>> import tensors as torch
    >>> torch.arange(6).reshape(2, -1)
    tensor([[0, 1, 2],
            [3, 4, 5]])
    """
    sizes = _int_sizes("reshape", "shape", shape, 2)
    return _view(input, _infer_size(sizes, input.numel()), None, "ViewBackward0", "reshape")


def _reshape_method(input: Tensor, *shape: Any) -> Tensor:
    # ``x.reshape(...)``: PyTorch counts the shape as argument 1 here, 2 in torch.reshape.
    sizes = _int_sizes("reshape", "shape", shape, 1)
    return _view(input, _infer_size(sizes, input.numel()), None, "ViewBackward0", "reshape")


def view(input: Tensor, *shape: Any) -> Tensor:
    """Like ``reshape`` (nested lists are always contiguous)."""
    sizes = _int_sizes("view", "size", shape)
    return _view(input, _infer_size(sizes, input.numel()), None, "ViewBackward0", "view")


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge dimensions ``start_dim..end_dim`` into one.

    >>> import tensors as torch
    >>> torch.zeros(2, 3, 4).flatten(1).shape
    torch.Size([2, 12])
    """
    if input.ndim == 0:
        return _view(input, (1,), None, "ViewBackward0", "flatten")
    s, e = wrap_dim(start_dim, input.ndim), wrap_dim(end_dim, input.ndim)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return input
    shape = input._shape[:s] + (numel(input._shape[s : e + 1]),) + input._shape[e + 1 :]
    return _view(input, shape, None, "ViewBackward0", "flatten")


def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """Insert a dimension of size 1 at ``dim``."""
    d = wrap_dim(dim, input.ndim + 1)
    shape = input._shape[:d] + (1,) + input._shape[d:]
    return _view(input, shape, None, "UnsqueezeBackward0", "unsqueeze")


def squeeze(input: Tensor, dim: Any = None) -> Tensor:
    """Remove dimensions of size 1 (all of them, or ``dim``)."""
    if dim is None:
        shape = tuple(s for s in input._shape if s != 1)
        name = "SqueezeBackward0"
    else:
        # An empty list of dims squeezes none (a reduction's means all of them).
        empty = isinstance(dim, (tuple, list)) and not dim
        dims = _dims(dim, builtins.max(input.ndim, 1)) if input.ndim and not empty else []
        shape = tuple(s for i, s in enumerate(input._shape) if not (i in dims and s == 1))
        name = "SqueezeBackward1" if not isinstance(dim, (tuple, list)) else "SqueezeBackward2"
    return _view(input, shape, None, name, "squeeze")


def _permute_index(shape: tuple, dims: Sequence[int]) -> list:
    st = strides(shape)
    idx = [0]
    for d in dims:
        stride = st[d]
        idx = [i + k * stride for i in idx for k in range(shape[d])]
    return idx


def permute(input: Tensor, *dims: Any) -> Tensor:
    """Reorder the dimensions.

    >>> import tensors as torch
    >>> torch.zeros(2, 3, 4).permute(2, 0, 1).shape
    torch.Size([4, 2, 3])
    """
    if not dims:
        raise TypeError('permute() missing 1 required positional arguments: "dims"')
    dims = _shape_args(dims)
    if len(dims) != input.ndim:
        raise RuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match "
            "the length of the desired ordering of dimensions i.e. input.dim() = "
            f"{input.ndim} is not equal to len(dims) = {len(dims)}"
        )
    dims = [wrap_dim(d, input.ndim) for d in dims]
    if len(set(dims)) != len(dims):
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    shape = tuple(input._shape[d] for d in dims)
    return _view(input, shape, _permute_index(input._shape, dims), "PermuteBackward0", "permute")


def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """Swap two dimensions.

    >>> import tensors as torch
    >>> torch.zeros(2, 3, 4).transpose(0, -1).shape
    torch.Size([4, 3, 2])
    """
    dims = list(range(input.ndim))
    d0, d1 = wrap_dim(dim0, input.ndim), wrap_dim(dim1, input.ndim)
    if input.ndim == 0:
        return _view(input, (), None, "TransposeBackward0", "transpose")
    dims[d0], dims[d1] = dims[d1], dims[d0]
    shape = tuple(input._shape[d] for d in dims)
    return _view(
        input, shape, _permute_index(input._shape, dims), "TransposeBackward0", "transpose"
    )


swapaxes = transpose


def t(input: Tensor) -> Tensor:
    """Transpose a tensor of at most 2 dimensions.

    >>> import tensors as torch
    >>> torch.tensor([[1, 2, 3]]).t()
    tensor([[1],
            [2],
            [3]])
    """
    if input.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {input.ndim}D")
    if input.ndim < 2:
        return _view(input, input._shape, None, "TBackward0", "t")
    return _view(input, input._shape[::-1], _permute_index(input._shape, [1, 0]), "TBackward0", "t")


def _T(input: Tensor) -> Tensor:
    dims = list(range(input.ndim))[::-1]
    return _view(
        input, input._shape[::-1], _permute_index(input._shape, dims), "PermuteBackward0", "permute"
    )


def expand(input: Tensor, *sizes: Any) -> Tensor:
    """View with size-1 dimensions repeated (no copies: the same Values, used again).

    >>> import tensors as torch
    >>> torch.tensor([1., 2.]).expand(2, 2)
    tensor([[1., 2.],
            [1., 2.]])
    """
    shape = _expanded_shape(input._shape, _int_sizes("expand", "size", sizes), input.dtype)
    return _view(input, shape, broadcast_index(input._shape, shape), "ExpandBackward0", "expand")


def _expanded_shape(have: tuple, sizes: tuple, dtype: D.dtype) -> tuple:
    """The shape ``expand(*sizes)`` gives a tensor of shape ``have``, with PyTorch's errors."""
    if len(sizes) < len(have):
        raise RuntimeError(
            f"expand(torch.{_type_name(dtype)}Tensor{{{list(have)}}}, size={list(sizes)}): the "
            f"number of sizes provided ({len(sizes)}) must be greater or equal to the number of "
            f"dimensions in the tensor ({len(have)})"
        )
    pad = len(sizes) - len(have)
    shape = []
    for i, s in enumerate(sizes):
        size = have[i - pad] if i >= pad else 1
        if s == -1:
            if i < pad:
                raise RuntimeError(
                    f"The expanded size of the tensor (-1) isn't allowed in a leading, "
                    f"non-existing dimension {i}"
                )
            s = size
        if size != 1 and s != size:
            raise RuntimeError(
                f"The expanded size of the tensor ({s}) must match the existing size ({size}) at "
                f"non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor sizes: "
                f"{list(have)}"
            )
        shape.append(s)
    return tuple(shape)
