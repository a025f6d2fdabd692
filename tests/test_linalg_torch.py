"""Products and linear algebra against torch, on PyTorch's own OpInfo samples:
values, dtypes, gradients, errors; grad_fn names."""

import warnings

import pytest

import tensors

torch = pytest.importorskip("torch")
pytest.importorskip("expecttest")
from _opinfo_replay import replay, replay_errors  # noqa: E402


def _einsum(operands, equation):
    return tensors.einsum(equation, operands)


def _cross(a, b, dim=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tensors.cross(a, b, dim)


PRODUCTS = {
    "addmm": tensors.addmm,
    "addmm.decomposed": tensors.addmm,
    "addmv": tensors.addmv,
    "addr": tensors.addr,
    "addbmm": tensors.addbmm,
    "baddbmm": tensors.baddbmm,
    "einsum": _einsum,
    "tensordot": tensors.tensordot,
    "inner": tensors.inner,
    "kron": tensors.kron,
    "trace": tensors.trace,
    "cross": _cross,
    "linalg.cross": lambda a, b, dim=-1: tensors.linalg.cross(a, b, dim=dim),
    "block_diag": lambda *ts: tensors.block_diag(*ts),
    "linalg.vecdot": lambda a, b, dim=-1: tensors.linalg.vecdot(a, b, dim=dim),
}


@pytest.mark.parametrize("name", sorted(PRODUCTS))
def test_product_matches_torch_on_opinfo_samples(name):
    assert replay(name, PRODUCTS[name], rtol=1e-12, atol=1e-13) > 0


@pytest.mark.parametrize("name", sorted(PRODUCTS))
def test_product_error_inputs_match_torch(name):
    replay_errors(name, PRODUCTS[name])


SOLVERS = {
    "linalg.det": tensors.linalg.det,
    "linalg.slogdet": tensors.linalg.slogdet,
    "logdet": tensors.logdet,
    "linalg.inv": tensors.linalg.inv,
    "linalg.solve": tensors.linalg.solve,
    "linalg.solve_triangular": tensors.linalg.solve_triangular,
    "linalg.cholesky": tensors.linalg.cholesky,
    "linalg.matrix_power": tensors.linalg.matrix_power,
    "linalg.qr": tensors.linalg.qr,
    "linalg.multi_dot": tensors.linalg.multi_dot,
    "linalg.vander": tensors.linalg.vander,
    "dist": tensors.dist,
    "cdist": tensors.cdist,
    "cholesky": tensors.cholesky,
}


@pytest.mark.parametrize("name", sorted(SOLVERS))
def test_solver_matches_torch_on_opinfo_samples(name):
    assert replay(name, SOLVERS[name], rtol=1e-10, atol=1e-12, max_samples=120) > 0


@pytest.mark.parametrize("name", sorted(SOLVERS))
def test_solver_error_inputs_match_torch(name):
    replay_errors(name, SOLVERS[name])


def test_torch_level_aliases_and_methods_give_linalg_results():
    torch.manual_seed(0)
    at = torch.randn(3, 3, dtype=torch.float64)
    a = tensors.testing.from_torch(at)
    tensors.testing.assert_close(tensors.det(a), torch.det(at), rtol=1e-12)
    tensors.testing.assert_close(a.det(), at.det(), rtol=1e-12)
    tensors.testing.assert_close(tensors.inverse(a), torch.inverse(at), rtol=1e-11)
    tensors.testing.assert_close(a.inverse(), at.inverse(), rtol=1e-11)
    tensors.testing.assert_close(a.slogdet()[1], at.slogdet()[1], rtol=1e-12)
    assert repr(tensors.linalg.slogdet(a)).startswith("torch.return_types.linalg_slogdet(\nsign=")


@pytest.mark.parametrize(
    "call,name",
    [
        (lambda t, a, b: t.addmm(a, a, b), "AddmmBackward0"),
        (lambda t, a, b: t.baddbmm(a[None], a[None], b[None]), "BaddbmmBackward0"),
        (lambda t, a, b: t.addbmm(a, a[None], b[None]), "AddbmmBackward0"),
        (lambda t, a, b: t.addmv(a[0], a, b[0]), "AddmvBackward0"),
        (lambda t, a, b: t.addr(a, a[0], b[0]), "AddrBackward0"),
        (lambda t, a, b: t.trace(a), "TraceBackward0"),
        (lambda t, a, b: t.kron(a, b), "UnsafeViewBackward0"),
        (lambda t, a, b: t.block_diag(a, b), "BlockDiagBackward0"),
        (lambda t, a, b: t.linalg.cross(a, b), "LinalgCrossBackward0"),
        (lambda t, a, b: t.linalg.det(a), "LinalgDetBackward0"),
        (lambda t, a, b: t.linalg.inv(a), "LinalgInvExBackward0"),
        (lambda t, a, b: t.linalg.solve(a, b), "LinalgSolveExBackward0"),
        (lambda t, a, b: t.linalg.slogdet(a)[1], "LinalgSlogdetBackward0"),
        (
            lambda t, a, b: t.linalg.solve_triangular(a, b, upper=True),
            "LinalgSolveTriangularBackward0",
        ),
        (
            lambda t, a, b: t.linalg.cholesky(a @ a.mT + b * 0 + 3 * t.eye(3, dtype=a.dtype)),
            "LinalgCholeskyExBackward0",
        ),
    ],
)
def test_linalg_grad_fn_names_match_torch(call, name):
    torch.manual_seed(1)
    at = torch.randn(3, 3, dtype=torch.float64, requires_grad=True)
    bt = torch.randn(3, 3, dtype=torch.float64, requires_grad=True)
    a, b = (tensors.testing.from_torch(t) for t in (at, bt))
    assert call(tensors, a, b).grad_fn.name() == call(torch, at, bt).grad_fn.name() == name


@pytest.mark.parametrize("name", ["linalg.matrix_norm", "linalg.norm"])
def test_norm_matches_torch_on_opinfo_samples(name):
    # The nuclear and spectral norms among them: sums and extremes of singular values.
    fn = getattr(tensors.linalg, name.split(".")[1])
    assert replay(name, fn, rtol=1e-12, atol=1e-13) > 0


def test_lstsq_matches_torch_on_opinfo_samples():
    # Every driver: gels and gelsy by QR, gelss and gelsd by the pseudoinverse.
    lstsq = tensors.linalg.lstsq
    assert replay("linalg.lstsq", lstsq, rtol=1e-10, atol=1e-12) > 0
    replay_errors("linalg.lstsq", lstsq)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_ldl_factor_of_indefinite_matrices_pivots_as_lapack(dtype):
    # PyTorch's samples are positive definite (no pivoting); these need 1 x 1
    # exchanges and 2 x 2 blocks of Bunch-Kaufman's rule.
    gen = torch.Generator().manual_seed(3)
    mats = [
        torch.tensor([[0.0, 1.0], [1.0, 0.0]]),
        torch.tensor([[1.0, 2, 0], [2, 1, 3], [0, 3, 1]]),
    ]
    for _ in range(20):
        a = torch.randn(5, 5, generator=gen)
        mats.append(a + a.mT)
    for a in mats:
        a = a.to(getattr(torch, dtype))
        ld, piv, info = torch.linalg.ldl_factor_ex(a)
        ours = tensors.linalg.ldl_factor_ex(tensors.testing.from_torch(a))
        assert ours.pivots.tolist() == piv.tolist()
        assert ours.info.tolist() == info.tolist()
        tensors.testing.assert_close(ours.LD, ld, rtol=1e-5 if dtype == "float32" else 1e-12,
                                     atol=1e-5 if dtype == "float32" else 1e-12)  # fmt: skip
        b = torch.randn(a.shape[0], 2, generator=gen).to(a.dtype)
        x = tensors.linalg.ldl_solve(ours.LD, ours.pivots, tensors.testing.from_torch(b))
        tensors.testing.assert_close(x, torch.linalg.ldl_solve(ld, piv, b),
                                     rtol=1e-4 if dtype == "float32" else 1e-10,
                                     atol=1e-4 if dtype == "float32" else 1e-10)  # fmt: skip
