"""Solutions to the exercises of 09_mlp_by_hand.ipynb.

Each block below (from one ``# %% Exercise N`` line to the next) is what goes
into that exercise's cell, above its checker line; pasted there, it passes.
"""

# %% Exercise 1


def train_step(params, loss_fn, lr):
    loss = loss_fn()  # forward: a fresh graph from the parameters
    for p in params:  # clear: backward adds into .grad
        p.grad = 0.0
    loss.backward()
    for p in params:  # update: against the gradient
        p.data -= lr * p.grad
    return loss.data


if __name__ == "__main__":
    import checks

    checks.check_training_step(train_step)
