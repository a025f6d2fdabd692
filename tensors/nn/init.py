"""``tensors.nn.init``: fill a tensor in place with initial values, as ``torch.nn.init``.

Every function works under ``no_grad``, so it may be applied to parameters,
and returns the tensor it filled. The random ones draw from the generator
that ``tensors.manual_seed`` seeds (or from ``generator``, a
``random.Random``), so a seed gives the same numbers every run (not
PyTorch's numbers).

>>> import tensors as torch
>>> w = torch.nn.init.ones_(torch.empty(2, 3))
>>> w
tensor([[1., 1., 1.],
        [1., 1., 1.]])
"""

from __future__ import annotations

import math
import numbers
import warnings
from typing import Any, Optional

from autograd_scalar import no_grad

from .._tensor import Tensor

__all__ = [
    "calculate_gain",
    "constant_",
    "ones_",
    "zeros_",
    "uniform_",
    "normal_",
    "xavier_uniform_",
    "xavier_normal_",
    "kaiming_uniform_",
    "kaiming_normal_",
]

_LINEAR_FNS = (
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
)


def calculate_gain(nonlinearity: str, param: Optional[float] = None) -> float:
    """The recommended gain for a nonlinearity (``'relu'``: sqrt(2), ``'tanh'``: 5/3, ...).

    >>> import tensors as torch
    >>> torch.nn.init.calculate_gain("tanh")
    1.6666666666666667
    """
    if nonlinearity in _LINEAR_FNS or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, numbers.Real) and not isinstance(param, bool):
            slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _fill(tensor: Tensor, numbers_: list) -> Tensor:
    from .._creation import tensor as _tensor

    with no_grad():
        tensor.copy_(_tensor(numbers_, dtype=tensor.dtype).reshape(tensor.shape))
    return tensor


def uniform_(
    tensor: Tensor, a: float = 0.0, b: float = 1.0, generator: Optional[Any] = None
) -> Tensor:
    """Fill ``tensor`` with numbers drawn uniformly from [a, b).

    >>> import tensors as torch
    >>> w = torch.nn.init.uniform_(torch.empty(100), -0.1, 0.1)
    >>> bool(w.abs().max() <= 0.1)
    True
    """
    if generator is not None:
        return _fill(tensor, [generator.uniform(a, b) for _ in range(tensor.numel())])
    with no_grad():
        return tensor.uniform_(a, b)


def normal_(
    tensor: Tensor, mean: float = 0.0, std: float = 1.0, generator: Optional[Any] = None
) -> Tensor:
    """Fill ``tensor`` with numbers drawn from the normal distribution N(mean, std**2).

    >>> import tensors as torch
    >>> torch.nn.init.normal_(torch.empty(2, 2), std=0.02).shape
    torch.Size([2, 2])
    """
    if generator is not None:
        return _fill(tensor, [generator.gauss(mean, std) for _ in range(tensor.numel())])
    with no_grad():
        return tensor.normal_(mean, std)


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Fill ``tensor`` with ``val``.

    >>> import tensors as torch
    >>> torch.nn.init.constant_(torch.empty(2), 0.5)
    tensor([0.5000, 0.5000])
    """
    with no_grad():
        return tensor.fill_(val)


def ones_(tensor: Tensor) -> Tensor:
    """Fill ``tensor`` with ones.

    >>> import tensors as torch
    >>> torch.nn.init.ones_(torch.empty(3))
    tensor([1., 1., 1.])
    """
    return constant_(tensor, 1.0)


def zeros_(tensor: Tensor) -> Tensor:
    """Fill ``tensor`` with zeros.

    >>> import tensors as torch
    >>> torch.nn.init.zeros_(torch.ones(2))
    tensor([0., 0.])
    """
    return constant_(tensor, 0.0)


def _calculate_fan_in_and_fan_out(tensor: Tensor) -> tuple:
    # A weight is (fan_out, fan_in, *kernel): Linear computes x @ w.T.
    if tensor.dim() < 2:
        raise ValueError(
            "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions"
        )
    receptive = 1
    for s in tensor.shape[2:]:
        receptive *= s
    return tensor.size(1) * receptive, tensor.size(0) * receptive


def _calculate_correct_fan(tensor: Tensor, mode: str) -> int:
    valid_modes = ["fan_in", "fan_out"]
    if mode not in valid_modes:
        raise ValueError(f"Mode {mode} not supported, please use one of {valid_modes}")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def xavier_uniform_(tensor: Tensor, gain: float = 1.0, generator: Optional[Any] = None) -> Tensor:
    """Glorot's uniform init: U(-a, a) with ``a = gain * sqrt(6 / (fan_in + fan_out))``.

    >>> import tensors as torch
    >>> w = torch.nn.init.xavier_uniform_(torch.empty(3, 5))
    >>> bool(w.abs().max() <= (6 / 8) ** 0.5)
    True
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    a = math.sqrt(3.0) * std
    return uniform_(tensor, -a, a, generator)


def xavier_normal_(tensor: Tensor, gain: float = 1.0, generator: Optional[Any] = None) -> Tensor:
    """Glorot's normal init: N(0, std**2) with ``std = gain * sqrt(2 / (fan_in + fan_out))``.

    >>> import tensors as torch
    >>> torch.nn.init.xavier_normal_(torch.empty(3, 5)).shape
    torch.Size([3, 5])
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator)


def _no_op_if_empty(tensor: Tensor) -> bool:
    if 0 in tensor.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", UserWarning, stacklevel=3)
        return True
    return False


def kaiming_uniform_(
    tensor: Tensor,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: Optional[Any] = None,
) -> Tensor:
    """He's uniform init: U(-bound, bound) with ``bound = gain * sqrt(3 / fan)``.

    ``nn.Linear`` uses it with ``a=math.sqrt(5)``, which makes the bound
    ``1 / sqrt(in_features)``.

    >>> import math
    >>> import tensors as torch
    >>> w = torch.nn.init.kaiming_uniform_(torch.empty(16, 4), a=math.sqrt(5))
    >>> bool(w.abs().max() <= 1 / math.sqrt(4))
    True
    """
    if _no_op_if_empty(tensor):
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    gain = calculate_gain(nonlinearity, a)
    bound = math.sqrt(3.0) * gain / math.sqrt(fan)
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(
    tensor: Tensor,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: Optional[Any] = None,
) -> Tensor:
    """He's normal init: N(0, std**2) with ``std = gain / sqrt(fan)``.

    >>> import tensors as torch
    >>> torch.nn.init.kaiming_normal_(torch.empty(4, 2), nonlinearity="relu").shape
    torch.Size([4, 2])
    """
    if _no_op_if_empty(tensor):
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    return normal_(tensor, 0.0, std, generator)
