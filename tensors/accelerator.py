"""``tensors.accelerator``: ``torch.accelerator`` with no accelerator present.

PyTorch's tutorials choose their device with it:

>>> import tensors as torch
>>> accel = torch.accelerator
>>> device = accel.current_accelerator().type if accel.is_available() else "cpu"
>>> device
'cpu'
"""

from __future__ import annotations

from typing import Optional

from ._dtype import device as _device

__all__ = ["is_available", "current_accelerator", "device_count", "current_device_index"]

_NONE = "Cannot access accelerator device when none is available."


def is_available() -> bool:
    """False: there is no CUDA, MPS or other accelerator here."""
    return False


def current_accelerator(check_available: bool = False) -> Optional[_device]:
    """None: no accelerator (PyTorch gives the same on a CPU-only build)."""
    return None


def device_count() -> int:
    """0 accelerators."""
    return 0


def current_device_index() -> int:
    """PyTorch's error when no accelerator is available."""
    raise RuntimeError(_NONE)
