"""Replaying PyTorch's own OpInfo samples of one op on torch and on tensors.

The differential tests of a family call :func:`replay` with an OpInfo name
(``"linalg.det"``, ``"nn.functional.pad.reflect"``) and this project's
function: every float64 sample is run on both, and the outputs (values,
shapes, dtypes, sign of zero included) and the gradients of a weighted sum
of the outputs with respect to every input that requires grad are compared.
:func:`replay_errors` runs the entry's error inputs: the same exception type,
and a message PyTorch's regular expression accepts.
"""

from __future__ import annotations

import math
import re
import warnings
from typing import Any, Callable, Optional

import pytest

import tensors

# Where torch (or expecttest, which its operator database needs) is absent, the
# tests that use this module are skipped, and so is this module's own collection.
torch = pytest.importorskip("torch")
pytest.importorskip("expecttest")
from torch.testing._internal.common_methods_invocations import op_db  # noqa: E402

from tensors.testing import from_torch  # noqa: E402

_BY_NAME = {
    op.name + ("." + op.variant_test_name if op.variant_test_name else ""): op for op in op_db
}


def opinfo(name: str) -> Any:
    return _BY_NAME[name]


def _ours(x: Any) -> Any:
    if isinstance(x, torch.Tensor):
        return from_torch(x)
    if isinstance(x, (list, tuple)) and any(isinstance(e, torch.Tensor) for e in x):
        return type(x)(_ours(e) for e in x)
    if isinstance(x, torch.dtype):
        return getattr(tensors, str(x).replace("torch.", ""))
    return x


def _leaves(x: Any) -> list:
    if isinstance(x, (torch.Tensor, tensors.Tensor)):
        return [x]
    if isinstance(x, (list, tuple)):
        return [t for e in x for t in _leaves(e)]
    if isinstance(x, dict):
        return [t for e in x.values() for t in _leaves(e)]
    return []


def _numbers(t: Any) -> list:
    if isinstance(t, torch.Tensor):
        return [float(v) for v in t.detach().reshape(-1).tolist()]
    return [float(v.data) for v in t.values()]


def _same_number(a: float, b: float, rtol: float, atol: float, signed: bool = True) -> bool:
    if a != a or b != b:
        return a != a and b != b
    if a == b:
        return not signed or math.copysign(1.0, a) == math.copysign(1.0, b)
    return math.isclose(a, b, rel_tol=rtol, abs_tol=atol)


def assert_same(
    ours: Any, theirs: Any, what: str, rtol: float, atol: float, signed: bool = True
) -> None:
    """Same shape, dtype name and numbers (nan equals nan; with ``signed``, the sign
    of a zero too)."""
    assert tuple(ours.shape) == tuple(theirs.shape), f"{what}: shape {ours.shape} != {theirs.shape}"
    ours_dtype, theirs_dtype = ours.dtype.name, str(theirs.dtype).replace("torch.", "")
    assert ours_dtype == theirs_dtype, f"{what}: dtype {ours_dtype} != {theirs_dtype}"
    xs, ys = _numbers(ours), _numbers(theirs)
    bad = [
        (i, x, y)
        for i, (x, y) in enumerate(zip(xs, ys))
        if not _same_number(x, y, rtol, atol, signed)
    ]
    assert not bad, f"{what}: {len(bad)} of {len(xs)} differ, e.g. {bad[:4]}"


def _weights(out: torch.Tensor, k: int) -> torch.Tensor:
    # A fixed, uneven weighting, so that every output element counts differently.
    n = out.numel()
    w = torch.tensor([((i * 7 + k * 3) % 11 - 5) / 4.0 for i in range(n)], dtype=out.dtype)
    return w.reshape(out.shape)


