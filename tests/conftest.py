"""Shared pytest settings: hypothesis profiles, and how the suite spends its time
(pytest-xdist where PyTorch is installed, the queue of slow runs; see below).

On CI (``CI=true``, as GitHub Actions and most services set it) the "ci"
profile runs: derandomized (the same examples on every run, so a red build is
reproducible and a green one not luck) and without the example database (a
machine that starts empty has nothing to replay). HYPOTHESIS_PROFILE chooses
another profile anywhere."""

import os

import pytest
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


# Where PyTorch is installed, ``make test`` (``-n auto --dist loadfile``) runs one
# pytest-xdist worker per core: the operator database's replay and the other
# comparisons with PyTorch are most of the suite. Without it, one pytest process
# does: most of the time is then in the programs and notebooks that some tests
# compare, and those run in other processes anyway (tests/_background.py), which a
# second worker would only crowd. (loadfile keeps a test file on one worker: many
# share what a file starts once, the runs above, a parsed import graph.)
@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: known only where it is installed
def pytest_xdist_auto_num_workers(config):
    try:
        import torch  # noqa: F401
    except ImportError:
        return 0
    return os.cpu_count() or 2


def _under_xdist(config) -> bool:
    """A pytest-xdist worker (its config carries ``workerinput``), or their controller."""
    return hasattr(config, "workerinput") or bool(config.getoption("numprocesses", None))


def _reads(item) -> list:
    """The slow runs a test reads: a test file's ``reads(item)`` names them."""
    reads = getattr(getattr(item, "module", None), "reads", None)
    return reads(item) if reads is not None else []


def pytest_collection_modifyitems(config, items):
    # Each file's runs: the keys its selected tests read (tests/_background.py).
    wanted: dict = {}
    for item in items:
        keys = _reads(item)
        if keys:
            wanted.setdefault(item.module, set()).update(keys)
    for module, keys in wanted.items():
        module._runs().wanted = keys
    if _under_xdist(config):
        return  # a file's runs are queued at its first call, on its worker
    # One process: the tests that read slow runs go last, in their order, so that
    # the runs (queued before the first test) go on while every other test does.
    items.sort(key=lambda item: bool(_reads(item)))


def pytest_runtestloop(session):
    """One process: queue every run the selected tests read, before the first test."""
    if session.config.option.collectonly or _under_xdist(session.config):
        return
    for module in dict.fromkeys(item.module for item in session.items if _reads(item)):
        module._runs().start()
