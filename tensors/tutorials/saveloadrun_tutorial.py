"""A walk through PyTorch's "Save and Load the Model" page (pytorch/tutorials,
beginner_source/basics/saveloadrun_tutorial.py), written for this project.

The page saves a VGG16 from torchvision (138 million weights, downloaded):
its state dict with ``torch.save``, then into a new model with
``load_state_dict(torch.load(..., weights_only=True))``, then the whole
model object (``torch.load(..., weights_only=False)``, which unpickles
classes and so needs a trusted file). Here a small network of VGG's layers
(convolutions, ReLU, max pooling, adaptive average pooling, a classifier with
dropout) stands in, and the program checks on one image that each loaded
model gives the numbers the saved one gave. The files go to a temporary
folder.
"""

import os
import tempfile

import torch
from torch import nn


def tiny_vgg():
    # VGG's pattern, 3x3 convolutions and 2x2 max pooling, at a scalar engine's scale
    return nn.Sequential(
        nn.Conv2d(3, 4, kernel_size=3, padding=1),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=2, stride=2),
        nn.Conv2d(4, 8, kernel_size=3, padding=1),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=2, stride=2),
        nn.AdaptiveAvgPool2d((2, 2)),
        nn.Flatten(),
        nn.Linear(8 * 2 * 2, 16),
        nn.ReLU(inplace=True),
        nn.Dropout(p=0.5),
        nn.Linear(16, 10),
    )


image = torch.rand(1, 3, 16, 16)
folder = tempfile.mkdtemp()
weights_path = os.path.join(folder, "model_weights.pth")
model_path = os.path.join(folder, "model.pth")

# the learned parameters live in the model's state dict: torch.save writes it out
model = tiny_vgg()
model.eval()
with torch.no_grad():
    before = model(image)
torch.save(model.state_dict(), weights_path)
print(list(model.state_dict().keys()))

# to load weights, make the same model first, then load the saved state into it
model = tiny_vgg()
print(model.load_state_dict(torch.load(weights_path, weights_only=True)))
model.eval()  # dropout off before predicting

with torch.no_grad():
    after = model(image)
print(before.shape, torch.equal(before, after))

# the whole model, its structure with it: unpickling runs code, so weights_only=False
torch.save(model, model_path)
model = torch.load(model_path, weights_only=False)
print(model)
with torch.no_grad():
    print(torch.equal(model(image), before))

for name in (weights_path, model_path):
    os.remove(name)
os.rmdir(folder)
