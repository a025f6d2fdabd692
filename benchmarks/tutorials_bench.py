"""Each tutorial program of ``tensors/tutorials/`` and each course program of
``tensors/courses/`` run to completion: our time beside PyTorch's.

Run: ``python benchmarks/tutorials_bench.py [NAME ...] [--quick]``. Every program runs in a
fresh interpreter, once with ``torch`` meaning ``tensors`` (``python -m tensors.tutorials
NAME``, ``python -m tensors.courses NAME``) and, where torch is installed, once under
PyTorch itself; ``--quick`` runs the course programs' short forms (``COURSES_QUICK=1``).
The times are wall-clock seconds of the whole process, interpreter start and imports included
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

from tensors import courses, tutorials  # noqa: E402

QUICK = {}


def timed(args: list) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT), **QUICK)
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
    parser.add_argument(
        "names", nargs="*", default=list(tutorials.PROGRAMS) + list(courses.PROGRAMS)
    )
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="the course programs' short forms")
    options = parser.parse_args()
    if options.quick:
        QUICK["COURSES_QUICK"] = "1"
    have_torch = importlib.util.find_spec("torch") is not None
    width = max(len("program"), *(len(n) for n in options.names))
    print(f"{'program':{width}} {'tensors (s)':>12} {'torch (s)':>10} {'ratio':>7}")
    for name in options.names:
        package = courses if name in courses.PROGRAMS else tutorials
        runner = ["-m", package.__name__, name]
        ours = min(timed(runner) for _ in range(options.repeat))
        if have_torch:
            path = str(package.path(name))
            theirs = min(timed([path]) for _ in range(options.repeat))
            print(f"{name:{width}} {ours:12.2f} {theirs:10.2f} {ours / theirs:7.1f}")
        else:
            print(f"{name:{width}} {ours:12.2f} {'-':>10} {'-':>7}")


if __name__ == "__main__":
    main()
