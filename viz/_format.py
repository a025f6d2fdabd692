"""Short text for tensors, shapes and numbers in labels (plain text; escape before use).

>>> import tensors as torch
>>> tensor_text(torch.tensor([[1.0, 2.0], [3.0, 4.5]]))
'[[1, 2],\\n [3, 4.5]]'
>>> shape_text(torch.zeros(5, 3))
'(5, 3)'
"""

from __future__ import annotations

from typing import Any

from ._common import fmt

__all__ = ["number_text", "shape_text", "tensor_text"]

_MAX_ITEMS = 6  # per dimension; more are summarised with an ellipsis


def shape_text(t: Any) -> str:
    """A tensor's shape as torchviz writes it: ``(5, 3)``, ``(3)``, ``()``."""
    return "(" + ", ".join(str(s) for s in t.shape) + ")"


def number_text(x: Any) -> str:
    """A Python number as an op input: ``2``, ``0.5``, ``-1e-08``."""
    if isinstance(x, bool) or isinstance(x, int):
        return str(x)
    return fmt(float(x), ".4g")


def _row(xs: list) -> str:
    items = [fmt(x, ".4g") for x in xs]
    if len(items) > _MAX_ITEMS:
        items = items[: _MAX_ITEMS // 2] + ["…"] + items[-(_MAX_ITEMS // 2) :]
    return "[" + ", ".join(items) + "]"


def tensor_text(t: Any) -> str:
    """A tensor's numbers, 4 significant digits, one row per line, long rows cut short."""
    data = t.tolist()
    if t.ndim == 0:
        return fmt(data, ".4g")
    if t.ndim == 1:
        return _row(data)
    if t.ndim > 2:
        flat = [v.data for v in t.values()]
        return _row(flat) + f" (flattened from {shape_text(t)})"
    rows = [_row(r) for r in data]
    if len(rows) > _MAX_ITEMS:
        rows = rows[: _MAX_ITEMS // 2] + [" …"] + rows[-(_MAX_ITEMS // 2) :]
    return "[" + ",\n ".join(rows) + "]"
