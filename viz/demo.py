"""``python -m viz.demo``: PyTorch's autograd tutorial on this engine, and its graph in three views.

Runs the code of PyTorch's tutorial "Automatic differentiation with
torch.autograd" with ``import tensors as torch``, printing what the tutorial
prints, then writes the graph of its loss as SVG files (the tensor view, the
autograd view and the Value view) and says where they are.

>>> from viz.demo import main
>>> paths = main("build/doctest-demo", quiet=True)
>>> sorted(p.name for p in paths)
['tutorial-autograd-view.svg', 'tutorial-tensor-view.svg', 'tutorial-value-view.svg']
"""

from __future__ import annotations

import pathlib
import sys
from typing import Union

import tensors as torch
import viz


def tutorial() -> dict:
    """The tutorial's code, cell by cell; returns its tensors by name."""
    torch.manual_seed(0)  # repeatable numbers (not PyTorch's own random numbers)

    x = torch.ones(5)  # input tensor
    y = torch.zeros(3)  # expected output
    w = torch.randn(5, 3, requires_grad=True)
    b = torch.randn(3, requires_grad=True)
    z = torch.matmul(x, w) + b
    loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
    graph = {"x": x, "y": y, "w": w, "b": b, "z": z, "loss": loss}

    print(f"Gradient function for z = {z.grad_fn}")
    print(f"Gradient function for loss = {loss.grad_fn}")

    loss.backward()
    print(w.grad)
    print(b.grad)

    z = torch.matmul(x, w) + b
    print(z.requires_grad)

    with torch.no_grad():
        z = torch.matmul(x, w) + b
    print(z.requires_grad)

    z = torch.matmul(x, w) + b
    z_det = z.detach()
    print(z_det.requires_grad)

    inp = torch.eye(4, 5, requires_grad=True)
    out = (inp + 1).pow(2).t()
    out.backward(torch.ones_like(out), retain_graph=True)
    print(f"First call\n{inp.grad}")
    out.backward(torch.ones_like(out), retain_graph=True)
    print(f"\nSecond call\n{inp.grad}")
    inp.grad.zero_()
    out.backward(torch.ones_like(out), retain_graph=True)
    print(f"\nCall after zeroing gradients\n{inp.grad}")
    return graph


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
