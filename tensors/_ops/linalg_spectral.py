"""The symmetric eigenproblem and the singular value decomposition: ``linalg.eigh``,
``eigvalsh``, ``svd``, ``svdvals`` and ``torch.svd``.

These are iterations run to convergence, not finite eliminations, so the graph
of the iteration is not the derivative PyTorch gives: its derivative of ``eigh``
is the symmetric one, ``V (diag(gL) + skew(V^T gV) / E) V^T`` with ``E_ij = L_j -
L_i``, even for the triangle the forward pass never reads. Here the forward is
Jacobi's method on floats (``_jacobi.py``) and the backward is PyTorch's formula
(``linalg_eig_backward``, ``svd_backward``), written out over the results: one
function node per matrix (``autograd_scalar.function``), the one place in the
linear algebra where a derivative is written by hand, because PyTorch writes it
by hand too. Under ``create_graph`` the formula runs on the results' Values, so
second derivatives follow.

An eigenvector or a pair of singular vectors is determined up to its sign;
here the largest entry of each eigenvector (of each left singular vector) is
positive. LAPACK follows no such rule, so PyTorch's signs can differ; PyTorch's
own tests compare ``abs`` of the vectors, and so does the replay of its samples.

>>> import tensors as torch
>>> torch.linalg.eigvalsh(torch.tensor([[2., 1.], [1., 2.]]))
tensor([1., 3.])
"""

from __future__ import annotations

from operator import mul
from typing import Any, Optional

from autograd_scalar.function import function_node
from autograd_scalar.ops import div
from autograd_scalar.value import Value, _const

from .._shape import numel
from .._tensor import Tensor, _result
from . import _jacobi
from .linalg_solve import _cpp, _named_result

EighResult = _named_result("linalg_eigh", ("eigenvalues", "eigenvectors"))
SVDResult = _named_result("linalg_svd", ("U", "S", "Vh"))
TorchSVDResult = _named_result("svd", ("U", "S", "V"))


def _mm(a: list, b: list) -> list:
    """The product of two matrices given as lists of rows (floats or Values)."""
    cols = list(zip(*b)) if b else []
    return [[sum(map(mul, row, col)) for col in cols] for row in a]


def _t(a: list) -> list:
    return [list(r) for r in zip(*a)]


def _numbers(values: list, graph: bool) -> list:
    """The results' Values under ``create_graph`` (so the gradient is a graph), else floats."""
    return values if graph else [v.data for v in values]


def _check_square(name: str, A: Tensor) -> int:
    if A.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    n, m = A._shape[-2:]
    if n != m:
        raise RuntimeError(
            f"{name}: A must be batches of square matrices, but they are {n} by {m} matrices"
        )
    if not A.dtype.is_floating_point:
        raise RuntimeError(
            f"{name}: Expected a floating point or complex tensor as input. Got {_cpp(A)}"
        )
    return n


def _eigh_matrix(a: list, n: int, lower: bool) -> tuple:
    """Values of the eigenvalues (n) and eigenvectors (n x n, row-major) of one matrix."""
    rows = [
        [a[max(i, j) * n + min(i, j)] if lower else a[min(i, j) * n + max(i, j)] for j in range(n)]
        for i in range(n)
    ]
    values, vectors = _jacobi.eigh([[x.data for x in row] for row in rows])
    flat_v = [vectors[j][i] for i in range(n) for j in range(n)]

    def backward(*gs: Any) -> list:
        graph = any(isinstance(g, Value) for g in gs)
        g = [0.0 if x is None else x for x in gs]
        lam = _numbers(outs[:n], graph)
        vv = _numbers(outs[n:], graph)
        V = [vv[i * n : (i + 1) * n] for i in range(n)]
        gV = [g[n + i * n : n + (i + 1) * n] for i in range(n)]
        if all(x is None for x in gs[n:]):  # eigenvalues only: V diag(gL) V^T
            inner = [[g[i] if i == j else 0.0 for j in range(n)] for i in range(n)]
        else:  # PyTorch: skew(V^T gV) / E off the diagonal, gL on it; then V (.) V^T
            vg = _mm(_t(V), gV)
            inner = [
                [
                    g[i] if i == j else div((vg[i][j] - vg[j][i]) * 0.5, lam[j] - lam[i])
                    for j in range(n)
                ]
                for i in range(n)
            ]
        ga = _mm(V, _mm(inner, _t(V)))
        return [ga[i][j] for i in range(n) for j in range(n)]

    outs = function_node("LinalgEighBackward0", a, values + flat_v, backward)
    return outs[:n], outs[n:]


