"""autograd_scalar: a scalar reverse-mode autodiff engine, small enough to read in one sitting.

>>> from autograd_scalar import Value
>>> a = Value(-4.0)
>>> b = Value(2.0)
>>> c = a + b
>>> d = a * b + b**3
>>> c += c + 1
>>> c += 1 + c + (-a)
>>> d += d * 2 + (b + a).relu()
>>> d += 3 * d + (b - a).relu()
>>> e = c - d
>>> f = e**2
>>> g = f / 2.0
>>> g += 10.0 / f
>>> g.backward()
>>> print(f"{g.data:.4f} {a.grad:.4f} {b.grad:.4f}")
24.7041 138.8338 645.5773
"""

from . import (
    ops_nn,  # noqa: E402, F401 - registers the neural-network rows in OPS
    ops_special,  # noqa: E402,F401 - adds its rows to OPS
    ops_special_more,  # noqa: E402,F401 - adds its rows to OPS
)
from .collector import collector_paused
from .engine import BackwardStep, backward, grad, run_backward, topological_order
from .grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .gradcheck import GradcheckError, gradcheck, numerical_grad
from .ops import OPS, Op, cos, div, exp, log, log1p, relu, sigmoid, sin, softplus, sqrt, tanh
from .value import Value, apply


def maximum(a, b):  # type: ignore[no-untyped-def]
    """The larger of two Values or numbers (ties split the gradient, as in PyTorch).

    >>> maximum(Value(1.0), 3).data
    3.0
    """
    return (a if isinstance(a, Value) else Value(a, requires_grad=False)).maximum(b)


def minimum(a, b):  # type: ignore[no-untyped-def]
    """The smaller of two Values or numbers.

    >>> minimum(Value(1.0), 3).data
    1.0
    """
    return (a if isinstance(a, Value) else Value(a, requires_grad=False)).minimum(b)


sum = Value.sum  # noqa: A001 - autograd_scalar.sum([...]) mirrors torch.sum; not star-exported

__all__ = [
    "OPS",
    "BackwardStep",
    "GradcheckError",
    "Op",
    "Value",
    "apply",
    "backward",
    "collector_paused",
    "cos",
    "div",
    "enable_grad",
    "exp",
    "grad",
    "gradcheck",
    "is_grad_enabled",
    "log",
    "log1p",
    "maximum",
    "minimum",
    "no_grad",
    "numerical_grad",
    "relu",
    "run_backward",
    "set_grad_enabled",
    "sigmoid",
    "sin",
    "softplus",
    "sqrt",
    "tanh",
    "topological_order",
]
