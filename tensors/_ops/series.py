"""Ops along a dim built from differences, sums and products, as PyTorch composes
them: diff, trapezoid, trapz, cumulative_trapezoid, cov, corrcoef, renorm and
gradient.

Each is written with the tensor ops a PyTorch user has (slices, sub, sum,
cumsum, mm, ...) in PyTorch's own order, so the numbers, the gradients and the
last grad_fn are those of PyTorch's composite.

>>> import tensors as torch
>>> torch.diff(torch.tensor([1., 4., 9.]))
tensor([3., 5.])
"""

from __future__ import annotations

import math
from typing import Any, Optional

from autograd_scalar import OPS, Value, apply
from autograd_scalar.ops import vector_norm_op

from .. import _dtype as D
from .._shape import wrap_dim
from .._tensor import Tensor, _result, _warn
from .arithmetic import _fresh, div, mul, sub
from .comparison import ne
from .join_split import cat
from .matrix_products import mm
from .pointwise import clamp, sqrt
from .reductions import cumsum, sum
from .views import reshape, unsqueeze


def _narrow(t: Tensor, dim: int, start: int, stop: Optional[int]) -> Tensor:
    return t[(slice(None),) * dim + (slice(start, stop),)]


def diff(
    input: Tensor,
    n: int = 1,
    dim: int = -1,
    prepend: Optional[Tensor] = None,
    append: Optional[Tensor] = None,
) -> Tensor:
    """The ``n``-th forward difference along ``dim`` (``prepend`` and ``append`` joined first);
    for bool tensors, where neighbours differ.

    >>> import tensors as torch
    >>> torch.diff(torch.tensor([[1, 3, 6]]), prepend=torch.tensor([[0]]))
    tensor([[1, 2, 3]])
    """
    if input.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    d = wrap_dim(dim, input.ndim)
    if n == 0:  # PyTorch hands back a copy of the input, without prepend and append
        return input.new_empty(input._shape).copy_(input)
    parts = []
    for extra in (prepend, append):
        if extra is None:
            continue
        if extra.ndim != input.ndim:
            raise RuntimeError("diff expects prepend or append to be the same dimension as input")
        for k in range(input.ndim):
            if k != d and extra._shape[k] != input._shape[k]:
                raise RuntimeError(
                    "diff expects the shape of tensor to prepend or append to match that of "
                    f"input except along the differencing dimension; input.size({k}) = "
                    f"{input._shape[k]}, but got tensor.size({k}) = {extra._shape[k]}"
                )
    t = input
    if prepend is not None or append is not None:
        parts = ([prepend] if prepend is not None else []) + [input]
        parts += [append] if append is not None else []
        t = cat(parts, d)
    for _ in range(n):
        later, earlier = _narrow(t, d, 1, None), _narrow(t, d, 0, -1)
        t = ne(later, earlier) if t.dtype is D.bool else sub(later, earlier)
    return t


def _trapezoid_dims(y: Tensor, dim: int) -> int:
    if y.ndim == 0:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [-1, 0], but got {dim})"
        )
    return wrap_dim(dim, y.ndim)


def trapezoid(y: Tensor, x: Any = None, *, dx: Any = None, dim: int = -1) -> Tensor:
    """The trapezoidal rule along ``dim``: spacing ``dx`` (1 by default) or sample points ``x``.

    >>> import tensors as torch
    >>> torch.trapezoid(torch.tensor([1., 2., 3.]))
    tensor(4.)
    """
    if x is not None and dx is not None:
        raise RuntimeError("trapezoid: received both x and dx")
    d = _trapezoid_dims(y, dim)
    if isinstance(x, Tensor):
        spacing = diff(x, dim=-1 if x.ndim == 1 else d)
        if x.ndim == 1:
            shape = [1] * y.ndim
            shape[d] = spacing.numel()
            spacing = reshape(spacing, *shape)
        pairs = _narrow(y, d, 1, None) + _narrow(y, d, 0, -1)
        return _halved(sum(mul(spacing, pairs), d))
    step = 1.0 if dx is None and x is None else float(dx if dx is not None else x)
    if y._shape[d] == 0:
        return sum(y, d) * 0.0
    ends = y.select(d, 0) + y.select(d, -1)
    inner = sub(sum(y, d), mul(ends, 0.5))
    return _scaled(inner, step)


