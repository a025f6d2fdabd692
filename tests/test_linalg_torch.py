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
