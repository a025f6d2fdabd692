"""``nn.MultiheadAttention``, ``nn.TransformerEncoderLayer``, ``nn.TransformerEncoder`` and
``nn.utils.clip_grad_norm_`` against PyTorch, with the same parameters copied in:
outputs, attention weights, gradients, masks, printing, parameter names and init."""

from __future__ import annotations

import pytest
from _outcome import errors_of

import tensors
from tensors.testing import assert_close, from_torch

torch = pytest.importorskip("torch")

CLOSE = dict(rtol=1e-9, atol=1e-12)


def copy_pair(theirs, ours):
    ours.double().load_state_dict(theirs.state_dict())
    return ours, theirs


def weighted_sum(outs, lib):
    total = 0
    for k, o in enumerate(outs):
        w = lib.arange(o.numel(), dtype=o.dtype).reshape(o.shape) / 7 + k
        total = total + (o * w).sum()
    return total


MHA_CASES = [
    dict(kw=dict(), shape=(4, 2, 8), masks=None),
    dict(kw=dict(batch_first=True), shape=(2, 4, 8), masks="causal"),
    dict(kw=dict(bias=False), shape=(4, 2, 8), masks="padding"),
    dict(kw=dict(batch_first=True), shape=(2, 4, 8), masks="float"),
    dict(kw=dict(), shape=(4, 8), masks=None),  # unbatched
]


@pytest.mark.parametrize("case", MHA_CASES)
@pytest.mark.parametrize("average", [True, False])
def test_multihead_attention_matches(case, average):
    torch.manual_seed(0)
    theirs = torch.nn.MultiheadAttention(8, 2, **case["kw"]).double()
    ours, theirs = copy_pair(theirs, tensors.nn.MultiheadAttention(8, 2, **case["kw"]))
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert repr(ours) == repr(theirs)
    x_t = torch.randn(*case["shape"], dtype=torch.float64, requires_grad=True)
    x = from_torch(x_t.detach(), requires_grad=True)
    kwargs_t, kwargs = {}, {}
    if case["masks"] == "causal":
        m = torch.triu(torch.ones(4, 4, dtype=torch.bool), diagonal=1)
        kwargs_t["attn_mask"], kwargs["attn_mask"] = m, from_torch(m)
    elif case["masks"] == "float":
        m = torch.randn(4, 4, dtype=torch.float64)
        kwargs_t["attn_mask"], kwargs["attn_mask"] = m, from_torch(m)
    elif case["masks"] == "padding":
        m = torch.tensor([[False, False, True, False], [False, True, True, False]])
        kwargs_t["key_padding_mask"], kwargs["key_padding_mask"] = m, from_torch(m)
    out_t, w_t = theirs(x_t, x_t, x_t, average_attn_weights=average, **kwargs_t)
    out, w = ours(x, x, x, average_attn_weights=average, **kwargs)
    assert_close(out, out_t, **CLOSE)
    assert_close(w, w_t, **CLOSE)
    weighted_sum([out, w], tensors).backward()
    weighted_sum([out_t, w_t], torch).backward()
    assert_close(x.grad, x_t.grad, **CLOSE)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        assert_close(p.grad, q.grad, **CLOSE)


# Keys and values of their own widths (separate q/k/v projections), a learned extra key
# and value (add_bias_kv), a key and value of zeros (add_zero_attn), with each kind of mask.
MHA_MORE = [
    dict(kw=dict(kdim=5, vdim=3), lens=(4, 6), masks=None),
    dict(kw=dict(kdim=5, vdim=3, batch_first=True), lens=(4, 6), masks="padding"),
    dict(kw=dict(kdim=5), lens=(3, 6), masks="bool"),
    dict(kw=dict(add_bias_kv=True), lens=(4, 4), masks="float"),
    dict(kw=dict(add_bias_kv=True, bias=False), lens=(4, 5), masks="padding"),
    dict(kw=dict(add_zero_attn=True), lens=(4, 4), masks="bool"),
    dict(kw=dict(add_zero_attn=True, batch_first=True), lens=(4, 5), masks="padding"),
    dict(kw=dict(add_bias_kv=True, add_zero_attn=True, vdim=3), lens=(4, 5), masks="both"),
    dict(
        kw=dict(add_bias_kv=True, add_zero_attn=True, kdim=5, vdim=3),
        lens=(4, 5),
        masks=None,
        unbatched=True,
    ),
]


