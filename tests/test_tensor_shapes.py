"""Shapes and indexing without PyTorch: views, joins and indices against plain Python
on nested lists, item assignment, and the strategies of tensors.testing themselves."""

from __future__ import annotations

import itertools
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tensors as torch
from tensors.testing import (
    basic_indices,
    broadcast_shape,
    broadcastable_shapes,
    exact_floats,
    matmul_shapes,
    shapes,
    tensors,
)

# ---------------------------------------------------------------------------------
# Plain Python on nested lists: the reference
# ---------------------------------------------------------------------------------


def flat(data: Any, ndim: int) -> list:
    if ndim == 0:
        return [data]
    for _ in range(ndim - 1):
        data = [x for row in data for x in row]
    return list(data)


def nested(values: list, shape: tuple) -> Any:
    if not shape:
        return values[0]
    step = math.prod(shape[1:])
    return [nested(values[i * step : (i + 1) * step], shape[1:]) for i in range(shape[0])]


def at(data: Any, index: tuple) -> Any:
    for i in index:
        data = data[i]
    return data


def reference_index(data: Any, ndim: int, key: Any) -> Any:
    """Basic indexing (ints, slices, None, ...) on nested lists, by its definition."""
    parts = list(key) if isinstance(key, tuple) else [key]
    specified = sum(1 for k in parts if k is not None and k is not Ellipsis)
    if Ellipsis in parts:
        i = parts.index(Ellipsis)
        parts[i : i + 1] = [slice(None)] * (ndim - specified)
    parts += [slice(None)] * (ndim - sum(1 for k in parts if k is not None))

    def go(x: Any, parts: list) -> Any:
        if not parts:
            return x
        k, rest = parts[0], parts[1:]
        if k is None:
            return [go(x, rest)]
        if isinstance(k, int):
            return go(x[k], rest)
        return [go(x[i], rest) for i in range(*k.indices(len(x)))]

    return go(data, parts)


def reference_shape(shape: tuple, key: Any) -> tuple:
    parts = list(key) if isinstance(key, tuple) else [key]
    specified = sum(1 for k in parts if k is not None and k is not Ellipsis)
    if Ellipsis in parts:
        i = parts.index(Ellipsis)
        parts[i : i + 1] = [slice(None)] * (len(shape) - specified)
    parts += [slice(None)] * (len(shape) - sum(1 for k in parts if k is not None))
    out, dim = [], 0
    for k in parts:
        if k is None:
            out.append(1)
            continue
        if isinstance(k, slice):
            out.append(len(range(*k.indices(shape[dim]))))
        dim += 1
    return tuple(out)


# ---------------------------------------------------------------------------------
# The strategies
# ---------------------------------------------------------------------------------


@given(shapes(min_dims=1, max_dims=3, min_side=2, max_side=3))
def test_shapes_respect_their_bounds(shape: tuple) -> None:
    assert 1 <= len(shape) <= 3 and all(2 <= s <= 3 for s in shape)


@given(broadcastable_shapes(n=3, max_dims=2))
def test_broadcastable_shapes_broadcast(shapes_: tuple) -> None:
    assert len(shapes_) == 3 and all(len(s) <= 2 for s in shapes_)
    assert broadcast_shape(*shapes_) is not None


@given(matmul_shapes(max_batch_dims=2))
def test_matmul_shapes_are_accepted_by_matmul(pair: tuple) -> None:
    a, b = pair
    out = torch.zeros(*a) @ torch.zeros(*b)
    batch = broadcast_shape(a[:-2], b[:-2])
    assert out.shape == batch + a[-2:-1] + b[-1:] if len(a) > 1 and len(b) > 1 else True


@given(data=st.data())
def test_tensors_have_the_shape_dtype_and_elements_asked_for(data: Any) -> None:
    shape = data.draw(shapes(max_side=3))
    dtype = data.draw(st.sampled_from([torch.float32, torch.float64, torch.int64, torch.bool]))
    t = data.draw(tensors(shape, dtype=dtype))
    assert t.shape == shape and t.dtype is dtype and t.is_leaf and not t.requires_grad
    e = data.draw(tensors(shape, exact_floats(-1, 1, 4), requires_grad=True))
    assert all(v.data * 4 == int(v.data * 4) and -1 <= v.data <= 1 for v in e.values())
    assert e.requires_grad
    z = data.draw(tensors((2, 0, 3)))
    assert z.shape == (2, 0, 3)
    with pytest.raises(RuntimeError, match="Only Tensors of floating point"):
        tensors((2,), dtype=torch.int64, requires_grad=True)


