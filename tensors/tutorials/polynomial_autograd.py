"""A walk through PyTorch's "PyTorch: Tensors and autograd" example (pytorch/tutorials,
beginner_source/examples_autograd/polynomial_autograd.py), written for this project.

The same cubic fit to sin(x), now with ``backward()`` giving the gradients.
Smaller than the example (200 points, 100 steps). The example clears the
gradients by assigning ``0.`` to ``.grad``, which PyTorch 2.13 refuses
("assigned grad expected to be a Tensor or None"); this program assigns
None, the example's commented-out alternative.
"""

import math

import torch

dtype = torch.float
device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"Using {device} device")
torch.set_default_device(device)

x = torch.linspace(-math.pi, math.pi, 200, dtype=dtype)
y = torch.sin(x)

# the coefficients are leaves that record how the loss depends on them
a = torch.randn((), dtype=dtype, requires_grad=True)
b = torch.randn((), dtype=dtype, requires_grad=True)
c = torch.randn((), dtype=dtype, requires_grad=True)
d = torch.randn((), dtype=dtype, requires_grad=True)

learning_rate = 1e-5
for t in range(100):
    y_pred = a + b * x + c * x**2 + d * x**3

    loss = (y_pred - y).pow(2).sum()
    if t % 10 == 9:
        print(t, loss.item())

    # autograd fills a.grad, b.grad, c.grad and d.grad
    loss.backward()

    # the update itself must not be recorded
    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad

        a.grad = None
        b.grad = None
        c.grad = None
        d.grad = None

print(f"Result: y = {a.item()} + {b.item()} x + {c.item()} x^2 + {d.item()} x^3")
