"""Off the happy path: unusual and hostile inputs give PyTorch's answer or
PyTorch's error, word for word (each program runs under torch too)."""

from __future__ import annotations

import pytest
from _outcome import outcome

import tensors

torch = pytest.importorskip("torch")

PROGRAMS = r"""
d = [1.]
for _ in range(127): d = [d]
r = torch.tensor(d).shape

d = [1.]
for _ in range(128): d = [d]
r = torch.tensor(d)

d = [1.]
for _ in range(1499): d = [d]
r = torch.tensor(d)

r = torch.arange(0, float('inf'))

r = torch.arange(0, float('nan'))

r = torch.arange(0.5, float('-inf'), -1)

r = torch.tensor([2**63])

r = torch.tensor([-2**63 - 1])

r = torch.tensor([True, 2**63])

r = torch.tensor([1.5, 2**63])

r = torch.tensor([2**63], dtype=torch.float32)

r = torch.ones(2, 3) + torch.ones(3, 2)

r = torch.ones(4, 3) + torch.ones(2, 3)

r = torch.ones(2, 3, 4) * torch.ones(3, 3, 4)

r = torch.ones(5, 2, 3) - torch.ones(4, 1)

r = torch.where(torch.ones(2, 3) > 0, torch.ones(3, 2), 0.)

r = torch.ones(2, 3, 4).shape[1:]

r = torch.ones(2, 3).shape[::-1]

r = torch.ones(2, 3).shape + (4,)

r = (4,) + torch.ones(2, 3).shape

r = torch.ones(2, 3).shape * 2

r = torch.ones(2, 3).shape[-1]

x = torch.tensor([19.5, 20., 20.5, 21.], dtype=torch.float64, requires_grad=True)
y = F.softplus(x)
y.backward(torch.ones(4, dtype=torch.float64))
r = (y, x.grad)

x = torch.tensor([4.5, 5., 5.5], dtype=torch.float64, requires_grad=True)
y = F.softplus(x, beta=2., threshold=10.)
y.backward(torch.ones(3, dtype=torch.float64))
r = (y, x.grad)

x = torch.tensor([-20.5, -20., 19.5, 20., 20.5], dtype=torch.float64, requires_grad=True)
y = F.softplus(x, beta=-1.)
y.backward(torch.ones(5, dtype=torch.float64))
r = (y, x.grad)
""".strip().split("\n\n")


@pytest.mark.parametrize("source", PROGRAMS, ids=range(len(PROGRAMS)))
def test_program_gives_what_pytorch_gives(source: str) -> None:
    assert outcome(tensors, source) == outcome(torch, source)
