"""The machinery the checkers in ``checks.py`` share.

A checker never trusts the learner's answer to be of the right kind: every
call of the learner's code, and every reading of what it returns, goes
through the helpers here, which turn a wrong type or an exception into a
"Not yet: ..." verdict with a hint instead of a traceback. ``Forbid`` notes
the use of a tool an exercise forbids (``backward()``, an optimizer, the
engine's own class) while the learner's code runs, by watching which
functions that code calls (``sys.setprofile``), so the verdict can say so.
"""

from __future__ import annotations

import functools
import numbers
import os
import sys
from typing import Any, Callable, Iterable

from autograd_scalar import engine

TODO = "Not answered yet: write your answer in the cell above, run it, then run this cell again."


class NotYet(Exception):
    """A wrong answer: the message says what is wrong, never what is right."""


class Todo(Exception):
    """An answer still left as ``None``."""


def checker(check: Callable[..., str]) -> Callable[..., bool]:
    """Make ``check`` (which returns the praise, or raises NotYet/Todo) print its verdict
    and return True or False. An error the learner's answer causes anywhere in the check
    becomes a "Not yet" with the error's words, never a traceback."""

    @functools.wraps(check)
    def run(*args: Any, **kwargs: Any) -> bool:
        try:
            praise = check(*args, **kwargs)
        except Todo:
            print(TODO)
            return False
        except NotYet as e:
            print(f"Not yet: {e}")
            return False
        except Exception as e:  # the answer broke the check itself: still a verdict
            print(f"Not yet: checking your answer raised {type(e).__name__}: {e}")
            return False
        print(f"Right! {praise}")
        return True

    return run


def package_dir(module: Any) -> str:
    """The folder of a package, as a prefix of its files' names."""
    return os.path.dirname(os.path.abspath(module.__file__)) + os.sep


def _code(f: Any) -> Any:
    f = getattr(f, "__func__", f)
    while hasattr(f, "__wrapped__"):
        f = f.__wrapped__
    return getattr(f, "__code__", None)


class Forbid:
    """While the learner's code runs (``with forbid:``), notes the first call of a forbidden
    Python function (given as functions, or as files or folders whose code is forbidden)
    or C function (by name, or by the module it comes from)."""

    def __init__(
        self,
        what: str,
        functions: Iterable[Any] = (),
        files: Iterable[str] = (),
        c_names: Iterable[str] = (),
        c_modules: Iterable[str] = (),
    ) -> None:
        self.what = what
        self.codes = {c for c in map(_code, functions) if c is not None}
        self.files = tuple(files)
        self.c_names = frozenset(c_names)
        self.c_modules = tuple(c_modules)
        self.used = None  # the name of the first forbidden function called

    def _watch(self, frame: Any, event: str, arg: Any) -> None:
        if self.used is not None:
            return
        if event == "call":
            code = frame.f_code
            if code in self.codes or (self.files and code.co_filename.startswith(self.files)):
                self.used = code.co_qualname if hasattr(code, "co_qualname") else code.co_name
        elif event == "c_call":
            name = getattr(arg, "__name__", "")
            owner = (
                getattr(arg, "__module__", None) or type(getattr(arg, "__self__", None)).__module__
            )
            if name in self.c_names or (self.c_modules and str(owner).startswith(self.c_modules)):
                self.used = name

    def __enter__(self) -> "Forbid":
        self.used = None
        self._before = sys.getprofile()
        sys.setprofile(self._watch)
        return self

    def __exit__(self, *exc: Any) -> None:
        sys.setprofile(self._before)

    def verdict(self) -> None:
        """Raise NotYet if a forbidden function ran."""
        if self.used is not None:
            raise NotYet(f"your code calls {self.used}: {self.what}")


def no_backward(why: str = "") -> Forbid:
    """``backward()``, ``torch.autograd.grad`` and everything built on them (this engine's,
    and PyTorch's C engine)."""
    return Forbid(
        "this exercise asks for the gradient without backward() or autograd.grad"
        + (f" ({why})" if why else "")
        + ".",
        functions=[engine.run_backward, engine.backward, engine.grad],
        c_names=["run_backward", "_run_backward"],
    )


def call(
    fn: Any,
    name: str,
    args: tuple,
    forbid: Forbid | None = None,
    hint: str = "",
    returns: bool = True,
) -> Any:
    """``fn(*args)``, the learner's function: its result, or a NotYet saying what went wrong.
    A function that ``returns`` an answer and gives None is not written yet."""
    if fn is None:
        raise Todo
    if not callable(fn):
        raise NotYet(
            f"{name} is a {type(fn).__name__}, not a function: write `def {name}(...):` "
            "and return the answer from it."
        )
    error = None
    try:
        if forbid is None:
            out = fn(*args)
        else:
            with forbid:
                out = fn(*args)
    except (NotYet, Todo):
        raise
    except Exception as e:
        error = e
    if forbid is not None:
        forbid.verdict()
    if error is not None:
        raise NotYet(
            f"{name} raised {type(error).__name__}: {error}" + (f" ({hint})" if hint else "")
        )
    if returns and out is None:
        raise Todo
    return out


def is_tensor(x: Any) -> bool:
    return hasattr(x, "shape") and hasattr(x, "tolist") and hasattr(x, "requires_grad")


def number(x: Any, what: str) -> float:
    """``x`` as a float, if it is a real number; else a NotYet that says what it is instead."""
    if x is None:
        raise Todo
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        return float(x)
    kind = type(x).__name__
    if is_tensor(x):
        hint = "give the number inside it (.item())"
    elif hasattr(x, "data") and hasattr(x, "grad"):
        hint = "give a number (a Value's .data or .grad is one)"
    elif isinstance(x, str):
        hint = "write the number itself, without quotes"
    elif isinstance(x, bool):
        hint = "True and False are not the numbers asked for"
    elif isinstance(x, (list, tuple)):
        hint = "give one number, not a sequence"
    else:
        hint = "give a number such as 1.5"
    raise NotYet(f"{what} is a {kind}; {hint}.")


def tensor(x: Any, what: str, shape: tuple) -> list:
    """``x``, a tensor of ``shape``, as a flat list of floats; else a NotYet saying why not."""
    if x is None:
        raise Todo
    if not is_tensor(x):
        hint = " (a list prints like one, but is not one: torch.tensor(...) makes one)"
        raise NotYet(
            f"{what} is a {type(x).__name__}; return a tensor"
            + (hint if isinstance(x, (list, tuple)) else "")
            + "."
        )
    if tuple(x.shape) != tuple(shape):
        raise NotYet(f"{what} has shape {tuple(x.shape)}; it should have shape {tuple(shape)}.")
    return [float(v) for v in x.detach().reshape(-1).tolist()]


def close(a: float, b: float, rel: float = 1e-6, abs_: float = 1e-9) -> bool:
    import math

    return a == b or math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def fmt(xs: Any) -> str:
    """Numbers as a reader wants them in a message: 4 decimals."""
    if isinstance(xs, (list, tuple)):
        return "[" + ", ".join(fmt(x) for x in xs) + "]"
    return f"{xs:.4f}" if isinstance(xs, float) else str(xs)
