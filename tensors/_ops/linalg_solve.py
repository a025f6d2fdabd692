"""Linear systems by elimination on Values: ``det``, ``slogdet``, ``inv``, ``solve``,
``solve_triangular``, ``cholesky`` (``torch.linalg``), and ``logdet``.

An LU factorisation with partial pivoting (the row with the largest ``|a|``
in the column, as LAPACK's ``getrf`` picks it) is computed element by element
on the scalar engine: each entry of L and U is ``a - l . u`` (one ``dot``
node and a subtraction) and each multiplier a division. The determinant is
the product of U's diagonal, a solve is forward and back substitution. So
no derivative is written here: the gradient of ``det`` or ``inv`` is what
the chain rule gives through the elimination, which is the derivative
PyTorch's formulas (``det * inv(A)^T``, ``-inv^T g inv^T``) give wherever the
matrix is invertible. ``cholesky`` reads the symmetric part of A, so its
gradient is the symmetric one PyTorch's ``cholesky_backward`` returns.

>>> import tensors as torch
>>> torch.linalg.det(torch.tensor([[2., 1.], [1., 3.]]))
tensor(5.)
"""

from __future__ import annotations

from typing import Any

from autograd_scalar import Value, apply
from autograd_scalar.value import _const

from .._printing import named_result as _named_result
from .._shape import broadcast_shapes, numel
from .._tensor import Tensor, _result
from .arithmetic import _fresh
from .matrix_products import _DOT

SlogdetResult = _named_result("linalg_slogdet", ("sign", "logabsdet"))


class LinAlgError(RuntimeError):
    """``torch.linalg.LinAlgError``: a matrix that the factorisation cannot handle
    (singular, not positive-definite)."""


def _sub_dot(a: Value, ls: list, us: list) -> Value:
    """``a - ls . us`` (``a`` itself when there is nothing to subtract)."""
    return a - apply(_DOT, *ls, *us) if ls else a


def _square(name: str, t: Tensor, arg: str = "A") -> tuple:
    if t.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor {arg} must have at least 2 dimensions.")
    n, m = t._shape[-2:]
    if n != m:
        raise RuntimeError(
            f"{name}: {arg} must be batches of square matrices, but they are {n} by {m} matrices"
        )
    if not t.dtype.is_floating_point:
        raise RuntimeError(
            f"{name}: Expected a floating point or complex tensor as input. Got {_cpp(t)}"
        )
    flat = t._flat()
    return n, [flat[b * n * n : (b + 1) * n * n] for b in range(numel(t._shape[:-2]))]


def _cpp(t: Tensor) -> str:
    return {"int64": "Long", "bool": "Bool"}.get(t.dtype.name, t.dtype.name)


def _lu(a: list, n: int, cols: int = -1) -> tuple:
    """Doolittle's LU with partial pivoting of the n x n Values ``a`` (row-major;
    n x ``cols`` when given): ``(L, U, perm, sign, swaps)`` with ``P A = L U``,
    ``perm[i]`` the row of A that is row i of ``P A`` and ``swaps[k]`` the row step
    k exchanged with row k (LAPACK's pivots, from 0); a zero pivot leaves its column
    of L unscaled, as LAPACK does. L's unit diagonal is not stored (None)."""
    cols = n if cols < 0 else cols
    steps = min(n, cols)
    rows = [list(a[i * cols : (i + 1) * cols]) for i in range(n)]
    perm, sign, swaps = list(range(n)), 1.0, []
    lower: list = [[None] * steps for _ in range(n)]
    upper: list = [[None] * cols for _ in range(steps)]
    for k in range(steps):
        column = [upper[p][k] for p in range(k)]
        cand = [_sub_dot(rows[i][k], lower[i][:k], column) for i in range(k, n)]
        # getrf's idamax: the largest |a|, the first of equals
        best = max(range(len(cand)), key=lambda i: (abs(cand[i].data), -i))
        swaps.append(k + best)
        if best:
            i = k + best
            rows[k], rows[i] = rows[i], rows[k]
            lower[k], lower[i] = lower[i], lower[k]
            perm[k], perm[i] = perm[i], perm[k]
            cand[0], cand[best] = cand[best], cand[0]
            sign = -sign
        upper[k][k] = cand[0]
        for j in range(k + 1, cols):
            upper[k][j] = _sub_dot(rows[k][j], lower[k][:k], [upper[p][j] for p in range(k)])
        pivot = cand[0]
        for i in range(k + 1, n):
            lower[i][k] = cand[i - k] / pivot if pivot.data != 0.0 else cand[i - k]
    return lower, upper, perm, sign, swaps


