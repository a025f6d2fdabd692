"""BatchNorm1d, LayerNorm, Embedding and Dropout against torch: values, gradients,
running statistics, reprs, state_dict keys and messages."""

import pytest
from _outcome import errors_of

import tensors
from tensors import nn
from tensors.testing import assert_close, from_torch

torch = pytest.importorskip("torch")
F, TF = tensors.nn.functional, torch.nn.functional


def _pair(*shape, seed=0):
    torch.manual_seed(seed)
    t = torch.randn(*shape, dtype=torch.float64, requires_grad=True)
    return t, from_torch(t)


def _check_grads(ours, theirs, our_inputs, their_inputs, seed=0):
    assert_close(ours, theirs, rtol=1e-10, atol=1e-12)
    torch.manual_seed(seed)
    seed_t = torch.randn(theirs.shape, dtype=torch.float64)
    (theirs * seed_t).sum().backward()
    (ours * from_torch(seed_t)).sum().backward()
    for a, b in zip(our_inputs, their_inputs):
        if b is not None and b.requires_grad:
            assert_close(a.grad, b.grad, rtol=1e-9, atol=1e-11)


def _copy_module(theirs, ours):
    ours.load_state_dict({k: from_torch(v) for k, v in theirs.state_dict().items()})


@pytest.mark.parametrize("shape", [(4, 3), (5, 3, 4), (2, 3)])
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"affine": False},
        {"momentum": None},
        {"momentum": 0.3, "eps": 1e-3},
        {"track_running_stats": False},
        {"bias": False},
    ],
)
def test_batch_norm_trains_and_evaluates_as_torch(shape, kwargs):
    theirs = torch.nn.BatchNorm1d(3, dtype=torch.float64, **kwargs)
    ours = nn.BatchNorm1d(3, dtype=tensors.float64, **kwargs)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    params = lambda m: [m.weight, m.bias]  # noqa: E731
    for step in range(3):  # running statistics over several batches
        xt, x = _pair(*shape, seed=step)
        out, out_t = ours(x), theirs(xt)
        assert out.grad_fn.name() == out_t.grad_fn.name() == "NativeBatchNormBackward0"
        assert len(out.grad_fn.next_functions) == len(out_t.grad_fn.next_functions) == 3
        _check_grads(out, out_t, [x] + params(ours), [xt] + params(theirs), seed=step)
        for name, buf in theirs.state_dict().items():
            if name.startswith(("running", "num")):
                assert_close(ours.state_dict()[name], buf, rtol=1e-12, atol=1e-14)
        ours.zero_grad()
        theirs.zero_grad()
    ours.eval()
    theirs.eval()
    xt, x = _pair(*shape, seed=9)
    _check_grads(ours(x), theirs(xt), [x] + params(ours), [xt] + params(theirs), seed=9)


def test_batch_norm_functional_matches_torch_with_trained_statistics():
    xt, x = _pair(6, 2, 3, seed=1)
    wt, w = _pair(2, seed=2)
    bt, b = _pair(2, seed=3)
    rm_t, rv_t = torch.tensor([0.5, -1.0], dtype=torch.float64), torch.tensor([2.0, 0.25])
    rv_t = rv_t.double()
    rm, rv = from_torch(rm_t), from_torch(rv_t)
    for training in (True, False):
        theirs = TF.batch_norm(xt, rm_t, rv_t, wt, bt, training, 0.2, 1e-4)
        ours = F.batch_norm(x, rm, rv, w, b, training, 0.2, 1e-4)
        _check_grads(ours, theirs, [x, w, b], [xt, wt, bt])
        assert_close(rm, rm_t, rtol=1e-13)
        assert_close(rv, rv_t, rtol=1e-13)
        for t in (x, w, b, xt, wt, bt):
            t.grad = None


@pytest.mark.parametrize(
    "call",
    [
        lambda L: L.nn.BatchNorm1d(3)(L.ones(1, 3)),
        lambda L: L.nn.BatchNorm1d(3)(L.ones(2, 3, 4, 5)),
        lambda L: L.nn.functional.layer_norm(L.ones(2, 3, 6), [7]),
        lambda L: L.nn.functional.layer_norm(L.ones(2, 3, 6), [3, 6], weight=L.ones(6)),
        lambda L: L.nn.functional.layer_norm(L.ones(2, 3, 6), [6], bias=L.ones(3)),
        lambda L: L.nn.functional.dropout(L.ones(2), 1.5),
        lambda L: L.nn.Dropout(-0.1),
        lambda L: L.nn.Embedding(5, 2)(L.tensor([5])),
        lambda L: L.nn.Embedding(5, 2)(L.tensor([-1])),
        lambda L: L.nn.Embedding(5, 2)(L.tensor([1.0])),
        lambda L: L.nn.Embedding(5, 2, padding_idx=5),
        lambda L: L.nn.Embedding(5, 2, padding_idx=-6),
    ],
)
def test_messages_match_torch(call):
    caught = errors_of(call, tensors, torch)
    assert caught[0] == caught[1]


