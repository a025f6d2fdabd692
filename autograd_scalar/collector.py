"""``collector_paused()``: pause Python's cyclic garbage collector, on request.

Building a graph creates one object per node, and Python's cyclic collector
walks the objects of a growing graph again and again while it is built: on
big graphs that is a large part of the forward pass. The engine never changes
the collector's settings by itself (they belong to the program); a program
that wants the speed asks for it around a training step, and the collector's
state is restored afterwards, also on an exception. Graphs hold no reference
cycles of their own, so they are freed by reference counting as usual while
the collector is paused.

>>> import gc
>>> from autograd_scalar import collector_paused
>>> gc.isenabled()
True
>>> with collector_paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import functools
import gc
from typing import Any, Callable, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class collector_paused:
    """Disable ``gc`` inside the block (or the decorated function), then restore it.

    Nested uses are fine: the collector comes back on only if it was on
    when the outermost block started.

    >>> import gc
    >>> @collector_paused()
    ... def step():
    ...     return gc.isenabled()
    >>> step(), gc.isenabled()
    (False, True)
    """

    def __enter__(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._was_enabled:
            gc.enable()

    def __call__(self, func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with collector_paused():
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]
