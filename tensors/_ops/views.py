"""Views: the same storage, read with other sizes and strides.

``reshape``, ``view``, ``flatten``, ``unsqueeze``, ``squeeze``, ``permute``,
``transpose`` (``swapaxes``), ``t`` and ``expand`` read their input's
storage through a new layout (``tensors/_storage.py`` computes it), so an
in-place write through any of them is seen by all; ``_view`` makes every
view, slices included. ``reshape`` copies exactly where PyTorch's does: when
no strides can read the input's cells in the new shape. Follows PyTorch's
"Tensor Views" page (https://pytorch.org/docs/stable/tensor_view.html).

>>> import tensors as torch
>>> torch.arange(6).reshape(2, 3).t().shape
torch.Size([3, 2])
"""

from __future__ import annotations

import builtins
from typing import Any, Sequence

from .. import _dtype as D
from .. import _storage as S
from .._shape import numel, wrap_dim
from .._tensor import Tensor, _result, _type_name
from .reductions import _dims


def _view(t: Tensor, layout: tuple, name: str, op: str) -> Tensor:
    """A view of ``t``: ``layout`` is (offset change, shape, stride) in its storage."""
    delta, shape, stride = layout
    return _result(
        None,
        tuple(shape),
        t.dtype,
        name,
        (t,),
        op=op,
        view_of=t,
        layout=(t._offset + delta, tuple(shape), tuple(stride)),
    )


def _same(t: Tensor) -> tuple:
    return (0, t._shape, t._stride)


def _reshaped(t: Tensor, shape: tuple, name: str, op: str, copy_ok: bool = True) -> Tensor:
    """``t`` in a new shape: a view when strides can read its cells so, else
    (``reshape``) a copy, recorded as PyTorch records it."""
    stride = S.view_strides(t._shape, t._stride, shape)
    if stride is not None:
        return _view(t, (0, shape, stride), name, op)
    if not copy_ok:
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead."
        )
    copy = t.clone()
    return _result(copy._cells(), shape, t.dtype, "UnsafeViewBackward0", (copy,), op=op)


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
    return _reshaped(input, _infer_size(sizes, input.numel()), "ViewBackward0", "reshape")


def _reshape_method(input: Tensor, *shape: Any) -> Tensor:
    # ``x.reshape(...)``: PyTorch counts the shape as argument 1 here, 2 in torch.reshape.
    sizes = _int_sizes("reshape", "shape", shape, 1)
    return _reshaped(input, _infer_size(sizes, input.numel()), "ViewBackward0", "reshape")


