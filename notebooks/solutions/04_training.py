"""Solutions to the exercises of 04_training.ipynb.

Each block below (from one ``# %% Exercise N`` line to the next) is what goes
into that exercise's cell, above its checker line; pasted there, it passes.
"""

# %% Exercise 1
import tensors as torch


def sgd_step(params, lr, weight_decay):
    # In place and outside the graph, as optimizer.step() does: the update is not
    # part of the model's computation.
    with torch.no_grad():
        for p in params:
            # weight decay adds weight_decay * p to the gradient: the loss plus
            # (weight_decay / 2) * p**2 would have that gradient.
            p -= lr * (p.grad + weight_decay * p)


# %% Exercise 2
import math  # noqa: E402


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


# %% Exercise 3


def adam_step(p, g, lr, eps=1e-8):
    # The running averages, corrected for starting at zero, are g and g**2 after one
    # step, so the step is lr * g / (|g| + eps): a step of about lr against the
    # gradient, whatever the gradient's size (unless |g| is near eps).
    return p - lr * g / (math.sqrt(g * g) + eps)


if __name__ == "__main__":
    import checks

    checks.check_sgd_step(sgd_step)
    checks.check_loss_grad(dloss_dw)
    checks.check_adam_step(adam_step)
