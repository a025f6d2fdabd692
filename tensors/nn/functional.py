"""``tensors.nn.functional``: losses and activations, as ``torch.nn.functional``.

Each loss is one tensor-level op (one grad_fn, named as PyTorch's) whose
scalar graph spells out the formula, so the Value view shows the arithmetic.

>>> import tensors as torch
>>> import tensors.nn.functional as F
>>> F.mse_loss(torch.tensor([1., 2.]), torch.tensor([1., 4.]))
tensor(2.)
"""

from __future__ import annotations

from typing import Any, Optional

from autograd_scalar import Value, apply
from autograd_scalar.ops import OPS, bce_logits_op, leaky_relu_op
from autograd_scalar.value import _const

from .. import _ops
from .._ops.gather_scatter import one_hot as one_hot
from .._shape import broadcast_shapes, broadcast_to
from .._tensor import Tensor, _result, _warn
from ._functional_conv import conv1d as conv1d
from ._functional_conv import conv2d as conv2d
from ._functional_conv import conv3d as conv3d
from ._functional_linear_ce import linear_logits
from ._functional_more import *  # noqa: F403 - the functions of the modules listed there
from ._functional_norm import batch_norm as batch_norm
from ._functional_norm import layer_norm as layer_norm
from ._functional_pool import adaptive_avg_pool2d as adaptive_avg_pool2d
from ._functional_pool import avg_pool2d as avg_pool2d
from ._functional_pool import max_pool2d as max_pool2d
from ._functional_sparse import dropout as dropout
from ._functional_sparse import embedding as embedding

_BCE = OPS["bce"]


def _tensors(function: str, *arguments: tuple) -> None:
    """PyTorch's argument check of a C++ function: each ``(name, value, position)``
    must be a Tensor (or None, for an optional one)."""
    for name, value, position in arguments:
        if value is not None and not isinstance(value, Tensor):
            raise TypeError(
                f"{function}(): argument '{name}' (position {position}) must be Tensor, not "
                f"{type(value).__name__}"
            )


def _attribute(attribute: str, *values: Any) -> None:
    # Where PyTorch's Python code calls a tensor method first (``target.size()``),
    # a non-tensor fails there: the same AttributeError.
    for value in values:
        if value is not None and not isinstance(value, Tensor):
            raise AttributeError(f"'{type(value).__name__}' object has no attribute '{attribute}'")


def relu(input: Tensor) -> Tensor:
    """``max(x, 0)``, elementwise.

    >>> import tensors as torch
    >>> torch.nn.functional.relu(torch.tensor([-1., 2.]))
    tensor([0., 2.])
    """
    _tensors("relu", ("input", input, 1))
    return _ops.relu(input)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """``log(1 + exp(beta * x)) / beta``, linear where ``beta * x > threshold``.

    >>> import tensors as torch
    >>> torch.nn.functional.softplus(torch.tensor([0.]))
    tensor([0.6931])
    """
    _tensors("softplus", ("input", input, 1))
    return _ops.softplus(input, beta, threshold)


def sigmoid(input: Tensor) -> Tensor:
    """``1 / (1 + exp(-x))``, elementwise.

    >>> import tensors as torch
    >>> torch.nn.functional.sigmoid(torch.tensor([0.]))
    tensor([0.5000])
    """
    _attribute("sigmoid", input)
    return _ops.sigmoid(input)


def tanh(input: Tensor) -> Tensor:
    """``tanh(x)``, elementwise.

    >>> import tensors as torch
    >>> torch.nn.functional.tanh(torch.tensor([0.]))
    tensor([0.])
    """
    _attribute("tanh", input)
    return _ops.tanh(input)


def softmax(input: Tensor, dim: Optional[int] = None, dtype: Any = None) -> Tensor:
    """``exp(x) / sum(exp(x))`` along ``dim``.

    >>> import tensors as torch
    >>> import tensors.nn.functional as F
    >>> F.softmax(torch.tensor([[1., 1.]]), dim=1)
    tensor([[0.5000, 0.5000]])
    """
    _attribute("softmax" if dim is not None else "dim", input)
    return _ops.softmax(input, _implicit_dim(input, dim), dtype)


def log_softmax(input: Tensor, dim: Optional[int] = None, dtype: Any = None) -> Tensor:
    """``log(softmax(x))`` along ``dim``, computed stably."""
    _attribute("log_softmax" if dim is not None else "dim", input)
    return _ops.log_softmax(input, _implicit_dim(input, dim), dtype)


