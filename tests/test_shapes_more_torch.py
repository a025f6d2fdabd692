"""Shape and index ops (rearrange.py, stacking.py, masked.py, searching.py) against
PyTorch (skipped without torch): values, dtypes, grad_fn names, gradients (where the
gradient of each element goes) and errors, in-place forms included; central
differences for the ones that combine elements."""

from __future__ import annotations

import math

import pytest
from _compare_torch import check
from hypothesis import given, settings
from hypothesis import strategies as st

import tensors
from tensors.testing import tensor_gradcheck

NAN = math.nan
A = [[0.5, -1.25, 2.0, 3.5], [1.0, 0.25, -2.0, 4.0], [2.5, 1.5, -0.75, -0.0]]
B = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
V = [3.0, -1.0, 2.0, 0.5]


REARRANGE = [
    lambda m, a: m.flip(a, (0,)),
    lambda m, a: a.flip(0, 1),
    lambda m, a: m.fliplr(a),
    lambda m, a: m.flipud(a),
    lambda m, a: m.roll(a, 1),
    lambda m, a: m.roll(a, -2, 1),
    lambda m, a: m.roll(a, (1, 2), (0, 1)),
    lambda m, a: m.rot90(a),
    lambda m, a: m.rot90(a, 2, (1, 0)),
    lambda m, a: a.rot90(-1),
    lambda m, a: a.repeat(2, 1),
    lambda m, a: a.repeat(2, 1, 2),
    lambda m, a: m.tile(a, (2,)),
    lambda m, a: m.tile(a, (2, 1, 1)),
    lambda m, a: m.repeat_interleave(a, 2),
    lambda m, a: m.repeat_interleave(a, 2, dim=1),
    lambda m, a: m.repeat_interleave(a, m.tensor([1, 0, 2]), dim=0),
    lambda m, a: m.tril(a),
    lambda m, a: m.triu(a, 1),
    lambda m, a: a.tril(-1),
    lambda m, a: m.diag(a),
    lambda m, a: m.diag(a, 1),
    lambda m, a: m.diag(a, -2),
    lambda m, a: m.diag(a[0]),
    lambda m, a: m.diag(a[0], -1),
    lambda m, a: m.diag_embed(a),
    lambda m, a: m.diag_embed(a, 1, 0, 2),
    lambda m, a: m.diagflat(a),
    lambda m, a: m.diagflat(a[1], 2),
]


@pytest.mark.parametrize("program", REARRANGE)
def test_rearrange(program) -> None:
    pytest.importorskip("torch")
    # An element read many times sums its gradients in another order than PyTorch's
    check(program, A, grad_ulps=4)


STACKING = [
    lambda m, a, v: m.atleast_1d(v[0]),
    lambda m, a, v: m.atleast_2d(v),
    lambda m, a, v: m.atleast_3d(a, v, v[0]),
    lambda m, a, v: m.hstack([v, v]),
    lambda m, a, v: m.hstack((a, a)),
    lambda m, a, v: m.vstack([v, a[:, 0:4]]),
    lambda m, a, v: m.dstack([a, a]),
    lambda m, a, v: m.column_stack([v, v, a.t()]),
    lambda m, a, v: m.hsplit(a, 2),
    lambda m, a, v: m.hsplit(a, [1, 3]),
    lambda m, a, v: m.vsplit(a, [1]),
    lambda m, a, v: m.dsplit(m.dstack([a, a, a]), [1]),
    lambda m, a, v: m.tensor_split(v, 3),
    lambda m, a, v: a.tensor_split([1, 5], 1),
    lambda m, a, v: m.tensor_split(a, m.tensor([1]), dim=0),
    lambda m, a, v: m.ravel(a.t()),
    lambda m, a, v: m.meshgrid(v, v[:2], indexing="ij"),
    lambda m, a, v: m.meshgrid([v, v[:2], v[0]], indexing="xy"),
    lambda m, a, v: m.cartesian_prod(v, v[:3]),
    lambda m, a, v: m.combinations(v),
    lambda m, a, v: m.combinations(v, 3, with_replacement=True),
    lambda m, a, v: m.combinations(v[:2], 3),
    lambda m, a, v: m.broadcast_to(v, (2, 4)),
    lambda m, a, v: m.broadcast_tensors(a, v, v[0]),
    lambda m, a, v: m.hsplit(v[0], 1),
    lambda m, a, v: m.hsplit(a, 3),
    lambda m, a, v: m.vsplit(v, 2),
]


