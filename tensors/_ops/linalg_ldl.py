"""``linalg.ldl_factor``, ``ldl_factor_ex`` and ``ldl_solve``: the symmetric
indefinite factorisation ``P A P^T = L D L^T`` of LAPACK's ``sytrf``.

D is block diagonal with 1 x 1 and 2 x 2 blocks, chosen by Bunch and Kaufman's
rule as LAPACK's unblocked ``sytf2`` chooses them (``alpha = (1 + sqrt(17)) / 8``;
the matrices PyTorch samples are far below LAPACK's block size, where ``sytrf``
runs ``sytf2``). ``LD`` holds L's multipliers below the diagonal and D on it (a
2 x 2 block's off-diagonal entry below it), zeros above; ``pivots`` are LAPACK's
(from 1; a 2 x 2 block's two entries both ``-p``). PyTorch does not
differentiate these functions, so they compute on floats and return plain tensors.

>>> import tensors as torch
>>> torch.linalg.ldl_factor(torch.tensor([[4., 2.], [2., 3.]])).LD
tensor([[4.0000, 0.0000],
        [0.5000, 2.0000]])
"""

from __future__ import annotations

import math
import struct
from typing import Any

from .. import _dtype as D
from .._shape import broadcast_index, broadcast_shapes, numel
from .._tensor import Tensor, _from_numbers
from .linalg_solve import _named_result

LdlResult = _named_result("linalg_ldl_factor", ("LD", "pivots"))
LdlExResult = _named_result("linalg_ldl_factor_ex", ("LD", "pivots", "info"))

_ALPHA = (1.0 + math.sqrt(17.0)) / 8.0


def _first_max(values: list) -> int:
    """LAPACK's ``idamax``: the position of the largest |v|, the first of equals."""
    return max(range(len(values)), key=lambda i: (abs(values[i]), -i))


