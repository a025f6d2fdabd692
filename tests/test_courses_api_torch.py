"""The small APIs the courses call, against PyTorch: the narrow integer dtypes
(promotion, casting with wrap-around, printing, the converting methods), NumPy's
keyword names, ``torch.normal`` and ``torch.multinomial``."""

from __future__ import annotations

import pytest
from _outcome import outcome

import tensors

torch = pytest.importorskip("torch")

PROGRAMS = [
    # the narrow integer dtypes: creation, printing, names
    "r = torch.zeros((2, 3), dtype=torch.int32)",
    "r = torch.tensor([1, -2], dtype=torch.int16)",
    "r = torch.tensor([1, 2], dtype=torch.int8), torch.tensor([3], dtype=torch.uint8)",
    "r = torch.int32, torch.int, torch.short, torch.int32.itemsize, torch.uint8.is_signed",
    "r = torch.int8.is_signed, torch.int16.is_floating_point",
    "r = [torch.ones(1, dtype=d).type() for d in (torch.int32, torch.int16, torch.int8)]",
    "r = torch.ones(1, dtype=torch.uint8).type()",
    "r = torch.tensor([], dtype=torch.int32)",
    # casting keeps the low bits
    "r = torch.tensor([300., -1.5, 255.9, -129.]).to(torch.int8)",
    "r = torch.tensor([300., -1.5, 255.9, -1.]).to(torch.uint8)",
    "r = torch.tensor([300, -1, 70000]).to(torch.int16), torch.tensor([2 ** 40 + 5]).int()",
    "r = torch.tensor([1.7, -2.5]).int(), torch.tensor([1.7]).short(), torch.tensor([-3.]).char()",
    "r = torch.tensor([-3., 260.]).byte(), torch.tensor([1, 2], dtype=torch.int32).float()",
    "r = torch.tensor([200], dtype=torch.int32).to(torch.int8).long()",
    # overflow of arithmetic wraps as well
    "r = torch.zeros(2, dtype=torch.uint8) - 1, torch.tensor([127], dtype=torch.int8) + 1",
    # promotion
    "x = torch.ones(2, dtype=torch.int32); r = x + 1, (x + torch.tensor(1)).dtype, (x + 1.5)",
    "x = torch.ones(2, dtype=torch.uint8); r = (x + torch.ones(2, dtype=torch.int8)).dtype",
    "x = torch.ones(2, dtype=torch.uint8); r = (x + torch.ones(2, dtype=torch.int16)).dtype",
    "x = torch.ones(2, dtype=torch.int16); r = (x * torch.ones(2, dtype=torch.int32)).dtype",
    "x = torch.ones(2, dtype=torch.int32); r = (x + torch.ones(2)).dtype, x + torch.ones(2).long()",
    "x = torch.ones(2, dtype=torch.int8); r = (x + torch.tensor(True)).dtype, x.sum(), x / 2",
    "x = torch.tensor([7, -7], dtype=torch.int32); r = x // 2, x % 3, x.max(), x.argmax()",
    "r = torch.tensor([1, 2], dtype=torch.int32) == torch.tensor([1, 3])",
    # makemore's count table
    "N = torch.zeros((3, 3), dtype=torch.int32); N[1, 2] += 1; N[1, 2] += 1; r = N, N.float()",
    "N = torch.ones((2, 2), dtype=torch.int32); P = N.float(); r = P / P.sum(1, keepdims=True)",
    # NumPy's keyword names
    "x = torch.arange(6.).reshape(2, 3); r = x.sum(axis=0), x.sum(1, keepdims=True)",
    "x = torch.arange(6.).reshape(2, 3); r = x.argmax(axis=1), x.mean(axis=0), x.std(axis=1)",
    "x = torch.arange(6.).reshape(2, 3); r = torch.sum(x, axis=1), torch.max(x, axis=0)",
    "x = torch.arange(6.).reshape(2, 3); r = x.max(axis=1, keepdims=True).values, x.amax(axis=0)",
    "x = torch.arange(6.).reshape(2, 3); r = x.sum(0, axis=1)",
    "r = torch.randn(size=(), requires_grad=True).shape, torch.zeros(size=(2,))",
    "r = torch.ones(size=(1, 2)), torch.ones(size=[2], dtype=torch.int32)",
    "r = torch.rand(size=(2, 3)).shape, torch.empty(size=(0,)).shape",
    "r = type(torch.ones(1)).__name__",
    # normal: the shapes, the nodes, no gradient through a draw, the errors
    "r = torch.normal(2., 0., size=(2,)), torch.normal(2., 3., (2, 3)).shape",
    "r = torch.normal(torch.tensor([1., 5.]), 0.), torch.normal(1., torch.zeros(2))",
    "r = torch.normal(torch.zeros(2, 1), torch.ones(3)).shape",
    "m = torch.zeros(3, requires_grad=True); s = torch.ones(3, requires_grad=True); "
    "y = torch.normal(m, s); y.sum().backward(); r = type(y.grad_fn).__name__, m.grad, s.grad",
    "m = torch.zeros(3, requires_grad=True); r = type(torch.normal(m, 1.).grad_fn).__name__",
    "s = torch.ones(3, requires_grad=True); r = type(torch.normal(0., s).grad_fn).__name__",
    "r = torch.normal(2., 3.)",
    "r = torch.normal(torch.zeros(2), -torch.ones(2))",
    "r = torch.normal(torch.zeros(2), torch.ones(3))",
    # multinomial: shapes, dtype, certain draws, errors
    "r = torch.multinomial(torch.tensor([0., 1., 0.]), 4, replacement=True)",
    "r = torch.multinomial(torch.tensor([[0., 2.], [3., 0.]]), 1).tolist()",
    "r = sorted(torch.multinomial(torch.tensor([1., 2., 3.]), 3).tolist())",
    "r = torch.multinomial(torch.ones(2, 4), 3).shape, torch.ones(5).multinomial(2).dtype",
    "r = torch.multinomial(torch.tensor([-1., 2.]), 1)",
    "r = torch.multinomial(torch.tensor([0., 0.]), 1)",
    "r = torch.multinomial(torch.zeros(2, 2, 2), 1)",
    "r = torch.multinomial(torch.ones(2), 0)",
    "r = torch.multinomial(torch.ones(2), 3)",
    "r = torch.bernoulli(torch.tensor([0., 1., 1.])), torch.bernoulli(torch.ones(2), 0.)",
]


