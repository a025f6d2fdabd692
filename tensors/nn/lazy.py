"""Lazy modules: ``LazyLinear``, ``LazyConv2d``, ``LazyBatchNorm1d``, ``LazyBatchNorm2d``,
whose input size is read from the first batch, and the ``UninitializedParameter`` /
``UninitializedBuffer`` they hold until then.

On its first call a lazy module gives its parameters their shapes, draws
their initial values as the plain module would, and becomes that module
(``LazyLinear`` turns into ``Linear``), as PyTorch's do. So ``net.apply(init)``
runs after one dummy batch (d2l's ``apply_init``).

>>> import tensors as torch
>>> net = torch.nn.LazyLinear(3)
>>> net.weight
<UninitializedParameter>
>>> net(torch.ones(2, 5)).shape, net
(torch.Size([2, 3]), Linear(in_features=5, out_features=3, bias=True))
"""

from __future__ import annotations

import math
from typing import Any, Optional, Sequence

from .. import _dtype as D
from .._creation import empty
from .._tensor import Tensor, _from_numbers, _register_leaf
from .conv import Conv2d
from .layers import Linear
from .module import Module
from .normalization import BatchNorm1d, BatchNorm2d
from .parameter import Parameter

__all__ = [
    "UninitializedParameter",
    "UninitializedBuffer",
    "LazyLinear",
    "LazyConv2d",
    "LazyBatchNorm1d",
    "LazyBatchNorm2d",
]

_NO_SHAPE = (
    "Can't access the shape of an uninitialized parameter or buffer. This error usually "
    "happens in `load_state_dict` when trying to load an uninitialized parameter into an "
    "initialized one. Call `forward` to initialize the parameters before accessing their "
    "attributes."
)


def _unusable(what: str) -> ValueError:
    return ValueError(
        f"Attempted to use an uninitialized parameter in {what}. This error happens when you "
        "are using a `LazyModule` or explicitly manipulating "
        "`torch.nn.parameter.UninitializedParameter` objects. When using LazyModules Call "
        "`forward` with a dummy batch to initialize the parameters before calling torch "
        "functions"
    )


class _Uninitialized:
    """What uninitialized parameters and buffers share: no shape until ``materialize``."""

    __slots__ = ()
    cls_to_become: Any = Tensor

    @property
    def shape(self) -> Any:
        raise RuntimeError(_NO_SHAPE)

    def size(self, dim: Optional[int] = None) -> Any:
        raise RuntimeError(_NO_SHAPE)

    def numel(self) -> int:
        raise _unusable("<method 'numel' of 'torch._C.TensorBase' objects>")

    def dim(self) -> int:
        raise _unusable("<method 'dim' of 'torch._C.TensorBase' objects>")

    def materialize(self, shape: Sequence[int], device: Any = None, dtype: Any = None) -> None:
        """Give the tensor ``shape`` (its numbers are zeros until an init draws them) and
        turn it into what it stands for (a ``Parameter``, or a plain tensor)."""
        d = D._as_dtype(dtype) if dtype is not None else self.dtype
        grad = bool(self._requires_grad)
        fresh = _from_numbers([0.0] * math.prod(shape), tuple(shape), d, grad)
        for slot in Tensor.__slots__[:-1]:
            object.__setattr__(self, slot, getattr(fresh, slot))
        object.__setattr__(self, "__class__", self.cls_to_become)
        if grad:
            _register_leaf(self)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    __str__ = __repr__


class UninitializedParameter(_Uninitialized, Parameter):
    """A parameter whose shape is not known yet (a lazy module's, before its first batch).

    >>> import tensors as torch
    >>> p = torch.nn.UninitializedParameter()
    >>> p, p.requires_grad
    (<UninitializedParameter>, True)
    >>> p.materialize((2, 3)); type(p).__name__, p.shape
    ('Parameter', torch.Size([2, 3]))
    """

    __slots__ = ()
    cls_to_become = Parameter

    def __init__(self, requires_grad: bool = True, device: Any = None, dtype: Any = None) -> None:
        Parameter.__init__(self, empty(0, dtype=dtype), requires_grad)


class UninitializedBuffer(_Uninitialized, Tensor):
    """A buffer whose shape is not known yet (a lazy batch norm's running statistics).

    >>> import tensors as torch
    >>> torch.nn.UninitializedBuffer()
    <UninitializedBuffer>
    """

    __slots__ = ()
    cls_to_become = Tensor

    def __init__(self, requires_grad: bool = False, device: Any = None, dtype: Any = None) -> None:
        fresh = empty(0, dtype=dtype)
        for slot in Tensor.__slots__[:-1]:
            object.__setattr__(self, slot, getattr(fresh, slot))


