"""gather, scatter, scatter_add and index_select: gradients by central differences on
random shapes and indices, and the basics without PyTorch."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tensors as torch
from tensors.testing import tensor_gradcheck


@st.composite
def along_a_dim(draw):
    """(input, dim, index, src): an index tensor that fits input along dim."""
    ndim = draw(st.integers(1, 3))
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=ndim, max_size=ndim)))
    dim = draw(st.integers(0, ndim - 1))
    ishape = tuple(draw(st.integers(1, 3 if d == dim else s)) for d, s in enumerate(shape))
    count = 1
    for s in ishape:
        count *= s
    index = draw(st.lists(st.integers(0, shape[dim] - 1), min_size=count, max_size=count))
    floats = st.floats(-2, 2, allow_subnormal=False)
    size = 1
    for s in shape:
        size *= s
    x = torch.tensor(draw(st.lists(floats, min_size=size, max_size=size))).reshape(shape)
    src = torch.tensor(draw(st.lists(floats, min_size=count, max_size=count))).reshape(ishape)
    return x.requires_grad_(), dim, torch.tensor(index).reshape(ishape), src.requires_grad_()


@settings(max_examples=40, deadline=None)
@given(along_a_dim())
def test_gather_scatter_and_index_select_pass_gradcheck(case):
    x, dim, index, src = case
    assert tensor_gradcheck(lambda x: x.gather(dim, index), [x])
    assert tensor_gradcheck(lambda x, s: x.scatter(dim, index, s), [x, src])
    assert tensor_gradcheck(lambda x, s: x.scatter_add(dim, index, s), [x, src])
    assert tensor_gradcheck(lambda x: x.scatter(dim, index, 0.5), [x])
    picks = index.flatten()
    assert tensor_gradcheck(lambda x: x.index_select(dim, picks), [x])


def test_a_place_written_twice_keeps_the_last_write_and_its_gradient():
    src = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = torch.zeros(2).scatter(0, torch.tensor([1, 1, 0]), src)
    (y * torch.tensor([10.0, 100.0])).sum().backward()
    assert y.tolist() == [3.0, 2.0]
    assert src.grad.tolist() == [0.0, 100.0, 10.0]  # PyTorch: [100, 100, 10] (README)


def test_one_hot_and_the_transforms_pages_label_encoding():
    assert torch.nn.functional.one_hot(torch.tensor([1, 0])).tolist() == [[0, 1], [1, 0]]
    label = torch.zeros(10, dtype=torch.float).scatter_(0, torch.tensor(3), value=1)
    assert label.tolist() == [0.0, 0.0, 0.0, 1.0] + [0.0] * 6


def test_scatter_with_reduce_has_no_derivative_as_in_pytorch():
    x = torch.ones(3, requires_grad=True)
    y = x.scatter(0, torch.tensor([0]), 2.0, reduce="multiply")
    assert y.tolist() == [2.0, 1.0, 1.0] and y.grad_fn.name() == "NotImplemented"
    with pytest.raises(RuntimeError, match="derivative for aten::scatter is not implemented"):
        y.sum().backward()
    with torch.no_grad():
        assert x.scatter(0, torch.tensor([1]), 3.0, reduce="add").tolist() == [1.0, 4.0, 1.0]
