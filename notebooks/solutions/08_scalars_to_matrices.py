"""Solutions to the exercises of 08_scalars_to_matrices.ipynb.

Each block below (from one ``# %% Exercise N`` line to the next) is what goes
into that exercise's cell, above its checker line; pasted there, it passes.
"""

# %% Exercise 1


def linear_backward(x, W, b, g):
    # y[i, j] = sum_k x[i, k] W[k, j] + b[j], and g = dL/dy:
    # dL/dx = g W^T, dL/dW = x^T g, and b, broadcast over the examples, gets g summed
    # over them (dim 0).
    return g @ W.t(), x.t() @ g, g.sum(dim=0)


if __name__ == "__main__":
    import checks

    checks.check_linear_backward(linear_backward)
