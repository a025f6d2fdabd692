"""Convolutions: ``F.conv1d``, ``F.conv2d`` and ``F.conv3d``, as ``torch.nn.functional``
(one n-d code for all three).

Each output element is one node of the op table's n-ary ``dot`` row: the
inputs of its receptive field dotted with the weights, plus the bias (one
node rather than a product node per weight, as in ``matmul``). The Value view
draws a dot node as its products and their sum, so one output pixel shows
exactly the inputs and weights it reads. Zero padding adds no terms (a
product with a padded zero is left out rather than computed).

>>> import tensors as torch
>>> import tensors.nn.functional as F
>>> F.conv1d(torch.tensor([[[1., 2., 3.]]]), torch.tensor([[[1., 1.]]]))
tensor([[[3., 5.]]])
"""

from __future__ import annotations

import itertools
import math
from typing import Any, Optional, Sequence, Union

from autograd_scalar.ops import OPS
from autograd_scalar.value import _const, apply

from .. import _dtype as D
from .._shape import Size
from .._tensor import Tensor, _result, _warn

__all__ = ["conv1d", "conv2d", "conv3d"]

_Ints = Union[int, Sequence[int]]
_DOT = OPS["dot"]


def _tuple(x: Any, n: int) -> tuple:
    """``3`` -> ``(3, 3)``; a sequence is kept (as a tuple)."""
    if isinstance(x, (list, tuple)):
        return tuple(int(v) for v in x) if len(x) != 1 else (int(x[0]),) * n
    return (int(x),) * n


def _pad_end(input: Tensor, extra: tuple) -> Tensor:
    """``input`` with ``extra[i]`` zeros after the end of spatial dimension ``i``:
    PyTorch's extra padding for ``padding='same'`` with an even total, recorded as
    its ``ConstantPadNdBackward0``."""
    shape = tuple(input._shape)
    nd = len(extra)
    new_shape = shape[:-nd] + tuple(s + e for s, e in zip(shape[-nd:], extra))
    flat = input._flat()
    zero = _const(0.0)
    index = {pos: i for i, pos in enumerate(itertools.product(*(range(s) for s in shape)))}
    out = [
        flat[index[pos]] if pos in index else zero
        for pos in itertools.product(*(range(s) for s in new_shape))
    ]
    return _result(out, Size(new_shape), input.dtype, "ConstantPadNdBackward0", (input,), op="pad")


def _check_conv(
    input: Tensor, weight: Tensor, bias: Optional[Tensor], nd: int, groups: int, stride: Any
) -> bool:
    """PyTorch's checks of a convolution's arguments; True for a batched input."""
    if weight.ndim < 3:
        raise RuntimeError("weight should have at least three dimensions")
    if weight.ndim != nd + 2:
        # PyTorch reads the number of dimensions from the weight, then finds the stride short.
        k = weight.ndim - 2
        raise RuntimeError(
            f"expected stride to be a single integer value or a list of {k} values to match "
            f"the convolution dimensions, but got stride={list(_tuple(stride, nd))}"
        )
    if input.ndim not in (nd + 1, nd + 2):
        raise RuntimeError(
            f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to conv{nd}d, but got "
            f"input of size: {list(input.shape)}"
        )
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    out_ch, in_per_group = weight.shape[0], weight.shape[1]
    if out_ch % groups != 0:
        raise RuntimeError(
            f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, "
            f"but got weight of size [{list(weight.shape)}] instead"  # PyTorch's double brackets
        )
    batched = input.ndim == nd + 2
    channels = input.shape[1] if batched else input.shape[0]
    if channels != in_per_group * groups:
        shown = list(input.shape) if batched else [1] + list(input.shape)
        raise RuntimeError(
            f"Given groups={groups}, weight of size {list(weight.shape)}, expected "
            f"input{shown} to have {in_per_group * groups} channels, but got {channels} "
            "channels instead"
        )
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != out_ch):
        raise RuntimeError(
            f"Given weight of size {list(weight.shape)}, expected bias to be 1-dimensional with "
            f"{out_ch} elements, but got bias of size {list(bias.shape)} instead"
        )
    if weight.dtype is not input.dtype:
        raise RuntimeError(
            f"expected scalar type {D.type_name(input.dtype)} but found {D.type_name(weight.dtype)}"
        )
    if bias is not None and bias.dtype is not input.dtype:
        raise RuntimeError(
            f"Input type ({D.type_name(input.dtype).lower()}) and bias type "
            f"({D.type_name(bias.dtype).lower()}) should be the same"
        )
    return batched


