"""Saving and loading a ``Module``'s parameters and buffers: ``state_dict`` and
``load_state_dict`` (``Module`` takes them as methods).

Follows PyTorch's "Saving and Loading Models" tutorial and the pages of
``torch.nn.Module.state_dict`` / ``load_state_dict``
(https://pytorch.org/tutorials/beginner/saving_loading_models.html).

>>> import tensors as torch
>>> a, b = torch.nn.Linear(2, 1), torch.nn.Linear(2, 1)
>>> b.load_state_dict(a.state_dict())
<All keys matched successfully>
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Iterator, List, Mapping, NamedTuple, Optional, Tuple

from autograd_scalar import no_grad

from .._tensor import Tensor
from .parameter import Parameter


def state_dict(
    self, *, destination: Any = None, prefix: str = "", keep_vars: bool = False
) -> "OrderedDict[str, Tensor]":
    """Every parameter and persistent buffer by name, in registration order.

    The entries are copies detached from the graph (PyTorch's share memory
    with the parameters; here a later training step does not change a
    saved state dict). ``keep_vars=True`` gives the parameters themselves.

    >>> import tensors as torch
    >>> net = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU())
    >>> {name: tuple(t.shape) for name, t in net.state_dict().items()}
    {'0.weight': (3, 2), '0.bias': (3,)}
    """
    if destination is None:
        destination = OrderedDict()
    for name, param in self._parameters.items():
        if param is not None:
            destination[prefix + name] = param if keep_vars else param.detach()
    for name, buf in self._buffers.items():
        if buf is not None and name not in self._non_persistent_buffers_set:
            destination[prefix + name] = buf if keep_vars else buf.detach()
    for name, module in self._modules.items():
        if module is not None:
            module.state_dict(
                destination=destination, prefix=prefix + name + ".", keep_vars=keep_vars
            )
    return destination


def _local_state(self) -> "OrderedDict[str, Tensor]":
    out: OrderedDict = OrderedDict()
    for name, param in self._parameters.items():
        if param is not None:
            out[name] = param
    for name, buf in self._buffers.items():
        if buf is not None and name not in self._non_persistent_buffers_set:
            out[name] = buf
    return out


def load_state_dict(
    self, state_dict: Mapping[str, Any], strict: bool = True, assign: bool = False
) -> _IncompatibleKeys:
    """Copy the tensors of ``state_dict`` into this module's parameters and buffers.

    Every entry is checked first: with ``strict=True`` (the default) a
    missing or unexpected key is an error, and a tensor of the wrong shape
    always is. On an error nothing is changed. Returns the missing and
    unexpected keys. ``assign=True`` makes the given tensors the new
    parameters instead of copying into the old ones.

    >>> import tensors as torch
    >>> a, b = torch.nn.Linear(2, 1), torch.nn.Linear(2, 1)
    >>> b.load_state_dict(a.state_dict())
    <All keys matched successfully>
    >>> torch.equal(a.weight, b.weight)
    True
    """
    if not isinstance(state_dict, Mapping):
        raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
    missing: List[str] = []
    unexpected: List[str] = []
    errors: List[str] = []
    plan = []  # (module, local name, current tensor, new value)
    for prefix, module in self._prefixed_modules():
        local = module._local_state()
        for name, current in local.items():
            key = prefix + name
            if key not in state_dict:
                missing.append(key)
                continue
            value = state_dict[key]
            shape = _shape_of(value)
            if shape is None:
                errors.append(
                    f'While copying the parameter named "{key}", expected torch.Tensor or '
                    f"Tensor-like object from checkpoint but received {type(value)}"
                )
            elif shape != current._shape:
                errors.append(
                    f"size mismatch for {key}: copying a param with shape "
                    f"{_shape_text(shape)} from checkpoint, the shape in current model is "
                    f"{_shape_text(current._shape)}."
                )
            else:
                # Convert now, so that a value that cannot be read fails before
                # any parameter has changed.
                try:
                    new = _as_tensor(value, current)
                except Exception as ex:  # noqa: BLE001 - reported as PyTorch does
                    errors.append(
                        f'While copying the parameter named "{key}", whose dimensions in '
                        f"the model are {current.size()} and whose dimensions in the "
                        f"checkpoint are {_shape_text(shape)}, an exception occurred : "
                        f"{ex.args}."
                    )
                    continue
                plan.append((module, name, current, new))
        for key in state_dict:
            if not key.startswith(prefix):
                continue
            head = key[len(prefix) :].split(".", 1)[0]
            if head not in module._modules and head not in local:
                unexpected.append(key)
    if strict:
        if unexpected:
            errors.insert(
                0,
                "Unexpected key(s) in state_dict: {}. ".format(
                    ", ".join(f'"{k}"' for k in unexpected)
                ),
            )
        if missing:
            errors.insert(
                0,
                "Missing key(s) in state_dict: {}. ".format(", ".join(f'"{k}"' for k in missing)),
            )
    if errors:
        raise RuntimeError(
            "Error(s) in loading state_dict for {}:\n\t{}".format(
                type(self).__name__, "\n\t".join(errors)
            )
        )
    with no_grad():
        for module, name, current, new in plan:
            if assign:
                if isinstance(current, Parameter):
                    new = Parameter(new, current.requires_grad)
                setattr(module, name, new)
            else:
                current.copy_(new)
    return _IncompatibleKeys(missing, unexpected)


def _prefixed_modules(self) -> Iterator[Tuple[str, Any]]:
    for name, module in self.named_modules(remove_duplicate=False):
        yield (name + "." if name else ""), module


class _IncompatibleKeys(NamedTuple):
    missing_keys: List[str]
    unexpected_keys: List[str]

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return (
            f"_IncompatibleKeys(missing_keys={self.missing_keys}, "
            f"unexpected_keys={self.unexpected_keys})"
        )

    __str__ = __repr__


def _shape_of(value: Any) -> Optional[tuple]:
    """The shape of a tensor or of a tensor-like object; None for anything else.

    Tensor-like is PyTorch's test: an object with ``__torch_function__`` (a
    PyTorch tensor qualifies; a NumPy array does not)."""
    if isinstance(value, Tensor):
        return value._shape
    if hasattr(type(value), "__torch_function__") and hasattr(value, "shape"):
        return tuple(value.shape)
    return None


def _shape_text(shape: tuple) -> str:
    return f"torch.Size({list(shape)})"


def _as_tensor(value: Any, like: Tensor) -> Tensor:
    """``value`` as a new tensor of ``like``'s dtype and shape (``value`` is a
    tensor, or a tensor-like object such as a PyTorch tensor)."""
    if isinstance(value, Tensor):
        return value.detach() if value.dtype is like.dtype else value.detach().to(like.dtype)
    from .._creation import tensor

    flat = value.detach().reshape(-1).tolist()
    return tensor(flat, dtype=like.dtype).reshape(like._shape)
