"""``Adagrad``: each coordinate's step shrinks with the sum of its squared gradients.

>>> import tensors as torch
>>> w = torch.nn.Parameter(torch.tensor([3.0, -1.0]))
>>> opt = torch.optim.Adagrad([w], lr=0.5)
>>> for _ in range(200):
...     opt.zero_grad()
...     (w * w).sum().backward()
...     opt.step()
>>> bool(w.abs().max() < 0.01)
True
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

from .._creation import full_like, tensor
from .._tensor import Tensor
from .optimizer import Optimizer

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    """Adagrad by PyTorch's rule, for each parameter ``p`` with gradient ``g`` at step ``t``::

        g = g + weight_decay * p               (if weight_decay)
        clr = lr / (1 + (t - 1) * lr_decay)
        s = s + g * g                          (s starts at initial_accumulator_value)
        p = p - clr * g / (sqrt(s) + eps)

    As in PyTorch, the state (``step`` and ``sum``) of every parameter is
    made when the optimizer is, so ``state_dict()`` lists them all at once.

    >>> import tensors as torch
    >>> w = torch.nn.Parameter(torch.ones(2))
    >>> torch.optim.Adagrad([w], initial_accumulator_value=0.1).state[w]["sum"]
    tensor([0.1000, 0.1000])
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        lr_decay: float = 0,
        weight_decay: float = 0,
        initial_accumulator_value: float = 0,
        eps: float = 1e-10,
        foreach: Optional[bool] = None,
        *,
        maximize: bool = False,
        differentiable: bool = False,
        fused: Optional[bool] = None,
    ) -> None:
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= lr_decay:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= initial_accumulator_value:
            raise ValueError(
                f"Invalid initial_accumulator_value value: {initial_accumulator_value}"
            )
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if differentiable:
            raise NotImplementedError("differentiable=True is not supported here")
        defaults = {
            "lr": lr,
            "lr_decay": lr_decay,
            "eps": eps,
            "weight_decay": weight_decay,
            "initial_accumulator_value": initial_accumulator_value,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
            "fused": fused,
        }
        super().__init__(params, defaults)
        for group in self.param_groups:
            for p in group["params"]:
                self._init_state(p, group)

    def _init_state(self, p: Tensor, group: dict) -> None:
        state = self.state[p]
        state["step"] = tensor(0.0)
        state["sum"] = full_like(p, group["initial_accumulator_value"])

    def _update_group(self, group: dict) -> None:
        lr, lr_decay, eps, weight_decay = (
            group["lr"],
            group["lr_decay"],
            group["eps"],
            group["weight_decay"],
        )
        for param in self._params_with_grad(group):
            if len(self.state[param]) == 0:  # a group added after the optimizer was made
                self._init_state(param, group)
            state = self.state[param]
            state["step"] += 1
            step = state["step"].item()
            grad = param.grad if not group["maximize"] else -param.grad
            if weight_decay != 0:
                grad = grad.add(param, alpha=weight_decay)
            clr = lr / (1 + (step - 1) * lr_decay)
            state["sum"].add_(grad.mul(grad))
            std = state["sum"].sqrt().add_(eps)
            # addcdiv: (value * t1) / t2, PyTorch's order of rounding
            param.add_(grad.mul(-clr).div(std))
