"""PyTorch's autograd tutorial, run with `import tensors as torch`, prints what PyTorch prints."""

import pathlib
import re
import subprocess
import sys

PROGRAMS = pathlib.Path(__file__).parent / "programs"


def run_with(module_line: str, tmp_path: pathlib.Path) -> str:
    source = (PROGRAMS / "autograd_tutorial.py").read_text()
    assert source.startswith("import torch\n")
    program = tmp_path / "tutorial.py"
    program.write_text(source.replace("import torch\n", module_line + "\n", 1))
    done = subprocess.run(
        [sys.executable, "-W", "error", str(program)], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return re.sub(r"0x[0-9a-f]+", "0x...", done.stdout)


def test_tutorial_prints_what_pytorch_prints(tmp_path):
    expected = (PROGRAMS / "autograd_tutorial.expected.txt").read_text()
    assert run_with("import tensors as torch", tmp_path) == expected


def test_expected_text_is_pytorchs_own(tmp_path):
    # Where torch is installed, the recorded text is checked against it too.
    import pytest

    pytest.importorskip("torch")
    expected = (PROGRAMS / "autograd_tutorial.expected.txt").read_text()
    assert run_with("import torch", tmp_path) == expected
