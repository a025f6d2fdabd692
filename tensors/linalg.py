"""``tensors.linalg``: ``torch.linalg``'s norms, products and solvers.

``vector_norm`` takes PyTorch's orders 0 (count of non-zeros), 1, 2, any other
number, ``inf`` (largest ``|x|``) and ``-inf`` (smallest ``|x|``), with PyTorch's
gradients; ``matrix_norm`` the Frobenius norm, the 1 and inf orders and those of
the singular values (``"nuc"``, 2, -2).

>>> import tensors as torch
>>> torch.linalg.vector_norm(torch.tensor([3., 4.]))
tensor(5.)
"""

from __future__ import annotations

from ._ops import vector_norm
from ._ops.linalg_ex import cholesky_ex, inv_ex, solve_ex, tensorinv, tensorsolve
from ._ops.linalg_ex import linalg_diagonal as diagonal
from ._ops.linalg_householder import householder_product
from ._ops.linalg_ldl import ldl_factor, ldl_factor_ex, ldl_solve
from ._ops.linalg_lu import lu, lu_factor, lu_factor_ex, lu_solve
from ._ops.linalg_norms import matrix_exp, matrix_norm, matrix_power, multi_dot, norm, vander
from ._ops.linalg_pinv import cond, matrix_rank, pinv
from ._ops.linalg_products import linalg_cross as cross
from ._ops.linalg_products import vecdot
from ._ops.linalg_qr import lstsq, qr
from ._ops.linalg_solve import LinAlgError, cholesky, det, inv, slogdet, solve, solve_triangular
from ._ops.linalg_spectral import eigh, eigvalsh, svd, svdvals
from ._ops.matrix_products import matmul

__all__ = [
    "LinAlgError",
    "cholesky",
    "cholesky_ex",
    "cond",
    "cross",
    "det",
    "eigh",
    "eigvalsh",
    "diagonal",
    "householder_product",
    "inv",
    "inv_ex",
    "ldl_factor",
    "ldl_factor_ex",
    "ldl_solve",
    "lstsq",
    "lu",
    "lu_factor",
    "lu_factor_ex",
    "lu_solve",
    "matmul",
    "matrix_exp",
    "matrix_norm",
    "matrix_rank",
    "matrix_power",
    "multi_dot",
    "norm",
    "pinv",
    "qr",
    "vander",
    "slogdet",
    "solve",
    "solve_ex",
    "solve_triangular",
    "svd",
    "svdvals",
    "tensorinv",
    "tensorsolve",
    "vecdot",
    "vector_norm",
]
