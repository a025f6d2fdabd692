"""The other forms of the solvers: ``linalg.inv_ex``, ``solve_ex``, ``cholesky_ex``
(an ``info`` instead of an error), ``torch.cholesky_solve``, ``cholesky_inverse``,
``triangular_solve``, ``torch.qr``, ``linalg.tensorinv``, ``tensorsolve``,
``linalg.diagonal`` and ``torch.vdot``.

Each is a composition of the elimination ops of ``linalg_solve.py`` and
``linalg_qr.py``. ``cholesky_solve`` and ``cholesky_inverse`` form ``A = L L^T``
from the whole of the factor they are given and eliminate that: PyTorch's
formulas for their gradients (``cholesky_solve_backward``,
``cholesky_inverse_backward``) are the derivatives of that function of the whole
factor, its zeros above the diagonal included, so the graph gives the same numbers.

>>> import tensors as torch
>>> L = torch.tensor([[2., 0.], [1., 1.]])
>>> torch.cholesky_solve(torch.tensor([[4.], [3.]]), L)
tensor([[0.5000],
        [1.0000]])
"""

from __future__ import annotations

import math
from typing import Any, Optional, Sequence

from .. import _dtype as D
from .._shape import numel
from .._tensor import Tensor, _from_numbers, _result
from .arithmetic import _fresh
from .linalg_qr import qr as linalg_qr
from .linalg_solve import (
    LinAlgError,
    _cholesky,
    _inverse,
    _named_result,
    _solve,
    solve_triangular,
)
from .matrix_products import dot, matmul
from .views import diagonal, movedim, reshape

InvExResult = _named_result("linalg_inv_ex", ("inverse", "info"))
SolveExResult = _named_result("linalg_solve_ex", ("result", "info"))
CholeskyExResult = _named_result("linalg_cholesky_ex", ("L", "info"))
TriangularSolveResult = _named_result("triangular_solve", ("solution", "cloned_coefficient"))
QRResult = _named_result("qr", ("Q", "R"))


def _infos(infos: list, batch: tuple) -> Tensor:
    infos = infos + [0] * (numel(batch) - len(infos))  # empty systems: nothing failed
    return _from_numbers(infos, batch, D.int32)


def inv_ex(A: Tensor, *, check_errors: bool = False, out: Any = None) -> tuple:
    """``(inverse, info)``: ``info`` is k > 0 where the elimination met a zero pivot
    in column k (the inverse then holds inf and nan); no error unless ``check_errors``.

    >>> import tensors as torch
    >>> torch.linalg.inv_ex(torch.tensor([[2.]]))
    torch.return_types.linalg_inv_ex(
    inverse=tensor([[0.5000]]),
    info=tensor(0, dtype=torch.int32))
    """
    infos: Optional[list] = None if check_errors else []
    inverse = _inverse(A, infos, "linalg.inv_ex")
    return InvExResult(inverse, _infos(infos or [], A._shape[:-2]))


def solve_ex(
    A: Tensor, B: Tensor, *, left: bool = True, check_errors: bool = False, out: Any = None
) -> tuple:
    """``(result, info)``: ``linalg.solve`` with an ``info`` (k > 0 for a zero pivot in
    column k) in place of the error.

    >>> import tensors as torch
    >>> torch.linalg.solve_ex(torch.tensor([[2.]]), torch.tensor([4.])).result
    tensor([2.])
    """
    infos: Optional[list] = None if check_errors else []
    result = _solve(A, B, left, infos, "linalg.solve_ex")
    return SolveExResult(result, _infos(infos or [], A._shape[:-2]))


def cholesky_ex(
    A: Tensor, *, upper: bool = False, check_errors: bool = False, out: Any = None
) -> tuple:
    """``(L, info)``: ``linalg.cholesky`` with an ``info`` (k > 0 where the leading
    minor of order k is not positive-definite) in place of the error.

    >>> import tensors as torch
    >>> torch.linalg.cholesky_ex(torch.tensor([[4.]])).L
    tensor([[2.]])
    """
    infos: Optional[list] = None if check_errors else []
    low = _cholesky(A, upper, infos, "linalg.cholesky_ex")
    return CholeskyExResult(low, _infos(infos or [], A._shape[:-2]))


def _product_of_factor(L: Tensor, upper: bool, name: str) -> Tensor:
    if L.ndim < 2:
        raise RuntimeError(
            f"u should have at least 2 dimensions, but has {L.ndim} dimensions instead"
            if name == "cholesky_solve"
            else f"{name}: The input tensor A must have at least 2 dimensions."
        )
    return matmul(L.mT, L) if upper else matmul(L, L.mT)


def cholesky_solve(B: Tensor, L: Tensor, upper: bool = False, *, out: Any = None) -> Tensor:
    """X with ``A X = B`` where ``A = L L^T`` (``U^T U`` with ``upper=True``) is
    given by its Cholesky factor.

    >>> import tensors as torch
    >>> torch.cholesky_solve(torch.tensor([[2.], [4.]]), torch.tensor([[1., 0.], [0., 2.]]))
    tensor([[2.],
            [1.]])
    """
    if B.ndim < 2:
        raise RuntimeError("b should have at least 2 dimensions, but has 1 dimensions instead")
    x = _solve(_product_of_factor(L, upper, "cholesky_solve"), B, True, [], "cholesky_solve")
    return _result(x._flat(), x._shape, B.dtype, "CholeskySolveBackward0", (B, L), op="solve")


