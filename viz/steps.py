"""``viz.backward_steps(loss)``: the backward pass, one node at a time, in the Value view.

Each step highlights the node whose gradient is now complete and shows every
gradient that has arrived so far, so a notebook can show the chain rule at
work. Nothing is changed: no ``.grad`` is written.

>>> from autograd_scalar import Value
>>> import viz
>>> a = Value(2.0, label="a")
>>> b = a * a
>>> b.label = "b"
>>> [step.current.label for step in viz.backward_steps(b)]
['b', 'a']
"""

from __future__ import annotations

import sys
from typing import Iterator, Optional

from autograd_scalar import topological_order

from . import _common as C
from ._names import Names, NamesArg, caller_namespaces
from .value_view import Root, ValueGraph

__all__ = ["backward_steps"]

_NO_GRAD = "element 0 of tensors does not require grad and does not have a grad_fn"


def backward_steps(
    root: Root,
    names: NamesArg = None,
    *,
    group: bool = True,
    max_nodes: Optional[int] = 500,
    size: C.Size = None,
) -> Iterator[C.Graph]:
    """Yield the Value view of ``root`` once per node, in the order backward visits them.

    ``root`` is a Value or a one-element tensor (or a list of Values); each
    yielded graph highlights its node (``graph.current`` is that Value), shows
    in bold the gradients that are complete and in plain type those still
    being summed. Each node comes after every node that uses it. The size
    check happens at the call, before anything is yielded. Hooks are not run:
    the gradients shown are the chain rule's alone.

    >>> import tensors as torch
    >>> import viz
    >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> loss = (w * w).sum()
    >>> steps = list(viz.backward_steps(loss))
    >>> len(steps)   # the sum, two products, two elements of w
    5
    """
    frame = sys._getframe(1)
    try:
        namer = Names(names, *caller_namespaces(frame))
    finally:
        del frame
    vg = ValueGraph(root, namer, group=group, max_nodes=max_nodes)
    seeds = _seeds(vg)
    C.size_attr(size)  # a bad size is refused at the call
    return _steps(vg, seeds, size)


def _seeds(vg: ValueGraph) -> list:
    for t in vg.tensor_roots:
        if not t.requires_grad:
            raise RuntimeError(_NO_GRAD)
        if t.numel() != 1:
            raise RuntimeError("grad can be implicitly created only for scalar outputs")
    seeds = [v for v in vg.roots if v.requires_grad]
    if not seeds:
        raise RuntimeError(_NO_GRAD)
    return seeds


def _steps(vg: ValueGraph, seeds: list, size: C.Size) -> Iterator[C.Graph]:
    order = topological_order(seeds)
    order.reverse()
    grads: dict = {id(v): 1.0 for v in seeds}
    done: set = set()
    for v in order:
        g = grads[id(v)]
        done.add(id(v))
        if v.op is not None:
            # The local derivatives, recomputed from the data: the graph's own may
            # have been freed by an earlier backward.
            local = v.op.backward(v.data, *(p.data for p in v.parents))
            for p, d in zip(v.parents, local):
                if p.requires_grad:
                    grads[id(p)] = grads.get(id(p), 0.0) + g * d
        yield vg.render(grads=dict(grads), current=v, done=set(done), size=size)
