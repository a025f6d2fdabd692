"""Value semantics: accumulation, retain_graph, create_graph, grad mode, IEEE, errors."""

import math
import threading

import pytest

import autograd_scalar as ag
from autograd_scalar import (
    GradcheckError,
    Value,
    enable_grad,
    grad,
    gradcheck,
    is_grad_enabled,
    no_grad,
    set_grad_enabled,
)
from autograd_scalar.engine import _FREED


def micrograd_example():
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    return a, b, g


def test_micrograd_readme_numbers():
    a, b, g = micrograd_example()
    g.backward()
    assert f"{g.data:.4f}" == "24.7041"
    assert f"{a.grad:.4f}" == "138.8338"
    assert f"{b.grad:.4f}" == "645.5773"


# -- accumulation and retain_graph ---------------------------------------------


def test_leaves_accumulate_across_backward_calls():
    a = Value(3.0)
    (a + 1).backward()
    (a + 1).backward()
    assert a.grad == 2.0


def test_second_backward_through_saved_values_raises():
    a = Value(3.0)
    b = a * a
    b.backward()
    with pytest.raises(RuntimeError) as info:
        b.backward()
    assert str(info.value) == _FREED
    assert a.grad == 6.0  # the refused pass changed nothing


def test_graph_of_adds_saves_nothing_and_can_be_backed_twice():
    a = Value(1.0)
    b = Value.sum([a, a, 2.0]) - a + a
    b.backward()
    b.backward()
    assert a.grad == 4.0


def test_retain_graph_allows_a_second_pass_and_accumulates():
    a = Value(3.0)
    b = a * a
    b.backward(retain_graph=True)
    b.backward()
    assert a.grad == 12.0


def test_repeated_backward_never_reads_a_stale_intermediate_gradient():
    # micrograd accumulates into intermediates too, so its second pass doubles
    # the intermediate gradient and then quadruples the leaf's.
    a = Value(2.0)
    b = a * 3
    c = b * b
    c.backward(retain_graph=True)
    assert (a.grad, b.grad) == (36.0, 12.0)
    c.backward()
    assert b.grad == 12.0  # this pass's, not 24
    assert a.grad == 72.0  # the leaf accumulates: 36 + 36


def test_gradient_argument_scales_the_pass():
    a = Value(2.0)
    (a * 5).backward(gradient=0.5)
    assert a.grad == 2.5


def test_backward_from_a_value_without_grad_raises_pytorch_message():
    with pytest.raises(
        RuntimeError, match="element 0 of tensors does not require grad and does not have a grad_fn"
    ):
        Value(1.0, requires_grad=False).backward()
    with no_grad():
        b = Value(1.0) * 2
    with pytest.raises(RuntimeError, match="does not require grad"):
        b.backward()


def test_zero_grad_and_intermediate_grads_after_backward():
    x = Value(0.5)
    y = x.tanh()
    z = y * 2
    z.backward()
    assert z.grad == 1.0 and y.grad == 2.0
    assert math.isclose(x.grad, 2 * (1 - math.tanh(0.5) ** 2))
    assert x.zero_grad().grad == 0.0


# -- create_graph ---------------------------------------------------------------


def test_third_derivative_of_cube():
    x = Value(2.0)
    (d1,) = grad(x**3, x, create_graph=True)
    (d2,) = grad(d1, x, create_graph=True)
    (d3,) = grad(d2, x)
    assert (d1.data, d2.data, d3) == (12.0, 12.0, 6.0)


def test_backward_with_create_graph_makes_grad_a_value():
    x = Value(3.0)
    (x**3).backward(create_graph=True)
    assert isinstance(x.grad, Value) and x.grad.data == 27.0
    g = x.grad
    x.grad = 0.0
    g.backward()
    assert x.grad == 18.0  # 6x


def test_hessian_vector_product_of_two_variables():
    x, y = Value(1.0), Value(2.0)
    f = x * x * y + y.sin()
    gx, gy = grad(f, [x, y], create_graph=True)
    hx, hy = grad(gx * 1.0 + gy * 0.0, [x, y])  # first row of the Hessian
    assert (hx, hy) == (2 * 2.0, 2 * 1.0)


# -- grad() ---------------------------------------------------------------------


def test_grad_does_not_touch_dot_grad():
    x = Value(2.0)
    assert grad(x * x, x) == (4.0,)
    assert x.grad == 0.0