def _scaled(t: Tensor, step: float) -> Tensor:
    # ``t * dx``: PyTorch's mul by a Scalar, recorded as MulBackward1.
    values = [v * step for v in t._flat()]
    return _result(values, t._shape, t.dtype, "MulBackward1", (t,), op="mul")


def _halved(t: Tensor) -> Tensor:
    # ``t / 2.``: PyTorch's div by a Scalar, recorded as DivBackward1.
    values = [v / 2.0 for v in t._flat()]
    return _result(values, t._shape, t.dtype, "DivBackward1", (t,), op="div")


def trapz(y: Tensor, x: Any = None, *, dx: Any = None, dim: int = -1) -> Tensor:
    """``trapezoid`` under its older name.

    >>> import tensors as torch
    >>> torch.trapz(torch.tensor([1., 2., 3.]), dx=0.5)
    tensor(2.)
    """
    return trapezoid(y, x, dx=dx, dim=dim)


def cumulative_trapezoid(y: Tensor, x: Any = None, *, dx: Any = None, dim: int = -1) -> Tensor:
    """The running trapezoidal rule along ``dim``.

    >>> import tensors as torch
    >>> torch.cumulative_trapezoid(torch.tensor([1., 2., 3.]))
    tensor([1.5000, 4.0000])
    """
    d = _trapezoid_dims(y, dim)
    pairs = _narrow(y, d, 0, -1) + _narrow(y, d, 1, None)
    if isinstance(x, Tensor):
        spacing = diff(x, dim=-1 if x.ndim == 1 else d)
        if x.ndim == 1:
            shape = [1] * y.ndim
            shape[d] = spacing.numel()
            spacing = reshape(spacing, *shape)
        return _halved(cumsum(mul(spacing, pairs), d))
    step = 1.0 if dx is None and x is None else float(dx if dx is not None else x)
    return cumsum(mul(pairs, step / 2.0), d)


def cov(
    input: Tensor,
    *,
    correction: int = 1,
    fweights: Optional[Tensor] = None,
    aweights: Optional[Tensor] = None,
) -> Tensor:
    """The covariance matrix of the variables in the rows of ``input`` (observations in
    its columns), with Bessel's ``correction`` and optional frequency and importance weights.

    >>> import tensors as torch
    >>> torch.cov(torch.tensor([[0., 1., 2.], [2., 1., 0.]]))
    tensor([[ 1., -1.],
            [-1.,  1.]])
    """
    if input.ndim > 2:
        raise RuntimeError(
            "cov(): expected input to have two or fewer dimensions but got an input with "
            f"{input.ndim} dimensions"
        )
    x = reshape(input, 1, -1) if input.ndim < 2 else input
    n = x._shape[1]
    w = fweights
    if aweights is not None:
        w = aweights if w is None else mul(w, aweights)
    if w is None:
        w_sum: Any = float(n)
        avg = div(sum(x, 1), w_sum)
        factor: Any = w_sum - correction
    else:
        w_sum = sum(w)
        avg = div(sum(mul(x, w), 1), w_sum)
        if correction != 0 and aweights is not None:
            factor = sub(w_sum, div(mul(sum(mul(w, aweights)), correction), w_sum))
        else:
            factor = sub(w_sum, correction)
    if (factor.item() if isinstance(factor, Tensor) else factor) <= 0:
        _warn(
            "cov(): degrees of freedom is <= 0. Correction should be strictly less than the "
            "number of observations."
        )
        factor = factor * 0.0 if isinstance(factor, Tensor) else 0.0
    centred = sub(x, unsqueeze(avg, 1))
    c = mm(centred, (mul(centred, w) if w is not None else centred).t())
    return div(c, factor).squeeze()


