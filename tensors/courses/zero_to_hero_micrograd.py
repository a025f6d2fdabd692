"""Zero to Hero, "The spelled-out intro to neural networks and backpropagation:
building micrograd": the lecture's PyTorch cells.

The neuron ``o = tanh(x1*w1 + x2*w2 + b)`` built from one-element float64
tensors, its output and the gradients PyTorch computes for it (the numbers the
lecture derives by hand); a look at ``torch.Tensor``'s shape and dtype; then the
lecture's closing example, a 3-4-4-1 MLP fit to four points by the sum of
squared errors, written with torch tensors instead of micrograd's ``Value``.

Nothing is swapped: the lecture's sizes are already small.
"""

import torch

print(torch.Tensor([[1, 2, 3], [4, 5, 6]]))
print(torch.Tensor([[1, 2, 3], [4, 5, 6]]).shape)
print(torch.Tensor([2.0]).dtype, torch.Tensor([2.0]).double().dtype)

x1 = torch.Tensor([2.0]).double()
x1.requires_grad = True
x2 = torch.Tensor([0.0]).double()
x2.requires_grad = True
w1 = torch.Tensor([-3.0]).double()
w1.requires_grad = True
w2 = torch.Tensor([1.0]).double()
w2.requires_grad = True
b = torch.Tensor([6.8813735870195432]).double()
b.requires_grad = True
n = x1 * w1 + x2 * w2 + b
o = torch.tanh(n)

print(o.data.item())
o.backward()

print("---")
print("x2", x2.grad.item())
print("w2", w2.grad.item())
print("x1", x1.grad.item())
print("w1", w1.grad.item())
print(o)
print(o.item())

# the same neuron with e**2x: tanh spelled out, and the same gradients
n = x1 * w1 + x2 * w2 + b
e = (2 * n).exp()
o = (e - 1) / (e + 1)
for t in (x1, x2, w1, w2):
    t.grad = None
o.backward()
print(o.item(), x1.grad.item(), w1.grad.item())

# the lecture's MLP(3, [4, 4, 1]) on four examples
torch.manual_seed(1)
xs = torch.tensor([
    [2.0, 3.0, -1.0],
    [3.0, -1.0, 0.5],
    [0.5, 1.0, 1.0],
    [1.0, 1.0, -1.0],
])  # fmt: skip
ys = torch.tensor([1.0, -1.0, -1.0, 1.0])  # desired targets
sizes = [3, 4, 4, 1]
params = []
for fan_in, fan_out in zip(sizes, sizes[1:]):
    W = (torch.rand(fan_in, fan_out) * 2 - 1).requires_grad_()  # uniform in [-1, 1)
    bias = (torch.rand(fan_out) * 2 - 1).requires_grad_()
    params += [W, bias]
print(sum(p.numel() for p in params))


def mlp(x):
    for i in range(0, len(params), 2):
        x = torch.tanh(x @ params[i] + params[i + 1])
    return x.squeeze(-1)


for k in range(20):
    # forward pass
    ypred = mlp(xs)
    loss = ((ypred - ys) ** 2).sum()

    # backward pass
    for p in params:
        p.grad = None
    loss.backward()

    # update
    for p in params:
        p.data += -0.1 * p.grad

    print(k, loss.item())

print(ypred.shape)
