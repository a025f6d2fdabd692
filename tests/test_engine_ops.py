"""Every op of the table: analytic gradients against central differences."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd_scalar import OPS, Value, grad, gradcheck
from autograd_scalar.testing import DOMAINS, apply_op, expressions, is_close, op_inputs


def test_every_op_has_a_domain():
    assert set(DOMAINS) == set(OPS)


@pytest.mark.parametrize("name", sorted(OPS))
@given(data=st.data())
def test_gradient_matches_central_difference(name, data):
    xs = data.draw(op_inputs(name))
    assert gradcheck(lambda *vs: apply_op(name, *vs), xs)


@pytest.mark.parametrize("name", sorted(OPS))
@given(data=st.data())
def test_rule_on_values_equals_rule_on_floats(name, data):
    # The same rule, run on Values (as create_graph does), gives the same numbers.
    xs = data.draw(op_inputs(name))
    op = OPS[name]
    out = op.forward(*xs)
    floats = op.backward(out, *xs)
    values = op.backward(Value(out), *[Value(x) for x in xs])
    for f, v in zip(floats, values):
        assert is_close(f, getattr(v, "data", v), rtol=1e-12)


@pytest.mark.parametrize("name", sorted(OPS))
@given(data=st.data())
def test_second_derivative_matches_difference_of_first(name, data):
    # create_graph=True: the first derivative is a Value whose own gradient is
    # the second derivative; compare it with a central difference of the first.
    xs = data.draw(op_inputs(name))
    eps = 1e-5

    def first(x0, create_graph=False):
        vs = [Value(x0)] + [Value(x, requires_grad=False) for x in xs[1:]]
        (g,) = grad(apply_op(name, *vs), vs[0], create_graph=create_graph, allow_unused=True)
        return vs[0], g

    x0, g = first(xs[0], create_graph=True)
    analytic = 0.0
    if isinstance(g, Value) and g.requires_grad:
        (h,) = grad(g, x0, allow_unused=True)
        analytic = 0.0 if h is None else h
    numeric = (first(xs[0] + eps)[1] - first(xs[0] - eps)[1]) / (2 * eps)
    assert math.isclose(analytic, numeric, rel_tol=1e-3, abs_tol=1e-4), (analytic, numeric)


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
