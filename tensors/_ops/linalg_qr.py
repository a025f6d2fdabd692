"""``torch.linalg.qr`` by Householder reflections on Values, and ``lstsq`` by QR (or by
the pseudoinverse, for the SVD drivers).

Column j's reflection is LAPACK's (``dlarfg``): ``beta = -sign(alpha) * norm``,
``tau = (beta - alpha) / beta``, ``v = (1, x / (alpha - beta))``; R is A with the
reflections applied, Q their product applied to the identity, as ``dorgqr``
forms it. So R's diagonal has LAPACK's signs (the same Q and R as PyTorch),
and the gradient is the chain rule through the reflections: the derivative
of that same decomposition, which PyTorch's ``linalg_qr_backward`` computes
by its formula.

>>> import tensors as torch
>>> torch.linalg.qr(torch.tensor([[3., 1.], [4., 2.]])).R
tensor([[-5.0000, -2.2000],
        [ 0.0000,  0.4000]])
"""

from __future__ import annotations

from typing import Any, Optional

from autograd_scalar import Value, apply
from autograd_scalar.value import _const

from .._shape import numel
from .._tensor import Tensor, _result
from .arithmetic import _fresh
from .linalg_solve import _named_result
from .matrix_products import _DOT

QRResult = _named_result("linalg_qr", ("Q", "R"))


def _reflect(rows: list, vs: list, tau: Value, j: int, cols: range) -> None:
    """Apply ``I - tau v v^T`` (v acting on rows j...) to the columns ``cols`` in place."""
    for c in cols:
        w = apply(_DOT, *vs, *[rows[i][c] for i in range(j, len(rows))])
        t = tau * w
        for k, i in enumerate(range(j, len(rows))):
            rows[i][c] = rows[i][c] - t * vs[k]


def _householder(a: list, m: int, n: int) -> tuple:
    """R (m x n rows, reflected in place) and the reflections ``(v, tau)``."""
    rows = [[_fresh(v) for v in a[i * n : (i + 1) * n]] for i in range(m)]
    reflections = []
    one, zero = _const(1.0), _const(0.0)
    for j in range(min(m, n)):
        alpha, below = rows[j][j], [rows[i][j] for i in range(j + 1, m)]
        norm_sq = Value.sum([x * x for x in below]) if below else zero
        if norm_sq.data == 0.0:  # LAPACK: no reflection (tau = 0), the column as it is
            reflections.append(None)
            continue
        beta = (alpha * alpha + norm_sq).sqrt()
        beta = -beta if alpha.data >= 0.0 else beta
        tau = (beta - alpha) / beta
        scale = 1.0 / (alpha - beta)
        vs = [one] + [x * scale for x in below]
        _reflect(rows, vs, tau, j, range(j + 1, n))
        rows[j][j] = beta
        for i in range(j + 1, m):
            rows[i][j] = zero
        reflections.append((vs, tau))
    return rows, reflections


def qr(A: Tensor, mode: str = "reduced") -> tuple:
    """``A = Q R`` with Q's columns orthonormal and R upper-triangular: ``mode`` is
    ``"reduced"`` (Q is m x k, k = min(m, n)), ``"complete"`` (Q is m x m) or ``"r"``
    (R only, Q empty).

    >>> import tensors as torch
    >>> Q, R = torch.linalg.qr(torch.tensor([[1., 0.], [0., 1.], [0., 0.]]))
    >>> (Q @ R).tolist()
    [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]
    """
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(
            f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), "
            "'r', or 'complete'"
        )
    if A.ndim < 2:
        raise RuntimeError("linalg.qr: The input tensor A must have at least 2 dimensions.")
    m, n = A._shape[-2:]
    k = min(m, n)
    q_cols = m if mode == "complete" else k
    r_rows = m if mode == "complete" else k
    flat = A._flat()
    qs: list = []
    rs: list = []
    one, zero = _const(1.0), _const(0.0)
    for b in range(numel(A._shape[:-2])):
        rows, reflections = _householder(flat[b * m * n : (b + 1) * m * n], m, n)
        rs.extend(rows[i][c] if c >= i else zero for i in range(r_rows) for c in range(n))
        if mode == "r":
            continue
        q = [[one if i == c else zero for c in range(q_cols)] for i in range(m)]
        for j in reversed(range(k)):  # dorgqr: H_0 (H_1 (... (H_{k-1} I)))
            if reflections[j] is not None:
                vs, tau = reflections[j]
                _reflect(q, vs, tau, j, range(q_cols))
        qs.extend(q[i][c] for i in range(m) for c in range(q_cols))
    batch = A._shape[:-2]
    if mode == "r":
        q_t = _result([], (0,), A.dtype, "LinalgQrBackward0", (A,), op="qr")
    else:
        q_t = _result(qs, batch + (m, q_cols), A.dtype, "LinalgQrBackward0", (A,), op="qr")
    r_t = _result(rs, batch + (r_rows, n), A.dtype, "LinalgQrBackward0", (A,), op="qr")
    return QRResult(q_t, r_t)


