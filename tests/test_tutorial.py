"""The tutorial programs (``tensors/tutorials/``) print here what they print under PyTorch.

What each program prints under PyTorch 2.13 is recorded in ``tests/programs/``
(``python tests/test_tutorial.py --record`` writes it anew), so it is checked on
every machine, torch or not. Each program runs in a fresh interpreter through
``python -m tensors.tutorials NAME``, where ``import torch`` gives ``tensors``,
and is compared with the recording: programs without randomness must print the
same text (object addresses aside); those with random numbers must print the
same lines and words, with numbers masked (and PyTorch's very text up to their
first random draw, where they print something before it), and their loss must
go down.

Where torch is installed, every program also runs under PyTorch and must agree
with its recording by the same rule (to the character where PyTorch's output
has no randomness), so a recording cannot go stale unnoticed. Those runs share
one interpreter that imports torch once and forks a child per program: every
program starts with ``import torch``, so a child starts where a fresh
interpreter would be after its first line.
"""

import doctest
import functools
import os
import pathlib
import re
import subprocess
import sys

import pytest
from _background import Runs, popen
from _forking import run_forked, torch_installed

from tensors import tutorials

ROOT = pathlib.Path(__file__).parent.parent
RECORDED = pathlib.Path(__file__).parent / "programs"

# name -> (exact, pattern of a line that reports the loss: group 1 is the loss), where
# exact is True (the whole text is PyTorch's), False (the same lines, numbers masked),
# or a number of leading lines printed before the first random draw, which must be
# PyTorch's text while the rest is compared masked. Every program but
# polynomial_custom_function (compared number by number below) draws random
# numbers: PyTorch's random stream is not reproduced, so their numbers are
# compared up to their first draw.
STEP_LOSS = r"^\d+ (\S+)$"
RULES = {
    "quickstart_tutorial": (15, r"^loss: +(\S+) "),  # the data and the model
    "tensorqs_tutorial": (5, None),  # tensors from data, NumPy, ones
    "data_tutorial": (3, None),  # the custom dataset read from files
    "transforms_tutorial": (True, None),
    "buildmodel_tutorial": (12, None),  # the device and the model printed
    "autograd_tutorial": (True, None),
    "optimization_tutorial": (2, r"^loss: +(\S+) "),
    "saveloadrun_tutorial": (True, None),
    "nn_tutorial": (12, r"^tensor\((\S+), grad_fn=<(?:Neg|NllLoss)Backward0>\)"),
    "polynomial_tensor": (False, STEP_LOSS),
    "polynomial_autograd": (1, STEP_LOSS),
    "polynomial_custom_function": (False, STEP_LOSS),
    "polynomial_nn": (False, STEP_LOSS),
    "polynomial_optim": (False, STEP_LOSS),
    "polynomial_module": (False, STEP_LOSS),
    "dynamic_net": (False, STEP_LOSS),
}

# Programs without random numbers whose numbers PyTorch computes in float32: the same
# text with numbers masked, and every number within float32's rounding of PyTorch's.
FLOAT32_CLOSE = ["polynomial_custom_function"]
# Under PyTorch these print the same text on every run: their recording must be it.
DETERMINISTIC = [name for name, (exact, _) in RULES.items() if exact is True] + FLOAT32_CLOSE

NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?")


# PyTorch's own Tensor.__array__ (np.asarray(t), plt.imshow(t)) lacks NumPy 2's copy
# keyword, which NumPy reports; under PyTorch that one warning is let through.
TORCH_NUMPY_WARNING = "ignore:__array__ implementation doesn't accept a copy keyword"


