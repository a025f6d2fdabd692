"""Bad input gets PyTorch's error, word for word, and a failed in-place op changes nothing.

The expected messages are PyTorch 2.13's (test_tensor_torch.py runs the same
programs on torch itself where it is installed).
"""

from __future__ import annotations

import math
from typing import Any, Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tensors as torch
import tensors.nn.functional as F
from tensors.testing import shapes, tensors

LEAF = "a leaf Variable that requires grad is being used in an in-place operation."
VIEW_OF_LEAF = (
    "a view of a leaf Variable that requires grad is being used in an in-place operation."
)


def message(fn: Callable, kind: type = Exception) -> str:
    with pytest.raises(kind) as info:
        fn()
    return str(info.value)


# ---------------------------------------------------------------------------------
# Shapes
# ---------------------------------------------------------------------------------


def test_broadcast_mismatch_says_which_sizes_and_dimension():
    assert message(lambda: torch.ones(2, 3) + torch.ones(2, 4), RuntimeError) == (
        "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"
    )
    assert message(lambda: torch.ones(5, 2, 3) * torch.ones(4, 1), RuntimeError) == (
        "The size of tensor a (2) must match the size of tensor b (4) at non-singleton dimension 1"
    )


@pytest.mark.parametrize(
    "a, b, text",
    [
        ((2, 3), (4, 5), "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"),
        ((3,), (4, 5), "mat1 and mat2 shapes cannot be multiplied (1x3 and 4x5)"),
        ((2, 2, 3), (4, 5), "mat1 and mat2 shapes cannot be multiplied (4x3 and 4x5)"),
        ((2, 3), (4,), "size mismatch, got input (2), mat (2x3), vec (4)"),
        ((2, 2, 3), (4,), "size mismatch, got input (4), mat (4x3), vec (4)"),
        (
            (3,),
            (4,),
            "inconsistent tensor size, expected tensor [3] and src [4] to have the same number "
            "of elements, but got 3 and 4 elements respectively",
        ),
        (
            (2, 2, 3),
            (2, 4, 5),
            "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: "
            "[2, 4].",
        ),
        (
            (2, 2, 3),
            (3, 3, 5),
            "The size of tensor a (2) must match the size of tensor b (3) at non-singleton "
            "dimension 0",
        ),
        ((), (3,), "both arguments to matmul need to be at least 1D, but they are 0D and 1D"),
    ],
)
def test_matmul_shape_errors(a: tuple, b: tuple, text: str) -> None:
    assert message(lambda: torch.ones(*a) @ torch.ones(*b), RuntimeError) == text


def test_matmul_family_errors():
    o = torch.ones
    assert message(lambda: torch.mm(o(2, 3), o(3)), RuntimeError) == "mat2 must be a matrix"
    assert message(lambda: torch.mm(o(3), o(3, 2)), RuntimeError) == "self must be a matrix"
    assert message(lambda: torch.mv(o(2, 3), o(2, 3)), RuntimeError) == (
        "vector + matrix @ vector expected, got 1, 2, 2"
    )
    assert message(lambda: torch.dot(o(2, 3), o(3)), RuntimeError) == (
        "1D tensors expected, but got 2D and 1D tensors"
    )
    assert message(lambda: torch.bmm(o(2, 3), o(2, 3, 4)), RuntimeError) == (
        "batch1 must be a 3D tensor"
    )
    assert message(lambda: torch.outer(o(2, 2), o(2)), RuntimeError) == (
        "outer: Expected 1-D argument self, but got 2-D"
    )
    assert message(lambda: o(2, 3) @ o(3).double(), RuntimeError) == (
        "addmv input tensors must have the same dtype, but got Double, Float, and Double"
    )
    assert message(lambda: o(2, 3) @ o(3, 2).double(), RuntimeError) == (
        "expected m1 and m2 to have the same dtype, but got: float != double"
    )
    assert message(lambda: torch.matmul(o(2), 3), TypeError) == (
        "matmul(): argument 'other' (position 2) must be Tensor, not int"
    )
    assert message(lambda: o(2) @ 3, TypeError) == (
        "unsupported operand type(s) for @: 'Tensor' and 'int'"
    )


