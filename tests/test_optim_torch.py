"""tensors.optim against torch.optim: same start, same gradients, same parameters after 10 steps."""

import copy
import math

import pytest

import tensors
from tensors import nn, optim

torch = pytest.importorskip("torch")

STEPS = 10

SGD_CONFIGS = [
    {"lr": 0.01},
    {"lr": 0.01, "momentum": 0.9},
    {"lr": 0.01, "momentum": 0.9, "dampening": 0.5},
    {"lr": 0.01, "momentum": 0.9, "nesterov": True},
    {"lr": 0.01, "weight_decay": 0.1},
    {"lr": 0.02, "momentum": 0.5, "weight_decay": 0.1, "nesterov": True},
    {"lr": 0.01, "momentum": 0.9, "maximize": True},
]
ADAM_CONFIGS = [
    {},
    {"lr": 0.01},
    {"lr": 0.01, "betas": (0.8, 0.99)},
    {"lr": 0.01, "eps": 1e-3},
    {"lr": 0.01, "weight_decay": 0.1},
    {"lr": 0.01, "amsgrad": True},
    {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True},
    {"lr": 0.01, "maximize": True},
]
RMSPROP_CONFIGS = [
    {},
    {"lr": 0.005, "alpha": 0.9},
    {"lr": 0.005, "eps": 1e-3},
    {"lr": 0.005, "weight_decay": 0.1},
    {"lr": 0.005, "momentum": 0.9},
    {"lr": 0.005, "centered": True},
    {"lr": 0.005, "centered": True, "momentum": 0.5, "weight_decay": 0.05},
    {"lr": 0.005, "maximize": True},
]
ADAGRAD_CONFIGS = [
    {},
    {"lr": 0.1},
    {"lr": 0.1, "lr_decay": 0.05},
    {"lr": 0.1, "weight_decay": 0.1},
    {"lr": 0.1, "initial_accumulator_value": 0.5},
    {"lr": 0.1, "eps": 1e-3},
    {"lr": 0.1, "maximize": True},
]
CASES = (
    [("SGD", c) for c in SGD_CONFIGS]
    + [("Adam", c) for c in ADAM_CONFIGS]
    + [("AdamW", {"lr": 0.01}), ("AdamW", {"lr": 0.01, "amsgrad": True})]
    + [("AdamW", {"lr": 0.01, "weight_decay": 0.5, "maximize": True})]
    + [("RMSprop", c) for c in RMSPROP_CONFIGS]
    + [("Adagrad", c) for c in ADAGRAD_CONFIGS]
)


def case_id(case):
    name, config = case
    return name + "-" + ",".join(f"{k}={v}" for k, v in config.items())


# -- two small problems, written once for either library ------------------------------


def curved_start(lib):
    """A bent valley (Rosenbrock-like) in x and a quadratic in W."""
    x = lib.nn.Parameter(lib.tensor([-0.5, 0.8], dtype=lib.float64))
    w = lib.nn.Parameter(lib.tensor([[0.3, -0.2, 0.1], [0.5, 0.4, -0.6]], dtype=lib.float64))
    return [x, w]


def curved_loss(lib, params):
    x, w = params
    return (1 - x[0]) ** 2 + 5 * (x[1] - x[0] ** 2) ** 2 + 0.5 * (w * w).sum() + (w.sum() - 1) ** 2


XS = [[0.3, -1.2], [2.0, 0.5], [-0.7, 0.1], [1.1, 1.9], [0.0, -0.4]]
YS = [[1.0], [0.0], [1.0], [0.0], [1.0]]


def mlp_pair():
    """A 2-8-1 tanh MLP in each library, ours loaded with torch's initial weights."""
    torch.manual_seed(0)
    theirs = torch.nn.Sequential(
        torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1)
    ).double()
    ours = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
    ours.load_state_dict(theirs.state_dict())
    return ours, theirs


def mlp_loss(lib, model):
    out = model(lib.tensor(XS, dtype=lib.float64 if lib is torch else None))
    target = lib.tensor(YS, dtype=lib.float64 if lib is torch else None)
    return lib.nn.functional.binary_cross_entropy_with_logits(out, target)


def flat(t):
    return t.detach().flatten().tolist()


def run(lib, opt, params, loss_fn, record):
    for _ in range(STEPS):
        opt.zero_grad()
        loss = loss_fn()
        loss.backward()
        record.append([flat(p.grad) for p in params])
        opt.step()


