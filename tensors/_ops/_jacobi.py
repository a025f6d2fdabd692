"""Jacobi's methods on floats: the symmetric eigenproblem and the singular value
decomposition, for ``linalg_spectral.py``.

Both are sweeps of plane rotations run until a whole sweep finds nothing left to
rotate: the classical two-sided method for a symmetric matrix (each rotation
zeros one off-diagonal pair), and Hestenes' one-sided method for the SVD (each
rotation makes two columns orthogonal; the column norms are then the singular
values). Jacobi's methods find small eigenvalues and singular values to high
relative accuracy, so their results agree with LAPACK's to the last digits
PyTorch's tests compare. Plain Python lists of floats; no Values.

>>> vals, vecs = eigh([[2.0, 1.0], [1.0, 2.0]])
>>> [round(x, 12) for x in vals]
[1.0, 3.0]
"""

from __future__ import annotations

import math

EPS = 2.0**-52


def _rotation(zeta: float) -> tuple:
    """(c, s) of the rotation that annihilates the pair with ``cot(2 theta) = zeta``:
    the smaller of the two angles, as Rutishauser's formula takes it."""
    t = math.copysign(1.0, zeta) / (abs(zeta) + math.hypot(1.0, zeta))
    c = 1.0 / math.hypot(1.0, t)
    return c, c * t


def _sign_fixed(vectors: list) -> list:
    """Each vector with its largest entry (the first of equal ones) made positive:
    a convention, since a vector's sign is not determined by the problem."""
    out = []
    for vec in vectors:
        big = max(range(len(vec)), key=lambda i: (abs(vec[i]), -i)) if vec else 0
        out.append([-x for x in vec] if vec and vec[big] < 0 else list(vec))
    return out


def eigh(a: list) -> tuple:
    """Eigenvalues (ascending) and eigenvectors (a list of columns) of the symmetric
    n x n matrix ``a`` (lists of rows, read whole)."""
    n = len(a)
    a = [list(row) for row in a]
    v = [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]
    for _ in range(100):
        rotated = False
        for p in range(n - 1):
            for q in range(p + 1, n):
                apq = a[p][q]
                if apq == 0.0 or abs(apq) <= EPS * math.sqrt(abs(a[p][p] * a[q][q])):
                    continue
                if not math.isfinite(apq):
                    continue
                rotated = True
                c, s = _rotation((a[q][q] - a[p][p]) / (2.0 * apq))
                for k in range(n):  # columns p and q
                    x, y = a[k][p], a[k][q]
                    a[k][p], a[k][q] = c * x - s * y, s * x + c * y
                for k in range(n):  # rows p and q
                    x, y = a[p][k], a[q][k]
                    a[p][k], a[q][k] = c * x - s * y, s * x + c * y
                a[p][q] = a[q][p] = 0.0
                for k in range(n):
                    x, y = v[k][p], v[k][q]
                    v[k][p], v[k][q] = c * x - s * y, s * x + c * y
        if not rotated:
            break
    order = sorted(range(n), key=lambda j: a[j][j])
    values = [a[j][j] for j in order]
    vectors = _sign_fixed([[v[i][j] for i in range(n)] for j in order])
    return values, vectors


def complete(columns: list, m: int, count: int = -1) -> list:
    """Orthonormal columns of length m added to ``columns`` until there are ``count``
    (m by default; Gram-Schmidt, twice, of the unit vectors that stay longest)."""
    cols = [list(c) for c in columns]
    while len(cols) < (m if count < 0 else count):
        best, best_norm = None, -1.0
        for e in range(m):
            w = [1.0 if i == e else 0.0 for i in range(m)]
            for _ in range(2):
                for c in cols:
                    d = sum(x * y for x, y in zip(c, w))
                    w = [x - d * y for x, y in zip(w, c)]
            norm = math.sqrt(sum(x * x for x in w))
            if norm > best_norm + 1e-12:
                best, best_norm = w, norm
        assert best is not None
        cols.append([x / best_norm for x in best])
    return cols


def svd(a: list, m: int, n: int) -> tuple:
    """``(U columns, S descending, V columns)`` of the m x n matrix ``a`` (rows): k =
    min(m, n) singular triples, by one-sided Jacobi on the longer side."""
    if m < n:
        v_cols, s, u_cols = svd([[a[i][j] for i in range(m)] for j in range(n)], n, m)
        return u_cols, s, v_cols
    cols = [[a[i][j] for i in range(m)] for j in range(n)]
    v = [[1.0 if i == j else 0.0 for i in range(n)] for j in range(n)]
    for _ in range(100):
        rotated = False
        norms2 = [sum(t * t for t in col) for col in cols]
        # Two columns both below eps * |A| are rounding noise: rotating them
        # against each other changes nothing that can be measured.
        noise = EPS * EPS * sum(norms2)
        for p in range(n - 1):
            for q in range(p + 1, n):
                x, y = cols[p], cols[q]
                alpha, beta = norms2[p], norms2[q]
                if alpha <= noise and beta <= noise:
                    continue
                gamma = sum(t * u for t, u in zip(x, y))
                if gamma == 0.0 or abs(gamma) <= EPS * math.sqrt(alpha * beta):
                    continue
                if not math.isfinite(gamma):
                    continue
                rotated = True
                c, s = _rotation((beta - alpha) / (2.0 * gamma))
                cols[p] = [c * t - s * u for t, u in zip(x, y)]
                cols[q] = [s * t + c * u for t, u in zip(x, y)]
                norms2[p] = sum(t * t for t in cols[p])
                norms2[q] = sum(t * t for t in cols[q])
                vp, vq = v[p], v[q]
                v[p] = [c * t - s * u for t, u in zip(vp, vq)]
                v[q] = [s * t + c * u for t, u in zip(vp, vq)]
        if not rotated:
            break
    norms = [math.sqrt(sum(t * t for t in col)) for col in cols]
    order = sorted(range(n), key=lambda j: -norms[j])
    s = [norms[j] for j in order]
    u_cols: list = []
    for j in order:
        if norms[j] > 0.0:
            u_cols.append([t / norms[j] for t in cols[j]])
    u_cols = _fill_nulls(u_cols, [norms[j] > 0.0 for j in order], m)
    v_cols = [v[j] for j in order]
    fixed = []
    for u, vv in zip(u_cols, v_cols):
        big = max(range(m), key=lambda i: (abs(u[i]), -i))
        fixed.append((u, vv) if u[big] >= 0 else ([-t for t in u], [-t for t in vv]))
    return [u for u, _ in fixed], s, [vv for _, vv in fixed]


def _fill_nulls(found: list, nonzero: list, m: int) -> list:
    """U's columns in order, those of zero singular values made orthonormal to the rest."""
    known = list(found)
    extra = complete(known, m, len(known) + nonzero.count(False))[len(known) :]
    out, it_found, it_extra = [], iter(found), iter(extra)
    for nz in nonzero:
        out.append(next(it_found) if nz else next(it_extra))
    return out
