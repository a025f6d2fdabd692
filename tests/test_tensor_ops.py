"""Tensor ops without PyTorch: gradients against central differences, matmul against
a triple loop, reductions against plain Python, dtypes, creation and identities."""

from __future__ import annotations

import itertools
import math
from typing import Any, Callable

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tensors as torch
import tensors.nn.functional as F
from autograd_scalar import GradcheckError
from autograd_scalar.testing import finite_floats
from tensors._shape import broadcast_shapes
from tensors.testing import (
    assert_close,
    broadcast_shape,
    broadcastable_shapes,
    exact_floats,
    matmul_shapes,
    shapes,
    tensor_gradcheck,
    tensors,
)

SMOOTH = finite_floats(-2.0, 2.0)
POSITIVE = finite_floats(0.2, 3.0)
AWAY_FROM_ZERO = finite_floats(-2.0, 2.0, away_from=(0.0,), margin=0.1)
UNIT = finite_floats(0.1, 0.9)


def leaf(shape: Any, elements: Any = SMOOTH) -> Any:
    return tensors(shape, elements, requires_grad=True)


def distinct(shape: Any) -> Any:
    # max, min, clamp and friends have kinks where elements tie: keep them apart.
    return leaf(shape).filter(
        lambda t: all(
            abs(a - b) > 1e-2 for a, b in itertools.combinations([v.data for v in t.values()], 2)
        )
    )


# ---------------------------------------------------------------------------------
# Every op passes a tensor-level gradcheck
# ---------------------------------------------------------------------------------

