"""``Adam`` and ``AdamW``: adaptive moment estimation, by PyTorch's update rule.

>>> import tensors as torch
>>> w = torch.nn.Parameter(torch.tensor([3.0, -1.0]))
>>> opt = torch.optim.Adam([w], lr=0.1)
>>> for _ in range(200):
...     opt.zero_grad()
...     (w * w).sum().backward()
...     opt.step()
>>> bool(w.abs().max() < 0.05)
True
"""

from __future__ import annotations

from typing import Any, Iterable, Optional, Tuple

from autograd_scalar._floats import _fdiv, _fsqrt

from .. import _dtype as D
from .. import _ops
from .._creation import tensor, zeros_like
from .._tensor import Tensor
from .optimizer import Optimizer

__all__ = ["Adam", "AdamW"]


def _lerp_(t: Tensor, end: Tensor, weight: float) -> Tensor:
    # PyTorch's lerp picks the formula by the weight, for accuracy near either end
    if abs(weight) < 0.5:
        return t.add_(end - t, alpha=weight)
    return t.copy_(end - (end - t) * (1 - weight))


def _plain(*ts: Tensor) -> bool:
    # Tensors whose elements are leaf Values of their own (a parameter, its gradient,
    # Adam's state): an in-place update of them only changes numbers.
    return all(
        t.grad_fn is None
        and t._base is None
        and t._contig
        and t.dtype in (D.float32, D.float64)
        and not any(v._parents for v in t._cells())
        for t in ts
    )


def _floats_update(
    param: Tensor, grad: Tensor, exp_avg: Tensor, exp_avg_sq: Tensor, group: dict, step: float
) -> None:
    """The update of ``Adam._update_group`` (amsgrad aside) computed on the numbers
    themselves: each line is one of the tensor ops there, in the same order, so
    every float is the same; one element at a time, without a tensor per op."""
    lr, (beta1, beta2), eps = group["lr"], group["betas"], group["eps"]
    weight_decay = group["weight_decay"]
    decoupled = group["decoupled_weight_decay"]
    shrink = 1 - lr * weight_decay
    weight = 1 - beta1
    rest = 1 - weight
    keep = 1 - beta2
    step_size = lr / (1 - beta1**step)
    bias_correction2_sqrt = (1 - beta2**step) ** 0.5
    minus = -step_size
    ps, ms, vs = param._cells(), exp_avg._cells(), exp_avg_sq._cells()
    for p, g, m, v in zip(ps, grad._flat(), ms, vs):
        g = g.data  # already turned around for maximize
        x = p.data
        if weight_decay != 0:
            if decoupled:
                x = x * shrink
            else:
                g = g + x * weight_decay
        a = m.data
        a = a + (g - a) * weight if abs(weight) < 0.5 else g - (g - a) * rest
        b = v.data * beta2 + g * keep * g
        denom = _fdiv(_fsqrt(b), bias_correction2_sqrt) + eps
        p.data = x + _fdiv(a, denom) * minus
        m.data = a
        v.data = b
    # As many writes as the in-place ops make: mul_ (decoupled decay) and add_ on the
    # parameter, lerp on exp_avg, mul_ and add_ on exp_avg_sq.
    writes = ((param, 2 if decoupled and weight_decay != 0 else 1), (exp_avg, 1), (exp_avg_sq, 2))
    for t, n in writes:
        t._storage.writes += n
        t._bump_version(n)


