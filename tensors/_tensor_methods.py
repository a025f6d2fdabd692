"""Every method, operator and property that ``Tensor`` gets from the op modules: one table.

``Tensor`` (``_tensor.py``) holds the core (shape, Values, grad bookkeeping);
the ops live in ``_ops/`` by family. This table attaches them, so the
method ``t.sum()``, the function ``torch.sum`` and the operator ``__add__``
are all found here, each with the module that implements it. Follows the
method list of PyTorch's ``torch.Tensor`` page
(https://pytorch.org/docs/stable/tensors.html).

>>> import tensors as torch
>>> TENSOR_METHODS["sum"].__name__, TENSOR_METHODS["__add__"](torch.ones(1), 1)
('sum', tensor([2.]))
"""

from __future__ import annotations

from typing import Any

from autograd_scalar import Value

from . import _creation, _creation_spaced, _numpy, _tensor_storage
from . import _dtype as D
from ._backward import _register_hook, _tensor_backward
from ._layout import strided
from ._ops import arithmetic as A
from ._ops import comparison as C
from ._ops import (
    contractions,
    conversions,
    fills,
    gather_scatter,
    histogram,
    indexing,
    inplace,
    join_split,
    masked,
    pointwise,
    pointwise_binary,
    pointwise_math,
    rearrange,
    reductions,
    reductions_more,
    sampling,
    searching,
    series,
    softmax_family,
    sorting,
    special_functions,
    stacking,
    views,
)
from ._ops import linalg_ex as LX
from ._ops import linalg_householder as LH
from ._ops import linalg_lu as LU
from ._ops import linalg_norms as LN
from ._ops import linalg_pinv as LPI
from ._ops import linalg_products as LP
from ._ops import linalg_solve as LS
from ._ops import linalg_spectral as LSP
from ._ops import matrix_products as M
from ._tensor import Tensor


def _method(fn: Any) -> Any:
    def m(self: Tensor, *args: Any, **kwargs: Any) -> Any:
        return fn(self, *args, **kwargs)

    m.__name__ = fn.__name__
    m.__doc__ = fn.__doc__
    return m


def _checked_method(inner: Any, public: Any) -> Any:
    # ``x.add(y)``: as the function, but PyTorch counts ``other`` as argument 1 here.
    def m(self: Tensor, other: Any, *args: Any, **kwargs: Any) -> Any:
        if "out" in kwargs:  # the functions take out=, the methods do not
            raise TypeError(f"{public.__name__}() got an unexpected keyword argument 'out'")
        out = inner(self, other, *args, **kwargs)
        if out is NotImplemented:
            raise A._arg_error(public.__name__, other, 1)
        return out

    m.__name__ = public.__name__
    m.__doc__ = public.__doc__
    return m


def _operator(fn: Any) -> Any:
    # ``x + y``: NotImplemented for an operand that is not a number or a tensor,
    # so that Python tries the other side, then says what it says.
    def m(self: Tensor, other: Any) -> Any:
        if A._operand(other) is None:
            return NotImplemented
        return fn(self, other)

    return m


def _matmul_method(self: Tensor, other: Any) -> Tensor:
    M._check_tensors("matmul", self, other, method=True)
    return M.matmul(self, other)


_matmul_method.__name__ = "matmul"
_matmul_method.__doc__ = M.matmul.__doc__


def _new(maker: str) -> Any:
    def method(self: Tensor, *args: Any, dtype: Any = None, **kwargs: Any) -> Tensor:
        return getattr(_creation, maker)(*args, dtype=dtype or self.dtype, **kwargs)

    method.__doc__ = f"A new tensor made by ``{maker}``, with this tensor's dtype by default."
    return method


def _named(name: str, fn: Any) -> Any:
    # Defined as module functions below the class; named as the methods they become.
    fn.__name__ = name
    fn.__qualname__ = f"Tensor.{name}"
    return fn