def test_grad_unused_input_raises_unless_allowed():
    x, y = Value(1.0), Value(2.0)
    with pytest.raises(RuntimeError, match="index 1 appears to not have been used in the graph"):
        grad(x * 2, [x, y])
    assert grad(x * 2, [x, y], allow_unused=True) == (2.0, None)


def test_grad_of_input_not_requiring_grad_raises():
    with pytest.raises(
        RuntimeError, match="One of the differentiated Tensors does not require grad"
    ):
        grad(Value(1.0) * 2, [Value(1.0, requires_grad=False)])


def test_grad_with_several_outputs_and_grad_outputs():
    x = Value(2.0)
    assert grad([x * 3, x * x], x, grad_outputs=[1.0, 0.5]) == (3.0 + 0.5 * 4.0,)


def test_grad_of_intermediate():
    x = Value(2.0)
    y = x * 3
    z = y * y
    assert grad(z, y) == (12.0,)


# -- hooks ----------------------------------------------------------------------


def test_hook_sees_gradient_and_may_replace_it():
    x = Value(1.0)
    y = x * 2
    seen = []
    y.register_hook(lambda g: seen.append(g))
    handle = x.register_hook(lambda g: g * 10)
    (y * 3).backward()
    assert seen == [3.0]
    assert x.grad == 60.0
    handle.remove()
    (x * 1).backward()
    assert x.grad == 61.0


def test_hook_on_intermediate_changes_what_flows_on():
    x = Value(1.0)
    y = x * 2
    y.register_hook(lambda g: 0.0)
    (y * 3).backward()
    assert x.grad == 0.0


# -- grad mode --------------------------------------------------------------------


def test_no_grad_context_and_decorator():
    x = Value(1.0)
    with no_grad():
        assert not (x * 2).requires_grad
        with enable_grad():
            assert (x * 2).requires_grad

    @no_grad()
    def f():
        return x * 2

    assert not f().requires_grad
    assert (x * 2).requires_grad


def test_set_grad_enabled_as_function_context_and_decorator():
    x = Value(1.0)
    set_grad_enabled(False)
    try:
        assert not is_grad_enabled()
    finally:
        set_grad_enabled(True)
    with set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert is_grad_enabled()

    @set_grad_enabled(False)
    def f():
        return is_grad_enabled()

    assert is_grad_enabled()  # decorating does not switch
    assert f() is False
    assert is_grad_enabled()


def test_grad_mode_is_per_thread():
    inside, outside = [], []
    entered, release = threading.Event(), threading.Event()

    def worker():
        with no_grad():
            entered.set()
            release.wait(5)
            inside.append(is_grad_enabled())

    t = threading.Thread(target=worker)
    t.start()
    entered.wait(5)
    outside.append(is_grad_enabled())
    outside.append((Value(1.0) * 2).requires_grad)
    release.set()
    t.join()
    assert inside == [False] and outside == [True, True]


def test_exception_inside_no_grad_restores_mode():
    with pytest.raises(ZeroDivisionError):
        with no_grad():
            raise ZeroDivisionError
    assert is_grad_enabled()


# -- IEEE semantics ----------------------------------------------------------------


@pytest.mark.parametrize(
    "expr, expected",
    [
        (lambda: Value(1000.0).exp(), math.inf),
        (lambda: Value(0.0).log(), -math.inf),
        (lambda: Value(-1.0).log(), math.nan),
        (lambda: Value(0.0) / 0.0, math.nan),
        (lambda: Value(1.0) / 0, math.inf),
        (lambda: Value(-1.0) / 0, -math.inf),
        (lambda: 1.0 / Value(-0.0), -math.inf),
        (lambda: Value(0.0) ** -1, math.inf),
        (lambda: Value(-8.0) ** (1 / 3), math.nan),
        (lambda: Value(10.0) ** 400, math.inf),
        (lambda: Value(-10.0) ** 401, -math.inf),
        (lambda: Value(-1.0).sqrt(), math.nan),
        (lambda: Value(-1.0).log1p(), -math.inf),
        (lambda: Value(math.inf).sin(), math.nan),
        (lambda: Value(-1000.0).sigmoid(), 0.0),
        (lambda: Value(1000.0).softplus(), 1000.0),
        (lambda: Value(math.nan).relu(), math.nan),
        (lambda: Value(math.nan).maximum(1.0), math.nan),
        (lambda: Value(1.0).maximum(math.nan), math.nan),
        (lambda: Value.sum([math.inf, -math.inf]), math.nan),
        (lambda: Value.sum([1e308, 1e308]), math.inf),
    ],
)
def test_ieee_results_never_raise(expr, expected):
    out = expr().data
    assert (math.isnan(out) and math.isnan(expected)) or out == expected


