"""Shared pytest settings: hypothesis profiles.

On CI (``CI=true``, as GitHub Actions and most services set it) the "ci"
profile runs: derandomized (the same examples on every run, so a red build is
reproducible and a green one not luck) and without the example database (a
machine that starts empty has nothing to replay). HYPOTHESIS_PROFILE chooses
another profile anywhere."""

import os

from hypothesis import HealthCheck, settings

# PyTorch on one thread, here and in the programs the tests start (set before any
# test imports torch): the tests' tensors are tiny, and its worker threads only wait
# on each other, spinning: on two cores they cost the torch tests half again their
# CPU time (test_functional_more_torch.py: 17.0 s -> 10.5 s), and more beside a
# second pytest worker. Set OMP_NUM_THREADS to choose another number.
os.environ.setdefault("OMP_NUM_THREADS", "1")

settings.register_profile(
    "default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    database=None,
    print_blob=True,
)
_ON_CI = os.environ.get("CI", "").lower() in ("true", "1")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if _ON_CI else "default"))

# The tutorial program is run by test_tutorial.py, not imported (it imports torch).
collect_ignore_glob = ["programs/*"]


# ``make test`` runs pytest-xdist (``-n auto --dist loadgroup``): one worker per core.
# A file's tests stay on one worker: many share what a file starts once (the
# programs and notebooks run ahead, a browser, a parsed import graph). The operator
# database replay is the exception: its entries share nothing and it is the longest
# file, so its tests are spread over the workers one by one.
SPREAD = {"test_opinfo_torch.py"}


def pytest_collection_modifyitems(config, items):
    if not config.pluginmanager.hasplugin("xdist"):
        return
    import pytest

    for item in items:
        if item.path.name not in SPREAD:
            item.add_marker(pytest.mark.xdist_group(item.path.name))