def test_broadcast_shape_is_the_rule():
    assert broadcast_shape((2, 1, 4), (3, 1)) == (2, 3, 4)
    assert broadcast_shape((), (2,)) == (2,)
    assert broadcast_shape((2,), (3,)) is None
    assert broadcast_shape() == ()


# ---------------------------------------------------------------------------------
# Views against plain Python
# ---------------------------------------------------------------------------------


@given(data=st.data())
def test_reshape_keeps_the_row_major_order(data: Any) -> None:
    shape = data.draw(shapes())
    x = data.draw(tensors(shape))
    values = flat(x.tolist(), len(shape))
    n = len(values)
    sizes = data.draw(st.sampled_from([(n,), (1, n), (n, 1), (-1,), (1, -1, 1)]))
    target = tuple(n if s == -1 else s for s in sizes)
    for out in (x.reshape(*sizes), x.view(sizes), x.flatten()):
        assert flat(out.tolist(), out.ndim) == values
    assert x.reshape(*sizes).shape == target


@given(data=st.data())
def test_permute_and_transpose_move_elements_as_defined(data: Any) -> None:
    shape = data.draw(shapes(min_dims=1))
    x = data.draw(tensors(shape))
    dims = data.draw(st.permutations(range(len(shape))))
    out = x.permute(*dims)
    assert out.shape == tuple(shape[d] for d in dims)
    for index in itertools.product(*(range(s) for s in out.shape)):
        source = [0] * len(shape)
        for position, d in enumerate(dims):
            source[d] = index[position]
        assert at(out.tolist(), index) == at(x.tolist(), tuple(source))
    d0, d1 = data.draw(st.integers(0, len(shape) - 1)), data.draw(st.integers(0, len(shape) - 1))
    swap = list(range(len(shape)))
    swap[d0], swap[d1] = swap[d1], swap[d0]
    assert x.transpose(d0, d1).tolist() == x.permute(*swap).tolist()


@given(data=st.data())
def test_unsqueeze_squeeze_and_expand(data: Any) -> None:
    shape = data.draw(shapes(max_side=2))
    x = data.draw(tensors(shape))
    d = data.draw(st.integers(-len(shape) - 1, len(shape)))
    u = x.unsqueeze(d)
    assert u.shape == shape[: d % (len(shape) + 1)] + (1,) + shape[d % (len(shape) + 1) :]
    assert u.squeeze(d).shape == shape
    assert x.squeeze().shape == tuple(s for s in shape if s != 1)
    a, b = data.draw(broadcastable_shapes())
    y = data.draw(tensors(a))
    target = broadcast_shape(a, b)
    e = y.expand(*target)
    for index in itertools.product(*(range(s) for s in target)):
        source = tuple(0 if s == 1 else i for s, i in zip(a, index[len(target) - len(a) :]))
        assert at(e.tolist(), index) == at(y.tolist(), source)


@given(data=st.data())
def test_cat_and_stack_join_as_defined(data: Any) -> None:
    shape = data.draw(shapes(min_dims=1))
    d = data.draw(st.integers(0, len(shape) - 1))
    parts = []
    for _ in range(data.draw(st.integers(1, 3))):
        s = list(shape)
        s[d] = data.draw(st.integers(1, 3))
        parts.append(data.draw(tensors(tuple(s))))
    out = torch.cat(parts, d)
    assert out.shape[d] == sum(p.shape[d] for p in parts)
    offset = 0
    for p in parts:
        key = (slice(None),) * d + (slice(offset, offset + p.shape[d]),)
        assert out[key].tolist() == p.tolist()
        offset += p.shape[d]
    same = [data.draw(tensors(shape)) for _ in range(2)]
    k = data.draw(st.integers(0, len(shape)))
    stacked = torch.stack(same, k)
    assert stacked.shape == shape[:k] + (2,) + shape[k:]
    picked = [stacked[(slice(None),) * k + (i,)].tolist() for i in range(2)]
    assert picked == [t.tolist() for t in same]


# ---------------------------------------------------------------------------------
# Indexing against plain Python
# ---------------------------------------------------------------------------------


