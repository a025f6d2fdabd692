"""Dive into Deep Learning, chapter 3 (linear neural networks for regression): the
book's object-oriented scaffold (``Module``, ``DataModule``, ``Trainer``), synthetic
regression data, linear regression from scratch (its own SGD), the concise one
(``nn.LazyLinear``, ``nn.MSELoss``, ``torch.optim.SGD``), and weight decay, by hand
and through the optimizer's ``weight_decay``.

Swapped: d2l's helper library is not installed, so the few lines of ``d2l.Module``,
``d2l.DataModule``, ``d2l.Trainer`` and ``d2l.SyntheticRegressionData`` it uses are
written here; the plots are printed losses; the sets have 200 examples, batches 20,
3 epochs (weight decay: 20 examples of 20 features, 5 epochs).
"""

import random

import torch
from torch import nn


class Module(nn.Module):
    """d2l.Module: a model that knows its loss, its training step and its optimizer."""

    def __init__(self):
        super().__init__()

    def loss(self, y_hat, y):
        raise NotImplementedError

    def forward(self, X):
        return self.net(X)

    def training_step(self, batch):
        return self.loss(self(*batch[:-1]), batch[-1])

    def validation_step(self, batch):
        return self.loss(self(*batch[:-1]), batch[-1])


class DataModule:
    """d2l.DataModule: train and validation loaders over tensors."""

    def get_tensorloader(self, tensors, train, indices=slice(0, None)):
        tensors = tuple(a[indices] for a in tensors)
        dataset = torch.utils.data.TensorDataset(*tensors)
        return torch.utils.data.DataLoader(dataset, self.batch_size, shuffle=train)

    def train_dataloader(self):
        return self.get_dataloader(train=True)

    def val_dataloader(self):
        return self.get_dataloader(train=False)


class Trainer:
    """d2l.Trainer: epochs of training steps, then validation; the losses printed."""

    def __init__(self, max_epochs):
        self.max_epochs = max_epochs

    def fit(self, model, data):
        self.train_dataloader = data.train_dataloader()
        self.val_dataloader = data.val_dataloader()
        self.optim = model.configure_optimizers()
        for epoch in range(self.max_epochs):
            self.epoch = epoch
            model.train()
            for batch in self.train_dataloader:
                loss = model.training_step(batch)
                self.optim.zero_grad()
                with torch.no_grad():
                    loss.backward()
                    self.optim.step()
            model.eval()
            with torch.no_grad():
                val = [model.validation_step(batch) for batch in self.val_dataloader]
            print(f"epoch {self.epoch}: train loss {loss.item():.4f}, "
                  f"val loss {sum(v.item() for v in val) / len(val):.4f}")  # fmt: skip


class SyntheticRegressionData(DataModule):
    """y = Xw + b + noise."""

    def __init__(self, w, b, noise=0.01, num_train=200, num_val=200, batch_size=20):
        self.w, self.b, self.noise = w, b, noise
        self.num_train, self.num_val, self.batch_size = num_train, num_val, batch_size
        n = num_train + num_val
        self.X = torch.randn(n, len(w))
        noise = torch.randn(n, 1) * noise
        self.y = torch.matmul(self.X, w.reshape((-1, 1))) + b + noise

    def get_dataloader(self, train):
        i = slice(0, self.num_train) if train else slice(self.num_train, None)
        return self.get_tensorloader((self.X, self.y), train, i)


torch.manual_seed(0)
data = SyntheticRegressionData(w=torch.tensor([2, -3.4]), b=4.2)
print("features:", data.X[0].shape, "\nlabel:", data.y[0].shape)


# reading the data by hand: shuffled minibatches
def data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)  # the examples in a random order
    for i in range(0, num_examples, batch_size):
        batch_indices = torch.tensor(indices[i : min(i + batch_size, num_examples)])
        yield features[batch_indices], labels[batch_indices]


X, y = next(data_iter(20, data.X, data.y))
print("X shape:", X.shape, "\ny shape:", y.shape)
X, y = next(iter(data.train_dataloader()))
print("X shape:", X.shape, "\ny shape:", y.shape)
print(len(data.train_dataloader()))


