"""A walk through PyTorch's "PyTorch: Defining New autograd Functions" example
(pytorch/tutorials, beginner_source/examples_autograd/polynomial_custom_function.py),
written for this project.

The cubic fit to sin(x) once more, now as ``a + b * P3(c + d * x)`` with P3
the Legendre polynomial of degree three, whose derivative is written by hand
in a ``torch.autograd.Function``. Smaller than the example (200 points, 300
steps; the learning rate is ten times the example's, for ten times fewer
points). No random numbers: PyTorch prints the same losses, up to float32
rounding.
"""

import math

import torch


class LegendrePolynomial3(torch.autograd.Function):
    """P3(x) = (5x^3 - 3x) / 2, with its derivative 3(5x^2 - 1) / 2 written by hand."""

    @staticmethod
    def forward(ctx, input):
        # what backward will need, kept on ctx (which is the result's grad_fn)
        ctx.save_for_backward(input)
        return 0.5 * (5 * input**3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        # the gradient of the loss w.r.t. the output in, w.r.t. the input out
        (input,) = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input**2 - 1)


dtype = torch.float
device = torch.device("cpu")

# the data: no gradient needed
x = torch.linspace(-math.pi, math.pi, 200, device=device, dtype=dtype)
y = torch.sin(x)

# four coefficients, started near the answer so that the fit converges
a = torch.full((), 0.0, device=device, dtype=dtype, requires_grad=True)
b = torch.full((), -1.0, device=device, dtype=dtype, requires_grad=True)
c = torch.full((), 0.0, device=device, dtype=dtype, requires_grad=True)
d = torch.full((), 0.3, device=device, dtype=dtype, requires_grad=True)

learning_rate = 5e-5
for t in range(300):
    # the Function is used through its apply method
    P3 = LegendrePolynomial3.apply

    y_pred = a + b * P3(c + d * x)

    loss = (y_pred - y).pow(2).sum()
    if t % 30 == 29:
        print(t, loss.item())

    # backward runs LegendrePolynomial3.backward for the P3 node
    loss.backward()

    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad

        a.grad = None
        b.grad = None
        c.grad = None
        d.grad = None

print(f"Result: y = {a.item()} + {b.item()} * P3({c.item()} + {d.item()} x)")
