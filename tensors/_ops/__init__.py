"""Tensor operations, one module per family: which Values combine with which.

Every op arranges scalar Values (broadcasts, groups, permutes) and applies
the scalar engine's operations to the elements; the engine keeps the
derivatives. Each op records one grad_fn named as PyTorch's.

========================  =================================================
``arithmetic.py``         add, sub, mul, div, pow, remainder, reciprocal;
                          broadcasting, type promotion
``pointwise.py``          exp, log, tanh, relu, clamp, where, ...
``comparison.py``         eq, lt, ..., isclose, isinf, logical and bitwise ops
``reductions.py``         sum, mean, prod, cumsum, max/min, var, std, norm
``softmax_family.py``    softmax, log_softmax, logsumexp
``matrix_products.py``   matmul (``@``), mm, mv, dot, outer, bmm
``linalg_products.py``   addmm, baddbmm, kron, trace, cross, block_diag
``contractions.py``      einsum, tensordot, inner
``views.py``              reshape, view, flatten, permute, transpose, expand, select, ...
``join_split.py``         cat, stack, split, chunk, unbind, unsafe_split, ...
``indexing.py``           ``t[key]`` and ``t[key] = v``, boolean masks
``inplace.py``            add_, mul_, zero_, copy_, ... and writes through views
``conversions.py``        to, float(), long(), ...
``pointwise_math.py``     tan, asin, floor, round, erf, lgamma, logit, ... (one operand)
``pointwise_binary.py``   atan2, hypot, fmod, lerp, addcmul, xlogy, isin, ...
``reductions_more.py``    all, any, nansum, cumprod, cummax, aminmax, std_mean, ...
``sorting.py``            sort, argsort, topk, kthvalue, median, mode, quantile
``rearrange.py``          flip, roll, rot90, repeat, tile, tril, triu, diag, ...
``stacking.py``           hstack, vstack, tensor_split, meshgrid, broadcast_to, ...
``masked.py``             masked_fill, take, put, index_add, scatter_reduce, ...
``searching.py``          nonzero, searchsorted, bucketize, histc, unique, ...
``series.py``             diff, trapezoid, cumulative_trapezoid, cov, corrcoef, renorm, gradient
``out.py``                the ``out=`` keyword: writing into out, its checks
``with_out.py``           the functions that take ``out=``, each with its rules
========================  =================================================

The methods and operators of ``Tensor`` are attached in one table, in
``tensors/_tensor_methods.py``; this package exports the functions.

>>> import tensors as torch
>>> a = torch.tensor([[1., 2.], [3., 4.]])
>>> (a @ a).sum(dim=0)
tensor([22., 32.])
"""

from .arithmetic import floor_divide
from .comparison import (
    allclose,
    equal,
    isclose,
    isfinite,
    isinf,
    isnan,
)
from .contractions import einsum, inner, tensordot
from .conversions import to
from .gather_scatter import scatter, scatter_add
from .inplace import add_, clamp_, copy_, div_, fill_, mul_, normal_, pow_, sub_, uniform_, zero_
from .join_split import chunk, split, unbind
from .linalg_products import (
    addbmm,
    addmm,
    addmv,
    addr,
    baddbmm,
    block_diag,
    chain_matmul,
    cross,
    kron,
    trace,
)
from .masked import (
    index_add,
    index_copy,
    index_fill,
    index_put,
    index_reduce,
    masked_fill,
    masked_scatter,
    put,
    scatter_reduce,
    take_along_dim,
)
from .matrix_products import _DOT, _mm_rows, _rows
from .pointwise import relu, softplus
from .pointwise_binary import (
    addcdiv,
    addcmul,
    atan2,
    clamp_max,
    clamp_min,
    copysign,
    float_power,
    fmax,
    fmin,
    fmod,
    heaviside,
    hypot,
    isin,
    ldexp,
    lerp,
    logaddexp,
    logaddexp2,
    nextafter,
    rsub,
    xlogy,
)
from .pointwise_math import (
    acos,
    acosh,
    angle,
    asin,
    asinh,
    atan,
    atanh,
    ceil,
    conj,
    conj_physical,
    cosh,
    deg2rad,
    digamma,
    erf,
    erfc,
    erfinv,
    exp2,
    expm1,
    fix,
    floor,
    frac,
    isneginf,
    isposinf,
    isreal,
    lgamma,
    log2,
    log10,
    logit,
    mvlgamma,
    nan_to_num,
    polygamma,
    positive,
    rad2deg,
    real,
    resolve_conj,
    resolve_neg,
    round,
    rsqrt,
    sgn,
    signbit,
    sinc,
    sinh,
    tan,
    trunc,
)
from .rearrange import (
    diag,
    diag_embed,
    diagflat,
    flip,
    fliplr,
    flipud,
    repeat_interleave,
    roll,
    rot90,
    tile,
    tril,
    triu,
)
from .reductions import MinMax, return_types
from .reductions_more import (
    all,
    any,
    count_nonzero,
    cummax,
    cummin,
    cumprod,
    logcumsumexp,
    nanmean,
    nansum,
    std_mean,
    var_mean,
)
from .searching import (
    argwhere,
    bincount,
    bucketize,
    histc,
    nonzero,
    nonzero_static,
    searchsorted,
    unique,
    unique_consecutive,
)
from .series import corrcoef, cov, cumulative_trapezoid, diff, gradient, renorm, trapezoid, trapz
from .softmax_family import log_softmax, softmax
from .sorting import (
    argsort,
    median,
    mode,
    msort,
    nanmedian,
    nanquantile,
    quantile,
    sort,
    topk,
)
from .stacking import (
    atleast_1d,
    atleast_2d,
    atleast_3d,
    broadcast_tensors,
    broadcast_to,
    cartesian_prod,
    column_stack,
    combinations,
    dsplit,
    dstack,
    hsplit,
    hstack,
    meshgrid,
    ravel,
    row_stack,
    tensor_split,
    vsplit,
    vstack,
)
from .views import (
    as_strided,
    diagonal,
    expand,
    flatten,
    moveaxis,
    movedim,
    narrow,
    permute,
    reshape,
    select,
    squeeze,
    swapaxes,
    t,
    transpose,
    unsqueeze,
    view,
)
from .with_out import (
    abs,
    add,
    amax,
    amin,
    aminmax,
    arange,
    argmax,
    argmin,
    bitwise_and,
    bitwise_not,
    bitwise_or,
    bitwise_xor,
    bmm,
    cat,
    clamp,
    concat,
    concatenate,
    cos,
    cumsum,
    div,
    dot,
    empty,
    eq,
    exp,
    eye,
    full,
    gather,
    ge,
    ger,
    gt,
    index_select,
    kthvalue,
    le,
    linspace,
    log,
    log1p,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    logspace,
    logsumexp,
    lt,
    masked_select,
    matmul,
    max,
    maximum,
    mean,
    min,
    minimum,
    mm,
    mul,
    mv,
    ne,
    neg,
    norm,
    ones,
    outer,
    pow,
    prod,
    rand,
    randint,
    randn,
    randperm,
    reciprocal,
    remainder,
    sigmoid,
    sign,
    sin,
    sqrt,
    square,
    stack,
    std,
    sub,
    sum,
    take,
    tanh,
    var,
    vector_norm,
    where,
    zeros,
)

# PyTorch's NumPy-style names of the inverse functions.
arcsin = asin
arccos = acos
arctan = atan
arcsinh = asinh
arccosh = acosh
arctanh = atanh
arctan2 = atan2
