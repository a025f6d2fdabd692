"""Functions no other test compared with PyTorch, each in a small program run on
both libraries (skipped without torch): the result's text and numbers (the sign
of zero counts), or the error's type and message, and the warnings must be
PyTorch's. Where a result is random, what does not depend on the random stream
is compared: shapes, dtypes, flags, ranges, and statistics within their
sampling error."""

from __future__ import annotations

import math

import pytest
from _outcome import outcome

import tensors

torch = pytest.importorskip("torch")

PROGRAMS = [
    # allclose and equal
    "a = torch.tensor([1., 2., float('nan')]); b = torch.tensor([1., 2.0001, float('nan')])\n"
    "r = (torch.allclose(a, b), torch.allclose(a, b, equal_nan=True),"
    " torch.allclose(a, b, rtol=0, atol=1e-3, equal_nan=True), a.allclose(a),"
    " torch.allclose(torch.tensor([0.]), torch.tensor([-0.])))",
    "r = torch.allclose(torch.ones(2), torch.ones(3))",
    "r = torch.allclose(torch.ones(2), torch.ones(2, dtype=torch.float64))",
    "a = torch.tensor([1., 2.]); r = (torch.equal(a, a.clone()), torch.equal(a, a[:1]),"
    " torch.equal(a, torch.tensor([1., 3.])), a.equal(torch.tensor([1, 2])),"
    " torch.equal(torch.tensor([0.]), torch.tensor([-0.])),"
    " torch.equal(torch.tensor([float('nan')]), torch.tensor([float('nan')])))",
    # detach_
    "x = torch.ones(2, requires_grad=True); y = x * 2; z = y.detach_()\n"
    "r = (z is y, y.requires_grad, y.grad_fn, y.is_leaf, y)",
    # new_empty, empty_like: shapes, dtypes and flags (the numbers are whatever memory holds)
    "x = torch.ones(2, dtype=torch.float64, requires_grad=True); e = x.new_empty(2, 3)\n"
    "f = x.new_empty((0,), dtype=torch.long); g = x.new_empty([4], requires_grad=True)\n"
    "r = (e.shape, e.dtype, e.requires_grad, f.shape, f.dtype, g.shape, g.requires_grad)",
    "x = torch.ones(2, 3, requires_grad=True); e = torch.empty_like(x)\n"
    "f = torch.empty_like(x, dtype=torch.long); g = torch.empty_like(x, requires_grad=True)\n"
    "r = (e.shape, e.dtype, e.requires_grad, f.dtype, g.requires_grad, g.is_leaf)",
    # normal_, uniform_, randn_like: shapes, dtypes, the tensor returned, ranges
    "t = torch.empty(3, 4, dtype=torch.float64); n = t.normal_(2.0, 0.5)\n"
    "r = (n is t, t.shape, t.dtype, t.requires_grad, t._version)",
    "t = torch.zeros(50); u = t.uniform_(2, 3)\n"
    "r = (u is t, t.dtype, int(((t >= 2) & (t < 3)).sum()), t._version)",
    "x = torch.ones(2, 3, dtype=torch.float64, requires_grad=True); y = torch.randn_like(x)\n"
    "r = (y.shape, y.dtype, y.requires_grad, torch.randn_like(x, dtype=torch.float32).dtype)",
    "r = torch.randn_like(torch.ones(2, dtype=torch.long))",
    # scatter_add_ and unbind
    "t = torch.zeros(2, 4); i = torch.tensor([[0, 1, 1, 3], [2, 2, 0, 0]])\n"
    "s = torch.tensor([[1., 2., 3., 4.], [5., 6., 7., 8.]]); o = t.scatter_add_(1, i, s)\n"
    "r = (o is t, t, t._version)",
    "t = torch.zeros(3); r = t.scatter_add_(0, torch.tensor([0, 5]), torch.ones(2))",
    "x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\n"
    "a, b = x.unbind(1); (a * 2 + b * 3).sum().backward()\n"
    "r = (a, b, a.grad_fn.name(), torch.unbind(x.detach()), x.grad)",
    "r = torch.zeros(2, 3).unbind(2)",
    # set_default_dtype
    "torch.set_default_dtype(torch.float64)\n"
    "try:\n"
    "    r = (torch.get_default_dtype(), torch.tensor([1.5]).dtype, torch.ones(2).dtype,"
    " torch.arange(2.).dtype, torch.tensor([1]).dtype, torch.tensor(1.5) + 1)\n"
    "finally:\n"
    "    torch.set_default_dtype(torch.float32)",
    "r = torch.set_default_dtype(torch.long)",
    # autograd.functional.vhp
    "def f(x):\n    return (x ** 3).sum() + x[0] * x[1]\n"
    "x = torch.tensor([1., -2.], dtype=torch.float64)\n"
    "v = torch.tensor([0.5, 3.], dtype=torch.float64)\n"
    "r = torch.autograd.functional.vhp(f, x, v)",
    "def f(x, y):\n    return (x * y.exp()).sum()\n"
    "x = torch.tensor([1., 2.]); y = torch.tensor([0., -1.])\n"
    "r = torch.autograd.functional.vhp(f, (x, y), (torch.ones(2), torch.tensor([2., 0.])))",
    # cross-entropy: class probabilities, extra dimensions, both
    "x = torch.tensor([[[0.1, 0.2], [0.3, -0.4], [1., 2.]], [[0.5, 0.6], [0.7, 0.8], [-1., 0.]]],"
    " dtype=torch.float64, requires_grad=True)\n"
    "p = torch.tensor([[[0.2, 0.5], [0.3, 0.25], [0.5, 0.25]], [[1., 0.], [0., 0.5], [0., 0.5]]],"
    " dtype=torch.float64)\n"
    "t = torch.tensor([[0, 2], [1, 1]])\n"
    "w = torch.tensor([1., 2., 3.], dtype=torch.float64)\n"
    "F = torch.nn.functional\n"
    "ls = [F.cross_entropy(x, p), F.cross_entropy(x, p, reduction='none'),"
    " F.cross_entropy(x, p, weight=w, reduction='sum'), F.cross_entropy(x, p, label_smoothing=0.1),"
    " F.cross_entropy(x, t), F.cross_entropy(x, t, weight=w, reduction='none'),"
    " F.cross_entropy(x, t, ignore_index=1, label_smoothing=0.2), F.nll_loss(x, t)]\n"
    "sum(l.sum() for l in ls).backward()\n"
    "r = (ls, [l.grad_fn.name() for l in ls], x.grad)",
    "r = torch.nn.functional.cross_entropy(torch.zeros(2, 3, 4), torch.zeros(2, 5).long())",
    "r = torch.nn.functional.cross_entropy(torch.zeros(2, 3, 4), torch.zeros(2, 3, 5))",
]


