"""Lazy modules against PyTorch: printing before and after the first batch, the class
they become, parameter shapes, ``apply(init)`` after a dummy batch, ``BatchNorm2d``."""

from __future__ import annotations

import pytest
from _outcome import outcome

import tensors

torch = pytest.importorskip("torch")

PROGRAMS = [
    "net = torch.nn.Sequential(torch.nn.LazyLinear(8), torch.nn.ReLU(), torch.nn.LazyLinear(1))\n"
    "r = repr(net), repr(net[0].weight), type(net[0].weight).__name__, net[0].bias",
    "r = torch.nn.LazyLinear(3).weight.shape",
    "r = torch.nn.LazyLinear(3).weight.numel()",
    "net = torch.nn.Sequential(torch.nn.LazyLinear(8), torch.nn.ReLU(), torch.nn.LazyLinear(1))\n"
    "y = net(torch.rand(2, 20))\n"
    "r = net, net[0].weight.shape, type(net[0]).__name__, type(net[0].weight).__name__, "
    "net[0].weight.requires_grad, y.shape, [n for n, _ in net.named_parameters()]",
    "net = torch.nn.Sequential(torch.nn.LazyLinear(4), torch.nn.LazyLinear(1))\n"
    "net(torch.ones(2, 3))\n"
    "def init(m):\n"
    "    if type(m) == torch.nn.Linear:\n"
    "        torch.nn.init.constant_(m.weight, 0.5); torch.nn.init.zeros_(m.bias)\n"
    "net.apply(init); r = net(torch.ones(2, 3)), sum(p.numel() for p in net.parameters())",
    "lin = torch.nn.LazyLinear(2, bias=False); out = lin(torch.ones(3, 4)); out.sum().backward()\n"
    "r = lin, lin.bias, lin.weight.grad",
    "c = torch.nn.LazyConv2d(6, kernel_size=5, padding=2); r0 = repr(c)\n"
    "y = c(torch.rand(1, 1, 28, 28)); r = r0, c, c.weight.shape, c.bias.shape, y.shape",
    "c = torch.nn.LazyConv2d(4, 3, stride=2, groups=2); y = c(torch.rand(2, 6, 7, 7))\n"
    "r = c, c.weight.shape, y.shape",
    "b = torch.nn.LazyBatchNorm1d(); r0 = (repr(b), repr(b.running_mean), repr(b.weight))\n"
    "b(torch.arange(12.).reshape(4, 3)); r = r0, b, b.running_mean, b.running_var, b.weight",
    "b = torch.nn.LazyBatchNorm2d(momentum=None); y = b(torch.arange(96.).reshape(2, 3, 4, 4))\n"
    "r = b, b.running_mean, b.num_batches_tracked, y.shape",
    "p = torch.nn.UninitializedParameter(); r = repr(p), p.requires_grad, p.is_leaf, "
    "isinstance(p, torch.nn.Parameter)",
    "p = torch.nn.UninitializedParameter(); p.materialize((2, 3)); r = type(p).__name__, p.shape",
    "bn = torch.nn.BatchNorm2d(3); x = torch.arange(24.).reshape(2, 3, 2, 2)\n"
    "y = bn(x); r = bn, y, bn.running_mean, bn.running_var",
    "bn = torch.nn.BatchNorm2d(3); bn.eval(); r = bn(torch.ones(1, 3, 1, 2))",
    "r = torch.nn.BatchNorm2d(3)(torch.ones(2, 3))",
]


@pytest.mark.parametrize("source", PROGRAMS)
def test_same_outcome_as_pytorch(source):
    assert outcome(tensors, source) == outcome(torch, source)