@pytest.mark.parametrize("program", STACKING)
def test_stacking(program) -> None:
    pytest.importorskip("torch")
    check(program, A, V, grad_ulps=4)


MASKED = [
    lambda m, a, v: m.masked_fill(a, a.detach() > 1, -1.0),
    lambda m, a, v: a.masked_fill(a.detach()[0] < 1, v[1]),
    lambda m, a, v: m.masked_scatter(a, a.detach() > 0, v.repeat(3)),
    lambda m, a, v: m.masked_select(a, a.detach() > 0.4),
    lambda m, a, v: m.masked_select(v, m.tensor([[True], [False]])),
    lambda m, a, v: m.take(a, m.tensor([[0, -1], [5, 5]])),
    lambda m, a, v: m.take_along_dim(a, m.tensor([[0], [-1], [2]]), 1),
    lambda m, a, v: m.take_along_dim(a, a.detach().argsort(0), 0),
    lambda m, a, v: m.take_along_dim(a, m.tensor([3, 0])),
    lambda m, a, v: m.put(a, m.tensor([1, 6]), v[:2]),
    lambda m, a, v: m.put(a, m.tensor([1, 1, -1]), v[:3], accumulate=True),
    lambda m, a, v: m.index_add(a, 0, m.tensor([2, 0, 2]), a * 2),
    lambda m, a, v: m.index_add(a, 1, m.tensor([3]), a[:, :1], alpha=-0.5),
    lambda m, a, v: m.index_copy(a, 1, m.tensor([3, 0]), a[:, 1:3]),
    lambda m, a, v: m.index_fill(a, 1, m.tensor([0, 2]), 7.0),
    lambda m, a, v: m.index_fill(a, 0, m.tensor([1]), v[2]),
    lambda m, a, v: m.index_put(a, (m.tensor([0, 2]), m.tensor([1, 3])), v[:2]),
    lambda m, a, v: m.index_put(a, (m.tensor([0, 0]),), v, accumulate=True),
    lambda m, a, v: m.index_put(a, (a.detach() > 1,), v[0]),
    lambda m, a, v: m.index_reduce(a, 0, m.tensor([0, 0, 2]), a * 3, "prod"),
    lambda m, a, v: m.index_reduce(a, 1, m.tensor([1, 1, 0, 1]), a, "mean"),
    lambda m, a, v: m.index_reduce(a, 0, m.tensor([1, 1, 1]), a, "amax", include_self=False),
    lambda m, a, v: m.index_reduce(a, 1, m.tensor([0, 0, 2, 2]), a, "amin"),
    lambda m, a, v: m.scatter_reduce(a, 1, m.tensor([[0, 0, 1, 3]] * 3), a, "sum"),
    lambda m, a, v: m.scatter_reduce(a, 0, m.tensor([[0, 1, 0, 0]]), a[:1], "prod"),
    lambda m, a, v: m.scatter_reduce(
        a, 1, m.tensor([[1, 1, 1, 1]] * 3), a, "mean", include_self=False
    ),  # noqa: E501
    lambda m, a, v: m.scatter_reduce(a, 0, m.tensor([[2, 2, 2, 2]] * 2), a[:2], "amax"),
    lambda m, a, v: a.scatter_reduce(1, m.tensor([[0, 0], [1, 1], [2, 2]]), a[:, :2], "amin"),
]


@pytest.mark.parametrize("program", MASKED)
def test_masked_and_indexed(program) -> None:
    pytest.importorskip("torch")
    check(program, A, V, ulps=1, grad_ulps=4)


