"""The lessons' exercises: every checker against the right answer, a wrong answer, a
shortcut answer (one that uses a tool the exercise forbids, or is written down in
advance) and an answer of the wrong type; and every solution, pasted into its
exercise cell, passes there.

A verdict is printed: "Right! ..." or "Not yet: ..." (never a traceback), and a
wrong answer's verdict never shows the expected answer.
"""

import ast
import math
import re

import pytest
from _exercises import NOTEBOOK_DIR, _refused, _right, _solution, load_checks

import tensors
from autograd_scalar import Value
from autograd_scalar.ops import OPS

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))



@pytest.fixture
def checks(monkeypatch):
    return load_checks(monkeypatch)

# -- lesson 00 -------------------------------------------------------------------


def test_lesson_00_chain_rule(checks, capsys):
    sol = _solution("00_a_value_from_scratch")
    check = checks.check_chain_rule
    _right(check, sol.dL_da, capsys=capsys)
    _refused(check, 3.0, says="dL/da is not 3", hides=["6"], capsys=capsys)
    # dL/dc, which the lesson works out first: the checker names the mix-up
    _refused(check, -2.0, says="that is dL/dc", hides=["6"], capsys=capsys)
    _refused(check, "6", says="without quotes", capsys=capsys)
    _refused(check, Value(6.0), says="is a Value", capsys=capsys)
    assert not check(None) and "Not answered yet" in capsys.readouterr().out


def test_lesson_00_nudge(checks, capsys):
    sol = _solution("00_a_value_from_scratch")
    check = checks.check_nudge
    _right(check, sol.slope, capsys=capsys)
    _refused(check, lambda f, x: (f(x + 0.1) - f(x)) / 0.1, says="slope gives", capsys=capsys)

    def by_engine(f, x):  # the engine's gradient instead of a nudge
        v = Value(x)
        out = f(v)
        out.backward()
        return v.grad

    _refused(check, by_engine, says="the engine is not needed", capsys=capsys)
    # written down in advance for the lesson's curve: the checker picks others
    _refused(check, lambda f, x: 6 * x - 4, says="slope gives", capsys=capsys)
    _refused(check, lambda f, x: "14", says="without quotes", capsys=capsys)
    _refused(check, 0.5, says="not a function", capsys=capsys)
    assert not check(lambda f, x: None) and "Not answered yet" in capsys.readouterr().out


def test_lesson_00_value_class(checks, capsys):
    sol = _solution("00_a_value_from_scratch")
    check = checks.check_value_class
    _right(check, sol.MyValue, capsys=capsys)

    class Overwrites(sol.MyValue):
        # micrograd's old bug: a gradient set, not added, so a Value used twice loses a share
        def __sub__(self, other):
            out = Overwrites(self.data - other.data, (self, other), "-")

            def send_grad():
                self.grad = out.grad
                other.grad = -out.grad

            out.send_grad = send_grad
            return out

        def exp(self):
            out = sol.MyValue.exp(self)
            out.__class__ = Overwrites
            return out

    _refused(check, Overwrites, says="does not confirm", capsys=capsys)
    _refused(check, Value, says="is not your class", capsys=capsys)

    class Borrowed(Value):  # the engine's class under another name
        pass

    _refused(check, Borrowed, says="is not your class", capsys=capsys)

    class Wraps:  # its own name, the engine's arithmetic
        def __init__(self, data):
            self.v = data if isinstance(data, Value) else Value(data)

        data = property(lambda self: self.v.data)
        grad = property(lambda self: self.v.grad)

        def __sub__(self, other):
            return Wraps(self.v - other.v)

        def __mul__(self, other):
            return Wraps(self.v * other.v)

        def __add__(self, other):
            return Wraps(self.v + other.v)

        def exp(self):
            return Wraps(self.v.exp())

        def backward(self):
            self.v.backward()

    _refused(check, Wraps, says="not through this project's engine", capsys=capsys)
    _refused(check, sol.MyValue(1.0), says="pass the class itself", capsys=capsys)

    class NoSub:  # the lesson's class, not yet extended
        def __init__(self, data):
            self.data, self.grad = data, 0.0

    _refused(check, NoSub, says="give the class __sub__ and exp", capsys=capsys)


# -- lesson 01 -------------------------------------------------------------------


