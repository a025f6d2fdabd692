"""Products built on the matrix product: ``addmm``, ``addmv``, ``addr``, ``addbmm``,
``baddbmm``, ``kron``, ``trace``, ``cross``, ``block_diag``, ``vecdot``,
``chain_matmul`` (``einsum``, ``tensordot`` and ``inner`` are in ``contractions.py``).

Every sum of products is one node of the table's n-ary ``dot`` row (as in
``matrix_products.py``), so a 64x64 ``addmm`` is 4,096 dot nodes, not 266,240
mul and add nodes; ``beta * input + alpha * product`` is one more dot node of
two terms. Follows
PyTorch's "BLAS and LAPACK Operations"
(https://pytorch.org/docs/stable/torch.html#blas-and-lapack-operations).

>>> import tensors as torch
>>> torch.addmm(torch.zeros(2), torch.tensor([[1., 2.], [3., 4.]]), torch.eye(2))
tensor([[1., 2.],
        [3., 4.]])
"""

from __future__ import annotations

import itertools
import warnings
from typing import Any, Optional

from autograd_scalar import Value, apply
from autograd_scalar.value import _const

from .. import _dtype as D
from .._shape import broadcast_index, broadcast_shapes, numel
from .._tensor import Tensor, _result
from .arithmetic import _fresh
from .matrix_products import _DOT, _same_dtype, mm

# ---------------------------------------------------------------------------
# beta * input + alpha * product
# ---------------------------------------------------------------------------


def _expand_to(input: Tensor, shape: tuple) -> list:
    """``input``'s Values read as ``shape`` (PyTorch's expand, and its words when it fails)."""
    have = input._shape
    if len(have) > len(shape):
        raise RuntimeError(
            f"The expanded size of the tensor ({shape[0] if shape else 0}) must match the "
            f"existing size ({have[0]}) at non-singleton dimension 0.  Target sizes: "
            f"{list(shape)}.  Tensor sizes: {list(have)}"
        )
    pad = len(shape) - len(have)
    for i, s in enumerate(have):
        if s != 1 and s != shape[pad + i]:
            raise RuntimeError(
                f"The expanded size of the tensor ({shape[pad + i]}) must match the existing "
                f"size ({s}) at non-singleton dimension {pad + i}.  Target sizes: "
                f"{list(shape)}.  Tensor sizes: {list(have)}"
            )
    flat = input._flat()
    return flat if have == shape else [flat[i] for i in broadcast_index(have, shape)]


def _scaled_sum(products: list, added: list, alpha: Any, beta: Any) -> list:
    """``beta * added + alpha * products`` per element: one dot node each (beta = 0
    ignores ``added``, nan and inf included, as PyTorch does)."""
    if beta == 0:
        if alpha == 1:
            return products
        a = _const(float(alpha))
        return [p * a for p in products]
    a, b = _const(float(alpha)), _const(float(beta))
    return [apply(_DOT, p, x, a, b) for p, x in zip(products, added)]


def _rows_cols(m1: Tensor, m2: Tensor) -> tuple:
    (n, k), (_, m) = m1._shape, m2._shape
    f1, f2 = m1._flat(), m2._flat()
    return [f1[i * k : (i + 1) * k] for i in range(n)], [f2[j::m] for j in range(m)]


