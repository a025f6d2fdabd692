"""Samplers: the order in which a ``DataLoader`` visits a data set's indices.

``SequentialSampler`` counts up, ``RandomSampler`` shuffles (a fresh order
on every pass, drawn from the generator it is given or, if none, from a
generator seeded by the default one, so ``manual_seed`` makes runs
repeatable), and ``BatchSampler`` groups indices into lists.

>>> list(BatchSampler(SequentialSampler(range(5)), batch_size=2, drop_last=False))
[[0, 1], [2, 3], [4]]
"""

from __future__ import annotations

import builtins
from typing import Any, Iterable, Iterator, List, Optional, Sized

from ... import _creation
from ..._generator import Generator

__all__ = ["Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler", "BatchSampler"]


class Sampler:
    """The base of samplers: subclasses give ``__iter__`` over indices (and ``__len__``)."""

    def __init__(self, data_source: Optional[Sized] = None) -> None:
        pass

    def __iter__(self) -> Iterator[Any]:
        raise NotImplementedError


class SequentialSampler(Sampler):
    """Indices 0, 1, ..., len(data_source) - 1.

    >>> list(SequentialSampler("abc"))
    [0, 1, 2]
    """

    def __init__(self, data_source: Sized) -> None:
        self.data_source = data_source

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self.data_source)))

    def __len__(self) -> int:
        return len(self.data_source)


def _pass_generator(generator: Optional[Generator]) -> Generator:
    if generator is not None:
        return generator
    # A new generator per pass, seeded from the default one (as PyTorch does), so each
    # epoch has its own order and manual_seed fixes them all.
    return Generator().manual_seed(_creation._rng.getrandbits(63))


class RandomSampler(Sampler):
    """The indices in random order; with ``replacement=True``, ``num_samples`` draws.

    >>> import tensors as torch
    >>> sorted(RandomSampler(range(4), generator=torch.Generator().manual_seed(0)))
    [0, 1, 2, 3]
    """

    def __init__(
        self,
        data_source: Sized,
        replacement: bool = False,
        num_samples: Optional[int] = None,
        generator: Optional[Generator] = None,
    ) -> None:
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(self.replacement, bool):
            raise TypeError(
                f"replacement should be a boolean value, but got replacement={self.replacement}"
            )
        if not isinstance(self.num_samples, int) or self.num_samples <= 0:
            raise ValueError(
                "num_samples should be a positive integer value, but got "
                f"num_samples={self.num_samples}"
            )

    @property
    def num_samples(self) -> int:
        # the data set may grow or shrink between passes
        if self._num_samples is None:
            return len(self.data_source)
        return self._num_samples

    def __iter__(self) -> Iterator[int]:
        n = len(self.data_source)
        rng = _pass_generator(self.generator)
        if self.replacement:
            for _ in range(self.num_samples):
                yield rng.randrange(n)
            return
        for _ in range(self.num_samples // n):
            yield from _creation.randperm(n, generator=rng).tolist()
        yield from _creation.randperm(n, generator=rng).tolist()[: self.num_samples % n]

    def __len__(self) -> int:
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given indices, in random order.

    >>> sorted(SubsetRandomSampler([5, 1, 3]))
    [1, 3, 5]
    """

    def __init__(self, indices: List[int], generator: Optional[Generator] = None) -> None:
        self.indices = indices
        self.generator = generator

    def __iter__(self) -> Iterator[int]:
        rng = _pass_generator(self.generator)
        for i in _creation.randperm(len(self.indices), generator=rng).tolist():
            yield self.indices[i]

    def __len__(self) -> int:
        return len(self.indices)


class BatchSampler(Sampler):
    """Lists of ``batch_size`` indices from ``sampler``; the last one shorter unless ``drop_last``.

    >>> len(BatchSampler(range(10), batch_size=3, drop_last=True))
    3
    """

    def __init__(self, sampler: Iterable[int], batch_size: int, drop_last: bool) -> None:
        if (
            not isinstance(batch_size, int)
            or isinstance(batch_size, builtins.bool)
            or batch_size <= 0
        ):
            raise ValueError(
                f"batch_size should be a positive integer value, but got batch_size={batch_size}"
            )
        if not isinstance(drop_last, builtins.bool):
            raise ValueError(f"drop_last should be a boolean value, but got drop_last={drop_last}")
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self) -> Iterator[List[int]]:
        batch: List[int] = []
        for index in self.sampler:
            batch.append(index)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self) -> int:
        if self.drop_last:
            return len(self.sampler) // self.batch_size  # type: ignore[arg-type]
        return (len(self.sampler) + self.batch_size - 1) // self.batch_size  # type: ignore[arg-type]
