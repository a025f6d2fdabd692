"""``DataLoader``: batches from a data set, in order or shuffled, as ``torch.utils.data``.

Everything runs in this process: ``num_workers`` is accepted and checked as
PyTorch checks it, but no worker processes are started (the tensors here are
Python objects; sending them to other processes would cost more than it
saves), and ``pin_memory`` does nothing on a CPU-only build.

>>> import tensors as torch
>>> from tensors.utils.data import DataLoader, TensorDataset
>>> ds = TensorDataset(torch.arange(5.0), torch.tensor([0, 1, 0, 1, 0]))
>>> loader = DataLoader(ds, batch_size=2)
>>> len(loader)
3
>>> for X, y in loader:
...     print(X, y)
tensor([0., 1.]) tensor([0, 1])
tensor([2., 3.]) tensor([0, 1])
tensor([4.]) tensor([0])
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Optional

from .collate import default_collate, default_convert
from .dataset import IterableDataset
from .sampler import BatchSampler, RandomSampler, SequentialSampler

__all__ = ["DataLoader"]


class DataLoader:
    """Iterate over ``dataset`` in batches of ``batch_size`` samples joined by ``collate_fn``.

    ``shuffle=True`` visits the samples in a new random order on every pass,
    drawn from ``generator`` (or from the default generator, so
    ``torch.manual_seed`` fixes it); ``drop_last=True`` leaves out a last,
    smaller batch. ``len(loader)`` is the number of batches.

    >>> import tensors as torch
    >>> loader = DataLoader(range(10), batch_size=4, shuffle=True, drop_last=True,
    ...                     generator=torch.Generator().manual_seed(0))
    >>> [batch.shape for batch in loader]
    [torch.Size([4]), torch.Size([4])]
    """

    def __init__(
        self,
        dataset: Any,
        batch_size: Optional[int] = 1,
        shuffle: Optional[bool] = None,
        sampler: Optional[Iterable[Any]] = None,
        batch_sampler: Optional[Iterable[Any]] = None,
        num_workers: int = 0,
        collate_fn: Optional[Callable[[list], Any]] = None,
        pin_memory: bool = False,
        drop_last: bool = False,
        timeout: float = 0,
        worker_init_fn: Optional[Callable[[int], None]] = None,
        multiprocessing_context: Any = None,
        generator: Any = None,
        *,
        prefetch_factor: Optional[int] = None,
        persistent_workers: bool = False,
        pin_memory_device: str = "",
        in_order: bool = True,
    ) -> None:
        if num_workers < 0:
            raise ValueError(
                "num_workers option should be non-negative; "
                "use num_workers=0 to disable multiprocessing."
            )
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError(
                "prefetch_factor option could only be specified in multiprocessing."
                "let num_workers > 0 to enable multiprocessing, otherwise set "
                "prefetch_factor to None."
            )
        if num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        elif prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.persistent_workers = persistent_workers
        self.in_order = in_order
        self._iterable = isinstance(dataset, IterableDataset)
        if self._iterable:
            if shuffle not in {False, None}:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified shuffle option, "
                    f"but got shuffle={shuffle}"
                )
            if sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified sampler option, "
                    f"but got sampler={sampler}"
                )
            if batch_sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified "
                    f"batch_sampler option, but got batch_sampler={batch_sampler}"
                )
        else:
            shuffle = bool(shuffle)
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError(
                    "batch_sampler option is mutually exclusive "
                    "with batch_size, shuffle, sampler, and "
                    "drop_last"
                )
            batch_size = None
            drop_last = False
        elif batch_size is None and drop_last:
            raise ValueError(
                "batch_size=None option disables auto-batching "
                "and is mutually exclusive with drop_last"
            )
        if sampler is None and not self._iterable:
            sampler = (
                RandomSampler(dataset, generator=generator)
                if shuffle
                else (SequentialSampler(dataset))
            )
        if batch_size is not None and batch_sampler is None and not self._iterable:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)  # type: ignore[arg-type]
        elif batch_size is not None and self._iterable:
            # checked as a BatchSampler would check it
            BatchSampler([], batch_size, drop_last)
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn

    @property
    def _auto_collation(self) -> bool:
        return self.batch_sampler is not None or (self._iterable and self.batch_size is not None)

    @property
    def _index_sampler(self) -> Any:
        return self.batch_sampler if self._auto_collation else self.sampler

    def __len__(self) -> int:
        if self._iterable:
            length = len(self.dataset)
            if self.batch_size is not None:
                if self.drop_last:
                    return length // self.batch_size
                return -(-length // self.batch_size)
            return length
        return len(self._index_sampler)

    def __iter__(self) -> "_LoaderIter":
        return _LoaderIter(self)


class _LoaderIter:
    """One pass over a DataLoader (``iter(loader)``): ``next`` gives the next batch."""

    def __init__(self, loader: DataLoader) -> None:
        self._loader = loader
        self._batches = self._make(loader)

    @staticmethod
    def _make(loader: DataLoader) -> Iterator[Any]:
        dataset, collate = loader.dataset, loader.collate_fn
        if loader._iterable:
            items = iter(dataset)
            if loader.batch_size is None:
                for item in items:
                    yield collate(item)
                return
            while True:
                batch = [item for _, item in zip(range(loader.batch_size), items)]
                if not batch or (loader.drop_last and len(batch) < loader.batch_size):
                    return
                yield collate(batch)
        if not loader._auto_collation:
            for index in loader.sampler:
                yield collate(dataset[index])
            return
        many = getattr(dataset, "__getitems__", None)
        for indices in loader.batch_sampler:
            samples = many(indices) if callable(many) else [dataset[i] for i in indices]
            yield collate(samples)

    def __iter__(self) -> "_LoaderIter":
        return self

    def __next__(self) -> Any:
        return next(self._batches)

    def __len__(self) -> int:
        return len(self._loader)
