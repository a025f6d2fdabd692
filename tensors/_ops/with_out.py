"""The functions that take PyTorch's ``out=`` keyword, each with its dtype rule
and the checks peculiar to its out= form (``out.py`` holds the machinery).

Elementwise ops cast their result to out's dtype when it does not lose its
kind; matrix products, norms and indices want out's dtype exactly; sum and
prod compute in out's dtype; creation functions take it as theirs; max and
min along a dim fill a pair ``(values, indices)``. Each rule speaks as the
PyTorch kernel behind the function does, and the autograd error names that
kernel (``torch.subtract`` says ``sub()``).

>>> import tensors as torch
>>> values, indices = torch.empty(0), torch.empty(0, dtype=torch.long)
>>> torch.max(torch.tensor([[1., 5.], [7., 2.]]), 1, out=(values, indices))
torch.return_types.max_out(
values=tensor([5., 7.]),
indices=tensor([1, 0]))
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Optional

from autograd_scalar import is_grad_enabled, no_grad

from .. import _creation
from .. import _creation_spaced as _spaced
from .. import _dtype as D
from .._keywords import numpy_keywords
from .._tensor import Tensor, _type_name, _warn
from . import arithmetic as A
from . import comparison as C
from . import gather_scatter as G
from . import join_split as J
from . import linalg_norms as LN
from . import masked as MS
from . import matrix_products as M
from . import pointwise as P
from . import reductions as R
from . import reductions_more as RM
from . import sampling as SA
from . import softmax_family as S
from . import sorting as SO
from .out import (
    _any,
    _by_arguments,
    _can_cast,
    _cat,
    _check_is_tensor,
    _check_overlap,
    _dot,
    _floating,
    _found,
    _refuse_grad,
    _same_as_input,
    _where,
    cast,
    exact,
    takes_out,
    write,
)


def _arange_resized(out: Tensor, shape: tuple) -> None:
    if out.numel() and out.numel() != shape[0]:
        _warn(
            f"The number of elements in the out tensor of shape {list(out._shape)} is "
            f"{out.numel()} which does not match the computed number of elements {shape[0]}. "
            "Note that this may occur as a result of rounding error. The out tensor will be "
            f"resized to a tensor of shape ({shape[0]},)."
        )


def _long_out(r: D.dtype, o: D.dtype) -> None:  # multinomial
    if o is not D.int64:
        raise RuntimeError(f"multinomial expects Long tensor out, got: {D.type_name(o)}")


# -- argument checks of particular out= forms ---------------------------------------


def _invalid(fn_name: str, args: tuple, kwargs: dict, overloads: str) -> TypeError:
    got = [type(a).__name__ for a in args] + [f"{k}={type(v).__name__}" for k, v in kwargs.items()]
    return TypeError(
        f"{fn_name}() received an invalid combination of arguments - got ({', '.join(got)}, "
        f"out=Tensor), but expected one of:\n{overloads}"
    )


def _reduce_in_out_dtype(fn_name: str, dim_kind: str) -> Callable:
    """sum and prod along dims compute in out's dtype (a float input into a long out is
    truncated first); without a dim they take no out=."""

    def prepare(out: Tensor, args: tuple, kwargs: dict) -> tuple:
        dim = args[1] if len(args) > 1 else kwargs.get("dim")
        if dim is None:
            raise _invalid(
                fn_name,
                args,
                kwargs,
                " * (Tensor input, *, torch.dtype dtype = None)\n"
                f" * (Tensor input, {dim_kind} dim, bool keepdim = False, *, torch.dtype dtype = "
                "None, Tensor out = None)\n",
            )
        dtype = kwargs.get("dtype")
        if dtype is not None and D._as_dtype(dtype) is not out.dtype:
            exact(D._as_dtype(dtype), out.dtype)
        x = args[0]
        if x.dtype.is_floating_point and not out.dtype.is_floating_point:
            x = x.detach().to(out.dtype)
        return (x,) + tuple(args[1:]), kwargs

    return prepare


def _cumsum_in_out_dtype(out: Tensor, args: tuple, kwargs: dict) -> tuple:
    # As sum along dims: computed in out's dtype (a float input into a long out is
    # truncated first); a different dtype= is an error.
    dtype = kwargs.get("dtype")
    if dtype is not None and D._as_dtype(dtype) is not out.dtype:
        exact(D._as_dtype(dtype), out.dtype)
    if out.dtype is D.bool:
        raise NotImplementedError("\"cumsum_out_cpu\" not implemented for 'Bool'")
    x = args[0]
    if isinstance(x, Tensor) and x.dtype.is_floating_point and not out.dtype.is_floating_point:
        x = x.detach().to(out.dtype)
    return (x,) + tuple(args[1:]), kwargs


def _mean_rule(out: Tensor, args: tuple, kwargs: dict) -> tuple:
    dim = args[1] if len(args) > 1 else kwargs.get("dim")
    x = args[0]
    if dim is None and x.dtype.is_floating_point and not out.dtype.is_floating_point:
        raise RuntimeError(
            "mean.dtype_out(): input types can't be cast to the desired output type "
            f"{_type_name(out.dtype)}"
        )
    return args, kwargs


def _addmv(out: Tensor, args: tuple, kwargs: dict) -> tuple:
    # A matrix-vector product into an out already of the result's size is PyTorch's
    # addmv with out as its added input: its dtype check speaks first.
    m, vec = args[0], args[1] if len(args) > 1 else next(iter(kwargs.values()), None)
    if isinstance(m, Tensor) and isinstance(vec, Tensor) and m.ndim == 2 and vec.ndim == 1:
        if out._shape == m._shape[:1] and out.dtype is not m.dtype and m.dtype is vec.dtype:
            raise RuntimeError(
                "addmv input tensors must have the same dtype, but got "
                f"{_type_name(out.dtype)}, {_type_name(m.dtype)}, and {_type_name(vec.dtype)}"
            )
    return args, kwargs


def _mean_cast(r: D.dtype, o: D.dtype) -> None:
    # PyTorch's mean along dims names the result Float whatever the floating dtype.
    cast(D.float32 if r.is_floating_point else r, o)


def _where_tensors(out: Tensor, args: tuple, kwargs: dict) -> tuple:
    # With out=, PyTorch's where takes tensors only (no Python numbers).
    for i, arg in ((1, "input"), (2, "other")):
        x = args[i] if len(args) > i else kwargs.get(arg)
        if not isinstance(x, Tensor):
            raise TypeError(
                f"where(): argument '{arg}' (position {i + 1}) must be Tensor, not "
                f"{type(x).__name__}"
            )
    return args, kwargs


def _no_grad_of_out(name: str, resize_first: bool = False) -> Callable:
    """Creation functions: out's dtype is theirs (a different ``dtype=`` is an error);
    ``requires_grad=True`` makes out require grad."""

    def prepare(out: Tensor, args: tuple, kwargs: dict) -> tuple:
        if out._requires_grad and is_grad_enabled():
            if resize_first:
                raise RuntimeError("cannot resize variables that require grad")
            _refuse_grad(f"aten::{name}", [out])
        if kwargs.get("requires_grad") and not out.dtype.is_floating_point:
            raise RuntimeError(
                "Only Tensors of floating point and complex dtype can require gradients"
            )
        dtype = kwargs.get("dtype")
        if dtype is not None and D._as_dtype(dtype) is not out.dtype:
            raise RuntimeError(
                f"dtype {_type_name(D._as_dtype(dtype))} does not match dtype of out parameter "
                f"({_type_name(out.dtype)})"
            )
        return args, dict(kwargs, dtype=out.dtype, requires_grad=False)

    return prepare


def _creation_out(fn: Callable, resize_first: bool = False) -> Callable:
    name = fn.__name__
    prepare = _no_grad_of_out(name, resize_first)
    warn = _arange_resized if name == "arange" else None
    inner = takes_out(fn, rule=_any, differentiable=False, prepare=prepare, warn=warn, overlap=None)

    @functools.wraps(fn)
    def f(*args: Any, out: Optional[Tensor] = None, **kwargs: Any) -> Any:
        if out is None:
            return fn(*args, **kwargs)
        if name in ("empty", "arange"):
            _check_is_tensor(name, out)
            made = fn(*prepare(out, args, kwargs)[0], dtype=out.dtype)
            if name == "empty" and made._shape == out._shape:
                return out  # empty only resizes: out keeps its numbers and version
            if name == "arange" and made.numel() == out.numel():
                return write(out, made.reshape(out._shape), None)  # out keeps its shape
        result = inner(*args, out=out, **kwargs)
        if kwargs.get("requires_grad"):
            result.requires_grad_()
        return result

    f.__doc__ = inner.__doc__
    return f


_MAX_OVERLOADS = (
    " * (Tensor input, *, Tensor out = None)\n"
    "      didn't match because some of the keywords were incorrect: out\n"
    " * (Tensor input, Tensor other, *, Tensor out = None)\n"
    " * (Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)\n"
)


def _minmax_out(fn: Callable, elementwise: Callable, kind: str) -> Callable:
    """max and min: of all elements into a tensor; with a tensor, ``maximum``/``minimum``;
    along ``dim``, into a pair ``(values, indices)`` (returned as ``return_types.max_out``)."""
    whole = takes_out(fn, rule=_can_cast, overlap=None)
    named = getattr(R.return_types, f"{kind}_out")

    @functools.wraps(fn)
    def f(input: Tensor, dim: Any = None, keepdim: bool = False, *, out: Any = None) -> Any:
        if out is None:
            return fn(input, dim, keepdim)
        if dim is None:
            return whole(input, out=out)
        if isinstance(dim, Tensor):
            return elementwise(input, dim, out=out)
        if not isinstance(out, (tuple, list)):
            got = (type(input).__name__, type(dim).__name__)
            raise TypeError(
                f"{kind}() received an invalid combination of arguments - got ({got[0]}, "
                f"{got[1]}, out={type(out).__name__}), but expected one of:\n{_MAX_OVERLOADS}"
            )
        if len(out) != 2:
            raise TypeError(f"expected tuple of 2 elements but got {len(out)}")
        for i, t in enumerate(out):
            if not isinstance(t, Tensor):
                raise TypeError(
                    f"expected Tensor as element {i} in argument 3, but got {type(t).__name__}"
                )
        values, indices = out
        _refuse_grad(kind, [input, values, indices])
        with no_grad():
            result = fn(input, dim, keepdim)
        _check_overlap(values, [input], result[0]._shape, full_ok=True)
        exact(result[0].dtype, values.dtype)
        exact(D.int64, indices.dtype)
        write(values, result[0])
        write(indices, result[1])
        return named(values, indices)

    f.__doc__ = (fn.__doc__ or "").rstrip() + (
        "\n\n    ``out=``: a tensor to write the result into, or along ``dim`` a pair "
        "``(values, indices)``.\n"
    )
    return f


def _kthvalue_out(fn: Callable) -> Callable:
    """kthvalue into a pair ``(values, indices)``, with PyTorch's checks: out's
    dtypes, and values sharing elements with the input (refused, even exactly over it)."""
    named = type("kthvalue_out", (R.return_types._Base,), {"_name": "kthvalue_out"})

    @functools.wraps(fn)
    def f(input: Tensor, k: int, dim: int = -1, keepdim: bool = False, *, out: Any = None) -> Any:
        if out is None:
            return fn(input, k, dim, keepdim)
        if not isinstance(out, (tuple, list)) or not all(isinstance(t, Tensor) for t in out):
            what = type(out).__name__ if not isinstance(out, (tuple, list)) else "tuple"
            raise TypeError(f"kthvalue(): argument 'out' must be tuple of Tensors, not {what}")
        if len(out) != 2:
            raise TypeError(f"expected tuple of 2 elements but got {len(out)}")
        values, indices = out
        _refuse_grad("kthvalue", [input, values, indices])
        with no_grad():
            result = fn(input, k, dim, keepdim)
        _check_overlap(values, [input], result[0]._shape, full_ok=False)
        if values.dtype is not input.dtype:
            raise RuntimeError("output values must be of same type as input")
        if indices.dtype is not D.int64:
            raise RuntimeError("output indices must be of scalar type Long")
        write(values, result[0])
        write(indices, result[1])
        return named(values, indices)

    return f


def _aminmax_out(fn: Callable) -> Callable:
    """aminmax into a pair ``(min, max)``, with PyTorch's checks (dtypes, overlap)."""
    named = type("aminmax_out", (RM.aminmax_result,), {"_name": "aminmax_out"})

    @functools.wraps(fn)
    def f(input: Tensor, *, dim: Any = None, keepdim: bool = False, out: Any = None) -> Any:
        if out is None:
            return fn(input, dim=dim, keepdim=keepdim)
        if not isinstance(out, (tuple, list)) or not all(isinstance(t, Tensor) for t in out):
            what = type(out).__name__ if not isinstance(out, (tuple, list)) else "tuple"
            raise TypeError(f"aminmax(): argument 'out' must be tuple of Tensors, not {what}")
        if len(out) != 2:
            raise TypeError(f"expected tuple of 2 elements but got {len(out)}")
        _refuse_grad("aminmax", [input, *out])
        with no_grad():
            result = fn(input, dim=dim, keepdim=keepdim)
        for t in out:
            if t.dtype is not input.dtype:
                raise RuntimeError(
                    f"Expected out tensor to have dtype {_type_name(input.dtype)}, "
                    f"but got {_type_name(t.dtype)} instead"
                )
            _check_overlap(t, [input], result[0]._shape, full_ok=False)
        write(out[0], result[0])
        write(out[1], result[1])
        return named(out[0], out[1])

    return f