@pytest.mark.parametrize("case", MHA_MORE)
def test_multihead_attention_kdim_vdim_bias_kv_zero_attn_match(case):
    torch.manual_seed(1)
    kw = case["kw"]
    theirs = torch.nn.MultiheadAttention(8, 2, **kw).double()
    ours, theirs = copy_pair(theirs, tensors.nn.MultiheadAttention(8, 2, **kw))
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert repr(ours) == repr(theirs)
    assert ours._qkv_same_embed_dim == theirs._qkv_same_embed_dim
    L, S = case["lens"]
    widths = (8, kw.get("kdim", 8), kw.get("vdim", 8))
    if case.get("unbatched"):
        shapes = [(n, w) for n, w in zip((L, S, S), widths)]
    elif kw.get("batch_first"):
        shapes = [(2, n, w) for n, w in zip((L, S, S), widths)]
    else:
        shapes = [(n, 2, w) for n, w in zip((L, S, S), widths)]
    inputs_t = [torch.randn(*sh, dtype=torch.float64, requires_grad=True) for sh in shapes]
    inputs = [from_torch(t.detach(), requires_grad=True) for t in inputs_t]
    kwargs_t = {}
    if case["masks"] in ("bool", "both"):
        kwargs_t["attn_mask"] = torch.rand(L, S) < 0.3
    if case["masks"] == "float":
        kwargs_t["attn_mask"] = torch.randn(L, S, dtype=torch.float64)
    if case["masks"] in ("padding", "both"):
        kwargs_t["key_padding_mask"] = torch.rand(2, S) < 0.4
    kwargs = {k: from_torch(m) for k, m in kwargs_t.items()}
    out_t, w_t = theirs(*inputs_t, average_attn_weights=False, **kwargs_t)
    out, w = ours(*inputs, average_attn_weights=False, **kwargs)
    assert_close(out, out_t, **CLOSE)
    assert_close(w, w_t, **CLOSE)  # nan equals nan: a row with every key masked
    finite = [o.nan_to_num() for o in (out, w)]
    weighted_sum(finite, tensors).backward()
    weighted_sum([o.nan_to_num() for o in (out_t, w_t)], torch).backward()
    for mine, theirs_ in zip(
        inputs + list(ours.parameters()), inputs_t + list(theirs.parameters())
    ):
        # A masked key's gradient is a zero whose sign PyTorch's softmax kernel and the
        # table's rules reach differently (0 * negative): compared without the sign.
        assert_close(mine.grad, theirs_.grad, **CLOSE, zero_sign=False)


def test_attention_init_of_the_separate_projections_and_bias_kv():
    tensors.manual_seed(0)
    mha = tensors.nn.MultiheadAttention(6, 3, add_bias_kv=True, kdim=4, vdim=2)
    assert mha.in_proj_weight is None and mha.k_proj_weight.shape == (6, 4)
    for w, fan_in in ((mha.q_proj_weight, 6), (mha.k_proj_weight, 4), (mha.v_proj_weight, 2)):
        bound = (6 / (6 + fan_in)) ** 0.5  # xavier_uniform_
        flat = w.detach().reshape(-1).tolist()
        assert max(abs(v) for v in flat) <= bound and max(flat) > bound / 4
    # xavier_normal_ on (1, 1, 6): fan_in 6, fan_out 6, std sqrt(2 / 12)
    big = tensors.nn.MultiheadAttention(400, 1, add_bias_kv=True)
    std = big.bias_k.detach().std().item()
    assert abs(std - (2 / 800) ** 0.5) < 0.01 and big.bias_v.shape == (1, 1, 400)