def test_gradients_at_kinks_follow_pytorch():
    for fn, expected in [
        (lambda v: v.relu(), 0.0),
        (lambda v: v.abs(), 0.0),
        (lambda v: v.maximum(0.0), 0.5),
        (lambda v: v.minimum(0.0), 0.5),
        (lambda v: v**0, 0.0),
    ]:
        x = Value(0.0)
        fn(x).backward()
        assert x.grad == expected


def test_gradient_of_log_at_zero_is_inf_not_an_exception():
    x = Value(0.0)
    x.log().backward()
    assert x.grad == math.inf


# -- deep graphs --------------------------------------------------------------------


def test_million_node_chain_backs_up_without_recursion():
    x = Value(1.0)
    y = x
    for _ in range(500_000):
        y = y * 1.0 + 0.0
    y.backward()
    assert x.grad == 1.0
    assert len(ag.topological_order([y])) == 1_000_001


def test_n_ary_sum_is_one_node():
    xs = [Value(float(i)) for i in range(10)]
    s = Value.sum(xs)
    assert s.op.name == "sum" and len(s.parents) == 10
    s.backward()
    assert all(x.grad == 1.0 for x in xs)


def test_topological_order_puts_inputs_first():
    a = Value(1.0)
    b = a * 2
    c = b + a
    d = c * b
    order = ag.topological_order([d])
    pos = {id(v): i for i, v in enumerate(order)}
    for v in order:
        for p in v.parents:
            if p.requires_grad:
                assert pos[id(p)] < pos[id(v)]


# -- the Value object -------------------------------------------------------------


@pytest.mark.parametrize("bad", ["a", None, [1.0], 1 + 2j, {"x": 1}])
def test_bad_data_is_a_type_error_naming_it(bad):
    with pytest.raises(TypeError, match=type(bad).__name__):
        Value(bad)


def test_numbers_mix_on_both_sides():
    x = Value(2.0)
    assert [
        v.data for v in (1 + x, x + 1, 1 - x, x - 1, 3 * x, x * 3, 1 / x, x / 4, 2**x, x**2, -x)
    ] == [
        3.0,
        3.0,
        -1.0,
        1.0,
        6.0,
        6.0,
        0.5,
        0.5,
        4.0,
        4.0,
        -2.0,
    ]


def test_power_with_value_exponent_differentiates_both():
    a, b = Value(2.0), Value(3.0)
    (a**b).backward()
    assert a.grad == 12.0 and math.isclose(b.grad, 8 * math.log(2))


def test_equality_and_hash_are_identity_order_compares_data():
    a, b = Value(1.0), Value(1.0)
    assert a != b and a == a and len({a, b}) == 2
    assert a <= b and not a < b and Value(2.0) > a and a >= 1.0


def test_detach_and_requires_grad_():
    x = Value(1.0)
    d = x.detach()
    assert not d.requires_grad and d.data == 1.0 and d.is_leaf
    c = Value(1.0, requires_grad=False).requires_grad_()
    assert c.requires_grad
    with pytest.raises(
        RuntimeError, match="you can only change requires_grad flags of leaf variables"
    ):
        (x * 2).requires_grad_(False)


def test_repr_is_readable():
    assert repr(Value(2.0)) == "Value(data=2.0, grad=0.0)"
    assert (
        repr(Value(1.5, requires_grad=False, label="w"))
        == "Value(data=1.5, grad=0.0, requires_grad=False, label='w')"
    )


def test_gradcheck_reports_each_mismatch():
    from autograd_scalar.ops import OPS, Op
    from autograd_scalar.value import apply

    wrong = Op("wrong_square", "sq", lambda a: a * a, lambda out, a: (3.0 * a,))
    with pytest.raises(GradcheckError, match="input 0: analytic 6.0"):
        gradcheck(lambda v: apply(wrong, v), [2.0])
    assert "wrong_square" not in OPS
    assert gradcheck(lambda a, b: a * b + a.exp(), [0.3, -0.2])
