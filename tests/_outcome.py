"""Running one small program under a library and recording what it gives: the
repr of ``r`` or the error, and the warnings (shared by the differential tests)."""

from __future__ import annotations

import re
import warnings
from typing import Any


def outcome(module: Any, source: str) -> tuple:
    """(repr of ``r`` or "ErrorType: message", warning texts), addresses masked."""
    namespace = {"torch": module, "F": module.nn.functional}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(source, namespace)
            result = repr(namespace.get("r"))
        except Exception as error:  # noqa: BLE001 - the error is the outcome compared
            result = f"{type(error).__name__}: {error}"
    messages = [re.sub(r" \(Triggered internally at .*\)$", "", str(w.message)) for w in caught]
    return re.sub(r"0x[0-9a-f]+", "0x...", result), messages


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
