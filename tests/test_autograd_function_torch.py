"""``torch.autograd.Function`` here and in PyTorch: each program runs under both and
must give the same result or the same error, word for word."""

from __future__ import annotations

import pytest
from _outcome import outcome

import tensors

torch = pytest.importorskip("torch")

# Each program may use the Functions defined in PRELUDE.
PRELUDE = r"""
class P3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 0.5 * (5 * x ** 3 - 3 * x)
    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * 1.5 * (5 * x ** 2 - 1)

class Scale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, k):
        ctx.k = k
        return x * k
    @staticmethod
    def backward(ctx, g):
        return g * ctx.k, None

class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        out = x.exp()
        ctx.save_for_backward(out)
        return out
    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        return g * out

class SumProd(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a + b, a * b
    @staticmethod
    def backward(ctx, gs, gp):
        a, b = ctx.saved_tensors
        return gs + gp * b, gs + gp * a

class Returns(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, what):
        ctx.what = what
        return x * 2
    @staticmethod
    def backward(ctx, g):
        return ctx.what(g)
"""

PROGRAMS = r"""
x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
y = P3.apply(x)
y.sum().backward()
r = (y, y.grad_fn.name(), x.grad, y.requires_grad, y.is_leaf)

x = torch.tensor([0.5, -1.0], requires_grad=True)
y = P3.apply(x)
r = [type(n).__name__ for n, _ in y.grad_fn.next_functions]

x = torch.tensor([0.5, -1.0], requires_grad=True)
y = Scale.apply(x, 3.0)
(y * y).sum().backward()
r = (y, x.grad, len(y.grad_fn.next_functions))

x = torch.tensor([0.5, -1.0], requires_grad=True)
y = P3.apply(x)
y.sum().backward()
r = y.sum().backward()

x = torch.tensor([0.5, -1.0], requires_grad=True)
y = P3.apply(x)
y.sum().backward()
r = y.grad_fn.saved_tensors

x = torch.tensor([0.5, -1.0], requires_grad=True)
y = Scale.apply(x, 2.0)
y.sum().backward()
y.sum().backward()
r = x.grad

x = torch.tensor([0.5, -1.0], requires_grad=True)
y = P3.apply(x)
y.sum().backward(retain_graph=True)
y.sum().backward()
r = x.grad

x = torch.tensor([0.5, -1.0], requires_grad=True)
g, = torch.autograd.grad(P3.apply(x).sum(), x, create_graph=True)
g.sum().backward()
r = (g, g.grad_fn.name(), x.grad)

x = torch.tensor([0.5, -1.0], requires_grad=True)
g, = torch.autograd.grad(Exp.apply(x).sum(), x, create_graph=True)
h, = torch.autograd.grad(g.sum(), x)
r = (g, h)

a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0, -1.0], requires_grad=True)
s, p = SumProd.apply(a, b)
(s * 2 + p * 3).sum().backward()
r = (s, p, a.grad, b.grad, s.grad_fn is p.grad_fn)

a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0, -1.0])
s, p = SumProd.apply(a, b)
p.sum().backward()
r = (a.grad, b.grad, s.grad_fn.needs_input_grad, [n is None for n, _ in s.grad_fn.next_functions])

a = torch.tensor([1.0, 2.0], requires_grad=True)
s, p = SumProd.apply(a, a)
(s + p).sum().backward()
r = a.grad

x = torch.tensor([0.5, -1.0], requires_grad=True)
w = x * 1
y = P3.apply(w)
with torch.no_grad():
    w.add_(1)
r = y.sum().backward()

x = torch.tensor([0.5, -1.0], requires_grad=True)
y = Exp.apply(x)
with torch.no_grad():
    y.mul_(2)
r = y.sum().backward()

x = torch.tensor([0.5, -1.0], requires_grad=True)
with torch.no_grad():
    y = P3.apply(x)
r = (y, y.requires_grad, y.grad_fn)

r = P3.apply(torch.tensor([0.5, -1.0]))

x = torch.tensor([0.5, -1.0], requires_grad=True)
r = Returns.apply(x, lambda g: (g, g)).sum().backward()

x = torch.tensor([0.5, -1.0], requires_grad=True)
r = Returns.apply(x, lambda g: (g, 1.0)).sum().backward()

x = torch.tensor([0.5, -1.0], requires_grad=True)
Returns.apply(x, lambda g: (g.expand(3, 2), None)).sum().backward()
r = x.grad

x = torch.tensor([0.5, -1.0], requires_grad=True)
r = Returns.apply(x, lambda g: (g[:1], None)).sum().backward()

x = torch.tensor([0.5, -1.0], requires_grad=True)
r = Returns.apply(x, lambda g: (g.sum(), None)).sum().backward()

x = torch.tensor([0.5, -1.0], requires_grad=True)
r = Returns.apply(x, lambda g: (2.0, None)).sum().backward()

x = torch.tensor([0.5, -1.0], requires_grad=True)
Returns.apply(x, lambda g: (g.double(), None)).sum().backward()
r = (x.grad, x.grad.dtype)

x = torch.tensor([[0.5], [-1.0]], requires_grad=True)
Returns.apply(x, lambda g: (g.expand(2, 3), None)).sum().backward()
r = x.grad

x = torch.tensor([0.5, -1.0], requires_grad=True)
w = x * 2
Returns.apply(w, lambda g: (None, None)).sum().backward()
r = x.grad

x = torch.tensor([0.5, -1.0], requires_grad=True)
Returns.apply(x, lambda g: (g, None, None, None)).sum().backward()
r = x.grad

class Int(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2, (x > 0).long(), 5
    @staticmethod
    def backward(ctx, g, gi, gn):
        ctx.seen = (gi, gn)
        return g * 2
x = torch.tensor([1.0, -2.0], requires_grad=True)
y, i, n = Int.apply(x)
y.sum().backward()
r = (i, i.requires_grad, n, x.grad, y.grad_fn.seen)

class Arg(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        top, where = x.max(0)
        ctx.mark_non_differentiable(where)
        ctx.save_for_backward(where)
        ctx.n = x.shape[0]
        return top, where
    @staticmethod
    def backward(ctx, g_top, g_where):
        (where,) = ctx.saved_tensors
        out = torch.zeros(ctx.n)
        out[where] = g_top
        return out
x = torch.tensor([1.0, 5.0, 2.0], requires_grad=True)
top, where = Arg.apply(x)
(top * 3).backward()
r = (top, where, where.requires_grad, x.grad)

class Lazy(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.set_materialize_grads(False)
        return x * 2, x * 3
    @staticmethod
    def backward(ctx, g1, g2):
        ctx.seen = (g1, g2)
        return g1 * 2
x = torch.tensor([1.0, -2.0], requires_grad=True)
y1, y2 = Lazy.apply(x)
y1.sum().backward()
r = (x.grad, y1.grad_fn.seen)

class Lazy(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2, x * 3
    @staticmethod
    def backward(ctx, g1, g2):
        ctx.seen = (g1, g2)
        return g1 * 2 + g2 * 3
x = torch.tensor([1.0, -2.0], requires_grad=True)
y1, y2 = Lazy.apply(x)
y2[0].backward()
r = (x.grad, y1.grad_fn.seen)

class Id(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x
    @staticmethod
    def backward(ctx, g):
        return g * 3
x = torch.tensor([1.0, 2.0], requires_grad=True)
z = Id.apply(x)
z.sum().backward()
r = (z is x, z, x.grad, x.grad_fn, x.is_leaf)

class Bad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(3)
        return x * 2
    @staticmethod
    def backward(ctx, g):
        return g
r = Bad.apply(torch.ones(2, requires_grad=True))

class NoBackward(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
r = NoBackward.apply(torch.ones(2, requires_grad=True)).sum().backward()

class NoForward(torch.autograd.Function):
    pass
r = NoForward.apply(torch.ones(2, requires_grad=True))

r = P3()(torch.ones(2))

class Setup(torch.autograd.Function):
    @staticmethod
    def forward(x, k):
        return x * k
    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.k = inputs[1]
        ctx.save_for_backward(inputs[0])
    @staticmethod
    def backward(ctx, g):
        return g * ctx.k, None
x = torch.tensor([1.0, -2.0], requires_grad=True)
y = Setup.apply(x, 4.0)
y.sum().backward()
r = (y, x.grad, y.grad_fn.name())

x = torch.tensor(2.0, requires_grad=True)
y = P3.apply(x)
y.backward()
r = (y, y.shape, x.grad)

x = torch.tensor([0.5, -1.0], requires_grad=True)
y = P3.apply(x)
y.register_hook(lambda g: g * 10)
y.sum().backward()
r = x.grad

x = torch.tensor([0.5, -1.0], requires_grad=True)
y = P3.apply(x)
y.retain_grad()
(y * 3).sum().backward()
r = (y.grad, x.grad)

x = torch.tensor([[0.5, -1.0], [2.0, 0.25]], requires_grad=True)
y = P3.apply(x.t())
y[0, 1].backward()
r = x.grad

class Half(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        return x * 2 + y
    @staticmethod
    def backward(ctx, g):
        return None, g
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = torch.tensor([1.0, 2.0], requires_grad=True)
Half.apply(x, y).sum().backward()
r = (x.grad, y.grad)

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = torch.tensor([1.0, 2.0], requires_grad=True)
r = torch.autograd.grad(Returns.apply(x, lambda g: (None, None)).sum() + y.sum(), [x, y])

x = torch.tensor([1.0, 2.0], requires_grad=True)
r = torch.autograd.grad(Returns.apply(x, lambda g: (None, None)).sum(), x, allow_unused=True)

x = torch.tensor([1.0, 2.0], requires_grad=True)
r = torch.autograd.grad(
    Returns.apply(x, lambda g: (None, None)).sum(), x, materialize_grads=True)

x = torch.tensor([1.0, 2.0], requires_grad=True)
(Returns.apply(x, lambda g: (None, None)).sum() + x[0]).backward()
r = x.grad

x = torch.tensor([1.0, 2.0], requires_grad=True)
w = x[:1] * 3
Returns.apply(w, lambda g: (None, None)).sum().backward()
r = x.grad

x = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, requires_grad=True)
r = torch.autograd.gradcheck(P3.apply, (x,))

x = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, requires_grad=True)
r = torch.autograd.gradcheck(Returns.apply, (x, lambda g: (g * 3, None)))

x = torch.tensor([0.5, -1.0], dtype=torch.float64, requires_grad=True)
r = torch.autograd.gradcheck(Returns.apply, (x, lambda g: (g * 3, None)), raise_exception=False)

r = torch.autograd.gradcheck(torch.sin, (torch.ones(2, dtype=torch.float64),))

a = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
b = torch.tensor([3.0, -1.0], dtype=torch.float64, requires_grad=True)
r = torch.autograd.gradcheck(SumProd.apply, (a, b))

a = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
b = torch.tensor([3.0, -1.0], dtype=torch.float64, requires_grad=True)
r = torch.autograd.gradcheck(lambda a, k, b: (a * k + b.sum(), b * b), (a, 3.0, b), atol=1e-4)
""".strip().split("\n\n")


@pytest.mark.parametrize("source", PROGRAMS, ids=range(len(PROGRAMS)))
def test_program_gives_what_pytorch_gives(source: str) -> None:
    program = PRELUDE + "\n" + source
    assert outcome(tensors, program) == outcome(torch, program)
