"""Zero to Hero, makemore part 1: the bigram language model, counted and then trained.

A table of how often each character follows each other (``int32`` counts),
names sampled from it with ``torch.multinomial`` and a seeded ``Generator``,
the average negative log-likelihood of the data; then the same model as a
one-layer neural net on one-hot inputs, trained by gradient descent, and
sampled again.

Swapped for a scalar engine: ``names.txt`` (32,000 names) is ``data/names.txt``,
405 generated names; the plots of the table are its printed corners; the net
trains on the bigrams of the first 100 names for 20 steps (10 when ``COURSES_QUICK`` is
set in the environment, as the tests set it).
"""

import os
import pathlib

import torch
import torch.nn.functional as F

words = (pathlib.Path(__file__).parent / "data" / "names.txt").read_text().splitlines()
print(words[:10])
print(len(words))
print(min(len(w) for w in words), max(len(w) for w in words))

# the bigrams of the first names, with start and end marks
b = {}
for w in words[:3]:
    chs = ["<S>"] + list(w) + ["<E>"]
    for ch1, ch2 in zip(chs, chs[1:]):
        bigram = (ch1, ch2)
        b[bigram] = b.get(bigram, 0) + 1
print(sorted(b.items(), key=lambda kv: -kv[1])[:5])

# the count table: '.' both starts and ends a name
N = torch.zeros((27, 27), dtype=torch.int32)
chars = sorted(list(set("".join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi["."] = 0
itos = {i: s for s, i in stoi.items()}

for w in words:
    chs = ["."] + list(w) + ["."]
    for ch1, ch2 in zip(chs, chs[1:]):
        ix1 = stoi[ch1]
        ix2 = stoi[ch2]
        N[ix1, ix2] += 1

print(N[:4, :8])
print(N[0])
print(N.dtype, N.sum())

# the first row as probabilities, and draws from it
p = N[0].float()
p = p / p.sum()
print(p[:6])

g = torch.Generator().manual_seed(2147483647)
p = torch.rand(3, generator=g)
p = p / p.sum()
print(p.shape, p.sum())
print(torch.multinomial(p, num_samples=20, replacement=True, generator=g).shape)

# smoothed probabilities, each row normalized by broadcasting
P = (N + 1).float()
P /= P.sum(1, keepdims=True)
print(P.shape, P[0].sum())

g = torch.Generator().manual_seed(2147483647)
for _ in range(5):
    out = []
    ix = 0
    while True:
        p = P[ix]
        ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
        out.append(itos[ix])
        if ix == 0:
            break
    print("".join(out))

# the quality of the model: the average negative log likelihood
log_likelihood = 0.0
n = 0
for w in words:
    chs = ["."] + list(w) + ["."]
    for ch1, ch2 in zip(chs, chs[1:]):
        ix1 = stoi[ch1]
        ix2 = stoi[ch2]
        prob = P[ix1, ix2]
        logprob = torch.log(prob)
        log_likelihood += logprob
        n += 1
print(f"{log_likelihood=}")
nll = -log_likelihood
print(f"{nll=}")
print(f"{nll / n}")

# the training set of bigrams (x, y), for the neural net
xs, ys = [], []
for w in words[:100]:
    chs = ["."] + list(w) + ["."]
    for ch1, ch2 in zip(chs, chs[1:]):
        xs.append(stoi[ch1])
        ys.append(stoi[ch2])
xs = torch.tensor(xs)
ys = torch.tensor(ys)
num = xs.nelement()
print("number of examples: ", num)

xenc = F.one_hot(xs, num_classes=27).float()
print(xenc.shape, xenc.dtype)

g = torch.Generator().manual_seed(2147483647)
W = torch.randn((27, 27), generator=g, requires_grad=True)

steps = 10 if os.environ.get("COURSES_QUICK") else 20  # a short run (the tests'): fewer steps
for k in range(steps):
    # forward pass
    xenc = F.one_hot(xs, num_classes=27).float()  # one-hot inputs
    logits = xenc @ W  # log-counts
    counts = logits.exp()  # counts, as N
    probs = counts / counts.sum(1, keepdims=True)  # the next character's probabilities
    loss = -probs[torch.arange(num), ys].log().mean() + 0.01 * (W**2).mean()
    print(k, loss.item())

    # backward pass
    W.grad = None
    loss.backward()

    # update
    W.data += -50 * W.grad

# sampling from the trained net
g = torch.Generator().manual_seed(2147483647)
for _ in range(5):
    out = []
    ix = 0
    while True:
        xenc = F.one_hot(torch.tensor([ix]), num_classes=27).float()
        logits = xenc @ W
        counts = logits.exp()
        p = counts / counts.sum(1, keepdims=True)
        ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
        out.append(itos[ix])
        if ix == 0:
            break
    print("".join(out))
