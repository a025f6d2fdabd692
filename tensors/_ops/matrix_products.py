"""Matrix products: ``matmul`` (the ``@`` operator), ``mm``, ``mv``, ``dot``,
``outer`` and ``bmm``.

Each output element is one node of the table's n-ary ``dot`` row (k products
rounded, then one correctly rounded sum: the floats of k mul nodes and a sum
node); the Value view draws it expanded into its k multiplications and a sum.
``matmul`` dispatches on the operands' dims and broadcasts batch dims, as PyTorch's does. Follows
PyTorch's page ``torch.matmul``
(https://pytorch.org/docs/stable/generated/torch.matmul.html) and the
"BLAS and LAPACK Operations" list.

>>> import tensors as torch
>>> torch.tensor([[1., 2.], [3., 4.]]) @ torch.tensor([1., 1.])
tensor([3., 7.])
"""

from __future__ import annotations

from typing import Any

from autograd_scalar import apply
from autograd_scalar.ops import OPS

from .. import _dtype as D
from .._shape import (
    broadcast_index,
    broadcast_shapes,
    numel,
)
from .._tensor import Tensor, _result, _type_name
from .arithmetic import mul
from .views import reshape, unsqueeze

_DOT = OPS["dot"]


def _mm_rows(rows: list, cols: list) -> list:
    """Each output element is one dot node: row . col."""
    return [apply(_DOT, *row, *col) for row in rows for col in cols]


def _rows(t: Tensor) -> list:
    """The rows of a matrix, each a list of its Values."""
    flat = t._flat()
    n, k = t._shape
    return [flat[i * k : (i + 1) * k] for i in range(n)]


def _cols(t: Tensor) -> list:
    """The columns of a matrix, each a list of its Values."""
    flat = t._flat()
    n, k = t._shape
    return [flat[j::k] for j in range(k)] if n else [[] for _ in range(k)]


def _same_dtype(a: Tensor, b: Tensor, kind: str) -> D.dtype:
    """The dtype of a matrix product; PyTorch refuses mixed dtypes, in each path's words."""
    if a.dtype is not b.dtype:
        x, y = _type_name(a.dtype), _type_name(b.dtype)
        if kind == "dot":
            message = f"dot : expected both vectors to have same dtype, but found {x} and {y}"
        elif kind == "mv":
            message = f"addmv input tensors must have the same dtype, but got {y}, {x}, and {y}"
        elif kind == "bmm":
            message = f"expected scalar type {x} but found {y}"
        else:
            message = (
                f"expected m1 and m2 to have the same dtype, but got: {_cpp_name(a.dtype)} != "
                f"{_cpp_name(b.dtype)}"
            )
        raise RuntimeError(message)
    if a.dtype is D.bool:
        raise NotImplementedError(
            f"\"{'dot' if kind == 'dot' else 'addmm_impl_cpu_'}\" not implemented for 'Bool'"
        )
    return a.dtype


def _cpp_name(d: D.dtype) -> str:
    return {"float32": "float", "float64": "double", "int64": "long int", "bool": "bool"}[d.name]


def _check_tensors(name: str, input: Any, other: Any, method: bool = False) -> None:
    for arg, x, pos in (("input", input, 1), ("other", other, 2)):
        if not isinstance(x, Tensor):
            raise TypeError(
                f"{name}(): argument '{arg}' (position {pos - method}) must be Tensor, not "
                f"{type(x).__name__}"
            )


def mm(input: Tensor, mat2: Tensor) -> Tensor:
    """Matrix product of two 2-D tensors.

    >>> import tensors as torch
    >>> torch.mm(torch.ones(2, 3), torch.ones(3, 1))
    tensor([[3.],
            [3.]])
    """
    if input.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if mat2.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    (n, k), (k2, m) = input._shape, mat2._shape
    if k != k2:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({n}x{k} and {k2}x{m})")
    dtype = _same_dtype(input, mat2, "mm")
    return _result(
        _mm_rows(_rows(input), _cols(mat2)),
        (n, m),
        dtype,
        "MmBackward0",
        (input, mat2),
        op="matmul",
    )


