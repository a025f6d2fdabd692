"""micrograd's names, numbers of any real type, hook results, and how a node is stored."""

import gc
import threading

import pytest

from autograd_scalar import Value, grad, gradcheck, no_grad
from autograd_scalar.engine import run_backward
from autograd_scalar.grad_mode import _mode

np = pytest.importorskip("numpy")


# -- micrograd's attribute names and constructor -----------------------------------


def _draw_dot_like_micrograd(root):
    # What micrograd's trace_graph notebook does: walk `_prev`, name op nodes
    # by concatenating an id with `_op`, label records with data and grad.
    nodes, edges = set(), set()

    def build(v):
        if v not in nodes:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                build(child)

    build(root)
    lines = []
    for n in nodes:
        uid = str(id(n))
        lines.append(f"{uid} [label={{ data {n.data:.4f} | grad {n.grad:.4f} }}]")
        if n._op:
            lines.append(uid + n._op + " -> " + uid)
    for a, b in edges:
        lines.append(str(id(a)) + " -> " + str(id(b)) + b._op)
    return nodes, lines


def test_micrograd_trace_graph_code_runs_on_value():
    x = Value(1.0)
    y = (x * 2 + 1).relu()
    y.backward()
    nodes, lines = _draw_dot_like_micrograd(y)
    assert len(nodes) == 6  # x, 2, x*2, 1, x*2+1, relu
    assert sum("relu ->" in line for line in lines) == 1
    assert {n._op for n in nodes} == {"", "*", "+", "relu"}


def test_prev_is_the_set_of_parents_and_op_the_symbol():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    assert c._prev == {a, b} and c._op == "*" and a._prev == set() and a._op == ""
    assert (a * a)._prev == {a}
    with pytest.raises(AttributeError):
        c._op = "+"
    with pytest.raises(AttributeError):
        c._prev = set()


def test_micrograds_constructor_is_refused_with_a_pointer_to_the_signature():
    a, b = Value(1.0), Value(2.0)
    with pytest.raises(TypeError, match=r"micrograd's Value\(data, _children, _op\)"):
        Value(5.0, (a, b), "+")
    for bad in (1, "yes", None, np.bool_(True)):
        with pytest.raises(TypeError, match="requires_grad"):
            Value(1.0, requires_grad=bad)
    assert Value(1.0, requires_grad=False).requires_grad is False


# -- numbers of any real type ------------------------------------------------------------


def test_numpy_scalars_are_numbers_everywhere():
    x = Value(2.0)
    (x * x).backward(np.float64(1.0))
    assert x.grad == 4.0 and type(x.grad) is float
    (g,) = grad(x**3, x, grad_outputs=np.float64(1.0))
    assert g == 12.0
    (g,) = grad(x**3, [x], grad_outputs=[np.float32(2.0)])
    assert g == 24.0
    assert gradcheck(lambda v: v * v.exp(), [np.float64(2.0)])
    assert gradcheck(lambda v, w: v * w, [np.float32(0.5), np.int64(3)])
    y = x * np.float64(3.0) + np.int64(1)
    assert y.data == 7.0 and type(y.data) is float


def test_a_gradient_that_is_not_a_number_is_a_type_error():
    with pytest.raises(TypeError, match="but got str"):
        Value(1.0).backward("1.0")


# -- hooks --------------------------------------------------------------------------------


def test_a_hook_returning_a_string_names_the_hook_and_changes_nothing():
    x = Value(2.0)
    y = x * 3

    def double_it(g):
        return "twice"

    y.register_hook(double_it)
    with pytest.raises(TypeError, match="hook 'double_it' returned str"):
        y.backward(retain_graph=True)
    assert x.grad == 0.0
    y._hooks.clear()
    y.backward()  # the failed pass left no marks behind
    assert x.grad == 3.0


def test_hook_results_of_any_real_type_and_values():
    x = Value(2.0)
    y = x * 3
    y.register_hook(lambda g: np.float64(10.0))
    y.backward()
    assert x.grad == 30.0 and type(x.grad) is float
    x = Value(2.0)
    y = x * 3
    y.register_hook(lambda g: Value(5.0))
    y.backward()
    assert x.grad == 15.0 and type(x.grad) is float


def test_a_hook_registered_during_backward_runs_from_the_next_pass():
    x = Value(2.0)
    y = x * 1.0
    calls = []

    def first(g):
        y.register_hook(lambda g: calls.append("second"))
        calls.append("first")

    y.register_hook(first)
    y.backward()
    assert calls == ["first"]


# -- the node: numbers as floats, one tracked object ---------------------------------


def test_a_number_input_becomes_one_constant_value_when_asked_for():
    x = Value(2.0)
    y = x * 3
    k = y.parents[1]
    assert not k.requires_grad and k.data == 3.0 and y.parents[1] is k
    z = 2**x
    assert z.parents[0].data == 2.0 and z.parents[1] is x
    z.backward()
    assert x.grad == pytest.approx(4 * 0.6931471805599453)


def test_parents_survive_freeing_and_create_graph_uses_the_numbers():
    x = Value(2.0)
    y = 3.0 * x * x
    y.backward()
    assert [p.data for p in y.parents] == [6.0, 2.0] and y.parents[0].parents[0].data == 3.0
    x2 = Value(2.0)
    (dx,) = grad(5.0 * x2**2, x2, create_graph=True)
    assert dx.data == 20.0 and grad(dx, x2) == (10.0,)


def test_a_binary_node_is_one_object_for_the_garbage_collector():
    x, y = Value(1.0), Value(2.0)
    gc.collect()
    before = len(gc.get_objects())
    nodes = [x * y for _ in range(1000)] + [x * 2.0 for _ in range(1000)]
    assert len(gc.get_objects()) - before < 2100
    del nodes


def test_grad_mode_count_follows_threads():
    assert _mode.threads_off == 0
    seen = []

    def worker():
        with no_grad():
            seen.append(_mode.threads_off)
            seen.append((Value(1.0) * 2).requires_grad)

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert seen == [1, False] and _mode.threads_off == 0
    assert (Value(1.0) * 2).requires_grad


def test_a_hook_failing_late_in_the_pass_leaves_every_leaf_grad_alone():
    x, w = Value(2.0), Value(3.0)
    h = x * x
    out = h + w
    steps = []
    run_backward([out], [1.0], retain_graph=True, accumulate=False, on_step=steps.append)
    assert [s.node for s in steps] == [out, w, h, x]  # w is done before h's hook runs

    def broken(g):
        raise ValueError("no")

    h.register_hook(broken)
    with pytest.raises(ValueError):
        out.backward(retain_graph=True)
    assert x.grad == 0.0 and w.grad == 0.0


# -- the collector, paused only on request -------------------------------------------


def test_collector_paused_restores_the_programs_setting():
    from autograd_scalar import collector_paused

    assert gc.isenabled()
    with pytest.raises(ValueError):
        with collector_paused():
            assert not gc.isenabled()
            raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # it was off: it stays off
    finally:
        gc.enable()
    x = Value(1.0)
    with collector_paused():
        with collector_paused():
            y = x * 2
        assert not gc.isenabled()
    y.backward()
    assert gc.isenabled() and x.grad == 2.0