@given(data=st.data())
def test_basic_indexing_matches_nested_lists(data: Any) -> None:
    shape = data.draw(shapes(min_dims=1))
    x = data.draw(tensors(shape))
    key = data.draw(basic_indices(shape))
    out = x[key]
    assert out.shape == reference_shape(shape, key)
    assert out.tolist() == reference_index(x.tolist(), len(shape), key)


@given(data=st.data())
def test_advanced_indexing_with_lists_and_masks(data: Any) -> None:
    shape = data.draw(shapes(min_dims=1))
    x = data.draw(tensors(shape))
    rows = data.draw(st.lists(st.integers(-shape[0], shape[0] - 1), min_size=1, max_size=4))
    assert x[rows].tolist() == [x.tolist()[r] for r in rows]
    assert x[torch.tensor(rows)].tolist() == [x.tolist()[r] for r in rows]
    mask = x > 0
    expected = [v for v in flat(x.tolist(), len(shape)) if v > 0]
    assert x[mask].tolist() == expected


@given(data=st.data())
def test_item_assignment_writes_exactly_the_indexed_elements(data: Any) -> None:
    shape = data.draw(shapes(min_dims=1))
    x = data.draw(tensors(shape, exact_floats()))
    key = data.draw(basic_indices(shape, allow_none=False))
    target = reference_shape(shape, key)
    value = data.draw(st.one_of(exact_floats(), tensors(target[1:], exact_floats())))
    n = math.prod(shape)
    positions = flat(torch.arange(n).reshape(*shape)[key].tolist(), len(target))
    y = x.clone()
    y[key] = value
    written = value.expand(*target) if not isinstance(value, float) else None
    new = flat(y.tolist(), len(shape))
    old = flat(x.tolist(), len(shape))
    for i in range(n):
        if i not in positions:
            assert new[i] == old[i]
    got = flat(y[key].tolist(), len(target)) if target else [y[key].item()]
    if written is None:
        assert all(v == value for v in got)
    else:
        assert got == flat(written.tolist(), len(target))


def test_setitem_gradients_flow_to_the_value_not_to_what_it_replaced():
    x = torch.ones(2, 3, requires_grad=True)
    v = torch.tensor([2.0, 3.0], requires_grad=True)
    y = x * 1
    y[:, 1] = v
    (y * torch.arange(6.0).reshape(2, 3)).sum().backward()
    assert x.grad.tolist() == [[0.0, 0.0, 2.0], [3.0, 0.0, 5.0]]
    assert v.grad.tolist() == [1.0, 4.0]


def test_negative_ints_count_from_the_end():
    x = torch.arange(6).reshape(2, 3)
    assert x[-1].tolist() == [3, 4, 5]
    assert x[-1, -1].item() == 5
    assert x[:, -2].tolist() == [1, 4]
    assert x[None, -1, None].shape == (1, 1, 3)


# ---------------------------------------------------------------------------------
# Views share elements with their base
# ---------------------------------------------------------------------------------


def test_writes_through_a_view_reach_the_base():
    x = torch.zeros(2, 3)
    x[0][1] = 5.0
    x.t()[2, 1] = 7.0
    x.view(6)[0] = 1.0
    row = x[1]
    row.add_(1.0)
    assert x.tolist() == [[1.0, 5.0, 0.0], [1.0, 1.0, 8.0]]


def test_writes_through_data_reach_the_leaf_and_reads_record_nothing():
    w = torch.ones(2, requires_grad=True)
    alias = w.data
    alias -= 1
    assert w.tolist() == [0.0, 0.0] and w.requires_grad and w.is_leaf
    w.data.fill_(3.0)
    assert w.tolist() == [3.0, 3.0]
    # Computing with .data is computing with numbers: no gradient reaches w.
    z = torch.ones(2, requires_grad=True)
    (w.data * z).sum().backward()
    assert w.grad is None and z.grad.tolist() == [3.0, 3.0]


def test_split_and_chunk_pieces():
    x = torch.arange(7)
    assert [p.tolist() for p in x.split(3)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert [p.tolist() for p in x.split([2, 5])] == [[0, 1], [2, 3, 4, 5, 6]]
    assert [p.tolist() for p in x.chunk(3)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert [p.shape for p in torch.ones(2, 5).chunk(2, dim=1)] == [(2, 3), (2, 2)]
