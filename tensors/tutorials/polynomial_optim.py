"""A walk through PyTorch's "PyTorch: optim" example (pytorch/tutorials,
beginner_source/examples_nn/polynomial_optim.py), written for this project.

The one-layer cubic fit again, with ``torch.optim.SGD`` doing the update.
Smaller than the example (200 points, 100 steps).
"""

import math

import torch

x = torch.linspace(-math.pi, math.pi, 200)
y = torch.sin(x)

p = torch.tensor([1, 2, 3])
xx = x.unsqueeze(-1).pow(p)

model = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1))
loss_fn = torch.nn.MSELoss(reduction="sum")

learning_rate = 1e-5
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
for t in range(100):
    y_pred = model(xx)

    loss = loss_fn(y_pred, y)
    if t % 10 == 9:
        print(t, loss.item())

    # clear the old gradients (they would add up), compute new ones, step
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

linear_layer = model[0]
print(
    f"Result: y = {linear_layer.bias.item()} + {linear_layer.weight[:, 0].item()} x + "
    f"{linear_layer.weight[:, 1].item()} x^2 + {linear_layer.weight[:, 2].item()} x^3"
)
