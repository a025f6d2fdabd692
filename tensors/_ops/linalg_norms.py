"""Matrix powers, chains and norms of ``torch.linalg``: ``matrix_power``, ``matrix_exp``,
``multi_dot``, ``matrix_norm``, ``norm``, ``vander``; and the distances
``torch.dist`` and ``torch.cdist``.

Each is a composition, as in PyTorch: ``matrix_power`` multiplies by repeated
squaring (the same products in the same order as PyTorch, so the same
rounding), ``multi_dot`` in the cheapest order of the chain, the matrix norms
are vector norms of rows or columns followed by ``amax``/``amin``, and a
distance is one norm node over the differences. The norms that need singular
values (``"nuc"``, 2, -2) take them from ``linalg.svdvals``.

>>> import tensors as torch
>>> torch.linalg.matrix_norm(torch.tensor([[1., -2.], [3., 4.]]), 1)
tensor(6.)
"""

from __future__ import annotations

import math
from typing import Any, Optional, Sequence

from autograd_scalar import Value, apply
from autograd_scalar.ops import OPS, vector_norm_op
from autograd_scalar.value import _const

from .._shape import broadcast_index, broadcast_shapes, numel
from .._tensor import Tensor, _result
from .arithmetic import _fresh
from .matrix_products import _DOT, matmul, mm
from .reductions import amax, amin, vector_norm
from .views import reshape


def matrix_power(A: Tensor, n: int) -> Tensor:
    """``A`` multiplied by itself ``n`` times (``inv(A)`` for a negative ``n``; the
    identity for 0), by repeated squaring.

    >>> import tensors as torch
    >>> torch.linalg.matrix_power(torch.tensor([[1., 1.], [0., 1.]]), 5)
    tensor([[1., 5.],
            [0., 1.]])
    """
    if A.ndim < 2:
        raise RuntimeError(
            "linalg.matrix_power: The input tensor A must have at least 2 dimensions."
        )
    rows, cols = A._shape[-2:]
    if rows != cols:
        raise RuntimeError(
            f"linalg.matrix_power: A must be batches of square matrices, but they are {rows} by "
            f"{cols} matrices"
        )
    if n == 0:
        # PyTorch copies the identity into a clone of A: no gradient reaches A.
        one, zero = _const(1.0), _const(0.0)
        eye = [one if i == j else zero for i in range(rows) for j in range(cols)]
        flat = eye * numel(A._shape[:-2])
        return _result(flat, A._shape, A.dtype, "CopyBackwards", (A,), op="matrix_power")
    if n < 0:
        from .linalg_solve import inv

        A, n = inv(A), -n
    if n == 1:
        return _result([_fresh(v) for v in A._flat()], A._shape, A.dtype, "CloneBackward0", (A,))
    if n == 2:
        return matmul(A, A)
    if n == 3:
        return matmul(matmul(A, A), A)
    z: Optional[Tensor] = None
    result: Optional[Tensor] = None
    while n > 0:
        z = A if z is None else matmul(z, z)
        if n & 1:
            result = z if result is None else matmul(result, z)
        n >>= 1
    assert result is not None
    return result


def matrix_exp(A: Tensor) -> Tensor:
    """``exp(A) = I + A + A^2/2! + ...`` of a square matrix (or of each of a batch), by
    scaling and squaring: the Taylor series of ``A / 2^s`` (its 1-norm at most 1/2;
    terms until the rest is below double's epsilon, by Horner's rule), squared s
    times. Products and sums on Values, so the gradient is the chain rule through
    them (PyTorch's formula, the exponential of a block matrix, is the derivative of
    the same function).

    >>> import tensors as torch
    >>> torch.matrix_exp(torch.tensor([[0., 1.], [0., 0.]]))
    tensor([[1., 1.],
            [0., 1.]])
    """
    if A.ndim < 2:
        raise RuntimeError("linalg.matrix_exp: The input tensor A must have at least 2 dimensions.")
    rows, cols = A._shape[-2:]
    if rows != cols:
        raise RuntimeError(
            f"linalg.matrix_exp: A must be batches of square matrices, but they are {rows} by "
            f"{cols} matrices"
        )
    name = "LinalgMatrixExpBackward0"
    if rows == 1 or A.numel() == 0:  # PyTorch: the exponential of the one element
        out = A.exp()
        return _result(out._flat(), A._shape, A.dtype, name, (A,), op="matrix_exp")
    flat = A._flat()
    size = rows * rows
    norm = max(
        sum(abs(flat[b * size + i * rows + j].data) for i in range(rows))
        for b in range(numel(A._shape[:-2]))
        for j in range(rows)
    )
    steps = 0
    while norm > 0.5 and math.isfinite(norm):
        norm, steps = norm / 2.0, steps + 1
    from .._creation import eye

    x = A * (0.5**steps)
    identity = eye(rows, dtype=A.dtype)
    # The fewest terms whose remainder, |x|^(d+1) / (d+1)!, is below double's epsilon.
    degree, term = 1, norm * norm / 2.0
    while term > 2.0**-53 and degree < 18:
        degree += 1
        term *= norm / (degree + 1)
    series = identity
    for k in range(degree, 0, -1):  # I + x/k (I + x/(k+1) (...))
        series = identity + matmul(x, series) * (1.0 / k)
    for _ in range(steps):
        series = matmul(series, series)
    return _result(series._flat(), A._shape, A.dtype, name, (A,), op="matrix_exp")


