"""BatchNorm, LayerNorm, Embedding, Dropout: gradients by central differences
(hypothesis) and their bookkeeping (no torch needed)."""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

import tensors as torch
import tensors.nn.functional as F
from tensors.testing import exact_floats, tensor_gradcheck, tensors

SMOOTH = exact_floats(-2.0, 2.0)


def leaf(shape: Any) -> Any:
    return tensors(shape, SMOOTH, requires_grad=True)


def spread(t: Any, size: int) -> bool:
    # The normalised groups need some spread: at var = 0 the result is flat and
    # 1/sqrt(eps) magnifies the central differences' rounding.
    xs = [v.data for v in t.values()]
    groups = [xs[i : i + size] for i in range(0, len(xs), size)]
    return all(max(g) - min(g) > 0.25 for g in groups)


@given(data=st.data(), n=st.integers(2, 4), c=st.integers(1, 3), length=st.integers(0, 2))
def test_batch_norm_passes_gradcheck(data: Any, n: int, c: int, length: int) -> None:
    shape = (n, c) + ((length,) if length else ())
    x = data.draw(leaf(shape))
    w, b = data.draw(leaf((c,))), data.draw(leaf((c,)))
    channels = x.transpose(0, 1).reshape(c, -1)
    assume(spread(channels, channels.shape[1]))
    training = data.draw(st.booleans())
    fn = lambda x, w, b: F.batch_norm(  # noqa: E731
        x, torch.zeros(c), torch.ones(c) * 2, w, b, training, 0.1, 1e-5
    )
    assert tensor_gradcheck(fn, [x, w, b], atol=1e-4)


@given(data=st.data(), rows=st.integers(1, 3), width=st.integers(2, 4), two=st.booleans())
def test_layer_norm_passes_gradcheck(data: Any, rows: int, width: int, two: bool) -> None:
    norm = (2, width) if two else (width,)
    x = data.draw(leaf((rows,) + norm))
    w, b = data.draw(leaf(norm)), data.draw(leaf(norm))
    assume(spread(x, 2 * width if two else width))
    assert tensor_gradcheck(lambda x, w, b: F.layer_norm(x, norm, w, b), [x, w, b], atol=1e-4)


@given(data=st.data(), padding=st.sampled_from([None, 3]))
def test_embedding_passes_gradcheck(data: Any, padding: Any) -> None:
    # The padding row's gradient is 0 by PyTorch's choice, not the derivative (tested
    # below), so the indices here stay off it.
    w = data.draw(leaf((4, 3)))
    idx = torch.tensor(data.draw(st.lists(st.integers(0, 2), min_size=1, max_size=5)))
    assert tensor_gradcheck(lambda w: F.embedding(idx, w, padding), [w])


@given(data=st.data(), p=st.sampled_from([0.2, 0.5, 0.9]), seed=st.integers(0, 100))
def test_dropout_passes_gradcheck(data: Any, p: float, seed: int) -> None:
    x = data.draw(leaf((2, 3)))

    def fn(x: Any) -> Any:
        torch.manual_seed(seed)  # the same mask on every call
        return F.dropout(x, p)

    assert tensor_gradcheck(fn, [x])


def test_batch_norm_eval_uses_running_statistics() -> None:
    bn = torch.nn.BatchNorm1d(2)
    x = torch.tensor([[1.0, 10.0], [3.0, 30.0]])
    bn(x)
    assert [round(v, 6) for v in bn.running_mean.tolist()] == [0.2, 2.0]
    assert [round(v, 6) for v in bn.running_var.tolist()] == [1.1, 20.9]
    bn.eval()
    out = bn(x)
    expected = [
        [(a - m) / (v + 1e-5) ** 0.5 for a, m, v in zip(row, [0.2, 2.0], [1.1, 20.9])]
        for row in x.tolist()
    ]
    assert all(abs(a - b) < 1e-5 for r, e in zip(out.tolist(), expected) for a, b in zip(r, e))
    assert bn.num_batches_tracked.item() == 1  # eval does not count


def test_embedding_padding_row_gets_no_gradient() -> None:
    emb = torch.nn.Embedding(3, 2, padding_idx=1)
    emb(torch.tensor([1, 1, 2])).sum().backward()
    assert emb.weight.grad.tolist() == [[0.0, 0.0], [0.0, 0.0], [1.0, 1.0]]


def test_a_small_model_with_every_layer_trains() -> None:
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Conv1d(2, 3, 3, padding=1),
        torch.nn.BatchNorm1d(3),
        torch.nn.ReLU(),
        torch.nn.Dropout(0.1),
        torch.nn.Flatten(),
        torch.nn.LayerNorm(12),
        torch.nn.Linear(12, 1),
    )
    x, y = torch.randn(6, 2, 4), torch.randn(6, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    losses = []
    for _ in range(25):
        opt.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0] * 0.5
