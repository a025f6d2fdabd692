"""NumPy's keyword names that PyTorch accepts as well: ``axis`` for ``dim``,
``keepdims`` for ``keepdim``, and ``size=`` as a keyword of the creation functions.

>>> import tensors as torch
>>> torch.ones(2, 3).sum(axis=0, keepdims=True)
tensor([[2., 2., 2.]])
>>> torch.zeros(size=(2,))
tensor([0., 0.])
"""

from __future__ import annotations

import functools
from typing import Any, Callable

__all__ = ["numpy_keywords", "size_keyword"]

_ALIASES = (("axis", "dim"), ("keepdims", "keepdim"))


def numpy_keywords(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` taking ``axis=`` as ``dim=`` and ``keepdims=`` as ``keepdim=``, as PyTorch's
    argument parser does; naming both is the error PyTorch gives.

    >>> import tensors as torch
    >>> torch.tensor([[1., 5.], [7., 2.]]).argmax(axis=1)
    tensor([1, 0])
    """

    @functools.wraps(fn)
    def aliased(*args: Any, **kwargs: Any) -> Any:
        for numpy_name, name in _ALIASES:
            if numpy_name in kwargs:
                if name in kwargs or (name == "dim" and len(args) > 1):
                    raise TypeError(
                        f"{fn.__name__}() got an unexpected keyword argument '{numpy_name}'"
                    )
                kwargs[name] = kwargs.pop(numpy_name)
        return fn(*args, **kwargs)

    return aliased


def size_keyword(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn(*size)`` also called as ``fn(size=(2, 3))``.

    >>> import tensors as torch
    >>> torch.randn(size=(), requires_grad=True).shape
    torch.Size([])
    """

    @functools.wraps(fn)
    def sized(*args: Any, **kwargs: Any) -> Any:
        if "size" in kwargs:
            if args:
                raise TypeError(f"{fn.__name__}() got multiple values for argument 'size'")
            args = (tuple(kwargs.pop("size")),)
        return fn(*args, **kwargs)

    return sized
