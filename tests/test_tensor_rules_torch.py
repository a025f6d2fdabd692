"""Derivatives that come from the op table's special rules (zero derivatives,
ties, sqrt at zero, remainder), against PyTorch, where they matter most: at
ties and at zero. First and second derivatives (create_graph)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tensors

torch = pytest.importorskip("torch")


def _grads(lib, fn, data, second=True):
    """fn's value, d sum(fn)/dx and, with ``second``, d sum(g * g)/dx for that gradient g."""
    x = lib.tensor(data, dtype=lib.float64, requires_grad=True)
    out = fn(lib, x)
    (g,) = lib.autograd.grad(out.sum(), x, create_graph=second)
    if not second:
        return out.tolist(), g.tolist()
    if not g.requires_grad:  # a constant gradient: its own gradient is zero
        return out.tolist(), g.tolist(), lib.zeros_like(x).tolist()
    (h,) = lib.autograd.grad((g * g).sum(), x, allow_unused=True, materialize_grads=True)
    return out.tolist(), g.tolist(), h.tolist()


def _same(a, b):
    if isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), (a, b)
        for x, y in zip(a, b):
            _same(x, y)
    elif math.isnan(a) or math.isnan(b):
        assert math.isnan(a) and math.isnan(b), (a, b)
    else:
        assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12), (a, b)


def assert_like_torch(fn, data, second=True):
    _same(list(_grads(tensors, fn, data, second)), list(_grads(torch, fn, data, second)))


TIES = [
    [1.0, 3.0, 3.0, -2.0],
    [2.0, 2.0, 2.0, 2.0],
    [0.0, -0.0, 0.0, -1.0],
    [-math.inf, -math.inf, 0.0, 1.0],
]


@pytest.mark.parametrize("data", TIES + [[5.0, math.nan, 1.0, math.nan]])
@pytest.mark.parametrize("name", ["max", "min"])
def test_max_min_over_all_elements_share_ties_as_pytorch(name, data):
    assert_like_torch(lambda lib, x: getattr(x, name)() * x.sum(), data)


@pytest.mark.parametrize("data", TIES)
@pytest.mark.parametrize("name", ["amax", "amin"])
def test_amax_amin_over_all_elements_share_ties_as_pytorch(name, data):
    assert_like_torch(lambda lib, x: getattr(x, name)() * x.sum(), data)


@pytest.mark.parametrize("name", ["amax", "amin"])
def test_amax_amin_along_a_dim_share_ties_as_pytorch(name):
    data = [[1.0, 4.0, 4.0], [2.0, 2.0, -1.0], [0.0, 0.0, 0.0]]
    assert_like_torch(lambda lib, x: getattr(x, name)(dim=1) * 3, data, second=False)


# At zero only first derivatives are compared: PyTorch's second derivative there is
# nan (its double backward divides by the zero result).
@pytest.mark.parametrize("data", [[2.0, 2.0, 2.0], [0.0, 0.0], [-1.5, -1.5, -1.5, -1.5]])
@pytest.mark.parametrize("correction", [0, 1])
def test_std_at_zero_as_pytorch(data, correction):
    assert_like_torch(lambda lib, x: x.std(correction=correction) * x.sum(), data, second=False)


@pytest.mark.parametrize("data", [[1.0, 3.0], [2.0, -1.0, 0.5]])
@pytest.mark.parametrize("correction", [0, 1])
def test_std_away_from_zero_as_pytorch(data, correction):
    assert_like_torch(lambda lib, x: x.std(correction=correction) * x.sum(), data)


def test_std_along_a_dim_with_a_constant_row_as_pytorch():
    data = [[1.0, 1.0, 1.0], [1.0, 2.0, 4.0]]
    assert_like_torch(lambda lib, x: x.std(dim=1), data, second=False)


@pytest.mark.parametrize("data", [[0.0, 0.0, 0.0], [0.0, -0.0]])
def test_two_norm_at_zero_as_pytorch(data):
    assert_like_torch(lambda lib, x: x.norm() * (x + 1).sum(), data, second=False)


@pytest.mark.parametrize("data", [[3.0, 4.0], [1e-3, 0.0], [-2.0, 0.5, 1.0]])
def test_two_norm_away_from_zero_as_pytorch(data):
    assert_like_torch(lambda lib, x: x.norm() * x.sum(), data)


def test_two_norm_along_a_dim_with_a_zero_row_as_pytorch():
    data = [[0.0, 0.0], [3.0, -4.0]]
    assert_like_torch(lambda lib, x: x.norm(dim=1), data, second=False)


@pytest.mark.parametrize("data", [[-2.0, 0.0, -0.0, 3.0], [math.nan, math.inf, -math.inf]])
def test_sign_has_a_zero_gradient_as_pytorch(data):
    # (A finite gradient flows into sign: the engine multiplies local derivatives,
    # so 0 times an infinite incoming gradient would be nan where PyTorch has 0.)
    assert_like_torch(lambda lib, x: x.sign() * 2 + x, data)


