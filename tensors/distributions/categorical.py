"""``Categorical``: one category index per draw, from ``probs`` or ``logits``.

>>> import tensors as torch
>>> d = torch.distributions.Categorical(torch.tensor([1.0, 3.0]))
>>> d.probs, d.log_prob(torch.tensor(1))
(tensor([0.2500, 0.7500]), tensor(-0.2877))
"""

from __future__ import annotations

from typing import Any, Sequence

from .. import _dtype as D
from .._ops.sampling import multinomial
from .._tensor import Tensor, _from_numbers
from . import constraints
from .distribution import _MIN, Distribution, clamp_probs, lazy_property

__all__ = ["Categorical"]


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
