"""Data sets: ``Dataset``, ``TensorDataset``, ``Subset``, ``ConcatDataset``, ``random_split``.

A map-style data set is anything with ``__getitem__`` and ``__len__``; these
follow ``torch.utils.data.dataset`` in behaviour and error messages.

>>> import tensors as torch
>>> from tensors.utils.data import TensorDataset, random_split
>>> ds = TensorDataset(torch.arange(6), torch.arange(6) * 10)
>>> ds[2]
(tensor(2), tensor(20))
>>> [len(part) for part in random_split(ds, [0.5, 0.5])]
[3, 3]
"""

from __future__ import annotations

import abc
import bisect
import collections.abc
import itertools
import math
import warnings
from typing import Any, Iterable, Iterator, List, Sequence

from ..._creation import randperm
from ..._tensor import Tensor

__all__ = [
    "Dataset",
    "IterableDataset",
    "ChainDataset",
    "TensorDataset",
    "Subset",
    "ConcatDataset",
    "random_split",
]


class Dataset:
    """The base of map-style data sets: subclasses write ``__getitem__`` (and ``__len__``).

    >>> class Squares(Dataset):
    ...     def __len__(self):
    ...         return 4
    ...     def __getitem__(self, i):
    ...         return i * i
    >>> len(Squares() + Squares()), (Squares() + Squares())[5]
    (8, 1)
    """

    def __getitem__(self, index: Any) -> Any:
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other: "Dataset") -> "ConcatDataset":
        return ConcatDataset([self, other])


class IterableDataset(Dataset, collections.abc.Iterable):
    """A data set read as a stream: subclasses write ``__iter__``.

    A ``DataLoader`` takes its samples in the order ``__iter__`` gives them
    (no sampler, no shuffle) and batches them.

    >>> class Count(IterableDataset):
    ...     def __iter__(self):
    ...         return iter(range(3))
    >>> list(Count())
    [0, 1, 2]
    """

    @abc.abstractmethod
    def __iter__(self) -> Iterator[Any]:
        """The samples, one by one."""

    def __add__(self, other: Any) -> "ChainDataset":
        return ChainDataset([self, other])


class ChainDataset(IterableDataset):
    """Several iterable data sets one after another.

    >>> class Count(IterableDataset):
    ...     def __iter__(self):
    ...         return iter(range(2))
    >>> list(Count() + Count())
    [0, 1, 0, 1]
    """

    def __init__(self, datasets: Iterable[Any]) -> None:
        self.datasets = datasets

    def __iter__(self) -> Iterator[Any]:
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            yield from d

    def __len__(self) -> int:
        return sum(len(d) for d in self.datasets)


class TensorDataset(Dataset):
    """Samples are the tensors' rows: ``ds[i] == (t[i] for t in tensors)``.

    Indexing passes straight to the tensors, so slices and lists of indices
    give batches of rows.

    >>> import tensors as torch
    >>> ds = TensorDataset(torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
    ...                    torch.tensor([0, 1, 0]))
    >>> len(ds), ds[1:]
    (3, (tensor([[3., 4.],
            [5., 6.]]), tensor([1, 0])))
    """

    def __init__(self, *tensors: Tensor) -> None:
        # PyTorch checks with a bare assert; the same exception type and text here
        if not all(tensors[0].size(0) == t.size(0) for t in tensors):
            raise AssertionError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index: Any) -> tuple:
        return tuple(t[index] for t in self.tensors)

    def __len__(self) -> int:
        return self.tensors[0].size(0)


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``, in that order.

    >>> Subset(range(10), [7, 2])[1]
    2
    """

    def __init__(self, dataset: Any, indices: Sequence[int]) -> None:
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, idx: Any) -> Any:
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __getitems__(self, indices: List[int]) -> list:
        # a batch at once; PyTorch's DataLoader asks for it when a data set has it
        if callable(getattr(self.dataset, "__getitems__", None)):
            return self.dataset.__getitems__([self.indices[i] for i in indices])
        return [self.dataset[self.indices[i]] for i in indices]

    def __len__(self) -> int:
        return len(self.indices)


class ConcatDataset(Dataset):
    """Several data sets one after another.

    >>> ds = ConcatDataset([range(3), range(10, 12)])
    >>> len(ds), ds[3], ds[-1]
    (5, 10, 11)
    """

    def __init__(self, datasets: Iterable[Any]) -> None:
        self.datasets = list(datasets)
        if len(self.datasets) == 0:
            raise AssertionError("datasets should not be an empty iterable")
        for d in self.datasets:
            if isinstance(d, IterableDataset):
                raise AssertionError("ConcatDataset does not support IterableDataset")
        self.cumulative_sizes = list(itertools.accumulate(len(d) for d in self.datasets))

    def __len__(self) -> int:
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx: int) -> Any:
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx = len(self) + idx
        which = bisect.bisect_right(self.cumulative_sizes, idx)
        start = self.cumulative_sizes[which - 1] if which > 0 else 0
        return self.datasets[which][idx - start]


def random_split(dataset: Any, lengths: Sequence[float], generator: Any = None) -> List[Subset]:
    """Split ``dataset`` at random into non-overlapping ``Subset`` s of the given lengths.

    ``lengths`` are counts that add up to ``len(dataset)``, or fractions that
    add up to 1: then each part gets ``floor(fraction * n)`` and what is left
    is handed out one by one from the first part on. The order comes from
    ``randperm`` with ``generator`` (the default generator if None).

    >>> import tensors as torch
    >>> parts = random_split(range(10), [0.33, 0.33, 0.34],
    ...                      generator=torch.Generator().manual_seed(42))
    >>> [len(p) for p in parts], sorted(i for p in parts for i in p)
    ([4, 3, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    """
    total = sum(lengths)
    if math.isclose(total, 1) and total <= 1:
        counts: List[int] = []
        for i, fraction in enumerate(lengths):
            if fraction < 0 or fraction > 1:
                raise ValueError(f"Fraction at index {i} is not between 0 and 1")
            counts.append(math.floor(len(dataset) * fraction))
        for i in range(len(dataset) - sum(counts)):
            counts[i % len(counts)] += 1
        lengths = counts
        for i, length in enumerate(lengths):
            if length == 0:
                warnings.warn(
                    f"Length of split at index {i} is 0. This might result in an empty dataset.",
                    stacklevel=2,
                )
    if sum(lengths) != len(dataset):
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    order = randperm(sum(lengths), generator=generator).tolist()
    ends = itertools.accumulate(lengths)
    return [Subset(dataset, order[end - length : end]) for end, length in zip(ends, lengths)]
