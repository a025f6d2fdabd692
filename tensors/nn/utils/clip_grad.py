"""Gradient clipping: scale every gradient down when their joint norm is too large
(``clip_grad_norm_``), or clamp each entry (``clip_grad_value_``), as PyTorch does
before an optimizer step in d2l's RNN training loop.

>>> import tensors as torch
>>> w = torch.nn.Parameter(torch.zeros(2)); w.grad = torch.tensor([3.0, -4.0])
>>> clip_grad_value_([w], 1.0); w.grad
tensor([ 1., -1.])
"""

from __future__ import annotations

import math
from typing import Any, Iterable, Union

from ..._creation import tensor
from ..._tensor import Tensor
from ...autograd import no_grad

__all__ = ["clip_grad_norm_", "clip_grad_value_"]


def _grads(parameters: Union[Tensor, Iterable[Tensor]]) -> list:
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    return [p.grad for p in parameters if p.grad is not None]


def clip_grad_norm_(
    parameters: Union[Tensor, Iterable[Tensor]],
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
    foreach: Any = None,
) -> Tensor:
    """Scale the gradients in place by ``max_norm / (total_norm + 1e-6)`` when that is
    below one; returns the total norm (of all gradients as one vector) from before.

    >>> import tensors as torch
    >>> w = torch.nn.Parameter(torch.zeros(2)); w.grad = torch.tensor([3.0, 4.0])
    >>> torch.nn.utils.clip_grad_norm_(w, 10.0), w.grad
    (tensor(5.), tensor([3., 4.]))
    """
    grads = _grads(parameters)
    max_norm, norm_type = float(max_norm), float(norm_type)
    if not grads:
        return tensor(0.0)
    numbers = [v.data for g in grads for v in g._flat()]
    if norm_type == math.inf:
        total = max((abs(x) for x in numbers), default=0.0)
    else:
        total = math.fsum(abs(x) ** norm_type for x in numbers) ** (1.0 / norm_type)
    if error_if_nonfinite and (math.isnan(total) or math.isinf(total)):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is "
            "non-finite, so it cannot be clipped. To disable this error and scale the "
            "gradients by the non-finite norm anyway, set `error_if_nonfinite=False`"
        )
    coef = min(max_norm / (total + 1e-6), 1.0)
    with no_grad():
        for g in grads:
            g.mul_(coef)
    return tensor(total, dtype=grads[0].dtype)


def clip_grad_value_(
    parameters: Union[Tensor, Iterable[Tensor]], clip_value: float, foreach: Any = None
) -> None:
    """Clamp every gradient entry into ``[-clip_value, clip_value]``, in place."""
    clip_value = float(clip_value)
    with no_grad():
        for g in _grads(parameters):
            g.clamp_(-clip_value, clip_value)
