"""gather, scatter, scatter_add, index_select and one_hot against PyTorch: values,
gradients, grad_fn names and errors, word for word."""

from __future__ import annotations

import pytest
from _outcome import outcome
from hypothesis import given, settings
from hypothesis import strategies as st

import tensors
from tensors.testing import from_torch, to_torch

torch = pytest.importorskip("torch")

PROGRAMS = r"""
x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
y = torch.gather(x, 1, torch.tensor([[0, 0], [1, 0]]))
y.sum().backward()
r = (y, x.grad, [type(n).__name__ for n, _ in y.grad_fn.next_functions])

r = torch.tensor([[1., 2.], [3., 4.]]).gather(1, torch.tensor([[0, 0, 1], [1, 0, 1]]))

r = torch.tensor([[1., 2.], [3., 4.]]).gather(1, torch.tensor([[0], [1], [0]]))

r = torch.tensor([[1., 2.], [3., 4.]]).gather(1, torch.tensor([[0.]]))

r = torch.tensor([[1., 2.], [3., 4.]]).gather(1, torch.tensor([0, 1]))

r = torch.tensor([[1., 2.], [3., 4.]]).gather(1, torch.tensor([[2]]))

r = torch.tensor([[1., 2.], [3., 4.]]).gather(1, torch.tensor([[-1]]))

r = torch.tensor([[1., 2.], [3., 4.]]).gather(2, torch.tensor([[0]]))

r = torch.tensor(5.).gather(0, torch.tensor(0))

r = torch.zeros(2, 3).gather(1, torch.zeros(0, 1, dtype=torch.long))

src = torch.arange(1., 11.).reshape(2, 5)
r = torch.zeros(3, 5).scatter_(0, torch.tensor([[0, 1, 2, 0, 0]]), src)

r = torch.zeros(10, dtype=torch.float).scatter_(0, torch.tensor(3), value=1)

r = torch.zeros(2, 4).scatter(1, torch.tensor([[2], [3]]), 1.23)

r = torch.zeros(2, 4).scatter(1, torch.tensor([[2], [3]]), 1.23, reduce='multiply')

src = torch.tensor([[2., 3.], [4., 5.]])
r = torch.ones(2, 4).scatter_(1, torch.tensor([[2, 2], [3, 3]]), src, reduce='add')

x = torch.ones(2, 4, requires_grad=True)
y = x.scatter(1, torch.tensor([[2, 2], [3, 3]]), torch.tensor([[2., 3.], [4., 5.]]), reduce='add')
r = (y, y.grad_fn.name(), y.sum().backward())

r = torch.zeros(3).scatter(0, torch.tensor([1]), torch.tensor([5.]), reduce='max')

x = torch.zeros(2, 3, requires_grad=True)
s = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
y = x.scatter(1, torch.tensor([[0, 2], [1, 0]]), s)
(y * torch.tensor([[1., 2., 3.], [4., 5., 6.]])).sum().backward()
r = (y, x.grad, s.grad, y.grad_fn.name(), [type(n).__name__ for n, _ in y.grad_fn.next_functions])

x = torch.zeros(2, 3, requires_grad=True)
y = x.scatter(1, torch.tensor([[0], [1]]), 2.0)
y.sum().backward()
r = (y, x.grad, y.grad_fn.name())

x = torch.zeros(2, 3, requires_grad=True)
s = torch.ones(2, 2, requires_grad=True)
y = x.scatter_add(1, torch.tensor([[0, 0], [1, 2]]), s)
(y * 3).sum().backward()
r = (y, x.grad, s.grad, y.grad_fn.name())

r = torch.scatter_add(torch.zeros(3), 0, torch.tensor([0, 0, 2]), torch.tensor([1., 2., 3.]))

r = torch.zeros(3).scatter_(0, torch.tensor([5]), torch.tensor([1.]))

r = torch.zeros(3).scatter_(0, torch.tensor([0]), torch.tensor([1]))

r = torch.zeros(3, dtype=torch.long).scatter_(0, torch.tensor([0]), 2.5)

r = torch.zeros(3).scatter_(0, torch.tensor([0, 1]), torch.tensor([1.]))

r = torch.tensor(3.).scatter(0, torch.tensor(0), 5.)

r = torch.zeros(2, 3).scatter(1, torch.tensor([[0, 1]]), torch.tensor([[7., 8.], [9., 10.]]))

x = torch.zeros(3, requires_grad=True)
r = x.scatter_(0, torch.tensor([0]), 1.0)

x = torch.zeros(3, requires_grad=True)
y = x * 1
y.scatter_(0, torch.tensor([2, 0]), torch.tensor([4., 5.], requires_grad=True))
y.sum().backward()
r = (y, x.grad, y.grad_fn.name())

x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
y = torch.index_select(x, 1, torch.tensor([2, 0, 2]))
y.sum().backward()
r = (y, x.grad, y.grad_fn.name())

r = torch.tensor([[1., 2.], [3., 4.]]).index_select(0, torch.tensor([[0]]))

r = torch.tensor([[1., 2.], [3., 4.]]).index_select(0, torch.tensor([3]))

r = torch.tensor([[1., 2.], [3., 4.]]).index_select(0, torch.tensor([-1]))

r = torch.tensor([[1., 2.], [3., 4.]]).index_select(0, torch.tensor([0.]))

r = torch.tensor(3.).index_select(0, torch.tensor([0]))

r = torch.zeros(2, 3).scatter(1, torch.tensor([[0]]), torch.tensor([5.]))

r = torch.zeros(2, 3).scatter(0, torch.tensor([[0]]), torch.ones(1, 1, 1))

r = torch.zeros(2, 3).scatter_add(0, torch.tensor([[0]]), torch.tensor([5.]))

r = F.one_hot(torch.tensor([0, 2, 1]))

r = F.one_hot(torch.tensor([0, 2, 1]), num_classes=5)

r = F.one_hot(torch.tensor([[0], [3]]), 4)

r = F.one_hot(torch.tensor([0, 5]), num_classes=3)

r = F.one_hot(torch.tensor([0., 1.]))

r = F.one_hot(torch.tensor([-1, 0]))

r = F.one_hot(torch.tensor([], dtype=torch.long))

r = F.one_hot(torch.tensor([], dtype=torch.long), 3)
""".strip().split("\n\n")


