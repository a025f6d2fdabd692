"""The course programs (``tensors/courses/``) print here what they print under PyTorch.

Each program runs twice in a fresh interpreter: as it is under PyTorch where torch
is installed, and through ``python -m tensors.courses NAME``, where ``import torch``
gives ``tensors``. Their text must be PyTorch's up to their first random draw,
then the same lines and words with numbers masked (sampled names and generated
text, which are random words, are set aside); numbers that no draw decides must be
PyTorch's within float32's rounding (PyTorch computes in float32, this project in
Python floats); and each training run's loss must go down, in both libraries.
The long programs run their short form (``COURSES_QUICK=1``).
"""

from __future__ import annotations

import doctest
import functools
import os
import pathlib
import re
import subprocess
import sys

import pytest

from tensors import courses

ROOT = pathlib.Path(__file__).parent.parent

STEP = r"^ *\d+/ *\d+: (\S+)$"  # "     10/     40: 3.2598"
NAMES = r"^[a-z]*\.$"  # a sampled name
EPOCH = r"^epoch (\d+): .*val loss (\S+)$"  # d2l's Trainer, as these programs write it

# name -> rules: exact_until (the first line that need not be PyTorch's very text),
# close (lines without draws whose numbers must be PyTorch's within float32 rounding), loss (the
# pattern of a loss report, group 1 the loss; a report of step 0 starts a new run),
# drop (lines of random words, set aside), words (random words inside lines, masked),
# cut (text after the last line matching it is random, set aside)
RULES = {
    "zero_to_hero_micrograd": dict(exact_until=r"^0\.7071", close=r"^(0\.|x|w|tensor)",
                                   loss=r"^(\d+) (\S+)$"),
    "zero_to_hero_makemore1": dict(exact_until=r"^torch.Size\(\[3\]\)",
                                   close=r"^(log_likelihood=|nll=|\d\.\d+$)",
                                   loss=r"^(\d+) (\d+\.\d+)$", drop=NAMES),
    "zero_to_hero_makemore2": dict(exact_until=r"^0 ", loss=r"^(\d+) (\d+\.\d+)$", drop=NAMES),
    "zero_to_hero_makemore3": dict(exact_until=r"^ +0/", loss=r"^ *(\d+)/ *\d+: (\S+)$"),
    "zero_to_hero_makemore4": dict(exact_until=r"^logprobs", loss=r"^ *(\d+)/ *\d+: (\S+)$",
                                   words=r"exact: \w+"),
    "zero_to_hero_makemore5": dict(exact_until=r"^ +0/", loss=r"^ *(\d+)/ *\d+: (\S+)$",
                                   drop=NAMES),
    "zero_to_hero_gpt": dict(exact_until=r"^step 0", loss=r"^step (\d+): train loss (\S+),",
                             cut=r"^step \d+:"),
    "d2l_ch02_preliminaries": dict(exact_until=r"^heads"),
    "d2l_ch03_linear_regression": dict(exact_until=r"^epoch 0", loss=EPOCH),
    "d2l_ch04_softmax_regression": dict(exact_until=r"^\['", loss=EPOCH, drop=r"^\['"),
    "d2l_ch06_builders_guide": dict(exact_until=r"^$^"),  # no line depends on a draw
    "d2l_ch07_convolutions": dict(exact_until=r"^epoch 2,", loss=r"^epoch (\d+), loss (\S+)$"),
    "d2l_ch08_modern_cnns": dict(exact_until=r"^epoch 0", loss=r"^epoch (\d+): loss (\S+)$"),
    "d2l_ch09_10_rnns": dict(exact_until=r"^step 0", loss=r"^step (\d+): perplexity (\S+)$"),
    "d2l_ch11_attention": dict(exact_until=r"^step 0", loss=r"^step (\d+): loss (\S+)$"),
    "d2l_ch05_mlp": dict(exact_until=r"^tensor\(\[-1\.0000", loss=EPOCH),
}  # fmt: skip

NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?")


def start(args):
    env = dict(os.environ, PYTHONPATH=str(ROOT), COURSES_QUICK="1")
    return subprocess.Popen(
        [sys.executable, "-W", "error", *args],
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


@functools.cache
def both(name):
    """(PyTorch's output, ours), each run once per test session, side by side."""
    pytest.importorskip("torch")
    theirs = start([str(courses.path(name))])
    ours = start(["-m", "tensors.courses", name])
    return output(theirs), output(ours)


def prefix_length(lines, pattern):
    return next((i for i, line in enumerate(lines) if re.search(pattern, line)), len(lines))


def comparable(text, rules):
    """The text without its random words, lines and tail, numbers masked, spaces made one,
    and the line breaks inside printed tensors removed."""
    lines = text.splitlines()
    if "cut" in rules:
        last = max(i for i, line in enumerate(lines) if re.search(rules["cut"], line))
        lines = lines[: last + 1]
    if "drop" in rules:
        lines = [line for line in lines if not re.search(rules["drop"], line)]
    text = "\n".join(lines)
    if "words" in rules:
        text = re.sub(rules["words"], "?", text)
    text = NUMBER.sub("#", text)
    text = re.sub(r",[ \t]*\n[ \t]*", ", ", text)
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"([\[(]) ", r"\1", text).splitlines()


def runs(text, pattern):
    """The reported losses, one list per training run (a report of step 0 starts one)."""
    found = []
    for m in re.finditer(pattern, text, re.MULTILINE):
        step, loss = int(m.group(1)), float(m.group(2))
        if step == 0 or not found:
            found.append([])
        found[-1].append(loss)
    return found


def test_every_program_has_a_rule():
    assert set(RULES) == set(courses.PROGRAMS)


@pytest.mark.parametrize("name", courses.PROGRAMS)
def test_program_prints_what_pytorch_prints(name):
    rules = RULES[name]
    expected, got = both(name)
    theirs_lines, ours_lines = expected.splitlines(), got.splitlines()
    exact = prefix_length(theirs_lines, rules["exact_until"])
    assert exact > 0
    if "close" in rules:  # a prefix without draws whose numbers PyTorch rounds to float32
        assert comparable("\n".join(ours_lines[:exact]), {}) == comparable(
            "\n".join(theirs_lines[:exact]), {}
        )
    else:
        assert ours_lines[:exact] == theirs_lines[:exact]
    assert comparable(got, rules) == comparable(expected, rules)


@pytest.mark.parametrize("name", [n for n in courses.PROGRAMS if "close" in RULES[n]])
def test_numbers_without_draws_are_pytorchs(name):
    expected, got = both(name)
    pattern = RULES[name]["close"]

    def numbers(text):
        lines = [line for line in text.splitlines() if re.search(pattern, line)]
        return [float(n) for line in lines for n in NUMBER.findall(line)]

    theirs_numbers, ours_numbers = numbers(expected), numbers(got)
    assert len(ours_numbers) == len(theirs_numbers) > 0
    # PyTorch's float32 sums of thousands of terms are off by a few parts in a million
    assert ours_numbers == pytest.approx(theirs_numbers, rel=1e-5, abs=1e-6)


@pytest.mark.parametrize("name", [n for n in courses.PROGRAMS if "loss" in RULES[n]])
def test_training_lowers_the_loss(name):
    for text in both(name):
        found = runs(text, RULES[name]["loss"])
        assert found and all(len(run) >= 2 for run in found)
        for run in found:
            half = len(run) // 2
            assert min(run[half:]) < run[0]


def test_runner_doctests_and_errors():
    result = doctest.testmod(courses, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
    with pytest.raises(ValueError, match="no course program 'nope'"):
        courses.path("nope")
    process = start(["-m", "tensors.courses"])
    _, stderr = process.communicate()
    assert process.returncode == 1 and "usage: python -m tensors.courses NAME" in stderr