@pytest.mark.parametrize(
    "shape,norm", [((4, 5), (5,)), ((2, 3, 4), (4,)), ((2, 3, 4), (3, 4)), ((6,), (6,))]
)
@pytest.mark.parametrize("kwargs", [{}, {"elementwise_affine": False}, {"bias": False}])
def test_layer_norm_matches_torch(shape, norm, kwargs):
    theirs = torch.nn.LayerNorm(norm, eps=1e-4, dtype=torch.float64, **kwargs)
    ours = nn.LayerNorm(norm, eps=1e-4, dtype=tensors.float64, **kwargs)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    with torch.no_grad():
        for p in theirs.parameters():
            p.add_(torch.randn(p.shape, dtype=torch.float64))
    _copy_module(theirs, ours)
    xt, x = _pair(*shape, seed=4)
    out, out_t = ours(x), theirs(xt)
    assert out.grad_fn.name() == out_t.grad_fn.name() == "NativeLayerNormBackward0"
    assert [n is None for n, _ in out.grad_fn.next_functions] == [
        n is None for n, _ in out_t.grad_fn.next_functions
    ]
    _check_grads(out, out_t, [x, ours.weight, ours.bias], [xt, theirs.weight, theirs.bias])


@pytest.mark.parametrize("padding_idx", [None, 0, 3, -1])
def test_embedding_matches_torch(padding_idx):
    theirs = torch.nn.Embedding(4, 3, padding_idx=padding_idx, dtype=torch.float64)
    ours = nn.Embedding(4, 3, padding_idx=padding_idx, dtype=tensors.float64)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert ours.padding_idx == theirs.padding_idx
    if padding_idx is not None:
        assert ours.weight[padding_idx].tolist() == [0.0, 0.0, 0.0]
    _copy_module(theirs, ours)
    idx = [[0, 3, 3], [1, 0, 2]]
    out, out_t = ours(tensors.tensor(idx)), theirs(torch.tensor(idx))
    assert out.grad_fn.name() == out_t.grad_fn.name() == "EmbeddingBackward0"
    assert len(out.grad_fn.next_functions) == len(out_t.grad_fn.next_functions) == 1
    _check_grads(out, out_t, [ours.weight], [theirs.weight])


def test_embedding_from_pretrained_matches_torch():
    rows = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    for freeze in (True, False):
        ours = nn.Embedding.from_pretrained(tensors.tensor(rows), freeze=freeze)
        theirs = torch.nn.Embedding.from_pretrained(torch.tensor(rows), freeze=freeze)
        assert repr(ours) == repr(theirs)
        assert ours.weight.requires_grad == theirs.weight.requires_grad
        assert ours(tensors.tensor([2, 0])).tolist() == theirs(torch.tensor([2, 0])).tolist()


@pytest.mark.parametrize("p", [0.0, 0.2, 0.5, 1.0])
def test_dropout_matches_torch_in_structure_and_scaling(p):
    theirs, ours = torch.nn.Dropout(p), nn.Dropout(p)
    assert repr(ours) == repr(theirs)
    xt, x = _pair(200, seed=5)
    out, out_t = ours(x), theirs(xt)
    if p == 0.0:
        assert out is x and out_t is xt
        return
    assert out.grad_fn.name() == out_t.grad_fn.name() == "MulBackward0"
    assert [n is None for n, _ in out.grad_fn.next_functions] == [
        n is None for n, _ in out_t.grad_fn.next_functions
    ]
    scale = 0.0 if p == 1.0 else 1.0 / (1.0 - p)
    kept = [o / v for o, v in zip(out.tolist(), x.tolist()) if o != 0.0]
    assert all(abs(k - scale) < 1e-12 for k in kept)
    if 0.0 < p < 1.0:
        assert 0 < len(kept) < 200  # some dropped, some kept
    out.sum().backward()
    # The gradient is the mask: the scale where kept, 0 where dropped.
    assert x.grad.tolist() == [scale if o != 0.0 else 0.0 for o in out.tolist()]
    ours.eval()
    theirs.eval()
    assert ours(x) is x and theirs(xt) is xt


def test_dropout_draws_from_the_project_generator():
    tensors.manual_seed(3)
    a = F.dropout(tensors.ones(50), 0.5).tolist()
    tensors.manual_seed(3)
    b = F.dropout(tensors.ones(50), 0.5).tolist()
    assert a == b and 0.0 in a and 2.0 in a


@pytest.mark.parametrize(
    "op",
    [
        lambda L, x, w: L.nn.functional.layer_norm(x, (4,), w, w * 2),
        lambda L, x, w: L.nn.functional.batch_norm(x, None, None, w, w * 2, True),
    ],
)
@pytest.mark.parametrize("change", ["input", "weight"])
def test_saved_tensors_changed_in_place_are_refused_as_torch(op, change):
    outcomes = []
    for lib in (tensors, torch):
        x = lib.ones(3, 4, requires_grad=True) * lib.arange(4.0)
        w = lib.ones(4, requires_grad=True) * 1
        y = op(lib, x, w)
        with lib.no_grad():
            (x if change == "input" else w).add_(1)
        try:
            y.sum().backward()
            outcomes.append("ok")
        except RuntimeError as e:
            outcomes.append(str(e).split(";")[0])
    assert outcomes[0] == outcomes[1]


def test_embedding_indices_changed_in_place_are_refused_as_torch():
    outcomes = []
    for lib in (tensors, torch):
        w = lib.ones(5, 2, requires_grad=True)
        idx = lib.tensor([1, 2])
        y = lib.nn.functional.embedding(idx, w)
        idx.add_(1)
        with pytest.raises(RuntimeError) as e:
            y.sum().backward()
        outcomes.append(str(e.value).split(";")[0])
    assert outcomes[0] == outcomes[1]
