"""LU factorisations of ``torch.linalg`` and ``torch``: ``lu_factor``,
``lu_factor_ex``, ``lu``, ``lu_unpack``, ``lu_solve`` (both forms) and ``torch.lu``.

The factorisation is the elimination of ``linalg_solve._lu`` on Values (of a
rectangular m x n matrix too): the pivot of each column is the row with the
largest ``|a|``, the first of equal ones, as LAPACK's ``getrf`` picks it, and
the pivots are LAPACK's (1-based rows exchanged, ``int32``). ``LU`` packs U on
and above the diagonal and L's multipliers below it. The gradient is the chain
rule through the elimination, the derivative of the same factorisation that
PyTorch's ``linalg_lu_backward`` writes by hand.

>>> import tensors as torch
>>> LU, pivots = torch.linalg.lu_factor(torch.tensor([[1., 2.], [3., 4.]]))
>>> LU, pivots
(tensor([[3.0000, 4.0000],
        [0.3333, 0.6667]]), tensor([2, 2], dtype=torch.int32))
"""

from __future__ import annotations

from typing import Any

from autograd_scalar.value import _const

from .. import _dtype as D
from .._shape import broadcast_shapes, numel
from .._tensor import Tensor, _from_numbers, _result
from .arithmetic import _fresh
from .linalg_solve import _cpp, _lu, _matrices_of, _named_result, _sub_dot, _transposed

LuFactorResult = _named_result("linalg_lu_factor", ("LU", "pivots"))
LuFactorExResult = _named_result("linalg_lu_factor_ex", ("LU", "pivots", "info"))
LuResult = _named_result("linalg_lu", ("P", "L", "U"))
LuUnpackResult = _named_result("lu_unpack", ("P", "L", "U"))


def _check_matrix(name: str, A: Tensor, pivot: bool) -> None:
    if A.ndim < 2:
        raise RuntimeError(
            f"torch.{name}: Expected tensor with 2 or more dimensions. Got size: "
            f"{list(A._shape)} instead"
        )
    if not A.dtype.is_floating_point:
        raise NotImplementedError(f"\"lu_cpu\" not implemented for '{_cpp(A)}'")
    if not pivot:
        raise RuntimeError(f"{name}: LU without pivoting is not implemented on the CPU")


def _factor_all(A: Tensor) -> tuple:
    """Each matrix's ``(packed LU Values, pivots from 1, info)``."""
    m, n = A._shape[-2:]
    flat = A._flat()
    out = []
    for b in range(numel(A._shape[:-2])):
        lower, upper, _, _, swaps = _lu(flat[b * m * n : (b + 1) * m * n], m, n)
        packed = [upper[i][j] if i <= j else lower[i][j] for i in range(m) for j in range(n)]
        zero = [k for k in range(min(m, n)) if upper[k][k].data == 0.0]
        out.append((packed, [s + 1 for s in swaps], zero[0] + 1 if zero else 0))
    return out


def _pack(A: Tensor, parts: list, name: str) -> tuple:
    m, n = A._shape[-2:]
    batch = A._shape[:-2]
    values = [v for packed, _, _ in parts for v in packed]
    lu = _result(values, A._shape, A.dtype, name, (A,), op="lu_factor")
    pivots = _from_numbers([p for _, piv, _ in parts for p in piv], batch + (min(m, n),), D.int32)
    info = _from_numbers([i for _, _, i in parts], batch, D.int32)
    return lu, pivots, info


def lu_factor_ex(A: Tensor, *, pivot: bool = True, check_errors: bool = False, out: Any = None
                 ) -> tuple:  # fmt: skip
    """``(LU, pivots, info)``: the packed LU factorisation ``A = P L U``, LAPACK's
    pivots, and ``info`` (k > 0 where ``U[k-1, k-1]`` is zero; no error raised).

    >>> import tensors as torch
    >>> torch.linalg.lu_factor_ex(torch.tensor([[0., 1.], [0., 2.]])).info
    tensor(1, dtype=torch.int32)
    """
    _check_matrix("linalg.lu_factor_ex", A, pivot)
    parts = _factor_all(A)
    if check_errors:
        _raise_zero_pivot("linalg.lu_factor_ex", A, parts)
    return LuFactorExResult(*_pack(A, parts, "LinalgLuFactorExBackward0"))


