"""Products and linear algebra: gradients against central differences (hypothesis)
and identities that must hold; no PyTorch needed."""

import pytest
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


@settings(max_examples=25)
@given(_leaf((2, 3)), _leaf((2, 4)), _leaf((4, 3)), st.sampled_from([(1, 1), (0.5, -2.0), (0, 3)]))
def test_addmm_gradient(inp, m1, m2, coefficients):
    beta, alpha = coefficients
    fn = lambda i, a, b: tensors.addmm(i, a, b, beta=beta, alpha=alpha)  # noqa: E731
    assert tensor_gradcheck(fn, [inp, m1, m2])


@settings(max_examples=25)
@given(_leaf((1, 3)), _leaf((2, 2, 4)), _leaf((2, 4, 3)))
def test_baddbmm_and_addbmm_gradients(inp, b1, b2):
    assert tensor_gradcheck(lambda i, a, b: tensors.baddbmm(i, a, b, alpha=0.7), [inp, b1, b2])
    assert tensor_gradcheck(lambda i, a, b: tensors.addbmm(i, a, b, beta=2.0), [inp, b1, b2])


@settings(max_examples=25)
@given(_leaf((3,)), _leaf((2, 3)), _leaf((3,)))
def test_addmv_and_addr_gradients(v, m, w):
    assert tensor_gradcheck(lambda v, m, w: tensors.addmv(v[:2], m, w, beta=0.5), [v, m, w])
    assert tensor_gradcheck(lambda v, m, w: tensors.addr(m, v[:2], w, alpha=3.0), [v, m, w])


EQUATIONS = ["ij,jk->ik", "ij->ji", "ii->i", "ii", "ij,ij->", "bij,bjk->bik", "i,j->ij", "...j,j"]


@settings(max_examples=15)
@given(st.sampled_from(EQUATIONS), st.data())
def test_einsum_gradient_and_agreement_with_matmul(equation, data):
    shapes = {
        "ij,jk->ik": [(2, 3), (3, 2)], "ij->ji": [(2, 3)], "ii->i": [(3, 3)], "ii": [(3, 3)],
        "ij,ij->": [(2, 3), (2, 3)], "bij,bjk->bik": [(2, 2, 3), (2, 3, 2)],
        "i,j->ij": [(2,), (3,)], "...j,j": [(2, 3), (3,)],
    }[equation]  # fmt: skip
    ops = [data.draw(_leaf(s)) for s in shapes]
    assert tensor_gradcheck(lambda *xs: tensors.einsum(equation, *xs), ops)
    if equation == "ij,jk->ik":
        assert_close(tensors.einsum(equation, *ops), ops[0] @ ops[1], rtol=1e-14, atol=1e-15)


@settings(max_examples=25)
@given(_leaf((2, 3, 2)), _leaf((3, 2, 2)))
def test_tensordot_inner_kron_gradients(a, b):
    assert tensor_gradcheck(lambda a, b: tensors.tensordot(a, b, ([1, 2], [0, 1])), [a, b])
    assert tensor_gradcheck(lambda a, b: tensors.inner(a, b), [a, b])
    assert tensor_gradcheck(lambda a, b: tensors.kron(a[0], b[0]), [a, b])


@settings(max_examples=25)
@given(_leaf((4, 3)), _leaf((4, 3)))
def test_trace_cross_block_diag_vecdot_gradients(a, b):
    assert tensor_gradcheck(lambda a: tensors.trace(a), [a])
    assert tensor_gradcheck(lambda a, b: tensors.linalg.cross(a, b), [a, b])
    assert tensor_gradcheck(lambda a, b: tensors.block_diag(a, b[0]), [a, b])
    assert tensor_gradcheck(lambda a, b: tensors.linalg.vecdot(a, b), [a, b])


@settings(max_examples=25)
@given(well_conditioned())
def test_det_slogdet_inv_gradients(a):
    assert tensor_gradcheck(tensors.linalg.det, [a])
    assert tensor_gradcheck(lambda a: tensors.linalg.slogdet(a).logabsdet, [a])
    assert tensor_gradcheck(tensors.linalg.inv, [a])


@settings(max_examples=25)
@given(well_conditioned(batch=(2,)), _leaf((2, 3, 2)))
def test_solve_and_triangular_solve_gradients(a, b):
    assert tensor_gradcheck(tensors.linalg.solve, [a, b])
    solve_t = lambda a, b: tensors.linalg.solve_triangular(a, b, upper=False)  # noqa: E731
    assert tensor_gradcheck(solve_t, [a, b])


