"""NumPy arrays in and out: ``from_numpy``, ``Tensor.numpy``, ``tensor(ndarray)``.

Elements here are Python floats inside Values, not a buffer, so a tensor
cannot share memory with an array: ``from_numpy`` and ``numpy()`` copy
(README's list of differences). dtypes map as PyTorch maps them (float64
stays float64, int32 becomes int64 here, the only integer dtype).
NumPy is imported only when an array is met.
"""

from __future__ import annotations

from typing import Any

from . import _dtype as D
from ._tensor import Tensor, _from_numbers

__all__ = ["as_array", "from_numpy", "to_numpy", "is_numpy", "numpy_dtype"]

_SUPPORTED = (
    "can't convert np.ndarray of type {}. The only supported types are: float64, float32, "
    "float16, complex64, complex128, int64, int32, int16, int8, uint64, uint32, uint16, uint8, "
    "and bool."
)


def is_numpy(x: Any) -> bool:
    """True for a NumPy array or NumPy scalar, without importing NumPy."""
    return type(x).__module__ == "numpy" and hasattr(x, "dtype")


def numpy_dtype(x: Any) -> D.dtype:
    """The dtype a NumPy array or scalar becomes: float64 stays float64, other floats
    become float32, every integer dtype int64 (the only integer dtype here), bool bool."""
    kind, name = x.dtype.kind, x.dtype.name
    if kind == "b":
        return D.bool
    if name in ("int32", "int16", "int8", "uint8"):
        return getattr(D, name)
    if kind in "iu":
        return D.int64
    if name == "float64":
        return D.float64
    if name in ("float32", "float16"):
        return D.float32
    raise TypeError(_SUPPORTED.format(f"numpy.{x.dtype.type.__name__}"))


def from_numpy(ndarray: Any) -> Tensor:
    """A tensor with a copy of ``ndarray``'s numbers and its dtype.

    PyTorch's tensor shares the array's memory; here the numbers are copied
    (elements are Values, not a buffer), so later writes to either side are
    not seen by the other.

    >>> import numpy as np
    >>> import tensors as torch
    >>> torch.from_numpy(np.array([[1.0, 2.0]]))
    tensor([[1., 2.]], dtype=torch.float64)
    """
    if type(ndarray).__module__ != "numpy" or type(ndarray).__name__ not in ("ndarray", "memmap"):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    if any(s < 0 for s in ndarray.strides):
        raise ValueError(
            "At least one stride in the given numpy array is negative, and tensors with "
            "negative strides are not currently supported. (You can probably work around "
            "this by making a copy of your array  with array.copy().) "
        )
    d = numpy_dtype(ndarray)
    return _from_numbers([float(x) for x in ndarray.ravel().tolist()], tuple(ndarray.shape), d)


def to_numpy(self: Tensor, *, force: bool = False) -> Any:
    """``t.numpy()``: a new NumPy array with the tensor's numbers (a copy, see ``from_numpy``).

    >>> import tensors as torch
    >>> torch.tensor([1.5, 2.0]).numpy()
    array([1.5, 2. ], dtype=float32)
    """
    import numpy as np

    if self.requires_grad and not force:
        raise RuntimeError(
            "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."
        )
    return np.array(self.tolist(), dtype=self.dtype.name)


def as_array(self: Tensor, dtype: Any = None, copy: Any = None) -> Any:
    """NumPy's conversion hook: ``np.asarray(t)``, and so ``plt.imshow(t)`` and
    ``plt.plot(x, y)``, get the numbers (refused for a tensor that requires grad, as
    in PyTorch).

    >>> import numpy as np, tensors as torch
    >>> np.asarray(torch.tensor([[1, 2]]))
    array([[1, 2]])
    """
    array = to_numpy(self)
    return array if dtype is None else array.astype(dtype, copy=False)