def start(args, under_torch=False):
    env = {"PYTHONPATH": str(ROOT)}
    quiet = ["-W", TORCH_NUMPY_WARNING] if under_torch else []
    return popen(
        [sys.executable, "-W", "error", *quiet, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )


def _text(returncode, stdout, stderr):
    assert returncode == 0, stderr
    assert stderr == ""
    return re.sub(r"0x[0-9a-f]+", "0x...", stdout)


def output(process):
    stdout, stderr = process.communicate()
    return _text(process.returncode, stdout, stderr)


def ours(name):
    """What the program prints on this project (run once per test session)."""
    (stdout, stderr), code = _runs().result(name)
    return _text(code, stdout, stderr)


def _run(args, under_torch=False):
    process = start(args, under_torch)
    return process.communicate(), process.returncode


@functools.cache
def _runs():
    """Every run the tests compare (tests/_background.py), the longest first: each
    program on this project by name, and, when PyTorch is installed, "torch": all
    the programs under PyTorch."""
    calls = {"torch": (under_torch, (tutorials.PROGRAMS,))} if torch_installed() else {}
    for name in sorted(tutorials.PROGRAMS, key=lambda n: n != "nn_tutorial"):
        calls[name] = (_run, (["-m", "tensors.tutorials", name],))
    return Runs(calls)


def reads(item) -> list:
    """The runs a test of this file reads (conftest.py queues them before the first test)."""
    test = item.originalname
    if test in ("test_program_prints_what_pytorch_prints",
                "test_program_without_randomness_prints_pytorchs_numbers"):  # fmt: skip
        return [item.callspec.params["name"]]
    if test == "test_nn_tutorial_every_refactor_still_trains":
        return ["nn_tutorial"]
    if test in ("test_recording_is_what_pytorch_prints",
                "test_nn_tutorial_every_refactor_still_trains_under_pytorch"):  # fmt: skip
        return ["torch"]
    return []


def recorded(name):
    return (RECORDED / f"{name}.expected.txt").read_text()


def under_torch(names):
    """name -> ((stdout, stderr), returncode) of each program run under PyTorch."""
    if not hasattr(os, "fork"):  # one fresh interpreter per program
        runs = {name: start([str(tutorials.path(name))], under_torch=True) for name in names}
        return {name: (p.communicate(), p.returncode) for name, p in runs.items()}
    runs = run_forked({n: tutorials.path(n) for n in names}, lambda a: start(a, True))
    return {n: ((out, err), code) for n, (out, err, code) in runs.items()}


def theirs(name):
    """What the program prints under PyTorch now (all programs run together)."""
    pytest.importorskip("torch")
    (stdout, stderr), code = _runs().result("torch")[name]
    return _text(code, stdout, stderr)


def masked(text):
    """The text with every number replaced by '#', runs of spaces made one, and the
    line breaks inside a printed tensor removed (where a tensor's rows wrap depends on
    the widths of its random numbers); a predicted and an actual class name (random
    data) are masked too."""
    text = NUMBER.sub("#", text)
    text = re.sub(r'(Predicted|Actual): "[^"\n]*"', r'\1: "?"', text)
    text = re.sub(r",[ \t]*\n[ \t]*", ", ", text)
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"([\[(]) ", r"\1", text)


def losses(text, pattern):
    return [float(m.group(1)) for m in re.finditer(pattern, text, re.MULTILINE)]


def agrees(name, got, expected):
    """``got`` is what PyTorch prints (``expected``) by the program's rule."""
    exact, loss_line = RULES[name]
    if exact is True:
        assert got == expected
    else:
        assert got.splitlines()[:exact] == expected.splitlines()[:exact]
        assert masked(got).splitlines() == masked(expected).splitlines()
    if loss_line:
        got_losses, expected_losses = losses(got, loss_line), losses(expected, loss_line)
        assert len(got_losses) == len(expected_losses) >= 2
        # training lowers the loss (the best of the later half beats the first report;
        # dynamic_net's loss jumps with its random degree, so not always the last)
        for found in (got_losses, expected_losses):
            half = len(found) // 2
            assert min(found[half:]) < found[0]


def test_every_program_has_a_rule_and_a_recording():
    assert set(RULES) == set(tutorials.PROGRAMS)
    assert {p.name for p in RECORDED.glob("*.expected.txt")} == {
        f"{name}.expected.txt" for name in tutorials.PROGRAMS
    }


@pytest.mark.parametrize("name", tutorials.PROGRAMS)
def test_program_prints_what_pytorch_prints(name):
    agrees(name, ours(name), recorded(name))


