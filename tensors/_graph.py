"""Walking the tensor-level graph of ``grad_fn`` nodes (for traces and drawings).

>>> import tensors as torch
>>> x = torch.ones(2, requires_grad=True)
>>> [n.name() for n, _, _ in grad_fn_order([(x * 2).sum()])]
['SumBackward0', 'MulBackward0', 'torch::autograd::AccumulateGrad']
"""

from __future__ import annotations

from typing import Any, Iterator, Sequence

from ._function import AccumulateGrad, Node


def grad_fn_nodes(roots: Sequence[Any]) -> list:
    """Every node reachable from the roots' grad_fns, each before the nodes it feeds
    (the order in which backward may run them). Iterative; no recursion."""
    starts = [
        r.grad_fn if r.grad_fn is not None else (r._accumulate_node() if r.requires_grad else None)
        for r in roots
    ]
    starts = [s for s in starts if s is not None]
    deps: dict = {}
    stack = list(dict.fromkeys(starts))
    for s in stack:
        deps.setdefault(s, 0)
    seen = set(stack)
    while stack:
        node = stack.pop()
        for nxt, _ in node.next_functions:
            if nxt is None:
                continue
            deps[nxt] = deps.get(nxt, 0) + 1
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    ready = [s for s in dict.fromkeys(starts) if deps[s] == 0]
    order = []
    while ready:
        node = ready.pop(0)
        order.append(node)
        for nxt, _ in node.next_functions:
            if nxt is None:
                continue
            deps[nxt] -= 1
            if deps[nxt] == 0:
                ready.append(nxt)
    return order


def grad_fn_order(roots: Sequence[Any]) -> Iterator[tuple]:
    """``(node, tensor whose gradient it receives, tensors it sends gradients to)``
    for each node in backward order; ``sent`` is None for AccumulateGrad."""
    for node in grad_fn_nodes(roots):
        if isinstance(node, AccumulateGrad):
            yield node, node.variable, None
            continue
        received = node.output
        sent = []
        for x in node.inputs:
            sent.append(x if getattr(x, "requires_grad", False) else None)
        yield node, received, sent


Node  # noqa: B018 - re-exported for type hints in viz
