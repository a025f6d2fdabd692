"""Every notebook runs without error, and its saved outputs are what it produces now."""

import atexit
import functools
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import pytest
from _background import Runs, popen
from _forking import torch_installed

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


# Runs a notebook in a kernel of its own and writes the result: sys.argv[1] -> sys.argv[2].
_EXECUTE = """
import sys, nbclient, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
where = {"metadata": {"path": sys.argv[3]}}
nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", resources=where).execute()
nbformat.write(nb, sys.argv[2])
"""


def _run(path: pathlib.Path, out: str) -> tuple:
    """(returncode, stderr, the executed notebook's file) of one notebook's run."""
    # The kernel inherits the environment.
    env = {variable: str(value) for variable, value in SHORT_RUNS.get(path.name, {}).items()}
    target = os.path.join(out, path.name)
    process = popen(
        [sys.executable, "-c", _EXECUTE, str(path), target, str(path.parent)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    _, stderr = process.communicate()
    return process.returncode, stderr, target


@functools.cache
def _runs() -> Runs:
    """Every notebook's run (tests/_background.py), each in an interpreter and kernel
    of its own, the longest first."""
    out = tempfile.mkdtemp(prefix="notebooks-")
    atexit.register(shutil.rmtree, out, True)
    longest = ["10_tiny_gpt.ipynb", "07_digits.ipynb", "09_mlp_by_hand.ipynb"]
    longest_first = sorted(NOTEBOOKS, key=lambda p: (longest + [p.name]).index(p.name))
    return Runs({path: (_run, (path, out)) for path in longest_first})


def reads(item) -> list:
    """The runs a test of this file reads (conftest.py queues them before the first test)."""
    if item.originalname == "test_notebook_runs_and_its_saved_outputs_are_current":
        return [item.callspec.params["path"]]
    return []


def _execute(path: pathlib.Path):
    """(the saved notebook, the notebook as it runs now)."""
    code, stderr, target = _runs().result(path)
    assert code == 0, f"{path.name} did not run through:\n{stderr[-3000:]}"
    return nbformat.read(path, as_version=4), nbformat.read(target, as_version=4)


# Saved with PyTorch installed. Without it, the cells that use it say so instead of
# running, and the other cells are compared.
WITH_TORCH = {"06_moving_to_pytorch.ipynb"}
_USES_TORCH = re.compile(r"\btorch\b")


# Lesson 07 trains on scikit-learn's bundled digits (the dev and notebooks extras install it).
WITH_SKLEARN = {"07_digits.ipynb"}


# A lesson that trains for a minute trains a shorter run under test: an environment
# variable its training cell reads sets the number of epochs (or steps). The saved
# notebook keeps the full run. Being seeded, the short run prints the full run's first
# lines to the digit; its later cells must show the same outputs with their numbers
# masked, and the text a trained model writes (a line "sample: ...") masked too. The
# first variable is the training cell's; lesson 10 also writes a shorter sample.
SHORT_RUNS = {
    "07_digits.ipynb": {"LESSON_07_EPOCHS": 1},
    "10_tiny_gpt.ipynb": {"LESSON_10_STEPS": 5, "LESSON_10_SAMPLE": 8},
}
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?")
_SAMPLE = re.compile(r"^sample: .*$", re.M)


def _mask(text: str) -> str:
    text = _SAMPLE.sub("sample: ...", text)
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
def test_notebook_runs_and_its_saved_outputs_are_current(path):
    if path.name in WITH_SKLEARN:
        pytest.importorskip(
            "sklearn",
            reason=f"scikit-learn is not installed: {path.name} trains on its digits "
            "(pip install -e '.[dev]' or '.[notebooks]')",
        )
    saved, fresh = _execute(path)  # fails, with the cell's error, if any cell raised
    if path.name in SHORT_RUNS:
        variable = next(iter(SHORT_RUNS[path.name]))
        _short_run_agrees(saved, _outputs(saved), _outputs(fresh), variable)
        return
    if path.name in WITH_TORCH and not torch_installed():
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


# -- numbers in the prose: each one is a number the notebook's outputs show --------------

_PROSE_NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?(?:e-?\d+)?%?")
# Not prose: formulas ($...$, $$...$$) and code (`...`), where numbers are the code's own.
_NOT_PROSE = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`", re.S)
# Not measurements: the numbers of lessons, cells, sections and exercises.
_REFERENCE = re.compile(
    r"\b(?:[Ll]essons?|[Cc]ells?|[Ss]ections?|[Ee]xercises?)\s+\d+(?:\s*(?:-|,|and|to)\s*\d+)*"
    r"|\*\*\d+\.\*\*|^#+ \d+\.",
    re.M,
)
_PLAIN = {0.0, 1.0, 2.0}  # "one input", "two layers": counting words, not results


def _numbers(text: str) -> dict:
    found = {}
    for m in _PROSE_NUMBER.finditer(text):
        try:
            found[float(m.group().rstrip("%").replace(",", ""))] = m.group()
        except ValueError:
            pass
    return found


def _shown_numbers(nb) -> set:
    shown: set = set()
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else ():
            if out.output_type == "stream":
                shown.update(_numbers(out.text))
            for kind, value in out.get("data", {}).items():
                if kind in ("text/plain", "text/html", "text/markdown"):
                    shown.update(_numbers(str(value)))
    return shown


def _stale(nb) -> list:
    shown = _shown_numbers(nb)
    stale = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        prose = _REFERENCE.sub(" ", _NOT_PROSE.sub(" ", cell.source))
        stale += [(i, t) for n, t in _numbers(prose).items() if n not in shown and n not in _PLAIN]
    return stale


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_number_in_the_prose_is_one_the_outputs_show(path):
    """A number typed into the text goes stale when the code changes; a number the
    outputs show is the code's own. (Saved outputs are checked current above.)"""
    stale = _stale(nbformat.read(path, as_version=4))
    assert not stale, f"{path.name}: prose numbers no output shows (cell, text): {stale}"


def test_the_prose_number_check_finds_a_stale_number():
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("print(29)")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="29 Values\n")]
    nb.cells = [
        code,
        nbformat.v4.new_markdown_cell("The graph has 29 Values (`size=9`, $x^3$, lesson 04)."),
        nbformat.v4.new_markdown_cell("It has 86 Values and 1,000 pixels."),
    ]
    assert _stale(nb) == [(2, "86"), (2, "1,000")]
