"""``tensors.nn``: neural-network building blocks, as ``torch.nn``.

>>> import tensors as torch
>>> torch.nn.functional.relu(torch.tensor([-1., 1.]))
tensor([0., 1.])
"""

from . import functional

__all__ = ["functional"]
