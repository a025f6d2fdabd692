"""``F.embedding`` and ``F.dropout``, as ``torch.nn.functional``.

An embedding looks rows up: each output element is a copy (the op table's
``copy`` row) of a weight element, so gradients add up in the rows used.
Dropout multiplies by a mask of ``0`` and ``1 / (1 - p)`` drawn from the
project's generator (``torch.manual_seed``), as PyTorch's CPU kernel does,
so its node is PyTorch's ``MulBackward0``.

>>> import tensors as torch
>>> import tensors.nn.functional as F
>>> F.embedding(torch.tensor([2, 0]), torch.tensor([[0., 1.], [2., 3.], [4., 5.]]))
tensor([[4., 5.],
        [0., 1.]])
"""

from __future__ import annotations

from typing import Optional

from autograd_scalar import apply
from autograd_scalar.ops import OPS
from autograd_scalar.value import _const

from .. import _dtype as D
from .._shape import Size
from .._tensor import Tensor, _result

__all__ = ["embedding", "dropout"]

_COPY = OPS["copy"]


def embedding(
    input: Tensor,
    weight: Tensor,
    padding_idx: Optional[int] = None,
    max_norm: Optional[float] = None,
    norm_type: float = 2.0,
    scale_grad_by_freq: bool = False,
    sparse: bool = False,
) -> Tensor:
    """Rows of ``weight`` chosen by the integer tensor ``input``: the result has
    shape ``input.shape + (embedding_dim,)``. The row ``padding_idx`` gets no gradient.

    >>> import tensors as torch
    >>> import tensors.nn.functional as F
    >>> w = torch.ones(3, 2, requires_grad=True)
    >>> F.embedding(torch.tensor([[1, 1]]), w, padding_idx=0).sum().backward()
    >>> w.grad
    tensor([[0., 0.],
            [2., 2.],
            [0., 0.]])
    """
    if max_norm is not None or scale_grad_by_freq or sparse:
        raise NotImplementedError(
            "embedding: max_norm, scale_grad_by_freq and sparse are not implemented here"
        )
    if input.dtype.is_floating_point or input.dtype.name == "bool":
        kind = D.type_name(input.dtype)
        raise RuntimeError(
            "Expected tensor for argument #1 'indices' to have one of the following scalar "
            f"types: Long, Int; but got torch.{kind}Tensor instead (while checking arguments "
            "for embedding)"
        )
    if weight.ndim != 2:
        raise RuntimeError("'weight' must be 2-D")
    rows, dim = weight.shape[0], weight.shape[1]
    if padding_idx is not None and padding_idx < 0:
        padding_idx += rows
    table = weight._flat()
    out = []
    for v in input._flat():
        i = int(v.data)
        if not -rows <= i < rows or i < 0:
            raise IndexError("index out of range in self")
        row = table[i * dim : (i + 1) * dim]
        # The padding row is read but never trained: constants carry no gradient.
        out.extend(_const(w.data) if i == padding_idx else apply(_COPY, w) for w in row)
    return _result(
        out,
        Size(tuple(input.shape) + (dim,)),
        weight.dtype,
        "EmbeddingBackward0",
        (weight, input),
        op="embedding",
        edges=(0,),
    )


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero each element with probability ``p`` and scale the rest by ``1 / (1 - p)``
    (in training; otherwise ``input`` itself is returned).

    >>> import tensors as torch
    >>> import tensors.nn.functional as F
    >>> F.dropout(torch.ones(4), 0.5, training=False)
    tensor([1., 1., 1., 1.])
    >>> sorted(set(F.dropout(torch.ones(100), 0.5).tolist()))
    [0.0, 2.0]
    """
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return input
    from .._creation import _rng, tensor

    keep = 1.0 - p
    scale = 0.0 if keep == 0.0 else 1.0 / keep
    mask = tensor(
        [scale if _rng.random() < keep else 0.0 for _ in range(input.numel())],
        dtype=input.dtype,
    ).reshape(input.shape)
    if inplace:
        return input.mul_(mask)
    return _result(
        [x * m for x, m in zip(input._flat(), mask._flat())],
        input._shape,
        input.dtype,
        "MulBackward0",
        (input, mask),
        op="dropout",
    )