# -- which functions take out=, and by which rule -----------------------------------

add = takes_out(A.add)
sub = takes_out(A.sub)
mul = takes_out(A.mul)
div = takes_out(A.div)
pow = takes_out(A.pow)  # noqa: A001 - torch.pow
neg = takes_out(A.neg, rule=_found)
reciprocal = takes_out(A.reciprocal)
remainder = takes_out(A.remainder)

exp = takes_out(P.exp)
log = takes_out(P.log)
log1p = takes_out(P.log1p)
sqrt = takes_out(P.sqrt)
sin = takes_out(P.sin)
cos = takes_out(P.cos)
tanh = takes_out(P.tanh)
sigmoid = takes_out(P.sigmoid)
abs = takes_out(P.abs, rule=_found)  # noqa: A001 - torch.abs
square = takes_out(P.square, name="pow")
sign = takes_out(P.sign, rule=_found)


def _clamp_bounds(input: Tensor, *bounds: Any, **named: Any) -> str:
    tensors = any(isinstance(b, Tensor) for b in bounds + tuple(named.values()))
    return "tensors" if tensors else "numbers"


def _matmul_kind(input: Any, other: Any) -> str:
    return "dot" if getattr(input, "ndim", 0) == getattr(other, "ndim", 0) == 1 else "matmul"