TENSOR_METHODS: dict = {
    # the storage underneath, aliases and copies (_tensor_storage.py)
    "data": property(_tensor_storage.data, _tensor_storage.set_data),
    "detach": _tensor_storage.detach,
    "detach_": _tensor_storage.detach_,
    "clone": _tensor_storage.clone,
    "contiguous": _tensor_storage.contiguous,
    "stride": _tensor_storage.stride,
    "storage_offset": _tensor_storage.storage_offset,
    "is_contiguous": _tensor_storage.is_contiguous,
    "element_size": _tensor_storage.element_size,
    "data_ptr": _tensor_storage.data_ptr,
    "untyped_storage": _tensor_storage.untyped_storage,
    "__reduce_ex__": _tensor_storage.reduce_ex,
    "__deepcopy__": _tensor_storage.deepcopy,
    # construction and backward (the Tensor core sits below the modules they need)
    "__init__": _named("__init__", _creation._tensor_init),
    "backward": _named("backward", _tensor_backward),
    "register_hook": _named("register_hook", _register_hook),
    "new_ones": _new("ones"),
    "new_zeros": _new("zeros"),
    "new_full": _new("full"),
    "new_empty": _new("empty"),
    "new_tensor": _new("tensor"),
    # _ops/arithmetic.py
    "add": _checked_method(A._add, A.add),
    "sub": _checked_method(A._sub, A.sub),
    "mul": _checked_method(A._mul, A.mul),
    "div": _checked_method(A._div, A.div),
    "pow": _method(A.pow),
    "neg": _method(A.neg),
    "floor_divide": _method(A.floor_divide),
    "remainder": _method(A.remainder),
    "reciprocal": _method(A.reciprocal),
    "__add__": A._fast_operator(Value.__add__, "AddBackward0", "add", A._add),
    "__radd__": A._radd,
    "__sub__": A._fast_operator(Value.__sub__, "SubBackward0", "sub", A._sub),
    "__rsub__": A._rsub,
    "__mul__": A._fast_operator(Value.__mul__, "MulBackward0", "mul", A._mul),
    "__rmul__": A._rmul,
    "__truediv__": A._fast_operator(Value.__truediv__, "DivBackward0", "div", A._div),
    "__rtruediv__": A._rdiv,
    "__pow__": _operator(A._pow),
    "__rpow__": A._rpow,
    "__floordiv__": _operator(A.floor_divide),
    "__mod__": _operator(A.remainder),
    "__neg__": A.neg,
    "__pos__": lambda self: self,
    # _ops/pointwise.py
    "exp": _method(pointwise.exp),
    "log": _method(pointwise.log),
    "log1p": _method(pointwise.log1p),
    "sqrt": _method(pointwise.sqrt),
    "sin": _method(pointwise.sin),
    "cos": _method(pointwise.cos),
    "tanh": _method(pointwise.tanh),
    "sigmoid": _method(pointwise.sigmoid),
    "relu": _method(pointwise.relu),
    "abs": _method(pointwise.abs),
    "square": _method(pointwise.square),
    "sign": _method(pointwise.sign),
    "clamp": _method(pointwise.clamp),
    "clip": _method(pointwise.clamp),
    "maximum": _method(pointwise.maximum),
    "minimum": _method(pointwise.minimum),
    "__abs__": pointwise.abs,
    # _ops/pointwise_math.py
    "tan": _method(pointwise_math.tan),
    "asin": _method(pointwise_math.asin),
    "acos": _method(pointwise_math.acos),
    "atan": _method(pointwise_math.atan),
    "sinh": _method(pointwise_math.sinh),
    "cosh": _method(pointwise_math.cosh),
    "asinh": _method(pointwise_math.asinh),
    "acosh": _method(pointwise_math.acosh),
    "atanh": _method(pointwise_math.atanh),
    "expm1": _method(pointwise_math.expm1),
    "exp2": _method(pointwise_math.exp2),
    "log2": _method(pointwise_math.log2),
    "log10": _method(pointwise_math.log10),
    "erf": _method(pointwise_math.erf),
    "erfc": _method(pointwise_math.erfc),
    "erfinv": _method(pointwise_math.erfinv),
    "lgamma": _method(pointwise_math.lgamma),
    "digamma": _method(pointwise_math.digamma),
    "rsqrt": _method(pointwise_math.rsqrt),
    "sinc": _method(pointwise_math.sinc),
    "deg2rad": _method(pointwise_math.deg2rad),
    "rad2deg": _method(pointwise_math.rad2deg),
    "floor": _method(pointwise_math.floor),
    "ceil": _method(pointwise_math.ceil),
    "trunc": _method(pointwise_math.trunc),
    "fix": _method(pointwise_math.fix),
    "round": _method(pointwise_math.round),
    "frac": _method(pointwise_math.frac),
    "logit": _method(pointwise_math.logit),
    "polygamma": lambda self, n: pointwise_math.polygamma(n, self),
    "mvlgamma": _method(pointwise_math.mvlgamma),
    "nan_to_num": _method(pointwise_math.nan_to_num),
    "signbit": _method(pointwise_math.signbit),
    "sgn": _method(pointwise_math.sgn),
    "positive": _method(pointwise_math.positive),
    "isposinf": _method(pointwise_math.isposinf),
    "isneginf": _method(pointwise_math.isneginf),
    "isreal": _method(pointwise_math.isreal),
    "arcsin": _method(pointwise_math.asin),
    "arccos": _method(pointwise_math.acos),
    "arctan": _method(pointwise_math.atan),
    "arcsinh": _method(pointwise_math.asinh),
    "arccosh": _method(pointwise_math.acosh),
    "arctanh": _method(pointwise_math.atanh),
    "arctan2": _method(pointwise_binary.atan2),
    # _ops/pointwise_binary.py
    "hypot": _method(pointwise_binary.hypot),
    "atan2": _method(pointwise_binary.atan2),
    "copysign": _method(pointwise_binary.copysign),
    "fmod": _method(pointwise_binary.fmod),
    "fmax": _method(pointwise_binary.fmax),
    "fmin": _method(pointwise_binary.fmin),
    "logaddexp": _method(pointwise_binary.logaddexp),
    "logaddexp2": _method(pointwise_binary.logaddexp2),
    "nextafter": _method(pointwise_binary.nextafter),
    "xlogy": _method(pointwise_binary.xlogy),
    # _ops/special_functions.py
    "i0": _method(special_functions.i0),
    "frexp": _method(special_functions.frexp),
    "igamma": _method(special_functions.igamma),
    "igammac": _method(special_functions.igammac),
    "lerp": _method(pointwise_binary.lerp),
    "addcmul": _method(pointwise_binary.addcmul),
    "addcdiv": _method(pointwise_binary.addcdiv),
    "float_power": _method(pointwise_binary.float_power),
    "heaviside": _method(pointwise_binary.heaviside),
    "clamp_min": _method(pointwise_binary.clamp_min),
    "clamp_max": _method(pointwise_binary.clamp_max),
    # _ops/comparison.py
    "eq": _method(C.eq),
    "ne": _method(C.ne),
    "lt": _method(C.lt),
    "le": _method(C.le),
    "gt": _method(C.gt),
    "ge": _method(C.ge),
    "equal": _method(C.equal),
    "allclose": _method(C.allclose),
    "isnan": _method(C.isnan),
    "isinf": _method(C.isinf),
    "isfinite": _method(C.isfinite),
    "isclose": _method(C.isclose),
    "logical_not": _method(C.logical_not),
    "logical_and": _method(C.logical_and),
    "logical_or": _method(C.logical_or),
    "logical_xor": _method(C.logical_xor),
    "bitwise_and": _method(C.bitwise_and),
    "bitwise_or": _method(C.bitwise_or),
    "bitwise_xor": _method(C.bitwise_xor),
    "bitwise_not": _method(C.bitwise_not),
    "__eq__": C.eq,
    "__ne__": C.ne,
    "__lt__": C.lt,
    "__le__": C.le,
    "__gt__": C.gt,
    "__ge__": C.ge,
    "__invert__": C.bitwise_not,
    "__and__": C.bitwise_and,
    "__or__": C.bitwise_or,
    "__xor__": C.bitwise_xor,
    "__rand__": C._reflected(C.bitwise_and),
    "__ror__": C._reflected(C.bitwise_or),
    "__rxor__": C._reflected(C.bitwise_xor),
    "__hash__": object.__hash__,  # defining __eq__ would otherwise leave tensors unhashable
    # _ops/reductions.py
    "sum": _method(reductions.sum),
    "mean": _method(reductions.mean),
    "prod": _method(reductions.prod),
    "cumsum": _method(reductions.cumsum),
    "gather": _method(gather_scatter.gather),
    "index_select": _method(gather_scatter.index_select),
    "scatter": _method(gather_scatter.scatter),
    "scatter_add": _method(gather_scatter.scatter_add),
    "max": _method(reductions.max),
    "min": _method(reductions.min),
    "amax": _method(reductions.amax),
    "amin": _method(reductions.amin),
    "argmax": _method(reductions.argmax),
    "argmin": _method(reductions.argmin),
    "var": _method(reductions.var),
    "std": _method(reductions.std),
    "norm": _method(LN.torch_norm),
    # _ops/reductions_more.py
    "all": _method(reductions_more.all),
    "any": _method(reductions_more.any),
    "count_nonzero": _method(reductions_more.count_nonzero),
    "nansum": _method(reductions_more.nansum),
    "nanmean": _method(reductions_more.nanmean),
    "aminmax": _method(reductions_more.aminmax),
    "cumprod": _method(reductions_more.cumprod),
    "cummax": _method(reductions_more.cummax),
    "cummin": _method(reductions_more.cummin),
    "logcumsumexp": _method(reductions_more.logcumsumexp),
    # _ops/sorting.py
    "sort": _method(sorting.sort),
    "argsort": _method(sorting.argsort),
    "msort": _method(sorting.msort),
    "topk": _method(sorting.topk),
    "kthvalue": _method(sorting.kthvalue),
    "median": _method(sorting.median),
    "nanmedian": _method(sorting.nanmedian),
    "mode": _method(sorting.mode),
    "quantile": _method(sorting.quantile),
    "nanquantile": _method(sorting.nanquantile),
    # _ops/rearrange.py
    "flip": _method(rearrange.flip),
    "fliplr": _method(rearrange.fliplr),
    "flipud": _method(rearrange.flipud),
    "roll": _method(rearrange.roll),
    "rot90": _method(rearrange.rot90),
    "repeat": _method(rearrange.repeat),
    "tile": _method(rearrange.tile),
    "repeat_interleave": _method(rearrange.repeat_interleave),
    "tril": _method(rearrange.tril),
    "triu": _method(rearrange.triu),
    "diag": _method(rearrange.diag),
    "diag_embed": _method(rearrange.diag_embed),
    "diagflat": _method(rearrange.diagflat),
    # _ops/stacking.py
    "hsplit": _method(stacking.hsplit),
    "vsplit": _method(stacking.vsplit),
    "dsplit": _method(stacking.dsplit),
    "tensor_split": _method(stacking.tensor_split),
    "ravel": _method(stacking.ravel),
    "broadcast_to": _method(stacking.broadcast_to),
    # _ops/masked.py
    "masked_fill": _method(masked.masked_fill),
    "masked_scatter": _method(masked.masked_scatter),
    "masked_select": _method(masked.masked_select),
    "take": _method(masked.take),
    "take_along_dim": _method(masked.take_along_dim),
    "put": _method(masked.put),
    "index_add": _method(masked.index_add),
    "index_copy": _method(masked.index_copy),
    "index_fill": _method(masked.index_fill),
    "index_put": _method(masked.index_put),
    "index_reduce": _method(masked.index_reduce),
    "scatter_reduce": _method(masked.scatter_reduce),
    "masked_fill_": _method(masked.masked_fill_),
    "masked_scatter_": _method(masked.masked_scatter_),
    "put_": _method(masked.put_),
    "index_add_": _method(masked.index_add_),
    "index_copy_": _method(masked.index_copy_),
    "index_fill_": _method(masked.index_fill_),
    "index_put_": _method(masked.index_put_),
    "index_reduce_": _method(masked.index_reduce_),
    "scatter_reduce_": _method(masked.scatter_reduce_),
    # _ops/searching.py
    "nonzero": _method(searching.nonzero),
    "nonzero_static": _method(searching.nonzero_static),
    "argwhere": _method(searching.argwhere),
    "histc": _method(searching.histc),
    "bincount": _method(searching.bincount),
    "unique": _method(searching.unique),
    "unique_consecutive": _method(searching.unique_consecutive),
    "tril_": lambda self, diagonal=0: self.copy_(rearrange.tril(self, diagonal)),
    "triu_": lambda self, diagonal=0: self.copy_(rearrange.triu(self, diagonal)),
    # _ops/series.py
    "diff": _method(series.diff),
    "cov": _method(series.cov),
    "corrcoef": _method(series.corrcoef),
    "renorm": _method(series.renorm),
    "sum_to_size": _method(reductions_more.sum_to_size),
    "ldexp": _method(pointwise_binary.ldexp),
    "angle": _method(pointwise_math.angle),
    "conj": _method(pointwise_math.conj),
    "conj_physical": _method(pointwise_math.conj_physical),
    "resolve_conj": _method(pointwise_math.resolve_conj),
    "resolve_neg": _method(pointwise_math.resolve_neg),
    # _ops/softmax_family.py
    "softmax": _method(softmax_family.softmax),
    "log_softmax": _method(softmax_family.log_softmax),
    "logsumexp": _method(softmax_family.logsumexp),
    # _ops/matrix_products.py
    "matmul": _matmul_method,
    "mm": _method(M.mm),
    "mv": _method(M.mv),
    "dot": _method(M.dot),
    "outer": _method(M.outer),
    "bmm": _method(M.bmm),
    "__matmul__": lambda self, other: (
        M.matmul(self, other) if isinstance(other, Tensor) else NotImplemented
    ),
    "__rmatmul__": lambda self, other: (
        M.matmul(other, self) if isinstance(other, Tensor) else NotImplemented
    ),
    # _ops/linalg_products.py
    "addmm": _method(LP.addmm),
    "addmv": _method(LP.addmv),
    "addr": _method(LP.addr),
    "addbmm": _method(LP.addbmm),
    "baddbmm": _method(LP.baddbmm),
    "inner": _method(contractions.inner),
    "kron": _method(LP.kron),
    "trace": _method(LP.trace),
    "cross": _method(LP.cross),
    # _ops/linalg_solve.py
    "det": _method(LS.det),
    "logdet": _method(LS.logdet),
    "slogdet": _method(LS.slogdet),
    "inverse": _method(LS.inverse),
    "cholesky": _method(LS.torch_cholesky),
    "dist": _method(LN.dist),
    "matrix_power": _method(LN.matrix_power),
    "matrix_exp": _method(LN.matrix_exp),
    # _ops/linalg_ex.py
    "cholesky_solve": _method(LX.cholesky_solve),
    "cholesky_inverse": _method(LX.cholesky_inverse),
    "triangular_solve": _method(LX.triangular_solve),
    "qr": _method(LX.torch_qr),
    "vdot": _method(LX.vdot),
    "svd": _method(LSP.torch_svd),
    "pinverse": _method(LPI.pinverse),
    "geqrf": _method(LH.geqrf),
    "orgqr": _method(LH.householder_product),
    "ormqr": _method(LH.ormqr),
    # _ops/linalg_lu.py
    "lu": _method(LU.torch_lu),
    "lu_solve": _method(LU.torch_lu_solve),
    # _ops/views.py
    "reshape": _method(views._reshape_method),
    "view": _method(views.view),
    "flatten": _method(views.flatten),
    "unsqueeze": _method(views.unsqueeze),
    "squeeze": _method(views.squeeze),
    "permute": _method(views.permute),
    "transpose": _method(views.transpose),
    "swapaxes": _method(views.transpose),
    "t": _method(views.t),
    "expand": _method(views.expand),
    "select": _method(views.select),
    "narrow": _method(views.narrow),
    "diagonal": _method(views.diagonal),
    "unfold": _method(views.unfold),
    "as_strided": _method(views.as_strided),
    "movedim": _method(views.movedim),
    "moveaxis": _method(views.movedim),
    "swapdims": _method(views.transpose),
    "T": property(views._T, doc="All dimensions reversed (the transpose of a matrix)."),
    "mT": property(views._mT, doc="Transpose of the last two dims."),
    "layout": property(lambda self: strided, doc="How the elements are held: torch.strided."),
    "expand_as": lambda self, other: views.expand(self, *other._shape),
    "view_as": lambda self, other: views.view(self, *other._shape),
    "reshape_as": lambda self, other: views.reshape(self, *other._shape),
    # _ops/join_split.py
    "split": _method(join_split.split),
    "chunk": _method(join_split.chunk),
    "unbind": _method(join_split.unbind),
    "split_with_sizes": _method(join_split.split_with_sizes),
    "unsafe_split": _method(join_split.unsafe_split),
    "unsafe_chunk": _method(join_split.unsafe_chunk),
    "unflatten": _method(views.unflatten),
    "adjoint": _method(views.adjoint),
    "H": property(views._H, doc="The conjugate transpose of a matrix (its transpose here)."),
    "mH": property(views._mH, doc="The conjugate transpose of the last two dims."),
    # _ops/indexing.py
    "__getitem__": indexing._getitem,
    "__setitem__": indexing._setitem,
    # _ops/inplace.py
    "zero_": _method(inplace.zero_),
    "fill_": _method(inplace.fill_),
    "copy_": _method(inplace.copy_),
    "add_": _method(inplace.add_),
    "sub_": _method(inplace.sub_),
    "mul_": _method(inplace.mul_),
    "div_": _method(inplace.div_),
    "pow_": _method(inplace.pow_),
    "clamp_": _method(inplace.clamp_),
    "scatter_": _method(gather_scatter.scatter_),
    "scatter_add_": _method(gather_scatter.scatter_add_),
    "uniform_": _method(inplace.uniform_),
    "normal_": _method(inplace.normal_),
    "cauchy_": _method(fills.cauchy_),
    "exponential_": _method(fills.exponential_),
    "geometric_": _method(fills.geometric_),
    "log_normal_": _method(fills.log_normal_),
    "resize_": _method(fills.resize_),
    "resize_as_": _method(fills.resize_as_),
    "__iadd__": inplace._augmented(inplace.add_),
    "__isub__": inplace._augmented(inplace.sub_),
    "__imul__": inplace._augmented(inplace.mul_),
    "__itruediv__": inplace._augmented(inplace.div_),
    # _ops/conversions.py
    "to": _method(conversions.to),
    "float": conversions._converter(D.float32),
    "double": conversions._converter(D.float64),
    "long": conversions._converter(D.int64),
    "int": conversions._converter(D.int32),
    "short": conversions._converter(D.int16),
    "multinomial": _method(sampling.multinomial),
    "histogram": _method(histogram.histogram),
    "bernoulli": _method(sampling.bernoulli),
    "char": conversions._converter(D.int8),
    "byte": conversions._converter(D.uint8),
    "bool": conversions._converter(D.bool),
    "new_empty_strided": _creation_spaced.new_empty_strided,
    "cpu": conversions.cpu,
    "cuda": conversions.cuda,
    "type": conversions.type_,
    "type_as": lambda self, other: conversions.to(self, other.dtype),
    # _numpy.py
    "numpy": _numpy.to_numpy,
    "__array__": _numpy.as_array,
    # NumPy defers to the tensor's own operators (np.float64(2) * t is a tensor).
    "__array_priority__": 1000,
}



def _where(self: Tensor, condition: Tensor, other: Any) -> Tensor:
    """``torch.where(condition, self, other)``.

    >>> import tensors as torch
    >>> x = torch.tensor([-1., 2.])
    >>> x.where(x > 0, 0.0)
    tensor([0., 2.])
    """
    return pointwise.where(condition, self, other)


TENSOR_METHODS.setdefault("where", _where)

# PyTorch's other names for the same methods (its operator database calls each).
ALIASES = {
    "absolute": "abs",
    "multiply": "mul",
    "subtract": "sub",
    "divide": "div",
    "true_divide": "div",
    "negative": "neg",
    "greater": "gt",
    "greater_equal": "ge",
    "less": "lt",
    "less_equal": "le",
    "not_equal": "ne",
    "ger": "outer",
    "swapdims": "transpose",
}
for _alias, _original in ALIASES.items():
    TENSOR_METHODS.setdefault(_alias, TENSOR_METHODS[_original])

for _name, _attr in TENSOR_METHODS.items():
    setattr(Tensor, _name, _attr)
