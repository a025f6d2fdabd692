"""Creation, conversion, random fills, the new views and the grid samplers against
PyTorch (skipped without torch), where the operator database's replay does not
look: strides and memory formats, storage sharing, grad_fn names, error words,
the samples above its cap (grid_sampler_2d), and central differences."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tensors
from tensors.testing import assert_close, tensor_gradcheck

torch = pytest.importorskip("torch")

from tensors.testing import from_torch  # noqa: E402


def _error(fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except Exception as e:  # noqa: BLE001 - the error is what is compared
        return type(e), str(e)
    return None


def same_error(ours, theirs):
    """Both raise the same type with the same words; ours leaves its input alone."""
    got, want = _error(ours), _error(theirs)
    assert want is not None, "torch raised nothing"
    assert got == want


# -- memory formats and layouts ------------------------------------------------------


def _permuted_sliced(lib, seed):
    rnd = random.Random(seed)
    n = rnd.randint(1, 4)
    shape = [rnd.randint(1, 3) for _ in range(n)]
    x = lib.arange(float(math.prod(shape))).reshape(shape)
    order = list(range(n))
    rnd.shuffle(order)
    steps = tuple(slice(None, None, rnd.choice([1, 2])) for _ in range(n))
    return x.permute(order)[steps]


@pytest.mark.parametrize("seed", range(40))
def test_a_copy_keeps_the_order_of_its_input_as_pytorchs(seed):
    theirs = _permuted_sliced(torch, seed)
    ours = _permuted_sliced(tensors, seed)
    assert ours.stride() == theirs.stride()
    for convert in (
        lambda t, m: t.to(m.float64),
        lambda t, m: t.long(),
        lambda t, m: t.to(m.float32, copy=True, memory_format=m.preserve_format),
    ):
        a, b = convert(ours, tensors), convert(theirs, torch)
        assert a.stride() == b.stride()
        assert a.tolist() == b.tolist()


def test_channels_last_and_contiguous_format():
    x = torch.arange(120.0).reshape(2, 3, 4, 5)
    y = tensors.arange(120.0).reshape(2, 3, 4, 5)
    for m_ours, m_theirs in (
        (tensors.channels_last, torch.channels_last),
        (tensors.contiguous_format, torch.contiguous_format),
    ):
        a, b = y.double(memory_format=m_ours), x.double(memory_format=m_theirs)
        assert a.stride() == b.stride() and a.tolist() == b.tolist()
        assert a.is_contiguous(memory_format=m_ours) == b.is_contiguous(memory_format=m_theirs)
    assert y.to(memory_format=tensors.preserve_format) is y
    assert y.to(memory_format=tensors.channels_last) is not y
    t = y.to(memory_format=tensors.channels_last)
    assert t.to(memory_format=tensors.channels_last) is t
    same_error(
        lambda: tensors.ones(2, 3).float(memory_format=tensors.channels_last),
        lambda: torch.ones(2, 3).float(memory_format=torch.channels_last),
    )
    same_error(
        lambda: tensors.ones(2).float(memory_format=3), lambda: torch.ones(2).float(memory_format=3)
    )


def test_a_copy_in_a_memory_format_is_recorded_and_passes_gradients():
    x = torch.randn(1, 2, 2, 3, dtype=torch.float64, requires_grad=True)
    y = from_torch(x)
    a = x.to(memory_format=torch.channels_last)
    b = y.to(memory_format=tensors.channels_last)
    assert type(a.grad_fn).__name__ == type(b.grad_fn).__name__ == "ToCopyBackward0"
    w = torch.arange(12.0, dtype=torch.float64).reshape(1, 2, 2, 3)
    (a * w).sum().backward()
    (b * from_torch(w)).sum().backward()
    assert_close(y.grad, x.grad)


def test_layout_and_memory_format_names():
    assert repr(tensors.strided) == repr(torch.strided) == "torch.strided"
    assert repr(tensors.channels_last_3d) == repr(torch.channels_last_3d)
    assert tensors.ones(2).layout is tensors.strided
    assert isinstance(tensors.preserve_format, tensors.memory_format)
    assert isinstance(tensors.strided, tensors.layout)


# -- creation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [((0.5, 3.7, 6), {}), ((-3, -0.5, 6), {}), ((0, 3, 4), {}), ((2, -1.5, 5), {"base": 2})],
)
@pytest.mark.parametrize("dtype", ["int64", "int16", "float64"])
def test_spaced_numbers_of_every_dtype(args, dtype):
    pos, kw = args
    for name in ("linspace", "logspace"):
        if name == "linspace" and "base" in kw:
            continue
        a = getattr(tensors, name)(*pos, dtype=getattr(tensors, dtype), **kw)
        b = getattr(torch, name)(*pos, dtype=getattr(torch, dtype), **kw)
        assert_close(a, b, rtol=1e-15, atol=0.0, check_dtype=True)


def test_spaced_numbers_refuse_a_steps_that_is_not_an_int():
    for name in ("linspace", "logspace"):
        same_error(
            lambda n=name: getattr(tensors, n)(0, 3, 1.0),
            lambda n=name: getattr(torch, n)(0, 3, 1.0),
        )
        same_error(
            lambda n=name: getattr(tensors, n)(tensors.tensor(0.0), 3, 2.5),
            lambda n=name: getattr(torch, n)(torch.tensor(0.0), 3, 2.5),
        )


@pytest.mark.parametrize(
    "size, stride",
    [((), ()), ((5,), (4,)), ((5, 5), (2, 1)), ((2, 3, 4), (2, 0, 1)), ((2, 3), (1, 2))],
)
def test_empty_strided_has_the_strides_asked_for(size, stride):
    a, b = tensors.empty_strided(size, stride), torch.empty_strided(size, stride)
    assert (
        a.shape == b.shape and a.stride() == b.stride() and a.is_contiguous() == b.is_contiguous()
    )
    c = tensors.ones(3, dtype=tensors.int64).new_empty_strided(size, stride)
    d = torch.ones(3, dtype=torch.int64).new_empty_strided(size, stride)
    assert c.stride() == d.stride() and c.dtype.name == "int64"
    same_error(
        lambda: tensors.empty_strided((5,), (4, 1)), lambda: torch.empty_strided((5,), (4, 1))
    )


@pytest.mark.parametrize(
    "order", [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
)
def test_empty_permuted_lays_dimensions_out_in_the_order_given(order):
    a, b = tensors.empty_permuted((2, 3, 5), order), torch.empty_permuted((2, 3, 5), order)
    assert a.stride() == b.stride()


@pytest.mark.parametrize("size, order", [([2], [0, 1]), ([2], [3]), ([2, 3], [0, 0]), ([2], [-1])])
def test_empty_permuted_errors(size, order):
    same_error(
        lambda: tensors.empty_permuted(size, order), lambda: torch.empty_permuted(size, order)
    )


def test_scalar_tensor_and_randint_like():
    for s, kw in ((-5, {}), (True, {}), (2, {"dtype": "int64"}), (2.5, {"dtype": "float64"})):
        a = tensors.scalar_tensor(s, **{k: getattr(tensors, v) for k, v in kw.items()})
        b = torch.scalar_tensor(s, **{k: getattr(torch, v) for k, v in kw.items()})
        assert_close(a, b, check_dtype=True)
    x = tensors.zeros(3, 4).t()
    r = tensors.randint_like(x, 2, 5)
    assert r.stride() == torch.randint_like(torch.zeros(3, 4).t(), 2, 5).stride()
    assert r.dtype is tensors.float32 and all(
        2 <= v <= 4 and v == int(v) for v in r.flatten().tolist()
    )
    same_error(
        lambda: tensors.randint_like(tensors.zeros(2), 10, 2),
        lambda: torch.randint_like(torch.zeros(2), 10, 2),
    )


# -- fills and resizing ----------------------------------------------------------------


def test_fill_passes_the_gradient_to_its_value_and_zero_to_its_input():
    x = torch.randn(2, 3, dtype=torch.float64, requires_grad=True)
    v = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
    y, u = from_torch(x), from_torch(v)
    w = torch.tensor([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]], dtype=torch.float64)
    cases = [
        (tensors.fill(y, u), torch.fill(x, v), [y, u], [x, v]),
        (tensors.fill(y, 2.5), torch.fill(x, 2.5), [y], [x]),
    ]
    for ours, theirs, ours_in, theirs_in in cases:
        assert type(ours.grad_fn).__name__ == type(theirs.grad_fn).__name__
        assert_close(ours, theirs)
        want = torch.autograd.grad((theirs * w).sum(), theirs_in)
        got = tensors.autograd.grad((ours * from_torch(w)).sum(), ours_in)
        for g, h in zip(got, want):
            assert_close(g, h, zero_sign=False)
    assert tensors.fill(tensors.zeros(2, dtype=tensors.int64), 2.7).tolist() == [2, 2]
    same_error(lambda: tensors.fill(y, "a"), lambda: torch.fill(x, "a"))
    same_error(lambda: tensors.fill(y, tensors.ones(2)), lambda: torch.fill(x, torch.ones(2)))


def test_resize_keeps_the_storage_where_it_fits_and_grows_it_where_not():
    base_t, base_o = torch.arange(6.0), tensors.arange(6.0)
    v_t, v_o = base_t[:2], base_o[:2]
    v_t.resize_(4)
    v_o.resize_(4)
    assert v_o.tolist() == v_t.tolist() and v_o._base is base_o
    base_o[3] = 30.0
    assert v_o[3].item() == 30.0  # still a view of the base's storage
    m_t, m_o = torch.arange(6.0).reshape(2, 3).t(), tensors.arange(6.0).reshape(2, 3).t()
    assert m_o.resize_(3, 2).stride() == m_t.resize_(3, 2).stride()
    assert m_o.resize_(2, 2).tolist() == m_t.resize_(2, 2).tolist()
    grown = tensors.arange(2.0)
    alias = grown.view(2)
    grown.resize_(3, 2)
    assert grown.shape == (3, 2) and grown[0].tolist() == [0.0, 1.0]
    grown[0, 0] = 9.0
    assert alias[0].item() == 9.0  # the grown storage is still shared
    assert tensors.resize_as_(tensors.zeros(4), tensors.ones(2, 2)).shape == (2, 2)
    same_error(
        lambda: tensors.zeros(2, requires_grad=True).resize_(3),
        lambda: torch.zeros(2, requires_grad=True).resize_(3),
    )


# -- random draws -------------------------------------------------------------------------

RANDOM_FILLS = [
    ("cauchy_", (0.5, 2.0)),
    ("exponential_", (1.5,)),
    ("geometric_", (0.3,)),
    ("log_normal_", (0.0, 0.5)),
    ("normal_", (1.0, 2.0)),
    ("uniform_", (-1.0, 3.0)),
]


@pytest.mark.parametrize("name, args", RANDOM_FILLS)
def test_random_fills_record_pytorchs_nodes_and_pass_no_gradient(name, args):
    x = tensors.zeros(3, 4, requires_grad=True)
    y = getattr(x.clone(), name)(*args)
    theirs = getattr(torch.zeros(3, 4, requires_grad=True).clone(), name)(*args)
    assert type(y.grad_fn).__name__ == type(theirs.grad_fn).__name__
    y.sum().backward()
    assert x.grad.tolist() == [[0.0] * 4] * 3
    tensors.manual_seed(7)
    first = getattr(tensors.zeros(20), name)(*args).tolist()
    tensors.manual_seed(7)
    assert getattr(tensors.zeros(20), name)(*args).tolist() == first  # seeded draws repeat


def test_random_fills_draw_from_their_distributions():
    tensors.manual_seed(0)
    n = 4000
    geo = tensors.zeros(n).geometric_(0.25).tolist()
    assert all(v >= 1 and v == int(v) for v in geo)
    assert abs(sum(geo) / n - 4.0) < 0.3  # mean 1/p
    exp = tensors.zeros(n).exponential_(2.0).tolist()
    assert min(exp) >= 0 and abs(sum(exp) / n - 0.5) < 0.05  # mean 1/lambda
    logn = tensors.zeros(n).log_normal_(0.0, 0.5).tolist()
    assert min(logn) > 0 and abs(sorted(logn)[n // 2] - 1.0) < 0.05  # median exp(mean)
    cau = sorted(tensors.zeros(n).cauchy_(3.0, 1.0).tolist())
    assert abs(cau[n // 2] - 3.0) < 0.15 and abs(cau[3 * n // 4] - 4.0) < 0.25  # quartiles


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.zeros(3).cauchy_(0, 0),
        lambda m: m.zeros(3).cauchy_(0, -0.5),
        lambda m: m.zeros(3, dtype=m.int32).cauchy_(),
        lambda m: m.zeros(3).exponential_(-1.5),
        lambda m: m.zeros(3, dtype=m.int16).exponential_(),
        lambda m: m.zeros(3).geometric_(1),
        lambda m: m.zeros(3).geometric_(-1),
        lambda m: m.zeros(3, dtype=m.bool).geometric_(0.5),
        lambda m: m.zeros(3).log_normal_(0, 0),
        lambda m: m.zeros(3, dtype=m.uint8).log_normal_(),
        lambda m: m.zeros(3).normal_(0, -1e-20),
        lambda m: m.zeros(3).uniform_(3.5, -1.25),
    ],
)
def test_random_fill_errors(call):
    x = tensors.zeros(1)
    same_error(lambda: call(tensors), lambda: call(torch))
    assert x.tolist() == [0.0]


def test_bernoulli_is_recorded_with_a_zero_gradient():
    p = torch.tensor([0.2, 0.9, 0.5], dtype=torch.float64, requires_grad=True)
    q = from_torch(p)
    a, b = torch.bernoulli(p), tensors.bernoulli(q)
    assert type(b.grad_fn).__name__ == type(a.grad_fn).__name__ == "BernoulliBackward0"
    (b * tensors.tensor([1.0, 2.0, 3.0], dtype=tensors.float64)).sum().backward()
    assert q.grad.tolist() == [0.0, 0.0, 0.0]
    same_error(
        lambda: tensors.bernoulli(tensors.rand(6), out=tensors.rand(1).expand(6)),
        lambda: torch.bernoulli(torch.rand(6), out=torch.rand(1).expand(6)),
    )


# -- views ----------------------------------------------------------------------------------

VIEWS = [
    lambda m, x: [x.unflatten(1, (2, -1))],
    lambda m, x: [m.unflatten(x, -1, (1, 6))],
    lambda m, x: [x.H],
    lambda m, x: [x.mH],
    lambda m, x: [x.adjoint()],
    lambda m, x: [m.adjoint(x)],
    lambda m, x: list(m.unsafe_split(x, 2, 1)),
    lambda m, x: list(x.unsafe_chunk(3, 1)),
    lambda m, x: list(m.split_with_sizes(x, [1, 4, 1], 1)),
    lambda m, x: list(x.split_with_sizes([2, 0], 0)),
]


@pytest.mark.parametrize("view", VIEWS)
def test_new_views_share_the_storage_and_follow_pytorch(view):
    x = torch.arange(12.0, dtype=torch.float64).reshape(2, 6).requires_grad_()
    y = from_torch(x)
    theirs, ours = view(torch, x), view(tensors, y)
    assert len(ours) == len(theirs)
    w = [torch.arange(float(t.numel()), dtype=torch.float64).reshape(t.shape) - 2 for t in theirs]
    for a, b in zip(ours, theirs):
        assert a.shape == b.shape and a.stride() == b.stride()
        assert a.storage_offset() == b.storage_offset()
        assert type(a.grad_fn).__name__ == type(b.grad_fn).__name__
        assert_close(a, b)
    want = torch.autograd.grad(sum((t * v).sum() for t, v in zip(theirs, w)), x)[0]
    got = tensors.autograd.grad(sum((t * from_torch(v)).sum() for t, v in zip(ours, w)), y)[0]
    assert_close(got, want, zero_sign=False)
    base = tensors.arange(12.0).reshape(2, 6)
    pieces = view(tensors, base)
    base.mul_(10)
    for a, b in zip(pieces, view(torch, torch.arange(12.0).reshape(2, 6) * 10)):
        assert a.tolist() == b.tolist()  # a write to the base shows through every view


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.zeros(8).unflatten(0, []),
        lambda m: m.zeros(8).unflatten(0, [2, 2]),
        lambda m: m.zeros(8).unflatten(1, [8]),
        lambda m: m.zeros(3).H,
        lambda m: m.zeros(3, 2, 2).H,
        lambda m: m.zeros(3).mH,
        lambda m: m.zeros(3).adjoint(),
        lambda m: m.split_with_sizes(m.zeros(5), [1, -1, 5]),
        lambda m: m.split_with_sizes(m.zeros(5), [1, 3]),
        lambda m: m.unsafe_chunk(m.zeros(5), 0),
        lambda m: m.unsafe_split(m.zeros(5), -1),
        lambda m: m.narrow(m.zeros(3), 0, m.tensor(1.0), 1),
        lambda m: m.narrow(m.zeros(3), 0, m.tensor([1]), 1),
        lambda m: m.zeros(2).masked_fill(m.tensor([True, False]), 1j),
        lambda m: m.zeros(2, dtype=m.int16).masked_fill(m.tensor([True, False]), 1j),
    ],
)
def test_view_and_argument_errors(call):
    same_error(lambda: call(tensors), lambda: call(torch))


def test_pieces_of_unsafe_split_may_be_changed_in_place():
    x = tensors.zeros(4, 4, requires_grad=True).clone()
    piece = tensors.unsafe_split(x, 2)[0]
    piece.mul_(2)  # split's pieces refuse this; unsafe_split's, as PyTorch's, do not
    with pytest.raises(RuntimeError):
        tensors.split(x, 2)[0].mul_(2)


# -- out= -------------------------------------------------------------------------------------


def _with_out(m, name):
    src = m.arange(6.0)
    ind = m.tensor([2, 1, 0])
    empty = m.zeros(0)
    return {
        "gather_dtype": lambda: m.gather(
            m.ones(2, 2), 1, m.zeros(2, 2, dtype=m.int64), out=m.ones(2, 2, dtype=m.float64)
        ),
        "gather_expanded": lambda: m.gather(src, 0, ind, out=m.zeros(1).expand(3)),
        "gather_same": lambda: m.gather(src[:3], 0, ind, out=src[:3]),
        "gather_index_overlap": lambda: m.gather(ind.clone(), 0, ind[1:], out=ind[:1]),
        "take_overlap": lambda: m.take(src, ind, out=src),
        "index_select_expanded": lambda: m.index_select(
            m.ones(3, 6), 1, m.tensor([0, 1]), out=m.zeros(1, 6).expand(2, 6)
        ),
        "masked_select_overlap": lambda: m.masked_select(src, src > 2, out=src),
        "multinomial_dtype": lambda: m.multinomial(m.ones(1, 2), 2, out=m.zeros(1, 2)),
        "cat_empty_out_is_an_input": lambda: m.cat((empty, m.ones(4, 6)), dim=0, out=empty),
    }[name]


@pytest.mark.parametrize(
    "name",
    [
        "gather_dtype",
        "gather_expanded",
        "gather_same",
        "gather_index_overlap",
        "take_overlap",
        "index_select_expanded",
        "masked_select_overlap",
        "multinomial_dtype",
        "cat_empty_out_is_an_input",
    ],
)
def test_out_errors_in_pytorchs_words(name):
    same_error(_with_out(tensors, name), _with_out(torch, name))


def test_out_is_written_in_place():
    out = tensors.zeros(3, dtype=tensors.float64)
    x = tensors.tensor([4.0, 5.0, 6.0], dtype=tensors.float64)
    assert tensors.take(x, tensors.tensor([2, 0, 1]), out=out) is out
    assert out.tolist() == [6.0, 4.0, 5.0] and out._version == 1
    idx = tensors.zeros(0, dtype=tensors.int64)
    assert tensors.multinomial(tensors.tensor([0.0, 1.0]), 2, True, out=idx).tolist() == [1, 1]


# -- normalisations with their statistics ----------------------------------------------------


def test_native_norms_give_pytorchs_statistics():
    g = torch.Generator().manual_seed(3)
    x = torch.randn(2, 6, 3, dtype=torch.float64, generator=g, requires_grad=True)
    w = torch.randn(6, dtype=torch.float64, generator=g, requires_grad=True)
    y, v = from_torch(x), from_torch(w)
    for ours, theirs in (
        (
            tensors.native_group_norm(y, v, None, 2, 6, 3, 3, 1e-5),
            torch.native_group_norm(x, w, None, 2, 6, 3, 3, 1e-5),
        ),
        (
            tensors.native_layer_norm(y, [6, 3], None, None, 1e-5),
            torch.native_layer_norm(x, [6, 3], None, None, 1e-5),
        ),
        (
            tensors.native_batch_norm(y, v, None, None, None, True, 0.1, 1e-5),
            torch.native_batch_norm(x, w, None, None, None, True, 0.1, 1e-5),
        ),
    ):
        for a, b in zip(ours, theirs):
            assert_close(a, b, rtol=1e-12, atol=1e-12)
            assert a.requires_grad == b.requires_grad
            assert type(a.grad_fn).__name__ == type(b.grad_fn).__name__
    out, mean, rstd = tensors.native_group_norm(y, v, None, 2, 6, 3, 3, 1e-5)
    want = torch.autograd.grad(
        sum(
            t.sum() * k
            for k, t in enumerate(torch.native_group_norm(x, w, None, 2, 6, 3, 3, 1e-5), 1)
        ),
        [x, w],
    )
    got = tensors.autograd.grad(out.sum() + mean.sum() * 2 + rstd.sum() * 3, [y, v])
    for a, b in zip(got, want):
        assert_close(a, b, rtol=1e-10, atol=1e-12)
    running = tensors.zeros(6, dtype=tensors.float64), tensors.ones(6, dtype=tensors.float64)
    _, m, s = tensors.native_batch_norm(y, None, None, *running, False, 0.1, 1e-5)
    assert m.shape == s.shape == (0,)


def test_constant_pad_nd_is_pad_with_a_constant():
    x = torch.arange(6.0).reshape(2, 3).requires_grad_()
    y = from_torch(x)
    a, b = (
        tensors.constant_pad_nd(y, [1, -1, 2, 0], 0.5),
        torch.constant_pad_nd(x, [1, -1, 2, 0], 0.5),
    )
    assert_close(a, b)
    assert type(a.grad_fn).__name__ == type(b.grad_fn).__name__ == "ConstantPadNdBackward0"


# -- grid samplers ----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0, 1])
@pytest.mark.parametrize("padding", [0, 1, 2])
@pytest.mark.parametrize("align", [False, True])
@pytest.mark.parametrize("k", [2, 3])
def test_grid_samplers_against_pytorch(mode, padding, align, k):
    # Below the operator database's cap, grid points inside, on and beyond the edges.
    g = torch.Generator().manual_seed(10 * mode + padding + 100 * k + align)
    sizes = (3, 4) if k == 2 else (2, 3, 3)
    x = torch.randn(2, 2, *sizes, dtype=torch.float64, generator=g, requires_grad=True)
    points = (3, 4) if k == 2 else (2, 2, 3)
    grid = (
        torch.rand(2, *points, k, dtype=torch.float64, generator=g) * 3.2 - 1.6
    ).requires_grad_()
    fn = torch.grid_sampler_2d if k == 2 else torch.grid_sampler_3d
    ours_fn = tensors.grid_sampler_2d if k == 2 else tensors.grid_sampler_3d
    theirs = fn(x, grid, mode, padding, align)
    y, h = from_torch(x), from_torch(grid)
    ours = ours_fn(y, h, mode, padding, align)
    assert_close(ours, theirs, rtol=1e-12, atol=1e-12)
    assert type(ours.grad_fn).__name__ == type(theirs.grad_fn).__name__
    w = torch.randn(theirs.shape, dtype=torch.float64, generator=g)
    want = torch.autograd.grad((theirs * w).sum(), [x, grid])
    got = tensors.autograd.grad((ours * from_torch(w)).sum(), [y, h], materialize_grads=True)
    for a, b in zip(got, want):
        assert_close(a, b, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.grid_sampler_3d(m.zeros(1, 1, 2, 2, 2), m.zeros(1, 1, 1, 1, 3), 2, 0, False),
        lambda m: m.grid_sampler_3d(m.zeros(1, 2, 2, 2), m.zeros(1, 1, 1, 1, 3), 0, 0, False),
        lambda m: m.grid_sampler_3d(m.zeros(1, 1, 2, 2, 2), m.zeros(1, 1, 1, 1, 2), 0, 0, False),
        lambda m: m.grid_sampler_3d(m.zeros(2, 1, 2, 2, 2), m.zeros(1, 1, 1, 1, 3), 0, 0, False),
        lambda m: m.grid_sampler_2d(
            m.zeros(1, 1, 2, 2), m.zeros(1, 1, 1, 2, dtype=m.float64), 0, 0, False
        ),
    ],
)
def test_grid_sampler_errors(call):
    same_error(lambda: call(tensors), lambda: call(torch))


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.floats(-1.4, 1.4), min_size=6, max_size=6),
    st.sampled_from([0, 1, 2]),
    st.booleans(),
)
def test_grid_sampler_gradients_match_central_differences(coords, padding, align):
    # Away from the kinks (a coordinate on a whole position, or at a clip or a fold),
    # where the central difference straddles two pieces.
    def near_kink(c, size):
        pos = ((c + 1) / 2) * (size - 1) if align else ((c + 1) * size - 1) / 2
        return abs(pos - round(pos)) < 1e-3 or any(abs(pos - b) < 1e-3 for b in (-0.5, size - 0.5))

    if any(near_kink(c, 3) for c in coords):
        return
    x = tensors.tensor(
        [[[[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [3.0, -2.0, 1.0]]]], dtype=tensors.float64
    )
    x.requires_grad_()
    grid = tensors.tensor(coords, dtype=tensors.float64).reshape(1, 1, 3, 2).requires_grad_()
    assert tensor_gradcheck(
        lambda a, b: tensors.grid_sampler_2d(a, b, 0, padding, align), [x, grid]
    )


@settings(max_examples=15, deadline=None)
@given(st.lists(st.floats(-3, 3), min_size=12, max_size=12), st.floats(-2, 2))
def test_gradients_of_the_new_ops_match_central_differences(numbers, value):
    x = tensors.tensor(numbers, dtype=tensors.float64).reshape(2, 6).requires_grad_()
    v = tensors.tensor(value, dtype=tensors.float64, requires_grad=True)
    assert tensor_gradcheck(lambda a: a.unflatten(1, (3, 2)) * a.reshape(2, 3, 2), [x])
    assert tensor_gradcheck(
        lambda a: [p * (k + 1) for k, p in enumerate(a.split_with_sizes([2, 4], 1))], [x]
    )
    assert tensor_gradcheck(lambda a: [p * p for p in tensors.unsafe_chunk(a, 2, 1)], [x])
    assert tensor_gradcheck(lambda a: a.mH @ a, [x])
    assert tensor_gradcheck(lambda a, b: tensors.fill(a, b) * a, [x, v])
    assert tensor_gradcheck(lambda a: tensors.constant_pad_nd(a, [1, -2], 0.5) * 3, [x])
    if max(numbers[:6]) - min(numbers[:6]) > 0.1 and max(numbers[6:]) - min(numbers[6:]) > 0.1:
        # groups far from constant, where the statistics are smooth
        assert tensor_gradcheck(
            lambda a: list(
                tensors.native_group_norm(a.reshape(2, 2, 3), None, None, 2, 2, 3, 1, 1e-5)
            ),
            [x],
        )
