"""Rearranging elements: ``pad`` (constant, reflect, replicate, circular),
``pixel_shuffle``, ``pixel_unshuffle`` and ``channel_shuffle``.

Each output element is an input element (a copy of its Value, so the gradient
of a padded place flows back to the element it came from: twice for a place
that reflection or wrapping reads twice) or the constant. Negative padding
crops, as in PyTorch.

>>> import tensors as torch
>>> torch.nn.functional.pad(torch.tensor([[1., 2., 3.]]), (2, 1), mode="reflect")
tensor([[3., 2., 1., 2., 3., 2.]])
"""

from __future__ import annotations

import itertools
from typing import Any, Callable, Optional, Sequence

from autograd_scalar.value import _const

from .._ops.arithmetic import _fresh
from .._shape import numel
from .._tensor import Tensor, _result

_NAMES = {"reflect": "ReflectionPad{}DBackward0", "replicate": "ReplicationPad{}DBackward0"}
_SUPPORTED = (
    "Supported combinations for non-constant padding:\n"
    "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
    "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
    "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)"
)


def _source(mode: str, size: int, lo: int = 0, hi: int = 0) -> Callable[[int], Optional[int]]:
    """Where output position ``o`` (counted from the input's start, so negative in the
    left padding) reads from, or None for the constant."""
    if mode == "constant":
        return lambda o: o if 0 <= o < size else None
    if mode == "reflect":
        return lambda o: -o if o < 0 else (2 * (size - 1) - o if o >= size else o)
    if mode == "replicate":
        return lambda o: min(max(o, 0), size - 1)
    # circular: PyTorch crops the negative padding first and wraps around what is left.
    first, last = max(-lo, 0), size - max(-hi, 0)
    return lambda o: first + (o - first) % (last - first)


def pad(input: Tensor, pad: Sequence[int], mode: str = "constant", value: Any = None) -> Tensor:
    """Pad the last ``len(pad) // 2`` dimensions: ``pad = (left, right, top, bottom, ...)``,
    last dimension first. ``mode`` is ``"constant"`` (with ``value``, 0 by default),
    ``"reflect"``, ``"replicate"`` or ``"circular"``.

    >>> import tensors as torch
    >>> torch.nn.functional.pad(torch.ones(1, 2), (1, 0), value=5.)
    tensor([[5., 1., 1.]])
    """
    pad = [int(p) for p in pad]
    if mode not in ("constant", "reflect", "replicate", "circular"):
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if mode != "constant" and value is not None:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    k = len(pad) // 2
    if k > input.ndim:
        raise RuntimeError(
            "Padding length should be less than or equal to two times the input dimension but "
            f"got padding length {len(pad)} and input of dimension {input.ndim}"
        )
    if mode != "constant" and not (1 <= k <= 3 and input.ndim in (k + 1, k + 2)):
        raise NotImplementedError(
            f"Padding size {len(pad)} is not supported for {input.ndim}D input tensor.\n"
            + _SUPPORTED
        )
    shape = input._shape
    dims = list(range(input.ndim - k, input.ndim))
    lefts = {d: pad[2 * (input.ndim - 1 - d)] for d in dims}
    rights = {d: pad[2 * (input.ndim - 1 - d) + 1] for d in dims}
    for d in dims:
        size, lo, hi = shape[d], lefts[d], rights[d]
        if mode == "reflect" and (lo >= size or hi >= size):
            raise RuntimeError(
                "Argument #4: Padding size should be less than the corresponding input "
                f"dimension, but got: padding ({lo}, {hi}) at dimension {d} of input "
                f"{list(shape)}"
            )
        if mode == "circular" and (lo > size or hi > size):
            raise RuntimeError("Padding value causes wrapping around more than once.")
        if size + lo + hi < 0:
            raise RuntimeError("narrow(): length must be non-negative.")
    if mode in ("reflect", "replicate") and any(shape[d] == 0 for d in range(1, input.ndim)):
        raise RuntimeError(
            f"Expected {k + 1}D or {k + 2}D (batch mode) tensor with possibly 0 batch size and "
            f"other non-zero dimensions for input, but got: {list(shape)}"
        )
    out_shape = tuple(s + lefts[d] + rights[d] if d in lefts else s for d, s in enumerate(shape))
    sources = [
        [_source(mode, s, lefts[d], rights[d])(o - lefts[d]) for o in range(out_shape[d])]
        if d in lefts
        else list(range(s))
        for d, s in enumerate(shape)
    ]  # fmt: skip
    flat = input._flat()
    strides = [numel(shape[d + 1 :]) for d in range(len(shape))]
    fill = _const(0.0 if value is None else float(value))
    out = []
    for index in itertools.product(*sources):
        if None in index:
            out.append(fill)
        else:
            out.append(_fresh(flat[sum(i * s for i, s in zip(index, strides))]))
    if mode == "constant":
        name = "ConstantPadNdBackward0"
    elif mode == "circular":
        name = "CopySlices"
    else:
        name = _NAMES[mode].format(k)
    return _result(out, out_shape, input.dtype, name, (input,), op="pad")


