"""``F.ctc_loss``: the connectionist temporal classification loss, as PyTorch's
CPU kernel computes it.

For each sequence, the target with a blank between and around its labels is
aligned to the ``T`` steps of ``log_probs`` by the forward (alpha) recursion in
log space: each alpha is ``log(sum(exp(a - m))) + m + log_prob`` over the
alphas it can come from (``m`` their largest, a constant), rows of the table
(``exp``, ``sum``, ``log``), so the gradient is the scalar graph's. PyTorch's
backward returns ``exp(log_prob) - posterior`` for every step inside the
sequence, the gradient with respect to the logits of a ``log_softmax`` (the
same after that ``log_softmax``); the loss here adds ``exp(lp) - exp(lp)``, a
zero whose derivative is that ``exp(lp)``, so the gradient with respect to
``log_probs`` is PyTorch's too.

>>> import tensors as torch
>>> lp = torch.tensor([[0.5, 0.5], [0.5, 0.5]]).log()
>>> torch.nn.functional.ctc_loss(lp, torch.tensor([1]), [2], [1], reduction="sum")
tensor(0.2877)
"""

from __future__ import annotations

import math
from typing import Any, Optional

from autograd_scalar import Value
from autograd_scalar.value import _const

from .. import _dtype as D
from .. import _ops
from .._tensor import Tensor, _result

__all__ = ["ctc_loss"]

_WHERE = " (while checking arguments for ctc_loss_allocate_outputs)"


def _ints(lengths: Any) -> list:
    if isinstance(lengths, Tensor):
        return [int(v.data) for v in lengths._flat()]
    if not isinstance(lengths, (list, tuple)):
        raise TypeError(
            "ctc_loss() received an invalid combination of arguments: input_lengths and "
            f"target_lengths must be tuples of ints or tensors, got {type(lengths).__name__}"
        )
    return [int(v) for v in lengths]


def _logsumexp(values: list) -> Optional[Value]:
    # log(sum(exp(v - m))) + m over the terms that are not -inf (None); None if none is.
    kept = [v for v in values if v is not None and v.data != -math.inf]
    if not kept:
        return None
    m = max(v.data for v in kept)
    m = 0.0 if m == -math.inf else m
    return Value.sum([(v - m).exp() for v in kept]).log() + m


def _sequence_nll(lp: list, labels: list, steps: int, blank: int) -> Value:
    """The negative log likelihood of one sequence: ``lp[t][c]`` are Values."""
    if steps == 0:
        return _const(0.0 if not labels else math.inf)
    extended = [blank]
    for label in labels:
        extended += [label, blank]
    alpha: list = [None] * len(extended)
    alpha[0] = lp[0][blank]
    if labels:
        alpha[1] = lp[0][extended[1]]
    for t in range(1, steps):
        previous, alpha = alpha, []
        for s, symbol in enumerate(extended):
            sources = [previous[s]]
            if s > 0:
                sources.append(previous[s - 1])
            if s > 1 and extended[s - 2] != symbol:
                sources.append(previous[s - 2])
            total = _logsumexp(sources)
            alpha.append(None if total is None else total + lp[t][symbol])
    ends = alpha[-1:] if not labels else [alpha[-1], alpha[-2]]
    likelihood = _logsumexp(ends)
    return _const(math.inf) if likelihood is None else -likelihood


