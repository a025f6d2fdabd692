"""Solutions to the exercises of 01_autograd_tutorial.ipynb.

The answers are functions of the lesson's tensors, so a test can run them on
the lesson's numbers.
"""

import math


def b_grad_1(z, y):
    """dloss/db[1] = dloss/dz[1] (the + b passes it on unchanged) = (sigmoid(z1) - y1) / 3."""
    return (1 / (1 + math.exp(-z[1].item())) - y[1].item()) / 3


def local(x):
    """d(x[3] * w[3, 2]) / d w[3, 2] = x[3], which is 1 here: so every row of w.grad equals
    b.grad."""
    return x[3].item()