def multi_dot(tensors: Sequence[Tensor], *, out: Any = None) -> Tensor:
    """The product of a chain of matrices, multiplied in the order that costs the
    fewest scalar products; the first may be a row vector, the last a column.

    >>> import tensors as torch
    >>> torch.linalg.multi_dot([torch.ones(2), torch.ones(2, 3), torch.ones(3)])
    tensor(6.)
    """
    n = len(tensors)
    if n < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {n}")
    first, last = tensors[0], tensors[-1]
    if first.ndim not in (1, 2):
        raise RuntimeError(f"multi_dot(): the first tensor must be 1D or 2D but got {first.ndim}D")
    if last.ndim not in (1, 2):
        raise RuntimeError(f"multi_dot(): the last tensor must be 1D or 2D but got {last.ndim}D")
    for i, t in enumerate(tensors[1:-1], 1):
        if t.ndim != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got {t.ndim}D")
    mats = list(tensors)
    if first.ndim == 1:
        mats[0] = reshape(first, 1, -1)
    if last.ndim == 1:
        mats[-1] = reshape(last, -1, 1)
    for i in range(n - 1):
        if mats[i]._shape[1] != mats[i + 1]._shape[0]:
            raise RuntimeError(
                f"multi_dot(): tensors {i} and {i + 1} with shapes {list(tensors[i]._shape)} "
                f"and {list(tensors[i + 1]._shape)} cannot be multiplied"
            )
    if n == 2:
        out_t = mm(mats[0], mats[1])
    elif n == 3:
        a, b = mats[0]._shape
        c, d = mats[2]._shape
        # PyTorch's two costs: (A B) C against A (B C).
        if (a * c) * (b + d) > (b * d) * (a + c):
            out_t = mm(mats[0], mm(mats[1], mats[2]))
        else:
            out_t = mm(mm(mats[0], mats[1]), mats[2])
    else:
        out_t = _chain(mats, _chain_order(mats), 0, n - 1)
    shape = tuple(s for s, keep in zip(out_t._shape, (first.ndim == 2, last.ndim == 2)) if keep)
    return _result(out_t._flat(), shape, out_t.dtype, "ViewBackward0", (out_t,), op="view")


def _chain_order(mats: list) -> list:
    # The classic dynamic programme over chain lengths (ties keep the first split).
    n = len(mats)
    p = [m._shape[0] for m in mats] + [mats[-1]._shape[1]]
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = math.inf
            for k in range(i, j):
                q = cost[i][k] + cost[k + 1][j] + p[i] * p[k + 1] * p[j + 1]
                if q < cost[i][j]:
                    cost[i][j], split[i][j] = q, k
    return split


def _chain(mats: list, split: list, i: int, j: int) -> Tensor:
    if i == j:
        return mats[i]
    k = split[i][j]
    return mm(_chain(mats, split, i, k), _chain(mats, split, k + 1, j))


def matrix_norm(
    A: Tensor, ord: Any = "fro", dim: Sequence[int] = (-2, -1), keepdim: bool = False, *,
    dtype: Any = None,
) -> Tensor:  # fmt: skip
    """The Frobenius norm (``"fro"``), the largest (1, inf) or smallest (-1, -inf)
    absolute column (1) or row (inf) sum, the nuclear norm (``"nuc"``) or the largest
    (2) or smallest (-2) singular value, over the two dims ``dim``.

    >>> import tensors as torch
    >>> torch.linalg.matrix_norm(torch.tensor([[3., 0.], [0., 4.]]))
    tensor(5.)
    """
    if A.ndim < 2:
        raise RuntimeError(
            "linalg.matrix_norm: The input tensor A must have at least 2 dimensions."
        )
    dims = [d % A.ndim for d in dim]
    if ord == "fro":
        return vector_norm(A, 2, tuple(dims), keepdim)
    if ord in ("nuc", 2, -2):
        return _singular_value_norm(A, ord, dims, keepdim)
    if not isinstance(ord, (int, float)) or abs(ord) not in (1, math.inf):
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    if abs(ord) == math.inf:
        dims = [dims[1], dims[0]]
    if not keepdim and dims[0] < dims[1]:
        dims[1] -= 1
    sums = vector_norm(A, 1.0, dims[0], keepdim)
    return (amax if ord > 0 else amin)(sums, dims[1], keepdim)