INPLACE = [
    lambda m, a, v: a.clone().masked_fill_(a.detach() > 1, 0.0),
    lambda m, a, v: a.clone().masked_scatter_(a.detach() < 1, v.repeat(3)),
    lambda m, a, v: a.clone().put_(m.tensor([0, 11]), v[:2]),
    lambda m, a, v: a.clone().index_add_(0, m.tensor([1]), a[:1]),
    lambda m, a, v: a.clone().index_copy_(1, m.tensor([1]), a[:, :1] * 2),
    lambda m, a, v: a.clone().index_fill_(1, m.tensor([1]), -3.0),
    lambda m, a, v: a.clone().index_put_((m.tensor([1]),), v),
    lambda m, a, v: a.clone().scatter_reduce_(0, m.tensor([[1, 1, 1, 1]]), a[:1], "sum"),
    lambda m, a, v: a.clone().tril_(),
    lambda m, a, v: a.clone().triu_(1),
    lambda m, a, v: a.masked_fill_(a > 1, 0.0),  # a leaf that requires grad: refused
]


@pytest.mark.parametrize("program", INPLACE)
def test_in_place_forms_compute_what_torch_computes(program) -> None:
    # Values, gradients and errors. The grad_fn differs on purpose (PyTorch records
    # the op's own node, these forms the copy_ a user would write), so the result
    # is compared through a node both libraries name alike.
    pytest.importorskip("torch")
    check(lambda m, a, v: program(m, a, v) * 1.0, A, V)


SEARCHING = [
    lambda m, a, v: m.nonzero(a),
    lambda m, a, v: m.nonzero(a, as_tuple=True),
    lambda m, a, v: m.nonzero(a[0, 0]),
    lambda m, a, v: m.argwhere(a > 1),
    lambda m, a, v: m.searchsorted(m.tensor([-1.0, 0.5, 2.0, 2.0, 3.5]), a.detach()),
    lambda m, a, v: m.searchsorted(m.tensor([-1.0, 0.5, 2.0, 2.0, 3.5]), a.detach(), right=True),  # noqa: E501
    lambda m, a, v: m.searchsorted(m.tensor([-1.0, 0.5, 2.0, 2.0, 3.5]), 2.0, side="right"),
    lambda m, a, v: m.searchsorted(a.detach().sort().values, a.detach()),
    lambda m, a, v: m.searchsorted(v.detach(), v.detach(), sorter=v.detach().argsort()),
    lambda m, a, v: m.bucketize(a.detach(), m.tensor([0.0, 1.0, 2.0])),
    lambda m, a, v: m.bucketize(a.detach(), m.tensor([0.0, 1.0, 2.0]), right=True),
    lambda m, a, v: m.histc(a.detach(), 4),
    lambda m, a, v: m.histc(a.detach(), 3, min=-1, max=2),
    lambda m, a, v: m.histc(m.tensor([3.0, 3.0]), 2),
    lambda m, a, v: m.bincount(m.tensor([0, 3, 3, 1])),
    lambda m, a, v: m.bincount(m.tensor([0, 3, 3]), weights=v.detach()[:3], minlength=6),
    lambda m, a, v: m.unique(
        m.tensor([2.0, 1.0, 2.0, NAN, NAN, -0.0, 0.0]), return_inverse=True, return_counts=True
    ),  # noqa: E501
    lambda m, a, v: m.unique(m.tensor([[1, 2], [1, 2], [0, 5]]), dim=0, return_inverse=True),
    lambda m, a, v: m.unique(m.tensor([[1, 2, 1], [3, 0, 3]]), dim=1, return_counts=True),
    lambda m, a, v: m.unique_consecutive(
        m.tensor([1, 1, 2, 1]), return_counts=True, return_inverse=True
    ),  # noqa: E501
    lambda m, a, v: m.unique_consecutive(m.tensor([[1, 1], [1, 1], [2, 0]]), dim=0),
    lambda m, a, v: m.unique(a),
]


@pytest.mark.parametrize("program", SEARCHING)
def test_searching(program) -> None:
    pytest.importorskip("torch")
    check(lambda m, a, v: program(m, a.detach(), v), A, V)


