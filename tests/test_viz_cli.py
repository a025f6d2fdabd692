"""python -m viz SCRIPT.py --out DIR: pictures of a script's tensors, for course material."""

import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET

import pytest

SVG = "{http://www.w3.org/2000/svg}"

LESSON = """\
import tensors as torch
x = torch.ones(5)  # input tensor
y = torch.zeros(3)  # expected output
w = torch.randn(5, 3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
z = torch.matmul(x, w)+b
loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
"""


def run(tmp_path, *args, source=LESSON, env=None):
    script = tmp_path / "lesson.py"
    script.write_text(source)
    return subprocess.run(
        [sys.executable, "-m", "viz", str(script), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )


def texts(path):
    root = ET.parse(path).getroot()
    return ["".join(t.itertext()) for t in root.iter(SVG + "text")]


def test_each_named_tensor_is_drawn_to_svg(tmp_path):
    done = run(tmp_path, "--out", "figures")
    assert done.returncode == 0, done.stderr
    out = tmp_path / "figures"
    assert sorted(p.name for p in out.iterdir()) == ["loss.svg", "z.svg"]
    # one line per file, in the order the script names the tensors
    assert done.stdout.split() == ["figures/z.svg", "figures/loss.svg"]
    assert sorted(texts(out / "loss.svg")) == sorted(
        ["x", "w", "b", "y", "z", "loss", "*", "+", "CE", "Parameters"]
    )
    assert "loss" not in texts(out / "z.svg")


def test_last_result_when_no_tensor_is_named(tmp_path):
    source = "from autograd_scalar import Value\na = Value(2.0, label='a')\n(a * a + 1).tanh()\n"
    done = run(tmp_path, "--out", "out", "--format", "png", source=source)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "result.png").read_bytes().startswith(b"\x89PNG")


def test_name_view_and_format_options(tmp_path):
    done = run(tmp_path, "--out", "out", "--name", "loss", "--view", "autograd")
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["loss.svg"]
    assert "AccumulateGrad" in texts(tmp_path / "out" / "loss.svg")
    done = run(tmp_path, "--out", "dots", "--name", "z", "--view", "values", "--format", "dot")
    assert done.returncode == 0, done.stderr
    assert "matmul(x, w)" in (tmp_path / "dots" / "z.dot").read_text()


def test_script_arguments_after_a_double_dash(tmp_path):
    source = textwrap.dedent(
        """
        import sys
        import tensors as torch
        w = torch.ones(int(sys.argv[1]), requires_grad=True)
        total = w.sum()
        """
    )
    done = run(tmp_path, "--out", "out", "--view", "values", "--", "3", source=source)
    assert done.returncode == 0, done.stderr
    assert "w[2]" in texts(tmp_path / "out" / "total.svg")


def test_a_graph_too_large_writes_nothing(tmp_path):
    done = run(tmp_path, "--out", "out", "--max-nodes", "7")
    assert done.returncode == 1
    assert "9 nodes" in done.stderr and "--max-nodes" in done.stderr
    assert not (tmp_path / "out").exists()


def test_without_dot_nothing_is_written(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    # Only PATH changes: the project must stay importable (PYTHONPATH and the rest kept).
    done = run(tmp_path, "--out", "out", env={**os.environ, "PATH": str(empty)})
    assert done.returncode == 1
    assert "Graphviz" in done.stderr and "apt-get install graphviz" in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--name", "nope"], "no variable 'nope'"),
        (["--name", "x"], None),
    ],
)
def test_bad_names(tmp_path, args, message):
    done = run(tmp_path, "--out", "out", *args)
    if message is None:  # a leaf tensor is a one-node picture
        assert done.returncode == 0, done.stderr
        assert texts(tmp_path / "out" / "x.svg") == ["x"]
    else:
        assert done.returncode == 1 and message in done.stderr


def test_nothing_to_draw(tmp_path):
    done = run(tmp_path, "--out", "out", source="x = 1\n")
    assert done.returncode == 1
    assert "nothing to draw" in done.stderr


def test_an_unknown_format_gets_argparses_error_with_the_choices(tmp_path):
    done = run(tmp_path, "--out", "out", "--format", "xyz")
    assert done.returncode == 2
    assert "invalid choice: 'xyz'" in done.stderr and "'svg', 'png'" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_script_that_exits_is_still_drawn_and_says_so(tmp_path):
    source = LESSON + "import sys\nsys.exit(0)\nnever = 1\n"
    done = run(tmp_path, "--out", "out", source=source)
    assert done.returncode == 0, done.stderr
    assert "sys.exit(0)" in done.stderr
    assert (tmp_path / "out" / "loss.svg").exists()


def test_a_failing_exit_code_is_passed_on(tmp_path):
    done = run(tmp_path, "--out", "out", source=LESSON + "import sys\nsys.exit(3)\n")
    assert done.returncode == 3
    assert not (tmp_path / "out").exists()


def test_file_names_stay_inside_out(tmp_path):
    source = LESSON + 'globals()["../escape"] = loss\nglobals()["a/b"] = z\n'
    done = run(tmp_path, "--out", "out", source=source)
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["___escape.svg", "a_b.svg", "loss.svg", "z.svg"]
    assert not (tmp_path / "escape.svg").exists()


def test_a_relative_out_is_read_before_the_script_changes_directory(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    source = "import os\nos.chdir('elsewhere')\n" + LESSON
    done = run(tmp_path, "--out", "figures", source=source)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == ["loss.svg", "z.svg"]
    assert not (tmp_path / "elsewhere" / "figures").exists()
    assert done.stdout.split() == ["figures/z.svg", "figures/loss.svg"]
