"""LU factorisations and the solvers built on them: gradients against central
differences (hypothesis) and the identities that must hold; no PyTorch needed."""

from hypothesis import given, settings
from hypothesis import strategies as st

import tensors
from tensors.testing import assert_close, tensor_gradcheck
from tensors.testing import tensors as tensors_of

F64 = tensors.float64


def _floats(lo=-2.0, hi=2.0):
    return st.floats(lo, hi, allow_subnormal=False)


def _leaf(shape, elements=None):
    elements = _floats() if elements is None else elements
    return tensors_of(shape, elements, dtype=F64, requires_grad=True)


def _assert_solves(lhs, rhs):
    # An identity, not a comparison with torch: a -0.0 in B may come back as 0.0.
    assert_close(lhs + 0.0, rhs + 0.0, rtol=1e-11, atol=1e-11)


@st.composite
def well_conditioned(draw, n=3, batch=()):
    # A random matrix plus a dominant diagonal: invertible, far from singular.
    a = draw(tensors_of(batch + (n, n), _floats(-1.0, 1.0), dtype=F64))
    return (a + 4 * tensors.eye(n, dtype=F64)).requires_grad_()


@st.composite
def distinct_columns(draw, shape):
    # Entries spread apart so that no two candidates tie for a pivot (where the
    # factorisation jumps and a central difference straddles the jump).
    a = draw(tensors_of(shape, _floats(-1.0, 1.0), dtype=F64))
    ramp = tensors.arange(float(shape[-2] * shape[-1]), dtype=F64).reshape(shape[-2:])
    return (a * 0.1 + ramp * ramp * 0.37).requires_grad_()


@settings(max_examples=20, deadline=None)
@given(st.sampled_from([(3, 3), (4, 2), (2, 4)]), st.data())
def test_lu_reassembles_the_matrix_and_its_gradients_are_central_differences(shape, data):
    a = data.draw(distinct_columns(shape))
    P, L, U = tensors.linalg.lu(a)
    assert_close(P @ L @ U, a, rtol=1e-12, atol=1e-12)
    LU, pivots = tensors.linalg.lu_factor(a)
    assert pivots.dtype == tensors.int32
    P2, L2, U2 = tensors.lu_unpack(LU, pivots)
    assert P2.equal(P) and L2.equal(L) and U2.equal(U)
    assert tensor_gradcheck(lambda a: tensors.linalg.lu(a).L, [a])
    assert tensor_gradcheck(lambda a: tensors.linalg.lu(a).U, [a])
    assert tensor_gradcheck(lambda a: tensors.linalg.lu_factor(a).LU, [a])


@settings(max_examples=20, deadline=None)
@given(well_conditioned(), _leaf((3, 2)), st.booleans(), st.booleans())
def test_lu_solve_solves_and_its_gradients_are_central_differences(a, b, left, adjoint):
    LU, pivots = tensors.linalg.lu_factor(a.detach())
    LU.requires_grad_()
    rhs = b if left else b.mT.detach().requires_grad_()
    x = tensors.linalg.lu_solve(LU, pivots, rhs, left=left, adjoint=adjoint)
    m = a.mT if adjoint else a
    _assert_solves(m @ x if left else x @ m, rhs)

    def solve(lu, r):
        return tensors.linalg.lu_solve(lu, pivots, r, left=left, adjoint=adjoint)

    assert tensor_gradcheck(solve, [LU, rhs])


@settings(max_examples=20, deadline=None)
@given(well_conditioned(), _leaf((3, 2)))
def test_cholesky_solve_and_inverse_and_their_gradients(a, b):
    low = tensors.linalg.cholesky(a @ a.mT).detach().requires_grad_()
    spd = (low @ low.mT).detach()
    for upper in (False, True):
        factor = (low.mT if upper else low).detach().requires_grad_()
        x = tensors.cholesky_solve(b, factor, upper=upper)
        _assert_solves(spd @ x, b)
        inverse = tensors.cholesky_inverse(factor, upper=upper)
        assert_close(inverse @ spd, tensors.eye(3, dtype=F64), rtol=1e-11, atol=1e-11)
        assert tensor_gradcheck(lambda f, r, u=upper: tensors.cholesky_solve(r, f, u), [factor, b])
        assert tensor_gradcheck(lambda f, u=upper: tensors.cholesky_inverse(f, u), [factor])


