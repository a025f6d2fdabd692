"""Every op of the table: analytic gradients against central differences."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd_scalar import OPS, Value, apply, grad, gradcheck
from autograd_scalar.testing import (
    DOMAINS,
    NOT_DIFFERENTIABLE,
    apply_op,
    expressions,
    is_close,
    op_inputs,
)


def test_every_op_has_a_domain():
    assert set(DOMAINS) == set(OPS)


# One hypothesis run per op checks its three properties on each drawn input: the
# draws cost more than the checks, and a run per property drew three times as many.
@pytest.mark.parametrize("name", sorted(OPS))
@given(data=st.data())
def test_op_rule_matches_differences_of_its_forward(name, data):
    xs = data.draw(op_inputs(name))
    gradient_matches_central_difference(name, xs)
    rule_on_values_equals_rule_on_floats(name, xs)
    second_derivative_matches_difference_of_first(name, xs)


def gradient_matches_central_difference(name, xs):
    fixed = NOT_DIFFERENTIABLE.get(name, ())
    if not fixed:
        assert gradcheck(lambda *vs: apply_op(name, *vs), xs), "first derivative"
        return
    # Inputs PyTorch has no derivative for are held as constants.
    free = [i for i in range(len(xs)) if i not in fixed]

    def fn(*vs):
        args = [Value(x, requires_grad=False) for x in xs]
        for i, v in zip(free, vs):
            args[i] = v
        return apply_op(name, *args)

    assert gradcheck(fn, [xs[i] for i in free]), "first derivative"


def rule_on_values_equals_rule_on_floats(name, xs):
    # The same rule, run on Values (as create_graph does), gives the same numbers.
    op = OPS[name]
    out = op.forward(*xs)
    floats = op.backward(out, *xs)
    values = op.backward(Value(out), *[Value(x) for x in xs])
    for f, v in zip(floats, values):
        assert is_close(f, getattr(v, "data", v), rtol=1e-12), ("rule on Values", f, v)


def second_derivative_matches_difference_of_first(name, xs):
    # create_graph=True: the first derivative is a Value whose own gradient is
    # the second derivative; compare it with a central difference of the first.
    eps = 1e-5
    k = min(set(range(len(xs))) - set(NOT_DIFFERENTIABLE.get(name, ())))  # the input varied

    def first(xk, create_graph=False):
        vs = [Value(x, requires_grad=False) for x in xs]
        vs[k] = Value(xk)
        (g,) = grad(apply_op(name, *vs), vs[k], create_graph=create_graph, allow_unused=True)
        return vs[k], g

    xk, g = first(xs[k], create_graph=True)
    analytic = 0.0
    if isinstance(g, Value) and g.requires_grad:
        (h,) = grad(g, xk, allow_unused=True)
        analytic = 0.0 if h is None else h
    numeric = (first(xs[k] + eps)[1] - first(xs[k] - eps)[1]) / (2 * eps)
    assert math.isclose(analytic, numeric, rel_tol=1e-3, abs_tol=1e-4), (
        "second derivative", analytic, numeric,
    )


@pytest.mark.parametrize("name", sorted(NOT_DIFFERENTIABLE))
def test_a_derivative_pytorch_lacks_is_refused_with_its_error(name):
    xs = [Value(x) for x in [2.0] * len(DOMAINS[name])]
    out = apply_op(name, *xs)  # the forward pass is fine
    with pytest.raises(NotImplementedError, match="is not implemented"):
        out.backward()
    assert all(x.grad == 0.0 for x in xs)  # a refused pass changes nothing


@given(expressions(n_inputs=3, max_depth=4))
def test_random_expression_trees_pass_gradcheck(case):
    fn, xs = case
    assert gradcheck(fn, xs, atol=1e-4, rtol=1e-3)


@given(expressions(n_inputs=2, max_depth=3))
def test_forward_values_do_not_depend_on_recording(case):
    from autograd_scalar import no_grad

    fn, xs = case
    with_graph = fn(*[Value(x) for x in xs]).data
    with no_grad():
        without = fn(*[Value(x) for x in xs]).data
    assert is_close(with_graph, without, rtol=0, atol=0)


# The n-ary dot row (x . y + c), used by the tensor layer's matrix products.

_DOT = OPS["dot"]
_floats = st.floats(allow_nan=True, allow_infinity=True, width=64)


@given(
    st.integers(0, 6).flatmap(
        lambda k: st.tuples(
            st.lists(_floats, min_size=k, max_size=k),
            st.lists(_floats, min_size=k, max_size=k),
            st.one_of(st.none(), _floats),
        )
    )
)
def test_dot_forward_is_bit_identical_to_a_sum_of_products(case):
    # The same floats as the graph it replaces: k mul nodes and one sum node
    # (inf, nan and overflow included).
    xs, ys, c = case
    extra = [] if c is None else [c]
    dot = apply(_DOT, *[Value(x) for x in xs], *[Value(y) for y in ys], *map(Value, extra))
    ref = Value.sum([Value(x) * Value(y) for x, y in zip(xs, ys)] + [Value(e) for e in extra])
    assert dot.data == ref.data or (dot.data != dot.data and ref.data != ref.data)


_finite = st.floats(-3.0, 3.0)


@given(st.lists(_finite, min_size=1, max_size=5), st.data())
def test_dot_gradient_is_the_other_factor(xs, data):
    ys = data.draw(st.lists(_finite, min_size=len(xs), max_size=len(xs)))
    c = data.draw(_finite)
    assert gradcheck(lambda *vs: apply(_DOT, *vs), xs + ys + [c])
    vx, vy, vc = [Value(x) for x in xs], [Value(y) for y in ys], Value(c)
    apply(_DOT, *vx, *vy, vc).backward()
    assert [v.grad for v in vx] == ys and [v.grad for v in vy] == xs and vc.grad == 1.0


@given(st.lists(st.floats(-3.0, 3.0), min_size=1, max_size=4), st.data())
def test_dot_second_derivatives_under_create_graph(xs, data):
    # f(x) = x . x + x . w: df/dx_i = 2 x_i + w_i, d2f/dx_i dx_j = 2 [i == j],
    # d2f/dx_i dw_j = [i == j]. Checked against central differences of the first.
    ws = data.draw(st.lists(st.floats(-3.0, 3.0), min_size=len(xs), max_size=len(xs)))
    eps = 1e-5

    def first(xv, wv, create_graph=False):
        vx, vw = [Value(x) for x in xv], [Value(w) for w in wv]
        f = apply(_DOT, *vx, *vx, *vx, *vw)  # 2k inputs: (x, x) . (x, w)
        return vx, vw, grad(f, vx, create_graph=create_graph)

    vx, vw, g = first(xs, ws, create_graph=True)
    for i, gi in enumerate(g):
        hx = grad(gi, vx + vw, allow_unused=True, retain_graph=True)
        for j, h in enumerate(hx):
            up = list(xs) if j < len(xs) else list(ws)
            dn = list(up)
            up[j % len(xs)] += eps
            dn[j % len(xs)] -= eps
            args_up = (up, ws) if j < len(xs) else (xs, up)
            args_dn = (dn, ws) if j < len(xs) else (xs, dn)
            numeric = (first(*args_up)[2][i] - first(*args_dn)[2][i]) / (2 * eps)
            analytic = 0.0 if h is None else getattr(h, "data", h)
            assert math.isclose(analytic, numeric, rel_tol=1e-6, abs_tol=1e-6), (i, j)
            assert analytic == (2.0 if (j == i) else 1.0 if j == i + len(xs) else 0.0)
