"""``nn.RNN``, ``nn.GRU`` and ``nn.LSTM`` against PyTorch: parameter names and shapes,
initialization bounds, outputs and final states with the same parameters copied in,
gradients of parameters, inputs and initial states, and the errors."""

from __future__ import annotations

import math

import pytest
from _outcome import errors_of

import tensors
from tensors.testing import assert_close, from_torch

torch = pytest.importorskip("torch")

CASES = [
    ("RNN", dict()),
    ("RNN", dict(nonlinearity="relu", num_layers=2)),
    ("RNN", dict(batch_first=True, bidirectional=True)),
    ("GRU", dict()),
    ("GRU", dict(num_layers=2, bidirectional=True)),
    ("GRU", dict(batch_first=True, bias=False)),
    ("LSTM", dict()),
    ("LSTM", dict(num_layers=2, batch_first=True)),
    ("LSTM", dict(bidirectional=True)),
    # projections: h is weight_hr @ (o * tanh(c)), proj_size wide
    ("LSTM", dict(proj_size=2)),
    ("LSTM", dict(proj_size=2, num_layers=2, bidirectional=True)),
    ("LSTM", dict(proj_size=3, num_layers=2, batch_first=True, bias=False)),
]


def pair(kind, kwargs, input_size=3, hidden=4):
    torch.manual_seed(0)
    theirs = getattr(torch.nn, kind)(input_size, hidden, **kwargs).double()
    ours = getattr(tensors.nn, kind)(input_size, hidden, **kwargs)
    ours.load_state_dict(theirs.state_dict())
    return ours, theirs


def flat_outputs(result):
    out, state = result
    return [out, *state] if isinstance(state, tuple) else [out, state]


@pytest.mark.parametrize("kind, kwargs", CASES)
def test_names_shapes_and_printing_are_pytorchs(kind, kwargs):
    ours, theirs = pair(kind, kwargs)
    assert [(n, tuple(p.shape)) for n, p in ours.named_parameters()] == [
        (n, tuple(p.shape)) for n, p in theirs.named_parameters()
    ]
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("kind, kwargs", CASES)
def test_initial_values_lie_within_pytorchs_bound(kind, kwargs):
    tensors.manual_seed(1)
    module = getattr(tensors.nn, kind)(3, 4, **kwargs)
    values = [v for p in module.parameters() for v in p.detach().reshape(-1).tolist()]
    assert max(abs(v) for v in values) <= 1 / math.sqrt(4)
    assert max(values) > 0.3 and min(values) < -0.3  # spread over the interval


@pytest.mark.parametrize("kind, kwargs", CASES)
@pytest.mark.parametrize("with_state", [False, True])
def test_outputs_and_gradients_match(kind, kwargs, with_state):
    ours, theirs = pair(kind, kwargs)
    directions = 2 if kwargs.get("bidirectional") else 1
    layers = kwargs.get("num_layers", 1) * directions
    torch.manual_seed(1)
    shape = (2, 5, 3) if kwargs.get("batch_first") else (5, 2, 3)
    x_t = torch.randn(*shape, dtype=torch.float64, requires_grad=True)
    x = from_torch(x_t.detach(), requires_grad=True)
    state_t, state = None, None
    if with_state:
        width = kwargs.get("proj_size", 4)
        h_t = torch.randn(layers, 2, width, dtype=torch.float64, requires_grad=True)
        h = from_torch(h_t.detach(), requires_grad=True)
        if kind == "LSTM":
            c_t = torch.randn(layers, 2, 4, dtype=torch.float64, requires_grad=True)
            c = from_torch(c_t.detach(), requires_grad=True)
            state_t, state = (h_t, c_t), (h, c)
        else:
            state_t, state = h_t, h
    theirs_out = flat_outputs(theirs(x_t, state_t))
    ours_out = flat_outputs(ours(x, state))
    for a, b in zip(ours_out, theirs_out):
        assert_close(a, b, rtol=1e-9, atol=1e-12)

    # a loss that weighs every output differently
    def loss(outs, lib):
        total = 0
        for k, o in enumerate(outs):
            w = lib.arange(o.numel(), dtype=o.dtype).reshape(o.shape) / 10 + k
            total = total + (o * w).sum()
        return total

    loss(ours_out, tensors).backward()
    loss(theirs_out, torch).backward()
    for p, q in zip(ours.parameters(), theirs.parameters()):
        assert_close(p.grad, q.grad, rtol=1e-9, atol=1e-12)
    assert_close(x.grad, x_t.grad, rtol=1e-9, atol=1e-12)
    if with_state:
        leaves = state if isinstance(state, tuple) else (state,)
        leaves_t = state_t if isinstance(state_t, tuple) else (state_t,)
        for a, b in zip(leaves, leaves_t):
            assert_close(a.grad, b.grad, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize(
    "kind, kwargs", [("RNN", {}), ("GRU", {}), ("LSTM", {}), ("LSTM", {"proj_size": 2})]
)
def test_unbatched_input(kind, kwargs):
    ours, theirs = pair(kind, dict(num_layers=2, **kwargs))
    x_t = torch.randn(6, 3, dtype=torch.float64)
    for a, b in zip(flat_outputs(ours(from_torch(x_t))), flat_outputs(theirs(x_t))):
        assert_close(a, b, rtol=1e-9, atol=1e-12)


ERRORS = [
    lambda lib: lib.nn.GRU(3, 4)(lib.ones(5, 2, 2)),
    lambda lib: lib.nn.GRU(3, 4)(lib.ones(5, 2, 3), lib.zeros(1, 3, 4)),
    lambda lib: lib.nn.RNN(3, 4)(lib.ones(5, 2, 3), lib.zeros(2, 4)),
    lambda lib: lib.nn.LSTM(3, 4)(lib.ones(5, 2, 3), (lib.zeros(1, 2, 4), lib.zeros(1, 3, 4))),
    lambda lib: lib.nn.RNN(3, 4)(lib.ones(2, 2, 2, 3)),
    lambda lib: lib.nn.RNN(3, 4, nonlinearity="gelu"),
    lambda lib: lib.nn.RNN(3, 0),
    lambda lib: lib.nn.LSTM(3, 4, dropout=2),
    lambda lib: lib.nn.LSTM(3, 4, proj_size=4),
    lambda lib: lib.nn.LSTM(3, 4, proj_size=-1),
    lambda lib: lib.nn.RNN(3, 4, proj_size=2),
    lambda lib: lib.nn.GRU(3, 4, proj_size=0),
    # with a projection, h_0 is proj_size wide and c_0 hidden_size wide
    lambda lib: lib.nn.LSTM(3, 4, proj_size=2)(
        lib.ones(5, 2, 3), (lib.zeros(1, 2, 4), lib.zeros(1, 2, 4))
    ),
    lambda lib: lib.nn.LSTM(3, 4, proj_size=2)(
        lib.ones(5, 2, 3), (lib.zeros(1, 2, 2), lib.zeros(1, 2, 2))
    ),
]


@pytest.mark.parametrize("call", ERRORS)
def test_errors_are_pytorchs(call):
    ours, theirs = errors_of(call, tensors, torch)
    assert ours == theirs


def test_dropout_between_layers_only_in_training():
    tensors.manual_seed(0)
    gru = tensors.nn.GRU(2, 3, num_layers=2, dropout=0.5)
    x = tensors.ones(4, 1, 2)
    gru.eval()
    a, b = gru(x)[0], gru(x)[0]
    assert a.tolist() == b.tolist()
    gru.train()
    outs = {tuple(gru(x)[0].reshape(-1).tolist()) for _ in range(4)}
    assert len(outs) > 1
