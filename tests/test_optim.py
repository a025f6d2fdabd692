"""tensors.optim: update rules by hand, bookkeeping, zero_grad, closures, state_dict."""

import doctest
import math

import pytest

import tensors as torch
from tensors import nn, optim
from tensors.optim import adam, optimizer, sgd


@pytest.mark.parametrize("mod", [optim, optimizer, sgd, adam])
def test_module_doctests(mod):
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0


def quadratic_step(opt, p):
    opt.zero_grad()
    loss = (p * p).sum() / 2  # gradient is p itself
    loss.backward()
    opt.step()


def test_sgd_rules_by_hand():
    p = nn.Parameter(torch.tensor([1.0]))
    opt = optim.SGD([p], lr=0.1, momentum=0.9, dampening=0.5, weight_decay=0.1)
    x, buf = 1.0, None
    for _ in range(3):
        quadratic_step(opt, p)
        g = x + 0.1 * x
        buf = g if buf is None else 0.9 * buf + 0.5 * g
        x -= 0.1 * buf
        assert p.item() == pytest.approx(x, rel=1e-15)


def test_nesterov_by_hand():
    p = nn.Parameter(torch.tensor([2.0]))
    opt = optim.SGD([p], lr=0.1, momentum=0.5, nesterov=True)
    x, buf = 2.0, None
    for _ in range(3):
        quadratic_step(opt, p)
        buf = x if buf is None else 0.5 * buf + x
        x -= 0.1 * (x + 0.5 * buf)
        assert p.item() == pytest.approx(x, rel=1e-15)


def test_adam_rule_by_hand():
    p = nn.Parameter(torch.tensor([0.5]))
    opt = optim.Adam([p], lr=0.1, betas=(0.8, 0.9), eps=1e-6)
    x, m, v = 0.5, 0.0, 0.0
    for t in range(1, 4):
        quadratic_step(opt, p)
        g = x
        m = m + 0.2 * (g - m)
        v = 0.9 * v + 0.1 * g * g
        x -= 0.1 / (1 - 0.8**t) * m / (math.sqrt(v) / math.sqrt(1 - 0.9**t) + 1e-6)
        assert p.item() == pytest.approx(x, rel=1e-14)
    assert opt.state[p]["step"].item() == 3.0


def test_step_keeps_parameters_as_the_same_leaves():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    params = list(model.parameters())
    values = [p.values() for p in params]
    opt = optim.Adam(model.parameters(), lr=0.1)
    model(torch.ones(4, 2)).sum().backward()
    opt.step()
    for p, vs in zip(model.parameters(), values):
        assert any(p is q for q in params)
        assert p.is_leaf and p.requires_grad and p.grad_fn is None
        assert all(a is b for a, b in zip(p.values(), vs))  # changed in place
    assert params[0].grad is not None  # step leaves .grad alone
    model(torch.ones(4, 2)).sum().backward()  # the model still trains
    opt.step()


def test_step_records_no_graph():
    p = nn.Parameter(torch.tensor([1.0, 2.0]))
    opt = optim.SGD([p], lr=0.1, momentum=0.9)
    (p * p).sum().backward()
    opt.step()
    assert p.grad_fn is None
    assert not opt.state[p]["momentum_buffer"].requires_grad
    assert not any(v.parents for v in p.values())


def test_zero_grad_modes():
    p = nn.Parameter(torch.ones(2))
    opt = optim.SGD([p], lr=0.1)
    p.sum().backward()
    grad = p.grad
    opt.zero_grad(set_to_none=False)
    assert p.grad is grad and p.grad.tolist() == [0.0, 0.0]
    opt.zero_grad()
    assert p.grad is None
    opt.zero_grad()  # no grad at all is fine


def test_closure_is_called_with_grad_enabled_and_its_loss_returned():
    p = nn.Parameter(torch.tensor([3.0]))
    opt = optim.SGD([p], lr=0.5)

    def closure():
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    with torch.no_grad():
        loss = opt.step(closure)
    assert loss.item() == 9.0
    assert p.item() == 0.0


def test_float64_parameters_keep_their_dtype():
    p = nn.Parameter(torch.tensor([1.0], dtype=torch.float64))
    opt = optim.Adam([p])
    p.sum().backward()
    opt.step()
    assert p.dtype == torch.float64
    assert opt.state[p]["exp_avg"].dtype == torch.float64


