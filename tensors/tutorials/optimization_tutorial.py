"""A walk through PyTorch's "Optimizing Model Parameters" page (pytorch/tutorials,
beginner_source/basics/optimization_tutorial.py), written for this project.

The page trains on FashionMNIST, downloaded by torchvision. Here a small
synthetic set of the same shapes stands in: 1x28x28 images with labels 0-9,
where each class lights up its own band of rows above uniform noise (so there
is something to learn). Everything is smaller (48 training images, hidden
layers of 8, 3 epochs) and the step size larger, so it runs in seconds.
"""

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset


class BandedImages(Dataset):
    """Samples as FashionMNIST gives them: a (1, 28, 28) float image and an int label."""

    def __init__(self, size):
        self.labels = torch.randint(0, 10, (size,))
        bands = torch.zeros(10, 1, 28, 28)
        for k in range(10):
            bands[k, 0, 2 * k : 2 * k + 6, :] = 1.0
        self.images = torch.rand(size, 1, 28, 28) * 0.5 + bands[self.labels]

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        return self.images[index], int(self.labels[index])


training_data = BandedImages(48)
test_data = BandedImages(16)

train_dataloader = DataLoader(training_data, batch_size=16)
test_dataloader = DataLoader(test_data, batch_size=16)


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 8),
            nn.ReLU(),
            nn.Linear(8, 8),
            nn.ReLU(),
            nn.Linear(8, 10),
        )

    def forward(self, x):
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits


model = NeuralNetwork()

learning_rate = 1e-1
batch_size = 16
epochs = 2

loss_fn = nn.CrossEntropyLoss()

optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)


def train_loop(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    model.train()
    for batch, (X, y) in enumerate(dataloader):
        pred = model(X)
        loss = loss_fn(pred, y)

        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        if batch % 2 == 0:
            loss, current = loss.item(), batch * batch_size + len(X)
            print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")


def test_loop(dataloader, model, loss_fn):
    model.eval()
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    test_loss, correct = 0, 0

    # no graph is needed to measure
    with torch.no_grad():
        for X, y in dataloader:
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()

    test_loss /= num_batches
    correct /= size
    print(f"Test Error: \n Accuracy: {(100 * correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")


loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)

epochs = 3
for t in range(epochs):
    print(f"Epoch {t + 1}\n-------------------------------")
    train_loop(train_dataloader, model, loss_fn, optimizer)
    test_loop(test_dataloader, model, loss_fn)
print("Done!")
