"""Differential tests: every op's value, first and second derivative against PyTorch."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd_scalar import OPS, Value, grad
from autograd_scalar.testing import DOMAINS, NOT_DIFFERENTIABLE, apply_op, finite_floats, is_close

torch = pytest.importorskip("torch")


class _HardsigmoidTwin(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return torch.nn.functional.hardsigmoid(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        # PyTorch's hardsigmoid_backward: g / 6 (in single precision) inside (-3, 3).
        return g * torch.where((a > -3) & (a < 3), 0.1666666716337204, 0.0)


class _Trigamma32Twin(torch.autograd.Function):
    # PyTorch's float32 trigamma (its kernel computes in float), with the derivative
    # the table gives that row: polygamma(2) in double.
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return torch.polygamma(1, a.float()).double()

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g * torch.polygamma(2, a)


class _Digamma32Twin(torch.autograd.Function):
    # digamma whose derivative is PyTorch's float32 trigamma (a float32 tensor's
    # digamma gradient).
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return torch.digamma(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return g * _Trigamma32Twin.apply(a)


TORCH_OPS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": lambda a, b: a**b,
    "neg": lambda a: -a,
    "copy": torch.clone,
    "pick": lambda a, b: torch.where(torch.tensor(True), a, b),
    "exp": torch.exp,
    "log": torch.log,
    "log1p": torch.log1p,
    "sqrt": torch.sqrt,
    "sin": torch.sin,
    "cos": torch.cos,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "softplus": torch.nn.functional.softplus,
    "relu": torch.relu,
    "abs": torch.abs,
    "maximum": torch.maximum,
    "minimum": torch.minimum,
    "sum": lambda *xs: torch.stack(xs).sum(),
    # x . y + c over the five inputs x1, x2, y1, y2, c: the products, then one sum
    "dot": lambda x1, x2, y1, y2, c: torch.stack([x1 * y1, x2 * y2, c]).sum(),
    "sign": torch.sign,
    "remainder": torch.remainder,
    "div_floor": lambda a, b: torch.div(a, b, rounding_mode="floor"),
    "div_trunc": lambda a, b: torch.div(a, b, rounding_mode="trunc"),
    "max": lambda *xs: torch.stack(xs).max(),
    "min": lambda *xs: torch.stack(xs).min(),
    "amax": lambda *xs: torch.stack(xs).amax(),
    "clamp": torch.clamp,
    "bce": torch.nn.functional.binary_cross_entropy,
    "bce_logits": torch.nn.functional.binary_cross_entropy_with_logits,
    "leaky_relu": torch.nn.functional.leaky_relu,
    "amin": lambda *xs: torch.stack(xs).amin(),
    # one window of a 1-D max pooling over the inputs:
    "max_pool": lambda *xs: torch.nn.functional.max_pool1d(
        torch.stack(xs).view(1, 1, -1), len(xs)
    ).squeeze(),
    # std and the 2-norm take sqrt's derivative as 0 where the result is 0 (the
    # inner where keeps sqrt's 1 / 0 out of the gradient):
    # the inf-norms' rows, on the absolute values the tensor layer gives them:
    "norm_max": lambda *xs: torch.linalg.vector_norm(torch.stack(xs), math.inf),
    "norm_min": lambda *xs: torch.linalg.vector_norm(torch.stack(xs), -math.inf),
    "sqrt_or_zero": lambda a: torch.where(a == 0, a * 0, torch.where(a == 0, 1.0, a).sqrt()),
    # ops_special.py
    "tan": torch.tan,
    "asin": torch.asin,
    "acos": torch.acos,
    "atan": torch.atan,
    "sinh": torch.sinh,
    "cosh": torch.cosh,
    "asinh": torch.asinh,
    "acosh": torch.acosh,
    "atanh": torch.atanh,
    "expm1": torch.expm1,
    "exp2": torch.exp2,
    "log2": torch.log2,
    "log10": torch.log10,
    "erf": torch.erf,
    "erfc": torch.erfc,
    "erfinv": torch.erfinv,
    "lgamma": torch.lgamma,
    "digamma": torch.digamma,
    "rsqrt": torch.rsqrt,
    "sinc": torch.sinc,
    "deg2rad": torch.deg2rad,
    "rad2deg": torch.rad2deg,
    "floor": torch.floor,
    "ceil": torch.ceil,
    "trunc": torch.trunc,
    "round": torch.round,
    "frac": torch.frac,
    "angle": torch.angle,
    "hypot": torch.hypot,
    "atan2": torch.atan2,
    "copysign": torch.copysign,
    "fmod": torch.fmod,
    "xlogy": torch.xlogy,
    # heaviside has no derivative in PyTorch: its value, through a path of derivative 0
    "heaviside": lambda x, v: torch.heaviside(x.detach(), v.detach()) + 0.0 * (x + v),
    "lerp": torch.lerp,
    "fmax": torch.fmax,
    "fmin": torch.fmin,
    "logaddexp": torch.logaddexp,
    "logaddexp2": torch.logaddexp2,
    "nextafter": torch.nextafter,
    "nextafter_f32": lambda a, b: torch.nextafter(a.float(), b.float()).double(),
    "logcumsumexp": lambda *xs: torch.logcumsumexp(torch.stack(xs), 0)[-1],
    "cumprod": lambda *xs: torch.cumprod(torch.stack(xs), 0)[-1],
    "ldexp": torch.ldexp,
    "ldexp_int": torch.ldexp,
    # the rows of ops_special_more.py
    "trigamma_f32": lambda a: _Trigamma32Twin.apply(a),
    "digamma_f32": lambda a: _Digamma32Twin.apply(a),
    "i0": torch.special.i0,
    "i0e": torch.special.i0e,
    "i1": torch.special.i1,
    "i1e": torch.special.i1e,
    "ndtr": torch.special.ndtr,
    "ndtri": torch.special.ndtri,
    "log_ndtr": torch.special.log_ndtr,
    "erfcx": torch.special.erfcx,
    "xlog1py": torch.special.xlog1py,
    "entr": torch.special.entr,
    "zeta": torch.special.zeta,
    "igamma": torch.igamma,
    "igammac": torch.igammac,
    "mantissa": lambda a: torch.frexp(a).mantissa,
    # the rows of ops_nn.py
    "normal_cdf": torch.special.ndtr,
    "gelu": torch.nn.functional.gelu,
    "gelu_tanh": lambda a: torch.nn.functional.gelu(a, approximate="tanh"),
    "silu": torch.nn.functional.silu,
    "mish": torch.nn.functional.mish,
    "log_sigmoid": torch.nn.functional.logsigmoid,
    # PyTorch implements no second derivative of hardsigmoid (its first is a constant):
    # the twin is hardsigmoid with that first derivative written as a product with a
    # constant, so its second derivative is 0.
    "hardsigmoid": lambda a: _HardsigmoidTwin.apply(a),
    "hardswish": torch.nn.functional.hardswish,
    "prelu": lambda a, w: torch.nn.functional.prelu(a.view(1), w.view(1)).view(()),
    "xlogx": lambda t: torch.xlogy(t, t),
    "diff_max": lambda x1, x2, y1, y2: _cdist_inf_twin(torch.stack([x1 - y1, x2 - y2])),
}


def _cdist_inf_twin(d):
    # torch.cdist(p=inf)'s first derivative (sign(d) to every difference as large as
    # the distance, ties in full) with a second derivative (0), which cdist lacks.
    m = d.abs().max()
    hit = d.abs() == m.detach()
    ties = (d.abs() * hit).sum()
    return (d * d.sign().detach() * hit).sum() - (ties - m).detach()


def test_every_op_has_a_torch_twin():
    assert set(TORCH_OPS) == set(OPS)


def _free(name, n):
    # The inputs both libraries differentiate (PyTorch has no derivative for some).
    return [i for i in range(n) if i not in NOT_DIFFERENTIABLE.get(name, ())]


def ours(name, xs):
    free = _free(name, len(xs))
    every = [Value(x, requires_grad=i in free) for i, x in enumerate(xs)]
    vs = [every[i] for i in free]
    out = apply_op(name, *every)
    firsts = grad(out, vs, create_graph=True, allow_unused=True)
    seconds = []
    for g in firsts:
        if isinstance(g, Value) and g.requires_grad:
            seconds.append(
                [0.0 if h is None else h for h in grad(g, vs, retain_graph=True, allow_unused=True)]
            )
        else:
            seconds.append([0.0] * len(vs))
    return out.data, [getattr(g, "data", g) or 0.0 for g in firsts], seconds


def theirs(name, xs):
    free = _free(name, len(xs))
    every = [
        torch.tensor(x, dtype=torch.float64, requires_grad=i in free) for i, x in enumerate(xs)
    ]
    ts = [every[i] for i in free]
    out = TORCH_OPS[name](*every)
    firsts = torch.autograd.grad(
        out, ts, create_graph=True, allow_unused=True, materialize_grads=True
    )
    seconds = []
    for g in firsts:
        if g.requires_grad:
            hs = torch.autograd.grad(
                g, ts, retain_graph=True, allow_unused=True, materialize_grads=True
            )
            seconds.append([h.item() for h in hs])
        else:
            seconds.append([0.0] * len(ts))
    return out.item(), [g.item() for g in firsts], seconds


# Gradients that are a difference of nearly equal numbers: bce_logits' is
# sigmoid(x) - y, and where sigmoid(x) is near y (x near 0, y near 0.5) the
# difference keeps only the last bits of sigmoid(x). The rule loses nothing
# there, it is PyTorch's formula; the two libraries' sigmoid may differ in the
# last place (at x = -4.0041562192677146e-11 the table's e / (1 + e) is the
# correctly rounded 0.4999999999899896, PyTorch's 1 / (1 + exp(-x)) is one unit
# in the last place below), and the subtraction makes that unit the whole
# difference: 5.6e-17 in a gradient of 1e-11. So the gradient is compared to a
# few units in the last place of the terms subtracted (at most 1.5 here).
GRADIENT_ATOL = {"bce_logits": 4 * 2.0**-53 * 1.5}

# The float32 rows replay PyTorch's single-precision kernel operation by
# operation, all but its sinf, which glibc rounds its own way: a unit or two in
# float32's last place apart (2**-23 relative) on some inputs. Their values and
# first derivatives are compared to two units.
F32_RTOL = {"trigamma_f32": 2.0**-22, "digamma_f32": 2.0**-22}


# Values are compared with the sign of zero. Gradients are not: a Value's grad
# starts at 0.0 (micrograd's convention, in the README's list of differences),
# so a gradient of -0.0 reads 0.0 here, and which zero gradients are negative
# depends on how each backward formula is written.
def assert_same(name, xs):
    v1, g1, h1 = ours(name, xs)
    v2, g2, h2 = theirs(name, xs)
    assert is_close(v1, v2, rtol=F32_RTOL.get(name, 1e-12), atol=1e-300), (name, xs, v1, v2)
    atol = GRADIENT_ATOL.get(name, 1e-300)
    rtol = F32_RTOL.get(name, 1e-10)
    for a, b in zip(g1, g2):
        assert is_close(a, b, rtol=rtol, atol=atol, zero_sign=False), (name, xs, g1, g2)
    for ra, rb in zip(h1, h2):
        for a, b in zip(ra, rb):
            assert is_close(a, b, rtol=1e-9, atol=1e-12, zero_sign=False), (name, xs, h1, h2)


def test_bce_logits_where_its_gradient_cancels():
    # The example hypothesis found: the gradients differ by one unit in the last
    # place of sigmoid(x), within GRADIENT_ATOL, and by no more.
    x, y = -4.0041562192677146e-11, 0.5
    (_, (ga, _), _), (_, (gb, _), _) = ours("bce_logits", [x, y]), theirs("bce_logits", [x, y])
    assert ga != gb and abs(ga - gb) <= 2.0**-54 < GRADIENT_ATOL["bce_logits"]
    assert_same("bce_logits", [x, y])


@pytest.mark.parametrize("name", sorted(OPS))
@given(data=st.data())
def test_value_first_and_second_derivative_match_torch(name, data):
    xs = data.draw(st.tuples(*DOMAINS[name]))
    assert_same(name, list(xs))


EDGES = [0.0, -0.0, 1.0, -1.0, 2.0, 0.5, 1e-300, 1e300, math.inf, -math.inf]


@pytest.mark.parametrize("name", sorted(n for n in OPS if len(DOMAINS[n]) == 1))
@pytest.mark.parametrize("x", EDGES + [math.nan, 25.0, -25.0])
def test_unary_ops_at_edges_match_torch(name, x):
    # Values and first derivatives (float64) agree even at kinks, poles and infinities.
    vs = Value(x)
    out = apply_op(name, vs)
    out.backward()
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    tout = TORCH_OPS[name](t)
    tout.backward()
    assert is_close(out.data, tout.item(), rtol=1e-12), (name, x, out.data, tout.item())
    assert is_close(vs.grad, t.grad.item(), rtol=1e-12, zero_sign=False), (
        name,
        x,
        vs.grad,
        t.grad.item(),
    )


@pytest.mark.parametrize(
    "name",
    "add sub mul div pow maximum minimum remainder div_floor div_trunc".split(),
)
@pytest.mark.parametrize("a", EDGES)
@pytest.mark.parametrize("b", [0.0, -0.0, 1.0, -1.0, 2.0, 0.5, 3.0, -3.0, math.inf])
def test_binary_ops_at_edges_match_torch(name, a, b):
    va, vb = Value(a), Value(b)
    out = apply_op(name, va, vb)
    out.backward()
    ta = torch.tensor(a, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    tout = TORCH_OPS[name](ta, tb)
    tout.backward()
    assert is_close(out.data, tout.item(), rtol=1e-12), (name, a, b, out.data, tout.item())
    assert is_close(va.grad, ta.grad.item(), rtol=1e-12, zero_sign=False), (
        name,
        a,
        b,
        va.grad,
        ta.grad.item(),
    )
    assert is_close(vb.grad, tb.grad.item(), rtol=1e-12, zero_sign=False), (
        name,
        a,
        b,
        vb.grad,
        tb.grad.item(),
    )


@pytest.mark.parametrize("name", ["max", "min", "amax", "amin", "max_pool"])
@pytest.mark.parametrize(
    "xs",
    [
        [1.0, 1.0, 0.0],
        [2.0, 2.0, 2.0],
        [0.0, -0.0, 5.0, -5.0],
        [3.0, math.nan, 1.0, math.nan],
        [math.inf, math.inf, -math.inf, -math.inf],
        [4.0],
    ],
)
def test_n_ary_extremes_share_ties_as_torch(name, xs):
    assert_same(name, xs)


@given(st.lists(finite_floats(-1e6, 1e6), min_size=1, max_size=20))
def test_n_ary_sum_matches_torch(xs):
    s = Value.sum(xs)
    t = torch.tensor(xs, dtype=torch.float64).sum().item()
    assert is_close(s.data, t, rtol=1e-12, atol=1e-6)


@pytest.mark.parametrize("p", [0.5, 1.5, 3.0, 4.0])
@given(
    xs=st.lists(
        st.sampled_from([0.0, -0.0, 1.0, -2.0, 0.5, math.inf, -math.inf, math.nan])
        | st.integers(-24, 24).map(lambda k: k / 8),
        min_size=1,
        max_size=4,
    )
)
def test_vector_norm_row_matches_torch_at_edges(p, xs):
    # The row of the p-norm: value and gradient, zeros, infinities and nan included.
    from autograd_scalar.ops import vector_norm_op

    vs = [Value(x) for x in xs]
    out = apply_op_row(vector_norm_op(p), vs)
    out.backward()
    t = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
    tout = torch.linalg.vector_norm(t, p)
    tout.backward()
    assert is_close(out.data, tout.item(), rtol=1e-12), (xs, out.data, tout.item())
    for v, g in zip(vs, t.grad.tolist()):
        assert is_close(v.grad, g, rtol=1e-10, atol=1e-300, zero_sign=False), (
            xs,
            [v.grad for v in vs],
            t.grad,
        )


def apply_op_row(op, vs):
    from autograd_scalar import apply

    return apply(op, *vs)
