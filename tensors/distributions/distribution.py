"""``Distribution``: the base of ``torch.distributions``' classes, with their shapes,
argument checks, printing, and the helpers they share.

A distribution has a ``batch_shape`` (independent distributions side by side)
and an ``event_shape`` (the shape of one draw); ``sample(sample_shape)`` gives
``sample_shape + batch_shape + event_shape``.

>>> import tensors as torch
>>> d = torch.distributions.Normal(torch.zeros(3), 1.0)
>>> d.batch_shape, d.event_shape, d.sample((2,)).shape
(torch.Size([3]), torch.Size([]), torch.Size([2, 3]))
"""

from __future__ import annotations

import numbers
from typing import Any, Sequence

from .. import _dtype as D
from .._creation import tensor
from .._shape import Size, broadcast_shapes
from .._tensor import Tensor
from . import constraints

__all__ = ["Distribution"]

# PyTorch clamps probabilities by the dtype's machine epsilon and logits by its most
# negative finite number (torch.finfo)
_EPS = {"float32": 1.1920928955078125e-07, "float64": 2.220446049250313e-16}
_MIN = {"float32": -3.4028234663852886e38, "float64": -1.7976931348623157e308}


def broadcast_all(*values: Any) -> list:
    """Numbers made tensors (of a tensor argument's dtype, else the default), then every
    value expanded to the common shape."""
    dtype = next((v.dtype for v in values if isinstance(v, Tensor)), D.get_default_dtype())
    tensors_ = [v if isinstance(v, Tensor) else tensor(float(v), dtype=dtype) for v in values]
    shape = broadcast_shapes(*(t.shape for t in tensors_))
    return [t if tuple(t.shape) == shape else t.expand(shape) for t in tensors_]


def is_number(x: Any) -> bool:
    return isinstance(x, numbers.Number) and not isinstance(x, Tensor)


def clamp_probs(probs: Tensor) -> Tensor:
    eps = _EPS[probs.dtype.name]
    return probs.clamp(min=eps, max=1 - eps)


class Distribution:
    """What every distribution has: shapes, ``sample`` (no graph), ``rsample`` (through
    the parameters, where the distribution has one), ``log_prob``, ``entropy``, checks
    of its arguments and of values scored, and PyTorch's printing.

    >>> import tensors as torch
    >>> torch.distributions.Bernoulli(torch.tensor([0.5, 0.5]))
    Bernoulli(probs: torch.Size([2]))
    """

    has_rsample = False
    arg_constraints: dict = {}
    support: Any = None
    _validate_args = True

    def __init__(
        self,
        batch_shape: Sequence[int] = (),
        event_shape: Sequence[int] = (),
        validate_args: Any = None,
    ) -> None:
        self._batch_shape = Size(batch_shape)
        self._event_shape = Size(event_shape)
        if validate_args is not None:
            self._validate_args = validate_args
        if self._validate_args:
            for param, constraint in self.arg_constraints.items():
                if param not in self.__dict__ and isinstance(
                    getattr(type(self), param, None), lazy_property
                ):
                    continue  # made from the other parameter: checked through it
                value = getattr(self, param)
                if not constraint.check(value):
                    raise ValueError(
                        f"Expected parameter {param} ({type(value).__name__} of shape "
                        f"{tuple(value.shape)}) of distribution {self!r} to satisfy the "
                        f"constraint {constraint!r}, but found invalid values:\n{value}"
                    )

    @property
    def batch_shape(self) -> Size:
        """The shape of the batch of independent distributions."""
        return self._batch_shape

    @property
    def event_shape(self) -> Size:
        """The shape of one draw."""
        return self._event_shape

    def _extended_shape(self, sample_shape: Sequence[int] = ()) -> Size:
        return Size(tuple(sample_shape) + tuple(self._batch_shape) + tuple(self._event_shape))

    def sample(self, sample_shape: Sequence[int] = ()) -> Tensor:
        """Draws of shape ``sample_shape + batch_shape + event_shape``, without a graph."""
        from ..autograd import no_grad

        with no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape: Sequence[int] = ()) -> Tensor:
        """Reparameterized draws: gradients flow back to the parameters."""
        raise NotImplementedError

    def sample_n(self, n: int) -> Tensor:
        """``n`` draws (``sample((n,))``)."""
        return self.sample((n,))

    def _validate_sample(self, value: Any) -> None:
        if not isinstance(value, Tensor):
            raise ValueError("The value argument to log_prob must be a Tensor")
        start = value.ndim - len(self._event_shape)
        if value.shape[start:] != self._event_shape:
            raise ValueError(
                "The right-most size of value must match event_shape: "
                f"{value.shape} vs {self._event_shape}."
            )
        expected = self._batch_shape + self._event_shape
        for i, j in zip(reversed(value.shape), reversed(expected)):
            if i != 1 and j != 1 and i != j:
                raise ValueError(
                    "Value is not broadcastable with batch_shape+event_shape: "
                    f"{value.shape} vs {expected}."
                )
        if self.support is not None and not self.support.check(value):
            raise ValueError(
                f"Expected value argument ({type(value).__name__} of shape "
                f"{tuple(value.shape)}) to be within the support ({self.support!r}) of the "
                f"distribution {self!r}, but found invalid values:\n{value}"
            )

    def __repr__(self) -> str:
        shown = [k for k in self.arg_constraints if k in self.__dict__]
        args = ", ".join(
            f"{k}: {self.__dict__[k] if self.__dict__[k].numel() == 1 else self.__dict__[k].size()}"
            for k in shown
        )
        return f"{type(self).__name__}({args})"


class lazy_property:  # noqa: N801 - PyTorch's name
    """An attribute computed on first reading and kept in the instance (so printing
    shows it from then on, as PyTorch's does)."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn
        self.__doc__ = fn.__doc__

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        value = self.fn(instance)
        instance.__dict__[self.fn.__name__] = value
        return value


__all__ += ["broadcast_all", "clamp_probs", "constraints", "lazy_property"]
