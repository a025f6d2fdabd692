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
    assert_close(m @ x if left else x @ m, rhs, rtol=1e-12, atol=1e-12)

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
        assert_close(spd @ x, b, rtol=1e-11, atol=1e-11)
        inverse = tensors.cholesky_inverse(factor, upper=upper)
        assert_close(inverse @ spd, tensors.eye(3, dtype=F64), rtol=1e-11, atol=1e-11)
        assert tensor_gradcheck(lambda f, r, u=upper: tensors.cholesky_solve(r, f, u), [factor, b])
        assert tensor_gradcheck(lambda f, u=upper: tensors.cholesky_inverse(f, u), [factor])


@settings(max_examples=20, deadline=None)
@given(well_conditioned(), _leaf((3, 2)), st.booleans(), st.booleans())
def test_triangular_solve_and_the_ex_forms(a, b, upper, transpose):
    tri = (a.triu() if upper else a.tril()).detach().requires_grad_()
    x, copy = tensors.triangular_solve(b, tri, upper=upper, transpose=transpose)
    assert_close((tri.mT if transpose else tri) @ x, b, rtol=1e-12, atol=1e-12)
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
    assert_close(tensors.tensordot(t, x, 1), b, rtol=1e-11, atol=1e-11)
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
