"""tensors.utils.data against torch.utils.data: samples, batches, lengths, splits, errors.

Shuffled orders come from this project's generator, so they are compared
with PyTorch's by their properties (a permutation per epoch, repeatable with
a seed), and everything without randomness value by value.
"""

import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tensors
from tensors.utils.data import (
    BatchSampler,
    ConcatDataset,
    DataLoader,
    Dataset,
    IterableDataset,
    RandomSampler,
    SequentialSampler,
    Subset,
    TensorDataset,
    default_collate,
    default_convert,
    random_split,
)

torch = pytest.importorskip("torch")
tdata = torch.utils.data


def as_lists(x):
    """Batches as plain data: tensors by (dtype name, shape, values)."""
    if isinstance(x, (tensors.Tensor, torch.Tensor)):
        return (str(x.dtype).replace("torch.", ""), tuple(x.shape), x.tolist())
    if isinstance(x, dict):
        return {k: as_lists(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return (type(x).__name__, [as_lists(v) for v in x])
    return x


def pair(n=7):
    ours = TensorDataset(tensors.arange(n * 2.0).reshape(n, 2), tensors.arange(n) % 3)
    theirs = tdata.TensorDataset(torch.arange(n * 2.0).reshape(n, 2), torch.arange(n) % 3)
    return ours, theirs


@pytest.mark.parametrize("index", [0, 3, -1, slice(1, 4), slice(None, None, 2), [0, 2, 5]])
def test_tensor_dataset_indexing(index):
    ours, theirs = pair()
    assert len(ours) == len(theirs)
    assert as_lists(ours[index]) == as_lists(theirs[index])


def test_tensor_dataset_size_mismatch():
    with pytest.raises(AssertionError) as theirs:
        tdata.TensorDataset(torch.ones(3), torch.ones(4))
    with pytest.raises(AssertionError) as ours:
        TensorDataset(tensors.ones(3), tensors.ones(4))
    assert str(ours.value) == str(theirs.value) == "Size mismatch between tensors"


def test_base_dataset_errors():
    with pytest.raises(NotImplementedError) as theirs:
        tdata.Dataset()[0]
    with pytest.raises(NotImplementedError) as ours:
        Dataset()[0]
    assert str(ours.value) == str(theirs.value)
    with pytest.raises(TypeError) as theirs:
        tdata.IterableDataset()
    with pytest.raises(TypeError) as ours:
        IterableDataset()
    assert "abstract" in str(ours.value) and "abstract" in str(theirs.value)


@given(
    n=st.integers(1, 20),
    batch_size=st.one_of(st.none(), st.integers(1, 8)),
    drop_last=st.booleans(),
)
def test_sequential_loader_matches_torch(n, batch_size, drop_last):
    if batch_size is None:
        drop_last = False
    ours, theirs = pair(n)
    a = DataLoader(ours, batch_size=batch_size, drop_last=drop_last)
    b = tdata.DataLoader(theirs, batch_size=batch_size, drop_last=drop_last)
    assert len(a) == len(b)
    assert [as_lists(x) for x in a] == [as_lists(x) for x in b]
    assert type(a.sampler).__name__ == type(b.sampler).__name__
    assert type(a.batch_sampler).__name__ == type(b.batch_sampler).__name__


@given(n=st.integers(1, 30), batch_size=st.integers(1, 9), drop_last=st.booleans())
def test_shuffled_loader_visits_each_sample_once_per_epoch(n, batch_size, drop_last):
    ds = TensorDataset(tensors.arange(n))
    loader = DataLoader(ds, batch_size=batch_size, shuffle=True, drop_last=drop_last)
    assert len(loader) == len(
        tdata.DataLoader(range(n), batch_size=batch_size, drop_last=drop_last)
    )
    for _ in range(2):
        seen = [i for (batch,) in loader for i in batch.tolist()]
        assert len(seen) == len(loader) * batch_size if drop_last else len(seen) == n
        assert len(set(seen)) == len(seen) and set(seen) <= set(range(n))
        sizes = [len(batch) for (batch,) in loader]
        assert all(s == batch_size for s in sizes[:-1])


def test_shuffle_repeats_with_manual_seed_and_changes_between_epochs():
    loader = DataLoader(range(20), batch_size=20, shuffle=True)
    tensors.manual_seed(5)
    first, second = [b.tolist() for b in loader], [b.tolist() for b in loader]
    tensors.manual_seed(5)
    assert [b.tolist() for b in loader] == first
    assert first != second  # a new order each epoch
    assert sorted(first[0]) == list(range(20))


def test_shuffle_with_a_generator_leaves_the_default_one_alone():
    def epoch(seed):
        g = tensors.Generator().manual_seed(seed)
        return [b.tolist() for b in DataLoader(range(12), batch_size=5, shuffle=True, generator=g)]

    tensors.manual_seed(0)
    before = tensors.rand(1).item()
    tensors.manual_seed(0)
    a = epoch(1)
    assert tensors.rand(1).item() == before
    assert epoch(1) == a and epoch(2) != a


@pytest.mark.parametrize(
    "batch",
    [
        [(1, 2.0), (3, 4.0)],
        [[1, 2], [3, 4]],
        [True, False],
        [0.5, 1.5],
        ["a", "b"],
        [{"x": 1, "y": "a"}, {"x": 2, "y": "b"}],
        [(("nested", 1), 2), (("deeper", 3), 4)],
    ],
)
def test_default_collate_of_python_values(batch):
    assert as_lists(default_collate(batch)) == as_lists(tdata.default_collate(batch))
    assert as_lists(default_convert(batch[0])) == as_lists(tdata.default_convert(batch[0]))


def test_default_collate_of_tensors_and_errors():
    ours = default_collate([(tensors.ones(2), 1), (tensors.zeros(2), 0)])
    theirs = tdata.default_collate([(torch.ones(2), 1), (torch.zeros(2), 0)])
    assert as_lists(ours) == as_lists(theirs)
    for bad in ([object()], [[1, 2], [3]]):
        with pytest.raises((TypeError, RuntimeError)) as t:
            tdata.default_collate(bad)
        with pytest.raises((TypeError, RuntimeError)) as o:
            default_collate(bad)
        assert type(o.value) is type(t.value)
        assert str(o.value) == str(t.value)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"batch_size": 0},
        {"batch_size": -1},
        {"batch_size": 2.0},
        {"batch_size": True},
        {"shuffle": True, "sampler": [0, 1]},
        {"shuffle": True, "batch_sampler": [[0]]},
        {"batch_size": None, "drop_last": True},
        {"num_workers": -1},
        {"prefetch_factor": 2},
        {"persistent_workers": True},
        {"timeout": -1},
        {"drop_last": 1},
    ],
)
def test_loader_errors(kwargs):
    with pytest.raises(ValueError) as theirs:
        tdata.DataLoader(range(4), **kwargs)
    with pytest.raises(ValueError) as ours:
        DataLoader(range(4), **kwargs)
    assert str(ours.value) == str(theirs.value)


