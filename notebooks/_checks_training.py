"""Checkers for lessons 04-09 (training, higher derivatives, PyTorch, digits, matrices, an MLP); ``checks``
re-exports them. See ``checks.py`` for what every checker promises."""

from __future__ import annotations

import math
import random
import sys
from typing import Any

from _exercise import (
    Forbid,
    NotYet,
    Todo,
    call,
    checker,
    close,
    is_tensor,
    no_backward,
    number,
    package_dir,
    tensor,
)

import autograd_scalar


def _tensors() -> Any:
    import tensors

    return tensors


# -- lesson 04 -------------------------------------------------------------------


def _no_optim() -> Forbid:
    torch = _tensors()
    return Forbid(
        "write the update yourself; torch.optim is what it is compared with.",
        files=[package_dir(torch.optim)],
        c_modules=["torch.optim"],
    )


def _flat(t: Any) -> list:
    return t.detach().reshape(-1).tolist()


@checker
def check_sgd_step(sgd_step: Any) -> str:
    """``sgd_step(params, lr, weight_decay)``: plain SGD written by hand, changing each
    parameter in place, against ``tensors.optim.SGD``'s ``step()`` on the same numbers."""
    torch = _tensors()
    rng = random.Random()
    for lr, weight_decay in ((0.1, 0.0), (round(rng.uniform(0.1, 1), 2), 0.01)):
        torch.manual_seed(rng.randrange(1000))
        mine = [torch.randn(3, requires_grad=True), torch.randn(2, 2, requires_grad=True)]
        ref = [p.detach().clone().requires_grad_() for p in mine]
        for m, r in zip(mine, ref):
            g = torch.randn(m.shape)
            m.grad, r.grad = g.clone(), g.clone()
        before = [_flat(p) for p in mine]
        call(sgd_step, "sgd_step", (mine, lr, weight_decay), _no_optim(), returns=False)
        torch.optim.SGD(ref, lr=lr, weight_decay=weight_decay).step()
        if all(_flat(m) == b for m, b in zip(mine, before)):
            raise NotYet(
                "your step left every parameter where it was: change each p in place "
                "(p -= ... under torch.no_grad()), not a new name for it."
            )
        for m, r, b in zip(mine, ref, before):
            for k, (got, want) in enumerate(zip(_flat(m), _flat(r))):
                if not close(got, want):
                    hint = (
                        "" if weight_decay == 0 else " (weight decay adds weight_decay * p first)"
                    )
                    raise NotYet(
                        f"with lr={lr}, weight_decay={weight_decay}, a parameter at {b[k]:.6f} "
                        f"with gradient {_flat(m.grad)[k]:.6f} went to {got:.6f}, which is not "
                        f"where SGD's step puts it{hint}."
                    )
    return "Your update moves every parameter where optim.SGD's step does."


@checker
def check_loss_grad(dloss_dw: Any) -> str:
    """``dloss_dw(neuron, X, target, j)``: the derivative of the mean binary cross-entropy
    of ``neuron(X)`` with respect to ``neuron.weight[0, j]``, worked out without
    ``backward()``, against the engine's ``backward()`` for two neurons and both weights."""
    torch = _tensors()
    from tensors.data import make_moons

    rng = random.Random()
    X, Y = make_moons(20, noise=0.1, seed=rng.randrange(1000))
    target = Y.float()
    for seed in (rng.randrange(1000), rng.randrange(1000)):
        torch.manual_seed(seed)
        neuron = torch.nn.Linear(2, 1)
        torch.nn.BCEWithLogitsLoss()(neuron(X).squeeze(1), target).backward()
        grads = neuron.weight.grad[0].tolist()
        neuron.zero_grad()
        for j in (0, 1):
            got = call(dloss_dw, "dloss_dw", (neuron, X, target, j), no_backward("use the formula"))
            got = number(got, "dloss_dw(neuron, X, target, j)")
            if not close(got, grads[j]):
                hint = ""
                if close(got, grads[j] * len(X)):
                    hint = ": that is a sum over the points; the loss is their mean"
                raise NotYet(
                    f"for weight[0, {j}] of a neuron of the checker's you get {got:.6f}, "
                    f"which is not what backward() gives{hint}."
                )
    return "Your derivative agrees with backward() for every weight tried."