def cholesky_inverse(L: Tensor, upper: bool = False, *, out: Any = None) -> Tensor:
    """The inverse of ``A = L L^T`` (``U^T U`` with ``upper=True``) from its Cholesky
    factor.

    >>> import tensors as torch
    >>> torch.cholesky_inverse(torch.tensor([[2., 0.], [0., 1.]]))
    tensor([[0.2500, 0.0000],
            [0.0000, 1.0000]])
    """
    a = _product_of_factor(L, upper, "cholesky_inverse")
    inverse = _inverse(a, [], "cholesky_inverse")
    return _result(
        inverse._flat(), inverse._shape, L.dtype, "CholeskyInverseBackward0", (L,), op="inv"
    )


def triangular_solve(
    b: Tensor, A: Tensor, upper: bool = True, transpose: bool = False,
    unitriangular: bool = False, *, out: Any = None,
) -> tuple:  # fmt: skip
    """``(solution, cloned_coefficient)``: X with ``A X = b`` (``A^T X = b`` with
    ``transpose``) for a triangular A, and a copy of A (deprecated in PyTorch for
    ``torch.linalg.solve_triangular``).

    >>> import tensors as torch
    >>> A = torch.tensor([[2., 1.], [0., 1.]])
    >>> torch.triangular_solve(torch.tensor([[3.], [1.]]), A).solution
    tensor([[1.],
            [1.]])
    """
    coefficient = A.mT if transpose else A
    x = solve_triangular(coefficient, b, upper=upper != transpose, unitriangular=unitriangular)
    name = "TriangularSolveBackward0"
    solution = _result(x._flat(), x._shape, b.dtype, name, (b, A), op="triangular_solve")
    copy = _result([_fresh(v) for v in A._flat()], A._shape, A.dtype, name, (b, A), op="clone")
    return TriangularSolveResult(solution, copy)


def torch_qr(input: Tensor, some: bool = True, *, out: Any = None) -> tuple:
    """``torch.qr``: ``linalg.qr`` with ``some=True`` the reduced and ``some=False``
    the complete factorisation (deprecated in PyTorch for ``torch.linalg.qr``).

    >>> import tensors as torch
    >>> torch.qr(torch.tensor([[3.], [4.]])).R
    tensor([[-5.]])
    """
    q, r = linalg_qr(input, "reduced" if some else "complete")
    return QRResult(q, r)


def tensorinv(A: Tensor, ind: int = 2, *, out: Any = None) -> Tensor:
    """The inverse of A read as a matrix, rows the first ``ind`` dimensions and
    columns the rest; the result has shape ``A.shape[ind:] + A.shape[:ind]``.

    >>> import tensors as torch
    >>> torch.linalg.tensorinv(torch.eye(4).reshape(4, 2, 2), ind=1).shape
    torch.Size([2, 2, 4])
    """
    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    rows, cols = A._shape[:ind], A._shape[ind:]
    if math.prod(rows) != math.prod(cols):
        raise RuntimeError(
            "Expected self to satisfy the requirement prod(self.shape[ind:]) == "
            f"prod(self.shape[:ind]), but got {math.prod(cols)} != {math.prod(rows)}"
        )
    n = math.prod(rows)
    inverse = _inverse(reshape(A, n, n), None, "linalg.inv")
    return reshape(inverse, *(tuple(cols) + tuple(rows)))


def tensorsolve(
    A: Tensor, B: Tensor, dims: Optional[Sequence[int]] = None, *, out: Any = None
) -> Tensor:
    """X with ``tensordot(A, X, X.ndim) = B``: A read as a matrix whose rows are
    B's dimensions (``dims`` of A moved to the end first).

    >>> import tensors as torch
    >>> torch.linalg.tensorsolve(2 * torch.eye(4).reshape(2, 2, 4), torch.ones(2, 2))
    tensor([0.5000, 0.5000, 0.5000, 0.5000])
    """
    if dims is not None:
        dims = [d % A.ndim for d in dims]
        A = movedim(A, dims, list(range(A.ndim - len(dims), A.ndim)))
    result_shape = A._shape[B.ndim :]
    rows, cols = numel(B._shape), numel(result_shape)
    if math.prod(A._shape[: B.ndim]) != rows or rows != cols:
        raise RuntimeError(
            "Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == "
            f"prod(self.shape[:other.ndim]), but got {cols} != {math.prod(A._shape[: B.ndim])}"
        )
    x = _solve(reshape(A, rows, cols), reshape(B, rows), True, None, "linalg.solve")
    return reshape(x, *result_shape)


def linalg_diagonal(A: Tensor, *, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """``torch.linalg.diagonal``: the diagonal of the last two dimensions by default
    (a view).

    >>> import tensors as torch
    >>> torch.linalg.diagonal(torch.arange(4.).reshape(2, 2))
    tensor([0., 3.])
    """
    return diagonal(A, offset, dim1, dim2)


def vdot(input: Tensor, other: Tensor, *, out: Any = None) -> Tensor:
    """The dot product of two 1-D tensors (for real numbers, ``torch.dot``).

    >>> import tensors as torch
    >>> torch.vdot(torch.tensor([1., 2.]), torch.tensor([3., 4.]))
    tensor(11.)
    """
    d = dot(input, other)
    return _result(d._flat(), (), d.dtype, "VdotBackward0", (input, other), op="vdot")


__all__ = [
    "LinAlgError",
    "cholesky_ex",
    "cholesky_inverse",
    "cholesky_solve",
    "inv_ex",
    "linalg_diagonal",
    "solve_ex",
    "tensorinv",
    "tensorsolve",
    "torch_qr",
    "triangular_solve",
    "vdot",
]