def test_samplers_and_custom_batch_sampler():
    assert list(SequentialSampler(range(3))) == list(tdata.SequentialSampler(range(3)))
    assert list(BatchSampler(range(7), 3, False)) == list(tdata.BatchSampler(range(7), 3, False))
    assert len(BatchSampler(range(7), 3, True)) == len(tdata.BatchSampler(range(7), 3, True))
    loader = DataLoader(range(10), batch_sampler=[[1, 2], [7]])
    assert [b.tolist() for b in loader] == [[1, 2], [7]]
    drawn = list(RandomSampler(range(4), replacement=True, num_samples=9))
    assert len(drawn) == 9 and set(drawn) <= set(range(4))
    for bad, err in [({"replacement": 1}, TypeError), ({"num_samples": 0}, ValueError)]:
        with pytest.raises(err) as t:
            tdata.RandomSampler(range(4), **bad)
        with pytest.raises(err) as o:
            RandomSampler(range(4), **bad)
        assert str(o.value) == str(t.value)


def test_iterable_dataset_in_a_loader():
    class Stream(IterableDataset):
        def __iter__(self):
            return iter(range(7))

    class TStream(tdata.IterableDataset):
        def __iter__(self):
            return iter(range(7))

    for kwargs in ({"batch_size": 3}, {"batch_size": 3, "drop_last": True}, {"batch_size": None}):
        ours = [as_lists(b) for b in DataLoader(Stream(), **kwargs)]
        assert ours == [as_lists(b) for b in tdata.DataLoader(TStream(), **kwargs)]
    assert list(Stream() + Stream()) == list(range(7)) * 2
    with pytest.raises(ValueError) as t:
        tdata.DataLoader(TStream(), shuffle=True)
    with pytest.raises(ValueError) as o:
        DataLoader(Stream(), shuffle=True)
    assert str(o.value) == str(t.value)


