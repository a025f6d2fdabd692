"""The exercises of lesson 10 (a tiny GPT): every checker against the right answer, wrong
answers, a shortcut answer and an answer of the wrong type (see test_notebooks_exercises.py)."""

import pytest
from _exercises import _refused, _right, _solution, load_checks

import tensors
from tensors.nn import functional as F


@pytest.fixture
def checks(monkeypatch):
    return load_checks(monkeypatch)


def _head(x, wq, wk, wv, causal=True, scale=None):
    q, k, v = x @ wq.T, x @ wk.T, x @ wv.T
    scores = q @ k.T * (wq.shape[0] ** -0.5 if scale is None else scale)
    if causal:
        T = x.shape[0]
        scores = scores.masked_fill(tensors.ones(T, T).triu(1) == 1, float("-inf"))
    return scores.softmax(dim=-1) @ v


def test_lesson_10_causal_head(checks, capsys):
    sol = _solution("10_tiny_gpt")
    check = checks.check_causal_head
    _right(check, sol.causal_head, capsys=capsys)
    _right(check, _head, capsys=capsys)
    _refused(check, lambda *a: _head(*a, causal=False), says="mask the scores", capsys=capsys)
    _refused(check, lambda *a: _head(*a, scale=1.0), says="scale the scores", capsys=capsys)
    # the mask the wrong way round: each position sees the future and not the past
    _refused(
        check,
        lambda x, wq, wk, wv: _head(x.flip(0), wq, wk, wv).flip(0),
        says="not the head's",
        capsys=capsys,
    )

    def library(x, wq, wk, wv):
        return F.scaled_dot_product_attention(x @ wq.T, x @ wk.T, x @ wv.T, is_causal=True)

    _refused(check, library, says="the library's attention", capsys=capsys)

    def module(x, wq, wk, wv):
        mha = tensors.nn.MultiheadAttention(wq.shape[1], 1)
        return mha(x, x, x)[0]

    _refused(check, module, says="the library's attention", capsys=capsys)

    def from_numbers(x, wq, wk, wv):
        return tensors.tensor(_head(x, wq, wk, wv).tolist())

    _refused(check, from_numbers, says="has no graph", capsys=capsys)

    def half_detached(x, wq, wk, wv):  # the values' weights cut off from the graph
        return _head(x, wq, wk, wv.detach())

    _refused(check, half_detached, says="did not reach wv", capsys=capsys)
    _refused(check, lambda *a: _head(*a).tolist(), says="return a tensor", capsys=capsys)
    _refused(check, lambda *a: _head(*a).T, says="should have shape", capsys=capsys)
    _refused(check, 3, says="not a function", capsys=capsys)
    assert not check(lambda *a: None) and "Not answered yet" in capsys.readouterr().out


def test_lesson_10_gpt_parameters(checks, capsys):
    sol = _solution("10_tiny_gpt")
    check = checks.check_gpt_parameters
    _right(check, sol.gpt_parameters, capsys=capsys)
    right = sol.gpt_parameters
    _refused(
        check,
        lambda V, C, H, L, T: right(V, C, H, L, T) - T * C,
        says="the position embedding",
        capsys=capsys,
    )
    # biases on the heads' linear layers, which the lesson's heads do not have
    _refused(
        check,
        lambda V, C, H, L, T: right(V, C, H, L, T) + 3 * L * C,
        says="count the weights and biases",
        capsys=capsys,
    )
    # written down for the lesson's sizes: the checker asks others
    _refused(check, lambda *sizes: 28851, says="you count", capsys=capsys)
    _refused(check, lambda *sizes: "28851", says="without quotes", capsys=capsys)
    _refused(check, 28851, says="not a function", capsys=capsys)
    assert not check(None) and "Not answered yet" in capsys.readouterr().out
