"""``tensors.backends.mps``: Apple's GPU backend is neither built nor available here.

>>> import tensors as torch
>>> torch.backends.mps.is_available(), torch.backends.mps.is_built()
(False, False)
"""


def is_available() -> bool:
    """False: this project computes on the CPU only."""
    return False


def is_built() -> bool:
    """False: no MPS support is built in."""
    return False
