"""The pointwise ops of pointwise_math.py and pointwise_binary.py against PyTorch
(skipped without torch): values on ordinary and edge inputs (inf, nan, ±0, poles),
dtypes, grad_fn names, gradients and errors; then central differences on random
inputs (hypothesis) for every differentiable one, first and second derivatives."""

from __future__ import annotations

import math

import pytest
from _compare_torch import check
from hypothesis import given, settings
from hypothesis import strategies as st

import tensors
from tensors.testing import first_derivative, tensor_gradcheck

INF, NAN = math.inf, math.nan
X = [-3.5, -1.0, -0.5, -0.0, 0.0, 0.25, 0.5, 0.75, 1.0, 2.5, 7.0]
EDGES = [INF, -INF, NAN, 1e300, -1e-300]
UNIT = [-0.999, -0.5, -0.0, 0.0, 0.3, 0.9]

UNARY = {
    # name: (inputs, ulps allowed where the C library's last digit may differ)
    "tan": (X, 1),
    "asin": (UNIT + [1.0, -1.0, 2.0], 1),
    "acos": (UNIT + [1.0, 2.0], 1),
    "atan": (X + EDGES, 1),
    "sinh": (X + EDGES, 1),
    "cosh": (X + EDGES, 1),
    "asinh": (X + EDGES, 1),
    "acosh": ([1.0, 1.5, 3.0, 0.5, INF], 1),
    "atanh": (UNIT + [1.0, -1.0, 2.0], 1),
    "expm1": (X + EDGES, 1),
    "exp2": (X + EDGES, 1),
    "log2": ([0.25, 1.0, 8.0, 3.0, 0.0, -1.0, INF], 1),
    "log10": ([0.01, 1.0, 100.0, 3.0, 0.0, -1.0], 1),  # noqa: E501
    "erf": (X + EDGES, 1),
    "erfc": (X + EDGES, 1),
    "erfinv": (UNIT + [1.0, -1.0, 1.5], 2),
    "lgamma": (X + [INF, -INF, NAN, -2.0, 0.0], 8),  # C's last digits differ
    "digamma": (X + [-2.0, -2.5, 1e20, NAN], 2),
    "rsqrt": ([0.25, 4.0, 0.0, -0.0, -1.0, INF], 1),
    "sinc": (X + [INF, NAN], 1),
    "deg2rad": (X + EDGES, 0),
    "rad2deg": (X + EDGES, 0),
    "floor": (X + EDGES + [-0.25], 0),
    "ceil": (X + EDGES + [-0.25], 0),
    "trunc": (X + EDGES + [-0.25], 0),
    "round": (X + EDGES + [1.5, 2.5, -2.5], 0),
    "frac": (X + EDGES, 0),
    "sgn": (X + EDGES, 0),
    "signbit": (X + EDGES, 0),
    "isposinf": (X + EDGES, 0),
    "isneginf": (X + EDGES, 0),
    "nan_to_num": (X + EDGES, 0),
    "logit": (UNIT + [1.0, 0.0, 2.0], 1),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_ops(name: str) -> None:
    pytest.importorskip("torch")
    xs, ulps = UNARY[name]
    check(lambda m, x: getattr(m, name)(x), xs, ulps=ulps, grad_ulps=max(ulps, 2))
    check(lambda m, x: getattr(x, name)(), [[0.5, 0.25]], ulps=ulps, grad_ulps=max(ulps, 2))


@pytest.mark.parametrize(
    "program",
    [
        lambda m, x: m.round(x, decimals=2),
        lambda m, x: m.round(x, decimals=0),
        lambda m, x: m.round(x, decimals=-1),
        lambda m, x: m.logit(x, eps=0.1),
        lambda m, x: m.nan_to_num(x, nan=1.0, posinf=2.0, neginf=-2.0),
        lambda m, x: m.nan_to_num(x.detach().float() / 0),
        lambda m, x: m.floor(x.long()),
        lambda m, x: m.frac(x.long()),
        lambda m, x: m.round(x.long(), decimals=1),
        lambda m, x: m.exp2(x.long()),
        lambda m, x: m.positive(x),
        lambda m, x: m.positive(x > 0),
        lambda m, x: m.polygamma(1, x.abs() + 0.1),
        lambda m, x: m.polygamma(3, x),
        lambda m, x: x.polygamma(2),
        lambda m, x: m.mvlgamma(x.abs() + 2.0, 3),
        lambda m, x: m.mvlgamma(x, 2),
        lambda m, x: m.arcsin(x / 8),
        lambda m, x: x.arctan2(x + 1),
    ],
)
def test_unary_forms(program) -> None:
    pytest.importorskip("torch")
    check(program, [1.234, -0.5, 2.5, 0.0, -7.75, 15.0, 1e-3], ulps=16)


PAIR = [-2.0, -0.5, -0.0, 0.0, 0.5, 3.0, INF, -INF, NAN]


@pytest.mark.parametrize(
    "name",
    [
        "hypot",
        "atan2",
        "copysign",
        "fmod",
        "fmax",
        "fmin",
        "logaddexp",
        "logaddexp2",
        "nextafter",
        "xlogy",
        "heaviside",
        "float_power",
        "clamp_min",
        "clamp_max",
    ],
)
def test_binary_ops_on_every_pair_of_edges(name: str) -> None:
    pytest.importorskip("torch")
    a = [x for x in PAIR for _ in PAIR]
    b = [y for _ in PAIR for y in PAIR]
    if name == "heaviside":  # torch gives it no derivative at all
        check(lambda m, x, y: m.heaviside(x.detach(), y.detach()), a, b)
        return
    # torch's vectorised logaddexp2 is itself some ulps from its scalar path
    ulps = 16 if name == "logaddexp2" else 1
    check(lambda m, x, y: getattr(m, name)(x, y), a, b, ulps=ulps, grad_ulps=2)


@pytest.mark.parametrize(
    "program",
    [
        lambda m, x, y: m.lerp(x, y, 0.25),
        lambda m, x, y: m.lerp(x, y, 0.75),
        lambda m, x, y: m.lerp(x, y, y),
        lambda m, x, y: m.addcmul(x, x, y, value=0.5),
        lambda m, x, y: m.addcdiv(x, x, y, value=-2),
        lambda m, x, y: x.addcmul(y, y),
        lambda m, x, y: m.xlogy(2.0, y),
        lambda m, x, y: m.xlogy(x, 3.0),
        lambda m, x, y: m.fmod(x, 1.5),
        lambda m, x, y: m.copysign(x, -1.0),
        lambda m, x, y: m.float_power(x, 2),
        lambda m, x, y: m.float_power(x.detach().float(), y),
        lambda m, x, y: m.float_power(2, y),
        lambda m, x, y: m.clamp_min(x, 0.5),
        lambda m, x, y: x.clamp_max(y),
        lambda m, x, y: m.isin(x, y),
        lambda m, x, y: m.isin(x, 0.5, invert=True),
        lambda m, x, y: m.nextafter(x.detach().float(), y.detach().float()),
        lambda m, x, y: m.atan2(x, 2.0),
        lambda m, x, y: m.hypot(x.long(), y.long()),
        lambda m, x, y: m.addcdiv(x, x.long(), y.long()),
        lambda m, x, y: m.heaviside(x.detach(), y.detach().float()),
        lambda m, x, y: m.ldexp(x, y),
        lambda m, x, y: x.ldexp(y.long()),
        lambda m, x, y: m.rsub(x, y, alpha=2),
        lambda m, x, y: m.rsub(x, 3.0),
        lambda m, x, y: m.angle(x - 1),
        lambda m, x, y: (m.real(x), m.conj(x), m.resolve_neg(x), x.conj_physical()),
    ],
)
def test_binary_forms(program) -> None:
    pytest.importorskip("torch")
    check(program, [[1.5, -0.5], [0.0, 2.0]], [[0.5, -3.0], [0.5, 0.5]], ulps=1, grad_ulps=4)


DIFFERENTIABLE = {
    # name: elements inside the domain, away from the kinks
    "tan": (-1.2, 1.2),
    "asin": (-0.9, 0.9),
    "acos": (-0.9, 0.9),
    "atan": (-3.0, 3.0),
    "sinh": (-3.0, 3.0),
    "cosh": (-3.0, 3.0),
    "asinh": (-3.0, 3.0),
    "acosh": (1.1, 4.0),
    "atanh": (-0.9, 0.9),
    "expm1": (-3.0, 3.0),
    "exp2": (-3.0, 3.0),
    "log2": (0.1, 4.0),
    "log10": (0.1, 4.0),
    "erf": (-3.0, 3.0),
    "erfc": (-3.0, 3.0),
    "erfinv": (-0.9, 0.9),
    "lgamma": (0.1, 4.0),
    "digamma": (0.1, 4.0),
    "rsqrt": (0.1, 4.0),
    "sinc": (0.05, 3.0),  # PyTorch masks the derivative at 0 to a constant 0
    "logit": (0.05, 0.95),
    "deg2rad": (-3.0, 3.0),
    "rad2deg": (-3.0, 3.0),
}


@pytest.mark.parametrize("name", sorted(DIFFERENTIABLE))
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_unary_gradients_match_central_differences(name: str, data) -> None:
    lo, hi = DIFFERENTIABLE[name]
    xs = data.draw(st.lists(st.floats(lo, hi), min_size=1, max_size=4))
    x = tensors.tensor(xs, dtype=tensors.float64, requires_grad=True)
    fn = getattr(tensors, name)
    assert tensor_gradcheck(fn, (x,))
    # Second derivatives: the rules are written with rows, so create_graph works.
    assert tensor_gradcheck(lambda t: first_derivative(fn, t), (x,))


PAIRS = {
    "hypot": lambda m, a, b: m.hypot(a, b),
    "atan2": lambda m, a, b: m.atan2(a, b),
    "logaddexp": lambda m, a, b: m.logaddexp(a, b),
    "logaddexp2": lambda m, a, b: m.logaddexp2(a, b),
    "xlogy": lambda m, a, b: m.xlogy(a, b.abs() + 0.5),
    "lerp": lambda m, a, b: m.lerp(a, b, (a * b).tanh()),
    "addcmul": lambda m, a, b: m.addcmul(a, b, a, value=0.5),
    "addcdiv": lambda m, a, b: m.addcdiv(a, b, a.abs() + 0.5),
    "float_power": lambda m, a, b: m.float_power(a.abs() + 0.5, b),
    "polygamma": lambda m, a, b: m.polygamma(2, a.abs() + 0.5) * b,
    "mvlgamma": lambda m, a, b: m.mvlgamma(a.abs() + 2.0, 2) * b,
}


@pytest.mark.parametrize("name", sorted(PAIRS))
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_binary_gradients_match_central_differences(name: str, data) -> None:
    xs = data.draw(
        st.lists(st.floats(-2.0, 2.0).filter(lambda v: abs(v) > 0.05), min_size=4, max_size=4)
    )  # noqa: E501
    a = tensors.tensor(xs[:2], dtype=tensors.float64, requires_grad=True)
    b = tensors.tensor(xs[2:], dtype=tensors.float64, requires_grad=True)
    assert tensor_gradcheck(lambda p, q: PAIRS[name](tensors, p, q), (a, b))


def _modified_after_use(m, x, name):
    y = x * 1.0
    z = getattr(m, name)(y)
    y.add_(1.0)  # changes what the node saved
    z.sum().backward()
    return x.grad


def _backward_twice(m, x, name):
    z = getattr(m, name)(x * 1.0)
    z.sum().backward()
    z.sum().backward()  # the saved values are freed by the first
    return x.grad


@pytest.mark.parametrize(
    "name",
    ["erf", "tan", "asin", "expm1", "lgamma", "digamma", "rsqrt", "sinc", "logit", "nan_to_num"],
)
@pytest.mark.parametrize("program", [_modified_after_use, _backward_twice])
def test_saved_values_are_checked_as_torch_checks_them(name, program) -> None:
    pytest.importorskip("torch")
    check(lambda m, x: program(m, x, name), [0.25, 0.5], ulps=2)


@pytest.mark.parametrize(
    "program, symbol",
    [
        (lambda x: tensors.erf(x), "erf"),
        (lambda x: tensors.atan2(x, x + 1), "atan2"),
        (lambda x: tensors.lerp(x, x * 2, 0.25), "lerp"),
        (lambda x: tensors.polygamma(2, x), "ψ2"),
        (lambda x: tensors.logcumsumexp(x, 0), "logΣexp"),
    ],
)
def test_the_value_view_draws_an_element_of_a_new_op(program, symbol) -> None:
    viz = pytest.importorskip("viz")
    x = tensors.tensor([0.25, 0.5], requires_grad=True)
    source = viz.draw_values(program(x)[1]).source
    assert symbol in source
