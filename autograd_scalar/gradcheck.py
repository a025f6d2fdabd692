"""Check analytic gradients against central differences.

>>> from autograd_scalar import gradcheck
>>> gradcheck(lambda x, y: x * y.exp(), [0.5, -1.0])
True
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Callable, Sequence

from .engine import grad
from .grad_mode import no_grad
from .value import Value


class GradcheckError(RuntimeError, AssertionError):
    """Raised by :func:`gradcheck` with a list of every mismatching input.

    A RuntimeError, as PyTorch's ``GradcheckError`` is (and an AssertionError,
    as a failed check in a test reads)."""


def numerical_grad(fn: Callable[..., Any], inputs: Sequence[float], eps: float = 1e-6) -> list:
    """Central differences ``(f(x + eps) - f(x - eps)) / 2eps`` for each input.

    >>> numerical_grad(lambda x: x * x, [3.0])[0]   # close to 6
    6.000000000...
    """
    xs = [_number(x) for x in inputs]
    result = []
    with no_grad():
        for i in range(len(xs)):
            up = list(xs)
            down = list(xs)
            up[i] += eps
            down[i] -= eps
            f_up = _data(fn(*[Value(v, requires_grad=False) for v in up]))
            f_down = _data(fn(*[Value(v, requires_grad=False) for v in down]))
            result.append((f_up - f_down) / (2 * eps))
    return result


def gradcheck(
    fn: Callable[..., Any],
    inputs: Sequence[Any],
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
) -> bool:
    """True when ``fn``'s analytic gradient matches central differences at ``inputs``.

    ``fn`` takes one Value per input and returns a Value. Otherwise raises
    :class:`GradcheckError`, which lists each mismatch (input index, analytic,
    numerical).

    >>> gradcheck(lambda a, b: (a * b).tanh(), [0.3, 0.7])
    True
    """
    xs = [_number(x) for x in inputs]
    leaves = [Value(x) for x in xs]
    out = fn(*leaves)
    if not isinstance(out, Value) or not out.requires_grad:
        analytic = [0.0] * len(xs)
    else:
        analytic = [0.0 if g is None else g for g in grad(out, leaves, allow_unused=True)]
    numerical = numerical_grad(fn, xs, eps)
    bad = []
    for i, (a, n) in enumerate(zip(analytic, numerical)):
        if not (math.isclose(a, n, rel_tol=rtol, abs_tol=atol) or (a == n)):
            bad.append(f"  input {i}: analytic {a!r}, numerical {n!r}")
    if bad:
        raise GradcheckError(
            f"Jacobian mismatch at inputs {xs!r} (atol={atol}, rtol={rtol}):\n" + "\n".join(bad)
        )
    return True


def _number(x: Any) -> float:
    # A Value's data, or any real number (a NumPy scalar too) as a float.
    if isinstance(x, Value):
        return x.data
    if isinstance(x, numbers.Real):
        return float(x)
    raise TypeError(f"gradcheck inputs must be numbers or Values, got {type(x).__name__}")


def _data(x: Any) -> float:
    return x.data if isinstance(x, Value) else float(x)
