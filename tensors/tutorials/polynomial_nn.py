"""A walk through PyTorch's "PyTorch: nn" example (pytorch/tutorials,
beginner_source/examples_nn/polynomial_nn.py), written for this project.

The cubic fit to sin(x) as a one-layer network: the features are (x, x^2, x^3)
and ``nn.Linear(3, 1)`` holds the coefficients. Smaller than the example
(200 points, 100 steps).
"""

import math

import torch

x = torch.linspace(-math.pi, math.pi, 200)
y = torch.sin(x)

# each point becomes a row (x, x^2, x^3): (200, 1) raised to (3,) broadcasts to (200, 3)
p = torch.tensor([1, 2, 3])
xx = x.unsqueeze(-1).pow(p)

# a linear layer, then Flatten(0, 1) to turn its (200, 1) output into the shape of y
model = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1))
loss_fn = torch.nn.MSELoss(reduction="sum")

learning_rate = 1e-5
for t in range(100):
    y_pred = model(xx)

    loss = loss_fn(y_pred, y)
    if t % 10 == 9:
        print(t, loss.item())

    model.zero_grad()
    loss.backward()

    # plain gradient descent over every parameter of the model
    with torch.no_grad():
        for param in model.parameters():
            param -= learning_rate * param.grad

linear_layer = model[0]
print(
    f"Result: y = {linear_layer.bias.item()} + {linear_layer.weight[:, 0].item()} x + "
    f"{linear_layer.weight[:, 1].item()} x^2 + {linear_layer.weight[:, 2].item()} x^3"
)
