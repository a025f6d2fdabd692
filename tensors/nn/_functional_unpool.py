"""``max_unpool1d``, ``max_unpool2d`` and ``max_unpool3d``: each pooled value put
back where its index says, zeros elsewhere (one n-d code for the three).

A place that one value is written to holds a copy of it. A place written by
several (repeated indices) holds the last value, and PyTorch's backward (a
gather) gives every writer the place's gradient: here ``last + (s - s.data)``
with ``s`` the sum of the others, which adds exactly 0 to the value and passes
the gradient to each of them (a sum and a subtraction of the table).

>>> import tensors as torch
>>> F = torch.nn.functional
>>> out, idx = F.max_pool1d(torch.tensor([[[1., 3., 2., 0.]]]), 2, return_indices=True)
>>> F.max_unpool1d(out, idx, 2)
tensor([[[0., 3., 2., 0.]]])
"""

from __future__ import annotations

from typing import Any, Optional

from autograd_scalar import Value
from autograd_scalar.value import _const

from .._ops.arithmetic import _fresh
from .._shape import numel
from .._tensor import Tensor, _result
from ._functional_conv import _tuple


def _unpool(
    input: Tensor, indices: Tensor, kernel_size: Any, stride: Any, padding: Any,
    output_size: Any, nd: int,
) -> Tensor:  # fmt: skip
    k = _tuple(kernel_size, nd)
    s = k if stride is None else _tuple(stride, nd)
    p = _tuple(padding, nd)
    spatial = input._shape[-nd:]
    default = tuple((i - 1) * st - 2 * pd + kk for i, st, pd, kk in zip(spatial, s, p, k))
    if output_size is None:
        size = default
    else:
        size = tuple(int(v) for v in output_size)
        if len(size) == nd + 2:
            size = size[2:]
        if len(size) != nd:
            raise ValueError(
                f"output_size should be a sequence containing {nd} or {nd + 2} elements, but it "
                f"has a length of '{len(size)}'"
            )
        for d, (want, dflt, st) in enumerate(zip(size, default, s)):
            if not dflt - st < want < dflt + st:
                raise ValueError(
                    f'invalid output_size "{size}" (dim {d} must be between {dflt - st} and '
                    f"{dflt + st})"
                )
    if indices._shape != input._shape:
        raise RuntimeError(
            f"Expected shape of indices to be same as that of the input tensor "
            f"({list(input._shape)}) but got indices tensor with shape: "
            f"{list(indices._shape)}"
        )
    plane_in, plane_out = numel(spatial), numel(size)
    flat, where = input._flat(), [int(v.data) for v in indices._flat()]
    writes: list = [[] for _ in range(len(flat) // max(plane_in, 1) * plane_out)]
    for i, (v, at) in enumerate(zip(flat, where)):
        if not 0 <= at < plane_out:
            raise RuntimeError(
                f"Found an invalid max index: {at} (output volumes are of size "
                f"{'x'.join(map(str, size))}"
            )
        writes[(i // plane_in) * plane_out + at].append(v)
    zero = _const(0.0)
    out = [zero if not vs else (_fresh(vs[0]) if len(vs) == 1 else _last(vs)) for vs in writes]
    shape = input._shape[:-nd] + size
    name = f"MaxUnpool{nd}DBackward0" if nd > 1 else "SqueezeBackward1"
    return _result(out, shape, input.dtype, name, (input,), op=f"max_unpool{nd}d")


def _last(values: list) -> Value:
    others = Value.sum(values[:-1])
    return values[-1] + (others - others.data)


def max_unpool1d(
    input: Tensor, indices: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,
    output_size: Optional[Any] = None,
) -> Tensor:  # fmt: skip
    """The inverse of ``max_pool1d``: ``input``'s values at ``indices``, zeros elsewhere.

    >>> import tensors as torch
    >>> F = torch.nn.functional
    >>> F.max_unpool1d(torch.tensor([[5.]]), torch.tensor([[1]]), 2)
    tensor([[0., 5.]])
    """
    return _unpool(input, indices, kernel_size, stride, padding, output_size, 1)


def max_unpool2d(
    input: Tensor, indices: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,
    output_size: Optional[Any] = None,
) -> Tensor:  # fmt: skip
    """The inverse of ``max_pool2d``: ``input``'s values at ``indices`` (positions in each
    ``H * W`` plane), zeros elsewhere.

    >>> import tensors as torch
    >>> F = torch.nn.functional
    >>> F.max_unpool2d(torch.tensor([[[[5.]]]]), torch.tensor([[[[3]]]]), 2)
    tensor([[[[0., 0.],
              [0., 5.]]]])
    """
    return _unpool(input, indices, kernel_size, stride, padding, output_size, 2)


def max_unpool3d(
    input: Tensor, indices: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,
    output_size: Optional[Any] = None,
) -> Tensor:  # fmt: skip
    """The inverse of ``max_pool3d``: ``input``'s values at ``indices`` (positions in each
    ``D * H * W`` volume), zeros elsewhere.

    >>> import tensors as torch
    >>> F = torch.nn.functional
    >>> F.max_unpool3d(torch.tensor([[[[[5.]]]]]), torch.tensor([[[[[1]]]]]), (1, 1, 2)).flatten()
    tensor([0., 5.])
    """
    return _unpool(input, indices, kernel_size, stride, padding, output_size, 3)
