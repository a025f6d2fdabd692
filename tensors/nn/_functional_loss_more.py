"""More losses of ``torch.nn.functional``: ``multilabel_margin_loss`` and
``triplet_margin_with_distance_loss``.

``multilabel_margin_loss`` is one tensor op over Values, as PyTorch's kernel:
for each target class ``j`` (the targets end at the first ``-1``) and each class
``i`` that is not a target, the hinge ``1 - x[j] + x[i]`` is added where it is
positive (a hinge at or below zero adds nothing and passes no gradient, as in
PyTorch's backward), and the sum is divided by the number of classes.
``triplet_margin_with_distance_loss`` is PyTorch's composition of tensor ops
around any distance function.

>>> import tensors as torch
>>> F = torch.nn.functional
>>> F.multilabel_margin_loss(torch.tensor([0.1, 0.2, 0.4, 0.8]), torch.tensor([3, 0, -1, 1]))
tensor(0.8500)
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from autograd_scalar import Value
from autograd_scalar.value import _const

from .. import _dtype as D
from .. import _ops
from .._tensor import Tensor, _result
from ._functional_loss import _check_reduction, _legacy, _reduced, pairwise_distance

__all__ = ["multilabel_margin_loss", "triplet_margin_with_distance_loss"]


def _check_multilabel(input: Tensor, target: Tensor) -> tuple:
    """PyTorch's shape checks; (frames, classes)."""
    shape = list(input._shape)
    ndim = input.ndim
    if not ((ndim == 2 and shape[1] != 0) or (ndim == 1 and shape[0] != 0) or ndim == 0):
        raise RuntimeError(
            f"Expected non-empty vector or matrix with optional 0-dim batch size, but got: {shape}"
        )
    if ndim <= 1:
        frames, dim = 1, (shape[0] if ndim else 1)
        fits = target.ndim <= 1 and target.numel() == dim
    else:
        frames, dim = shape
        fits = target.ndim == 2 and list(target._shape) == shape
    if not fits:
        raise RuntimeError(
            f"inconsistent target size: {list(target._shape)} for input of size: {shape}"
        )
    if not input.dtype.is_floating_point:
        raise NotImplementedError(
            '"multilabel_margin_loss_forward_out_frame" not implemented for '
            f"'{D.type_name(input.dtype)}'"
        )
    if target.dtype.name != "int64":
        found = D.type_name(target.dtype)
        raise RuntimeError(f"expected scalar type Long but found {found}")
    return frames, dim


def multilabel_margin_loss(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """The multi-label hinge loss: for each sample, the sum over its target
    classes ``j`` (``target`` lists them, ended by ``-1``) and its other classes
    ``i`` of ``max(0, 1 - x[j] + x[i])``, divided by the number of classes.

    >>> import tensors as torch
    >>> x = torch.tensor([[0.1, 0.2, 0.4, 0.8]], requires_grad=True)
    >>> loss = torch.nn.functional.multilabel_margin_loss(x, torch.tensor([[3, 0, -1, 1]]))
    >>> loss.backward()
    >>> loss
    tensor(0.8500, grad_fn=<MultilabelMarginLossBackward0>)
    >>> x.grad
    tensor([[-0.5000,  0.5000,  0.5000, -0.5000]])
    """
    reduction = _legacy(size_average, reduce, reduction)
    _check_reduction(reduction)
    frames, dim = _check_multilabel(input, target)
    labels = [int(v.data) for v in target._flat()]
    if labels and (min(labels) < -1 or max(labels) >= dim):
        raise RuntimeError("argument #2 'target' is out of range")
    flat = input._flat()
    losses = []
    for n in range(frames):
        row, wanted = flat[n * dim : (n + 1) * dim], labels[n * dim : (n + 1) * dim]
        targets = []
        for j in wanted:
            if j < 0:
                break
            targets.append(j)
        others = [i for i in range(dim) if i not in targets]
        hinges = []
        for j in targets:
            for i in others:
                if 1.0 - row[j].data + row[i].data > 0.0:
                    hinges.append(1.0 - row[j] + row[i])
        losses.append(Value.sum(hinges) / dim if hinges else _const(0.0))
    shape: tuple = (frames,) if input.ndim == 2 and reduction == "none" else ()
    if reduction == "sum":
        losses = [Value.sum(losses)]
    elif reduction == "mean":
        losses = [Value.sum(losses) / frames] if frames else [_const(float("nan"))]
    name = "MultilabelMarginLossBackward0"
    return _result(losses, shape, input.dtype, name, (input, target), edges=(0,))


def triplet_margin_with_distance_loss(
    anchor: Tensor,
    positive: Tensor,
    negative: Tensor,
    *,
    distance_function: Optional[Callable[[Tensor, Tensor], Tensor]] = None,
    margin: float = 1.0,
    swap: bool = False,
    reduction: str = "mean",
) -> Tensor:
    """``max(0, margin + d(a, p) - d(a, n))`` for any distance function ``d`` of two
    tensors (``pairwise_distance`` by default); with ``swap``, ``d(a, n)`` is the
    smaller of it and ``d(p, n)``.

    >>> import tensors as torch
    >>> a, p, n = torch.zeros(1, 2), torch.tensor([[3., 4.]]), torch.tensor([[6., 8.]])
    >>> l1 = lambda x, y: (x - y).abs().sum(-1)
    >>> torch.nn.functional.triplet_margin_with_distance_loss(a, p, n, distance_function=l1)
    tensor(0.)
    """
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    a, po, ne = anchor.ndim, positive.ndim, negative.ndim
    if not a == po == ne:
        raise RuntimeError(
            "The anchor, positive, and negative tensors are expected to have the same number of "
            f"dimensions, but got: anchor {a}D, positive {po}D, and negative {ne}D inputs"
        )
    distance = pairwise_distance if distance_function is None else distance_function
    dist_pos = distance(anchor, positive)
    dist_neg = distance(anchor, negative)
    if swap:
        dist_neg = _ops.minimum(dist_neg, distance(positive, negative))
    return _reduced(_ops.clamp_min(margin + dist_pos - dist_neg, 0), reduction)