def view(input: Tensor, *shape: Any) -> Tensor:
    """The same cells in a new shape, never a copy (refused when the strides
    cannot do it: ``reshape`` copies then).

    >>> import tensors as torch
    >>> torch.arange(6).view(3, 2).stride()
    (2, 1)
    """
    sizes = _int_sizes("view", "size", shape)
    return _reshaped(input, _infer_size(sizes, input.numel()), "ViewBackward0", "view", False)


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge dimensions ``start_dim..end_dim`` into one.

    >>> import tensors as torch
    >>> torch.zeros(2, 3, 4).flatten(1).shape
    torch.Size([2, 12])
    """
    if input.ndim == 0:
        return _reshaped(input, (1,), "ViewBackward0", "flatten")
    s, e = wrap_dim(start_dim, input.ndim), wrap_dim(end_dim, input.ndim)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return input
    shape = input._shape[:s] + (numel(input._shape[s : e + 1]),) + input._shape[e + 1 :]
    return _reshaped(input, shape, "ViewBackward0", "flatten")


def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """Insert a dimension of size 1 at ``dim``."""
    d = wrap_dim(dim, input.ndim + 1)
    layout = S.unsqueeze(input._shape, input._stride, d)
    return _view(input, layout, "UnsqueezeBackward0", "unsqueeze")


def squeeze(input: Tensor, dim: Any = None) -> Tensor:
    """Remove dimensions of size 1 (all of them, or ``dim``)."""
    if dim is None:
        dims = range(input.ndim)
        name = "SqueezeBackward0"
    else:
        # An empty list of dims squeezes none (a reduction's means all of them).
        empty = isinstance(dim, (tuple, list)) and not dim
        dims = _dims(dim, builtins.max(input.ndim, 1)) if input.ndim and not empty else []
        name = "SqueezeBackward1" if not isinstance(dim, (tuple, list)) else "SqueezeBackward2"
    return _view(input, S.squeeze(input._shape, input._stride, set(dims)), name, "squeeze")


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
    return _view(input, S.permute(input._shape, input._stride, dims), "PermuteBackward0", "permute")


def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """Swap two dimensions.

    >>> import tensors as torch
    >>> torch.zeros(2, 3, 4).transpose(0, -1).shape
    torch.Size([4, 3, 2])
    """
    dims = list(range(input.ndim))
    d0, d1 = wrap_dim(dim0, input.ndim), wrap_dim(dim1, input.ndim)
    if input.ndim == 0:
        return _view(input, _same(input), "TransposeBackward0", "transpose")
    dims[d0], dims[d1] = dims[d1], dims[d0]
    layout = S.permute(input._shape, input._stride, dims)
    return _view(input, layout, "TransposeBackward0", "transpose")


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
        return _view(input, _same(input), "TBackward0", "t")
    return _view(input, S.permute(input._shape, input._stride, (1, 0)), "TBackward0", "t")


def _T(input: Tensor) -> Tensor:
    dims = list(range(input.ndim))[::-1]
    return _view(input, S.permute(input._shape, input._stride, dims), "PermuteBackward0", "permute")


def expand(input: Tensor, *sizes: Any) -> Tensor:
    """View with size-1 dimensions repeated (no copies: the same Values, used again).

    >>> import tensors as torch
    >>> torch.tensor([1., 2.]).expand(2, 2)
    tensor([[1., 2.],
            [1., 2.]])
    """
    shape = _expanded_shape(input._shape, _int_sizes("expand", "size", sizes), input.dtype)
    layout = S.expand(input._shape, input._stride, shape)
    return _view(input, layout, "ExpandBackward0", "expand")


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


def select(input: Tensor, dim: int, index: int) -> Tensor:
    """The slice at ``index`` along ``dim``, that dimension removed (a view).

    >>> import tensors as torch
    >>> torch.arange(6).reshape(2, 3).select(1, -1)
    tensor([2, 5])
    """
    if input.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, input.ndim)
    size = input._shape[d]
    if not -size <= index < size:
        raise IndexError(
            f"select(): index {index} out of range for tensor of size {list(input._shape)} at "
            f"dimension {d}"
        )
    layout = S.select(input._shape, input._stride, d, index % size)
    return _view(input, layout, "SelectBackward0", "select")


def narrow(input: Tensor, dim: int, start: Any, length: int) -> Tensor:
    """``length`` elements along ``dim`` from ``start`` (a view).

    >>> import tensors as torch
    >>> torch.arange(6).reshape(2, 3).narrow(1, 1, 2)
    tensor([[1, 2],
            [4, 5]])
    """
    if input.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, input.ndim)
    size = input._shape[d]
    if isinstance(start, Tensor):
        if start.ndim or start.dtype.is_floating_point or start.dtype is D.bool:
            raise RuntimeError("start must be an 0-dim integral Tensor.")
        start = int(start.item())
    if not -size <= start <= size:
        raise IndexError(
            f"start out of range (expected to be in range of [{-size}, {size}], but got {start})"
        )
    start %= size if size else 1
    if length < 0 or start + length > size:
        raise RuntimeError(
            f"start ({start}) + length ({length}) exceeds dimension size ({size})."
            if length >= 0
            else "narrow(): length must be non-negative."
        )
    layout = S.narrow(input._shape, input._stride, d, start, length)
    return _view(input, layout, "SliceBackward0", "narrow")


def diagonal(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """The diagonal of two dimensions (moved to the end), a view.

    >>> import tensors as torch
    >>> torch.arange(9).reshape(3, 3).diagonal(1)
    tensor([1, 5])
    """
    d1, d2 = wrap_dim(dim1, input.ndim), wrap_dim(dim2, input.ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    layout = S.diagonal(input._shape, input._stride, offset, d1, d2)
    return _view(input, layout, "DiagonalBackward0", "diagonal")


def unfold(input: Tensor, dimension: int, size: int, step: int) -> Tensor:
    """Every window of ``size`` elements along ``dimension``, ``step`` apart, as a
    new last dimension (a view: windows share elements).

    >>> import tensors as torch
    >>> torch.arange(5).unfold(0, 2, 2)
    tensor([[0, 1],
            [2, 3]])
    """
    d = wrap_dim(dimension, input.ndim)
    have = input._shape[d] if input.ndim else 1
    if size > have:
        raise RuntimeError(f"maximum size for tensor at dimension {d} is {have} but size is {size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    layout = S.unfold(input._shape, input._stride, d, size, step)
    return _view(input, layout, "UnfoldBackward0", "unfold")


def as_strided(
    input: Tensor, size: Sequence[int], stride: Sequence[int], storage_offset: Any = None
) -> Tensor:
    """A view with the given sizes, strides and offset into ``input``'s storage.

    >>> import tensors as torch
    >>> torch.arange(6.).as_strided((2, 2), (1, 2), 1)
    tensor([[1., 3.],
            [2., 4.]])
    """
    size, stride = tuple(int(s) for s in size), tuple(int(s) for s in stride)
    offset = input._offset if storage_offset is None else int(storage_offset)
    if len(size) != len(stride):
        raise RuntimeError(f"mismatch in length of strides and shape: {len(stride)} != {len(size)}")
    if any(st < 0 for st in stride):
        raise RuntimeError(
            "as_strided: Negative strides are not supported at the moment, got strides: "
            f"{list(stride)}"
        )
    if any(n < 0 for n in size):
        raise RuntimeError(
            f"Trying to create tensor with negative dimension {min(size)}: {list(size)}"
        )
    need = S.extent(offset, size, stride)
    have = len(input._storage.cells)
    if need > have:
        item = input.dtype.itemsize
        raise RuntimeError(
            f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {offset}, "
            f"and itemsize {item} requiring a storage size of {need * item} are out of bounds "
            f"for storage of size {have * item}"
        )
    return _view(input, (offset - input._offset, size, stride), "AsStridedBackward0", "as_strided")


def movedim(input: Tensor, source: Any, destination: Any) -> Tensor:
    """Move dimensions to new places, the others keeping their order (a view).

    >>> import tensors as torch
    >>> torch.zeros(2, 3, 4).movedim(0, -1).shape
    torch.Size([3, 4, 2])
    """
    src = [source] if isinstance(source, int) else list(source)
    dst = [destination] if isinstance(destination, int) else list(destination)
    if len(src) != len(dst):
        raise RuntimeError(
            f"movedim: Invalid source or destination dims: source ({src} dims) should contain "
            f"the same number of dims as destination ({dst} dims)"
        )
    n = input.ndim
    src = [wrap_dim(d, n) for d in src]
    dst = [wrap_dim(d, n) for d in dst]
    for name, dims in (("source", src), ("destination", dst)):
        if len(set(dims)) != len(dims):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({dims})")
    order: list = [None] * n
    for s, d in zip(src, dst):
        order[d] = s
    rest = iter(i for i in range(n) if i not in src)
    order = [o if o is not None else next(rest) for o in order]
    return _view(
        input, S.permute(input._shape, input._stride, order), "PermuteBackward0", "movedim"
    )


moveaxis = movedim


def view_as(input: Tensor, other: Tensor) -> Tensor:
    """``input.view(other.shape)``.

    >>> import tensors as torch
    >>> torch.arange(4).view_as(torch.zeros(2, 2)).shape
    torch.Size([2, 2])
    """
    return view(input, tuple(other._shape))


def _mT(input: Tensor) -> Tensor:
    if input.ndim < 2:
        raise RuntimeError(
            "tensor.mT is only supported on matrices or batches of matrices. Got "
            f"{input.ndim}-D tensor."
        )
    return transpose(input, -2, -1)


def unflatten(input: Tensor, dim: int, sizes: Sequence[int]) -> Tensor:
    """Split dimension ``dim`` into ``sizes`` (one of them may be -1): a view.

    >>> import tensors as torch
    >>> torch.arange(6).unflatten(0, (2, -1))
    tensor([[0, 1, 2],
            [3, 4, 5]])
    """
    d = wrap_dim(dim, input.ndim)
    sizes = [int(s) for s in sizes]
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    have = input._shape[d] if input.ndim else 1
    if -1 not in sizes and numel(sizes) != have:
        raise RuntimeError(
            f"unflatten: Provided sizes {sizes} don't multiply up to the size of dim {dim} "
            f"({have}) in the input tensor"
        )
    inner = _infer_size(sizes, have)
    shape = input._shape[:d] + inner + input._shape[d + 1 :]
    # Splitting one dimension is always a view (its stride is subdivided).
    return _reshaped(input, shape, "ViewBackward0", "unflatten", copy_ok=False)


def _H(input: Tensor) -> Tensor:
    if input.ndim != 2:
        hint = " For batches of matrices, consider using tensor.mH" if input.ndim > 2 else ""
        raise RuntimeError(
            f"tensor.H is only supported on matrices (2-D tensors). Got {input.ndim}-D tensor."
            + hint
        )
    return transpose(input, 0, 1)


def _mH(input: Tensor) -> Tensor:
    if input.ndim < 2:
        raise RuntimeError(
            "tensor.mH is only supported on matrices or batches of matrices. Got "
            f"{input.ndim}-D tensor."
        )
    return transpose(input, -2, -1)


def adjoint(input: Tensor) -> Tensor:
    """The conjugate transpose of the last two dimensions (for real numbers, ``mT``): a view.

    >>> import tensors as torch
    >>> torch.zeros(4, 2, 3).adjoint().shape
    torch.Size([4, 3, 2])
    """
    if input.ndim < 2:
        raise RuntimeError(
            "tensor.adjoint() is only supported on matrices or batches of matrices. Got "
            f"{input.ndim}-D tensor."
        )
    return transpose(input, -2, -1)
