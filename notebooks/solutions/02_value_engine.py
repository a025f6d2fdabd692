"""Solutions to the exercises of 02_value_engine.ipynb.

Each block below (from one ``# %% Exercise N`` line to the next) is what goes
into that exercise's cell, above its checker line; pasted there, it passes.
"""

# %% Exercise 1


def div_rule(a, b):
    # d(a/b)/da = 1/b; d(a/b)/db = -a/b**2 (the engine writes it -out/b, with out = a/b).
    return (1 / b, -a / b**2)


# %% Exercise 2


def change(x, dx):
    # A small change dx in x moves o by about do/dx * dx: the gradient times the nudge.
    return x.grad * dx


if __name__ == "__main__":
    import checks

    checks.check_rule(div_rule, "div")
    checks.check_first_order(change)
