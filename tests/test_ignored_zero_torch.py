"""Derivatives that are zero because an output ignores its input (relu below 0,
the loser of a max, floor, a clamped element) give +0.0 whatever the incoming
gradient is, as PyTorch's ``where``/``masked_fill`` backward kernels do: a
negative gradient does not make it -0.0, an infinite or nan one does not make it
nan (``autograd_scalar.ops.IGNORED``). Compared with PyTorch, sign of zero
included; the engine's own rule is checked without torch."""

from __future__ import annotations

import math

import pytest

from autograd_scalar import Value, grad
from autograd_scalar.ops import IGNORED

INF, NAN = math.inf, math.nan


def _same(a: float, b: float) -> bool:
    if a != a or b != b:
        return a != a and b != b
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


@pytest.mark.parametrize("g", [-1.0, INF, NAN])
def test_a_value_below_relu_gets_plus_zero_from_any_gradient(g):
    x = Value(-2.0)
    (dx,) = grad(x.relu(), x, g)
    assert _same(dx, 0.0), dx
    # a derivative of 0 that the op computes (not an ignored input) keeps the sign
    y = Value(0.0)
    (dy,) = grad(y * 0.0, y, -1.0)
    assert _same(dy, -0.0), dy


def test_the_ignored_zero_is_a_zero_in_every_other_way():
    assert IGNORED == 0.0 and repr(IGNORED) == "0.0" and float(IGNORED) + 1.0 == 1.0
    assert _same(-3.0 * IGNORED, 0.0) and _same(IGNORED * -INF, 0.0)
    assert _same(-IGNORED, -0.0)  # only products ignore the other factor


def test_under_create_graph_the_gradient_graph_keeps_the_zero():
    x = Value(-2.0)
    (dx,) = grad(x.relu() * Value(-3.0, requires_grad=True), x, create_graph=True)
    assert _same(dx.data, 0.0), dx


torch = pytest.importorskip("torch", reason="the comparison with PyTorch needs torch")
import tensors  # noqa: E402

CASES = {
    # name: (function of the library, input)
    "relu": (lambda L, x: L.relu(x), [-1.0, 0.0, 2.0]),
    "relu6": (lambda L, x: L.nn.functional.relu6(x), [-1.0, 3.0, 7.0]),
    "hardtanh": (lambda L, x: L.nn.functional.hardtanh(x), [-3.0, 0.5, 3.0]),
    "threshold": (lambda L, x: L.nn.functional.threshold(x, 0.5, 9.0), [-1.0, 0.5, 2.0]),
    "hardshrink": (lambda L, x: L.nn.functional.hardshrink(x), [-0.1, 0.2, 2.0]),
    "softshrink": (lambda L, x: L.nn.functional.softshrink(x), [-0.1, 0.2, 2.0]),
    "hardsigmoid": (lambda L, x: L.nn.functional.hardsigmoid(x), [-5.0, 0.0, 5.0]),
    "hardswish": (lambda L, x: L.nn.functional.hardswish(x), [-5.0, 0.0, 5.0]),
    "floor": (lambda L, x: L.floor(x), [1.5, -0.5]),
    "ceil": (lambda L, x: L.ceil(x), [1.5, -0.5]),
    "trunc": (lambda L, x: L.trunc(x), [1.5, -0.5]),
    "round": (lambda L, x: L.round(x), [1.5, -0.5]),
    "round_decimals": (lambda L, x: L.round(x, decimals=1), [1.25, -0.5]),
    "sign": (lambda L, x: L.sign(x), [1.5, -0.5]),
    "div_floor": (lambda L, x: L.div(x, 2.0, rounding_mode="floor"), [3.0, -1.0]),
    "div_trunc": (lambda L, x: L.div(x, 2.0, rounding_mode="trunc"), [3.0, -1.0]),
    "clamp": (lambda L, x: x.clamp(0.0, 1.0), [-1.0, 0.5, 2.0]),
    "clamp_min": (lambda L, x: x.clamp(min=0.0), [-1.0, 2.0]),
    "maximum": (lambda L, x: L.maximum(x, x.detach() * 0 + 0.5), [-1.0, 2.0]),
    "minimum": (lambda L, x: L.minimum(x, x.detach() * 0 + 0.5), [-1.0, 2.0]),
    "fmax": (lambda L, x: L.fmax(x, x.detach() * 0 + 0.5), [-1.0, 2.0]),
    "fmin": (lambda L, x: L.fmin(x, x.detach() * 0 + 0.5), [-1.0, 2.0]),
    "max": (lambda L, x: x.max(), [-1.0, 2.0, 0.5]),
    "max_pool1d": (
        lambda L, x: L.nn.functional.max_pool1d(x.view(1, 1, 4), 2),
        [1.0, -1.0, 0.0, 3.0],
    ),
    "logit_eps": (lambda L, x: L.logit(x, eps=0.25), [0.1, 0.5, 0.9]),
    "where_both": (lambda L, x: L.where(x > 0, x * -2.0, x * 3.0), [-1.0, 2.0]),
    "where_one": (lambda L, x: L.where(x > 0, x * -2.0, 0.0), [-1.0, 2.0]),
}


@pytest.mark.parametrize("g", [-1.0, INF, NAN])
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_ignored_inputs_get_pytorchs_plus_zero(name, g):
    f, xs = CASES[name]
    grads = []
    for lib in (tensors, torch):
        x = lib.tensor(xs, dtype=lib.float64, requires_grad=True)
        y = f(lib, x)
        y.backward(lib.full_like(y, g))
        grads.append(x.grad.tolist())
    ours, theirs = grads
    assert all(_same(a, b) for a, b in zip(ours, theirs)), (ours, theirs)


@pytest.mark.parametrize("g", [-1.0, INF])
def test_prelu_weight_ignored_where_the_input_is_positive(g):
    grads = []
    for lib in (tensors, torch):
        x = lib.tensor([2.0, 3.0], dtype=lib.float64)
        w = lib.tensor([0.25], dtype=lib.float64, requires_grad=True)
        y = lib.nn.functional.prelu(x, w)
        y.backward(lib.full_like(y, g))
        grads.append(w.grad.tolist())
    assert all(_same(a, b) for a, b in zip(*grads)), grads
