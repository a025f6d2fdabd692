"""tensors: PyTorch's tensor API over nested lists of scalar ``Value`` nodes.

Write ``import tensors as torch`` and run PyTorch code; open any tensor with
``t.values()`` to see the scalars and the chain rule inside.

>>> import tensors as torch
>>> x = torch.ones(5)  # input tensor
>>> y = torch.zeros(3)  # expected output
>>> w = torch.ones(5, 3, requires_grad=True)
>>> b = torch.zeros(3, requires_grad=True)
>>> z = torch.matmul(x, w) + b
>>> loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
>>> loss.backward()
>>> b.grad
tensor([0.3311, 0.3311, 0.3311])
"""

from autograd_scalar import enable_grad, is_grad_enabled, no_grad, set_grad_enabled

# _tensor_methods attaches Tensor's methods and operators (its one table).
from . import (
    _ops,
    _tensor_methods,
    accelerator,
    autograd,
    backends,
    cuda,
    data,
    distributions,
    linalg,
    nn,
    optim,
    serialization,
    special,
    utils,
)
from ._creation import (
    as_tensor,
    default_generator,
    empty_like,
    full_like,
    initial_seed,
    manual_seed,
    ones_like,
    rand_like,
    randn_like,
    seed,
    tensor,
    zeros_like,
)
from ._creation_spaced import empty_permuted, empty_strided, randint_like, scalar_tensor
from ._device import get_default_device, set_default_device
from ._dtype import (
    bool,
    device,
    double,
    dtype,
    float,
    float32,
    float64,
    get_default_dtype,
    int8,
    int16,
    int32,
    int64,
    long,
    set_default_dtype,
    short,
    uint8,
)
from ._dtype import int as int  # noqa: A004 - torch.int is int32, as in PyTorch
from ._generator import Generator
from ._layout import (
    channels_last,
    channels_last_3d,
    contiguous_format,
    layout,
    memory_format,
    preserve_format,
    strided,
)
from ._numpy import from_numpy
from ._ops import (
    abs,
    acos,
    acosh,
    add,
    addcdiv,
    addcmul,
    all,
    allclose,
    amax,
    amin,
    aminmax,
    angle,
    any,
    arange,
    arccos,
    arccosh,
    arcsin,
    arcsinh,
    arctan,
    arctan2,
    arctanh,
    argmax,
    argmin,
    argsort,
    argwhere,
    as_strided,
    asin,
    asinh,
    atan,
    atan2,
    atanh,
    atleast_1d,
    atleast_2d,
    atleast_3d,
    bincount,
    bitwise_and,
    bitwise_not,
    bitwise_or,
    bitwise_xor,
    bmm,
    broadcast_tensors,
    broadcast_to,
    bucketize,
    cartesian_prod,
    cat,
    ceil,
    chunk,
    clamp,
    clamp_max,
    clamp_min,
    column_stack,
    combinations,
    concat,
    conj,
    conj_physical,
    copysign,
    corrcoef,
    cos,
    cosh,
    count_nonzero,
    cov,
    cummax,
    cummin,
    cumprod,
    cumsum,
    cumulative_trapezoid,
    deg2rad,
    diag,
    diag_embed,
    diagflat,
    diagonal,
    diff,
    digamma,
    div,
    dot,
    dsplit,
    dstack,
    empty,
    eq,
    equal,
    erf,
    erfc,
    erfinv,
    exp,
    exp2,
    expand,
    expm1,
    eye,
    fix,
    flatten,
    flip,
    fliplr,
    flipud,
    float_power,
    floor,
    floor_divide,
    fmax,
    fmin,
    fmod,
    frac,
    full,
    gather,
    ge,
    gradient,
    gt,
    heaviside,
    histc,
    hsplit,
    hstack,
    hypot,
    index_add,
    index_copy,
    index_fill,
    index_put,
    index_reduce,
    index_select,
    isclose,
    isfinite,
    isin,
    isinf,
    isnan,
    isneginf,
    isposinf,
    isreal,
    kthvalue,
    ldexp,
    le,
    lerp,
    lgamma,
    linspace,
    log,
    log1p,
    log2,
    log10,
    log_softmax,
    logaddexp,
    logaddexp2,
    logcumsumexp,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    logit,
    logspace,
    logsumexp,
    lt,
    masked_fill,
    masked_scatter,
    masked_select,
    matmul,
    max,
    maximum,
    mean,
    median,
    meshgrid,
    min,
    minimum,
    mm,
    mode,
    moveaxis,
    movedim,
    msort,
    mul,
    mv,
    mvlgamma,
    nan_to_num,
    nanmean,
    nanmedian,
    nanquantile,
    nansum,
    narrow,
    ne,
    neg,
    nextafter,
    nonzero,
    nonzero_static,
    norm,
    ones,
    outer,
    permute,
    polygamma,
    positive,
    pow,
    prod,
    put,
    quantile,
    rad2deg,
    rand,
    randint,
    randn,
    randperm,
    ravel,
    real,
    reciprocal,
    relu,
    remainder,
    renorm,
    repeat_interleave,
    reshape,
    resolve_conj,
    resolve_neg,
    return_types,
    roll,
    rot90,
    round,
    row_stack,
    rsqrt,
    rsub,
    scatter,
    scatter_add,
    scatter_reduce,
    searchsorted,
    select,
    sgn,
    sigmoid,
    sign,
    signbit,
    sin,
    sinc,
    sinh,
    softmax,
    sort,
    split,
    sqrt,
    square,
    squeeze,
    stack,
    std,
    std_mean,
    sub,
    sum,
    swapaxes,
    t,
    take,
    take_along_dim,
    tan,
    tanh,
    tensor_split,
    tile,
    topk,
    transpose,
    trapezoid,
    trapz,
    tril,
    triu,
    trunc,
    unique,
    unique_consecutive,
    unsqueeze,
    var,
    var_mean,
    vsplit,
    vstack,
    where,
    xlogy,
    zeros,
)
from ._ops.contractions import einsum, inner, tensordot
from ._ops.fills import fill, resize_as_
from ._ops.histogram import histogram, histogramdd
from ._ops.join_split import split_with_sizes, unbind, unsafe_chunk, unsafe_split
from ._ops.linalg_ex import cholesky_inverse, cholesky_solve, triangular_solve, vdot
from ._ops.linalg_ex import torch_qr as qr
from ._ops.linalg_householder import geqrf, ormqr
from ._ops.linalg_householder import householder_product as orgqr
from ._ops.linalg_lu import lu_unpack
from ._ops.linalg_lu import torch_lu as lu
from ._ops.linalg_lu import torch_lu_solve as lu_solve
from ._ops.linalg_norms import cdist, dist, matrix_exp, matrix_power
from ._ops.linalg_pinv import pinverse
from ._ops.linalg_products import (
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
from ._ops.linalg_solve import det, inverse, logdet
from ._ops.linalg_solve import torch_cholesky as cholesky
from ._ops.linalg_spectral import torch_svd as svd
from ._ops.sampling import normal
from ._ops.special_functions import frexp, i0, igamma, igammac
from ._ops.views import adjoint, unflatten
from ._ops.with_out import bernoulli, multinomial
from ._printing import get_printoptions, printoptions, set_printoptions
from ._shape import Size
from ._tensor import Tensor
from .nn._functional_conv_transpose import conv_transpose1d, conv_transpose2d, conv_transpose3d
from .nn._functional_grid_sample import grid_sampler_2d, grid_sampler_3d
from .nn._functional_native_norm import native_batch_norm, native_group_norm, native_layer_norm
from .nn._functional_pad import constant_pad_nd
from .serialization import load, save

clip = clamp
absolute = abs
greater = gt
greater_equal = ge
less = lt
less_equal = le
not_equal = ne
swapdims = transpose
concatenate = concat
ger = outer
clone = Tensor.clone
zero_ = Tensor.zero_
conv1d = nn.functional.conv1d
conv2d = nn.functional.conv2d
conv3d = nn.functional.conv3d
layer_norm = nn.functional.layer_norm
group_norm = nn.functional.group_norm
rms_norm = nn.functional.rms_norm
channel_shuffle = nn.functional.channel_shuffle
subtract = sub
multiply = mul
divide = div
true_divide = div
negative = neg


def is_tensor(obj: object) -> "bool":
    """True for a ``tensors.Tensor``. ``torch.is_tensor(torch.ones(1))`` is True."""
    return isinstance(obj, Tensor)


def numel(input: Tensor) -> int:
    """Number of elements of a tensor."""
    return input.numel()


def is_floating_point(input: Tensor) -> "bool":
    """True for a float32 or float64 tensor."""
    return input.dtype.is_floating_point


del _ops

# ``type(t)`` names the public class, as PyTorch's ``<class 'torch.Tensor'>`` does
Tensor.__module__ = "tensors"
