"""The ``out=`` keyword without PyTorch: the result lands in ``out`` (the same
object), which is resized when its shape differs, refused when its dtype cannot
hold the result or when autograd would be needed, and left unchanged by an error."""

from __future__ import annotations

import warnings

import pytest

import tensors as torch


def test_the_result_is_written_into_out_and_out_is_returned():
    a, b = torch.tensor([1.0, 2.0]), torch.tensor([10.0, 20.0])
    out = torch.empty(2)
    r = torch.add(a, b, out=out)
    assert r is out
    assert out.tolist() == [11.0, 22.0]
    assert out._version == 1
    assert out.grad_fn is None and out.is_leaf


def test_out_may_be_an_input():
    a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    torch.matmul(a, a, out=a)
    assert a.tolist() == [[7.0, 10.0], [15.0, 22.0]]


def test_an_empty_out_is_resized_silently_and_a_full_one_with_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = torch.mul(torch.ones(2, 3), 2, out=torch.empty(0))
    assert out.shape == (2, 3)
    with pytest.warns(UserWarning, match=r"had shape \[4\], which does not match the required"):
        out = torch.mul(torch.ones(2, 3), 2, out=torch.zeros(4))
    assert out.tolist() == [[2.0] * 3] * 2


def test_a_view_writes_through_to_its_base():
    base = torch.zeros(2, 3)
    row = base[1]
    torch.exp(torch.zeros(3), out=row)
    assert base.tolist() == [[0.0] * 3, [1.0] * 3]
    assert base._version == row._version == 1


def test_a_float_result_into_a_long_out_is_refused_and_out_stays():
    out = torch.tensor([7, 8])
    with pytest.raises(
        RuntimeError, match="result type Float can't be cast to the desired output type Long"
    ):
        torch.div(torch.ones(3), 2, out=out)
    assert out.tolist() == [7, 8] and out._version == 0


def test_an_input_that_requires_grad_is_refused_while_grad_mode_is_on():
    w = torch.ones(2, requires_grad=True)
    out = torch.zeros(2)
    with pytest.raises(RuntimeError, match=r"^mul\(\): functions with out=\.\.\. arguments"):
        torch.mul(w, 2, out=out)
    assert out.tolist() == [0.0, 0.0]
    with torch.no_grad():
        torch.mul(w, 2, out=out)
    assert out.tolist() == [2.0, 2.0] and not out.requires_grad


def test_max_along_a_dim_fills_a_pair():
    values, indices = torch.empty(0), torch.empty(0, dtype=torch.long)
    r = torch.max(torch.tensor([[1.0, 5.0], [7.0, 2.0]]), 1, out=(values, indices))
    assert r.values is values and r.indices is indices
    assert values.tolist() == [5.0, 7.0] and indices.tolist() == [1, 0]
    assert repr(r).startswith("torch.return_types.max_out(")


def test_creation_functions_take_outs_dtype():
    out = torch.empty(0, dtype=torch.long)
    assert torch.arange(3, out=out) is out and out.tolist() == [0, 1, 2]
    torch.full((2,), 1.5, out=out)
    assert out.tolist() == [1, 1]


def test_tensor_methods_take_no_out():
    with pytest.raises(TypeError, match="unexpected keyword argument 'out'"):
        torch.ones(2).exp(out=torch.empty(0))


def test_without_out_the_functions_are_unchanged():
    w = torch.ones(2, requires_grad=True)
    assert torch.mul(w, 2).grad_fn.name() == "MulBackward0"
    assert torch.sum(w, 0, out=None).grad_fn.name() == "SumBackward1"


def test_an_out_over_some_of_an_inputs_elements_gets_the_result_of_the_inputs_before_the_call():
    # PyTorch does not check reductions and products for this, and its result depends on
    # the order its kernel writes in; here the inputs are read before out is written.
    a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    torch.sum(a, 0, out=a[0])
    assert a.tolist() == [[4.0, 6.0], [3.0, 4.0]]


def test_an_out_partly_over_an_input_is_refused_for_elementwise_ops():
    a = torch.tensor([1.0, 2.0, 3.0])
    with pytest.raises(RuntimeError, match="refer to a single memory location"):
        torch.add(a[:2], 1, out=a[1:])
    assert a.tolist() == [1.0, 2.0, 3.0] and a._version == 0
