"""Drawing from distributions: ``torch.normal`` (its four forms), ``torch.multinomial``
and ``torch.bernoulli``.

The numbers come from this project's generators (Python's ``random``), so a
seed gives the same draws here every run, not PyTorch's draws. As in
PyTorch, a draw from ``normal`` with a mean or std that requires grad is
recorded (``NormalBackward1/2/3``) but passes back zero: the draw is not
reparameterized (``torch.distributions.Normal.rsample`` is).

>>> import tensors as torch
>>> g = torch.Generator().manual_seed(0)
>>> torch.multinomial(torch.tensor([0., 1., 0.]), 2, replacement=True, generator=g)
tensor([1, 1])
"""

from __future__ import annotations

import builtins
import math
import numbers
from typing import Any, Optional

from .. import _dtype as D
from .. import _layout as L
from .._creation import _rng, _size
from .._shape import broadcast_shapes, broadcast_to, numel
from .._tensor import Tensor, _from_numbers, _result

__all__ = ["normal", "multinomial", "bernoulli"]

_NORMAL_OVERLOADS = (
    " * (Tensor mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (Tensor mean, float std = 1, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (float mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (float mean, float std, tuple of ints size, *, torch.Generator generator = None, "
    "Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device "
    "device = None, bool pin_memory = False, bool requires_grad = False)\n"
)


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, Tensor)


