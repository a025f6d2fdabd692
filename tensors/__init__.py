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
from ._numpy import from_numpy
from ._ops import (
    abs,
    add,
    allclose,
    amax,
    amin,
    arange,
    argmax,
    argmin,
    as_strided,
    bitwise_and,
    bitwise_not,
    bitwise_or,
    bitwise_xor,
    bmm,
    cat,
    chunk,
    clamp,
    concat,
    cos,
    cumsum,
    diagonal,
    div,
    dot,
    empty,
    eq,
    equal,
    exp,
    expand,
    eye,
    flatten,
    floor_divide,
    full,
    gather,
    ge,
    gt,
    index_select,
    isclose,
    isfinite,
    isinf,
    isnan,
    le,
    linspace,
    log,
    log1p,
    log_softmax,
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
    moveaxis,
    movedim,
    mul,
    mv,
    narrow,
    ne,
    neg,
    norm,
    ones,
    outer,
    permute,
    pow,
    prod,
    rand,
    randint,
    randn,
    randperm,
    reciprocal,
    relu,
    remainder,
    reshape,
    return_types,
    scatter,
    scatter_add,
    select,
    sigmoid,
    sign,
    sin,
    softmax,
    split,
    sqrt,
    square,
    squeeze,
    stack,
    std,
    sub,
    sum,
    swapaxes,
    t,
    tanh,
    transpose,
    unsqueeze,
    var,
    where,
    zeros,
)
from ._ops.contractions import einsum, inner, tensordot
from ._ops.histogram import histogram
from ._ops.join_split import unbind
from ._ops.linalg_norms import cdist, dist
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
from ._ops.masks import all, any, log10, masked_fill, tril, triu  # noqa: A004
from ._ops.sampling import bernoulli, multinomial, normal
from ._printing import get_printoptions, printoptions, set_printoptions
from ._shape import Size
from ._tensor import Tensor
from .nn._functional_conv_transpose import conv_transpose1d, conv_transpose2d
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
layer_norm = nn.functional.layer_norm
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
