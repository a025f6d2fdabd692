"""Hypothesis strategies and helpers for property-based tests of tensor code.

Public, so that you can test your own tensor code (or grade a student's) the
way this project tests itself::

    from hypothesis import given
    from tensors.testing import broadcastable_shapes, tensors, tensor_gradcheck

    @given(broadcastable_shapes().flatmap(
        lambda ab: tensors(ab[0], requires_grad=True).flatmap(
            lambda x: tensors(ab[1], requires_grad=True).map(lambda y: (x, y)))))
    def test_mul_gradient(xy):
        assert tensor_gradcheck(lambda x, y: x * y, xy)

The strategies draw small shapes by default (at most 3 dimensions of at most
4 elements), because every element is a Python object and a differential test
runs each example more than once. ``to_torch`` and ``from_torch`` convert to and from
PyTorch for differential tests; they import torch only when called.

Requires ``hypothesis`` (installed with the ``dev`` extra).
"""

from __future__ import annotations

import math
from typing import Any, Callable, Optional, Sequence, Union

from hypothesis import strategies as st

from autograd_scalar import GradcheckError
from autograd_scalar.grad_mode import enable_grad
from autograd_scalar.testing import finite_floats, is_close

from .. import _dtype as D
from .._backward import grad as _grad
from .._creation import tensor as _tensor
from .._creation import zeros as _zeros
from .._shape import nest, numel
from .._tensor import Tensor
from ..autograd.jacobian_check import jacobians

__all__ = [
    "GradcheckError",
    "assert_close",
    "basic_indices",
    "broadcast_shape",
    "broadcastable_shapes",
    "exact_floats",
    "first_derivative",
    "from_torch",
    "matmul_shapes",
    "shapes",
    "tensor_gradcheck",
    "tensors",
    "to_torch",
]

ShapeLike = Union[Sequence[int], st.SearchStrategy]


# ---------------------------------------------------------------------------------
# Shapes
# ---------------------------------------------------------------------------------


def shapes(
    min_dims: int = 0, max_dims: int = 3, min_side: int = 1, max_side: int = 4
) -> st.SearchStrategy[tuple]:
    """Tensor shapes: tuples of ``min_dims..max_dims`` sizes in ``min_side..max_side``.

    Shrinks towards a 0-d shape, then towards sides of ``min_side``.

    >>> from hypothesis import find
    >>> s = find(shapes(max_side=3), lambda s: len(s) == 2)
    >>> len(s) == 2 and all(1 <= n <= 3 for n in s)
    True
    """
    if not 0 <= min_dims <= max_dims:
        raise ValueError(f"need 0 <= min_dims <= max_dims, got {min_dims} and {max_dims}")
    if not 0 <= min_side <= max_side:
        raise ValueError(f"need 0 <= min_side <= max_side, got {min_side} and {max_side}")
    side = st.integers(min_side, max_side)
    return st.lists(side, min_size=min_dims, max_size=max_dims).map(tuple)


def broadcast_shape(*operands: Sequence[int]) -> Optional[tuple]:
    """The shape the given shapes broadcast to, or None when they do not broadcast.

    A plain statement of the rule (align on the right; each pair of sizes is
    equal or one of them is 1), independent of the tensor layer's own code,
    so that tests can check one against the other.

    >>> broadcast_shape((2, 1, 4), (3, 1)), broadcast_shape((2,), (3,))
    ((2, 3, 4), None)
    """
    ndim = max((len(s) for s in operands), default=0)
    out = []
    for i in range(ndim):
        sizes = {s[len(s) - ndim + i] for s in operands if len(s) - ndim + i >= 0}
        sizes.discard(1)
        if len(sizes) > 1:
            return None
        out.append(sizes.pop() if sizes else 1)
    return tuple(out)