@checker
def check_adam_step(adam_step: Any) -> str:
    """``adam_step(p, g, lr)``: where Adam's first step puts a parameter at ``p`` with the
    gradient ``g``, against ``optim.Adam``, for gradients from tiny to huge."""
    torch = _tensors()
    rng = random.Random()
    cases = [(1.0, -3.0, 0.05), (round(rng.uniform(-2, 2), 3), -300.0, 0.01)]
    cases += [(0.5, 2e-9, 0.1), (round(rng.uniform(-2, 2), 3), round(rng.uniform(0.1, 5), 3), 0.2)]
    for p0, g, lr in cases:
        p = torch.tensor([p0], requires_grad=True)
        p.grad = torch.tensor([g])
        torch.optim.Adam([p], lr=lr).step()
        got = number(call(adam_step, "adam_step", (p0, g, lr), _no_optim()), "adam_step(p, g, lr)")
        if not close(got, p.item(), 1e-9):
            hint = ""
            if abs(g) < 1e-6:
                hint = ": for a tiny gradient, the epsilon in the denominator matters"
            raise NotYet(
                f"for p = {p0}, g = {g}, lr = {lr} you get {got!r}, which is not where "
                f"Adam's first step puts it{hint}."
            )
    return "Adam's first step is lr * g / (|g| + eps): about lr, whatever the gradient's size."


# -- lesson 05 -------------------------------------------------------------------

_SECOND = [
    ("t ** 4", lambda t: t**4, lambda t: 12 * t * t),
    ("t.sin() * t", lambda t: t.sin() * t, lambda t: 2 * math.cos(t) - t * math.sin(t)),
    ("(t * t).exp()", lambda t: (t * t).exp(), lambda t: (2 + 4 * t * t) * math.exp(t * t)),
    ("t.tanh()", lambda t: t.tanh(), lambda t: -2 * math.tanh(t) * (1 - math.tanh(t) ** 2)),
]


@checker
def check_second_derivative(second_derivative: Any) -> str:
    """``second_derivative(f, t)``: f''(t) by two calls of ``autograd.grad``, for functions and
    points the checker picks, against the exact second derivatives."""
    torch = _tensors()
    rng = random.Random()
    forbid = Forbid(
        "use torch.autograd.grad twice, not the functional API.",
        files=[package_dir(torch) + "autograd" + "/functional.py"],
    )
    for name, f, exact in _SECOND:
        t = rng.randint(-48, 48) / 32
        got = call(second_derivative, "second_derivative", (f, t), forbid)
        got = number(got, f"second_derivative(f, {t})")
        want = exact(t)
        if not close(got, want, 1e-9, 1e-12):
            hint = "differentiate f once with create_graph=True, then differentiate that"
            if close(got, want, 1e-3, 1e-6):
                hint = "close but not exact (a nudged estimate?): " + hint
            raise NotYet(f"for f(t) = {name} at t = {t} you get {got:.8f}: {hint}.")
    return "Your second derivatives are exact, for every function tried."


# -- lesson 06 -------------------------------------------------------------------


def _products(lib: Any, sizes: list) -> int:
    """The multiplications one point makes through Linear layers of ``sizes`` (Tanh between),
    counted in the scalar graph: each dot node multiplies half its inputs by the other half."""
    nn = lib.nn
    layers: list = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        layers += [nn.Linear(n_in, n_out), nn.Tanh()]
    out = nn.Sequential(*layers[:-1])(lib.randn(1, sizes[0]))
    count = 0
    for v in autograd_scalar.topological_order(out.values()):
        if v.op is not None and v.op.name == "dot":
            count += len(v.parents) // 2
        elif v.op is not None and v.op.name == "mul":
            count += 1
    return count


