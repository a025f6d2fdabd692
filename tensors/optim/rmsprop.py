"""``RMSprop``: steps scaled by a running average of squared gradients, by PyTorch's rule.

>>> import tensors as torch
>>> w = torch.nn.Parameter(torch.tensor([3.0, -1.0]))
>>> opt = torch.optim.RMSprop([w], lr=0.05)
>>> for _ in range(200):
...     opt.zero_grad()
...     (w * w).sum().backward()
...     opt.step()
>>> bool(w.abs().max() < 0.1)
True
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

from .._creation import tensor, zeros_like
from .adam import _lerp_
from .optimizer import Optimizer

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    """RMSprop by PyTorch's rule, for each parameter ``p`` with gradient ``g``::

        g = g + weight_decay * p                       (if weight_decay)
        v = alpha * v + (1 - alpha) * g * g
        avg = sqrt(v - m * m) + eps, with m = lerp(m, g, 1 - alpha)  if centered
              sqrt(v) + eps                                          otherwise
        buf = momentum * buf + g / avg;  p = p - lr * buf            if momentum > 0
        p = p - lr * g / avg                                         otherwise

    ``maximize=True`` climbs (``g = -g`` first). ``foreach`` and
    ``capturable`` select PyTorch's kernels and change nothing here.

    >>> import tensors as torch
    >>> model = torch.nn.Linear(2, 1)
    >>> opt = torch.optim.RMSprop(model.parameters(), lr=0.01, momentum=0.9, centered=True)
    >>> model(torch.ones(3, 2)).pow(2).mean().backward()
    >>> opt.step()
    >>> sorted(opt.state[model.weight])
    ['grad_avg', 'momentum_buffer', 'square_avg', 'step']
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum: float = 0,
        centered: bool = False,
        capturable: bool = False,
        foreach: Optional[bool] = None,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= momentum:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= alpha:
            raise ValueError(f"Invalid alpha value: {alpha}")
        if differentiable:
            raise NotImplementedError("differentiable=True is not supported here")
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "alpha": alpha,
            "eps": eps,
            "centered": centered,
            "weight_decay": weight_decay,
            "capturable": capturable,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
        }
        super().__init__(params, defaults)

    def _update_group(self, group: dict) -> None:
        lr, alpha, eps = group["lr"], group["alpha"], group["eps"]
        weight_decay, momentum = group["weight_decay"], group["momentum"]
        for param in self._params_with_grad(group):
            grad = param.grad if not group["maximize"] else -param.grad
            state = self.state[param]
            if len(state) == 0:
                state["step"] = tensor(0.0)
                state["square_avg"] = zeros_like(param)
                if momentum > 0:
                    state["momentum_buffer"] = zeros_like(param)
                if group["centered"]:
                    state["grad_avg"] = zeros_like(param)
            state["step"] += 1
            if weight_decay != 0:
                grad = grad.add(param, alpha=weight_decay)
            square_avg = state["square_avg"]
            # PyTorch's addcmul computes (value * t1) * t2: the same order keeps the last digit
            square_avg.mul_(alpha).add_(grad.mul(1 - alpha).mul(grad))
            if group["centered"]:
                grad_avg = _lerp_(state["grad_avg"], grad, 1 - alpha)
                avg = square_avg.add(grad_avg.mul(-1).mul(grad_avg)).sqrt()
            else:
                avg = square_avg.sqrt()
            avg = avg.add_(eps)
            if momentum > 0:
                buf = state["momentum_buffer"]
                buf.mul_(momentum).add_(grad / avg)
                param.add_(buf, alpha=-lr)
            else:
                # addcdiv: (value * t1) / t2
                param.add_(grad.mul(-lr).div(avg))