def _raise_zero_pivot(name: str, A: Tensor, parts: list) -> None:
    for number, (_, _, info) in enumerate(parts):
        if info:
            where = f"(Batch element {number}): " if A.ndim > 2 else ""
            raise RuntimeError(
                f"torch.{name}: {where}U[{info},{info}] is zero and using it on lu_solve would "
                "result in a division by zero. If you still want to perform the factorization, "
                "consider calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)"
            )


def lu_factor(A: Tensor, *, pivot: bool = True, out: Any = None) -> tuple:
    """``(LU, pivots)``: U on and above the diagonal of ``LU``, L's multipliers
    below it (its unit diagonal implied); row ``i`` was exchanged with row
    ``pivots[i]`` (from 1) at step i. A zero on U's diagonal is an error.

    >>> import tensors as torch
    >>> torch.linalg.lu_factor(torch.tensor([[2., 1.], [4., 1.]])).pivots
    tensor([2, 2], dtype=torch.int32)
    """
    _check_matrix("linalg.lu_factor", A, pivot)
    parts = _factor_all(A)
    _raise_zero_pivot("linalg.lu_factor", A, parts)
    lu, pivots, _ = _pack(A, parts, "LinalgLuFactorExBackward0")
    return LuFactorResult(lu, pivots)


def _permutation(pivots: list, m: int) -> list:
    """``perm[i]``: the row of A that is row i of ``P^T A``, from LAPACK's pivots."""
    perm = list(range(m))
    for k, p in enumerate(pivots):
        perm[k], perm[p - 1] = perm[p - 1], perm[k]
    return perm


def _unpacked(packed: list, m: int, n: int) -> tuple:
    """L (m x k, unit diagonal) and U (k x n) as flat Values from a packed LU."""
    k = min(m, n)
    one, zero = _const(1.0), _const(0.0)
    low = [
        _fresh(packed[i * n + j]) if i > j else (one if i == j else zero)
        for i in range(m)
        for j in range(k)
    ]
    up = [_fresh(packed[i * n + j]) if j >= i else zero for i in range(k) for j in range(n)]
    return low, up


def _p_matrix(perm: list) -> list:
    m = len(perm)
    cells = [0.0] * (m * m)
    for i, row in enumerate(perm):
        cells[row * m + i] = 1.0
    return cells


def lu(A: Tensor, *, pivot: bool = True, out: Any = None) -> tuple:
    """``(P, L, U)`` with ``A = P L U``: P a permutation matrix, L unit lower
    triangular (m x k), U upper triangular (k x n), k = min(m, n).

    >>> import tensors as torch
    >>> P, L, U = torch.linalg.lu(torch.tensor([[1., 2.], [3., 4.]]))
    >>> P
    tensor([[0., 1.],
            [1., 0.]])
    """
    _check_matrix("linalg.lu", A, pivot)
    m, n = A._shape[-2:]
    k = min(m, n)
    batch = A._shape[:-2]
    ps: list = []
    ls: list = []
    us: list = []
    for packed, pivots, _ in _factor_all(A):
        ps.extend(_p_matrix(_permutation(pivots, m)))
        low, up = _unpacked(packed, m, n)
        ls.extend(low)
        us.extend(up)
    p_t = _from_numbers(ps, batch + (m, m), A.dtype)
    l_t = _result(ls, batch + (m, k), A.dtype, "LinalgLuBackward0", (A,), op="lu")
    u_t = _result(us, batch + (k, n), A.dtype, "LinalgLuBackward0", (A,), op="lu")
    return LuResult(p_t, l_t, u_t)


