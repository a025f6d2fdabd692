"""``torch.save`` and ``torch.load``: tensors, modules' state dicts and checkpoints to files.

The file is a pickle: a tensor travels as its numbers, shape, dtype and
``requires_grad`` (never its graph), a Parameter as a Parameter. As in
PyTorch since 2.6, ``load`` reads only data by default (``weights_only=True``):
tensors, numbers, strings and the built-in containers, and whatever
``add_safe_globals`` allows; any other object in the file is refused with
PyTorch's error, because unpickling it could run arbitrary code.
``weights_only=False`` loads anything, for files you trust.

Files are not PyTorch's own (a zip archive of storages): PyTorch cannot read
them, nor can this module read PyTorch's (it says so).

>>> import io, tensors as torch
>>> buffer = io.BytesIO()
>>> torch.save({"w": torch.tensor([1.0, 2.0], requires_grad=True), "step": 3}, buffer)
>>> _ = buffer.seek(0)
>>> torch.load(buffer)
{'w': tensor([1., 2.], requires_grad=True), 'step': 3}
"""

from __future__ import annotations

import _compat_pickle
import contextlib
import io
import os
import pickle
from typing import IO, Any, Iterator, Optional, Union

__all__ = [
    "add_safe_globals",
    "clear_safe_globals",
    "get_safe_globals",
    "load",
    "safe_globals",
    "save",
]

FileLike = Union[str, os.PathLike, IO[bytes]]

# What weights_only loads: (module, name) of each global a file of data may name.
_TENSORS = {
    ("tensors._tensor", "_rebuild"),
    ("tensors._tensor_storage", "_rebuild_view"),
    ("tensors._tensor_storage", "_StorageRecord"),
    ("tensors.nn.parameter", "_rebuild_parameter"),
}
_DATA = _TENSORS | {
    ("tensors._shape", "Size"),
    ("tensors._dtype", "device"),
    ("collections", "OrderedDict"),
    ("builtins", "set"),
    ("builtins", "slice"),
    ("builtins", "complex"),
    ("builtins", "bytearray"),
    ("_codecs", "encode"),  # bytes, under protocol 2
}
_DTYPES = {"float32", "float64", "int64", "bool", "float", "double", "long"}
_user_safe: list = []

_WEIGHTS_ONLY = (
    "Weights only load failed. This file can still be loaded, to do so you have two options, "
    "\x1b[1mdo those steps only if you trust the source of the checkpoint\x1b[0m. \n\t(1) In "
    "PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` "
    "from `False` to `True`. Re-running `torch.load` with `weights_only` set to `False` will "
    "likely succeed, but it can result in arbitrary code execution. Do it only if you got the "
    "file from a trusted source.\n\t(2) Alternatively, to load with `weights_only=True` please "
    "check the recommended steps in the following error message.\n\tWeightsUnpickler error: "
    "Unsupported global: GLOBAL {name} was not an allowed global by default. Please use "
    "`torch.serialization.add_safe_globals([{name}])` or the "
    "`torch.serialization.safe_globals([{name}])` context manager to allowlist this global "
    "if you trust this class/function.\n\nCheck the documentation of torch.load to learn more "
    "about types accepted by default with weights_only "
    "https://pytorch.org/docs/stable/generated/torch.load.html."
)
_PYTORCH_FILE = (
    "this file was written by PyTorch's torch.save (a zip archive of storages), which this "
    "project cannot read; in PyTorch, save the numbers instead, e.g. "
    "torch.save({{k: v.tolist() for k, v in model.state_dict().items()}}, {path!r})"
)


def save(obj: Any, f: FileLike, pickle_module: Any = pickle, pickle_protocol: int = 2) -> None:
    """Write ``obj`` (a tensor, a state dict, a dict of them, ...) to a path or a binary file.

    >>> import io, tensors as torch
    >>> model = torch.nn.Linear(2, 1)
    >>> buffer = io.BytesIO()
    >>> torch.save(model.state_dict(), buffer)
    >>> _ = buffer.seek(0)
    >>> list(torch.load(buffer))
    ['weight', 'bias']
    """
    data = pickle_module.dumps(obj, protocol=pickle_protocol)  # fails before the file changes
    with _opened(f, "wb") as out:
        out.write(data)