def eigh(A: Tensor, UPLO: str = "L", *, out: Any = None) -> tuple:
    """``(eigenvalues, eigenvectors)`` of a symmetric matrix (or of each of a batch),
    read from its lower (``UPLO="L"``) or upper (``"U"``) triangle: eigenvalues in
    ascending order, eigenvectors the columns of an orthogonal matrix.

    >>> import tensors as torch
    >>> L, V = torch.linalg.eigh(torch.tensor([[2., 0.], [0., 1.]]))
    >>> L, V
    (tensor([1., 2.]), tensor([[0., 1.],
            [1., 0.]]))
    """
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    n = _check_square("linalg.eigh", A)
    flat = A._flat()
    lams: list = []
    vecs: list = []
    for b in range(numel(A._shape[:-2])):
        if n:
            lam, vec = _eigh_matrix(flat[b * n * n : (b + 1) * n * n], n, UPLO == "L")
            lams.extend(lam)
            vecs.extend(vec)
    batch = A._shape[:-2]
    name = "LinalgEighBackward0"
    lam_t = _result(lams, batch + (n,), A.dtype, name, (A,), op="eigh")
    vec_t = _result(vecs, A._shape, A.dtype, name, (A,), op="eigh")
    return EighResult(lam_t, vec_t)


def eigvalsh(A: Tensor, UPLO: str = "L", *, out: Any = None) -> Tensor:
    """The eigenvalues of a symmetric matrix, ascending (``linalg.eigh`` without the
    vectors; its gradient is ``V diag(gL) V^T``).

    >>> import tensors as torch
    >>> torch.linalg.eigvalsh(torch.tensor([[0., 1.], [1., 0.]]))
    tensor([-1.,  1.])
    """
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    _check_square("linalg.eigvalsh", A)
    lam = eigh(A, UPLO).eigenvalues
    return _result(lam._flat(), lam._shape, A.dtype, "LinalgEighBackward0", (A,), op="eigvalsh")


def _svd_matrix(a: list, m: int, n: int, full: bool) -> tuple:
    """Values of U (m x ku), S (k) and Vh (kv x n) of one matrix, row-major; ku, kv
    are k = min(m, n), or m and n with ``full``."""
    k = min(m, n)
    u_cols, s, v_cols = _jacobi.svd([[a[i * n + j].data for j in range(n)] for i in range(m)], m, n)
    if full:
        u_cols, v_cols = _jacobi.complete(u_cols, m), _jacobi.complete(v_cols, n)
    ku, kv = len(u_cols), len(v_cols)
    flat_u = [u_cols[j][i] for i in range(m) for j in range(ku)]
    flat_vh = [v_cols[i][j] for i in range(kv) for j in range(n)]

    def backward(*gs: Any) -> list:
        graph = any(isinstance(g, Value) for g in gs)
        g = [0.0 if x is None else x for x in gs]
        uu = _numbers(outs[: m * ku], graph)
        ss = _numbers(outs[m * ku : m * ku + k], graph)
        vh = _numbers(outs[m * ku + k :], graph)
        # PyTorch narrows full U and Vh to their first k columns and rows.
        U = [uu[i * ku : i * ku + k] for i in range(m)]
        Vh = [vh[i * n : (i + 1) * n] for i in range(k)]
        gU = [g[i * ku : i * ku + k] for i in range(m)]
        gS = g[m * ku : m * ku + k]
        base = m * ku + k
        gVh = [g[base + i * n : base + (i + 1) * n] for i in range(k)]
        has_u = any(x is not None for x in gs[: m * ku])
        has_v = any(x is not None for x in gs[base:])
        return _svd_backward(U, ss, Vh, gU, gS, gVh, has_u, has_v)

    outs = function_node("LinalgSvdBackward0", a, flat_u + s + flat_vh, backward)
    return outs[: m * ku], outs[m * ku : m * ku + k], outs[m * ku + k :], ku, kv


def _svd_backward(U: list, S: list, Vh: list, gU: list, gS: list, gVh: list, has_u: bool,
                  has_v: bool) -> list:  # fmt: skip
    """PyTorch's ``svd_backward`` (distinct singular values; full rank when m != n),
    with its shortcut for singular values alone (``U diag(gS) Vh``)."""
    m, n, k = len(U), len(Vh[0]) if Vh else 0, len(S)
    if not has_u and not has_v:
        ga = _mm([[U[i][j] * gS[j] for j in range(k)] for i in range(m)], Vh)
        return [ga[i][j] for i in range(m) for j in range(n)]
    skew = lambda x: [[x[i][j] - x[j][i] for j in range(k)] for i in range(k)]  # noqa: E731
    uhgu = skew(_mm(_t(U), gU)) if has_u else [[0.0] * k for _ in range(k)]
    vhgv = skew(_mm(Vh, _t(gVh))) if has_v else [[0.0] * k for _ in range(k)]
    s2 = [s * s for s in S]

    def off(i: int, j: int) -> Any:
        e = s2[j] - s2[i]
        if has_u and has_v:
            return div(uhgu[i][j] * S[j] + S[i] * vhgv[i][j], e)
        return S[i] * div(vhgv[i][j], e) if has_v else div(uhgu[i][j], e) * S[j]

    inner = [[gS[i] if i == j else off(i, j) for j in range(k)] for i in range(k)]
    if m > n and has_u:  # gA = [U inner + (I - U U^T) gU S^-1] Vh
        gus = [[div(gU[i][j], S[j]) for j in range(k)] for i in range(m)]
        proj = _mm(U, _mm(_t(U), gus))
        left = _mm(U, inner)
        ga = _mm([[left[i][j] + gus[i][j] - proj[i][j] for j in range(k)] for i in range(m)], Vh)
    elif m < n and has_v:  # gA = U [inner Vh + S^-1 gVh (I - V Vh)]
        sgv = [[div(gVh[i][j], S[i]) for j in range(n)] for i in range(k)]
        proj = _mm(_mm(sgv, _t(Vh)), Vh)
        right = _mm(inner, Vh)
        ga = _mm(U, [[right[i][j] + sgv[i][j] - proj[i][j] for j in range(n)] for i in range(k)])
    else:
        ga = _mm(U, _mm(inner, Vh))
    return [ga[i][j] for i in range(m) for j in range(n)]