@pytest.mark.parametrize("source", PROGRAMS, ids=range(len(PROGRAMS)))
def test_program_gives_what_pytorch_gives(source: str) -> None:
    assert outcome(tensors, source) == outcome(torch, source)


@st.composite
def gather_case(draw):
    ndim = draw(st.integers(1, 3))
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=ndim, max_size=ndim)))
    dim = draw(st.integers(0, ndim - 1))
    ishape = tuple(draw(st.integers(0 if d == dim else 1, 4 if d == dim else s))
                   for d, s in enumerate(shape))  # fmt: skip
    count = 1
    for s in ishape:
        count *= s
    index = draw(st.lists(st.integers(0, shape[dim] - 1), min_size=count, max_size=count))
    values = draw(st.lists(st.floats(-3, 3, allow_subnormal=False), min_size=count,
                           max_size=count))  # fmt: skip
    return shape, dim, ishape, index, values


@settings(max_examples=60, deadline=None)
@given(case=gather_case(), seed=st.integers(0, 2**16))
def test_gather_and_scatter_match_torch(case, seed):
    shape, dim, ishape, index, values = case
    torch.manual_seed(seed)
    base = torch.randn(shape, dtype=torch.float64)
    weights = torch.randn(shape, dtype=torch.float64)
    idx = torch.tensor(index, dtype=torch.long).reshape(ishape)
    src = torch.tensor(values, dtype=torch.float64).reshape(ishape)
    for op in ("gather", "scatter", "scatter_add"):
        results = []
        for make in (lambda t: t, from_torch):
            x = make(base.clone()).requires_grad_()
            s = make(src.clone()).requires_grad_()
            i = make(idx.clone())
            if op == "gather":
                y = x.gather(dim, i)
                w = make(torch.randn(ishape, generator=torch.Generator().manual_seed(seed),
                                     dtype=torch.float64))  # fmt: skip
            else:
                y = getattr(x, op)(dim, i, s)
                w = make(weights.clone())
            (y * w).sum().backward()
            grads = (x.grad, s.grad)
            results.append((y, grads))
        (ty, (tx, ts)), (oy, (ox, os_)) = results
        assert oy.flatten().tolist() == pytest.approx(ty.flatten().tolist())
        assert ox.flatten().tolist() == pytest.approx(tx.flatten().tolist())
        assert (os_ is None) == (ts is None)
        written_twice = len(set(map(tuple, _places(shape, dim, ishape, index)))) < len(index)
        if ts is not None and not (op == "scatter" and written_twice):  # README
            assert os_.flatten().tolist() == pytest.approx(ts.flatten().tolist())
        assert to_torch(oy).dtype == ty.dtype


def _places(shape, dim, ishape, index):
    """The place in the input each index entry writes to."""
    import itertools

    return [
        tuple(i if d == dim else c for d, c in enumerate(coords))
        for coords, i in zip(itertools.product(*(range(n) for n in ishape)), index)
    ]