@pytest.mark.parametrize("source", PROGRAMS)
def test_program_gives_what_pytorch_gives(source: str) -> None:
    assert outcome(tensors, source) == outcome(torch, source)


# ---------------------------------------------------------------------------------
# nn.init: what the fills write (exact), and the statistics of the random ones
# ---------------------------------------------------------------------------------

EXACT_FILLS = [
    "torch.nn.init.constant_(torch.empty(2, 3), 0.25)",
    "torch.nn.init.ones_(torch.empty(3))",
    "torch.nn.init.zeros_(torch.empty(2, 2, dtype=torch.float64))",
    "torch.nn.init.calculate_gain('leaky_relu', 0.2)",
    "torch.nn.init.calculate_gain('tanh')",
]


@pytest.mark.parametrize("call", EXACT_FILLS)
def test_init_fill_matches_torch(call: str) -> None:
    source = f"r = {call}"
    assert outcome(tensors, source) == outcome(torch, source)


# (call, the standard deviation the fill is designed to give) on a 200 x 300 weight:
# fan_in 300, fan_out 200.
RANDOM_FILLS = [
    ("uniform_(w, -0.5, 0.5)", 1 / math.sqrt(12)),
    ("normal_(w, 0.0, 0.02)", 0.02),
    ("xavier_uniform_(w)", math.sqrt(2 / 500)),
    ("xavier_normal_(w, gain=2.0)", 2 * math.sqrt(2 / 500)),
    ("kaiming_uniform_(w, a=math.sqrt(5))", math.sqrt(2 / (1 + 5)) / math.sqrt(300)),
    ("kaiming_normal_(w, mode='fan_out', nonlinearity='relu')", math.sqrt(2 / 200)),
]


