"""The benchmark scripts start: each imports what it measures and answers ``--help``.

Their figures are printed by running them (README, "Performance"); no test times
anything. This only keeps a script from going stale when the code it imports moves.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).parent.parent
# floor.py is the yardstick the others import, not a program.
SCRIPTS = sorted(p for p in (ROOT / "benchmarks").glob("*.py") if p.name != "floor.py")


def test_there_are_benchmarks():
    assert {p.name for p in SCRIPTS} >= {"engine_bench.py", "tutorials_bench.py"}
    assert (ROOT / "benchmarks" / "floor.py").exists()


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_benchmark_script_starts(script):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, str(script), "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout
