"""The ``out=`` keyword: ``torch.add(a, b, out=c)`` writes the result into ``c``.

One wrapper, :func:`takes_out`, gives a function PyTorch's ``out=``: the
result is computed as without it, then written into ``out`` in place (the
same object is returned, its version counter moves on, a view writes
through to its base), resized first when its shape differs (with PyTorch's
UserWarning when it had elements). What PyTorch refuses is refused before
``out`` changes (PyTorch may resize it first): a result dtype ``out``
cannot hold, an ``out`` sharing some elements with an input, and, while grad
mode is on, any argument (``out`` included) that requires grad, since a
write into ``out`` cannot be differentiated. ``with_out.py`` says which
functions take ``out=`` and by which of PyTorch's dtype rules below; tensor
methods never do. Follows the ``out`` argument of PyTorch's function pages
(https://pytorch.org/docs/stable/torch.html) and PyTorch's behaviour,
checked by running it (README lists where this differs).

>>> import tensors as torch
>>> c = torch.empty(2)
>>> torch.add(torch.ones(2), 1, out=c) is c, c
(True, tensor([2., 2.]))
"""

from __future__ import annotations

import builtins
import functools
from typing import Any, Callable, Optional

from autograd_scalar import Value, is_grad_enabled, no_grad
from autograd_scalar.value import _const

from .. import _dtype as D
from .. import _storage as S
from .._shape import numel
from .._tensor import Tensor, _register_leaf, _type_name, _warn
from .inplace import _OVERLAP as _INTERNAL_OVERLAP
from .inplace import _assign

_RESIZED = (
    "An output with one or more elements was resized since it had shape {old}, which does not "
    "match the required output shape {new}. This behavior is deprecated, and in a future "
    "PyTorch release outputs will not be resized unless they have zero elements. You can "
    "explicitly reuse an out tensor t by resizing it, inplace, to zero elements with "
    "t.resize_(0)."
)


def _cpp(d: D.dtype) -> str:
    return {
        "float32": "float",
        "float64": "double",
        "int64": "long int",
        "int32": "int",
        "int16": "short int",
        "int8": "signed char",
        "uint8": "unsigned char",
        "bool": "bool",
    }[d.name]


def _category(d: D.dtype) -> int:
    return 0 if d is D.bool else 2 if d.is_floating_point else 1


# -- PyTorch's dtype rules for out: each raises, in its kernel's words, or returns --


def cast(r: D.dtype, o: D.dtype) -> None:
    """Elementwise ops: any dtype the result casts to without losing its kind."""
    if _category(r) > _category(o):
        raise RuntimeError(
            f"result type {_type_name(r)} can't be cast to the desired output type {_type_name(o)}"
        )


def exact(r: D.dtype, o: D.dtype) -> None:
    """Matrix products, norms, indices: out has the result's dtype exactly."""
    if r is not o:
        raise RuntimeError(
            f"Expected out tensor to have dtype {_cpp(r)}, but got {_cpp(o)} instead"
        )


def _same_as_input(r: D.dtype, o: D.dtype) -> None:  # amax, amin
    if r is not o:
        raise RuntimeError(
            f"Expected the dtype for input and out to match, but got {_type_name(r)} for "
            f"input's dtype and {_type_name(o)} for out's dtype."
        )


def _found(r: D.dtype, o: D.dtype) -> None:  # clamp, sign
    if r is not o:
        raise RuntimeError(f"Found dtype {_type_name(o)} but expected {_type_name(r)}")


def _where(r: D.dtype, o: D.dtype) -> None:
    if r is not o:
        raise RuntimeError(f"Expected out type to be {_type_name(r)} but got {_type_name(o)}")


def _dot(r: D.dtype, o: D.dtype) -> None:
    if r is not o:
        raise RuntimeError(
            f"result dtype {_type_name(o)} does not match input dtype {_type_name(r)}"
        )