def _implicit_dim(input: Tensor, dim: Optional[int]) -> int:
    if dim is not None:
        return dim
    import warnings

    warnings.warn(
        "Implicit dimension choice for softmax has been deprecated. Change the call to include "
        "dim=X as an argument.",
        UserWarning,
        stacklevel=3,
    )
    return 0 if input.ndim in (0, 1, 3) else 1


def leaky_relu(input: Tensor, negative_slope: float = 0.01) -> Tensor:
    """``x`` where positive, ``negative_slope * x`` elsewhere."""
    _tensors("leaky_relu", ("input", input, 1))
    op = leaky_relu_op(negative_slope)  # the table's row for this slope
    out = [apply(op, x) for x in input._flat()]
    return _result(out, input._shape, input.dtype, "LeakyReluBackward0", (input,), op="leaky_relu")


def linear(input: Tensor, weight: Tensor, bias: Optional[Tensor] = None) -> Tensor:
    """``input @ weight.T + bias``, as ``nn.Linear`` computes it.

    >>> import tensors as torch
    >>> import tensors.nn.functional as F
    >>> F.linear(torch.ones(1, 2), torch.ones(3, 2), torch.zeros(3))
    tensor([[2., 2., 2.]])
    """
    _tensors("linear", ("input", input, 1), ("weight", weight, 2), ("bias", bias, 3))
    if input.ndim == 2 and weight.ndim == 2:
        (n, k), (m, k2) = input._shape, weight._shape
        if k != k2:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({n}x{k} and {k2}x{m})")
        rows = _ops._rows(input)
        cols = _ops._rows(weight)
        # PyTorch's node multiplies by weight.t(), a view: its graph has the TBackward0.
        wt = weight.t()
        if bias is None:
            out = _ops._mm_rows(rows, cols)
            return _result(
                out,
                (n, m),
                input.dtype,
                "MmBackward0",
                (input, weight),
                op="linear",
                graph_inputs=(input, wt),
            )
        b = broadcast_to(bias._flat(), bias._shape, (n, m))
        out = [
            apply(_ops._DOT, *row, *col, b[i * m + j])
            for i, row in enumerate(rows)
            for j, col in enumerate(cols)
        ]
        return _result(
            out,
            (n, m),
            input.dtype,
            "AddmmBackward0",
            (bias, input, weight),
            op="linear",
            graph_inputs=(bias, input, wt),
        )
    out = _ops.matmul(input, weight.t())
    if bias is None:
        return out
    # PyTorch adds the bias inside an addmm on the rows, then views the result.
    out = out + bias
    return _result(
        out._flat(), out._shape, out.dtype, "ViewBackward0", (bias, input, weight), op="linear"
    )


def _reduce(
    losses: list,
    shape: tuple,
    reduction: str,
    like: Tensor,
    name: str,
    inputs: tuple,
    op: str,
    total: Any = None,
    edges: Optional[tuple] = None,
) -> Tensor:
    if reduction == "none":
        return _result(losses, shape, like.dtype, name, inputs, op=op, edges=edges)
    if reduction == "sum":
        return _result([Value.sum(losses)], (), like.dtype, name, inputs, op=op, edges=edges)
    if reduction == "mean":
        n = total if total is not None else len(losses)
        return _result([Value.sum(losses) / n], (), like.dtype, name, inputs, op=op, edges=edges)
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _not_differentiable(function: str, **arguments: Optional[Tensor]) -> None:
    from autograd_scalar import is_grad_enabled

    for name, t in arguments.items():
        if t is not None and t.requires_grad and is_grad_enabled():
            raise RuntimeError(
                f"The function '{function}' is not differentiable with respect to argument "
                f"'{name}'. This input cannot have requires_grad True."
            )


def _pair(input: Tensor, target: Tensor, name: str) -> tuple:
    if input._shape != target._shape:
        raise ValueError(
            f"Target size ({target.shape}) must be the same as input size ({input.shape})"
        )
    return input._flat(), [_const(v.data) if not v.requires_grad else v for v in target._flat()]


