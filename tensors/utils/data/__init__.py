"""``tensors.utils.data``: data sets and loaders, as ``torch.utils.data``.

>>> import tensors as torch
>>> from tensors.utils.data import DataLoader, TensorDataset
>>> X, y = torch.arange(8.0).reshape(4, 2), torch.tensor([0, 1, 1, 0])
>>> batch_X, batch_y = next(iter(DataLoader(TensorDataset(X, y), batch_size=3)))
>>> batch_X.shape, batch_y
(torch.Size([3, 2]), tensor([0, 1, 1]))
"""

from .collate import default_collate, default_convert
from .dataloader import DataLoader
from .dataset import (
    ChainDataset,
    ConcatDataset,
    Dataset,
    IterableDataset,
    Subset,
    TensorDataset,
    random_split,
)
from .sampler import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
)

__all__ = [
    "BatchSampler",
    "ChainDataset",
    "ConcatDataset",
    "DataLoader",
    "Dataset",
    "IterableDataset",
    "RandomSampler",
    "Sampler",
    "SequentialSampler",
    "Subset",
    "SubsetRandomSampler",
    "TensorDataset",
    "default_collate",
    "default_convert",
    "random_split",
]