LstsqResult = _named_result("linalg_lstsq", ("solution", "residuals", "rank", "singular_values"))


def lstsq(A: Tensor, B: Tensor, rcond: Any = None, *, driver: Optional[str] = None) -> tuple:
    """The least-squares solution X of ``A X = B`` (the minimum-norm one when A is
    wide), by QR: ``R^-1 Q^T B`` for a tall A, ``Q R^-T B`` from the QR of ``A^T`` for a
    wide one. ``driver`` ``"gelsy"`` (the default) also gives the rank, ``"gels"`` the
    squared residuals of a tall system (A of full rank for both); ``"gelss"`` and
    ``"gelsd"`` solve with the pseudoinverse of A, its singular values below ``rcond``
    times the largest left out (by default the dtype's epsilon times max(m, n)), and
    give the rank and the singular values too.

    >>> import tensors as torch
    >>> A = torch.tensor([[1., 0.], [0., 1.], [1., 1.]])
    >>> torch.linalg.lstsq(A, torch.tensor([[1.], [1.], [3.]])).solution
    tensor([[1.3333],
            [1.3333]])
    """
    from .._creation import tensor, zeros
    from .linalg_solve import solve_triangular

    driver = "gelsy" if driver is None else driver
    if driver not in ("gels", "gelsy", "gelsd", "gelss"):
        raise RuntimeError(
            "torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, "
            f"gelss), but got {driver}"
        )
    if A.ndim < 2:
        raise RuntimeError("torch.linalg.lstsq: input must have at least 2 dimensions.")
    vector = B.ndim == A.ndim - 1
    b = B.unsqueeze(-1) if vector else B
    m, n = A._shape[-2:]
    if b._shape[-2] != m:
        raise RuntimeError("torch.linalg.lstsq: input.size(-2) should match other.size(-2)")
    if driver in ("gelsd", "gelss"):
        return _lstsq_svd(A, B, b, vector, rcond)
    if m >= n:
        q, r = qr(A)
        x = solve_triangular(r, q.mT @ b, upper=True)
    else:
        q, r = qr(A.mT)
        x = q @ solve_triangular(r.mT, b, upper=False)
    x_out = x.squeeze(-1) if vector else x
    batch = A._shape[:-2]
    solution = _result(x_out._flat(), x_out._shape, A.dtype, "LinalgLstsqBackward0", (A, B),
                       op="lstsq")  # fmt: skip
    empty = zeros(0, dtype=A.dtype)
    if driver == "gels" and m > n:  # the squared residual of each column of B
        residual = ((A @ x - b) ** 2).sum(-2)
        residual = residual.squeeze(-1) if vector else residual
    else:
        residual = empty
    residuals = _result(residual._flat(), residual._shape, A.dtype, "LinalgLstsqBackward0",
                        (A, B), op="lstsq")  # fmt: skip
    if driver == "gelsy":
        rank = tensor(min(m, n)).expand(*batch).clone() if batch else tensor(min(m, n))
    else:
        rank = zeros(0, dtype=_int64())
    return LstsqResult(solution, residuals, rank, empty)


def _int64() -> Any:
    from .. import _dtype as D

    return D.int64


def _lstsq_svd(A: Tensor, B: Tensor, b: Tensor, vector: bool, rcond: Any) -> tuple:
    """The SVD drivers: ``pinv(A) B``, whose gradient is PyTorch's (it differentiates
    ``lstsq`` through ``pinv`` too), with the rank and the singular values."""
    from .._creation import zeros
    from .linalg_pinv import _epsilon, matrix_rank, pinv
    from .linalg_spectral import svdvals

    m, n = A._shape[-2:]
    rtol = _epsilon(A.dtype) * max(m, n) if rcond is None or rcond < 0 else float(rcond)
    x = pinv(A, atol=0.0, rtol=rtol) @ b
    x_out = x.squeeze(-1) if vector else x
    name = "LinalgLstsqBackward0"
    solution = _result(x_out._flat(), x_out._shape, A.dtype, name, (A, B), op="lstsq")
    rank = matrix_rank(A.detach(), atol=0.0, rtol=rtol)
    full = m > n and all(v.data == n for v in rank._flat())
    if full:  # the squared residual of each column of B
        residual = ((A @ x - b) ** 2).sum(-2)
        residual = residual.squeeze(-1) if vector else residual
    else:
        residual = zeros(0, dtype=A.dtype)
    residuals = _result(residual._flat(), residual._shape, A.dtype, name, (A, B), op="lstsq")
    values = svdvals(A.detach()) if A.numel() else zeros(*A._shape[:-2], min(m, n), dtype=A.dtype)
    return LstsqResult(solution, residuals, rank, values)
