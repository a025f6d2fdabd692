"""Solutions to the exercises of 01_autograd_tutorial.ipynb.

Each block below (from one ``# %% Exercise N`` line to the next) is what goes
into that exercise's cell, above its checker line; pasted there, it passes.
"""

# %% Exercise 1
import math


def b_grad_1(z, y):
    # loss = mean over the 3 outputs of BCE(z_j, y_j); dBCE/dz = sigmoid(z) - y, the
    # mean divides by 3, and z = x @ w + b passes the gradient to b[1] unchanged.
    return (1 / (1 + math.exp(-z[1].item())) - y[1].item()) / 3


# %% Exercise 2
import tensors as torch  # noqa: E402


def w_grad(x, b_grad):
    # z[j] = sum_i x[i] * w[i, j] + b[j]: d z[j] / d w[i, j] = x[i] and d z[j] / d b[j] = 1,
    # so w.grad[i, j] = x[i] * b.grad[j], the outer product. With x all ones, each row
    # of w.grad is b.grad.
    return torch.outer(x, b_grad)


if __name__ == "__main__":
    import checks

    checks.check_bias_grad(b_grad_1)
    checks.check_weight_grad(w_grad)
