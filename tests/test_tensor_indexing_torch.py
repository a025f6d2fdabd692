"""Indexing against PyTorch on random shapes and random keys: reading, writing, gradients.

Keys mix ints, slices with steps, None, ``...``, integer lists and tensors (1-D
and 2-D), boolean masks (lists and tensors, one or more dimensions) and Python
bools, in every position of the index tuple.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import tensors

torch = pytest.importorskip("torch")

sizes = st.integers(0, 4)
shapes = st.lists(sizes, min_size=0, max_size=4).map(tuple)


@st.composite
def keys(draw: Any, shape: tuple) -> list:
    """A key as a list of parts; each part is ("kind", payload) so that it can be
    built for both libraries. Parts consume the shape's dimensions left to right."""
    parts: list = []
    dim = 0
    ellipsis = False
    while len(parts) < 5:
        left = len(shape) - dim
        kinds = ["none", "pybool", "stop"]
        if left:
            kinds += ["int", "slice", "list", "tensor", "mask", "mask"]
        if not ellipsis:
            kinds.append("...")
        kind = draw(st.sampled_from(kinds))
        if kind == "stop":
            break
        if kind == "none":
            parts.append(("none", None))
        elif kind == "...":
            ellipsis = True
            parts.append(("...", None))
            # What follows the ellipsis indexes the last dimensions.
            dim = len(shape) - draw(st.integers(0, left))
        elif kind == "pybool":
            parts.append(("pybool", draw(st.booleans())))
        elif kind == "int":
            size = shape[dim]
            if size == 0:
                continue
            parts.append(("int", draw(st.integers(-size, size - 1))))
            dim += 1
        elif kind == "slice":
            size = shape[dim]
            start = draw(st.none() | st.integers(-size - 1, size + 1))
            stop = draw(st.none() | st.integers(-size - 1, size + 1))
            step = draw(st.none() | st.integers(1, 3))
            parts.append(("slice", slice(start, stop, step)))
            dim += 1
        elif kind in ("list", "tensor"):
            size = shape[dim]
            if size == 0:
                continue
            ishape = draw(st.sampled_from([(2,), (1,), (3,), (2, 2), (0,)]))
            n = 1
            for s in ishape:
                n *= s
            flat = draw(st.lists(st.integers(-size, size - 1), min_size=n, max_size=n))
            parts.append((kind, (flat, ishape)))
            dim += 1
        else:  # a mask over one or more of the next dimensions
            k = draw(st.integers(1, min(2, left)))
            mshape = shape[dim : dim + k]
            n = 1
            for s in mshape:
                n *= s
            flat = draw(st.lists(st.booleans(), min_size=n, max_size=n))
            parts.append(("mask", (flat, mshape, draw(st.booleans()))))
            dim += k
    return parts


def _nest(flat: list, shape: tuple) -> Any:
    if not shape:
        return flat[0]
    step = len(flat) // shape[0] if shape[0] else 0
    return [_nest(flat[i * step : (i + 1) * step], shape[1:]) for i in range(shape[0])]


def build(lib: Any, parts: list) -> tuple:
    key = []
    for kind, payload in parts:
        if kind in ("none", "..."):
            key.append(None if kind == "none" else Ellipsis)
        elif kind in ("pybool", "int", "slice"):
            key.append(payload)
        elif kind == "list":
            key.append(_nest(*payload))
        elif kind == "tensor":
            key.append(lib.tensor(_nest(*payload), dtype=lib.int64))
        else:
            flat, mshape, as_tensor = payload
            nested = _nest(flat, mshape)
            key.append(lib.tensor(nested, dtype=lib.bool) if as_tensor else nested)
    return tuple(key)


def _plain(parts: list) -> bool:
    """False for a key PyTorch reads inconsistently: a nested Python list of bools
    beside ``...`` counts as one dimension when the ellipsis is expanded, though it
    masks several (a tensor mask is counted right)."""
    ellipsis = any(kind == "..." for kind, _ in parts)
    return not (
        ellipsis and any(kind == "mask" and len(p[1]) > 1 and not p[2] for kind, p in parts)
    )


def _outcome(fn: Any) -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(), None
    except Exception as e:  # noqa: BLE001 - the error itself is compared
        return None, (type(e), str(e))


def _pair(shape: tuple) -> tuple:
    n = 1
    for s in shape:
        n *= s
    values = [float(i + 1) for i in range(n)]
    ours = tensors.tensor(values).reshape(shape).requires_grad_()
    theirs = torch.tensor(values, dtype=torch.float64).reshape(shape).requires_grad_()
    return ours, theirs


@given(data=st.data())
def test_reading_matches_torch(data: Any) -> None:
    shape = data.draw(shapes)
    parts = data.draw(keys(shape))
    assume(_plain(parts))
    x, tx = _pair(shape)
    expected, terr = _outcome(lambda: tx[build(torch, parts)])
    got, err = _outcome(lambda: x[build(tensors, parts)])
    assert err == terr
    if terr:
        return
    assert tuple(got.shape) == tuple(expected.shape)
    assert got.tolist() == expected.tolist()
    name = type(expected.grad_fn).__name__ if expected.grad_fn is not None else None
    assert (got.grad_fn.name() if got.grad_fn is not None else None) == name
    # Each picked element gets its own weight, so the gradient shows where it came from.
    n = expected.numel()
    weights = [float(3 * i + 2) for i in range(n)]
    (expected * torch.tensor(weights, dtype=torch.float64).reshape(expected.shape)).sum().backward()
    (got * tensors.tensor(weights).reshape(got.shape)).sum().backward()
    assert x.grad.tolist() == tx.grad.tolist()


@given(data=st.data(), scalar=st.booleans())
def test_writing_matches_torch(data: Any, scalar: bool) -> None:
    shape = data.draw(shapes)
    parts = data.draw(keys(shape))
    assume(_plain(parts))
    # Writing with repeated indices has no defined order in PyTorch: keep them unique.
    for kind, payload in parts:
        if kind in ("list", "tensor"):
            flat, _ = payload
            assume(len(set(flat)) == len(flat) and all(i >= 0 for i in flat))
    x, tx = _pair(shape)
    picked, terr = _outcome(lambda: tx[build(torch, parts)])
    if terr:
        return
    n = picked.numel()
    if scalar:
        v, tv = (
            tensors.tensor(-7.0, requires_grad=True),
            torch.tensor(-7.0, dtype=torch.float64, requires_grad=True),
        )
    else:
        vals = [-float(i + 1) for i in range(n)]
        v = tensors.tensor(vals).reshape(picked.shape).requires_grad_()
        tv = torch.tensor(vals, dtype=torch.float64).reshape(picked.shape).requires_grad_()
    y, ty = x * 1, tx * 1
    _, err = _outcome(lambda: y.__setitem__(build(tensors, parts), v))
    _, terr = _outcome(lambda: ty.__setitem__(build(torch, parts), tv))
    assert err == terr
    if terr:
        return
    assert y.tolist() == ty.tolist()
    weights = [float(3 * i + 2) for i in range(ty.numel())]
    (ty * torch.tensor(weights, dtype=torch.float64).reshape(ty.shape)).sum().backward()
    (y * tensors.tensor(weights).reshape(y.shape)).sum().backward()
    assert x.grad.tolist() == tx.grad.tolist()
    assert v.grad.tolist() == tv.grad.tolist()