def svd(A: Tensor, full_matrices: bool = True, *, driver: Optional[str] = None, out: Any = None
        ) -> tuple:  # fmt: skip
    """``(U, S, Vh)`` with ``A = U diag(S) Vh``: singular values in descending order,
    U's columns and Vh's rows orthonormal (k = min(m, n) of each, or all m and n
    with ``full_matrices``).

    >>> import tensors as torch
    >>> torch.linalg.svd(torch.tensor([[3., 0.], [0., -4.]])).S
    tensor([4., 3.])
    """
    if A.ndim < 2:
        raise RuntimeError("linalg.svd: The input tensor A must have at least 2 dimensions.")
    if not A.dtype.is_floating_point:
        raise RuntimeError(
            f"linalg.svd: Expected a floating point or complex tensor as input. Got {_cpp(A)}"
        )
    if driver is not None:
        raise RuntimeError(
            "torch.linalg.svd: keyword argument `driver=` is only supported on CUDA inputs "
            "with cuSOLVER backend."
        )
    m, n = A._shape[-2:]
    k = min(m, n)
    ku, kv = (m, n) if full_matrices else (k, k)
    flat = A._flat()
    us: list = []
    ss: list = []
    vs: list = []
    one, zero = _const(1.0), _const(0.0)
    for b in range(numel(A._shape[:-2])):
        if k:
            u, s, vh, _, _ = _svd_matrix(flat[b * m * n : (b + 1) * m * n], m, n, full_matrices)
        else:  # nothing to decompose: identities where full matrices are asked for
            u = [one if i == j else zero for i in range(m) for j in range(ku)]
            vh = [one if i == j else zero for i in range(kv) for j in range(n)]
            s = []
        us.extend(u)
        ss.extend(s)
        vs.extend(vh)
    batch, name = A._shape[:-2], "LinalgSvdBackward0"
    u_t = _result(us, batch + (m, ku), A.dtype, name, (A,), op="svd")
    s_t = _result(ss, batch + (k,), A.dtype, name, (A,), op="svd")
    v_t = _result(vs, batch + (kv, n), A.dtype, name, (A,), op="svd")
    return SVDResult(u_t, s_t, v_t)


def svdvals(A: Tensor, *, driver: Optional[str] = None, out: Any = None) -> Tensor:
    """The singular values of A, in descending order (their gradient is
    ``U diag(gS) Vh``).

    >>> import tensors as torch
    >>> torch.linalg.svdvals(torch.tensor([[0., 2.], [1., 0.]]))
    tensor([2., 1.])
    """
    if A.ndim < 2:
        raise RuntimeError("linalg.svd: The input tensor A must have at least 2 dimensions.")
    s = svd(A, False, driver=driver).S
    return _result(s._flat(), s._shape, A.dtype, "LinalgSvdBackward0", (A,), op="svdvals")


def torch_svd(input: Tensor, some: bool = True, compute_uv: bool = True, *, out: Any = None
              ) -> tuple:  # fmt: skip
    """``torch.svd``: ``(U, S, V)`` with ``A = U diag(S) V^T`` (V, not Vh); ``some=False``
    gives the full U and V, ``compute_uv=False`` zero U and V (m x m, n x n).

    >>> import tensors as torch
    >>> torch.svd(torch.tensor([[2., 0.], [0., 1.]])).V
    tensor([[1., 0.],
            [0., 1.]])
    """
    from .._creation import zeros

    u, s, vh = svd(input, full_matrices=not some)
    if not compute_uv:
        m, n = input._shape[-2:]
        batch = input._shape[:-2]
        s = _result(s._flat(), s._shape, input.dtype, "LinalgSvdBackward0", (input,), op="svd")
        return TorchSVDResult(
            zeros(*batch, m, m, dtype=input.dtype), s, zeros(*batch, n, n, dtype=input.dtype)
        )
    return TorchSVDResult(u, s, vh.mT)
