"""More reductions and scans: all, any, count_nonzero, nansum, nanmean, aminmax,
std_mean, var_mean, cumprod, cummax, cummin and logcumsumexp.

Built from the table's rows as the basic reductions are: a sum node per group,
a product node per prefix, a ``logcumsumexp`` node per prefix (``logaddexp``
folded as PyTorch's kernel folds it, with PyTorch's derivative), copies of the
picked element for cummax/cummin.

>>> import tensors as torch
>>> torch.tensor([[True, False], [True, True]]).all(dim=1)
tensor([False,  True])
"""

from __future__ import annotations

import builtins
import math
from typing import Any

from autograd_scalar import OPS, Value, apply
from autograd_scalar.value import _const

from .. import _dtype as D
from .._shape import reduce_groups, wrap_dim
from .._tensor import Tensor, _from_numbers, _result, _type_name
from .reductions import (
    _check_degrees_of_freedom,
    _check_rank,
    _dims,
    _reduce,
    _reduced_shape,
    _variances,
    return_types,
)


def _truth(input: Tensor, dim: Any, keepdim: bool, test: Any) -> Tensor:
    dims = _dims(dim, input.ndim)
    flat = input._flat()
    groups, _ = reduce_groups(input._shape, dims) if input.ndim else ([[0]], ())
    values = [test(flat[i].data != 0.0 for i in g) for g in groups]
    return _from_numbers(values, _reduced_shape(input._shape, dims, keepdim), D.bool)