def test_shape_op_errors():
    x = torch.ones(2, 3)
    assert (
        message(lambda: x.reshape(4), RuntimeError) == "shape '[4]' is invalid for input of size 6"
    )
    assert message(lambda: x.view(-1, -1), RuntimeError) == "only one dimension can be inferred"
    assert message(lambda: x.sum(2), IndexError) == (
        "Dimension out of range (expected to be in range of [-2, 1], but got 2)"
    )
    assert message(lambda: x.permute(0, 0), RuntimeError) == (
        "permute(): duplicate dims are not allowed."
    )
    assert message(lambda: x.permute(0, 1, 2), RuntimeError).startswith(
        "permute(sparse_coo): number of dimensions in the tensor input does not match"
    )
    assert message(lambda: x.expand(3, 3), RuntimeError) == (
        "The expanded size of the tensor (3) must match the existing size (2) at non-singleton "
        "dimension 0.  Target sizes: [3, 3].  Tensor sizes: [2, 3]"
    )
    assert message(lambda: x.expand(3), RuntimeError) == (
        "expand(torch.FloatTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be "
        "greater or equal to the number of dimensions in the tensor (2)"
    )
    assert message(lambda: torch.ones(2, 2, 2).t(), RuntimeError) == (
        "t() expects a tensor with <= 2 dimensions, but self is 3D"
    )
    assert message(lambda: torch.cat([x, torch.ones(2)]), RuntimeError) == (
        "Tensors must have same number of dimensions: got 2 and 1"
    )
    assert message(lambda: torch.cat([x, torch.ones(3, 3)], 1), RuntimeError) == (
        "Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 for "
        "tensor number 1 in the list."
    )
    assert message(lambda: torch.cat([]), ValueError) == (
        "torch.cat(): expected a non-empty list of Tensors"
    )
    assert message(lambda: torch.stack([torch.ones(2), torch.ones(3)]), RuntimeError) == (
        "stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1"
    )
    assert message(lambda: x.split([1, 1], dim=1), RuntimeError) == (
        "split_with_sizes expects split_sizes to sum exactly to 3 (input tensor's size at "
        "dimension 1), but got split_sizes=[1, 1]"
    )


# ---------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, kind, text",
    [
        ([[1, 2], [3]], ValueError, "expected sequence of length 2 at dim 1 (got 1)"),
        ([[[1], [2]], [[3], [4, 5]]], ValueError, "expected sequence of length 1 at dim 2 (got 2)"),
        ([1, "a"], TypeError, "new(): invalid data type 'str'"),
        ("abc", TypeError, "new(): invalid data type 'str'"),
        ([None], RuntimeError, "Could not infer dtype of NoneType"),
        (None, RuntimeError, "Could not infer dtype of NoneType"),
        ({1: 2}, RuntimeError, "Could not infer dtype of dict"),
        ([object()], RuntimeError, "Could not infer dtype of object"),
        (
            [torch.ones(2), torch.ones(2)],
            ValueError,
            "only one element tensors can be converted to Python scalars",
        ),
    ],
)
def test_ragged_and_non_numeric_data(data: Any, kind: type, text: str) -> None:
    assert message(lambda: torch.tensor(data), kind) == text


def test_ragged_lists_mixing_numbers_and_lists_get_a_clear_error():
    # PyTorch's own words here ("not a sequence") say little; these say where.
    assert message(lambda: torch.tensor([[1, 2], 3]), ValueError) == (
        "expected sequence of length 2 at dim 1 (got a number)"
    )
    assert message(lambda: torch.tensor([1, [2, 3]]), ValueError) == (
        "expected a number at dim 1 (got a list)"
    )


def test_sequences_and_one_element_tensors_are_data():
    assert torch.tensor(range(3)).tolist() == [0, 1, 2]
    assert torch.tensor((1.5, 2)).tolist() == [1.5, 2.0]
    assert torch.tensor([torch.tensor(1), torch.tensor(2)]).dtype is torch.int64
    assert torch.tensor([torch.ones(1), torch.tensor(2.0)]).tolist() == [1.0, 2.0]
    with pytest.warns(UserWarning, match="^To copy construct from a tensor, it is recommended"):
        assert torch.tensor(torch.ones(2, dtype=torch.float64)).dtype is torch.float64


