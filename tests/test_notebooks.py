"""Every notebook runs without error, and its saved outputs are what it produces now."""

import copy
import pathlib
import re

import pytest

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
