"""A walk through PyTorch's "PyTorch: Tensors" example (pytorch/tutorials,
beginner_source/examples_tensor/polynomial_tensor.py), written for this project.

Fit y = a + b x + c x^2 + d x^3 to sin(x) on [-pi, pi] with gradients worked out
by hand: no autograd, only tensor arithmetic and matmul. The example's sizes
are made smaller (200 points, 100 steps, a larger step size) so that it runs
in a second on a scalar engine.
"""

import math

import torch

dtype = torch.float
device = torch.device("cpu")

# the data: points and their sines
x = torch.linspace(-math.pi, math.pi, 200, device=device, dtype=dtype)
y = torch.sin(x)

# four random coefficients, 0-d tensors
a = torch.randn((), device=device, dtype=dtype)
b = torch.randn((), device=device, dtype=dtype)
c = torch.randn((), device=device, dtype=dtype)
d = torch.randn((), device=device, dtype=dtype)

learning_rate = 1e-5
for t in range(100):
    y_pred = a + (b * x) + (c * x.pow(2)) + (d * x.pow(3))

    # the summed squared error, as a Python number
    loss = (y_pred - y).pow(2).sum().item()
    if t % 10 == 9:
        print(t, loss)

    # d loss / d y_pred, then the chain rule by hand for each coefficient
    grad_y_pred = -2.0 * (y - y_pred)
    grad_a = grad_y_pred.sum()
    grad_b = torch.matmul(input=grad_y_pred, other=x).sum()
    grad_c = torch.matmul(input=grad_y_pred, other=x.pow(2)).sum()
    grad_d = torch.matmul(input=grad_y_pred, other=x.pow(3)).sum()

    # one step downhill, in place
    a -= learning_rate * grad_a
    b -= learning_rate * grad_b
    c -= learning_rate * grad_c
    d -= learning_rate * grad_d

print(f"Result: y = {a.item()} + {b.item()} x + {c.item()} x^2 + {d.item()} x^3")
