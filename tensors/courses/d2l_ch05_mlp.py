"""Dive into Deep Learning, chapter 5 (multilayer perceptrons): ReLU, sigmoid and tanh
and their derivatives by autograd, an MLP from scratch and concise, dropout from
scratch and ``nn.Dropout``, and numerical stability (the sigmoid's vanishing
gradient, a product of random matrices that explodes).

Swapped: Fashion-MNIST is the synthetic 8x8 set of chapter 4's program; d2l's
helper classes are the few lines used; plots are printed numbers; hidden layers
of 16 units, 3 epochs.
"""

import torch
import torch.nn.functional as F
from torch import nn

# 5.1 activation functions and their gradients
x = torch.arange(-8.0, 8.0, 2.0, requires_grad=True)
y = torch.relu(x)
y.backward(torch.ones_like(x), retain_graph=True)
print(y.detach(), x.grad)
y = torch.sigmoid(x)
x.grad.data.zero_()
y.backward(torch.ones_like(x), retain_graph=True)
print(y.detach(), x.grad)
y = torch.tanh(x)
x.grad.data.zero_()
y.backward(torch.ones_like(x), retain_graph=True)
print(y.detach(), x.grad)


class Classifier(nn.Module):
    def forward(self, X):
        return self.net(X)

    def loss(self, Y_hat, Y):
        return F.cross_entropy(Y_hat.reshape((-1, Y_hat.shape[-1])), Y.reshape((-1,)))

    def training_step(self, batch):
        return self.loss(self(*batch[:-1]), batch[-1])

    def validation_step(self, batch):
        Y_hat = self(*batch[:-1])
        acc = (Y_hat.argmax(axis=1).type(batch[-1].dtype) == batch[-1]).type(torch.float32)
        return self.loss(Y_hat, batch[-1]), acc.mean()

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.lr)


def fit(model, data, max_epochs=3):
    optim = model.configure_optimizers()
    for epoch in range(max_epochs):
        model.train()
        for batch in data["train"]:
            loss = model.training_step(batch)
            optim.zero_grad()
            loss.backward()
            optim.step()
        model.eval()
        with torch.no_grad():
            results = [model.validation_step(b) for b in data["val"]]
        val_loss = sum(r[0].item() for r in results) / len(results)
        val_acc = sum(r[1].item() for r in results) / len(results)
        print(f"epoch {epoch}: acc {val_acc:.2f}, val loss {val_loss:.4f}")


def fashion_mnist(batch_size=20):
    g = torch.Generator().manual_seed(0)
    patterns = torch.rand(10, 1, 8, 8, generator=g)
    sets = {}
    for split, n in (("train", 200), ("val", 100)):
        y = torch.randint(0, 10, (n,), generator=g)
        X = patterns[y] + 0.3 * torch.randn(n, 1, 8, 8, generator=g)
        dataset = torch.utils.data.TensorDataset(X, y)
        sets[split] = torch.utils.data.DataLoader(dataset, batch_size, shuffle=split == "train")
    return sets


torch.manual_seed(0)
data = fashion_mnist()


# 5.2 an MLP from scratch
class MLPScratch(Classifier):
    def __init__(self, num_inputs, num_outputs, num_hiddens, lr, sigma=0.01):
        super().__init__()
        self.num_inputs, self.lr = num_inputs, lr
        self.W1 = nn.Parameter(torch.randn(num_inputs, num_hiddens) * sigma)
        self.b1 = nn.Parameter(torch.zeros(num_hiddens))
        self.W2 = nn.Parameter(torch.randn(num_hiddens, num_outputs) * sigma)
        self.b2 = nn.Parameter(torch.zeros(num_outputs))

    def forward(self, X):
        X = X.reshape((-1, self.num_inputs))
        H = relu(torch.matmul(X, self.W1) + self.b1)
        return torch.matmul(H, self.W2) + self.b2


def relu(X):
    a = torch.zeros_like(X)
    return torch.max(X, a)


model = MLPScratch(num_inputs=64, num_outputs=10, num_hiddens=16, lr=0.5)
print([p.shape for p in model.parameters()])
fit(model, data)


# the concise MLP
class MLP(Classifier):
    def __init__(self, num_outputs, num_hiddens, lr):
        super().__init__()
        self.lr = lr
        self.net = nn.Sequential(
            nn.Flatten(), nn.LazyLinear(num_hiddens), nn.ReLU(), nn.LazyLinear(num_outputs)
        )


model = MLP(num_outputs=10, num_hiddens=16, lr=0.5)
fit(model, data)
print(model)


# 5.6 dropout, from scratch and concise
def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    if dropout == 1:
        return torch.zeros_like(X)
    mask = (torch.rand(X.shape) > dropout).float()
    return mask * X / (1.0 - dropout)


X = torch.arange(16, dtype=torch.float32).reshape((2, 8))
print("dropout_p = 0:", dropout_layer(X, 0))
print("dropout_p = 1:", dropout_layer(X, 1))
print(dropout_layer(X, 0.5).shape)


class DropoutMLPScratch(Classifier):
    def __init__(self, num_outputs, num_hiddens_1, num_hiddens_2, dropout_1, dropout_2, lr):
        super().__init__()
        self.lr = lr
        self.dropout_1, self.dropout_2 = dropout_1, dropout_2
        self.lin1 = nn.LazyLinear(num_hiddens_1)
        self.lin2 = nn.LazyLinear(num_hiddens_2)
        self.lin3 = nn.LazyLinear(num_outputs)
        self.relu = nn.ReLU()

    def forward(self, X):
        H1 = self.relu(self.lin1(X.reshape((X.shape[0], -1))))
        if self.training:
            H1 = dropout_layer(H1, self.dropout_1)
        H2 = self.relu(self.lin2(H1))
        if self.training:
            H2 = dropout_layer(H2, self.dropout_2)
        return self.lin3(H2)


hparams = {"num_outputs": 10, "num_hiddens_1": 16, "num_hiddens_2": 16,
           "dropout_1": 0.2, "dropout_2": 0.2, "lr": 0.5}  # fmt: skip
model = DropoutMLPScratch(**hparams)
fit(model, data)


class DropoutMLP(Classifier):
    def __init__(self, num_outputs, num_hiddens_1, num_hiddens_2, dropout_1, dropout_2, lr):
        super().__init__()
        self.lr = lr
        self.net = nn.Sequential(
            nn.Flatten(), nn.LazyLinear(num_hiddens_1), nn.ReLU(),
            nn.Dropout(dropout_1), nn.LazyLinear(num_hiddens_2), nn.ReLU(),
            nn.Dropout(dropout_2), nn.LazyLinear(num_outputs),
        )  # fmt: skip


model = DropoutMLP(**hparams)
fit(model, data)
print(model)

# 5.4 numerical stability: the sigmoid's gradient vanishes at both ends
x = torch.arange(-8.0, 8.0, 2.0, requires_grad=True)
y = torch.sigmoid(x)
y.backward(torch.ones_like(x))
print(x.grad)
# a product of 100 random matrices explodes
M = torch.normal(0, 1, size=(4, 4))
print("a single matrix", M.shape)
for _ in range(100):
    M = M @ torch.normal(0, 1, size=(4, 4))
print("after multiplying 100 matrices", M.abs().max() > 1e10)
