"""Transposed convolutions: ``F.conv_transpose1d``, ``F.conv_transpose2d`` and
``F.conv_transpose3d`` (one n-d code for all three).

A transposed convolution scatters each input element, times the kernel, onto
the output: input position ``i`` and kernel position ``k`` land on output
position ``i * stride - padding + k * dilation``. Each output element
collects the (input, weight) pairs that land on it and is one node of the op
table's ``dot`` row, plus the bias (the gradient of a convolution, written
as a forward).

>>> import tensors as torch
>>> x, w = torch.tensor([[[1., 2.]]]), torch.tensor([[[1., 10.]]])
>>> torch.nn.functional.conv_transpose1d(x, w)
tensor([[[ 1., 12., 20.]]])
"""

from __future__ import annotations

import itertools
from typing import Any, Optional

from autograd_scalar.ops import OPS
from autograd_scalar.value import _const, apply

from .._tensor import Tensor, _result
from ._functional_conv import _tuple

_DOT = OPS["dot"]
_DIMS = {1: ("width",), 2: ("height", "width"), 3: ("depth", "height", "width")}


def _conv_transpose(
    input: Tensor, weight: Tensor, bias: Optional[Tensor], stride: Any, padding: Any,
    output_padding: Any, groups: int, dilation: Any, nd: int,
) -> Tensor:  # fmt: skip
    if input.ndim not in (nd + 1, nd + 2):
        raise RuntimeError(
            f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to conv_transpose{nd}d, "
            f"but got input of size: {list(input._shape)}"
        )
    s, p, op, d = (_tuple(v, nd) for v in (stride, padding, output_padding, dilation))
    batched = input.ndim == nd + 2
    x = input if batched else input.unsqueeze(0)
    n, c_in = x._shape[:2]
    spatial = x._shape[2:]
    in_w, per_group = weight._shape[:2]
    kernel = weight._shape[2:]
    if c_in != in_w:
        raise RuntimeError(
            f"Given transposed=1, weight of size {list(weight._shape)}, expected input"
            f"{list(x._shape)} to have {in_w} channels, but got {c_in} channels instead"
        )
    c_out = per_group * groups
    if bias is not None and (bias.ndim != 1 or bias._shape[0] != c_out):
        raise RuntimeError(
            f"Given transposed=1, weight of size {list(weight._shape)}, expected bias to be "
            f"1-dimensional with {c_out} elements, but got bias of size {list(bias._shape)} "
            "instead"
        )
    if any(o >= st and o >= dl for o, st, dl in zip(op, s, d)):
        names = _DIMS[nd]
        parts = [f"output_padding_{a}: {o}" for a, o in zip(names, op)]
        parts += [f"stride_{a}: {v}" for a, v in zip(names, s)]
        parts += [f"dilation_{a}: {v}" for a, v in zip(names, d)]
        raise RuntimeError(
            "output padding must be smaller than either stride or dilation, but got "
            + " ".join(parts)
        )
    out_sp = tuple(
        (i - 1) * st - 2 * pd + dl * (k - 1) + o + 1
        for i, st, pd, dl, k, o in zip(spatial, s, p, d, kernel, op)
    )
    if any(o <= 0 for o in out_sp):
        raise RuntimeError(
            f"Given input size per channel: ({' x '.join(map(str, spatial))}). Calculated output "
            f"size per channel: ({' x '.join(map(str, out_sp))}). Output size is too small"
        )
    xf, wf = x._flat(), weight._flat()
    in_plane, out_plane, k_size = 1, 1, 1
    for v in spatial:
        in_plane *= v
    for v in out_sp:
        out_plane *= v
    for v in kernel:
        k_size *= v
    c_in_group = c_in // groups
    positions = list(itertools.product(*(range(v) for v in spatial)))
    taps = list(itertools.product(*(range(v) for v in kernel)))
    # For each input position and kernel tap, the output position it lands on (or None).
    lands = []
    for ip in positions:
        row = []
        for tp in taps:
            o = [i * st - pd + t * dl for i, t, st, pd, dl in zip(ip, tp, s, p, d)]
            row.append(
                None if any(not 0 <= v < m for v, m in zip(o, out_sp)) else _flat_index(o, out_sp)
            )
        lands.append(row)
    out = []
    bf = bias._flat() if bias is not None else None
    for b in range(n):
        for co in range(c_out):
            g, co_g = divmod(co, per_group)
            xs: list = [[] for _ in range(out_plane)]
            ws: list = [[] for _ in range(out_plane)]
            for ci in range(g * c_in_group, (g + 1) * c_in_group):
                xbase = (b * c_in + ci) * in_plane
                wbase = (ci * per_group + co_g) * k_size
                for pi, row in enumerate(lands):
                    xv = xf[xbase + pi]
                    for ti, o in enumerate(row):
                        if o is not None:
                            xs[o].append(xv)
                            ws[o].append(wf[wbase + ti])
            for o in range(out_plane):
                extra = [bf[co]] if bf is not None else []
                out.append(apply(_DOT, *xs[o], *ws[o], *extra) if xs[o] or extra else _const(0.0))
    shape = (n, c_out) + out_sp if batched else (c_out,) + out_sp
    name = "ConvolutionBackward0" if batched else "SqueezeBackward1"
    inputs = (input, weight) + ((bias,) if bias is not None else ())
    return _result(out, shape, input.dtype, name, inputs, op=f"conv_transpose{nd}d")


