"""Programs that walk PyTorch's beginner tutorials, and a runner that runs them on this project.

Each program in this folder is a plain script that starts with ``import torch``
and calls what the tutorial page calls, in the same order, printing the same
kind of lines; the text is this project's own. Under PyTorch it runs as it
is (``python tensors/tutorials/polynomial_nn.py``); ``run`` runs it with ``torch``
meaning ``tensors``, as a learner would after changing the import line.

>>> from tensors import tutorials
>>> "autograd_tutorial" in tutorials.PROGRAMS
True
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.abc
import importlib.util
import pathlib
import runpy
import sys
from typing import Any, Dict, Iterator

__all__ = ["PROGRAMS", "path", "run", "torch_is_tensors"]

HERE = pathlib.Path(__file__).parent

#: The programs, in the order of PyTorch's beginner path: "Learn the Basics", "What is
#: torch.nn really?", then "Learning PyTorch with Examples".
PROGRAMS = (
    "quickstart_tutorial",
    "tensorqs_tutorial",
    "data_tutorial",
    "transforms_tutorial",
    "buildmodel_tutorial",
    "autograd_tutorial",
    "optimization_tutorial",
    "saveloadrun_tutorial",
    "nn_tutorial",
    "polynomial_tensor",
    "polynomial_autograd",
    "polynomial_custom_function",
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


class _TensorsFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``torch.X`` as ``tensors.X`` for the submodules ``import tensors`` does not load."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname.split(".")[0] != "torch":
            return None
        if importlib.util.find_spec("tensors" + fullname[len("torch") :]) is None:
            return None  # then Python says "No module named 'torch.X'", as it should
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: Any) -> Any:
        module = importlib.import_module("tensors" + spec.name[len("torch") :])
        spec.loader_state = module.__spec__  # Python gives the module the alias's spec next
        return module

    def exec_module(self, module: Any) -> None:
        # imported already, by create_module: only its own spec goes back
        module.__spec__ = module.__spec__.loader_state


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
    # PyTorch itself may be loaded (by a test comparing with it): set it aside meanwhile
    saved = {name: module for name, module in sys.modules.items() if name.split(".")[0] == "torch"}
    for name in saved:
        del sys.modules[name]
    sys.modules.update(aliases)
    finder = _TensorsFinder()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
        for name in [n for n in sys.modules if n.split(".")[0] == "torch"]:
            del sys.modules[name]
        sys.modules.update(saved)


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
