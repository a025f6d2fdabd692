"""Conversions between dtypes: ``to`` and the ``float()``/``double()``/
``long()``/``int()``/``bool()`` methods made by ``_converter``.

Follows PyTorch's page ``torch.Tensor.to``
(https://pytorch.org/docs/stable/generated/torch.Tensor.to.html).

>>> import tensors as torch
>>> torch.tensor([1.7, -1.2]).to(torch.int64)
tensor([ 1, -1])
"""

from __future__ import annotations

from typing import Any

from .. import _dtype as D
from .._tensor import Tensor, _from_numbers, _result


def to(self: Tensor, *args: Any, **kwargs: Any) -> Tensor:
    """Convert to a dtype (``t.to(torch.float64)``); devices other than 'cpu' are refused."""
    dtype = kwargs.get("dtype")
    for a in args:
        if isinstance(a, D.dtype):
            dtype = a
        elif isinstance(a, Tensor):
            dtype = a.dtype
        elif isinstance(a, (str, D.device)):
            D.device(str(a))
    if "device" in kwargs and kwargs["device"] is not None:
        D.device(str(kwargs["device"]))
    if dtype is None or D._as_dtype(dtype) is self.dtype:
        return self
    dtype = D._as_dtype(dtype)
    if dtype.is_floating_point and self.dtype.is_floating_point:
        return _result(
            [v.clone() for v in self._flat()],
            self._shape,
            dtype,
            "ToCopyBackward0",
            (self,),
            op="to",
        )
    return _from_numbers([v.data for v in self._flat()], self._shape, dtype)


def _converter(dtype: D.dtype) -> Any:
    def method(self: Tensor) -> Tensor:
        return to(self, dtype)

    method.__doc__ = f"This tensor as {dtype!r}."
    return method