def test_state_dict_structure():
    torch.manual_seed(0)
    layer = nn.Linear(2, 1)
    opt = optim.Adam(layer.parameters(), lr=0.01)
    layer(torch.ones(1, 2)).sum().backward()
    opt.step()
    sd = opt.state_dict()
    assert list(sd) == ["state", "param_groups"]
    assert list(sd["state"]) == [0, 1]
    assert list(sd["state"][0]) == ["step", "exp_avg", "exp_avg_sq"]
    assert sd["param_groups"][0]["params"] == [0, 1]
    assert sd["param_groups"][0]["lr"] == 0.01


def test_load_state_dict_checks_groups():
    a = nn.Parameter(torch.ones(1))
    b = nn.Parameter(torch.ones(1))
    opt = optim.SGD([a, b], lr=0.1)
    other = optim.SGD([a], lr=0.1)
    with pytest.raises(ValueError, match="doesn't match the size of optimizer's group"):
        opt.load_state_dict(other.state_dict())
    two = optim.SGD([{"params": [a]}, {"params": [b]}], lr=0.1)
    with pytest.raises(ValueError, match="different number of parameter groups"):
        opt.load_state_dict(two.state_dict())


def test_load_state_dict_copies_the_state():
    a = nn.Parameter(torch.ones(2))
    opt = optim.SGD([a], lr=0.1, momentum=0.9)
    a.sum().backward()
    opt.step()
    b = nn.Parameter(torch.ones(2))
    twin = optim.SGD([b], lr=0.1, momentum=0.9)
    twin.load_state_dict(opt.state_dict())
    assert twin.state[b]["momentum_buffer"].tolist() == [1.0, 1.0]
    assert twin.state[b]["momentum_buffer"] is not opt.state[a]["momentum_buffer"]
    assert twin.param_groups[0]["params"][0] is b


def test_errors_without_torch():
    with pytest.raises(ValueError, match="optimizer got an empty parameter list"):
        optim.SGD([], lr=0.1)
    with pytest.raises(ValueError, match="can't optimize a non-leaf Tensor"):
        optim.Adam([torch.ones(2, requires_grad=True) * 2])
    p = nn.Parameter(torch.ones(1))
    with pytest.raises(ValueError, match="some parameters appear in more than one"):
        optim.SGD([{"params": [p]}, {"params": [p]}], lr=0.1)
    with pytest.warns(UserWarning, match="duplicate parameters"):
        optim.SGD([p, p], lr=0.1)
    with pytest.raises(NotImplementedError):
        optim.Optimizer([p], {}).step()


def test_repr():
    opt = optim.SGD([nn.Parameter(torch.ones(1))], lr=0.1)
    assert repr(opt) == (
        "SGD (\n"
        "Parameter Group 0\n"
        "    dampening: 0\n"
        "    differentiable: False\n"
        "    foreach: None\n"
        "    fused: None\n"
        "    lr: 0.1\n"
        "    maximize: False\n"
        "    momentum: 0\n"
        "    nesterov: False\n"
        "    weight_decay: 0\n"
        ")"
    )


def _adam_run(fast: bool, monkeypatch, name: str, **kw) -> tuple:
    torch.manual_seed(0)
    ps = [nn.Parameter(torch.randn(3, 4)), nn.Parameter(torch.randn(5, dtype=torch.float64))]
    opt = getattr(optim, name)(ps, **kw)
    with monkeypatch.context() as m:
        if not fast:  # every update through the tensor ops
            m.setattr(adam, "_plain", lambda *ts: False)
        for _ in range(4):
            opt.zero_grad()
            sum((p * p * p).sum() for p in ps).backward()
            opt.step()
    states = [s[k] for s in opt.state.values() for k in ("exp_avg", "exp_avg_sq")]
    numbers = [v.data for t in ps + states for v in t.values()]
    return numbers, [t._version for t in ps + states]


@pytest.mark.parametrize(
    "name, kw",
    [
        ("Adam", {}),
        ("Adam", {"weight_decay": 0.1}),
        ("Adam", {"maximize": True, "weight_decay": 0.2}),
        ("Adam", {"betas": (0.3, 0.9)}),  # lerp's other formula
        ("Adam", {"eps": 0.0, "lr": 0.5}),
        ("AdamW", {}),
        ("AdamW", {"weight_decay": 0.0}),
    ],
)
def test_adam_on_numbers_is_the_tensor_ops_float_for_float(monkeypatch, name, kw):
    # The update on plain numbers must give the very floats (and versions) of the ops.
    fast = _adam_run(True, monkeypatch, name, **kw)
    assert fast == _adam_run(False, monkeypatch, name, **kw)
    assert fast[0] != _adam_run(True, monkeypatch, name, **{**kw, "lr": 0.25})[0]