def _pivot_lists(pivots: Tensor, count: int, k: int) -> list:
    flat = [int(v.data) for v in pivots._flat()]
    return [flat[b * k : (b + 1) * k] for b in range(count)]


def lu_unpack(
    LU_data: Tensor, LU_pivots: Tensor, unpack_data: bool = True, unpack_pivots: bool = True,
    *, out: Any = None,
) -> tuple:  # fmt: skip
    """``(P, L, U)`` from the packed ``(LU, pivots)`` of ``lu_factor``; with
    ``unpack_data=False`` L and U are empty, with ``unpack_pivots=False`` P is.

    >>> import tensors as torch
    >>> LU, piv = torch.linalg.lu_factor(torch.tensor([[1., 2.], [3., 4.]]))
    >>> torch.lu_unpack(LU, piv).L
    tensor([[1.0000, 0.0000],
            [0.3333, 1.0000]])
    """
    if LU_pivots.dtype is not D.int32:
        raise RuntimeError(
            "torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 "
            "dtype.\nNote: this function is intended to be used with the output produced by "
            "torch.linalg.lu_factor"
        )
    m, n = LU_data._shape[-2:]
    k = min(m, n)
    batch = LU_data._shape[:-2]
    count = numel(batch)
    flat = LU_data._flat()
    ps: list = []
    ls: list = []
    us: list = []
    for b, pivots in enumerate(_pivot_lists(LU_pivots, count, k)):
        if unpack_pivots:
            ps.extend(_p_matrix(_permutation(pivots, m)))
        if unpack_data:
            low, up = _unpacked(flat[b * m * n : (b + 1) * m * n], m, n)
            ls.extend(low)
            us.extend(up)
    empty = (0,)
    p_t = _from_numbers(ps, batch + (m, m) if unpack_pivots else empty, LU_data.dtype)
    dt, args = LU_data.dtype, ("LuUnpackBackward0", (LU_data,))
    l_t = _result(ls, batch + (m, k) if unpack_data else empty, dt, *args, op="lu_unpack")
    u_t = _result(us, batch + (k, n) if unpack_data else empty, dt, *args, op="lu_unpack")
    return LuUnpackResult(p_t, l_t, u_t)


def _solve_packed(packed: list, perm: list, n: int, b: list, adjoint: bool) -> list:
    """x with ``A x = b`` (``A^T x = b`` when ``adjoint``) from a packed LU."""
    a = lambda i, j: packed[i * n + j]  # noqa: E731
    if not adjoint:  # L y = P^T b, then U x = y
        y: list = []
        for i in range(n):
            y.append(_sub_dot(b[perm[i]], [a(i, j) for j in range(i)], y[:i]))
        x: list = [None] * n
        for i in reversed(range(n)):
            rest = range(i + 1, n)
            x[i] = _sub_dot(y[i], [a(i, j) for j in rest], [x[j] for j in rest]) / a(i, i)
        return x
    # A^T = U^T L^T P^T: U^T z = b, then L^T w = z, x = P w
    z: list = []
    for i in range(n):
        z.append(_sub_dot(b[i], [a(j, i) for j in range(i)], z[:i]) / a(i, i))
    w: list = [None] * n
    for i in reversed(range(n)):
        rest = range(i + 1, n)
        w[i] = _sub_dot(z[i], [a(j, i) for j in rest], [w[j] for j in rest])
    x = [None] * n
    for i in range(n):
        x[perm[i]] = _fresh(w[i])
    return x


