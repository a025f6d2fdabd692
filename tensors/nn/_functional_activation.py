"""The activations of ``torch.nn.functional`` beyond relu, sigmoid and tanh.

``gelu`` (exact and tanh), ``silu``, ``mish``, ``elu``, ``selu``, ``celu``,
``hardtanh``, ``relu6``, ``hardsigmoid``, ``hardswish``, ``hardshrink``,
``softshrink``, ``tanhshrink``, ``logsigmoid``, ``softsign``, ``softmin``,
``threshold``, ``glu``, ``prelu`` and ``rrelu``. Each
applies one row of the op table per element (``autograd_scalar/ops_nn.py``:
PyTorch's kernel formula beside PyTorch's derivative) and records PyTorch's
grad_fn; ``tanhshrink``, ``softsign`` and ``softmin`` are compositions in
PyTorch too, and are here.

>>> import tensors as torch
>>> import tensors.nn.functional as F
>>> F.gelu(torch.tensor([-1.0, 0.0, 1.0]))
tensor([-0.1587,  0.0000,  0.8413])
"""

from __future__ import annotations

import warnings
from typing import Any, Optional

from autograd_scalar import apply
from autograd_scalar.ops import OPS, leaky_relu_op
from autograd_scalar.ops_nn import elu_op, hardshrink_op, hardtanh_op, softshrink_op, threshold_op
from autograd_scalar.value import _const

from .. import _ops
from .._tensor import Tensor, _result

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946
_CPP = {"int64": "Long", "bool": "Bool"}
_COPY = OPS["copy"]


def _check(function: str, input: Any, kernel: Optional[str] = None) -> None:
    # PyTorch's argument check of its C++ function, then the kernel's dtype check.
    if not isinstance(input, Tensor):
        raise TypeError(
            f"{function}(): argument 'input' (position 1) must be Tensor, not "
            f"{type(input).__name__}"
        )
    if kernel is not None and not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_CPP[input.dtype.name]}'")


