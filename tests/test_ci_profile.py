"""CI runs hypothesis derandomized: conftest.py picks the "ci" profile when CI=true."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent

PROGRAM = """
import conftest
from hypothesis import settings
print(settings.default.derandomize, settings.default.database is None)
"""


def profile_under(env: dict) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE")} | env
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM], cwd=TESTS, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_ci_is_derandomized_without_a_database():
    assert profile_under({"CI": "true"}) == "True True"


def test_a_laptop_draws_new_examples():
    assert profile_under({}) == "False False"