def load(
    f: FileLike,
    map_location: Any = None,
    pickle_module: Any = None,
    *,
    weights_only: Optional[bool] = None,
    mmap: Optional[bool] = None,
    **pickle_load_args: Any,
) -> Any:
    """Read what ``save`` wrote. Only data unless ``weights_only=False`` (see the module).

    ``map_location`` may name the CPU (the only device here); tensors asked for on
    ``"cuda"`` are refused with a CPU-only PyTorch's error.

    >>> import io, tensors as torch
    >>> buffer = io.BytesIO()
    >>> torch.save([torch.ones(2), 4.5], buffer)
    >>> _ = buffer.seek(0)
    >>> torch.load(buffer, map_location="cpu")
    [tensor([1., 1.]), 4.5]
    """
    with _opened(f, "rb") as source:
        data = source.read()
    if data[:4] == b"PK\x03\x04":
        raise RuntimeError(_PYTORCH_FILE.format(path=getattr(f, "name", f)))
    if weights_only is False and pickle_module not in (None, pickle):
        return pickle_module.loads(data, **pickle_load_args)
    unpickler = _Unpickler(io.BytesIO(data), **pickle_load_args)
    unpickler.data_only = weights_only is not False
    unpickler.to_cuda = str(getattr(map_location, "type", map_location)).startswith("cuda")
    return unpickler.load()


def _no_cuda(*args: Any) -> Any:
    raise RuntimeError(
        "Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is "
        "False. If you are running on a CPU-only machine, please use torch.load with "
        "map_location=torch.device('cpu') to map your storages to the CPU."
    )


class _Unpickler(pickle.Unpickler):
    """Pickle's unpickler; with ``data_only``, one that makes only tensors, numbers,
    strings and containers. Tensors asked for on a CUDA device are refused, as a
    CPU-only PyTorch refuses them."""

    data_only = True
    to_cuda = False

    def find_class(self, module: str, name: str) -> Any:
        if self.to_cuda and (module, name) in _TENSORS:
            return _no_cuda
        if not self.data_only:
            return super().find_class(module, name)
        # Protocol 2 (save's default) names Python 2's modules (``__builtin__.set``);
        # read them as Python 3's, as the unpickler itself does.
        if (module, name) in _compat_pickle.NAME_MAPPING:
            module, name = _compat_pickle.NAME_MAPPING[(module, name)]
        else:
            module = _compat_pickle.IMPORT_MAPPING.get(module, module)
        allowed = (module, name) in _DATA or (module == "tensors._dtype" and name in _DTYPES)
        found = super().find_class(module, name) if allowed else None
        if found is None:
            for obj in _user_safe:
                if (getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)) == (
                    module,
                    name,
                ):
                    return obj
            raise pickle.UnpicklingError(_WEIGHTS_ONLY.format(name=f"{module}.{name}"))
        return found


def add_safe_globals(safe_globals: list) -> None:
    """Let ``load`` (with ``weights_only``) make objects of these classes or functions.

    >>> import tensors as torch
    >>> class Point:
    ...     pass
    >>> torch.serialization.add_safe_globals([Point])
    >>> Point in torch.serialization.get_safe_globals()
    True
    >>> torch.serialization.clear_safe_globals()
    """
    _user_safe.extend(safe_globals)


def get_safe_globals() -> list:
    """What ``add_safe_globals`` has allowed (a copy)."""
    return list(_user_safe)


def clear_safe_globals() -> None:
    """Forget everything ``add_safe_globals`` allowed."""
    _user_safe.clear()


@contextlib.contextmanager
def safe_globals(safe_globals: list) -> Iterator[None]:
    """Allow these globals for ``load`` inside a ``with`` block only.

    >>> import tensors as torch
    >>> with torch.serialization.safe_globals([complex]):
    ...     complex in torch.serialization.get_safe_globals()
    True
    """
    before = list(_user_safe)
    _user_safe.extend(safe_globals)
    try:
        yield
    finally:
        _user_safe[:] = before


@contextlib.contextmanager
def _opened(f: FileLike, mode: str) -> Iterator[Any]:
    if isinstance(f, (str, os.PathLike)):
        with open(f, mode) as handle:
            yield handle
    else:
        yield f
