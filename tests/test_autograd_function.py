"""Functions with a hand-written backward: ``autograd_scalar.function`` under the Values,
``tensors.autograd.Function`` over them (PyTorch's behaviour is pinned in
test_autograd_function_torch.py)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tensors as torch
import viz
from autograd_scalar import Value, grad, run_backward
from autograd_scalar.function import FunctionNode, function_inputs, function_node
from tensors.testing import tensor_gradcheck, tensors
from viz._names import Names

# --- the engine's function node ------------------------------------------------------


def test_a_function_node_runs_its_backward_once_on_every_outputs_gradient():
    x, y = Value(3.0), Value(4.0)
    calls = []

    def backward(g0, g1):
        calls.append((g0, g1))
        return [g0 * y.data + g1, g0 * x.data + g1]

    prod, total = function_node("MulAdd", [x, y], [12.0, 7.0], backward)
    (prod * 2 + total * 5).backward()
    assert calls == [(2.0, 5.0)]
    assert (x.grad, y.grad) == (2 * 4 + 5, 2 * 3 + 5)
    assert prod.op.name == "MulAdd" and function_inputs(prod) == (x, y)
    assert function_inputs(x * y) is None
    assert isinstance(prod.parents[0], FunctionNode)


def test_an_output_the_pass_does_not_reach_gets_none():
    x = Value(2.0)
    seen = []
    a, b = function_node("Two", [x], [4.0, 6.0], lambda ga, gb: seen.append((ga, gb)) or [ga])
    a.backward()
    assert seen == [(1.0, None)] and x.grad == 1.0


def test_no_input_that_requires_grad_gives_constants():
    x = Value(2.0, requires_grad=False)
    (y,) = function_node("Id", [x], [2.0], lambda g: [g])
    assert not y.requires_grad and y.op is None


def test_create_graph_records_the_backward_so_it_can_be_differentiated():
    x = Value(1.5)
    (cube,) = function_node("Cube", [x], [x.data**3], lambda g: [g * 3 * x * x])
    (d,) = grad(cube, x, create_graph=True)
    assert d.data == pytest.approx(3 * 1.5**2)
    assert grad(d, x) == (pytest.approx(6 * 1.5),)


def test_without_retain_graph_a_second_backward_is_refused():
    x = Value(2.0)
    (y,) = function_node("Sq", [x], [4.0], lambda g: [2 * x.data * g])
    y.backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.backward()


def test_a_backward_that_returns_nonsense_is_refused_and_leaves_no_marks():
    x = Value(2.0)
    (y,) = function_node("Bad", [x], [4.0], lambda g: ["two"])
    with pytest.raises(TypeError, match="function Bad returned str"):
        y.backward(retain_graph=True)
    (z,) = function_node("Short", [x], [4.0], lambda g: [])
    with pytest.raises(RuntimeError, match=r"incorrect number of gradients \(expected 1, got 0\)"):
        z.backward()
    assert x._g is None and x.grad == 0.0
    (x * 3).backward()
    assert x.grad == 3.0


def test_on_step_reports_the_function_without_local_derivatives():
    x = Value(2.0, label="x")
    (y,) = function_node("Sq", [x], [4.0], lambda g: [2 * x.data * g])
    steps = []
    run_backward([y], [1.0], accumulate=False, on_step=steps.append)
    hub = [s for s in steps if isinstance(s.node, FunctionNode)][0]
    assert hub.inputs == (x,) and hub.local == (None,) and hub.input_grads == (4.0,)


# --- tensors.autograd.Function -------------------------------------------------------


class Legendre3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 0.5 * (5 * x**3 - 3 * x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * 1.5 * (5 * x**2 - 1)


class Softplus(torch.autograd.Function):
    """log(1 + exp(x)) with its derivative, the logistic function, by hand."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (1 + x.exp()).log()

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * torch.sigmoid(x)