@checker
def check_multiplications(multiplications: Any) -> str:
    """``multiplications(sizes)``: how many multiplications one point makes through a network of
    Linear layers of those sizes, against a count of the products in its scalar graph."""
    torch = _tensors()
    rng = random.Random()
    tries = [[2, 16, 1], [2, 16, 16, 1], [rng.randint(1, 6) for _ in range(rng.randint(2, 5))]]
    for sizes in tries:
        got = number(call(multiplications, "multiplications", (list(sizes),)), f"for {sizes}")
        if not close(got, _products(torch, sizes)):
            raise NotYet(
                f"multiplications({sizes}) gives {got:g}: each weight multiplies one input, "
                "once per point (the biases are added, not multiplied)."
            )
    return "Each weight is one multiplication per point: sum of n_in * n_out over the layers."


def _portable_run(l2_penalty: Any, lib: Any, other: Any) -> None:
    """Runs the learner's function on ``lib`` with the other library out of reach."""
    nn = lib.nn
    lib.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
    params = list(model.parameters())
    name = lib.__name__
    if name == "torch":
        forbid = Forbid(
            "with torch, use lib, not the tensors package.", files=[package_dir(_tensors())]
        )
        out = call(l2_penalty, "l2_penalty", (lib, model), forbid)
    else:
        forbid = Forbid(
            "use lib, not torch itself: lib is PyTorch's stand-in.", c_modules=["torch"]
        )
        hidden = sys.modules.get("torch")
        sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` fails here
        try:
            hint = "use lib, as train does: on a machine without PyTorch, `import torch` fails"
            out = call(l2_penalty, "l2_penalty", (lib, model), forbid, hint=hint)
        finally:
            if hidden is None:
                del sys.modules["torch"]
            else:
                sys.modules["torch"] = hidden
    if not hasattr(out, "backward") or not is_tensor(out):
        raise NotYet(
            f"with {name} you return a {type(out).__name__}; "
            "return a tensor, so that backward() can run through it."
        )
    if type(out).__module__.split(".")[0] != name:
        raise NotYet(f"with {name} you return a {type(out).__module__} tensor: build it with lib.")
    want = math.fsum(x * x for p in params for x in _flat(p))
    got = number(out.item() if out.numel() == 1 else out, f"with {name}, l2_penalty")
    # torch's parameters are float32: agree to 5 digits, not to the last one.
    if not math.isclose(got, want, rel_tol=1e-5):
        raise NotYet(f"with {name} you get {got:.6f}, which is not the sum of the squares.")
    if not out.requires_grad:
        raise NotYet(
            f"with {name}, your sum does not require grad: it left the graph "
            "(.item(), .detach(), float() or no_grad), so backward() cannot reach the parameters."
        )
    out.backward()
    for p in params:
        if p.grad is None:
            raise NotYet(
                f"with {name}, backward() reached no parameter: "
                "the sum left the graph (.item(), .detach() or float())."
            )
        for x, g in zip(_flat(p), _flat(p.grad)):
            if not math.isclose(g, 2 * x, rel_tol=1e-5, abs_tol=1e-7):
                raise NotYet(
                    f"with {name}, a parameter at {x:.6f} has gradient {g:.6f}, "
                    "which is not the derivative of x^2 (2x)."
                )


@checker
def check_portable(l2_penalty: Any, *libs: Any) -> str:
    """``l2_penalty(lib, model)``: the sum of the squares of every parameter, written with
    PyTorch's API only, run on each library in ``libs`` (``None``, a library that is not
    installed, is passed over) with the other one out of reach (on tensors, ``import torch``
    fails). Its value is checked against plain Python, its gradients against ``2 * p``."""
    ran = [lib for lib in libs if lib is not None]
    if l2_penalty is None:
        raise Todo
    for lib in ran:
        _portable_run(l2_penalty, lib, None)
    if not ran:
        raise NotYet("none of the libraries given is installed: nothing was checked.")
    names = [lib.__name__ for lib in ran]
    note = "" if len(ran) == len(libs) else " (PyTorch is not installed: checked on tensors only.)"
    return (
        f"The same function runs on {' and '.join(names)} (on tensors with PyTorch out of reach), "
        "with the right value and gradients." + note
    )


# -- lesson 07 -------------------------------------------------------------------


def _digits_step(batch: int, seed: int) -> int:
    """The Values in the graph of one step of lesson 07's network on ``batch`` images."""
    torch = _tensors()
    torch.manual_seed(seed)
    nn = torch.nn
    model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
    images, labels = torch.rand(batch, 64), torch.randint(0, 10, (batch,))
    loss = nn.CrossEntropyLoss()(model(images), labels)
    return len(autograd_scalar.topological_order(loss.values()))


@checker
def check_step_size(values_of_step: Any) -> str:
    """``values_of_step(batch)``: how many Values the graph of one training step of lesson 07's
    network holds for a batch of that many images, against a count of a step the checker builds."""
    rng = random.Random()
    for batch in (32, 1, rng.randint(2, 20)):
        got = call(values_of_step, "values_of_step", (batch,))
        got = number(got, f"values_of_step({batch})")
        if not close(got, _digits_step(batch, rng.randrange(1000))):
            raise NotYet(
                f"values_of_step({batch}) gives {got:g}: which rows of the table grow with "
                "the batch, and which stay (the parameters)?"
            )
    return "The parameters stay; every other Value is built once per image (and two per batch)."


def _no_ready_loss() -> Forbid:
    torch = _tensors()
    F = torch.nn.functional
    root = package_dir(torch)
    return Forbid(
        "write the loss with exp, sum, log, max and indexing; cross_entropy, log_softmax, "
        "softmax and logsumexp are what it is compared with.",
        functions=[F.cross_entropy, F.nll_loss, F.log_softmax, F.softmax],
        files=[root + "_ops/softmax_family.py", root + "nn/loss.py"],
    )


@checker
def check_cross_entropy(cross_entropy: Any) -> str:
    """``cross_entropy(logits, target)``: the mean cross-entropy of each row of scores against
    its class, written with tensor operations, against ``nn.CrossEntropyLoss``: the value, then
    the gradient of the logits from ``backward()``; also for scores whose ``exp`` overflows."""
    torch = _tensors()
    rng = random.Random()
    torch.manual_seed(rng.randrange(1000))
    big = [[round(rng.uniform(700, 800), 1) for _ in range(3)], [-710.0, -720.0, -705.0]]
    cases = [
        ("3 rows of 10 random scores", torch.randn(3, 10), torch.randint(0, 10, (3,))),
        ("one row with a sure right answer", torch.tensor([[8.0, -2.0, 0.5]]), torch.tensor([0])),
        ("scores in the hundreds", torch.tensor(big), torch.tensor([1, 2])),
    ]
    for name, scores, target in cases:
        mine = scores.clone().requires_grad_()
        ref = scores.clone().requires_grad_()
        out = call(cross_entropy, "cross_entropy", (mine, target), _no_ready_loss())
        if not is_tensor(out) or not hasattr(out, "backward"):
            raise NotYet(
                f"you return a {type(out).__name__}; "
                "return a tensor, so that backward() can run through it."
            )
        want = torch.nn.CrossEntropyLoss()(ref, target)
        if out.numel() != 1:
            raise NotYet(f"for {name} you get {out.numel()} numbers; average them into one.")
        got = out.item()
        if not close(got, want.item()):
            hint = ""
            if not math.isfinite(got):
                hint = " (exp of a large score overflows: subtract each row's largest score)"
            elif close(got, want.item() * len(target)):
                hint = " (that is the sum over the rows; the loss is their mean)"
            raise NotYet(
                f"for {name} you get {got:.6f}, which is not the mean cross-entropy{hint}."
            )
        if out.requires_grad:
            out.backward()
        want.backward()
        if mine.grad is None:
            raise NotYet(
                f"for {name}, backward() did not reach the logits: "
                "the loss left the graph (.item(), .tolist() or float())."
            )
        for k, (g, w) in enumerate(zip(_flat(mine.grad), _flat(ref.grad))):
            if not close(g, w):
                row, col = divmod(k, scores.shape[1])
                raise NotYet(
                    f"for {name}, the gradient of logit [{row}, {col}] is {g:.6f}, which is "
                    "not what CrossEntropyLoss's backward gives (is part of the loss detached?)."
                )
    return "Your loss and its gradients agree with nn.CrossEntropyLoss."


# -- lesson 08 -------------------------------------------------------------------


@checker
def check_linear_backward(linear_backward: Any) -> str:
    """``linear_backward(x, W, b, g)``: the gradients ``(dx, dW, db)`` of a loss with respect to
    the inputs of ``y = x @ W + b``, given ``g = dL/dy``, without ``backward()``, against the
    engine's on shapes and numbers the checker picks."""
    torch = _tensors()
    rng = random.Random()
    for n, k, m in ((2, 3, 4), (rng.randint(1, 5), rng.randint(1, 5), rng.randint(1, 5)), (3, 3, 3)):
        torch.manual_seed(rng.randrange(1000))
        x = torch.randn(n, k, requires_grad=True)
        W = torch.randn(k, m, requires_grad=True)
        b = torch.randn(m, requires_grad=True)
        g = torch.randn(n, m)
        ((x @ W + b) * g).sum().backward()
        args = (x.detach(), W.detach(), b.detach(), g)
        got = call(linear_backward, "linear_backward", args, no_backward("use the formulas"))
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            raise NotYet(
                f"linear_backward returns a {type(got).__name__}"
                + (f" of {len(got)}" if isinstance(got, (tuple, list)) else "")
                + "; return three tensors: (dx, dW, db)."
            )
        for name, mine, want in zip(("dx", "dW", "db"), got, (x, W, b)):
            flat = tensor(mine, f"{name} for x {n}x{k}, W {k}x{m}", tuple(want.shape))
            for v, w in zip(flat, want.grad.reshape(-1).tolist()):
                if not close(v, w, 1e-9, 1e-12):
                    raise NotYet(
                        f"for x {n}x{k} and W {k}x{m}, your {name} has {v:.6f} where backward() "
                        "gives another number: which factor, transposed, multiplies g?"
                    )
    return "dx = g W^T, dW = x^T g, db = g summed over the examples: a linear layer's backward."


# -- lesson 09 -------------------------------------------------------------------


def _tiny_problem(rng: random.Random) -> tuple:
    """Parameters (Values) and a loss function over them: a neuron on four points."""
    from autograd_scalar import Value

    params = [Value(round(rng.uniform(-1, 1), 3)) for _ in range(3)]
    points = [([rng.uniform(-1, 1), rng.uniform(-1, 1)], rng.choice((-1.0, 1.0))) for _ in range(4)]

    def loss_fn() -> Any:
        w0, w1, b = params
        terms = [((w0 * x0 + w1 * x1 + b).tanh() - y) ** 2 for (x0, x1), y in points]
        return Value.sum(terms) / len(terms)

    return params, loss_fn


@checker
def check_training_step(train_step: Any) -> str:
    """``train_step(params, loss_fn, lr)``: one step of plain gradient descent on Values (the
    loss, cleared gradients, backward, the update), run twice in a row and compared with the
    same two steps made by the checker."""
    rng = random.Random()
    seed = rng.randrange(10**6)
    lr = round(rng.uniform(0.05, 0.5), 2)
    mine, mine_loss = _tiny_problem(random.Random(seed))
    ref, ref_loss = _tiny_problem(random.Random(seed))
    for step in (1, 2):
        before = [p.data for p in mine]
        call(train_step, "train_step", (mine, mine_loss, lr), returns=False)
        loss = ref_loss()
        for p in ref:
            p.grad = 0.0
        loss.backward()
        for p in ref:
            p.data -= lr * p.grad
        if [p.data for p in mine] == before:
            raise NotYet(
                f"after step {step} every parameter is where it was: backward() fills .grad, "
                "then move each p.data against its gradient."
            )
        for k, (m, r) in enumerate(zip(mine, ref)):
            if not close(number(m.data, "a parameter's data"), r.data, 1e-9, 1e-12):
                if step == 2:
                    hint = "the first step's gradients were still in .grad: clear them each step"
                else:
                    hint = "the step is p.data -= lr * p.grad, after a fresh backward()"
                raise NotYet(
                    f"after step {step}, parameter {k} is at {m.data:.6f}, which is not where "
                    f"gradient descent with lr={lr} puts it ({hint})."
                )
    return "Two steps in a row land where gradient descent does: the gradients are cleared each step."
