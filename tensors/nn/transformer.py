"""Attention layers: ``MultiheadAttention``, ``TransformerEncoderLayer`` and
``TransformerEncoder``, as ``torch.nn``'s (parameter names, init, masks, shapes).

Attention is written with the tensor ops (linear maps, a batched matrix
product, a softmax), so one attention weight is a small graph of scalars a
learner can open: ``viz.draw_values`` of ``weights[0, 1, 2]`` shows the dot
product of a query row and a key row, its scaling, and the softmax around it.

>>> import tensors as torch
>>> mha = torch.nn.MultiheadAttention(8, 2, batch_first=True)
>>> x = torch.ones(3, 5, 8)
>>> out, weights = mha(x, x, x)
>>> out.shape, weights.shape
(torch.Size([3, 5, 8]), torch.Size([3, 5, 5]))
"""

from __future__ import annotations

import copy
import math
from typing import Any, Callable, Optional, Tuple, Union

from .. import _dtype as D
from .._creation import empty, full, zeros
from .._ops.join_split import cat
from .._ops.pointwise import where
from .._tensor import Tensor
from . import functional as F
from . import init
from ._functional_sparse import dropout as _dropout
from .container import ModuleList
from .layers import Linear
from .module import Module
from .normalization import LayerNorm
from .parameter import Parameter
from .sparse import Dropout

__all__ = [
    "MultiheadAttention",
    "NonDynamicallyQuantizableLinear",
    "TransformerEncoderLayer",
    "TransformerEncoder",
]


class NonDynamicallyQuantizableLinear(Linear):
    """``Linear`` under the name PyTorch gives attention's output projection."""


def _additive(mask: Tensor, dtype: Any) -> Tensor:
    """A mask to add to attention scores: a boolean mask's True is ``-inf`` (not
    attended), a float mask is added as it is."""
    if mask.dtype is D.bool:
        return where(mask, full((), -math.inf, dtype=dtype), zeros((), dtype=dtype))
    return mask


def _one_more(mask: Optional[Tensor]) -> Optional[Tensor]:
    """An additive mask with one more source position at the end, attended (0)."""
    if mask is None:
        return None
    return cat([mask, zeros(*mask.shape[:-1], 1, dtype=mask.dtype)], dim=-1)


