"""The exercises of lessons 04-09: every checker against the right answer, a wrong answer,
a shortcut answer and an answer of the wrong type (see test_notebooks_exercises.py)."""


import pytest
from _exercises import _refused, _right, _solution, _verdict, load_checks

import tensors


@pytest.fixture
def checks(monkeypatch):
    return load_checks(monkeypatch)

# -- lesson 04 -------------------------------------------------------------------


def test_lesson_04_sgd_step(checks, capsys):
    sol = _solution("04_training")
    check = checks.check_sgd_step
    _right(check, sol.sgd_step, capsys=capsys)

    def no_decay(params, lr, weight_decay):
        with tensors.no_grad():
            for p in params:
                p -= lr * p.grad

    _refused(check, no_decay, says="weight decay adds", capsys=capsys)

    def renames(params, lr, weight_decay):
        for p in params:
            p = p - lr * p.grad  # noqa: F841  a new tensor; the parameter stays

    _refused(check, renames, says="left every parameter where it was", capsys=capsys)

    def by_optimizer(params, lr, weight_decay):
        tensors.optim.SGD(params, lr=lr, weight_decay=weight_decay).step()

    _refused(check, by_optimizer, says="torch.optim is what it is compared with", capsys=capsys)
    _refused(check, 0.1, says="not a function", capsys=capsys)
    assert not check(None) and "Not answered yet" in capsys.readouterr().out


def test_lesson_04_loss_grad(checks, capsys):
    sol = _solution("04_training")
    check = checks.check_loss_grad
    _right(check, sol.dloss_dw, capsys=capsys)

    def summed(neuron, X, target, j):
        return sol.dloss_dw(neuron, X, target, j) * len(X)

    _refused(check, summed, says="that is a sum over the points", capsys=capsys)

    def by_backward(neuron, X, target, j):
        neuron.zero_grad()
        tensors.nn.BCEWithLogitsLoss()(neuron(X).squeeze(1), target).backward()
        return neuron.weight.grad[0, j].item()

    _refused(check, by_backward, says="without backward()", capsys=capsys)

    def as_tensor(neuron, X, target, j):
        return tensors.tensor(sol.dloss_dw(neuron, X, target, j))

    _refused(check, as_tensor, says="(.item())", capsys=capsys)


def test_lesson_04_adam_step(checks, capsys):
    sol = _solution("04_training")
    check = checks.check_adam_step
    _right(check, sol.adam_step, capsys=capsys)
    # epsilon forgotten: right for ordinary gradients, wrong for a tiny one
    no_eps = lambda p, g, lr: p - lr * g / abs(g)  # noqa: E731
    _refused(check, no_eps, says="epsilon", hides=["1.05"], capsys=capsys)

    def by_optimizer(p, g, lr):
        t = tensors.tensor([p], requires_grad=True)
        t.grad = tensors.tensor([g])
        tensors.optim.Adam([t], lr=lr).step()
        return t.item()

    _refused(check, by_optimizer, says="torch.optim is what it is compared with", capsys=capsys)
    _refused(check, lambda p, g, lr: 1.05, says="which is not where", capsys=capsys)
    _refused(check, lambda p, g, lr: tensors.tensor(p), says="(.item())", capsys=capsys)


# -- lesson 05 -------------------------------------------------------------------


def test_lesson_05_second_derivative(checks, capsys):
    sol = _solution("05_beyond_first_derivatives")
    check = checks.check_second_derivative
    _right(check, sol.second_derivative, capsys=capsys)

    def first(f, t):
        t = tensors.tensor(t, requires_grad=True)
        return tensors.autograd.grad(f(t), t)[0].item()

    _refused(check, first, says="differentiate f once", capsys=capsys)

    def nudged(f, t, h=1e-4):
        at = lambda s: f(tensors.tensor(s)).item()  # noqa: E731
        return (at(t + h) - 2 * at(t) + at(t - h)) / h**2

    _refused(check, nudged, says="close but not exact", capsys=capsys)

    def by_hessian(f, t):
        from tensors.autograd.functional import hessian

        return hessian(f, tensors.tensor(t)).item()

    _refused(check, by_hessian, says="not the functional API", capsys=capsys)
    _refused(check, lambda f, t: 48.0, says="you get 48", capsys=capsys)

    def as_tensor(f, t):
        t = tensors.tensor(t, requires_grad=True)
        (d1,) = tensors.autograd.grad(f(t), t, create_graph=True)
        return tensors.autograd.grad(d1, t)[0]

    _refused(check, as_tensor, says="(.item())", capsys=capsys)