def assert_close_lists(ours, theirs, rel=1e-11, abs_=1e-13):
    for a, b in zip(ours, theirs):
        assert a == pytest.approx(b, rel=rel, abs=abs_)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_trajectory_on_a_curved_valley(case):
    name, config = case
    ours_p, theirs_p = curved_start(tensors), curved_start(torch)
    ours = getattr(optim, name)(ours_p, **config)
    theirs = getattr(torch.optim, name)(theirs_p, **config)
    g_ours, g_theirs = [], []
    run(tensors, ours, ours_p, lambda: curved_loss(tensors, ours_p), g_ours)
    run(torch, theirs, theirs_p, lambda: curved_loss(torch, theirs_p), g_theirs)
    for step in range(STEPS):
        assert_close_lists(g_ours[step], g_theirs[step])
    assert_close_lists([flat(p) for p in ours_p], [flat(p) for p in theirs_p])
    # the parameters moved: the comparison is not of two untouched starts
    assert flat(ours_p[0]) != [-0.5, 0.8]
    compare_state(ours, theirs)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_trajectory_of_an_mlp(case):
    name, config = case
    ours_m, theirs_m = mlp_pair()
    ours = getattr(optim, name)(ours_m.parameters(), **config)
    theirs = getattr(torch.optim, name)(theirs_m.parameters(), **config)
    g_ours, g_theirs = [], []
    run(tensors, ours, list(ours_m.parameters()), lambda: mlp_loss(tensors, ours_m), g_ours)
    run(torch, theirs, list(theirs_m.parameters()), lambda: mlp_loss(torch, theirs_m), g_theirs)
    for step in range(STEPS):
        assert_close_lists(g_ours[step], g_theirs[step])
    assert_close_lists(
        [flat(p) for p in ours_m.parameters()], [flat(p) for p in theirs_m.parameters()]
    )
    compare_state(ours, theirs)


def compare_state(ours, theirs):
    a, b = ours.state_dict(), theirs.state_dict()
    assert a["param_groups"] == b["param_groups"]
    assert a["state"].keys() == b["state"].keys()
    for i in a["state"]:
        assert a["state"][i].keys() == b["state"][i].keys()
        for key, value in a["state"][i].items():
            if key == "step":
                assert value.item() == b["state"][i][key].item()
            else:
                assert flat(value) == pytest.approx(flat(b["state"][i][key]), rel=1e-10, abs=1e-13)


def test_parameter_groups_with_their_own_settings():
    def make(lib, mod):
        params = curved_start(lib)
        opt = mod.SGD(
            [
                {"params": [params[0]], "lr": 0.02, "momentum": 0.9},
                {"params": [params[1]], "nesterov": True, "momentum": 0.5},
            ],
            lr=0.01,
        )
        return params, opt

    ours_p, ours = make(tensors, optim)
    theirs_p, theirs = make(torch, torch.optim)
    run(tensors, ours, ours_p, lambda: curved_loss(tensors, ours_p), [])
    run(torch, theirs, theirs_p, lambda: curved_loss(torch, theirs_p), [])
    assert_close_lists([flat(p) for p in ours_p], [flat(p) for p in theirs_p])
    compare_state(ours, theirs)
    assert repr(ours) == repr(theirs)


def test_adam_groups_and_added_group():
    def make(lib, mod):
        params = curved_start(lib)
        opt = mod.Adam([params[0]], lr=0.05, betas=(0.85, 0.995))
        opt.add_param_group({"params": params[1], "lr": 0.01, "amsgrad": True})
        return params, opt

    ours_p, ours = make(tensors, optim)
    theirs_p, theirs = make(torch, torch.optim)
    run(tensors, ours, ours_p, lambda: curved_loss(tensors, ours_p), [])
    run(torch, theirs, theirs_p, lambda: curved_loss(torch, theirs_p), [])
    assert_close_lists([flat(p) for p in ours_p], [flat(p) for p in theirs_p])
    compare_state(ours, theirs)
    assert repr(ours) == repr(theirs)


def test_parameters_without_grad_are_skipped_as_in_torch():
    def make(lib, mod):
        params = curved_start(lib)
        return params, mod.Adam(params, lr=0.1)

    for lib, mod in ((tensors, optim), (torch, torch.optim)):
        params, opt = make(lib, mod)
        before = flat(params[1])
        (params[0] ** 2).sum().backward()
        opt.step()
        assert flat(params[1]) == before
        assert list(opt.state_dict()["state"]) == [0]


