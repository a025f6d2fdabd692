"""Aliases and copies beside PyTorch: what shares a storage (views, detach, .data,
state dicts, loaded views) and what is a copy (clone, optimizer buffers, deepcopy,
collated batches); the refusals of writes into expanded tensors; hooks on views;
and the other behaviours found with the same probes."""

from __future__ import annotations

import copy
import io
import math

import numpy as np
import pytest

import tensors

torch = pytest.importorskip("torch")


def numbers(t) -> list:
    return [(x, math.copysign(1.0, x)) for x in t.detach().reshape(-1).tolist()]


EXPANDED_WRITES = {
    "add_": lambda lib: lib.zeros(1, 3).expand(2, 3).add_(lib.ones(2, 3)),
    "mul_ by a number": lambda lib: lib.zeros(1, 3).expand(2, 3).mul_(2),
    "setitem of a slice": lambda lib: (
        lib.zeros(3, 1).expand(3, 4).__setitem__((slice(None), slice(1, 3)), 1.0)
    ),
    "fill_": lambda lib: lib.zeros(1).expand(4).fill_(2.0),
    "copy_": lambda lib: lib.zeros(1).expand(4).copy_(lib.arange(4.0)),
    "out=": lambda lib: lib.add(lib.ones(3), 1, out=lib.zeros(1, 3).expand(2, 3)),
    "zero_": lambda lib: lib.ones(1).expand(3).zero_(),
}


def outcome(call, lib) -> tuple:
    try:
        return ("value", numbers(call(lib)))
    except Exception as e:  # noqa: BLE001 - the error is the outcome compared
        return type(e).__name__, str(e)


@pytest.mark.parametrize("name", list(EXPANDED_WRITES))
def test_writing_into_an_expanded_tensor_as_pytorch(name: str) -> None:
    # refused (most writes) or done (fill_ and zero_ write one number everywhere)
    call = EXPANDED_WRITES[name]
    assert outcome(call, tensors) == outcome(call, torch)


def test_a_refused_write_into_an_expanded_tensor_changes_nothing() -> None:
    base = tensors.zeros(1, 3)
    with pytest.raises(RuntimeError, match="more than one element"):
        base.expand(2, 3).add_(tensors.ones(2, 3))
    assert base.tolist() == [[0.0, 0.0, 0.0]] and base._version == 0


def test_a_row_of_an_expanded_tensor_is_written_and_seen_by_every_row() -> None:
    def run(lib):
        base = lib.zeros(1, 3)
        e = base.expand(2, 3)
        e[0] = lib.tensor([1.0, 2.0, 3.0])
        return numbers(e), numbers(base)

    assert run(tensors) == run(torch)


def test_index_put_on_an_expanded_tensor_warns_as_pytorch() -> None:
    for lib in (tensors, torch):
        e = lib.zeros(1, 3).expand(2, 3)
        with pytest.warns(UserWarning, match="Use of index_put_ on expanded tensors is deprecated"):
            e[[0, 1]] = 2.0


def test_the_issue_examples() -> None:
    def view_after_mul_(lib):
        x = lib.arange(4.0, requires_grad=True)
        y = x * 1
        v = y[1:]
        y.mul_(2)
        v.sum().backward()
        return numbers(v), numbers(x.grad)

    assert view_after_mul_(tensors) == view_after_mul_(torch)

    def hook_on_an_unused_view(lib):
        x = lib.arange(4.0, requires_grad=True)
        y = x * 1
        v = y[1:3]
        calls = []
        v.register_hook(lambda g: calls.append(1) or g * 100)
        y.sum().backward()
        return numbers(x.grad), calls

    assert hook_on_an_unused_view(tensors) == hook_on_an_unused_view(torch)


def test_hooks_and_retain_grad_on_a_view_see_the_gradient_through_it_only() -> None:
    def run(lib):
        x = lib.arange(4.0, requires_grad=True)
        y = x * 1
        v = y[1:3]
        seen = []
        v.register_hook(lambda g: seen.append(numbers(g)) or g * 10)
        w = y.view(2, 2)
        w.retain_grad()
        loss = y.sum() + (v * lib.tensor([1.0, -2.0])).sum() + (w * 3).sum()
        loss.backward()
        return numbers(x.grad), seen, numbers(w.grad)

    assert run(tensors) == run(torch)


def test_retain_grad_on_a_view_after_its_use_as_makemore_calls_it() -> None:
    # retain_grad() after the forward pass, on a view used once (makemore part 4).
    def run(lib):
        emb = lib.arange(6.0, requires_grad=True) * 1
        cat = emb.view(2, 3)
        h = (cat * lib.tensor([1.0, 2.0, 3.0])).sum()
        for t in (cat, emb):
            t.retain_grad()
        h.backward()
        return numbers(cat.grad), numbers(emb.grad)

    assert run(tensors) == run(torch)


def test_sgd_momentum_buffer_is_a_copy_of_the_first_gradient() -> None:
    def run(lib):
        w = lib.nn.Parameter(lib.tensor([0.5], dtype=lib.float64))
        opt = lib.optim.SGD([w], lr=0.1, momentum=0.9)
        for _ in range(3):
            (w * 2).sum().backward()  # no zero_grad: the gradients pile up
            opt.step()
        return numbers(w)

    assert run(tensors) == run(torch)