def _flat_index(position: list, sizes: tuple) -> int:
    index = 0
    for v, m in zip(position, sizes):
        index = index * m + v
    return index


def conv_transpose1d(
    input: Tensor, weight: Tensor, bias: Optional[Tensor] = None, stride: Any = 1,
    padding: Any = 0, output_padding: Any = 0, groups: int = 1, dilation: Any = 1,
) -> Tensor:  # fmt: skip
    """The transposed 1-D convolution (``weight`` is ``(C_in, C_out / groups, k)``).

    >>> import tensors as torch
    >>> x, w = torch.ones(1, 1, 2), torch.ones(1, 1, 2)
    >>> torch.nn.functional.conv_transpose1d(x, w, stride=2)
    tensor([[[1., 1., 1., 1.]]])
    """
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups,
                           dilation, 1)  # fmt: skip


def conv_transpose2d(
    input: Tensor, weight: Tensor, bias: Optional[Tensor] = None, stride: Any = 1,
    padding: Any = 0, output_padding: Any = 0, groups: int = 1, dilation: Any = 1,
) -> Tensor:  # fmt: skip
    """The transposed 2-D convolution (``weight`` is ``(C_in, C_out / groups, kH, kW)``),
    the upsampling layer of a decoder.

    >>> import tensors as torch
    >>> torch.nn.functional.conv_transpose2d(torch.ones(1, 1, 1, 1), torch.ones(1, 1, 2, 2))
    tensor([[[[1., 1.],
              [1., 1.]]]])
    """
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups,
                           dilation, 2)  # fmt: skip


def conv_transpose3d(
    input: Tensor, weight: Tensor, bias: Optional[Tensor] = None, stride: Any = 1,
    padding: Any = 0, output_padding: Any = 0, groups: int = 1, dilation: Any = 1,
) -> Tensor:  # fmt: skip
    """The transposed 3-D convolution (``weight`` is ``(C_in, C_out / groups, kD, kH, kW)``).

    >>> import tensors as torch
    >>> x, w = torch.ones(1, 1, 1, 1, 1), torch.ones(1, 1, 2, 1, 1)
    >>> torch.nn.functional.conv_transpose3d(x, w, stride=2).flatten()
    tensor([1., 1.])
    """
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups,
                           dilation, 3)  # fmt: skip
