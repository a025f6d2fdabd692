"""Solutions to the exercises of 06_moving_to_pytorch.ipynb.

Each block below (from one ``# %% Exercise N`` line to the next) is what goes
into that exercise's cell, above its checker line; pasted there, it passes.
"""

# %% Exercise 1


def multiplications(sizes):
    # Each weight multiplies one input once per point: n_in * n_out for each layer
    # (the biases are added, not multiplied).
    return sum(n_in * n_out for n_in, n_out in zip(sizes, sizes[1:]))


# %% Exercise 2


def l2_penalty(lib, model):
    # Only PyTorch's API (parameters, *, sum, +) through lib: the same lines run on
    # both libraries.
    total = lib.tensor(0.0)
    for p in model.parameters():
        total = total + (p * p).sum()
    return total


if __name__ == "__main__":
    import checks
    import tensors

    try:
        import torch
    except ImportError:
        torch = None
    checks.check_multiplications(multiplications)
    checks.check_portable(l2_penalty, tensors, torch)
