"""Watching backward step by step: ``run_backward(..., on_step=...)``."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from autograd_scalar import Value, grad, no_grad
from autograd_scalar.engine import BackwardStep, run_backward


def _example():
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = Value(10.0, label="c")
    e = a * b
    d = e + c
    f = Value(-2.0, label="f")
    L = d * f
    return a, b, c, e, d, f, L


def test_each_node_once_consumers_first_with_its_local_derivatives():
    a, b, c, e, d, f, L = _example()
    steps = []
    grads = run_backward([L], [1.0], accumulate=False, on_step=steps.append)
    assert all(isinstance(s, BackwardStep) for s in steps)
    assert [s.node for s in steps] == [L, f, d, c, e, b, a]
    first = steps[0]
    assert first.grad == 1.0 and first.inputs == (d, f) and first.local == (-2.0, 4.0)
    assert first.input_grads == (-2.0, 4.0)
    by_node = {id(s.node): s for s in steps}
    assert by_node[id(e)].local == (-3.0, 2.0) and by_node[id(e)].grad == -2.0
    assert by_node[id(a)].inputs == () and by_node[id(a)].grad == 6.0
    for s in steps:
        assert grads[s.node] == s.grad


def test_watching_changes_nothing_with_accumulate_off_and_retain_graph():
    a, b, c, e, d, f, L = _example()
    run_backward([L], [1.0], retain_graph=True, accumulate=False, on_step=lambda s: None)
    assert a.grad == 0.0 and L.grad == 0.0
    L.backward()  # the graph is still there
    assert a.grad == 6.0


def test_numbers_are_not_inputs_of_a_step():
    x = Value(3.0)
    y = 2.0 ** (x * 0.5)
    steps = []
    run_backward([y], [1.0], accumulate=False, on_step=steps.append)
    assert len(steps[0].inputs) == 1 and steps[0].inputs[0].op.name == "mul"
    assert math.isclose(steps[0].local[0], y.data * math.log(2.0))
    assert steps[1].inputs == (x,) and steps[1].local == (0.5,)


def test_steps_under_create_graph_carry_values():
    x = Value(3.0)
    steps = []
    run_backward([x * x], [1.0], create_graph=True, accumulate=False, on_step=steps.append)
    assert all(isinstance(d, Value) for d in steps[0].local)
    assert steps[0].input_grads[0].data == 6.0


def test_sum_nodes_report_every_input():
    xs = [Value(float(i)) for i in range(5)]
    s = Value.sum(xs + [7.0])
    steps = []
    run_backward([s], [2.0], accumulate=False, on_step=steps.append)
    assert steps[0].inputs == tuple(xs) and steps[0].local == (1.0,) * 5
    assert steps[0].input_grads == (2.0,) * 5


_UNARY = ["exp", "tanh", "sigmoid", "sin", "cos", "relu", "abs", "softplus"]


@st.composite
def graphs(draw):
    leaves = [Value(draw(st.floats(-2, 2))) for _ in range(draw(st.integers(1, 4)))]
    pool = list(leaves)
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["unary", "binary", "number", "sum"]))
        x = draw(st.sampled_from(pool))
        if kind == "unary":
            pool.append(getattr(x, draw(st.sampled_from(_UNARY)))())
        elif kind == "binary":
            y = draw(st.sampled_from(pool))
            pool.append(draw(st.sampled_from([x + y, x - y, x * y])))
        elif kind == "number":
            k = draw(st.floats(-2, 2))
            pool.append(draw(st.sampled_from([x * k, k - x, x + k])))
        else:
            pool.append(Value.sum(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=4))))
    return leaves, pool[-1]


@settings(max_examples=60, deadline=None)
@given(graphs())
def test_replaying_the_steps_gives_the_gradients(graph):
    leaves, root = graph
    if not root.requires_grad:
        return
    steps = []
    grads = run_backward([root], [1.0], retain_graph=True, accumulate=False, on_step=steps.append)
    position = {id(s.node): i for i, s in enumerate(steps)}
    summed = {id(root): 1.0}
    for i, s in enumerate(steps):
        assert math.isclose(summed[id(s.node)], s.grad, rel_tol=1e-12, abs_tol=1e-12)
        for p, d in zip(s.inputs, s.local):
            assert position[id(p)] > i  # an input comes after every consumer
            summed[id(p)] = summed.get(id(p), 0.0) + s.grad * d
        for p, so_far in zip(s.inputs, s.input_grads):  # x + x: both after the step
            assert math.isclose(summed[id(p)], so_far, rel_tol=1e-12, abs_tol=1e-12)
    assert len(steps) == len(grads)
    with no_grad():
        expected = grad(root, leaves, allow_unused=True, retain_graph=True)
    for leaf, g in zip(leaves, expected):
        assert (g is None) == (id(leaf) not in position)