ERRORS = [
    lambda m, a, v: m.fliplr(v),
    lambda m, a, v: m.flip(a, (0, 0)),
    lambda m, a, v: m.roll(a, (1, 2), 0),
    lambda m, a, v: m.rot90(v),
    lambda m, a, v: m.rot90(a, 1, (0, 0)),
    lambda m, a, v: m.rot90(a, 1, (0, 1, 2)),
    lambda m, a, v: a.repeat(2),
    lambda m, a, v: m.tril(v),
    lambda m, a, v: m.diag(a[None]),
    lambda m, a, v: m.diag_embed(v, 0, 0, 0),
    lambda m, a, v: m.hsplit(a, 3),
    lambda m, a, v: m.vsplit(v, 2),
    lambda m, a, v: m.dsplit(a, 2),
    lambda m, a, v: m.hsplit(v[0], 1),
    lambda m, a, v: m.tensor_split(v, 0),
    lambda m, a, v: m.combinations(a),
    lambda m, a, v: m.masked_fill(a, a > 1, v),
    lambda m, a, v: m.masked_fill(a, (a > 1).long(), 0.0),
    lambda m, a, v: m.take(a, m.tensor([12])),
    lambda m, a, v: m.put(a, m.tensor([1, 2]), v),
    lambda m, a, v: m.index_add(a, 0, m.tensor([5]), a[:1]),
    lambda m, a, v: m.index_reduce(a, 0, m.tensor([0]), a[:1], "sum"),
    lambda m, a, v: m.scatter_reduce(a, 0, m.tensor([[0]]), a, "maximum"),
    lambda m, a, v: m.index_copy(a, 0, m.tensor([5]), a[:1]),
    lambda m, a, v: m.index_fill(a, 0, m.tensor([-5]), 1.0),
    lambda m, a, v: m.masked_select(a, (a > 1).long()),
    lambda m, a, v: m.masked_scatter(a, (a > 1).long(), a),
    lambda m, a, v: m.bincount(m.tensor([-1])),
    lambda m, a, v: m.bincount(v),
    lambda m, a, v: m.histc(a, 0),
    lambda m, a, v: m.histc(a, 4, min=3, max=1),
    lambda m, a, v: m.histc(m.tensor([1, 2]), 4),
    lambda m, a, v: m.searchsorted(m.tensor([[1.0, 2.0]]), a[None]),
]


@pytest.mark.parametrize("program", ERRORS)
def test_errors(program) -> None:
    pytest.importorskip("torch")
    check(program, A, V)


COMBINING = {
    "index_add": lambda t: tensors.index_add(t, 0, tensors.tensor([1, 1]), t * t),
    "index_reduce_prod": lambda t: tensors.index_reduce(t, 1, tensors.tensor([0, 0, 2]), t, "prod"),  # noqa: E501
    "index_reduce_mean": lambda t: tensors.index_reduce(t, 0, tensors.tensor([1, 1]), t, "mean"),
    "scatter_reduce_amax": lambda t: tensors.scatter_reduce(
        t, 1, tensors.tensor([[0, 0, 0], [2, 2, 2]]), t * 2, "amax"
    ),
    "scatter_reduce_sum": lambda t: tensors.scatter_reduce(
        t, 1, tensors.tensor([[0, 0, 1], [2, 2, 2]]), t * t, "sum", include_self=False
    ),
    "put_accumulate": lambda t: tensors.put(t, tensors.tensor([0, 0]), t[0, :2] ** 2, True),
    "masked_scatter": lambda t: tensors.masked_scatter(t, t > 0, (t * t).reshape(-1)),
}


@pytest.mark.parametrize("name", sorted(COMBINING))
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_gradients_match_central_differences(name: str, data) -> None:
    xs = data.draw(st.lists(st.integers(-40, 40).filter(bool), min_size=6, max_size=6, unique=True))  # noqa: E501
    t = tensors.tensor(
        [[x / 8 for x in xs[:3]], [x / 8 for x in xs[3:]]],
        dtype=tensors.float64,
        requires_grad=True,
    )
    assert tensor_gradcheck(COMBINING[name], (t,))


