"""The tutorial programs (``tensors/tutorials/``) print here what they print under PyTorch.

Each program runs twice in a fresh interpreter: as it is under PyTorch where
torch is installed, and through ``python -m tensors.tutorials NAME``, where
``import torch`` gives ``tensors``. Programs without randomness must print
the same text (object addresses aside); those with random numbers must print
the same lines and words, with numbers masked (and PyTorch's very text up to
their first random draw, where they print something before it), and their loss
must go down.
The autograd tutorial's text under PyTorch is also recorded in
``tests/programs/`` so it is checked where torch is absent.
"""

import doctest
import functools
import os
import pathlib
import re
import subprocess
import sys

import pytest

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

NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?")


# PyTorch's own Tensor.__array__ (np.asarray(t), plt.imshow(t)) lacks NumPy 2's copy
# keyword, which NumPy reports; under PyTorch that one warning is let through.
TORCH_NUMPY_WARNING = "ignore:__array__ implementation doesn't accept a copy keyword"


def start(args, under_torch=False):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    quiet = ["-W", TORCH_NUMPY_WARNING] if under_torch else []
    return subprocess.Popen(
        [sys.executable, "-W", "error", *quiet, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )


def output(process):
    stdout, stderr = process.communicate()
    assert process.returncode == 0, stderr
    assert stderr == ""
    return re.sub(r"0x[0-9a-f]+", "0x...", stdout)


def ours(name):
    return output(start(["-m", "tensors.tutorials", name]))


def theirs(name):
    pytest.importorskip("torch")
    return output(start([str(tutorials.path(name))], under_torch=True))


@functools.cache
def both(name):
    """(PyTorch's output, ours): the two runs side by side (once per test session)."""
    pytest.importorskip("torch")
    theirs_run = start([str(tutorials.path(name))], under_torch=True)
    ours_run = start(["-m", "tensors.tutorials", name])
    return output(theirs_run), output(ours_run)


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


def test_every_program_has_a_rule():
    assert set(RULES) == set(tutorials.PROGRAMS)


def test_autograd_tutorial_prints_pytorchs_recorded_text():
    assert ours("autograd_tutorial") == (RECORDED / "autograd_tutorial.expected.txt").read_text()


def test_recorded_text_is_pytorchs_own():
    recorded = (RECORDED / "autograd_tutorial.expected.txt").read_text()
    assert theirs("autograd_tutorial") == recorded


@pytest.mark.parametrize("name", tutorials.PROGRAMS)
def test_program_prints_what_pytorch_prints(name):
    exact, loss_line = RULES[name]
    expected, got = both(name)
    if exact is True:
        assert got == expected
    else:
        assert got.splitlines()[:exact] == expected.splitlines()[:exact]
        assert masked(got).splitlines() == masked(expected).splitlines()
    if loss_line:
        ours_losses, their_losses = losses(got, loss_line), losses(expected, loss_line)
        assert len(ours_losses) == len(their_losses) >= 2
        # training lowers the loss (the best of the later half beats the first report;
        # dynamic_net's loss jumps with its random degree, so not always the last)
        half = len(ours_losses) // 2
        assert min(ours_losses[half:]) < ours_losses[0]
        assert min(their_losses[half:]) < their_losses[0]


# Programs without random numbers whose numbers PyTorch computes in float32: the same
# text with numbers masked, and every number within float32's rounding of PyTorch's.
FLOAT32_CLOSE = ["polynomial_custom_function"]


@pytest.mark.parametrize("name", FLOAT32_CLOSE)
def test_program_without_randomness_prints_pytorchs_numbers(name):
    expected, got = both(name)
    theirs_numbers = [float(n) for n in NUMBER.findall(expected)]
    ours_numbers = [float(n) for n in NUMBER.findall(got)]
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


def test_nn_tutorial_every_refactor_still_trains():
    for text in both("nn_tutorial"):
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
        with pytest.raises(ModuleNotFoundError, match="torch.distributions"):
            import torch.distributions  # noqa: F401 - not in this project
    after = {n: m for n, m in sys.modules.items() if n.split(".")[0] == "torch"}
    assert after == before