def _lu_solve(lower: list, upper: list, perm: list, b: list) -> list:
    """x with ``A x = b`` from ``P A = L U``: forward, then back substitution."""
    n = len(perm)
    y: list = []
    for i in range(n):
        y.append(_sub_dot(b[perm[i]], lower[i][:i], y[:i]))
    x: list = [None] * n
    for i in reversed(range(n)):
        x[i] = _sub_dot(y[i], upper[i][i + 1 :], x[i + 1 :]) / upper[i][i]
    return x


def det(A: Tensor) -> Tensor:
    """The determinant of a square matrix (or of each of a batch): the signed
    product of U's diagonal in ``P A = L U``.

    >>> import tensors as torch
    >>> torch.linalg.det(torch.tensor([[0., 1.], [1., 0.]]))
    tensor(-1.)
    """
    n, mats = _square("linalg.det", A)
    out = []
    for a in mats:
        if n == 0:
            out.append(_const(1.0))
            continue
        _, upper, _, sign, _ = _lu(a, n)
        d = upper[0][0]
        for k in range(1, n):
            d = d * upper[k][k]
        out.append(-d if sign < 0 else (_fresh(d) if n == 1 else d))
    return _result(out, A._shape[:-2], A.dtype, "LinalgDetBackward0", (A,), op="det")


def slogdet(A: Tensor) -> tuple:
    """``(sign, log|det|)`` of a square matrix, computed from the LU diagonal without
    forming the (perhaps overflowing) product.

    >>> import tensors as torch
    >>> torch.linalg.slogdet(torch.tensor([[-2., 0.], [0., 3.]]))
    torch.return_types.linalg_slogdet(
    sign=tensor(-1.),
    logabsdet=tensor(1.7918))
    """
    n, mats = _square("linalg.slogdet", A)
    signs, logs = [], []
    for a in mats:
        if n == 0:
            signs.append(_const(1.0))
            logs.append(_const(0.0))
            continue
        _, upper, _, sign, _ = _lu(a, n)
        for k in range(n):
            u = upper[k][k].data
            sign = sign * (1.0 if u > 0 else (-1.0 if u < 0 else 0.0))
        signs.append(_const(sign))
        logs.append(Value.sum([upper[k][k].abs().log() for k in range(n)]))
    shape = A._shape[:-2]
    sign_t = _result(signs, shape, A.dtype, "LinalgSlogdetBackward0", (A,), op="slogdet")
    log_t = _result(logs, shape, A.dtype, "LinalgSlogdetBackward0", (A,), op="slogdet")
    return SlogdetResult(sign_t, log_t)


def logdet(input: Tensor) -> Tensor:
    """``log(det(A))``: nan for a negative determinant, ``-inf`` for zero.

    >>> import tensors as torch
    >>> torch.logdet(torch.tensor([[2., 0.], [0., 3.]]))
    tensor(1.7918)
    """
    sign, logabs = slogdet(input)
    values = [
        _const(float("nan")) if s.data < 0 else (_const(-float("inf")) if s.data == 0 else v)
        for s, v in zip(sign._flat(), logabs._flat())
    ]
    return _result(values, logabs._shape, input.dtype, "WhereBackward0", (logabs,), op="logdet")


def _solve_columns(
    name: str, a: list, n: int, columns: list, inverse: bool = False, infos: Any = None
) -> list:
    """The solutions for each column; a singular matrix is refused, or, when
    ``infos`` is a list, its first zero pivot (from 1; 0 for none) is appended and
    the substitution divides by zero as LAPACK's does."""
    lower, upper, perm, _, _ = _lu(a, n)
    zero = [k for k in range(n) if upper[k][k].data == 0.0]
    if infos is not None:
        infos.append(zero[0] + 1 if zero else 0)
    elif zero:
        if inverse:
            raise LinAlgError(
                f"{name}: The diagonal element {zero[0] + 1} is zero, the inversion could not "
                "be completed because the input matrix is singular."
            )
        raise LinAlgError(f"torch.{name}: The solver failed because the input matrix is singular.")
    return [_lu_solve(lower, upper, perm, b) for b in columns]


def inv(A: Tensor) -> Tensor:
    """The inverse of a square matrix (or of each of a batch), by solving ``A X = I``.

    >>> import tensors as torch
    >>> torch.linalg.inv(torch.tensor([[2., 0.], [0., 4.]]))
    tensor([[0.5000, 0.0000],
            [0.0000, 0.2500]])
    """
    return _inverse(A)


