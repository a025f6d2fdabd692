"""What the singular values give: ``linalg.pinv`` (and ``torch.pinverse``),
``linalg.matrix_rank`` and ``linalg.cond``.

The pseudoinverse is ``V diag(1/s) U^T`` over the singular values above a
tolerance (``max(atol, rtol * s_max)``; by default ``rtol`` is the dtype's
epsilon times the larger dimension), or, for a symmetric input, ``U diag(1/l)
U^T`` over the eigenvalues above it in absolute value. PyTorch differentiates
it with its own formula (``pinv_backward``: the derivative of the pseudoinverse
along matrices of the same rank), so here too the forward is computed on floats
and recorded as one function node per matrix whose backward is that formula.
``matrix_rank`` counts the values above the tolerance; ``cond`` composes
``svdvals`` (or the norms of A and of its inverse).

>>> import tensors as torch
>>> torch.linalg.pinv(torch.tensor([[2., 0.], [0., 0.]]))
tensor([[0.5000, 0.0000],
        [0.0000, 0.0000]])
"""

from __future__ import annotations

from typing import Any, Optional

from autograd_scalar.function import function_node
from autograd_scalar.value import Value

from .. import _dtype as D
from .._shape import broadcast_index, numel
from .._tensor import Tensor, _from_numbers, _result
from . import _jacobi
from .linalg_solve import _cpp
from .linalg_spectral import _mm, _numbers, _t, svdvals


def _epsilon(dtype: Any) -> float:
    return 2.0**-23 if dtype is D.float32 else 2.0**-52


def _tolerances(A: Tensor, atol: Any, rtol: Any) -> list:
    """``(atol, rtol)`` for each matrix of A, as PyTorch's ``get_atol_rtol`` sets them
    (tensor tolerances broadcast over the batch)."""
    batch = A._shape[:-2]
    count = numel(batch)

    def per_matrix(t: Any, default: float) -> list:
        if t is None:
            return [default] * count
        if isinstance(t, Tensor):
            flat = [v.data for v in t._flat()]
            return [flat[i] for i in broadcast_index(t._shape, batch)] if count else []
        return [float(t)] * count

    atols = per_matrix(atol, 0.0)
    default = _epsilon(A.dtype) * max(A._shape[-2:])
    if rtol is not None:
        rtols = per_matrix(rtol, default)
    elif atol is not None:
        rtols = [0.0 if a > 0 else default for a in atols]
    else:
        rtols = [default] * count
    return list(zip(atols, rtols))


def _pinv_backward(g: list, pinv: list, a: list, m: int, n: int) -> list:
    """PyTorch's ``pinv_backward``: g (n x m) the gradient of pinv(A), A m x n."""
    ph, gh = _t(pinv), _t(g)
    if m <= n:
        k = _mm(gh, pinv)
        kph = _mm(k, ph)
        first = _t(_mm(pinv, k))
        aph = _mm(_mm(a, pinv), kph)
        rest = _mm(
            _mm(ph, pinv), [[x - y for x, y in zip(r1, r2)] for r1, r2 in zip(gh, _mm(k, a))]
        )
        out = [
            [-first[i][j] + kph[i][j] - aph[i][j] + rest[i][j] for j in range(n)] for i in range(m)
        ]
    else:
        k = _mm(pinv, gh)
        phk = _mm(ph, k)
        first = _t(_mm(k, pinv))
        pa = _mm(_mm(phk, pinv), a)
        diff = [[x - y for x, y in zip(r1, r2)] for r1, r2 in zip(gh, _mm(a, k))]
        rest = _mm(_mm(diff, pinv), ph)
        out = [
            [-first[i][j] + phk[i][j] - pa[i][j] + rest[i][j] for j in range(n)] for i in range(m)
        ]
    return [x for row in out for x in row]


def _pinv_matrix(a: list, m: int, n: int, atol: float, rtol: float, hermitian: bool) -> list:
    rows = [[a[i * n + j].data for j in range(n)] for i in range(m)]
    if hermitian:  # eigh of the lower triangle: |eigenvalues| are the singular values
        sym = [[rows[max(i, j)][min(i, j)] for j in range(n)] for i in range(n)]
        lam, vecs = _jacobi.eigh(sym)
        tol = max(atol, rtol * max((abs(x) for x in lam), default=0.0))
        inv = [1.0 / x if abs(x) > tol else 0.0 for x in lam]
        left = right = vecs
    else:
        u_cols, s, v_cols = _jacobi.svd(rows, m, n)
        tol = max(atol, rtol * (s[0] if s else 0.0))
        inv = [1.0 / x if x > tol else 0.0 for x in s]
        left, right = v_cols, u_cols
    flat = [
        sum(left[k][i] * inv[k] * right[k][j] for k in range(len(inv)))
        for i in range(n)
        for j in range(m)
    ]

    def backward(*gs: Any) -> list:
        graph = any(isinstance(x, Value) for x in gs)
        g = [0.0 if x is None else x for x in gs]
        pinv = _numbers(outs, graph)
        aa = _numbers(list(a), graph)
        return _pinv_backward(
            [g[i * m : (i + 1) * m] for i in range(n)],
            [pinv[i * m : (i + 1) * m] for i in range(n)],
            [aa[i * n : (i + 1) * n] for i in range(m)],
            m,
            n,
        )

    outs = function_node("LinalgPinvBackward0", a, flat, backward)
    return outs


