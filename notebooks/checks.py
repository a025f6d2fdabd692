"""Checkers for the lessons' exercises.

Each ``check_*`` takes the learner's answer (a number, a function or a class),
prints "Right! ..." or "Not yet: ..." and returns True or False. A checker
works out the expected answer itself, on inputs it chooses (some of them
random, so that no answer can be written down in advance), and never prints
it: a wrong answer gets what was wrong with it and a hint. An answer left as
``None`` prints a reminder instead, so a lesson runs from top to bottom
before its exercises are done. Where an exercise forbids a tool (``backward()``,
an optimizer, the engine's own class, ``F.cross_entropy``), the checker
watches the learner's code run and refuses an answer that used it.
"""

from __future__ import annotations

import math
import random
from typing import Any

from _exercise import (
    Forbid,
    NotYet,
    Todo,
    call,
    checker,
    close,
    fmt,
    no_backward,
    number,
    package_dir,
    tensor,
)

import autograd_scalar
from autograd_scalar import Value, numerical_grad
from autograd_scalar.ops import OPS

_ENGINE = package_dir(autograd_scalar)


def _tensors() -> Any:
    import tensors

    return tensors


# -- lesson 00 -------------------------------------------------------------------


@checker
def check_chain_rule(dL_da: Any) -> str:
    """dL/da for L = (a * b + c) * f at a = 2, b = -3, c = 10, f = -2, worked out by hand."""
    got = number(dL_da, "dL_da")
    a, b, c, f = (Value(x) for x in (2.0, -3.0, 10.0, -2.0))
    L = (a * b + c) * f
    L.backward()
    if not close(got, a.grad):
        hint = "follow the chain from L back to a, one local derivative per step"
        for name, v in (("b", b), ("c", c), ("f", f)):
            if close(got, v.grad):
                hint = f"that is dL/d{name}; a's path goes through e = a * b"
        raise NotYet(f"dL/da is not {got:g}: {hint}.")
    return f"dL/da = dL/de * de/da = f * b = {a.grad:g}."


_CURVES = [
    ("3x^2 - 4x + 5", lambda x: 3 * x**2 - 4 * x + 5, lambda x: 6 * x - 4, (-3.0, 3.0)),
    ("sin x", math.sin, math.cos, (-3.0, 3.0)),
    ("e^x", math.exp, math.exp, (-2.0, 2.0)),
    ("x^3", lambda x: x**3, lambda x: 3 * x * x, (-2.0, 2.0)),
    ("1 / x", lambda x: 1 / x, lambda x: -1 / x**2, (0.5, 2.0)),
]


@checker
def check_nudge(slope: Any) -> str:
    """``slope(f, x)``: a derivative by nudging, against exact derivatives, on curves and at
    points the checker picks (at random)."""
    rng = random.Random()
    forbid = Forbid(
        "nudge f with numbers; the engine is not needed here.",
        files=[_ENGINE, package_dir(_tensors())],
    )
    for name, f, exact, (lo, hi) in _CURVES:
        x = round(rng.uniform(lo, hi), 3)
        got = number(call(slope, "slope", (f, x), forbid), f"slope(f, {x}) for f(x) = {name}")
        want = exact(x)
        if not math.isclose(got, want, rel_tol=1e-4, abs_tol=1e-6):
            off = abs(got - want) / max(abs(want), 1e-6)
            hint = (
                "close, but not to 4 digits: nudge both ways, with a smaller step"
                if off < 0.05
                else "divide the change in f by the change in x"
            )
            raise NotYet(f"for f(x) = {name} at x = {x}, slope gives {got:.6f}: {hint}.")
    return "Your nudges agree with the exact derivatives to 4 digits, on every curve tried."


_EXPRESSIONS = [
    ("(a - b).exp()", lambda a, b: (a - b).exp()),
    ("(a * b - a).exp() * b", lambda a, b: (a * b - a).exp() * b),
    ("(a - a).exp() + b", lambda a, b: (a - a).exp() + b),
]


