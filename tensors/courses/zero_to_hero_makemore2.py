"""Zero to Hero, makemore part 2: an MLP language model (Bengio et al. 2003) over
characters: an embedding table ``C`` looked up as ``C[X]``, a tanh hidden layer, a
softmax output trained with ``F.cross_entropy`` on minibatches, a learning-rate
sweep over ``10 ** torch.linspace(-3, 0, ...)``, train/dev/test splits, and sampling.

Swapped for a scalar engine: ``names.txt`` is ``data/names.txt`` (405 generated
names); the hidden layer has 20 units, the embedding 2 dimensions as in the
lecture's first model; training runs 60 minibatch steps of 16 examples; the plots
are printed numbers.
"""

import pathlib
import random

import torch
import torch.nn.functional as F

words = (pathlib.Path(__file__).parent / "data" / "names.txt").read_text().splitlines()
print(words[:8])
print(len(words))

chars = sorted(list(set("".join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi["."] = 0
itos = {i: s for s, i in stoi.items()}
print(itos)

# the dataset: each character predicted from the block_size before it
block_size = 3  # context length


def build_dataset(words):
    X, Y = [], []
    for w in words:
        context = [0] * block_size
        for ch in w + ".":
            ix = stoi[ch]
            X.append(context)
            Y.append(ix)
            context = context[1:] + [ix]  # crop and append
    X = torch.tensor(X)
    Y = torch.tensor(Y)
    print(X.shape, Y.shape)
    return X, Y


random.seed(42)
random.shuffle(words)
n1 = int(0.8 * len(words))
n2 = int(0.9 * len(words))
Xtr, Ytr = build_dataset(words[:n1])
Xdev, Ydev = build_dataset(words[n1:n2])
Xte, Yte = build_dataset(words[n2:])

# the embedding: C[5] is one row, C[X] every context at once
g = torch.Generator().manual_seed(2147483647)
C = torch.randn((27, 2), generator=g)
print(C[5].shape, (F.one_hot(torch.tensor(5), num_classes=27).float() @ C).shape)
emb = C[Xtr[:32]]
print(emb.shape)
print(torch.cat(torch.unbind(emb, 1), 1).shape, emb.view(32, 6).shape)

W1 = torch.randn((6, 20), generator=g)
b1 = torch.randn(20, generator=g)
W2 = torch.randn((20, 27), generator=g)
b2 = torch.randn(27, generator=g)
parameters = [C, W1, b1, W2, b2]
print(sum(p.nelement() for p in parameters))  # number of parameters in total
for p in parameters:
    p.requires_grad = True

# the loss by hand and by F.cross_entropy
h = torch.tanh(emb.view(-1, 6) @ W1 + b1)
logits = h @ W2 + b2
counts = logits.exp()
prob = counts / counts.sum(1, keepdims=True)
by_hand = -prob[torch.arange(32), Ytr[:32]].log().mean()
print(by_hand.shape, F.cross_entropy(logits, Ytr[:32]).shape)

lre = torch.linspace(-3, 0, 60)
lrs = 10**lre
print(lrs[0], lrs[-1])

lri = []
lossi = []
stepi = []

for i in range(60):
    # minibatch
    ix = torch.randint(0, Xtr.shape[0], (16,))

    # forward pass
    emb = C[Xtr[ix]]  # (16, 3, 2)
    h = torch.tanh(emb.view(-1, 6) @ W1 + b1)  # (16, 20)
    logits = h @ W2 + b2  # (16, 27)
    loss = F.cross_entropy(logits, Ytr[ix])
    if i % 10 == 0:
        print(i, loss.item())

    # backward pass
    for p in parameters:
        p.grad = None
    loss.backward()

    # update
    lr = 0.1
    for p in parameters:
        p.data += -lr * p.grad

    # track stats
    lri.append(lre[i])
    stepi.append(i)
    lossi.append(loss.log10().item())

print("steps:", len(lri), len(lossi))

# the loss on whole splits
emb = C[Xtr]
h = torch.tanh(emb.view(-1, 6) @ W1 + b1)
logits = h @ W2 + b2
print("train", F.cross_entropy(logits, Ytr).item())
emb = C[Xdev]
h = torch.tanh(emb.view(-1, 6) @ W1 + b1)
logits = h @ W2 + b2
print("dev", F.cross_entropy(logits, Ydev).item())

# sample from the model
g = torch.Generator().manual_seed(2147483647 + 10)
for _ in range(5):
    out = []
    context = [0] * block_size  # start with all ...
    while True:
        emb = C[torch.tensor([context])]  # (1,block_size,d)
        h = torch.tanh(emb.view(1, -1) @ W1 + b1)
        logits = h @ W2 + b2
        probs = F.softmax(logits, dim=1)
        ix = torch.multinomial(probs, num_samples=1, generator=g).item()
        context = context[1:] + [ix]
        out.append(ix)
        if ix == 0:
            break
    print("".join(itos[i] for i in out))
