"""``tensors.autograd``: gradients of tensors, as ``torch.autograd``.

>>> import tensors as torch
>>> x = torch.tensor([1.0, 2.0], requires_grad=True)
>>> torch.autograd.grad((x ** 2).sum(), x)
(tensor([2., 4.]),)
"""

from __future__ import annotations

from autograd_scalar import enable_grad, is_grad_enabled, no_grad, set_grad_enabled

from .._backward import backward, grad, set_logging
from .._shape import Size
from . import function, functional
from .function import Function
from .jacobian_check import gradcheck

__all__ = [
    "Function",
    "backward",
    "enable_grad",
    "function",
    "functional",
    "gradcheck",
    "grad",
    "is_grad_enabled",
    "no_grad",
    "set_grad_enabled",
    "set_logging",
]


Size  # noqa: B018 - re-exported for torch.autograd users who reach for it
