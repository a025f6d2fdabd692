"""The dropouts beyond ``F.dropout``: whole channels (``dropout1d``, ``dropout2d``,
``dropout3d``) and the self-normalising ones (``alpha_dropout``,
``feature_alpha_dropout``), written as PyTorch's ``_dropout_impl`` is.

Out of training, or with ``p = 0``, the input itself is returned; with ``p = 1``
the input is multiplied by a zero. Otherwise a noise of 1 (kept, probability
``1 - p``) and 0 is drawn from the project's generator (``torch.manual_seed``;
not PyTorch's stream, so other draws), one per element or one per channel
(shape ``(N, C, 1, ...)``, broadcast over the positions), and the input is
multiplied by it: scaled by ``1 / (1 - p)``, or for the alpha forms by ``a`` and
shifted by ``b`` so that a dropped element becomes SELU's negative saturation
value and mean and variance stay. The results are tensor ops (``mul``, ``add``),
so the nodes are PyTorch's ``MulBackward0`` and ``AddBackward0``.

>>> import tensors as torch
>>> import tensors.nn.functional as F
>>> x = torch.ones(2, 3, 4)
>>> y = F.dropout1d(x, 0.5)
>>> all(len(set(channel)) == 1 for sample in y.tolist() for channel in sample)
True
"""

from __future__ import annotations

import math
import warnings

from .._tensor import Tensor

__all__ = ["alpha_dropout", "dropout1d", "dropout2d", "dropout3d", "feature_alpha_dropout"]

# SELU's alpha * scale: the value a dropped element takes before the shift.
_ALPHA = 1.7580993408473766


def _check_p(p: float) -> None:
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _dropout(input: Tensor, p: float, training: bool, feature: bool, alpha: bool,
             inplace: bool) -> Tensor:  # fmt: skip
    from .._creation import _rng, tensor, zeros

    if p == 0.0 or not training or input.numel() == 0:
        return input
    if p == 1.0:
        zero = zeros((), dtype=input.dtype)
        return input.mul_(zero) if inplace else input * zero
    if feature:
        if input.ndim < 2:
            raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
        shape = tuple(input._shape[:2]) + (1,) * (input.ndim - 2)
    else:
        shape = tuple(input._shape)
    keep = 1.0 - p
    count = math.prod(shape)
    noise = tensor([1.0 if _rng.random() < keep else 0.0 for _ in range(count)], dtype=input.dtype)
    noise = noise.reshape(shape)
    if not alpha:
        noise = noise.div(keep)
        return input.mul_(noise) if inplace else input * noise
    a = 1.0 / math.sqrt((_ALPHA * _ALPHA * p + 1.0) * keep)
    shift = noise.add(-1).mul(_ALPHA * a).add(_ALPHA * a * p)
    noise = noise.mul(a)
    out = input.mul_(noise) if inplace else input * noise
    return out.add_(shift)


def dropout1d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False
              ) -> Tensor:  # fmt: skip
    """Zero whole channels of ``(N, C, L)`` or ``(C, L)`` with probability ``p``,
    scaling the others by ``1 / (1 - p)``.

    >>> import tensors as torch
    >>> torch.nn.functional.dropout1d(torch.ones(2, 3), 1.0)
    tensor([[0., 0., 0.],
            [0., 0., 0.]])
    """
    _check_p(p)
    if input.ndim not in (2, 3):
        raise RuntimeError(
            f"dropout1d: Expected 2D or 3D input, but received a {input.ndim}D input. Note that "
            "dropout1d exists to provide channel-wise dropout on inputs with 1 spatial "
            "dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D "
            "inputs)."
        )
    return _unbatched(input, 3, p, training, inplace)


def _unbatched(input: Tensor, batched: int, p: float, training: bool, inplace: bool) -> Tensor:
    # Without a batch dimension, PyTorch adds one and takes it away again (so even
    # out of training the result is a new view, with its SqueezeBackward1).
    if input.ndim == batched:
        return _dropout(input, p, training, True, False, inplace)
    x = input.unsqueeze_(0) if inplace else input.unsqueeze(0)
    out = _dropout(x, p, training, True, False, inplace)
    return out.squeeze_(0) if inplace else out.squeeze(0)


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False
              ) -> Tensor:  # fmt: skip
    """Zero whole channels (2-d feature maps) of ``(N, C, H, W)`` with probability
    ``p``, scaling the others by ``1 / (1 - p)``. A 3-d input is read as
    ``(N, C, L)``, as PyTorch still does (with its warning).

    >>> import tensors as torch
    >>> torch.nn.functional.dropout2d(torch.ones(1, 2, 1, 1), 0.5, training=False).flatten()
    tensor([1., 1.])
    """
    _check_p(p)
    if input.ndim not in (3, 4):
        warnings.warn(
            f"dropout2d: Received a {input.ndim}-D input to dropout2d, which is deprecated and "
            "will result in an error in a future release. To retain the behavior and silence "
            "this warning, please use dropout instead. Note that dropout2d exists to provide "
            "channel-wise dropout on inputs with 2 spatial dimensions, a channel dimension, and "
            "an optional batch dimension (i.e. 3D or 4D inputs).",
            stacklevel=2,
        )
    if input.ndim == 3:
        warnings.warn(
            "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D "
            "dropout behavior is desired - input is interpreted as shape (N, C, L), where C is "
            "the channel dim. This behavior will change in a future release to interpret the "
            "input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D "
            "channel-wise dropout behavior, please switch to using dropout1d instead.",
            stacklevel=2,
        )
    return _dropout(input, p, training, True, False, inplace)


def dropout3d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False
              ) -> Tensor:  # fmt: skip
    """Zero whole channels (3-d feature maps) of ``(N, C, D, H, W)`` or
    ``(C, D, H, W)`` with probability ``p``, scaling the others by ``1 / (1 - p)``.

    >>> import tensors as torch
    >>> torch.nn.functional.dropout3d(torch.ones(1, 2, 1, 1, 1), 0.0).flatten()
    tensor([1., 1.])
    """
    _check_p(p)
    if input.ndim not in (4, 5):
        warnings.warn(
            f"dropout3d: Received a {input.ndim}-D input to dropout3d, which is deprecated and "
            "will result in an error in a future release. To retain the behavior and silence "
            "this warning, please use dropout instead. Note that dropout3d exists to provide "
            "channel-wise dropout on inputs with 3 spatial dimensions, a channel dimension, and "
            "an optional batch dimension (i.e. 4D or 5D inputs).",
            stacklevel=2,
        )
    return _unbatched(input, 5, p, training, inplace)


def alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False, inplace: bool = False
                  ) -> Tensor:  # fmt: skip
    """Dropout for SELU networks: each element dropped with probability ``p`` takes
    SELU's saturation value, then all are scaled and shifted so that mean and
    variance stay. ``training`` is False by default, as in PyTorch.

    >>> import tensors as torch
    >>> torch.nn.functional.alpha_dropout(torch.tensor([1., -2.]), 0.5)
    tensor([ 1., -2.])
    """
    _check_p(p)
    return _dropout(input, p, training, False, True, inplace)


def feature_alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False,
                          inplace: bool = False) -> Tensor:  # fmt: skip
    """``alpha_dropout`` of whole channels: one draw per ``(sample, channel)``.

    >>> import tensors as torch
    >>> y = torch.nn.functional.feature_alpha_dropout(torch.ones(1, 2, 3), 0.5, training=True)
    >>> [len(set(row)) for row in y[0].tolist()]
    [1, 1]
    """
    _check_p(p)
    return _dropout(input, p, training, True, True, inplace)
