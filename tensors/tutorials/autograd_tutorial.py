"""A walk through PyTorch's "Automatic Differentiation with torch.autograd" page
(pytorch/tutorials, beginner_source/basics/autogradqs_tutorial.py), written for
this project: the page's calls in the page's order, printing what it prints.

Run it with PyTorch (``python autograd_tutorial.py``) or on this engine
(``python -m tensors.tutorials autograd_tutorial``): the output is the same, object
addresses aside. The weights are fixed numbers instead of ``randn`` draws, so
both runs print the same values (they were drawn once with
``torch.manual_seed(42)`` and rounded to 4 decimals).
"""

import torch

# One linear layer and a loss: 5 inputs, 3 outputs.
x = torch.ones(5)
y = torch.zeros(3)
w = torch.tensor(
    [
        [0.3367, 0.1288, 0.2345],
        [0.2303, -1.1229, -0.1863],
        [2.2082, -0.6380, 0.4617],
        [0.2674, 0.5349, 0.8094],
        [1.1103, -1.6898, -0.9890],
    ],
    requires_grad=True,
)
b = torch.tensor([0.9580, 1.3221, 0.8172], requires_grad=True)
z = torch.matmul(x, w) + b
loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
graph = {"x": x, "y": y, "w": w, "b": b, "z": z, "loss": loss}  # for the graph views

# Each result remembers the function that made it.
print(f"Gradient function for z = {z.grad_fn}")
print(f"Gradient function for loss = {loss.grad_fn}")

# Gradients of the loss with respect to the two parameters.
loss.backward()
print(w.grad)
print(b.grad)

# Tracking is on by default; no_grad() and detach() turn it off.
z = torch.matmul(x, w) + b
print(z.requires_grad)

with torch.no_grad():
    z = torch.matmul(x, w) + b
print(z.requires_grad)

z = torch.matmul(x, w) + b
z_det = z.detach()
print(z_det.requires_grad)

# A non-scalar output: backward takes the vector v of v^T J, and gradients add up
# from one call to the next until they are zeroed.
inp = torch.eye(4, 5, requires_grad=True)
out = (inp + 1).pow(2).t()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"First call\n{inp.grad}")
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\nSecond call\n{inp.grad}")
inp.grad.zero_()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\nCall after zeroing gradients\n{inp.grad}")


# This project's addition: an in-place write into a clone, then v^T J with v = the input.
def cube_corner(t):
    result = t.clone()
    result[0][0] = t[0][0] ** 3 + 2 * t[0][0] ** 2
    return result


inp = torch.eye(5, requires_grad=True)
out = cube_corner(inp)
out.backward(inp)
print(inp.grad)