# 3.4 linear regression from scratch
class LinearRegressionScratch(Module):
    def __init__(self, num_inputs, lr, sigma=0.01):
        super().__init__()
        self.lr = lr
        self.w = torch.normal(0, sigma, (num_inputs, 1), requires_grad=True)
        self.b = torch.zeros(1, requires_grad=True)

    def forward(self, X):
        return torch.matmul(X, self.w) + self.b

    def loss(self, y_hat, y):
        l = (y_hat - y) ** 2 / 2  # noqa: E741 - the book's name
        return l.mean()

    def configure_optimizers(self):
        return SGD([self.w, self.b], self.lr)


class SGD:
    """Minibatch stochastic gradient descent."""

    def __init__(self, params, lr):
        self.params, self.lr = params, lr

    def step(self):
        for param in self.params:
            param -= self.lr * param.grad

    def zero_grad(self):
        for param in self.params:
            if param.grad is not None:
                param.grad.zero_()


model = LinearRegressionScratch(2, lr=0.03)
trainer = Trainer(max_epochs=3)
trainer.fit(model, data)
with torch.no_grad():
    print(f"error in estimating w: {data.w - model.w.reshape(data.w.shape)}")
    print(f"error in estimating b: {data.b - model.b}")


# 3.5 concise linear regression
class LinearRegression(Module):
    def __init__(self, lr):
        super().__init__()
        self.lr = lr
        self.net = nn.LazyLinear(1)
        self.net.weight.data.normal_(0, 0.01)
        self.net.bias.data.fill_(0)

    def forward(self, X):
        return self.net(X)

    def loss(self, y_hat, y):
        fn = nn.MSELoss()
        return fn(y_hat, y)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), self.lr)

    def get_w_b(self):
        return (self.net.weight.data, self.net.bias.data)


model = LinearRegression(lr=0.03)
print(model.net)
trainer = Trainer(max_epochs=3)
trainer.fit(model, data)
print(model.net)
w, b = model.get_w_b()
print(f"error in estimating w: {data.w - w.reshape(data.w.shape)}")
print(f"error in estimating b: {data.b - b}")


# 3.7 weight decay: few examples, many features
class Data(DataModule):
    def __init__(self, num_train, num_val, num_inputs, batch_size):
        self.num_train, self.num_val, self.batch_size = num_train, num_val, batch_size
        n = num_train + num_val
        self.X = torch.randn(n, num_inputs)
        noise = torch.randn(n, 1) * 0.01
        w, b = torch.ones((num_inputs, 1)) * 0.01, 0.05
        self.y = torch.matmul(self.X, w) + b + noise

    def get_dataloader(self, train):
        i = slice(0, self.num_train) if train else slice(self.num_train, None)
        return self.get_tensorloader([self.X, self.y], train, i)


def l2_penalty(w):
    return (w**2).sum() / 2


class WeightDecayScratch(LinearRegressionScratch):
    def __init__(self, num_inputs, lambd, lr, sigma=0.01):
        super().__init__(num_inputs, lr, sigma)
        self.lambd = lambd

    def loss(self, y_hat, y):
        return super().loss(y_hat, y) + self.lambd * l2_penalty(self.w)


data = Data(num_train=20, num_val=100, num_inputs=20, batch_size=5)
for lambd in (0, 3):
    model = WeightDecayScratch(num_inputs=20, lambd=lambd, lr=0.01)
    Trainer(max_epochs=5).fit(model, data)
    print("L2 norm of w:", float(l2_penalty(model.w.detach())))


class WeightDecay(LinearRegression):
    def __init__(self, wd, lr):
        super().__init__(lr)
        self.wd = wd

    def configure_optimizers(self):
        return torch.optim.SGD(
            [
                {"params": self.net.weight, "weight_decay": self.wd},
                {"params": self.net.bias},
            ],
            lr=self.lr,
        )


model = WeightDecay(wd=3, lr=0.01)
model.board = None
Trainer(max_epochs=5).fit(model, data)
print("L2 norm of w:", float(l2_penalty(model.get_w_b()[0])))
