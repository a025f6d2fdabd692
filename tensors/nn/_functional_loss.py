"""The losses of ``torch.nn.functional`` beyond MSE, L1, BCE, NLL and cross-entropy.

``smooth_l1_loss`` and ``huber_loss`` are one row of the op table per
element (``autograd_scalar/ops_nn.py``: PyTorch's formula and its clipped
derivative); ``soft_margin_loss`` and ``multi_margin_loss`` are one tensor op
each (their grad_fn PyTorch's) over Values; the others are compositions of
tensor ops, as PyTorch writes them (``kl_div`` is ``xlogy(t, t) - t * x``,
``hinge_embedding_loss`` two ``where``\\ s, ...), so their grad_fn chains are
PyTorch's.

>>> import tensors as torch
>>> import tensors.nn.functional as F
>>> F.smooth_l1_loss(torch.tensor([0., 3.]), torch.tensor([0.5, 0.]))
tensor(1.3125)
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Optional

from autograd_scalar import Value, apply
from autograd_scalar.ops import OPS
from autograd_scalar.ops_nn import huber_op, smooth_l1_op
from autograd_scalar.value import _const

from .. import _ops
from .._creation import zeros_like
from .._shape import broadcast_shapes, broadcast_to
from .._tensor import Tensor, _result

_REDUCTIONS = ("none", "mean", "sum")


def _check_reduction(reduction: str) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")


def _legacy(size_average: Any, reduce: Any, reduction: str) -> str:
    # PyTorch's deprecated size_average / reduce flags, read as a reduction.
    if size_average is None and reduce is None:
        return reduction
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    if not reduce:
        return "none"
    return "mean" if size_average else "sum"


def _reduced(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _warn_if_broadcast(input: Tensor, target: Tensor) -> None:
    if target._shape != input._shape:
        warnings.warn(
            f"Using a target size ({target.shape}) that is different to the input size "
            f"({input.shape}). This will likely lead to incorrect results due to broadcasting. "
            "Please ensure they have the same size.",
            UserWarning,
            stacklevel=3,
        )


def _rowwise(
    input: Tensor, target: Tensor, op: Any, reduction: str, name: str, symbol: str
) -> Tensor:
    """One row of the table per broadcast pair, then PyTorch's reduction (one node)."""
    shape = broadcast_shapes(input._shape, target._shape)
    xs = broadcast_to(input._flat(), input._shape, shape)
    ys = broadcast_to(target._flat(), target._shape, shape)
    losses = [apply(op, x, y) for x, y in zip(xs, ys)]
    if reduction == "sum":
        losses, shape = [Value.sum(losses)], ()
    elif reduction == "mean":
        losses, shape = [Value.sum(losses) / len(losses)] if losses else [_const(math.nan)], ()
    return _result(losses, shape, input.dtype, name, (input, target), op=symbol)


def smooth_l1_loss(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
    beta: float = 1.0,
) -> Tensor:
    """``0.5 d^2 / beta`` where ``|d| < beta`` (``d = input - target``), else
    ``|d| - 0.5 beta``; with ``beta=0`` the L1 loss.

    >>> import tensors as torch
    >>> torch.nn.functional.smooth_l1_loss(torch.tensor([2.]), torch.tensor([0.]), beta=0.5)
    tensor(1.7500)
    """
    _warn_if_broadcast(input, target)
    reduction = _legacy(size_average, reduce, reduction)
    _check_reduction(reduction)
    if beta == 0.0:
        return _reduced((input - target).abs(), reduction)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    op = smooth_l1_op(beta)
    return _rowwise(input, target, op, reduction, "SmoothL1LossBackward0", "smooth_l1")


def huber_loss(
    input: Tensor,
    target: Tensor,
    reduction: str = "mean",
    delta: float = 1.0,
    weight: Optional[Tensor] = None,
) -> Tensor:
    """``0.5 d^2`` where ``|d| < delta``, else ``delta (|d| - 0.5 delta)``; optionally
    weighted per element.

    >>> import tensors as torch
    >>> torch.nn.functional.huber_loss(torch.tensor([3.]), torch.tensor([0.]), delta=2.)
    tensor(4.)
    """
    _warn_if_broadcast(input, target)
    _check_reduction(reduction)
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    op = huber_op(delta)
    if weight is None:
        return _rowwise(input, target, op, reduction, "HuberLossBackward0", "huber")
    if weight._shape != input._shape:
        raise ValueError("Weights and input must have the same size.")
    loss = _rowwise(input, target, op, "none", "HuberLossBackward0", "huber") * weight
    return _reduced(loss, reduction)


