"""Edges against PyTorch (skipped without torch): every reduction, pointwise op and
loss on inputs holding inf, -inf, nan, +0, -0 and empty dimensions.

Each program runs here, in torch in the tensors' own dtypes (dtypes, errors) and in
torch in float64 (values and gradients). Compared: the error's type and message, or
else shapes, dtypes, values (nan where nan, equal infinities, the sign of a zero
result) and the gradients of the floating results (nan where nan).
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tensors
from tensors.testing import exact_floats, shapes, to_torch
from tensors.testing import tensors as tensor_strategy

torch = pytest.importorskip("torch")

INF = math.inf
EDGES = st.sampled_from([INF, -INF, math.nan, 0.0, -0.0])
ELEMENTS = EDGES | exact_floats(-4.0, 4.0)
PROBABILITIES = st.sampled_from([0.0, 1.0, 0.5, 0.25, -0.0, math.nan])
SIDES = {"min_side": 0, "max_side": 3}


def _outputs(out: Any) -> list:
    if isinstance(out, (tuple, list)):
        return [o for o in out if o is not None]
    return [out]


def _run(module: Any, fn: Callable, inputs: list, convert: Callable) -> tuple:
    xs = [convert(x) if isinstance(x, tensors.Tensor) else x for x in inputs]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return xs, _outputs(fn(module, *xs)), None
        except Exception as error:  # noqa: BLE001 - the error is the outcome compared
            return xs, None, f"{type(error).__name__}: {error}"


def _numbers(t: Any) -> list:
    if isinstance(t, tensors.Tensor):
        return [float(v.data) for v in t.values()]
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def _same_numbers(ours: Any, theirs: Any, zero_sign: bool) -> None:
    assert tuple(ours.shape) == tuple(theirs.shape)
    for x, y in zip(_numbers(ours), _numbers(theirs)):
        if y != y:
            assert x != x, (x, y)
        elif math.isinf(y) or (y == 0.0 and zero_sign):
            assert x == y, (x, y)
            if y == 0.0:
                assert math.copysign(1.0, x) == math.copysign(1.0, y), (x, y)
        else:
            assert math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12), (x, y)


def check(
    draw: Any,
    fn: Callable,
    inputs: list,
    none_as_zeros: bool = False,
    zero_sign: bool = True,
    grads: bool = True,
) -> None:
    """``fn(module, *inputs)`` here and in torch: same error, or same results and grads.

    ``none_as_zeros``: where torch leaves a gradient None (its node returns no
    gradient, as the 0-norm's), zeros here are accepted."""
    ours_in, ours, ours_error = _run(tensors, fn, inputs, lambda t: t)
    _, same, same_error = _run(torch, fn, inputs, lambda t: to_torch(t, dtype=t.dtype))
    wide_in, wide, wide_error = _run(torch, fn, inputs, to_torch)
    assert ours_error == same_error
    if same_error is not None:
        return
    assert wide_error is None
    assert len(ours) == len(wide) == len(same)
    for o, a, b in zip(ours, wide, same):
        assert repr(o.dtype) == repr(b.dtype)
        _same_numbers(o, a, zero_sign=zero_sign)
    if not grads:
        return
    flowing = [i for i, o in enumerate(ours) if o.requires_grad and wide[i].requires_grad]
    assert flowing == [i for i, a in enumerate(wide) if a.requires_grad]
    if not flowing:
        return
    seeds = [draw(tensor_strategy(tuple(ours[i].shape), exact_floats(-2.0, 2.0))) for i in flowing]
    tensors.autograd.backward([ours[i] for i in flowing], seeds)
    torch.autograd.backward([wide[i] for i in flowing], [to_torch(s) for s in seeds])
    for x, a in zip(ours_in, wide_in):
        if isinstance(x, tensors.Tensor) and x.requires_grad:
            if none_as_zeros and a.grad is None and x.grad is not None:
                assert all(v == 0.0 for v in _numbers(x.grad))
                continue
            assert (x.grad is None) == (a.grad is None)
            if a.grad is not None:
                # Which zero gradients are negative depends on how a backward formula
                # is written, not on the maths: the sign of zero is left out here.
                _same_numbers(x.grad, a.grad, zero_sign=False)


def leaf(shape: Any, elements: Any = ELEMENTS) -> Any:
    return tensor_strategy(shape, elements, requires_grad=True)


@st.composite
def shape_and_dim(draw: Any) -> tuple:
    shape = draw(shapes(min_dims=0, **SIDES))
    return shape, draw(st.integers(-max(len(shape), 1), max(len(shape), 1) - 1))


NORM_ORDERS = st.sampled_from([0, 1, 2, 3, 0.5, INF, -INF, "fro", None])

REDUCTIONS = {
    "sum": lambda m, x, d, k: x.sum(d, keepdim=k),
    "mean": lambda m, x, d, k: x.mean(d, keepdim=k),
    "prod": lambda m, x, d, k: x.prod(d, keepdim=k),
    "max": lambda m, x, d, k: x.max(d, keepdim=k),
    "min": lambda m, x, d, k: m.min(x, d, keepdim=k),
    "amax": lambda m, x, d, k: x.amax(d, keepdim=k),
    "amin": lambda m, x, d, k: m.amin(x, d, keepdim=k),
    "argmax": lambda m, x, d, k: x.argmax(d, keepdim=k),
    "argmin": lambda m, x, d, k: m.argmin(x, d, keepdim=k),
    "var": lambda m, x, d, k: x.var(d, keepdim=k),
    "std": lambda m, x, d, k: x.std(d, unbiased=False, keepdim=k),
    "logsumexp": lambda m, x, d, k: x.logsumexp(d, keepdim=k),
    "cumsum": lambda m, x, d, k: x.cumsum(d),
    "softmax": lambda m, x, d, k: x.softmax(d),
    "log_softmax": lambda m, x, d, k: m.nn.functional.log_softmax(x, d),
}

WHOLE = {
    "sum": lambda m, x: x.sum(),
    "mean": lambda m, x: x.mean(),
    "prod": lambda m, x: x.prod(),
    "max": lambda m, x: x.max(),
    "min": lambda m, x: m.min(x),
    "amax": lambda m, x: x.amax(),
    "amin": lambda m, x: x.amin(),
    "argmax": lambda m, x: x.argmax(),
    "argmin": lambda m, x: m.argmin(x),
    "var": lambda m, x: x.var(),
    "std": lambda m, x: x.std(),
}


@pytest.mark.parametrize("name", sorted(REDUCTIONS))
@given(data=st.data())
def test_reduction_along_a_dim(name: str, data: Any) -> None:
    shape, dim = data.draw(shape_and_dim())
    keepdim = data.draw(st.booleans())
    fn = REDUCTIONS[name]
    # var over one element divides by zero degrees of freedom (see below): values only.
    grads = not (name == "var" and (shape[dim] if shape else 1) == 1)
    check(data.draw, lambda m, x: fn(m, x, dim, keepdim), [data.draw(leaf(shape))], grads=grads)


@pytest.mark.parametrize("name", sorted(WHOLE))
@given(data=st.data())
def test_reduction_of_everything(name: str, data: Any) -> None:
    x = data.draw(leaf(shapes(**SIDES)))
    # Which of tied 0.0 and -0.0 PyTorch's vectorised max() and min() return depends
    # on how the elements fall into SIMD lanes (not first, not last): sign left out.
    # With one element, var() and std() divide by zero degrees of freedom: PyTorch's
    # gradient there (inf or nan, by its kernels' order of operations) is not compared.
    grads = not (name in ("var", "std") and x.numel() == 1)
    check(data.draw, WHOLE[name], [x], zero_sign=name not in ("max", "min"), grads=grads)


@given(data=st.data())
def test_norms(data: Any) -> None:
    shape, dim = data.draw(shape_and_dim())
    p = data.draw(NORM_ORDERS)
    keepdim = data.draw(st.booleans())
    x = data.draw(leaf(shape))
    whole = data.draw(st.booleans())
    if p is None:
        check(data.draw, lambda m, x: x.norm() if whole else x.norm(dim=dim), [x])
    elif whole:
        check(data.draw, lambda m, x: m.norm(x, p), [x], none_as_zeros=p == 0)
    else:
        check(data.draw, lambda m, x: x.norm(p, dim, keepdim), [x], none_as_zeros=p == 0)


@given(data=st.data())
def test_vector_norm(data: Any) -> None:
    shape, dim = data.draw(shape_and_dim())
    p = data.draw(NORM_ORDERS.filter(lambda p: p not in ("fro", None)))
    dim = data.draw(st.sampled_from([None, dim]))
    keepdim = data.draw(st.booleans())
    x = data.draw(leaf(shape))
    check(
        data.draw,
        lambda m, x: m.linalg.vector_norm(x, p, dim=dim, keepdim=keepdim),
        [x],
        none_as_zeros=p == 0,
    )


UNARY = {
    "neg": lambda m, x: -x,
    "abs": lambda m, x: x.abs(),
    "relu": lambda m, x: x.relu(),
    "square": lambda m, x: x.square(),
    "pow_2": lambda m, x: x**2,
    "pow_3": lambda m, x: x**3,
    "pow_half": lambda m, x: x**0.5,
    "pow_neg": lambda m, x: x**-1.5,
    "exp": lambda m, x: x.exp(),
    "log": lambda m, x: x.log(),
    "log1p": lambda m, x: m.log1p(x),
    "sqrt": lambda m, x: x.sqrt(),
    "sin": lambda m, x: m.sin(x),
    "cos": lambda m, x: x.cos(),
    "tanh": lambda m, x: m.tanh(x),
    "sigmoid": lambda m, x: x.sigmoid(),
    "reciprocal": lambda m, x: x.reciprocal(),
    "softplus": lambda m, x: m.nn.functional.softplus(x),
    "leaky_relu": lambda m, x: m.nn.functional.leaky_relu(x),
    "clamp": lambda m, x: x.clamp(-1.0, 1.5),
    "sign": lambda m, x: x.sign(),
    "rdiv": lambda m, x: 2 / x,
    "rpow": lambda m, x: 2**x,
    "remainder": lambda m, x: x % 1.5,
    "floor_divide": lambda m, x: (x // 1.5).detach(),
    "isnan": lambda m, x: m.isnan(x),
    "gt": lambda m, x: x > 0.5,
}

BINARY = {
    "add": lambda m, x, y: x + y,
    "sub": lambda m, x, y: x - y,
    "mul": lambda m, x, y: x * y,
    "div": lambda m, x, y: x / y,
    "pow": lambda m, x, y: x**y,
    "maximum": lambda m, x, y: m.maximum(x, y),
    "minimum": lambda m, x, y: m.minimum(x, y),
    "remainder": lambda m, x, y: m.remainder(x, y),
    "clamp": lambda m, x, y: x.clamp(min=y),
    "eq": lambda m, x, y: x == y,
}


@pytest.mark.parametrize("name", sorted(UNARY))
@given(data=st.data())
def test_unary(name: str, data: Any) -> None:
    check(data.draw, UNARY[name], [data.draw(leaf(shapes(**SIDES)))])


@pytest.mark.parametrize("name", sorted(BINARY))
@given(data=st.data())
def test_binary(name: str, data: Any) -> None:
    shape = data.draw(shapes(**SIDES))
    x, y = data.draw(leaf(shape)), data.draw(leaf(shape[data.draw(st.integers(0, len(shape))) :]))
    # A tie of 0.0 and -0.0 in maximum/minimum and clamp(min=tensor): PyTorch's
    # scalar loop gives the input, its vectorised loop (each whole block of 8
    # float64 elements: x.clamp(min=m) for 9 zeros against 9 negative zeros gives
    # eight -0.0 then one 0.0) the other operand, so the sign of a zero result
    # at a tie depends on its position in memory and is not compared for these.
    # The gradients are compared, ties included.
    check(data.draw, BINARY[name], [x, y], zero_sign=name not in ("maximum", "minimum", "clamp"))


REDUCTION = st.sampled_from(["mean", "sum", "none"])


@given(data=st.data())
def test_pointwise_losses(data: Any) -> None:
    name = data.draw(st.sampled_from(["mse_loss", "l1_loss", "bce_logits", "bce"]))
    shape = data.draw(shapes(min_dims=1, **SIDES))
    reduction = data.draw(REDUCTION)
    if name == "bce":
        x = data.draw(leaf(shape, PROBABILITIES))
        y = data.draw(tensor_strategy(shape, PROBABILITIES))
    else:
        x = data.draw(leaf(shape))
        y = data.draw(tensor_strategy(shape, ELEMENTS if name != "bce_logits" else PROBABILITIES))
    function = {"bce_logits": "binary_cross_entropy_with_logits", "bce": "binary_cross_entropy"}
    f = function.get(name, name)
    check(data.draw, lambda m, x, y: getattr(m.nn.functional, f)(x, y, reduction=reduction), [x, y])


@given(data=st.data())
def test_class_losses(data: Any) -> None:
    name = data.draw(st.sampled_from(["nll_loss", "cross_entropy"]))
    n, c = data.draw(st.integers(0, 3)), data.draw(st.integers(1, 3))
    x = data.draw(leaf((n, c)))
    target = data.draw(tensor_strategy((n,), st.integers(0, c - 1), dtype=tensors.int64))
    reduction = data.draw(REDUCTION)
    check(
        data.draw,
        lambda m, x, t: getattr(m.nn.functional, name)(x, t, reduction=reduction),
        [x, target],
    )