@settings(max_examples=20, deadline=None)
@given(well_conditioned(), _leaf((3, 2)), st.booleans(), st.booleans())
def test_triangular_solve_and_the_ex_forms(a, b, upper, transpose):
    tri = (a.triu() if upper else a.tril()).detach().requires_grad_()
    x, copy = tensors.triangular_solve(b, tri, upper=upper, transpose=transpose)
    _assert_solves((tri.mT if transpose else tri) @ x, b)
    assert copy.equal(tri)

    def solve(r, t):
        return tensors.triangular_solve(r, t, upper=upper, transpose=transpose).solution

    assert tensor_gradcheck(solve, [b, tri])
    assert tensor_gradcheck(lambda m: tensors.linalg.inv_ex(m).inverse, [a])
    assert tensor_gradcheck(lambda m, r: tensors.linalg.solve_ex(m, r).result, [a, b])
    spd = (a @ a.mT).detach().requires_grad_()
    assert tensor_gradcheck(lambda m: tensors.linalg.cholesky_ex(m).L, [spd])
    assert tensors.linalg.inv_ex(a).info.item() == 0


def test_the_ex_forms_report_failures_in_info():
    singular = tensors.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=F64)
    assert tensors.linalg.inv_ex(singular).info.item() == 2
    assert tensors.linalg.solve_ex(singular, tensors.ones(2, dtype=F64)).info.item() == 2
    assert tensors.linalg.cholesky_ex(-tensors.eye(2)).info.item() == 1
    assert tensors.linalg.lu_factor_ex(tensors.zeros(2, 2)).info.item() == 1


@settings(max_examples=20, deadline=None)
@given(well_conditioned(n=4), _leaf((2, 2)))
def test_tensorinv_and_tensorsolve_invert_tensordot(a, b):
    t = a.reshape(2, 2, 4)
    inverse = tensors.linalg.tensorinv(t, ind=2)
    eye = tensors.eye(4, dtype=F64).reshape(2, 2, 2, 2)
    assert_close(tensors.tensordot(t, inverse, 1), eye, rtol=1e-11, atol=1e-11)
    x = tensors.linalg.tensorsolve(t, b)
    _assert_solves(tensors.tensordot(t, x, 1), b)
    assert tensor_gradcheck(lambda m, r: tensors.linalg.tensorsolve(m.reshape(2, 2, 4), r), [a, b])
    assert tensor_gradcheck(lambda m: tensors.linalg.tensorinv(m.reshape(4, 2, 2), ind=1), [a])


@st.composite
def spread_spectrum(draw, m=3, n=3):
    # Q1 diag(d) Q2 with well separated d: distinct eigen- and singular values,
    # so that the vectors are differentiable functions of the matrix.
    a = draw(tensors_of((m, n), _floats(-0.3, 0.3), dtype=F64))
    k = min(m, n)
    d = tensors.zeros(m, n, dtype=F64)
    for i in range(k):
        d[i, i] = 3.0 - 1.1 * i
    return (a + d).requires_grad_()


@settings(max_examples=20, deadline=None)
@given(spread_spectrum(), st.sampled_from(["L", "U"]))
def test_eigh_decomposes_and_its_gradient_is_central_differences(a, uplo):
    sym = (a + a.mT).detach().requires_grad_()
    L, V = tensors.linalg.eigh(sym, UPLO=uplo)
    assert_close(V @ tensors.diag_embed(L) @ V.mT, sym, rtol=1e-12, atol=1e-12)
    assert_close(V.mT @ V, tensors.eye(3, dtype=F64), rtol=1e-12, atol=1e-12)
    assert L.tolist() == sorted(L.tolist())

    # Functions of the symmetric input that do not depend on the vectors' signs.
    def of_sym(x, u=uplo):
        s = x + x.mT
        w, v = tensors.linalg.eigh(s, UPLO=u)
        return w, v * v, tensors.linalg.eigvalsh(s, UPLO=u)

    assert tensor_gradcheck(of_sym, [a])


