"""The activation modules beyond ReLU, Tanh and Sigmoid: each calls its function in
``nn.functional`` and prints as PyTorch's module does.

>>> import tensors as torch
>>> torch.nn.GELU(approximate="tanh")
GELU(approximate='tanh')
>>> torch.nn.SiLU()(torch.tensor([0.0]))
tensor([0.])
"""

from __future__ import annotations

from typing import Any, Optional

from .._creation import full
from .._tensor import Tensor
from . import functional as F
from .module import Module
from .parameter import Parameter

__all__ = [
    "GELU", "SiLU", "Mish", "ELU", "SELU", "CELU", "Hardtanh", "ReLU6", "Hardsigmoid",
    "Hardswish", "Hardshrink", "Softshrink", "Tanhshrink", "LogSigmoid", "Softsign",
    "Softmin", "Threshold", "GLU", "PReLU", "RReLU",
]  # fmt: skip


def _inplace(flag: bool, before: str = "") -> str:
    if not flag:
        return before
    return f"{before}, inplace=True" if before else "inplace=True"


class GELU(Module):
    """``x * Phi(x)``, or its tanh approximation. ``torch.nn.GELU()(torch.zeros(1))``"""

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        self.approximate = approximate

    def forward(self, input: Tensor) -> Tensor:
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class _Pointwise(Module):
    # A module over a one-argument function, with PyTorch's inplace flag.
    _function: Any = None

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return type(self)._function(input, inplace=self.inplace)

    def extra_repr(self) -> str:
        return _inplace(self.inplace)


class SiLU(_Pointwise):
    """``x * sigmoid(x)``. ``torch.nn.SiLU()(torch.zeros(1))``"""

    _function = staticmethod(F.silu)


class Mish(_Pointwise):
    """``x * tanh(softplus(x))``. ``torch.nn.Mish()(torch.zeros(1))``"""

    _function = staticmethod(F.mish)


class SELU(_Pointwise):
    """Scaled ELU with SELU's constants. ``torch.nn.SELU()(torch.zeros(1))``"""

    _function = staticmethod(F.selu)


class Hardsigmoid(_Pointwise):
    """``min(max(x + 3, 0), 6) / 6``. ``torch.nn.Hardsigmoid()(torch.zeros(1))``"""

    _function = staticmethod(F.hardsigmoid)


class Hardswish(_Pointwise):
    """``x * hardsigmoid(x)``. ``torch.nn.Hardswish()(torch.zeros(1))``"""

    _function = staticmethod(F.hardswish)


class ELU(Module):
    """``x`` above 0, ``alpha * (exp(x) - 1)`` elsewhere. ``torch.nn.ELU()(torch.zeros(1))``"""

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha, self.inplace = alpha, inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.elu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return _inplace(self.inplace, f"alpha={self.alpha}")


class CELU(ELU):
    """``max(0, x) + min(0, alpha (exp(x / alpha) - 1))``. ``torch.nn.CELU()(torch.zeros(1))``"""

    def forward(self, input: Tensor) -> Tensor:
        return F.celu(input, self.alpha, self.inplace)


class Hardtanh(Module):
    """``x`` clamped to ``[min_val, max_val]``. ``torch.nn.Hardtanh()(torch.zeros(1))``"""

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        if min_val > max_val:
            raise ValueError("min_val cannot be greater than max_val")
        self.min_val, self.max_val, self.inplace = min_val, max_val, inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self) -> str:
        return _inplace(self.inplace, f"min_val={self.min_val}, max_val={self.max_val}")


class ReLU6(Hardtanh):
    """``min(max(0, x), 6)``. ``torch.nn.ReLU6()(torch.zeros(1))``"""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__(0.0, 6.0, inplace)

    def extra_repr(self) -> str:
        return _inplace(self.inplace)


class Hardshrink(Module):
    """0 on ``[-lambd, lambd]``, ``x`` elsewhere. ``torch.nn.Hardshrink()(torch.zeros(1))``"""

    def __init__(self, lambd: float = 0.5) -> None:
        super().__init__()
        self.lambd = lambd

    def forward(self, input: Tensor) -> Tensor:
        return F.hardshrink(input, self.lambd)

    def extra_repr(self) -> str:
        return f"{self.lambd}"


class Softshrink(Hardshrink):
    """Shrinks towards 0 by ``lambd``. ``torch.nn.Softshrink()(torch.zeros(1))``"""

    def forward(self, input: Tensor) -> Tensor:
        return F.softshrink(input, self.lambd)


class Tanhshrink(Module):
    """``x - tanh(x)``. ``torch.nn.Tanhshrink()(torch.zeros(1))``"""

    def forward(self, input: Tensor) -> Tensor:
        return F.tanhshrink(input)


class LogSigmoid(Module):
    """``log(sigmoid(x))``. ``torch.nn.LogSigmoid()(torch.zeros(1))``"""

    def forward(self, input: Tensor) -> Tensor:
        return F.logsigmoid(input)


class Softsign(Module):
    """``x / (1 + |x|)``. ``torch.nn.Softsign()(torch.zeros(1))``"""

    def forward(self, input: Tensor) -> Tensor:
        return F.softsign(input)


class Softmin(Module):
    """``softmax(-x)`` along ``dim``. ``torch.nn.Softmin(dim=0)(torch.zeros(2))``"""

    def __init__(self, dim: Optional[int] = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:
        return F.softmin(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Threshold(Module):
    """``value`` where ``x <= threshold``. ``torch.nn.Threshold(0.1, 20.0)(torch.zeros(1))``"""

    def __init__(self, threshold: float, value: float, inplace: bool = False) -> None:
        super().__init__()
        self.threshold, self.value, self.inplace = threshold, value, inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self) -> str:
        return _inplace(self.inplace, f"threshold={self.threshold}, value={self.value}")


class GLU(Module):
    """The gated linear unit along ``dim``. ``torch.nn.GLU()(torch.zeros(2))``"""

    def __init__(self, dim: int = -1) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:
        return F.glu(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class PReLU(Module):
    """A leaky ReLU whose slope is learned: one, or one per channel, starting at ``init``.

    >>> import tensors as torch
    >>> torch.nn.PReLU(3).weight
    Parameter containing:
    tensor([0.2500, 0.2500, 0.2500], requires_grad=True)
    """

    def __init__(
        self, num_parameters: int = 1, init: float = 0.25, device: Any = None, dtype: Any = None
    ) -> None:
        super().__init__()
        self.num_parameters, self.init = num_parameters, init
        self.weight = Parameter(full((num_parameters,), init, dtype=dtype, device=device))

    def reset_parameters(self) -> None:
        """Set the slopes back to ``init``."""
        self.weight.data.fill_(self.init)

    def forward(self, input: Tensor) -> Tensor:
        return F.prelu(input, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class RReLU(Module):
    """Randomized leaky ReLU; in evaluation its slope is ``(lower + upper) / 2``.

    >>> import tensors as torch
    >>> torch.nn.RReLU(0.1, 0.3).eval()(torch.tensor([-1.0]))
    tensor([-0.2000])
    """

    def __init__(
        self, lower: float = 1.0 / 8, upper: float = 1.0 / 3, inplace: bool = False
    ) -> None:
        super().__init__()
        self.lower, self.upper, self.inplace = lower, upper, inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.rrelu(input, self.lower, self.upper, self.training, self.inplace)

    def extra_repr(self) -> str:
        return _inplace(self.inplace, f"lower={self.lower}, upper={self.upper}")
