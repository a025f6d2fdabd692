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