def _singular_value_norm(A: Tensor, ord: Any, dims: list, keepdim: bool) -> Tensor:
    """The nuclear norm (the sum of the singular values), or the largest (2) or
    smallest (-2) singular value, as PyTorch composes them: ``dims`` moved to the
    end, ``svdvals``, then ``sum``, ``amax`` or ``amin``."""
    from .linalg_spectral import svdvals
    from .views import permute

    rest = [d for d in range(A.ndim) if d not in dims]
    s = svdvals(permute(A, rest + dims))
    if ord == "nuc":
        result = s.sum(-1)
    else:
        result = (amax if ord == 2 else amin)(s, -1)
    if keepdim:
        for d in sorted(dims):
            result = result.unsqueeze(d)
    return result


def torch_norm(
    input: Tensor, p: Any = "fro", dim: Any = None, keepdim: bool = False, dtype: Any = None
) -> Tensor:
    """``torch.norm``: a vector norm (``reductions.norm``), or with ``p="nuc"`` the
    nuclear norm of the last two dimensions (or of the two in ``dim``).

    >>> import tensors as torch
    >>> torch.norm(torch.tensor([[3., 0.], [0., 4.]]), "nuc")
    tensor(7.)
    """
    from .reductions import norm as vector_norms

    if p == "nuc":
        dims = (-2, -1) if dim is None else dim
        return matrix_norm(input, "nuc", dims, keepdim)
    return vector_norms(input, p, dim, keepdim)


def norm(
    A: Tensor, ord: Any = None, dim: Any = None, keepdim: bool = False, *, dtype: Any = None
) -> Tensor:
    """``torch.linalg.norm``: a vector norm (``dim`` an int, or a 1-D input) or a
    matrix norm (``dim`` a pair, or a 2-D input); with neither ``ord`` nor ``dim``,
    the 2-norm of all the elements.

    >>> import tensors as torch
    >>> torch.linalg.norm(torch.tensor([[1., 2.], [2., 4.]]))
    tensor(5.)
    """
    if dim is not None:
        dims = (dim,) if isinstance(dim, int) else tuple(dim)
        if len(dims) == 1:
            return vector_norm(A, 2 if ord is None else ord, dims, keepdim)
        return matrix_norm(A, "fro" if ord is None else ord, dims, keepdim)
    if ord is None:
        return vector_norm(A, 2, None, keepdim)
    if A.ndim not in (1, 2):
        raise RuntimeError(
            "linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got "
            f"{A.ndim}D."
        )
    if A.ndim == 1:
        return vector_norm(A, ord, None, keepdim)
    return matrix_norm(A, ord, (-2, -1), keepdim)


def vander(x: Tensor, *, N: Optional[int] = None) -> Tensor:
    """``torch.linalg.vander``: the powers ``x^0, x^1, ..., x^(N-1)`` of each element,
    in a new last dimension (by running products, as PyTorch's cumprod).

    >>> import tensors as torch
    >>> torch.linalg.vander(torch.tensor([2., 3.]))
    tensor([[1., 2.],
            [1., 3.]])
    """
    shape = x._shape or (1,)  # a 0-d x is read as one element
    n = shape[-1] if N is None else N
    if n <= 1:
        raise RuntimeError("N must be greater than 1.")
    out = []
    for v in x._flat():
        power = v
        row = [_const(1.0), _fresh(v)]
        for _ in range(n - 2):
            power = power * v
            row.append(power)
        out.extend(row)
    return _result(out, shape + (n,), x.dtype, "CatBackward0", (x,), op="vander")


def _norm_node(diffs: list, p: float) -> Value:
    """The p-norm of Values as one node of the table (as ``vector_norm`` computes it)."""
    if p == 0:
        return _const(float(sum(1 for v in diffs if v.data != 0.0)))
    if p == math.inf:
        return apply(OPS["norm_max"], *[v.abs() for v in diffs])
    if p == 2:
        return apply(OPS["sqrt_or_zero"], Value.sum([v * v for v in diffs]))
    if p == 1:
        return Value.sum([v.abs() for v in diffs])
    return apply(vector_norm_op(p), *diffs)


