"""Solutions to the exercises of 10_tiny_gpt.ipynb.

Each block below (from one ``# %% Exercise N`` line to the next) is what goes
into that exercise's cell, above its checker line; pasted there, it passes.
"""

# %% Exercise 1


def causal_head(x, wq, wk, wv):
    import tensors as torch

    q, k, v = x @ wq.T, x @ wk.T, x @ wv.T
    scores = q @ k.T * wq.shape[0] ** -0.5
    T = x.shape[0]
    future = torch.ones(T, T).triu(1) == 1  # above the diagonal: later positions
    scores = scores.masked_fill(future, float("-inf"))
    return scores.softmax(dim=-1) @ v


# %% Exercise 2


def gpt_parameters(vocab_size, n_embd, n_head, n_layer, block_size):
    # n_head heads of n_embd // n_head each: their q, k, v weights make 3 * n_embd**2
    attention = 3 * n_embd * n_embd + (n_embd * n_embd + n_embd)  # and the projection
    feed_forward = (n_embd * 4 * n_embd + 4 * n_embd) + (4 * n_embd * n_embd + n_embd)
    layer_norms = 2 * 2 * n_embd  # a weight and a bias each
    block = attention + feed_forward + layer_norms
    embeddings = vocab_size * n_embd + block_size * n_embd
    head = 2 * n_embd + (n_embd * vocab_size + vocab_size)  # ln_f, lm_head
    return embeddings + n_layer * block + head


if __name__ == "__main__":
    import checks

    checks.check_causal_head(causal_head)
    checks.check_gpt_parameters(gpt_parameters)