def binary_cross_entropy_with_logits(
    input: Tensor,
    target: Tensor,
    weight: Optional[Tensor] = None,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
    pos_weight: Optional[Tensor] = None,
) -> Tensor:
    """Sigmoid and binary cross-entropy in one, computed stably (no exp overflow).

    Per element, as PyTorch computes it (one row of the op table):
    ``(1 - y) * x - (1 + (pos_weight - 1) * y) * log_sigmoid(x)``.

    >>> import tensors as torch
    >>> import tensors.nn.functional as F
    >>> F.binary_cross_entropy_with_logits(torch.zeros(3), torch.ones(3))
    tensor(0.6931)
    """
    _attribute("size", target, input)
    _tensors(
        "binary_cross_entropy_with_logits", ("weight", weight, 3), ("pos_weight", pos_weight, 4)
    )
    xs, ys = _pair(input, target, "binary_cross_entropy_with_logits")
    _not_differentiable("binary_cross_entropy_with_logits", weight=weight, pos_weight=pos_weight)
    pw = _weights(pos_weight, input, first=True) if pos_weight is not None else None
    ws = _weights(weight, input) if weight is not None else None
    losses = []
    for i, (x, y) in enumerate(zip(xs, ys)):
        # The table's row for this pos_weight: PyTorch's formula and gradient.
        loss = apply(bce_logits_op(pw[i].data if pw is not None else 1.0), x, y)
        losses.append(loss * ws[i] if ws is not None else loss)
    inputs = (input, target) + tuple(t for t in (weight, pos_weight) if t is not None)
    return _reduce(
        losses,
        input._shape,
        reduction,
        input,
        "BinaryCrossEntropyWithLogitsBackward0",
        inputs,
        "bce_with_logits",
        edges=(0, 1),  # the weights are not differentiated
    )


def _weights(w: Tensor, like: Tensor, first: bool = False) -> list:
    # PyTorch multiplies the losses by the weights (the losses are tensor a), and
    # the pos_weight by the target (the pos_weight is): ``first`` says which.
    shape = (
        broadcast_shapes(w._shape, like._shape)
        if first
        else broadcast_shapes(like._shape, w._shape)
    )
    if shape != like._shape:
        raise RuntimeError(
            f"output with shape {list(like._shape)} doesn't match the broadcast shape {list(shape)}"
        )
    return broadcast_to(w._flat(), w._shape, like._shape)


def binary_cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Optional[Tensor] = None,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """``-(y log x + (1 - y) log(1 - x))``, each log clamped at -100 as PyTorch does.

    >>> import tensors as torch
    >>> import tensors.nn.functional as F
    >>> F.binary_cross_entropy(torch.tensor([0.5]), torch.tensor([1.0]))
    tensor(0.6931)
    """
    _attribute("size", target, input, weight)
    if isinstance(target, Tensor) and target._shape != input._shape:
        raise ValueError(
            f"Using a target size ({target.shape}) that is different to the input size "
            f"({input.shape}) is deprecated. Please ensure they have the same size."
        )
    xs, ys = _pair(input, target, "binary_cross_entropy")
    _not_differentiable("binary_cross_entropy", weight=weight)
    for x, y in zip(xs, ys):  # element by element, the input before the target
        if not 0.0 <= x.data <= 1.0:
            raise RuntimeError("all elements of input should be between 0 and 1")
        if not 0.0 <= y.data <= 1.0:
            raise RuntimeError("all elements of target should be between 0 and 1")
    ws = _weights(weight, input) if weight is not None else None
    losses = []
    for i, (x, y) in enumerate(zip(xs, ys)):
        loss = apply(_BCE, x, y)  # the table's row: PyTorch's clamped logs and gradient
        losses.append(loss * ws[i] if ws is not None else loss)
    return _reduce(
        losses,
        input._shape,
        reduction,
        input,
        "BinaryCrossEntropyBackward0",
        (input, target),
        "bce",
    )  # (the weight is not an input of PyTorch's node)


