"""Pooling layers: ``MaxPool2d``, ``AvgPool2d``, ``AdaptiveAvgPool2d``, their 3-D
forms (``MaxPool3d``, ``AvgPool3d``, ``AdaptiveAvgPool3d``, ``AdaptiveMaxPool3d``)
and ``MaxUnpool1d/2d/3d``, as ``torch.nn``.

>>> import tensors as torch
>>> pool = torch.nn.MaxPool2d(2)
>>> pool
MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
>>> pool(torch.zeros(1, 3, 8, 8)).shape
torch.Size([1, 3, 4, 4])
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Union

from .._tensor import Tensor
from . import functional as F
from ._functional_conv import _tuple
from .module import Module

__all__ = [
    "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "MaxPool3d", "AvgPool3d", "AdaptiveAvgPool3d",
    "AdaptiveMaxPool3d", "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d",
]  # fmt: skip

_Ints = Union[int, Sequence[int]]


class MaxPool2d(Module):
    """The largest element of each window; ``stride`` defaults to ``kernel_size``.

    >>> import tensors as torch
    >>> torch.nn.MaxPool2d(2)(torch.tensor([[[1., 5.], [3., 2.]]]))
    tensor([[[5.]]])
    """

    def __init__(
        self,
        kernel_size: _Ints,
        stride: Optional[_Ints] = None,
        padding: _Ints = 0,
        dilation: _Ints = 1,
        return_indices: bool = False,
        ceil_mode: bool = False,
    ) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if (stride is not None) else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    _function = staticmethod(F.max_pool2d)

    def forward(self, input: Tensor) -> Any:
        return self._function(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.dilation,
            ceil_mode=self.ceil_mode,
            return_indices=self.return_indices,
        )

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
            f"dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class AvgPool2d(Module):
    """The mean of each window; ``stride`` defaults to ``kernel_size``.

    >>> import tensors as torch
    >>> torch.nn.AvgPool2d(2)
    AvgPool2d(kernel_size=2, stride=2, padding=0)
    """

    def __init__(
        self,
        kernel_size: _Ints,
        stride: Optional[_Ints] = None,
        padding: _Ints = 0,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
        divisor_override: Optional[int] = None,
    ) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if (stride is not None) else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    _function = staticmethod(F.avg_pool2d)

    def forward(self, input: Tensor) -> Tensor:
        return self._function(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.ceil_mode,
            self.count_include_pad,
            self.divisor_override,
        )

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AdaptiveAvgPool2d(Module):
    """Averages down to ``output_size`` whatever the input's height and width.

    >>> import tensors as torch
    >>> torch.nn.AdaptiveAvgPool2d((1, 1))(torch.ones(2, 3, 5, 4)).shape
    torch.Size([2, 3, 1, 1])
    """

    def __init__(self, output_size: Any) -> None:
        super().__init__()
        self.output_size = output_size

    def forward(self, input: Tensor) -> Tensor:
        return F.adaptive_avg_pool2d(input, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class MaxPool3d(MaxPool2d):
    """``F.max_pool3d``: the largest element of each 3-D window. ``torch.nn.MaxPool3d(2)``"""

    _function = staticmethod(F.max_pool3d)


class AvgPool3d(AvgPool2d):
    """``F.avg_pool3d``: the mean of each 3-D window. ``torch.nn.AvgPool3d(2)``"""

    _function = staticmethod(F.avg_pool3d)


class AdaptiveAvgPool3d(AdaptiveAvgPool2d):
    """``F.adaptive_avg_pool3d``. ``torch.nn.AdaptiveAvgPool3d((1, 2, 2))``"""

    def forward(self, input: Tensor) -> Tensor:
        return F.adaptive_avg_pool3d(input, self.output_size)


class AdaptiveMaxPool3d(Module):
    """``F.adaptive_max_pool3d``. ``torch.nn.AdaptiveMaxPool3d(2, return_indices=True)``"""

    def __init__(self, output_size: Any, return_indices: bool = False) -> None:
        super().__init__()
        self.output_size, self.return_indices = output_size, return_indices

    def forward(self, input: Tensor) -> Any:
        return F.adaptive_max_pool3d(input, self.output_size, self.return_indices)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class _MaxUnpoolNd(Module):
    _nd = 1

    def __init__(
        self, kernel_size: _Ints, stride: Optional[_Ints] = None, padding: _Ints = 0
    ) -> None:
        super().__init__()
        nd = self._nd
        self.kernel_size = _tuple(kernel_size, nd)
        self.stride = _tuple(stride if stride is not None else kernel_size, nd)
        self.padding = _tuple(padding, nd)

    def forward(self, input: Tensor, indices: Tensor, output_size: Any = None) -> Tensor:
        fn = (F.max_unpool1d, F.max_unpool2d, F.max_unpool3d)[self._nd - 1]
        return fn(input, indices, self.kernel_size, self.stride, self.padding, output_size)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(_MaxUnpoolNd):
    """``F.max_unpool1d``: ``MaxPool1d``'s maxima put back. ``torch.nn.MaxUnpool1d(2)``"""


class MaxUnpool2d(_MaxUnpoolNd):
    """``F.max_unpool2d``: ``MaxPool2d``'s maxima put back where its indices say.

    >>> import tensors as torch
    >>> pool, unpool = torch.nn.MaxPool2d(2, return_indices=True), torch.nn.MaxUnpool2d(2)
    >>> unpool(*pool(torch.tensor([[[1., 3.], [4., 2.]]])))
    tensor([[[0., 0.],
             [4., 0.]]])
    """

    _nd = 2


class MaxUnpool3d(_MaxUnpoolNd):
    """``F.max_unpool3d``: ``MaxPool3d``'s maxima put back. ``torch.nn.MaxUnpool3d(2)``"""

    _nd = 3