def _conv(
    input: Tensor,
    weight: Tensor,
    bias: Optional[Tensor],
    stride: _Ints,
    padding: Union[str, _Ints],
    dilation: _Ints,
    groups: int,
    nd: int,
) -> Tensor:
    batched = _check_conv(input, weight, bias, nd, groups, stride)
    stride, dilation = _tuple(stride, nd), _tuple(dilation, nd)
    kernel = tuple(weight.shape[2:])
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(d <= 0 for d in dilation):
        raise RuntimeError(f"dilation should be greater than zero, but got {list(dilation)}")
    if isinstance(padding, str):
        if padding == "valid":
            pads = (0,) * nd
        elif padding == "same":
            if any(s != 1 for s in stride):
                raise RuntimeError("padding='same' is not supported for strided convolutions")
            totals = [d * (k - 1) for d, k in zip(dilation, kernel)]
            pads = tuple(t // 2 for t in totals)
            extra = tuple(t - 2 * (t // 2) for t in totals)
            if any(extra):
                _warn(
                    "Using padding='same' with even kernel lengths and odd dilation may require "
                    "a zero-padded copy of the input be created"
                )
                # PyTorch pads one zero after the end itself, then pads evenly.
                input = _pad_end(input, extra)
        else:
            raise RuntimeError(f"Invalid padding string: '{padding}'")
    else:
        pads = _tuple(padding, nd)
        if any(p < 0 for p in pads):
            raise RuntimeError("negative padding is not supported")
    space = tuple(input.shape[-nd:])
    padded = [s + 2 * p for s, p in zip(space, pads)]
    span = [d * (k - 1) + 1 for d, k in zip(dilation, kernel)]
    if any(e > s for e, s in zip(span, padded)):
        raise RuntimeError(
            "Calculated padded input size per channel: ("
            + " x ".join(str(s) for s in padded)
            + "). Kernel size: ("
            + " x ".join(str(s) for s in span)
            + "). Kernel size can't be greater than actual input size"
        )
    out_space = tuple((s - e) // st + 1 for s, e, st in zip(padded, span, stride))
    taps = _taps(space, kernel, out_space, stride, pads, dilation)

    n = input.shape[0] if batched else 1
    out_ch, cg = weight.shape[0], weight.shape[1]
    in_ch = cg * groups
    per_group = out_ch // groups
    plane, kplane = math.prod(space), math.prod(kernel)
    xs, ws = input._flat(), weight._flat()
    bs = bias._flat() if bias is not None else None
    out: list = []
    for b in range(n):
        for o in range(out_ch):
            first = b * in_ch * plane + (o // per_group) * cg * plane
            channels = [(first + c * plane, (o * cg + c) * kplane) for c in range(cg)]
            extra = [bs[o]] if bs is not None else []
            for tap in taps:
                ins = [xs[xb + i] for xb, _ in channels for i, _ in tap]
                kern = [ws[wb + k] for _, wb in channels for _, k in tap]
                out.append(apply(_DOT, *ins, *kern, *extra))
    shape = ((n,) if batched else ()) + (out_ch,) + out_space
    # PyTorch convolves an unbatched input as a batch of one and squeezes it.
    return _result(
        out,
        Size(shape),
        input.dtype,
        "ConvolutionBackward0" if batched else "SqueezeBackward1",
        (input, weight, bias),
        op=f"conv{nd}d",
    )


def _taps(
    space: tuple, kernel: tuple, out_space: tuple, stride: tuple, pads: tuple, dilation: tuple
) -> list:
    """Per output position, the ``(input offset, kernel offset)`` pairs inside the
    input (padded positions are left out): the same for every channel and batch."""
    in_strides = [math.prod(space[i + 1 :]) for i in range(len(space))]
    k_strides = [math.prod(kernel[i + 1 :]) for i in range(len(kernel))]
    taps = []
    for pos in itertools.product(*(range(s) for s in out_space)):
        pairs = []
        for kpos in itertools.product(*(range(k) for k in kernel)):
            i_off = k_off = 0
            for d, (p, kk) in enumerate(zip(pos, kpos)):
                coord = p * stride[d] - pads[d] + kk * dilation[d]
                if not 0 <= coord < space[d]:
                    break
                i_off += coord * in_strides[d]
                k_off += kk * k_strides[d]
            else:
                pairs.append((i_off, k_off))
        taps.append(pairs)
    return taps


def conv1d(
    input: Tensor,
    weight: Tensor,
    bias: Optional[Tensor] = None,
    stride: _Ints = 1,
    padding: Union[str, _Ints] = 0,
    dilation: _Ints = 1,
    groups: int = 1,
) -> Tensor:
    """1-D convolution (a cross-correlation, as PyTorch's) of ``(N, C, L)`` or ``(C, L)``
    input with an ``(out_channels, C / groups, k)`` weight.

    >>> import tensors as torch
    >>> import tensors.nn.functional as F
    >>> F.conv1d(torch.ones(1, 1, 4), torch.ones(2, 1, 3), padding=1)
    tensor([[[2., 3., 3., 2.],
             [2., 3., 3., 2.]]])
    """
    return _conv(input, weight, bias, stride, padding, dilation, groups, 1)


def conv2d(
    input: Tensor,
    weight: Tensor,
    bias: Optional[Tensor] = None,
    stride: _Ints = 1,
    padding: Union[str, _Ints] = 0,
    dilation: _Ints = 1,
    groups: int = 1,
) -> Tensor:
    """2-D convolution (a cross-correlation, as PyTorch's) of ``(N, C, H, W)`` or
    ``(C, H, W)`` input with an ``(out_channels, C / groups, kH, kW)`` weight.

    >>> import tensors as torch
    >>> import tensors.nn.functional as F
    >>> x = torch.arange(9.).reshape(1, 1, 3, 3)
    >>> F.conv2d(x, torch.ones(1, 1, 2, 2), torch.tensor([0.5]))
    tensor([[[[ 8.5000, 12.5000],
              [20.5000, 24.5000]]]])
    """
    return _conv(input, weight, bias, stride, padding, dilation, groups, 2)


def conv3d(
    input: Tensor,
    weight: Tensor,
    bias: Optional[Tensor] = None,
    stride: _Ints = 1,
    padding: Union[str, _Ints] = 0,
    dilation: _Ints = 1,
    groups: int = 1,
) -> Tensor:
    """3-D convolution (a cross-correlation, as PyTorch's) of ``(N, C, D, H, W)`` or
    ``(C, D, H, W)`` input with an ``(out_channels, C / groups, kD, kH, kW)`` weight.

    >>> import tensors as torch
    >>> import tensors.nn.functional as F
    >>> F.conv3d(torch.ones(1, 1, 2, 2, 2), torch.ones(1, 1, 2, 2, 2)).flatten()
    tensor([8.])
    """
    return _conv(input, weight, bias, stride, padding, dilation, groups, 3)