def test_attention_init_is_pytorchs():
    tensors.manual_seed(0)
    mha = tensors.nn.MultiheadAttention(6, 3)
    bound = (6 / (6 + 18)) ** 0.5  # xavier_uniform_ on (18, 6)
    w = mha.in_proj_weight.detach().reshape(-1).tolist()
    assert max(abs(v) for v in w) <= bound and max(w) > bound / 2
    assert mha.in_proj_bias.tolist() == [0.0] * 18 and mha.out_proj.bias.tolist() == [0.0] * 6
    _, none = mha(tensors.ones(2, 6), tensors.ones(2, 6), tensors.ones(2, 6), need_weights=False)
    assert none is None


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("batch_first", [False, True])
def test_transformer_encoder_layer_matches(norm_first, batch_first):
    torch.manual_seed(0)
    kw = dict(dim_feedforward=16, dropout=0.0, norm_first=norm_first, batch_first=batch_first)
    theirs = torch.nn.TransformerEncoderLayer(8, 2, **kw).double()
    ours, theirs = copy_pair(theirs, tensors.nn.TransformerEncoderLayer(8, 2, **kw))
    assert repr(ours) == repr(theirs)
    x_t = torch.randn(4, 4, 8, dtype=torch.float64, requires_grad=True)
    x = from_torch(x_t.detach(), requires_grad=True)
    mask_t = torch.nn.Transformer.generate_square_subsequent_mask(4, dtype=torch.float64)
    mask = from_torch(mask_t)
    out_t, out = theirs(x_t, src_mask=mask_t), ours(x, src_mask=mask)
    assert_close(out, out_t, **CLOSE)
    weighted_sum([out], tensors).backward()
    weighted_sum([out_t], torch).backward()
    assert_close(x.grad, x_t.grad, **CLOSE)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        assert_close(p.grad, q.grad, **CLOSE)


def test_transformer_encoder_stacks_copies():
    torch.manual_seed(0)
    layer_t = torch.nn.TransformerEncoderLayer(8, 2, 16, 0.0, batch_first=True).double()
    theirs = torch.nn.TransformerEncoder(layer_t, 2, norm=torch.nn.LayerNorm(8).double())
    layer = tensors.nn.TransformerEncoderLayer(8, 2, 16, 0.0, batch_first=True)
    ours = tensors.nn.TransformerEncoder(layer, 2, norm=tensors.nn.LayerNorm(8)).double()
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    ours.load_state_dict(theirs.state_dict())
    x_t = torch.randn(2, 3, 8, dtype=torch.float64)
    assert_close(ours(from_torch(x_t)), theirs(x_t), **CLOSE)
    # the copies are independent modules
    assert ours.layers[0].linear1.weight is not ours.layers[1].linear1.weight


ERRORS = [
    lambda lib: lib.nn.MultiheadAttention(6, 4),
    lambda lib: lib.nn.MultiheadAttention(0, 2),
    lambda lib: lib.nn.MultiheadAttention(4, 2)(
        lib.ones(3, 1, 5), lib.ones(3, 1, 5), lib.ones(3, 1, 5)
    ),
    lambda lib: lib.nn.TransformerEncoderLayer(4, 2, activation="tanh"),
    lambda lib: lib.nn.MultiheadAttention(4, 2)(
        lib.ones(3, 1, 4), lib.ones(3, 1, 4), lib.ones(3, 1, 4), attn_mask=lib.zeros(2, 2)
    ),
    lambda lib: lib.nn.MultiheadAttention(4, 2)(
        lib.ones(3, 1, 4), lib.ones(3, 1, 4), lib.ones(3, 1, 4), attn_mask=lib.zeros(1, 3, 3)
    ),
]


@pytest.mark.parametrize("call", ERRORS)
def test_errors_are_pytorchs(call):
    ours, theirs = errors_of(call, tensors, torch)
    assert ours == theirs


@pytest.mark.parametrize(
    "max_norm, norm_type", [(1.0, 2.0), (100.0, 2.0), (0.5, 1.0), (2.0, float("inf"))]
)
def test_clip_grad_norm_matches(max_norm, norm_type):
    grads = [
        torch.tensor([[3.0, -4.0], [1.0, 2.0]], dtype=torch.float64),
        torch.tensor([0.5, -7.0], dtype=torch.float64),
    ]
    ps_t = [torch.nn.Parameter(torch.zeros_like(g)) for g in grads]
    ps = [tensors.nn.Parameter(tensors.zeros(*g.shape)) for g in grads]
    for p_t, p, g in zip(ps_t, ps, grads):
        p_t.grad, p.grad = g.clone(), from_torch(g)
    total_t = torch.nn.utils.clip_grad_norm_(ps_t, max_norm, norm_type)
    total = tensors.nn.utils.clip_grad_norm_(ps, max_norm, norm_type)
    assert_close(total, total_t, **CLOSE)
    for p, p_t in zip(ps, ps_t):
        assert_close(p.grad, p_t.grad, **CLOSE)
    tensors.nn.utils.clip_grad_value_(ps, 0.1)
    torch.nn.utils.clip_grad_value_(ps_t, 0.1)
    for p, p_t in zip(ps, ps_t):
        assert_close(p.grad, p_t.grad, **CLOSE)
