"""More layers, each over its ``nn.functional`` function: ``ConvTranspose1d``,
``ConvTranspose2d``, ``ConvTranspose3d``, ``Bilinear``, the 1-D and adaptive max pools, the padding
layers, ``PixelShuffle``, ``PixelUnshuffle``, ``ChannelShuffle``, ``PairwiseDistance`` and
``CosineSimilarity``.

>>> import tensors as torch
>>> _ = torch.manual_seed(0)
>>> up = torch.nn.ConvTranspose2d(4, 2, 2, stride=2)
>>> up
ConvTranspose2d(4, 2, kernel_size=(2, 2), stride=(2, 2))
>>> up(torch.zeros(1, 4, 3, 3)).shape
torch.Size([1, 2, 6, 6])
"""

from __future__ import annotations

import math
from typing import Any, Optional, Sequence, Union

from .._creation import empty
from .._tensor import Tensor
from . import functional as F
from . import init
from ._functional_conv import _tuple
from .module import Module
from .parameter import Parameter

_Ints = Union[int, Sequence[int]]


class _ConvTransposeNd(Module):
    _nd = 2

    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: _Ints, stride: _Ints = 1,
        padding: _Ints = 0, output_padding: _Ints = 0, groups: int = 1, bias: bool = True,
        dilation: _Ints = 1, padding_mode: str = "zeros", device: Any = None, dtype: Any = None,
    ) -> None:  # fmt: skip
        super().__init__()
        nd = self._nd
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride = _tuple(kernel_size, nd), _tuple(stride, nd)
        self.padding, self.dilation = _tuple(padding, nd), _tuple(dilation, nd)
        self.output_padding = _tuple(output_padding, nd)
        self.transposed, self.groups, self.padding_mode = True, groups, padding_mode
        shape = (in_channels, out_channels // groups) + self.kernel_size
        self.weight = Parameter(empty(*shape, dtype=dtype, device=device))
        if bias:
            self.bias = Parameter(empty(out_channels, dtype=dtype, device=device))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """PyTorch's ``kaiming_uniform_(a=sqrt(5))``; the bias within ``1/sqrt(fan_in)``."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def forward(self, input: Tensor) -> Tensor:
        fn = (F.conv_transpose1d, F.conv_transpose2d, F.conv_transpose3d)[self._nd - 1]
        return fn(input, self.weight, self.bias, self.stride, self.padding,
                  self.output_padding, self.groups, self.dilation)  # fmt: skip

    def extra_repr(self) -> str:
        nd = self._nd
        s = (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}"
        )
        if self.padding != (0,) * nd:
            s += f", padding={self.padding}"
        if self.dilation != (1,) * nd:
            s += f", dilation={self.dilation}"
        if self.output_padding != (0,) * nd:
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        return s


class ConvTranspose1d(_ConvTransposeNd):
    """The transposed 1-D convolution. ``torch.nn.ConvTranspose1d(2, 3, 2)``"""

    _nd = 1


class ConvTranspose2d(_ConvTransposeNd):
    """The transposed 2-D convolution, a learned upsampling.

    >>> import tensors as torch
    >>> torch.nn.ConvTranspose2d(2, 3, 2).weight.shape
    torch.Size([2, 3, 2, 2])
    """


class ConvTranspose3d(_ConvTransposeNd):
    """The transposed 3-D convolution. ``torch.nn.ConvTranspose3d(2, 3, (1, 2, 2))``"""

    _nd = 3


class Bilinear(Module):
    """``y = x1^T W x2 + b``. ``torch.nn.Bilinear(2, 3, 4)``"""

    def __init__(
        self, in1_features: int, in2_features: int, out_features: int, bias: bool = True,
        device: Any = None, dtype: Any = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.in1_features, self.in2_features = in1_features, in2_features
        self.out_features = out_features
        shape = (out_features, in1_features, in2_features)
        self.weight = Parameter(empty(*shape, dtype=dtype, device=device))
        if bias:
            self.bias = Parameter(empty(out_features, dtype=dtype, device=device))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Uniform in ``[-1/sqrt(in1_features), 1/sqrt(in1_features)]``, as PyTorch's."""
        bound = 1 / math.sqrt(self.weight.shape[1])
        init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input1: Tensor, input2: Tensor) -> Tensor:
        return F.bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (
            f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
            f"out_features={self.out_features}, bias={self.bias is not None}"
        )


class AvgPool1d(Module):
    """``F.avg_pool1d``. ``torch.nn.AvgPool1d(3)``"""

    def __init__(
        self, kernel_size: _Ints, stride: Optional[_Ints] = None, padding: _Ints = 0,
        ceil_mode: bool = False, count_include_pad: bool = True,
    ) -> None:  # fmt: skip
        super().__init__()
        self.kernel_size = _tuple(kernel_size, 1)
        self.stride = _tuple(stride if stride is not None else kernel_size, 1)
        self.padding = _tuple(padding, 1)
        self.ceil_mode, self.count_include_pad = ceil_mode, count_include_pad

    def forward(self, input: Tensor) -> Tensor:
        return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad)  # fmt: skip

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxPool1d(Module):
    """``F.max_pool1d``. ``torch.nn.MaxPool1d(3)``"""

    def __init__(
        self, kernel_size: _Ints, stride: Optional[_Ints] = None, padding: _Ints = 0,
        dilation: _Ints = 1, return_indices: bool = False, ceil_mode: bool = False,
    ) -> None:  # fmt: skip
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def forward(self, input: Tensor) -> Any:
        return F.max_pool1d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                            self.ceil_mode, self.return_indices)  # fmt: skip

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
            f"dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class _Adaptive(Module):
    def __init__(self, output_size: Any, return_indices: bool = False) -> None:
        super().__init__()
        self.output_size, self.return_indices = output_size, return_indices

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(_Adaptive):
    """``F.adaptive_avg_pool1d``. ``torch.nn.AdaptiveAvgPool1d(3)``"""

    def __init__(self, output_size: Any) -> None:
        super().__init__(output_size)

    def forward(self, input: Tensor) -> Tensor:
        return F.adaptive_avg_pool1d(input, self.output_size)


