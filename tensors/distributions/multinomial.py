"""``Multinomial``: the counts per category of ``total_count`` categorical draws.

>>> import tensors as torch
>>> from tensors.distributions.multinomial import Multinomial
>>> Multinomial(3, torch.tensor([0.5, 0.5])).log_prob(torch.tensor([1.0, 2.0]))
tensor(-0.9808)
"""

from __future__ import annotations

import math
import struct
from typing import Any, Sequence

from .. import _dtype as D
from .._ops.pointwise import where
from .._tensor import Tensor, _from_numbers
from . import constraints
from .categorical import Categorical
from .distribution import Distribution

__all__ = ["Multinomial"]


class Multinomial(Distribution):
    """Counts per category of ``total_count`` categorical draws.

    >>> import tensors as torch
    >>> d = torch.distributions.Multinomial(10, torch.tensor([0.0, 1.0]))
    >>> d.sample(), d.event_shape
    (tensor([ 0., 10.]), torch.Size([2]))
    """

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real}

    def __init__(
        self,
        total_count: int = 1,
        probs: Any = None,
        logits: Any = None,
        validate_args: Any = None,
    ) -> None:
        if not isinstance(total_count, int):
            raise NotImplementedError("inhomogeneous total_count is not supported")
        self.total_count = total_count
        self._categorical = Categorical(probs=probs, logits=logits)
        shape = self._categorical.param_shape
        super().__init__(shape[:-1], shape[-1:], validate_args=validate_args)

    @property
    def probs(self) -> Tensor:
        """The categories' probabilities."""
        return self._categorical.probs

    @property
    def logits(self) -> Tensor:
        """The categories' normalized log probabilities."""
        return self._categorical.logits

    @property
    def param_shape(self) -> Any:
        return self._categorical.param_shape

    @property
    def mean(self) -> Tensor:
        """``total_count * probs``."""
        return self.probs * self.total_count

    @property
    def variance(self) -> Tensor:
        """``total_count * probs * (1 - probs)``."""
        return self.total_count * self.probs * (1 - self.probs)

    @property
    def support(self) -> Any:  # type: ignore[override]
        return constraints.integer_interval(0, self.total_count)

    def entropy(self) -> Tensor:
        """PyTorch's formula: ``n H(p) - log n!`` plus, over the categories, the mean of
        ``log k!`` under each category's binomial count ``k`` (the terms ``k = 1..n``).

        >>> import tensors as torch
        >>> torch.distributions.Multinomial(2, torch.tensor([0.5, 0.5])).entropy()
        tensor(1.0397)
        """
        n = self.total_count
        # PyTorch takes log n! of an integer tensor here, so in float32 (the default dtype)
        log_n_fact = struct.unpack("f", struct.pack("f", math.lgamma(n + 1)))[0]
        term1 = self._categorical.entropy() * n - log_n_fact
        if n == 0:
            return term1
        # each category alone: a binomial count of n draws, by its probability's log-odds
        eps = 2.0**-23 if self.probs.dtype is D.float32 else 2.0**-52
        p = self.probs.clamp(min=eps, max=1 - eps)
        logits = p.log() - (-p).log1p()
        k = _from_numbers(
            [float(i) for i in range(1, n + 1)], (n,) + (1,) * p.ndim, self.probs.dtype
        )
        log_k_fact = (k + 1).lgamma()
        half = (logits.clamp(min=0) + logits - logits.clamp(max=0)) / 2  # clamp, grad 1/2 at 0
        normalize = n * half + n * (-logits.abs()).exp().log1p() - math.lgamma(n + 1)
        log_prob = k * logits - log_k_fact - (n - k + 1).lgamma() - normalize
        return term1 + (log_prob.exp() * log_k_fact).sum([0, -1])

    def sample(self, sample_shape: Sequence[int] = ()) -> Tensor:
        """Counts of shape ``sample_shape + batch_shape + (categories,)``, in probs' dtype."""
        draws = self._categorical.sample((self.total_count,) + tuple(sample_shape))
        k = self._event_shape[0]
        flat = draws.tolist() if draws.ndim else [draws.item()]
        per_draw = draws.numel() // max(self.total_count, 1)
        picks = [x for x in _flatten(flat)]
        counts = [0.0] * (per_draw * k)
        for j in range(self.total_count):
            for i in range(per_draw):
                counts[i * k + int(picks[j * per_draw + i])] += 1.0
        return _from_numbers(counts, self._extended_shape(sample_shape), self.probs.dtype)

    def log_prob(self, value: Tensor) -> Tensor:
        """``log(n!) - sum(log(x_i!)) + sum(x_i log p_i)``."""
        if self._validate_args:
            self._validate_sample(value)
        counts = [v.data for v in value._flat()]
        k = value.shape[-1]
        rows = [counts[i : i + k] for i in range(0, len(counts), k)]
        # the factorials are of the counts: numbers, outside any graph
        norm = [math.lgamma(sum(row) + 1) - sum(math.lgamma(x + 1) for x in row) for row in rows]
        constant = _from_numbers(norm, tuple(value.shape[:-1]), self.logits.dtype)
        logits = self.logits.expand(tuple(value.shape))
        # a category that cannot happen, counted zero times, adds nothing (not 0 * -inf)
        impossible = [c == 0 and lg.data == -math.inf for c, lg in zip(counts, logits.values())]
        if any(impossible):
            mask = _from_numbers(impossible, tuple(value.shape), D.bool)
            logits = where(mask, 0.0, logits)
        return constant + (logits * value).sum(-1)


def _flatten(x: Any) -> list:
    if not isinstance(x, list):
        return [x]
    return [y for item in x for y in _flatten(item)]
