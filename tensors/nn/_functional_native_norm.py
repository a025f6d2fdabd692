"""PyTorch's native normalisations, which give their statistics too:
``torch.native_layer_norm``, ``torch.native_group_norm`` and
``torch.native_batch_norm`` return ``(output, mean, rstd)``, the mean and the
reciprocal standard deviation ``1 / sqrt(var + eps)`` of each group (the
biased variance).

The output is ``F.layer_norm``'s, ``F.group_norm``'s and ``F.batch_norm``'s.
As in PyTorch, group norm's statistics are differentiable outputs (their
Values are the sums and square roots the output is computed from), while
layer norm's and batch norm's are plain numbers.

>>> import tensors as torch
>>> out, mean, rstd = torch.native_layer_norm(torch.tensor([[1., 3.]]), [2], None, None, 0.0)
>>> out, mean, rstd
(tensor([[-1.,  1.]]), tensor([[2.]]), tensor([[1.]]))
"""

from __future__ import annotations

import math
from typing import Any, Optional, Sequence

from .._tensor import Tensor, _from_numbers, _result
from ._functional_norm import _normalise, batch_norm, layer_norm
from ._functional_norm_more import group_norm

__all__ = ["native_layer_norm", "native_group_norm", "native_batch_norm"]


def _rstd(var: float, eps: float) -> float:
    # PyTorch's kernels: 1 / sqrt(max(var, 0) + eps), nan where that is negative.
    total = max(var, 0.0) + eps
    return 1.0 / math.sqrt(total) if total > 0 else (math.inf if total == 0 else math.nan)


def _moments(xs: list) -> tuple:
    n = len(xs)
    mean = math.fsum(x.data for x in xs) / n
    var = math.fsum((x.data - mean) ** 2 for x in xs) / n
    return mean, var


def native_layer_norm(
    input: Tensor,
    normalized_shape: Sequence[int],
    weight: Optional[Tensor],
    bias: Optional[Tensor],
    eps: float,
) -> tuple:
    """``(F.layer_norm(...), mean, rstd)``, the statistics shaped as the input with
    the normalised dimensions of size 1.

    >>> import tensors as torch
    >>> torch.native_layer_norm(torch.ones(2, 3), [3], None, None, 1e-5)[1].shape
    torch.Size([2, 1])
    """
    out = layer_norm(input, normalized_shape, weight, bias, eps)
    k = len(normalized_shape)
    size = math.prod(input._shape[input.ndim - k :])
    flat = input._flat()
    means, rstds = [], []
    for start in range(0, len(flat), size):
        mean, var = _moments(flat[start : start + size]) if size else (math.nan, math.nan)
        means.append(mean)
        rstds.append(_rstd(var, eps))
    shape = input._shape[: input.ndim - k] + (1,) * k
    return (
        out,
        _from_numbers(means, shape, input.dtype),
        _from_numbers(rstds, shape, input.dtype),
    )


def native_group_norm(
    input: Tensor,
    weight: Optional[Tensor],
    bias: Optional[Tensor],
    N: int,
    C: int,
    HxW: int,
    group: int,
    eps: float,
) -> tuple:
    """``(F.group_norm(...), mean, rstd)`` of an input of ``N`` samples, ``C``
    channels and ``HxW`` positions; the statistics have shape ``(N, group)`` and
    carry gradients, as PyTorch's do.

    >>> import tensors as torch
    >>> x = torch.tensor([[[1.], [3.]]])
    >>> torch.native_group_norm(x, None, None, 1, 2, 1, 1, 0.0)[2]
    tensor([[1.]])
    """
    out = group_norm(input, group, weight, bias, eps)
    flat = input._flat()
    size = (C // group) * HxW if group else 0
    means, rstds = [], []
    for start in range(0, N * C * HxW, size or 1):
        if not size:
            break
        xs = flat[start : start + size]
        _, mean, squares = _normalise(xs, eps)
        means.append(mean)
        rstds.append(1.0 / (squares / len(xs) + eps).sqrt())
    shape = (N, group)
    inputs = (input, weight, bias)
    name = "NativeGroupNormBackward0"
    return (
        out,
        _result(means, shape, input.dtype, name, inputs, op="group_norm"),
        _result(rstds, shape, input.dtype, name, inputs, op="group_norm"),
    )


def native_batch_norm(
    input: Tensor,
    weight: Optional[Tensor],
    bias: Optional[Tensor],
    running_mean: Optional[Tensor],
    running_var: Optional[Tensor],
    training: bool,
    momentum: float,
    eps: float,
) -> tuple:
    """``(F.batch_norm(...), save_mean, save_invstd)``: in training the batch's mean
    and ``1 / sqrt(var + eps)`` per channel (the running statistics, when given,
    are updated as ``F.batch_norm`` updates them); in evaluation two empty tensors.

    >>> import tensors as torch
    >>> out, mean, invstd = torch.native_batch_norm(
    ...     torch.tensor([[1.], [3.]]), None, None, None, None, True, 0.1, 0.0)
    >>> mean, invstd
    (tensor([2.]), tensor([1.]))
    """
    stats: Any = ([], [])
    if training:
        n, c = input._shape[0], input._shape[1]
        inner = math.prod(input._shape[2:])
        flat = input._flat()
        for ch in range(c):
            xs = [flat[b * c * inner + ch * inner + k] for b in range(n) for k in range(inner)]
            mean, var = _moments(xs) if xs else (math.nan, math.nan)
            stats[0].append(mean)
            stats[1].append(_rstd(var, eps))
    out = batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)
    shape = (len(stats[0]),)
    return (
        out,
        _from_numbers(stats[0], shape, input.dtype),
        _from_numbers(stats[1], shape, input.dtype),
    )
