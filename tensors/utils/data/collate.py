"""``default_collate`` and ``default_convert``: how a ``DataLoader`` turns samples into a batch.

As PyTorch's: tensors are stacked along a new first dimension; Python
floats become a float64 tensor, ints an int64 tensor (bools a bool tensor);
strings stay a list; tuples and lists are collated position by position
(a tuple of fields gives a *list* of batched fields, as in PyTorch), dicts
key by key, named tuples keep their type.

>>> import tensors as torch
>>> default_collate([(torch.tensor([1.0, 2.0]), 0), (torch.tensor([3.0, 4.0]), 1)])
[tensor([[1., 2.],
        [3., 4.]]), tensor([0, 1])]
>>> default_collate([0.5, 1.5])
tensor([0.5000, 1.5000], dtype=torch.float64)
"""

from __future__ import annotations

import collections.abc
from typing import Any, List

from ... import _dtype as D
from ..._creation import tensor
from ..._ops import stack
from ..._tensor import Tensor

__all__ = ["default_collate", "default_convert"]

_ERROR = (
    "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}"
)


def _is_namedtuple(x: Any) -> bool:
    return isinstance(x, tuple) and hasattr(x, "_fields")


def _numpy_array(x: Any) -> bool:
    return type(x).__module__ == "numpy" and type(x).__name__ in ("ndarray", "memmap")


def default_collate(batch: List[Any]) -> Any:
    """Put a list of samples together into one batch (see the module's docstring).

    >>> default_collate([{"x": 1, "name": "a"}, {"x": 2, "name": "b"}])
    {'x': tensor([1, 2]), 'name': ['a', 'b']}
    """
    elem = batch[0]
    if isinstance(elem, Tensor):
        return stack(batch, 0)
    if _numpy_array(elem):
        from ..._numpy import from_numpy

        return stack([from_numpy(b) for b in batch], 0)
    if type(elem).__module__ == "numpy" and getattr(elem, "shape", None) == ():
        # NumPy scalars (labels read from an array): one tensor of their dtype.
        from ..._numpy import from_numpy

        return stack([from_numpy(b.reshape(1))[0] for b in batch], 0)
    if isinstance(elem, float):
        return tensor(batch, dtype=D.float64)
    if isinstance(elem, int):
        return tensor(batch)
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        collated = {key: default_collate([d[key] for d in batch]) for key in elem}
        try:
            return type(elem)(collated)
        except TypeError:  # a mapping that cannot be built from a dict
            return collated
    if _is_namedtuple(elem):
        return type(elem)(*(default_collate(fields) for fields in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if not all(len(sample) == size for sample in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        columns = [default_collate(fields) for fields in zip(*batch)]
        if isinstance(elem, tuple):
            return columns
        try:
            return type(elem)(columns)
        except TypeError:  # a sequence type that cannot be built from a list
            return columns
    raise TypeError(_ERROR.format(type(elem)))


def default_convert(data: Any) -> Any:
    """A sample as a batch of one would leave it, without stacking (``batch_size=None``).

    Tensors and numbers stay as they are; NumPy arrays become tensors;
    tuples become lists, as in PyTorch.

    >>> default_convert((1, 2.5))
    [1, 2.5]
    """
    if _numpy_array(data):
        from ..._numpy import from_numpy

        return from_numpy(data)
    if isinstance(data, collections.abc.Mapping):
        converted = {key: default_convert(data[key]) for key in data}
        try:
            return type(data)(converted)
        except TypeError:
            return converted
    if _is_namedtuple(data):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        try:
            return type(data)([default_convert(d) for d in data])
        except TypeError:
            return [default_convert(d) for d in data]
    return data
