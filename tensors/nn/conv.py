"""Convolution layers: ``Conv1d``, ``Conv2d`` and ``Conv3d``, as ``torch.nn``.

>>> import tensors as torch
>>> _ = torch.manual_seed(0)
>>> conv = torch.nn.Conv2d(1, 4, 3, padding=1)
>>> conv
Conv2d(1, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
>>> conv(torch.zeros(2, 1, 5, 5)).shape
torch.Size([2, 4, 5, 5])
"""

from __future__ import annotations

import math
from typing import Any, Sequence, Union

from .._creation import empty
from .._tensor import Tensor
from . import functional as F
from . import init
from ._functional_conv import _tuple
from .module import Module
from .parameter import Parameter

__all__ = ["Conv1d", "Conv2d", "Conv3d"]

_MODES = ["zeros", "reflect", "replicate", "circular"]


class _ConvNd(Module):
    _nd = 2

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Union[int, Sequence[int]],
        stride: Union[int, Sequence[int]] = 1,
        padding: Union[str, int, Sequence[int]] = 0,
        dilation: Union[int, Sequence[int]] = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        nd = self._nd
        # PyTorch's checks, in its order and words.
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        stride_ = _tuple(stride, nd)
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(
                    f"Invalid padding string {padding!r}, should be one of {{'valid', 'same'}}"
                )
            if padding == "same" and any(s != 1 for s in stride_):
                raise ValueError("padding='same' is not supported for strided convolutions")
        if padding_mode not in _MODES:
            raise ValueError(
                f"padding_mode must be one of {_MODES}, but got padding_mode='{padding_mode}'"
            )
        if padding_mode != "zeros":
            raise NotImplementedError(
                f"padding_mode='{padding_mode}' is not implemented here; only 'zeros' is"
            )
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = _tuple(kernel_size, nd)
        self.stride = stride_
        self.padding = padding if isinstance(padding, str) else _tuple(padding, nd)
        self.dilation = _tuple(dilation, nd)
        self.transposed = False
        self.output_padding = (0,) * nd
        self.groups = groups
        self.padding_mode = padding_mode
        shape = (out_channels, in_channels // groups) + self.kernel_size
        self.weight = Parameter(empty(*shape, dtype=dtype, device=device))
        if bias:
            self.bias = Parameter(empty(out_channels, dtype=dtype, device=device))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw new initial values, as the constructor does: PyTorch's
        ``kaiming_uniform_(a=sqrt(5))``, so both bounds are ``1/sqrt(fan_in)``
        with ``fan_in = in_channels / groups * prod(kernel_size)``.

        >>> import tensors as torch
        >>> conv = torch.nn.Conv1d(2, 3, 2)
        >>> conv.reset_parameters()
        >>> bool(conv.weight.abs().max() <= 0.5)
        True
        """
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def extra_repr(self) -> str:
        s = (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}"
        )
        if isinstance(self.padding, str) or self.padding != (0,) * self._nd:
            s += f", padding={self.padding}"
        if self.dilation != (1,) * self._nd:
            s += f", dilation={self.dilation}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        return s


class Conv1d(_ConvNd):
    """1-D convolution over ``(N, C_in, L)`` (or ``(C_in, L)``) input.

    >>> import tensors as torch
    >>> conv = torch.nn.Conv1d(3, 2, 2, stride=2, bias=False)
    >>> conv
    Conv1d(3, 2, kernel_size=(2,), stride=(2,), bias=False)
    >>> conv(torch.zeros(1, 3, 6)).shape
    torch.Size([1, 2, 3])
    """

    _nd = 1

    def forward(self, input: Tensor) -> Tensor:
        return F.conv1d(
            input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups
        )


class Conv2d(_ConvNd):
    """2-D convolution over ``(N, C_in, H, W)`` (or ``(C_in, H, W)``) input.

    Each output element is one node, the sum of ``x * w`` products over its
    receptive field plus the bias, so ``viz.draw_values`` of one output element
    shows what it reads.

    >>> import tensors as torch
    >>> torch.nn.Conv2d(4, 8, (3, 5), padding="same", groups=2)
    Conv2d(4, 8, kernel_size=(3, 5), stride=(1, 1), padding=same, groups=2)
    """

    _nd = 2

    def forward(self, input: Tensor) -> Tensor:
        return F.conv2d(
            input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups
        )


class Conv3d(_ConvNd):
    """3-D convolution over ``(N, C_in, D, H, W)`` (or ``(C_in, D, H, W)``) input.

    >>> import tensors as torch
    >>> torch.nn.Conv3d(2, 4, 3, stride=(1, 2, 2))
    Conv3d(2, 4, kernel_size=(3, 3, 3), stride=(1, 2, 2))
    """

    _nd = 3

    def forward(self, input: Tensor) -> Tensor:
        return F.conv3d(
            input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups
        )