@pytest.mark.parametrize(
    "split",
    [
        lambda m, x: m.hsplit(x, 3),
        lambda m, x: m.tensor_split(x, [1], dim=1),
        lambda m, x: m.vsplit(x, 2),
        lambda m, x: (m.ravel(x),),
    ],
)
def test_splits_and_reshapes_write_through_as_torch_views_do(split) -> None:
    torch = pytest.importorskip("torch")
    seen = []
    for lib in (tensors, torch):
        x = lib.arange(6.0).reshape(2, 3)
        part = split(lib, x)[0]
        if part.ndim == 2:
            part[0, 0] = 9.0
        else:
            part[0] = 9.0
        seen.append(x.tolist())
    assert seen[0] == seen[1]


SERIES = [
    lambda m, a, v: m.diff(a),
    lambda m, a, v: m.diff(a, n=2, dim=0, append=a[:1]),
    lambda m, a, v: m.diff(a, 0, prepend=a),
    lambda m, a, v: m.diff(a > 1),
    lambda m, a, v: m.trapezoid(a),
    lambda m, a, v: m.trapezoid(a, dx=0.5, dim=0),
    lambda m, a, v: m.trapezoid(a, v),
    lambda m, a, v: m.trapz(a, v[:3] * 2, dim=0),
    lambda m, a, v: m.cumulative_trapezoid(a),
    lambda m, a, v: m.cumulative_trapezoid(a, v),
    lambda m, a, v: m.cov(a),
    lambda m, a, v: m.cov(a, correction=0),
    lambda m, a, v: m.cov(a, fweights=m.tensor([1, 2, 1, 3]), aweights=v.detach().abs()),
    lambda m, a, v: m.cov(v),
    lambda m, a, v: m.corrcoef(a),
    lambda m, a, v: m.renorm(a, 2, 0, 3.0),
    lambda m, a, v: m.renorm(a, 1, 1, 2.0),
    lambda m, a, v: m.renorm(a, float("inf"), 0, 1.0),
    lambda m, a, v: m.nonzero_static(a, size=20),
    lambda m, a, v: m.nonzero_static(a, size=3, fill_value=7),
    lambda m, a, v: a.sum_to_size(1, 4),
    lambda m, a, v: a.sum_to_size(3, 1),
    lambda m, a, v: a[None].sum_to_size(a.shape),
    lambda m, a, v: a.sum_to_size(2, 4),
    lambda m, a, v: m.diff(a[0, 0]),
    lambda m, a, v: m.renorm(v, 2, 0, 1.0),
    lambda m, a, v: m.gradient(a),
    lambda m, a, v: m.gradient(a, spacing=0.5, dim=1, edge_order=2),
    lambda m, a, v: m.gradient(a, spacing=[2.0, 3], dim=(1, 0)),
    lambda m, a, v: m.gradient(a, spacing=(v[:3].detach().cumsum(0),), dim=0, edge_order=2),
    lambda m, a, v: m.gradient(a, spacing=(m.tensor([0, 1, 3, 7], dtype=m.float64),), dim=-1),
    lambda m, a, v: m.gradient(a.long(), dim=[0]),
    lambda m, a, v: m.gradient(v, edge_order=2),
    lambda m, a, v: m.gradient(a, spacing=[0.1], dim=(1, 0)),
    lambda m, a, v: m.gradient(a, spacing=[0.1]),
    lambda m, a, v: m.gradient(a, edge_order=3),
    lambda m, a, v: m.gradient(a, dim=(1, -1)),
    lambda m, a, v: m.gradient(a, dim=2),
    lambda m, a, v: m.gradient(a[:, :2], edge_order=2),
    lambda m, a, v: m.gradient(a, spacing=(a,), dim=0),
]


@pytest.mark.parametrize("program", SERIES)
def test_differences_sums_and_statistics(program) -> None:
    pytest.importorskip("torch")
    # the sums and products of cov's mm are rounded in another order than BLAS's
    check(program, A, V, ulps=4, grad_ulps=16)
