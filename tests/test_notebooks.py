"""Every notebook runs without error, and its saved outputs are what it produces now."""

import copy
import pathlib
import re

import pytest

import autograd_scalar

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = sorted((pathlib.Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))

_ADDRESS = re.compile(r"0x[0-9a-f]{6,}")
_TIMING = re.compile(r"\d+(\.\d+)? ?(ms|s|µs) (elapsed|per)|\d+x faster")


def _normal(text: str) -> str:
    return _TIMING.sub("<time>", _ADDRESS.sub("0x...", text))


def _outputs(nb) -> list:
    """The code cells' outputs, reduced to what a reader sees (addresses and timings aside)."""
    result = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outs = []
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                # The kernel may split one print into several stream messages.
                if outs and outs[-1][0] == out.name:
                    outs[-1] = (out.name, outs[-1][1] + out.text)
                else:
                    outs.append((out.name, out.text))
            elif out.output_type in ("execute_result", "display_data"):
                data = out.get("data", {})
                outs.append(tuple(sorted((k, _normal(str(v))) for k, v in data.items())))
            elif out.output_type == "error":
                outs.append(("error", out.ename, out.evalue))
        result.append([(o[0], _normal(o[1])) if o[0] in ("stdout", "stderr") else o for o in outs])
    return result


def _execute(path: pathlib.Path):
    nb = nbformat.read(path, as_version=4)
    fresh = copy.deepcopy(nb)
    where = {"metadata": {"path": str(path.parent)}}
    client = nbclient.NotebookClient(fresh, timeout=600, kernel_name="python3", resources=where)
    client.execute()
    return nb, fresh


# Saved with PyTorch installed. Without it, the cells that use it say so instead of
# running, and the other cells are compared.
WITH_TORCH = {"06_moving_to_pytorch.ipynb"}
_USES_TORCH = re.compile(r"\btorch\b")


def _has_torch() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


# Lesson 07 trains on scikit-learn's bundled digits (the dev and notebooks extras install it).
WITH_SKLEARN = {"07_digits.ipynb"}


# A lesson that trains for a minute trains a shorter run under test: an environment
# variable its training cell reads sets the number of epochs. The saved notebook keeps
# the full run. Being seeded, the short run prints the full run's first epochs to the
# digit; its later cells must show the same outputs with their numbers masked.
SHORT_RUNS = {"07_digits.ipynb": ("LESSON_07_EPOCHS", 1)}
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?")


def _mask(text: str) -> str:
    return re.sub(r" +", " ", _NUMBER.sub("#", text))  # numbers padded to a width too


def _masked(cell: list) -> list:
    """A cell's outputs with every number masked, pictures by their kind alone."""
    out = []
    for o in cell:
        if o[0] in ("stdout", "stderr"):
            out.append((o[0], _mask(o[1])))
        elif o[0] == "error":
            out.append(o)
        else:
            out.append(tuple((k, _mask(v) if k.startswith("text/") else k) for k, v in o))
    return out


def _short_run_agrees(nb, saved: list, fresh: list, variable: str) -> None:
    code = [c for c in nb.cells if c.cell_type == "code"]
    start = next(i for i, c in enumerate(code) if variable in c.source)
    assert fresh[:start] == saved[:start]
    # The training cell: the lines it printed per epoch are the full run's first lines.
    printed = [o[1].splitlines() for o in fresh[start] if o[0] == "stdout"]
    full = [o[1].splitlines() for o in saved[start] if o[0] == "stdout"]
    assert len(printed) == len(full) == 1 and 2 <= len(printed[0]) < len(full[0])
    (printed,), (full,) = printed, full
    assert printed[:-1] == full[: len(printed) - 1]
    assert _mask(printed[-1]) == _mask(full[-1])
    others = [o for o in fresh[start] if o[0] != "stdout"]
    assert _masked(others) == _masked([o for o in saved[start] if o[0] != "stdout"])
    assert [_masked(c) for c in fresh[start + 1 :]] == [_masked(c) for c in saved[start + 1 :]]


