"""Reading an index key as PyTorch does: which elements, in which shape, by which steps.

PyTorch's indexing (https://pytorch.org/docs/stable/tensor_view.html and NumPy's
"advanced indexing" rules) reads a key in two parts. Integers, slices, ``None``
and ``...`` are *basic* indices: each is a view op applied left to right
(select, slice, unsqueeze). Integer lists and tensors, and boolean masks, are
*advanced* indices: after the views, they pick elements all at once. A mask
with ``k`` dimensions stands for ``k`` integer index lists (the coordinates of
its ``True`` entries); a Python ``True``/``False`` adds a dimension of size 1
and picks it once or never. The advanced indices broadcast together; their
result dimensions replace them where they stand when they are adjacent, and go
first when basic indices separate them.

This module only computes positions: :func:`index_plan` gives the flat source
index of every result element, and :func:`index_steps` the views and the final
gather that record PyTorch's grad_fn chain.

>>> index_plan((2, 3), (slice(None), [True, False, True]))[:2]
((2, 2), [0, 2, 3, 5])
"""

from __future__ import annotations

import numbers
import warnings
from typing import Any

from . import _dtype as D
from ._shape import broadcast_index, broadcast_shapes, numel, strides
from ._tensor import Tensor

_NOT_AN_INDEX = "tensors used as indices must be long, int, byte or bool tensors"


class _Adv:
    """An integer index array already read: its flat ints and its shape. The
    final gather step of :func:`index_steps` passes these, so a mask is read
    (and its coordinates found) once."""

    __slots__ = ("flat", "shape")

    def __init__(self, flat: list, shape: tuple) -> None:
        self.flat = flat
        self.shape = shape


def _full_slice(k: slice, size: int) -> bool:
    # PyTorch skips a slice that takes a whole dimension as it is written
    # (``:``, ``0:``, ``0:size``, ``::1``), so ``x[:, :]`` is an alias, not a slice;
    # ``-size:`` is still a slice.
    return (
        k.start in (None, 0)
        and k.step in (None, 1)
        and (k.stop is None or (isinstance(k.stop, numbers.Integral) and k.stop >= size))
    )


def _nested(data: list) -> tuple:
    """A nested list's leaves (row-major) and shape, without recursion."""
    shape = []
    level = [data]
    while level and isinstance(level[0], (list, tuple)):
        size = len(level[0])
        if any(not isinstance(x, (list, tuple)) or len(x) != size for x in level):
            raise IndexError("index lists must be rectangular (not ragged)")
        shape.append(size)
        level = [y for x in level for y in x]
    if any(isinstance(x, (list, tuple)) for x in level):
        raise IndexError("index lists must be rectangular (not ragged)")
    return level, tuple(shape)


def _key_tuple(key: Any) -> tuple:
    if isinstance(key, tuple):
        return key
    if isinstance(key, list) and len(key) < 32:
        # NumPy's old heuristic, which PyTorch keeps (with a warning): a list that
        # holds a sequence, tensor, slice, None or ... is read as a tuple, unless
        # it is a nested list of bools (then it is one mask).
        if any(isinstance(e, (Tensor, list, tuple, slice)) or e in (None, Ellipsis) for e in key):
            leaves = _try_leaves(key)
            if not (leaves and all(isinstance(x, bool) for x in leaves)):
                warnings.warn(
                    "Using a non-tuple sequence for multidimensional indexing is deprecated and "
                    "will be changed in pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In "
                    "pytorch 2.9 this will be interpreted as tensor index, x[torch.tensor(seq)], "
                    "which will result either in an error or a different result",
                    UserWarning,
                    stacklevel=4,
                )
                return tuple(key)
    return (key,)


def _try_leaves(key: list) -> list:
    try:
        return _nested(key)[0]
    except IndexError:
        return []


