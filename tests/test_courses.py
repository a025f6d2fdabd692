"""The course programs (``tensors/courses/``) print here what they print under PyTorch.

What each prints under PyTorch 2.13 is recorded in ``tests/programs/courses/``
(``python tests/test_courses.py --record`` writes it anew), so it is checked on every
machine. Each program runs in a fresh interpreter through ``python -m tensors.courses
NAME``, where ``import torch`` gives ``tensors``, and must print the recording's text
up to its first random draw, then the same lines and words with numbers masked
(sampled names and generated text, random words, are set aside); numbers that no
draw decides must be PyTorch's within float32's rounding (PyTorch computes in
float32, this project in Python floats); each training run's loss must go down.
Where torch is installed every program also runs under PyTorch (one interpreter
imports torch once and forks a child per program) and must agree with its
recording by the same rules. The long programs run their short form
(``COURSES_QUICK=1``): the GPT trains 5 steps, not 200, reporting its loss at the
first and last, and samples 5 characters; makemore part 1's net and each of chapters
9-10's models train 10 steps, not 20; chapter 7's LeNet 1 epoch, not 2; chapter 8's
ResNet 2 epochs, not 3. A short run makes every call the full run makes
(each training step is the same code; one step already runs every layer forward and
back and the optimizer over every parameter), so the same code is compared with
PyTorch's text, and each loss must still go down.
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
from _background import Runs, popen
from _forking import run_forked, torch_installed

from tensors import courses

ROOT = pathlib.Path(__file__).parent.parent
RECORDED = pathlib.Path(__file__).parent / "programs" / "courses"

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
    env = {"PYTHONPATH": str(ROOT), "COURSES_QUICK": "1"}
    return popen(
        [sys.executable, "-W", "error", *args],
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
    """What the program prints on this project."""
    return _runs().result(name)


def theirs(name):
    """What the program prints under PyTorch now (all of them run together)."""
    pytest.importorskip("torch")
    return _runs().result("torch")[name]


def recorded(name):
    return (RECORDED / f"{name}.expected.txt").read_text()


def under_torch(names):
    """name -> what the program prints under PyTorch."""
    if not hasattr(os, "fork"):
        return {name: output(start([str(courses.path(name))])) for name in names}
    runs = run_forked({n: courses.path(n) for n in names}, start)
    return {n: _text(code, out, err) for n, (out, err, code) in runs.items()}


def _ours(name):
    return output(start(["-m", "tensors.courses", name]))


@functools.cache
def _runs():
    """Every run the tests compare (tests/_background.py): each program on this project
    by name, the longest first, and, when PyTorch is installed, "torch": all of them
    under PyTorch."""
    calls = {"torch": (under_torch, (courses.PROGRAMS,))} if torch_installed() else {}
    for name in sorted(courses.PROGRAMS, key=lambda n: (LONGEST + [n]).index(n)):
        calls[name] = (_ours, (name,))
    return Runs(calls)


LONGEST = [
    "zero_to_hero_gpt", "d2l_ch08_modern_cnns", "zero_to_hero_makemore5",
    "zero_to_hero_makemore1", "d2l_ch07_convolutions", "d2l_ch09_10_rnns",
]  # fmt: skip


def reads(item) -> list:
    """The runs a test of this file reads (conftest.py queues them before the first test)."""
    if item.originalname == "test_program_prints_what_pytorch_printed":
        return [item.callspec.params["name"]]
    if item.originalname == "test_pytorch_still_prints_the_recording":
        return ["torch"]
    return []


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


def agrees(name, got, expected):
    """``got`` prints what PyTorch printed (``expected``), by the program's rules."""
    rules = RULES[name]
    expected_lines, got_lines = expected.splitlines(), got.splitlines()
    exact = prefix_length(expected_lines, rules["exact_until"])
    assert exact > 0
    if "close" in rules:  # a prefix without draws, whose numbers PyTorch rounds to float32
        head = "\n".join(got_lines[:exact]), "\n".join(expected_lines[:exact])
        assert comparable(head[0], {}) == comparable(head[1], {})
    else:
        assert got_lines[:exact] == expected_lines[:exact]
    assert comparable(got, rules) == comparable(expected, rules)
    if "close" in rules:
        assert numbers(got, rules["close"]) == pytest.approx(
            numbers(expected, rules["close"]), rel=1e-5, abs=1e-6
        )  # PyTorch's float32 sums of thousands of terms are off by parts in a million
    if "loss" in rules:
        found = runs(got, rules["loss"])
        assert found and all(len(run) >= 2 for run in found)
        for run in found:
            half = len(run) // 2
            assert min(run[half:]) < run[0]


def numbers(text, pattern):
    lines = [line for line in text.splitlines() if re.search(pattern, line)]
    found = [float(n) for line in lines for n in NUMBER.findall(line)]
    assert found
    return found


def test_every_program_has_a_rule_and_a_recording():
    assert set(RULES) == set(courses.PROGRAMS)
    assert {p.name for p in RECORDED.glob("*.expected.txt")} == {
        f"{name}.expected.txt" for name in courses.PROGRAMS
    }


@pytest.mark.parametrize("name", courses.PROGRAMS)
def test_program_prints_what_pytorch_printed(name):
    agrees(name, ours(name), recorded(name))


@pytest.mark.parametrize("name", courses.PROGRAMS)
def test_pytorch_still_prints_the_recording(name):
    agrees(name, theirs(name), recorded(name))


def test_runner_doctests_and_errors():
    result = doctest.testmod(courses, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
    with pytest.raises(ValueError, match="no course program 'nope'"):
        courses.path("nope")
    process = start(["-m", "tensors.courses"])
    _, stderr = process.communicate()
    assert process.returncode == 1 and "usage: python -m tensors.courses NAME" in stderr


if __name__ == "__main__" and sys.argv[1:] == ["--record"]:
    RECORDED.mkdir(parents=True, exist_ok=True)
    for program, text in under_torch(courses.PROGRAMS).items():
        (RECORDED / f"{program}.expected.txt").write_text(text)
        print("recorded", program)
