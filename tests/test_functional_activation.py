"""The activations' gradients against central differences (hypothesis), away from
their kinks, where the derivative is a choice rather than a limit."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tensors
from tensors.testing import tensor_gradcheck
from tensors.testing import tensors as tensors_of

F = tensors.nn.functional

# (function, its kinks): elements closer than 1e-3 to a kink are moved off it.
SMOOTH = {
    "gelu": (F.gelu, ()),
    "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"), ()),
    "silu": (F.silu, ()),
    "mish": (F.mish, ()),
    "elu": (lambda x: F.elu(x, 0.7), (0.0,)),
    "selu": (F.selu, (0.0,)),
    "celu": (lambda x: F.celu(x, 1.5), (0.0,)),
    "hardtanh": (lambda x: F.hardtanh(x, -1.5, 2.0), (-1.5, 2.0)),
    "relu6": (F.relu6, (0.0, 6.0)),
    "hardsigmoid": (F.hardsigmoid, (-3.0, 3.0)),
    "hardswish": (F.hardswish, (-3.0, 3.0)),
    "hardshrink": (lambda x: F.hardshrink(x, 0.75), (-0.75, 0.75)),
    "softshrink": (lambda x: F.softshrink(x, 0.75), (-0.75, 0.75)),
    "tanhshrink": (F.tanhshrink, ()),
    "logsigmoid": (F.logsigmoid, ()),
    "softsign": (F.softsign, (0.0,)),
    "softmin": (lambda x: F.softmin(x, -1), ()),
    "threshold": (lambda x: F.threshold(x, 0.5, -2.0), (0.5,)),
    "glu": (lambda x: F.glu(x.reshape(-1, 2)), ()),
    "rrelu": (F.rrelu, (0.0,)),
}


def _off_kinks(xs: list, kinks: tuple) -> list:
    return [x + 0.01 if any(abs(x - k) < 1e-3 for k in kinks) else x for x in xs]


@pytest.mark.parametrize("name", sorted(SMOOTH))
@given(data=st.data())
def test_activation_gradient_matches_central_differences(name, data):
    fn, kinks = SMOOTH[name]
    x = data.draw(tensors_of((2, 3), st.floats(-7.0, 7.0), dtype=tensors.float64))
    x = tensors.tensor(_off_kinks(x.reshape(-1).tolist(), kinks), dtype=tensors.float64)
    x = x.reshape(2, 3).requires_grad_()
    assert tensor_gradcheck(fn, [x], eps=1e-6, atol=1e-6, rtol=1e-5)


@given(
    tensors_of((2, 3), st.floats(-5.0, 5.0).filter(lambda v: abs(v) > 1e-3), dtype=tensors.float64),
    tensors_of((3,), st.floats(-2.0, 2.0), dtype=tensors.float64),
)
def test_prelu_gradient_in_input_and_weight_matches_central_differences(x, w):
    x.requires_grad_()
    w.requires_grad_()
    assert tensor_gradcheck(F.prelu, [x, w], eps=1e-6, atol=1e-6, rtol=1e-5)