def test_creation_errors():
    assert message(lambda: torch.zeros(2.5), TypeError) == (
        "zeros(): argument 'size' (position 1) must be tuple of ints, not float"
    )
    assert message(lambda: torch.ones(-1), RuntimeError) == (
        "Trying to create tensor with negative dimension -1: [-1]"
    )
    assert message(lambda: torch.full((2,), "a"), TypeError) == (
        "full(): argument 'fill_value' (position 2) must be Number, not str"
    )
    assert message(lambda: torch.arange(5, 0), RuntimeError) == (
        "upper bound and lower bound inconsistent with step sign"
    )
    assert message(lambda: torch.arange(0, 5, 0), RuntimeError) == "step must be nonzero"
    assert (
        message(lambda: torch.eye(2, -1), RuntimeError) == "m must be greater or equal to 0, got -1"
    )
    assert message(lambda: torch.randint(5, 1, (2,)), RuntimeError) == (
        "random_ expects 'from' to be less than 'to', but got from=5 >= to=1"
    )
    assert message(lambda: torch.tensor([1, 2], requires_grad=True), RuntimeError) == (
        "Only Tensors of floating point and complex dtype can require gradients"
    )


def test_conversion_errors():
    assert message(lambda: torch.ones(2).item(), RuntimeError) == (
        "a Tensor with 2 elements cannot be converted to Scalar"
    )
    assert message(lambda: float(torch.ones(2)), ValueError) == (
        "only one element tensors can be converted to Python scalars"
    )
    assert message(lambda: bool(torch.ones(2)), RuntimeError) == (
        "Boolean value of Tensor with more than one value is ambiguous"
    )
    assert message(lambda: bool(torch.ones(0)), RuntimeError) == (
        "Boolean value of Tensor with no values is ambiguous"
    )
    assert message(lambda: len(torch.ones(())), TypeError) == "len() of a 0-d tensor"


# ---------------------------------------------------------------------------------
# Indexing
# ---------------------------------------------------------------------------------


@given(data=st.data())
def test_out_of_range_indices_name_the_dimension_and_size(data: Any) -> None:
    shape = data.draw(shapes(min_dims=1))
    dim = data.draw(st.integers(0, len(shape) - 1))
    size = shape[dim]
    index = data.draw(st.integers(size, size + 3) | st.integers(-size - 3, -size - 1))
    x = torch.zeros(*shape)
    key = (slice(None),) * dim + (index,)
    assert message(lambda: x[key], IndexError) == (
        f"index {index} is out of bounds for dimension {dim} with size {size}"
    )
    assert message(lambda: x.__setitem__(key, 1.0), IndexError) == (
        f"index {index} is out of bounds for dimension {dim} with size {size}"
    )


def test_other_index_errors():
    x = torch.zeros(2, 3)
    assert message(lambda: x[0, 0, 0], IndexError) == "too many indices for tensor of dimension 2"
    assert message(lambda: x[[0, 5]], IndexError) == (
        "index 5 is out of bounds for dimension 0 with size 2"
    )
    assert message(lambda: x[:, ::0], ValueError) == "slice step cannot be zero"
    assert message(lambda: x[::-1], ValueError) == "step must be greater than zero"
    assert message(lambda: x[torch.tensor([0.5])], IndexError) == (
        "tensors used as indices must be long, int, byte or bool tensors"
    )
    assert message(lambda: torch.tensor(5.0)[0], IndexError) == (
        "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` "
        "in C++ to convert a 0-dim tensor to a number"
    )
    assert message(lambda: x[torch.tensor([True, False, True])], IndexError) == (
        "The shape of the mask [3] at index 0 does not match the shape of the indexed tensor "
        "[2, 3] at index 0"
    )