def test_state_dict_roundtrip_continues_the_same_trajectory():
    start = curved_start(tensors)
    opt = optim.Adam(start, lr=0.01, amsgrad=True)
    run(tensors, opt, start, lambda: curved_loss(tensors, start), [])
    # A copy, as torch.save and torch.load give: load_state_dict itself keeps the
    # state's tensors (the two optimizers would share their buffers, as in PyTorch).
    saved = copy.deepcopy(opt.state_dict())
    twin_p = [nn.Parameter(p.detach()) for p in start]
    twin = optim.Adam(twin_p, lr=0.5)
    twin.load_state_dict(saved)
    assert twin.param_groups[0]["lr"] == 0.01
    run(tensors, opt, start, lambda: curved_loss(tensors, start), [])
    run(tensors, twin, twin_p, lambda: curved_loss(tensors, twin_p), [])
    assert [flat(p) for p in twin_p] == [flat(p) for p in start]
    # torch's optimizer takes our state dict's shape too
    theirs_p = [torch.nn.Parameter(torch.tensor(p.tolist(), dtype=torch.float64)) for p in start]
    theirs = torch.optim.Adam(theirs_p)
    state = {
        "state": {
            i: {
                k: torch.tensor(v.tolist(), dtype=torch.float64 if k != "step" else torch.float32)
                for k, v in s.items()
            }
            for i, s in opt.state_dict()["state"].items()
        },
        "param_groups": opt.state_dict()["param_groups"],
    }
    theirs.load_state_dict(state)
    run(tensors, opt, start, lambda: curved_loss(tensors, start), [])
    run(torch, theirs, theirs_p, lambda: curved_loss(torch, theirs_p), [])
    assert_close_lists([flat(p) for p in start], [flat(p) for p in theirs_p])


BAD = [
    ("SGD", {"lr": -0.1}),
    ("SGD", {"lr": 0.1, "momentum": -1}),
    ("SGD", {"lr": 0.1, "weight_decay": -1}),
    ("SGD", {"lr": 0.1, "nesterov": True}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "nesterov": True}),
    ("Adam", {"lr": -1}),
    ("Adam", {"eps": -1}),
    ("Adam", {"betas": (1.0, 0.9)}),
    ("Adam", {"betas": (0.9, -0.1)}),
    ("Adam", {"weight_decay": -0.5}),
    ("Adam", {"betas": (0, 0.9)}),
    ("RMSprop", {"lr": -1}),
    ("RMSprop", {"eps": -1}),
    ("RMSprop", {"momentum": -1}),
    ("RMSprop", {"weight_decay": -1}),
    ("RMSprop", {"alpha": -1}),
    ("Adagrad", {"lr": -1}),
    ("Adagrad", {"lr_decay": -1}),
    ("Adagrad", {"weight_decay": -1}),
    ("Adagrad", {"initial_accumulator_value": -1}),
    ("Adagrad", {"eps": -1}),
]


@pytest.mark.parametrize("name, kwargs", BAD)
def test_bad_settings_raise_torchs_messages(name, kwargs):
    with pytest.raises(ValueError) as theirs:
        getattr(torch.optim, name)([torch.nn.Parameter(torch.ones(1))], **kwargs)
    with pytest.raises(ValueError) as ours:
        getattr(optim, name)([nn.Parameter(tensors.ones(1))], **kwargs)
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize(
    "make",
    [
        lambda lib: [],
        lambda lib: lib.nn.Parameter(lib.ones(2)),
        lambda lib: [lib.ones(2, requires_grad=True) * 2],
        lambda lib: [3.0],
        lambda lib: [{"params": {lib.nn.Parameter(lib.ones(2))}}],
        lambda lib: [{"params": [p]} for p in [lib.nn.Parameter(lib.ones(2))] * 2],
    ],
)
def test_bad_params_raise_torchs_messages(make):
    with pytest.raises((ValueError, TypeError)) as theirs:
        torch.optim.SGD(make(torch), lr=0.1)
    with pytest.raises((ValueError, TypeError)) as ours:
        optim.SGD(make(tensors), lr=0.1)
    assert type(ours.value) is type(theirs.value)
    assert str(ours.value) == str(theirs.value)


def test_named_parameters_are_accepted_as_in_torch():
    ours_m, theirs_m = mlp_pair()
    ours = optim.SGD(ours_m.named_parameters(), lr=0.1)
    theirs = torch.optim.SGD(theirs_m.named_parameters(), lr=0.1)
    assert ours.state_dict()["param_groups"] == theirs.state_dict()["param_groups"]


def test_defaults_match_torch():
    p = [nn.Parameter(tensors.ones(1))]
    q = [torch.nn.Parameter(torch.ones(1))]
    for name in ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad"):
        assert getattr(optim, name)(p).defaults == getattr(torch.optim, name)(q).defaults
    assert math.isclose(optim.Adam(p).defaults["eps"], 1e-8)