@st.composite
def _broadcastable(
    draw: Any, n: int, min_dims: int, max_dims: int, min_side: int, max_side: int
) -> tuple:
    # Draw the result first, then derive each operand from it: drop some
    # leading dimensions and turn some sizes into 1. Every pair broadcasts.
    result = draw(shapes(min_dims, max_dims, min_side, max_side))
    out = []
    for _ in range(n):
        ndim = draw(st.integers(min_dims if min_dims <= len(result) else 0, len(result)))
        tail = result[len(result) - ndim :]
        ones = draw(st.lists(st.booleans(), min_size=ndim, max_size=ndim))
        out.append(tuple(1 if one else s for s, one in zip(tail, ones)))
    return tuple(out)


def broadcastable_shapes(
    n: int = 2, min_dims: int = 0, max_dims: int = 3, min_side: int = 1, max_side: int = 4
) -> st.SearchStrategy[tuple]:
    """Tuples of ``n`` shapes that broadcast together (pairs by default).

    Shapes may differ in length and have sizes of 1 where the others do not:
    every case of the broadcasting rule comes up.

    >>> from hypothesis import find
    >>> import tensors as torch
    >>> a, b, c = find(broadcastable_shapes(n=3), lambda abc: len(set(map(len, abc))) == 3)
    >>> (torch.zeros(a) + torch.zeros(b) + torch.zeros(c)).ndim == max(map(len, (a, b, c)))
    True
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    return _broadcastable(n, min_dims, max_dims, min_side, max_side)


@st.composite
def _matmul_pair(draw: Any, max_batch_dims: int, min_side: int, max_side: int) -> tuple:
    side = st.integers(min_side, max_side)
    n, k, m = draw(side), draw(side), draw(side)
    batch_a, batch_b = draw(broadcastable_shapes(2, 0, max_batch_dims, min_side, max_side))
    a_vector = draw(st.booleans())
    b_vector = draw(st.booleans())
    a = (k,) if a_vector else batch_a + (n, k)
    b = (k,) if b_vector else batch_b + (k, m)
    return a, b


def matmul_shapes(
    max_batch_dims: int = 1, min_side: int = 1, max_side: int = 4
) -> st.SearchStrategy[tuple]:
    """Pairs of shapes that ``torch.matmul`` accepts, by each of its rules.

    1-D by 1-D (a dot product), 1-D by n-D, n-D by 1-D and n-D by n-D with
    batch dimensions (up to ``max_batch_dims``) that broadcast.

    >>> from hypothesis import find
    >>> import tensors as torch
    >>> a, b = find(matmul_shapes(), lambda ab: len(ab[0]) == 3)
    >>> (torch.ones(a) @ torch.ones(b)).ndim >= 2
    True
    """
    return _matmul_pair(max_batch_dims, min_side, max_side)


@st.composite
def _basic_index(draw: Any, shape: tuple, allow_none: bool, allow_ellipsis: bool) -> Any:
    def one(size: int) -> list:
        part = [None] if allow_none and draw(st.integers(0, 4)) == 0 else []
        if size and draw(st.booleans()):
            return part + [draw(st.integers(-size, size - 1))]
        start = draw(st.none() | st.integers(-size - 1, size + 1))
        stop = draw(st.none() | st.integers(-size - 1, size + 1))
        step = draw(st.none() | st.integers(1, 3))
        return part + [slice(start, stop, step)]

    ndim = len(shape)
    n_front = draw(st.integers(0, ndim))
    parts = [p for d in range(n_front) for p in one(shape[d])]
    if allow_ellipsis and draw(st.booleans()):
        # Indices after an ellipsis apply to the last dimensions.
        n_back = draw(st.integers(0, ndim - n_front))
        parts.append(Ellipsis)
        parts.extend(p for d in range(ndim - n_back, ndim) for p in one(shape[d]))
    if allow_none and draw(st.integers(0, 4)) == 0:
        parts.append(None)
    if len(parts) == 1 and draw(st.booleans()):
        return parts[0]
    return tuple(parts)


def basic_indices(
    shape: Sequence[int], allow_none: bool = True, allow_ellipsis: bool = True
) -> st.SearchStrategy[Any]:
    """Valid basic indices for a tensor of ``shape``: ints (negative too), slices,
    ``None`` and ``...``, alone or in a tuple.

    >>> from hypothesis import find
    >>> import tensors as torch
    >>> k = find(basic_indices((3, 4)), lambda k: isinstance(k, tuple) and len(k) == 2)
    >>> torch.zeros(3, 4)[k].ndim <= 3
    True
    """
    return _basic_index(tuple(shape), allow_none, allow_ellipsis)


# ---------------------------------------------------------------------------------
# Elements and tensors
# ---------------------------------------------------------------------------------


def exact_floats(
    min_value: float = -4.0, max_value: float = 4.0, denominator: int = 8
) -> st.SearchStrategy[float]:
    """Multiples of ``1 / denominator`` in ``[min_value, max_value]``.

    float32 holds them exactly, and so it does their sums and products in small
    tensors: use them where printed text (which rounds through float32) is
    compared with PyTorch's, or where results must be exact.

    >>> from hypothesis import find
    >>> x = find(exact_floats(), lambda x: x < 0)
    >>> -4.0 <= x < 0 and x * 8 == int(x * 8)
    True
    """
    lo = math.ceil(min_value * denominator)
    hi = math.floor(max_value * denominator)
    return st.integers(lo, hi).map(lambda k: k / denominator)


def _default_elements(dtype: D.dtype) -> st.SearchStrategy:
    if dtype is D.bool:
        return st.booleans()
    if dtype is D.int64:
        return st.integers(-5, 5)
    return finite_floats(-3.0, 3.0)


@st.composite
def _tensor_of(draw: Any, shape: Any, elements: Any, dtype: D.dtype, requires_grad: bool) -> Tensor:
    if isinstance(shape, st.SearchStrategy):
        shape = draw(shape)
    shape = tuple(shape)
    if numel(shape) == 0:
        # Nested lists cannot say (2, 0, 3): [[], []] reads as (2, 0).
        return _zeros(*shape, dtype=dtype, requires_grad=requires_grad)
    flat = draw(st.lists(elements, min_size=numel(shape), max_size=numel(shape)))
    data = nest(flat, shape) if shape else flat[0]
    return _tensor(data, dtype=dtype, requires_grad=requires_grad)


def tensors(
    shape: Optional[ShapeLike] = None,
    elements: Optional[st.SearchStrategy] = None,
    dtype: Any = None,
    requires_grad: bool = False,
) -> st.SearchStrategy[Tensor]:
    """Leaf tensors of ``shape`` (a tuple, or a strategy of tuples; ``shapes()`` by default).

    ``elements`` draws each element: finite floats in [-3, 3] for floating
    dtypes by default, integers in [-5, 5] for int64, truth values for bool.
    ``dtype`` defaults to the default float dtype.

    >>> from hypothesis import find
    >>> find(tensors((2,), requires_grad=True), lambda t: True)
    tensor([0., 0.], requires_grad=True)
    >>> tensors(shapes(max_dims=2), exact_floats()).example()  # doctest: +SKIP
    tensor([[ 0.1250, -3.5000]])
    """
    d = D._as_dtype(dtype) if dtype is not None else D.get_default_dtype()
    if requires_grad and not d.is_floating_point:
        raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
    return _tensor_of(
        shapes() if shape is None else shape,
        _default_elements(d) if elements is None else elements,
        d,
        requires_grad,
    )


# ---------------------------------------------------------------------------------
# Gradient check
# ---------------------------------------------------------------------------------


def tensor_gradcheck(
    fn: Callable[..., Any],
    inputs: Any,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
) -> bool:
    """True when ``fn``'s analytic Jacobian matches central differences at ``inputs``.

    As ``torch.autograd.gradcheck``: ``fn`` takes the inputs (tensors, or
    anything else, which is passed as is) and returns a tensor or a sequence
    of tensors; every element of every output is differentiated (with
    ``tensors.autograd.grad``) with respect to every element of each input
    that requires grad, and compared with ``(f(x + eps) - f(x - eps)) / 2eps``.
    The inputs themselves are left alone (their ``.grad`` too). A mismatch
    raises :class:`GradcheckError`, listing every bad entry.

    >>> import tensors as torch
    >>> from tensors.testing import tensor_gradcheck
    >>> x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> tensor_gradcheck(lambda x: (x @ x).softmax(dim=1), [x])
    True
    >>> tensor_gradcheck(lambda x: x.detach() * x, [x])
    Traceback (most recent call last):
    ...
    autograd_scalar.gradcheck.GradcheckError: Jacobian mismatch in 4 entries (atol=1e-05, ...
      output 0 element 0, input 0 element 0: analytic 1.0, numerical 2.0...
    """
    inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    wrt = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    if not wrt:
        raise ValueError(
            "gradcheck expects at least one input tensor to require gradient, but none of "
            "them have requires_grad=True."
        )
    for i in wrt:
        if not inputs[i].is_floating_point():
            raise TypeError(f"input {i} requires grad but is not a floating point tensor")
    wrt, analytic, numerical = jacobians(fn, inputs, eps)
    bad = []
    for w, i in enumerate(wrt):
        for k in range(inputs[i].numel()):
            for o, (a_out, n_out) in enumerate(zip(analytic, numerical)):
                for j, (a, n) in enumerate(zip(a_out[w][k], n_out[w][k])):
                    if not (a == n or math.isclose(a, n, rel_tol=rtol, abs_tol=atol)):
                        bad.append(
                            f"  output {o} element {j}, input {i} element {k}: "
                            f"analytic {a!r}, numerical {n!r}"
                        )
    if bad:
        raise GradcheckError(
            f"Jacobian mismatch in {len(bad)} entries (atol={atol}, rtol={rtol}):\n"
            + "\n".join(bad)
        )
    return True


def first_derivative(fn: Callable[[Tensor], Tensor], t: Tensor) -> Tensor:
    """The derivative of ``fn(t).sum()`` with respect to ``t``, elementwise: checked by
    :func:`tensor_gradcheck` in turn, it checks ``fn``'s second derivatives.

    Built with ``create_graph`` where ``t`` requires grad; central differences call
    it on plain tensors (under no_grad), and get the derivative's numbers.

    >>> import tensors as torch
    >>> x = torch.tensor([0.5, 2.0], dtype=torch.float64, requires_grad=True)
    >>> first_derivative(lambda t: t ** 3, x)
    tensor([ 0.7500, 12.0000], dtype=torch.float64, grad_fn=<MulBackward0>)
    >>> tensor_gradcheck(lambda t: first_derivative(torch.sin, t), [x])
    True
    """
    if not t.requires_grad:
        with enable_grad():
            t = t.detach().requires_grad_()
            return _grad(fn(t).sum(), t)[0].detach()
    return _grad(fn(t).sum(), t, create_graph=True)[0]


# ---------------------------------------------------------------------------------
# PyTorch, for differential tests
# ---------------------------------------------------------------------------------


def _torch() -> Any:
    import torch

    return torch


def to_torch(t: Tensor, dtype: Any = None, requires_grad: Optional[bool] = None) -> Any:
    """A ``torch.Tensor`` leaf with ``t``'s numbers (torch is imported here, not before).

    Floating tensors become float64 by default, because this project computes
    in Python floats; pass ``dtype=t.dtype`` (or a torch dtype) to keep the
    dtype's name, e.g. to compare printed text. ``requires_grad`` defaults to
    ``t.requires_grad``.

    >>> import tensors
    >>> from tensors.testing import to_torch
    >>> to_torch(tensors.tensor([1.5, 2.0], requires_grad=True))  # doctest: +SKIP
    tensor([1.5000, 2.0000], dtype=torch.float64, requires_grad=True)
    """
    torch = _torch()
    if dtype is None:
        target = torch.float64 if t.is_floating_point() else getattr(torch, t.dtype.name)
    elif isinstance(dtype, D.dtype):
        target = getattr(torch, dtype.name)
    else:
        target = dtype
    flag = t.requires_grad if requires_grad is None else requires_grad
    flag = flag and target.is_floating_point
    if t.numel() == 0:  # nested lists cannot say (2, 0, 3)
        return torch.zeros(tuple(t.shape), dtype=target, requires_grad=flag)
    return torch.tensor(t.tolist(), dtype=target, requires_grad=flag)


def from_torch(t: Any, requires_grad: Optional[bool] = None) -> Tensor:
    """A ``tensors.Tensor`` leaf with a ``torch.Tensor``'s numbers and dtype.

    float64 stays float64; the other floating dtypes become float32; int64, int32,
    int16, int8 and uint8 stay as they are, other integer dtypes become int64.
    ``requires_grad`` defaults to ``t.requires_grad``.

    >>> from tensors.testing import from_torch
    >>> import torch  # doctest: +SKIP
    >>> from_torch(torch.tensor([[1, 2]]))  # doctest: +SKIP
    tensor([[1, 2]])
    """
    torch = _torch()
    if t.dtype is torch.float64:
        dtype = D.float64
    elif t.dtype.is_floating_point:
        dtype = D.float32
    elif t.dtype is torch.bool:
        dtype = D.bool
    elif t.dtype.is_complex:
        raise TypeError(f"no tensors dtype for {t.dtype}")
    else:
        dtype = getattr(D, str(t.dtype).replace("torch.", ""), D.int64)
    flag = t.requires_grad if requires_grad is None else requires_grad
    if t.numel() == 0:
        return _zeros(*t.shape, dtype=dtype, requires_grad=flag)
    return _tensor(t.detach().tolist(), dtype=dtype, requires_grad=flag)


def _numbers_and_shape(x: Any) -> tuple:
    if isinstance(x, Tensor):
        numbers = [v.data for v in x.values()]
        if not x.is_floating_point():  # an integer has no negative zero
            numbers = [float(int(v)) if v == v and abs(v) != math.inf else v for v in numbers]
        return numbers, tuple(x.shape), x.dtype.name
    if hasattr(x, "detach") and hasattr(x, "shape"):  # a torch.Tensor
        flat = x.detach().reshape(-1).tolist()
        return [float(v) for v in flat], tuple(x.shape), str(x.dtype).replace("torch.", "")
    if isinstance(x, (int, float)):
        return [float(x)], (), None
    raise TypeError(f"expected a tensor or a number, got {type(x).__name__}")


def assert_close(
    actual: Any,
    expected: Any,
    rtol: float = 1e-7,
    atol: float = 1e-10,
    check_dtype: bool = False,
    zero_sign: bool = True,
) -> None:
    """Assert that two tensors (ours or torch's, in any mix) have the same shape and
    close elements; nan equals nan, equal infinities are equal, and 0.0 and -0.0
    differ (unless ``zero_sign`` is False).

    With ``check_dtype`` the dtype names must match too.

    >>> import tensors
    >>> from tensors.testing import assert_close
    >>> assert_close(tensors.tensor([1.0, float("nan")]), tensors.tensor([1.0, float("nan")]))
    >>> assert_close(tensors.ones(2), tensors.ones(3))
    Traceback (most recent call last):
    ...
    AssertionError: shapes differ: (2,) and (3,)
    >>> assert_close(tensors.tensor([0.0]), tensors.tensor([-0.0]))
    Traceback (most recent call last):
    ...
    AssertionError: 1 of 1 elements differ (rtol=1e-07, atol=1e-10):
      at flat index 0: 0.0 and -0.0
    """
    xs, xshape, xdtype = _numbers_and_shape(actual)
    ys, yshape, ydtype = _numbers_and_shape(expected)
    if xshape != yshape:
        raise AssertionError(f"shapes differ: {xshape} and {yshape}")
    if check_dtype and xdtype != ydtype:
        raise AssertionError(f"dtypes differ: {xdtype} and {ydtype}")
    bad = [
        f"  at flat index {i}: {x!r} and {y!r}"
        for i, (x, y) in enumerate(zip(xs, ys))
        if not is_close(x, y, rtol=rtol, atol=atol, zero_sign=zero_sign)
    ]
    if bad:
        raise AssertionError(
            f"{len(bad)} of {len(xs)} elements differ (rtol={rtol}, atol={atol}):\n"
            + "\n".join(bad[:10])
        )
