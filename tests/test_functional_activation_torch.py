"""The activations of nn.functional against torch, on PyTorch's own OpInfo samples:
values, dtypes, gradients, errors; and grad_fn names."""

import pytest

import tensors

torch = pytest.importorskip("torch")
pytest.importorskip("expecttest")
from _opinfo_replay import replay, replay_errors  # noqa: E402

F = tensors.nn.functional

ACTIVATIONS = [
    "gelu", "silu", "mish", "elu", "selu", "celu", "hardtanh", "relu6", "hardsigmoid",
    "hardswish", "hardshrink", "softshrink", "tanhshrink", "logsigmoid", "softsign",
    "softmin", "threshold", "glu", "prelu", "rrelu",
]  # fmt: skip


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_matches_torch_on_opinfo_samples(name):
    # rrelu's training samples draw from PyTorch's own random stream (not reproduced
    # here: tensors' generator is Python's); its evaluation samples are compared.
    def training(sample):
        return sample.kwargs.get("training", False)

    assert (
        replay(f"nn.functional.{name}", getattr(F, name), rtol=1e-13, atol=1e-15, skip=training) > 0
    )


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_error_inputs_match_torch(name):
    replay_errors(f"nn.functional.{name}", getattr(F, name))


MODULES = [
    ("GELU", ()), ("GELU", ("tanh",)), ("SiLU", ()), ("SiLU", (True,)), ("Mish", ()),
    ("ELU", ()), ("ELU", (0.5, True)), ("SELU", ()), ("CELU", (2.0,)), ("Hardtanh", ()),
    ("Hardtanh", (-2, 2, True)), ("ReLU6", ()), ("Hardsigmoid", ()), ("Hardswish", ()),
    ("Hardshrink", ()), ("Softshrink", (0.3,)), ("Tanhshrink", ()), ("LogSigmoid", ()),
    ("Softsign", ()), ("Softmin", (1,)), ("Threshold", (0.1, 20.0)), ("GLU", ()),
    ("PReLU", ()), ("PReLU", (4,)), ("RReLU", ()),
]  # fmt: skip


@pytest.mark.parametrize("name,args", MODULES)
def test_activation_modules_print_and_compute_as_torch(name, args):
    theirs, ours = getattr(torch.nn, name)(*args).double(), getattr(tensors.nn, name)(*args)
    if name == "PReLU":
        ours = ours.double()
    theirs.eval()
    ours.eval()
    assert repr(ours) == repr(theirs)
    assert [k for k, _ in ours.named_parameters()] == [k for k, _ in theirs.named_parameters()]
    torch.manual_seed(0)
    xt = torch.randn(3, 4, 2, dtype=torch.float64) * 4
    x = tensors.testing.from_torch(xt)
    if "inplace=True" in repr(theirs):
        xt, x = xt.clone(), x.clone()
    out_t, out = theirs(xt.requires_grad_() if "inplace" not in repr(theirs) else xt), ours(x)
    tensors.testing.assert_close(out, out_t, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize(
    "call,name",
    [
        (lambda F, x: F.gelu(x), "GeluBackward0"),
        (lambda F, x: F.gelu(x, approximate="tanh"), "GeluBackward0"),
        (lambda F, x: F.silu(x), "SiluBackward0"),
        (lambda F, x: F.mish(x), "MishBackward0"),
        (lambda F, x: F.elu(x), "EluBackward0"),
        (lambda F, x: F.selu(x), "EluBackward0"),
        (lambda F, x: F.celu(x), "CeluBackward0"),
        (lambda F, x: F.relu6(x), "HardtanhBackward0"),
        (lambda F, x: F.hardsigmoid(x), "HardsigmoidBackward0"),
        (lambda F, x: F.hardswish(x), "HardswishBackward0"),
        (lambda F, x: F.hardshrink(x), "HardshrinkBackward0"),
        (lambda F, x: F.softshrink(x), "SoftshrinkBackward0"),
        (lambda F, x: F.tanhshrink(x), "SubBackward0"),
        (lambda F, x: F.logsigmoid(x), "LogSigmoidBackward0"),
        (lambda F, x: F.softsign(x), "DivBackward0"),
        (lambda F, x: F.softmin(x, 0), "SoftmaxBackward0"),
        (lambda F, x: F.threshold(x, 0.1, 2.0), "ThresholdBackward0"),
        (lambda F, x: F.glu(x), "GluBackward0"),
        (lambda F, x: F.rrelu(x), "RreluWithNoiseBackward0"),
    ],
)
def test_activation_grad_fn_names_match_torch(call, name):
    xt = torch.tensor([-2.0, -0.5, 0.5, 3.0], requires_grad=True)
    x = tensors.tensor([-2.0, -0.5, 0.5, 3.0], requires_grad=True)
    assert call(F, x).grad_fn.name() == call(torch.nn.functional, xt).grad_fn.name() == name


@pytest.mark.parametrize(
    "call",
    [
        lambda F, x: F.gelu(x) * x,
        lambda F, x: F.gelu(x, approximate="tanh") * x,
        lambda F, x: F.silu(x) * x,
        lambda F, x: F.mish(x) * x,
        lambda F, x: F.elu(x, 0.7) * x,
        lambda F, x: F.celu(x, 1.5) * x,
        lambda F, x: F.hardswish(x) * x,
        lambda F, x: F.logsigmoid(x) * x,
    ],
)
def test_activation_second_derivatives_match_torch(call):
    values = [-2.5, -1.25, -0.5, 0.25, 1.0, 2.75]  # no exact zero among the results
    xt = torch.tensor(values, dtype=torch.float64, requires_grad=True)
    x = tensors.tensor(values, dtype=tensors.float64, requires_grad=True)
    (gt,) = torch.autograd.grad(call(torch.nn.functional, xt).sum(), xt, create_graph=True)
    (g,) = tensors.autograd.grad(call(F, x).sum(), x, create_graph=True)
    tensors.testing.assert_close(g, gt, rtol=1e-13, atol=1e-15)
    (ht,) = torch.autograd.grad(gt.sum(), xt)
    (h,) = tensors.autograd.grad(g.sum(), x)
    tensors.testing.assert_close(h, ht, rtol=1e-12, atol=1e-14)