def mse_loss(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """Mean squared error (or sum, or none, by ``reduction``).

    >>> import tensors as torch
    >>> import tensors.nn.functional as F
    >>> F.mse_loss(torch.tensor([1., 2.]), torch.tensor([1., 4.]), reduction="none")
    tensor([0., 4.])
    """
    _attribute("size", target, input)
    _warn_if_broadcast(input, target)
    shape = broadcast_shapes(input._shape, target._shape)
    xs = broadcast_to(input._flat(), input._shape, shape)
    ys = broadcast_to(target._flat(), target._shape, shape)
    losses = [(x - y) * (x - y) for x, y in zip(xs, ys)]
    return _reduce(losses, shape, reduction, input, "MseLossBackward0", (input, target), "mse")


def _warn_if_broadcast(input: Tensor, target: Tensor) -> None:
    if target._shape != input._shape:
        _warn(
            f"Using a target size ({target.shape}) that is different to the input size "
            f"({input.shape}). This will likely lead to incorrect results due to broadcasting. "
            "Please ensure they have the same size."
        )


def l1_loss(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """Mean absolute error (or sum, or none).

    >>> import tensors as torch
    >>> import tensors.nn.functional as F
    >>> F.l1_loss(torch.tensor([1., 2.]), torch.tensor([1., 4.]))
    tensor(1.)
    """
    _attribute("size", target, input)
    _warn_if_broadcast(input, target)
    # As PyTorch's: |input - target|, then the reduction, each its own node.
    losses = (input - target).abs()
    if reduction == "none":
        return losses
    if reduction == "sum":
        return losses.sum()
    if reduction == "mean":
        return losses.mean()
    raise ValueError(f"{reduction} is not a valid value for reduction")


def nll_loss(
    input: Tensor,
    target: Tensor,
    weight: Optional[Tensor] = None,
    size_average: Any = None,
    ignore_index: int = -100,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood of class indices ``target`` under log-probabilities ``input``.

    ``input`` is (N, C) or (C,); the mean is weighted by the classes' weights.

    >>> import tensors as torch
    >>> import tensors.nn.functional as F
    >>> F.nll_loss(torch.tensor([[-1., -2.], [-3., -4.]]), torch.tensor([0, 1]))
    tensor(2.5000)
    """
    _tensors("nll_loss_nd", ("input", input, 1), ("target", target, 2), ("weight", weight, 3))
    if input.ndim == 0:
        raise ValueError("Expected 1 or more dimensions (got 0)")
    batch = input._shape[0] if input.ndim > 1 else 1
    if input.ndim > 1 and target.ndim and target._shape[0] != batch:
        raise ValueError(
            f"Expected input batch_size ({batch}) to match target batch_size ({target._shape[0]})."
        )
    if input.ndim <= 2 and target.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if input.ndim > 2 and target._shape != input._shape[:1] + input._shape[2:]:
        expected = list(input._shape[:1] + input._shape[2:])
        raise RuntimeError(f"Expected target size {expected}, got {list(target._shape)}")
    if target.dtype.is_floating_point:
        found = "Double" if target.dtype.name == "float64" else "Float"
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {found}")
    _not_differentiable("nll_loss_forward", weight=weight)
    rows = _class_rows(input)
    labels = [int(v.data) for v in target._flat()]
    if len(rows) != len(labels):
        raise ValueError(
            f"Expected input batch_size ({len(rows)}) to match target batch_size ({len(labels)})."
        )
    n_classes = len(rows[0]) if rows else 0
    wv = [v.data for v in weight._flat()] if weight is not None else None
    losses, total = [], 0.0
    for row, c in zip(rows, labels):
        if c == ignore_index:
            losses.append(_const(0.0))
            continue
        if not 0 <= c < n_classes:
            raise IndexError(f"Target {c} is out of bounds.")
        w = wv[c] if wv is not None else 1.0
        total += w
        losses.append(-row[c] * w if w != 1.0 else -row[c])
    shape = target._shape
    # PyTorch's kernel for (N, C, d1, ...) is the 2-D one, on the input seen as
    # (N, C, d, 1) unless it is 4-D: an unreduced loss is then viewed back.
    name = "NllLossBackward0" if input.ndim <= 2 else "NllLoss2DBackward0"
    viewed = input.ndim > 2 and input.ndim != 4 and reduction == "none"
    # The class indices are an input of the op, never an edge of PyTorch's graph.
    # An unbatched (C,) input's unreduced loss is PyTorch's one-term sum (0.0, not -0.0).
    unbatched = input.ndim == 1 and reduction == "none"
    out = _reduce(
        losses,
        (shape[0], len(losses) // max(shape[0], 1), 1) if viewed else shape,
        "sum" if unbatched else reduction,
        input,
        name,
        (input, target),
        "nll",
        total=total if reduction == "mean" else None,
        edges=(0,),
    )
    return out.view(shape) if viewed else out


def _class_rows(input: Tensor) -> list:
    # The scores of each prediction: input[n, :, d...] for every n and place d.
    flat = input._flat()
    if input.ndim == 1:
        return [flat]
    n_classes = input._shape[1]
    places = 1
    for s in input._shape[2:]:
        places *= s
    return [
        [flat[(n * n_classes + c) * places + d] for c in range(n_classes)]
        for n in range(input._shape[0])
        for d in range(places)
    ]


def cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Optional[Tensor] = None,
    size_average: Any = None,
    ignore_index: int = -100,
    reduce: Any = None,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """``nll_loss(log_softmax(input, 1), target)``; ``target`` may also be class probabilities.

    >>> import tensors as torch
    >>> import tensors.nn.functional as F
    >>> F.cross_entropy(torch.zeros(2, 4), torch.tensor([1, 3]))
    tensor(1.3863)
    """
    _tensors(
        "cross_entropy_loss", ("input", input, 1), ("target", target, 2), ("weight", weight, 3)
    )
    dim = 0 if input.ndim == 1 else 1
    logp = _ops.log_softmax(input, dim)
    n_classes = input._shape[dim]
    # Class probabilities when the target has the input's shape (PyTorch's test);
    # anything else is read as class indices, and nll_loss refuses what it must.
    if target.dtype.is_floating_point and target._shape == input._shape:
        probs = target
        if label_smoothing:
            probs = probs * (1 - label_smoothing) + label_smoothing / n_classes
        per = logp * probs
        if weight is not None:
            per = per * (
                weight if input.ndim == 1 else weight.reshape(-1, *([1] * (input.ndim - 2)))
            )
        if reduction == "none":
            return -per.sum(dim)
        if reduction == "sum":
            return -per.sum()
        # PyTorch divides by a number here (DivBackward1), the batch size.
        total = -per.sum()
        rows = input.numel() / n_classes
        return _result(
            [total._flat()[0] / rows], (), total.dtype, "DivBackward1", (total,), op="div"
        )
    nll = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    if not label_smoothing:
        return nll
    # As PyTorch: the smoothing term is -sum(log p) over the classes (weighted),
    # zero for ignored targets, reduced like the nll term.
    if weight is not None:
        wshape = (-1,) + (1,) * (input.ndim - 2) if input.ndim > 1 else (-1,)
        smooth = -(logp * weight.reshape(*wshape)).sum(dim)
    else:
        smooth = -logp.sum(dim)
    labels = [int(v.data) for v in target._flat()]
    kept = [c != ignore_index for c in labels]
    # PyTorch zeroes the ignored entries in place (masked_fill_).
    masked = _ops.where(_result_mask(kept, target._shape), smooth, 0.0)
    smooth = _result(
        masked._flat(), masked._shape, masked.dtype, "MaskedFillBackward0", (smooth,), op="where"
    )
    if reduction == "mean":
        if weight is not None:
            wv = [v.data for v in weight._flat()]
            denominator = sum(wv[c] for c, k in zip(labels, kept) if k)
        else:
            denominator = sum(kept)
        smooth = smooth.sum() / denominator
    elif reduction == "sum":
        smooth = smooth.sum()
    return _scaled(nll, 1 - label_smoothing) + _scaled(smooth, label_smoothing / n_classes)


def linear_cross_entropy(
    input: Tensor, linear_weight: Tensor, target: Tensor, *, linear_bias: Optional[Tensor] = None,
    weight: Optional[Tensor] = None, reduction: str = "mean", ignore_index: Optional[int] = None,
    label_smoothing: float = 0.0, options: Any = None,
) -> Tensor:  # fmt: skip
    """``cross_entropy(linear(input, linear_weight, linear_bias), target, ...)``, a
    weight of shape ``(C, d1, ..., dK, in)`` giving a K-dimensional loss
    (``options``, PyTorch's chunking, is accepted: the result is the same).

    >>> import tensors as torch
    >>> x, w = torch.tensor([[1., 0.]]), torch.tensor([[1., 0.], [0., 1.]])
    >>> torch.nn.functional.linear_cross_entropy(x, w, torch.tensor([1]), reduction="none")
    tensor([1.3133])
    """
    logits, ignore_index = linear_logits(
        linear, input, linear_weight, target, linear_bias, ignore_index, reduction,
        label_smoothing, options,
    )  # fmt: skip
    return cross_entropy(logits, target, weight=weight, reduction=reduction,
                         ignore_index=ignore_index, label_smoothing=label_smoothing)  # fmt: skip


def _scaled(t: Tensor, c: float) -> Tensor:
    # tensor * number inside PyTorch's C++: MulBackward1 (Python's ``*`` gives MulBackward0).
    return _result([v * c for v in t._flat()], t._shape, t.dtype, "MulBackward1", (t,), op="mul")


def _result_mask(flags: list, shape: tuple) -> Tensor:
    from .._creation import tensor

    return tensor(flags).reshape(*shape) if shape else tensor(flags[0])
