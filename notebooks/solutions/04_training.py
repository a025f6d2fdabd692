"""Solutions to the exercises of 04_training.ipynb."""

import math


def sgd_step(params, lr, weight_decay):
    for p in params:
        # weight decay adds weight_decay * p to the gradient: the loss plus
        # (weight_decay / 2) * p**2 would have that gradient.
        p.data -= lr * (p.grad + weight_decay * p.data)


def dloss_dw(neuron, X, target, j):
    # The loss is the mean over the n points of BCE(z_i, y_i), with the logit
    # z_i = w0 * x_i0 + w1 * x_i1 + b. dBCE/dz = sigmoid(z) - y, and dz_i/dw_j = x_ij.
    w = neuron.weight[0].tolist()
    b = neuron.bias.item()
    total = 0.0
    points, labels = X.tolist(), target.tolist()
    for x, y in zip(points, labels):
        z = w[0] * x[0] + w[1] * x[1] + b
        total += (1 / (1 + math.exp(-z)) - y) * x[j]
    return total / len(points)


# Adam's first step: the running averages, corrected for starting at zero, are g
# and g**2, so the step is lr * g / (|g| + eps): a step of lr (0.05) against the
# gradient, whatever the gradient's size. eps = 1e-8 shortens it by about 1.7e-10.
adam_after = 1.0 + 0.05 * 3.0 / (3.0 + 1e-8)
