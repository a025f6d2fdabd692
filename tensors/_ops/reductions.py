"""Reductions: many elements to one, over all elements or along ``dim``.

``sum``, ``mean``, ``prod``, ``cumsum``, ``max``/``min`` (with indices along a dim),
``amax``/``amin``, ``argmax``/``argmin``, ``var``, ``std`` and ``norm``.
The softmax family has its own module, ``softmax_family.py``. Follows PyTorch's
"Reduction Ops" list (https://pytorch.org/docs/stable/torch.html#reduction-ops).

>>> import tensors as torch
>>> x = torch.tensor([[1., 5.], [3., 2.]])
>>> x.sum(dim=0), x.max(dim=1).indices
(tensor([4., 7.]), tensor([1, 0]))
"""

from __future__ import annotations

import builtins
import collections
import math
from typing import Any, Optional

from autograd_scalar import OPS, Value, apply, is_grad_enabled
from autograd_scalar.ops import prod_op, var_op, vector_norm_op
from autograd_scalar.value import _const

from .. import _dtype as D
from .._keywords import numpy_keywords
from .._shape import (
    numel,
    reduce_groups,
    strides,
    wrap_dim,
)
from .._tensor import Tensor, _from_numbers, _result, _type_name, _warn
from .pointwise import maximum, minimum


def _dims(dim: Any, ndim: int) -> list:
    if dim is None:
        return list(range(ndim))
    if isinstance(dim, (tuple, list)):
        out = [wrap_dim(d, ndim) for d in dim]
        if len(set(out)) != len(out):
            raise RuntimeError(f"dim {out[0]} appears multiple times in the list of dims")
        return out if out else list(range(ndim))
    return [wrap_dim(dim, ndim)]


def _reduced_shape(shape: tuple, dims: list, keepdim: bool) -> tuple:
    if keepdim:
        return tuple(1 if i in dims else s for i, s in enumerate(shape))
    return tuple(s for i, s in enumerate(shape) if i not in dims)


def _check_rank(input: Tensor) -> None:
    """PyTorch's reduction kernels refuse tensors of more than 64 dimensions."""
    if input.ndim > 64:
        raise RuntimeError("only tensors with up to 64 dims are supported")


def _check_nonempty(name: str, input: Tensor, dim: Any, error: type = RuntimeError) -> None:
    """PyTorch's errors for a reduction without identity (max, argmax, ...) over nothing."""
    if dim is None or dim == ():
        if input.numel() == 0:
            extra = (
                " Specify the reduction dim with the 'dim' argument."
                if error is RuntimeError
                else ""
            )
            raise error(
                f"{name}(): Expected reduction dim to be specified for input.numel() == 0.{extra}"
            )
        return
    given = list(dim) if isinstance(dim, (tuple, list)) else [dim]
    for d, wrapped in zip(given, _dims(dim, input.ndim)):
        if input.ndim and input._shape[wrapped] == 0:
            # amax and amin name the dim as given, max and argmax as wrapped.
            shown = d if name in ("amax", "amin") else wrapped
            raise IndexError(f"{name}(): Expected reduction dim {shown} to have non-zero size.")


def _reduce(a: Tensor, dim: Any, keepdim: bool, combine: Any) -> tuple:
    """Apply ``combine(list of Values) -> Value`` to each group a reduction makes."""
    dims = _dims(dim, a.ndim)
    flat = a._flat()
    groups, _ = reduce_groups(a._shape, dims)
    out = [combine([flat[i] for i in g]) for g in groups]
    return out, _reduced_shape(a._shape, dims, keepdim)