def test_item_assignment_errors():
    x = torch.zeros(2, 3)
    assert message(lambda: x.__setitem__(0, torch.ones(2)), RuntimeError) == (
        "The expanded size of the tensor (3) must match the existing size (2) at non-singleton "
        "dimension 0.  Target sizes: [3].  Tensor sizes: [2]"
    )
    assert message(lambda: x.__setitem__([0, 1], torch.ones(3, 3)), RuntimeError) == (
        "shape mismatch: value tensor of shape [3, 3] cannot be broadcast to indexing result "
        "of shape [2, 3]"
    )
    assert message(lambda: x.__setitem__(0, [1, 2, 3]), TypeError) == (
        "can't assign a list to a torch.FloatTensor"
    )
    assert message(lambda: x.long().__setitem__(0, "a"), TypeError) == (
        "can't assign a str to a torch.LongTensor"
    )


# ---------------------------------------------------------------------------------
# In place
# ---------------------------------------------------------------------------------


def test_in_place_on_a_leaf_that_requires_grad():
    x = torch.ones(3, requires_grad=True)
    for op in (
        lambda: x.add_(1),
        lambda: x.mul_(2),
        lambda: x.zero_(),
        lambda: x.fill_(3),
        lambda: x.copy_(torch.zeros(3)),
        lambda: x.clamp_(0, 1),
        lambda: x.__iadd__(1),
        lambda: x.__setitem__(slice(None), 2.0),
        lambda: x.__setitem__([0, 1], 2.0),
    ):
        assert message(op, RuntimeError) == LEAF
    m = torch.ones(2, 2, requires_grad=True)
    for op in (
        lambda: m.__setitem__(0, 3.0),
        lambda: m.__setitem__((slice(0, 1),), 3.0),
        lambda: m[0].add_(1),
        lambda: m.t().mul_(2),
        lambda: m.view(4).zero_(),
    ):
        assert message(op, RuntimeError) == VIEW_OF_LEAF
    assert x.tolist() == [1.0, 1.0, 1.0] and m.tolist() == [[1.0, 1.0], [1.0, 1.0]]


def test_arithmetic_argument_errors():
    x = torch.ones(2)
    assert message(lambda: torch.add(x, "a"), TypeError) == (
        "add(): argument 'other' (position 2) must be Tensor, not str"
    )
    assert message(lambda: x.mul([1, 2]), TypeError) == (
        "mul(): argument 'other' (position 1) must be Tensor, not list"
    )
    assert message(lambda: x.add_("a"), TypeError) == (
        "add_(): argument 'other' (position 1) must be Tensor, not str"
    )
    assert message(lambda: x + "a", TypeError) == (
        "unsupported operand type(s) for +: 'Tensor' and 'str'"
    )
    assert message(lambda: torch.tensor([1, 2]) ** -1, RuntimeError) == (
        "Integers to negative integer powers are not allowed."
    )
    assert message(lambda: -torch.tensor([True]), RuntimeError).startswith(
        "Negation, the `-` operator, on a bool tensor is not supported."
    )
    assert message(lambda: torch.tensor([True]) - torch.tensor([True]), RuntimeError).startswith(
        "Subtraction, the `-` operator, with two bool tensors is not supported."
    )
    assert message(lambda: x.fill_(torch.ones(2)), RuntimeError) == (
        "fill_ only supports 0-dimension value tensor but got tensor with 1 dimensions."
    )
    assert message(lambda: torch.clamp(x), RuntimeError) == (
        "torch.clamp: At least one of 'min' or 'max' must not be None"
    )


def _state(t: Any) -> tuple:
    values = t._cells()
    return (
        t.shape,
        t.dtype,
        [id(v) for v in values],
        [v.data for v in values],
        t.grad_fn,
        t.requires_grad,
    )


FAILING_IN_PLACE = {
    "add_ of a shape that does not broadcast": lambda y: y.add_(torch.ones(y.shape[-1] + 1)),
    "add_ that would grow the tensor": lambda y: y.add_(torch.ones(5, *y.shape)),
    "mul_ by a float, into integers": lambda y: y.long().mul_(1.5),
    "copy_ of a shape that does not broadcast": lambda y: y.copy_(torch.ones(y.shape[-1] + 1)),
    "fill_ with a tensor of one dimension": lambda y: y.fill_(torch.ones(2)),
    "fill_ with text": lambda y: y.fill_("a"),
    "setitem out of range": lambda y: y.__setitem__(y.shape[0], 1.0),
    "setitem of a list": lambda y: y.__setitem__(0, [1.0]),
    "setitem of a bad shape": lambda y: y.__setitem__(0, torch.ones(5)),
    "setitem of a bad advanced shape": lambda y: y.__setitem__([0], torch.ones(5, 5)),
    "iadd of a shape that does not broadcast": lambda y: y.__iadd__(torch.ones(5, 5)),
    "in place through a view of a leaf": lambda y: y.view(-1).add_(1),
}


