"""Each tutorial program of ``tensors/tutorials/`` run to completion: our time beside PyTorch's.

Run: ``python benchmarks/tutorials_bench.py [NAME ...]``. Every program runs in a
fresh interpreter, once with ``torch`` meaning ``tensors`` (``python -m tensors.tutorials
NAME``) and, where torch is installed, once under PyTorch itself. The times are
wall-clock seconds of the whole process, interpreter start and imports included
(PyTorch's import alone takes a good part of its time on these small programs);
the best of ``--repeat`` runs is shown.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pathlib
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tensors import tutorials  # noqa: E402


def timed(args: list) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=list(tutorials.PROGRAMS))
    parser.add_argument("--repeat", type=int, default=1)
    options = parser.parse_args()
    have_torch = importlib.util.find_spec("torch") is not None
    width = max(len("program"), *(len(n) for n in options.names))
    print(f"{'program':{width}} {'tensors (s)':>12} {'torch (s)':>10} {'ratio':>7}")
    for name in options.names:
        ours = min(timed(["-m", "tensors.tutorials", name]) for _ in range(options.repeat))
        if have_torch:
            path = str(tutorials.path(name))
            theirs = min(timed([path]) for _ in range(options.repeat))
            print(f"{name:{width}} {ours:12.2f} {theirs:10.2f} {ours / theirs:7.1f}")
        else:
            print(f"{name:{width}} {ours:12.2f} {'-':>10} {'-':>7}")


if __name__ == "__main__":
    main()