def sum(input: Tensor, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:  # noqa: A001
    """Sum of all elements, or over ``dim`` (an int or a tuple of ints).

    Each output element is one n-ary sum node in the scalar graph.

    >>> import tensors as torch
    >>> torch.ones(2, 3).sum(1)
    tensor([3., 3.])
    """
    out_dtype = (
        D._as_dtype(dtype)
        if dtype is not None
        else (input.dtype if input.dtype.is_floating_point else D.int64)
    )
    out, shape = _reduce(input, dim, keepdim, Value.sum)
    name = "SumBackward0" if dim is None else "SumBackward1"
    return _result(out, shape, out_dtype, name, (input,), op="sum")


def mean(input: Tensor, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
    """Mean of all elements, or over ``dim``.

    >>> import tensors as torch
    >>> torch.tensor([[1., 2.], [3., 4.]]).mean(0)
    tensor([2., 3.])
    """
    out_dtype = D._as_dtype(dtype) if dtype is not None else input.dtype
    if not out_dtype.is_floating_point:
        raise RuntimeError(
            "mean(): could not infer output dtype. Input dtype must be either a floating point "
            f"or complex dtype. Got: {_type_name(input.dtype)}"
        )
    out, shape = _reduce(
        input, dim, keepdim, lambda vs: Value.sum(vs) / len(vs) if vs else _const(math.nan)
    )
    name = "MeanBackward0" if dim is None else "MeanBackward1"
    return _result(out, shape, out_dtype, name, (input,), op="mean")


def prod(
    input: Tensor, dim: Optional[int] = None, keepdim: bool = False, dtype: Any = None
) -> Tensor:
    """Product of all elements, or over ``dim``."""

    # PyTorch's backward divides by each element unless the input holds a zero
    # anywhere: then it multiplies the others, or, for the product of all elements
    # with two zeros or more, gives zeros. The table's prod rows, one per formula.
    zeros = builtins.sum(1 for v in input._flat() if v.data == 0.0)
    row = prod_op("divide" if zeros == 0 else "zero" if (dim is None and zeros > 1) else "others")

    def product(vs: list) -> Value:
        if input.ndim == 0:  # PyTorch passes the gradient of a 0-d input through
            return vs[0].clone()
        return apply(row, *vs) if vs else _const(1.0)

    out_dtype = input.dtype if input.dtype.is_floating_point else D.int64
    out, shape = _reduce(input, dim, keepdim, product)
    name = "ProdBackward0" if dim is None else "ProdBackward1"
    return _result(out, shape, out_dtype, name, (input,), op="prod")


def cumsum(input: Tensor, dim: Any = None, dtype: Any = None) -> Tensor:
    """Running sums along ``dim``: element i is the sum of elements 0 to i.

    Each output element is one n-ary sum node over its prefix; ``dtype``
    converts the input first (an integer input gives int64).

    >>> import tensors as torch
    >>> torch.tensor([[1., 2., 3.], [4., 5., 6.]]).cumsum(1)
    tensor([[ 1.,  3.,  6.],
            [ 4.,  9., 15.]])
    """
    if dim is None:
        raise TypeError('cumsum() missing 1 required positional arguments: "dim"')
    floating = input.dtype.is_floating_point
    target = D._as_dtype(dtype) if dtype is not None else (input.dtype if floating else D.int64)
    if target is D.bool:
        raise NotImplementedError("\"cumsum_out_cpu\" not implemented for 'Bool'")
    d = wrap_dim(dim, builtins.max(input.ndim, 1))
    flat = input._flat()
    if not target.is_floating_point:  # whole numbers, no gradient
        if input._requires_grad and is_grad_enabled():
            raise RuntimeError(f"Autograd not support dtype: {_type_name(target)}")
        flat = [_const(target.cast(v.data)) for v in flat]
    if not input.ndim:  # a copy, as PyTorch's (which keeps -0.0, where sums from 0 do not)
        out = [flat[0].clone()]
    else:
        out = list(flat)
        for g in reduce_groups(input._shape, [d])[0]:
            for k, p in enumerate(g):
                out[p] = Value.sum([flat[i] for i in g[: k + 1]])
    # One node, as PyTorch's: a dtype= conversion happens inside it.
    return _result(out, input._shape, target, "CumsumBackward0", (input,), op="cumsum")


def _extreme(vs: list, larger: bool) -> int:
    """Index of the first largest (or smallest) element; a nan wins."""
    best = 0
    bx = vs[0].data
    for i in range(1, len(vs)):
        x = vs[i].data
        if bx != bx:
            break
        if x != x or (x > bx if larger else x < bx):
            best, bx = i, x
    return best


def _even(vs: list, larger: bool) -> Value:
    """The max (or min): one n-ary node of the table, whose rule shares the gradient
    evenly among tied elements, as PyTorch's."""
    m = vs[_extreme(vs, larger)].data
    # Its inputs are the elements equal to the result (the nans, when it is nan):
    # the others have derivative 0 and are left out, so no 0 * inf reaches them.
    ties = [v for v in vs if v.data == m] if m == m else [v for v in vs if v.data != v.data]
    return apply(_MAX if larger else _MIN, *ties)


_MAX, _MIN, _AMAX, _AMIN = OPS["max"], OPS["min"], OPS["amax"], OPS["amin"]
_SQRT_OR_ZERO = OPS["sqrt_or_zero"]


MinMax = collections.namedtuple("MinMax", ["values", "indices"])


class return_types:
    """Named results, printed as PyTorch prints them (``torch.return_types.max(...)``)."""

    class _Base(tuple):
        _name = ""

        def __new__(cls, values: Tensor, indices: Tensor) -> Any:
            return tuple.__new__(cls, (values, indices))

        @property
        def values(self) -> Tensor:
            return self[0]

        @property
        def indices(self) -> Tensor:
            return self[1]

        def __repr__(self) -> str:
            return f"torch.return_types.{self._name}(\nvalues={self[0]!r},\nindices={self[1]!r})"

    class max(_Base):  # noqa: A001
        _name = "max"

    class min(_Base):  # noqa: A001
        _name = "min"

    class max_out(_Base):  # what max(x, dim, out=(values, indices)) returns
        _name = "max_out"

    class min_out(_Base):
        _name = "min_out"


def _minmax(input: Tensor, dim: Any, keepdim: bool, larger: bool, other: Any = None) -> Any:
    name = "Max" if larger else "Min"
    if isinstance(dim, Tensor):
        other, dim = dim, None
    if other is not None:
        return maximum(input, other) if larger else minimum(input, other)
    _check_nonempty(name.lower(), input, dim)
    if dim is None:
        out, shape = _reduce(input, None, False, lambda vs: _even(vs, larger))
        return _result(out, shape, input.dtype, f"{name}Backward1", (input,), op=name.lower())
    d = wrap_dim(dim, input.ndim)
    flat = input._flat()
    groups = reduce_groups(input._shape, [d])[0] if input.ndim else [[0]]
    picks = [g[_extreme([flat[i] for i in g], larger)] for g in groups]
    shape = _reduced_shape(input._shape, [d], keepdim)
    values = _result(
        [flat[p].clone() for p in picks],
        shape,
        input.dtype,
        f"{name}Backward0",
        (input,),
        op=name.lower(),
    )
    stride, size = (strides(input._shape)[d], input._shape[d]) if input.ndim else (1, 1)
    idx = [(p // stride) % size for p in picks]
    indices = _from_numbers(idx, shape, D.int64)
    return (return_types.max if larger else return_types.min)(values, indices)


def max(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:  # noqa: A001
    """The largest element; with ``dim``, ``(values, indices)`` along it.

    With a tensor as second argument, the elementwise ``maximum``.

    >>> import tensors as torch
    >>> torch.tensor([[1., 5.], [7., 2.]]).max(dim=1)
    torch.return_types.max(
    values=tensor([5., 7.]),
    indices=tensor([1, 0]))
    """
    return _minmax(input, dim, keepdim, True)


def min(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:  # noqa: A001
    """The smallest element; with ``dim``, ``(values, indices)`` along it."""
    return _minmax(input, dim, keepdim, False)


def amax(input: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    """Largest values over ``dim`` (ties share the gradient evenly)."""
    # Every element is an input of the table's amax (PyTorch's backward multiplies
    # by a mask, so an infinite gradient gives nan where the mask is 0, as here).
    _check_rank(input)
    _check_nonempty("amax", input, dim)
    out, shape = _reduce(input, dim if dim != () else None, keepdim, lambda vs: apply(_AMAX, *vs))
    return _result(out, shape, input.dtype, "AmaxBackward0", (input,), op="amax")


def amin(input: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    """Smallest values over ``dim`` (ties share the gradient evenly)."""
    _check_rank(input)
    _check_nonempty("amin", input, dim)
    out, shape = _reduce(input, dim if dim != () else None, keepdim, lambda vs: apply(_AMIN, *vs))
    return _result(out, shape, input.dtype, "AminBackward0", (input,), op="amin")


def _arg(input: Tensor, dim: Optional[int], keepdim: bool, larger: bool) -> Tensor:
    _check_nonempty("argmax" if larger else "argmin", input, dim, IndexError)
    flat = input._flat()
    if dim is None:
        return _from_numbers(
            [_extreme(flat, larger)], (1,) * input.ndim if keepdim else (), D.int64
        )
    d = wrap_dim(dim, input.ndim)
    groups = reduce_groups(input._shape, [d])[0] if input.ndim else [[0]]
    idx = [_extreme([flat[i] for i in g], larger) for g in groups]
    return _from_numbers(idx, _reduced_shape(input._shape, [d], keepdim), D.int64)


def argmax(input: Tensor, dim: Optional[int] = None, keepdim: bool = False) -> Tensor:
    """Index of the largest element (flat index without ``dim``).

    >>> import tensors as torch
    >>> torch.tensor([1., 9., 3.]).argmax()
    tensor(1)
    """
    return _arg(input, dim, keepdim, True)


def argmin(input: Tensor, dim: Optional[int] = None, keepdim: bool = False) -> Tensor:
    """Index of the smallest element (flat index without ``dim``)."""
    return _arg(input, dim, keepdim, False)


def var(
    input: Tensor,
    dim: Any = None,
    unbiased: Any = None,
    keepdim: bool = False,
    correction: Any = None,
) -> Tensor:
    """Variance over ``dim`` (Bessel's correction by default, as in PyTorch).

    >>> import tensors as torch
    >>> torch.tensor([[1., 3.], [2., 2.]]).var(dim=1)
    tensor([2., 0.])
    """
    if isinstance(dim, bool):  # var(x, True): PyTorch's overload whose bool is unbiased
        dim, unbiased = None, dim
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    _check_degrees_of_freedom("var", input, dim, correction)
    out, shape = _variances(input, dim, keepdim, correction)
    return _result(out, shape, input.dtype, "VarBackward0", (input,), op="var")


def _variances(input: Tensor, dim: Any, keepdim: bool, correction: Any) -> tuple:
    # One node of the table's var row: PyTorch's derivative 2 (x - mean) / (n - c).
    row = var_op(correction)

    def group(vs: list) -> Value:
        return apply(row, *vs) if vs else _const(math.nan)

    return _reduce(input, dim, keepdim, group)


def std(
    input: Tensor,
    dim: Any = None,
    unbiased: Any = None,
    keepdim: bool = False,
    correction: Any = None,
) -> Tensor:
    """Standard deviation over ``dim`` (Bessel's correction by default).

    >>> import tensors as torch
    >>> torch.tensor([1., 3.]).std()
    tensor(1.4142)
    """
    if isinstance(dim, bool):  # std(x, True): PyTorch's overload whose bool is unbiased
        dim, unbiased = None, dim
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    _check_degrees_of_freedom("std", input, dim, correction)

    row = var_op(correction)

    def group(vs: list) -> Value:
        if not vs:
            return _const(math.nan)
        # A zero std has derivative 0, not 1 / 0: the table's sqrt_or_zero rule.
        return apply(_SQRT_OR_ZERO, apply(row, *vs))

    out, shape = _reduce(input, dim, keepdim, group)
    return _result(out, shape, input.dtype, "StdBackward0", (input,), op="std")


def _check_degrees_of_freedom(name: str, input: Tensor, dim: Any, correction: Any) -> None:
    dims = _dims(dim, input.ndim)
    n = numel([input._shape[d] for d in dims]) if input.ndim else 1
    if n - correction <= 0:
        _warn(
            f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than the "
            "reduction factor (input numel divided by output numel)."
        )


def norm(input: Tensor, p: Any = "fro", dim: Any = None, keepdim: bool = False) -> Tensor:
    """The p-norm over all elements or ``dim``: p = 0 (count of non-zeros), 1, 2
    (or "fro"), any other number, inf (max |x|) or -inf (min |x|).

    >>> import tensors as torch
    >>> torch.tensor([[3., 4.], [0., 0.]]).norm(dim=1)
    tensor([5., 0.])
    >>> x = torch.tensor([0., -2., 1.])
    >>> torch.norm(x, 0), torch.norm(x, float("inf")), torch.norm(x, -float("inf"))
    (tensor(2.), tensor(2.), tensor(0.))
    """
    if isinstance(dim, (tuple, list)) and len(dim) > 2:
        raise RuntimeError(
            "linalg.matrix_norm: dim must be a 2-tuple. Got " + " ".join(str(d) for d in dim)
        )
    if p is None or p == "fro":
        p = 2
    return vector_norm(input, p, dim, keepdim)


def vector_norm(
    input: Tensor, ord: Any = 2, dim: Any = None, keepdim: bool = False, dtype: Any = None
) -> Tensor:
    """``torch.linalg.vector_norm``: the ``ord``-norm of the elements over ``dim``.

    >>> import tensors as torch
    >>> torch.linalg.vector_norm(torch.tensor([3., -4.]), float("inf"))
    tensor(4.)
    """
    if isinstance(ord, bool) or not isinstance(ord, (int, float)):
        raise TypeError(
            "linalg_vector_norm(): argument 'ord' (position 2) must be Number, not "
            f"{type(ord).__name__}"
        )
    if not input.dtype.is_floating_point:
        raise RuntimeError(
            "linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
            + {"int64": "Long", "bool": "Bool"}.get(input.dtype.name, input.dtype.name)
        )
    p = float(ord)
    if p != p:
        raise RuntimeError("linalg.vector_norm: ord must not be nan")
    if math.isinf(p):
        _no_identity(input, dim, "inf" if p > 0 else "-inf")
    op = OPS["norm_max"] if p == math.inf else OPS["norm_min"] if p == -math.inf else None

    def group(vs: list) -> Value:
        if p == 0:
            # A count: piecewise constant, so no Value path reaches the elements.
            return _const(float(builtins.sum(1 for v in vs if v.data != 0.0)))
        if op is not None:
            # Ties share the gradient, times the sign of each: PyTorch's rule for inf.
            return apply(op, *[v.abs() for v in vs])
        if p == 1:
            return Value.sum([v.abs() for v in vs])
        if p == 2:
            # A zero norm has derivative 0, not 1 / 0: the table's sqrt_or_zero rule.
            return apply(_SQRT_OR_ZERO, Value.sum([v * v for v in vs]))
        return apply(vector_norm_op(p), *vs)

    out, shape = _reduce(input, dim, keepdim, group)
    return _result(out, shape, input.dtype, "LinalgVectorNormBackward0", (input,), op="norm")


def _no_identity(input: Tensor, dim: Any, order: str) -> None:
    if dim is None or dim == ():
        if input.numel() == 0:
            raise RuntimeError(
                f"linalg.vector_norm cannot compute the {order} norm on an empty tensor because "
                "the operation does not have an identity"
            )
        return
    given = list(dim) if isinstance(dim, (tuple, list)) else [dim]
    for d, wrapped in zip(given, _dims(dim, input.ndim)):
        if input.ndim and input._shape[wrapped] == 0:
            raise RuntimeError(
                f"linalg.vector_norm cannot compute the {order} norm on the dimension {d}"
                "because this dimension is empty and the operation does not have an identity"
            )


# NumPy's keyword names (``axis=``, ``keepdims=``), which PyTorch accepts too
sum = numpy_keywords(sum)  # noqa: A001
mean = numpy_keywords(mean)
prod = numpy_keywords(prod)
max = numpy_keywords(max)  # noqa: A001
min = numpy_keywords(min)  # noqa: A001
amax = numpy_keywords(amax)
amin = numpy_keywords(amin)
argmax = numpy_keywords(argmax)
argmin = numpy_keywords(argmin)
cumsum = numpy_keywords(cumsum)
var = numpy_keywords(var)
std = numpy_keywords(std)