clamp = _by_arguments(
    _clamp_bounds,
    numbers=takes_out(P.clamp, rule=_found),
    tensors=takes_out(P.clamp),
)
maximum = takes_out(P.maximum)
minimum = takes_out(P.minimum)
where = takes_out(P.where, rule=_where, prepare=_where_tensors)

eq = takes_out(C.eq, differentiable=False)
ne = takes_out(C.ne, differentiable=False)
lt = takes_out(C.lt, differentiable=False)
le = takes_out(C.le, differentiable=False)
gt = takes_out(C.gt, differentiable=False)
ge = takes_out(C.ge, differentiable=False)
logical_not = takes_out(C.logical_not, differentiable=False)
logical_and = takes_out(C.logical_and, differentiable=False)
logical_or = takes_out(C.logical_or, differentiable=False)
logical_xor = takes_out(C.logical_xor, differentiable=False)
bitwise_and = takes_out(C.bitwise_and, differentiable=False)
bitwise_or = takes_out(C.bitwise_or, differentiable=False)
bitwise_xor = takes_out(C.bitwise_xor, differentiable=False)
bitwise_not = takes_out(C.bitwise_not, rule=_found, differentiable=False)

matmul = _by_arguments(
    _matmul_kind,
    matmul=takes_out(M.matmul, rule=exact, prepare=_addmv, overlap=None),
    dot=takes_out(M.matmul, rule=_dot, overlap=None),
)
mm = takes_out(M.mm, rule=exact, overlap=None)
mv = takes_out(M.mv, rule=exact, prepare=_addmv, overlap=None)
bmm = takes_out(M.bmm, rule=exact, overlap=None)
dot = takes_out(M.dot, rule=_dot, overlap=None)
outer = takes_out(M.outer, name="mul")
ger = takes_out(M.ger, name="mul")

