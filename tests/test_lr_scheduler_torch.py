"""tensors.optim.lr_scheduler against torch.optim.lr_scheduler: the same rates epoch by epoch,
the same state_dict, warnings and errors, and the same parameters when a schedule drives an
optimizer."""

import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tensors
from tensors import optim

torch = pytest.importorskip("torch")


class Halve:
    """A callable object: LambdaLR saves its __dict__ in state_dict."""

    def __init__(self):
        self.factor = 0.5

    def __call__(self, epoch):
        return self.factor**epoch


SCHEDULES = [
    ("StepLR", {"step_size": 2}),
    ("StepLR", {"step_size": 3, "gamma": 0.5}),
    ("ExponentialLR", {"gamma": 0.9}),
    ("LambdaLR", {"lr_lambda": lambda epoch: 1 / (epoch + 1)}),
    ("LambdaLR", {"lr_lambda": [lambda e: 0.95**e, lambda e: 1 + e]}),
    ("LambdaLR", {"lr_lambda": Halve()}),
]


def two_groups(lib):
    a = lib.nn.Parameter(lib.tensor([1.0, -2.0], dtype=lib.float64))
    b = lib.nn.Parameter(lib.tensor([0.5], dtype=lib.float64))
    return [a, b]


def make(lib, name, kwargs, opt_name="SGD"):
    params = two_groups(lib)
    opt_mod = optim if lib is tensors else torch.optim
    opt = getattr(opt_mod, opt_name)(
        [{"params": [params[0]]}, {"params": [params[1]], "lr": 0.3}], lr=0.1
    )
    sched = getattr(opt_mod.lr_scheduler, name)(opt, **kwargs)
    return params, opt, sched


def comparable(state):
    return {k: v for k, v in state.items() if k != "lr_lambdas"}


@pytest.mark.parametrize("name, kwargs", SCHEDULES, ids=lambda x: x if isinstance(x, str) else "")
def test_rates_epoch_by_epoch(name, kwargs):
    ours_p, ours_opt, ours = make(tensors, name, kwargs)
    theirs_p, theirs_opt, theirs = make(torch, name, kwargs)
    assert ours_opt.param_groups[0]["initial_lr"] == theirs_opt.param_groups[0]["initial_lr"]
    for _ in range(8):
        for params, opt in ((ours_p, ours_opt), (theirs_p, theirs_opt)):
            opt.zero_grad()
            sum((p * p).sum() for p in params).backward()
            opt.step()
        ours.step()
        theirs.step()
        assert ours.get_last_lr() == theirs.get_last_lr()
        assert [g["lr"] for g in ours_opt.param_groups] == [
            g["lr"] for g in theirs_opt.param_groups
        ]
        assert sum((p.tolist() for p in ours_p), []) == pytest.approx(
            sum((p.tolist() for p in theirs_p), []), rel=1e-12
        )
    assert comparable(ours.state_dict()) == comparable(theirs.state_dict())
    assert (
        ours.state_dict()["lr_lambdas" if name == "LambdaLR" else "last_epoch"]
        == (theirs.state_dict()["lr_lambdas" if name == "LambdaLR" else "last_epoch"])
    )


@pytest.mark.parametrize("opt_name", ["Adam", "RMSprop", "Adagrad", "AdamW"])
def test_a_schedule_drives_each_optimizer_the_same_way(opt_name):
    ours_p, ours_opt, ours = make(tensors, "StepLR", {"step_size": 2, "gamma": 0.5}, opt_name)
    theirs_p, theirs_opt, theirs = make(torch, "StepLR", {"step_size": 2, "gamma": 0.5}, opt_name)
    for _ in range(6):
        for params, opt, sched in ((ours_p, ours_opt, ours), (theirs_p, theirs_opt, theirs)):
            opt.zero_grad()
            (sum((p * p).sum() for p in params) + params[0][0] * params[1][0]).backward()
            opt.step()
            sched.step()
    for a, b in zip(ours_p, theirs_p):
        assert a.tolist() == pytest.approx(b.tolist(), rel=1e-12)


def test_state_dict_round_trip_continues_the_schedule():
    _, opt, sched = make(tensors, "StepLR", {"step_size": 2, "gamma": 0.5})
    for _ in range(3):
        opt.step()
        sched.step()
    saved = sched.state_dict()
    _, opt2, sched2 = make(tensors, "StepLR", {"step_size": 5})
    sched2.load_state_dict(saved)
    opt2.load_state_dict(opt.state_dict())  # the chained rates live in the optimizer
    for _ in range(3):
        for o, s in ((opt, sched), (opt2, sched2)):
            o.step()
            s.step()
    assert sched2.get_last_lr() == sched.get_last_lr()


def caught(fn):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        fn()
    return [str(w.message) for w in seen]


def test_warnings_match_torch():
    ours_p, ours_opt, ours = make(tensors, "ExponentialLR", {"gamma": 0.5})
    theirs_p, theirs_opt, theirs = make(torch, "ExponentialLR", {"gamma": 0.5})
    # stepping the schedule before the optimizer
    first = caught(ours.step)
    assert first == caught(theirs.step) and "before `optimizer.step()`" in first[0]
    assert len(caught(ours.step)) == 0
    # reading get_lr outside step
    outside = caught(ours.get_lr)
    assert outside == caught(theirs.get_lr) and "get_last_lr()" in outside[0]
    # the deprecated epoch argument, which uses the closed form
    assert caught(lambda: ours.step(5)) == caught(lambda: theirs.step(5))
    assert ours.get_last_lr() == theirs.get_last_lr()


def test_errors_match_torch():
    for make_bad in (
        lambda lib, m: m.lr_scheduler.StepLR([lib.ones(1)], 2),
        lambda lib, m: m.lr_scheduler.LambdaLR(
            m.SGD([lib.nn.Parameter(lib.ones(1))], lr=0.1), [lambda e: 1.0] * 2
        ),
        lambda lib, m: m.lr_scheduler.StepLR(
            m.SGD([lib.nn.Parameter(lib.ones(1))], lr=0.1), 2, last_epoch=3
        ),
    ):
        with pytest.raises(Exception) as theirs:
            make_bad(torch, torch.optim)
        with pytest.raises(Exception) as ours:
            make_bad(tensors, optim)
        assert type(ours.value) is type(theirs.value)
        assert str(ours.value) == str(theirs.value)


@given(
    step_size=st.integers(1, 5),
    gamma=st.floats(0.05, 1.5),
    epochs=st.integers(0, 12),
    lr=st.floats(1e-4, 1.0),
)
def test_step_and_exponential_rates_match_torch_for_any_settings(step_size, gamma, epochs, lr):
    def rates(lib, name, kwargs):
        opt_mod = optim if lib is tensors else torch.optim
        opt = opt_mod.SGD([lib.nn.Parameter(lib.ones(1))], lr=lr)
        sched = getattr(opt_mod.lr_scheduler, name)(opt, **kwargs)
        out = []
        for _ in range(epochs):
            opt.step()
            sched.step()
            out.append(sched.get_last_lr()[0])
        return out

    for name, kwargs in (
        ("StepLR", {"step_size": step_size, "gamma": gamma}),
        ("ExponentialLR", {"gamma": gamma}),
        ("LambdaLR", {"lr_lambda": lambda e: gamma ** (e // step_size)}),
    ):
        assert rates(tensors, name, kwargs) == rates(torch, name, kwargs)
