"""Triangles and masks: ``tril``, ``triu``, ``masked_fill``; the truth reductions
``all`` and ``any``; ``log10``. Each result is a new tensor (a copy), its kept
elements the input's, so gradients flow through them and stop at the elements
filled in.

>>> import tensors as torch
>>> torch.ones(3, 3).tril()
tensor([[1., 0., 0.],
        [1., 1., 0.],
        [1., 1., 1.]])
"""

from __future__ import annotations

import math
from typing import Any

from autograd_scalar.value import _const

from .. import _dtype as D
from .._shape import broadcast_shapes, broadcast_to, reduce_groups
from .._tensor import Tensor, _from_numbers, _result
from .arithmetic import _fresh, _unary
from .reductions import _dims, _reduced_shape

__all__ = ["tril", "triu", "masked_fill", "all", "any", "log10"]


def _triangle(input: Tensor, diagonal: int, lower: bool, name: str) -> Tensor:
    if input.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
    rows, cols = input._shape[-2], input._shape[-1]
    flat = input._flat()
    out = []
    for k, v in enumerate(flat):
        i, j = divmod(k % (rows * cols), cols)
        keep = j - i <= diagonal if lower else j - i >= diagonal
        out.append(_fresh(v) if keep else _const(0.0))
    grad_name = "TrilBackward0" if lower else "TriuBackward0"
    return _result(out, input._shape, input.dtype, grad_name, (input,), op=name)


def tril(input: Tensor, diagonal: int = 0) -> Tensor:
    """The lower triangle of the last two dimensions (``j - i <= diagonal``); zeros above.

    >>> import tensors as torch
    >>> torch.tensor([[1., 2.], [3., 4.]]).tril()
    tensor([[1., 0.],
            [3., 4.]])
    """
    return _triangle(input, diagonal, True, "tril")


def triu(input: Tensor, diagonal: int = 0) -> Tensor:
    """The upper triangle of the last two dimensions (``j - i >= diagonal``); zeros below.

    >>> import tensors as torch
    >>> torch.ones(2, 3).triu(1)
    tensor([[0., 1., 1.],
            [0., 0., 1.]])
    """
    return _triangle(input, diagonal, False, "triu")


_C_NAMES = {
    "float32": "float",
    "float64": "double",
    "int64": "long int",
    "int32": "int",
    "int16": "short int",
    "int8": "signed char",
    "uint8": "unsigned char",
}


def masked_fill(input: Tensor, mask: Tensor, value: Any) -> Tensor:
    """``value`` where ``mask`` is True (broadcast to ``input``'s shape), else ``input``.

    >>> import tensors as torch
    >>> torch.zeros(2, 2).masked_fill(torch.ones(2, 2).tril() == 0, float("-inf"))
    tensor([[0., -inf],
            [0., 0.]])
    """
    if mask.dtype is not D.bool:
        raise RuntimeError(
            "masked_fill_ only supports boolean masks, but got mask with dtype "
            f"{_C_NAMES.get(mask.dtype.name, mask.dtype.name)}"
        )
    if isinstance(value, Tensor):
        if value.ndim != 0:
            raise RuntimeError(
                "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                f"{value.ndim} dimension(s)."
            )
        value = value.item()
    shape = tuple(broadcast_shapes(input._shape, mask._shape))
    fill = input.dtype.cast(float(value))
    marks = broadcast_to(mask._flat(), mask._shape, shape)
    values = broadcast_to(input._flat(), input._shape, shape)
    out = [_const(fill) if m.data else _fresh(v) for m, v in zip(marks, values)]
    return _result(out, shape, input.dtype, "MaskedFillBackward0", (input,), op="masked_fill")


def _truth(input: Tensor, dim: Any, keepdim: bool, every: bool) -> Tensor:
    flat = [v.data != 0 for v in input._flat()]
    test = builtins_all if every else builtins_any
    if dim is None:
        return _from_numbers([test(flat)], (), D.bool)
    dims = _dims(dim, input.ndim)
    groups, _ = reduce_groups(input._shape, dims)
    out = [test(flat[i] for i in g) for g in groups]
    return _from_numbers(out, _reduced_shape(input._shape, dims, keepdim), D.bool)


builtins_all, builtins_any = all, any


def all(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:  # noqa: A001
    """True where every element (along ``dim``) is nonzero.

    >>> import tensors as torch
    >>> torch.tensor([[1, 0], [2, 3]]).all(1)
    tensor([False,  True])
    """
    return _truth(input, dim, keepdim, True)


def any(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:  # noqa: A001
    """True where some element (along ``dim``) is nonzero.

    >>> import tensors as torch
    >>> torch.tensor([0., 0.]).any()
    tensor(False)
    """
    return _truth(input, dim, keepdim, False)


_LN10 = math.log(10.0)


def log10(input: Tensor) -> Tensor:
    """Elementwise base-10 logarithm: ``log(x) / log(10)``.

    >>> import tensors as torch
    >>> torch.tensor([100.0, 0.001]).log10()
    tensor([ 2., -3.])
    """
    return _unary(input, lambda v: v.log() / _LN10, "Log10Backward0", "log10")