def test_lesson_01_bias_grad(checks, capsys):
    sol = _solution("01_autograd_tutorial")
    check = checks.check_bias_grad
    _right(check, sol.b_grad_1, capsys=capsys)
    _refused(
        check,
        lambda z, y: 1 / (1 + math.exp(-z[1].item())) - y[1].item(),  # the mean forgotten
        says="which is not b.grad[1]",
        capsys=capsys,
    )

    def by_backward(z, y):
        z = z.clone().requires_grad_()
        tensors.nn.functional.binary_cross_entropy_with_logits(z, y).backward()
        return z.grad[1].item()

    _refused(check, by_backward, says="without backward()", capsys=capsys)
    _refused(check, lambda z, y: 0.0398, says="which is not b.grad[1]", capsys=capsys)
    _refused(check, lambda z, y: z[1], says="(.item())", capsys=capsys)


def test_lesson_01_weight_grad(checks, capsys):
    sol = _solution("01_autograd_tutorial")
    check = checks.check_weight_grad
    _right(check, sol.w_grad, capsys=capsys)
    # right only when x is all ones, as in the tutorial
    _refused(check, lambda x, g: tensors.ones(5, 1) * g, says="your w_grad[", capsys=capsys)

    def by_backward(x, g):
        w = tensors.zeros(5, 3, requires_grad=True)
        (tensors.matmul(x, w) * g).sum().backward()
        return w.grad

    _refused(check, by_backward, says="without backward()", capsys=capsys)
    _refused(check, lambda x, g: sol.w_grad(x, g).tolist(), says="return a tensor", capsys=capsys)
    transposed = lambda x, g: sol.w_grad(x, g).t()  # noqa: E731
    _refused(check, transposed, says="should have shape (5, 3)", capsys=capsys)


# -- lesson 02 -------------------------------------------------------------------


def test_lesson_02_rule(checks, capsys):
    sol = _solution("02_value_engine")
    check = checks.check_rule
    _right(check, sol.div_rule, "div", capsys=capsys)
    _refused(check, lambda a, b: (1 / b, a / b**2), "div", says="derivative 1", capsys=capsys)
    # one derivative only: zip would have dropped the missing one
    _refused(check, lambda a, b: (1 / b,), "div", says="returns 1 derivative(s)", capsys=capsys)
    _refused(
        check, lambda a, b: OPS["div"].backward(a / b, a, b), "div", says="not the engine's rule",
        capsys=capsys,
    )
    _refused(check, lambda a, b: 1 / b, "div", says="return a tuple of 2", capsys=capsys)
    _refused(check, lambda a, b: ("1/b", "-a/b**2"), "div", says="without quotes", capsys=capsys)
    _refused(check, lambda a: (1.0, 1.0), "div", says="raised TypeError", capsys=capsys)


def test_lesson_02_first_order(checks, capsys):
    sol = _solution("02_value_engine")
    check = checks.check_first_order
    _right(check, sol.change, capsys=capsys)
    capsys.readouterr()
    _refused(check, lambda x, dx: x.grad, says="multiply the gradient by the nudge", capsys=capsys)
    _refused(
        check, lambda x, dx: (Value(x.grad) * dx).data, says="no new forward pass", capsys=capsys
    )
    _refused(check, lambda x, dx: -0.015, says="on a neuron of the checker's", capsys=capsys)
    _refused(check, lambda x, dx: x, says="is a Value", capsys=capsys)


def test_lesson_02_first_order_names_the_exact_change(checks, capsys, monkeypatch):
    # An answer that is the true change (a new forward pass on the same neuron) is told so.
    import random

    seeded = random.Random
    monkeypatch.setattr(random, "Random", lambda *seed: seeded(7))
    rng = random.Random()
    numbers = [round(rng.uniform(-1.5, 1.5), 3) for _ in range(5)]
    index = {}

    def exact(x, dx):
        k = index.setdefault(id(x), len(index) * 2)  # the checker nudges inputs 0, 2, 4
        moved = list(numbers)
        moved[k] += dx
        return checks._neuron(*moved) - checks._neuron(*numbers)

    _refused(checks.check_first_order, exact, says="that is the exact change", capsys=capsys)


# -- lesson 03 -------------------------------------------------------------------


def test_lesson_03_broadcast_grad(checks, capsys):
    sol = _solution("03_tensors_as_values")
    check = checks.check_broadcast_grad
    _right(check, sol.c_grad, capsys=capsys)
    _refused(check, lambda rows, cols: rows, says="count the sums", capsys=capsys)

    def by_backward(rows, cols):
        c = tensors.zeros(rows, 1, requires_grad=True)
        (c + tensors.zeros(cols)).sum().backward()
        return c.grad[0, 0].item()

    _refused(check, by_backward, says="no tensor code", capsys=capsys)
    _refused(check, lambda rows, cols: 5, says="count the sums", capsys=capsys)
    _refused(check, lambda rows, cols: str(cols), says="without quotes", capsys=capsys)