def _read(key: tuple, shape: tuple) -> list:
    """The key as a list of entries, ``...`` expanded and masks split:
    ("int", i, position in the key), ("slice", s), ("new",), ("adv", flat,
    shape, is_new_dim) or ("mask", flat, shape) (a mask still to be checked
    against the dimensions)."""
    entries: list = []
    for position, k in enumerate(key):
        if k is None:
            entries.append(("new",))
        elif k is Ellipsis:
            entries.append(("...",))
        elif isinstance(k, bool) or (isinstance(k, Tensor) and k.ndim == 0 and k.dtype is D.bool):
            picked = bool(k.item()) if isinstance(k, Tensor) else k
            entries.append(("adv", [0] if picked else [], (1 if picked else 0,), True))
        elif isinstance(k, Tensor) and k.ndim == 0 and not k.dtype.is_floating_point:
            entries.append(("int", int(k.item()), position))
        elif isinstance(k, numbers.Integral):
            entries.append(("int", int(k), position))
        elif isinstance(k, slice):
            entries.append(("slice", k))
        elif isinstance(k, _Adv):
            entries.append(("adv", k.flat, k.shape, False))
        elif isinstance(k, (list, tuple, range, Tensor)):
            if isinstance(k, Tensor):
                if k.dtype.is_floating_point:
                    raise IndexError(_NOT_AN_INDEX)
                flat, ishape = [v.data for v in k._flat()], k._shape
                is_mask = k.dtype is D.bool
            else:
                flat, ishape = _nested(list(k))
                is_mask = bool(flat) and all(isinstance(x, bool) for x in flat)
                if not all(isinstance(x, numbers.Integral) for x in flat):
                    raise IndexError(_NOT_AN_INDEX)
            if is_mask:
                entries.append(("mask", [bool(x) for x in flat], tuple(ishape)))
                continue
            entries.append(("adv", [int(i) for i in flat], tuple(ishape), False))
        elif isinstance(k, str):
            raise TypeError(f"new(): invalid data type '{type(k).__name__}'")
        else:
            raise IndexError(
                "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables "
                f"are valid indices (got {type(k).__name__})"
            )
    return entries


def _dims_used(e: tuple) -> int:
    kind = e[0]
    if kind in ("int", "slice"):
        return 1
    if kind == "mask":
        return len(e[2])
    if kind == "adv":
        return 0 if e[3] else 1
    return 0


def _entries(shape: tuple, key: Any) -> list:
    """Read ``key`` for a tensor of ``shape``, with PyTorch's checks, ``...`` expanded."""
    key = _key_tuple(key)
    if not shape:
        for k in key:
            if isinstance(k, (numbers.Integral, slice)) and not isinstance(k, bool):
                raise IndexError(
                    "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                    "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number"
                )
    entries = _read(key, shape)
    specified = sum(_dims_used(e) for e in entries)
    if specified > len(shape):
        raise IndexError(f"too many indices for tensor of dimension {len(shape)}")
    if sum(1 for e in entries if e[0] == "...") > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    rest = [("slice", slice(None))] * (len(shape) - specified)
    if not any(e[0] == "..." for e in entries):
        return entries + rest
    at = next(i for i, e in enumerate(entries) if e[0] == "...")
    return entries[:at] + rest + entries[at + 1 :]