@pytest.mark.parametrize("call, std", RANDOM_FILLS)
def test_init_random_fill_has_pytorchs_statistics(call: str, std: float) -> None:
    stats = []
    for lib in (tensors, torch):
        lib.manual_seed(0)
        w = lib.empty(200, 300)
        out = eval(f"lib.nn.init.{call}", {"lib": lib, "w": w, "math": math})
        assert out is w and tuple(w.shape) == (200, 300) and w.dtype == lib.float32
        xs = w.flatten().tolist()
        mean = sum(xs) / len(xs)
        sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (len(xs) - 1))
        stats.append((mean, sd, min(xs), max(xs)))
    # 60,000 draws: the sample mean is within 5 standard errors of 0, the sample
    # standard deviation within 2% of the designed one, for both libraries.
    for mean, sd, _, _ in stats:
        assert abs(mean) < 5 * std / math.sqrt(60_000)
        assert abs(sd - std) < 0.02 * std
    (_, _, lo, hi), (_, _, tlo, thi) = stats
    if "uniform" in call:  # the same bounds, reached to within 0.1%
        bound = max(abs(tlo), abs(thi))
        assert max(abs(lo), abs(hi)) <= bound * 1.001 and max(abs(lo), abs(hi)) >= bound * 0.99


# ---------------------------------------------------------------------------------
# torch.utils.data: ConcatDataset, ChainDataset, SubsetRandomSampler, DataLoader's len
# ---------------------------------------------------------------------------------

DATA_PROGRAMS = [
    "from torch.utils.data import ConcatDataset, TensorDataset\n"
    "a = TensorDataset(torch.arange(3.)); b = TensorDataset(torch.arange(10., 15.))\n"
    "c = ConcatDataset([a, b, a])\n"
    "r = (len(c), c.cumulative_sizes, [c[i] for i in (0, 2, 3, 7, 8, -1, -11)])",
    "from torch.utils.data import ConcatDataset, TensorDataset\n"
    "c = ConcatDataset([TensorDataset(torch.arange(3.))]); r = c[3]",
    "from torch.utils.data import ConcatDataset, TensorDataset\n"
    "c = ConcatDataset([TensorDataset(torch.arange(3.))]); r = c[-4]",
    "from torch.utils.data import ConcatDataset\nr = ConcatDataset([])",
    "from torch.utils.data import ChainDataset, IterableDataset\n"
    "class Count(IterableDataset):\n"
    "    def __init__(self, n):\n        self.n = n\n"
    "    def __iter__(self):\n        return iter(range(self.n))\n"
    "c = ChainDataset([Count(2), Count(0), Count(3)])\n"
    "r = (list(c), list(c))",
    "from torch.utils.data import ChainDataset, IterableDataset\n"
    "class Sized(IterableDataset):\n"
    "    def __iter__(self):\n        return iter([1, 2])\n"
    "    def __len__(self):\n        return 2\n"
    "r = len(ChainDataset([Sized(), Sized()]))",
    "from torch.utils.data import ChainDataset, TensorDataset\n"
    "r = list(ChainDataset([TensorDataset(torch.arange(2.))]))",
    # A DataLoader over an iterable dataset with a length: its len counts batches.
    "from torch.utils.data import DataLoader, IterableDataset\n"
    "class Sized(IterableDataset):\n"
    "    def __iter__(self):\n        return iter(range(7))\n"
    "    def __len__(self):\n        return 7\n"
    "r = (len(DataLoader(Sized(), batch_size=3)), len(DataLoader(Sized(), batch_size=3,"
    " drop_last=True)), len(DataLoader(Sized(), batch_size=None)), len(DataLoader(Sized())),"
    " [b.tolist() for b in DataLoader(Sized(), batch_size=3)])",
    "from torch.utils.data import DataLoader, IterableDataset\n"
    "class Unsized(IterableDataset):\n"
    "    def __iter__(self):\n        return iter(range(7))\n"
    "r = len(DataLoader(Unsized(), batch_size=3))",
    "from torch.utils.data import SubsetRandomSampler\n"
    "s = SubsetRandomSampler([5, 2, 9, 2])\n"
    "r = (len(s), sorted(s), sorted(s) == sorted([5, 2, 9, 2]), s.indices)",
    "from torch.utils.data import SubsetRandomSampler\n"
    "r = len(SubsetRandomSampler(range(0)))",
]


@pytest.mark.parametrize("source", DATA_PROGRAMS)
def test_data_program_gives_what_pytorch_gives(source: str) -> None:
    assert outcome(tensors, source) == outcome(torch, source)


def test_subset_random_sampler_draws_from_the_generator_it_is_given():
    from tensors.utils.data import SubsetRandomSampler

    orders = []
    for _ in range(2):
        g = tensors.Generator().manual_seed(7)
        orders.append(list(SubsetRandomSampler(list(range(20)), generator=g)))
    assert orders[0] == orders[1] and sorted(orders[0]) == list(range(20))
    assert orders[0] != list(range(20))