def _without_torch_cells(nb, outputs: list) -> list:
    code = [c for c in nb.cells if c.cell_type == "code"]
    return [out for cell, out in zip(code, outputs) if not _USES_TORCH.search(cell.source)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_and_its_saved_outputs_are_current(path, monkeypatch):
    if path.name in WITH_SKLEARN:
        pytest.importorskip(
            "sklearn",
            reason=f"scikit-learn is not installed: {path.name} trains on its digits "
            "(pip install -e '.[dev]' or '.[notebooks]')",
        )
    if path.name in SHORT_RUNS:
        variable, value = SHORT_RUNS[path.name]
        monkeypatch.setenv(variable, str(value))  # the kernel inherits the environment
        saved, fresh = _execute(path)
        _short_run_agrees(saved, _outputs(saved), _outputs(fresh), variable)
        return
    saved, fresh = _execute(path)  # raises CellExecutionError on any error
    if path.name in WITH_TORCH and not _has_torch():
        said = "".join(str(o) for o in _outputs(fresh))
        assert "PyTorch is not installed" in said
        assert _without_torch_cells(fresh, _outputs(fresh)) == _without_torch_cells(
            saved, _outputs(saved)
        ), f"{path.name}: saved outputs are stale; re-run it with `make notebooks`"
        return
    assert _outputs(fresh) == _outputs(saved), (
        f"{path.name}: saved outputs are stale; re-run it with `make notebooks`"
    )


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 8


# -- the saved pictures: every frontend can show them, and they fit the page -----------

PAGE_PX = 864  # the width a figure may take on a 1,000-pixel page, beside the prompt (size=9)
READABLE_PX = 8  # the smallest text a reader can still read, in screen pixels


def _svg_figures(nb) -> list:
    return [
        (i, out)
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if "image/svg+xml" in out.get("data", {})
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_saved_graphs_carry_png_and_fit_the_page_readably(path):
    nb = nbformat.read(path, as_version=4)
    for i, out in _svg_figures(nb):
        where = f"{path.name}, cell {i}"
        data = out["data"]
        # Untrusted notebooks (JupyterLab), GitHub and VS Code show the PNG.
        assert "image/png" in data, f"{where}: no PNG beside the SVG"
        assert "0x" not in data.get("text/plain", "0x"), f"{where}: text/plain is a bare repr"
        svg = data["image/svg+xml"]
        width_px = float(re.search(r'<svg width="([\d.]+)pt"', svg).group(1)) * 96 / 72
        assert width_px <= PAGE_PX + 1, f"{where}: {width_px:.0f} px wide, wider than the page"
        scale = re.search(r'transform="scale\(([\d.]+)', svg)
        scale = float(scale.group(1)) if scale else 1.0
        smallest = min(float(f) for f in re.findall(r'font-size="([\d.]+)"', svg))
        text_px = smallest * scale * 96 / 72
        assert text_px >= READABLE_PX, (
            f"{where}: text shrunk to {text_px:.1f} px to fit; draw a smaller or focused graph"
        )
        shown = out.get("metadata", {}).get("image/png", {})
        assert abs(shown.get("width", 0) - width_px) <= 2, f"{where}: PNG shown at another size"


# -- exercises: the checkers accept the solutions and refuse wrong answers ---------------


@pytest.fixture
def checks(monkeypatch):
    monkeypatch.syspath_prepend(str(NOTEBOOKS[0].parent))
    import checks as module

    return module


def _solution(name: str):
    import importlib.util

    path = NOTEBOOKS[0].parent / "solutions" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"solution_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_solutions_pass_their_checks(checks, capsys):
    sol = _solution("00_a_value_from_scratch")
    assert checks.check_number(sol.dL_da, 6.0, "dL/da")
    assert checks.check_nudge(sol.slope)
    assert checks.check_value_class(sol.Value)
    assert capsys.readouterr().out.count("Right!") == 3


def test_the_checkers_refuse_wrong_answers_and_say_why(checks, capsys):
    sol = _solution("00_a_value_from_scratch")
    assert not checks.check_number(-6.0, 6.0, "dL/da")
    assert not checks.check_nudge(lambda f, x: (f(x + 0.1) - f(x)) / 0.1)  # too coarse
    assert "the derivative is 14.000000" in capsys.readouterr().out

    class Overwrites(sol.Value):
        # micrograd's old bug: a gradient set, not added, so a Value used twice loses a share
        def __sub__(self, other):
            out = Overwrites(self.data - other.data, (self, other), "-")

            def send_grad():
                self.grad = out.grad
                other.grad = -out.grad

            out.send_grad = send_grad
            return out

        def exp(self):
            out = sol.Value.exp(self)
            out.__class__ = Overwrites
            return out

    assert not checks.check_value_class(Overwrites)
    assert "the engine says" in capsys.readouterr().out
    for check in (checks.check_nudge, checks.check_value_class):
        assert not check(None)
    assert not checks.check_number(None, 1.0, "x")
    assert capsys.readouterr().out.count("Not answered yet") == 3


def test_the_other_lessons_solutions_pass_their_checks(checks, capsys):
    import math

    import tensors as torch

    torch.manual_seed(0)
    x, y = torch.ones(5), torch.zeros(3)
    w = torch.randn(5, 3, requires_grad=True)
    b = torch.randn(3, requires_grad=True)
    z = torch.matmul(x, w) + b
    torch.nn.functional.binary_cross_entropy_with_logits(z, y).backward()
    s01 = _solution("01_autograd_tutorial")
    assert checks.check_number(s01.b_grad_1(z, y), b.grad[1].item(), "b.grad[1]")
    assert checks.check_number(s01.local(x), x[3].item(), "local")

    s02 = _solution("02_value_engine")
    points = [(1.0, 2.0), (-3.0, 0.5), (2.5, -4.0)]
    assert checks.check_rule(s02.div_rule, lambda a, b: a / b, points, "a / b")
    assert not checks.check_rule(lambda a, b: (1 / b, a / b**2), lambda a, b: a / b, points, "a/b")
    from autograd_scalar import Value

    x1 = Value(2.0)
    o = (x1 * -3.0 + 6.8813735870195432).tanh()
    o.backward()
    assert checks.check_number(s02.change(x1), x1.grad * 0.01, "change")
    assert math.isclose(s02.change(x1), -0.015, rel_tol=1e-6)

    s03 = _solution("03_tensors_as_values")
    c = torch.zeros(4, 1, requires_grad=True)
    (c + torch.zeros(5, requires_grad=True)).sum().backward()
    assert checks.check_number(s03.c_grad, c.grad[0, 0].item(), "c.grad")
    A = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    B = torch.tensor([[0.5], [-1.0]], requires_grad=True)
    (A @ B).sum().backward()
    assert checks.check_number(s03.which(B), A.grad[0, 1].item(), "A.grad[0, 1]")

    s05 = _solution("05_beyond_first_derivatives")
    assert checks.check_number(s05.h2(torch), 48.0, "h''(2)")
    out = capsys.readouterr().out
    assert out.count("Right!") == 7 and out.count("Not yet.") == 1


def test_the_training_lessons_solutions_pass_their_checks(checks, capsys):
    import tensors

    s04 = _solution("04_training")
    assert checks.check_sgd_step(s04.sgd_step)
    assert checks.check_loss_grad(s04.dloss_dw)
    p = tensors.tensor([1.0], requires_grad=True)
    p.grad = tensors.tensor([-3.0])
    tensors.optim.Adam([p], lr=0.05).step()
    assert checks.check_number(s04.adam_after, p.item(), "p")

    s06 = _solution("06_moving_to_pytorch")
    nn = tensors.nn
    layers = [nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 1)]
    model = nn.Sequential(*layers)
    weights = sum(layer.weight.numel() for layer in model if isinstance(layer, nn.Linear))
    assert checks.check_number(s06.multiplications, weights, "multiplications")
    assert weights == 304
    # Where PyTorch is absent (None), the checker runs the answer on tensors alone, and says so.
    assert checks.check_portable(s06.l2_penalty, tensors, None)
    out = capsys.readouterr().out
    assert out.count("Right!") == 5 and "checked on tensors only" in out


def test_the_training_lessons_checkers_refuse_wrong_answers(checks, capsys):
    import tensors

    def no_decay(params, lr, weight_decay):
        for p in params:
            p.data -= lr * p.grad

    assert not checks.check_sgd_step(no_decay)
    assert "SGD's step puts it at" in capsys.readouterr().out

    def sum_not_mean(neuron, X, target, j):
        s04 = _solution("04_training")
        return s04.dloss_dw(neuron, X, target, j) * len(X)

    assert not checks.check_loss_grad(sum_not_mean)
    assert "backward gives" in capsys.readouterr().out

    def detached(lib, model):
        return sum(float((p * p).sum()) for p in model.parameters())

    def off_graph(lib, model):
        total = sum((p * p).sum().item() for p in model.parameters())
        return lib.tensor(total, requires_grad=True)

    assert not checks.check_portable(detached, tensors)
    assert "return a tensor" in capsys.readouterr().out
    assert not checks.check_portable(off_graph, tensors)
    assert "reached no parameter" in capsys.readouterr().out
    for check in (checks.check_sgd_step, checks.check_loss_grad):
        assert not check(None)
    assert not checks.check_loss_grad(lambda neuron, X, target, j: None)
    assert not checks.check_portable(lambda lib, model: None, tensors)
    assert capsys.readouterr().out.count("Not answered yet") == 4


def test_the_digits_lessons_solutions_pass_their_checks(checks, capsys):
    import tensors

    s07 = _solution("07_digits")
    # The graph of a step does not depend on the pixels: random images count the same.
    tensors.manual_seed(0)
    nn = tensors.nn
    model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
    loss = nn.CrossEntropyLoss()(model(tensors.rand(32, 64)), tensors.randint(0, 10, (32,)))
    counted = len(autograd_scalar.topological_order(loss.values()))
    assert checks.check_number(s07.values_32, counted, "Values")
    assert counted == 5580
    assert checks.check_cross_entropy(s07.cross_entropy)
    assert capsys.readouterr().out.count("Right!") == 2


def test_the_digits_lessons_checker_refuses_wrong_losses_and_says_why(checks, capsys):
    import tensors

    s07 = _solution("07_digits")

    def overflows(logits, target):  # the softmax as written in a textbook
        p = logits.exp() / logits.exp().sum(dim=1, keepdim=True)
        return -p[list(range(len(target))), target.tolist()].log().mean()

    def summed(logits, target):
        return s07.cross_entropy(logits, target) * len(target)

    def per_row(logits, target):
        picked = logits[list(range(len(target))), target.tolist()]
        return logits.exp().sum(dim=1).log() - picked

    def half_detached(logits, target):  # the right value; the log-sum-exp's gradient is lost
        shifted = logits - logits.max(dim=1, keepdim=True).values
        log_sum = shifted.exp().sum(dim=1).log().detach()
        return (log_sum - shifted[list(range(len(target))), target.tolist()]).mean()

    def off_graph(logits, target):
        return tensors.tensor(s07.cross_entropy(logits, target).item())

    assert not checks.check_cross_entropy(overflows)
    assert "you get nan" in capsys.readouterr().out
    assert not checks.check_cross_entropy(summed)
    assert "the loss is 2.359516" in capsys.readouterr().out
    assert not checks.check_cross_entropy(per_row)
    assert "you get 3 numbers" in capsys.readouterr().out
    assert not checks.check_cross_entropy(half_detached)
    assert "CrossEntropyLoss's backward gives" in capsys.readouterr().out
    assert not checks.check_cross_entropy(off_graph)
    assert "did not reach the logits" in capsys.readouterr().out
    assert not checks.check_cross_entropy(lambda logits, target: 2.0)
    assert "return a tensor" in capsys.readouterr().out
    assert not checks.check_cross_entropy(None)
    assert not checks.check_cross_entropy(lambda logits, target: None)
    assert capsys.readouterr().out.count("Not answered yet") == 2


def test_the_portable_solution_runs_on_pytorch_too(checks, capsys):
    torch = pytest.importorskip("torch")
    import tensors

    assert checks.check_portable(_solution("06_moving_to_pytorch").l2_penalty, tensors, torch)
    assert "runs on tensors and torch" in capsys.readouterr().out