def _cat(r: D.dtype, o: D.dtype) -> None:
    if _category(r) > _category(o):
        raise TypeError(
            f"torch.cat(): input types can't be cast to the desired output type {_type_name(o)}"
        )


def _floating(r: D.dtype, o: D.dtype) -> None:  # logsumexp
    if not o.is_floating_point:
        raise RuntimeError(
            f"logsumexp(): Expected floating point type for result tensor, but got: {_type_name(o)}"
        )


def _any(r: D.dtype, o: D.dtype) -> None:  # sum, prod: computed in out's dtype
    pass


def _can_cast(r: D.dtype, o: D.dtype) -> None:  # max and min of all elements
    if _category(r) > _category(o):
        raise RuntimeError(
            "Expected canCast( typeMetaToScalarType(self.dtype()), typeMetaToScalarType("
            "out.dtype())) to be true, but got false.  (Could this error message be improved?  "
            "If so, please report an enhancement request to PyTorch.)"
        )


# -- the machinery ---------------------------------------------------------------


def _tensors(args: tuple, kwargs: dict) -> list:
    found = []
    for x in list(args) + list(kwargs.values()):
        if isinstance(x, Tensor):
            found.append(x)
        elif isinstance(x, (list, tuple)):
            found.extend(t for t in x if isinstance(t, Tensor))
    return found


def _refuse_grad(name: str, tensors: list) -> None:
    """With grad mode on, no argument of a differentiable op called with out= may require grad."""
    if is_grad_enabled() and any(t._requires_grad for t in tensors):
        raise RuntimeError(
            f"{name}(): functions with out=... arguments don't support automatic "
            "differentiation, but one of the arguments requires grad."
        )


def _check_is_tensor(fn_name: str, out: Any) -> None:
    if not isinstance(out, Tensor):
        raise TypeError(f"{fn_name}(): argument 'out' must be Tensor, not {type(out).__name__}")


def _resized(out: Tensor, shape: tuple) -> None:
    if out.numel():
        _warn(_RESIZED.format(old=list(out._shape), new=list(shape)))


_OVERLAP = (
    "unsupported operation: some elements of the input tensor and the written-to tensor refer "
    "to a single memory location. Please clone() the tensor before performing the operation."
)


def _check_overlap(out: Tensor, inputs: list, shape: tuple, full_ok: bool) -> None:
    """PyTorch refuses an out that shares some elements with an input, as its kernels
    would read elements they have already written. An out exactly over an input
    (``add(x, 1, out=x)``) is fine for elementwise ops (``full_ok``), not for cat.
    Like PyTorch, only outs and inputs over a block of memory (no gaps, no
    repeats, any order) are compared."""
    if not full_ok and numel(shape) and any(x is out for x in inputs):
        # PyTorch resizes out first: an empty out that is also an input then overlaps it.
        raise RuntimeError(_OVERLAP)
    root, where = out._storage, out._cell_positions()
    n = numel(shape)
    if out._shape != shape and out._contig and out._offset + n <= len(root.cells):
        # PyTorch's gather and its kin resize out first, inside its storage when
        # that is large enough: compare the cells out will have. (cat checks out
        # as it is; a storage too small for the result leaves those cells anyway.)
        where = list(range(out._offset, out._offset + n))
    if not _dense(where):
        return
    for x in inputs:
        xroot, xwhere = x._storage, x._cell_positions()
        if xroot is not root or not _dense(xwhere) or not set(where) & set(xwhere):
            continue
        if full_ok and xwhere == where and x._shape == out._shape == shape:
            continue
        raise RuntimeError(_OVERLAP)


def _dense(where: list) -> bool:
    span = builtins.max(where) - builtins.min(where) + 1 if where else 0
    return len(set(where)) == len(where) == span