@checker
def check_value_class(MyValue: Any) -> str:
    """The learner's Value class with ``__sub__`` and ``exp``: values and gradients of a few
    expressions, against ``autograd_scalar.Value`` and against central differences."""
    if MyValue is None:
        raise Todo
    if not isinstance(MyValue, type):
        raise NotYet(f"MyValue is a {type(MyValue).__name__}; pass the class itself (no brackets).")
    borrowed = [
        base
        for base in MyValue.__mro__
        if base.__module__.split(".")[0] in ("autograd_scalar", "tensors", "micrograd", "torch")
    ]
    if borrowed:
        raise NotYet(
            f"{borrowed[0].__module__}.{borrowed[0].__name__} is not your class: copy the "
            "lesson's Value and give it __sub__ and exp yourself."
        )
    forbid = Forbid(
        "the class must compute on its own, not through this project's engine.",
        files=[_ENGINE, package_dir(_tensors())],
        c_modules=["torch"],
    )
    rng = random.Random()
    pairs = [[0.5, -1.0], [1.5, 2.0], [round(rng.uniform(-2, 2), 3), round(rng.uniform(-2, 2), 3)]]
    for name, expr in _EXPRESSIONS:
        for xs in pairs:

            def run(expr: Any = expr, xs: list = xs) -> tuple:
                mine = [MyValue(x) for x in xs]
                out = expr(*mine)
                out.backward()
                return out.data, [m.grad for m in mine]

            data, grads = call(run, "MyValue", (), forbid, hint="give the class __sub__ and exp")
            ref = [Value(x) for x in xs]
            ref_out = expr(*ref)
            ref_out.backward()
            numeric = numerical_grad(lambda *vs, e=expr: e(*vs), xs)
            where = f"{name} at a, b = {xs}"
            if not close(number(data, f"the data of {name}"), ref_out.data):
                raise NotYet(f"{where}: your value is {fmt(data)}, which is not e^(...) of it.")
            for k, (g, r, n) in enumerate(zip(grads, ref, numeric)):
                g = number(g, f"the grad of {'ab'[k]}")
                if not close(g, r.grad):
                    raise NotYet(
                        f"{where}: your d/d{'ab'[k]} is {g:.6f}, which nudging {'ab'[k]} "
                        "does not confirm (a Value used twice must collect both shares: +=)."
                    )
    return "Your sub and exp agree with the engine and with nudging."


# -- lesson 01 -------------------------------------------------------------------


def _bce_problem(rng: random.Random) -> tuple:
    torch = _tensors()
    x = torch.tensor([round(rng.uniform(-1, 1), 3) for _ in range(5)])
    y = torch.tensor([float(rng.random() < 0.5) for _ in range(3)])
    w = torch.tensor([[rng.gauss(0, 1) for _ in range(3)] for _ in range(5)], requires_grad=True)
    b = torch.tensor([rng.gauss(0, 1) for _ in range(3)], requires_grad=True)
    z = torch.matmul(x, w) + b
    torch.nn.functional.binary_cross_entropy_with_logits(z, y).backward()
    return x, y, w, b, z.detach()


@checker
def check_bias_grad(b_grad_1: Any) -> str:
    """``b_grad_1(z, y)``: the gradient of the tutorial's loss with respect to ``b[1]``, from
    ``z`` and ``y`` alone, on random problems of the tutorial's shapes."""
    rng = random.Random()
    for _ in range(3):
        x, y, w, b, z = _bce_problem(rng)
        got = call(b_grad_1, "b_grad_1", (z, y), no_backward("use the formula"))
        got = number(got, "b_grad_1(z, y)")
        if not close(got, b.grad[1].item()):
            raise NotYet(
                f"for z = {fmt(z.tolist())} and y = {fmt(y.tolist())}, b_grad_1 gives "
                f"{got:.6f}, which is not b.grad[1] (the loss is a mean over 3 outputs)."
            )
    return "b.grad[1] = (sigmoid(z[1]) - y[1]) / 3, for every problem tried."