@settings(max_examples=25)
@given(well_conditioned())
def test_cholesky_gradient_on_symmetric_positive_definite_input(a):
    spd = lambda a: a @ a.mT + tensors.eye(3, dtype=F64)  # noqa: E731
    assert tensor_gradcheck(lambda a: tensors.linalg.cholesky(spd(a)), [a])


@settings(max_examples=25)
@given(well_conditioned(), well_conditioned())
def test_inverse_and_determinant_identities(a, b):
    eye = tensors.eye(3, dtype=F64)
    assert_close(a @ tensors.linalg.inv(a), eye, rtol=1e-12, atol=1e-13)
    det = tensors.linalg.det
    assert_close(det(a @ b), det(a) * det(b), rtol=1e-12, atol=1e-12)
    x = tensors.linalg.solve(a, b)
    assert_close(a @ x, b, rtol=1e-12, atol=1e-13)
    low = tensors.linalg.cholesky(a @ a.mT)
    assert_close(low @ low.mT, a @ a.mT, rtol=1e-12, atol=1e-12)


@settings(max_examples=25)
@given(well_conditioned(), st.integers(-3, 5))
def test_matrix_power_gradient_and_agreement_with_products(a, n):
    assert tensor_gradcheck(lambda a: tensors.linalg.matrix_power(a, n), [a])
    if n >= 1:
        product = a
        for _ in range(n - 1):
            product = product @ a
        assert_close(tensors.linalg.matrix_power(a, n), product, rtol=1e-12, atol=1e-12)


@settings(max_examples=10)
@given(_leaf((2, 3)), _leaf((3, 4)), _leaf((4, 2)), _leaf((2,)))
def test_multi_dot_norms_vander_distances_gradients(a, b, c, v):
    assert tensor_gradcheck(lambda a, b, c: tensors.linalg.multi_dot([a, b, c]), [a, b, c])
    # Rows and columns far apart: no tie for the largest (or smallest) sum, where the
    # derivative is PyTorch's choice rather than a limit.
    spread = 10.0 * tensors.arange(12.0, dtype=F64).reshape(3, 4) + 3.0
    for order in ("fro", 1, -1, float("inf"), -float("inf")):
        assert tensor_gradcheck(lambda b, o=order: tensors.linalg.matrix_norm(b + spread, o), [b])
    assert tensor_gradcheck(lambda v: tensors.linalg.vander(v, N=4), [v])
    assert tensor_gradcheck(lambda a, b: tensors.cdist(a, b.mT + 5.0, p=1.5), [a, b])
    assert tensor_gradcheck(lambda a, b: tensors.dist(a, b[:2, :3] + 5.0, p=3), [a, b])


def test_singular_matrices_are_refused_in_pytorchs_words():
    singular = tensors.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=F64)
    with pytest.raises(tensors.linalg.LinAlgError, match="singular"):
        tensors.linalg.inv(singular)
    with pytest.raises(RuntimeError, match="singular"):
        tensors.linalg.solve(singular, tensors.ones(2, dtype=F64))
    assert tensors.linalg.det(singular).item() == 0.0


@settings(max_examples=20)
@given(_leaf((4, 4), _floats(-0.5, 0.5)), st.sampled_from([(4, 3), (3, 4), (3, 3)]))
def test_qr_identities_and_gradient(a, shape):
    # A dominant diagonal, and no exact zero below it: where a column's part below the
    # diagonal is exactly zero, LAPACK's convention skips the reflection and R's
    # diagonal sign jumps (in PyTorch too).
    offset = 3 * tensors.eye(*shape, dtype=F64) + 0.6180339887
    a = (a[: shape[0], : shape[1]] + offset).detach().requires_grad_()
    q, r = tensors.linalg.qr(a)
    k = min(shape)
    assert_close(q.mT @ q, tensors.eye(k, dtype=F64), rtol=1e-12, atol=1e-13)
    assert_close(q @ r, a, rtol=1e-12, atol=1e-13)
    assert tensor_gradcheck(lambda a: tensors.linalg.qr(a).Q, [a])
    assert tensor_gradcheck(lambda a: tensors.linalg.qr(a).R, [a])
    b = tensors.ones(shape[0], 2, dtype=F64)
    x = tensors.linalg.lstsq(a, b).solution
    if shape[0] <= shape[1]:  # an exact (minimum-norm) solution
        assert_close(a @ x, b, rtol=1e-12, atol=1e-12)
    assert tensor_gradcheck(lambda a: tensors.linalg.lstsq(a, b).solution, [a])