@pytest.mark.parametrize("name", tutorials.PROGRAMS)
def test_recording_is_what_pytorch_prints(name):
    now = theirs(name)
    if name in DETERMINISTIC:
        assert now == recorded(name)
    agrees(name, now, recorded(name))


@pytest.mark.parametrize("name", FLOAT32_CLOSE)
def test_program_without_randomness_prints_pytorchs_numbers(name):
    theirs_numbers = [float(n) for n in NUMBER.findall(recorded(name))]
    ours_numbers = [float(n) for n in NUMBER.findall(ours(name))]
    assert len(ours_numbers) == len(theirs_numbers) > 10
    assert ours_numbers == pytest.approx(theirs_numbers, rel=1e-4, abs=1e-6)


def nn_tutorial_losses(text):
    """The nn tutorial's reports: its batch losses (each before or after a training
    run), the accuracies beside the first two trained ones, and the validation
    losses of its two logistic runs of two epochs."""
    batch = losses(text, RULES["nn_tutorial"][1])
    accuracy = re.findall(r"grad_fn=<\w+>\) tensor\((\S+)\)$", text, re.MULTILINE)
    valid = losses(text, r"^\d+ tensor\((\S+)\)$")
    fitted = losses(text, r"^\d+ (\d\S*)$")[:2]  # then come the CNN's one-epoch runs
    return batch, [float(a) for a in accuracy], valid, fitted


def check_nn_tutorial_trains(text):
    batch, accuracy, valid, fitted = nn_tutorial_losses(text)
    assert len(batch) == 11 and len(accuracy) == 2
    # untrained: the bare model, Mnist_Logistic with Parameters, with Linear, get_model()
    untrained = [batch[i] for i in (0, 3, 5, 7)]
    # trained: by hand (then scored by F.cross_entropy), fit(), fit() again, SGD,
    # SGD over a TensorDataset, over a DataLoader
    trained = [batch[i] for i in (1, 2, 4, 6, 8, 9, 10)]
    assert max(trained) < min(untrained)
    # F.cross_entropy scores the hand-trained model as log_softmax and nll did
    assert abs(batch[2] - batch[1]) <= 1e-4 and accuracy[0] == accuracy[1]
    assert len(valid) == len(fitted) == 2
    assert valid[1] < valid[0] and fitted[1] < fitted[0]


def test_nn_tutorial_every_refactor_still_trains():
    check_nn_tutorial_trains(recorded("nn_tutorial"))
    check_nn_tutorial_trains(ours("nn_tutorial"))


def test_nn_tutorial_every_refactor_still_trains_under_pytorch():
    check_nn_tutorial_trains(theirs("nn_tutorial"))


def test_runner_doctests_and_errors():
    result = doctest.testmod(tutorials, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
    with pytest.raises(ValueError, match="no tutorial program 'nope'"):
        tutorials.path("nope")
    assert "torch" not in sys.modules or sys.modules["torch"].__name__ == "torch"


def test_the_runner_maps_every_torch_module_and_puts_torch_back():
    before = {n: m for n, m in sys.modules.items() if n.split(".")[0] == "torch"}
    with tutorials.torch_is_tensors():
        import torch
        import torch.nn.functional as F
        import torch.testing  # not loaded by ``import tensors``: found on demand

        assert torch.__name__ == "tensors"
        assert F.__name__ == "tensors.nn.functional"
        assert torch.testing.__name__ == torch.testing.__spec__.name == "tensors.testing"
        with pytest.raises(ModuleNotFoundError, match="torch.fft"):
            import torch.fft  # noqa: F401 - not in this project
    after = {n: m for n, m in sys.modules.items() if n.split(".")[0] == "torch"}
    assert after == before


def record() -> None:
    """Write what every program prints under PyTorch into ``tests/programs/``."""
    for name, ((stdout, stderr), code) in under_torch(tutorials.PROGRAMS).items():
        (RECORDED / f"{name}.expected.txt").write_text(_text(code, stdout, stderr))
        print(f"recorded {name}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--record"]:
        sys.exit("usage: python tests/test_tutorial.py --record  (needs torch 2.13)")
    record()
