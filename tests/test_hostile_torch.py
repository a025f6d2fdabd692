"""Off the happy path: unusual and hostile inputs give PyTorch's answer or
PyTorch's error, word for word (each program runs under torch too)."""

from __future__ import annotations

import pytest
from _outcome import outcome

import tensors

torch = pytest.importorskip("torch")

PROGRAMS = r"""
d = [1.]
for _ in range(127): d = [d]
r = torch.tensor(d).shape

d = [1.]
for _ in range(128): d = [d]
r = torch.tensor(d)

d = [1.]
for _ in range(1499): d = [d]
r = torch.tensor(d)

r = torch.arange(0, float('inf'))

r = torch.arange(0, float('nan'))

r = torch.arange(0.5, float('-inf'), -1)

r = torch.tensor([2**63])

r = torch.tensor([-2**63 - 1])

r = torch.tensor([True, 2**63])

r = torch.tensor([1.5, 2**63])

r = torch.tensor([2**63], dtype=torch.float32)

r = torch.ones(2, 3) + torch.ones(3, 2)

r = torch.ones(4, 3) + torch.ones(2, 3)

r = torch.ones(2, 3, 4) * torch.ones(3, 3, 4)

r = torch.ones(5, 2, 3) - torch.ones(4, 1)

r = torch.where(torch.ones(2, 3) > 0, torch.ones(3, 2), 0.)

r = torch.ones(2, 3, 4).shape[1:]

r = torch.ones(2, 3).shape[::-1]

r = torch.ones(2, 3).shape + (4,)

r = (4,) + torch.ones(2, 3).shape

r = torch.ones(2, 3).shape * 2

r = torch.ones(2, 3).shape[-1]

x = torch.tensor([19.5, 20., 20.5, 21.], dtype=torch.float64, requires_grad=True)
y = F.softplus(x)
y.backward(torch.ones(4, dtype=torch.float64))
r = (y, x.grad)

x = torch.tensor([4.5, 5., 5.5], dtype=torch.float64, requires_grad=True)
y = F.softplus(x, beta=2., threshold=10.)
y.backward(torch.ones(3, dtype=torch.float64))
r = (y, x.grad)

x = torch.tensor([-20.5, -20., 19.5, 20., 20.5], dtype=torch.float64, requires_grad=True)
y = F.softplus(x, beta=-1.)
y.backward(torch.ones(5, dtype=torch.float64))
r = (y, x.grad)

x = torch.ones(1, requires_grad=True)
y = (x * x).sum()
with torch.no_grad():
    x.add_(1.)
r = torch.autograd.grad(y, x)

x = torch.ones(1, requires_grad=True)
y = (x * x).sum()
with torch.no_grad():
    x.add_(1.)
r = torch.autograd.grad(y, x, create_graph=True)

x = torch.ones(2, requires_grad=True)
z = x + 0
y = (z * z).sum()
z.add_(1.)
y.backward()

x = torch.ones(2, 3, requires_grad=True)
z = x.exp()
z.mul_(2)
z.sum().backward()

x = torch.ones(2, dtype=torch.float64, requires_grad=True)
z = x.exp()
z[0] = 5.
z.sum().backward()

a = torch.ones(2, requires_grad=True)
x = a * 1
x.mul_(x)
x.sum().backward()

a = torch.ones(2, requires_grad=True)
x = a * 1
y = x * 2
x.mul_(3)
y.sum().backward()
r = a.grad

a = torch.ones(2, requires_grad=True)
w = torch.ones(2, requires_grad=True)
x = a * 1
x.mul_(w)
x.sum().backward()
r = a.grad, w.grad

x = torch.ones(2, requires_grad=True)
z = x.exp()
v = z[0]
v.mul_(2)
r = z._version, v._version, x._version

x = torch.ones(2, requires_grad=True)
r = [x._version]
with torch.no_grad():
    x.add_(1.)
    x[0] = 3.
    x.zero_()
r.append(x._version)
d = x.detach()
r.append(d._version)
d.add_(1)
r += [x._version, x.data._version]
x.data.add_(1)
r.append(x._version)
r.append(x)

x = torch.tensor([1., 2., 3.], requires_grad=True)
d = x.detach()
d[0] = 100.
r = [x.clone()]
d.zero_()
r.append(x)

x = torch.ones(3, requires_grad=True)
d = x.detach().requires_grad_()
d.add_(1)

x = torch.ones(2, requires_grad=True)
y = (x + 0).mean()
y.backward()
y.backward()
r = x.grad

x = torch.ones(2, requires_grad=True)
y = (x * 2).sum()
y.backward()
y.backward()

x = torch.ones(2, requires_grad=True)
y = (x - 1).sum() + x.mean() + x.t().sum() + x[0] + torch.cat([x, x]).sum()
y.backward()
y.backward()
r = x.grad

x = torch.ones(2, requires_grad=True)
y = x.exp().sum()
torch.autograd.grad(y, x)
y.backward()

x = torch.ones(2, requires_grad=True)
y = x.exp().sum()
y.backward(retain_graph=True)
with torch.no_grad():
    x.mul_(2)
y.backward()
r = x.grad

w = torch.ones(3, 2, requires_grad=True)
b = torch.zeros(3, requires_grad=True)
y = F.linear(torch.ones(4, 2), w, b).sum()
with torch.no_grad():
    w.mul_(2)
y.backward()
r = w.grad, b.grad

w = torch.ones(3, 2, requires_grad=True)
x = torch.ones(4, 2, requires_grad=True)
y = F.linear(x, w).sum()
with torch.no_grad():
    w.mul_(2)
y.backward()

w1 = torch.ones(3, 2, requires_grad=True)
w2 = torch.ones(1, 3, requires_grad=True)
opt = torch.optim.SGD([w1, w2], lr=0.1)
for step in range(2):
    loss = F.linear(F.linear(torch.ones(4, 2), w1).tanh(), w2).sum()
    opt.step()
    loss.backward()

b = torch.tensor([True, False, True])
c = torch.tensor([True, True, False])
i = torch.tensor([1, 2, 3])
r = (b & c, b | c, b ^ c, ~b, i & 3, i | c, ~i, b & 1, b & True, True & b, i ^ i, 6 | i)

r = ~torch.tensor([1., 0.])

r = torch.tensor([1., 0.]) & torch.tensor([True, False])

r = torch.tensor([True]) | 1.5

f = torch.tensor([1., 0., 2.])
b = torch.tensor([True, False, True])
r = (torch.logical_and(f, b), torch.logical_xor(f, f), b.logical_or(b), torch.bitwise_and(b, b))

r = torch.logical_or(torch.tensor([1, 2]), 0)

inf, nan = float("inf"), float("nan")
x = torch.tensor([1., inf, -inf, nan, 0., -0.])
r = (torch.isinf(x), torch.isfinite(x), x.isnan(), torch.isinf(torch.tensor([1, 2])))

x = torch.tensor([1., 2., float("nan"), float("inf")])
y = torch.tensor([1.000001, 2.1, float("nan"), float("inf")])
r = (torch.isclose(x, y), torch.isclose(x, y, equal_nan=True), x.isclose(y, rtol=0.1))

r = torch.isclose(torch.tensor([1.]), 1.)

x = torch.ones(2, requires_grad=True)
h = x * 2
log = []
def outer(g):
    log.append(("outer", g.tolist(), torch.is_grad_enabled()))
    h.register_hook(lambda g: log.append(("inner-h", g.tolist())))
    x.register_hook(lambda g: log.append(("inner-x", g.tolist(), torch.is_grad_enabled())))
z = h * 3
z.register_hook(outer)
y = z.sum()
y.backward(retain_graph=True)
y.backward()
r = log

x = torch.ones(2, requires_grad=True)
log = []
x.register_hook(lambda g: log.append(("leaf", torch.is_grad_enabled())))
q = x * 1
q.register_hook(lambda g: log.append(("nonleaf", torch.is_grad_enabled())))
(q * x).sum().backward(create_graph=True)
(q * x).sum().backward()
r = log

a = torch.ones(2, requires_grad=True)
b = a * 2
c = (b * b).sum()
c.backward(inputs=[b])
r = (b.grad, a.grad)

a = torch.ones(2, requires_grad=True)
b = a * 2
c = (b * b).sum()
c.backward(inputs=[a, b])
r = (b.grad, a.grad)

r = []
for shape, key in [((1, 0, 0), (..., 0)), ((2, 3, 4), (..., 5)), ((2, 0, 4), (..., 0, 0)),
                   ((1, 0, 0), (0, ..., 0)), ((2, 3, 4), (None, 0, None, 7)), ((3, 0), (1, 0))]:
    try:
        torch.zeros(*shape)[key]
    except IndexError as e:
        r.append(str(e))

x = torch.arange(12.).reshape(3, 4).requires_grad_()
t = torch.tensor([3, 0, 2])
y = x[range(3), t]
y.sum().backward()
r = (y, x.grad, x[range(1, 3)], x[:, range(0, 4, 2)])

x = torch.arange(12.).reshape(3, 4)
x[range(2), range(2)] = -1.
r = x

r = torch.zeros(0, 0, 0, 1)[[], None, None, :, [0]].shape

inf = float("inf")
x = torch.tensor([1., 5., -inf, inf, 2.], requires_grad=True)
t = torch.tensor([inf, inf, 3., inf, -inf], requires_grad=True)
x.clamp(min=t).sum().backward()
r = (x.grad, t.grad)

x = torch.tensor([0.5, -1.0], requires_grad=True)
y = x * 3
with torch.no_grad():
    y.mul_(2)
(y * y).sum().backward()
r = (y, x.grad)

x = torch.tensor([0.5, -1.0], requires_grad=True)
y = x.exp()
with torch.no_grad():
    y.mul_(2)
r = y.sum().backward()

x = torch.tensor([0.5, -1.0], requires_grad=True)
y = x * 1
y.data.add_(1)
y[0].backward()
r = (y, x.grad, y._version)

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
with torch.no_grad():
    y[1] = 7.0
y.sum().backward()
r = (y, x.grad)

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
with torch.no_grad():
    y.zero_()
y.sum().backward()
r = (y, x.grad)

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x.tanh()
with torch.no_grad():
    y.add_(1)
r = y.sum().backward()

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
with torch.no_grad():
    y.copy_(torch.tensor([9., 9., 9.]))
z = y * x
z.sum().backward()
r = (z, x.grad)

r = torch.zeros(0,3)[:, [5]].shape

r = torch.zeros(2,0)[[5]].shape

r = torch.zeros(0,3)[[5], :].shape

r = torch.zeros(0,1)[:, [0,1]].shape

r = torch.zeros(2,0)[[5],[0]].shape

r = torch.zeros(3,0)[[1,7]].shape

r = torch.zeros(0,2,1)[..., None, :, [0, 1], None].shape

r = torch.zeros(0,0)[[5], :].shape

r = torch.zeros(2,3)[[5], :0].shape

x = torch.zeros(2,0)
x[[5]] = 1.0
r = x

x = torch.zeros(0,0)
x[[5]] = 1.0
r = x

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
v = y[0:2]
u = v[1:]
with torch.no_grad():
    u.mul_(5)
(v * v).sum().backward()
r = (y.grad_fn.name(), v.grad_fn.name(), u.grad_fn.name(), x.grad,
     [type(n).__name__ for n, _ in u.grad_fn.next_functions])

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
v = w[0:2]
with torch.no_grad():
    v.mul_(5)
r = (w, v, [type(n).__name__ for n, _ in v.grad_fn.next_functions])

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
v = y[0:2]
y.data.mul_(3)
r = (v.grad_fn.name(), v)
""".strip().split("\n\n")


@pytest.mark.parametrize("source", PROGRAMS, ids=range(len(PROGRAMS)))
def test_program_gives_what_pytorch_gives(source: str) -> None:
    assert outcome(tensors, source) == outcome(torch, source)
