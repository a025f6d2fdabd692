"""Tensor operations, one module per family: which Values combine with which.

Every op arranges scalar Values (broadcasts, groups, permutes) and applies
the scalar engine's operations to the elements; the engine keeps the
derivatives. Each op records one grad_fn named as PyTorch's.

========================  =================================================
``arithmetic.py``         add, sub, mul, div, pow, remainder, reciprocal;
                          broadcasting, type promotion
``pointwise.py``          exp, log, tanh, relu, clamp, where, ...
``comparison.py``         eq, lt, ..., isclose, isinf, logical and bitwise ops
``reductions.py``         sum, mean, prod, max/min, var, std, norm
``softmax_family.py``    softmax, log_softmax, logsumexp
``matrix_products.py``   matmul (``@``), mm, mv, dot, outer, bmm
``views.py``              reshape, view, flatten, permute, transpose, expand
``join_split.py``         cat, stack, split, chunk, unbind
``indexing.py``           ``t[key]`` and ``t[key] = v``, boolean masks
``inplace.py``            add_, mul_, zero_, copy_, ... and writes through views
``conversions.py``        to, float(), long(), ...
========================  =================================================

The methods and operators of ``Tensor`` are attached in one table, in
``tensors/_tensor_methods.py``; this package exports the functions.

>>> import tensors as torch
>>> a = torch.tensor([[1., 2.], [3., 4.]])
>>> (a @ a).sum(dim=0)
tensor([22., 32.])
"""

from .arithmetic import add, div, floor_divide, mul, neg, pow, reciprocal, remainder, sub
from .comparison import (
    allclose,
    bitwise_and,
    bitwise_not,
    bitwise_or,
    bitwise_xor,
    eq,
    equal,
    ge,
    gt,
    isclose,
    isfinite,
    isinf,
    isnan,
    le,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    lt,
    ne,
)
from .conversions import to
from .inplace import add_, clamp_, copy_, div_, fill_, mul_, normal_, pow_, sub_, uniform_, zero_
from .join_split import cat, chunk, concat, concatenate, split, stack, unbind
from .matrix_products import _DOT, _mm_rows, bmm, dot, ger, matmul, mm, mv, outer
from .pointwise import (
    abs,
    clamp,
    cos,
    exp,
    log,
    log1p,
    maximum,
    minimum,
    relu,
    sigmoid,
    sign,
    sin,
    softplus,
    sqrt,
    square,
    tanh,
    where,
)
from .reductions import (
    MinMax,
    amax,
    amin,
    argmax,
    argmin,
    max,
    mean,
    min,
    norm,
    prod,
    return_types,
    std,
    sum,
    var,
    vector_norm,
)
from .softmax_family import log_softmax, logsumexp, softmax
from .views import (
    expand,
    flatten,
    permute,
    reshape,
    squeeze,
    swapaxes,
    t,
    transpose,
    unsqueeze,
    view,
)
