"""``Module``: the base class of layers and models, as ``torch.nn.Module``.

A module registers the ``Parameter``s, buffers and submodules assigned to
its attributes, so ``parameters()`` finds every weight of a model, nested as
deep as it is, and ``state_dict()`` names each one.

>>> import tensors as torch
>>> class TwoLayer(torch.nn.Module):
...     def __init__(self):
...         super().__init__()
...         self.hidden = torch.nn.Linear(2, 4)
...         self.out = torch.nn.Linear(4, 1)
...     def forward(self, x):
...         return self.out(torch.relu(self.hidden(x)))
>>> net = TwoLayer()
>>> [name for name, _ in net.named_parameters()]
['hidden.weight', 'hidden.bias', 'out.weight', 'out.bias']
>>> net(torch.ones(3, 2)).shape
torch.Size([3, 1])
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Dict, Iterator, Optional, Tuple

from .. import _dtype as D
from .._device import check_device
from .._ops import conversions
from .._tensor import Tensor
from . import state_dict as _state_dict
from .parameter import Parameter

__all__ = ["Module"]


def _typename(obj: Any) -> str:
    """PyTorch's name for an object's type in messages: ``torch.FloatTensor``, ``int``, ..."""
    if isinstance(obj, Tensor):
        kind = {"float32": "Float", "float64": "Double", "int64": "Long", "bool": "Bool"}
        return f"torch.{kind[obj.dtype.name]}Tensor"
    cls = type(obj)
    module = cls.__module__ or ""
    return cls.__qualname__ if module in ("", "builtins") else f"{module}.{cls.__qualname__}"


def _addindent(s: str, spaces: int) -> str:
    lines = s.split("\n")
    if len(lines) == 1:
        return s
    first = lines.pop(0)
    return first + "\n" + "\n".join(" " * spaces + ln if ln.strip() else "" for ln in lines)


class Module:
    """Base class for layers and models: subclass it, set attributes in ``__init__``,
    and write ``forward``; call the module to run it.

    Attributes that are ``Parameter``s, ``Module``s or registered buffers are
    tracked, in the order they were assigned, by ``parameters()``,
    ``children()``, ``modules()`` and ``state_dict()``.

    >>> import tensors as torch
    >>> class Scale(torch.nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.factor = torch.nn.Parameter(torch.tensor(2.0))
    ...     def forward(self, x):
    ...         return x * self.factor
    >>> m = Scale()
    >>> m(torch.tensor([1., 3.]))
    tensor([2., 6.], grad_fn=<MulBackward0>)
    >>> sum(p.numel() for p in m.parameters())
    1
    """

    training: bool
    _parameters: Dict[str, Optional[Parameter]]
    _buffers: Dict[str, Optional[Tensor]]
    _modules: Dict[str, Optional["Module"]]

    def __init__(self) -> None:
        # object.__setattr__: our own __setattr__ needs these dicts to exist first
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_non_persistent_buffers_set", set())
        object.__setattr__(self, "_modules", OrderedDict())

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """The computation of the module; every subclass defines it (call the module to run it).

        >>> import tensors as torch
        >>> torch.nn.Tanh().forward(torch.zeros(1))
        tensor([0.])
        """
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" function'
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)

    # -- registration ------------------------------------------------------------

    def register_parameter(self, name: str, param: Optional[Parameter]) -> None:
        """Add a parameter under ``name`` (what ``self.name = Parameter(...)`` does).

        >>> import tensors as torch
        >>> m = torch.nn.Module()
        >>> m.register_parameter("w", torch.nn.Parameter(torch.zeros(2)))
        >>> [n for n, _ in m.named_parameters()]
        ['w']
        """
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        self._check_name(name, "parameter", self._parameters)
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"cannot assign '{_typename(param)}' object to parameter '{name}' "
                "(torch.nn.Parameter or None required)"
            )
        if param is not None and param.grad_fn is not None:
            raise ValueError(
                f"Cannot assign non-leaf Tensor to parameter '{name}'. Model parameters must be "
                f"created explicitly. To express '{name}' as a function of another Tensor, "
                "compute the value in the forward() method."
            )
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Optional[Tensor], persistent: bool = True) -> None:
        """Add a tensor that is state but not a parameter (saved by ``state_dict`` if persistent).

        >>> import tensors as torch
        >>> m = torch.nn.Module()
        >>> m.register_buffer("count", torch.zeros(1))
        >>> list(m.state_dict())
        ['count']
        """
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        self._check_name(name, "buffer", self._buffers)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(
                f"cannot assign '{_typename(tensor)}' object to buffer '{name}' "
                "(torch Tensor or None required)"
            )
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def add_module(self, name: str, module: Optional["Module"]) -> None:
        """Add a child module under ``name`` (what ``self.name = module`` does).

        >>> import tensors as torch
        >>> m = torch.nn.Module()
        >>> m.add_module("act", torch.nn.ReLU())
        >>> m
        Module(
          (act): ReLU()
        )
        """
        if not isinstance(module, Module) and module is not None:
            raise TypeError(f"{_typename(module)} is not a Module subclass")
        if not isinstance(name, str):
            raise TypeError(f"module name should be a string. Got {_typename(name)}")
        if hasattr(self, name) and name not in self._modules:
            raise KeyError(f"attribute '{name}' already exists")
        if "." in name:
            raise KeyError(f'module name can\'t contain ".", got: {name}')
        if name == "":
            raise KeyError('module name can\'t be empty string ""')
        self._modules[name] = module

    register_module = add_module

    def _check_name(self, name: Any, kind: str, table: dict) -> None:
        if not isinstance(name, str):
            raise TypeError(f"{kind} name should be a string. Got {_typename(name)}")
        if "." in name:
            raise KeyError(f'{kind} name can\'t contain "."')
        if name == "":
            raise KeyError(f'{kind} name can\'t be empty string ""')
        if hasattr(self, name) and name not in table:
            raise KeyError(f"attribute '{name}' already exists")

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails: registered members live in the three dicts.
        d = self.__dict__
        for table in ("_parameters", "_buffers", "_modules"):
            members = d.get(table)
            if members is not None and name in members:
                return members[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __setattr__(self, name: str, value: Any) -> None:
        d = self.__dict__
        params = d.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            self._forget(name, keep="_parameters")
            self.register_parameter(name, value)
            return
        if params is not None and name in params:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{_typename(value)}' as parameter '{name}' "
                    "(torch.nn.Parameter or None expected)"
                )
            self.register_parameter(name, value)
            return
        modules = d.get("_modules")
        if isinstance(value, Module):
            if modules is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            self._forget(name, keep="_modules")
            modules[name] = value
            return
        if modules is not None and name in modules:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{_typename(value)}' as child module '{name}' "
                    "(torch.nn.Module or None expected)"
                )
            modules[name] = value
            return
        buffers = d.get("_buffers")
        if buffers is not None and name in buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(
                    f"cannot assign '{_typename(value)}' as buffer '{name}' "
                    "(torch.nn.Buffer, torch.Tensor or None expected)"
                )
            buffers[name] = value
            return
        object.__setattr__(self, name, value)

    def _forget(self, name: str, keep: str) -> None:
        """Drop ``name`` from the other tables, before it is registered in ``keep``
        (where it keeps its place if it was there)."""
        self.__dict__.pop(name, None)
        for table in ("_parameters", "_buffers", "_modules"):
            if table != keep:
                self.__dict__[table].pop(name, None)
        self._non_persistent_buffers_set.discard(name)

    def __delattr__(self, name: str) -> None:
        for table in ("_parameters", "_buffers", "_modules"):
            members = self.__dict__.get(table)
            if members is not None and name in members:
                del members[name]
                self._non_persistent_buffers_set.discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self) -> list:
        extra = list(self._parameters) + list(self._buffers) + list(self._modules)
        return sorted(set(object.__dir__(self)) | {k for k in extra if not k[0].isdigit()})

    # -- walking the tree --------------------------------------------------------------

    def named_modules(
        self, memo: Optional[set] = None, prefix: str = "", remove_duplicate: bool = True
    ) -> Iterator[Tuple[str, "Module"]]:
        """``(name, module)`` for this module (name ``''``) and every module inside it.

        >>> import tensors as torch
        >>> net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU())
        >>> [name for name, _ in net.named_modules()]
        ['', '0', '1']
        """
        if memo is None:
            memo = set()
        if self in memo:
            return
        if remove_duplicate:
            memo.add(self)
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            sub = prefix + ("." if prefix else "") + name
            yield from module.named_modules(memo, sub, remove_duplicate)

    def modules(self) -> Iterator["Module"]:
        """This module and every module inside it, each once.

        >>> import tensors as torch
        >>> net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU())
        >>> len(list(net.modules()))
        3
        """
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[Tuple[str, "Module"]]:
        """``(name, module)`` for the direct submodules.

        >>> import tensors as torch
        >>> [n for n, _ in torch.nn.Sequential(torch.nn.ReLU()).named_children()]
        ['0']
        """
        seen: set = set()
        for name, module in self._modules.items():
            if module is not None and module not in seen:
                seen.add(module)
                yield name, module

    def children(self) -> Iterator["Module"]:
        """The direct submodules.

        >>> import tensors as torch
        >>> list(torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Tanh()).children())
        [ReLU(), Tanh()]
        """
        for _, module in self.named_children():
            yield module

    def _named_members(
        self, get: Callable[["Module"], Any], prefix: str, recurse: bool, remove_duplicate: bool
    ) -> Iterator[Tuple[str, Any]]:
        seen: set = set()
        walk = (
            self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
            if recurse
            else [(prefix, self)]
        )
        for module_prefix, module in walk:
            for name, value in get(module):
                # a set of tensors compares by identity: Tensor hashes by id
                if value is None or value in seen:
                    continue
                if remove_duplicate:
                    seen.add(value)
                yield module_prefix + ("." if module_prefix else "") + name, value

    def named_parameters(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[Tuple[str, Parameter]]:
        """``(name, parameter)`` pairs, this module's own first, then its submodules' in order.

        A parameter shared by two modules is listed once.

        >>> import tensors as torch
        >>> net = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
        >>> [(name, tuple(p.shape)) for name, p in net.named_parameters()]
        [('0.weight', (3, 2)), ('0.bias', (3,)), ('2.weight', (1, 3)), ('2.bias', (1,))]
        """
        return self._named_members(
            lambda m: m._parameters.items(), prefix, recurse, remove_duplicate
        )

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """Every parameter of this module and its submodules (what an optimizer takes).

        >>> import tensors as torch
        >>> sum(p.numel() for p in torch.nn.Linear(2, 16).parameters())
        48
        """
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[Tuple[str, Tensor]]:
        """``(name, buffer)`` pairs, like ``named_parameters``.

        >>> import tensors as torch
        >>> loss = torch.nn.BCEWithLogitsLoss(pos_weight=torch.ones(1))
        >>> [name for name, _ in loss.named_buffers()]
        ['pos_weight']
        """
        return self._named_members(lambda m: m._buffers.items(), prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        """Every buffer of this module and its submodules.

        >>> import tensors as torch
        >>> list(torch.nn.CrossEntropyLoss(weight=torch.ones(3)).buffers())
        [tensor([1., 1., 1.])]
        """
        for _, buf in self.named_buffers(recurse=recurse):
            yield buf

    # -- dtype and device ---------------------------------------------------------------

    def to(self, *args: Any, **kwargs: Any) -> "Module":
        """Convert floating-point parameters and buffers to a dtype, in place; returns the module.

        ``model.to(torch.float64)``; a device other than ``'cpu'`` is refused.

        >>> import tensors as torch
        >>> torch.nn.Linear(2, 1).to(torch.float64).weight.dtype
        torch.float64
        """
        dtype = kwargs.get("dtype")
        for a in list(args) + [kwargs.get("device")]:
            if isinstance(a, D.dtype):
                dtype = a
            elif isinstance(a, Tensor):
                dtype = a.dtype
            elif a is not None:
                check_device(a)
        if dtype is None:
            return self
        dtype = D._as_dtype(dtype)
        if not dtype.is_floating_point:
            raise TypeError(
                "nn.Module.to only accepts floating point or complex dtypes, but got desired "
                f"dtype={dtype}"
            )
        for t in list(self.parameters()) + list(self.buffers()):
            # the numbers are Python floats whatever the dtype: only the label changes
            if t.is_floating_point():
                t.dtype = dtype
                if t.grad is not None:
                    t.grad.dtype = dtype
        return self

    def double(self) -> "Module":
        """``to(torch.float64)``. ``torch.nn.Linear(2, 1).double()``"""
        return self.to(D.float64)

    def float(self) -> "Module":
        """``to(torch.float32)``. ``torch.nn.Linear(2, 1).float()``"""
        return self.to(D.float32)

    def cpu(self) -> "Module":
        """This module (everything is on the CPU). ``torch.nn.Linear(2, 1).cpu()``"""
        return self

    def cuda(self, device: Any = None) -> "Module":
        """PyTorch's error on a build without CUDA, as ``Tensor.cuda``."""
        return conversions.cuda(self, device)  # type: ignore[arg-type] - it raises

    # -- modes and gradients -------------------------------------------------------------

    def train(self, mode: bool = True) -> "Module":
        """Set training mode (``mode=True``) or evaluation mode here and in every submodule.

        >>> import tensors as torch
        >>> net = torch.nn.Sequential(torch.nn.Linear(2, 2))
        >>> net.train(False)[0].training
        False
        """
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self) -> "Module":
        """Set evaluation mode (``train(False)``); returns the module.

        >>> import tensors as torch
        >>> torch.nn.Linear(2, 2).eval().training
        False
        """
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> "Module":
        """Start (or stop) recording gradients for every parameter; returns the module.

        >>> import tensors as torch
        >>> layer = torch.nn.Linear(2, 2).requires_grad_(False)
        >>> layer.weight.requires_grad
        False
        """
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear every parameter's ``.grad``: to None (default), or fill it with zeros.

        >>> import tensors as torch
        >>> layer = torch.nn.Linear(2, 1)
        >>> layer(torch.ones(1, 2)).sum().backward()
        >>> layer.zero_grad()
        >>> layer.weight.grad is None
        True
        """
        for p in self.parameters():
            _clear_grad(p, set_to_none)

    def apply(self, fn: Callable[["Module"], Any]) -> "Module":
        """Call ``fn`` on every submodule (children first) and on this module; returns it.

        >>> import tensors as torch
        >>> def init(m):
        ...     if isinstance(m, torch.nn.Linear):
        ...         torch.nn.init.zeros_(m.bias)
        >>> net = torch.nn.Sequential(torch.nn.Linear(2, 2)).apply(init)
        >>> net[0].bias
        Parameter containing:
        tensor([0., 0.], requires_grad=True)
        """
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    def get_submodule(self, target: str) -> "Module":
        """The submodule at a dotted path such as ``'body.0'`` (``''`` is this module).

        >>> import tensors as torch
        >>> torch.nn.Sequential(torch.nn.Linear(2, 2)).get_submodule("0")
        Linear(in_features=2, out_features=2, bias=True)
        """
        if target == "":
            return self
        module = self
        for item in target.split("."):
            if not hasattr(module, item):
                raise AttributeError(module._get_name() + " has no attribute `" + item + "`")
            module = getattr(module, item)
            if not isinstance(module, Module):
                raise AttributeError("`" + item + "` is not an nn.Module")
        return module

    # -- state_dict: saving and loading live in state_dict.py ---------------------

    state_dict = _state_dict.state_dict
    load_state_dict = _state_dict.load_state_dict
    _local_state = _state_dict._local_state
    _prefixed_modules = _state_dict._prefixed_modules

    # -- printing ----------------------------------------------------------------

    def _get_name(self) -> str:
        return type(self).__name__

    def extra_repr(self) -> str:
        """The text inside the parentheses of this module's repr; subclasses override it.

        >>> import tensors as torch
        >>> torch.nn.Linear(2, 3).extra_repr()
        'in_features=2, out_features=3, bias=True'
        """
        return ""

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [
            f"({key}): " + _addindent(repr(module), 2) for key, module in self._modules.items()
        ]
        lines = extra_lines + child_lines
        main = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                main += extra_lines[0]
            else:
                main += "\n  " + "\n  ".join(lines) + "\n"
        return main + ")"


def _clear_grad(p: Tensor, set_to_none: bool) -> None:
    """What ``zero_grad`` does to one parameter, in PyTorch's way."""
    if p.grad is None:
        return
    if set_to_none:
        p.grad = None
        return
    g = p.grad
    if g.grad_fn is not None:
        g.detach_()
    else:
        g.requires_grad_(False)
    g.zero_()
