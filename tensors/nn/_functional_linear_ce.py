"""The checks and the logits of ``F.linear_cross_entropy`` (the function itself
is in ``functional.py``, beside ``linear`` and ``cross_entropy``, which it calls).

PyTorch's reference path is ``cross_entropy(linear(input, weight, bias),
target)``, the weight's extra dimensions ``(C, d1, ..., dK, in)`` giving a
K-dimensional loss. Its chunked path (``options``, a
``LinearCrossEntropyOptions``) computes the same loss in slices of the batch
to save memory; here the reference path runs in every case, so the numbers
are the same up to rounding, and a configuration PyTorch cannot chunk gets its
warning.

>>> import tensors as torch
>>> x, w = torch.tensor([[1., 0.]]), torch.tensor([[1., 0.], [0., 1.]])
>>> torch.nn.functional.linear_cross_entropy(x, w, torch.tensor([0]))
tensor(0.3133)
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from typing import Any, Callable, Optional

from .._tensor import Tensor


def linear_logits(
    linear: Callable, input: Tensor, linear_weight: Tensor, target: Tensor,
    linear_bias: Optional[Tensor], ignore_index: Optional[int], reduction: str,
    label_smoothing: float, options: Any,
) -> tuple:  # fmt: skip
    """PyTorch's checks, then the logits (shape ``(*batch, C, d1, ..., dK)``) and
    the ``ignore_index`` that cross_entropy takes."""
    if input.ndim < 1 or input.ndim > 2:
        raise RuntimeError(f"expected input with dimensionality 1 or 2, got {input.ndim}")
    if linear_weight.ndim < 2:
        raise RuntimeError(
            f"expected linear_weight with dimensionality at least 2, got {linear_weight.ndim}"
        )
    batches, in_features = tuple(input._shape[:-1]), input._shape[-1]
    if in_features != linear_weight._shape[-1]:
        raise RuntimeError(
            "expected equal input and linear_weight last dimensions (in_features), "
            f"got {in_features} and {linear_weight._shape[-1]}, respectively"
        )
    classes, extra = linear_weight._shape[0], tuple(linear_weight._shape[1:-1])
    if linear_bias is not None and tuple(linear_bias._shape) != (classes, *extra):
        raise RuntimeError(
            f"expected linear_bias shape {(classes, *extra)}, got {tuple(linear_bias._shape)}"
        )
    if extra and not batches:
        raise RuntimeError(
            "K-dimensional loss defined by linear_weight shape "
            f"{tuple(linear_weight._shape)} requires batched input, (N, {in_features}), got "
            f"unbatched input with shape {tuple(input._shape)}"
        )
    logits_shape = (*batches, classes, *extra)
    if tuple(target._shape) == logits_shape and ignore_index is not None:
        raise RuntimeError("ignore_index cannot be specified when target contains probabilities")
    chunkable = (
        not extra
        and reduction in ("mean", "sum", "none")
        and label_smoothing == 0.0
        and target.dtype.name == "int64"
    )
    if options is not None and not chunkable:
        bias_shape = tuple(linear_bias._shape) if linear_bias is not None else None
        warnings.warn(
            "linear_cross_entropy: ``options`` ignored; chunked path needs reduction in "
            "{'mean','sum','none'}, label_smoothing == 0, target.dtype == int64, out_features "
            f"== (). Got reduction={reduction!r}, label_smoothing={label_smoothing}, "
            f"target.dtype=torch.{target.dtype.name}, out_features={extra}, tracing=False, "
            f"linear_bias.shape={bias_shape}.",
            stacklevel=3,
        )
    if extra:
        rows = math.prod(extra, start=classes)
        linear_weight = linear_weight.reshape(rows, in_features)
        linear_bias = linear_bias.reshape(rows) if linear_bias is not None else None
    logits = linear(input, linear_weight, linear_bias).reshape(logits_shape)
    return logits, (-100 if ignore_index is None else ignore_index)


@dataclasses.dataclass(frozen=True)
class LinearCrossEntropyOptions:
    """How PyTorch's chunked ``linear_cross_entropy`` slices the batch (a memory
    saving: the loss is the same). Accepted and checked as PyTorch checks it;
    tensors computes the reference path whatever it says.

    >>> import tensors as torch
    >>> torch.nn.LinearCrossEntropyOptions(batch_chunk_size=2)
    LinearCrossEntropyOptions(allow_retain_graph=False, batch_chunk_size=2, \
chunking_method='auto', acc_policy='auto', acc_dtype=None)
    """

    allow_retain_graph: bool = False
    batch_chunk_size: Optional[int] = None
    chunking_method: Optional[str] = "auto"
    acc_policy: str = "auto"
    acc_dtype: Any = None

    def __post_init__(self) -> None:
        if self.acc_policy not in {"auto", "accurate", "balanced", "compact"}:
            raise ValueError(f"invalid acc_policy: {self.acc_policy!r}")
        if self.chunking_method is not None and self.chunking_method != "auto":
            name, sep, factor = self.chunking_method.partition(":")
            factor = factor if sep else "1"
            if not (name == "aspect_ratio" and factor.isdigit() and int(factor) > 0):
                raise ValueError(f"invalid chunking_method: {self.chunking_method!r}")
        size = self.batch_chunk_size
        if not (size is None or (isinstance(size, int) and size > 0)):
            raise ValueError(f"batch_chunk_size must be positive int or None, got {size!r}")
