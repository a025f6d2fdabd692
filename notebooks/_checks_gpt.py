"""Checkers for lesson 10 (a tiny GPT); ``checks`` re-exports them. See ``checks.py`` for
what every checker promises."""

from __future__ import annotations

import os
import random
from typing import Any

from _exercise import Forbid, NotYet, call, checker, close, fmt, number, tensor


def _tensors() -> Any:
    import tensors

    return tensors


def _attention_files() -> list:
    # Where PyTorch's own attention lives here: the answer the checker compares with.
    nn = _tensors().nn
    here = os.path.dirname(os.path.abspath(nn.__file__))
    return [os.path.join(here, name) for name in ("_functional_attention.py", "transformer.py")]


def _head(x: Any, wq: Any, wk: Any, wv: Any, causal: bool = True, scaled: bool = True) -> Any:
    """The checker's own head: one causal attention head, by the library's attention."""
    torch = _tensors()
    q, k, v = x @ wq.T, x @ wk.T, x @ wv.T
    if causal and scaled:
        return torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True)
    scores = q @ k.T * (wq.shape[0] ** -0.5 if scaled else 1.0)
    if causal:
        future = torch.ones(len(x), len(x)).triu(1) == 1
        scores = scores.masked_fill(future, float("-inf"))
    return scores.softmax(dim=-1) @ v


@checker
def check_causal_head(causal_head: Any) -> str:
    """``causal_head(x, wq, wk, wv)``: one causal self-attention head written with tensor ops,
    against ``F.scaled_dot_product_attention(..., is_causal=True)`` on sizes and numbers the
    checker picks: the output, the gradients of all four inputs, and no look ahead."""
    torch = _tensors()
    rng = random.Random()
    forbid = Forbid(
        "write the head with matrix products, masked_fill and softmax; the library's "
        "attention is what the checker compares with.",
        files=_attention_files(),
    )
    drawn = (rng.randint(3, 6), rng.randint(2, 6), rng.randint(2, 5))
    for T, C, H in ((1, 3, 2), (4, 5, 3), drawn):
        torch.manual_seed(rng.randrange(10_000))
        leaves = [torch.randn(T, C), torch.randn(H, C), torch.randn(H, C), torch.randn(H, C)]
        mine = [t.clone().requires_grad_() for t in leaves]
        ref = [t.clone().requires_grad_() for t in leaves]
        out = call(causal_head, "causal_head", tuple(mine), forbid)
        got = tensor(out, f"causal_head(x, wq, wk, wv) for x of shape {(T, C)}", (T, H))
        want = _head(*ref)
        where = f"for T, C, H = {T}, {C}, {H}"
        if not all(close(g, w) for g, w in zip(got, want.detach().reshape(-1).tolist())):
            hint = "is each row of weights a softmax over the scores?"
            with torch.no_grad():
                for causal, scaled, says in (
                    (False, True, "out[t] uses later positions too: mask the scores above "
                     "the diagonal with -inf before the softmax"),
                    (True, False, "scale the scores by 1/sqrt(H)"),
                ):
                    other = _head(*leaves, causal=causal, scaled=scaled).reshape(-1).tolist()
                    if all(close(g, o) for g, o in zip(got, other)):
                        hint = says
            raise NotYet(f"{where}, your output is not the head's: {hint}.")
        if not out.requires_grad:
            raise NotYet(
                f"{where}, your output has no graph: backward() cannot run through it "
                "(was it rebuilt from numbers?)."
            )
        weights = torch.randn(T, H)  # a loss that weighs every output differently
        (out * weights).sum().backward()
        (want * weights).sum().backward()
        for name, m, r in zip(("x", "wq", "wk", "wv"), mine, ref):
            if m.grad is None:
                raise NotYet(f"{where}, backward() did not reach {name}: is it used?")
            pairs = zip(m.grad.reshape(-1).tolist(), r.grad.reshape(-1).tolist())
            for k, (g, w) in enumerate(pairs):
                if not close(g, w):
                    i, j = divmod(k, m.shape[1])
                    raise NotYet(
                        f"{where}, the gradient of {name}[{i}, {j}] is {g:.6f}, which is not "
                        "the head's: is a part of it detached or computed from numbers?"
                    )
    return (
        "Your head agrees with scaled_dot_product_attention(..., is_causal=True), "
        "values and gradients; the mask keeps every output blind to later inputs."
    )


def _gpt_count(vocab_size: int, n_embd: int, n_head: int, n_layer: int, block_size: int) -> int:
    """The lesson's GPT's parameters, counted on modules built at those sizes."""
    nn = _tensors().nn
    head_size = n_embd // n_head
    layers = [nn.Embedding(vocab_size, n_embd), nn.Embedding(block_size, n_embd)]
    for _ in range(n_layer):
        for _ in range(n_head):
            layers += [nn.Linear(n_embd, head_size, bias=False) for _ in range(3)]
        layers += [nn.Linear(head_size * n_head, n_embd), nn.Linear(n_embd, 4 * n_embd)]
        layers += [nn.Linear(4 * n_embd, n_embd), nn.LayerNorm(n_embd), nn.LayerNorm(n_embd)]
    layers += [nn.LayerNorm(n_embd), nn.Linear(n_embd, vocab_size)]
    return sum(p.numel() for layer in layers for p in layer.parameters())


@checker
def check_gpt_parameters(gpt_parameters: Any) -> str:
    """``gpt_parameters(vocab_size, n_embd, n_head, n_layer, block_size)``: the lesson's GPT's
    number of parameters, against the count of modules the checker builds at sizes of its
    own choosing (some random)."""
    rng = random.Random()
    sizes = [(51, 32, 4, 2, 8), (10, 8, 2, 1, 4)]
    heads = rng.choice((1, 2, 4))
    sizes.append((rng.randint(5, 40), 4 * heads * rng.randint(1, 3), heads, rng.randint(1, 3),
                  rng.randint(2, 12)))
    for args in sizes:
        got = number(call(gpt_parameters, "gpt_parameters", args), f"gpt_parameters{args}")
        want = _gpt_count(*args)
        if not close(got, want):
            hint = "count the weights and biases of every layer, layer norms included"
            if close(got, want - args[4] * args[1]):
                hint = "the position embedding is a table too: one row per position"
            raise NotYet(f"for sizes {args}, you count {fmt(got)} parameters: {hint}.")
    return (
        "Your count agrees with the modules', for every size tried; the heads split "
        "n_embd between them, so their number does not change it."
    )

