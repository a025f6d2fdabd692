"""A walk through PyTorch's "Transforms" page (pytorch/tutorials,
beginner_source/basics/transforms_tutorial.py), written for this project.

The page gives FashionMNIST two transforms: ``ToTensor`` turns each PIL image
into a float tensor scaled to [0, 1], and a ``Lambda`` turns each integer label
into a one-hot tensor with ``scatter_``. torchvision is not part of this
project, so here the two transforms are small classes of the program's own,
with torchvision's names, over a synthetic set of FashionMNIST's shapes; the
``torch`` calls are the page's.
"""

import numpy as np
import torch
from torch.utils.data import Dataset


class ToTensor:
    """As torchvision's: an (H, W) uint8 picture to a (1, H, W) float tensor in [0, 1]."""

    def __call__(self, picture):
        return torch.tensor(picture, dtype=torch.float).unsqueeze(0) / 255


class Lambda:
    """As torchvision's: any function, as a transform."""

    def __init__(self, fn):
        self.fn = fn

    def __call__(self, x):
        return self.fn(x)


class SyntheticFashion(Dataset):
    """FashionMNIST's shapes: 28x28 uint8 pictures, labels 0-9 (made from a seed)."""

    def __init__(self, transform=None, target_transform=None):
        rng = np.random.default_rng(0)
        self.labels = rng.integers(0, 10, size=32)
        self.pictures = rng.integers(0, 256, size=(32, 28, 28), dtype=np.uint8)
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        picture, label = self.pictures[idx], int(self.labels[idx])
        if self.transform:
            picture = self.transform(picture)
        if self.target_transform:
            label = self.target_transform(label)
        return picture, label


ds = SyntheticFashion(
    transform=ToTensor(),
    # the label as a one-hot vector: ten zeros, a one written at the label's place
    target_transform=Lambda(
        lambda y: torch.zeros(10, dtype=torch.float).scatter_(0, torch.tensor(y), value=1)
    ),
)

image, target = ds[0]
print(image.shape, image.dtype, image.min().item() >= 0, image.max().item() <= 1)
print(int(ds.labels[0]), target)
