"""``Parameter``: a tensor that a ``Module`` registers as one of its parameters.

>>> import tensors as torch
>>> torch.nn.Parameter(torch.tensor([1., 2.]))
Parameter containing:
tensor([1., 2.], requires_grad=True)
"""

from __future__ import annotations

from typing import Any, Optional

from .._creation import empty
from .._tensor import Tensor, _from_numbers, _rebuild, _register_leaf


class Parameter(Tensor):
    """A leaf tensor that requires grad and that a ``Module`` lists in ``parameters()``.

    ``Parameter(data, requires_grad=True)`` copies ``data``'s numbers into new
    scalar Values (PyTorch's Parameter shares memory with ``data`` instead),
    so the parameter is a fresh leaf whatever graph ``data`` came from.

    >>> import tensors as torch
    >>> w = torch.nn.Parameter(torch.ones(2, 3))
    >>> w.requires_grad, w.is_leaf, w.shape
    (True, True, torch.Size([2, 3]))
    """

    __slots__ = ()

    def __init__(self, data: Optional[Tensor] = None, requires_grad: bool = True) -> None:
        if data is None:
            data = empty(0)
        if not isinstance(data, Tensor):
            raise TypeError(
                f"Parameter(): argument 'data' must be Tensor, not {type(data).__name__}"
            )
        if requires_grad and not data.dtype.is_floating_point:
            raise RuntimeError(
                "Only Tensors of floating point and complex dtype can require gradients"
            )
        fresh = _from_numbers(
            [v.data for v in data._flat()], data._shape, data.dtype, bool(requires_grad)
        )
        for slot in Tensor.__slots__[:-1]:
            object.__setattr__(self, slot, getattr(fresh, slot))
        if requires_grad:
            # backward finds a leaf's tensor through this registry; it must name self
            _register_leaf(self)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__

    def __deepcopy__(self, memo: dict) -> "Parameter":
        if id(self) in memo:
            return memo[id(self)]
        # As PyTorch's: the numbers and requires_grad, not .grad (a plain tensor's
        # deepcopy copies its .grad).
        out = Parameter(self, self.requires_grad)
        memo[id(self)] = out
        return out

    def __reduce_ex__(self, protocol: Any) -> Any:
        flat = [v.data for v in self._flat()]
        return (_rebuild_parameter, (flat, tuple(self._shape), self.dtype, self.requires_grad))


def _rebuild_parameter(flat: Any, shape: tuple, dtype: Any, requires_grad: bool) -> Parameter:
    return Parameter(_rebuild(flat, shape, dtype, False), requires_grad)
