"""Run one program on tensors and on torch (float64) and compare everything.

``check(program, *inputs, ulps=0)``: each input is a nested list of numbers (a
float64 leaf that requires grad), ``("long", [...])`` / ``("bool", [...])`` (an
integer or bool tensor), or any other object (passed as is). The program gets
the library as its first argument. Compared: the error (type and message), or
else every output's shape, dtype, numbers (nan where nan, the sign of a zero),
``requires_grad`` and ``grad_fn`` name, then the gradients of a weighted sum
of the floating outputs with respect to every leaf (``ulps``: how many units in
the last place the numbers may differ, for functions whose last digit depends
on the C library).
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Callable

import tensors

_KINDS = {"long": "int64", "bool": "bool", "float": "float32"}


def _leaf(lib: Any, x: Any) -> Any:
    if isinstance(x, tuple) and len(x) == 2 and x[0] in _KINDS:
        return lib.tensor(x[1], dtype=getattr(lib, _KINDS[x[0]]))
    if isinstance(x, list) or isinstance(x, float):
        return lib.tensor(x, dtype=lib.float64, requires_grad=True)
    return x


def _flat_outputs(out: Any) -> list:
    if isinstance(out, (tuple, list)):
        found = []
        for o in out:
            found += _flat_outputs(o)
        return found
    return [out]


def _run(lib: Any, program: Callable, inputs: tuple) -> tuple:
    leaves = [_leaf(lib, x) for x in inputs]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return leaves, _flat_outputs(program(lib, *leaves)), None
        except Exception as error:  # noqa: BLE001 - the error is the outcome compared
            return leaves, None, (type(error).__name__, str(error))


def _numbers(t: Any) -> list:
    if isinstance(t, tensors.Tensor):
        return [float(v.data) for v in t.values()]
    try:
        return [float(v) for v in t.detach().reshape(-1).tolist()]
    except RuntimeError:  # torch's zero gradient without storage
        return [0.0] * t.numel()


def _same_number(x: float, y: float, ulps: int) -> bool:
    if y != y:
        return x != x
    if x == y:
        return math.copysign(1.0, x) == math.copysign(1.0, y) or ulps > 0
    if ulps and math.isfinite(x) and math.isfinite(y):
        return abs(x - y) <= ulps * math.ulp(max(abs(x), abs(y)))
    return False


def assert_same_tensor(ours: Any, theirs: Any, ulps: int = 0, what: str = "") -> None:
    """Shape, dtype and numbers of a tensors.Tensor against a torch.Tensor."""
    assert tuple(ours.shape) == tuple(theirs.shape), (what, ours.shape, theirs.shape)
    assert ours.dtype.name == str(theirs.dtype).replace("torch.", ""), (what, ours.dtype)
    xs, ys = _numbers(ours), _numbers(theirs)
    bad = [(i, x, y) for i, (x, y) in enumerate(zip(xs, ys)) if not _same_number(x, y, ulps)]
    assert not bad, (what, bad[:5])


def check(program: Callable, *inputs: Any, ulps: int = 0, grad_ulps: int = -1) -> None:
    import torch

    ours_in, ours, ours_error = _run(tensors, program, inputs)
    theirs_in, theirs, theirs_error = _run(torch, program, inputs)
    assert ours_error == theirs_error, (ours_error, theirs_error)
    if theirs_error:
        return
    assert len(ours) == len(theirs)
    weighted_ours, weighted_theirs = [], []
    for k, (o, t) in enumerate(zip(ours, theirs)):
        if not isinstance(t, torch.Tensor):
            assert o == t, (k, o, t)
            continue
        assert_same_tensor(o, t, ulps, f"output {k}")
        assert o.requires_grad == t.requires_grad, (k, o.requires_grad)
        assert type(o.grad_fn).__name__ == type(t.grad_fn).__name__, (k, o.grad_fn, t.grad_fn)
        if t.requires_grad and t.dtype.is_floating_point and t.numel():
            w = [0.5 + i / 7 for i in range(t.numel())]
            weighted_theirs.append((t * torch.tensor(w, dtype=t.dtype).reshape(t.shape)).sum())
            wo = tensors.tensor(w, dtype=o.dtype).reshape(tuple(o.shape))
            weighted_ours.append((o * wo).sum())
    leaves_t = [x for x in theirs_in if isinstance(x, torch.Tensor) and x.requires_grad]
    leaves_o = [x for x in ours_in if isinstance(x, tensors.Tensor) and x.requires_grad]
    if not weighted_theirs or not leaves_t:
        return
    gt = torch.autograd.grad(sum(weighted_theirs), leaves_t, allow_unused=True)
    go = tensors.autograd.grad(sum(weighted_ours), leaves_o, allow_unused=True)
    for k, (a, b) in enumerate(zip(go, gt)):
        if b is None:
            assert a is None or all(v == 0.0 for v in _numbers(a)), (k, a)
            continue
        assert a is not None, (k, "no gradient")
        assert_same_tensor(a, b, ulps if grad_ulps < 0 else grad_ulps, f"gradient {k}")