# -- lesson 06 -------------------------------------------------------------------


def test_lesson_06_multiplications(checks, capsys):
    sol = _solution("06_moving_to_pytorch")
    check = checks.check_multiplications
    _right(check, sol.multiplications, capsys=capsys)
    with_biases = lambda s: sum(a * b + b for a, b in zip(s, s[1:]))  # noqa: E731
    _refused(check, with_biases, says="the biases are added", capsys=capsys)
    _refused(check, lambda sizes: 304, says="the biases are added", capsys=capsys)
    per_layer = lambda s: [a * b for a, b in zip(s, s[1:])]  # noqa: E731
    _refused(check, per_layer, says="give one number", capsys=capsys)
    assert __import__("_checks_training")._products(tensors, [2, 16, 16, 1]) == 304


def test_lesson_06_portable(checks, capsys):
    sol = _solution("06_moving_to_pytorch")
    check = checks.check_portable
    ok, out = _verdict(check, sol.l2_penalty, tensors, None, capsys=capsys)
    assert ok and "checked on tensors only" in out

    def abs_sum(lib, model):
        return sum((p.abs().sum() for p in model.parameters()), lib.tensor(0.0))

    _refused(check, abs_sum, tensors, None, says="not the sum of the squares", capsys=capsys)

    def through_torch(lib, model):  # PyTorch itself, not lib: fails where it is not installed
        import torch

        return sum((p * p).sum() for p in model.parameters()) + torch.zeros(())

    _refused(check, through_torch, tensors, None, says="use lib, as train does", capsys=capsys)

    def detached(lib, model):
        return sum(float((p * p).sum()) for p in model.parameters())

    _refused(check, detached, tensors, None, says="return a tensor", capsys=capsys)

    def off_graph(lib, model):
        total = sum((p * p).sum().item() for p in model.parameters())
        return lib.tensor(total, requires_grad=True)

    _refused(check, off_graph, tensors, None, says="reached no parameter", capsys=capsys)

    def under_no_grad(lib, model):
        with lib.no_grad():
            return sum((p * p).sum() for p in model.parameters())

    _refused(check, under_no_grad, tensors, None, says="does not require grad", capsys=capsys)
    assert not check(None, tensors) and "Not answered yet" in capsys.readouterr().out


def test_lesson_06_portable_on_pytorch_too(checks, capsys):
    torch = pytest.importorskip("torch")
    sol = _solution("06_moving_to_pytorch")
    check = checks.check_portable
    ok, out = _verdict(check, sol.l2_penalty, tensors, torch, capsys=capsys)
    assert ok and "runs on tensors and torch" in out

    def global_torch(lib, model):  # the notebook's `torch`, not lib
        return sum((p * p).sum() for p in model.parameters()) + torch.zeros(())

    _refused(check, global_torch, tensors, torch, says="use lib, not torch itself", capsys=capsys)

    def global_tensors(lib, model):
        return sum((p * p).sum() for p in model.parameters()) + tensors.zeros(())

    _refused(check, global_tensors, tensors, torch, says="not the tensors package", capsys=capsys)


# -- lesson 07 -------------------------------------------------------------------


def test_lesson_07_step_size(checks, capsys):
    sol = _solution("07_digits")
    check = checks.check_step_size
    _right(check, sol.values_of_step, capsys=capsys)
    assert __import__("_checks_training")._digits_step(32, 0) == 5580
    _refused(check, lambda batch: 2410 + 99 * batch, says="which rows of the table", capsys=capsys)
    _refused(check, lambda batch: 5580, says="which rows of the table", capsys=capsys)
    _refused(check, lambda batch: "5580", says="without quotes", capsys=capsys)


