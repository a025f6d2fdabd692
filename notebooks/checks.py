"""Checkers for the lessons' exercises.

Each ``check_*`` takes the learner's answer, prints what is right or what is
wrong (with the numbers), and returns True when the answer is right. An answer
left as ``None`` prints a reminder instead of failing, so a lesson runs from
top to bottom before its exercises are done. Gradients are checked against the
project's engine (``autograd_scalar``) and against central differences.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from autograd_scalar import Value, numerical_grad

_TODO = "Not answered yet: write your answer in the cell above, run it, then run this cell again."


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _report(ok: bool, right: str, wrong: str) -> bool:
    print(("Right! " + right) if ok else ("Not yet. " + wrong))
    return ok


def check_number(answer: Any, expected: float, what: str) -> bool:
    """A number worked out by hand, against the engine's."""
    if answer is None:
        print(_TODO)
        return False
    ok = _close(float(answer), expected)
    return _report(ok, f"{what} = {expected:g}.", f"{what} is not {answer!r}; try again.")


def check_nudge(slope: Callable[[Callable[[float], float], float], float]) -> bool:
    """``slope(f, x)``: a derivative by nudging, against exact derivatives."""
    if slope is None:
        print(_TODO)
        return False
    cases = [
        ("3x^2 - 4x + 5 at x = 3", lambda x: 3 * x**2 - 4 * x + 5, 3.0, 14.0),
        ("sin x at x = 1", math.sin, 1.0, math.cos(1.0)),
        ("e^x at x = -2", math.exp, -2.0, math.exp(-2.0)),
    ]
    for name, f, x, exact in cases:
        got = slope(f, x)
        if not math.isclose(got, exact, rel_tol=1e-4, abs_tol=1e-6):
            return _report(False, "", f"for {name} you get {got:.6f}, the derivative is {exact:.6f}.")
    return _report(True, "Your nudges agree with the exact derivatives to 4 digits.", "")


def check_value_class(MyValue: type) -> bool:
    """The learner's Value class with ``__sub__`` and ``exp``: values and gradients of a few
    expressions, against ``autograd_scalar.Value`` and against central differences."""
    if MyValue is None:
        print(_TODO)
        return False
    exprs = [
        ("(a - b).exp()", lambda a, b: (a - b).exp()),
        ("(a * b - a).exp() * b", lambda a, b: (a * b - a).exp() * b),
        ("(a - a).exp() + b", lambda a, b: (a - a).exp() + b),
    ]
    for name, expr in exprs:
        for xs in ([0.5, -1.0], [1.5, 2.0]):
            mine = [MyValue(x) for x in xs]
            out = expr(*mine)
            out.backward()
            ref = [Value(x, requires_grad=True) for x in xs]
            ref_out = expr(*ref)
            ref_out.backward()
            numeric = numerical_grad(lambda *vs, e=expr: e(*vs), xs)
            if not _close(out.data, ref_out.data):
                return _report(False, "", f"{name} at {xs}: value {out.data}, expected {ref_out.data}.")
            for k, (m, r, n) in enumerate(zip(mine, ref, numeric)):
                if not _close(m.grad, r.grad):
                    var = "ab"[k]
                    return _report(
                        False,
                        "",
                        f"{name} at a, b = {xs}: d/d{var} is {m.grad}, the engine says {r.grad} "
                        f"(nudging says {n:.6f}).",
                    )
    return _report(True, "Your sub and exp agree with the engine and with nudging.", "")


def check_rule(rule: Callable[..., tuple], f: Callable[..., float], points: list, what: str) -> bool:
    """Local derivatives written by hand, ``rule(*xs) -> (df/dx0, df/dx1, ...)``, against
    central differences of ``f`` at each of ``points``."""
    if rule is None:
        print(_TODO)
        return False
    for xs in points:
        mine = rule(*xs)
        if mine is None:
            print(_TODO)
            return False
        numeric = numerical_grad(f, list(xs))
        for k, (m, n) in enumerate(zip(mine, numeric)):
            if not math.isclose(m, n, rel_tol=1e-4, abs_tol=1e-6):
                return _report(
                    False, "", f"{what} at {list(xs)}: derivative {k} is {m}, nudging says {n:.6f}."
                )
    return _report(True, f"Your local derivatives of {what} agree with nudging.", "")
