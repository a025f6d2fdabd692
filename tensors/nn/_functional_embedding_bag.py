"""``F.embedding_bag``: the sum, mean or max of the embedding rows of each bag of
indices, without forming the rows one by one as ``embedding`` would.

A bag's sum or mean is one ``sum`` node per feature (``dot`` nodes with the
``per_sample_weights``), its max one node of the table's ``max_pool`` row (the
gradient to the first largest, as PyTorch's kernel keeps). Indices equal to
``padding_idx`` are left out, of the mean's count too.

>>> import tensors as torch
>>> w = torch.tensor([[1., 2.], [3., 4.], [5., 6.]])
>>> torch.nn.functional.embedding_bag(torch.tensor([0, 2, 1]), w, torch.tensor([0, 2]))
tensor([[3., 4.],
        [3., 4.]])
"""

from __future__ import annotations

from typing import Optional

from autograd_scalar import Value, apply
from autograd_scalar.ops import OPS
from autograd_scalar.value import _const

from .._tensor import Tensor, _result


def embedding_bag(
    input: Tensor,
    weight: Tensor,
    offsets: Optional[Tensor] = None,
    max_norm: Optional[float] = None,
    norm_type: float = 2,
    scale_grad_by_freq: bool = False,
    mode: str = "mean",
    sparse: bool = False,
    per_sample_weights: Optional[Tensor] = None,
    include_last_offset: bool = False,
    padding_idx: Optional[int] = None,
) -> Tensor:
    """Reduce the rows ``weight[i]`` of each bag: ``input`` 2-D (one bag per row) or
    1-D with ``offsets`` (where each bag starts); ``mode`` ``"sum"``, ``"mean"`` or
    ``"max"``; ``per_sample_weights`` scale the rows of a ``"sum"``.

    >>> import tensors as torch
    >>> w = torch.tensor([[1., 2.], [3., 4.]])
    >>> torch.nn.functional.embedding_bag(torch.tensor([[0, 1]]), w, mode="max")
    tensor([[3., 4.]])
    """
    if max_norm is not None:
        raise NotImplementedError("embedding_bag with max_norm renormalises weight in place")
    if mode not in ("sum", "mean", "max"):
        raise ValueError("mode has to be one of sum, mean or max")
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(
            "embedding_bag: per_sample_weights was not None. per_sample_weights is only "
            f"supported for mode='sum' (got mode='{mode}'). Please open a feature request on "
            "GitHub."
        )
    num, dim = weight._shape
    indices = [int(v.data) for v in input._flat()]
    if input.ndim == 2:
        if offsets is not None:
            raise ValueError(
                "if input is 2D, then offsets has to be None, as input is treated is a "
                "mini-batch of fixed length sequences."
            )
        length = input._shape[1]
        bags = [(b * length, (b + 1) * length) for b in range(input._shape[0])]
    elif input.ndim == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        starts = [int(v.data) for v in offsets._flat()]
        if include_last_offset:
            bags = list(zip(starts[:-1], starts[1:]))
        else:
            bags = list(zip(starts, starts[1:] + [len(indices)]))
    else:
        raise ValueError(
            f"input has to be 1D or 2D Tensor, but got Tensor of dimension {input.ndim}"
        )
    pad = None if padding_idx is None else (padding_idx + num if padding_idx < 0 else padding_idx)
    flat = weight._flat()
    psw = per_sample_weights._flat() if per_sample_weights is not None else None
    zero = _const(0.0)
    out: list = []
    for start, end in bags:
        kept = [k for k in range(start, end) if indices[k] != pad]
        for f in range(dim):
            column = [flat[indices[k] * dim + f] for k in kept]
            if not column:
                out.append(zero)
            elif mode == "max":
                out.append(apply(OPS["max_pool"], *column))
            elif psw is not None:
                out.append(apply(OPS["dot"], *column, *[psw[k] for k in kept]))
            else:
                total = Value.sum(column)
                out.append(total / len(column) if mode == "mean" else total)
    inputs = (weight,) + ((per_sample_weights,) if per_sample_weights is not None else ())
    return _result(out, (len(bags), dim), weight.dtype, "EmbeddingBagBackward0", inputs,
                   op="embedding_bag")  # fmt: skip