# The parametrized tests run once per op: a third of the profile's examples for
# each keeps them to seconds (the "thorough" profile scales them up).
PER_OP = settings(max_examples=max(10, settings().max_examples // 3))

UNARY: dict = {
    # name: (function, elements)
    "neg": (lambda x: -x, SMOOTH),
    "exp": (lambda x: x.exp(), SMOOTH),
    "log": (lambda x: x.log(), POSITIVE),
    "log1p": (lambda x: torch.log1p(x), POSITIVE),
    "sqrt": (lambda x: x.sqrt(), POSITIVE),
    "sin": (lambda x: x.sin(), SMOOTH),
    "cos": (lambda x: torch.cos(x), SMOOTH),
    "tanh": (lambda x: x.tanh(), SMOOTH),
    "sigmoid": (lambda x: torch.sigmoid(x), SMOOTH),
    "relu": (lambda x: x.relu(), AWAY_FROM_ZERO),
    "abs": (lambda x: x.abs(), AWAY_FROM_ZERO),
    "square": (lambda x: x.square(), SMOOTH),
    "reciprocal": (lambda x: x.reciprocal(), AWAY_FROM_ZERO),
    "pow number": (lambda x: x**2.5, POSITIVE),
    "rpow number": (lambda x: 1.5**x, SMOOTH),
    "rdiv number": (lambda x: 3 / x, AWAY_FROM_ZERO),
    "rsub number": (lambda x: 2 - x, SMOOTH),
    "softplus": (lambda x: F.softplus(x), SMOOTH),
    "leaky_relu": (lambda x: F.leaky_relu(x, 0.2), AWAY_FROM_ZERO),
    "clamp": (lambda x: x.clamp(-0.5, 0.5), finite_floats(-2, 2, away_from=(-0.5, 0.5))),
    "remainder": (lambda x: x % 0.75, finite_floats(-2, 2, away_from=(-1.5, -0.75, 0, 0.75, 1.5))),
    "where": (lambda x: torch.where(x > 0, x * 2, x.exp()), AWAY_FROM_ZERO),
    "to float64": (lambda x: x.double() * x, SMOOTH),
    "clone": (lambda x: x.clone() * x, SMOOTH),
}

REDUCE: dict = {
    # name: (function of (x, dim, keepdim), elements)
    "sum": (lambda x, d, k: x.sum(d, keepdim=k), SMOOTH),
    "mean": (lambda x, d, k: x.mean(d, keepdim=k), SMOOTH),
    "prod": (lambda x, d, k: x.prod(d, keepdim=k), SMOOTH),
    "max": (lambda x, d, k: x.max(d, keepdim=k).values, None),
    "min": (lambda x, d, k: torch.min(x, d, keepdim=k)[0], None),
    "amax": (lambda x, d, k: x.amax(d, keepdim=k), None),
    "logsumexp": (lambda x, d, k: x.logsumexp(d, keepdim=k), SMOOTH),
    "cumsum": (lambda x, d, k: x.cumsum(d), SMOOTH),
    "softmax": (lambda x, d, k: x.softmax(d), SMOOTH),
    "log_softmax": (lambda x, d, k: F.log_softmax(x, dim=d), SMOOTH),
    "var": (lambda x, d, k: x.var(d, keepdim=k), SMOOTH),
    "std": (lambda x, d, k: x.std(d, keepdim=k), None),  # a kink where all are equal
    "norm": (lambda x, d, k: x.norm(dim=d, keepdim=k), AWAY_FROM_ZERO),
}

BINARY: dict = {
    "add": (lambda x, y: x + y, SMOOTH),
    "sub": (lambda x, y: torch.sub(x, y, alpha=2), SMOOTH),
    "mul": (lambda x, y: x * y, SMOOTH),
    "div": (lambda x, y: x / y, AWAY_FROM_ZERO),
    "pow": (lambda x, y: x**y, POSITIVE),
    "maximum": (lambda x, y: torch.maximum(x, y + 10.0), SMOOTH),
    "minimum": (lambda x, y: torch.minimum(x - 10.0, y), SMOOTH),
    "where": (lambda x, y: torch.where(x > y, x, y * y), SMOOTH),
    "clamp by tensors": (lambda x, y: x.clamp(min=y - 5.0, max=y + 5.0), SMOOTH),
    "mse_loss": (lambda x, y: F.mse_loss(x, y, reduction="sum"), SMOOTH),
    "l1_loss": (lambda x, y: F.l1_loss(x * 10.0, y, reduction="none"), AWAY_FROM_ZERO),
    "bce_with_logits": (
        lambda x, y: F.binary_cross_entropy_with_logits(
            x, y.sigmoid(), weight=torch.tensor(0.5), pos_weight=torch.tensor(3.0)
        ),
        SMOOTH,
    ),
    "binary_cross_entropy": (
        lambda x, y: F.binary_cross_entropy(x.sigmoid(), y.sigmoid(), reduction="sum"),
        SMOOTH,
    ),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@PER_OP
@given(data=st.data())
def test_unary_op_passes_gradcheck(name: str, data: Any) -> None:
    fn, elements = UNARY[name]
    x = data.draw(leaf(shapes(max_dims=2, max_side=3), elements))
    assert tensor_gradcheck(fn, [x])


@pytest.mark.parametrize("name", sorted(REDUCE))
@PER_OP
@given(data=st.data())
def test_reduction_passes_gradcheck(name: str, data: Any) -> None:
    fn, elements = REDUCE[name]
    shape = data.draw(shapes(min_dims=1, max_dims=3, max_side=3))
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    keepdim = data.draw(st.booleans())
    if name in ("var", "std") and shape[dim] == 1:
        # one element has no degrees of freedom: take two
        d = dim % len(shape)
        shape = shape[:d] + (2,) + shape[d + 1 :]
    x = data.draw(distinct(shape) if elements is None else leaf(shape, elements))
    assert tensor_gradcheck(lambda x: fn(x, dim, keepdim), [x])


@pytest.mark.parametrize("name", sorted(BINARY))
@PER_OP
@given(data=st.data())
def test_binary_op_passes_gradcheck(name: str, data: Any) -> None:
    fn, elements = BINARY[name]
    a, b = data.draw(broadcastable_shapes(max_dims=2, max_side=3))
    if name in ("mse_loss", "binary_cross_entropy", "bce_with_logits", "l1_loss"):
        b = a  # the losses want a target of the input's shape
    x, y = data.draw(leaf(a, elements)), data.draw(leaf(b, elements))
    if name == "where":
        pairs = zip(*(t.expand(*broadcast_shapes(a, b)).values() for t in (x, y)))
        assume(all(abs(p.data - q.data) >= 1e-2 for p, q in pairs))  # away from the kink
    assert tensor_gradcheck(fn, [x, y])


@given(data=st.data())
def test_matmul_passes_gradcheck_by_every_rule(data: Any) -> None:
    a, b = data.draw(matmul_shapes(max_batch_dims=1, max_side=3))
    x, y = data.draw(leaf(a)), data.draw(leaf(b))
    assert tensor_gradcheck(torch.matmul, [x, y])


@pytest.mark.parametrize(
    "name, fn, shapes_",
    [
        ("mm", torch.mm, [(2, 3), (3, 2)]),
        ("mv", torch.mv, [(2, 3), (3,)]),
        ("dot", torch.dot, [(3,), (3,)]),
        ("outer", torch.outer, [(2,), (3,)]),
        ("bmm", torch.bmm, [(2, 2, 3), (2, 3, 1)]),
        ("linear", F.linear, [(2, 3), (4, 3), (4,)]),
        ("linear 1-D", F.linear, [(3,), (4, 3), (4,)]),
        ("cat", lambda x, y: torch.cat([x, y], dim=1), [(2, 1), (2, 3)]),
        ("stack", lambda x, y: torch.stack([x, y], dim=-1), [(2, 3), (2, 3)]),
        ("views", lambda x: x.t().reshape(6)[1:].unsqueeze(0).expand(2, 5).flatten(), [(2, 3)]),
        ("permute", lambda x: x.permute(2, 0, 1).transpose(0, 1).squeeze(), [(2, 1, 3)]),
        ("index", lambda x: x[[0, 1, 1]][:, None, ::2] * x[-1, 1], [(2, 3)]),
        ("mask", lambda x: x[x > 0].sum() * x, [((2, 3), AWAY_FROM_ZERO)]),
        ("split", lambda x: x.split([1, 2], dim=1)[1] * x.chunk(3, 1)[0], [(2, 3)]),
        ("setitem", lambda x, v: _setitem(x, (slice(None), 0), v), [(2, 3), (2,)]),
        ("in place", lambda x, v: (x * 1).mul_(v).add_(v).clamp_(-9, 9), [(2, 3), (3,)]),
        ("copy_", lambda x, v: (x * 2).copy_(v) * x, [(2, 3), (3,)]),
        ("cross_entropy", lambda x: F.cross_entropy(x, torch.tensor([2, 0])), [(2, 3)]),
        (
            "cross_entropy smoothed",
            lambda x: F.cross_entropy(x, torch.tensor([2, 0]), label_smoothing=0.2),
            [(2, 3)],
        ),
        (
            "nll_loss weighted",
            lambda x: F.nll_loss(x, torch.tensor([1, 0]), torch.tensor([0.5, 2.0, 1.0])),
            [(2, 3)],
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
@PER_OP
@given(data=st.data())
def test_composite_programs_pass_gradcheck(name: str, fn: Callable, shapes_: list, data: Any):
    # Each input is a shape, or a (shape, elements) pair.
    xs = [data.draw(leaf(*s) if isinstance(s[0], tuple) else leaf(s)) for s in shapes_]
    assert tensor_gradcheck(fn, xs)


def _setitem(x: Any, key: Any, v: Any) -> Any:
    y = x * 1
    y[key] = v * v
    return y


def test_gradcheck_catches_a_wrong_gradient():
    x = torch.tensor([0.5, 1.5], requires_grad=True)
    with pytest.raises(GradcheckError, match="Jacobian mismatch in 2 entries"):
        tensor_gradcheck(lambda x: x.detach() * x, [x])


def test_gradcheck_leaves_the_inputs_alone():
    x = torch.tensor([0.5, 1.5], requires_grad=True)
    assert tensor_gradcheck(lambda x: (x * x).sum(), [x])
    assert x.grad is None
    assert x.tolist() == [0.5, 1.5]


def test_gradcheck_wants_an_input_that_requires_grad():
    with pytest.raises(ValueError, match="at least one input tensor to require gradient"):
        tensor_gradcheck(lambda x: x * 2, [torch.ones(2)])


def test_gradcheck_passes_other_arguments_through():
    x = torch.tensor([[0.5, -1.0]], requires_grad=True)
    target = torch.tensor([1])
    assert tensor_gradcheck(lambda x, t, n: F.cross_entropy(x * n, t), [x, target, 3.0])


# ---------------------------------------------------------------------------------
# matmul against a plain triple loop
# ---------------------------------------------------------------------------------


def _loop_matmul(a: list, a_shape: tuple, b: list, b_shape: tuple) -> tuple:
    """torch.matmul by its definition, on nested lists: (result, shape)."""
    a_vec, b_vec = len(a_shape) == 1, len(b_shape) == 1
    if a_vec:
        a, a_shape = [a], (1,) + a_shape
    if b_vec:
        b, b_shape = [[x] for x in b], b_shape + (1,)
    batch = broadcast_shapes(a_shape[:-2], b_shape[:-2])

    def at(data: Any, shape: tuple, index: tuple) -> Any:
        index = index[len(index) - (len(shape) - 2) :] if len(shape) > 2 else ()
        for size, i in zip(shape[:-2], index):
            data = data[i if size > 1 else 0]
        return data

    out = []
    for index in itertools.product(*(range(s) for s in batch)):
        m1, m2 = at(a, a_shape, index), at(b, b_shape, index)
        n, k, m = len(m1), len(m2), len(m2[0])
        out.append(
            [[sum(m1[i][p] * m2[p][j] for p in range(k)) for j in range(m)] for i in range(n)]
        )
    shape = tuple(batch) + a_shape[-2:-1] + b_shape[-1:]
    flat = [x for mat in out for row in mat for x in row]
    if a_vec:
        shape = shape[:-2] + shape[-1:]
    if b_vec:
        shape = shape[:-1]
    return flat, shape


@given(data=st.data())
def test_matmul_agrees_with_a_triple_loop(data: Any) -> None:
    a, b = data.draw(matmul_shapes(max_batch_dims=2, max_side=3))
    x = data.draw(tensors(a, exact_floats()))
    y = data.draw(tensors(b, exact_floats()))
    flat, shape = _loop_matmul(x.tolist(), a, y.tolist(), b)
    out = x @ y
    assert tuple(out.shape) == shape
    assert [v.data for v in out.values()] == flat  # eighths: every sum is exact


@given(data=st.data())
def test_mm_mv_dot_outer_agree_with_loops(data: Any) -> None:
    # Each against products written out by hand, not against matmul (which calls them).
    n, k, m = (data.draw(st.integers(1, 4)) for _ in range(3))
    a = data.draw(tensors((n, k), exact_floats())).tolist()
    b = data.draw(tensors((k, m), exact_floats())).tolist()
    v = data.draw(tensors((k,), exact_floats())).tolist()
    w = data.draw(tensors((n,), exact_floats())).tolist()
    ta, tb, tv, tw = (torch.tensor(x) for x in (a, b, v, w))
    assert torch.mm(ta, tb).tolist() == [
        [sum(a[i][p] * b[p][j] for p in range(k)) for j in range(m)] for i in range(n)
    ]
    assert torch.mv(ta, tv).tolist() == [sum(a[i][p] * v[p] for p in range(k)) for i in range(n)]
    assert torch.dot(tv, tv).item() == sum(x * x for x in v)
    assert torch.outer(tw, tv).tolist() == [[x * y for y in v] for x in w]


def test_matmul_grad_fn_follows_each_rule():
    x = torch.ones(3, requires_grad=True)
    m = torch.ones(2, 3, requires_grad=True)
    b = torch.ones(4, 3, 2, requires_grad=True)
    assert (x @ x).grad_fn.name() == "DotBackward0"
    assert (m @ x).grad_fn.name() == "MvBackward0"
    assert (x @ m.t()).grad_fn.name() == "SqueezeBackward4"
    assert (m @ m.t()).grad_fn.name() == "MmBackward0"
    assert (b @ x[:2]).grad_fn.name() == "UnsafeViewBackward0"
    assert (x @ b).grad_fn.name() == "UnsafeViewBackward0"
    assert (m @ b).grad_fn.name() == "CloneBackward0"
    assert (b @ b.mT).grad_fn.name() == "UnsafeViewBackward0"
    assert torch.bmm(b, b.mT).grad_fn.name() == "BmmBackward0"


# ---------------------------------------------------------------------------------
# Reductions with dim and keepdim, against plain Python
# ---------------------------------------------------------------------------------


def _reference_reduce(flat: list, shape: tuple, dims: tuple, keepdim: bool, combine: Any) -> tuple:
    kept = tuple(1 if i in dims else s for i, s in enumerate(shape))
    groups: dict = {}
    for index in itertools.product(*(range(s) for s in shape)):
        key = tuple(0 if i in dims else x for i, x in enumerate(index))
        position = sum(x * math.prod(shape[i + 1 :]) for i, x in enumerate(index))
        groups.setdefault(key, []).append(flat[position])
    out = [combine(groups[key]) for key in sorted(groups)]
    shape_out = kept if keepdim else tuple(s for i, s in enumerate(shape) if i not in dims)
    return out, shape_out


REFERENCE = {
    "sum": (lambda x, d, k: x.sum(d, keepdim=k), math.fsum),
    "mean": (lambda x, d, k: x.mean(d, keepdim=k), lambda g: math.fsum(g) / len(g)),
    "amax": (lambda x, d, k: x.amax(d, keepdim=k), max),
    "amin": (lambda x, d, k: x.amin(d, keepdim=k), min),
    # torch.prod takes one dim at a time
    "prod": (lambda x, d, k: x.prod(d[0], keepdim=k), math.prod),
    "logsumexp": (
        lambda x, d, k: x.logsumexp(d, keepdim=k),
        lambda g: math.log(math.fsum(math.exp(v) for v in g)),
    ),
}


@pytest.mark.parametrize("name", sorted(REFERENCE))
@PER_OP
@given(data=st.data())
def test_reduction_with_dims_and_keepdim_matches_plain_python(name: str, data: Any) -> None:
    fn, combine = REFERENCE[name]
    shape = data.draw(shapes(min_dims=1))
    most = 1 if name == "prod" else 3
    axes = st.sets(st.integers(0, len(shape) - 1), min_size=1, max_size=most)
    dims = tuple(sorted(data.draw(axes)))
    keepdim = data.draw(st.booleans())
    x = data.draw(tensors(shape))
    negative = tuple(d - len(shape) for d in dims)
    out = fn(x, negative if data.draw(st.booleans()) else dims, keepdim)
    expected, expected_shape = _reference_reduce(
        [v.data for v in x.values()], shape, dims, keepdim, combine
    )
    assert tuple(out.shape) == expected_shape
    assert_close(out, torch.tensor(expected).reshape(expected_shape), rtol=1e-12, atol=1e-12)


@given(data=st.data())
def test_max_and_argmax_along_a_dim_agree(data: Any) -> None:
    shape = data.draw(shapes(min_dims=1))
    d = data.draw(st.integers(-len(shape), len(shape) - 1))
    x = data.draw(tensors(shape, st.integers(-3, 3).map(float)))
    values, indices = x.max(dim=d)
    assert values.tolist() == x.amax(d).tolist()
    assert indices.tolist() == x.argmax(d).tolist()
    others = [i for i in range(len(shape)) if i != d % len(shape)]
    rows = x.permute(*others, d).reshape(-1, x.shape[d]).tolist()
    firsts = [row.index(max(row)) for row in rows]  # the first of tied maxima
    assert indices.reshape(-1).tolist() == firsts


def test_full_reductions_of_a_matrix():
    x = torch.tensor([[1.0, 2.0], [3.0, 6.0]])
    assert x.sum().item() == 12.0
    assert x.mean().item() == 3.0
    assert x.prod().item() == 36.0
    assert x.max().item() == 6.0 and x.min().item() == 1.0
    assert x.argmax().item() == 3 and x.argmin().item() == 0
    assert x.sum((0, 1), keepdim=True).shape == (1, 1)
    assert x.mean(dim=-1, keepdim=True).tolist() == [[1.5], [4.5]]
    assert x.var().item() == pytest.approx(14 / 3)
    assert x.std(dim=0, unbiased=False).tolist() == [1.0, 2.0]


def test_ties_share_the_gradient_of_max_as_pytorch_does():
    x = torch.tensor([1.0, 3.0, 3.0], requires_grad=True)
    x.max().backward()
    assert x.grad.tolist() == [0.0, 0.5, 0.5]
    y = torch.tensor([[3.0, 3.0]], requires_grad=True)
    y.max(dim=1).values.sum().backward()  # along a dim, the first index takes it all
    assert y.grad.tolist() == [[1.0, 0.0]]


# ---------------------------------------------------------------------------------
# Broadcasting
# ---------------------------------------------------------------------------------


@given(broadcastable_shapes(n=3))
def test_broadcast_shapes_follow_the_rule(shapes_: tuple) -> None:
    expected = broadcast_shape(*shapes_)
    assert expected is not None
    assert broadcast_shapes(*shapes_) == expected
    x, y, z = (torch.zeros(*s) for s in shapes_)
    assert (x + y + z).shape == expected
    assert torch.where(x > 0, y, z).shape == expected


@given(shapes(), shapes())
def test_any_two_shapes_broadcast_exactly_when_the_rule_says(a: tuple, b: tuple) -> None:
    expected = broadcast_shape(a, b)
    if expected is None:
        with pytest.raises(RuntimeError, match="must match the size of tensor b"):
            torch.zeros(*a) * torch.zeros(*b)
    else:
        assert (torch.zeros(*a) * torch.zeros(*b)).shape == expected


@given(data=st.data())
def test_elementwise_results_have_the_broadcast_shape_and_values(data: Any) -> None:
    a, b = data.draw(broadcastable_shapes())
    x, y = data.draw(tensors(a, exact_floats())), data.draw(tensors(b, exact_floats()))
    shape = broadcast_shapes(a, b)
    out = x * y + y
    assert out.shape == shape
    xs, ys = x.expand(*shape).reshape(-1), y.expand(*shape).reshape(-1)
    assert out.reshape(-1).tolist() == [p * q + q for p, q in zip(xs.tolist(), ys.tolist())]


@given(data=st.data())
def test_broadcast_gradients_sum_over_the_broadcast_dims(data: Any) -> None:
    a, b = data.draw(broadcastable_shapes())
    x = data.draw(tensors(a, exact_floats(), requires_grad=True))
    y = data.draw(tensors(b, exact_floats(), requires_grad=True))
    (x + y).sum().backward()
    n = math.prod(broadcast_shapes(a, b))
    assert x.grad.shape == a and y.grad.shape == b
    assert x.grad.sum().item() == n and y.grad.sum().item() == n


@given(st.data())
def test_shapes_that_do_not_broadcast_raise_pytorchs_message(data: Any) -> None:
    n = data.draw(st.integers(2, 4))
    m = data.draw(st.integers(2, 4).filter(lambda m: m != n))
    lead = data.draw(shapes(max_dims=1))
    x, y = torch.ones(*lead, 3, n), torch.ones(3, m)
    with pytest.raises(RuntimeError) as info:
        x + y
    assert str(info.value) == (
        f"The size of tensor a ({n}) must match the size of tensor b ({m}) at non-singleton "
        f"dimension {len(lead) + 1}"
    )


# ---------------------------------------------------------------------------------
# Identities
# ---------------------------------------------------------------------------------


@given(data=st.data())
def test_algebraic_identities_hold(data: Any) -> None:
    shape = data.draw(shapes())
    x = data.draw(tensors(shape, exact_floats()))
    y = data.draw(tensors(shape, exact_floats()))
    assert (x + y).tolist() == (y + x).tolist()
    assert (x * y).tolist() == (y * x).tolist()
    assert (x - y).tolist() == (x + (-y)).tolist()
    assert x.neg().neg().tolist() == x.tolist()
    assert torch.equal(x.clone(), x)
    assert (x.exp().log() - x).abs().max().item() < 1e-12 if shape else True
    assert torch.allclose(torch.softmax(x, -1).sum(-1), torch.ones(()).expand(*shape[:-1]))


@given(data=st.data())
def test_views_round_trip(data: Any) -> None:
    shape = data.draw(shapes(min_dims=1))
    x = data.draw(tensors(shape))
    dims = data.draw(st.permutations(range(len(shape))))
    inverse = [dims.index(i) for i in range(len(shape))]
    assert x.permute(*dims).permute(*inverse).tolist() == x.tolist()
    assert x.reshape(-1).reshape(*shape).tolist() == x.tolist()
    assert x.unsqueeze(0).squeeze(0).tolist() == x.tolist()
    assert x.transpose(0, -1).transpose(0, -1).tolist() == x.tolist()
    assert x.flatten().tolist() == [v.data for v in x.values()]
    parts = x.split(1, dim=0)
    assert torch.cat(parts, dim=0).tolist() == x.tolist()
    assert torch.stack([p.squeeze(0) for p in parts]).tolist() == x.tolist()


# ---------------------------------------------------------------------------------
# dtypes and creation
# ---------------------------------------------------------------------------------


def test_creation_functions_and_their_dtypes():
    assert torch.tensor([1, 2]).dtype is torch.int64
    assert torch.tensor([1.0, 2]).dtype is torch.float32
    assert torch.tensor([True, False]).dtype is torch.bool
    assert torch.tensor(3).shape == () and torch.tensor(3).item() == 3
    assert torch.zeros(2, 3).tolist() == [[0.0] * 3] * 2
    assert torch.ones((2,), dtype=torch.int64).tolist() == [1, 1]
    assert torch.full((2,), 7).dtype is torch.int64
    assert torch.full((2,), 7.5).dtype is torch.float32
    assert torch.full((1,), True).dtype is torch.bool
    assert torch.eye(2, 3).tolist() == [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    assert torch.arange(4).tolist() == [0, 1, 2, 3]
    assert torch.arange(1, 2, 0.25).tolist() == [1.0, 1.25, 1.5, 1.75]
    assert torch.arange(4).dtype is torch.int64 and torch.arange(4.0).dtype is torch.float32
    assert torch.linspace(0, 1, 5).tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert torch.zeros_like(torch.tensor([1, 2])).dtype is torch.int64
    assert torch.ones_like(torch.ones(2), dtype=torch.float64).dtype is torch.float64
    assert torch.full_like(torch.ones(2), 3.0).tolist() == [3.0, 3.0]
    assert torch.empty(2, 0).shape == (2, 0)
    assert torch.tensor([]).shape == (0,) and torch.tensor([[]]).shape == (1, 0)
    assert torch.randn(2, 3).shape == (2, 3) and torch.rand(4).dtype is torch.float32
    assert torch.randint(0, 5, (3,)).dtype is torch.int64
    assert sorted(torch.randperm(5).tolist()) == [0, 1, 2, 3, 4]
    assert torch.tensor([[1, 2]], dtype=torch.float64).dtype is torch.float64
    assert torch.Tensor([1, 2]).dtype is torch.float32 and torch.Tensor(2, 3).shape == (2, 3)
    assert torch.Tensor().shape == (0,)


def test_conversions_between_dtypes():
    x = torch.tensor([-1.5, 0.0, 2.7])
    assert x.long().tolist() == [-1, 0, 2]
    assert x.bool().tolist() == [True, False, True]
    assert x.double().dtype is torch.float64 and x.double().float().dtype is torch.float32
    assert x.to(torch.int64).dtype is torch.int64
    assert x.to(dtype=torch.bool).dtype is torch.bool
    assert torch.tensor([True, False]).float().tolist() == [1.0, 0.0]
    assert torch.tensor([1, 2]).to(torch.float64).tolist() == [1.0, 2.0]
    assert x.to(x) is x and x.float() is x


def test_integer_tensors_stay_integers():
    i = torch.tensor([3, -4])
    assert (i + 1).dtype is torch.int64 and (i * 2).tolist() == [6, -8]
    assert (i // 2).tolist() == [1, -2] and (i % 3).tolist() == [0, 2]
    assert (i**2).tolist() == [9, 16] and (i**2).dtype is torch.int64
    assert (i / 2).dtype is torch.float32 and (i / 2).tolist() == [1.5, -2.0]
    assert (i + 0.5).dtype is torch.float32
    assert i.sum().dtype is torch.int64 and i.abs().tolist() == [3, 4]
    assert i.max().item() == 3 and isinstance(i.max().item(), int)
    assert (i > 0).dtype is torch.bool
    assert torch.tensor([True, True]).sum().dtype is torch.int64
    assert (torch.tensor([True, False]) + torch.tensor([True, True])).tolist() == [True, True]
    assert (torch.tensor([2, 3]) ** torch.tensor([-1, 1])).tolist() == [0, 3]
    assert i.clamp(min=0.5).dtype is torch.float32
    assert torch.where(i > 0, i, 0).dtype is torch.int64


@pytest.mark.parametrize(
    "make",
    [
        lambda: torch.tensor([1, 2], requires_grad=True),
        lambda: torch.ones(2, dtype=torch.int64, requires_grad=True),
        lambda: torch.zeros(2, dtype=torch.bool, requires_grad=True),
        lambda: torch.arange(3, requires_grad=True),
        lambda: torch.eye(2, dtype=torch.int64, requires_grad=True),
        lambda: torch.full((2,), 3, requires_grad=True),
        lambda: torch.randint(0, 3, (2,), requires_grad=True),
        lambda: torch.tensor([1, 2]).requires_grad_(),
    ],
)
def test_integer_tensors_cannot_require_grad(make: Callable) -> None:
    with pytest.raises(RuntimeError) as info:
        make()
    assert str(info.value) in (
        "Only Tensors of floating point and complex dtype can require gradients",
        "only Tensors of floating point dtype can require gradients",
    )


def test_default_dtype_can_be_float64():
    torch.set_default_dtype(torch.float64)
    try:
        assert torch.tensor([1.5]).dtype is torch.float64
        assert torch.ones(1).dtype is torch.float64
        assert (torch.tensor([1, 2]) / 2).dtype is torch.float64
        assert (torch.tensor([1, 2]) + 0.5).dtype is torch.float64
    finally:
        torch.set_default_dtype(torch.float32)
    assert repr(torch.ones(1, dtype=torch.float64)) == "tensor([1.], dtype=torch.float64)"


def test_dtype_promotion_table():
    b, i = torch.tensor([True]), torch.tensor([1])
    f, d = torch.tensor([1.0]), torch.tensor([1.0], dtype=torch.float64)
    table = {
        (b, b): torch.bool, (b, i): torch.int64, (b, f): torch.float32, (i, i): torch.int64,
        (i, f): torch.float32, (i, d): torch.float64, (f, d): torch.float64,
        (f, torch.tensor(1.0, dtype=torch.float64)): torch.float32,
        (i, torch.tensor(1.5)): torch.float32, (i, 2.5): torch.float32, (f, 2): torch.float32,
        (b, 2): torch.int64, (d, 2.5): torch.float64,
    }  # fmt: skip
    for (x, y), dtype in table.items():
        assert (x * y).dtype is dtype, (x, y)
        assert (y * x).dtype is dtype, (x, y)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_results_never_hold_a_leafs_own_elements(name: str) -> None:
    # A result whose elements were the leaf's own Values would let an in-place
    # write to the result (which is allowed) change the leaf (which is not).
    fn, _ = UNARY[name]
    x = torch.tensor([[0.25, 1.5], [2.0, 30.0]], requires_grad=True)
    leaf_values = {id(v) for v in x.values()}
    out = fn(x)
    assert not any(id(v) in leaf_values for v in out.values())
    with torch.no_grad():
        out.zero_()
    assert x.tolist() == [[0.25, 1.5], [2.0, 30.0]]