def test_lesson_03_matmul_grad(checks, capsys):
    sol = _solution("03_tensors_as_values")
    check = checks.check_matmul_grad
    _right(check, sol.a_grad, capsys=capsys)
    _refused(
        check, lambda A, B: tensors.ones(A.shape) * B.sum(), says="your a_grad[", capsys=capsys
    )

    def by_backward(A, B):
        A = A.clone().requires_grad_()
        (A @ B).sum().backward()
        return A.grad

    _refused(check, by_backward, says="without backward()", capsys=capsys)
    _refused(check, lambda A, B: sol.a_grad(A, B).tolist(), says="return a tensor", capsys=capsys)


# -- the exercise cells: what the learner sees, and pasting a solution there --------

nbformat = pytest.importorskip("nbformat")


def _exercise_cells(path):
    nb = nbformat.read(path, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code" and "checks.check_" in c.source]


def _blocks(name: str) -> list:
    """The solution file's blocks, one per exercise, in order."""
    text = (NOTEBOOK_DIR / "solutions" / f"{name}.py").read_text()
    body = text.split('if __name__ == "__main__":')[0]
    return re.split(r"^# %% Exercise \d+\n", body, flags=re.M)[1:]


_WITH_EXERCISES = [p for p in NOTEBOOKS if _exercise_cells(p)]


def test_every_lesson_with_exercises_has_a_solution_per_exercise():
    assert len(_WITH_EXERCISES) >= 10
    for path in _WITH_EXERCISES:
        assert len(_blocks(path.stem)) == len(_exercise_cells(path)), path.name


@pytest.mark.parametrize("path", _WITH_EXERCISES, ids=[p.name for p in _WITH_EXERCISES])
def test_a_checker_call_shows_no_answer(path):
    """The checker line names the learner's answer and fixed words only: no expression from
    which the answer could be read (``b.grad[1].item()``, ``48.0``, ``x1.grad * 0.01``)."""
    for source in _exercise_cells(path):
        calls = [line for line in source.splitlines() if line.startswith("checks.check_")]
        assert len(calls) == 1, source
        call = ast.parse(calls[0].split(";")[0]).body[0].value
        for arg in call.args:
            assert isinstance(arg, ast.Name) or (
                isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ), f"{path.name}: {calls[0]}"
        # the only code in the cell besides the answer and the checker: `import checks`
        rest = [
            node
            for node in ast.parse(source).body
            if not isinstance(node, (ast.Import, ast.FunctionDef, ast.ClassDef, ast.Assign))
        ]
        assert len(rest) == 1, f"{path.name}: the cell computes something besides the answer"


@pytest.mark.parametrize("path", _WITH_EXERCISES, ids=[p.name for p in _WITH_EXERCISES])
def test_a_solution_pasted_into_its_cell_passes(path, monkeypatch, capsys):
    monkeypatch.syspath_prepend(str(NOTEBOOK_DIR))
    try:
        import torch
    except ImportError:
        torch = None
    namespace = {"tensors": tensors, "torch": torch}  # the lesson's names the checker lines use
    for source, block in zip(_exercise_cells(path), _blocks(path.stem)):
        lines = source.splitlines()
        # the cell as the learner leaves it: the solution where the answer was
        keep = [line for line in lines if line.startswith(("import checks", "checks.check_"))]
        cell = "\n".join([*keep[:-1], block, keep[-1]])
        exec(compile(cell, f"<{path.name}>", "exec"), namespace)
        out = capsys.readouterr().out
        assert out.startswith("Right! "), f"{path.name}:\n{cell}\n{out}"


@pytest.mark.parametrize("path", _WITH_EXERCISES, ids=[p.name for p in _WITH_EXERCISES])
def test_an_unanswered_cell_says_so(path, monkeypatch, capsys):
    """Each exercise cell, as saved (the answer left as None), runs and asks for an answer."""
    monkeypatch.syspath_prepend(str(NOTEBOOK_DIR))
    namespace = {"tensors": tensors, "torch": None}
    for source in _exercise_cells(path):
        exec(compile(source, f"<{path.name}>", "exec"), namespace)
        assert capsys.readouterr().out.startswith("Not answered yet"), source
