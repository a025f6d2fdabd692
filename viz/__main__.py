"""``python -m viz SCRIPT.py --out DIR``: run a script, draw the graph of each tensor it names.

Every global of the script that holds a tensor with a ``grad_fn`` (``z``,
``loss``, ...) is drawn to ``DIR/<name>.svg``; a script that names none has its
last expression drawn (``DIR/result.svg``), as a notebook cell shows its last
value. All graphs are built and rendered before any file is written, so a
graph that is too large, or a missing ``dot``, leaves ``DIR`` untouched.

    python -m viz lesson.py --out figures/                # tensor view, SVG
    python -m viz lesson.py --out figures/ --view values --format png
    python -m viz lesson.py --out figures/ --name loss    # only loss
    python -m viz lesson.py --out figures/ -- --epochs 3  # arguments for the script
"""

from __future__ import annotations

import argparse
import ast
import builtins
import pathlib
import sys
import types
from typing import Any, Optional, Sequence

from autograd_scalar import Value
from tensors import Tensor

from . import _common as C
from ._names import Names
from .autograd_view import make_dot
from .tensor_view import tensor_view
from .value_view import ValueGraph

_VIEWS = ("tensor", "autograd", "values")
_FORMATS = ("svg", "png", "pdf", "jpg", "dot")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m viz",
        description="Run a script and render the graph of each tensor it names (or of its "
        "last result) to files, for slides, books and course pages.",
    )
    p.add_argument("script", help="the Python script to run")
    p.add_argument("--out", required=True, help="directory for the pictures (made if missing)")
    p.add_argument(
        "--view", choices=_VIEWS, default="tensor", help="which picture (default: tensor)"
    )
    p.add_argument(
        "--format",
        default="svg",
        type=lambda s: s.lower().lstrip("."),
        choices=_FORMATS,
        help="svg (default), png, pdf, jpg, or dot for the DOT text",
    )
    p.add_argument(
        "--name",
        action="append",
        default=None,
        help="draw only this variable (repeatable)",
    )
    p.add_argument(
        "--max-nodes",
        type=int,
        default=500,
        help="refuse graphs with more drawn nodes than this (default: 500)",
    )
    return p


def run_script(path: pathlib.Path, argv: Sequence[str]) -> tuple:
    """Run ``path`` as ``__main__``; return its globals and the value of its last
    expression statement (None if it ends otherwise)."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    module = types.ModuleType("__main__")
    module.__file__ = str(path)
    module.__dict__["__builtins__"] = builtins
    saved = sys.modules.get("__main__"), sys.argv[:], sys.path[:]
    sys.modules["__main__"] = module
    sys.argv[:] = [str(path), *argv]
    sys.path.insert(0, str(path.parent.resolve()))
    result = None
    try:
        exec(compile(tree, str(path), "exec"), module.__dict__)
        if last is not None:
            result = eval(compile(last, str(path), "eval"), module.__dict__)
    except SystemExit as e:
        # The script ended itself: draw what it had made by then, and say so.
        code = e.code if e.code is not None else 0
        print(f"python -m viz: the script called sys.exit({code!r})", file=sys.stderr)
        if code not in (0, None):
            raise
    finally:
        main, sys.argv[:], sys.path[:] = saved
        if main is not None:
            sys.modules["__main__"] = main
    return module.__dict__, result


def _targets(ns: dict, result: Any, wanted: Optional[list]) -> list:
    """``(file stem, object)`` pairs to draw."""
    if wanted:
        out = []
        for name in wanted:
            if name not in ns:
                raise SystemExit(f"python -m viz: the script has no variable {name!r}")
            if not isinstance(ns[name], (Tensor, Value)):
                kind = type(ns[name]).__name__
                raise SystemExit(f"python -m viz: {name!r} is a {kind}, not a tensor or a Value")
            out.append((name, ns[name]))
        return out
    public = [(k, v) for k, v in ns.items() if isinstance(k, str) and not k.startswith("_")]
    tensors = [(k, v) for k, v in public if isinstance(v, Tensor) and v.grad_fn is not None]
    if tensors:
        return tensors
    if isinstance(result, (Tensor, Value)):
        return [("result", result)]
    values = [(k, v) for k, v in public if isinstance(v, Value) and v.op is not None]
    if values:
        return values
    raise SystemExit(
        "python -m viz: nothing to draw: the script names no tensor with a grad_fn and its "
        "last statement is not a tensor or a Value"
    )


def _graph(obj: Any, view: str, namer: Names, max_nodes: int) -> C.Graph:
    if isinstance(obj, Value) or view == "values":
        return ValueGraph(obj, namer, max_nodes=max_nodes).render()
    if view == "autograd":
        return make_dot(obj, params=namer.params(), max_nodes=max_nodes)
    return tensor_view(obj, namer, max_nodes=max_nodes)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """The command line; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Everything after "--" belongs to the script.
    script_args: list = []
    if "--" in argv:
        cut = argv.index("--")
        argv, script_args = argv[:cut], argv[cut + 1 :]
    args = _parser().parse_args(argv)
    # Both paths are read from where the command was typed, before the script
    # runs: a script that changes directory must not send the pictures elsewhere.
    out = pathlib.Path(args.out).resolve()
    script = pathlib.Path(args.script)
    if not script.is_file():
        print(f"python -m viz: no such script: {script}", file=sys.stderr)
        return 2
    ns, result = run_script(script, script_args)
    namer = Names(None, ns)
    fmt = args.format
    try:
        graphs = [
            (stem, _graph(obj, args.view, namer, args.max_nodes))
            for stem, obj in _targets(ns, result, args.name)
        ]
        rendered = [
            (stem, g.source.encode("utf-8") if fmt in ("dot", "gv") else g.pipe(format=fmt))
            for stem, g in graphs
        ]
    except C.GraphTooLargeError as e:
        print(f"python -m viz: {e} (here: --max-nodes)", file=sys.stderr)
        return 1
    except (C.DotNotFoundError, C.DotError) as e:
        print(f"python -m viz: {e}", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for stem, data in zip(_file_stems([stem for stem, _ in rendered]), (d for _, d in rendered)):
        C.write_whole(out / f"{stem}.{fmt}", data)
        print(pathlib.Path(args.out) / f"{stem}.{fmt}")  # as the user wrote the folder
    return 0


def _file_stems(names: Sequence[str]) -> list:
    """A safe, distinct file name for each variable name: letters, digits, ``_``
    and ``-`` only, so that every file lands inside ``--out`` (a global named
    ``../x`` or ``a/b`` cannot reach elsewhere).

    >>> _file_stems(["loss", "../etc/x", "a/b", "a_b"])
    ['loss', '___etc_x', 'a_b', 'a_b-2']
    """
    seen: set = set()
    out = []
    for name in names:
        stem = "".join(c if c.isalnum() or c in "_-" else "_" for c in name) or "_"
        unique, n = stem, 2
        while unique in seen:
            unique, n = f"{stem}-{n}", n + 1
        seen.add(unique)
        out.append(unique)
    return out


if __name__ == "__main__":
    sys.exit(main())
