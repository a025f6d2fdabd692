"""``python -m viz.demo``: PyTorch's autograd tutorial on this engine, and its graph in three views.

Runs the project's walk through PyTorch's page "Automatic differentiation with
torch.autograd" (``tensors/tutorials/autograd_tutorial.py``, the same program the
tests compare with PyTorch) with ``torch`` meaning ``tensors``, printing what
the page prints, then writes the graph of its loss as SVG files (the tensor
view, the autograd view and the Value view) and says where they are.

>>> from viz.demo import main
>>> paths = main("build/doctest-demo", quiet=True)
>>> sorted(p.name for p in paths)
['tutorial-autograd-view.svg', 'tutorial-tensor-view.svg', 'tutorial-value-view.svg']
"""

from __future__ import annotations

import pathlib
import sys
from typing import Union

import viz
from tensors import tutorials


def tutorial() -> dict:
    """Run the tutorial program (``tensors/tutorials/autograd_tutorial.py``) on this engine; returns
    the tensors of its first graph by name."""
    return tutorials.run("autograd_tutorial")["graph"]


def main(out_dir: Union[str, pathlib.Path] = "build", quiet: bool = False) -> list:
    """Run the tutorial and write its three graph views as SVG files under ``out_dir``."""
    out = pathlib.Path(out_dir)
    if quiet:
        import contextlib
        import io

        with contextlib.redirect_stdout(io.StringIO()):
            graph = tutorial()
    else:
        graph = tutorial()
    names = {k: graph[k] for k in ("x", "y", "w", "b", "z", "loss")}
    loss = graph["loss"]
    views = {
        "tutorial-tensor-view.svg": viz.draw(loss, names=names),
        "tutorial-autograd-view.svg": viz.make_dot(loss, params={"w": graph["w"], "b": graph["b"]}),
        "tutorial-value-view.svg": viz.draw_values(loss, names=names),
    }
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for filename, g in views.items():
        path = out / filename
        viz.save(g, path)
        paths.append(path)
    if not quiet:
        print("\nThe graph of the loss, in three views:")
        for path in paths:
            print(f"  {path}")
    return paths


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build")
