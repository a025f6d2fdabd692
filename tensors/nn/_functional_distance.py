"""Normalising and comparing vectors: ``normalize``, ``cosine_similarity``, ``pdist``.

Compositions as PyTorch writes them (``normalize`` divides by the clamped
norm; ``cosine_similarity`` divides each vector by its norm first), so the
values, gradients and grad_fn chains are PyTorch's; ``pdist`` is one norm
node per pair of rows (``PdistBackward0``).

>>> import tensors as torch
>>> torch.nn.functional.normalize(torch.tensor([[3., 4.]]))
tensor([[0.6000, 0.8000]])
"""

from __future__ import annotations

import math
from typing import Any

from autograd_scalar import apply
from autograd_scalar.ops import OPS

from .. import _ops
from .._ops.linalg_norms import _norm_node
from .._shape import broadcast_shapes
from .._tensor import Tensor, _result


def normalize(
    input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12, out: Any = None
) -> Tensor:
    """``input / max(norm_p(input, dim), eps)``: unit vectors along ``dim``.

    >>> import tensors as torch
    >>> torch.nn.functional.normalize(torch.tensor([1., 1., 2.]), p=1, dim=0)
    tensor([0.2500, 0.2500, 0.5000])
    """
    denom = _ops.clamp(_ops.norm(input, p, dim, keepdim=True), min=eps)
    return input / _ops.expand(denom, *input._shape)


def _clamped_in_place(norm: Tensor, eps: float) -> Tensor:
    # PyTorch clamps the norms in place under no_grad: a clamped value changes, and
    # its gradient still flows to the norm as if it had not (x + (eps - x) moves the
    # value by a constant: derivative 1).
    values = [v + (eps - v.data) if v.data < eps else v for v in norm._flat()]
    return _result(values, norm._shape, norm.dtype, norm.grad_fn.name() if norm.grad_fn else
                   "LinalgVectorNormBackward0", (norm,), op="norm")  # fmt: skip


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """The cosine of the angle between ``x1`` and ``x2`` along ``dim`` (broadcasting):
    each divided by its norm (clamped at ``eps``), then the dot product.

    >>> import tensors as torch
    >>> F = torch.nn.functional
    >>> F.cosine_similarity(torch.tensor([[1., 0.]]), torch.tensor([[1., 1.]]))
    tensor([0.7071])
    """
    for name, t, pos in (("x1", x1, 1), ("x2", x2, 2)):
        if not isinstance(t, Tensor):
            raise TypeError(
                f"cosine_similarity(): argument '{name}' (position {pos}) must be Tensor, not "
                f"{type(t).__name__}"
            )
    shape = broadcast_shapes(x1._shape, x2._shape)
    a, b = _ops.expand(x1, *shape), _ops.expand(x2, *shape)
    norm_a = _clamped_in_place(_ops.vector_norm(a, 2, dim, keepdim=True), eps)
    norm_b = _clamped_in_place(_ops.vector_norm(b, 2, dim, keepdim=True), eps)
    return ((a / norm_a) * (b / norm_b)).sum(dim)


def pdist(input: Tensor, p: float = 2) -> Tensor:
    """The p-norm distances between the rows of a matrix, for each pair ``i < j``, in
    order.

    >>> import tensors as torch
    >>> torch.nn.functional.pdist(torch.tensor([[0., 0.], [3., 4.], [6., 8.]]))
    tensor([ 5., 10.,  5.])
    """
    if input.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.ndim}D")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    n, m = input._shape
    flat = input._flat()
    rows = [flat[i * m : (i + 1) * m] for i in range(n)]
    out = [
        _pair_distance([a - b for a, b in zip(rows[i], rows[j])], float(p))
        for i in range(n)
        for j in range(i + 1, n)
    ]
    return _result(out, (len(out),), input.dtype, "PdistBackward0", (input,), op="pdist")


def _pair_distance(diffs: list, p: float) -> Any:
    if p == math.inf:
        # PyTorch's pdist kernel sends gradient only to the largest |difference|s
        # and adds nothing (a +0.0 start) for the others: they are left out here,
        # so no -0.0 comes back through the difference's -1.
        top = max(abs(d.data) for d in diffs) if diffs else 0.0
        kept = [d for d in diffs if abs(d.data) == top]
        if kept and len(kept) < len(diffs):
            return apply(OPS["norm_max"], *[d.abs() for d in kept])
    return _norm_node(diffs, p)