def ctc_loss(
    log_probs: Tensor,
    targets: Tensor,
    input_lengths: Any,
    target_lengths: Any,
    blank: int = 0,
    reduction: str = "mean",
    zero_infinity: bool = False,
) -> Tensor:
    """The CTC loss of ``log_probs`` ``(T, N, C)`` (or ``(T, C)``) against
    ``targets``, padded ``(N, S)`` or concatenated; ``reduction="mean"`` divides
    each loss by its target length, then averages; ``zero_infinity`` turns an
    impossible alignment's infinite loss (and its gradient) into 0.

    >>> import tensors as torch
    >>> lp = torch.zeros(3, 1, 2).log_softmax(2)
    >>> torch.nn.functional.ctc_loss(lp, torch.tensor([[1]]), [3], [1], reduction="none")
    tensor([0.2877])
    """
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    batched = log_probs.ndim == 3
    lp3 = log_probs if batched else log_probs.unsqueeze(1)
    ins, outs = _ints(input_lengths), _ints(target_lengths)
    if targets.dtype.is_floating_point or targets.dtype.name == "bool":
        kind = D.type_name(targets.dtype)
        raise RuntimeError(
            f"Expected tensor for argument #2 'targets' to have scalar type Long; but got "
            f"torch.{kind}Tensor instead{_WHERE}"
        )
    if lp3.ndim != 3:
        raise RuntimeError(
            f"Expected {lp3.ndim}-dimensional tensor, but got 3-dimensional tensor for argument "
            f"#1 'log_probs'{_WHERE}"
        )
    steps, n, classes = lp3._shape
    if not 0 <= blank < classes:
        raise RuntimeError("blank must be in label range")
    if len(ins) != n:
        raise RuntimeError("input_lengths must be of size batch_size")
    if len(outs) != n:
        raise RuntimeError("target_lengths must be of size batch_size")
    for length in outs:
        if length < 0:
            raise RuntimeError(
                f"Expected target_lengths to have value at least 0, but got value {length}{_WHERE}"
            )
    labels_flat = [int(v.data) for v in targets._flat()]
    if targets.ndim == 1 and batched or not batched:
        starts = [sum(outs[:b]) for b in range(n)]
        if len(labels_flat) != sum(outs):
            raise RuntimeError(
                f"Expected tensor to have size {sum(outs)} at dimension 0, but got size "
                f"{len(labels_flat)} for argument #2 'targets'{_WHERE}"
            )
    else:
        width = targets._shape[1] if targets.ndim > 1 else 0
        if targets._shape[0] != n:
            raise RuntimeError(
                f"Expected tensor to have size {n} at dimension 0, but got size "
                f"{targets._shape[0]} for argument #2 'targets'{_WHERE}"
            )
        if outs and width < max(outs):
            raise RuntimeError(
                f"Expected tensor to have size at least {max(outs)} at dimension 1, but got "
                f"size {width} for argument #2 'targets'{_WHERE}"
            )
        starts = [b * width for b in range(n)]
    for length in ins:
        if length < 0 or length > steps:
            bound = ("at least 0", length) if length < 0 else (f"at most {steps}", length)
            raise RuntimeError(
                f"Expected input_lengths to have value {bound[0]}, but got value {bound[1]}{_WHERE}"
            )
    flat = lp3._flat()
    losses = []
    for b in range(n):
        lp = [flat[(t * n + b) * classes : (t * n + b + 1) * classes] for t in range(ins[b])]
        labels = labels_flat[starts[b] : starts[b] + outs[b]]
        nll = _sequence_nll(lp, labels, ins[b], blank)
        # PyTorch's backward adds exp(log_prob) for every step inside the sequence.
        probs = Value.sum([v.exp() for row in lp for v in row]) if lp else None
        if probs is not None:
            zero = probs - probs.data
            if nll.data == math.inf:
                # An impossible alignment: PyTorch's formula takes inf - inf, its
                # gradient is nan; sqrt(0) * sqrt(0) is 0 with a nan derivative.
                zero = zero.sqrt() * zero.sqrt()
            nll = nll + zero
        if zero_infinity and nll.data == math.inf:
            # PyTorch's kernel gives such a sequence no gradient at all: a constant
            # here, which the where below replaces by 0.
            nll = _const(math.inf)
        losses.append(nll)
    res = _result(losses, (n,), log_probs.dtype, "CtcLossBackward0", (lp3, targets), edges=(0,))
    if zero_infinity:
        from .._creation import zeros

        res = _ops.where(res == math.inf, zeros((), dtype=res.dtype), res)
    if reduction == "mean":
        from .._creation import tensor

        return (res / tensor(outs, dtype=res.dtype).clamp_min(1)).mean()
    if reduction == "sum":
        return res.sum()
    return res if batched else res.squeeze(0)