def corrcoef(input: Tensor) -> Tensor:
    """The Pearson correlation coefficients of the rows of ``input``, clipped to [-1, 1].

    >>> import tensors as torch
    >>> torch.corrcoef(torch.tensor([[0., 1., 2.], [4., 2., 0.]]))
    tensor([[ 1., -1.],
            [-1.,  1.]])
    """
    c = cov(input)
    if c.ndim == 0:
        return div(c, c)
    deviations = sqrt(c.diagonal())
    c = div(c, unsqueeze(deviations, 1))
    c = div(c, unsqueeze(deviations, 0))
    return clamp(c, -1, 1)


def renorm(input: Tensor, p: float, dim: int, maxnorm: float) -> Tensor:
    """Each slice along ``dim`` whose ``p``-norm exceeds ``maxnorm`` scaled down to
    ``maxnorm`` (by ``maxnorm / (norm + 1e-7)``), the others kept.

    >>> import tensors as torch
    >>> torch.renorm(torch.tensor([[3., 4.], [0.3, 0.4]]), 2, 0, 1.0)
    tensor([[0.6000, 0.8000],
            [0.3000, 0.4000]])
    """
    if p <= 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if maxnorm < 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm}")
    if input.ndim <= 1:
        raise RuntimeError(
            f"renorm: input needs at least 2 dimensions, got {input.ndim} dimensions"
        )
    d = wrap_dim(dim, input.ndim)
    flat = input._flat()
    size = input._shape[d]
    inner = math.prod(input._shape[d + 1 :])
    lines: list = [[] for _ in range(size)]
    for k in range(len(flat)):
        lines[(k // inner) % size].append(k)
    out = list(flat)
    for positions in lines:
        vs = [flat[k] for k in positions]
        norm = _norm(vs, float(p))
        if norm.data > maxnorm:
            factor = maxnorm / (norm + 1e-7)
            for k in positions:
                out[k] = flat[k] * factor
        else:
            for k in positions:
                out[k] = _fresh(flat[k])
    return _result(out, input._shape, input.dtype, "RenormBackward0", (input,), op="renorm")


def _norm(vs: list, p: float) -> Value:
    if p == math.inf:
        return apply(OPS["norm_max"], *[abs(v) for v in vs])
    if p == 2.0:
        return apply(OPS["sqrt_or_zero"], Value.sum([v * v for v in vs]))
    if p == 1.0:
        return Value.sum([abs(v) for v in vs])
    return apply(vector_norm_op(p), *vs)


def _check_gradient(input: Tensor, spacing_size: Any, dims: Any, edge_order: int) -> None:
    # PyTorch's checks, in its order and words.
    if input.dtype is D.uint8:
        raise RuntimeError("torch.gradient does not support uint8 input.")
    if spacing_size is not None and dims is None and spacing_size != input.ndim:
        raise RuntimeError(
            "torch.gradient expected spacing to be unspecified, a scalar, or a list of length "
            f"equal to 'self.dim() = {input.ndim}', since dim argument was not given, but got "
            f"a list of length {spacing_size}"
        )
    if spacing_size is not None and dims is not None and spacing_size != len(dims):
        raise RuntimeError(
            "torch.gradient expected spacing to be unspecified, a scalar or it's spacing and dim "
            f"arguments to have the same length, but got a spacing argument of length "
            f"{spacing_size} and a dim argument of length {len(dims)}."
        )
    if edge_order not in (1, 2):
        raise RuntimeError("torch.gradient only supports edge_order=1 and edge_order=2.")
    seen: set = set()
    for d in dims if dims is not None else range(input.ndim):
        w = wrap_dim(d, input.ndim)
        if w in seen:
            raise RuntimeError(f"dim {w} appears multiple times in the list of dims")
        seen.add(w)
        if input._shape[w] < edge_order + 1:
            raise RuntimeError(
                "torch.gradient expected each dimension size to be at least edge_order+1"
            )


def gradient(input: Tensor, *, spacing: Any = None, dim: Any = None, edge_order: int = 1) -> tuple:
    """Estimates of the derivative along each of ``dim`` (every dim by default) by
    central differences, one-sided (``edge_order`` 1 or 2) at the ends; ``spacing``:
    one step for all dims, a step per dim, or the coordinates of the samples.

    >>> import tensors as torch
    >>> torch.gradient(torch.tensor([1., 4., 9., 16.]))
    (tensor([3., 4., 6., 7.]),)
    >>> torch.gradient(torch.tensor([1., 4., 9.]), spacing=(torch.tensor([0., 1., 3.]),))
    (tensor([3.0000, 2.8333, 2.5000]),)
    """
    listed = isinstance(dim, (list, tuple))
    if dim is None:
        dims = list(range(input.ndim))
    else:
        dims = list(dim) if listed else [dim]
    checked = dims if dim is not None else None
    if isinstance(spacing, (list, tuple)) and any(isinstance(s, Tensor) for s in spacing):
        _check_gradient(input, len(spacing), checked, edge_order)
        return tuple(
            _gradient_coordinates(input, wrap_dim(d, input.ndim), c, edge_order)
            for d, c in zip(dims, spacing)
        )
    if isinstance(spacing, (list, tuple)):
        steps = list(spacing)
        _check_gradient(input, len(steps), checked, edge_order)
    else:
        steps = [1.0 if spacing is None else spacing] * len(dims)
        size = len(steps) if (spacing is not None or listed) else None
        _check_gradient(input, size, checked, edge_order)
    return tuple(
        _gradient_uniform(input, wrap_dim(d, input.ndim), h, edge_order)
        for d, h in zip(dims, steps)
    )


def _gradient_uniform(x: Tensor, d: int, h: Any, edge_order: int) -> Tensor:
    # PyTorch's gradient_helper_float, operation by operation.
    center = (_narrow(x, d, 2, None) - _narrow(x, d, 0, -2)) / h
    if edge_order == 1:
        first = (_narrow(x, d, 1, 2) - _narrow(x, d, 0, 1)) / h
        last = (_narrow(x, d, -1, None) - _narrow(x, d, -2, -1)) / h
    else:
        first = (
            -1.5 * _narrow(x, d, 0, 1) + 2 * _narrow(x, d, 1, 2) - 0.5 * _narrow(x, d, 2, 3)
        ) / h
        last = (
            0.5 * _narrow(x, d, -3, -2) - 2 * _narrow(x, d, -2, -1) + 1.5 * _narrow(x, d, -1, None)
        ) / h
    return cat([first, center / 2, last], d)


def _gradient_coordinates(x: Tensor, d: int, coords: Tensor, edge_order: int) -> Tensor:
    # PyTorch's gradient_helper: second-order differences for uneven steps.
    if coords.ndim != 1:
        raise RuntimeError(
            "torch.gradient expected each element of spacing to have one dimension, but got "
            f"an element with {coords.ndim} dimensions!"
        )
    shape = [1] * x.ndim
    shape[d] = -1
    dx = diff(coords, 1, 0)
    dx1, dx2 = dx[:-1], dx[1:]
    a = (-dx2 / (dx1 * (dx1 + dx2))).reshape(shape)
    b = ((dx2 - dx1) / (dx1 * dx2)).reshape(shape)
    c = (dx1 / (dx2 * (dx1 + dx2))).reshape(shape)
    center = a * _narrow(x, d, 0, -2) + b * _narrow(x, d, 1, -1) + c * _narrow(x, d, 2, None)
    if edge_order == 1:
        first = (_narrow(x, d, 1, 2) - _narrow(x, d, 0, 1)) / dx[0]
        last = (_narrow(x, d, -1, None) - _narrow(x, d, -2, -1)) / dx[-1]
    else:
        a = -(2.0 * dx[0] + dx[1]) / (dx[0] * (dx[0] + dx[1]))
        b = (dx[0] + dx[1]) / (dx[0] * dx[1])
        c = (-dx[0]) / (dx[1] * (dx[0] + dx[1]))
        first = a * _narrow(x, d, 0, 1) + b * _narrow(x, d, 1, 2) + c * _narrow(x, d, 2, 3)
        a = dx[-1] / (dx[-2] * (dx[-1] + dx[-2]))
        b = -(dx[-1] + dx[-2]) / (dx[-1] * dx[-2])
        c = (2 * dx[-1] + dx[-2]) / (dx[-1] * (dx[-1] + dx[-2]))
        last = a * _narrow(x, d, -3, -2) + b * _narrow(x, d, -2, -1) + c * _narrow(x, d, -1, None)
    return cat([first, center, last], d)