class MatMulT(torch.autograd.Function):
    """a @ b.T, with both gradients written by hand (one output, two inputs)."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a @ b.t()

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return g @ b, g.t() @ a


HAND_WRITTEN = {
    "legendre3": (Legendre3, lambda x: 0.5 * (5 * x**3 - 3 * x)),
    "softplus": (Softplus, lambda x: (1 + x.exp()).log()),
}


@settings(max_examples=30, deadline=None)
@given(name=st.sampled_from(sorted(HAND_WRITTEN)), x=tensors(requires_grad=True))
def test_a_hand_written_backward_gives_the_tables_gradient(name, x):
    fn, reference = HAND_WRITTEN[name]
    (ours,) = torch.autograd.grad(fn.apply(x).sum(), x)
    (table,) = torch.autograd.grad(reference(x).sum(), x)
    for a, b in zip(ours.flatten().tolist(), table.flatten().tolist()):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-12)


@settings(max_examples=20, deadline=None)
@given(
    st.integers(1, 3).flatmap(
        lambda n: st.tuples(
            tensors(shape=(n, 2), requires_grad=True), tensors(shape=(3, 2), requires_grad=True)
        )
    )
)
def test_function_gradients_match_central_differences(ab):
    a, b = ab
    assert tensor_gradcheck(lambda a, b: MatMulT.apply(a, b), [a, b])
    assert tensor_gradcheck(lambda a: Legendre3.apply(a * 0.5), [a])


def test_second_derivatives_through_a_function_are_the_backwards_derivative():
    x = torch.tensor([0.3, -0.7, 1.1], requires_grad=True)
    (g,) = torch.autograd.grad(Legendre3.apply(x).sum(), x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x)
    assert g.tolist() == pytest.approx([1.5 * (5 * v * v - 1) for v in x.tolist()])
    assert h.tolist() == pytest.approx([15 * v for v in x.tolist()])  # d/dx 1.5 (5x^2 - 1)


def test_ctx_is_the_grad_fn_and_names_itself_as_pytorch_does():
    x = torch.tensor([0.5, 2.0], requires_grad=True)
    y = Legendre3.apply(x)
    assert y.grad_fn.name() == "Legendre3Backward"
    assert repr(y).endswith("grad_fn=<Legendre3Backward>)")
    assert repr(y.grad_fn).startswith("<tensors.autograd.function.Legendre3Backward object at")
    assert y.grad_fn.needs_input_grad == (True,)
    assert y.grad_fn.saved_tensors[0] is x


def test_saved_tensors_are_freed_by_a_backward_without_retain_graph():
    x = torch.tensor([0.5, 2.0], requires_grad=True)
    y = Legendre3.apply(x)
    y.sum().backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        _ = y.grad_fn.saved_tensors


def test_an_output_changed_in_place_after_being_saved_is_caught():
    class Exp(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            out = x.exp()
            ctx.save_for_backward(out)
            return out

        @staticmethod
        def backward(ctx, g):
            (out,) = ctx.saved_tensors
            return g * out

    x = torch.tensor([0.0, 1.0], requires_grad=True)
    y = Exp.apply(x)
    (g,) = torch.autograd.grad(y.sum(), x, retain_graph=True)
    assert g.tolist() == pytest.approx([1.0, math.e])
    with torch.no_grad():
        y.mul_(2)
    with pytest.raises(RuntimeError, match="output 0 of Exp, is at version 1"):
        y.sum().backward()


def test_the_views_draw_a_function_from_its_inputs():
    a = torch.tensor([0.5, -1.0], requires_grad=True)
    loss = Legendre3.apply(a * 2).sum()
    values = viz.value_view.ValueGraph(loss, Names(None)).values
    assert not any(isinstance(v, FunctionNode) for v in values)
    assert sum(1 for v in values if v.op is not None and v.op.name == "Legendre3") == 2
    assert "Legendre3" in viz.draw(loss).source
    assert "Legendre3Backward" in viz.make_dot(loss).source
    loss.backward(retain_graph=True)
    captions = [s.caption for s in viz.step_through(loss).steps]
    assert any("Legendre3.backward, written by hand" in c for c in captions)
    with pytest.raises(ValueError, match="backward written by hand"):
        viz.explain_gradient(loss, a[0])


def test_an_unrecorded_write_keeps_the_tensors_history_as_pytorch_does():
    # Once the write cut the graph: x.grad came out as zeros.
    x = torch.tensor([0.5, -1.0], requires_grad=True)
    y = x * 3
    with torch.no_grad():
        y.mul_(2)
    (y * y).sum().backward()
    assert y.grad_fn.name() == "MulBackward0"
    assert x.grad.tolist() == [2 * 3.0 * 3 * 2 * 0.5, 2 * 3.0 * -6.0]
    z = x * 1
    z.data.add_(1)
    z.sum().backward()
    assert x.grad.tolist() == [18 + 1, -36 + 1]


def test_the_size_guard_counts_a_functions_edges():
    x = torch.linspace(-1, 1, 60, requires_grad=True)
    loss = Legendre3.apply(x).sum()  # 60 outputs, each drawn from 60 inputs
    with pytest.raises(viz.GraphTooLargeError, match="3600 edges"):
        viz.draw_values(loss)
    assert "Legendre3" in viz.draw_values(Legendre3.apply(x[:3]).sum()).source


def test_gradcheck_finds_a_wrong_backward_and_warns_of_single_precision_as_pytorch():
    x = torch.tensor([0.5, -1.0], dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(Legendre3.apply, (x,))

    class Wrong(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 3

    with pytest.raises(torch.autograd.jacobian_check.GradcheckError, match="analytical:"):
        torch.autograd.gradcheck(Wrong.apply, (x,))
    single = torch.tensor([0.5, -1.0], requires_grad=True)
    with pytest.warns(UserWarning, match="is not a double precision floating point"):
        # the numbers here are doubles whatever the dtype says: it passes (README)
        assert torch.autograd.gradcheck(lambda t: t * 4, (single,))
    assert x.grad is None and single.grad is None
