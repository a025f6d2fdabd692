"""Layers: ``Linear``, ``Identity``, ``Flatten`` and the activation modules.

>>> import tensors as torch
>>> _ = torch.manual_seed(0)
>>> layer = torch.nn.Linear(2, 3)
>>> layer
Linear(in_features=2, out_features=3, bias=True)
>>> layer(torch.ones(4, 2)).shape
torch.Size([4, 3])
"""

from __future__ import annotations

import math
from typing import Any, Optional

from .._creation import empty
from .._tensor import Tensor
from . import functional as F
from . import init
from .module import Module
from .parameter import Parameter

__all__ = [
    "Linear",
    "Identity",
    "Flatten",
    "ReLU",
    "LeakyReLU",
    "Tanh",
    "Sigmoid",
    "Softmax",
    "LogSoftmax",
]

_CPP_NAMES = {"float32": "Float", "float64": "Double", "int64": "Long", "bool": "Bool"}


class Linear(Module):
    """``y = x @ weight.T + bias``, for inputs of shape ``(*, in_features)``.

    ``weight`` is ``(out_features, in_features)``. Both are initialised as
    PyTorch does, uniformly in ``[-1/sqrt(in_features), 1/sqrt(in_features)]``
    (``kaiming_uniform_`` with ``a=sqrt(5)`` for the weight).

    >>> import tensors as torch
    >>> layer = torch.nn.Linear(2, 16)
    >>> layer.weight.shape, layer.bias.shape
    (torch.Size([16, 2]), torch.Size([16]))
    >>> layer(torch.ones(4, 3))
    Traceback (most recent call last):
        ...
    RuntimeError: mat1 and mat2 shapes cannot be multiplied (4x3 and 2x16)
    """

    in_features: int
    out_features: int
    weight: Parameter

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(empty(out_features, in_features, dtype=dtype, device=device))
        if bias:
            self.bias = Parameter(empty(out_features, dtype=dtype, device=device))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw new initial values, as the constructor does.

        >>> import tensors as torch
        >>> layer = torch.nn.Linear(4, 2)
        >>> layer.reset_parameters()
        >>> bool(layer.weight.abs().max() <= 0.5)
        True
        """
        # a=sqrt(5) makes kaiming's bound 1/sqrt(fan_in): the bias gets the same bound
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input: Tensor) -> Tensor:
        w = self.weight
        if input.ndim == 0:
            raise RuntimeError(
                f"both arguments to linear need to be at least 1D, but they are 0D and {w.ndim}D"
            )
        # PyTorch checks the shapes of the matrix product it runs: the input
        # flattened to 2-D (mat1) and the transposed weight (mat2).
        width = input.shape[-1]
        if width != w.shape[-1]:
            rows = math.prod(input.shape[:-1])
            raise RuntimeError(
                f"mat1 and mat2 shapes cannot be multiplied ({rows}x{width} and "
                f"{w.shape[1]}x{w.shape[0]})"
            )
        if input.dtype is not w.dtype:
            raise RuntimeError(
                f"mat1 and mat2 must have the same dtype, but got {_CPP_NAMES[input.dtype.name]} "
                f"and {_CPP_NAMES[w.dtype.name]}"
            )
        return F.linear(input, w, self.bias)

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )


class Identity(Module):
    """Returns its input (arguments to the constructor are ignored).

    >>> import tensors as torch
    >>> torch.nn.Identity()(torch.tensor([1., 2.]))
    tensor([1., 2.])
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def forward(self, input: Tensor) -> Tensor:
        return input


class Flatten(Module):
    """Flattens dimensions ``start_dim`` to ``end_dim`` (by default all but the batch dimension).

    >>> import tensors as torch
    >>> torch.nn.Flatten()(torch.zeros(4, 2, 3)).shape
    torch.Size([4, 6])
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input: Tensor) -> Tensor:
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class _Activation(Module):
    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        # Accepted for PyTorch's signature; the result is computed out of place.
        self.inplace = inplace

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class ReLU(_Activation):
    """``max(0, x)`` elementwise. ``inplace=True`` is accepted, but a new tensor is returned.

    >>> import tensors as torch
    >>> torch.nn.ReLU()(torch.tensor([-1., 2.]))
    tensor([0., 2.])
    """

    def forward(self, input: Tensor) -> Tensor:
        return F.relu(input)


class LeakyReLU(_Activation):
    """``x`` where positive, ``negative_slope * x`` elsewhere.

    >>> import tensors as torch
    >>> torch.nn.LeakyReLU(0.1)(torch.tensor([-1., 2.]))
    tensor([-0.1000,  2.0000])
    """

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__(inplace)
        self.negative_slope = negative_slope

    def forward(self, input: Tensor) -> Tensor:
        return F.leaky_relu(input, self.negative_slope)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class Tanh(Module):
    """Hyperbolic tangent elementwise.

    >>> import tensors as torch
    >>> torch.nn.Tanh()(torch.zeros(2))
    tensor([0., 0.])
    """

    def forward(self, input: Tensor) -> Tensor:
        return F.tanh(input)


class Sigmoid(Module):
    """``1 / (1 + exp(-x))`` elementwise.

    >>> import tensors as torch
    >>> torch.nn.Sigmoid()(torch.zeros(2))
    tensor([0.5000, 0.5000])
    """

    def forward(self, input: Tensor) -> Tensor:
        return F.sigmoid(input)


class Softmax(Module):
    """Softmax along ``dim``.

    >>> import tensors as torch
    >>> torch.nn.Softmax(dim=1)(torch.zeros(1, 4))
    tensor([[0.2500, 0.2500, 0.2500, 0.2500]])
    """

    def __init__(self, dim: Optional[int] = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:
        return F.softmax(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Softmax):
    """Log-softmax along ``dim``, computed stably.

    >>> import tensors as torch
    >>> torch.nn.LogSoftmax(dim=1)(torch.zeros(1, 2))
    tensor([[-0.6931, -0.6931]])
    """

    def forward(self, input: Tensor) -> Tensor:
        return F.log_softmax(input, self.dim)
