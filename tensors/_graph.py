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
    (the order in which backward may run them). Iterative; no recursion.

    Kahn's algorithm, first in first out: one pass counts each node's consumers,
    a second releases a node once all of them are placed. Every backward runs
    this walk, so it reads the edges from the nodes' slots, not through
    ``next_functions`` (which builds pairs for the reader)."""
    starts = [
        r.grad_fn if r.grad_fn is not None else (r._accumulate_node() if r.requires_grad else None)
        for r in roots
    ]
    starts = list(dict.fromkeys([s for s in starts if s is not None]))
    consumers = dict.fromkeys(starts, 0)
    stack = list(starts)
    while stack:
        node = stack.pop()
        for nxt in node._next if node._edges is None else _chosen(node):
            if nxt is None:
                continue
            if nxt in consumers:
                consumers[nxt] += 1
            else:
                consumers[nxt] = 1
                stack.append(nxt)
    order = [s for s in starts if consumers[s] == 0]
    for node in order:  # the list grows while it is read: a queue
        for nxt in node._next if node._edges is None else _chosen(node):
            if nxt is None:
                continue
            left = consumers[nxt] - 1
            consumers[nxt] = left
            if left == 0:
                order.append(nxt)
    return order


def _chosen(node: Node) -> list:
    # The inputs that are edges of PyTorch's node (``Node._edges``), in order.
    nexts = node._next
    return [nexts[i] for i in node._edges]


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
