"""The dropout layers beyond ``Dropout``: ``Dropout1d``, ``Dropout2d``,
``Dropout3d`` (whole channels), ``AlphaDropout`` and ``FeatureAlphaDropout``
(for SELU networks). Each calls its function with the module's ``training``.

>>> import tensors as torch
>>> drop = torch.nn.Dropout2d(0.5)
>>> drop
Dropout2d(p=0.5, inplace=False)
>>> drop.eval()(torch.ones(1, 2, 1, 1)).flatten()
tensor([1., 1.])
"""

from __future__ import annotations

from .._tensor import Tensor
from . import functional as F
from .module import Module

__all__ = ["AlphaDropout", "Dropout1d", "Dropout2d", "Dropout3d", "FeatureAlphaDropout"]


class _DropoutNd(Module):
    _function = staticmethod(F.dropout1d)

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return self._function(input, self.p, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout1d(_DropoutNd):
    """``F.dropout1d`` in training, the input itself in eval. ``torch.nn.Dropout1d(0.2)``"""


class Dropout2d(_DropoutNd):
    """``F.dropout2d`` in training, the input itself in eval. ``torch.nn.Dropout2d(0.2)``"""

    _function = staticmethod(F.dropout2d)


class Dropout3d(_DropoutNd):
    """``F.dropout3d`` in training, the input itself in eval. ``torch.nn.Dropout3d(0.2)``"""

    _function = staticmethod(F.dropout3d)


class AlphaDropout(_DropoutNd):
    """``F.alpha_dropout`` in training, the input itself in eval. ``torch.nn.AlphaDropout()``"""

    _function = staticmethod(F.alpha_dropout)


class FeatureAlphaDropout(_DropoutNd):
    """``F.feature_alpha_dropout`` in training. ``torch.nn.FeatureAlphaDropout(0.2)``"""

    _function = staticmethod(F.feature_alpha_dropout)