@settings(max_examples=20, deadline=None)
@given(st.sampled_from([(3, 3), (4, 2), (2, 4)]), st.booleans(), st.data())
def test_svd_decomposes_and_its_gradient_is_central_differences(shape, full, data):
    a = data.draw(spread_spectrum(*shape))
    U, S, Vh = tensors.linalg.svd(a, full_matrices=full)
    k = min(shape)
    assert_close(U[:, :k] @ tensors.diag_embed(S) @ Vh[:k], a, rtol=1e-12, atol=1e-12)
    assert_close(U.mT @ U, tensors.eye(U.shape[1], dtype=F64), rtol=1e-12, atol=1e-12)
    assert_close(Vh @ Vh.mT, tensors.eye(Vh.shape[0], dtype=F64), rtol=1e-12, atol=1e-12)
    assert_close(tensors.linalg.svdvals(a), S, rtol=0, atol=0)

    def parts(x):
        u, s, vh = tensors.linalg.svd(x, full_matrices=False)
        return u * u, s, vh * vh, u @ vh

    assert tensor_gradcheck(parts, [a])
    assert tensor_gradcheck(tensors.linalg.svdvals, [a])
    u, s, v = tensors.svd(a, some=not full)
    assert_close(u[:, :k] @ tensors.diag_embed(s) @ v[:, :k].mT, a, rtol=1e-12, atol=1e-12)


@settings(max_examples=20, deadline=None)
@given(st.sampled_from([(3, 3), (4, 2), (2, 4)]), st.data())
def test_pinv_is_the_moore_penrose_inverse_and_its_gradient_is_central_differences(shape, data):
    a = data.draw(spread_spectrum(*shape))
    p = tensors.linalg.pinv(a)
    assert_close(a @ p @ a, a, rtol=1e-12, atol=1e-12)
    assert_close(p @ a @ p, p, rtol=1e-12, atol=1e-12)
    assert_close((a @ p).mT, a @ p, rtol=1e-12, atol=1e-12)
    assert tensor_gradcheck(tensors.linalg.pinv, [a])
    # rank one: a rank-preserving perturbation of u v^T stays rank one
    u, v = a[:, :1], a[:1, :]
    assert tensor_gradcheck(lambda u, v: tensors.linalg.pinv(u @ v), [u.detach().requires_grad_(),
                            v.detach().requires_grad_()])  # fmt: skip
    assert tensors.linalg.matrix_rank(u @ v).item() == 1
    assert tensors.linalg.matrix_rank(a).item() == min(shape)
    # hermitian=True reads one triangle; PyTorch's gradient is that of the symmetric input
    square = a[:2, :2].detach().requires_grad_()
    assert tensor_gradcheck(lambda s: tensors.linalg.pinv(s + s.mT, hermitian=True), [square])


@settings(max_examples=20, deadline=None)
@given(spread_spectrum())
def test_singular_value_norms_cond_and_lstsq_gradients(a):
    s = tensors.linalg.svdvals(a)
    nuc = tensors.linalg.matrix_norm(a, "nuc")
    assert_close(nuc, s.sum(), rtol=1e-12, atol=0)
    assert_close(tensors.linalg.matrix_norm(a, 2), s[0], rtol=1e-12, atol=0)
    assert_close(tensors.linalg.cond(a), s[0] / s[-1], rtol=1e-12, atol=0)
    for order in ("nuc", 2, -2):
        assert tensor_gradcheck(lambda x, o=order: tensors.linalg.matrix_norm(x, o), [a])
    assert tensor_gradcheck(tensors.linalg.cond, [a])
    assert tensor_gradcheck(lambda x: tensors.norm(x, "nuc"), [a])
    b = tensors.ones(3, 2, dtype=F64, requires_grad=True)
    for driver in ("gelsd", "gelss"):
        x = tensors.linalg.lstsq(a, b, driver=driver).solution
        assert_close(a @ x, b, rtol=1e-11, atol=1e-11)
        solve = lambda m, r, d=driver: tensors.linalg.lstsq(m, r, driver=d).solution  # noqa: E731
        assert tensor_gradcheck(solve, [a, b])


