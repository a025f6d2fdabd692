"""tensors.nn.init and Linear's default initialisation: bounds, seeds, in-place filling."""

import math
import random

import pytest

import tensors as torch
from tensors import nn
from tensors.nn import init


def spread(t):
    values = t.flatten().tolist()
    return min(values), max(values)


@pytest.mark.parametrize("fan_in, fan_out", [(2, 16), (16, 16), (16, 1), (1, 3)])
def test_linear_default_init_is_uniform_within_one_over_sqrt_fan_in(fan_in, fan_out):
    torch.manual_seed(fan_in * 100 + fan_out)
    layer = nn.Linear(fan_in, fan_out)
    bound = 1 / math.sqrt(fan_in)
    for t in (layer.weight, layer.bias):
        lo, hi = spread(t)
        assert -bound <= lo and hi <= bound
    # many draws fill most of the interval, on both sides
    lo, hi = spread(nn.Linear(fan_in, 400).weight)
    assert lo < -0.9 * bound and hi > 0.9 * bound


def test_linear_init_is_seeded():
    torch.manual_seed(7)
    a = nn.Linear(3, 4)
    torch.manual_seed(7)
    b = nn.Linear(3, 4)
    c = nn.Linear(3, 4)
    assert torch.equal(a.weight, b.weight) and torch.equal(a.bias, b.bias)
    assert not torch.equal(a.weight, c.weight)


@pytest.mark.parametrize(
    "kwargs, gain",
    [
        ({}, math.sqrt(2 / (1 + 0.0**2))),
        ({"a": math.sqrt(5)}, math.sqrt(2 / 6)),
        ({"nonlinearity": "relu"}, math.sqrt(2)),
        ({"nonlinearity": "tanh"}, 5 / 3),
        ({"nonlinearity": "linear"}, 1.0),
    ],
)
@pytest.mark.parametrize("mode", ["fan_in", "fan_out"])
def test_kaiming_uniform_bound(kwargs, gain, mode):
    w = torch.empty(200, 8)
    assert init.kaiming_uniform_(w, mode=mode, **kwargs) is w
    fan = 8 if mode == "fan_in" else 200
    bound = gain * math.sqrt(3 / fan)
    lo, hi = spread(w)
    assert -bound <= lo and hi <= bound
    assert lo < -0.9 * bound and hi > 0.9 * bound


def test_kaiming_normal_scale():
    torch.manual_seed(0)
    w = init.kaiming_normal_(torch.empty(100, 50), nonlinearity="relu")
    values = w.flatten().tolist()
    std = math.sqrt(sum(v * v for v in values) / len(values))
    assert std == pytest.approx(math.sqrt(2 / 50), rel=0.05)


def test_xavier_uniform_bound():
    w = init.xavier_uniform_(torch.empty(30, 20), gain=2.0)
    bound = 2.0 * math.sqrt(6 / 50)
    lo, hi = spread(w)
    assert -bound <= lo and hi <= bound
    assert lo < -0.9 * bound and hi > 0.9 * bound
    w = init.xavier_normal_(torch.empty(100, 100))
    values = w.flatten().tolist()
    assert math.sqrt(sum(v * v for v in values) / len(values)) == pytest.approx(0.1, rel=0.05)


def test_fan_of_higher_dimensional_weights():
    assert init._calculate_fan_in_and_fan_out(torch.empty(4, 3, 5)) == (15, 20)


def test_constant_fills():
    w = torch.empty(2, 3)
    assert init.ones_(w).tolist() == [[1.0] * 3] * 2
    assert init.zeros_(w).tolist() == [[0.0] * 3] * 2
    assert init.constant_(w, -0.5).tolist() == [[-0.5] * 3] * 2


def test_uniform_and_normal():
    torch.manual_seed(0)
    lo, hi = spread(init.uniform_(torch.empty(500), -0.2, 0.3))
    assert -0.2 <= lo < -0.18 and 0.28 < hi < 0.3
    values = init.normal_(torch.empty(2000), mean=1.0, std=0.5).tolist()
    mean = sum(values) / len(values)
    assert mean == pytest.approx(1.0, abs=0.05)
    assert math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)) == pytest.approx(
        0.5, rel=0.05
    )


def test_generator_argument_is_used_and_leaves_the_global_seed_alone():
    torch.manual_seed(0)
    expected = torch.rand(3).tolist()
    torch.manual_seed(0)
    a = init.uniform_(torch.empty(4), generator=random.Random(5))
    b = init.kaiming_uniform_(torch.empty(2, 2), generator=random.Random(5))
    assert torch.rand(3).tolist() == expected
    assert a.tolist() == init.uniform_(torch.empty(4), generator=random.Random(5)).tolist()
    assert b.shape == (2, 2)


def test_init_of_a_parameter_keeps_it_a_trainable_leaf():
    layer = nn.Linear(2, 2)
    w = layer.weight
    values = w.values()
    init.xavier_uniform_(layer.weight)
    init.zeros_(layer.bias)
    assert layer.weight is w and w.is_leaf and w.requires_grad and w.grad_fn is None
    assert all(a is b for a, b in zip(w.values(), values))
    layer(torch.ones(1, 2)).sum().backward()
    assert w.grad.tolist() == [[1.0, 1.0], [1.0, 1.0]]


def test_calculate_gain():
    assert init.calculate_gain("sigmoid") == 1
    assert init.calculate_gain("relu") == math.sqrt(2)
    assert init.calculate_gain("leaky_relu", 0.2) == math.sqrt(2 / 1.04)
    assert init.calculate_gain("selu") == 0.75


def test_errors():
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.kaiming_uniform_(torch.empty(3))
    with pytest.raises(ValueError, match="Mode fan_up not supported"):
        init.kaiming_uniform_(torch.empty(3, 3), mode="fan_up")
    with pytest.raises(ValueError, match="Unsupported nonlinearity softsign"):
        init.calculate_gain("softsign")
    with pytest.raises(ValueError, match="negative_slope True not a valid number"):
        init.calculate_gain("leaky_relu", True)
    with pytest.warns(UserWarning, match="Initializing zero-element tensors is a no-op"):
        init.kaiming_uniform_(torch.empty(0, 3))


def test_gains_and_messages_match_torch():
    real = pytest.importorskip("torch")
    for name, param in [
        ("linear", None),
        ("conv2d", None),
        ("sigmoid", None),
        ("tanh", None),
        ("relu", None),
        ("leaky_relu", None),
        ("leaky_relu", 0.3),
        ("leaky_relu", 2),
        ("selu", None),
    ]:
        assert init.calculate_gain(name, param) == real.nn.init.calculate_gain(name, param)
    for call in [
        lambda lib: lib.nn.init.kaiming_uniform_(lib.empty(3)),
        lambda lib: lib.nn.init.kaiming_uniform_(lib.empty(3, 3), mode="fan_up"),
        lambda lib: lib.nn.init.calculate_gain("softsign"),
        lambda lib: lib.nn.init.xavier_uniform_(lib.empty(2)),
    ]:
        with pytest.raises(ValueError) as ours:
            call(torch)
        with pytest.raises(ValueError) as theirs:
            call(real)
        assert str(ours.value) == str(theirs.value)