def pinv(A: Tensor, rcond: Any = None, hermitian: bool = False, *, atol: Any = None,
         rtol: Any = None, out: Any = None) -> Tensor:  # fmt: skip
    """The Moore-Penrose pseudoinverse (n x m for an m x n A), from the singular values
    above ``max(atol, rtol * s_max)`` (``rcond`` is an old name of ``rtol``); with
    ``hermitian=True`` from the eigenvalues of A's lower triangle.

    >>> import tensors as torch
    >>> torch.linalg.pinv(torch.tensor([[1.], [1.]]))
    tensor([[0.5000, 0.5000]])
    """
    if A.ndim < 2 or not A.dtype.is_floating_point:
        raise RuntimeError(
            f"linalg.pinv({_cpp(A).capitalize()}{{{list(A._shape)}}}): expected a tensor with 2 "
            "or more dimensions of float, double, cfloat or cdouble types"
        )
    if rcond is not None:
        rtol = rcond
    m, n = A._shape[-2:]
    flat = A._flat()
    out_flat: list = []
    for b, (at, rt) in enumerate(_tolerances(A, atol, rtol)):
        if m and n:
            out_flat.extend(_pinv_matrix(flat[b * m * n : (b + 1) * m * n], m, n, at, rt,
                                         hermitian))  # fmt: skip
    shape = A._shape[:-2] + (n, m)
    return _result(out_flat, shape, A.dtype, "LinalgPinvBackward0", (A,), op="pinv")


def pinverse(input: Tensor, rcond: float = 1e-15) -> Tensor:
    """``torch.pinverse``: ``linalg.pinv`` with ``rtol=rcond``.

    >>> import tensors as torch
    >>> torch.pinverse(torch.tensor([[4.]]))
    tensor([[0.2500]])
    """
    return pinv(input, rtol=rcond)


def matrix_rank(A: Tensor, tol: Any = None, hermitian: bool = False, *, atol: Any = None,
                rtol: Any = None, out: Any = None) -> Tensor:  # fmt: skip
    """The number of singular values (of |eigenvalues| with ``hermitian=True``) above
    ``max(atol, rtol * s_max)``; ``tol`` is an old name of ``atol`` (with ``rtol`` 0).

    >>> import tensors as torch
    >>> torch.linalg.matrix_rank(torch.tensor([[1., 2.], [2., 4.]]))
    tensor(1)
    """
    if A.ndim < 2:
        raise RuntimeError(
            "torch.linalg.matrix_rank: The input tensor input must have at least 2 dimensions."
        )
    if tol is not None:
        atol, rtol = tol, 0.0
    m, n = A._shape[-2:]
    flat = A._flat()
    ranks = []
    for b, (at, rt) in enumerate(_tolerances(A, atol, rtol)):
        rows = [[flat[b * m * n + i * n + j].data for j in range(n)] for i in range(m)]
        if not (m and n):
            ranks.append(0)
            continue
        if hermitian:
            lam, _ = _jacobi.eigh(
                [[rows[max(i, j)][min(i, j)] for j in range(n)] for i in range(n)]
            )
            s = sorted((abs(x) for x in lam), reverse=True)
        else:
            s = _jacobi.svd(rows, m, n)[1]
        tol_b = max(at, rt * s[0])
        ranks.append(sum(1 for x in s if x > tol_b))
    return _from_numbers(ranks, A._shape[:-2], D.int64)


def cond(A: Tensor, p: Optional[Any] = None, *, out: Any = None) -> Tensor:
    """The condition number in the ``p`` norm: ``s_max / s_min`` for p None or 2
    (``s_min / s_max`` for -2), else ``norm(A, p) * norm(inv(A), p)`` (inf for a
    singular A).

    >>> import tensors as torch
    >>> torch.linalg.cond(torch.tensor([[2., 0.], [0., 0.5]]))
    tensor(4.)
    """
    from .linalg_norms import matrix_norm
    from .linalg_solve import _inverse

    if p is not None and p not in ("fro", "nuc", 1, -1, 2, -2, float("inf"), -float("inf")):
        raise RuntimeError(f"linalg.cond got an invalid norm type: {p}")
    if A.ndim < 2:
        raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    if A.numel() == 0:
        from .._creation import zeros

        return zeros(*A._shape[:-2], dtype=A.dtype)
    if p is None or abs(p) == 2:
        s = svdvals(A)
        big, small = s[..., 0], s[..., -1]
        return small / big if p == -2 else big / small
    m, n = A._shape[-2:]
    if m != n:
        raise RuntimeError(
            f"linalg.cond(ord={p}): A must be batches of square matrices, but they are {m} by "
            f"{n} matrices"
        )
    infos: list = []
    inverse = _inverse(A, infos, "linalg.cond")
    if any(infos):  # a singular matrix: PyTorch fills its inverse with inf
        flat = inverse._flat()
        size = m * m
        values = [float("inf") if infos[i // size] else v.data for i, v in enumerate(flat)]
        inverse = _from_numbers(values, inverse._shape, A.dtype)
    return matrix_norm(A, p) * matrix_norm(inverse, p)