@settings(max_examples=20, deadline=None)
@given(_leaf((3, 3), _floats(-1.5, 1.5)))
def test_matrix_exp_identities_and_gradient(a):
    e = tensors.matrix_exp(a)
    assert_close(e @ tensors.matrix_exp(-a), tensors.eye(3, dtype=F64), rtol=1e-10, atol=1e-10)
    d = tensors.diag(a.detach()[0])
    assert_close(
        tensors.linalg.matrix_exp(d), tensors.diag(a.detach()[0].exp()), rtol=1e-13, atol=1e-13
    )
    assert tensor_gradcheck(tensors.matrix_exp, [a])


@settings(max_examples=30, deadline=None)
@given(tensors_of((4, 4), _floats(-2.0, 2.0), dtype=F64), tensors_of((4, 2), _floats(), dtype=F64))
def test_ldl_solve_solves_symmetric_indefinite_systems(a, b):
    sym = a + a.mT + tensors.diag(tensors.tensor([0.0, 0.1, 0.0, 0.2], dtype=F64))
    LD, pivots, info = tensors.linalg.ldl_factor_ex(sym)
    if info.item() == 0 and abs(tensors.linalg.det(sym).item()) > 1e-3:
        x = tensors.linalg.ldl_solve(LD, pivots, b)
        _assert_solves(sym @ x, b)


@settings(max_examples=20, deadline=None)
@given(st.sampled_from([(3, 3), (4, 2)]), st.data())
def test_geqrf_householder_product_and_ormqr_rebuild_qr(shape, data):
    a = data.draw(spread_spectrum(*shape))
    packed, tau = tensors.geqrf(a)
    q, r = tensors.linalg.qr(a)
    assert_close(packed.triu()[: r.shape[0]], r, rtol=1e-12, atol=1e-12)
    assert_close(tensors.linalg.householder_product(packed, tau), q, rtol=1e-12, atol=1e-12)
    c = data.draw(tensors_of((shape[0], 2), _floats(), dtype=F64))
    full_q = tensors.linalg.qr(a, mode="complete").Q
    assert_close(tensors.ormqr(packed, tau, c), full_q @ c, rtol=1e-12, atol=1e-12)
    assert_close(
        tensors.ormqr(packed, tau, c, transpose=True), full_q.mT @ c, rtol=1e-12, atol=1e-12
    )
    ct = c.mT.contiguous()
    assert_close(tensors.ormqr(packed, tau, ct, left=False), ct @ full_q, rtol=1e-12, atol=1e-12)
    p, t = packed.requires_grad_(), tau.requires_grad_()
    assert tensor_gradcheck(tensors.linalg.householder_product, [p, t])
    cc = c.requires_grad_()
    for left, transpose in ((True, False), (True, True), (False, False), (False, True)):
        other = cc if left else cc.mT

        def apply(x, y, o, left=left, transpose=transpose):
            return tensors.ormqr(x, y, o, left=left, transpose=transpose)

        assert tensor_gradcheck(apply, [p, t, other])


@settings(max_examples=20, deadline=None)
@given(_leaf((4,)), _leaf((4,)), _leaf((2, 3, 3)))
def test_vdot_and_linalg_diagonal_gradients(u, v, m):
    assert tensor_gradcheck(tensors.vdot, [u, v])
    assert_close(tensors.vdot(u, v), (u * v).sum(), rtol=1e-12, atol=1e-12)
    d = tensors.linalg.diagonal(m, offset=1)
    assert d.shape == (2, 2) and d._base is m
    assert tensor_gradcheck(lambda x: tensors.linalg.diagonal(x, offset=-1), [m])
