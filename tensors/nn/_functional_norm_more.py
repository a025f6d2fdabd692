"""More normalisations: ``group_norm``, ``instance_norm``, ``rms_norm`` and
``local_response_norm``, on the Values of each group, as ``layer_norm`` does.

>>> import tensors as torch
>>> torch.nn.functional.rms_norm(torch.tensor([[3., 4.]]), (2,), eps=0.0)
tensor([[0.8485, 1.1314]])
"""

from __future__ import annotations

import math
import sys
from typing import Optional, Sequence

from autograd_scalar import Value

from .._tensor import Tensor, _result
from ._functional_norm import _normalise, _update


def group_norm(
    input: Tensor,
    num_groups: int,
    weight: Optional[Tensor] = None,
    bias: Optional[Tensor] = None,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise each group of ``C / num_groups`` channels of each sample (over the
    group's channels and positions), then scale and shift each channel.

    >>> import tensors as torch
    >>> torch.nn.functional.group_norm(torch.tensor([[[1.], [3.]]]), 1)
    tensor([[[-1.0000],
             [ 1.0000]]])
    """
    if input.ndim < 2:
        raise RuntimeError(
            f"Expected at least 2 dimensions for input tensor but received {input.ndim}"
        )
    n, c = input._shape[:2]
    if num_groups <= 0 or c % num_groups:
        raise RuntimeError(
            "Expected number of channels in input to be divisible by num_groups, but got input "
            f"of shape {list(input._shape)} and num_groups={num_groups}"
        )
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and (t.ndim != 1 or t.numel() != c):
            raise RuntimeError(
                f"Expected {name} to be a vector of size equal to the number of channels in "
                f"input, but got {name} of shape {list(t._shape)} and input of shape "
                f"{list(input._shape)}"
            )
    spatial = 1
    for s in input._shape[2:]:
        spatial *= s
    group = (c // num_groups) * spatial
    flat = input._flat()
    ws = weight._flat() if weight is not None else None
    bs = bias._flat() if bias is not None else None
    out: list = []
    for start in range(0, len(flat), group):
        ys, _, _ = _normalise(flat[start : start + group], eps)
        out.extend(ys)
    if ws is not None or bs is not None:
        for i, y in enumerate(out):
            ch = (i // spatial) % c
            y = y * ws[ch] if ws is not None else y
            out[i] = y + bs[ch] if bs is not None else y
    inputs = (input, weight, bias)
    return _result(out, input._shape, input.dtype, "NativeGroupNormBackward0", inputs, op="norm")


def instance_norm(
    input: Tensor,
    running_mean: Optional[Tensor] = None,
    running_var: Optional[Tensor] = None,
    weight: Optional[Tensor] = None,
    bias: Optional[Tensor] = None,
    use_input_stats: bool = True,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise each channel of each sample over its positions (with
    ``use_input_stats=False``, by the running statistics instead); the running
    statistics move towards the batch's mean of the per-sample ones.

    >>> import tensors as torch
    >>> torch.nn.functional.instance_norm(torch.tensor([[[1., 3.]]]))
    tensor([[[-1.0000,  1.0000]]])
    """
    if input.ndim < 3:
        raise ValueError(
            f"Expected 2D or 3D input (got {input.ndim}D input)"
            if input.ndim == 2
            else f"expected at least 3D input (got {input.ndim}D input)"
        )
    n, c = input._shape[:2]
    spatial = input.numel() // (n * c) if n * c else 0
    flat = input._flat()
    ws = weight._flat() if weight is not None else None
    bs = bias._flat() if bias is not None else None
    means: list = [0.0] * c
    variances: list = [0.0] * c
    out: list = []
    for start in range(0, len(flat), spatial or 1):
        ch = (start // spatial) % c if spatial else 0
        xs = flat[start : start + spatial]
        if use_input_stats:
            ys, mean, squares = _normalise(xs, eps)
            means[ch] += mean.data / n
            variances[ch] += squares.data / max(spatial - 1, 1) / n if spatial > 1 else math.nan
        else:
            rm, rv = running_mean._flat()[ch].data, running_var._flat()[ch].data
            ys, _, _ = _normalise(xs, eps, rm, rv)
        for y in ys:
            y = y * ws[ch] if ws is not None else y
            out.append(y + bs[ch] if bs is not None else y)
    if use_input_stats and running_mean is not None:
        old = [v.data for v in running_mean._flat()]
        _update(running_mean, [(1 - momentum) * o + momentum * m for o, m in zip(old, means)])
    if use_input_stats and running_var is not None:
        old = [v.data for v in running_var._flat()]
        _update(running_var, [(1 - momentum) * o + momentum * v for o, v in zip(old, variances)])
    inputs = (input, weight, bias)
    return _result(out, input._shape, input.dtype, "ViewBackward0", inputs, op="instance_norm")


def rms_norm(
    input: Tensor,
    normalized_shape: Sequence[int],
    weight: Optional[Tensor] = None,
    eps: Optional[float] = None,
) -> Tensor:
    """``x / sqrt(mean(x^2) + eps) * weight`` over the last ``len(normalized_shape)``
    dimensions (``eps`` the dtype's machine epsilon by default).

    >>> import tensors as torch
    >>> torch.nn.functional.rms_norm(torch.tensor([[1., 1.]]), [2])
    tensor([[1.0000, 1.0000]])
    """
    norm = (
        tuple(normalized_shape)
        if isinstance(normalized_shape, (list, tuple))
        else (int(normalized_shape),)
    )
    if not norm:
        raise RuntimeError(
            "Expected normalized_shape to be at least 1-dimensional, i.e., containing at least "
            "one element, but got normalized_shape = []"
        )
    if weight is not None and tuple(weight._shape) != norm:
        raise RuntimeError(
            "Expected weight to be of same shape as normalized_shape, but got weight of shape "
            f"{list(weight._shape)} and normalized_shape = {list(norm)}"
        )
    k, shape = len(norm), input._shape
    if len(shape) < k or shape[-k:] != norm:
        raise RuntimeError(
            f"Given normalized_shape={list(norm)}, expected input with shape "
            f"[*, {', '.join(str(s) for s in norm)}], but got input of size{list(shape)}"
        )
    if eps is None:
        eps = sys.float_info.epsilon if input.dtype.name == "float64" else 1.1920928955078125e-07
    size = math.prod(norm)
    flat = input._flat()
    ws = weight._flat() if weight is not None else None
    out: list = []
    for start in range(0, len(flat), size):
        xs = flat[start : start + size]
        inv = 1.0 / (Value.sum([x * x for x in xs]) / size + eps).sqrt()
        ys = [x * inv for x in xs]
        out.extend([y * w for y, w in zip(ys, ws)] if ws is not None else ys)
    inputs = (input, weight)
    return _result(out, input._shape, input.dtype, "MulBackward0", inputs, op="rms_norm")


def local_response_norm(
    input: Tensor, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0
) -> Tensor:
    """``x / (k + alpha * mean of x^2 over the size neighbouring channels)^beta``.

    >>> import tensors as torch
    >>> torch.nn.functional.local_response_norm(torch.ones(1, 2, 1), 2, alpha=1.0, k=0.0)
    tensor([[[1.6818],
             [1.0000]]])
    """
    if input.ndim < 3:
        raise ValueError(
            f"Expected 3D or higher dimensionality input (got {input.ndim} dimensions)"
        )
    if input.numel() == 0:
        return input
    n, c = input._shape[:2]
    spatial = input.numel() // (n * c)
    flat = input._flat()
    squares = [x * x for x in flat]
    divs = []
    for b in range(n):
        for ch in range(c):
            window = range(max(ch - size // 2, 0), min(ch - size // 2 + size, c))
            for s in range(spatial):
                total = Value.sum([squares[(b * c + w) * spatial + s] for w in window])
                divs.append(((total / size) * alpha + k) ** beta)
    # PyTorch's last two steps: the divisor (a power), then input / divisor.
    div = _result(divs, input._shape, input.dtype, "PowBackward0", (input,), op="pow")
    return input / div