def all(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:  # noqa: A001
    """True where every element (over ``dim``, an int or a tuple) is non-zero.

    >>> import tensors as torch
    >>> torch.all(torch.tensor([1., 0.])), torch.tensor([[1, 2], [0, 3]]).all(0)
    (tensor(False), tensor([False,  True]))
    """
    return _truth(input, dim, keepdim, builtins.all)


def any(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:  # noqa: A001
    """True where some element (over ``dim``, an int or a tuple) is non-zero.

    >>> import tensors as torch
    >>> torch.any(torch.tensor([0., 0.])), torch.tensor([[1, 0], [0, 0]]).any(1)
    (tensor(False), tensor([ True, False]))
    """
    return _truth(input, dim, keepdim, builtins.any)


def count_nonzero(input: Tensor, dim: Any = None) -> Tensor:
    """How many elements are non-zero, in all or over ``dim`` (an int or a tuple).

    >>> import tensors as torch
    >>> torch.count_nonzero(torch.tensor([[0., 1.], [2., 3.]]), dim=0)
    tensor([1, 2])
    """
    dims = _dims(dim, input.ndim)
    flat = input._flat()
    groups, _ = reduce_groups(input._shape, dims) if input.ndim else ([[0]], ())
    counts = [builtins.sum(1 for i in g if flat[i].data != 0.0) for g in groups]
    return _from_numbers(counts, _reduced_shape(input._shape, dims, False), D.int64)


def nansum(input: Tensor, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
    """The sum with nan elements counted as 0 (and given gradient 0).

    >>> import tensors as torch
    >>> torch.nansum(torch.tensor([1., float("nan"), 2.]))
    tensor(3.)
    """
    out_dtype = (
        D._as_dtype(dtype)
        if dtype is not None
        else (input.dtype if input.dtype.is_floating_point else D.int64)
    )

    def group(vs: list) -> Value:
        kept = [v for v in vs if v.data == v.data]
        return Value.sum(kept) if kept else _const(0.0)

    out, shape = _reduce(input, dim, keepdim, group)
    return _result(out, shape, out_dtype, "NansumBackward0", (input,), op="nansum")


def nanmean(input: Tensor, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
    """The mean of the elements that are not nan.

    >>> import tensors as torch
    >>> torch.nanmean(torch.tensor([1., float("nan"), 2.]))
    tensor(1.5000)
    """
    if not input.dtype.is_floating_point:
        raise RuntimeError(
            "nanmean(): expected input to have floating point or complex dtype but got "
            f"{_type_name(input.dtype)}"
        )

    def group(vs: list) -> Value:
        kept = [v for v in vs if v.data == v.data]
        total = Value.sum(kept) if kept else _const(0.0)
        return total / float(len(kept))  # 0 / 0 is nan, as PyTorch's

    out, shape = _reduce(input, dim, keepdim, group)
    # PyTorch divides the nansum by the count: a DivBackward0 whose divisor is a
    # tensor of counts (no gradient).
    counts = [builtins.sum(1 for v in g if v.data == v.data) for g in _groups(input, dim)]
    count = _from_numbers(counts, shape, input.dtype)
    return _result(
        out, shape, input.dtype, "DivBackward0", (input, count), op="nanmean", edges=(0,)
    )


def _groups(input: Tensor, dim: Any) -> list:
    flat = input._flat()
    if not input.ndim:
        return [[flat[0]]]
    return [[flat[i] for i in g] for g in reduce_groups(input._shape, _dims(dim, input.ndim))[0]]


class aminmax_result(tuple):  # noqa: N801 - PyTorch's torch.return_types.aminmax
    """``(min, max)``, printed as PyTorch prints it."""

    def __new__(cls, min: Tensor, max: Tensor) -> Any:  # noqa: A002
        return tuple.__new__(cls, (min, max))

    @property
    def min(self) -> Tensor:  # noqa: A003
        return self[0]

    @property
    def max(self) -> Tensor:  # noqa: A003
        return self[1]

    def __repr__(self) -> str:
        return f"torch.return_types.aminmax(\nmin={self[0]!r},\nmax={self[1]!r})"


def aminmax(input: Tensor, *, dim: Any = None, keepdim: bool = False) -> Any:
    """``(amin, amax)`` of all elements or along ``dim`` in one call.

    >>> import tensors as torch
    >>> torch.aminmax(torch.tensor([3., -1., 2.]))
    torch.return_types.aminmax(
    min=tensor(-1.),
    max=tensor(3.))
    """
    _check_rank(input)
    if dim is not None and input.ndim and input._shape[wrap_dim(dim, input.ndim)] == 0:
        raise IndexError(
            f"aminmax: Expected reduction dim {wrap_dim(dim, input.ndim)} to have non-zero size."
        )
    if dim is None and input.numel() == 0:
        raise RuntimeError(
            "aminmax(): cannot compute aminmax over an empty dimension as the operation has no "
            "identity."
        )
    # Ties share the gradient evenly, as amax and amin: the same rows.
    lo, shape = _reduce(input, dim, keepdim, lambda vs: apply(OPS["amin"], *vs))
    hi, _ = _reduce(input, dim, keepdim, lambda vs: apply(OPS["amax"], *vs))
    if dim is None and keepdim:
        shape = (1,) * input.ndim
    mins = _result(lo, shape, input.dtype, "AminmaxBackward0", (input,), op="aminmax")
    maxs = _result(hi, shape, input.dtype, "AminmaxBackward0", (input,), op="aminmax")
    return aminmax_result(mins, maxs)


def _spread_and_mean(
    name: str, input: Tensor, dim: Any, unbiased: Any, keepdim: bool, correction: Any
) -> tuple:
    if isinstance(dim, bool):  # var_mean(x, True): the bool is unbiased, not a dim
        unbiased, dim = dim, None
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    _check_degrees_of_freedom(name.split("_")[0], input, dim, correction)
    spread, shape = _variances(input, dim, keepdim, correction)
    if name == "std_mean":
        root = OPS["sqrt_or_zero"]
        spread = [apply(root, v) for v in spread]
    means, _ = _reduce(
        input, dim, keepdim, lambda vs: Value.sum(vs) / len(vs) if vs else _const(math.nan)
    )
    node = "StdMeanBackward0" if name == "std_mean" else "VarMeanBackward0"
    a = _result(spread, shape, input.dtype, node, (input,), op=name)
    b = _result(means, shape, input.dtype, node, (input,), op=name)
    return a, b


def var_mean(
    input: Tensor,
    dim: Any = None,
    unbiased: Any = None,
    keepdim: bool = False,
    *,
    correction: Any = None,
) -> tuple:
    """``(var, mean)`` over ``dim`` in one call.

    >>> import tensors as torch
    >>> torch.var_mean(torch.tensor([1., 3.]))
    (tensor(2.), tensor(2.))
    """
    return _spread_and_mean("var_mean", input, dim, unbiased, keepdim, correction)


def std_mean(
    input: Tensor,
    dim: Any = None,
    unbiased: Any = None,
    keepdim: bool = False,
    *,
    correction: Any = None,
) -> tuple:
    """``(std, mean)`` over ``dim`` in one call.

    >>> import tensors as torch
    >>> torch.std_mean(torch.tensor([1., 3.]))
    (tensor(1.4142), tensor(2.))
    """
    return _spread_and_mean("std_mean", input, dim, unbiased, keepdim, correction)


def _lines(input: Tensor, dim: Any) -> list:
    if dim is None:
        raise TypeError('missing 1 required positional argument: "dim"')
    if input.ndim == 0:
        wrap_dim(dim, 0)
        return [[0]]
    return reduce_groups(input._shape, [wrap_dim(dim, input.ndim)])[0]


def cumprod(input: Tensor, dim: Any = None, *, dtype: Any = None) -> Tensor:
    """Running products along ``dim``: element i is the product of elements 0 to i.

    >>> import tensors as torch
    >>> torch.cumprod(torch.tensor([1., 2., 3., 0.]), 0)
    tensor([1., 2., 6., 0.])
    """
    lines = _lines(input, dim)
    target = (
        D._as_dtype(dtype)
        if dtype is not None
        else (input.dtype if input.dtype.is_floating_point else D.int64)
    )
    flat = input._flat()
    if not target.is_floating_point:
        flat = [_const(target.cast(v.data)) for v in flat]
    out = list(flat)
    # Each prefix is one product node whose derivatives are the products of the
    # other factors (so a zero in the prefix is no problem).
    row = OPS["cumprod"]  # and PyTorch's +0.0 after the first zero
    for g in lines:
        for k, p in enumerate(g):
            out[p] = apply(row, *[flat[i] for i in g[: k + 1]]) if k else flat[p].clone()
    return _result(out, input._shape, target, "CumprodBackward0", (input,), op="cumprod")


def _cumulative_pick(input: Tensor, dim: int, larger: bool) -> Any:
    name = "cummax" if larger else "cummin"
    lines = _lines(input, dim)
    flat = input._flat()
    values, indices = list(flat), [0] * len(flat)
    for g in lines:
        best = 0
        for k, p in enumerate(g):
            x, b = flat[p].data, flat[g[best]].data
            # PyTorch's kernel moves to a later equal element, and to any nan.
            if k == 0 or x != x or (b == b and (x >= b if larger else x <= b)):
                best = k
            values[p] = flat[g[best]].clone()
            indices[p] = best
    node = "CummaxBackward0" if larger else "CumminBackward0"
    out = _result(values, input._shape, input.dtype, node, (input,), op=name)
    result = cummax_result if larger else cummin_result
    return result(out, _from_numbers(indices, input._shape, D.int64))


cummax_result = type("cummax", (return_types._Base,), {"_name": "cummax"})
cummin_result = type("cummin", (return_types._Base,), {"_name": "cummin"})


def cummax(input: Tensor, dim: int) -> Any:
    """Running maxima along ``dim`` and where each was found (the latest of equal ones).

    >>> import tensors as torch
    >>> torch.cummax(torch.tensor([1., 3., 2., 3.]), 0).indices
    tensor([0, 1, 1, 3])
    """
    return _cumulative_pick(input, dim, True)


def cummin(input: Tensor, dim: int) -> Any:
    """Running minima along ``dim`` and where each was found (the latest of equal ones).

    >>> import tensors as torch
    >>> torch.cummin(torch.tensor([3., 1., 2., 1.]), 0).values
    tensor([3., 1., 1., 1.])
    """
    return _cumulative_pick(input, dim, False)


def logcumsumexp(input: Tensor, dim: int) -> Tensor:
    """Running ``log(sum(exp(x)))`` along ``dim``: one ``logcumsumexp`` node per prefix.

    >>> import tensors as torch
    >>> torch.logcumsumexp(torch.tensor([0., 0.]), 0)
    tensor([0.0000, 0.6931])
    """
    if not input.dtype.is_floating_point:
        raise NotImplementedError(
            f"\"logcumsumexp_out_cpu\" not implemented for '{_type_name(input.dtype)}'"
        )
    lines = _lines(input, dim)
    flat = input._flat()
    out = list(flat)
    row = OPS["logcumsumexp"]
    for g in lines:
        for k, p in enumerate(g):
            out[p] = apply(row, *[flat[i] for i in g[: k + 1]])
    node = "LogcumsumexpBackward0"
    return _result(out, input._shape, input.dtype, node, (input,), op="logcumsumexp")


def sum_to_size(input: Tensor, *size: Any) -> Tensor:
    """The sum of ``input`` down to ``size`` (which it must broadcast to), as the
    gradient of a broadcast is summed.

    >>> import tensors as torch
    >>> torch.ones(2, 3).sum_to_size(1, 3)
    tensor([[2., 2., 2.]])
    """
    shape = tuple(size[0]) if len(size) == 1 and not isinstance(size[0], int) else tuple(size)
    lead = input.ndim - len(shape)
    if lead < 0 or builtins.any(
        s != 1 and s != input._shape[lead + k] for k, s in enumerate(shape)
    ):
        raise RuntimeError(
            f"size {{{list(shape)}}} is not expandable to size {{{list(input._shape)}}}."
        )
    dims = list(range(lead)) + [
        lead + k for k, s in enumerate(shape) if s == 1 and input._shape[lead + k] != 1
    ]
    if not dims:
        return input
    out, kept = _reduce(input, dims, True, Value.sum)
    summed = _result(out, kept, input.dtype, "SumBackward1", (input,), op="sum")
    # Leading dims summed away: PyTorch then views the kept shape as the asked one.
    return summed if lead == 0 else summed.view(shape)
