"""``einsum`` and the contractions written with it: ``tensordot`` and ``inner``.

``einsum`` reads its equation as PyTorch does (``...`` for leading dimensions,
which broadcast; a repeated label in one operand for a diagonal; without
``->``, the labels seen once, in alphabetical order) and contracts its
operands pairwise, left to right, as PyTorch does: each output element of a
contraction is one node of the table's n-ary ``dot`` row (the sum of the
products over the labels that are not needed later), a single operand's sum
one ``sum`` node.

>>> import tensors as torch
>>> torch.einsum("ij,j->i", torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([1., 1.]))
tensor([3., 7.])
"""

from __future__ import annotations

import itertools
from typing import Any, Optional, Sequence

from autograd_scalar import Value, apply

from .. import _dtype as D
from .._tensor import Tensor, _result
from .arithmetic import _fresh
from .matrix_products import _DOT

# ---------------------------------------------------------------------------
# einsum and the contractions written with it
# ---------------------------------------------------------------------------


class _Operand:
    """A tensor's Values with one label per dimension (repeated labels already
    read as a diagonal): ``strides[label]`` steps through ``flat``."""

    def __init__(self, flat: list, labels: list, sizes: dict, strides: dict) -> None:
        self.flat, self.labels, self.sizes, self.strides = flat, labels, sizes, strides

    def at(self, assignment: dict) -> Value:
        return self.flat[sum(assignment[lab] * self.strides[lab] for lab in self.labels)]


def _operand(t: Tensor, labels: list) -> _Operand:
    strides: dict = {}
    sizes: dict = {}
    step = 1
    for lab, size in reversed(list(zip(labels, t._shape))):
        if size == 1 and lab not in sizes:  # a dimension of 1 broadcasts
            strides.setdefault(lab, 0)
        else:
            strides[lab] = strides.get(lab, 0) + step
        if lab in sizes and sizes[lab] != size:
            raise RuntimeError(
                f"einsum(): subscript {lab} is repeated for operand but the sizes don't match, "
                f"{sizes[lab]} != {size}"
            )
        sizes[lab] = size
        step *= size
    unique = list(dict.fromkeys(labels))
    return _Operand(t._flat(), unique, sizes, strides)


def _contract(a: _Operand, b: Optional[_Operand], keep: list, sizes: dict) -> _Operand:
    """The elements over the labels ``keep``: sums of products over the other labels
    (one dot node per element; a sum node for one operand)."""
    labels = list(dict.fromkeys(a.labels + (b.labels if b is not None else [])))
    summed = [lab for lab in labels if lab not in keep]
    ranges = [range(sizes[lab]) for lab in summed]
    out = []
    for kept in itertools.product(*[range(sizes[lab]) for lab in keep]):
        assignment = dict(zip(keep, kept))
        if not summed:
            out.append(
                a.at(assignment) * b.at(assignment) if b is not None else _fresh(a.at(assignment))
            )
            continue
        xs, ys = [], []
        for rest in itertools.product(*ranges):
            assignment.update(zip(summed, rest))
            xs.append(a.at(assignment))
            if b is not None:
                ys.append(b.at(assignment))
        out.append(apply(_DOT, *xs, *ys) if b is not None else Value.sum(xs))
    strides, step = {}, 1
    for lab in reversed(keep):
        strides[lab] = step
        step *= sizes[lab]
    return _Operand(out, list(keep), {lab: sizes[lab] for lab in keep}, strides)


def _parse(equation: str, operands: Sequence[Tensor]) -> tuple:
    equation = equation.replace(" ", "")
    lhs, arrow, rhs = equation.partition("->")
    terms = lhs.split(",")
    if len(terms) > len(operands):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    if len(terms) < len(operands):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    labelled, ell_dims = [], 0
    for n, (term, t) in enumerate(zip(terms, operands)):
        letters = term.replace("...", "")
        for c in letters:
            if not c.isalpha():
                raise RuntimeError(
                    f"einsum(): invalid subscript given at index {equation.index(c)} in the "
                    "equation string, subscripts must be in [a-zA-Z]"
                )
        if "..." in term:
            e = t.ndim - len(letters)
            if e < 0:
                raise RuntimeError(
                    f"einsum(): the number of subscripts in the equation ({len(letters)}) is more "
                    f"than the number of dimensions ({t.ndim}) for operand {n}"
                )
            before, _, after = term.partition("...")
            labels = list(before) + [f"...{e - i}" for i in range(e)] + list(after)
            ell_dims = max(ell_dims, e)
        else:
            if len(letters) != t.ndim:
                raise RuntimeError(
                    f"einsum(): the number of subscripts in the equation ({len(letters)}) does not "
                    f"match the number of dimensions ({t.ndim}) for operand {n} and no ellipsis "
                    "was given"
                )
            labels = list(term)
        labelled.append(labels)
    ellipsis = [f"...{ell_dims - i}" for i in range(ell_dims)]
    if arrow:
        before, dots, after = rhs.partition("...")
        out = list(before) + (ellipsis if dots else []) + list(after)
        for c in rhs.replace("...", ""):
            if not any(c in labels for labels in labelled):
                raise RuntimeError(
                    f"einsum(): output subscript {c} does not appear in the equation for any "
                    "input operand"
                )
    else:
        counts: dict = {}
        for labels in labelled:
            for lab in labels:
                if not lab.startswith("..."):
                    counts[lab] = counts.get(lab, 0) + 1
        out = ellipsis + sorted(lab for lab, c in counts.items() if c == 1)
    return labelled, out


