"""Grad mode: whether new operations are recorded for backward, per thread.

``no_grad``, ``enable_grad`` and ``set_grad_enabled`` work as context managers
and as decorators, like their PyTorch namesakes. The flag lives in a
``threading.local``: switching recording off in one thread leaves the others
alone.

>>> from autograd_scalar import Value, no_grad
>>> a = Value(2.0)
>>> with no_grad():
...     b = a * 3
>>> b.requires_grad
False
"""

from __future__ import annotations

import functools
import threading
from typing import Any, Callable, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class _ThreadFlag(threading.local):
    enabled = True  # each thread starts with recording on


class _GradMode:
    """The grad mode of the running thread, and how many threads have it off.

    Reading a ``threading.local`` costs about ten plain attribute reads, and
    every recorded op needs to know the mode. So the ops read ``threads_off``
    first (a plain slot): while it is 0, recording is on everywhere and the
    thread-local flag is not read at all. ``enabled`` reads and writes this
    thread's flag and keeps the count right. (A thread that ends with grad
    mode off leaves the count above 0: ops then read the flag; still correct.)
    """

    __slots__ = ("threads_off",)

    def __init__(self) -> None:
        self.threads_off = 0

    @property
    def enabled(self) -> bool:
        return _flag.enabled

    @enabled.setter
    def enabled(self, on: bool) -> None:
        on = bool(on)
        with _lock:
            if on != _flag.enabled:
                _flag.enabled = on
                self.threads_off += -1 if on else 1


_flag = _ThreadFlag()
_lock = threading.Lock()
_mode = _GradMode()


def is_grad_enabled() -> bool:
    """True when operations are being recorded in this thread.

    >>> from autograd_scalar import is_grad_enabled
    >>> is_grad_enabled()
    True
    """
    return _mode.enabled


class _Switch:
    """A context manager and decorator that sets the grad mode, then restores it."""

    _target = True

    def __enter__(self) -> None:
        self._prev = _mode.enabled
        _mode.enabled = self._target

    def __exit__(self, *exc: object) -> None:
        _mode.enabled = self._prev

    def __call__(self, func: F) -> F:
        target = self._target

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            prev = _mode.enabled
            _mode.enabled = target
            try:
                return func(*args, **kwargs)
            finally:
                _mode.enabled = prev

        return wrapper  # type: ignore[return-value]


class no_grad(_Switch):
    """Do not record operations inside the block (or the decorated function).

    >>> from autograd_scalar import Value, no_grad
    >>> x = Value(1.0)
    >>> with no_grad():
    ...     y = x + 1
    >>> y.requires_grad
    False
    """

    _target = False


class enable_grad(_Switch):
    """Record operations inside the block, even within ``no_grad``.

    >>> from autograd_scalar import Value, no_grad, enable_grad
    >>> x = Value(1.0)
    >>> with no_grad():
    ...     with enable_grad():
    ...         y = x * 2
    >>> y.requires_grad
    True
    """

    _target = True


class set_grad_enabled(_Switch):
    """Turn recording on or off: at once when called, or for a ``with`` block.

    As in PyTorch, ``set_grad_enabled(False)`` on its own line switches
    recording off until switched back; used with ``with`` or as a decorator,
    it restores the previous mode afterwards.

    >>> from autograd_scalar import set_grad_enabled, is_grad_enabled
    >>> with set_grad_enabled(False):
    ...     is_grad_enabled()
    False
    >>> is_grad_enabled()
    True
    """

    def __init__(self, mode: bool) -> None:
        self._prev = _mode.enabled
        self._target = bool(mode)
        _mode.enabled = self._target

    def __enter__(self) -> None:
        pass  # __init__ has already switched

    def __call__(self, func: F) -> F:
        # Used as a decorator: undo the switch made by __init__ at decoration time.
        _mode.enabled = self._prev
        return super().__call__(func)