@checker
def check_weight_grad(w_grad: Any) -> str:
    """``w_grad(x, b_grad)``: the tutorial's ``w.grad`` from ``x`` and ``b.grad``, on random
    inputs (not all ones)."""
    rng = random.Random()
    for _ in range(3):
        x, y, w, b, z = _bce_problem(rng)
        got = call(w_grad, "w_grad", (x, b.grad.clone()), no_backward("use x and b.grad"))
        got = tensor(got, "w_grad(x, b_grad)", (5, 3))
        for k, (g, want) in enumerate(zip(got, w.grad.reshape(-1).tolist())):
            if not close(g, want):
                i, j = divmod(k, 3)
                raise NotYet(
                    f"for x = {fmt(x.tolist())}, your w_grad[{i}, {j}] is {g:.6f}, which is "
                    f"not w.grad[{i}, {j}]: w[{i}, {j}] reaches the loss only through "
                    f"x[{i}] * w[{i}, {j}], added into z[{j}]."
                )
    return "w.grad[i, j] = x[i] * b.grad[j]; with x all ones, every row is b.grad."


# -- lesson 02 -------------------------------------------------------------------

# Where each op's rule is checked: points the checker draws, inside the op's domain.
_DOMAINS = {
    "div": lambda r: (r.uniform(-3, 3), r.choice((-1, 1)) * r.uniform(0.5, 3)),
    "mul": lambda r: (r.uniform(-3, 3), r.uniform(-3, 3)),
    "sub": lambda r: (r.uniform(-3, 3), r.uniform(-3, 3)),
    "exp": lambda r: (r.uniform(-2, 2),),
    "log": lambda r: (r.uniform(0.2, 3),),
    "tanh": lambda r: (r.uniform(-2, 2),),
}


@checker
def check_rule(rule: Any, op: str) -> str:
    """``rule(*xs)``: the local derivatives of the engine's op ``op`` written by hand, one per
    input, each a number, against the engine's table and central differences."""
    row = OPS[op]
    rng = random.Random()
    points = [tuple(round(v, 3) for v in _DOMAINS[op](rng)) for _ in range(4)]
    forbid = Forbid(
        "write the derivatives yourself, not the engine's rule.",
        files=[_ENGINE],
        c_modules=["torch"],
    )
    name = getattr(rule, "__name__", "rule")
    for xs in points:
        got = call(rule, name, xs, forbid)
        if not isinstance(got, (tuple, list)):
            raise NotYet(
                f"{name}{xs} returns a {type(got).__name__}; return a tuple of {len(xs)} "
                "numbers, one derivative per input: (d/da, d/db)."
            )
        if len(got) != len(xs):
            raise NotYet(
                f"{name}{xs} returns {len(got)} derivative(s); {op} has {len(xs)} inputs, "
                "so give one derivative per input, in order."
            )
        want = row.backward(row.forward(*xs), *xs)
        numeric = numerical_grad(lambda *vs: row.forward(*vs), list(xs))
        for k, (g, w, n) in enumerate(zip(got, want, numeric)):
            g = number(g, f"derivative {k} of {name}{xs}")
            if not (close(g, w, 1e-9) and math.isclose(g, n, rel_tol=1e-4, abs_tol=1e-6)):
                raise NotYet(
                    f"at {xs}, derivative {k} (with respect to input {k}) is {g:.6f}, "
                    "which nudging that input does not confirm."
                )
    return f"Your local derivatives of {op} agree with the engine's rule and with nudging."


def _neuron(x1: float, x2: float, w1: float, w2: float, b: float) -> float:
    return math.tanh(x1 * w1 + x2 * w2 + b)


@checker
def check_first_order(change: Any) -> str:
    """``change(x, dx)``: the first-order estimate of how far ``o`` moves when the Value ``x``
    grows by ``dx``, from ``x.grad`` alone (after ``o.backward()``), on a random neuron."""
    rng = random.Random()
    numbers_ = [round(rng.uniform(-1.5, 1.5), 3) for _ in range(5)]
    inputs = [Value(v) for v in numbers_]
    x1, x2, w1, w2, b = inputs
    o = Value.sum([x1 * w1, x2 * w2, b]).tanh()
    o.backward()
    forbid = Forbid("no new forward pass and no backward: use x.grad.", files=[_ENGINE])
    for k, dx in ((0, 0.01), (2, -0.05), (4, 0.2)):
        got = number(call(change, "change", (inputs[k], dx), forbid), "change(x, dx)")
        moved = list(numbers_)
        moved[k] += dx
        exact = _neuron(*moved) - o.data
        if not close(got, inputs[k].grad * dx, 1e-9):
            hint = "multiply the gradient by the nudge"
            if close(got, exact, 1e-9):
                hint = "that is the exact change; the exercise asks for the gradient's estimate"
            raise NotYet(f"change(x, {dx}) gives {got:.6f} on a neuron of the checker's: {hint}.")
    x = [2.0, 0.0, -3.0, 1.0, 6.8813735870195432]
    moved = [2.01] + x[1:]
    lesson = [Value(v) for v in x]
    lo = Value.sum([lesson[0] * lesson[2], lesson[1] * lesson[3], lesson[4]]).tanh()
    lo.backward()
    return (
        f"In the lesson's neuron, x1 + 0.01 moves o by {_neuron(*moved) - lo.data:.5f}; "
        f"the gradient estimates {lesson[0].grad * 0.01:.5f} (the gap is second order in dx)."
    )


