"""tensors.nn against torch.nn: same structure, same names, printing, messages and values."""

import math
from collections import OrderedDict

import pytest

import tensors
from tensors import nn

torch = pytest.importorskip("torch")


def build(lib):
    """The same model in either library: nested containers, a parameter and a buffer."""

    class Net(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.body = lib.nn.Sequential(
                lib.nn.Linear(2, 3), lib.nn.Tanh(), lib.nn.Linear(3, 4, bias=False)
            )
            self.scale = lib.nn.Parameter(lib.ones(2))
            self.register_buffer("running", lib.zeros(1))
            self.heads = lib.nn.ModuleList([lib.nn.Linear(4, 1), lib.nn.Linear(4, 1)])
            self.act = lib.nn.Sequential(
                OrderedDict(relu=lib.nn.ReLU(inplace=True), flat=lib.nn.Flatten())
            )

        def forward(self, x):
            h = self.body(x * self.scale)
            return self.heads[0](h) + self.heads[1](self.act(h))

    return Net()


def test_names_and_counts_match_torch():
    ours, theirs = build(tensors), build(torch)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert [n for n, _ in ours.named_modules()] == [n for n, _ in theirs.named_modules()]
    assert [n for n, _ in ours.named_buffers()] == [n for n, _ in theirs.named_buffers()]
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [p.shape for p in ours.parameters()] == [tuple(p.shape) for p in theirs.parameters()]


def test_repr_matches_torch():
    assert repr(build(tensors)) == repr(build(torch))
    for make in [
        lambda lib: lib.nn.Sequential(
            lib.nn.Linear(8, 16), lib.nn.ReLU(), lib.nn.Linear(16, 1), lib.nn.Sigmoid()
        ),
        lambda lib: lib.nn.ModuleList([lib.nn.ReLU(), lib.nn.ReLU(), lib.nn.Tanh()]),
        lambda lib: lib.nn.ModuleList([]),
        lambda lib: lib.nn.Identity(),
        lambda lib: lib.nn.LeakyReLU(0.2, inplace=True),
        lambda lib: lib.nn.Softmax(dim=1),
        lambda lib: lib.nn.LogSoftmax(dim=-1),
        lambda lib: lib.nn.MSELoss(reduction="sum"),
        lambda lib: lib.nn.L1Loss(),
        lambda lib: lib.nn.BCELoss(),
        lambda lib: lib.nn.BCEWithLogitsLoss(),
        lambda lib: lib.nn.CrossEntropyLoss(),
        lambda lib: lib.nn.NLLLoss(),
        lambda lib: lib.nn.Flatten(0, 1),
        lambda lib: lib.nn.Module(),
    ]:
        assert repr(make(tensors)) == repr(make(torch))


def test_parameter_repr_matches_torch():
    for data, rg in [([1.0, 2.0], True), ([[0.5, -1.0]], False), (3.0, True)]:
        ours = nn.Parameter(tensors.tensor(data), requires_grad=rg)
        theirs = torch.nn.Parameter(torch.tensor(data), requires_grad=rg)
        assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("shape", [(4, 3), (3,), (2, 4, 3), (1, 1), ()])
def test_linear_bad_width_messages_match_torch(shape):
    with pytest.raises(RuntimeError) as theirs:
        torch.nn.Linear(2, 16)(torch.ones(shape))
    with pytest.raises(RuntimeError) as ours:
        nn.Linear(2, 16)(tensors.ones(shape))
    assert str(ours.value) == str(theirs.value)


def test_linear_dtype_message_matches_torch():
    with pytest.raises(RuntimeError) as theirs:
        torch.nn.Linear(2, 16)(torch.tensor([[1, 2]]))
    with pytest.raises(RuntimeError) as ours:
        nn.Linear(2, 16)(tensors.tensor([[1, 2]]))
    assert str(ours.value) == str(theirs.value)


def test_setattr_message_matches_torch():
    messages = []
    for lib in (tensors, torch):
        with pytest.raises(TypeError) as e:
            lib.nn.Linear(2, 3).weight = lib.ones(3, 2)
        messages.append(str(e.value))
    assert messages[0] == messages[1]


def break_state(lib, sd):
    del sd["running"]
    del sd["body.0.bias"]
    sd["foo"] = lib.ones(1)
    sd["heads.0.foo"] = lib.ones(1)
    sd["scale"] = lib.ones(3)
    sd["heads.1.weight"] = lib.ones(2, 4)
    return sd


def test_load_state_dict_messages_match_torch():
    messages = []
    for lib in (tensors, torch):
        net = build(lib)
        with pytest.raises(RuntimeError) as e:
            net.load_state_dict(break_state(lib, net.state_dict()))
        messages.append(str(e.value))
    assert messages[0] == messages[1]
    results = []
    for lib in (tensors, torch):
        net = build(lib)
        sd = net.state_dict()
        del sd["running"]
        sd["extra"] = lib.ones(1)
        results.append(repr(net.load_state_dict(sd, strict=False)))
    assert results[0] == results[1]


def test_forward_and_gradients_match_torch_with_torch_weights():
    theirs = torch.nn.Sequential(
        torch.nn.Linear(2, 16),
        torch.nn.ReLU(),
        torch.nn.Linear(16, 16),
        torch.nn.Tanh(),
        torch.nn.Linear(16, 1),
    ).double()
    ours = nn.Sequential(
        nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 1)
    )
    ours.load_state_dict(theirs.state_dict())  # torch tensors are accepted as they are
    xs = [[0.3, -1.2], [2.0, 0.5], [-0.7, 0.1], [1.1, 1.9]]
    ys = [[1.0], [0.0], [1.0], [0.0]]
    out_t = theirs(torch.tensor(xs, dtype=torch.float64))
    loss_t = torch.nn.BCEWithLogitsLoss()(out_t, torch.tensor(ys, dtype=torch.float64))
    loss_t.backward()
    out_o = ours(tensors.tensor(xs))
    loss_o = nn.BCEWithLogitsLoss()(out_o, tensors.tensor(ys))
    loss_o.backward()
    assert loss_o.item() == pytest.approx(loss_t.item(), rel=1e-12, abs=1e-14)
    for (name, p), q in zip(ours.named_parameters(), theirs.parameters()):
        got, want = p.grad.flatten().tolist(), q.grad.flatten().tolist()
        assert got == pytest.approx(want, rel=1e-10, abs=1e-13), name


