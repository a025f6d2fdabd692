"""``Bernoulli``: ones with probability ``probs`` (or ``sigmoid(logits)``), zeros otherwise.

>>> import tensors as torch
>>> d = torch.distributions.Bernoulli(logits=torch.tensor([0.0]))
>>> d.probs, d.log_prob(torch.tensor([1.0]))
(tensor([0.5000]), tensor([-0.6931]))
"""

from __future__ import annotations

from typing import Any, Sequence

from .._ops.sampling import bernoulli
from .._tensor import Tensor
from ..nn.functional import binary_cross_entropy_with_logits
from . import constraints
from .distribution import Distribution, broadcast_all, clamp_probs, is_number, lazy_property

__all__ = ["Bernoulli"]


class Bernoulli(Distribution):
    """Zeros and ones; give ``probs`` or ``logits`` (numbers or tensors).

    >>> import tensors as torch
    >>> torch.distributions.Bernoulli(0.3).mean
    tensor(0.3000)
    """

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.boolean
    has_enumerate_support = True

    def __init__(self, probs: Any = None, logits: Any = None, validate_args: Any = None) -> None:
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        given = probs if probs is not None else logits
        (param,) = broadcast_all(given)
        if probs is not None:
            self.probs = param
        else:
            self.logits = param
        self._param = param
        shape = () if is_number(given) else param.shape
        super().__init__(shape, validate_args=validate_args)

    @lazy_property
    def logits(self) -> Tensor:
        """``log(p) - log(1 - p)``, with p kept off 0 and 1."""
        p = clamp_probs(self.probs)
        return p.log() - (-p).log1p()

    @lazy_property
    def probs(self) -> Tensor:
        """``sigmoid(logits)``."""
        return self.logits.sigmoid()

    @property
    def param_shape(self) -> Any:
        return self._param.shape

    @property
    def mean(self) -> Tensor:
        """``probs``."""
        return self.probs

    @property
    def variance(self) -> Tensor:
        """``probs * (1 - probs)``."""
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape: Sequence[int] = ()) -> Tensor:
        """Zeros and ones of shape ``sample_shape + batch_shape``, in probs' dtype."""
        shape = self._extended_shape(sample_shape)
        return bernoulli(self.probs.detach().expand(tuple(shape)))

    def log_prob(self, value: Tensor) -> Tensor:
        """``value log p + (1 - value) log(1 - p)``, from the logits (stable)."""
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        return -binary_cross_entropy_with_logits(logits, value, reduction="none")

    def entropy(self) -> Tensor:
        """``-(p log p + (1 - p) log(1 - p))``."""
        return binary_cross_entropy_with_logits(self.logits, self.probs, reduction="none")