def write(out: Tensor, result: Tensor, warn: Optional[Callable] = _resized) -> Tensor:
    """Write ``result``'s numbers into ``out`` in place, resizing it if need be, and return it.

    The write is one in-place change (``out._version`` moves by one) and
    records nothing; through a view it reaches the base. ``warn(out, shape)``:
    PyTorch's warning when out is resized (creation functions give none, but arange).

    >>> import tensors as torch
    >>> o = torch.zeros(2)
    >>> write(o, torch.tensor([1., 2.])), o._version
    (tensor([1., 2.]), 1)
    """
    to = out.dtype.cast
    news = [_const(to(v.data)) for v in result._flat()]
    if out._shape != result._shape:
        if warn is not None:
            warn(out, result._shape)
        _resize(out, result._shape)
    with no_grad():
        _assign(out, range(len(news)), news)
    return out


def _resize(out: Tensor, shape: tuple) -> None:
    # A new storage of the new shape. A view that PyTorch would resize inside its
    # base's storage becomes a tensor of its own here (its version counter stays shared).
    leaf = out._requires_grad and out.grad_fn is None
    flat = [Value(0.0, requires_grad=leaf) for _ in range(numel(shape))]
    out._replace_cells(flat, shape)
    out._base = None
    out._detached = False
    if leaf:
        _register_leaf(out)


def takes_out(
    fn: Callable,
    name: Optional[str] = None,
    rule: Callable = cast,
    differentiable: bool = True,
    prepare: Optional[Callable] = None,
    warn: Optional[Callable] = _resized,
    overlap: Optional[str] = "partial",
) -> Callable:
    """``fn`` with PyTorch's ``out=`` keyword (without it, ``fn`` itself runs).

    ``name``: the op named in the autograd error (PyTorch's kernel, so
    ``torch.subtract`` says ``sub()``); ``rule(result_dtype, out_dtype)``:
    the dtype check; ``differentiable``: comparisons and indices take inputs
    that require grad; ``prepare(out, args, kwargs)``: PyTorch's own checks
    and argument changes of the out= form, returning ``(args, kwargs)``;
    ``warn``: the resize warning (None for creation functions); ``overlap``:
    which sharing of elements between out and an input is refused ("partial",
    "any" for cat, None where PyTorch does not check).

    >>> import tensors as torch
    >>> from tensors._ops.pointwise import exp
    >>> exp = takes_out(exp)
    >>> o = torch.empty(0)
    >>> exp(torch.zeros(2), out=o), o.shape
    (tensor([1., 1.]), torch.Size([2]))
    """
    op = name or fn.__name__

    @functools.wraps(fn)
    def f(*args: Any, out: Optional[Tensor] = None, **kwargs: Any) -> Any:
        if out is None:
            return fn(*args, **kwargs)
        _check_is_tensor(fn.__name__, out)
        if differentiable:
            _refuse_grad(op, _tensors(args, kwargs) + [out])
        if prepare is not None:
            args, kwargs = prepare(out, args, kwargs)
        if S.has_internal_overlap(out._shape, out._stride):
            raise RuntimeError(_INTERNAL_OVERLAP)  # an expanded out, before any number moves
        with no_grad():
            result = fn(*args, **kwargs)
        if overlap is not None:
            inputs = _tensors(args, kwargs)
            _check_overlap(out, inputs, result._shape, full_ok=overlap == "partial")
        rule(result.dtype, out.dtype)
        return write(out, result, warn)

    f.__doc__ = (fn.__doc__ or "").rstrip() + _OUT_DOC
    return f


_OUT_DOC = "\n\n    ``out=``: a tensor to write the result into, in place (it is returned).\n"


def _by_arguments(choose: Callable, **variants: Callable) -> Callable:
    """One function whose out= rule depends on its arguments: ``choose(*args, **kwargs)``
    names the variant (clamp's bounds, matmul's dimensions)."""
    first = next(iter(variants.values()))
    fn = first.__wrapped__  # the op itself (functools.wraps keeps it)

    @functools.wraps(first)
    def f(*args: Any, out: Optional[Tensor] = None, **kwargs: Any) -> Any:
        if out is None:
            return fn(*args, **kwargs)
        return variants[choose(*args, **kwargs)](*args, out=out, **kwargs)

    return f
