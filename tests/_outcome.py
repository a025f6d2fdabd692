"""Running one small program under a library and recording what it gives: the
repr of ``r`` and its numbers, or the error, and the warnings (shared by the
differential tests)."""

from __future__ import annotations

import math
import re
import warnings
from typing import Any


class Number:
    """A result's number, equal to another when both are nan, or both the same
    zero (the sign counts), or the same infinity, or within 1e-6 relative: the
    project computes in double what PyTorch computes in float32 (also where a
    float32 computation is written into a float64 tensor), so closer than
    float32's precision cannot be asked of every program."""

    def __init__(self, x: float, double: bool = False) -> None:
        self.x = float(x)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Number):
            return NotImplemented
        a, b = self.x, other.x
        if a != a or b != b:
            return a != a and b != b
        if a == b:
            return a != 0.0 or math.copysign(1.0, a) == math.copysign(1.0, b)
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-7)

    def __repr__(self) -> str:
        return repr(self.x)


def numbers(r: Any) -> Any:
    """The numbers a result holds, nested as it is: tensors (ours or torch's) as
    (shape, dtype name, requires_grad, numbers); floats; lists and tuples."""
    if hasattr(r, "detach") and hasattr(r, "shape") and hasattr(r, "dtype"):
        dtype = str(r.dtype).replace("torch.", "")
        flat = r.detach().reshape(-1).tolist()
        floating = dtype.startswith(("float", "bfloat"))
        values = [Number(v) if floating else v for v in flat]
        return (tuple(r.shape), dtype, bool(r.requires_grad), values)
    if isinstance(r, float):
        return Number(r)
    if isinstance(r, (list, tuple)):
        return type(r).__name__ if not r else [numbers(x) for x in r]
    return None


def outcome(module: Any, source: str) -> tuple:
    """((repr of ``r``, its numbers) or "ErrorType: message", warning texts),
    addresses masked."""
    namespace = {"torch": module, "F": module.nn.functional}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(source, namespace)
            r = namespace.get("r")
            result = (re.sub(r"0x[0-9a-f]+", "0x...", repr(r)), numbers(r))
        except Exception as error:  # noqa: BLE001 - the error is the outcome compared
            result = re.sub(r"0x[0-9a-f]+", "0x...", f"{type(error).__name__}: {error}")
    messages = [re.sub(r" \(Triggered internally at .*\)$", "", str(w.message)) for w in caught]
    return result, messages


def errors_of(call: Any, *libraries: Any) -> list:
    """(exception type, message) of ``call(library)`` for each library; each must raise."""
    import pytest

    caught = []
    for lib in libraries:
        with pytest.raises(Exception) as e, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            call(lib)
        caught.append((type(e.value), str(e.value)))
    return caught
