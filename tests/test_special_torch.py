"""``tensors.special`` against ``torch.special`` (skipped without torch): every name
the module exports is PyTorch's; values on ordinary and edge inputs (inf, nan,
±0, the tails), dtypes, grad_fn names and gradients, float64 and float32; the
derivatives PyTorch refuses refused alike; then central differences on random
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
X = [-40.0, -9.0, -3.5, -1.0, -0.5, -0.0, 0.0, 1e-300, 0.25, 1.0, 2.5, 7.0, 29.5, 35.0]
EDGES = [INF, -INF, NAN, 750.0, -750.0]
PROB = [0.0, 1e-300, 1e-20, 0.025, 0.3, 0.5, 0.7, 0.975, 1.0 - 1e-12, 1.0, -0.1, 1.1, NAN]

UNARY = {
    # name: (inputs, ulps allowed where the two libraries' algorithms differ)
    "i0": (X + EDGES, 16),
    "i0e": (X + EDGES, 16),
    "i1": (X + EDGES, 16),
    "i1e": (X + EDGES, 16),
    "ndtr": (X + EDGES, 64),  # (1 + erf(x)) / 2: a unit of erf is many of the tail's
    "ndtri": (PROB, 1024),
    "log_ndtr": (X + EDGES, 64),
    "erfcx": (X + EDGES + [-26.0, -27.0, 9.9, 10.1, 1e10], 64),
    "entr": (X + EDGES, 1),
    "expit": (X + EDGES, 1),
    "gammaln": (X[6:] + [INF, NAN], 8),
    "psi": ([0.25, 1.0, 2.5, 7.0, -2.5, NAN], 2),
    "log1p": (X + EDGES, 1),
    "sinc": (X[:-2] + EDGES, 1),
    "exp2": (X + EDGES, 1),
    "expm1": (X + EDGES, 1),
    "erf": (X + EDGES, 1),
    "erfc": (X + EDGES, 1),
    "erfinv": ([-0.999, -0.5, 0.0, 0.3, 1.0, 1.5], 2),
    # no derivative in PyTorch: results that do not require grad
    "modified_bessel_i0": (X + EDGES, 16),
    "modified_bessel_i1": (X + EDGES, 16),
    "spherical_bessel_j0": (X + EDGES + [0.49, 0.51, -1e-8], 4),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_functions(name: str) -> None:
    pytest.importorskip("torch")
    xs, ulps = UNARY[name]
    # erfcx's derivative 2x erfcx(x) - 2/sqrt(pi) cancels for large x: the last
    # digits the two libraries' erfcx differ in become its leading ones (1e-10 at x = 35)
    # (and i0e's i1e(x) - sgn(x) i0e(x), i1e's alike, a little)
    grad_ulps = {"erfcx": 2**24, "i0e": 2**13, "i1e": 2**13}.get(name, max(ulps, 4))
    check(lambda m, x: getattr(m.special, name)(x), xs, ulps=ulps, grad_ulps=grad_ulps)


def test_every_name_is_torch_specials():
    torch = pytest.importorskip("torch")
    for name in tensors.special.__all__:
        assert callable(getattr(torch.special, name)), name


PAIR = [-2.0, -0.5, -0.0, 0.0, 0.5, 1.0, 3.0, 30.0, INF, NAN]


@pytest.mark.parametrize("name", ["xlog1py", "xlogy", "zeta"])
def test_binary_functions_on_every_pair(name: str) -> None:
    pytest.importorskip("torch")
    a = [x for x in PAIR for _ in PAIR]
    b = [y for _ in PAIR for y in PAIR]
    if name == "zeta":  # no derivative in its first argument, in PyTorch either
        check(lambda m, x, y: m.special.zeta(x.detach(), y), a, b, ulps=16, grad_ulps=16)
        return
    check(lambda m, x, y: getattr(m.special, name)(x, y), a, b, ulps=1, grad_ulps=2)


@pytest.mark.parametrize("name", ["gammainc", "gammaincc"])
def test_incomplete_gamma_on_every_pair(name: str) -> None:
    pytest.importorskip("torch")
    grid = [0.0, 0.25, 1.0, 2.5, 10.0, 30.0, INF, NAN, -1.0]
    a = [x for x in grid for _ in grid]
    x = [y for _ in grid for y in grid]
    # PyTorch's Temme expansion (a near x, both large) is good to about 1e-9 there:
    # P(30, 30) is 0.52428301389368007 (mpmath), 0.5242830138936837 here, PyTorch's
    # 0.5242830135558119; elsewhere the two agree to about 1e-13
    check(
        lambda m, s, t: getattr(m.special, name)(s.detach(), t), a, x, ulps=2**23, grad_ulps=2**23
    )


@pytest.mark.parametrize(
    "program",
    [
        lambda m, x, y: m.special.gammainc(x.detach().abs() + 0.5, y.abs()),
        lambda m, x, y: m.igamma(x.abs().detach() + 0.5, y.abs()),
        lambda m, x, y: m.igammac(x.abs().detach() + 0.5, y.abs()),
        lambda m, x, y: x.abs().detach().igamma(y.abs()),
        lambda m, x, y: x.detach().i0(),
        lambda m, x, y: m.i0(y),
        lambda m, x, y: m.special.xlog1py(2.0, y),
        lambda m, x, y: m.special.xlog1py(x, 3.0),
        lambda m, x, y: m.special.zeta(2.0, y.abs() + 1),
        lambda m, x, y: m.special.zeta(x.detach().abs() + 1, 3.0),
        lambda m, x, y: m.special.multigammaln(x.abs() + 2, 3),
        lambda m, x, y: m.special.round(x, decimals=1),
        lambda m, x, y: m.special.softmax(x, 0),
        lambda m, x, y: m.special.logsumexp(x, (0, 1), keepdim=True),
        lambda m, x, y: m.special.logit(x.sigmoid(), eps=0.3),
        lambda m, x, y: m.special.gammainc(x.detach(), 2.0),
        lambda m, x, y: m.igamma(2.0, x),
        lambda m, x, y: m.special.log_softmax(x, 1, dtype=m.float64),
        lambda m, x, y: m.frexp(x * 1e-310),
        lambda m, x, y: (y / 0).frexp(),
    ],
)
def test_forms(program) -> None:
    # (softmax's gradient is a difference of products: some units of its last place)
    pytest.importorskip("torch")
    check(program, [[1.5, -0.5], [0.0, 2.0]], [[0.5, -3.0], [0.25, 1.5]], ulps=4, grad_ulps=64)


FLOAT32 = [
    lambda m, x: m.special.i0(x.long()),
    lambda m, x: m.special.entr(x.long()),
    lambda m, x: m.special.ndtri(x.float() / 8 + 0.5),
    lambda m, x: m.special.i0e(x.float()),
    lambda m, x: m.special.i1e(x.float()),
    lambda m, x: m.special.erfcx(x.float()),
    lambda m, x: m.special.polygamma(1, x.float()),
    lambda m, x: m.special.log_softmax(x, 0, dtype=m.float32),
    lambda m, x: m.special.xlog1py(x.float(), x.long()),
    lambda m, x: m.igamma(x.float().abs(), x.abs()),
    lambda m, x: m.frexp(x.float()).mantissa,
    lambda m, x: m.frexp(x.float()).exponent,
]


@pytest.mark.parametrize("program", FLOAT32)
def test_float32_forms(program) -> None:
    # float32 results are computed in double here and in float by PyTorch's kernels:
    # the same to float32's tolerance (and the same dtype).
    torch = pytest.importorskip("torch")
    xs = [1.5, -0.5, 0.0, 2.0, -3.25, 7.0]
    ours = program(tensors, tensors.tensor(xs, dtype=tensors.float64))
    theirs = program(torch, torch.tensor(xs, dtype=torch.float64))
    assert ours.dtype.name == str(theirs.dtype).replace("torch.", "")
    assert ours.tolist() == pytest.approx(theirs.tolist(), rel=1.3e-6, abs=1e-5, nan_ok=True)


@pytest.mark.parametrize(
    "call",
    [
        lambda m, a, x: m.igamma(a, x),
        lambda m, a, x: m.igammac(a, x),
        lambda m, a, x: m.special.gammaincc(a, x),
        lambda m, a, x: m.special.zeta(a + 1, x),
    ],
)
def test_a_derivative_pytorch_lacks_is_refused_alike(call) -> None:
    torch = pytest.importorskip("torch")
    for m in (torch, tensors):
        a = m.tensor([2.0, 3.0], dtype=m.float64, requires_grad=True)
        x = m.tensor([1.0, 2.0], dtype=m.float64, requires_grad=True)
        out = call(m, a, x)  # the forward pass runs
        with pytest.raises(NotImplementedError, match="the derivative for '.*' is not implemented"):
            out.sum().backward()
        assert a.grad is None and x.grad is None
    # only x requiring grad: its gradient, PyTorch's
    got = []
    for m in (torch, tensors):
        a = m.tensor([2.0, 3.0], dtype=m.float64)
        x = m.tensor([1.0, 2.0], dtype=m.float64, requires_grad=True)
        call(m, a, x).sum().backward()
        got.append(x.grad.tolist())
    assert got[0] == pytest.approx(got[1], rel=1e-12)


DIFFERENTIABLE = {
    # name: elements inside the domain, away from kinks
    "i0": (-3.0, 3.0),
    "i0e": (0.1, 3.0),
    "i1": (0.1, 3.0),
    "i1e": (-3.0, -0.1),
    "ndtr": (-3.0, 3.0),
    "ndtri": (0.05, 0.95),
    "log_ndtr": (-5.0, 3.0),
    "erfcx": (-3.0, 3.0),
    "entr": (0.1, 4.0),
}


@pytest.mark.parametrize("name", sorted(DIFFERENTIABLE))
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_gradients_match_central_differences(name: str, data) -> None:
    lo, hi = DIFFERENTIABLE[name]
    xs = data.draw(st.lists(st.floats(lo, hi), min_size=1, max_size=4))
    x = tensors.tensor(xs, dtype=tensors.float64, requires_grad=True)
    fn = getattr(tensors.special, name)
    assert tensor_gradcheck(fn, (x,))
    assert tensor_gradcheck(lambda t: first_derivative(fn, t), (x,))


def _const(m, *xs):
    return m.tensor(list(xs), dtype=m.float64)


# zeta and the incomplete gamma functions: no derivative in the first argument, so
# it is a constant and the second varies
PAIRS = {
    "xlog1py": lambda m, a, b: m.special.xlog1py(a, b.abs()),
    "zeta": lambda m, a, b: m.special.zeta(_const(m, 2.5, 4.0), b.abs() + 0.5) * a,
    "gammainc": lambda m, a, b: m.special.gammainc(_const(m, 0.5, 3.0), b.abs()) * a,
    "gammaincc": lambda m, a, b: m.special.gammaincc(_const(m, 0.5, 3.0), b.abs()) * a,
}


@pytest.mark.parametrize("name", sorted(PAIRS))
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_binary_gradients_match_central_differences(name: str, data) -> None:
    xs = data.draw(
        st.lists(st.floats(-2.0, 2.0).filter(lambda v: abs(v) > 0.05), min_size=4, max_size=4)
    )
    a = tensors.tensor(xs[:2], dtype=tensors.float64, requires_grad=True)
    b = tensors.tensor(xs[2:], dtype=tensors.float64, requires_grad=True)
    assert tensor_gradcheck(lambda p, q: PAIRS[name](tensors, p, q), (a, b))


def test_float32_digamma_gradient_is_pytorchs_single_precision_trigamma():
    # Near a pole PyTorch's float32 trigamma is off in its fifth digit; the gradient
    # replays its arithmetic.
    torch = pytest.importorskip("torch")
    x = -7.950586795806885
    t = torch.tensor([x], requires_grad=True)
    torch.digamma(t).sum().backward()
    ours = tensors.tensor([x], requires_grad=True)
    tensors.digamma(ours).sum().backward()
    assert ours.grad.tolist()[0] == pytest.approx(t.grad.item(), rel=2e-7)
    assert (
        abs(ours.grad.tolist()[0] - torch.polygamma(1, torch.tensor(x, dtype=torch.float64)).item())
        > 1e-3
    )


POLYNOMIALS = [
    "chebyshev_polynomial_t",
    "chebyshev_polynomial_u",
    "chebyshev_polynomial_v",
    "chebyshev_polynomial_w",
    "hermite_polynomial_h",
    "hermite_polynomial_he",
    "laguerre_polynomial_l",
    "legendre_polynomial_p",
    "shifted_chebyshev_polynomial_t",
    "shifted_chebyshev_polynomial_u",
    "shifted_chebyshev_polynomial_v",
    "shifted_chebyshev_polynomial_w",
]


@pytest.mark.parametrize("name", POLYNOMIALS)
def test_polynomials_on_every_pair(name: str) -> None:
    # PyTorch's recurrences and their special cases (|x| = 1, x = 0, a degree above
    # 6 or 8 inside (-1, 1) by trigonometry, a negative or fractional degree, nan)
    pytest.importorskip("torch")
    xs = [-2.5, -1.0, -0.3, -0.0, 0.0, 0.25, 0.5, 0.7, 1.0, 3.0, NAN, INF]
    ns = [-1.0, 0.0, 1.0, 2.0, 3.7, 7.0, 9.0, 12.0, NAN]
    a = [x for x in xs for _ in ns]
    b = [n for _ in xs for n in ns]
    check(lambda m, x, n: getattr(m.special, name)(x.detach(), n.detach()), a, b, ulps=4)
    check(lambda m, x, n: getattr(m.special, name)(x.detach(), 5), a[:10], b[:10], ulps=4)
    check(lambda m, x, n: getattr(m.special, name)(0.25, n.detach()), a[:10], b[:10], ulps=4)
