"""``tensors.utils``: PyTorch's ``torch.utils`` (for now its ``data`` package)."""

from . import data

__all__ = ["data"]