def mv(input: Tensor, vec: Tensor) -> Tensor:
    """Matrix-vector product.

    >>> import tensors as torch
    >>> torch.mv(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([1., 1.]))
    tensor([3., 7.])
    """
    if input.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input.ndim}, {vec.ndim}")
    (n, k), (k2,) = input._shape, vec._shape
    if k != k2:
        raise RuntimeError(f"size mismatch, got input ({n}), mat ({n}x{k}), vec ({k2})")
    dtype = _same_dtype(input, vec, "mv")
    return _result(
        _mm_rows(_rows(input), [vec._flat()]), (n,), dtype, "MvBackward0", (input, vec), op="matmul"
    )


def dot(input: Tensor, other: Tensor) -> Tensor:
    """Dot product of two 1-D tensors: one dot node.

    >>> import tensors as torch
    >>> torch.dot(torch.tensor([1., 2.]), torch.tensor([3., 4.]))
    tensor(11.)
    """
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {other.ndim}D tensors")
    if input._shape != other._shape:
        a, b = input._shape[0], other._shape[0]
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{a}] and src [{b}] to have the same "
            f"number of elements, but got {a} and {b} elements respectively"
        )
    dtype = _same_dtype(input, other, "dot")
    out = apply(_DOT, *input._flat(), *other._flat())
    return _result([out], (), dtype, "DotBackward0", (input, other), op="matmul")


def outer(input: Tensor, vec2: Tensor) -> Tensor:
    """Outer product of two 1-D tensors.

    >>> import tensors as torch
    >>> torch.outer(torch.tensor([1., 2.]), torch.tensor([1., 10.]))
    tensor([[ 1., 10.],
            [ 2., 20.]])
    """
    for arg, x in (("self", input), ("vec2", vec2)):
        if x.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {arg}, but got {x.ndim}-D")
    # As PyTorch computes it: a column view of input, times vec2.
    return mul(reshape(input, -1, 1), vec2)


ger = outer


def matmul(input: Tensor, other: Tensor) -> Tensor:
    """Matrix product by every rule of ``torch.matmul``: vectors, matrices, batches.

    1-D @ 1-D is a dot product; 2-D @ 1-D a matrix-vector product; a 1-D
    first operand is a row vector, a 1-D second one a column; with more
    dimensions the leading ones are batches, which broadcast. The grad_fn is
    the node PyTorch's own path through these cases ends with.

    >>> import tensors as torch
    >>> x, w = torch.ones(5), torch.ones(5, 3)
    >>> torch.matmul(x, w)
    tensor([5., 5., 5.])
    >>> torch.matmul(torch.ones(4, 2, 3), torch.ones(3)).shape
    torch.Size([4, 2])
    """
    _check_tensors("matmul", input, other)
    a, b = input.ndim, other.ndim
    if a == 0 or b == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {a}D and {b}D"
        )
    if a == 1 and b == 1:
        return dot(input, other)
    if a == 2 and b == 2:
        return mm(input, other)
    if a == 2 and b == 1:
        return mv(input, other)
    if a == 1 and b == 2:
        return _vector_times_matrix(input, other)
    # Batched: a 1-D operand is a row (first) or a column (second); batch dims broadcast.
    ash = (1,) + input._shape if a == 1 else input._shape
    bsh = other._shape + (1,) if b == 1 else other._shape
    (n, k), (k2, m) = ash[-2:], bsh[-2:]
    batch = broadcast_shapes(ash[:-2], bsh[:-2])
    if b <= 2:  # PyTorch folds the batch into the rows and calls mm or mv
        rows = numel(ash[:-1])
        if k != k2:
            if b == 1:
                raise RuntimeError(
                    f"size mismatch, got input ({rows}), mat ({rows}x{k}), vec ({k2})"
                )
            raise RuntimeError(
                f"mat1 and mat2 shapes cannot be multiplied ({rows}x{k} and {k2}x{m})"
            )
        dtype = _same_dtype(input, other, "mv" if b == 1 else "mm")
    else:
        if k != k2:
            raise RuntimeError(
                f"Expected size for first two dimensions of batch2 tensor to be: "
                f"[{numel(batch)}, {k}] but got: [{numel(batch)}, {k2}]."
            )
        dtype = _same_dtype(input, other, "mm" if a <= 2 else "bmm")
    fa, fb = input._flat(), other._flat()
    count = numel(batch)
    ia = broadcast_index(ash[:-2], batch) if ash[:-2] else (0,) * count
    ib = broadcast_index(bsh[:-2], batch) if bsh[:-2] else (0,) * count
    out: list = []
    for pa, pb in zip(ia, ib):
        block_a = fa[pa * n * k : (pa + 1) * n * k]
        block_b = fb[pb * k * m : (pb + 1) * k * m]
        rows = [block_a[i * k : (i + 1) * k] for i in range(n)]
        cols = [block_b[j::m] for j in range(m)]
        out.extend(_mm_rows(rows, cols))
    shape = batch + ((n,) if a > 1 else ()) + ((m,) if b > 1 else ())
    name = _batched_matmul_name(input, other)
    return _result(out, shape, dtype, name, (input, other), op="matmul")