def addmm(input: Tensor, mat1: Tensor, mat2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """``beta * input + alpha * (mat1 @ mat2)``; ``input`` broadcasts to the product's shape.

    >>> import tensors as torch
    >>> torch.addmm(torch.ones(2), torch.eye(2), torch.tensor([[1., 2.], [3., 4.]]), beta=2)
    tensor([[3., 4.],
            [5., 6.]])
    """
    for name, t in (("mat1", mat1), ("mat2", mat2)):
        if t.ndim != 2:
            raise RuntimeError(f"{name} must be a matrix, got {t.ndim}-D tensor")
    (n, k), (k2, m) = mat1._shape, mat2._shape
    if k != k2:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({n}x{k} and {k2}x{m})")
    dtype = _same_dtype(mat1, mat2, "mm")
    added = _expand_to(input, (n, m))
    rows, cols = _rows_cols(mat1, mat2)
    if alpha == 1 and beta == 1:  # one dot node per element: row . col + input
        out = [
            apply(_DOT, *r, *c, added[i * m + j])
            for i, r in enumerate(rows)
            for j, c in enumerate(cols)
        ]
    else:
        products = [apply(_DOT, *r, *c) for r in rows for c in cols]
        out = _scaled_sum(products, added, alpha, beta)
    return _result(out, (n, m), dtype, "AddmmBackward0", (input, mat1, mat2), op="addmm")


def addmv(input: Tensor, mat: Tensor, vec: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """``beta * input + alpha * (mat @ vec)``.

    >>> import tensors as torch
    >>> torch.addmv(torch.ones(2), torch.eye(2), torch.tensor([1., 2.]), alpha=3)
    tensor([4., 7.])
    """
    if mat.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(
            f"vector + matrix @ vector expected, got {input.ndim}, {mat.ndim}, {vec.ndim}"
        )
    (n, k), (k2,) = mat._shape, vec._shape
    if k != k2 or input._shape not in ((n,), (1,), ()):
        got = input._shape[0] if input.ndim else 1
        raise RuntimeError(f"size mismatch, got input ({got}), mat ({n}x{k}), vec ({k2})")
    dtype = _same_dtype(mat, vec, "mv")
    added = _expand_to(input, (n,))
    f, v = mat._flat(), vec._flat()
    products = [apply(_DOT, *f[i * k : (i + 1) * k], *v) for i in range(n)]
    out = _scaled_sum(products, added, alpha, beta)
    return _result(out, (n,), dtype, "AddmvBackward0", (input, mat, vec), op="addmv")


def addr(input: Tensor, vec1: Tensor, vec2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """``beta * input + alpha * outer(vec1, vec2)``.

    >>> import tensors as torch
    >>> torch.addr(torch.zeros(2, 2), torch.tensor([1., 2.]), torch.tensor([1., 3.]))
    tensor([[1., 3.],
            [2., 6.]])
    """
    for name, t in (("vec1", vec1), ("vec2", vec2)):
        if t.ndim != 1:
            raise RuntimeError(f"addr: Expected 1-D argument {name}, but got {t.ndim}-D")
    n, m = vec1._shape[0], vec2._shape[0]
    added = _expand_to(input, (n, m))
    products = [a * b for a in vec1._flat() for b in vec2._flat()]
    out = _scaled_sum(products, added, alpha, beta)
    dtype = _same_dtype(vec1, vec2, "mm")
    return _result(out, (n, m), dtype, "AddrBackward0", (input, vec1, vec2), op="addr")


def _batches(b1: Tensor, b2: Tensor, name: str) -> tuple:
    for arg, t in (("batch1", b1), ("batch2", b2)):
        if t.ndim != 3:
            raise RuntimeError(f"{arg} must be a 3D tensor")
    (b, n, k), (bb, k2, m) = b1._shape, b2._shape
    if name == "addbmm" and b != bb:
        raise RuntimeError(f"batch1 and batch2 must have same number of batches, got {b} and {bb}")
    if b != bb or k != k2:
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: [{b}, {k}] but "
            f"got: [{bb}, {k2}]."
        )
    if name == "addbmm" and k != k2:
        raise RuntimeError(f"Incompatible matrix sizes for bmm ({n}x{k} and {k2}x{m})")
    return b, n, k, m


def baddbmm(
    input: Tensor, batch1: Tensor, batch2: Tensor, *, beta: Any = 1, alpha: Any = 1
) -> Tensor:
    """``beta * input + alpha * bmm(batch1, batch2)``.

    >>> import tensors as torch
    >>> torch.baddbmm(torch.zeros(1), torch.ones(2, 1, 3), torch.ones(2, 3, 1), alpha=0.5)
    tensor([[[1.5000]],
    <BLANKLINE>
            [[1.5000]]])
    """
    b, n, k, m = _batches(batch1, batch2, "baddbmm")
    dtype = _same_dtype(batch1, batch2, "bmm")
    added = _expand_to(input, (b, n, m))
    f1, f2 = batch1._flat(), batch2._flat()
    products = []
    for p in range(b):
        a, c = f1[p * n * k : (p + 1) * n * k], f2[p * k * m : (p + 1) * k * m]
        products += [
            apply(_DOT, *a[i * k : (i + 1) * k], *c[j::m]) for i in range(n) for j in range(m)
        ]
    out = _scaled_sum(products, added, alpha, beta)
    return _result(out, (b, n, m), dtype, "BaddbmmBackward0", (input, batch1, batch2), op="baddbmm")


def addbmm(
    input: Tensor, batch1: Tensor, batch2: Tensor, *, beta: Any = 1, alpha: Any = 1
) -> Tensor:
    """``beta * input + alpha * sum_b batch1[b] @ batch2[b]``: each element one dot node
    over every batch's row and column.

    >>> import tensors as torch
    >>> torch.addbmm(torch.zeros(1, 1), torch.ones(2, 1, 3), torch.ones(2, 3, 1))
    tensor([[6.]])
    """
    b, n, k, m = _batches(batch1, batch2, "addbmm")
    dtype = _same_dtype(batch1, batch2, "bmm")
    added = _expand_to(input, (n, m))
    f1, f2 = batch1._flat(), batch2._flat()
    products = []
    for i in range(n):
        for j in range(m):
            row = [f1[p * n * k + i * k + q] for p in range(b) for q in range(k)]
            col = [f2[p * k * m + q * m + j] for p in range(b) for q in range(k)]
            products.append(apply(_DOT, *row, *col))
    out = _scaled_sum(products, added, alpha, beta)
    return _result(out, (n, m), dtype, "AddbmmBackward0", (input, batch1, batch2), op="addbmm")


def kron(input: Tensor, other: Tensor) -> Tensor:
    """The Kronecker product: every element of ``input`` times a whole block ``other``.

    >>> import tensors as torch
    >>> torch.kron(torch.tensor([1., 2.]), torch.tensor([1., 10.]))
    tensor([ 1., 10.,  2., 20.])
    """
    for name, t, pos in (("input", input, 1), ("other", other, 2)):
        if not isinstance(t, Tensor):
            raise TypeError(
                f"kron(): argument '{name}' (position {pos}) must be Tensor, not {type(t).__name__}"
            )
    nd = max(input.ndim, other.ndim)
    sa = (1,) * (nd - input.ndim) + input._shape
    sb = (1,) * (nd - other.ndim) + other._shape
    shape = tuple(x * y for x, y in zip(sa, sb))
    fa, fb = input._flat(), other._flat()
    out = []
    for index in itertools.product(*[range(s) for s in shape]):
        ia = ib = 0
        for i, x, y in zip(index, sa, sb):
            ia, ib = ia * x + i // y, ib * y + i % y
        out.append(fa[ia] * fb[ib])
    dtype = input.dtype if input.dtype is other.dtype else D.promote(input.dtype, other.dtype)
    return _result(out, shape, dtype, "UnsafeViewBackward0", (input, other), op="kron")


def trace(input: Tensor) -> Tensor:
    """The sum of the main diagonal of a matrix (one sum node).

    >>> import tensors as torch
    >>> torch.trace(torch.tensor([[1., 2.], [3., 4.]]))
    tensor(5.)
    """
    if input.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.ndim}")
    n, m = input._shape
    flat = input._flat()
    out = Value.sum([flat[i * m + i] for i in range(min(n, m))])
    return _result([out], (), input.dtype, "TraceBackward0", (input,), op="trace")


def _cross(input: Tensor, other: Tensor, dim: Optional[int], name: str) -> Tensor:
    if input.ndim != other.ndim:
        raise RuntimeError(f"{name}: inputs must have the same number of dimensions.")
    shape = broadcast_shapes(input._shape, other._shape)
    if dim is None:  # torch.cross: the first dimension of size 3
        dim = next((i for i, s in enumerate(shape) if s == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    if not -max(len(shape), 1) <= dim < max(len(shape), 1):
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-len(shape)}, "
            f"{len(shape) - 1}], but got {dim})"
        )
    d = dim % len(shape)
    if input._shape[d] != 3 or other._shape[d] != 3:
        raise RuntimeError(
            f"{name}: inputs dimension {dim} must have length 3. Got {input._shape[d]} and "
            f"{other._shape[d]}"
        )
    fa = [input._flat()[i] for i in broadcast_index(input._shape, shape)]
    fb = [other._flat()[i] for i in broadcast_index(other._shape, shape)]
    inner_size = numel(shape[d + 1 :])
    out = list(fa)
    for start in range(0, len(fa), 3 * inner_size):
        for j in range(inner_size):
            i0, i1, i2 = (start + c * inner_size + j for c in range(3))
            out[i0] = fa[i1] * fb[i2] - fa[i2] * fb[i1]
            out[i1] = fa[i2] * fb[i0] - fa[i0] * fb[i2]
            out[i2] = fa[i0] * fb[i1] - fa[i1] * fb[i0]
    return _result(out, shape, input.dtype, "LinalgCrossBackward0", (input, other), op="cross")


def cross(input: Tensor, other: Tensor, dim: Optional[int] = None) -> Tensor:
    """The cross product of 3-vectors along ``dim`` (by default, and with PyTorch's
    warning, the first dimension of size 3).

    >>> import tensors as torch
    >>> torch.cross(torch.tensor([1., 0., 0.]), torch.tensor([0., 1., 0.]), dim=0)
    tensor([0., 0., 1.])
    """
    if dim is None:
        warnings.warn(
            "Using torch.cross without specifying the dim arg is deprecated.\nPlease either "
            "pass the dim explicitly or simply use torch.linalg.cross.\nThe default value of "
            "dim will change to agree with that of linalg.cross in a future release.",
            UserWarning,
            stacklevel=2,
        )
    return _cross(input, other, dim, "linalg.cross")


def linalg_cross(input: Tensor, other: Tensor, *, dim: int = -1) -> Tensor:
    """``torch.linalg.cross``: the cross product along ``dim`` (the last by default),
    broadcasting.

    >>> import tensors as torch
    >>> torch.linalg.cross(torch.tensor([0., 1., 0.]), torch.tensor([0., 0., 1.]))
    tensor([1., 0., 0.])
    """
    return _cross(input, other, dim, "linalg.cross")


def block_diag(*tensors: Tensor) -> Tensor:
    """The tensors placed along the diagonal of one matrix, zeros elsewhere.

    >>> import tensors as torch
    >>> torch.block_diag(torch.tensor([[1., 2.]]), torch.tensor([3.]))
    tensor([[1., 2., 0.],
            [0., 0., 3.]])
    """
    blocks = []
    for n, t in enumerate(tensors):
        if t.ndim > 2:
            raise RuntimeError(
                f"torch.block_diag: Input tensors must have 2 or fewer dimensions. Input {n} has "
                f"{t.ndim} dimensions"
            )
        rows, cols = (1, 1) if t.ndim == 0 else ((1, t._shape[0]) if t.ndim == 1 else t._shape)
        blocks.append((t._flat(), rows, cols))
    n_rows, n_cols = sum(b[1] for b in blocks), sum(b[2] for b in blocks)
    dtype = tensors[0].dtype if tensors else D.get_default_dtype()
    for t in tensors[1:]:
        dtype = D.promote(dtype, t.dtype)
    zero = _const(0.0)
    out = [zero] * (n_rows * n_cols)
    r0 = c0 = 0
    for flat, rows, cols in blocks:
        for i in range(rows):
            for j in range(cols):
                out[(r0 + i) * n_cols + c0 + j] = _fresh(flat[i * cols + j])
        r0, c0 = r0 + rows, c0 + cols
    return _result(
        out, (n_rows, n_cols), dtype, "BlockDiagBackward0", tuple(tensors), op="block_diag"
    )


def vecdot(x: Tensor, y: Tensor, *, dim: int = -1) -> Tensor:
    """``torch.linalg.vecdot``: sums of products along ``dim``, broadcasting.

    >>> import tensors as torch
    >>> torch.linalg.vecdot(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([1., 1.]))
    tensor([3., 7.])
    """
    shape = broadcast_shapes(x._shape, y._shape)
    if not shape:
        raise IndexError("Dimension specified as -1 but tensor has no dimensions")
    d = dim % len(shape)
    fa = [x._flat()[i] for i in broadcast_index(x._shape, shape)]
    fb = [y._flat()[i] for i in broadcast_index(y._shape, shape)]
    inner_size, size = numel(shape[d + 1 :]), shape[d]
    out = []
    for outer in range(numel(shape[:d])):
        start = outer * size * inner_size
        for j in range(inner_size):
            idx = [start + c * inner_size + j for c in range(size)]
            out.append(apply(_DOT, *[fa[i] for i in idx], *[fb[i] for i in idx]))
    out_shape = shape[:d] + shape[d + 1 :]
    return _result(out, out_shape, x.dtype, "SumBackward1", (x, y), op="vecdot")


def chain_matmul(*matrices: Tensor) -> Tensor:
    """The product of the matrices, left to right (deprecated in PyTorch, with its warning).

    >>> import tensors as torch
    >>> import warnings; warnings.simplefilter("ignore")
    >>> torch.chain_matmul(torch.eye(2), torch.ones(2, 2), torch.eye(2))
    tensor([[1., 1.],
            [1., 1.]])
    """
    warnings.warn(
        "torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use "
        "torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather than "
        "multiple parameters.",
        UserWarning,
        stacklevel=2,
    )
    if len(matrices) == 1:
        return matrices[0].clone()
    out = mm(matrices[0], matrices[1])
    for m in matrices[2:]:
        out = mm(out, m)
    return out