def test_deepcopy_copies_grad_and_keeps_sharing_within_one_call() -> None:
    def run(lib):
        p = lib.tensor([1.0, 2.0], requires_grad=True)
        p.grad = lib.tensor([3.0, 4.0])
        q = copy.deepcopy(p)
        q.grad.add_(1)
        param = lib.nn.Parameter(lib.tensor([1.0]))
        param.grad = lib.tensor([2.0])
        assert copy.deepcopy(param).grad is None  # a Parameter's deepcopy leaves .grad
        base = lib.arange(4.0)
        pair = copy.deepcopy({"a": base, "v": base[1:3]})
        pair["v"].mul_(10)
        return numbers(p.grad), numbers(q.grad), numbers(pair["a"]), numbers(base)

    assert run(tensors) == run(torch)


def test_views_saved_together_load_as_views_of_one_storage() -> None:
    def run(lib):
        x = lib.arange(5.0)
        buffer = io.BytesIO()
        lib.save({"a": x, "v": x[1:3], "t": x[:4].view(2, 2).t()}, buffer)
        buffer.seek(0)
        d = lib.load(buffer)
        d["v"].mul_(10)
        return (
            numbers(d["a"]),
            numbers(d["t"]),
            d["t"].stride(),
            d["t"].storage_offset(),
            d["v"].untyped_storage().data_ptr() == d["a"].untyped_storage().data_ptr(),
        )

    assert run(tensors) == run(torch)


def test_a_record_whose_layout_reads_past_its_cells_is_refused() -> None:
    from tensors._tensor_storage import _rebuild_view, _StorageRecord

    with pytest.raises(RuntimeError, match="out of bounds for storage of size 12"):
        _rebuild_view(_StorageRecord([1.0, 2.0, 3.0]), (0, (2, 2), (2, 1)), tensors.float32, False)
    with pytest.raises(RuntimeError, match="setStorage"):
        _rebuild_view(_StorageRecord([1.0]), (1, (1,), (1,)), tensors.float64, False)


def test_load_reads_sets_bytes_and_complex_numbers_that_save_wrote() -> None:
    obj = {"s": {1, 2}, "b": b"xy", "c": 1 + 2j}
    for lib in (tensors, torch):
        buffer = io.BytesIO()
        lib.save(obj, buffer)
        buffer.seek(0)
        assert lib.load(buffer) == obj


def test_state_dict_tensors_share_their_parameters_storage() -> None:
    def run(lib):
        lib.manual_seed(0)
        net = lib.nn.Linear(2, 1)
        sd = net.state_dict()
        with lib.no_grad():
            net.weight.fill_(0.25)
        return numbers(sd["weight"]), sd["weight"].requires_grad

    assert run(tensors) == run(torch)


def test_writes_through_data_of_a_parameter_are_allowed() -> None:
    def run(lib):
        p = lib.nn.Parameter(lib.ones(3))
        p.data[:] += 1
        p.data[1:] *= 3
        return numbers(p), p._version

    assert run(tensors)[0] == run(torch)[0]


def test_detach_shares_storage_both_ways() -> None:
    def run(lib):
        x = lib.arange(3.0, requires_grad=True)
        d = x.detach()
        with lib.no_grad():
            x.mul_(2)
        d[0] = 7.0
        return numbers(d), numbers(x), x._version, d._version, d.data_ptr() == x.data_ptr()

    assert run(tensors) == run(torch)


def test_function_apply_tracks_a_tensor_passed_by_keyword() -> None:
    def run(lib):
        class Scale(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x, k=2.0):
                ctx.k = k
                return x * k

            @staticmethod
            def backward(ctx, g):
                return g * ctx.k, None

        x = lib.tensor([1.0, -3.0], requires_grad=True)
        y = Scale.apply(x=x, k=3.0)
        y.sum().backward()
        return numbers(y), numbers(x.grad), type(y.grad_fn).__name__

    assert run(tensors) == run(torch)


def test_gradcheck_failure_is_a_runtime_error() -> None:
    for lib in (tensors, torch):

        class Wrong(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2

            @staticmethod
            def backward(ctx, g):
                return g * 3

        x = lib.ones(2, dtype=lib.float64, requires_grad=True)
        with pytest.raises(RuntimeError, match="Jacobian mismatch"):
            lib.autograd.gradcheck(Wrong.apply, (x,))


def test_default_collate_takes_numpy_scalars_and_copies_tensors() -> None:
    from torch.utils.data import default_collate as theirs

    from tensors.utils.data import default_collate as ours

    for batch in ([np.int64(3), np.int64(4)], [np.float32(1.5), np.float32(-0.0)]):
        a, b = ours(batch), theirs(batch)
        assert numbers(a) == numbers(b) and str(a.dtype) == str(b.dtype)
    x = tensors.ones(2)
    ours([x, x]).add_(1)
    assert x.tolist() == [1.0, 1.0]


def test_explain_gradient_refuses_a_long_chain_before_listing_paths() -> None:
    import viz
    from autograd_scalar import Value
    from viz.explain import _on_paths, _paths

    x = Value(1.0)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    with pytest.raises(viz.GraphTooLargeError, match="100001 Values"):
        viz.explain_gradient(y, x)
    # Below any limit, the one path of a long chain is listed whole.
    on = _on_paths(y, x, {})
    (path,), edges = _paths(y, x, on, 3, {})
    assert len(path.values) == 100_001 and len(edges) == 100_000 and path.product == 1.0
