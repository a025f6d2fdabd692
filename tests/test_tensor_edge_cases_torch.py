"""Known edge cases against PyTorch (skipped without torch): each program's printed
result, or its error's type and message, must be PyTorch's. The property test that
sweeps every op over such inputs is ``test_tensor_edges_torch.py``."""

from __future__ import annotations

import pytest
from _outcome import outcome

import tensors

torch = pytest.importorskip("torch")


# Each once, with PyTorch's printed answer or error as the reference.
PROGRAMS = [
    # empty dims: softmax family, and PyTorch's messages for reductions without identity
    "x = torch.zeros(2, 0, requires_grad=True); r = (x.softmax(1), x.log_softmax(1))",
    "x = torch.zeros(2, 0, requires_grad=True); r = x.logsumexp(1)",
    "r = torch.zeros(0).logsumexp(0)",
    "r = torch.zeros(2, 0).argmax(1)",
    "r = torch.zeros(0).argmax()",
    "r = torch.zeros(0).argmin(-1)",
    "r = torch.zeros(2, 0).amax(-1)",
    "r = torch.zeros(2, 0).amax(0)",
    "r = torch.zeros(2, 0).amin((0, 1))",
    "r = torch.zeros(0).amin()",
    "r = torch.zeros(2, 0).max(1)",
    "r = torch.zeros(2, 0).min(-1, keepdim=True)",
    "r = torch.zeros(2, 0).max(0)",
    # an infinite element makes its whole softmax group nan; logsumexp stays inf
    "r = torch.tensor([float('inf'), 1.]).softmax(0)",
    "r = torch.tensor([float('inf'), 1.]).log_softmax(0)",
    "r = torch.tensor([-float('inf'), -float('inf')]).softmax(0)",
    "r = torch.tensor([float('inf'), 1.]).logsumexp(0)",
]


@pytest.mark.parametrize("source", PROGRAMS)
def test_known_edges_match_torch(source: str) -> None:
    assert outcome(tensors, source) == outcome(torch, source)