def kl_div(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
    log_target: bool = False,
) -> Tensor:
    """The Kullback-Leibler divergence of ``target`` from ``input`` (log-probabilities):
    ``t (log t - x)`` per element (``exp(t) (t - x)`` with ``log_target``); reduced by
    ``"batchmean"`` (the sum over the batch size) as the math reads.

    >>> import tensors as torch
    >>> x = torch.tensor([0.25, 0.75]).log()
    >>> torch.nn.functional.kl_div(x, torch.tensor([0.5, 0.5]), reduction="sum")
    tensor(0.1438)
    """
    if size_average is not None or reduce is not None:
        reduction = _legacy(size_average, reduce, reduction)
    elif reduction == "mean":
        warnings.warn(
            "reduction: 'mean' divides the total loss by both the batch size and the support "
            "size.'batchmean' divides only by the batch size, and aligns with the KL div math "
            "definition.'mean' will be changed to behave the same as 'batchmean' in the next "
            "major release.",
            UserWarning,
            stacklevel=2,
        )
    if reduction not in _REDUCTIONS + ("batchmean",):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if log_target:
        loss = _ops.exp(target) * (target - input)
    else:
        xlogx = [apply(OPS["xlogx"], v) for v in target._flat()]
        term = _result(xlogx, target._shape, target.dtype, "XlogyBackward0", (target,), op="xlogy")
        loss = term - target * input
    if reduction == "batchmean":
        total = loss.sum()
        return total / input._shape[0] if input.ndim else total
    return _reduced(loss, reduction)


