"""A walk through PyTorch's "PyTorch: Control Flow + Weight Sharing" example
(pytorch/tutorials, beginner_source/examples_nn/dynamic_net.py), written for this project.

A polynomial whose degree is drawn anew on every forward pass (3, 4 or 5), the
higher terms all sharing the one coefficient ``e``: the graph is rebuilt by
plain Python each time. Smaller than the example (200 points, 300 steps,
a larger step size).
"""

import math
import random

import torch


class DynamicNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.a = torch.nn.Parameter(torch.randn(()))
        self.b = torch.nn.Parameter(torch.randn(()))
        self.c = torch.nn.Parameter(torch.randn(()))
        self.d = torch.nn.Parameter(torch.randn(()))
        self.e = torch.nn.Parameter(torch.randn(()))

    def forward(self, x):
        y = self.a + self.b * x + self.c * x**2 + self.d * x**3
        # zero, one or two more terms, all with the same coefficient e
        for exp in range(4, random.randint(4, 6)):
            y = y + self.e * x**exp
        return y

    def string(self):
        return (
            f"y = {self.a.item()} + {self.b.item()} x + {self.c.item()} x^2 + "
            f"{self.d.item()} x^3 + {self.e.item()} x^4 ? + {self.e.item()} x^5 ?"
        )


x = torch.linspace(-math.pi, math.pi, 200)
y = torch.sin(x)

model = DynamicNet()

# momentum helps with this awkward model
criterion = torch.nn.MSELoss(reduction="sum")
optimizer = torch.optim.SGD(model.parameters(), lr=1e-7, momentum=0.9)
for t in range(300):
    y_pred = model(x)

    loss = criterion(y_pred, y)
    if t % 30 == 29:
        print(t, loss.item())

    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

print(f"Result: {model.string()}")
