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
    # norms: 0 counts non-zeros, inf / -inf are max / min |x|, "fro" is the 2-norm
    "x = torch.tensor([0., -2., 2., 1.], requires_grad=True); r = torch.norm(x, 0)",
    "x = torch.tensor([0., -2., 2.], requires_grad=True); y = x.norm(float('inf')); "
    "y.backward(); r = (y, x.grad)",
    "x = torch.tensor([0., -2., 1.], requires_grad=True); y = x.norm(-float('inf')); "
    "y.backward(); r = (y, x.grad)",
    "x = torch.tensor([[3., 4.], [0., 0.]], requires_grad=True); y = x.norm('fro'); "
    "y.backward(); r = (y, x.grad)",
    "x = torch.tensor([0., 0.], requires_grad=True); y = x.norm(3); y.backward(); r = x.grad",
    "x = torch.tensor([0., -1.], requires_grad=True); y = x.norm(0.5); y.backward(); r = x.grad",
    "r = torch.linalg.vector_norm(torch.tensor([[3., -4.], [1., 0.]]), 1, dim=1, keepdim=True)",
    "r = torch.linalg.vector_norm(torch.zeros(2, 0), float('inf'), dim=1)",
    "r = torch.linalg.vector_norm(torch.zeros(0), -float('inf'))",
    "r = torch.linalg.vector_norm(torch.zeros(3), 'fro')",
    "r = torch.linalg.vector_norm(torch.tensor([1, 2]))",
    "r = torch.norm(torch.zeros(0), 0)",
    "r = torch.norm(torch.zeros(2, 3, 2), 'fro', (0, 1, 2))",
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
    # integer division by zero
    "r = torch.tensor([1, 0]) // 0",
    "r = torch.tensor([1, 0]) % 0",
    "r = torch.tensor([1, 2]).remainder(torch.tensor([1, 0]))",
    "r = torch.div(torch.tensor([1, 2]), torch.tensor([0, 1]), rounding_mode='trunc')",
    "r = torch.tensor([1., 0.]) // 0",
    "r = torch.tensor([float('inf'), -3., 3.]) // 1.5",
    "r = torch.tensor([[-3.], [3.]]) // torch.tensor([2., -2.])",
    # float sizes are refused up front, in PyTorch's argument parser's words
    "x = torch.zeros(6); r = x.reshape(2.0)",
    "x = torch.zeros(6); r = x.reshape(2, 1, 3.0)",
    "x = torch.zeros(6); r = x.reshape([2, 3.0])",
    "x = torch.zeros(6); r = torch.reshape(x, 2.0)",
    "x = torch.zeros(6); r = torch.reshape(x, (2.0, 3))",
    "x = torch.zeros(6); r = x.reshape(2.0, 3)",
    "x = torch.zeros(6); r = x.reshape((2.0, 3))",
    "x = torch.zeros(6); r = x.reshape(2, 'a')",
    "x = torch.zeros(6); r = x.view(2.0)",
    "x = torch.zeros(6); r = x.view(2, 3.0)",
    "x = torch.zeros(6); r = x.view([2.0, 3])",
    "x = torch.zeros(6); r = x.view((2.0, 3))",
    "x = torch.zeros(6); r = x.view(2.0, 3)",
    "x = torch.zeros(6); r = x.expand(2, 6.0)",
    "x = torch.zeros(6); r = x.expand(6.0)",
    "x = torch.zeros(6); r = x.expand(2.0, 6)",
    "x = torch.zeros(6); r = x.expand((2.0, 6))",
    "x = torch.zeros(6); r = x.reshape(torch.tensor(2), 3)",
    # binary cross entropy with logits: PyTorch's gradient at infinite logits
    "x = torch.tensor([-float('inf'), float('inf'), 0., -3.], requires_grad=True); "
    "y = torch.tensor([0., 1., 0.5, 0.]); "
    "l = F.binary_cross_entropy_with_logits(x, y, reduction='none'); l.sum().backward(); "
    "r = (l, x.grad)",
    "x = torch.tensor([-float('inf'), float('inf')], requires_grad=True); "
    "y = torch.tensor([1., 0.], requires_grad=True); "
    "l = F.binary_cross_entropy_with_logits(x, y, reduction='sum'); l.backward(); "
    "r = (l, x.grad, y.grad)",
    "x = torch.tensor([-float('inf'), 2.], requires_grad=True); "
    "l = F.binary_cross_entropy_with_logits(x, torch.tensor([0., 1.]), "
    "pos_weight=torch.tensor([2., 3.]), weight=torch.tensor([0.5, 2.])); l.backward(); "
    "r = (l, x.grad)",
    # the sign of zero: relu(-0.) is -0., a tie of maximum/minimum gives the first
    "r = torch.relu(torch.tensor([-0., 0., -1., float('nan')]))",
    "r = torch.maximum(torch.tensor([0., -0.]), torch.tensor([-0., 0.]))",
    "r = torch.minimum(torch.tensor([0., -0.]), torch.tensor([-0., 0.]))",
    # x ** 0.5 is PyTorch's sqrt: -0. stays -0., -inf gives nan, the gradient at -0. is -inf
    "x = torch.tensor([-0., -float('inf'), 0., 4.], requires_grad=True); y = x ** 0.5; "
    "y.sum().backward(); r = (y, x.grad)",
    # binary cross entropy checks the target's range too, element by element
    "r = F.binary_cross_entropy(torch.tensor([0., 0.5]), torch.tensor([float('nan'), 0.]))",
    "r = F.binary_cross_entropy(torch.tensor([0.5, 2.]), torch.tensor([1.5, 0.]))",
    "n = float('nan'); r = F.binary_cross_entropy(torch.tensor([0., n]), torch.tensor([n, 0.]))",
    # prod's gradient: PyTorch's division (nan at inf), products of the others, or zeros
    "x = torch.tensor([float('inf'), 2.], requires_grad=True); x.prod().backward(); r = x.grad",
    "x = torch.tensor([[float('inf'), 2.], [0., 3.]], requires_grad=True); "
    "x.prod(1).sum().backward(); r = x.grad",
    "x = torch.tensor([[float('inf'), 2.], [0., 0.]], requires_grad=True); "
    "x.prod().backward(); r = x.grad",
    "x = torch.tensor([[float('inf'), 2.], [0., 0.]], requires_grad=True); "
    "x.prod(0).sum().backward(); r = x.grad",
    "x = torch.tensor(float('inf'), requires_grad=True); x.prod(0).backward(); r = x.grad",
    # var's and std's gradient: PyTorch's 2 (x - mean) / (n - c), nan only where x is inf
    "x = torch.tensor([float('inf'), 0.], requires_grad=True); x.var().backward(); r = x.grad",
    "x = torch.tensor([[float('inf'), 0.], [1., 3.]], requires_grad=True); "
    "x.std(1).sum().backward(); r = x.grad",
    # cumsum: dtype= converts inside its one node; integers and bools sum to int64
    "r = torch.cumsum(torch.tensor([0.5, 0.]), 0, dtype=torch.bool)",
    "r = torch.cumsum(torch.tensor(5.), 1)",
    "r = torch.cumsum(torch.ones(2, 3))",
    "r = (torch.cumsum(torch.zeros(2, 0), 1), torch.tensor(5.).cumsum(-1))",
    "x = torch.tensor([1., 2.], requires_grad=True); y = x.cumsum(0); y.sum().backward(); "
    "y.sum().backward(); r = x.grad",
    "x = torch.tensor([[1, 2], [3, 4]]); r = (x.cumsum(0), x.cumsum(-1, dtype=torch.float64))",
    "x = torch.tensor([1., 2.], requires_grad=True); y = x.cumsum(0, dtype=torch.float64); "
    "r = (y, y.grad_fn.next_functions)",
    "r = torch.tensor([True, False, True]).cumsum(0)",
    "r = torch.tensor([1., float('inf'), -float('inf'), 2.]).cumsum(0)",
    "x = torch.tensor([1.5, 2.], requires_grad=True); r = x.cumsum(0, dtype=torch.long)",
    "x = torch.tensor([1.5, 2.], requires_grad=True)\nwith torch.no_grad():\n"
    "    r = x.cumsum(0, dtype=torch.long)",
]


