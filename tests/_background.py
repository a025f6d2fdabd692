"""Slow runs (programs, notebooks) in other processes, going on while tests run.

pytest runs one test at a time; the programs and notebooks some tests compare run
in other processes, one queue for the session with a thread per core. When pytest
runs alone (no xdist), ``conftest.py`` queues every run the session's tests read
before the first test, and moves those tests to the end: the runs go on while the
other tests do. Under xdist a file's runs are queued at its first call. Only the
runs that the selected tests read are queued (each test file's ``reads(item)``
names them), and one that a test asks for before it has started runs at once, in
the test's own thread.
"""

from __future__ import annotations

import concurrent.futures
import os
import subprocess
import threading
from typing import Any, Callable, Dict, Optional, Tuple

_POOL: list = []


def _pool() -> concurrent.futures.ThreadPoolExecutor:
    if not _POOL:
        _POOL.append(concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2))
    return _POOL[0]


# The environment as the session began. A run starts while other tests run, and one
# of them may have changed os.environ for a moment (monkeypatch.setenv("PATH", ...)).
_ENVIRON = dict(os.environ)


def popen(args: list, env: Optional[dict] = None, **options: Any) -> subprocess.Popen:
    """``subprocess.Popen(args, **options)`` in the session's first environment plus
    ``env``. Started by a thread of the queue, the process (and what it starts) runs
    at a lower priority than the tests, so that pytest's own process, which every
    test waits on, keeps a core while the runs share what is left."""
    process = subprocess.Popen(args, env={**_ENVIRON, **(env or {})}, **options)
    if threading.current_thread() is not threading.main_thread() and hasattr(os, "setpriority"):
        try:
            os.setpriority(os.PRIO_PROCESS, process.pid, 10)
        except OSError:  # gone already, or not allowed: it runs at the usual priority
            pass
    return process


class Runs:
    """``calls`` (key -> (function, arguments)), queued in their order by :meth:`start`
    or at the first :meth:`result`.

    >>> runs = Runs({"a": (pow, (2, 10)), "b": (len, ("abc",))})
    >>> runs.result("b"), runs.result("a")
    (3, 1024)
    """

    def __init__(self, calls: Dict[Any, Tuple[Callable, tuple]]) -> None:
        self._calls = dict(calls)
        self._futures: dict = {}
        # The keys the session's tests read (conftest.py sets them); None: every key.
        self.wanted: Optional[set] = None

    def start(self) -> None:
        """Queue the wanted runs not queued yet, in the calls' order."""
        for key, (fn, args) in self._calls.items():
            if (self.wanted is None or key in self.wanted) and key not in self._futures:
                self._futures[key] = _pool().submit(fn, *args)

    def result(self, key: Any) -> Any:
        if self.wanted is not None and key not in self.wanted:
            # It would run here, unqueued: the test file's reads(item) is missing it.
            raise AssertionError(f"a test read the run {key!r}, which no reads(item) names")
        if not self._futures:
            self.start()  # nothing was queued ahead: the wanted runs are, now
        future = self._futures.get(key)
        if future is None or future.cancel():  # not queued, or not started: run it here
            fn, args = self._calls[key]
            return fn(*args)
        return future.result()