def poisson_nll_loss(
    input: Tensor,
    target: Tensor,
    log_input: bool = True,
    full: bool = False,
    size_average: Any = None,
    eps: float = 1e-8,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """The Poisson negative log-likelihood: ``exp(x) - t x`` (``x - t log(x + eps)``
    without ``log_input``), with Stirling's term for ``t > 1`` when ``full``.

    >>> import tensors as torch
    >>> torch.nn.functional.poisson_nll_loss(torch.tensor([0.]), torch.tensor([2.]))
    tensor(1.)
    """
    reduction = _legacy(size_average, reduce, reduction)
    _check_reduction(reduction)
    if log_input:
        loss = _ops.exp(input) - target * input
    else:
        loss = input - target * _ops.log(input + eps)
    if full:
        stirling = target * _ops.log(target) - target + 0.5 * _ops.log(2 * math.pi * target)
        loss = loss + _ops.where(target <= 1, 0.0, stirling)
    return _reduced(loss, reduction)


def gaussian_nll_loss(
    input: Tensor,
    target: Tensor,
    var: Any,
    full: bool = False,
    eps: float = 1e-6,
    reduction: str = "mean",
) -> Tensor:
    """The Gaussian negative log-likelihood ``0.5 (log v + (x - t)^2 / v)`` (plus
    ``0.5 log(2 pi)`` when ``full``); ``var`` is clamped at ``eps`` without cutting its
    gradient, as PyTorch does.

    >>> import tensors as torch
    >>> F = torch.nn.functional
    >>> F.gaussian_nll_loss(torch.tensor([1.]), torch.tensor([3.]), torch.tensor([4.]))
    tensor(1.1931)
    """
    if isinstance(var, (int, float)):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = _ops.full(input._shape, float(var), dtype=input.dtype)
    elif any(v.data < 0 for v in var._flat()):
        raise ValueError("var has negative entry/entries")
    if var._shape != input._shape:
        if input._shape[:-1] == var._shape:
            var = var.unsqueeze(-1)
        elif not (
            input.ndim == var.ndim
            and sum(y for x, y in zip(input._shape, var._shape) if x != y) == 1
        ):
            raise ValueError("var is of incorrect size")
    if reduction not in _REDUCTIONS:
        raise ValueError(reduction + " is not valid")
    # PyTorch clamps a clone in place under no_grad: the value moves, the edge stays.
    clamped = [v + (eps - v.data) if v.data < eps else v.clone() for v in var._flat()]
    var = _result(clamped, var._shape, var.dtype, "CloneBackward0", (var,), op="clone")
    loss = 0.5 * (_ops.log(var) + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduced(loss, reduction)


def margin_ranking_loss(
    input1: Tensor,
    input2: Tensor,
    target: Tensor,
    margin: float = 0,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """``max(0, -y (x1 - x2) + margin)``.

    >>> import tensors as torch
    >>> F = torch.nn.functional
    >>> F.margin_ranking_loss(torch.tensor([1.]), torch.tensor([2.]), torch.tensor([1.]))
    tensor(1.)
    """
    reduction = _legacy(size_average, reduce, reduction)
    _check_reduction(reduction)
    if input1.ndim != input2.ndim or input1.ndim != target.ndim:
        raise RuntimeError(
            "margin_ranking_loss : All input tensors should have same dimension but got sizes: "
            f"input1: {input1.shape}, input2: {input2.shape}, target: {target.shape} "
        )
    return _reduced(_ops.clamp(-target * (input1 - input2) + margin, min=0), reduction)


def hinge_embedding_loss(
    input: Tensor,
    target: Tensor,
    margin: float = 1.0,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """``x`` where ``y = 1``, ``max(0, margin - x)`` where ``y = -1``.

    >>> import tensors as torch
    >>> F = torch.nn.functional
    >>> F.hinge_embedding_loss(torch.tensor([0.3, 2.]), torch.tensor([-1., 1.]))
    tensor(1.3500)
    """
    reduction = _legacy(size_average, reduce, reduction)
    _check_reduction(reduction)
    margin_clamp = _ops.clamp(margin - input, min=0)
    zeros = zeros_like(margin_clamp)
    output_margin = _ops.where(target != 1, margin_clamp, zeros)
    output_self = _ops.where(target != -1, input, zeros)
    return _reduced(output_margin + output_self, reduction)


def soft_margin_loss(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """``log(1 + exp(-y x))``, the logistic loss of labels ``y`` in {-1, 1}.

    >>> import tensors as torch
    >>> torch.nn.functional.soft_margin_loss(torch.tensor([0.]), torch.tensor([1.]))
    tensor(0.6931)
    """
    reduction = _legacy(size_average, reduce, reduction)
    _check_reduction(reduction)
    shape = broadcast_shapes(input._shape, target._shape)
    xs = broadcast_to(input._flat(), input._shape, shape)
    ys = broadcast_to(target._flat(), target._shape, shape)
    losses = [(-x * y).exp().log1p() for x, y in zip(xs, ys)]
    if reduction != "none":
        total = Value.sum(losses)
        losses, shape = [total / len(losses) if reduction == "mean" else total], ()
    return _result(losses, shape, input.dtype, "SoftMarginLossBackward0", (input, target))


def multilabel_soft_margin_loss(
    input: Tensor,
    target: Tensor,
    weight: Optional[Tensor] = None,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """The mean over classes of ``-(y log sigmoid(x) + (1 - y) log sigmoid(-x))``.

    >>> import tensors as torch
    >>> F = torch.nn.functional
    >>> F.multilabel_soft_margin_loss(torch.tensor([[0., 0.]]), torch.tensor([[1., 0.]]))
    tensor(0.6931)
    """
    from ._functional_activation import logsigmoid

    reduction = _legacy(size_average, reduce, reduction)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.ndim - 1
    loss = loss.sum(dim=class_dim) / input._shape[class_dim]
    if reduction not in _REDUCTIONS:
        raise ValueError(reduction + " is not valid")
    return _reduced(loss, reduction)


def multi_margin_loss(
    input: Tensor,
    target: Tensor,
    p: int = 1,
    margin: float = 1.0,
    weight: Optional[Tensor] = None,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """The multi-class hinge loss: the mean over classes ``i != y`` of
    ``max(0, margin - x[y] + x[i])^p`` (p 1 or 2), times ``weight[y]``.

    >>> import tensors as torch
    >>> F = torch.nn.functional
    >>> F.multi_margin_loss(torch.tensor([[0.1, 0.2, 0.4, 0.8]]), torch.tensor([3]))
    tensor(0.3250)
    """
    reduction = _legacy(size_average, reduce, reduction)
    _check_reduction(reduction)
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.ndim != 1:
        raise ValueError("weight must be one-dimensional")
    if input.ndim > 2 or input.numel() == 0 and not (input.ndim == 2 and input._shape[0] == 0):
        raise RuntimeError(
            "Expected non-empty vector or matrix with optional 0-dim batch size, but got: "
            f"{list(input._shape)}"
        )
    dim = input._shape[-1] if input.ndim else 1
    frames = input._shape[0] if input.ndim == 2 else 1
    if target.ndim > 1 or target.numel() != frames:
        raise RuntimeError(
            "target tensor should be 1-D with size equal to input.size(0). Expected target "
            f"size [{frames}], but got {list(target._shape)}"
        )
    if weight is not None and weight.numel() != dim:
        raise RuntimeError(
            f"inconsistent weight size, expected {dim} but got {list(weight._shape)}"
        )
    if target.dtype.is_floating_point:
        found = "Double" if target.dtype.name == "float64" else "Float"
        raise RuntimeError(f"expected scalar type Long but found {found}")
    flat, labels = input._flat(), [int(v.data) for v in target._flat()]
    ws = weight._flat() if weight is not None else None
    losses = []
    for n, y in enumerate(labels):
        if not 0 <= y < dim:
            raise RuntimeError("target out of range")
        row = flat[n * dim : (n + 1) * dim]
        terms = []
        for d in range(dim):
            # As PyTorch's kernel: only a positive hinge adds (and passes gradient),
            # so x[y] with no positive hinge gets a gradient of +0.0, as there.
            if d == y or not margin - row[y].data + row[d].data > 0.0:
                continue
            h = margin - row[y] + row[d]
            h = h * h if p == 2 else h
            terms.append(h * ws[y] if ws is not None else h)
        losses.append(Value.sum(terms) / dim if terms else _const(0.0))
    shape = target._shape if input.ndim == 2 and reduction == "none" else ()
    if reduction == "sum":
        losses = [Value.sum(losses)]
    elif reduction == "mean":
        losses = [Value.sum(losses) / len(losses)]
    inputs = (input, target) + ((weight,) if weight is not None else ())
    return _result(losses, shape, input.dtype, "MultiMarginLossBackward0", inputs, edges=(0,))


def cosine_embedding_loss(
    input1: Tensor,
    input2: Tensor,
    target: Tensor,
    margin: float = 0,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """``1 - cos(x1, x2)`` where ``y = 1``, ``max(0, cos(x1, x2) - margin)`` where
    ``y = -1`` (the cosine along the last dimension).

    >>> import tensors as torch
    >>> F = torch.nn.functional
    >>> x1, x2 = torch.tensor([[1., 0.]]), torch.tensor([[0., 1.]])
    >>> F.cosine_embedding_loss(x1, x2, torch.tensor([1.]))
    tensor(1.)
    """
    reduction = _legacy(size_average, reduce, reduction)
    _check_reduction(reduction)
    dim = input1.ndim - 1
    eps = 1e-12
    prod_sum = (input1 * input2).sum(dim)
    mag_square1 = (input1 * input1).sum(dim) + eps
    mag_square2 = (input2 * input2).sum(dim) + eps
    cos = prod_sum / _ops.sqrt(mag_square1 * mag_square2)
    zeros = zeros_like(cos)
    pos = 1 - cos
    neg = _ops.clamp(cos - margin, min=0)
    output = _ops.where(target == 1, pos, zeros) + _ops.where(target == -1, neg, zeros)
    return _reduced(output, reduction)


def pairwise_distance(
    x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False
) -> Tensor:
    """The p-norm of ``x1 - x2 + eps`` along the last dimension.

    >>> import tensors as torch
    >>> torch.nn.functional.pairwise_distance(torch.tensor([[0., 0.]]), torch.tensor([[3., 4.]]))
    tensor([5.0000])
    """
    dim = max(x1.ndim, x2.ndim) - 1
    out = _ops.norm(x1 - x2 + eps, p, dim if dim >= 0 else None, keepdim)
    return _result(out._flat(), out._shape, out.dtype, "NormBackward1", (x1, x2), op="norm")


def triplet_margin_loss(
    anchor: Tensor,
    positive: Tensor,
    negative: Tensor,
    margin: float = 1.0,
    p: float = 2,
    eps: float = 1e-6,
    swap: bool = False,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """``max(0, margin + d(a, p) - d(a, n))`` with ``d`` the pairwise distance (with
    ``swap``, ``d(a, n)`` is the smaller of it and ``d(p, n)``).

    >>> import tensors as torch
    >>> a, p, n = torch.zeros(1, 2), torch.tensor([[3., 4.]]), torch.tensor([[6., 8.]])
    >>> torch.nn.functional.triplet_margin_loss(a, p, n, eps=0.0)
    tensor(0.)
    """
    reduction = _legacy(size_average, reduce, reduction)
    _check_reduction(reduction)
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    a, po, ne = anchor.ndim, positive.ndim, negative.ndim
    if not a == po == ne:
        raise RuntimeError(
            "The anchor, positive, and negative tensors are expected to have the same number of "
            f"dimensions, but got: anchor {a}D, positive {po}D, and negative {ne}D inputs"
        )
    dist_pos = pairwise_distance(anchor, positive, p, eps)
    dist_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        dist_neg = _ops.minimum(dist_neg, pairwise_distance(positive, negative, p, eps))
    return _reduced(_ops.clamp(margin + dist_pos - dist_neg, min=0), reduction)
