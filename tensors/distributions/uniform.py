"""``Uniform(low, high)``: every number in ``[low, high)`` equally likely.

>>> import tensors as torch
>>> d = torch.distributions.Uniform(0.0, 4.0)
>>> d.log_prob(torch.tensor(1.0)), d.entropy(), d.mean
(tensor(-1.3863), tensor(1.3863), tensor(2.))
"""

from __future__ import annotations

from typing import Any, Sequence

from .._creation import _rng
from .._tensor import Tensor, _from_numbers
from . import constraints
from .distribution import Distribution, broadcast_all, is_number

__all__ = ["Uniform"]


class Uniform(Distribution):
    """Uniform distributions on ``[low, high)`` (numbers or tensors, broadcast together).

    >>> import tensors as torch
    >>> torch.distributions.Uniform(torch.zeros(2), 1.0).rsample((3,)).shape
    torch.Size([3, 2])
    """

    has_rsample = True

    @property
    def arg_constraints(self) -> dict:  # type: ignore[override]
        return {
            "low": constraints.less_than(self.high),
            "high": constraints.greater_than(self.low),
        }

    @property
    def support(self) -> Any:  # type: ignore[override]
        return constraints.interval(self.low, self.high)

    def __init__(self, low: Any, high: Any, validate_args: Any = None) -> None:
        self.low, self.high = broadcast_all(low, high)
        shape = () if is_number(low) and is_number(high) else self.low.shape
        super().__init__(shape, validate_args=validate_args)

    @property
    def mean(self) -> Tensor:
        """``(high + low) / 2``."""
        return (self.high + self.low) / 2

    @property
    def stddev(self) -> Tensor:
        """``(high - low) / sqrt(12)``."""
        return (self.high - self.low) / 12**0.5

    @property
    def variance(self) -> Tensor:
        """``(high - low) ** 2 / 12``."""
        return (self.high - self.low).pow(2) / 12

    def rsample(self, sample_shape: Sequence[int] = ()) -> Tensor:
        """``low + u * (high - low)`` with ``u`` uniform on [0, 1): gradients reach both."""
        shape = self._extended_shape(sample_shape)
        n = 1
        for s in shape:
            n *= s
        u = _from_numbers([_rng.random() for _ in range(n)], shape, self.low.dtype)
        return self.low + u * (self.high - self.low)

    def log_prob(self, value: Tensor) -> Tensor:
        """``-log(high - low)`` inside, ``-inf`` outside."""
        if self._validate_args:
            self._validate_sample(value)
        inside = self.low.le(value).type_as(self.low) * self.high.gt(value).type_as(self.low)
        return inside.log() - (self.high - self.low).log()

    def entropy(self) -> Tensor:
        """``log(high - low)``."""
        return (self.high - self.low).log()
