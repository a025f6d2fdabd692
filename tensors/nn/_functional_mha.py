"""``F.multi_head_attention_forward``: PyTorch's multi-head attention as one
function of its weights, written with the tensor ops PyTorch's Python code
uses (``linear``, ``cat``, ``pad``, ``baddbmm``, ``softmax``, ``dropout``,
``bmm``), step for step, so values and gradients are theirs.

The queries, keys and values are projected (one packed ``in_proj_weight`` or
three separate weights), optional learned ``bias_k``/``bias_v`` rows and a
zero row are appended to the keys and values, the heads are split out of the
batch dimension, each head's ``softmax(q k^T / sqrt(head_dim) + mask) v`` is
taken, and the heads, joined, go through the output projection.

>>> import tensors as torch
>>> F = torch.nn.functional
>>> x, w, b = torch.ones(1, 1, 2), torch.eye(2).repeat(3, 1), torch.zeros(6)
>>> out, weights = F.multi_head_attention_forward(x, x, x, 2, 1, w, b, None, None, False, 0.0,
...                                               torch.eye(2), torch.zeros(2))
>>> out, weights
(tensor([[[1., 1.]]]), tensor([[[1.]]]))
"""

from __future__ import annotations

import math
from typing import Any, Optional

from .. import _ops
from .._tensor import Tensor
from ._functional_pad import pad
from ._functional_sparse import dropout

__all__ = ["multi_head_attention_forward"]


def _canonical_mask(mask: Optional[Tensor], name: str, dtype: Any) -> Optional[Tensor]:
    # A boolean mask becomes -inf where True (not attended); a float mask is added.
    if mask is None:
        return None
    if mask.dtype.name == "bool":
        from .._creation import zeros_like

        return zeros_like(mask, dtype=dtype).masked_fill_(mask, float("-inf"))
    if not mask.dtype.is_floating_point:
        raise AssertionError(f"only bool and floating types of {name} are supported")
    return mask


def _shape_check(query: Tensor, key: Tensor, value: Tensor, key_padding_mask: Any,
                 attn_mask: Any, num_heads: int) -> bool:  # fmt: skip
    if query.ndim == 3:
        if key.ndim != 3 or value.ndim != 3:
            raise AssertionError(
                "For batched (3-D) `query`, expected `key` and `value` to be 3-D but found "
                f"{key.ndim}-D and {value.ndim}-D tensors respectively"
            )
        if key_padding_mask is not None and key_padding_mask.ndim != 2:
            raise AssertionError(
                "For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but "
                f"found {key_padding_mask.ndim}-D tensor instead"
            )
        if attn_mask is not None and attn_mask.ndim not in (2, 3):
            raise AssertionError(
                "For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but "
                f"found {attn_mask.ndim}-D tensor instead"
            )
        return True
    if query.ndim == 2:
        if key.ndim != 2 or value.ndim != 2:
            raise AssertionError(
                "For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found "
                f"{key.ndim}-D and {value.ndim}-D tensors respectively"
            )
        if key_padding_mask is not None and key_padding_mask.ndim != 1:
            raise AssertionError(
                "For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D but "
                f"found {key_padding_mask.ndim}-D tensor instead"
            )
        if attn_mask is not None:
            if attn_mask.ndim not in (2, 3):
                raise AssertionError(
                    "For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D "
                    f"but found {attn_mask.ndim}-D tensor instead"
                )
            want = (num_heads, query._shape[0], key._shape[0])
            if attn_mask.ndim == 3 and tuple(attn_mask._shape) != want:
                raise AssertionError(
                    f"Expected `attn_mask` shape to be {want} but got {attn_mask.shape}"
                )
        return False
    raise AssertionError(
        f"query should be unbatched 2D or batched 3D tensor but received {query.ndim}-D query "
        "tensor"
    )


def _project(query: Tensor, key: Tensor, value: Tensor, in_proj_weight: Optional[Tensor],
             in_proj_bias: Optional[Tensor], separate: bool, weights: tuple) -> tuple:  # fmt: skip
    if not separate:
        if in_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is False but in_proj_weight is None")
        ws = in_proj_weight.chunk(3)
    else:
        for name, w in zip(("q", "k", "v"), weights):
            if w is None:
                raise AssertionError(
                    f"use_separate_proj_weight is True but {name}_proj_weight is None"
                )
        ws = weights
    bs = in_proj_bias.chunk(3) if in_proj_bias is not None else (None, None, None)
    return tuple(_linear(x, w, b) for x, w, b in zip((query, key, value), ws, bs))


def _linear(x: Tensor, w: Tensor, b: Optional[Tensor]) -> Tensor:
    # F.linear as PyTorch computes it on rows: an addmm (the bias added to each
    # row's product), the rows viewed back to the input's shape.
    rows = x.reshape(-1, x._shape[-1])
    out = _ops.addmm(b, rows, w.t()) if b is not None else _ops.mm(rows, w.t())
    return out.reshape(*x._shape[:-1], w._shape[0])


