"""Slow runs (programs, notebooks) started ahead, two at a time, while the tests wait.

pytest runs one test at a time; the programs and notebooks it compares run in
other processes, so on a machine with two cores the second one takes half of
them. A run that a test asks for before it has started runs at once, in the
test's own thread, so a few selected tests never wait for the whole queue.
"""

from __future__ import annotations

import concurrent.futures
from typing import Any, Callable, Dict, Tuple


class Runs:
    """``calls`` (key -> (function, arguments)) started in their order, ``workers`` at a time.

    >>> runs = Runs({"a": (pow, (2, 10)), "b": (len, ("abc",))})
    >>> runs.result("b"), runs.result("a")
    (3, 1024)
    """

    def __init__(self, calls: Dict[Any, Tuple[Callable, tuple]], workers: int = 2) -> None:
        self._calls = dict(calls)
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers)
        self._futures = {key: pool.submit(fn, *args) for key, (fn, args) in self._calls.items()}
        pool.shutdown(wait=False)

    def result(self, key: Any) -> Any:
        future = self._futures[key]
        if future.cancel():  # not started yet: run it here, now
            fn, args = self._calls[key]
            return fn(*args)
        return future.result()

    def drop_pending(self) -> None:
        """Runs that have not started never will (those running finish)."""
        for future in self._futures.values():
            future.cancel()
