"""Solutions to the exercises of 05_beyond_first_derivatives.ipynb.

Each block below (from one ``# %% Exercise N`` line to the next) is what goes
into that exercise's cell, above its checker line; pasted there, it passes.
"""

# %% Exercise 1
import tensors as torch


def second_derivative(f, t):
    t = torch.tensor(t, requires_grad=True)
    (d1,) = torch.autograd.grad(f(t), t, create_graph=True)  # f'(t), as a graph
    (d2,) = torch.autograd.grad(d1, t)  # the derivative of that graph: f''(t)
    return d2.item()


if __name__ == "__main__":
    import checks

    checks.check_second_derivative(second_derivative)
