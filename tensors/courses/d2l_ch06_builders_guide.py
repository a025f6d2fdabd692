"""Dive into Deep Learning, chapter 6 (builders' guide): layers and modules (a custom
MLP, a Sequential of one's own, fixed weights and control flow, nesting), parameter
management (access, ``state_dict``, tied parameters), initialization (built-in and
custom, through ``net.apply``), lazy initialization, custom layers, and reading and
writing tensors and models.

Swapped: the files are written to a temporary directory; sizes are the book's.
"""

import os
import tempfile

import torch
from torch import nn
from torch.nn import functional as F

# 6.1 layers and modules
torch.manual_seed(0)
net = nn.Sequential(nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))
X = torch.rand(2, 20)
print(net(X).shape)


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.LazyLinear(256)
        self.out = nn.LazyLinear(10)

    def forward(self, X):
        return self.out(F.relu(self.hidden(X)))


net = MLP()
print(net(X).shape)


class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        for idx, module in enumerate(args):
            self.add_module(str(idx), module)

    def forward(self, X):
        for module in self.children():
            X = module(X)
        return X


net = MySequential(nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))
print(net(X).shape)


class FixedHiddenMLP(nn.Module):
    def __init__(self):
        super().__init__()
        # weights that are not trained: no gradient is ever taken for them
        self.rand_weight = torch.rand((20, 20))
        self.linear = nn.LazyLinear(20)

    def forward(self, X):
        X = self.linear(X)
        X = F.relu(X @ self.rand_weight + 1)
        X = self.linear(X)  # the same layer again: shared parameters
        while X.abs().sum() > 1:  # control flow
            X /= 2
        return X.sum()


net = FixedHiddenMLP()
print(net(X).shape)


class NestMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.LazyLinear(64), nn.ReLU(), nn.LazyLinear(32), nn.ReLU())
        self.linear = nn.LazyLinear(16)

    def forward(self, X):
        return self.linear(self.net(X))


chimera = nn.Sequential(NestMLP(), nn.LazyLinear(20), FixedHiddenMLP())
print(chimera(X).shape)
print(chimera)

# 6.2 parameter management
net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.LazyLinear(1))
X = torch.rand(size=(2, 4))
print(net(X).shape)
print(list(net[2].state_dict()))
print(type(net[2].bias).__name__, net[2].bias.data.shape)
print(net[2].weight.grad is None)
print([(name, param.shape) for name, param in net.named_parameters()])
shared = nn.LazyLinear(8)
net = nn.Sequential(
    nn.LazyLinear(8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.LazyLinear(1)
)
net(X)
print(net[2].weight.data[0] == net[4].weight.data[0])
net[2].weight.data[0, 0] = 100
print(net[2].weight.data[0] == net[4].weight.data[0])  # the same object, not a copy

# 6.3 parameter initialization
net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.LazyLinear(1))
X = torch.rand(size=(2, 4))
net(X)


def init_normal(module):
    if type(module) is nn.Linear:
        nn.init.normal_(module.weight, mean=0, std=0.01)
        nn.init.zeros_(module.bias)


net.apply(init_normal)
print(net[0].weight.data.shape, net[0].bias.data[0])


def init_constant(module):
    if type(module) is nn.Linear:
        nn.init.constant_(module.weight, 1)
        nn.init.zeros_(module.bias)


net.apply(init_constant)
print(net[0].weight.data[0], net[0].bias.data[0])


def init_xavier(module):
    if type(module) is nn.Linear:
        nn.init.xavier_uniform_(module.weight)


def init_42(module):
    if type(module) is nn.Linear:
        nn.init.constant_(module.weight, 42)


net[0].apply(init_xavier)
net[2].apply(init_42)
print(net[0].weight.data[0].shape)
print(net[2].weight.data)


def my_init(module):
    if type(module) is nn.Linear:
        print("Init", *[(name, param.shape) for name, param in module.named_parameters()][0])
        nn.init.uniform_(module.weight, -10, 10)
        module.weight.data *= module.weight.data.abs() >= 5


net.apply(my_init)
print(((net[0].weight == 0) | (net[0].weight.abs() >= 5)).all())
net[0].weight.data[:] += 1
net[0].weight.data[0, 0] = 42
print(net[0].weight.data[0, 0])

# 6.4 lazy initialization
net = nn.Sequential(nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))
print(net[0].weight)
X = torch.rand(2, 20)
net(X)
print(net[0].weight.shape)


def apply_init(module, inputs, init=None):
    module.forward(*inputs)  # a dummy batch gives the parameters their shapes
    if init is not None:
        module.apply(init)


apply_init(net, [torch.rand(2, 20)], init_constant)
print(net[2].weight.data[0, :4])


# 6.5 custom layers
class CenteredLayer(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, X):
        return X - X.mean()


layer = CenteredLayer()
print(layer(torch.tensor([1.0, 2, 3, 4, 5])))
net = nn.Sequential(nn.LazyLinear(128), CenteredLayer())
Y = net(torch.rand(4, 8))
print(Y.mean().abs() < 1e-6)


class MyLinear(nn.Module):
    def __init__(self, in_units, units):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(in_units, units))
        self.bias = nn.Parameter(torch.randn(units))

    def forward(self, X):
        linear = torch.matmul(X, self.weight.data) + self.bias.data
        return F.relu(linear)


linear = MyLinear(5, 3)
print(linear.weight.shape)
print(linear(torch.rand(2, 5)).shape)
net = nn.Sequential(MyLinear(64, 8), MyLinear(8, 1))
print(net(torch.rand(2, 64)).shape)

# 6.6 file I/O
with tempfile.TemporaryDirectory() as folder:
    x = torch.arange(4)
    torch.save(x, os.path.join(folder, "x-file"))
    x2 = torch.load(os.path.join(folder, "x-file"))
    print(x2)
    y = torch.zeros(4)
    torch.save([x, y], os.path.join(folder, "x-files"))
    x2, y2 = torch.load(os.path.join(folder, "x-files"))
    print(x2, y2)
    mydict = {"x": x, "y": y}
    torch.save(mydict, os.path.join(folder, "mydict"))
    mydict2 = torch.load(os.path.join(folder, "mydict"))
    print(mydict2)

    class MLP(nn.Module):
        def __init__(self):
            super().__init__()
            self.hidden = nn.LazyLinear(256)
            self.output = nn.LazyLinear(10)

        def forward(self, x):
            return self.output(F.relu(self.hidden(x)))

    net = MLP()
    X = torch.randn(size=(2, 20))
    Y = net(X)
    torch.save(net.state_dict(), os.path.join(folder, "mlp.params"))
    clone = MLP()
    clone(X)  # lazy layers take their shapes before they are loaded into
    clone.load_state_dict(torch.load(os.path.join(folder, "mlp.params")))
    print(clone.eval())
    Y_clone = clone(X)
    print(Y_clone == Y)
