"""Filling a tensor: ``torch.fill`` (a new tensor of one value), the random fills in
place (``cauchy_``, ``exponential_``, ``geometric_``, ``log_normal_``), and
``resize_`` / ``resize_as_``.

The random numbers come from this project's generator (Python's ``random``),
not PyTorch's stream: the same seed gives the same draws here every run. A
random fill records its node as PyTorch does (``CauchyBackward0``, ...) and
passes no gradient back, since the draw does not depend on what was there.
``resize_`` keeps the storage when the new size fits in it (a view of a base
reads the base's cells, as in PyTorch) and grows it otherwise, new cells
holding zeros where PyTorch's hold uninitialised memory.

>>> import tensors as torch
>>> torch.fill(torch.zeros(2), 5.0), torch.arange(6.).resize_(2, 2)
(tensor([5., 5.]), tensor([[0., 1.],
        [2., 3.]]))
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Callable

from autograd_scalar import Value
from autograd_scalar.value import _const

from .. import _dtype as D
from .. import _storage as S
from .._creation import _rng, _size
from .._tensor import Tensor, _result
from .inplace import _assign, _check_inplace

__all__ = ["fill", "cauchy_", "exponential_", "geometric_", "log_normal_", "resize_", "resize_as_"]


def fill(input: Tensor, value: Any) -> Tensor:
    """A new tensor shaped like ``input``, of its dtype, holding ``value`` (a number or
    a 0-d tensor) everywhere.

    >>> import tensors as torch
    >>> v = torch.tensor(2., requires_grad=True)
    >>> y = torch.fill(torch.zeros(3), v)
    >>> y.sum().backward()
    >>> y, v.grad
    (tensor([2., 2., 2.], grad_fn=<FillBackward1>), tensor(3.))
    """
    n = input.numel()
    cast = input.dtype.cast
    if isinstance(value, Tensor):
        if value.ndim:
            raise RuntimeError(
                f"fill_ only supports 0-dimension value tensor but got tensor with {value.ndim} "
                "dimensions."
            )
        element, name, inputs = value._flat()[0], "FillBackward1", (input, value)
    elif isinstance(value, numbers.Number) and not isinstance(value, complex):
        element, name, inputs = _const(cast(float(value))), "FillBackward0", (input,)
    else:
        kind = type(value).__name__
        why = (
            "      didn't match because some of the arguments have invalid types: "
            f"(Tensor, !{kind}!)\n"
        )
        raise TypeError(
            f"fill() received an invalid combination of arguments - got (Tensor, {kind}), but "
            f"expected one of:\n * (Tensor input, Tensor value)\n{why}"
            f" * (Tensor input, Number value)\n{why}"
        )
    if not input.dtype.is_floating_point:
        return _result([_const(cast(element.data))] * n, input._shape, input.dtype, name, ())
    # Each element is the value, with the input's element entering times zero: the
    # gradient flows to the value and zero flows to the input, as in PyTorch.
    xs = input._flat()
    out = [x * 0.0 + element for x in xs]
    return _result(out, input._shape, input.dtype, name, inputs, op="fill")


# -- random fills in place -----------------------------------------------------------

# The C++ type PyTorch's continuous distributions name when refusing an integer tensor.
_CPP = {
    "int64": "long int",
    "int32": "int",
    "int16": "short int",
    "int8": "signed char",
    "uint8": "unsigned char",
    "bool": "bool",
}


def _random_fill(self: Tensor, draw: Callable[[], float], name: str, op: str) -> Tensor:
    _check_inplace(self)
    news = [_const(draw()) for _ in range(self.numel())]
    _assign(self, range(len(news)), news, name=name, op=op)
    return self


def cauchy_(
    self: Tensor, median: float = 0.0, sigma: float = 1.0, *, generator: Any = None
) -> Tensor:
    """Fill with draws from the Cauchy distribution ``median + sigma * tan(pi * (u - 1/2))``.

    >>> import tensors as torch
    >>> torch.zeros(3).cauchy_().shape
    torch.Size([3])
    """
    if not self.dtype.is_floating_point:
        raise RuntimeError(
            "Cauchy distribution is a continuous probability distribution. dtype must be a "
            f"floating point but you specified {_CPP[self.dtype.name]}"
        )
    if not sigma > 0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={sigma:g}")
    rng = generator or _rng
    return _random_fill(
        self,
        lambda: median + sigma * math.tan(math.pi * (rng.random() - 0.5)),
        "CauchyBackward0",
        "cauchy_",
    )


def exponential_(self: Tensor, lambd: float = 1.0, *, generator: Any = None) -> Tensor:
    """Fill with draws from the exponential distribution of rate ``lambd``.

    >>> import tensors as torch
    >>> bool((torch.zeros(4).exponential_(2.0) >= 0).all())
    True
    """
    if not self.dtype.is_floating_point:
        raise RuntimeError(
            "Exponential distribution is a continuous probability distribution. dtype must be a "
            f"floating point but you specified {D.type_name(self.dtype)}"
        )
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd:g}")
    rng = generator or _rng
    return _random_fill(
        self, lambda: rng.expovariate(lambd), "ExponentialBackward0", "exponential_"
    )


def geometric_(self: Tensor, p: float, *, generator: Any = None) -> Tensor:
    """Fill with the number of Bernoulli(``p``) trials up to the first success (1, 2, ...).

    >>> import tensors as torch
    >>> bool((torch.zeros(4).geometric_(0.5) >= 1).all())
    True
    """
    if self.dtype is D.bool:
        raise NotImplementedError("\"geometric_cpu\" not implemented for 'Bool'")
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p:g}")
    rng = generator or _rng

    def draw() -> float:
        # the inverse of the distribution function at a uniform draw in (0, 1]
        u = 1.0 - rng.random()
        return float(math.ceil(math.log(u) / math.log1p(-p))) or 1.0

    return _random_fill(self, draw, "GeometricBackward0", "geometric_")


def log_normal_(
    self: Tensor, mean: float = 1.0, std: float = 2.0, *, generator: Any = None
) -> Tensor:
    """Fill with ``exp`` of normal draws of ``mean`` and ``std``.

    >>> import tensors as torch
    >>> bool((torch.zeros(4).log_normal_(0.0, 0.5) > 0).all())
    True
    """
    if not self.dtype.is_floating_point:
        raise NotImplementedError(
            f"\"log_normal_cpu\" not implemented for '{D.type_name(self.dtype)}'"
        )
    if not std > 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={std:g}")
    rng = generator or _rng
    return _random_fill(
        self, lambda: rng.lognormvariate(mean, std), "LogNormalBackward0", "log_normal_"
    )


# -- resizing -------------------------------------------------------------------------


def resize_(self: Tensor, *size: Any, memory_format: Any = None) -> Tensor:
    """Give this tensor a new shape in place, keeping its storage where it is large
    enough (the first elements keep their numbers) and growing it (with zeros) where not.

    >>> import tensors as torch
    >>> torch.arange(4.).resize_(2, 1)
    tensor([[0.],
            [1.]])
    """
    shape = _size(size, "resize_")
    if self._requires_grad:
        raise RuntimeError("cannot resize variables that require grad")
    if shape == self._shape:
        return self
    need = self._offset + S.extent(0, shape, S.contiguous_strides(shape))
    cells = self._storage.cells
    if need > len(cells):
        # A larger storage, shared by every tensor over it, as PyTorch's.
        cells.extend(Value(0.0) for _ in range(need - len(cells)))
    self._shape = shape
    self._stride = S.contiguous_strides(shape)
    self._contig = True
    self._own = None
    return self


def resize_as_(self: Tensor, the_template: Tensor, *, memory_format: Any = None) -> Tensor:
    """``resize_`` to the shape of ``the_template``.

    >>> import tensors as torch
    >>> torch.zeros(4).resize_as_(torch.ones(2, 2)).shape
    torch.Size([2, 2])
    """
    return resize_(self, tuple(the_template._shape))
