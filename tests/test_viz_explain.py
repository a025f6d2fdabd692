"""viz.explain_gradient: the paths, their products and their sum agree with backward."""

import math

import pytest

import tensors as torch
import viz
from autograd_scalar import Value


def _tutorial():
    torch.manual_seed(0)
    x = torch.ones(5)
    y = torch.zeros(3)
    w = torch.randn(5, 3, requires_grad=True)
    b = torch.randn(3, requires_grad=True)
    z = torch.matmul(x, w) + b
    loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
    loss.backward()
    return x, y, w, b, z, loss


def test_the_tutorials_entry_is_sigmoid_of_z_over_three():
    x, y, w, b, z, loss = _tutorial()
    why = viz.explain_gradient(loss, w[0, 0])
    z0 = z[0].item()
    assert why.total == pytest.approx(w.grad[0, 0].item(), rel=1e-12, abs=1e-15)
    assert why.total == pytest.approx((1 / (1 + math.exp(-z0)) - 0.0) / 3, rel=1e-12)
    assert sum(p.product for p in why.paths) == pytest.approx(why.total, rel=1e-12, abs=1e-15)
    # The loss's one BCE node (PyTorch's formula, one row of the op table) reaches
    # z[0], and z[0] reaches w[0,0], by one path each.
    assert why.path_count == len(why.paths) == 1
    for path in why.paths:
        assert path.values[0] is loss.values()[0] and path.values[-1] is w.values()[0]
        assert len(path.factors) == len(path.values) - 1
        assert path.product == pytest.approx(math.prod(path.factors))
    assert why.text.startswith("dloss/dw[0,0] = 0.2326\n")
    assert "(BCE " in why.text and why.text.endswith("= 0.2326")
    # The BCE node's local derivative is PyTorch's sigmoid(z0) - y0.
    assert 1 / (1 + math.exp(-z0)) in [pytest.approx(f, rel=1e-12) for f in why.paths[0].factors]


def test_every_entry_of_a_small_network_agrees_with_backward():
    torch.manual_seed(3)
    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Tanh(), torch.nn.Linear(2, 1))
    loss = (model(torch.randn(4, 3)) ** 2).mean()
    loss.backward()
    for p in model.parameters():
        grads = p.grad.reshape(-1).tolist()
        flat = p.reshape(-1)
        for k, g in enumerate(grads):
            why = viz.explain_gradient(loss, flat[k], max_paths=1)
            assert why.total == pytest.approx(g, rel=1e-9, abs=1e-12)


def test_x_plus_x_has_two_paths_and_x_times_x_plus_x_three():
    x = Value(3.0, label="x")
    y = x + x
    y.label = "y"
    why = viz.explain_gradient(y, x)
    assert (why.total, why.path_count, [p.product for p in why.paths]) == (2.0, 2, [1.0, 1.0])
    # Both edges of x + x are drawn, each labelled with its local derivative.
    assert why.graph.source.count("v0 -> o1") == 2
    assert why.graph.source.count("label=<×1>") == 2
    y2 = x * x + x
    why2 = viz.explain_gradient(y2, x)
    assert why2.total == 7.0 and sorted(p.product for p in why2.paths) == [1.0, 3.0, 3.0]


def test_works_before_backward_and_after_the_graph_is_freed():
    a = Value(2.0, label="a")
    out = (a * a).exp()
    before = viz.explain_gradient(out, a).total
    out.backward()  # frees the saved values
    assert before == viz.explain_gradient(out, a).total == pytest.approx(a.grad)


def test_max_paths_lists_some_and_still_sums_all():
    x = Value(1.5, label="x")
    y = x
    for _ in range(6):
        y = y * x + y  # the number of paths grows quickly
    why = viz.explain_gradient(y, x, max_paths=3)
    assert len(why.paths) == 3 < why.path_count
    assert f"and {why.path_count - 3} more paths" in why.text
    y.backward()
    assert why.total == pytest.approx(x.grad, rel=1e-12)
    with pytest.raises(ValueError, match="max_paths"):
        viz.explain_gradient(y, x, max_paths=0)


def test_bad_inputs_say_what_is_wrong():
    a, c = Value(1.0), Value(2.0)
    with pytest.raises(ValueError, match="not used to compute output"):
        viz.explain_gradient(a * 2, c)
    w = torch.ones(2, 2, requires_grad=True)
    with pytest.raises(ValueError, match="one-element tensor such as w\\[0, 0\\]"):
        viz.explain_gradient(w.sum(), w)
    with pytest.raises(TypeError, match="got float"):
        viz.explain_gradient(w.sum(), 1.0)
    with pytest.raises(ValueError, match="size must be"):
        viz.explain_gradient(w.sum(), w[0, 0], size=-1)


def test_the_picture_keeps_only_the_paths_and_the_factors_inputs():
    x, y, w, b, z, loss = _tutorial()
    why = viz.explain_gradient(loss, b[1], size=10)
    full = viz.draw_values(loss)
    assert why.graph.node_count() < full.node_count() / 3
    assert 'size="10,1000"' in why.graph.source and "rankdir=TB" in why.graph.source
    data, _ = why._repr_mimebundle_()
    assert data["text/plain"] == why.text and data["image/png"].startswith(b"\x89PNG")
    assert why.total == pytest.approx(b.grad[1].item(), rel=1e-12)
    assert "w[" not in why.graph.source  # b[1] does not pass through the matmul


def test_long_paths_wrap_between_steps_never_inside_a_name():
    x, y, w, b, z, loss = _tutorial()
    text = viz.explain_gradient(loss, w[0, 0]).text
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 96
    for line in lines:
        assert not line.rstrip().endswith(("(Σ", "(+", "(*", "(log", "(exp", "(neg", "(relu"))
