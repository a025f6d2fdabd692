"""Names for tensors and Values: from ``names=``, from ``.name``/``.label``, or from the
caller's variables (a notebook's globals included), so ``viz.draw(loss)`` labels
``x``, ``w`` and ``b`` without being told.

>>> import tensors as torch
>>> w = torch.ones(2, requires_grad=True)
>>> Names(None, {"w": w}).of(w)
'w'
"""

from __future__ import annotations

import sys
import types
from typing import Any, Iterable, Mapping, Optional, Union

from autograd_scalar import Value
from tensors import Tensor

NamesArg = Union[Mapping[str, Any], Iterable[tuple], None]

__all__ = ["Names", "caller_namespaces"]


def caller_namespaces(frame: Optional[types.FrameType]) -> list:
    """The namespaces to search for names: the frame's locals, its globals, ``__main__``'s."""
    spaces: list = []
    if frame is not None:
        spaces.append(frame.f_locals)
        if frame.f_globals is not frame.f_locals:
            spaces.append(frame.f_globals)
    main = sys.modules.get("__main__")
    if main is not None:
        spaces.append(vars(main))
    return spaces


def _module_class() -> Optional[type]:
    nn = sys.modules.get("tensors.nn")
    return getattr(nn, "Module", None)


class Names:
    """Looks up a name for a tensor or a Value.

    Priority: the ``names=`` mapping (name -> tensor, or pairs such as
    ``model.named_parameters()``), then the object's own ``.name`` (a tensor)
    or ``.label`` (a Value), then variables in ``namespaces`` (earlier first;
    names starting with ``_`` are skipped: IPython's ``_``, ``_3``, ...).
    A module in a namespace names its parameters ``model.0.weight``.
    """

    def __init__(self, names: NamesArg, *namespaces: Mapping[str, Any]) -> None:
        self._given: dict = {}
        self._found: dict = {}
        # Objects are kept alive here so that the ids below stay theirs.
        self._keep: list = []
        if names is not None:
            pairs = names.items() if isinstance(names, Mapping) else names
            for name, obj in pairs:
                if not isinstance(name, str):
                    raise TypeError(
                        "names= maps names to tensors, as in names={'x': x}; "
                        f"got a key of type {type(name).__name__}"
                    )
                self._given.setdefault(id(obj), name)
                self._keep.append(obj)
        module = _module_class()
        for ns in namespaces:
            for name, obj in list(ns.items()):
                if not isinstance(name, str) or name.startswith("_"):
                    continue
                if isinstance(obj, (Tensor, Value)):
                    self._found.setdefault(id(obj), name)
                    self._keep.append(obj)
                elif module is not None and isinstance(obj, module):
                    self._add_module(name, obj)

    def _add_module(self, name: str, module: Any) -> None:
        try:
            params = list(module.named_parameters())
        except Exception:  # a half-built module should not stop a drawing
            return
        for pname, p in params:
            self._found.setdefault(id(p), f"{name}.{pname}")
            self._keep.append(p)

    def params(self) -> dict:
        """Name -> tensor for every tensor with a name here (what ``make_dot`` takes)."""
        out: dict = {}
        for obj in self._keep:
            if isinstance(obj, Tensor):
                name = self.of(obj)
                if name is not None:
                    out.setdefault(name, obj)
        return out

    def of(self, obj: Any) -> Optional[str]:
        """The name of a tensor or Value, or None if it has none."""
        name = self._given.get(id(obj))
        if name is not None:
            return name
        own = getattr(obj, "name", None) if isinstance(obj, Tensor) else None
        if own is None and isinstance(obj, Value):
            own = obj.label or None
        if own is not None:
            return str(own)
        return self._found.get(id(obj))
