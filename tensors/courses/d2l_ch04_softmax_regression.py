"""Dive into Deep Learning, chapter 4 (linear neural networks for classification):
softmax by hand, the cross-entropy loss by indexing, accuracy, softmax regression from
scratch and concise (``nn.Flatten``, ``nn.LazyLinear``, ``F.cross_entropy``), on a
Fashion-MNIST-shaped data set.

Swapped: Fashion-MNIST (a download of 70,000 28x28 images) is a synthetic set of
8x8 one-channel images of 10 classes, 200 for training and 100 for validation,
each class a fixed pattern plus noise; d2l's helper classes are the few lines
used; the plots are printed losses and accuracies; 3 epochs.
"""

import torch
import torch.nn.functional as F
from torch import nn


class Module(nn.Module):
    def loss(self, y_hat, y):
        raise NotImplementedError

    def forward(self, X):
        return self.net(X)

    def training_step(self, batch):
        return self.loss(self(*batch[:-1]), batch[-1])

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.lr)


class Classifier(Module):
    """d2l.Classifier: validation reports the loss and the accuracy."""

    def validation_step(self, batch):
        Y_hat = self(*batch[:-1])
        return self.loss(Y_hat, batch[-1]), self.accuracy(Y_hat, batch[-1])

    def accuracy(self, Y_hat, Y, averaged=True):
        Y_hat = Y_hat.reshape((-1, Y_hat.shape[-1]))
        preds = Y_hat.argmax(axis=1).type(Y.dtype)
        compare = (preds == Y.reshape(-1)).type(torch.float32)
        return compare.mean() if averaged else compare


class Trainer:
    def __init__(self, max_epochs):
        self.max_epochs = max_epochs

    def fit(self, model, data):
        optim = model.configure_optimizers()
        for epoch in range(self.max_epochs):
            model.train()
            for batch in data.train_dataloader():
                loss = model.training_step(batch)
                optim.zero_grad()
                with torch.no_grad():
                    loss.backward()
                    optim.step()
            model.eval()
            with torch.no_grad():
                results = [model.validation_step(b) for b in data.val_dataloader()]
            val_loss = sum(r[0].item() for r in results) / len(results)
            val_acc = sum(r[1].item() for r in results) / len(results)
            print(f"epoch {epoch}: acc {val_acc:.2f}, val loss {val_loss:.4f}")


class FashionMNIST:
    """Fashion-MNIST's shapes and labels: a synthetic stand-in (see the top)."""

    def __init__(self, batch_size=20, resize=(8, 8)):
        self.batch_size = batch_size
        g = torch.Generator().manual_seed(0)
        patterns = torch.rand(10, 1, *resize, generator=g)
        self.train = self._make(200, patterns, g)
        self.val = self._make(100, patterns, g)

    def _make(self, n, patterns, g):
        y = torch.randint(0, 10, (n,), generator=g)
        X = patterns[y] + 0.3 * torch.randn(n, *patterns.shape[1:], generator=g)
        return torch.utils.data.TensorDataset(X, y)

    def text_labels(self, indices):
        labels = ["t-shirt", "trouser", "pullover", "dress", "coat",
                  "sandal", "shirt", "sneaker", "bag", "ankle boot"]  # fmt: skip
        return [labels[int(i)] for i in indices]

    def get_dataloader(self, train):
        data = self.train if train else self.val
        return torch.utils.data.DataLoader(data, self.batch_size, shuffle=train)

    def train_dataloader(self):
        return self.get_dataloader(True)

    def val_dataloader(self):
        return self.get_dataloader(False)


torch.manual_seed(0)
data = FashionMNIST(resize=(8, 8))
print(len(data.train), len(data.val))
print(data.train[0][0].shape)
X, y = next(iter(data.train_dataloader()))
print(X.shape, X.dtype, y.shape, y.dtype)
print(data.text_labels(y[:4]))

# 4.4 softmax regression from scratch
X = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
print(X.sum(0, keepdims=True), X.sum(1, keepdims=True))


def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdims=True)
    return X_exp / partition  # broadcasting


X = torch.tensor([[0.1, 0.2, 0.5], [1.0, -1.0, 0.0]])
X_prob = softmax(X)
print(X_prob, X_prob.sum(1))


class SoftmaxRegressionScratch(Classifier):
    def __init__(self, num_inputs, num_outputs, lr, sigma=0.01):
        super().__init__()
        self.num_inputs, self.lr = num_inputs, lr
        self.W = torch.normal(0, sigma, size=(num_inputs, num_outputs), requires_grad=True)
        self.b = torch.zeros(num_outputs, requires_grad=True)

    def parameters(self):
        return [self.W, self.b]

    def forward(self, X):
        X = X.reshape((-1, self.W.shape[0]))
        return softmax(torch.matmul(X, self.W) + self.b)

    def loss(self, y_hat, y):
        return cross_entropy(y_hat, y)


y = torch.tensor([0, 2])
y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
print(y_hat[[0, 1], y])


def cross_entropy(y_hat, y):
    return -torch.log(y_hat[list(range(len(y_hat))), y]).mean()


print(cross_entropy(y_hat, y))
print(Classifier.accuracy(None, y_hat, y))

model = SoftmaxRegressionScratch(num_inputs=64, num_outputs=10, lr=0.1)
Trainer(max_epochs=3).fit(model, data)
X, y = next(iter(data.val_dataloader()))
preds = model(X).argmax(axis=1)
print(preds.shape)
wrong = preds.type(y.dtype) != y
print(len(data.text_labels(y[wrong])) == int(wrong.sum()))


# 4.5 concise softmax regression
class SoftmaxRegression(Classifier):
    def __init__(self, num_outputs, lr):
        super().__init__()
        self.lr = lr
        self.net = nn.Sequential(nn.Flatten(), nn.LazyLinear(num_outputs))

    def forward(self, X):
        return self.net(X)

    def loss(self, Y_hat, Y, averaged=True):
        Y_hat = Y_hat.reshape((-1, Y_hat.shape[-1]))
        Y = Y.reshape((-1,))
        return F.cross_entropy(Y_hat, Y, reduction="mean" if averaged else "none")


model = SoftmaxRegression(num_outputs=10, lr=0.1)
print(model)
Trainer(max_epochs=3).fit(model, data)
print(model)
