"""A walk through PyTorch's "Quickstart" page (pytorch/tutorials,
beginner_source/basics/quickstart_tutorial.py), written for this project.

The page's whole loop in one program: data, a model, training, testing, then
saving the model's state with ``torch.save`` and loading it into a new model
with ``torch.load``. The page trains on FashionMNIST, downloaded by
torchvision; here a small synthetic set of the same shapes stands in (each
class lights up its own band of rows above uniform noise), and everything is
smaller (48 training images, hidden layers of 8, 3 epochs) with a larger step
size, so it runs in seconds. The saved file goes to a temporary folder.
"""

import os
import tempfile

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

batch_size = 16

# the loaders batch the samples: X is [N, C, H, W], y the N labels
train_dataloader = DataLoader(training_data, batch_size=batch_size)
test_dataloader = DataLoader(test_data, batch_size=batch_size)

for X, y in test_dataloader:
    print(f"Shape of X [N, C, H, W]: {X.shape}")
    print(f"Shape of y: {y.shape} {y.dtype}")
    break

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"Using {device} device")


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


model = NeuralNetwork().to(device)
print(model)

loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=3e-1)


def train(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    model.train()
    for batch, (X, y) in enumerate(dataloader):
        X, y = X.to(device), y.to(device)

        # the prediction and its error
        pred = model(X)
        loss = loss_fn(pred, y)

        # backpropagation, then one step of the optimizer
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

        if batch % 2 == 0:
            loss, current = loss.item(), (batch + 1) * len(X)
            print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")


def test(dataloader, model, loss_fn):
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    model.eval()
    test_loss, correct = 0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()
    test_loss /= num_batches
    correct /= size
    print(f"Test Error: \n Accuracy: {(100 * correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")


epochs = 3
for t in range(epochs):
    print(f"Epoch {t + 1}\n-------------------------------")
    train(train_dataloader, model, loss_fn, optimizer)
    test(test_dataloader, model, loss_fn)
print("Done!")

with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "model.pth")

    # the usual way to save a model: its state dict, the tensors by name
    torch.save(model.state_dict(), path)
    print("Saved PyTorch Model State to model.pth")

    # loading: build the model again, then load the saved state into it
    model = NeuralNetwork().to(device)
    model.load_state_dict(torch.load(path, weights_only=True))

classes = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
]

model.eval()
x, y = test_data[0][0], test_data[0][1]
with torch.no_grad():
    x = x.to(device)
    pred = model(x)
    predicted, actual = classes[pred[0].argmax(0)], classes[y]
    print(f'Predicted: "{predicted}", Actual: "{actual}"')