def index_plan(shape: tuple, key: Any) -> tuple:
    """How PyTorch's indexing reads ``key`` on a tensor of ``shape``: (result
    shape, flat source index of each result element, the grad_fn names of its
    view ops in order, whether it has advanced indices).

    >>> index_plan((3,), [True, False, True])
    ((2,), [0, 2], [], True)
    """
    entries = _entries(shape, key)
    st = strides(shape)
    base = 0
    vshape: list = []  # the tensor after the view ops
    axes: list = []  # per dimension of that tensor: the offsets it reaches
    ops: list = []
    masks: list = []  # (entry, first dimension of the viewed tensor)
    advs: list = []  # (position in axes, flat ints, index shape, size, stride)
    d = 0  # dimension of the source
    for e in entries:
        kind = e[0]
        if kind == "new" or (kind == "adv" and e[3]):
            ops.append("UnsqueezeBackward0")
            if kind == "adv":
                advs.append((len(axes), e[1], e[2], 1, 0))
            axes.append([0])
            vshape.append(1)
        elif kind == "int":
            size = shape[d]
            if not -size <= e[1] < size:
                # PyTorch names the index's place in the key, not the dimension it selects.
                raise IndexError(
                    f"index {e[1]} is out of bounds for dimension {e[2]} with size {size}"
                )
            base += (e[1] % size) * st[d]
            ops.append("SelectBackward0")
            d += 1
        elif kind == "slice":
            k = e[1]
            if k.step == 0:
                raise ValueError("slice step cannot be zero")
            if k.step is not None and k.step < 0:
                raise ValueError("step must be greater than zero")
            positions = range(*k.indices(shape[d]))
            axes.append([p * st[d] for p in positions])
            vshape.append(len(positions))
            if not _full_slice(k, shape[d]):
                ops.append("SliceBackward0")
            d += 1
        elif kind == "mask":
            masks.append((e, len(axes)))
            for _ in e[2]:
                advs.append((len(axes), None, None, shape[d], st[d]))
                axes.append([0])
                vshape.append(shape[d])
                d += 1
        else:  # an integer index array
            advs.append((len(axes), e[1], e[2], shape[d], st[d]))
            axes.append([0])
            vshape.append(shape[d])
            d += 1
    if not advs:
        return tuple(vshape), _product(base, axes), ops, False
    # Masks become the coordinates of their True entries, one index list per dimension.
    for e, at in masks:
        mshape = e[2]
        have = tuple(vshape[at : at + len(mshape)])
        if have != mshape:
            j = next(j for j in range(len(mshape)) if mshape[j] != have[j])
            raise IndexError(
                f"The shape of the mask {list(mshape)} at index {j} does not match the shape of "
                f"the indexed tensor {vshape} at index {at + j}"
            )
        for j, coords in enumerate(_mask_coords(e[1], mshape)):
            pos = next(n for n, a in enumerate(advs) if a[0] == at + j)
            advs[pos] = (at + j, coords, (len(coords),), advs[pos][3], advs[pos][4])
    try:
        bshape = broadcast_shapes(*(a[2] for a in advs))
    except RuntimeError:
        raise IndexError(
            "shape mismatch: indexing tensors could not be broadcast together with shapes "
            + ", ".join(str(list(a[2])) for a in advs)
        ) from None
    offsets = [0] * numel(bshape)
    where = [a[0] for a in advs]
    # PyTorch refuses any index into a dimension of size 0, in words without the
    # numbers; the others its kernel checks as it gathers: not when the result is empty.
    if offsets and any(a[3] == 0 for a in advs):
        raise IndexError("index is out of bounds for dimension with size 0")
    if offsets and all(vshape[i] for i in range(len(axes)) if i not in where):
        for n, (_, flat, ishape, size, stride) in enumerate(advs):
            for i in flat:
                if not -size <= i < size:
                    raise IndexError(
                        f"index {i} is out of bounds for dimension {n} with size {size}"
                    )
            picks = [(i % size) * stride for i in flat]
            offsets = [o + picks[j] for o, j in zip(offsets, broadcast_index(ishape, bshape))]
    first = where[0]
    rest = [i for i in range(len(axes)) if i not in where]
    if where == list(range(first, first + len(where))):
        before = [i for i in rest if i < first]
        after = [i for i in rest if i > first]
    else:  # separated by basic indices: the advanced dimensions go first
        before, after = [], rest
    out_axes = [axes[i] for i in before] + [offsets] + [axes[i] for i in after]
    out_shape = [vshape[i] for i in before] + list(bshape) + [vshape[i] for i in after]
    return tuple(out_shape), _product(base, out_axes), ops, True


def _product(base: int, axes: list) -> list:
    index = [base]
    for offsets in axes:
        index = [i + o for i in index for o in offsets]
    return index


def index_steps(shape: tuple, key: Any) -> list:
    """The ops PyTorch's indexing applies for ``key``, in its order: each view op
    (unsqueeze, select, slice) on its own, then the advanced indices at once.
    Each step is (grad_fn name, a key that does just that step).

    >>> [name for name, _ in index_steps((2, 3), (0, [True, False, True]))]
    ['SelectBackward0', 'IndexBackward0']
    """
    index_plan(shape, key)  # every error first, with the dimensions as the user counts them
    steps: list = []
    final: list = []  # per dimension of the viewed tensor: an index array or a full slice
    d = 0  # dimension of the source
    for e in _entries(shape, key):
        before = (slice(None),) * len(final)
        kind = e[0]
        if kind == "new" or (kind == "adv" and e[3]):
            steps.append(("UnsqueezeBackward0", before + (None,)))
            final.append(_Adv(e[1], e[2]) if kind == "adv" else slice(None))
        elif kind == "int":
            steps.append(("SelectBackward0", before + (e[1],)))
            d += 1
        elif kind == "slice":
            if not _full_slice(e[1], shape[d]):
                steps.append(("SliceBackward0", before + (e[1],)))
            final.append(slice(None))
            d += 1
        elif kind == "mask":
            final.extend(_Adv(c, (len(c),)) for c in _mask_coords(e[1], e[2]))
            d += len(e[2])
        else:
            final.append(_Adv(e[1], e[2]))
            d += 1
    if any(isinstance(k, _Adv) for k in final):
        last = max(i for i, k in enumerate(final) if isinstance(k, _Adv))
        steps.append(("IndexBackward0", tuple(final[: last + 1])))
    return steps


def _mask_coords(flat: list, mshape: tuple) -> list:
    """The coordinates of a mask's True entries: one index list per dimension."""
    mst = strides(mshape)
    hits = [i for i, b in enumerate(flat) if b]
    return [[(i // mst[j]) % mshape[j] for i in hits] for j in range(len(mshape))]