def replay(
    name: str,
    ours: Callable[..., Any],
    rtol: float = 1e-9,
    atol: float = 1e-12,
    grad_rtol: Optional[float] = None,
    grad_atol: Optional[float] = None,
    max_numel: int = 400,
    max_samples: int = 200,
    skip: Callable[[Any], bool] = lambda sample: False,
    dtype: Any = None,
) -> int:
    """Run every sample of the OpInfo ``name`` on torch (``op.op``) and on ``ours``;
    return the number of samples compared (samples over ``max_numel`` elements in
    all are skipped, as are those ``skip`` names)."""
    op = opinfo(name)
    dtype = dtype or torch.float64
    grad_rtol = rtol * 10 if grad_rtol is None else grad_rtol
    grad_atol = atol * 10 if grad_atol is None else grad_atol
    compared = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        samples = list(op.sample_inputs("cpu", dtype, requires_grad=op.supports_autograd))
    for n, sample in enumerate(samples[:max_samples]):
        their_inputs = [sample.input, *sample.args, *sample.kwargs.values()]
        if sum(t.numel() for t in _leaves(their_inputs) if isinstance(t, torch.Tensor)) > max_numel:
            continue
        if skip(sample):
            continue
        what = f"{name} sample {n} ({sample.summary() if hasattr(sample, 'summary') else sample})"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = sample.output_process_fn_grad(
                op.op(sample.input, *sample.args, **sample.kwargs)
            )
            x, args = _ours(sample.input), [_ours(a) for a in sample.args]
            kwargs = {k: _ours(v) for k, v in sample.kwargs.items()}
            mine = sample.output_process_fn_grad(ours(x, *args, **kwargs))
        theirs_out = [t for t in _leaves(theirs) if isinstance(t, torch.Tensor)]
        mine_out = _leaves(mine)
        assert len(mine_out) == len(theirs_out), f"{what}: {len(mine_out)} outputs"
        for k, (a, b) in enumerate(zip(mine_out, theirs_out)):
            assert_same(a, b, f"{what} output {k}", rtol, atol)
        compared += 1
        if not op.supports_autograd:
            continue
        their_wrt = [
            t for t in _leaves([sample.input, sample.args, sample.kwargs]) if t.requires_grad
        ]
        our_wrt = [t for t in _leaves([x, args, kwargs]) if t.requires_grad]
        graded = [
            (a, b, k) for k, (a, b) in enumerate(zip(mine_out, theirs_out)) if b.requires_grad
        ]
        if not their_wrt or not graded:
            continue
        assert all(a.requires_grad for a, _, _ in graded), f"{what}: output does not require grad"
        their_total = sum((b * _weights(b, k)).sum() for _, b, k in graded)
        our_total = sum((a * from_torch(_weights(b, k))).sum() for a, b, k in graded)
        their_grads = torch.autograd.grad(their_total, their_wrt, allow_unused=True)
        our_grads = tensors.autograd.grad(our_total, our_wrt, allow_unused=True)
        for k, (g, h) in enumerate(zip(our_grads, their_grads)):
            if h is None:
                assert g is None or all(v == 0.0 for v in _numbers(g)), f"{what}: grad {k}"
                continue
            if g is None:  # no path from the input: a zero gradient
                assert all(v == 0.0 for v in _numbers(h)), f"{what}: no gradient for input {k}"
                continue
            # A zero gradient's sign is not compared here (the operator database's
            # replay, tensors.testing._replay, compares it): where PyTorch's kernel
            # sums into a zeroed buffer (0.0 + -0.0 is +0.0), the engine takes the
            # first term as it is.
            assert_same(g, h, f"{what} gradient {k}", grad_rtol, grad_atol, signed=False)
    return compared


def replay_errors(name: str, ours: Callable[..., Any]) -> int:
    """The entry's error inputs: ``ours`` raises the same type, with a message that
    PyTorch's pattern matches. Returns how many were compared."""
    op = opinfo(name)
    if op.error_inputs_func is None:
        return 0
    count = 0
    for error in op.error_inputs("cpu"):
        sample = error.sample_input
        x, args = _ours(sample.input), [_ours(a) for a in sample.args]
        kwargs = {k: _ours(v) for k, v in sample.kwargs.items()}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ours(x, *args, **kwargs)
        except Exception as e:  # noqa: BLE001 - the error is what is compared
            # torch.linalg.LinAlgError is torch._C._LinAlgError: compared by name.
            same = isinstance(e, error.error_type) or (
                type(e).__name__ == error.error_type.__name__.lstrip("_")
            )
            assert same, f"{name}: {type(e).__name__}: {e}"
            assert re.search(error.error_regex, str(e)), f"{name}: {e!r} !~ {error.error_regex!r}"
            count += 1
            continue
        raise AssertionError(f"{name}: no error for {sample} ({error.error_regex})")
    return count