def normal(
    mean: Any = 0.0,
    std: Any = 1.0,
    size: Any = None,
    *,
    generator: Any = None,
    dtype: Any = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Normal random numbers: ``normal(mean_tensor, std_tensor)``, ``normal(mean_tensor,
    std)``, ``normal(mean, std_tensor)`` (one draw per element, shapes broadcast), or
    ``normal(mean, std, size)``.

    >>> import tensors as torch
    >>> torch.normal(2.0, 0.0, size=(2,))
    tensor([2., 2.])
    >>> torch.normal(torch.tensor([1., 5.]), 0.0)
    tensor([1., 5.])
    """
    rng = generator or _rng
    L.check_layout("normal", layout)
    if _is_number(mean) and _is_number(std):
        if size is None:
            got = f"({type(mean).__name__}, {type(std).__name__})"
            raise TypeError(
                f"normal() received an invalid combination of arguments - got {got}, but "
                f"expected one of:\n{_NORMAL_OVERLOADS}"
            )
        if std < 0:
            raise RuntimeError(f"normal expects std >= 0.0, but found std {float(std)}")
        shape = _size((size,), "normal")
        d = D._as_dtype(dtype) if dtype is not None else D.get_default_dtype()
        draws = [rng.gauss(float(mean), float(std)) for _ in range(numel(shape))]
        return _from_numbers(draws, shape, d, requires_grad)
    if size is not None:
        raise TypeError(
            "normal() received an invalid combination of arguments - got an unexpected "
            f"size with a tensor mean or std, but expected one of:\n{_NORMAL_OVERLOADS}"
        )
    tensors_ = [x for x in (mean, std) if isinstance(x, Tensor)]
    shape = broadcast_shapes(*(t._shape for t in tensors_))
    if isinstance(std, Tensor):
        if any(v.data < 0 for v in std._flat()):
            raise RuntimeError("normal expects all elements of std >= 0.0")
    elif std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {float(std)}")

    def elements(x: Any) -> list:
        if isinstance(x, Tensor):
            return broadcast_to(x._flat(), x._shape, shape)
        return [float(x)] * numel(shape)

    means, stds = elements(mean), elements(std)
    out = []
    for m, s in zip(means, stds):
        draw = rng.gauss(0.0, 1.0)
        m_data = m.data if not isinstance(m, float) else m
        s_data = s.data if not isinstance(s, float) else s
        x = m_data + s_data * draw
        # recorded, but nothing flows back: each input enters times zero
        for v in (m, s):
            if not isinstance(v, float):
                x = v * 0.0 + x
        out.append(x)
    out_dtype = tensors_[0].dtype if len(tensors_) == 1 else D.promote(mean.dtype, std.dtype)
    name = (
        "NormalBackward3"
        if len(tensors_) == 2
        else ("NormalBackward1" if isinstance(mean, Tensor) else "NormalBackward2")
    )
    return _result(out, shape, out_dtype, name, tuple(tensors_), op="normal")


def multinomial(
    input: Tensor,
    num_samples: int,
    replacement: bool = False,
    *,
    generator: Any = None,
) -> Tensor:
    """Draw ``num_samples`` category indices from each row of weights ``input``
    (1-d or 2-d, non-negative, not all zero); without ``replacement`` a category is
    drawn at most once per row.

    >>> import tensors as torch
    >>> g = torch.Generator().manual_seed(1)
    >>> sorted(torch.multinomial(torch.tensor([1., 1., 0.]), 2, generator=g).tolist())
    [0, 1]
    """
    if input.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if not input.dtype.is_floating_point:
        raise RuntimeError(
            "multinomial only supports floating-point dtypes for input, got: "
            f"{D.type_name(input.dtype)}"
        )
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    categories = input._shape[-1]
    if not replacement and num_samples > categories:
        raise RuntimeError(
            "cannot sample n_sample > prob_dist.size(-1) samples without replacement"
        )
    rows = 1 if input.ndim == 1 else input._shape[0]
    flat = [v.data for v in input._flat()]
    weights = [flat[r * categories : (r + 1) * categories] for r in range(rows)]
    for row in weights:
        if any(math.isinf(w) or math.isnan(w) or w < 0 for w in row):
            raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
        if builtins.sum(row) <= 0:
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    rng = generator or _rng
    out = []
    for row in weights:
        left = list(row)
        for _ in range(num_samples):
            pick = _draw(left, rng)
            out.append(pick)
            if not replacement:
                left[pick] = -1.0  # drawn: out of the running
    shape = (num_samples,) if input.ndim == 1 else (rows, num_samples)
    return _from_numbers(out, shape, D.int64)


def _draw(weights: list, rng: Any) -> int:
    """One index, with probability proportional to its weight (negative: excluded); once
    only zero weights are left, the first of those (PyTorch also ends with them)."""
    total = builtins.sum(w for w in weights if w > 0)
    if total <= 0:
        return next(i for i, w in enumerate(weights) if w == 0)
    u = rng.random() * total
    running = 0.0
    last = 0
    for i, w in enumerate(weights):
        if w > 0:
            running += w
            last = i
            if u < running:
                return i
    return last  # rounding left u at the very top


def bernoulli(input: Tensor, p: Optional[float] = None, *, generator: Any = None) -> Tensor:
    """Zeros and ones, each one with the probability in ``input`` (or ``p``).

    >>> import tensors as torch
    >>> torch.bernoulli(torch.tensor([0., 1., 1.]))
    tensor([0., 1., 1.])
    """
    rng = generator or _rng
    probs = [p] * input.numel() if p is not None else [v.data for v in input._flat()]
    for q in probs:
        if not 0 <= q <= 1:
            raise RuntimeError(
                "Expected p_in >= 0 && p_in <= 1 to be true, but got false.  "
                "(Could this error message be improved?  If so, please report "
                "an enhancement request to PyTorch.)"
            )
    draws = [1.0 if rng.random() < q else 0.0 for q in probs]
    if p is not None or not input.dtype.is_floating_point:
        return _from_numbers(draws, input._shape, input.dtype)
    # Recorded as PyTorch records it (BernoulliBackward0), passing back zero: each
    # probability enters its draw times zero.
    out = [v * 0.0 + d for v, d in zip(input._flat(), draws)]
    return _result(out, input._shape, input.dtype, "BernoulliBackward0", (input,), op="bernoulli")
