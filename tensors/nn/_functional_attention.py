"""``scaled_dot_product_attention`` and ``bilinear``: products of three tensors.

Attention is written out on Values, one query row at a time: each score is one
``dot`` node (``q . k``) times the scale (plus the mask, when it is a number
tensor), the softmax over the keys is the exp and sum nodes of ``softmax``, and
each output element one more ``dot`` node (weights . value column); a row that
the mask hides entirely gives zeros, as PyTorch's. ``bilinear`` is
``x1^T W_o x2 + b_o``: the products ``x1_i x2_j`` once, then one ``dot`` node
per output with the weights of ``o``.

>>> import tensors as torch
>>> q = torch.tensor([[[1., 0.], [0., 1.]]])
>>> torch.nn.functional.scaled_dot_product_attention(q, q, torch.tensor([[[1.], [3.]]]))
tensor([[[1.6605],
         [2.3395]]])
"""

from __future__ import annotations

import math
from typing import Optional

from autograd_scalar import Value, apply
from autograd_scalar.value import _const

from .._ops.matrix_products import _DOT
from .._shape import broadcast_index, broadcast_shapes, numel
from .._tensor import Tensor, _result


def _blocks(t: Tensor, batch: tuple, rows: int, cols: int) -> list:
    """``t``'s (rows x cols) matrices over the broadcast ``batch`` dimensions."""
    flat, size = t._flat(), rows * cols
    own = t._shape[:-2]
    index = broadcast_index(own, batch) if own != batch else range(numel(batch))
    return [flat[i * size : (i + 1) * size] for i in index]


def _safe_softmax(scores: list) -> list:
    # exp(x - max) / sum; a row masked everywhere (all -inf) gives zeros, as PyTorch's.
    finite = [s for s in scores if s.data != -math.inf]
    if not finite:
        return [_const(0.0) for _ in scores]
    m = max(s.data for s in scores)
    es = [(s - m).exp() for s in scores]
    total = Value.sum(es)
    return [e / total for e in es]


def scaled_dot_product_attention(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    attn_mask: Optional[Tensor] = None,
    dropout_p: float = 0.0,
    is_causal: bool = False,
    scale: Optional[float] = None,
    enable_gqa: bool = False,
) -> Tensor:
    """``softmax(q k^T * scale + mask) v`` over the last two dimensions (the leading
    ones broadcast). ``attn_mask`` is a boolean tensor (False hides a key) or a number
    tensor added to the scores; ``is_causal`` hides the keys after each query;
    ``scale`` is ``1 / sqrt(E)`` by default. Dropout on the weights draws from this
    project's generator, not PyTorch's stream.

    >>> import tensors as torch
    >>> F = torch.nn.functional
    >>> F.scaled_dot_product_attention(torch.ones(1, 2, 2), torch.ones(1, 2, 2),
    ...                                torch.tensor([[[2.], [4.]]]), is_causal=True)
    tensor([[[2.],
             [3.]]])
    """
    q, k, v = query, key, value
    if min(q.ndim, k.ndim, v.ndim) < 2:
        raise RuntimeError(
            "Expected query, key, and value to all be  at least 2 dimensional, but got "
            f"query.dim: {q.ndim} key.dim: {k.ndim} and value.dim: {v.ndim} instead."
        )
    if not q.dtype == k.dtype == v.dtype:
        names = {"float32": "float", "float64": "double"}
        got = [names.get(t.dtype.name, t.dtype.name) for t in (q, k, v)]
        raise RuntimeError(
            "Expected query, key, and value to have the same dtype, but got query.dtype: "
            f"{got[0]} key.dtype: {got[1]} and value.dtype: {got[2]} instead."
        )
    if is_causal and attn_mask is not None:
        raise RuntimeError(
            "_scaled_dot_product_attention: Explicit attn_mask should not be set when "
            "is_causal=True"
        )
    (length, e), (s_len, e2), (s_len2, ev) = q._shape[-2:], k._shape[-2:], v._shape[-2:]
    batch = broadcast_shapes(q._shape[:-2], k._shape[:-2], v._shape[:-2])
    if e != e2:
        raise RuntimeError(
            "Expected size for first two dimensions of batch2 tensor to be: "
            f"[{numel(batch)}, {e}] but got: [{numel(batch)}, {e2}]."
        )
    if s_len != s_len2:
        raise RuntimeError(
            "Expected size for first two dimensions of batch2 tensor to be: "
            f"[{numel(batch)}, {s_len}] but got: [{numel(batch)}, {s_len2}]."
        )
    factor = _const(1.0 / math.sqrt(e) if scale is None else float(scale))
    masks = None
    if attn_mask is not None:
        mask_batch = broadcast_shapes(batch, attn_mask._shape[:-2])
        full = broadcast_index(attn_mask._shape, mask_batch + (length, s_len))
        mflat = attn_mask._flat()
        masks = [mflat[i] for i in full]
        if mask_batch != batch:
            batch = mask_batch
    qs, ks, vs = (_blocks(t, batch, r, c) for t, r, c in
                  ((q, length, e), (k, s_len, e), (v, s_len, ev)))  # fmt: skip
    boolean = attn_mask is not None and not attn_mask.dtype.is_floating_point
    keep = 1.0 - dropout_p
    if dropout_p > 0.0:
        from .._creation import _rng
    out: list = []
    for b, (qb, kb, vb) in enumerate(zip(qs, ks, vs)):
        for i in range(length):
            row = qb[i * e : (i + 1) * e]
            scores = []
            for j in range(s_len):
                hidden = is_causal and j > i
                if masks is not None and boolean:
                    hidden = not masks[(b * length + i) * s_len + j].data
                if hidden:
                    scores.append(_const(-math.inf))
                    continue
                score = apply(_DOT, *row, *kb[j * e : (j + 1) * e]) * factor
                if masks is not None:
                    score = score + masks[(b * length + i) * s_len + j]
                scores.append(score)
            weights = _safe_softmax(scores)
            if dropout_p > 0.0:
                weights = [w * (1.0 / keep) if _rng.random() < keep else w * 0.0 for w in weights]
            for c in range(ev):
                out.append(apply(_DOT, *weights, *vb[c::ev]))
    name = "ScaledDotProductFlashAttentionForCpuBackward0" if len(batch) == 2 else (
        "UnsafeViewBackward0")  # fmt: skip
    inputs = (q, k, v) + ((attn_mask,) if attn_mask is not None else ())
    return _result(out, batch + (length, ev), q.dtype, name, inputs, op="attention")