def _inverse(A: Tensor, infos: Any = None, name: str = "linalg.inv") -> Tensor:
    n, mats = _square(name, A)
    one, zero = _const(1.0), _const(0.0)
    eye = [[one if i == j else zero for i in range(n)] for j in range(n)]
    out: list = []
    for a in mats:
        cols = _solve_columns("linalg.inv", a, n, eye, True, infos) if n else []
        out.extend(cols[j][i] for i in range(n) for j in range(n))
    return _result(out, A._shape, A.dtype, "LinalgInvExBackward0", (A,), op="inv")


def _matrices_of(t: Tensor, batch: tuple, rows: int, cols: int) -> list:
    """The (rows x cols) matrices of ``t`` over the broadcast ``batch`` dims."""
    from .._shape import broadcast_index

    flat, size = t._flat(), rows * cols
    own = t._shape[:-2]
    index = broadcast_index(own, batch) if own != batch else range(numel(batch))
    return [flat[i * size : (i + 1) * size] for i in index]


def _transposed(m: list, rows: int, cols: int) -> list:
    return [m[i * cols + j] for j in range(cols) for i in range(rows)]


def solve(A: Tensor, B: Tensor, *, left: bool = True, out: Any = None) -> Tensor:
    """X with ``A X = B`` (``X A = B`` when ``left=False``); B may be a vector or a batch
    of matrices, and the batch dimensions broadcast.

    >>> import tensors as torch
    >>> torch.linalg.solve(torch.tensor([[2., 0.], [0., 4.]]), torch.tensor([2., 2.]))
    tensor([1.0000, 0.5000])
    """
    return _solve(A, B, left)


def _solve(A: Tensor, B: Tensor, left: bool, infos: Any = None, name: str = "linalg.solve"
           ) -> Tensor:  # fmt: skip
    n, _ = _square(name, A)
    vector = B.ndim == 1 or (left and B.ndim == A.ndim - 1 and B._shape == A._shape[:-1])
    Bm = B.unsqueeze(-1) if vector else B
    if Bm.ndim < 2:
        raise RuntimeError("linalg.solve: The input tensor B must have at least 2 dimensions.")
    rows, k = Bm._shape[-2:]
    if (rows if left else k) != n:
        shape = f"{rows}x{k}"
        raise RuntimeError(
            f"linalg.solve: Incompatible shapes of A and B for the equation "
            f"{'AX = B' if left else 'XA = B'} ({n}x{n} and {shape})"
        )
    batch = broadcast_shapes(A._shape[:-2], Bm._shape[:-2])
    out_flat: list = []
    for a, b in zip(_matrices_of(A, batch, n, n), _matrices_of(Bm, batch, rows, k)):
        if not left:  # X A = B is A^T X^T = B^T
            a, b, rows_, k_ = _transposed(a, n, n), _transposed(b, rows, k), k, rows
        else:
            rows_, k_ = rows, k
        columns = [[b[i * k_ + j] for i in range(rows_)] for j in range(k_)]
        xs = _solve_columns("linalg.solve", a, n, columns, infos=infos) if n and k_ else [[]] * k_
        if left:
            out_flat.extend(xs[j][i] for i in range(rows_) for j in range(k_))
        else:
            out_flat.extend(xs[j][i] for j in range(k_) for i in range(rows_))
    shape = batch + (Bm._shape[-2:])
    if vector:
        shape = shape[:-1]
    return _result(out_flat, shape, A.dtype, "LinalgSolveExBackward0", (A, B), op="solve")


def solve_triangular(
    A: Tensor, B: Tensor, *, upper: bool, left: bool = True, unitriangular: bool = False
) -> Tensor:
    """X with ``A X = B`` (``X A = B`` when ``left=False``) for a triangular A (only its
    ``upper`` or lower triangle is read; with ``unitriangular`` its diagonal is taken
    as ones). No pivoting: a zero on the diagonal gives inf and nan, as in PyTorch.

    >>> import tensors as torch
    >>> A = torch.tensor([[2., 1.], [0., 4.]])
    >>> torch.linalg.solve_triangular(A, torch.tensor([[3.], [4.]]), upper=True)
    tensor([[1.],
            [1.]])
    """
    if A.ndim < 2 or B.ndim < 2:
        which = "A" if A.ndim < 2 else "B"
        raise RuntimeError(
            f"linalg.solve_triangular: The input tensor {which} must have at least 2 dimensions."
        )
    n, _ = _square("linalg.solve_triangular", A)
    rows, k = B._shape[-2:]
    if (rows if left else k) != n:
        raise RuntimeError(
            f"linalg.solve_triangular: Incompatible shapes of A and B for the equation "
            f"{'AX = B' if left else 'XA = B'} ({n}x{n} and {rows}x{k})"
        )
    batch = broadcast_shapes(A._shape[:-2], B._shape[:-2])
    out_flat: list = []
    for a, b in zip(_matrices_of(A, batch, n, n), _matrices_of(B, batch, rows, k)):
        up = upper
        if not left:
            a, b, up = _transposed(a, n, n), _transposed(b, rows, k), not upper
        width = k if left else rows
        cols = [[b[i * width + j] for i in range(n)] for j in range(width)]
        xs = [_triangular(a, n, col, up, unitriangular) for col in cols]
        if left:
            out_flat.extend(xs[j][i] for i in range(n) for j in range(width))
        else:
            out_flat.extend(xs[j][i] for j in range(width) for i in range(n))
    shape = batch + B._shape[-2:]
    return _result(out_flat, shape, A.dtype, "LinalgSolveTriangularBackward0", (A, B), op="solve")


