"""In-place ops: ``add_``, ``sub_``, ``mul_``, ``div_``, ``pow_``, ``clamp_``,
``zero_``, ``fill_``, ``copy_``, ``uniform_``, ``normal_`` and the augmented
operators (``+=``, ...), with the write machinery they and ``setitem`` share.

``_assign`` writes Values at flat positions through every view up to the
base and records PyTorch's nodes (``CopySlices``, ``AsStridedBackward0``);
``_check_inplace`` refuses writes to leaves that require grad. Follows
PyTorch's "In-place operations" notes
(https://pytorch.org/docs/stable/notes/autograd.html#in-place-operations-with-autograd).

>>> import tensors as torch
>>> x = torch.ones(2)
>>> x.add_(1)
tensor([2., 2.])
"""

from __future__ import annotations

import weakref
from typing import Any, Optional, Sequence

from autograd_scalar import Value
from autograd_scalar.grad_mode import _mode
from autograd_scalar.ops import OPS
from autograd_scalar.value import _const, _node

from .. import _dtype as D
from .. import _storage as S
from .._function import Node, node_class
from .._shape import (
    broadcast_shapes,
    broadcast_to,
)
from .._tensor import Tensor, _multi_output_error, _type_name, _warn
from .arithmetic import _add, _arg_error, _div, _is_number, _mul, _operand, _pow, _sub
from .pointwise import _scalar_tensor, clamp

_COPY = OPS["copy"]


def _snapshot(self: Tensor) -> Tensor:
    _check_inplace(self)
    return self._shallow()


def zero_(self: Tensor) -> Tensor:
    """Set every element to 0, in place (the usual way to clear ``.grad``).

    >>> import tensors as torch
    >>> torch.ones(2).zero_()
    tensor([0., 0.])
    """
    _check_inplace(self)
    news = [_const(0.0)] * self.numel()
    _assign(self, range(len(news)), news, name="ZeroBackward0", op="zero_", overlap="allow")
    return self


def fill_(self: Tensor, value: Any) -> Tensor:
    """Set every element to ``value`` (a number or a 0-d tensor), in place.

    >>> import tensors as torch
    >>> torch.zeros(2).fill_(7)
    tensor([7., 7.])
    """
    if isinstance(value, Tensor):
        if value.ndim:
            raise RuntimeError(
                f"fill_ only supports 0-dimension value tensor but got tensor with {value.ndim} "
                "dimensions."
            )
        element, name, others = value._flat()[0], "FillBackward3", (value,)
    elif _is_number(value):
        element, name, others = _const(float(value)), "FillBackward2", ()
    else:
        raise TypeError(
            f"fill_() received an invalid combination of arguments - got "
            f"({type(value).__name__}), but expected one of:\n * (Tensor value)\n * (Number value)"
        )
    _check_inplace(self)
    _assign(
        self,
        range(self.numel()),
        [element] * self.numel(),
        name=name,
        others=others,
        op="fill_",
        overlap="allow",
    )
    return self


def copy_(self: Tensor, src: Any) -> Tensor:
    """Copy ``src``'s elements into this tensor (broadcasting, casting), in place.

    >>> import tensors as torch
    >>> torch.zeros(2, 2).copy_(torch.tensor([1, 2]))
    tensor([[1., 2.],
            [1., 2.]])
    """
    if not isinstance(src, Tensor):
        if not _is_number(src):
            raise TypeError(
                f"copy_(): argument 'src' (position 1) must be Tensor, not {type(src).__name__}"
            )
        src = _scalar_tensor(src)
    shape = broadcast_shapes(self._shape, src._shape)
    if shape != self._shape:
        raise RuntimeError(
            f"output with shape {list(self._shape)} doesn't match the broadcast shape {list(shape)}"
        )
    _check_inplace(self)
    _assign(
        self,
        range(self.numel()),
        broadcast_to(src._flat(), src._shape, self._shape),
        name="torch::autograd::CopyBackwards",
        others=(src,),
        op="copy_",
    )
    return self


def _inplace_op(fn: Any) -> Any:
    def method(self: Tensor, other: Any, *args: Any, **kwargs: Any) -> Tensor:
        old = _snapshot(self)
        result = fn(old, other, *args, **kwargs)
        if result is NotImplemented:
            raise _arg_error(method.__name__, other, 1)
        return _inplace(self, result)

    method.__name__ = fn.__name__.lstrip("_") + "_"
    method.__doc__ = (
        f"In-place ``{method.__name__[:-1]}``: this tensor becomes the result.\n\n"
        f"    >>> import tensors as torch\n"
        f"    >>> torch.ones(2).{method.__name__}(2)\n"
        f"    tensor({_INPLACE_EXAMPLES[method.__name__]})\n"
    )
    return method