class MultiheadAttention(Module):
    """Attention of ``num_heads`` heads over ``embed_dim`` features: queries, keys and
    values projected by one ``in_proj_weight`` (``3*embed_dim`` rows), or, when keys
    and values have widths of their own (``kdim``, ``vdim``), by ``q_proj_weight``,
    ``k_proj_weight`` and ``v_proj_weight``; each head's
    ``softmax(q k^T / sqrt(head_dim)) v``, the heads joined and projected by ``out_proj``.
    ``add_bias_kv`` appends a learned key and value (``bias_k``, ``bias_v``) to every
    sequence, ``add_zero_attn`` a key and value of zeros; the masks get one more
    column for each, attended.

    Returns ``(output, weights)``: the weights averaged over heads unless
    ``average_attn_weights=False``, None with ``need_weights=False``.

    >>> import tensors as torch
    >>> torch.nn.MultiheadAttention(4, 2)
    MultiheadAttention(
      (out_proj): NonDynamicallyQuantizableLinear(in_features=4, out_features=4, bias=True)
    )
    """

    def __init__(
        self,
        embed_dim: int,
        num_heads: int,
        dropout: float = 0.0,
        bias: bool = True,
        add_bias_kv: bool = False,
        add_zero_attn: bool = False,
        kdim: Optional[int] = None,
        vdim: Optional[int] = None,
        batch_first: bool = False,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(
                f"embed_dim and num_heads must be greater than 0, got embed_dim={embed_dim} "
                f"and num_heads={num_heads} instead"
            )
        super().__init__()
        self.embed_dim = embed_dim
        self.kdim = kdim if kdim is not None else embed_dim
        self.vdim = vdim if vdim is not None else embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.num_heads = num_heads
        self.dropout = dropout
        self.batch_first = batch_first
        self.head_dim = embed_dim // num_heads
        if self.head_dim * num_heads != embed_dim:
            raise AssertionError("embed_dim must be divisible by num_heads")
        if self._qkv_same_embed_dim:
            self.in_proj_weight = Parameter(empty(3 * embed_dim, embed_dim, dtype=dtype))
            self.register_parameter("q_proj_weight", None)
            self.register_parameter("k_proj_weight", None)
            self.register_parameter("v_proj_weight", None)
        else:  # keys and values of other widths: a projection each
            self.q_proj_weight = Parameter(empty(embed_dim, embed_dim, dtype=dtype))
            self.k_proj_weight = Parameter(empty(embed_dim, self.kdim, dtype=dtype))
            self.v_proj_weight = Parameter(empty(embed_dim, self.vdim, dtype=dtype))
            self.register_parameter("in_proj_weight", None)
        if bias:
            self.in_proj_bias = Parameter(empty(3 * embed_dim, dtype=dtype))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = NonDynamicallyQuantizableLinear(
            embed_dim, embed_dim, bias=bias, dtype=dtype
        )
        if add_bias_kv:  # one more key and value, learned, that every query sees
            self.bias_k = Parameter(empty(1, 1, embed_dim, dtype=dtype))
            self.bias_v = Parameter(empty(1, 1, embed_dim, dtype=dtype))
        else:
            self.bias_k = self.bias_v = None
        self.add_zero_attn = add_zero_attn
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            init.xavier_uniform_(self.q_proj_weight)
            init.xavier_uniform_(self.k_proj_weight)
            init.xavier_uniform_(self.v_proj_weight)
        if self.in_proj_bias is not None:
            init.constant_(self.in_proj_bias, 0.0)
            init.constant_(self.out_proj.bias, 0.0)
        if self.bias_k is not None:
            init.xavier_normal_(self.bias_k)
        if self.bias_v is not None:
            init.xavier_normal_(self.bias_v)

    def forward(
        self,
        query: Tensor,
        key: Tensor,
        value: Tensor,
        key_padding_mask: Optional[Tensor] = None,
        need_weights: bool = True,
        attn_mask: Optional[Tensor] = None,
        average_attn_weights: bool = True,
        is_causal: bool = False,
    ) -> Tuple[Tensor, Optional[Tensor]]:
        batched = query.dim() == 3
        if not batched:
            query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
            if key_padding_mask is not None:
                key_padding_mask = key_padding_mask.unsqueeze(0)
        elif self.batch_first:
            query, key, value = (x.transpose(0, 1) for x in (query, key, value))
        if query.shape[-1] != self.embed_dim:
            raise AssertionError(
                f"was expecting embedding dimension of {self.embed_dim}, but got {query.shape[-1]}"
            )
        tgt_len, bsz, e = query.shape
        src_len = key.shape[0]
        h, d = self.num_heads, self.head_dim
        if self._qkv_same_embed_dim:
            w_q, w_k, w_v = self.in_proj_weight.chunk(3)
        else:
            w_q, w_k, w_v = self.q_proj_weight, self.k_proj_weight, self.v_proj_weight
        b_q, b_k, b_v = self.in_proj_bias.chunk(3) if self.in_proj_bias is not None else (None,) * 3
        q, k, v = F.linear(query, w_q, b_q), F.linear(key, w_k, b_k), F.linear(value, w_v, b_v)
        mask = None
        if attn_mask is not None:
            mask = _additive(attn_mask, q.dtype)
            want = (tgt_len, src_len) if mask.dim() == 2 else (bsz * h, tgt_len, src_len)
            if tuple(mask.shape) != want:
                raise RuntimeError(
                    f"The shape of the {mask.dim()}D attn_mask is {mask.shape}, but should be "
                    f"{want}."
                )
            if mask.dim() == 2:
                mask = mask.unsqueeze(0)
        padding = None if key_padding_mask is None else _additive(key_padding_mask, q.dtype)
        if self.bias_k is not None and self.bias_v is not None:
            # the learned key and value join as one more source position, (L, N, E)
            k = cat([k, self.bias_k.repeat(1, bsz, 1)])
            v = cat([v, self.bias_v.repeat(1, bsz, 1)])
            mask, padding = _one_more(mask), _one_more(padding)
        # (L, N, E) -> (N * heads, L, head_dim), as PyTorch arranges the heads
        q = q.reshape(tgt_len, bsz * h, d).transpose(0, 1)
        k = k.reshape(k.shape[0], bsz * h, d).transpose(0, 1)
        v = v.reshape(v.shape[0], bsz * h, d).transpose(0, 1)
        if self.add_zero_attn:  # and a key and value of zeros, per head
            k = cat([k, zeros(bsz * h, 1, d, dtype=k.dtype)], dim=1)
            v = cat([v, zeros(bsz * h, 1, d, dtype=v.dtype)], dim=1)
            mask, padding = _one_more(mask), _one_more(padding)
        src_len = k.shape[1]
        scores = (q * math.sqrt(1.0 / d)) @ k.transpose(-2, -1)
        if padding is not None:
            padding = padding.reshape(bsz, 1, 1, src_len).expand(bsz, h, 1, src_len)
            padding = padding.reshape(bsz * h, 1, src_len)
            mask = padding if mask is None else mask + padding
        if mask is not None:
            scores = scores + mask
        weights = scores.softmax(-1)
        if self.dropout > 0.0 and self.training:
            weights = _dropout(weights, self.dropout, True)
        out = weights @ v  # (N * heads, L, head_dim)
        out = out.transpose(0, 1).reshape(tgt_len * bsz, e)
        out = self.out_proj(out).reshape(tgt_len, bsz, e)
        if not batched:
            out = out.squeeze(1)
        elif self.batch_first:
            out = out.transpose(0, 1)
        if not need_weights:
            return out, None
        weights = weights.reshape(bsz, h, tgt_len, src_len)
        if average_attn_weights:
            weights = weights.mean(dim=1)
        if not batched:
            weights = weights.squeeze(0)
        return out, weights


def _activation(name: Union[str, Callable]) -> Callable:
    if callable(name):
        return name
    if name == "relu":
        return F.relu
    if name == "gelu":
        return F.gelu
    raise RuntimeError(f"activation should be relu/gelu, not {name}")


class TransformerEncoderLayer(Module):
    """Self-attention then a feed-forward block, each with a residual connection,
    dropout and layer norm (after, or before with ``norm_first=True``).

    >>> import tensors as torch
    >>> layer = torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, batch_first=True)
    >>> layer(torch.ones(2, 3, 8)).shape
    torch.Size([2, 3, 8])
    """

    def __init__(
        self,
        d_model: int,
        nhead: int,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: Union[str, Callable] = "relu",
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        self.self_attn = MultiheadAttention(
            d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first, dtype=dtype
        )
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        self.activation = _activation(activation)

    def _sa_block(self, x: Tensor, attn_mask: Any, key_padding_mask: Any) -> Tensor:
        x = self.self_attn(
            x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask, need_weights=False
        )[0]
        return self.dropout1(x)

    def _ff_block(self, x: Tensor) -> Tensor:
        return self.dropout2(self.linear2(self.dropout(self.activation(self.linear1(x)))))

    def forward(
        self,
        src: Tensor,
        src_mask: Optional[Tensor] = None,
        src_key_padding_mask: Optional[Tensor] = None,
        is_causal: bool = False,
    ) -> Tensor:
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask)
            return x + self._ff_block(self.norm2(x))
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask))
        return self.norm2(x + self._ff_block(x))


class TransformerEncoder(Module):
    """``num_layers`` copies of ``encoder_layer`` one after another, then ``norm`` if given.

    >>> import tensors as torch
    >>> layer = torch.nn.TransformerEncoderLayer(4, 2, 8, batch_first=True)
    >>> torch.nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)(
    ...     torch.ones(1, 3, 4)).shape
    torch.Size([1, 3, 4])
    """

    def __init__(
        self,
        encoder_layer: Module,
        num_layers: int,
        norm: Optional[Module] = None,
        enable_nested_tensor: bool = True,
        mask_check: bool = True,
    ) -> None:
        super().__init__()
        self.layers = ModuleList([copy.deepcopy(encoder_layer) for _ in range(num_layers)])
        self.num_layers = num_layers
        self.norm = norm

    def forward(
        self,
        src: Tensor,
        mask: Optional[Tensor] = None,
        src_key_padding_mask: Optional[Tensor] = None,
        is_causal: Optional[bool] = None,
    ) -> Tensor:
        out = src
        for layer in self.layers:
            out = layer(out, src_mask=mask, src_key_padding_mask=src_key_padding_mask)
        return self.norm(out) if self.norm is not None else out
