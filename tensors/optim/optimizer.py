"""``Optimizer``: the base class of SGD and Adam, as ``torch.optim.Optimizer``.

An optimizer holds parameter groups (each a dict of the parameters and
their settings, such as ``lr``) and per-parameter state (such as momentum
buffers). ``step()`` changes the parameters in place, under ``no_grad``, so
they stay the same leaf tensors that the model holds.

>>> import tensors as torch
>>> w = torch.nn.Parameter(torch.tensor([1.0, -2.0]))
>>> opt = torch.optim.SGD([w], lr=0.1)
>>> (w * w).sum().backward()
>>> opt.step()
>>> w
Parameter containing:
tensor([ 0.8000, -1.6000], requires_grad=True)
"""

from __future__ import annotations

import copy
import warnings
from collections import defaultdict
from typing import Any, Callable, Dict, Iterable, List, Optional

from autograd_scalar import enable_grad, no_grad

from .._tensor import Tensor
from ..nn.module import _clear_grad, _typename

__all__ = ["Optimizer"]


class _RequiredParameter:
    def __repr__(self) -> str:
        return "<required parameter>"


required = _RequiredParameter()


class Optimizer:
    """Base class: subclasses set ``defaults`` and write ``step``.

    ``params`` is an iterable of tensors, of ``(name, tensor)`` pairs, or of
    dicts (parameter groups) whose other keys override ``defaults``.

    >>> import tensors as torch
    >>> model = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Linear(4, 1))
    >>> opt = torch.optim.SGD([
    ...     {"params": model[0].parameters()},
    ...     {"params": model[1].parameters(), "lr": 0.01},
    ... ], lr=0.1)
    >>> [group["lr"] for group in opt.param_groups]
    [0.1, 0.01]
    """

    def __init__(self, params: Iterable[Any], defaults: Dict[str, Any]) -> None:
        self.defaults = defaults
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of Tensors or "
                "dicts, but got " + _typename(params)
            )
        # keyed by the parameter tensors themselves: Tensor hashes by identity
        self.state: defaultdict = defaultdict(dict)
        self.param_groups: List[Dict[str, Any]] = []
        groups = list(params)
        if len(groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group: Dict[str, Any]) -> None:
        """Add a group of parameters with its own settings (for example to unfreeze layers).

        >>> import tensors as torch
        >>> a, b = torch.nn.Linear(2, 2), torch.nn.Linear(2, 2)
        >>> opt = torch.optim.Adam(a.parameters())
        >>> opt.add_param_group({"params": b.parameters(), "lr": 1e-4})
        >>> len(opt.param_groups), opt.param_groups[1]["betas"]
        (2, (0.9, 0.999))
        """
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError(
                "optimizer parameters need to be organized in ordered collections, but the "
                "ordering of tensors in sets will change between runs. Please use a list instead."
            )
        else:
            params = list(params)
        tensors, names = [], []
        for p in params:
            if isinstance(p, tuple):
                names.append(p[0])
                tensors.append(p[1])
            else:
                tensors.append(p)
        param_group["params"] = tensors
        if names:
            if len(names) != len(tensors):
                raise ValueError(
                    "all optimizer params should be with/without names. Some param names are "
                    "missing"
                )
            param_group["param_names"] = names
        for p in tensors:
            if not isinstance(p, Tensor):
                raise TypeError(
                    "optimizer can only optimize Tensors, but one of the params is " + _typename(p)
                )
            if not (p.is_leaf or p.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError(
                    "parameter group didn't specify a value of required optimization parameter "
                    + name
                )
            param_group.setdefault(name, default)
        if len({id(p) for p in tensors}) != len(tensors):
            warnings.warn(
                "optimizer contains a parameter group with duplicate parameters; in future, this "
                "will cause an error; see github.com/pytorch/pytorch/issues/40967 for more "
                "information",
                UserWarning,
                stacklevel=3,
            )
        seen = set()
        for group in self.param_groups:
            seen.update(id(p) for p in group["params"])
            if ("param_names" in param_group) != ("param_names" in group):
                which = "with names" if "param_names" in param_group else "without names"
                raise ValueError(
                    "all optimizer param groups should be with/without names. "
                    f"cannot add param group {which} to the optimizer"
                )
        if any(id(p) in seen for p in tensors):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear the ``.grad`` of every parameter: to None (default), or fill it with zeros.

        >>> import tensors as torch
        >>> w = torch.nn.Parameter(torch.ones(2))
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> w.sum().backward()
        >>> opt.zero_grad(set_to_none=False)
        >>> w.grad
        tensor([0., 0.])
        """
        for group in self.param_groups:
            for p in group["params"]:
                _clear_grad(p, set_to_none)

    def step(self, closure: Optional[Callable[[], Any]] = None) -> Any:
        """Update every parameter that has a ``.grad``; returns ``closure()``'s loss if given.

        ``closure``, if given, is called with gradients enabled: it should
        zero the gradients, compute the loss, call ``backward`` and return it.
        The update itself runs under ``no_grad``, in place, as PyTorch's does.

        >>> import tensors as torch
        >>> w = torch.nn.Parameter(torch.tensor([1.0]))
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> def closure():
        ...     opt.zero_grad()
        ...     loss = (w * w).sum()
        ...     loss.backward()
        ...     return loss
        >>> opt.step(closure)
        tensor(1., grad_fn=<SumBackward0>)
        >>> w.item() < 1.0
        True
        """
        loss = self._closure_loss(closure)
        with no_grad():
            for group in self.param_groups:
                self._update_group(group)
        return loss

    def _update_group(self, group: Dict[str, Any]) -> None:
        """Apply the optimizer's rule to one parameter group (each subclass has its own)."""
        raise NotImplementedError

    def _params_with_grad(self, group: Dict[str, Any]) -> list:
        return [p for p in group["params"] if p.grad is not None]

    @staticmethod
    def _closure_loss(closure: Optional[Callable[[], Any]]) -> Any:
        if closure is None:
            return None
        with enable_grad():
            return closure()

    # -- state_dict ---------------------------------------------------------------

    def state_dict(self) -> Dict[str, Any]:
        """The optimizer's state and settings, with parameters replaced by their indices.

        ``{'state': {index: {...}}, 'param_groups': [{..., 'params': [indices]}]}``,
        as PyTorch gives it. The state's tensors are the optimizer's own (not copies).

        >>> import tensors as torch
        >>> w = torch.nn.Parameter(torch.ones(2))
        >>> opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
        >>> w.sum().backward(); opt.step()
        >>> opt.state_dict()["state"]
        {0: {'momentum_buffer': tensor([1., 1.])}}
        """
        index: Dict[int, int] = {}
        start = 0
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            for i, p in enumerate(group["params"], start):
                index.setdefault(id(p), i)
            packed["params"] = [index[id(p)] for p in group["params"]]
            start += len(packed["params"])
            groups.append(packed)
        state = {(index[id(k)] if isinstance(k, Tensor) else k): v for k, v in self.state.items()}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: Dict[str, Any]) -> None:
        """Take state and settings from ``state_dict`` (as ``state_dict()`` gave them).

        The groups must match this optimizer's in number and size; the state's
        tensors are copied.

        >>> import tensors as torch
        >>> w = torch.nn.Parameter(torch.ones(2))
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> opt.load_state_dict({"state": {}, "param_groups": [{**opt.defaults, "lr": 0.5,
        ...                      "params": [0]}]})
        >>> opt.param_groups[0]["lr"]
        0.5
        """
        groups = self.param_groups
        saved = copy.deepcopy(state_dict["param_groups"])
        if len(groups) != len(saved):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(groups, saved)):
            raise ValueError(
                "loaded state dict contains a parameter group that doesn't match the size of "
                "optimizer's group"
            )
        id_map = {i: p for s, g in zip(saved, groups) for i, p in zip(s["params"], g["params"])}
        state: defaultdict = defaultdict(dict)
        for k, v in state_dict["state"].items():
            if k in id_map:
                param = id_map[k]
                state[param] = {key: _copy_state(value, param, key) for key, value in v.items()}
            else:
                state[k] = v
        for g, s in zip(groups, saved):
            s["params"] = g["params"]
            if "param_names" in g and "param_names" not in s:
                s["param_names"] = g["param_names"]
        self.state = state
        self.param_groups = saved

    def __repr__(self) -> str:
        out = type(self).__name__ + " ("
        for i, group in enumerate(self.param_groups):
            out += f"\nParameter Group {i}\n"
            for key in sorted(group):
                if key != "params":
                    out += f"    {key}: {group[key]}\n"
        return out + ")"


def _copy_state(value: Any, param: Tensor, key: str) -> Any:
    """A state entry copied for ``param``: tensors other than ``step`` take its dtype."""
    if not isinstance(value, Tensor):
        return copy.deepcopy(value)
    with no_grad():
        out = value.detach()
        if key != "step" and param.is_floating_point() and out.dtype is not param.dtype:
            out = out.to(param.dtype)
    return out