def lu_solve(LU: Tensor, pivots: Tensor, B: Tensor, *, left: bool = True, adjoint: bool = False,
             out: Any = None) -> Tensor:  # fmt: skip
    """X with ``A X = B`` from ``A``'s ``lu_factor``; ``adjoint`` solves with
    ``A^T``, ``left=False`` solves ``X A = B``. Batch dimensions broadcast.

    >>> import tensors as torch
    >>> A = torch.tensor([[2., 1.], [4., 1.]])
    >>> LU, piv = torch.linalg.lu_factor(A)
    >>> torch.linalg.lu_solve(LU, piv, torch.tensor([[3.], [5.]]))
    tensor([[1.],
            [1.]])
    """
    if LU.ndim < 2:
        raise RuntimeError(
            "torch.linalg.lu_solve: The input tensor LU must have at least 2 dimensions."
        )
    n, n2 = LU._shape[-2:]
    if n != n2:
        raise RuntimeError(
            f"torch.linalg.lu_solve: A must be batches of square matrices, but they are {n} by "
            f"{n2} matrices"
        )
    if B.ndim < 2:
        raise RuntimeError(
            "torch.linalg.lu_solve: The input tensor B must have at least 2 dimensions."
        )
    rows, k = B._shape[-2:]
    if (rows if left else k) != n:
        raise RuntimeError(
            "torch.linalg.lu_solve: Incompatible shapes of A and B for the equation "
            f"{'AX = B' if left else 'XA = B'} ({n}x{n} and {rows}x{k})"
        )
    batch = broadcast_shapes(LU._shape[:-2], B._shape[:-2])
    lu_own = LU._shape[:-2]
    pivot_rows = _pivot_lists(pivots, numel(lu_own), n)
    from .._shape import broadcast_index

    which = broadcast_index(lu_own, batch) if lu_own != batch else range(numel(batch))
    out_flat: list = []
    for packed, b, owner in zip(
        _matrices_of(LU, batch, n, n), _matrices_of(B, batch, rows, k), which
    ):
        perm = _permutation(pivot_rows[owner], n)
        # X A = B is A^T X^T = B^T: the adjoint system on the transpose
        bt = b if left else _transposed(b, rows, k)
        width = k if left else rows
        cols = [[bt[i * width + j] for i in range(n)] for j in range(width)]
        xs = [_solve_packed(packed, perm, n, c, adjoint != (not left)) for c in cols]
        if left:
            out_flat.extend(xs[j][i] for i in range(n) for j in range(width))
        else:
            out_flat.extend(xs[j][i] for j in range(width) for i in range(n))
    shape = batch + B._shape[-2:]
    return _result(out_flat, shape, LU.dtype, "LinalgLuSolveBackward0", (LU, B), op="lu_solve")


def torch_lu_solve(b: Tensor, LU_data: Tensor, LU_pivots: Tensor, *, out: Any = None) -> Tensor:
    """``torch.lu_solve``: X with ``A X = b`` from ``A``'s ``lu_factor`` (deprecated in
    PyTorch for ``torch.linalg.lu_solve``).

    >>> import tensors as torch
    >>> LU, piv = torch.linalg.lu_factor(torch.tensor([[2., 0.], [0., 4.]]))
    >>> torch.lu_solve(torch.tensor([[2.], [4.]]), LU, piv)
    tensor([[1.],
            [1.]])
    """
    return lu_solve(LU_data, LU_pivots, b)


def torch_lu(A: Tensor, pivot: bool = True, get_infos: bool = False, out: Any = None) -> tuple:
    """``torch.lu``: ``(LU, pivots)`` as ``lu_factor`` gives them, and ``info`` too
    with ``get_infos=True`` (deprecated in PyTorch for ``torch.linalg.lu_factor``).

    >>> import tensors as torch
    >>> len(torch.lu(torch.tensor([[1., 2.], [3., 4.]]), get_infos=True))
    3
    """
    _check_matrix("lu_factor", A, pivot)
    parts = _factor_all(A)
    if not get_infos:
        _raise_zero_pivot("linalg.lu_factor", A, parts)
    lu_t, pivots, info = _pack(A, parts, "LinalgLuFactorExBackward0")
    return (lu_t, pivots, info) if get_infos else (lu_t, pivots)
