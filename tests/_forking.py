"""Programs run under PyTorch in one go: one interpreter imports torch, then
forks a child per program. Every program begins with ``import torch``, so a
child starts where a fresh interpreter would be after that line, without paying
for the import again."""

from __future__ import annotations

import pathlib
import tempfile
from typing import Any, Callable

# Prints each child's exit code, one a line; a child's output goes to its files.
FORKING_RUNNER = """
import os, runpy, sys, traceback
import torch  # noqa: F401 - once, for every program
for program, out, err in zip(*[iter(sys.argv[1:])] * 3):
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        for fd, name in ((1, out), (2, err)):
            os.dup2(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
        sys.argv[:] = [program]
        sys.path[0] = os.path.dirname(program)
        try:
            runpy.run_path(program, run_name="__main__")
        except SystemExit:
            raise
        except BaseException:
            traceback.print_exc()
            sys.exit(1)
        sys.exit(0)
    print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)
"""


def torch_installed() -> bool:
    """Whether PyTorch imports here."""
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def run_forked(programs: dict, start: Callable[[list], Any]) -> dict:
    """``programs``: name -> path. Returns name -> (stdout, stderr, exit code) of
    each, run under PyTorch; ``start(args)`` starts the interpreter (a Popen)."""
    with tempfile.TemporaryDirectory() as tmp:
        files = {n: (f"{tmp}/{n}.out", f"{tmp}/{n}.err") for n in programs}
        args = [a for n, p in programs.items() for a in (str(p), *files[n])]
        process = start(["-c", FORKING_RUNNER, *args])
        stdout, stderr = process.communicate()
        assert process.returncode == 0 and stderr == "", stderr
        codes = stdout.split()
        assert len(codes) == len(programs)
        return {
            n: (pathlib.Path(o).read_text(), pathlib.Path(e).read_text(), int(code))
            for (n, (o, e)), code in zip(files.items(), codes)
        }
