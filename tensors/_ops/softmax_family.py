"""The softmax family: ``softmax``, ``log_softmax`` and ``logsumexp`` along a dim.

Each is computed the numerically stable way (shifted by the group's
maximum) on the group's Values, and records one grad_fn. Follows PyTorch's
pages ``torch.softmax``, ``torch.log_softmax`` and ``torch.logsumexp``
(https://pytorch.org/docs/stable/generated/torch.nn.functional.softmax.html).

>>> import tensors as torch
>>> torch.tensor([1., 1.]).softmax(dim=0)
tensor([0.5000, 0.5000])
"""

from __future__ import annotations

import builtins
import math
from typing import Any

from autograd_scalar import Value

from .. import _dtype as D
from .._shape import (
    reduce_groups,
    wrap_dim,
)
from .._tensor import Tensor, _result
from .conversions import to as _to
from .reductions import _reduce, _reduced_shape


def _along(
    input: Tensor, dim: int, per_group: Any, name: str, op: str, keepdim: bool = True
) -> Tensor:
    """Apply ``per_group(list of Values) -> list of Values`` along ``dim``."""
    d = wrap_dim(dim, input.ndim)
    flat = input._flat()
    groups, _ = reduce_groups(input._shape, [d])
    if keepdim:
        out: list = [None] * len(flat)
        for g in groups:
            for i, v in zip(g, per_group([flat[i] for i in g])):
                out[i] = v
        shape = input._shape
    else:
        out = [per_group([flat[i] for i in g])[0] for g in groups]
        shape = _reduced_shape(input._shape, [d], False)
    dtype = input.dtype if input.dtype.is_floating_point else D.get_default_dtype()
    return _result(out, shape, dtype, name, (input,), op=op)


def _largest(vs: list) -> float:
    # The group's max, nan if any element is nan (0 for an empty group).
    m = -math.inf if vs else 0.0
    for v in vs:
        if v.data != v.data:
            return v.data
        m = builtins.max(m, v.data)
    return m


def _shift(vs: list) -> float:
    # Subtracting the max keeps exp from overflowing. logsumexp shifts by 0 where the
    # max is infinite (logsumexp([inf, 1]) is inf); softmax does not, so an infinite
    # element gives nan everywhere in its group, as in PyTorch.
    m = _largest(vs)
    return m if math.isfinite(m) else 0.0


def _log_sum_exp(vs: list) -> Value:
    m = _shift(vs)
    return Value.sum([(v - m).exp() for v in vs]).log() + m


def softmax(input: Tensor, dim: int, dtype: Any = None) -> Tensor:
    """``exp(x) / sum(exp(x))`` along ``dim``.

    >>> import tensors as torch
    >>> torch.softmax(torch.tensor([0., 0.]), dim=0)
    tensor([0.5000, 0.5000])
    """

    def group(vs: list) -> list:
        m = _largest(vs)
        es = [(v - m).exp() for v in vs]
        total = Value.sum(es)
        return [e / total for e in es]

    if dtype is not None:  # PyTorch casts the input first (a ToCopyBackward0 node)
        input = _to(input, dtype)
    return _along(input, dim, group, "SoftmaxBackward0", "softmax")


def log_softmax(input: Tensor, dim: int, dtype: Any = None) -> Tensor:
    """``x - logsumexp(x)`` along ``dim``, computed stably."""

    def group(vs: list) -> list:
        m = _largest(vs)
        lse = Value.sum([(v - m).exp() for v in vs]).log()
        return [(v - m) - lse for v in vs]

    if dtype is not None:  # PyTorch casts the input first (a ToCopyBackward0 node)
        input = _to(input, dtype)
    return _along(input, dim, group, "LogSoftmaxBackward0", "log_softmax")


def logsumexp(input: Tensor, dim: Any, keepdim: bool = False) -> Tensor:
    """``log(sum(exp(x)))`` over ``dim``, computed stably."""
    out, shape = _reduce(input, dim, keepdim, _log_sum_exp)
    dtype = input.dtype if input.dtype.is_floating_point else D.get_default_dtype()
    return _result(out, shape, dtype, "LogsumexpBackward0", (input,), op="logsumexp")