def _triangular(a: list, n: int, b: list, upper: bool, unit: bool) -> list:
    x: list = [None] * n
    order = reversed(range(n)) if upper else range(n)
    for i in order:
        others = range(i + 1, n) if upper else range(i)
        v = _sub_dot(b[i], [a[i * n + j] for j in others], [x[j] for j in others])
        x[i] = _fresh(v) if unit else v / a[i * n + i]
    return x


def cholesky(A: Tensor, *, upper: bool = False, out: Any = None) -> Tensor:
    """L lower-triangular with ``A = L L^T`` for a symmetric positive-definite A (or
    ``U = L^T`` with ``upper=True``).

    >>> import tensors as torch
    >>> torch.linalg.cholesky(torch.tensor([[4., 2.], [2., 5.]]))
    tensor([[2., 0.],
            [1., 2.]])
    """
    return _cholesky(A, upper)


def _cholesky(A: Tensor, upper: bool, infos: Any = None, name: str = "linalg.cholesky"
              ) -> Tensor:  # fmt: skip
    n, mats = _square(name, A)
    zero, half = _const(0.0), _const(0.5)
    out: list = []
    batched = A.ndim > 2
    for number, a in enumerate(mats):
        # The symmetric part, (a_ij + a_ji) / 2 (one dot node): a itself for a
        # symmetric A, and the gradient splits between a_ij and a_ji as PyTorch's does.
        def sym(i: int, j: int, a: list = a) -> Value:
            return a[i * n + i] if i == j else apply(_DOT, a[i * n + j], a[j * n + i], half, half)

        low: list = [[zero] * n for _ in range(n)]
        info = 0
        for j in range(n):
            d = _sub_dot(sym(j, j), low[j][:j], low[j][:j])
            if not d.data > 0.0:
                info = j + 1
                if infos is None:
                    where = f"(Batch element {number}): " if batched else ""
                    raise LinAlgError(
                        f"{name}: {where}The factorization could not be completed because the "
                        f"input is not positive-definite (the leading minor of order {j + 1} is "
                        "not positive-definite)."
                    )
                # LAPACK's potf2 stops here: the failed pivot, and the rest as it was
                low[j][j] = _fresh(d)
                for c in range(j, n):
                    for i in range(c + (c == j), n):
                        low[i][c] = _fresh(a[i * n + c])
                break
            low[j][j] = d.sqrt()
            for i in range(j + 1, n):
                low[i][j] = _sub_dot(sym(i, j), low[i][:j], low[j][:j]) / low[j][j]
        if infos is not None:
            infos.append(info)
        if upper:
            out.extend(low[j][i] for i in range(n) for j in range(n))
        else:
            out.extend(low[i][j] for i in range(n) for j in range(n))
    return _result(out, A._shape, A.dtype, "LinalgCholeskyExBackward0", (A,), op="cholesky")


def inverse(input: Tensor) -> Tensor:
    """``torch.inverse``: the same as ``torch.linalg.inv``.

    >>> import tensors as torch
    >>> torch.inverse(torch.tensor([[4.]]))
    tensor([[0.2500]])
    """
    return inv(input)


def torch_cholesky(input: Tensor, upper: bool = False) -> Tensor:
    """``torch.cholesky`` (deprecated in PyTorch for ``torch.linalg.cholesky``, with
    its warning).

    >>> import tensors as torch
    >>> import warnings; warnings.simplefilter("ignore")
    >>> torch.cholesky(torch.tensor([[4.]]))
    tensor([[2.]])
    """
    import warnings

    warnings.warn(
        "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in "
        "a future PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\n"
        "L = torch.linalg.cholesky(A)\nand\nU = torch.cholesky(A, upper=True)\nshould be "
        "replaced with\nU = torch.linalg.cholesky(A).mH\nThis transform will produce equivalent "
        "results for all valid (symmetric positive definite) inputs.",
        UserWarning,
        stacklevel=2,
    )
    return cholesky(input, upper=upper)
