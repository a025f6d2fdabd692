"""Programs that walk PyTorch's beginner tutorials, and a runner that runs them on this project.

Each program in this folder is a plain script that starts with ``import torch``
and calls what the tutorial page calls, in the same order, printing the same
kind of lines; the text is this project's own. Under PyTorch it runs as it
is (``python tutorials/polynomial_nn.py``); ``run`` runs it with ``torch``
meaning ``tensors``, as a learner would after changing the import line.

>>> import tutorials
>>> "autograd_tutorial" in tutorials.PROGRAMS
True
"""

from __future__ import annotations

import contextlib
import pathlib
import runpy
import sys
from typing import Any, Dict, Iterator

__all__ = ["PROGRAMS", "path", "run", "torch_is_tensors"]

HERE = pathlib.Path(__file__).parent

#: The programs, in the order of PyTorch's beginner path: "Learn the Basics", then
#: "Learning PyTorch with Examples".
PROGRAMS = (
    "tensorqs_tutorial",
    "buildmodel_tutorial",
    "autograd_tutorial",
    "optimization_tutorial",
    "polynomial_tensor",
    "polynomial_autograd",
    "polynomial_nn",
    "polynomial_optim",
    "polynomial_module",
    "dynamic_net",
)


def path(name: str) -> pathlib.Path:
    """The file of program ``name``.

    >>> path("autograd_tutorial").name
    'autograd_tutorial.py'
    """
    if name not in PROGRAMS:
        raise ValueError(f"no tutorial program {name!r}; the programs are {', '.join(PROGRAMS)}")
    return HERE / f"{name}.py"


@contextlib.contextmanager
def torch_is_tensors() -> Iterator[None]:
    """While inside, ``import torch`` (and ``torch.nn``, ``torch.utils.data``, ...) gives
    this project's modules; what was there before is put back afterwards.

    >>> with torch_is_tensors():
    ...     import torch
    ...     from torch.utils.data import DataLoader
    >>> torch.__name__, DataLoader.__module__
    ('tensors', 'tensors.utils.data.dataloader')
    """
    import tensors  # noqa: F401 - imports every public subpackage

    aliases = {
        "torch" + name[len("tensors") :]: module
        for name, module in list(sys.modules.items())
        if name == "tensors" or name.startswith("tensors.")
    }
    saved = {name: sys.modules[name] for name in aliases if name in sys.modules}
    sys.modules.update(aliases)
    try:
        yield
    finally:
        for name in aliases:
            if name in saved:
                sys.modules[name] = saved[name]
            else:
                sys.modules.pop(name, None)


def run(name: str) -> Dict[str, Any]:
    """Run program ``name`` on this project (``torch`` is ``tensors``); returns its globals.

    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     names = run("autograd_tutorial")
    >>> out.getvalue().splitlines()[0][:38]
    'Gradient function for z = <AddBackward'
    >>> sorted(names["graph"])
    ['b', 'loss', 'w', 'x', 'y', 'z']
    """
    with torch_is_tensors():
        return runpy.run_path(str(path(name)), run_name="__main__")