def _vector_times_matrix(input: Tensor, other: Tensor) -> Tensor:
    """1-D @ 2-D as PyTorch computes it, so its graph has PyTorch's nodes: the vector
    as a one-row matrix (a view), ``mm`` (MmBackward0, saving that row), then the row
    dimension squeezed away in place (SqueezeBackward4, dim 0). Its ``inputs`` stay
    the two operands, so the drawings show one matmul."""
    (k,), (k2, m) = input._shape, other._shape
    if k != k2:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied (1x{k} and {k2}x{m})")
    product = mm(unsqueeze(input, 0), other)
    # The drawings show one matmul of (input, other); the graph goes on to the mm.
    return _result(
        product._flat(),
        (m,),
        product.dtype,
        "SqueezeBackward4",
        (input, other),
        op="matmul",
        graph_inputs=(product,),
        dim=0,
        self_sym_sizes=(1, m),
    )


def _batched_matmul_name(input: Tensor, other: Tensor) -> str:
    # PyTorch ends with a view of an mm, mv or bmm result (UnsafeViewBackward0),
    # except for a matrix (or a 3-D tensor with a batch of one against a batch of
    # several) times a batch when the matrix requires grad: then it computes the
    # transposed product and transposes it back, copying unless one side is 1 wide.
    a, b = input._shape, other._shape
    matrix = len(a) == 2 or (len(a) == 3 and len(b) == 3 and a[0] == 1 and b[0] != 1)
    if matrix and len(b) >= 3 and input._requires_grad and _grad_enabled():
        return "TransposeBackward0" if a[-2] == 1 or b[-1] == 1 else "CloneBackward0"
    return "UnsafeViewBackward0"


def _grad_enabled() -> bool:
    from autograd_scalar import is_grad_enabled

    return is_grad_enabled()


def bmm(input: Tensor, mat2: Tensor) -> Tensor:
    """Batched matrix product of two 3-D tensors."""
    if input.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if mat2.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    b, k, b2, k2 = input._shape[0], input._shape[2], mat2._shape[0], mat2._shape[1]
    if b != b2 or k != k2:
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: [{b}, {k}] but got: "
            f"[{b2}, {k2}]."
        )
    dtype = _same_dtype(input, mat2, "bmm")
    out = matmul(input, mat2)
    return _result(out._flat(), out._shape, dtype, "BmmBackward0", (input, mat2), op="matmul")
