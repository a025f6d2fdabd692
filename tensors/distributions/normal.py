"""``Normal(loc, scale)``: the Gaussian, with the reparameterized ``rsample``.

>>> import tensors as torch
>>> d = torch.distributions.Normal(0.0, 2.0)
>>> d.log_prob(torch.tensor(0.0)), d.entropy()
(tensor(-1.6121), tensor(2.1121))
"""

from __future__ import annotations

import math
from typing import Any, Sequence

from .._creation import _rng
from .._tensor import Tensor, _from_numbers
from . import constraints
from .distribution import Distribution, broadcast_all, is_number

__all__ = ["Normal"]


class Normal(Distribution):
    """Normal distributions with means ``loc`` and standard deviations ``scale``
    (numbers or tensors, broadcast together).

    >>> import tensors as torch
    >>> torch.distributions.Normal(torch.zeros(2), 1.0).sample((3,)).shape
    torch.Size([3, 2])
    """

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, loc: Any, scale: Any, validate_args: Any = None) -> None:
        self.loc, self.scale = broadcast_all(loc, scale)
        shape = () if is_number(loc) and is_number(scale) else self.loc.shape
        super().__init__(shape, validate_args=validate_args)

    @property
    def mean(self) -> Tensor:
        """The mean, ``loc``."""
        return self.loc

    @property
    def mode(self) -> Tensor:
        """The most likely value, ``loc``."""
        return self.loc

    @property
    def stddev(self) -> Tensor:
        """The standard deviation, ``scale``."""
        return self.scale

    @property
    def variance(self) -> Tensor:
        """``scale ** 2``."""
        return self.stddev.pow(2)

    def rsample(self, sample_shape: Sequence[int] = ()) -> Tensor:
        """``loc + eps * scale`` with ``eps`` standard normal: gradients reach both."""
        shape = self._extended_shape(sample_shape)
        n = 1
        for s in shape:
            n *= s
        eps = _from_numbers([_rng.gauss(0.0, 1.0) for _ in range(n)], shape, self.loc.dtype)
        return self.loc + eps * self.scale

    def log_prob(self, value: Tensor) -> Tensor:
        """The log density at ``value``."""
        if self._validate_args:
            self._validate_sample(value)
        var = self.scale**2
        return (
            -((value - self.loc) ** 2) / (2 * var)
            - self.scale.log()
            - math.log(math.sqrt(2 * math.pi))
        )

    def entropy(self) -> Tensor:
        """``0.5 + 0.5 log(2 pi) + log(scale)``."""
        return 0.5 + 0.5 * math.log(2 * math.pi) + self.scale.log()