def _map(input: Tensor, op: Any, name: str, symbol: str, inplace: bool = False) -> Tensor:
    out = _result(
        [apply(op, v) for v in input._flat()], input._shape, input.dtype, name, (input,), op=symbol
    )
    return input.copy_(out) if inplace else out


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """``x * Phi(x)`` (``Phi`` the standard normal cdf), or with ``approximate="tanh"``
    ``0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))``.

    >>> import tensors as torch
    >>> torch.nn.functional.gelu(torch.tensor([1.0]), approximate="tanh")
    tensor([0.8412])
    """
    _check("gelu", input)
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    _check("gelu", input, "GeluKernelImpl")
    op = OPS["gelu_tanh" if approximate == "tanh" else "gelu"]
    return _map(input, op, "GeluBackward0", "gelu")


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    """``x * sigmoid(x)`` (also called swish).

    >>> import tensors as torch
    >>> torch.nn.functional.silu(torch.tensor([0.0, 1.0]))
    tensor([0.0000, 0.7311])
    """
    _check("silu", input, "silu_cpu")
    return _map(input, OPS["silu"], "SiluBackward0", "silu", inplace)


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    """``x * tanh(softplus(x))``.

    >>> import tensors as torch
    >>> torch.nn.functional.mish(torch.tensor([1.0]))
    tensor([0.8651])
    """
    _check("mish", input, "mish_cpu")
    return _map(input, OPS["mish"], "MishBackward0", "mish", inplace)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """``x`` above 0, ``alpha * (exp(x) - 1)`` elsewhere.

    >>> import tensors as torch
    >>> torch.nn.functional.elu(torch.tensor([-1.0, 2.0]))
    tensor([-0.6321,  2.0000])
    """
    _check("elu", input, "elu_cpu")
    return _map(input, elu_op(alpha, 1.0, 1.0), "EluBackward0", "elu", inplace)


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    """``scale * elu(x, alpha)`` with SELU's fixed ``alpha`` and ``scale``.

    >>> import tensors as torch
    >>> torch.nn.functional.selu(torch.tensor([1.0]))
    tensor([1.0507])
    """
    _check("selu", input, "elu_cpu")
    return _map(input, elu_op(_SELU_ALPHA, _SELU_SCALE, 1.0), "EluBackward0", "selu", inplace)


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``.

    >>> import tensors as torch
    >>> torch.nn.functional.celu(torch.tensor([-2.0]), alpha=2.0)
    tensor([-1.2642])
    """
    _check("celu", input, "elu_cpu")
    op = elu_op(alpha, 1.0, 1.0 / alpha)
    return _map(input, op, "CeluBackward0", "celu", inplace)


def hardtanh(
    input: Tensor, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False
) -> Tensor:
    """``x`` clamped to ``[min_val, max_val]``.

    >>> import tensors as torch
    >>> torch.nn.functional.hardtanh(torch.tensor([-2.0, 0.5, 2.0]))
    tensor([-1.0000,  0.5000,  1.0000])
    """
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    _check("hardtanh", input)
    if not input.dtype.is_floating_point:  # integers are clamped, with no graph
        cast = input.dtype.cast
        values = [_const(cast(min(max(v.data, min_val), max_val))) for v in input._flat()]
        return _result(values, input._shape, input.dtype, "HardtanhBackward0", (input,))
    return _map(input, hardtanh_op(min_val, max_val), "HardtanhBackward0", "hardtanh", inplace)


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    """``min(max(0, x), 6)``.

    >>> import tensors as torch
    >>> torch.nn.functional.relu6(torch.tensor([-1.0, 7.0]))
    tensor([0., 6.])
    """
    return hardtanh(input, 0.0, 6.0, inplace)


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:
    """``min(max(x + 3, 0), 6) / 6``.

    >>> import tensors as torch
    >>> torch.nn.functional.hardsigmoid(torch.tensor([0.0]))
    tensor([0.5000])
    """
    _check("hardsigmoid", input, "hardsigmoid_cpu")
    return _map(input, OPS["hardsigmoid"], "HardsigmoidBackward0", "hardsigmoid", inplace)


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    """``x * hardsigmoid(x)``.

    >>> import tensors as torch
    >>> torch.nn.functional.hardswish(torch.tensor([1.0]))
    tensor([0.6667])
    """
    _check("hardswish", input, "hardswish_cpu")
    return _map(input, OPS["hardswish"], "HardswishBackward0", "hardswish", inplace)


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """0 on ``[-lambd, lambd]``, ``x`` elsewhere.

    >>> import tensors as torch
    >>> torch.nn.functional.hardshrink(torch.tensor([0.3, 0.7]))
    tensor([0.0000, 0.7000])
    """
    _check("hardshrink", input, "hardshrink_cpu")
    return _map(input, hardshrink_op(lambd), "HardshrinkBackward0", "hardshrink")


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """``x - lambd`` above ``lambd``, ``x + lambd`` below ``-lambd``, 0 between.

    >>> import tensors as torch
    >>> torch.nn.functional.softshrink(torch.tensor([0.3, 0.7]))
    tensor([0.0000, 0.2000])
    """
    _check("softshrink", input, "softshrink_check")
    if not lambd >= 0:
        kind = "Double" if input.dtype.name == "float64" else "Float"
        limit = "1.79769e+308" if kind == "Double" else "3.40282e+38"
        raise RuntimeError(
            f"lambda must be in range [0, {limit}] for input dtype {kind}, but found {lambd:g}"
        )
    return _map(input, softshrink_op(lambd), "SoftshrinkBackward0", "softshrink")


def tanhshrink(input: Tensor) -> Tensor:
    """``x - tanh(x)`` (a subtraction, as in PyTorch).

    >>> import tensors as torch
    >>> torch.nn.functional.tanhshrink(torch.tensor([1.0]))
    tensor([0.2384])
    """
    _check("tanhshrink", input)
    return input - _ops.tanh(input)


def logsigmoid(input: Tensor) -> Tensor:
    """``log(sigmoid(x))``, computed without overflow.

    >>> import tensors as torch
    >>> torch.nn.functional.logsigmoid(torch.tensor([0.0, -100.0]))
    tensor([  -0.6931, -100.0000])
    """
    _check("log_sigmoid", input, "log_sigmoid_cpu")
    return _map(input, OPS["log_sigmoid"], "LogSigmoidBackward0", "logsigmoid")


def softsign(input: Tensor) -> Tensor:
    """``x / (1 + |x|)`` (a division, as in PyTorch).

    >>> import tensors as torch
    >>> torch.nn.functional.softsign(torch.tensor([1.0, -3.0]))
    tensor([ 0.5000, -0.7500])
    """
    _check("softsign", input)
    return input / (_ops.abs(input) + 1)


def softmin(
    input: Tensor, dim: Optional[int] = None, _stacklevel: int = 3, dtype: Any = None
) -> Tensor:
    """``softmax(-x)`` along ``dim``.

    >>> import tensors as torch
    >>> torch.nn.functional.softmin(torch.tensor([0.0, 0.0]), dim=0)
    tensor([0.5000, 0.5000])
    """
    _check("softmin", input)
    if dim is None:
        warnings.warn(
            "Implicit dimension choice for softmin has been deprecated. Change the call to "
            "include dim=X as an argument.",
            UserWarning,
            stacklevel=2,
        )
        dim = 0 if input.ndim in (0, 1, 3) else 1
    if dtype is not None:
        input = _ops.to(input, dtype)
    _check("softmin", input, "softmax_lastdim_kernel_impl")
    return _ops.softmax(-input, dim)


def threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:
    """``value`` where ``x <= threshold``, else ``x``.

    >>> import tensors as torch
    >>> torch.nn.functional.threshold(torch.tensor([0.5, 2.0]), 1.0, -1.0)
    tensor([-1.,  2.])
    """
    _check("threshold", input)
    if not input.dtype.is_floating_point:
        cast = input.dtype.cast
        values = [_const(cast(value if v.data <= threshold else v.data)) for v in input._flat()]
        return _result(values, input._shape, input.dtype, "ThresholdBackward0", (input,))
    return _map(input, threshold_op(threshold, value), "ThresholdBackward0", "threshold", inplace)


def glu(input: Tensor, dim: int = -1) -> Tensor:
    """The gated linear unit: the first half of ``dim`` times the sigmoid of the second.

    >>> import tensors as torch
    >>> torch.nn.functional.glu(torch.tensor([2.0, 0.0]))
    tensor([1.])
    """
    _check("glu", input)
    if input.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    _check("glu", input, "glu_cpu")
    d = dim + input.ndim if dim < 0 else dim
    if not 0 <= d < input.ndim:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-input.ndim}, "
            f"{input.ndim - 1}], but got {dim})"
        )
    size = input._shape[d]
    if size % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {d} is size {size}")
    half, inner = size // 2, 1
    for s in input._shape[d + 1 :]:
        inner *= s
    flat, out = input._flat(), []
    for start in range(0, len(flat), size * inner):
        block = flat[start : start + size * inner]
        first, second = block[: half * inner], block[half * inner :]
        out.extend(a * b.sigmoid() for a, b in zip(first, second))
    shape = input._shape[:d] + (half,) + input._shape[d + 1 :]
    return _result(out, shape, input.dtype, "GluBackward0", (input,), op="glu")


def prelu(input: Tensor, weight: Tensor) -> Tensor:
    """``x`` above 0, ``weight * x`` elsewhere; ``weight`` has one element or one per
    channel (dimension 1).

    >>> import tensors as torch
    >>> torch.nn.functional.prelu(torch.tensor([-2.0, 2.0]), torch.tensor([0.25]))
    tensor([-0.5000,  2.0000])
    """
    for name, x, pos in (("input", input, 1), ("weight", weight, 2)):
        if not isinstance(x, Tensor):
            raise TypeError(
                f"prelu(): argument '{name}' (position {pos}) must be Tensor, not "
                f"{type(x).__name__}"
            )
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"prelu_cpu\" not implemented for '{_CPP[input.dtype.name]}'")
    if weight.ndim > 1:
        raise RuntimeError(
            f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {weight.ndim}"
        )
    ws, n = weight._flat(), weight.numel()
    channels = input._shape[1] if input.ndim >= 2 else 1
    if n != 1:
        if input.ndim == 0:
            raise RuntimeError("Not allow zero-dim input tensor.")
        if n != channels:
            raise RuntimeError(
                "Mismatch of parameter numbers and input channel size. Found parameter numbers "
                f"= {n} and channel size = {channels}."
            )
    inner = 1
    for s in input._shape[2:]:
        inner *= s
    op = OPS["prelu"]
    flat = input._flat()
    out = [apply(op, v, ws[(i // inner) % channels if n != 1 else 0]) for i, v in enumerate(flat)]
    return _result(
        out, input._shape, input.dtype, "PreluKernelBackward0", (input, weight), op="prelu"
    )


def rrelu(
    input: Tensor,
    lower: float = 1.0 / 8,
    upper: float = 1.0 / 3,
    training: bool = False,
    inplace: bool = False,
) -> Tensor:
    """Randomized leaky ReLU; in evaluation (``training=False``) the slope is
    ``(lower + upper) / 2``. In training each element at or below 0 is multiplied
    by its own slope, drawn uniformly from ``[lower, upper]`` by the project's
    generator (``torch.manual_seed``; not PyTorch's stream, so other numbers).

    >>> import tensors as torch
    >>> torch.nn.functional.rrelu(torch.tensor([-1.0, 1.0]), 0.1, 0.3)
    tensor([-0.2000,  1.0000])
    >>> y = torch.nn.functional.rrelu(torch.tensor([-1.0, 1.0]), 0.1, 0.3, training=True)
    >>> 0.1 <= -y[0].item() <= 0.3, y[1].item()
    (True, 1.0)
    """
    _check("rrelu_with_noise", input)
    if lower > upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    _check("rrelu_with_noise", input, "leaky_relu_cpu")
    if training:
        from .._creation import _rng

        # PyTorch's kernel: x * r where x <= 0 (the derivative r at 0 too), x
        # itself elsewhere (nan included, whose derivative is then 1).
        width = upper - lower
        out = [
            v * (lower + width * _rng.random()) if v.data <= 0.0 else apply(_COPY, v)
            for v in input._flat()
        ]
        name = "RreluWithNoiseBackward0"
        result = _result(out, input._shape, input.dtype, name, (input,), op="rrelu")
        return input.copy_(result) if inplace else result
    op = leaky_relu_op((lower + upper) / 2)
    return _map(input, op, "RreluWithNoiseBackward0", "rrelu", inplace)