@pytest.mark.parametrize("source", PROGRAMS)
def test_same_outcome_as_pytorch(source):
    assert outcome(tensors, source) == outcome(torch, source)


def test_a_seeded_generator_gives_the_same_draws_again():
    def draws():
        g = tensors.Generator().manual_seed(42)
        p = tensors.tensor([0.2, 0.5, 0.3])
        return (
            tensors.multinomial(p, 20, replacement=True, generator=g).tolist(),
            tensors.normal(0.0, 1.0, (3,), generator=g).tolist(),
        )

    first, second = draws(), draws()
    assert first == second
    assert len(set(first[0])) > 1  # not one category over and over


def test_multinomial_frequencies_follow_the_weights():
    g = tensors.Generator().manual_seed(0)
    counts = [0, 0, 0]
    for i in tensors.multinomial(tensors.tensor([1.0, 2.0, 7.0]), 3000, True, generator=g).tolist():
        counts[i] += 1
    assert abs(counts[0] / 3000 - 0.1) < 0.02 and abs(counts[2] / 3000 - 0.7) < 0.03
    # without replacement a row never repeats a category
    rows = tensors.multinomial(tensors.ones(50, 6), 6, generator=g).tolist()
    assert all(sorted(row) == list(range(6)) for row in rows)


MASK_PROGRAMS = [
    "r = torch.ones(3, 4).tril(), torch.ones(3, 4).triu(1), torch.ones(2, 3, 3).tril(-1)",
    "r = torch.tril(torch.arange(9.).reshape(3, 3), diagonal=1), torch.triu(torch.ones(2, 2))",
    "r = torch.ones(3).tril()",
    "w = torch.ones(3, 3, requires_grad=True); y = w.tril(); y.sum().backward(); r = y, w.grad",
    "w = torch.ones(2, 3, requires_grad=True); y = torch.triu(w); (y * 2).sum().backward()\n"
    "r = y, w.grad",
    "t = torch.ones(3, 3).tril(); x = torch.zeros(3, 3, requires_grad=True)\n"
    "y = x.masked_fill(t == 0, float('-inf')); s = y.softmax(-1); s[2].sum().backward()\n"
    "r = y, s, x.grad",
    "x = torch.arange(4.).reshape(2, 2); r = x.masked_fill(torch.tensor([True, False]), 7.)",
    "x = torch.arange(4).reshape(2, 2); r = x.masked_fill(x > 1, -1)",
    "r = torch.zeros(2).masked_fill(torch.tensor([1, 0]), 1.)",
    "r = torch.zeros(2).masked_fill(torch.ones(3, 2) > 0, 1.)",
    "r = torch.zeros(2).masked_fill(torch.tensor([True, False]), torch.tensor(3.))",
    "x = torch.tensor([[1, 0], [2, 3]]); r = x.all(), x.any(), x.all(1), x.any(0, keepdim=True)",
    "r = torch.all(torch.tensor([True, True])), torch.any(torch.zeros(2, 2), dim=1)",
    "r = torch.tensor([]).all(), torch.tensor([]).any()",
    "r = torch.tensor([100., 0.001, 0., -1.]).log10()",
    "x = torch.tensor([1., 2, 1, 4, 2.5]); r = torch.histogram(x, bins=4, range=(0., 4.))",
    "x = torch.tensor([1., 2, 1, 4, 2.5]); r = torch.histogram(x, bins=3, density=True)",
    "x = torch.tensor([1., 2, 1, 4, 2.5]); w = torch.tensor([1., 2, 3, 4, 5])\n"
    "r = torch.histogram(x, torch.tensor([0., 1.5, 3., 5.]), weight=w)",
    "x = torch.tensor([1., 2, 1, 4, 2.5]); r = x.histogram(2), x.histogram(2).hist",
    "r = torch.histogram(torch.tensor([1, 2]), 2)",
    "r = torch.histogram(torch.tensor([1., 2]), 0)",
    "r = torch.histogram(torch.tensor([1., 2]), 2, range=(3., 1.))",
    "r = torch.histogram(torch.tensor([]), 2), torch.histogram(torch.tensor([3., 3.]), 2)",
    "r = torch.histogram(torch.tensor([-1., 0.5, 9.]), 2, range=(0., 1.))",
    "x = torch.tensor([2., 5.], requires_grad=True); y = torch.log10(x); y.sum().backward()\n"
    "r = y, x.grad",
]


@pytest.mark.parametrize("source", MASK_PROGRAMS)
def test_masks_same_outcome_as_pytorch(source):
    assert outcome(tensors, source) == outcome(torch, source)