_INPLACE_EXAMPLES = {
    "add_": "[3., 3.]",
    "sub_": "[-1., -1.]",
    "mul_": "[2., 2.]",
    "div_": "[0.5000, 0.5000]",
    "pow_": "[1., 1.]",
}


add_ = _inplace_op(_add)


sub_ = _inplace_op(_sub)


mul_ = _inplace_op(_mul)


div_ = _inplace_op(_div)


pow_ = _inplace_op(_pow)


def _augmented(inplace: Any) -> Any:
    # ``x += y`` with something that is not a number or a tensor: let Python say so.
    def method(self: Tensor, other: Any) -> Any:
        if _operand(other) is None:
            return NotImplemented
        return inplace(self, other)

    return method


def clamp_(self: Tensor, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
    """In-place ``clamp``.

    >>> import tensors as torch
    >>> torch.tensor([-1., 2.]).clamp_(0, 1)
    tensor([0., 1.])
    """
    old = _snapshot(self)
    return _inplace(self, clamp(old, min, max))


def uniform_(self: Tensor, a: float = 0.0, b: float = 1.0) -> Tensor:
    """Fill with uniform random numbers in [a, b), in place (no gradient flows back).

    >>> import tensors as torch
    >>> torch.zeros(3).uniform_(2, 2)
    tensor([2., 2., 2.])
    """
    from .._creation import _rng

    if a > b:
        raise RuntimeError(
            f"uniform_ expects to return a [from, to) range, but found from={a:g} > to={b:g}"
        )
    _check_inplace(self)
    news = [_const(_rng.uniform(a, b)) for _ in range(self.numel())]
    _assign(self, range(len(news)), news, name="UniformBackward0", op="uniform_")
    return self


def normal_(self: Tensor, mean: float = 0.0, std: float = 1.0) -> Tensor:
    """Fill with normal random numbers, in place (no gradient flows back).

    >>> import tensors as torch
    >>> torch.zeros(2).normal_(5, 0)
    tensor([5., 5.])
    """
    from .._creation import _rng

    if std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
    _check_inplace(self)
    news = [_const(_rng.gauss(mean, std)) for _ in range(self.numel())]
    _assign(self, range(len(news)), news, name="NormalBackward0", op="normal_")
    return self


def _check_inplace(self, through_view: bool = False) -> None:
    """Refuse an in-place write to a leaf that requires grad (or to a view of one)
    while recording, with PyTorch's message. ``through_view``: the write goes
    to a view of this tensor (``t[0] = v``), as PyTorch's setitem does."""
    if not _mode.enabled or (self._detached and not self._requires_grad):
        return
    multi = getattr(self.grad_fn, "_multi", None)
    if multi is not None:
        raise RuntimeError(_multi_output_error(multi, "is being modified inplace"))
    if self.grad_fn is None and self._requires_grad:
        if through_view:
            raise RuntimeError(
                "a view of a leaf Variable that requires grad is being used in an in-place "
                "operation."
            )
        raise RuntimeError(
            "a leaf Variable that requires grad is being used in an in-place operation."
        )
    base = self._base
    if base is not None and base.grad_fn is None and base._requires_grad:
        raise RuntimeError(
            "a view of a leaf Variable that requires grad is being used in an in-place operation."
        )


_OVERLAP = (
    "unsupported operation: more than one element of the written-to tensor refers to a single "
    "memory location. Please clone() the tensor before performing the operation."
)


def _check_overlap(self: Tensor, positions: Sequence[int], overlap: str = "refuse") -> None:
    """Refuse a write to elements that share a cell (an ``expand``-ed tensor), in
    PyTorch's words, before anything changes. ``overlap``: "refuse", "warn"
    (an index_put, which PyTorch only warns about) or "allow" (fill_ and zero_
    write one number everywhere: PyTorch lets them)."""
    if overlap == "allow" or 0 not in self._stride:
        return
    if overlap == "warn":
        if S.has_internal_overlap(self._shape, self._stride):
            _warn(
                "Use of index_put_ on expanded tensors is deprecated. Please clone() the tensor "
                "before performing this operation. This also applies to advanced indexing e.g. "
                "tensor[indices] = tensor"
            )
        return
    cells = self._cell_positions()
    targets = [cells[p] for p in positions]
    if len(set(targets)) != len(targets):
        raise RuntimeError(_OVERLAP)


def _assign(
    self,
    positions: Sequence[int],
    news: Sequence[Value],
    name: str = "torch::autograd::CopySlices",
    others: tuple = (),
    through_view: bool = False,
    grad_fn: Optional[Node] = None,
    op: Optional[str] = None,
    overlap: str = "refuse",
) -> None:
    """Write Values at flat positions of this tensor, in place: into the cells of
    its storage, so the base and every view of it read them.

    A constant written over a leaf's element (or a constant) changes that
    element's data, so the leaf keeps its Values (``.grad`` and optimizers
    still find them); a Value with a graph replaces the cell.

    When recording, the write is recorded as PyTorch records it. On a
    tensor that is not a view, the op's own node (``grad_fn``, or a new
    ``name`` node over the old tensor and ``others``) becomes its grad_fn.
    Through a view (this tensor is one, or ``through_view``), the base
    gets a ``CopySlices`` over its old self and ``others``, and the view an
    ``AsStridedBackward0`` that reads from the base. Those names are for
    display: the gradients follow the cells.
    """
    _check_overlap(self, positions, overlap)
    cast = self.dtype.cast
    storage = self._storage
    cells = storage.cells
    where = self._cell_positions()
    if self._detached:  # writes through .data and detach() carry numbers, never a graph
        news = [_const(v.data) for v in news]
    plan = []  # (cell, element to store, or None to change the old element's data)
    floating = self.dtype.is_floating_point
    # An integer tensor takes the numbers only (cast), as PyTorch's does.
    recording = _mode.enabled and (
        self._requires_grad or (floating and any(v.requires_grad for v in news))
    )
    for pos, v in zip(positions, news):
        cell = where[pos]
        old_v = cells[cell]
        if v.requires_grad and floating:
            plan.append((cell, v if v._parents else v.clone(), None))
        elif not old_v._parents:
            plan.append((cell, None, cast(v.data)))
        elif not recording and old_v.requires_grad:
            # Unrecorded (no_grad, or through .data), the write leaves the tensor's
            # history as it was, as in PyTorch: its gradient still flows to the old
            # element's graph. The version counter guards where that is wrong.
            plan.append((cell, _node(cast(v.data), _COPY, old_v, 1.0, None, None), None))
        else:
            plan.append((cell, _const(cast(v.data)), None))
    base = self._base if self._base is not None else self
    viewed = through_view or self._base is not None
    old = (base if viewed else self)._shallow() if recording else None
    for cell, new, number in plan:
        if new is None:
            cells[cell].data = number
        else:
            cells[cell] = new
    storage.writes += 1
    self._bump_version()  # shared with every view (detach() too; .data has its own)
    if not recording:
        # The base keeps its history; the grad_fn of a view of it is rebuilt from
        # the base when next read (the version has moved on), as in PyTorch.
        return
    if not viewed:
        if grad_fn is None:
            grad_fn = node_class(name)((old,) + tuple(others), self)
            grad_fn.op = op or name
        else:
            grad_fn._output = weakref.ref(self)
            # A saved result is this tensor now, at its new version.
            grad_fn._versions = tuple(
                (t, self._vc[0] if t is None else v, p) for t, v, p in grad_fn._versions
            )
        self.grad_fn = grad_fn
        self._requires_grad = True
        return
    copy = node_class("torch::autograd::CopySlices")((old,) + tuple(others), base)
    copy.op = "setitem"
    base.grad_fn = copy
    base._requires_grad = True
    if self is not base:
        fn = node_class("AsStridedBackward0")((base._shallow(),), self)
        fn.op = "as_strided"
        self.grad_fn = fn
        self._requires_grad = True


def _inplace(self, result: "Tensor") -> "Tensor":
    """Make this tensor hold ``result``'s elements and grad_fn (add_, mul_, ``+=``, ...).

    ``result`` was computed from a snapshot of this tensor (its first input).
    """
    if result._shape != self._shape:
        raise RuntimeError(
            f"output with shape {list(self._shape)} doesn't match the broadcast shape "
            f"{list(result._shape)}"
        )
    if D.promote(self.dtype, result.dtype) is not self.dtype:
        raise RuntimeError(
            f"result type {_type_name(result.dtype)} can't be cast to the desired output "
            f"type {_type_name(self.dtype)}"
        )
    news = result._flat()
    fn = result.grad_fn
    others = tuple(fn._inputs[1:]) if fn is not None else ()
    _assign(self, range(len(news)), news, others=others, grad_fn=fn)
    return self
