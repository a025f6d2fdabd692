"""Reductions, scans and orderings (reductions_more.py, sorting.py) against PyTorch
(skipped without torch): values, indices (ties and nan included), dtypes, grad_fn
names, gradient routing and errors; central differences for the differentiable ones."""

from __future__ import annotations

import math

import pytest
from _compare_torch import check
from hypothesis import given, settings
from hypothesis import strategies as st

import tensors
from tensors.testing import tensor_gradcheck

NAN, INF = math.nan, math.inf
# Ties, nan, infinities and signed zeros along both dims.
M = [[3.0, 1.0, 2.0, 1.0, 3.0], [NAN, 1.0, NAN, 0.0, 2.0], [-0.0, 0.0, INF, -INF, 0.5]]
PLAIN = [[0.5, -1.25, 2.0, 3.5], [1.0, 0.25, -2.0, 4.0], [2.5, 1.5, -0.75, 0.0]]

PROGRAMS = {
    "all": lambda m, x: (m.all(x), m.all(x, 1), x.all(dim=(0, 1)), m.all(x, 0, keepdim=True)),
    "any": lambda m, x: (m.any(x), x.any(1), m.any(x > 2, dim=(0,)), m.any(x.long(), 0)),
    "count_nonzero": lambda m, x: (
        m.count_nonzero(x),
        x.count_nonzero(1),
        m.count_nonzero(x, (0, 1)),
    ),  # noqa: E501
    "nansum": lambda m, x: (m.nansum(x), x.nansum(1), m.nansum(x, 0, keepdim=True)),
    "nanmean": lambda m, x: (m.nanmean(x), x.nanmean(1), m.nanmean(x, (0, 1), keepdim=True)),
    "aminmax": lambda m, x: (*m.aminmax(x), *m.aminmax(x, dim=1), *x.aminmax(dim=0, keepdim=True)),  # noqa: E501
    "std_mean": lambda m, x: (*m.std_mean(x), *m.std_mean(x, 1), *m.std_mean(x, 0, correction=0)),  # noqa: E501
    "var_mean": lambda m, x: (*m.var_mean(x, True), *m.var_mean(x, (0, 1), keepdim=True)),
    "cumprod": lambda m, x: (m.cumprod(x, 1), x.cumprod(0), m.cumprod(x, -1, dtype=m.float64)),
    "cummax": lambda m, x: (*m.cummax(x, 1), *x.cummax(0)),
    "cummin": lambda m, x: (*m.cummin(x, 1), *x.cummin(0)),
    "logcumsumexp": lambda m, x: (m.logcumsumexp(x, 1), x.logcumsumexp(0)),
    "sort": lambda m, x: (*m.sort(x), *x.sort(0, descending=True), *m.sort(x, stable=True, dim=1)),  # noqa: E501
    "argsort": lambda m, x: (m.argsort(x), x.argsort(0, descending=True)),
    "msort": lambda m, x: m.msort(x),
    "topk": lambda m, x: (*m.topk(x, 2), *x.topk(3, dim=0, largest=False), *m.topk(x, 1, 1)),
    "kthvalue": lambda m, x: (*m.kthvalue(x, 2), *x.kthvalue(1, 0, keepdim=True)),
    "median": lambda m, x: (m.median(x), *m.median(x, 1), *x.median(0, keepdim=True)),
    "nanmedian": lambda m, x: (m.nanmedian(x), *m.nanmedian(x, 1), *x.nanmedian(0)),
    "mode": lambda m, x: (*m.mode(x), *x.mode(0, keepdim=True)),
    "quantile": lambda m, x: (
        m.quantile(x, 0.3),
        m.quantile(x, 0.75, dim=1),
        m.quantile(x, 0.5, 0, True),
        m.quantile(x, 0.4, 1, interpolation="lower"),
        m.quantile(x, 0.4, 1, interpolation="higher"),  # noqa: E501
        m.quantile(x, 0.4, 1, interpolation="midpoint"),
        m.quantile(x, 0.625, 1, interpolation="nearest"),  # noqa: E501
    ),
    "nanquantile": lambda m, x: (m.nanquantile(x, 0.3), x.nanquantile(0.75, dim=1)),
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
@pytest.mark.parametrize("data", [PLAIN, M], ids=["plain", "edges"])
def test_against_torch(name: str, data) -> None:
    pytest.importorskip("torch")
    if name in ("std_mean", "var_mean", "logcumsumexp", "cumprod") and data is M:
        # inf - inf in the mean and nan products: the values are compared below, not the
        # gradients, which are nan in both
        check(lambda m, x: PROGRAMS[name](m, x.detach()), data, ulps=2)
        return
    # cumprod's and std's gradients: PyTorch divides where the rows multiply
    check(PROGRAMS[name], data, ulps=2, grad_ulps=16)


ZEROS = [
    [2.0, -0.5, 0.0, -3.0, 1.5],  # one zero: +0.0 after it, whatever the signs
    [0.0, -2.0, 0.0, 4.0, -1.0],  # two zeros, the first first
    [-1.5, 2.0, -0.25, 3.0, 0.0],  # a zero last
    [1e-200, 1e-200, 3.0, -2.0, 1e-150],  # the product underflows: no zero in the input
]


def test_cumprod_gradients_with_zeros_are_pytorchs() -> None:
    # PyTorch's backward takes a formula by the zeros of each line (out / x without
    # one; the products of the others for the first zero, +0.0 after it): the
    # numbers, signs of zero included, and the second derivatives.
    torch = pytest.importorskip("torch")
    check(lambda m, x: m.cumprod(x, 1), ZEROS, ulps=2, grad_ulps=4)
    got = []
    for m in (torch, tensors):
        x = m.tensor(ZEROS[:3], dtype=m.float64, requires_grad=True)
        w = m.tensor([[0.5, -1.0, 2.0, 0.25, -3.0]] * 3, dtype=m.float64)
        (g,) = m.autograd.grad((m.cumprod(x, 1) * w).sum(), x, create_graph=True)
        (h,) = m.autograd.grad((g * w).sum(), x)
        got.append(([v for r in g.tolist() for v in r], [v for r in h.tolist() for v in r]))
    assert got[0][0] == pytest.approx(got[1][0], rel=1e-12)
    assert got[0][1] == pytest.approx(got[1][1], rel=1e-12)


def test_quantile_of_a_tensor_of_qs_differentiates_q() -> None:
    pytest.importorskip("torch")
    qs = [0.0, 0.3, 0.625, 1.0]
    check(lambda m, x, q: m.quantile(x, q, dim=1), PLAIN, qs, ulps=2)
    check(lambda m, x, q: m.nanquantile(x, q, dim=0, keepdim=True), M, qs, ulps=2)
    check(lambda m, x, q: m.quantile(x, q, interpolation="nearest"), PLAIN, qs)


@pytest.mark.parametrize(
    "program",
    [
        lambda m, x: m.topk(x, 5),
        lambda m, x: m.topk(x, -1),
        lambda m, x: m.kthvalue(x, 0),
        lambda m, x: m.kthvalue(x, 5, 1),
        lambda m, x: m.median(m.zeros(2, 0), 1),
        lambda m, x: m.mode(m.zeros(2, 0), 1),
        lambda m, x: m.median(m.tensor([])),
        lambda m, x: m.quantile(x, 1.5),
        lambda m, x: m.quantile(x.long(), 0.5),
        lambda m, x: m.quantile(x, 0.5, interpolation="foo"),
        lambda m, x: m.quantile(x, m.tensor([[0.5]], dtype=m.float64)),
        lambda m, x: m.quantile(x, m.tensor([0.5])),
        lambda m, x: m.quantile(m.tensor([]), 0.5),
        lambda m, x: m.logcumsumexp(x.long(), 0),
        lambda m, x: m.cumprod(x, 5),
        lambda m, x: m.aminmax(m.tensor([])),
        lambda m, x: m.sort(x, 3),
        lambda m, x: m.nanmean(x.long()),
        lambda m, x: m.count_nonzero(x, (0, 0)),
        lambda m, x: m.topk(m.tensor(3.0), 1),
        lambda m, x: m.kthvalue(m.tensor(3.0), 1),
        lambda m, x: m.median(m.tensor(3.0), 0),
        lambda m, x: m.cummax(m.tensor([]), 0),
    ],
)
def test_edge_forms_and_errors(program) -> None:
    pytest.importorskip("torch")
    check(program, PLAIN)


GRADIENTS = {
    "nansum": lambda t: tensors.nansum(t, 1),
    "nanmean": lambda t: tensors.nanmean(t, 0),
    "aminmax": lambda t: tensors.aminmax(t, dim=1),
    "std_mean": lambda t: tensors.std_mean(t, 1),
    "var_mean": lambda t: tensors.var_mean(t, 0),
    "cumprod": lambda t: tensors.cumprod(t, 1),
    "cummax": lambda t: tensors.cummax(t, 1).values,
    "cummin": lambda t: tensors.cummin(t, 0).values,
    "logcumsumexp": lambda t: tensors.logcumsumexp(t, 1),
    "sort": lambda t: tensors.sort(t, 1).values,
    "topk": lambda t: tensors.topk(t, 2).values,
    "kthvalue": lambda t: tensors.kthvalue(t, 2, 0).values,
    "median": lambda t: tensors.median(t, 1).values,
    "mode": lambda t: tensors.mode(t, 1).values,
    "quantile": lambda t: tensors.quantile(t, 0.3, dim=1),
    "nanquantile": lambda t: tensors.nanquantile(t, 0.7),
}


@pytest.mark.parametrize("name", sorted(GRADIENTS))
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_gradients_match_central_differences(name: str, data) -> None:
    # Distinct elements, well apart: the orderings' gradients jump where two meet.
    xs = data.draw(st.lists(st.integers(-40, 40), min_size=6, max_size=6, unique=True))
    t = tensors.tensor(
        [[x / 8 for x in xs[:3]], [x / 8 for x in xs[3:]]],
        dtype=tensors.float64,
        requires_grad=True,
    )
    assert tensor_gradcheck(GRADIENTS[name], (t,))


@pytest.mark.parametrize("name", ["kthvalue", "median", "nanmedian", "mode", "topk", "topk_min"])
@settings(max_examples=60, deadline=None)
@given(
    xs=st.lists(st.sampled_from([0.0, -0.0, 1.0, 2.0, 3.0, NAN]), min_size=1, max_size=40),
    k=st.integers(1, 40),
)
def test_ties_name_the_index_pytorch_names(name: str, xs: list, k: int) -> None:
    # Lines full of equal elements (and nan): which of them PyTorch's kernels name.
    torch = pytest.importorskip("torch")
    k = min(k, len(xs))
    calls = {
        "kthvalue": lambda m, t: m.kthvalue(t, k),
        "median": lambda m, t: m.median(t, 0),
        "nanmedian": lambda m, t: m.nanmedian(t, 0),
        "mode": lambda m, t: m.mode(t),
        "topk": lambda m, t: m.topk(t, k),
        "topk_min": lambda m, t: m.topk(t, k, largest=False),
    }
    ours = calls[name](tensors, tensors.tensor(xs, dtype=tensors.float64))
    theirs = calls[name](torch, torch.tensor(xs, dtype=torch.float64))
    assert ours.indices.tolist() == theirs.indices.tolist()


POINTS = [[0.0, 1.0], [2.0, 3.0], [1.0, 1.0], [4.0, 0.0], [2.5, -1.0], [4.0, 3.0]]


@pytest.mark.parametrize(
    "program",
    [
        lambda m, x: m.histogramdd(x.detach(), bins=[2, 3]),
        lambda m, x: m.histogramdd(x.detach(), bins=2, range=[0.0, 4.0, 0.0, 3.0], density=True),
        lambda m, x: m.histogramdd(
            x.detach(),
            bins=[
                m.tensor([0.0, 2.0, 4.0], dtype=m.float64),
                m.tensor([-1.0, 1.0, 3.0], dtype=m.float64),
            ],
            weight=m.arange(6.0, dtype=m.float64) - 2,
        ),
        lambda m, x: m.histogramdd(x.detach().reshape(3, 2, 2), bins=(1, 4), density=True),
        lambda m, x: m.histogramdd(x.detach()[:0], bins=[2, 2], density=True),
        lambda m, x: m.histogramdd(x.detach() * 0, bins=3),
        lambda m, x: m.histogramdd(x.detach(), bins=[1, 1, 1]),
        lambda m, x: m.histogramdd(x.detach(), bins=2, range=[0.0, 1.0]),
        lambda m, x: m.histogramdd(x.detach(), bins=[2, 0]),
        lambda m, x: m.histogramdd(x.detach(), bins=2, range=[1.0, 0.0, 0.0, 1.0]),
        lambda m, x: m.histogramdd(x.detach()[:, 0], bins=2),
        lambda m, x: m.histogramdd(x.detach().long(), bins=2),
        lambda m, x: m.histogram(x.detach()[:, 0], bins=3, density=True),
    ],
)
def test_histogramdd_against_torch(program) -> None:
    pytest.importorskip("torch")
    check(program, POINTS)


def test_float32_histogram_sums_weights_in_float32() -> None:
    # PyTorch adds each weight to its bin in single precision, in order (in one
    # thread; more threads sum their own histograms at the end).
    torch = pytest.importorskip("torch")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    w = [0.1 * k + 1e-3 for k in range(200)]
    got = []
    for m in (torch, tensors):
        x = m.zeros(200, 2)
        got.append(m.histogramdd(x, bins=1, weight=m.tensor(w)).hist.item())
    torch.set_num_threads(threads)
    assert got[0] == got[1]
