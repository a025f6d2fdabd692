"""Autograd at the tensor level, without PyTorch: accumulation, hooks, retain_grad,
autograd.grad and autograd.functional, grad_fn names and next_functions, the trace.

Expected values and names here are PyTorch's (test_tensor_torch.py checks them
against torch itself where torch is installed).
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tensors as torch
import tensors.nn.functional as F
from autograd_scalar.engine import _FREED
from tensors.autograd.functional import hessian, hvp, jacobian, vhp, vjp
from tensors.testing import exact_floats, shapes, tensors

NONLEAF_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead. See github.com/pytorch/pytorch/pull/30531 for more information."
)


def names(fn: Any) -> list:
    return [None if n is None else n.name() for n, _ in fn.next_functions]


# ---------------------------------------------------------------------------------
# Accumulation into .grad
# ---------------------------------------------------------------------------------


def test_grad_is_none_before_the_first_backward():
    x = torch.ones(2, requires_grad=True)
    assert x.grad is None
    (x * 3).sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]


def test_backward_accumulates_into_the_same_grad_tensor():
    x = torch.ones(2, requires_grad=True)
    (x * 2).sum().backward()
    g = x.grad
    (x * 3).sum().backward()
    assert x.grad is g
    assert g.tolist() == [5.0, 5.0]


def test_grad_zero_and_grad_none_both_reset():
    x = torch.ones(2, requires_grad=True)
    (x * 2).sum().backward()
    x.grad.zero_()
    (x * 3).sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]
    x.grad = None
    (x * 4).sum().backward()
    assert x.grad.tolist() == [4.0, 4.0]


def test_assigning_grad_checks_the_type_and_size():
    x = torch.ones(2, requires_grad=True)
    x.grad = torch.tensor([1.0, 2.0])
    assert x.grad.tolist() == [1.0, 2.0]
    with pytest.raises(RuntimeError) as info:
        x.grad = torch.ones(3)
    assert str(info.value) == (
        "attempting to assign a gradient of size '[3]' to a tensor of size '[2]'. Please "
        "ensure that the gradient and the tensor are the same size"
    )
    with pytest.raises(TypeError, match="assigned grad expected to be a Tensor or None"):
        x.grad = [1.0, 2.0]


@given(data=st.data())
def test_gradient_of_a_sum_of_products_accumulates_over_passes(data: Any) -> None:
    shape = data.draw(shapes(max_dims=2))
    x = data.draw(tensors(shape, exact_floats(), requires_grad=True))
    w = data.draw(tensors(shape, exact_floats()))
    passes = data.draw(st.integers(1, 3))
    for _ in range(passes):
        (x * w).sum().backward()
    assert x.grad.tolist() == (w * passes).tolist()


def test_a_leaf_that_backward_reaches_with_zero_gradient_gets_zeros():
    # Reached by the graph, though no element's value depends on it: zeros, not None.
    x = torch.tensor([-1.0, -2.0], requires_grad=True)
    torch.where(x > 0, x, 0.0).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0]
    x.grad = None
    x.clamp(min=0).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0]
    x.grad = None
    x.sign().sum().backward()
    assert x.grad.tolist() == [0.0, 0.0]
    assert torch.autograd.grad(x.sign().sum(), x)[0].tolist() == [0.0, 0.0]


def test_a_leaf_backward_does_not_reach_keeps_none():
    x = torch.ones(2, requires_grad=True)
    y = torch.ones(2, requires_grad=True)
    (x * 2).sum().backward()
    assert y.grad is None


def test_backward_inputs_limits_which_leaves_accumulate():
    x = torch.ones(2, requires_grad=True)
    y = torch.ones(2, requires_grad=True)
    (x * y).sum().backward(inputs=[x])
    assert x.grad.tolist() == [1.0, 1.0] and y.grad is None
    with pytest.raises(RuntimeError, match=r"^`inputs` argument to `backward\(\)` cannot be empty"):
        (x * y).sum().backward(inputs=[])


def test_backward_of_several_roots_and_with_a_gradient():
    x = torch.ones(2, requires_grad=True)
    torch.autograd.backward([(x * 2).sum(), (x * x).sum()])
    assert x.grad.tolist() == [4.0, 4.0]
    x.grad = None
    (x * 3).backward(torch.tensor([1.0, 2.0]))
    assert x.grad.tolist() == [3.0, 6.0]
    x.grad = None
    torch.autograd.backward(x * 2, torch.ones(2))
    assert x.grad.tolist() == [2.0, 2.0]


def test_create_graph_gives_a_gradient_with_a_graph():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (x**3).sum().backward(create_graph=True)
    g = x.grad
    assert g.requires_grad and g.tolist() == [3.0, 12.0]
    x.grad = None
    g.sum().backward()
    assert x.grad.tolist() == [6.0, 12.0]


def test_backward_with_create_graph_warns_once_as_pytorch_does(monkeypatch):
    from tensors import _backward

    monkeypatch.setattr(_backward, "_WARNED_CREATE_GRAPH", [])
    x = torch.ones(1, requires_grad=True)
    with pytest.warns(UserWarning, match="^Using backward\\(\\) with create_graph=True will"):
        (x * x).sum().backward(create_graph=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (x * x).sum().backward(create_graph=True)


# ---------------------------------------------------------------------------------
# backward's errors
# ---------------------------------------------------------------------------------


def test_backward_of_a_non_scalar_needs_a_gradient():
    x = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        (x * 2).backward()
    assert str(info.value) == "grad can be implicitly created only for scalar outputs"


def test_second_backward_through_freed_graph_raises_and_changes_nothing():
    x = torch.ones(2, requires_grad=True)
    y = (x * x).sum()
    y.backward()
    with pytest.raises(RuntimeError) as info:
        y.backward()
    assert str(info.value) == _FREED
    assert str(info.value).startswith("Trying to backward through the graph a second time")
    assert x.grad.tolist() == [2.0, 2.0]


def test_retain_graph_allows_a_second_backward():
    x = torch.ones(2, requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad.tolist() == [4.0, 4.0]


def test_a_graph_of_additions_saves_nothing_and_can_be_backed_twice():
    x = torch.ones(2, requires_grad=True)
    y = (x + x).sum()
    y.backward()
    y.backward()
    assert x.grad.tolist() == [4.0, 4.0]


def test_backward_of_a_tensor_without_grad_raises():
    with pytest.raises(RuntimeError) as info:
        torch.ones(2).sum().backward()
    assert (
        str(info.value) == "element 0 of tensors does not require grad and does not have a grad_fn"
    )


def test_backward_checks_the_gradients_given():
    x = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        (x * 2).backward(torch.ones(3))
    assert str(info.value) == (
        "Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and output[0] has a "
        "shape of torch.Size([2])."
    )
    with pytest.raises(TypeError, match="^gradients can be either Tensors or None, but got float"):
        (x * 2).backward([1.0, 1.0])
    with pytest.raises(RuntimeError, match="^got 2 tensors and 1 gradients$"):
        torch.autograd.grad([x * 1, x * 2], x, [torch.ones(2)])


# ---------------------------------------------------------------------------------
# Non-leaf tensors: the warning, retain_grad
# ---------------------------------------------------------------------------------


def test_reading_grad_of_a_non_leaf_warns_as_pytorch_does():
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    with pytest.warns(UserWarning) as record:
        assert y.grad is None
    assert str(record[0].message) == NONLEAF_WARNING
    assert record[0].filename == __file__  # attributed to the line that read it


def test_retain_grad_keeps_the_gradient_of_a_non_leaf():
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    y.retain_grad()
    assert y.retains_grad and not x.retains_grad
    (y * y).sum().backward()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert y.grad.tolist() == [4.0, 4.0]


def test_retain_grad_accumulates_over_passes_and_is_a_no_op_on_leaves():
    x = torch.ones(2, requires_grad=True)
    x.retain_grad()
    assert not x.retains_grad
    y = x + 1
    y.retain_grad()
    y.sum().backward()
    y.sum().backward()
    assert y.grad.tolist() == [2.0, 2.0]


def test_retain_grad_needs_requires_grad():
    with pytest.raises(RuntimeError) as info:
        torch.ones(2).retain_grad()
    assert str(info.value) == "can't retain_grad on Tensor that has requires_grad=False"


def test_is_leaf_and_requires_grad_flags():
    x = torch.ones(2, requires_grad=True)
    assert x.is_leaf and not (x * 2).is_leaf and torch.ones(2).is_leaf and x.detach().is_leaf
    assert x.requires_grad_(False) is x and not x.requires_grad
    with pytest.raises(RuntimeError, match="^you can only change requires_grad flags of leaf"):
        (torch.ones(1, requires_grad=True) * 2).requires_grad_(False)


# ---------------------------------------------------------------------------------
# Hooks
# ---------------------------------------------------------------------------------


def test_leaf_hook_sees_and_may_replace_the_gradient():
    x = torch.ones(2, requires_grad=True)
    seen = []
    x.register_hook(lambda g: seen.append(g.tolist()))
    x.register_hook(lambda g: g * 10)
    (x * torch.tensor([1.0, 2.0])).sum().backward()
    assert seen == [[1.0, 2.0]]
    assert x.grad.tolist() == [10.0, 20.0]


def test_non_leaf_hook_gets_the_whole_gradient_tensor_and_may_replace_it():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    seen = []

    def hook(g: Any) -> Any:
        seen.append(g)
        return g * torch.tensor([1.0, 0.0, -1.0])  # a replacement, element by element

    y.register_hook(hook)
    (y * y).sum().backward()
    assert len(seen) == 1
    assert isinstance(seen[0], torch.Tensor) and seen[0].tolist() == [4.0, 8.0, 12.0]
    assert x.grad.tolist() == [8.0, 0.0, -24.0]


def test_hooks_run_once_per_backward_and_can_be_removed():
    x = torch.ones(2, requires_grad=True)
    y = x * 3
    calls = []
    handle = y.register_hook(lambda g: calls.append("y"))
    leaf_handle = x.register_hook(lambda g: calls.append("x"))
    y.sum().backward(retain_graph=True)
    assert calls == ["y", "x"]
    handle.remove()
    leaf_handle.remove()
    y.sum().backward()
    assert calls == ["y", "x"]
    assert x.grad.tolist() == [6.0, 6.0]


def test_hook_and_retain_grad_on_the_same_non_leaf():
    x = torch.ones(2, requires_grad=True)
    y = x * 3
    y.retain_grad()
    y.register_hook(lambda g: g * 2)
    y.sum().backward()
    assert y.grad.tolist() == [2.0, 2.0]  # as PyTorch 2: .grad is kept after the hooks ran
    assert x.grad.tolist() == [6.0, 6.0]


def test_hook_results_are_checked():
    x = torch.ones(2, requires_grad=True)
    x.register_hook(lambda g: torch.ones(3))
    with pytest.raises(RuntimeError, match="^hook '<lambda>' has changed the size of value$"):
        (x * 2).sum().backward()
    y = torch.ones(2, requires_grad=True)
    y.register_hook(lambda g: 5)
    with pytest.raises(TypeError, match="^expected Variable, but hook returned 'int'$"):
        (y * 2).sum().backward()
    with pytest.raises(RuntimeError, match="^cannot register a hook on a tensor that doesn't"):
        torch.ones(2).register_hook(lambda g: g)


def test_retain_grad_on_a_view_sees_only_the_gradient_through_the_view():
    x = torch.ones(2, 2, requires_grad=True)
    y = x * 2
    z = y.view(-1)
    z.retain_grad()
    ((z * 3).sum() + y.sum()).backward()
    assert z.grad.tolist() == [3.0, 3.0, 3.0, 3.0]


# ---------------------------------------------------------------------------------
# autograd.grad and autograd.functional
# ---------------------------------------------------------------------------------


def test_autograd_grad_leaves_grad_alone_and_gives_higher_derivatives():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (dx,) = torch.autograd.grad((x**3).sum(), x, create_graph=True)
    assert dx.tolist() == [3.0, 12.0] and dx.requires_grad
    (ddx,) = torch.autograd.grad(dx.sum(), x)
    assert ddx.tolist() == [6.0, 12.0]
    assert x.grad is None


def test_autograd_grad_unused_inputs():
    x = torch.ones(2, requires_grad=True)
    y = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        torch.autograd.grad(x.sum(), [x, y])
    assert str(info.value) == (
        "The differentiated Tensor at index 1 appears to not have been used in the graph. Set "
        "allow_unused=True if this is the desired behavior."
    )
    gx, gy = torch.autograd.grad((x * 2).sum(), [x, y], allow_unused=True)
    assert gx.tolist() == [2.0, 2.0] and gy is None
    _, gy = torch.autograd.grad((x * 2).sum(), [x, y], materialize_grads=True)
    assert gy.tolist() == [0.0, 0.0]
    with pytest.raises(RuntimeError, match="^One of the differentiated Tensors does not require"):
        torch.autograd.grad(x.sum(), torch.ones(2))
    with pytest.raises(RuntimeError, match=r"^`inputs` argument to `grad\(\)` cannot be empty"):
        torch.autograd.grad(x.sum(), [])


def test_autograd_grad_of_a_non_leaf_and_with_grad_outputs():
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    (gy,) = torch.autograd.grad((y * y).sum(), y)
    assert gy.tolist() == [4.0, 4.0]
    (gx,) = torch.autograd.grad(x * 3, x, torch.tensor([1.0, -1.0]))
    assert gx.tolist() == [3.0, -3.0]


def test_jacobian_hessian_vjp_hvp():
    x = torch.tensor([1.0, 2.0])
    assert jacobian(lambda x: x**2, x).tolist() == [[2.0, 0.0], [0.0, 4.0]]
    assert jacobian(lambda x: x.sum() * x, x).tolist() == [[4.0, 1.0], [2.0, 5.0]]
    assert hessian(lambda x: (x**3).sum(), x).tolist() == [[6.0, 0.0], [0.0, 12.0]]
    out, v = vjp(lambda x: x * 3, x, torch.tensor([1.0, 2.0]))
    assert out.tolist() == [3.0, 6.0] and v.tolist() == [3.0, 6.0]
    assert vjp(lambda x: (x * x).sum(), x)[1].tolist() == [2.0, 4.0]
    assert hvp(lambda x: (x**3).sum(), x, torch.tensor([1.0, 0.0]))[1].tolist() == [6.0, 0.0]
    assert vhp(lambda x: (x**3).sum(), x, torch.tensor([1.0, 1.0]))[1].tolist() == [6.0, 12.0]
    assert not x.requires_grad  # the inputs are left alone


def test_jacobian_of_several_inputs_and_outputs():
    x, y = torch.tensor([1.0, 2.0]), torch.tensor(3.0)
    (jx, jy), (kx, ky) = jacobian(lambda x, y: (x * y, (x * y).sum()), (x, y))
    assert jx.tolist() == [[3.0, 0.0], [0.0, 3.0]] and jy.tolist() == [1.0, 2.0]
    assert kx.tolist() == [3.0, 3.0] and ky.tolist() == 3.0
    (hxx, hxy), (hyx, hyy) = hessian(lambda x, y: (x * y).sum(), (x, torch.tensor([3.0, 1.0])))
    assert hxy.tolist() == [[1.0, 0.0], [0.0, 1.0]] and hxx.tolist() == [[0.0, 0.0], [0.0, 0.0]]
    assert jacobian(lambda x: torch.ones(2), x).tolist() == [[0.0, 0.0], [0.0, 0.0]]


def test_functional_errors_are_pytorchs():
    x = torch.tensor([1.0, 2.0])
    with pytest.raises(RuntimeError, match="^Output 0 of the user-provided function does not"):
        jacobian(lambda x: x.detach() * 1, x, strict=True)
    with pytest.raises(RuntimeError, match=r"^v has invalid size: should be torch.Size\(\[2\]\)"):
        vjp(lambda x: x, x, torch.ones(3))
    with pytest.raises(RuntimeError, match="^The vector v can only be None if the user-provided"):
        vjp(lambda x: x, x)
    with pytest.raises(RuntimeError, match="^The Tensor returned by the function given to hessian"):
        hessian(lambda x: x, x)
    with pytest.raises(RuntimeError, match="^The Tensor returned by the function given to hvp"):
        hvp(lambda x: x, x, torch.ones(2))
    with pytest.raises(TypeError, match="^The inputs given to vjp must be either a Tensor or a"):
        vjp(lambda x: x, [x], torch.ones(2))
    with pytest.raises(TypeError, match="^The outputs of the user-provided function given to"):
        jacobian(lambda x: 3.0, x)


# ---------------------------------------------------------------------------------
# grad_fn names and next_functions
# ---------------------------------------------------------------------------------


def test_grad_fn_names_and_next_functions_are_pytorchs():
    x = torch.ones(2, requires_grad=True)
    m = torch.ones(2, 2, requires_grad=True)
    acc = "torch::autograd::AccumulateGrad"
    cases = [
        (x + x, "AddBackward0", [acc, acc]),
        (x + 1, "AddBackward0", [acc, None]),
        (1 + x, "AddBackward0", [acc, None]),
        (x * 2, "MulBackward0", [acc, None]),
        (x - 1, "SubBackward0", [acc, None]),
        (1 - x, "RsubBackward1", [acc]),
        (x / 2, "DivBackward0", [acc, None]),
        (2 / x, "MulBackward0", ["ReciprocalBackward0", None]),
        (x**2, "PowBackward0", [acc]),
        (x**x, "PowBackward1", [acc, acc]),
        (2**x, "PowBackward2", [acc]),
        (-x, "NegBackward0", [acc]),
        (x.sum(), "SumBackward0", [acc]),
        (m.sum(0), "SumBackward1", [acc]),
        (x.mean(), "MeanBackward0", [acc]),
        (m.mean(1), "MeanBackward1", [acc]),
        (m @ m, "MmBackward0", [acc, acc]),
        (m @ x, "MvBackward0", [acc, acc]),
        (x @ x, "DotBackward0", [acc, acc]),
        (x @ m, "SqueezeBackward4", ["MmBackward0"]),  # PyTorch: mm of x as a row, squeezed
        (m.t(), "TBackward0", [acc]),
        (m.T, "PermuteBackward0", [acc]),
        (m.mT, "TransposeBackward0", [acc]),
        (m.reshape(4), "ViewBackward0", [acc]),
        (m.view(4), "ViewBackward0", [acc]),
        (m.flatten(), "ViewBackward0", [acc]),
        (x.unsqueeze(0), "UnsqueezeBackward0", [acc]),
        (m[None].squeeze(), "SqueezeBackward0", ["UnsqueezeBackward0"]),
        (m[None].squeeze(0), "SqueezeBackward1", ["UnsqueezeBackward0"]),
        (x.expand(2, 2), "ExpandBackward0", [acc]),
        (torch.cat([x, x]), "CatBackward0", [acc, acc]),
        (torch.stack([x, torch.ones(2)]), "StackBackward0", [acc, None]),
        (m[0], "SelectBackward0", [acc]),
        (m[:, 0], "SelectBackward0", [acc]),
        (m[0, :1], "SliceBackward0", ["SelectBackward0"]),
        (m[:], "SliceBackward0", [acc]),
        (m[:, :], "AliasBackward0", [acc]),
        (m[..., None], "UnsqueezeBackward0", [acc]),
        (m[[0, 1]], "IndexBackward0", [acc]),
        (x.exp(), "ExpBackward0", [acc]),
        (x.relu(), "ReluBackward0", [acc]),
        (x.clamp(0, 1), "ClampBackward1", [acc]),
        (x.clamp(min=x), "ClampBackward0", [acc, acc, None]),
        (torch.where(x > 0, x, 0.0), "WhereBackward0", [acc, None]),
        (torch.outer(x, x), "MulBackward0", ["ViewBackward0", acc]),
        (x.max(), "MaxBackward1", [acc]),
        (m.max(0).values, "MaxBackward0", [acc]),
        (x.softmax(0), "SoftmaxBackward0", [acc]),
        (x.double(), "ToCopyBackward0", [acc]),
        (x.clone(), "CloneBackward0", [acc]),
        (x.sign(), "SignBackward0", [acc]),
        (x % 2, "RemainderBackward0", [acc]),
        (m.split(1)[0], "SplitBackward0", [acc]),
        (m.split([1, 1])[0], "SplitWithSizesBackward0", [acc]),
        (F.mse_loss(x, torch.zeros(2)), "MseLossBackward0", [acc, None]),
        (F.linear(m, m, x), "AddmmBackward0", [acc, acc, "TBackward0"]),
    ]
    for t, name, nexts in cases:
        assert t.grad_fn.name() == name, (name, t.grad_fn.name())
        assert names(t.grad_fn) == nexts, (name, names(t.grad_fn))


def test_in_place_ops_record_pytorchs_nodes():
    x = torch.ones(2, 2, requires_grad=True)
    y = x * 1
    y.add_(1)
    assert y.grad_fn.name() == "AddBackward0" and names(y.grad_fn) == ["MulBackward0", None]
    y.mul_(x)
    assert names(y.grad_fn) == ["AddBackward0", "torch::autograd::AccumulateGrad"]
    y.zero_()
    assert y.grad_fn.name() == "ZeroBackward0"
    y.fill_(2.0)
    assert y.grad_fn.name() == "FillBackward2"
    y.copy_(x)
    assert y.grad_fn.name() == "torch::autograd::CopyBackwards"
    assert repr(y).endswith("grad_fn=<CopyBackwards>)")
    row = y[0]
    row.mul_(3)
    assert row.grad_fn.name() == "AsStridedBackward0"
    assert y.grad_fn.name() == "torch::autograd::CopySlices"
    assert names(y.grad_fn) == ["torch::autograd::CopyBackwards", None]
    assert names(row.grad_fn) == ["torch::autograd::CopySlices"]
    y[1] = x[0]
    assert names(y.grad_fn) == ["torch::autograd::CopySlices", "SelectBackward0"]
    assert repr(y).endswith("grad_fn=<CopySlices>)")
    y[[0]] = 5.0
    assert y.grad_fn.name() == "IndexPutBackward0"
    y[:] = 1.0
    assert y.grad_fn.name() == "FillBackward3"
    y[...] = x
    assert y.grad_fn.name() == "torch::autograd::CopyBackwards"
    y.sum().backward()
    assert x.grad.tolist() == [[1.0, 1.0], [1.0, 1.0]]


def test_setitem_into_a_tensor_without_grad_records_the_value():
    x = torch.ones(3, requires_grad=True)
    y = torch.zeros(2, 3)
    y[0] = x * 2
    assert y.requires_grad and y.grad_fn.name() == "torch::autograd::CopySlices"
    assert names(y.grad_fn) == [None, "MulBackward0"]
    y.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]


def test_accumulate_grad_node_is_shared_by_a_leaf():
    x = torch.ones(2, requires_grad=True)
    a, b = (x * 2).grad_fn.next_functions[0][0], (x + 1).grad_fn.next_functions[0][0]
    assert a is b and a.variable is x
    assert repr(a).startswith("<AccumulateGrad object at 0x")


# ---------------------------------------------------------------------------------
# The autograd trace
# ---------------------------------------------------------------------------------


def test_set_logging_prints_each_node_in_backward_order(capsys):
    x = torch.ones(2, requires_grad=True)
    y = (x * 2).sum()
    torch.autograd.set_logging(True)
    try:
        y.backward()
    finally:
        torch.autograd.set_logging(False)
    assert capsys.readouterr().out.splitlines() == [
        "[autograd] Executing: SumBackward0 with grad_outputs: [f32[]] -> grad_inputs: [f32[2]]",
        "[autograd] Executing: MulBackward0 with grad_outputs: [f32[2]] -> grad_inputs: "
        "[f32[2], None]",
        "[autograd] Executing: torch::autograd::AccumulateGrad with grad_outputs: [f32[2]]",
    ]
    (x * 2).sum().backward()
    assert capsys.readouterr().out == ""


def test_tensors_logs_environment_variable_switches_the_trace_on():
    program = (
        "import tensors as torch\n"
        "x = torch.ones(2, 3, requires_grad=True, dtype=torch.float64)\n"
        "(x.t() @ x).mean().backward()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        env={"TENSORS_LOGS": "+autograd", "PATH": ""},
        cwd=str(__import__("pathlib").Path(__file__).resolve().parent.parent),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "[autograd] Executing: MeanBackward0 with grad_outputs: [f64[]] -> grad_inputs: "
        "[f64[3, 3]]",
        "[autograd] Executing: MmBackward0 with grad_outputs: [f64[3, 3]] -> grad_inputs: "
        "[f64[3, 2], f64[2, 3]]",
        "[autograd] Executing: TBackward0 with grad_outputs: [f64[3, 2]] -> grad_inputs: "
        "[f64[2, 3]]",
        "[autograd] Executing: torch::autograd::AccumulateGrad with grad_outputs: [f64[2, 3]]",
    ]


# ---------------------------------------------------------------------------------
# Grad mode
# ---------------------------------------------------------------------------------


def test_no_grad_enable_grad_and_set_grad_enabled():
    x = torch.ones(2, requires_grad=True)
    with torch.no_grad():
        y = x * 2
        with torch.enable_grad():
            z = x * 2
    assert not y.requires_grad and y.grad_fn is None
    assert z.requires_grad and z.grad_fn.name() == "MulBackward0"
    torch.set_grad_enabled(False)
    try:
        assert not (x * 2).requires_grad
    finally:
        torch.set_grad_enabled(True)
    assert torch.is_grad_enabled()


def test_in_place_on_a_leaf_is_allowed_under_no_grad():
    w = torch.ones(2, requires_grad=True)
    (w * 3).sum().backward()
    with torch.no_grad():
        w -= 0.5 * w.grad
    assert w.tolist() == [-0.5, -0.5] and w.is_leaf and w.requires_grad
    w.data.mul_(2)
    assert w.tolist() == [-1.0, -1.0]
    w.data = torch.zeros(3)
    assert w.shape == (3,) and w.requires_grad and w.is_leaf
