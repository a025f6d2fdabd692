"""Checkers for the lessons' exercises.

Each ``check_*`` takes the learner's answer, prints what is right or what is
wrong (with the numbers), and returns True when the answer is right. An answer
left as ``None`` prints a reminder instead of failing, so a lesson runs from
top to bottom before its exercises are done. Gradients are checked against the
project's engine (``autograd_scalar``) and against central differences; an
update written by hand, against the optimizer that makes it (``tensors.optim``).
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
            return _report(
                False, "", f"for {name} you get {got:.6f}, the derivative is {exact:.6f}."
            )
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
                return _report(
                    False, "", f"{name} at {xs}: value {out.data}, expected {ref_out.data}."
                )
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


def check_rule(
    rule: Callable[..., tuple], f: Callable[..., float], points: list, what: str
) -> bool:
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


def _flat(t: Any) -> list:
    return t.detach().reshape(-1).tolist()


def check_sgd_step(step: Callable[[list, float, float], None]) -> bool:
    """``step(params, lr, weight_decay)``: plain SGD written by hand, changing each
    parameter in place, against ``tensors.optim.SGD``'s ``step()`` on the same numbers."""
    if step is None:
        print(_TODO)
        return False
    import tensors as torch

    for lr, weight_decay in ((0.1, 0.0), (0.5, 0.01)):
        torch.manual_seed(1)
        mine = [torch.randn(3, requires_grad=True), torch.randn(2, 2, requires_grad=True)]
        ref = [p.detach().clone().requires_grad_() for p in mine]
        for m, r in zip(mine, ref):
            g = torch.randn(m.shape)
            m.grad, r.grad = g.clone(), g.clone()
        before = [_flat(p) for p in mine]
        step(mine, lr, weight_decay)
        torch.optim.SGD(ref, lr=lr, weight_decay=weight_decay).step()
        for m, r, b in zip(mine, ref, before):
            for k, (got, want) in enumerate(zip(_flat(m), _flat(r))):
                if not _close(got, want):
                    return _report(
                        False,
                        "",
                        f"with lr={lr}, weight_decay={weight_decay}, a parameter at {b[k]:.6f} "
                        f"with gradient {_flat(m.grad)[k]:.6f} went to {got:.6f}; "
                        f"SGD's step puts it at {want:.6f}.",
                    )
    return _report(True, "Your update moves every parameter where optim.SGD's step does.", "")


def check_loss_grad(dloss_dw: Callable[..., float]) -> bool:
    """``dloss_dw(neuron, X, target, j)``: the derivative of the mean binary cross-entropy
    of ``neuron(X)`` with respect to ``neuron.weight[0, j]``, worked out without
    ``backward()``, against the engine's ``backward()`` for two neurons and both weights."""
    if dloss_dw is None:
        print(_TODO)
        return False
    import tensors as torch
    from tensors.data import make_moons

    X, Y = make_moons(20, noise=0.1, seed=1)
    target = Y.float()
    for seed in (0, 1):
        torch.manual_seed(seed)
        neuron = torch.nn.Linear(2, 1)
        for j in (0, 1):
            mine = dloss_dw(neuron, X, target, j)
            if mine is None:
                print(_TODO)
                return False
            neuron.zero_grad()  # the learner's function may have run a backward of its own
            torch.nn.BCEWithLogitsLoss()(neuron(X).squeeze(1), target).backward()
            want = neuron.weight.grad[0, j].item()
            if not _close(float(mine), want):
                got = float(mine)
                return _report(
                    False, "", f"for weight[0, {j}] you get {got:.6f}, backward gives {want:.6f}."
                )
    return _report(True, "Your derivative agrees with backward() for every weight tried.", "")


