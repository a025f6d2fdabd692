"""A walk through PyTorch's "Datasets & DataLoaders" page (pytorch/tutorials,
beginner_source/basics/data_tutorial.py), written for this project.

The page loads FashionMNIST through torchvision, looks at nine samples, writes
a custom ``Dataset`` that reads images named in a CSV file, and batches samples
with a ``DataLoader``. Here a small synthetic set of the same shapes stands in
for FashionMNIST (each class lights up its own band of rows), with a
``ToTensor``-like transform of its own; the custom Dataset reads a CSV file
with the ``csv`` module (the page uses pandas) and images saved as NumPy
files (the page uses torchvision's ``read_image``), from a temporary folder.
The pictures are drawn with matplotlib, off screen.
"""

import csv
import os
import tempfile

import matplotlib

matplotlib.use("Agg")  # draw off screen: the program prints, the figures are not shown

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch.utils.data import DataLoader, Dataset  # noqa: E402


def to_tensor(picture):
    """As torchvision's ToTensor: a (28, 28) uint8 picture to a (1, 28, 28) float in [0, 1]."""
    return torch.from_numpy(picture).float().unsqueeze(0) / 255


class SyntheticFashion(Dataset):
    """FashionMNIST's shapes: 28x28 uint8 pictures, labels 0-9 (made from a seed)."""

    def __init__(self, train=True, transform=None):
        rng = np.random.default_rng(0 if train else 1)
        count = 256 if train else 64
        self.labels = rng.integers(0, 10, size=count)
        self.pictures = rng.integers(0, 100, size=(count, 28, 28), dtype=np.uint8)
        for picture, label in zip(self.pictures, self.labels):
            picture[2 * label : 2 * label + 6, :] += 150
        self.transform = transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        picture = self.pictures[idx]
        if self.transform:
            picture = self.transform(picture)
        return picture, int(self.labels[idx])


training_data = SyntheticFashion(train=True, transform=to_tensor)
test_data = SyntheticFashion(train=False, transform=to_tensor)

# a Dataset is indexed like a list: training_data[index] is (image, label)
labels_map = {
    0: "T-Shirt",
    1: "Trouser",
    2: "Pullover",
    3: "Dress",
    4: "Coat",
    5: "Sandal",
    6: "Shirt",
    7: "Sneaker",
    8: "Bag",
    9: "Ankle Boot",
}
figure = plt.figure(figsize=(8, 8))
cols, rows = 3, 3
for i in range(1, cols * rows + 1):
    sample_idx = torch.randint(len(training_data), size=(1,)).item()
    img, label = training_data[sample_idx]
    figure.add_subplot(rows, cols, i)
    plt.title(labels_map[label])
    plt.axis("off")
    plt.imshow(img.squeeze(), cmap="gray")
plt.show()


class CustomImageDataset(Dataset):
    """Images in a folder, their labels in a CSV file of "file name, label" rows."""

    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        with open(annotations_file, newline="") as rows:
            self.img_labels = [(name, int(label)) for name, label in csv.reader(rows)]
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.img_labels)

    def __getitem__(self, idx):
        img_path = os.path.join(self.img_dir, self.img_labels[idx][0])
        image = torch.from_numpy(np.load(img_path))
        label = self.img_labels[idx][1]
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label


with tempfile.TemporaryDirectory() as img_dir:
    # a few of the pictures as files, and the CSV file that names them
    annotations_file = os.path.join(img_dir, "labels.csv")
    with open(annotations_file, "w", newline="") as rows:
        writer = csv.writer(rows)
        for k in range(4):
            name = f"{labels_map[int(training_data.labels[k])].lower()}{k}.npy"
            np.save(os.path.join(img_dir, name), training_data.pictures[k])
            writer.writerow([name, int(training_data.labels[k])])
    custom = CustomImageDataset(annotations_file, img_dir)
    image, label = custom[0]
    print(len(custom), image.shape, label)

# a DataLoader hands out shuffled batches; one pass over all of them is an epoch
train_dataloader = DataLoader(training_data, batch_size=64, shuffle=True)
test_dataloader = DataLoader(test_data, batch_size=64, shuffle=True)

train_features, train_labels = next(iter(train_dataloader))
print(f"Feature batch shape: {train_features.size()}")
print(f"Labels batch shape: {train_labels.size()}")
img = train_features[0].squeeze()
label = train_labels[0]
plt.imshow(img, cmap="gray")
plt.show()
print(f"Label: {label}")