class _LazyMixin:
    """The first call reads the input, materializes, and becomes ``cls_to_become``."""

    cls_to_become: Any = None

    def has_uninitialized_params(self) -> bool:
        """True until the first batch has given the parameters their shapes."""
        tensors_ = list(self._parameters.values()) + list(self._buffers.values())
        return any(isinstance(t, _Uninitialized) for t in tensors_)

    def initialize_parameters(self, input: Tensor) -> None:
        raise NotImplementedError

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.has_uninitialized_params():
            self.initialize_parameters(*args, **kwargs)
            self.__class__ = self.cls_to_become
        return Module.__call__(self, *args, **kwargs)


class LazyLinear(_LazyMixin, Linear):
    """``Linear`` whose ``in_features`` is the last size of its first input.

    >>> import tensors as torch
    >>> torch.nn.LazyLinear(4)
    LazyLinear(in_features=0, out_features=4, bias=True)
    """

    cls_to_become = Linear

    def __init__(
        self, out_features: int, bias: bool = True, device: Any = None, dtype: Any = None
    ) -> None:
        Module.__init__(self)
        self.in_features = 0
        self.out_features = out_features
        self.weight = UninitializedParameter(dtype=dtype)
        if bias:
            self.bias = UninitializedParameter(dtype=dtype)
        else:
            self.register_parameter("bias", None)

    def initialize_parameters(self, input: Tensor) -> None:
        self.in_features = input.shape[-1]
        self.weight.materialize((self.out_features, self.in_features))
        if self.bias is not None:
            self.bias.materialize((self.out_features,))
        self.reset_parameters()


class LazyConv2d(_LazyMixin, Conv2d):
    """``Conv2d`` whose ``in_channels`` is read from its first input.

    >>> import tensors as torch
    >>> torch.nn.LazyConv2d(6, kernel_size=5, padding=2)
    LazyConv2d(0, 6, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))
    """

    cls_to_become = Conv2d

    def __init__(
        self,
        out_channels: int,
        kernel_size: Any,
        stride: Any = 1,
        padding: Any = 0,
        dilation: Any = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        # the plain constructor with one input channel per group (checks and attributes),
        # then the parameters swapped for uninitialized ones
        Conv2d.__init__(
            self, groups, out_channels, kernel_size, stride, padding, dilation, groups, bias,
            padding_mode, device, dtype,
        )  # fmt: skip
        self.in_channels = 0
        self.weight = UninitializedParameter(dtype=dtype)
        if bias:
            self.bias = UninitializedParameter(dtype=dtype)

    def initialize_parameters(self, input: Tensor) -> None:
        self.in_channels = input.shape[1] if input.ndim == 4 else input.shape[0]
        shape = (self.out_channels, self.in_channels // self.groups) + self.kernel_size
        self.weight.materialize(shape)
        if self.bias is not None:
            self.bias.materialize((self.out_channels,))
        self.reset_parameters()


class _LazyBatchNorm(_LazyMixin):
    def _lazy_init(self, eps: float, momentum: Any, affine: bool, track: bool, dtype: Any) -> None:
        type(self).cls_to_become.__init__(self, 0, eps, momentum, affine, track, None, dtype)
        if affine:
            self.weight = UninitializedParameter(dtype=dtype)
            self.bias = UninitializedParameter(dtype=dtype)
        if track:
            self.running_mean = UninitializedBuffer(dtype=dtype)
            self.running_var = UninitializedBuffer(dtype=dtype)

    def initialize_parameters(self, input: Tensor) -> None:
        self.num_features = input.shape[1]
        for t in (self.weight, self.bias, self.running_mean, self.running_var):
            if t is not None:
                t.materialize((self.num_features,))
        self.reset_parameters()


class LazyBatchNorm1d(_LazyBatchNorm, BatchNorm1d):
    """``BatchNorm1d`` whose ``num_features`` is read from its first input.

    >>> import tensors as torch
    >>> bn = torch.nn.LazyBatchNorm1d()
    >>> bn.running_mean
    <UninitializedBuffer>
    >>> bn(torch.ones(2, 3)).shape, bn.running_mean.shape
    (torch.Size([2, 3]), torch.Size([3]))
    """

    cls_to_become = BatchNorm1d

    def __init__(
        self,
        eps: float = 1e-5,
        momentum: Optional[float] = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        self._lazy_init(eps, momentum, affine, track_running_stats, dtype)


class LazyBatchNorm2d(_LazyBatchNorm, BatchNorm2d):
    """``BatchNorm2d`` whose ``num_features`` is read from its first input.

    >>> import tensors as torch
    >>> bn = torch.nn.LazyBatchNorm2d()
    >>> _ = bn(torch.ones(2, 3, 4, 4)); bn
    BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
    """

    cls_to_become = BatchNorm2d

    def __init__(
        self,
        eps: float = 1e-5,
        momentum: Optional[float] = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        self._lazy_init(eps, momentum, affine, track_running_stats, dtype)