def _shuffle(input: Tensor, factor: int, up: bool) -> Tensor:
    what = "upscale_factor" if up else "downscale_factor"
    name = "pixel_shuffle" if up else "pixel_unshuffle"
    if input.ndim < 3:
        raise RuntimeError(
            f"{name} expects input to have at least 3 dimensions, but got input with "
            f"{input.ndim} dimension(s)"
        )
    if factor <= 0:
        raise RuntimeError(f"{name} expects a positive {what}, but got {factor}")
    *batch, c, h, w = input._shape
    r = factor
    if up:
        if c % (r * r):
            raise RuntimeError(
                f"pixel_shuffle expects its input's 'channel' dimension to be divisible by the "
                f"square of upscale_factor, but input.size(-3)={c} is not divisible by {r * r}"
            )
        shape = (*batch, c // (r * r), h * r, w * r)
    else:
        for label, size in (("height", h), ("width", w)):
            if size % r:
                raise RuntimeError(
                    f"pixel_unshuffle expects {label} to be divisible by downscale_factor, but "
                    f"input.size({-2 if label == 'height' else -1})={size} is not divisible by {r}"
                )
        shape = (*batch, c * r * r, h // r, w // r)
    flat = input._flat()
    oc, oh, ow = shape[-3:]
    out = []
    for b in range(numel(batch)):
        base = b * c * h * w
        for ch in range(oc):
            for y in range(oh):
                for x in range(ow):
                    if up:  # out[ch, y, x] = in[ch r^2 + (y % r) r + x % r, y // r, x // r]
                        src = (ch * r * r + (y % r) * r + x % r, y // r, x // r)
                    else:  # out[ch, y, x] = in[ch // r^2, y r + (ch // r) % r, x r + ch % r]
                        src = (ch // (r * r), y * r + (ch // r) % r, x * r + ch % r)
                    out.append(_fresh(flat[base + (src[0] * h + src[1]) * w + src[2]]))
    grad_fn = "PixelShuffleBackward0" if up else "PixelUnshuffleBackward0"
    return _result(out, tuple(shape), input.dtype, grad_fn, (input,), op=name)


def pixel_shuffle(input: Tensor, upscale_factor: int) -> Tensor:
    """``(*, C r^2, H, W)`` to ``(*, C, H r, W r)``: channels become an r x r block.

    >>> import tensors as torch
    >>> torch.nn.functional.pixel_shuffle(torch.arange(4.).reshape(1, 4, 1, 1), 2)
    tensor([[[[0., 1.],
              [2., 3.]]]])
    """
    return _shuffle(input, upscale_factor, up=True)


def pixel_unshuffle(input: Tensor, downscale_factor: int) -> Tensor:
    """The inverse of ``pixel_shuffle``: r x r blocks become channels.

    >>> import tensors as torch
    >>> torch.nn.functional.pixel_unshuffle(torch.arange(4.).reshape(1, 1, 2, 2), 2).flatten()
    tensor([0., 1., 2., 3.])
    """
    return _shuffle(input, downscale_factor, up=False)


def constant_pad_nd(input: Tensor, pad: Sequence[int], value: Any = 0) -> Tensor:
    """``F.pad`` with ``mode="constant"`` (PyTorch's ``torch.constant_pad_nd``).

    >>> import tensors as torch
    >>> torch.constant_pad_nd(torch.ones(2), [1, -1], 7.0)
    tensor([7., 1.])
    """
    return globals()["pad"](input, pad, "constant", value)


def channel_shuffle(input: Tensor, groups: int) -> Tensor:
    """Interleave the channels of ``groups`` groups: ``(N, g * k, *)`` read as
    ``(N, g, k, *)``, its two channel dimensions swapped.

    >>> import tensors as torch
    >>> torch.nn.functional.channel_shuffle(torch.arange(4.).reshape(1, 4, 1), 2).flatten()
    tensor([0., 2., 1., 3.])
    """
    if groups <= 0:
        raise RuntimeError(
            f"Number of groups to divide channels in must be positive. Value of groups:{groups}"
        )
    if input.ndim <= 2:
        raise RuntimeError(
            f"channel_shuffle expects input with > 2 dims, but got input with sizes "
            f"{list(input._shape)}"
        )
    n, c, *rest = input._shape
    if c % groups:
        raise RuntimeError(
            f"Number of channels must be divisible by groups. Got {c} channels and {groups} groups."
        )
    per, size = c // groups, numel(rest)
    flat = input._flat()
    out = []
    for b in range(n):
        for ch in range(c):  # out channel i * groups + g is in channel g * per + i
            src = (ch % groups) * per + ch // groups
            start = (b * c + src) * size
            out.extend(_fresh(v) for v in flat[start : start + size])
    return _result(
        out, input._shape, input.dtype, "ChannelShuffleBackward0", (input,), op="shuffle"
    )