def _einsum_values(equation: str, operands: Sequence[Tensor]) -> tuple:
    labelled, out = _parse(equation, operands)
    sizes: dict = {}
    ops = []
    for n, (labels, t) in enumerate(zip(labelled, operands)):
        op = _operand(t, labels)
        for lab, size in op.sizes.items():
            seen = sizes.get(lab, 1)
            if seen != size and seen != 1 and size != 1:
                raise RuntimeError(
                    f"einsum(): subscript {lab} has size {size} for operand {n} which does not "
                    f"broadcast with previously seen size {seen}"
                )
            sizes[lab] = max(seen, size) if size else 0 if seen == 1 else seen
        ops.append(op)
    for lab in out:
        sizes.setdefault(lab, 1)
    cur = ops[0]
    for n in range(1, len(ops)):
        needed = set(out).union(*[o.labels for o in ops[n + 1 :]])
        both = list(dict.fromkeys(cur.labels + ops[n].labels))
        cur = _contract(cur, ops[n], [lab for lab in both if lab in needed], sizes)
    cur = _contract(cur, None, out, sizes)
    return cur.flat, tuple(sizes[lab] for lab in out), len(ops)


def einsum(equation: str, *operands: Any) -> Tensor:
    """Sums of products over the labels that the equation leaves out of its output.

    ``"ij,jk->ik"`` is a matrix product, ``"ii->"`` a trace, ``"bij,bjk->bik"`` a
    batched product; ``...`` stands for the leading dimensions, which broadcast.
    The operands may also be given as one list.

    >>> import tensors as torch
    >>> torch.einsum("ii", torch.tensor([[1., 2.], [3., 4.]]))
    tensor(5.)
    """
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    flat, shape, count = _einsum_values(equation, operands)
    dtype = operands[0].dtype
    for t in operands[1:]:
        dtype = D.promote(dtype, t.dtype)
    name = "ViewBackward0" if count > 1 else "SumBackward1"
    return _result(flat, shape, dtype, name, tuple(operands), op="einsum")


def _letters(n: int, start: int = 0) -> str:
    return "".join(chr(ord("a") + start + i) for i in range(n))


def tensordot(a: Tensor, b: Tensor, dims: Any = 2, out: Any = None) -> Tensor:
    """Sums of products over ``dims``: the last ``dims`` dimensions of ``a`` with the
    first of ``b``, or the pairs ``(dims_a, dims_b)`` given.

    >>> import tensors as torch
    >>> torch.tensordot(torch.ones(2, 3), torch.ones(3, 4), dims=1).shape
    torch.Size([2, 4])
    """
    if isinstance(dims, Tensor):
        dims = int(dims.item()) if dims.ndim == 0 else [list(map(int, d.tolist())) for d in dims]
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        da, db = list(range(a.ndim - dims, a.ndim)), list(range(dims))
    else:
        da, db = ([d] if isinstance(d, int) else list(d) for d in dims)
    if len(da) != len(db):
        raise RuntimeError("both dimension lists should have same length")
    da = [d % a.ndim if a.ndim else d for d in da]
    db = [d % b.ndim if b.ndim else d for d in db]
    la, lb = list(_letters(a.ndim)), list(_letters(b.ndim, a.ndim))
    for x, y in zip(da, db):
        if a._shape[x] != b._shape[y] and 1 not in (a._shape[x], b._shape[y]):
            raise RuntimeError(
                f"contracted dimensions need to match, but first has size {a._shape[x]} in dim "
                f"{x} and second has size {b._shape[y]} in dim {y}"
            )
        lb[y] = la[x]
    out_labels = [c for i, c in enumerate(la) if i not in da] + [
        c for i, c in enumerate(lb) if i not in db
    ]
    equation = f"{''.join(la)},{''.join(lb)}->{''.join(out_labels)}"
    flat, shape, _ = _einsum_values(equation, (a, b))
    name = "ViewBackward0" if da else "MulBackward0"
    return _result(flat, shape, a.dtype, name, (a, b), op="tensordot")


def inner(input: Tensor, other: Tensor) -> Tensor:
    """Sums of products over the last dimension of each (a product for a 0-d operand).

    >>> import tensors as torch
    >>> torch.inner(torch.tensor([1., 2.]), torch.tensor([3., 4.]))
    tensor(11.)
    """
    if input.ndim == 0 or other.ndim == 0:
        return input * other
    if input._shape[-1] != other._shape[-1]:
        raise RuntimeError(
            "inner() the last dimension must match on both input tensors but got shapes "
            f"{list(input._shape)} and {list(other._shape)}"
        )
    return tensordot(input, other, ([input.ndim - 1], [other.ndim - 1]))