LOSSES = [
    ("MSELoss", {}, "float"),
    ("MSELoss", {"reduction": "sum"}, "float"),
    ("L1Loss", {}, "float"),
    ("BCELoss", {}, "prob"),
    ("BCEWithLogitsLoss", {}, "float01"),
    ("CrossEntropyLoss", {}, "class"),
    ("CrossEntropyLoss", {"label_smoothing": 0.1}, "class"),
    ("NLLLoss", {}, "logp"),
]


@pytest.mark.parametrize("name, kwargs, kind", LOSSES)
def test_loss_modules_match_torch(name, kwargs, kind):
    x = [[0.2, -1.0, 0.7], [1.5, 0.3, -0.4]]
    if kind == "prob":
        x = [[1 / (1 + math.exp(-v)) for v in row] for row in x]
    target = {
        "float": [[0.0, 1.0, 2.0], [1.0, -1.0, 0.5]],
        "prob": [[0.0, 1.0, 1.0], [1.0, 0.0, 0.5]],
        "float01": [[0.0, 1.0, 1.0], [1.0, 0.0, 0.5]],
        "class": [2, 0],
        "logp": [2, 0],
    }[kind]
    tt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    ot = tensors.tensor(x, requires_grad=True)
    if kind == "logp":
        inp_t, inp_o = torch.log_softmax(tt, 1), tensors.log_softmax(ot, 1)
    else:
        inp_t, inp_o = tt, ot
    tgt_t = torch.tensor(target, dtype=torch.float64 if kind not in ("class", "logp") else None)
    tgt_o = tensors.tensor(target)
    lt = getattr(torch.nn, name)(**kwargs)(inp_t, tgt_t)
    lo = getattr(nn, name)(**kwargs)(inp_o, tgt_o)
    lt.backward()
    lo.backward()
    assert lo.item() == pytest.approx(lt.item(), rel=1e-12)
    assert sum(ot.grad.tolist(), []) == pytest.approx(sum(tt.grad.tolist(), []), rel=1e-10)
