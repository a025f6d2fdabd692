"""``Categorical`` (one category index per draw) and ``Multinomial`` (counts of
``total_count`` draws), from ``probs`` or ``logits``.

>>> import tensors as torch
>>> d = torch.distributions.Categorical(torch.tensor([1.0, 3.0]))
>>> d.probs, d.log_prob(torch.tensor(1))
(tensor([0.2500, 0.7500]), tensor(-0.2877))
"""

from __future__ import annotations

import math
from typing import Any, Sequence

from .. import _dtype as D
from .._ops.pointwise import where
from .._ops.sampling import multinomial
from .._tensor import Tensor, _from_numbers
from . import constraints
from .distribution import _MIN, Distribution, clamp_probs, lazy_property

__all__ = ["Categorical", "Multinomial"]


def _one_of(probs: Any, logits: Any) -> None:
    if (probs is None) == (logits is None):
        raise ValueError("Either `probs` or `logits` must be specified, but not both.")


class Categorical(Distribution):
    """Draws category indices ``0 .. K-1`` with the weights in the last dimension of
    ``probs`` (normalized to sum to one) or ``logits`` (log weights).

    >>> import tensors as torch
    >>> d = torch.distributions.Categorical(logits=torch.zeros(2, 3))
    >>> d.batch_shape, d.sample((4,)).shape
    (torch.Size([2]), torch.Size([4, 2]))
    """

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real}
    has_enumerate_support = True

    def __init__(self, probs: Any = None, logits: Any = None, validate_args: Any = None) -> None:
        _one_of(probs, logits)
        if probs is not None:
            if probs.ndim < 1:
                raise ValueError("`probs` parameter must be at least one-dimensional.")
            self.probs = probs / probs.sum(-1, keepdim=True)
        else:
            if logits.ndim < 1:
                raise ValueError("`logits` parameter must be at least one-dimensional.")
            self.logits = logits - logits.logsumexp(dim=-1, keepdim=True)
        self._param = self.probs if probs is not None else self.logits
        self._num_events = self._param.shape[-1]
        super().__init__(self._param.shape[:-1], validate_args=validate_args)

    @lazy_property
    def logits(self) -> Tensor:
        """Normalized log probabilities."""
        return clamp_probs(self.probs).log()

    @lazy_property
    def probs(self) -> Tensor:
        """Probabilities (softmax of the logits)."""
        return self.logits.softmax(-1)

    @property
    def param_shape(self) -> Any:
        """The shape of ``probs`` / ``logits``."""
        return self._param.shape

    @property
    def support(self) -> Any:  # type: ignore[override]
        return constraints.integer_interval(0, self._num_events - 1)

    def sample(self, sample_shape: Sequence[int] = ()) -> Tensor:
        """Category indices (int64) of shape ``sample_shape + batch_shape``."""
        n = 1
        for s in sample_shape:
            n *= s
        rows = self.probs.detach().reshape(-1, self._num_events)
        drawn = multinomial(rows, n, True).tolist() if n else [[] for _ in range(rows.shape[0])]
        # drawn[row][k]: the k-th draw of batch element ``row``; samples run first
        flat = [drawn[r][k] for k in range(n) for r in range(len(drawn))]
        return _from_numbers(flat, self._extended_shape(sample_shape), D.int64)

    def log_prob(self, value: Tensor) -> Tensor:
        """The log probability of each category index in ``value``."""
        if self._validate_args:
            self._validate_sample(value)
        value = value.long().unsqueeze(-1)
        shape = tuple(value.shape[:-1])
        batch = tuple(self.logits.shape[:-1])
        wide = _broadcast(shape, batch)
        logits = self.logits.expand(wide + (self._num_events,))
        index = value.expand(wide + (1,))
        return logits.gather(-1, index).squeeze(-1)

    def entropy(self) -> Tensor:
        """``-sum(p log p)`` over the categories."""
        logits = self.logits.clamp(min=_MIN[self.logits.dtype.name])
        return -(logits * self.probs).sum(-1)


def _broadcast(a: tuple, b: tuple) -> tuple:
    from .._shape import broadcast_shapes

    return tuple(broadcast_shapes(a, b))


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
