"""Version counters, saved tensors and freed nodes, as PyTorch's autograd checks them
(the same programs run against torch in test_hostile_torch.py)."""

from __future__ import annotations

import gc
import weakref

import pytest

import tensors as torch


def test_an_in_place_change_after_the_forward_pass_is_refused_not_ignored():
    # Once this returned the old derivative (2.0), and 4.0 with create_graph.
    for create_graph in (False, True):
        x = torch.ones(1, requires_grad=True)
        y = (x * x).sum()
        with torch.no_grad():
            x.add_(1.0)
        with pytest.raises(RuntimeError, match=r"modified by an inplace operation: .* version 1"):
            torch.autograd.grad(y, x, create_graph=create_graph)


def test_stepping_between_forward_and_backward_is_refused():
    w = torch.ones(3, 2, requires_grad=True)
    v = torch.ones(1, 3, requires_grad=True)
    opt = torch.optim.SGD([w, v], lr=0.1)
    loss = torch.nn.functional.linear(torch.ones(4, 2) @ w.t(), v).sum()
    loss.backward()
    loss = torch.nn.functional.linear(torch.ones(4, 2) @ w.t(), v).sum()
    opt.step()  # the grads of the first pass are there: w and v change
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()


def test_versions_are_shared_by_views_and_detach_but_not_by_data():
    x = torch.zeros(3)
    view = x[1:]
    assert (x._version, view._version) == (0, 0)
    view.add_(1)
    x[0] = 2.0
    assert (x._version, view._version) == (2, 2)
    d = x.detach()
    d.zero_()
    assert x._version == 3 and x.tolist() == [0.0, 0.0, 0.0]
    x.data.add_(5)
    assert x._version == 3 and x.tolist() == [5.0, 5.0, 5.0]


def test_nodes_that_save_nothing_run_twice_and_others_are_freed():
    x = torch.ones(2, requires_grad=True)
    y = (x + 0).mean()
    y.backward()
    y.backward()
    assert x.grad.tolist() == [1.0, 1.0]
    y = (x * 2).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.backward()


def test_a_dropped_leaf_is_freed_at_once_after_a_backward():
    enabled = gc.isenabled()
    gc.disable()
    try:
        x = torch.ones(1000, requires_grad=True)
        (x * 2).sum().backward()
        alive = weakref.ref(x)
        del x
        assert alive() is None  # no cycle between the leaf and its AccumulateGrad
    finally:
        if enabled:
            gc.enable()


def test_a_node_keeps_the_edges_it_was_made_with():
    a = torch.ones(2, requires_grad=True)
    x = a * 1
    first = x.grad_fn
    y = x * x
    x.mul_(3)  # x gets a new grad_fn; y's node still leads to the old one
    assert [n for n, _ in y.grad_fn.next_functions] == [first, first]