def multi_head_attention_forward(
    query: Tensor, key: Tensor, value: Tensor, embed_dim_to_check: int, num_heads: int,
    in_proj_weight: Optional[Tensor], in_proj_bias: Optional[Tensor],
    bias_k: Optional[Tensor], bias_v: Optional[Tensor], add_zero_attn: bool,
    dropout_p: float, out_proj_weight: Tensor, out_proj_bias: Optional[Tensor],
    training: bool = True, key_padding_mask: Optional[Tensor] = None,
    need_weights: bool = True, attn_mask: Optional[Tensor] = None,
    use_separate_proj_weight: bool = False, q_proj_weight: Optional[Tensor] = None,
    k_proj_weight: Optional[Tensor] = None, v_proj_weight: Optional[Tensor] = None,
    static_k: Optional[Tensor] = None, static_v: Optional[Tensor] = None,
    average_attn_weights: bool = True, is_causal: bool = False,
) -> tuple:  # fmt: skip
    """Multi-head attention of ``query`` ``(L, N, E)`` over ``key``/``value``
    ``(S, N, E)`` (or unbatched ``(L, E)``, ``(S, E)``); returns the output
    ``(L, N, E)`` and the attention weights ``(N, L, S)`` (averaged over heads
    unless ``average_attn_weights=False``; None with ``need_weights=False``).
    ``dropout_p`` drops weights in training with the project's generator.
    """
    batched = _shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    tgt_len, bsz, embed_dim = query._shape
    key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask", query.dtype)
    if is_causal and attn_mask is None:
        raise RuntimeError(
            "Need attn_mask if specifying the is_causal hint. You may use the Transformer "
            "module method `generate_square_subsequent_mask` to create this mask."
        )
    attn_mask = _canonical_mask(attn_mask, "attn_mask", query.dtype)
    if embed_dim != embed_dim_to_check:
        raise AssertionError(
            f"was expecting embedding dimension of {embed_dim_to_check}, but got {embed_dim}"
        )
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    if use_separate_proj_weight:
        if tuple(key._shape[:2]) != tuple(value._shape[:2]):
            raise AssertionError(
                f"key's sequence and batch dims {key.shape[:2]} do not match value's "
                f"{value.shape[:2]}"
            )
    elif key._shape != value._shape:
        raise AssertionError(f"key shape {key.shape} does not match value shape {value.shape}")
    q, k, v = _project(query, key, value, in_proj_weight, in_proj_bias, use_separate_proj_weight,
                       (q_proj_weight, k_proj_weight, v_proj_weight))  # fmt: skip
    src_len = key._shape[0]
    if attn_mask is not None:
        if attn_mask.ndim == 2:
            if tuple(attn_mask._shape) != (tgt_len, src_len):
                raise RuntimeError(
                    f"The shape of the 2D attn_mask is {attn_mask.shape}, but should be "
                    f"{(tgt_len, src_len)}."
                )
            attn_mask = attn_mask.unsqueeze(0)
        elif tuple(attn_mask._shape) != (bsz * num_heads, tgt_len, src_len):
            raise RuntimeError(
                f"The shape of the 3D attn_mask is {attn_mask.shape}, but should be "
                f"{(bsz * num_heads, tgt_len, src_len)}."
            )
    if bias_k is not None and bias_v is not None:
        if static_k is not None or static_v is not None:
            what = "key" if static_k is not None else "value"
            raise AssertionError(f"bias cannot be added to static {what}.")
        k = _ops.cat([k, bias_k.repeat(1, bsz, 1)])
        v = _ops.cat([v, bias_v.repeat(1, bsz, 1)])
        attn_mask = pad(attn_mask, (0, 1)) if attn_mask is not None else None
        key_padding_mask = pad(key_padding_mask, (0, 1)) if key_padding_mask is not None else None
    elif bias_k is not None or bias_v is not None:
        which = ("bias_k", "bias_v") if bias_k is not None else ("bias_v", "bias_k")
        raise AssertionError(f"{which[0]} is set but {which[1]} is None")
    q = q.view(tgt_len, bsz * num_heads, head_dim).transpose(0, 1)
    k = (k.view(k._shape[0], bsz * num_heads, head_dim).transpose(0, 1)
         if static_k is None else static_k)  # fmt: skip
    v = (v.view(v._shape[0], bsz * num_heads, head_dim).transpose(0, 1)
         if static_v is None else static_v)  # fmt: skip
    if add_zero_attn:
        from .._creation import zeros

        row = (bsz * num_heads, 1, head_dim)
        k = _ops.cat([k, zeros(row, dtype=k.dtype)], dim=1)
        v = _ops.cat([v, zeros(row, dtype=v.dtype)], dim=1)
        attn_mask = pad(attn_mask, (0, 1)) if attn_mask is not None else None
        key_padding_mask = pad(key_padding_mask, (0, 1)) if key_padding_mask is not None else None
    src_len = k._shape[1]
    if key_padding_mask is not None:
        if tuple(key_padding_mask._shape) != (bsz, src_len):
            raise AssertionError(
                f"expecting key_padding_mask shape of {(bsz, src_len)}, but got "
                f"{key_padding_mask.shape}"
            )
        padding = key_padding_mask.view(bsz, 1, 1, src_len).expand(-1, num_heads, -1, -1)
        padding = padding.reshape(bsz * num_heads, 1, src_len)
        attn_mask = padding if attn_mask is None else attn_mask + padding
    if not training:
        dropout_p = 0.0
    q_scaled = q * math.sqrt(1.0 / float(head_dim))
    if attn_mask is not None:
        weights = _ops.baddbmm(attn_mask, q_scaled, k.transpose(-2, -1))
    else:
        weights = _ops.bmm(q_scaled, k.transpose(-2, -1))
    weights = weights.softmax(-1)
    if dropout_p > 0.0:
        weights = dropout(weights, p=dropout_p)
    out = _ops.bmm(weights, v).transpose(0, 1).reshape(tgt_len * bsz, embed_dim)
    out = _linear(out, out_proj_weight, out_proj_bias)
    out = out.view(tgt_len, bsz, out._shape[1])
    if not need_weights:
        return (out if batched else out.squeeze(1)), None
    weights = weights.view(bsz, num_heads, tgt_len, src_len)
    if average_attn_weights:
        weights = weights.mean(dim=1)
    if not batched:
        out, weights = out.squeeze(1), weights.squeeze(0)
    return out, weights