def dist(input: Tensor, other: Tensor, p: float = 2) -> Tensor:
    """The p-norm of ``input - other`` (broadcasting).

    >>> import tensors as torch
    >>> torch.dist(torch.tensor([0., 0.]), torch.tensor([3., 4.]))
    tensor(5.)
    """
    shape = broadcast_shapes(input._shape, other._shape)
    fa = [input._flat()[i] for i in broadcast_index(input._shape, shape)]
    fb = [other._flat()[i] for i in broadcast_index(other._shape, shape)]
    p = float(p)
    if p == -math.inf:
        value = apply(OPS["norm_min"], *[(a - b).abs() for a, b in zip(fa, fb)])
    else:
        value = _norm_node([a - b for a, b in zip(fa, fb)], p)
    return _result([value], (), input.dtype, "DistBackward0", (input, other), op="dist")


def cdist(
    x1: Tensor,
    x2: Tensor,
    p: float = 2.0,
    compute_mode: str = "use_mm_for_euclid_dist_if_necessary",
) -> Tensor:
    """The p-norm distance between each row of ``x1`` and each row of ``x2`` (batched:
    ``(B, P, M)`` and ``(B, R, M)`` give ``(B, P, R)``). For p = 2 PyTorch may use
    ``|x|^2 + |y|^2 - 2 x.y`` (``compute_mode``, by default when P or R exceed 25); so
    does this.

    >>> import tensors as torch
    >>> torch.cdist(torch.tensor([[0., 0.]]), torch.tensor([[3., 4.], [1., 0.]]))
    tensor([[5., 1.]])
    """
    if x1.ndim < 2 or x2.ndim < 2:
        which = "X1" if x1.ndim < 2 else "X2"
        raise RuntimeError(
            f"cdist only supports at least 2D tensors, {which} got: "
            f"{x1.ndim if which == 'X1' else x2.ndim}D"
        )
    m, m2 = x1._shape[-1], x2._shape[-1]
    if m != m2:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {m} X2: {m2}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    rows1, rows2 = x1._shape[-2], x2._shape[-2]
    batch = broadcast_shapes(x1._shape[:-2], x2._shape[:-2])
    use_mm = p == 2 and (
        compute_mode == "use_mm_for_euclid_dist"
        or (compute_mode == "use_mm_for_euclid_dist_if_necessary" and (rows1 > 25 or rows2 > 25))
    )
    out: list = []
    i1 = broadcast_index(x1._shape[:-2], batch) if x1._shape[:-2] != batch else range(numel(batch))
    i2 = broadcast_index(x2._shape[:-2], batch) if x2._shape[:-2] != batch else range(numel(batch))
    f1, f2 = x1._flat(), x2._flat()
    for b1, b2 in zip(i1, i2):
        a = [f1[(b1 * rows1 + r) * m : (b1 * rows1 + r + 1) * m] for r in range(rows1)]
        c = [f2[(b2 * rows2 + r) * m : (b2 * rows2 + r + 1) * m] for r in range(rows2)]
        if use_mm:
            out.extend(_euclid_mm(a, c))
        else:
            out.extend(_pair_norm(x, y, float(p)) for x in a for y in c)
    return _result(out, batch + (rows1, rows2), x1.dtype, "CdistBackward0", (x1, x2), op="cdist")


def _pair_norm(x: list, y: list, p: float) -> Value:
    """The p-norm of ``x - y``; for p = inf one ``diff_max`` row, whose zeros are
    PyTorch's (+0.0 for the elements that are not the largest)."""
    if p == math.inf and x:
        return apply(OPS["diff_max"], *x, *y)
    return _norm_node([u - v for u, v in zip(x, y)], p)


def _euclid_mm(a: list, c: list) -> list:
    # PyTorch's _euclidean_dist: (-2x, |x|^2, 1) . (y, 1, |y|^2), clamped at 1e-30, sqrt.
    one, minus2 = _const(1.0), _const(-2.0)
    na = [Value.sum([v * v for v in x]) for x in a]
    nc = [Value.sum([v * v for v in y]) for y in c]
    scaled = [[v * minus2 for v in x] for x in a]
    tiny = _const(1e-30)
    out = []
    for x, nx in zip(scaled, na):
        for y, ny in zip(c, nc):
            d = apply(_DOT, *x, nx, one, *y, one, ny)
            out.append(apply(OPS["clamp"], d, tiny, _const(math.inf)).sqrt())
    return out