class AdaptiveMaxPool1d(_Adaptive):
    """``F.adaptive_max_pool1d``. ``torch.nn.AdaptiveMaxPool1d(3)``"""

    def forward(self, input: Tensor) -> Any:
        return F.adaptive_max_pool1d(input, self.output_size, self.return_indices)


class AdaptiveMaxPool2d(_Adaptive):
    """``F.adaptive_max_pool2d``. ``torch.nn.AdaptiveMaxPool2d((2, 3))``"""

    def forward(self, input: Tensor) -> Any:
        return F.adaptive_max_pool2d(input, self.output_size, self.return_indices)


class PixelShuffle(Module):
    """``F.pixel_shuffle``. ``torch.nn.PixelShuffle(2)``"""

    def __init__(self, upscale_factor: int) -> None:
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input: Tensor) -> Tensor:
        return F.pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self) -> str:
        return f"upscale_factor={self.upscale_factor}"


class ChannelShuffle(Module):
    """``F.channel_shuffle``. ``torch.nn.ChannelShuffle(2)``"""

    def __init__(self, groups: int) -> None:
        super().__init__()
        self.groups = groups

    def forward(self, input: Tensor) -> Tensor:
        return F.channel_shuffle(input, self.groups)

    def extra_repr(self) -> str:
        return f"groups={self.groups}"


class PixelUnshuffle(Module):
    """``F.pixel_unshuffle``. ``torch.nn.PixelUnshuffle(2)``"""

    def __init__(self, downscale_factor: int) -> None:
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input: Tensor) -> Tensor:
        return F.pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self) -> str:
        return f"downscale_factor={self.downscale_factor}"


class PairwiseDistance(Module):
    """``F.pairwise_distance``. ``torch.nn.PairwiseDistance()``"""

    def __init__(self, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> None:
        super().__init__()
        self.norm, self.eps, self.keepdim = p, eps, keepdim

    def forward(self, x1: Tensor, x2: Tensor) -> Tensor:
        return F.pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)


class CosineSimilarity(Module):
    """``F.cosine_similarity``. ``torch.nn.CosineSimilarity(dim=1)``"""

    def __init__(self, dim: int = 1, eps: float = 1e-8) -> None:
        super().__init__()
        self.dim, self.eps = dim, eps

    def forward(self, x1: Tensor, x2: Tensor) -> Tensor:
        return F.cosine_similarity(x1, x2, self.dim, self.eps)


class _Pad(Module):
    _mode, _n = "constant", 1

    def __init__(self, padding: _Ints) -> None:
        super().__init__()
        self.padding = _tuple(padding, 2 * self._n)

    def forward(self, input: Tensor) -> Tensor:
        return F.pad(input, self.padding, self._mode)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class ConstantPad1d(_Pad):
    """``F.pad(x, padding, value=value)`` on the last dimension."""

    def __init__(self, padding: _Ints, value: float) -> None:
        super().__init__(padding)
        self.value = value

    def forward(self, input: Tensor) -> Tensor:
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self) -> str:
        return f"padding={self.padding}, value={float(self.value)}"


class ConstantPad2d(ConstantPad1d):
    """``F.pad(x, padding, value=value)`` on the last two dimensions."""

    _n = 2


class ZeroPad1d(ConstantPad1d):
    """Zeros around the last dimension. ``torch.nn.ZeroPad1d(1)``"""

    def __init__(self, padding: _Ints) -> None:
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class ZeroPad2d(ZeroPad1d):
    """Zeros around the last two dimensions. ``torch.nn.ZeroPad2d(1)``"""

    _n = 2


class ReflectionPad1d(_Pad):
    """``F.pad(x, padding, "reflect")``. ``torch.nn.ReflectionPad1d(1)``"""

    _mode = "reflect"


class ReflectionPad2d(ReflectionPad1d):
    """``F.pad(x, padding, "reflect")`` on two dimensions."""

    _n = 2


class ReplicationPad1d(_Pad):
    """``F.pad(x, padding, "replicate")``. ``torch.nn.ReplicationPad1d(1)``"""

    _mode = "replicate"


class ReplicationPad2d(ReplicationPad1d):
    """``F.pad(x, padding, "replicate")`` on two dimensions."""

    _n = 2


class CircularPad1d(_Pad):
    """``F.pad(x, padding, "circular")``. ``torch.nn.CircularPad1d(1)``"""

    _mode = "circular"


class CircularPad2d(CircularPad1d):
    """``F.pad(x, padding, "circular")`` on two dimensions."""

    _n = 2