def test_sign_gradient_is_zero_through_autograd_grad_too():
    x = tensors.tensor([-1.0, 0.0, 2.0], requires_grad=True)
    (g,) = tensors.autograd.grad(x.sign().sum(), x)
    assert g.tolist() == [0.0, 0.0, 0.0]


@given(
    st.lists(st.floats(-20, 20, allow_nan=False), min_size=1, max_size=5),
    st.sampled_from([3.0, -2.5, 0.75, 7.0]),
)
def test_remainder_by_a_number_as_pytorch(data, divisor):
    assert_like_torch(lambda lib, x: lib.remainder(x, divisor) * x, data)


def test_remainder_by_a_tensor_gives_both_gradients_as_pytorch():
    a_data, b_data = [-7.0, 7.0, -6.0, 5.5, 0.0], [2.0, -2.0, 3.0, 1.5, 4.0]

    def run(lib):
        a = lib.tensor(a_data, dtype=lib.float64, requires_grad=True)
        b = lib.tensor(b_data, dtype=lib.float64, requires_grad=True)
        out = lib.remainder(a, b)
        ga, gb = lib.autograd.grad((out * out).sum(), (a, b))
        return out.tolist(), ga.tolist(), gb.tolist()

    _same(list(run(tensors)), list(run(torch)))


POINTS = [-30.0, -2.0, -0.0, 0.0, 0.5, 9.99, 10.0, 10.01, 25.0]


@pytest.mark.parametrize(("beta", "threshold"), [(1.0, 20.0), (2.0, 20.0), (0.5, 5.0), (3.0, 1.0)])
def test_softplus_with_parameters_as_pytorch(beta, threshold):
    # Points on both sides of beta * x = threshold, and on it.
    data = POINTS + [threshold / beta]
    assert_like_torch(
        lambda lib, x: lib.nn.functional.softplus(x, beta=beta, threshold=threshold) * 3, data
    )


@pytest.mark.parametrize("slope", [0.01, 0.2, 1.5, 0.0, -0.5])
def test_leaky_relu_with_a_slope_as_pytorch(slope):
    f = lambda lib, x: lib.nn.functional.leaky_relu(x * x - 1, slope)  # noqa: E731
    assert_like_torch(f, [-2.0, -1.0, 0.0, -0.0, 0.5, 1.0, 3.0])


@given(
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=4),
    st.lists(st.floats(0.0, 1.0), min_size=4, max_size=4),
)
def test_binary_cross_entropy_gradients_as_pytorch(xs, ys):
    # Both gradients, at any input in [0, 1]: PyTorch's epsilon keeps the input's
    # finite at 0 and 1, where a product of the clamped logs' rules gave nan.
    ys = ys[: len(xs)]

    def run(lib):
        x = lib.tensor(xs, dtype=lib.float64, requires_grad=True)
        y = lib.tensor(ys, dtype=lib.float64, requires_grad=True)
        loss = lib.nn.functional.binary_cross_entropy(x, y, reduction="sum")
        gx, gy = lib.autograd.grad(loss, (x, y))
        return loss.item(), gx.tolist(), gy.tolist()

    _same(list(run(tensors)), list(run(torch)))


@pytest.mark.parametrize("x", [0.0, 1.0, 0.5, 1e-300, 0.999])
@pytest.mark.parametrize("y", [0.0, 0.3, 1.0])
def test_binary_cross_entropy_at_the_ends_as_pytorch(x, y):
    def f(lib, t):
        return lib.nn.functional.binary_cross_entropy(t, lib.full_like(t, y), reduction="none")

    assert_like_torch(f, [x], second=False)


CLAMP_CASES = [
    (0.5, 0.0, 1.0),
    (0.0, 0.0, 1.0),  # on the lower bound: the input gets the gradient
    (1.0, 0.0, 1.0),
    (-2.0, 0.0, 1.0),
    (3.0, 0.0, 1.0),
    (1.0, 1.0, 1.0),
    (0.5, 2.0, 1.0),  # lo > hi: hi wins
    (1.5, 2.0, 1.0),
    (math.nan, 0.0, 1.0),
    (0.5, math.nan, 1.0),
    (0.5, 0.0, math.nan),
    (-0.0, 0.0, 1.0),
]


@pytest.mark.parametrize(("x", "lo", "hi"), CLAMP_CASES)
@pytest.mark.parametrize("bounds", ["numbers", "tensors", "min only", "max only"])
def test_clamp_gradients_at_ties_and_crossed_bounds_as_pytorch(x, lo, hi, bounds):
    def run(lib):
        t = lib.tensor([x], dtype=lib.float64, requires_grad=True)
        if bounds == "numbers":
            args, leaves = (lo, hi), [t]
        else:
            lt = lib.tensor([lo], dtype=lib.float64, requires_grad=True)
            ht = lib.tensor([hi], dtype=lib.float64, requires_grad=True)
            args = {"tensors": (lt, ht), "min only": (lt, None), "max only": (None, ht)}[bounds]
            leaves = [t] + [a for a in args if a is not None]
        out = lib.clamp(t, *args)
        grads = lib.autograd.grad(out.sum() * 3, leaves)
        return [out.tolist()] + [g.tolist() for g in grads]

    _same(run(tensors), run(torch))