def check_portable(l2_penalty: Callable[[Any, Any], Any], *libs: Any) -> bool:
    """``l2_penalty(lib, model)``: the sum of the squares of every parameter, written with
    PyTorch's API only, run on each library in ``libs`` (``None``, a library that is not
    installed, is passed over). Its value is checked against plain Python, its gradients
    against ``2 * p``, from each library's own ``backward()``."""
    if l2_penalty is None:
        print(_TODO)
        return False
    ran = []
    for lib in libs:
        if lib is None:
            continue
        lib.manual_seed(0)
        nn = lib.nn
        model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
        params = list(model.parameters())
        out = l2_penalty(lib, model)
        if out is None:
            print(_TODO)
            return False
        name = lib.__name__
        if not hasattr(out, "backward"):
            return _report(
                False,
                "",
                f"with {name} you return a {type(out).__name__}; "
                "return a tensor, so that backward() can run through it.",
            )
        want = math.fsum(x * x for p in params for x in _flat(p))
        # torch's parameters are float32: agree to 5 digits, not to the last one.
        if not math.isclose(out.item(), want, rel_tol=1e-5):
            return _report(
                False,
                "",
                f"with {name} you get {out.item():.6f}, the sum of squares is {want:.6f}.",
            )
        out.backward()
        for p in params:
            if p.grad is None:
                return _report(
                    False,
                    "",
                    f"with {name}, backward() reached no parameter: "
                    "the sum left the graph (.item(), .detach() or float()).",
                )
            for x, g in zip(_flat(p), _flat(p.grad)):
                if not math.isclose(g, 2 * x, rel_tol=1e-5, abs_tol=1e-7):
                    return _report(
                        False,
                        "",
                        f"with {name}, a parameter at {x:.6f} has gradient "
                        f"{g:.6f}; the derivative of x^2 is 2x = {2 * x:.6f}.",
                    )
        ran.append(name)
    if not ran:
        print("None of the libraries given is installed: nothing was checked.")
        return False
    note = "" if len(ran) == len(libs) else " (PyTorch is not installed: checked on tensors only.)"
    return _report(
        True,
        f"The same function runs on {' and '.join(ran)}, "
        "with the right value and gradients." + note,
        "",
    )


def check_cross_entropy(cross_entropy: Callable[[Any, Any], Any]) -> bool:
    """``cross_entropy(logits, target)``: the mean cross-entropy of each row of scores against
    its class, written with tensor operations, against ``nn.CrossEntropyLoss``: the value, then
    the gradient of the logits from ``backward()``; also for scores whose ``exp`` overflows."""
    if cross_entropy is None:
        print(_TODO)
        return False
    import tensors as torch

    torch.manual_seed(2)
    cases = [
        ("3 rows of 10 random scores", torch.randn(3, 10), torch.tensor([4, 0, 9])),
        ("one row with a sure right answer", torch.tensor([[8.0, -2.0, 0.5]]), torch.tensor([0])),
        (
            "scores in the hundreds",
            torch.tensor([[800.0, 750.0, -300.0], [-710.0, -720.0, -705.0]]),
            torch.tensor([1, 2]),
        ),
    ]
    for name, scores, target in cases:
        mine = scores.clone().requires_grad_()
        ref = scores.clone().requires_grad_()
        out = cross_entropy(mine, target)
        if out is None:
            print(_TODO)
            return False
        if not hasattr(out, "backward"):
            return _report(
                False,
                "",
                f"you return a {type(out).__name__}; "
                "return a tensor, so that backward() can run through it.",
            )
        want = torch.nn.CrossEntropyLoss()(ref, target)
        if out.numel() != 1 or not _close(out.item(), want.item()):
            got = f"{out.item():.6f}" if out.numel() == 1 else f"{out.numel()} numbers"
            hint = " (exp of a large score overflows: subtract each row's largest score)"
            overflow = out.numel() == 1 and not math.isfinite(out.item())
            return _report(
                False,
                "",
                f"for {name} you get {got}, the loss is {want.item():.6f}"
                + (hint if overflow else "")
                + ".",
            )
        if out.requires_grad:
            out.backward()
        want.backward()
        if mine.grad is None:
            return _report(
                False,
                "",
                f"for {name}, backward() did not reach the logits: "
                "the loss left the graph (.item(), .tolist() or float()).",
            )
        for k, (got, exp) in enumerate(zip(_flat(mine.grad), _flat(ref.grad))):
            if not _close(got, exp):
                row, col = divmod(k, scores.shape[1])
                return _report(
                    False,
                    "",
                    f"for {name}, the gradient of logit [{row}, {col}] is {got:.6f}; "
                    f"CrossEntropyLoss's backward gives {exp:.6f}.",
                )
    return _report(True, "Your loss and its gradients agree with nn.CrossEntropyLoss.", "")