def bilinear(
    input1: Tensor, input2: Tensor, weight: Tensor, bias: Optional[Tensor] = None
) -> Tensor:
    """``y_o = x1^T W_o x2 + b_o`` for each output feature ``o`` (leading dimensions are
    batches).

    >>> import tensors as torch
    >>> w = torch.ones(1, 2, 2)
    >>> torch.nn.functional.bilinear(torch.tensor([1., 2.]), torch.tensor([3., 4.]), w)
    tensor([21.])
    """
    if input1.ndim != input2.ndim:
        raise RuntimeError(
            f"bilinear(): input dimensions do not match: got {input1.ndim} and {input2.ndim}"
        )
    for n, (t, d) in enumerate(((input1, 1), (input2, 2)), 1):
        if t._shape[-1] != weight._shape[d]:
            raise RuntimeError(
                f"bilinear(): input{n} size does not match weight size: got {t._shape[-1]} "
                f"but expected {weight._shape[d]}"
            )
    for d, (a, b) in enumerate(zip(input1._shape[:-1], input2._shape[:-1])):
        if a != b:
            raise RuntimeError(
                f"bilinear(): input batch dimensions do not match at dim {d}: got {a} and {b}"
            )
    outs, n1, n2 = weight._shape
    if bias is not None and (bias.ndim != 1 or bias._shape[0] != outs):
        raise RuntimeError(
            f"bilinear(): bias size does not match weight size: got {bias._shape[-1]} but "
            f"expected {outs}"
        )
    f1, f2, fw = input1._flat(), input2._flat(), weight._flat()
    fb = bias._flat() if bias is not None else None
    out: list = []
    for r in range(numel(input1._shape[:-1])):
        x1, x2 = f1[r * n1 : (r + 1) * n1], f2[r * n2 : (r + 1) * n2]
        products = [a * b for a in x1 for b in x2]
        for o in range(outs):
            ws = fw[o * n1 * n2 : (o + 1) * n1 * n2]
            out.append(apply(_DOT, *products, *ws, *([fb[o]] if fb else [])))
    shape = input1._shape[:-1] + (outs,)
    name = "AddBackward0" if bias is not None else "ViewBackward0"
    inputs = (input1, input2, weight) + ((bias,) if bias is not None else ())
    return _result(out, shape, input1.dtype, name, inputs, op="bilinear")