@pytest.mark.parametrize("source", PROGRAMS)
def test_known_edges_match_torch(source: str) -> None:
    assert outcome(tensors, source) == outcome(torch, source)


# F functions given a list: PyTorch's argument check, or the AttributeError of its
# Python code's first tensor method call.
CALLS = [
    "F.linear([1., 2., 3.], w)",
    "F.linear(x, [[1., 2., 3.]])",
    "F.linear(x, w, [1.])",
    "F.linear(x, w, 1.)",
    "F.linear(3., w)",
    "F.relu([1.])",
    "F.leaky_relu([1.])",
    "F.softplus([1.])",
    "F.sigmoid([1.])",
    "F.tanh([1.])",
    "F.softmax([1.], 0)",
    "F.log_softmax([1.], 0)",
    "F.mse_loss([1.], x[:1])",
    "F.mse_loss(x[:1], [1.])",
    "F.l1_loss([1.], x[:1])",
    "F.l1_loss(x, 1.)",
    "F.binary_cross_entropy([0.5], x[:1])",
    "F.binary_cross_entropy(x[:1].sigmoid(), [1.])",
    "F.binary_cross_entropy_with_logits([1.], x[:1])",
    "F.binary_cross_entropy_with_logits(x[:1], [1.])",
    "F.cross_entropy([[1.]], torch.tensor([0]))",
    "F.cross_entropy(w, [0])",
    "F.nll_loss([[1.]], torch.tensor([0]))",
    "F.nll_loss(w, [0])",
    "F.binary_cross_entropy_with_logits(x, x, weight=[1.,1.,1.])",
    "F.binary_cross_entropy_with_logits(x, x, pos_weight=[1.,1.,1.])",
    "F.binary_cross_entropy(x.sigmoid(), x.sigmoid(), weight=[1.,1.,1.])",
    "F.cross_entropy(w, torch.tensor([0]), weight=[1., 1., 1.])",
    "F.nll_loss(w, torch.tensor([0]), weight=[1., 1., 1.])",
    "F.softmax([1.])",
]


@pytest.mark.parametrize("call", CALLS)
def test_functional_refuses_what_is_not_a_tensor_as_torch(call: str) -> None:
    source = f"x = torch.tensor([1., 2., 3.]); w = torch.ones(1, 3); r = {call}"
    assert outcome(tensors, source) == outcome(torch, source)