def _single(x: float) -> float:
    """x rounded to single precision (``float("inf")`` past its range)."""
    try:
        return struct.unpack("f", struct.pack("f", x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def _double(x: float) -> float:
    return x


def _sytf2(a: list, n: int, r: Any = _double) -> tuple:
    """LAPACK's ``dsytf2`` (lower) on the rows ``a`` in place: ``(pivots, info)``. Each
    result is rounded by ``r`` (``_single`` for float32: ``ssytf2``'s own roundings, in
    BLAS's order, so that a float32 factorisation is PyTorch's to its last digits)."""
    pivots = [0] * n
    info = 0
    k = 0
    while k < n:
        step = 1
        absakk = abs(a[k][k])
        if k < n - 1:
            imax = k + 1 + _first_max([a[i][k] for i in range(k + 1, n)])
            colmax = abs(a[imax][k])
        else:
            imax, colmax = k, 0.0
        if max(absakk, colmax) == 0.0 or math.isnan(absakk):
            info = info or k + 1
            kp = k
        else:
            if absakk >= _ALPHA * colmax:
                kp = k
            else:
                row = [a[imax][j] for j in range(k, imax)]
                rowmax = abs(row[_first_max(row)])
                if imax < n - 1:
                    below = [a[i][imax] for i in range(imax + 1, n)]
                    rowmax = max(rowmax, abs(below[_first_max(below)]))
                if absakk >= _ALPHA * colmax * (colmax / rowmax):
                    kp = k
                elif abs(a[imax][imax]) >= _ALPHA * rowmax:
                    kp = imax
                else:
                    kp, step = imax, 2
            kk = k + step - 1
            if kp != kk:  # exchange rows and columns kk and kp of the trailing part
                for i in range(kp + 1, n):
                    a[i][kk], a[i][kp] = a[i][kp], a[i][kk]
                for j in range(kk + 1, kp):
                    a[j][kk], a[kp][j] = a[kp][j], a[j][kk]
                a[kk][kk], a[kp][kp] = a[kp][kp], a[kk][kk]
                if step == 2:
                    a[k + 1][k], a[kp][k] = a[kp][k], a[k + 1][k]
            if step == 1:
                d11 = r(1.0 / a[k][k])
                for j in range(k + 1, n):  # syr: A22 -= x x^T / d, x the column below
                    t = r(-d11 * a[j][k])
                    for i in range(j, n):
                        a[i][j] = r(a[i][j] + a[i][k] * t)
                for i in range(k + 1, n):
                    a[i][k] = r(a[i][k] * d11)
            elif k < n - 2:
                d21 = a[k + 1][k]
                d11 = r(a[k + 1][k + 1] / d21)
                d22 = r(a[k][k] / d21)
                t = r(1.0 / r(r(d11 * d22) - 1.0))
                d21 = r(t / d21)
                for j in range(k + 2, n):
                    wk = r(d21 * r(r(d11 * a[j][k]) - a[j][k + 1]))
                    wkp1 = r(d21 * r(r(d22 * a[j][k + 1]) - a[j][k]))
                    for i in range(j, n):
                        a[i][j] = r(r(a[i][j] - r(a[i][k] * wk)) - r(a[i][k + 1] * wkp1))
                    a[j][k], a[j][k + 1] = wk, wkp1
        if step == 1:
            pivots[k] = kp + 1
        else:
            pivots[k] = pivots[k + 1] = -(kp + 1)
        k += step
    return pivots, info


def _check(name: str, A: Tensor) -> int:
    if A.ndim < 2:
        raise RuntimeError(f"torch.{name}: The input tensor A must have at least 2 dimensions.")
    n, m = A._shape[-2:]
    if n != m:
        raise RuntimeError(
            f"torch.{name}: A must be batches of square matrices, but they are {n} by {m} matrices"
        )
    return n


def ldl_factor_ex(A: Tensor, *, hermitian: bool = False, check_errors: bool = False,
                  out: Any = None) -> tuple:  # fmt: skip
    """``(LD, pivots, info)`` of A's lower triangle, A symmetric; ``info`` k > 0 where
    D's k-th diagonal entry is exactly zero (A singular). ``hermitian`` is the same
    for real matrices.

    >>> import tensors as torch
    >>> torch.linalg.ldl_factor_ex(torch.tensor([[0., 1.], [1., 0.]])).pivots
    tensor([-2, -2], dtype=torch.int32)
    """
    n = _check("linalg.ldl_factor_ex", A)
    flat = [v.data for v in A._flat()]
    lds: list = []
    pivs: list = []
    infos: list = []
    for b in range(numel(A._shape[:-2])):
        rows = [flat[b * n * n + i * n : b * n * n + (i + 1) * n] for i in range(n)]
        pivots, info = _sytf2(rows, n, _single if A.dtype is D.float32 else _double)
        lds.extend(rows[i][j] if j <= i else 0.0 for i in range(n) for j in range(n))
        pivs.extend(pivots)
        infos.append(info)
    batch = A._shape[:-2]
    return LdlExResult(
        _from_numbers(lds, A._shape, A.dtype),
        _from_numbers(pivs, batch + (n,), D.int32),
        _from_numbers(infos, batch, D.int32),
    )


def ldl_factor(A: Tensor, *, hermitian: bool = False, out: Any = None) -> tuple:
    """``(LD, pivots)``: ``P A P^T = L D L^T`` in LAPACK's compact form (see the module).

    >>> import tensors as torch
    >>> torch.linalg.ldl_factor(torch.tensor([[2.]])).pivots
    tensor([1], dtype=torch.int32)
    """
    _check("linalg.ldl_factor", A)
    ld, pivots, info = ldl_factor_ex(A, hermitian=hermitian)
    for v in info._flat():
        if v.data:
            raise RuntimeError(
                "torch.linalg.ldl_factor: The factorization could not be completed because the "
                f"input is not invertible (D[{int(v.data)},{int(v.data)}] is zero)."
            )
    return LdlResult(ld, pivots)


def _sytrs(a: list, pivots: list, b: list, n: int, r: Any = _double) -> None:
    """LAPACK's ``dsytrs`` (lower): solve in place for the rows ``b`` (n lists), each
    result rounded by ``r`` in BLAS's order (``ger``, ``scal``, ``gemv``)."""
    k = 0
    while k < n:  # L D X = B
        if pivots[k] > 0:
            kp = pivots[k] - 1
            b[k], b[kp] = b[kp], b[k]
            for i in range(k + 1, n):
                b[i] = [r(x - a[i][k] * y) for x, y in zip(b[i], b[k])]
            inverse = r(1.0 / a[k][k])
            b[k] = [r(x * inverse) for x in b[k]]
            k += 1
        else:
            kp = -pivots[k] - 1
            b[k + 1], b[kp] = b[kp], b[k + 1]
            for i in range(k + 2, n):
                b[i] = [r(x - a[i][k] * y) for x, y in zip(b[i], b[k])]
                b[i] = [r(x - a[i][k + 1] * z) for x, z in zip(b[i], b[k + 1])]
            akm1k = a[k + 1][k]
            akm1 = r(a[k][k] / akm1k)
            ak = r(a[k + 1][k + 1] / akm1k)
            denom = r(r(akm1 * ak) - 1.0)
            first, second = [], []
            for x, y in zip(b[k], b[k + 1]):
                bkm1, bk = r(x / akm1k), r(y / akm1k)
                first.append(r(r(r(ak * bkm1) - bk) / denom))
                second.append(r(r(r(akm1 * bk) - bkm1) / denom))
            b[k], b[k + 1] = first, second
            k += 2
    k = n - 1
    while k >= 0:  # L^T X = B
        rows = [k] if pivots[k] > 0 else [k, k - 1]
        for row in rows:
            dots = [0.0] * len(b[row])
            for i in range(k + 1, n):
                dots = [r(d + r(a[i][row] * y)) for d, y in zip(dots, b[i])]
            b[row] = [r(x - d) for x, d in zip(b[row], dots)]
        kp = abs(pivots[k]) - 1
        b[k], b[kp] = b[kp], b[k]
        k -= len(rows)


def ldl_solve(LD: Tensor, pivots: Tensor, B: Tensor, *, hermitian: bool = False,
              out: Any = None) -> Tensor:  # fmt: skip
    """X with ``A X = B`` from A's ``ldl_factor``; batch dimensions broadcast.

    >>> import tensors as torch
    >>> LD, piv = torch.linalg.ldl_factor(torch.tensor([[4., 2.], [2., 3.]]))
    >>> torch.linalg.ldl_solve(LD, piv, torch.tensor([[6.], [5.]]))
    tensor([[1.],
            [1.]])
    """
    n = _check("linalg.ldl_solve", LD)
    if B.ndim < 2:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [-{max(B.ndim, 1)}, "
            f"{max(B.ndim, 1) - 1}], but got -2)"
        )
    rows, k = B._shape[-2:]
    batch = broadcast_shapes(LD._shape[:-2], B._shape[:-2])
    ld_flat = [v.data for v in LD._flat()]
    piv_flat = [int(v.data) for v in pivots._flat()]
    b_flat = [v.data for v in B._flat()]
    count = numel(batch)
    ld_at = broadcast_index(LD._shape[:-2], batch) if count else []
    b_at = broadcast_index(B._shape[:-2], batch) if count else []
    out_flat: list = []
    for li, bi in zip(ld_at, b_at):
        a = [ld_flat[li * n * n + i * n : li * n * n + (i + 1) * n] for i in range(n)]
        rhs = [b_flat[bi * rows * k + i * k : bi * rows * k + (i + 1) * k] for i in range(rows)]
        _sytrs(
            a, piv_flat[li * n : (li + 1) * n], rhs, n, _single if B.dtype is D.float32 else _double
        )
        out_flat.extend(x for row in rhs for x in row)
    return _from_numbers(out_flat, batch + (rows, k), B.dtype)