# -- lesson 03 -------------------------------------------------------------------


@checker
def check_broadcast_grad(c_grad: Any) -> str:
    """``c_grad(rows, cols)``: each element of ``c.grad`` for ``(c + q).sum()``, ``c`` a column of
    ``rows`` and ``q`` a row of ``cols``, worked out without running anything."""
    torch = _tensors()
    rng = random.Random()
    forbid = Forbid("work it out from the shapes; no tensor code.", files=[package_dir(torch)])
    for rows, cols in ((4, 5), (rng.randint(1, 6), rng.randint(1, 9)), (3, 1)):
        got = number(call(c_grad, "c_grad", (rows, cols), forbid), f"c_grad({rows}, {cols})")
        c = torch.zeros(rows, 1, requires_grad=True)
        q = torch.zeros(cols, requires_grad=True)
        (c + q).sum().backward()
        if not close(got, c.grad[0, 0].item()):
            raise NotYet(
                f"for c of shape ({rows}, 1) and q of shape ({cols},), c_grad gives {got:g}: "
                "count the sums each c[i, 0] is added into."
            )
    return "c[i, 0] is added into every element of row i of c + q: one 1 back from each."


@checker
def check_matmul_grad(a_grad: Any) -> str:
    """``a_grad(A, B)``: ``A.grad`` after ``(A @ B).sum().backward()``, without ``backward()``,
    for random shapes and numbers."""
    torch = _tensors()
    rng = random.Random()
    for m, n, p in ((2, 2, 1), (rng.randint(1, 4), rng.randint(1, 4), rng.randint(2, 4))):
        A = torch.tensor([[round(rng.uniform(-2, 2), 2) for _ in range(n)] for _ in range(m)])
        B = torch.tensor([[round(rng.uniform(-2, 2), 2) for _ in range(p)] for _ in range(n)])
        A.requires_grad_()
        (A @ B).sum().backward()
        got = call(a_grad, "a_grad", (A.detach(), B), no_backward("use B"))
        got = tensor(got, f"a_grad(A, B) for A {m}x{n}, B {n}x{p}", (m, n))
        for k, (g, want) in enumerate(zip(got, A.grad.reshape(-1).tolist())):
            if not close(g, want):
                i, j = divmod(k, n)
                raise NotYet(
                    f"for A {m}x{n} and B = {B.tolist()}, your a_grad[{i}, {j}] is {g:g}: "
                    f"A[{i}, {j}] multiplies B[{j}, k] in C[{i}, k], for every column k."
                )
    return "A.grad[i, j] is the sum of row j of B: that is ones @ B^T."


from _checks_gpt import check_causal_head, check_gpt_parameters  # noqa: E402  (lesson 10)
from _checks_training import (  # noqa: E402  (lessons 04-09)
    check_adam_step,
    check_cross_entropy,
    check_linear_backward,
    check_loss_grad,
    check_multiplications,
    check_portable,
    check_second_derivative,
    check_sgd_step,
    check_step_size,
    check_training_step,
)

__all__ = [
    "check_chain_rule",
    "check_nudge",
    "check_value_class",
    "check_bias_grad",
    "check_weight_grad",
    "check_rule",
    "check_first_order",
    "check_broadcast_grad",
    "check_matmul_grad",
    "check_sgd_step",
    "check_loss_grad",
    "check_adam_step",
    "check_second_derivative",
    "check_multiplications",
    "check_portable",
    "check_step_size",
    "check_cross_entropy",
    "check_linear_backward",
    "check_training_step",
    "check_causal_head",
    "check_gpt_parameters",
]
