"""``Generator``: a seeded source of random numbers, as ``torch.Generator``.

It is Python's ``random.Random`` with PyTorch's method names on top, so the
same seed gives the same draws here every time (not the numbers PyTorch's
Philox/Mersenne generator would give). ``tensors.manual_seed`` seeds and
returns the default generator; functions that take ``generator=`` draw from
the one they are given instead.

>>> g = Generator().manual_seed(42)
>>> g.initial_seed()
42
>>> a = g.random(); _ = g.manual_seed(42); a == g.random()
True
"""

from __future__ import annotations

import os
import random
from typing import Any

from ._dtype import device as _device

__all__ = ["Generator"]


class Generator(random.Random):
    """A random number generator with PyTorch's ``manual_seed`` / ``initial_seed`` / ``seed``.

    >>> import tensors as torch
    >>> g = torch.Generator().manual_seed(1)
    >>> torch.randperm(5, generator=g).tolist() == torch.randperm(
    ...     5, generator=torch.Generator().manual_seed(1)).tolist()
    True
    """

    # PyTorch's default seed for a fresh generator
    _DEFAULT_SEED = 67280421310721

    def __init__(self, device: Any = "cpu") -> None:
        self.device = _device(str(device))
        self._initial_seed = self._DEFAULT_SEED
        super().__init__(self._DEFAULT_SEED)

    def manual_seed(self, seed: int) -> "Generator":
        """Seed the generator; returns it, so ``Generator().manual_seed(0)`` reads as one step."""
        seed = int(seed)
        self._initial_seed = seed
        random.Random.seed(self, seed)
        return self

    def initial_seed(self) -> int:
        """The seed the generator was last seeded with."""
        return self._initial_seed

    def seed(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        """Reseed from the operating system's entropy and return the new seed, as PyTorch does.

        With an argument it is ``random.Random.seed`` (which ``random.Random``
        itself calls).
        """
        if args or kwargs:
            return random.Random.seed(self, *args, **kwargs)
        new = int.from_bytes(os.urandom(8), "little") & (2**63 - 1)
        self.manual_seed(new)
        return new

    def __repr__(self) -> str:
        return f"<tensors.Generator object at {id(self):#x}>"