def test_lesson_07_cross_entropy(checks, capsys):
    sol = _solution("07_digits")
    check = checks.check_cross_entropy
    _right(check, sol.cross_entropy, capsys=capsys)

    def overflows(logits, target):  # the softmax as written in a textbook
        p = logits.exp() / logits.exp().sum(dim=1, keepdim=True)
        return -p[list(range(len(target))), target.tolist()].log().mean()

    def summed(logits, target):
        return sol.cross_entropy(logits, target) * len(target)

    def per_row(logits, target):
        picked = logits[list(range(len(target))), target.tolist()]
        return logits.exp().sum(dim=1).log() - picked

    def half_detached(logits, target):  # the right value; the log-sum-exp's gradient is lost
        shifted = logits - logits.max(dim=1, keepdim=True).values
        log_sum = shifted.exp().sum(dim=1).log().detach()
        return (log_sum - shifted[list(range(len(target))), target.tolist()]).mean()

    def off_graph(logits, target):
        return tensors.tensor(sol.cross_entropy(logits, target).item())

    _refused(check, overflows, says="subtract each row's largest score", capsys=capsys)
    _refused(check, summed, says="that is the sum over the rows", capsys=capsys)
    _refused(check, per_row, says="you get 3 numbers", capsys=capsys)
    _refused(check, half_detached, says="is part of the loss detached", capsys=capsys)
    _refused(check, off_graph, says="did not reach the logits", capsys=capsys)
    F = tensors.nn.functional
    _refused(check, F.cross_entropy, says="what it is compared with", capsys=capsys)

    def by_log_softmax(logits, target):
        picked = F.log_softmax(logits, dim=1)[list(range(len(target))), target.tolist()]
        return -picked.mean()

    _refused(check, by_log_softmax, says="what it is compared with", capsys=capsys)
    _refused(check, lambda logits, target: 2.0, says="return a tensor", capsys=capsys)
    assert not check(lambda logits, target: None) and "Not answered" in capsys.readouterr().out


# -- lesson 08 -------------------------------------------------------------------


def test_lesson_08_linear_backward(checks, capsys):
    sol = _solution("08_scalars_to_matrices")
    check = checks.check_linear_backward
    _right(check, sol.linear_backward, capsys=capsys)

    def bias_summed_wrong(x, W, b, g):  # right shapes only when there are as many units as rows
        dx, dW, _ = sol.linear_backward(x, W, b, g)
        return dx, dW, g.sum(dim=1)

    _refused(check, bias_summed_wrong, says="db", capsys=capsys)

    def by_backward(x, W, b, g):
        x, W, b = (t.clone().requires_grad_() for t in (x, W, b))
        ((x @ W + b) * g).sum().backward()
        return x.grad, W.grad, b.grad

    _refused(check, by_backward, says="without backward()", capsys=capsys)
    _refused(check, lambda x, W, b, g: sol.linear_backward(x, W, b, g)[:2], says="three tensors",
             capsys=capsys)
    as_lists = lambda x, W, b, g: [t.tolist() for t in sol.linear_backward(x, W, b, g)]  # noqa: E731
    _refused(check, as_lists, says="return a tensor", capsys=capsys)


# -- lesson 09 -------------------------------------------------------------------


def test_lesson_09_training_step(checks, capsys):
    sol = _solution("09_mlp_by_hand")
    check = checks.check_training_step
    _right(check, sol.train_step, capsys=capsys)

    def never_cleared(params, loss_fn, lr):  # the forgotten zero_grad
        loss_fn().backward()
        for p in params:
            p.data -= lr * p.grad

    _refused(check, never_cleared, says="still in .grad", capsys=capsys)

    def uphill(params, loss_fn, lr):
        for p in params:
            p.grad = 0.0
        loss_fn().backward()
        for p in params:
            p.data += lr * p.grad

    _refused(check, uphill, says="p.data -= lr * p.grad", capsys=capsys)

    def new_values(params, loss_fn, lr):  # rebinds names: the parameters never move
        loss_fn().backward()
        params = [p.data - lr * p.grad for p in params]  # noqa: F841

    _refused(check, new_values, says="every parameter is where it was", capsys=capsys)
    _refused(check, 0.1, says="not a function", capsys=capsys)
    _refused(check, lambda params, loss_fn, lr: 1 / 0, says="ZeroDivisionError", capsys=capsys)


