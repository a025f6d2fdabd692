"""LAPACK's packed Householder form: ``torch.geqrf``, ``linalg.householder_product``
(``torch.orgqr``) and ``torch.ormqr``.

``geqrf`` gives the QR factorisation as LAPACK stores it: R on and above the
diagonal, below it each reflection's vector ``v`` (its leading 1 implied), and
the scalars ``tau``; ``H_j = I - tau_j v_j v_j^T`` and ``Q = H_0 H_1 ... H_{k-1}``.
The reflections are those of ``linalg.qr`` (``linalg_qr._householder``, LAPACK's
``dlarfg``). ``householder_product`` applies them to the identity, ``ormqr`` to a
matrix from the left or the right; both on Values, so their gradients are the
chain rule through the reflections (PyTorch's formulas give the same derivative).
PyTorch does not differentiate ``geqrf``.

>>> import tensors as torch
>>> a, tau = torch.geqrf(torch.tensor([[3.], [4.]]))
>>> a, tau
(tensor([[-5.0000],
        [ 0.5000]]), tensor([1.6000]))
"""

from __future__ import annotations

from typing import Any

from autograd_scalar.value import _const

from .._shape import numel
from .._tensor import Tensor, _from_numbers, _result
from .arithmetic import _fresh
from .linalg_qr import _householder, _reflect
from .linalg_solve import _named_result

GeqrfResult = _named_result("geqrf", ("a", "tau"))


def geqrf(input: Tensor, *, out: Any = None) -> tuple:
    """``(a, tau)``: the QR factorisation of ``input`` in LAPACK's packed form.

    >>> import tensors as torch
    >>> torch.geqrf(torch.eye(2)).tau
    tensor([0., 0.])
    """
    if input.ndim < 2:
        raise RuntimeError("torch.geqrf: input must have at least 2 dimensions.")
    m, n = input._shape[-2:]
    k = min(m, n)
    flat = input._flat()
    packed: list = []
    taus: list = []
    for b in range(numel(input._shape[:-2])):
        rows, reflections = _householder(flat[b * m * n : (b + 1) * m * n], m, n)
        for i in range(m):
            for j in range(n):
                ref = reflections[j] if j < k else None
                if i > j and ref is not None:
                    packed.append(ref[0][i - j].data)
                else:
                    packed.append(rows[i][j].data)
        taus.extend(0.0 if r is None else r[1].data for r in reflections)
    batch = input._shape[:-2]
    return GeqrfResult(
        _from_numbers(packed, input._shape, input.dtype),
        _from_numbers(taus, batch + (k,), input.dtype),
    )


def _reflectors(a: list, taus: list, m: int, n: int) -> list:
    """``(v, tau)`` of each reflection packed in ``a`` (m x n rows, flat)."""
    one = _const(1.0)
    return [([one] + [a[i * n + j] for i in range(j + 1, m)], t) for j, t in enumerate(taus)]


def householder_product(A: Tensor, tau: Tensor, *, out: Any = None) -> Tensor:
    """The first n columns of ``H_0 H_1 ... H_{k-1}`` for the reflections packed in
    the m x n ``A`` (below its diagonal) and ``tau`` (k of them).

    >>> import tensors as torch
    >>> a, tau = torch.geqrf(torch.tensor([[3.], [4.]]))
    >>> torch.linalg.householder_product(a, tau)
    tensor([[-0.6000],
            [-0.8000]])
    """
    name = "torch.linalg.householder_product"
    if A.ndim < 2:
        raise RuntimeError(f"{name}: input must have at least 2 dimensions.")
    m, n = A._shape[-2:]
    k = tau._shape[-1] if tau.ndim else 1
    if m < n:
        raise RuntimeError(
            f"{name}: input.shape[-2] must be greater than or equal to input.shape[-1]"
        )
    if n < k:
        raise RuntimeError(
            f"{name}: input.shape[-1] must be greater than or equal to tau.shape[-1]"
        )
    flat, tflat = A._flat(), tau._flat()
    one, zero = _const(1.0), _const(0.0)
    out_flat: list = []
    for b in range(numel(A._shape[:-2])):
        q = [[one if i == c else zero for c in range(n)] for i in range(m)]
        refs = _reflectors(flat[b * m * n : (b + 1) * m * n], tflat[b * k : (b + 1) * k], m, n)
        for j in reversed(range(k)):  # dorgqr: H_0 (H_1 (... (H_{k-1} I)))
            _reflect(q, refs[j][0], refs[j][1], j, range(n))
        out_flat.extend(_fresh(v) for row in q for v in row)
    return _result(out_flat, A._shape, A.dtype, "LinalgHouseholderProductBackward0", (A, tau),
                   op="householder_product")  # fmt: skip


def ormqr(input: Tensor, tau: Tensor, other: Tensor, left: bool = True, transpose: bool = False,
          *, out: Any = None) -> Tensor:  # fmt: skip
    """``Q @ other`` (``other @ Q`` with ``left=False``; Q^T with ``transpose``) for the
    m x m ``Q = H_0 ... H_{k-1}`` packed in ``input`` and ``tau``, without forming Q.

    >>> import tensors as torch
    >>> a, tau = torch.geqrf(torch.tensor([[3.], [4.]]))
    >>> torch.ormqr(a, tau, torch.tensor([[1.], [0.]]))
    tensor([[-0.6000],
            [-0.8000]])
    """
    if input.ndim < 2:
        raise RuntimeError("torch.ormqr: input must have at least 2 dimensions.")
    if other.ndim < 2:
        raise RuntimeError("torch.ormqr: other must have at least 2 dimensions.")
    m, n = input._shape[-2:]
    k = tau._shape[-1] if tau.ndim else 1
    side = -2 if left else -1
    if other._shape[side] < k:
        raise RuntimeError(
            f"torch.ormqr: other.shape[{side}] must be greater than or equal to tau.shape[-1]"
        )
    if other._shape[side] != m:
        raise RuntimeError(f"torch.ormqr: other.shape[{side}] must be equal to input.shape[-2]")
    if k > n:
        raise RuntimeError(
            "torch.ormqr: tau.shape[-1] must be less than or equal to input.shape[-1]"
        )
    if input.ndim - tau.ndim != 1 or input.ndim != other.ndim:
        raise RuntimeError(
            "torch.ormqr: Expected tau to have one dimension less than input, and other the "
            "same number of dimensions as input"
        )
    rows, cols = other._shape[-2:]
    flat, tflat, oflat = input._flat(), tau._flat(), other._flat()
    out_flat: list = []
    for b in range(numel(input._shape[:-2])):
        refs = _reflectors(flat[b * m * n : (b + 1) * m * n], tflat[b * k : (b + 1) * k], m, n)
        o = oflat[b * rows * cols : (b + 1) * rows * cols]
        # other Q is (Q^T other^T)^T: reflections from the right are those from the left
        # of the transpose, in the other order.
        mat = [list(o[i * cols : (i + 1) * cols]) for i in range(rows)]
        if not left:
            mat = [list(r) for r in zip(*mat)]
        order = range(k) if transpose == left else reversed(range(k))
        width = len(mat[0]) if mat else 0
        for j in order:
            _reflect(mat, refs[j][0], refs[j][1], j, range(width))
        if not left:
            mat = [list(r) for r in zip(*mat)]
        out_flat.extend(_fresh(v) for row in mat for v in row)
    return _result(out_flat, other._shape, other.dtype, "OrmqrBackward0", (input, tau, other),
                   op="ormqr")  # fmt: skip
