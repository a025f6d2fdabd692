"""``tensors.cuda``: what ``torch.cuda`` says on a machine without CUDA.

>>> import tensors as torch
>>> torch.cuda.is_available(), torch.cuda.device_count()
(False, 0)
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "is_available",
    "device_count",
    "is_initialized",
    "current_device",
    "get_device_name",
    "synchronize",
    "manual_seed",
    "manual_seed_all",
    "empty_cache",
]

_NO_CUDA = "Torch not compiled with CUDA enabled"


def is_available() -> bool:
    """False: this project computes on the CPU only."""
    return False


def device_count() -> int:
    """0 CUDA devices."""
    return 0


def is_initialized() -> bool:
    """False: there is no CUDA state to set up."""
    return False


def current_device() -> int:
    """PyTorch's error on a build without CUDA."""
    raise AssertionError(_NO_CUDA)


def get_device_name(device: Any = None) -> str:
    """PyTorch's error on a build without CUDA."""
    raise AssertionError(_NO_CUDA)


def synchronize(device: Any = None) -> None:
    """PyTorch's error on a build without CUDA."""
    raise AssertionError(_NO_CUDA)


def manual_seed(seed: int) -> None:
    """Does nothing without CUDA, as in PyTorch (which seeds CUDA lazily, when it starts)."""


def manual_seed_all(seed: int) -> None:
    """Does nothing without CUDA, as in PyTorch."""


def empty_cache() -> None:
    """Does nothing: there is no CUDA memory to free."""