cat = takes_out(J.cat, rule=_cat, overlap="any")
gather = takes_out(G.gather, rule=exact, overlap="any")
index_select = takes_out(G.index_select, rule=exact, overlap="any")
take = takes_out(MS.take, rule=exact, overlap="any")
masked_select = takes_out(MS.masked_select, rule=exact, overlap="any")
bernoulli = takes_out(SA.bernoulli)
multinomial = takes_out(SA.multinomial, rule=_long_out, differentiable=False, overlap=None)
concat = concatenate = cat
stack = takes_out(J.stack, rule=_cat, overlap="any")

sum = takes_out(
    R.sum, rule=_any, prepare=_reduce_in_out_dtype("sum", "tuple of ints"), overlap=None
)  # noqa: A001
prod = takes_out(R.prod, rule=_any, prepare=_reduce_in_out_dtype("prod", "int"), overlap=None)
cumsum = takes_out(R.cumsum, rule=_any, prepare=_cumsum_in_out_dtype, overlap=None)
mean = takes_out(R.mean, rule=_mean_cast, prepare=_mean_rule, overlap=None)
amax = takes_out(R.amax, rule=_same_as_input, overlap=None)
amin = takes_out(R.amin, rule=_same_as_input, overlap=None)
argmax = takes_out(R.argmax, rule=exact, differentiable=False, overlap=None)
argmin = takes_out(R.argmin, rule=exact, differentiable=False, overlap=None)
max = _minmax_out(R.max, maximum, "max")  # noqa: A001 - torch.max
kthvalue = _kthvalue_out(SO.kthvalue)
aminmax = _aminmax_out(RM.aminmax)
min = _minmax_out(R.min, minimum, "min")  # noqa: A001 - torch.min
var = takes_out(R.var, overlap=None)
std = takes_out(R.std, overlap=None)
norm = takes_out(LN.torch_norm, name="linalg_vector_norm", rule=exact, overlap=None)
vector_norm = takes_out(R.vector_norm, name="linalg_vector_norm", rule=exact, overlap=None)
logsumexp = takes_out(S.logsumexp, rule=_floating, overlap=None)

zeros = _creation_out(_creation.zeros)
ones = _creation_out(_creation.ones)
empty = _creation_out(_creation.empty, resize_first=True)
full = _creation_out(_creation.full)
eye = _creation_out(_creation.eye)
arange = _creation_out(_creation.arange)
linspace = _creation_out(_spaced.linspace)
logspace = _creation_out(_spaced.logspace)
rand = _creation_out(_creation.rand)
randn = _creation_out(_creation.randn, resize_first=True)
randint = _creation_out(_creation.randint)
randperm = _creation_out(_creation.randperm)

# NumPy's keyword names, as on the methods (``axis=``, ``keepdims=``)
max = numpy_keywords(max)  # noqa: A001
min = numpy_keywords(min)  # noqa: A001