@pytest.mark.parametrize("name", sorted(FAILING_IN_PLACE))
@settings(max_examples=max(10, settings().max_examples // 3))
@given(data=st.data())
def test_a_failed_in_place_op_leaves_nothing_half_changed(name: str, data: Any) -> None:
    shape = data.draw(shapes(min_dims=1, max_side=3))
    kind = data.draw(st.sampled_from(["leaf", "non-leaf", "constant", "view"]))
    x = data.draw(tensors(shape, requires_grad=kind != "constant"))
    if name == "in place through a view of a leaf":
        y = x if kind != "constant" else x.requires_grad_()
    elif kind == "non-leaf":
        y = x * 2
    elif kind == "view":
        y = (x * 2).reshape(-1)[: max(1, x.numel() - 1)]
    else:
        y = x.detach()
    watched = [y, x] + ([y._base] if y._base is not None else [])
    before = [_state(t) for t in watched]
    with pytest.raises((RuntimeError, TypeError, IndexError)):
        FAILING_IN_PLACE[name](y)
    assert [_state(t) for t in watched] == before


def test_writing_an_integer_tensor_from_a_value_that_requires_grad_casts():
    y = torch.zeros(3, dtype=torch.int64)
    x = torch.tensor([1.5, 2.5, -3.5], requires_grad=True)
    y[0] = x[0]
    y.copy_(x)
    assert y.tolist() == [1, 2, -3] and not y.requires_grad


# ---------------------------------------------------------------------------------
# Losses
# ---------------------------------------------------------------------------------


def test_loss_errors():
    x = torch.zeros(2, 2, requires_grad=True)
    y = torch.ones(2, 2)
    assert message(lambda: F.binary_cross_entropy_with_logits(x, y[0]), ValueError) == (
        "Target size (torch.Size([2])) must be the same as input size (torch.Size([2, 2]))"
    )
    assert message(lambda: F.binary_cross_entropy(x.sigmoid(), y[0]), ValueError) == (
        "Using a target size (torch.Size([2])) that is different to the input size "
        "(torch.Size([2, 2])) is deprecated. Please ensure they have the same size."
    )
    assert message(lambda: F.binary_cross_entropy(x + 2, y), RuntimeError) == (
        "all elements of input should be between 0 and 1"
    )
    assert message(
        lambda: F.binary_cross_entropy_with_logits(x, y, weight=torch.ones(3)), RuntimeError
    ) == (
        "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1"
    )
    assert message(
        lambda: F.binary_cross_entropy_with_logits(x, y, reduction="bad"), ValueError
    ) == ("bad is not a valid value for reduction")
    assert message(
        lambda: F.binary_cross_entropy_with_logits(
            x, y, pos_weight=torch.ones(2, requires_grad=True)
        ),
        RuntimeError,
    ) == (
        "The function 'binary_cross_entropy_with_logits' is not differentiable with respect to "
        "argument 'pos_weight'. This input cannot have requires_grad True."
    )
    assert message(lambda: F.nll_loss(x, torch.tensor([1.0, 0.0])), RuntimeError) == (
        "expected target dtype to be Long or Byte, but got Float"
    )
    assert message(lambda: F.cross_entropy(x, torch.tensor([0, 2])), IndexError) == (
        "Target 2 is out of bounds."
    )
    assert message(lambda: F.cross_entropy(x, torch.tensor([0, 1, 1])), ValueError) == (
        "Expected input batch_size (2) to match target batch_size (3)."
    )
    with pytest.warns(UserWarning, match=r"^Using a target size \(torch.Size\(\[2\]\)\) that is"):
        F.mse_loss(x, y[0])


def test_var_of_one_element_warns_and_is_nan():
    with pytest.warns(UserWarning, match=r"^var\(\): degrees of freedom is <= 0"):
        v = torch.tensor([2.0]).var()
    assert math.isnan(v.item())
