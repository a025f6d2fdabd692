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
``join_split.py``         cat, stack, split, chunk, unbind
``indexing.py``           ``t[key]`` and ``t[key] = v``, boolean masks
``inplace.py``            add_, mul_, zero_, copy_, ... and writes through views
``conversions.py``        to, float(), long(), ...
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
from .gather_scatter import gather, index_select, scatter, scatter_add
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
from .matrix_products import _DOT, _mm_rows, _rows
from .pointwise import relu, softplus
from .reductions import MinMax, return_types
from .softmax_family import log_softmax, softmax
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
    ge,
    ger,
    gt,
    le,
    linspace,
    log,
    log1p,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    logsumexp,
    lt,
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
    tanh,
    var,
    vector_norm,
    where,
    zeros,
)