def test_subset_and_concat():
    ours, theirs = pair()
    assert as_lists(Subset(ours, [4, 1])[1]) == as_lists(tdata.Subset(theirs, [4, 1])[1])
    assert as_lists(Subset(ours, [4, 1, 2])[[0, 2]]) == as_lists(
        tdata.Subset(theirs, [4, 1, 2])[[0, 2]]
    )
    both = ours + ours
    assert isinstance(both, ConcatDataset) and len(both) == 14
    assert as_lists(both[9]) == as_lists((theirs + theirs)[9])
    assert as_lists(both[-3]) == as_lists((theirs + theirs)[-3])
    with pytest.raises(ValueError) as t:
        (theirs + theirs)[-15]
    with pytest.raises(ValueError) as o:
        both[-15]
    assert str(o.value) == str(t.value)


fractions = st.lists(st.integers(0, 10), min_size=1, max_size=5).filter(any)


@given(n=st.integers(0, 40), weights=fractions)
def test_random_split_lengths_match_torch(n, weights):
    total = sum(weights)
    lengths = [w / total for w in weights]
    with warnings.catch_warnings(record=True) as theirs_w:
        warnings.simplefilter("always")
        try:
            theirs = [len(s) for s in tdata.random_split(range(n), lengths)]
        except ValueError as e:
            theirs = str(e)
    with warnings.catch_warnings(record=True) as ours_w:
        warnings.simplefilter("always")
        try:
            parts = random_split(range(n), lengths)
            ours = [len(s) for s in parts]
            assert sorted(i for p in parts for i in p) == list(range(n))
        except ValueError as e:
            ours = str(e)
    assert ours == theirs
    assert [str(w.message) for w in ours_w] == [str(w.message) for w in theirs_w]


@pytest.mark.parametrize(
    "lengths", [[3, 7], [0.3, 0.7], [2, 2], [0.5, 0.6], [1.5, -0.5], [10], [0.1] * 10]
)
def test_random_split_counts_and_errors(lengths):
    try:
        theirs = [len(s) for s in tdata.random_split(range(10), lengths)]
    except ValueError as e:
        theirs = str(e)
    try:
        ours = [len(s) for s in random_split(range(10), lengths)]
    except ValueError as e:
        ours = str(e)
    assert ours == theirs


def test_random_split_with_a_generator_is_repeatable():
    def split(seed):
        g = tensors.Generator().manual_seed(seed)
        return [list(s) for s in random_split(range(10), [3, 7], generator=g)]

    assert split(42) == split(42)
    assert split(42) != split(43)
    assert tensors.Generator().manual_seed(42).initial_seed() == 42


def test_default_collate_of_numpy_arrays():
    np = pytest.importorskip("numpy")
    batch = [np.array([1.0, 2.0]), np.array([3.0, 4.0])]
    assert as_lists(default_collate(batch)) == as_lists(tdata.default_collate(batch))
    assert as_lists(default_convert(batch[0])) == as_lists(tdata.default_convert(batch[0]))