class Adam(Optimizer):
    """Adam by PyTorch's rule, for each parameter ``p`` with gradient ``g`` at step ``t``::

        g = g + weight_decay * p         (or p = p * (1 - lr * weight_decay) if decoupled)
        m = lerp(m, g, 1 - beta1)        v = beta2 * v + (1 - beta2) * g * g
        v_hat = max(v_hat, v) if amsgrad else v
        denom = sqrt(v_hat) / sqrt(1 - beta2**t) + eps
        p = p - lr / (1 - beta1**t) * m / denom

    ``maximize=True`` climbs instead. ``foreach``, ``capturable`` and
    ``fused`` select PyTorch's kernels and change nothing here.

    >>> import tensors as torch
    >>> model = torch.nn.Linear(2, 1)
    >>> opt = torch.optim.Adam(model.parameters(), lr=0.01)
    >>> model(torch.ones(3, 2)).pow(2).mean().backward()
    >>> opt.step()
    >>> opt.state[model.bias]["step"]
    tensor(1.)
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: Tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        amsgrad: bool = False,
        *,
        foreach: Optional[bool] = None,
        maximize: bool = False,
        capturable: bool = False,
        differentiable: bool = False,
        fused: Optional[bool] = None,
        decoupled_weight_decay: bool = False,
    ) -> None:
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not (isinstance(betas[0], float) and isinstance(betas[1], float)):
            raise ValueError("betas must be either both floats or both Tensors")
        if differentiable:
            raise NotImplementedError("differentiable=True is not supported here")
        defaults = {
            "lr": lr,
            "betas": tuple(betas),
            "eps": eps,
            "weight_decay": weight_decay,
            "amsgrad": amsgrad,
            "maximize": maximize,
            "foreach": foreach,
            "capturable": capturable,
            "differentiable": differentiable,
            "fused": fused,
            "decoupled_weight_decay": decoupled_weight_decay,
        }
        super().__init__(params, defaults)

    def _update_group(self, group: dict) -> None:
        lr, (beta1, beta2), eps = group["lr"], group["betas"], group["eps"]
        weight_decay, amsgrad = group["weight_decay"], group["amsgrad"]
        for param in self._params_with_grad(group):
            grad = param.grad if not group["maximize"] else -param.grad
            state = self.state[param]
            if len(state) == 0:
                state["step"] = tensor(0.0)
                state["exp_avg"] = zeros_like(param)
                state["exp_avg_sq"] = zeros_like(param)
                if amsgrad:
                    state["max_exp_avg_sq"] = zeros_like(param)
            exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
            state["step"] += 1
            if not amsgrad and _plain(param, grad, exp_avg, exp_avg_sq):
                _floats_update(param, grad, exp_avg, exp_avg_sq, group, state["step"].item())
                continue
            if weight_decay != 0:
                if group["decoupled_weight_decay"]:
                    param.mul_(1 - lr * weight_decay)
                else:
                    grad = grad.add(param, alpha=weight_decay)
            _lerp_(exp_avg, grad, 1 - beta1)
            exp_avg_sq.mul_(beta2).add_(grad.mul(1 - beta2).mul(grad))
            step = state["step"].item()
            bias_correction1 = 1 - beta1**step
            bias_correction2 = 1 - beta2**step
            step_size = lr / bias_correction1
            bias_correction2_sqrt = bias_correction2**0.5
            if amsgrad:
                most = state["max_exp_avg_sq"]
                most.copy_(_ops.maximum(most, exp_avg_sq))
                denom = (most.sqrt() / bias_correction2_sqrt).add_(eps)
            else:
                denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
            param.add_(exp_avg / denom, alpha=-step_size)


class AdamW(Adam):
    """Adam with decoupled weight decay (``p = p * (1 - lr * weight_decay)`` before the step).

    >>> import tensors as torch
    >>> opt = torch.optim.AdamW(torch.nn.Linear(2, 1).parameters())
    >>> opt.defaults["weight_decay"], opt.defaults["decoupled_weight_decay"]
    (0.01, True)
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: Tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
        foreach: Optional[bool] = None,
        capturable: bool = False,
        differentiable: bool = False,
        fused: Optional[bool] = None,
    ) -> None:
        super().__init__(
            params,
            lr,
            betas,
            eps,
            weight_decay,
            amsgrad,
            foreach=foreach,
            maximize=maximize,
            capturable=capturable,
            differentiable=differentiable,
            fused=fused,
            decoupled_weight_decay=True,
        )
