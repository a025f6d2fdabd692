"""Normalisation: ``F.batch_norm`` and ``F.layer_norm``, as ``torch.nn.functional``.

Both are one tensor op (``NativeBatchNormBackward0``, ``NativeLayerNormBackward0``)
whose scalar graph spells out the formula of each group: the mean as a sum
divided by the count, the biased variance as a sum of squared deviations
divided by the count, then ``(x - mean) * (1 / sqrt(var + eps)) * w + b``.
Every derivative is the op table's, through those sums and products.

>>> import tensors as torch
>>> import tensors.nn.functional as F
>>> F.layer_norm(torch.tensor([[1., 3.]]), (2,))
tensor([[-1.0000,  1.0000]])
"""

from __future__ import annotations

import math
from typing import Any, Optional, Sequence

from autograd_scalar import Value, no_grad

from .._shape import Size
from .._tensor import Tensor, _result

__all__ = ["batch_norm", "layer_norm"]


def _normalise(xs: list, eps: float, mean: Any = None, var: Any = None) -> tuple:
    """``(x - mean) / sqrt(var + eps)`` for one group of Values: the group's own
    biased statistics, or the given (constant) ones. Also the sum of squared
    deviations (for the running variance)."""
    n = len(xs)
    squares = None
    if mean is None:
        mean = Value.sum(xs) / n
        centred = [x - mean for x in xs]
        squares = Value.sum([d * d for d in centred])
        var = squares / n
    else:
        centred = [x - mean for x in xs]
    invstd = 1.0 / (var + eps).sqrt() if isinstance(var, Value) else 1.0 / math.sqrt(var + eps)
    return [d * invstd for d in centred], mean, squares


def batch_norm(
    input: Tensor,
    running_mean: Optional[Tensor],
    running_var: Optional[Tensor],
    weight: Optional[Tensor] = None,
    bias: Optional[Tensor] = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise each channel (dimension 1) of ``(N, C, *)`` input.

    In training the batch's statistics are used, and the running ones (when
    given) move towards them by ``momentum``, the variance unbiased; otherwise
    the running statistics are used.

    >>> import tensors as torch
    >>> import tensors.nn.functional as F
    >>> mean, var = torch.zeros(1), torch.ones(1)
    >>> F.batch_norm(torch.tensor([[1.], [3.]]), mean, var, training=True)
    tensor([[-1.0000],
            [ 1.0000]])
    >>> mean, var
    (tensor([0.2000]), tensor([1.1000]))
    """
    shape = tuple(input.shape)
    if training:
        count = shape[0] * math.prod(shape[2:]) if shape else 1
        if count == 1:
            raise ValueError(
                "Expected more than 1 value per channel when training, got input size "
                f"{Size(shape)}"
            )
    if input.numel() == 0:  # nothing to normalise (PyTorch returns the empty result)
        return _result(
            [],
            input._shape,
            input.dtype,
            "NativeBatchNormBackward0",
            (input, weight, bias),
            op="batch_norm",
        )
    n, c = shape[0], shape[1]
    inner = math.prod(shape[2:])
    flat = input._flat()
    positions = [
        [b * c * inner + ch * inner + k for b in range(n) for k in range(inner)] for ch in range(c)
    ]
    ws = weight._flat() if weight is not None else None
    bs = bias._flat() if bias is not None else None
    out: list = [None] * len(flat)
    means, sums = [], []
    for ch, where in enumerate(positions):
        xs = [flat[i] for i in where]
        if training:
            ys, mean, squares = _normalise(xs, eps)
            means.append(mean.data)
            sums.append(squares.data)
        else:
            rm = running_mean._flat()[ch].data
            rv = running_var._flat()[ch].data
            ys, _, _ = _normalise(xs, eps, rm, rv)
        if ws is not None:
            ys = [y * ws[ch] for y in ys]
        if bs is not None:
            ys = [y + bs[ch] for y in ys]
        for i, y in zip(where, ys):
            out[i] = y
    if training and running_mean is not None and running_var is not None:
        count = n * inner
        m = momentum
        old_mean = running_mean._flat()
        _update(running_mean, [m * v + (1 - m) * r.data for v, r in zip(means, old_mean)])
        _update(
            running_var,
            [m * (s / (count - 1)) + (1 - m) * r.data for s, r in zip(sums, running_var._flat())],
        )
    return _result(
        out,
        input._shape,
        input.dtype,
        "NativeBatchNormBackward0",
        (input, weight, bias),
        op="batch_norm",
    )


def _update(buffer: Tensor, numbers: list) -> None:
    from .._creation import tensor

    with no_grad():
        buffer.copy_(tensor(numbers, dtype=buffer.dtype))


def layer_norm(
    input: Tensor,
    normalized_shape: Sequence[int],
    weight: Optional[Tensor] = None,
    bias: Optional[Tensor] = None,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise over the last ``len(normalized_shape)`` dimensions, which must be
    ``normalized_shape``; ``weight`` and ``bias`` have that shape.

    >>> import tensors as torch
    >>> import tensors.nn.functional as F
    >>> F.layer_norm(torch.tensor([[0., 2., 4.]]), [3], bias=torch.ones(3))
    tensor([[-0.2247,  1.0000,  2.2247]])
    """
    norm = (
        tuple(normalized_shape)
        if isinstance(normalized_shape, (list, tuple))
        else (int(normalized_shape),)
    )
    shape = tuple(input.shape)
    k = len(norm)
    for t in (weight, bias):
        if t is not None and tuple(t.shape) != norm:
            what = "weight" if t is weight else "bias"
            raise RuntimeError(
                f"Expected {what} to be of same shape as normalized_shape, but got {what} of "
                f"shape {list(t.shape)} and normalized_shape = {list(norm)}"
            )
    if k == 0 or len(shape) < k or shape[-k:] != norm:
        raise RuntimeError(
            f"Given normalized_shape={list(norm)}, expected input with shape "
            f"[*, {', '.join(str(s) for s in norm)}], but got input of size{list(shape)}"
        )
    size = math.prod(norm)
    flat = input._flat()
    ws = weight._flat() if weight is not None else None
    bs = bias._flat() if bias is not None else None
    out: list = []
    for start in range(0, len(flat), size):
        ys, _, _ = _normalise(flat[start : start + size], eps)
        if ws is not None:
            ys = [y * w for y, w in zip(ys, ws)]
        if bs is not None:
            ys = [y + b for y, b in zip(ys, bs)]
        elif ws is not None:
            # PyTorch's kernel adds a zero bias: a -0.0 (0 times a negative weight) is +0.0
            ys = [y + 0.0 for y in ys]
        out.extend(ys)
    return _result(
        out,
        input._shape,
        input.dtype,
        "NativeLayerNormBackward0",
        (input, weight, bias),
        op="layer_norm",
    )
