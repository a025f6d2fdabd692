"""Solutions to the exercises of 02_value_engine.ipynb."""


def div_rule(a, b):
    # d(a/b)/da = 1/b; d(a/b)/db = -a/b**2 (the engine writes it -out/b, with out = a/b).
    return (1 / b, -a / b**2)


def change(x1):
    """A small change dx in x1 moves o by about do/dx1 * dx: the gradient times the nudge."""
    return x1.grad * 0.01
