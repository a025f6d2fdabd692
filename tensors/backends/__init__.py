"""``tensors.backends``: ``torch.backends.mps`` as a CPU-only PyTorch reports it."""

from . import mps

__all__ = ["mps"]
