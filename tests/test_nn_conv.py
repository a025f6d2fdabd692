"""Convolutions and pooling: gradients by central differences (hypothesis), the Value
view of one output element, and modules' bookkeeping (no torch needed)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tensors as torch
import tensors.nn.functional as F
from autograd_scalar import Value
from autograd_scalar.ops import OPS
from tensors.testing import exact_floats, tensor_gradcheck, tensors

SMOOTH = exact_floats(-2.0, 2.0)


def leaf(shape: Any) -> Any:
    return tensors(shape, SMOOTH, requires_grad=True)


@st.composite
def distinct(draw: Any, shape: tuple) -> Any:
    """A leaf whose elements are at least 0.5 apart: max pooling has kinks at ties."""
    n = math.prod(shape)
    order = draw(st.permutations(range(n)))
    return torch.tensor([k * 0.5 - n / 4 for k in order]).reshape(shape).requires_grad_()


@st.composite
def conv_case(draw: Any, nd: int) -> tuple:
    groups = draw(st.sampled_from([1, 2]))
    cin, cout = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(nd))
    stride = tuple(draw(st.integers(1, 2)) for _ in range(nd))
    padding = draw(
        st.one_of(st.sampled_from(["same", "valid"]), st.tuples(*[st.integers(0, 2)] * nd))
    )
    if padding == "same":
        stride = (1,) * nd
    span = [d * (k - 1) + 1 for d, k in zip(dilation, kernel)]
    size = tuple(draw(st.integers(s, s + 2)) for s in span)
    batched = draw(st.booleans())
    x = draw(leaf(((2,) if batched else ()) + (cin,) + size))
    w = draw(leaf((cout, cin // groups) + kernel))
    b = draw(st.one_of(st.none(), leaf((cout,))))
    return x, w, b, stride, padding, dilation, groups


@pytest.mark.filterwarnings("ignore:Using padding='same'")
@given(case=conv_case(2))
def test_conv2d_passes_gradcheck(case: tuple) -> None:
    x, w, b, stride, padding, dilation, groups = case
    fn = lambda x, w, b: F.conv2d(x, w, b, stride, padding, dilation, groups)  # noqa: E731
    assert tensor_gradcheck(fn, [x, w, b])


@pytest.mark.filterwarnings("ignore:Using padding='same'")
@given(case=conv_case(1))
def test_conv1d_passes_gradcheck(case: tuple) -> None:
    x, w, b, stride, padding, dilation, groups = case
    fn = lambda x, w, b: F.conv1d(x, w, b, stride, padding, dilation, groups)  # noqa: E731
    assert tensor_gradcheck(fn, [x, w, b])


pool_params = st.tuples(
    st.integers(1, 3), st.sampled_from([None, 1, 2]), st.integers(0, 1), st.booleans()
).filter(lambda p: 2 * p[2] <= p[0])


@given(data=st.data(), params=pool_params, dilation=st.integers(1, 2))
def test_max_pool2d_passes_gradcheck(data: Any, params: tuple, dilation: int) -> None:
    kernel, stride, padding, ceil_mode = params
    span = dilation * (kernel - 1) + 1
    shape = (data.draw(st.integers(1, 2)), span + data.draw(st.integers(0, 2)), span + 1)
    x = data.draw(distinct(shape))
    fn = lambda x: F.max_pool2d(x, kernel, stride, padding, dilation, ceil_mode)  # noqa: E731
    assert tensor_gradcheck(fn, [x])


@given(data=st.data(), params=pool_params, include=st.booleans())
def test_avg_pool2d_passes_gradcheck(data: Any, params: tuple, include: bool) -> None:
    kernel, stride, padding, ceil_mode = params
    shape = (2, kernel + data.draw(st.integers(0, 2)), kernel + 1)
    x = data.draw(leaf(shape))
    fn = lambda x: F.avg_pool2d(x, kernel, stride, padding, ceil_mode, include)  # noqa: E731
    assert tensor_gradcheck(fn, [x])


@given(data=st.data())
def test_adaptive_avg_pool2d_passes_gradcheck(data: Any) -> None:
    h, w = data.draw(st.integers(1, 5)), data.draw(st.integers(1, 5))
    size = (data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4)))
    x = data.draw(leaf((1, 2, h, w)))
    assert tensor_gradcheck(lambda x: F.adaptive_avg_pool2d(x, size), [x])


def test_one_output_element_is_one_dot_node_over_its_receptive_field() -> None:
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(2, 3, 3, padding=1)
    x = torch.randn(1, 2, 5, 5)
    y = conv(x)
    corner, middle = y.values()[0], y.values()[2 * 5 + 2]
    assert corner.op is OPS["dot"] and middle.op is OPS["dot"]
    # inputs . weights + bias over 2 channels x 3x3; the corner's window is 2x2 inside
    # the input (products with padded zeros are left out)
    assert len(middle.parents) == 2 * 18 + 1 and len(corner.parents) == 2 * 8 + 1
    assert middle.parents[-1] is conv.bias.values()[0]
    ins, kern = middle.parents[:18], middle.parents[18:36]
    inputs, weights = {id(v) for v in x.values()}, [id(v) for v in conv.weight.values()]
    assert all(id(v) in inputs for v in ins)
    assert [id(v) for v in kern] == weights[:18]  # output channel 0 reads its 2x3x3 weights
    products = [a.data * b.data for a, b in zip(ins, kern)]
    assert middle.data == math.fsum([*products, middle.parents[-1].data])


def test_max_pool_gradient_goes_to_one_element_per_window() -> None:
    x = torch.tensor([[[3.0, 3.0], [1.0, 3.0]]], requires_grad=True)
    F.max_pool2d(x, 2).backward()
    assert x.grad.tolist() == [[[1.0, 0.0], [0.0, 0.0]]]  # the first of the tied largest
    assert OPS["max_pool"].backward(3.0, 1.0, float("nan"), 2.0, float("nan")) == (
        0.0,
        0.0,
        0.0,
        1.0,
    )


def test_batch_of_windows_and_channels_keep_their_own_values() -> None:
    x = torch.arange(32.0).reshape(2, 1, 4, 4)
    out = F.avg_pool2d(x, 2)
    assert out.tolist() == [
        [[[2.5, 4.5], [10.5, 12.5]]],
        [[[18.5, 20.5], [26.5, 28.5]]],
    ]
    assert isinstance(out.values()[0], Value)


def test_conv_module_learns_a_kernel() -> None:
    torch.manual_seed(0)
    target = torch.nn.Conv2d(1, 1, 3)
    model = torch.nn.Conv2d(1, 1, 3)
    x = torch.randn(4, 1, 5, 5)
    with torch.no_grad():
        y = target(x)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    losses = []
    for _ in range(30):
        opt.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0] * 0.1


def test_value_view_of_a_conv_layer_points_to_one_output_pixel() -> None:
    import viz

    torch.manual_seed(0)
    conv = torch.nn.Conv2d(1, 4, 3)
    out = conv(torch.randn(1, 1, 8, 8))
    with pytest.raises(viz.GraphTooLargeError) as info:
        viz.draw_values(out)
    assert "out[0, 0, 0, 0]" in str(info.value) and "receptive field" in str(info.value)
    pixel = viz.draw_values(out[0, 0, 2, 2]).source
    # Its receptive field: 9 inputs, the 9 weights of channel 0 and the bias.
    shown = {f"data {v.data:.4f}" for v in conv.weight[0].values() + conv.bias[:1].values()}
    assert all(label in pixel for label in shown)
    assert pixel.count("\tv") < 100
