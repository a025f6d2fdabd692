"""``tensors.distributions`` against ``torch.distributions``: shapes, printing, argument
and value checks (the same errors), log_prob, entropy, moments and their gradients;
draws are compared by shape, dtype and what no draw can change."""

from __future__ import annotations

import pytest
from _outcome import outcome

import tensors

torch = pytest.importorskip("torch")

PRE = (
    "Bernoulli, Categorical, Multinomial, Normal, Uniform = (torch.distributions.Bernoulli, "
    "torch.distributions.Categorical, torch.distributions.Multinomial, "
    "torch.distributions.Normal, torch.distributions.Uniform)\n"
)

PROGRAMS = [
    # Normal
    "d = Normal(torch.zeros(2), 1.); r = d, d.batch_shape, d.event_shape, d.sample((3,)).shape",
    "d = Normal(0., 2.); r = d, d.mean, d.stddev, d.variance, d.entropy(), d.mode",
    "d = Normal(torch.tensor([0., 1.]), torch.tensor([1., 3.]))\n"
    "r = d.log_prob(torch.tensor([[0.5, -1.], [2., 0.]])), d.entropy()",
    "m = torch.tensor([0.5, -1.], requires_grad=True); s = torch.tensor([1., 2.], "
    "requires_grad=True)\nd = Normal(m, s); lp = d.log_prob(torch.tensor([1., 1.])).sum()\n"
    "lp.backward(); r = lp, m.grad, s.grad",
    "s = torch.tensor(2., requires_grad=True); e = Normal(0., s).entropy(); e.backward()\n"
    "r = e, s.grad",
    "m = torch.tensor(0., requires_grad=True); x = Normal(m, 1.).rsample((5,))\n"
    "x.sum().backward()\n"
    "r = x.shape, type(x.grad_fn).__name__, m.grad, Normal(m, 1.).sample().requires_grad",
    "s = torch.tensor([1., 1.], requires_grad=True); x = Normal(0., s).rsample()\n"
    "r = x.shape, x.requires_grad, Normal.has_rsample",
    "r = Normal(0., -1.)",
    "r = Normal(torch.zeros(2), torch.tensor([1., -1.]))",
    "r = Normal(0., 1.).log_prob(0.5)",
    "r = Normal(torch.zeros(2), 1.).log_prob(torch.zeros(3))",
    # Categorical
    "d = Categorical(torch.tensor([0.2, 0.8])); r = d, d.probs, d.logits, d, d.batch_shape",
    "d = Categorical(torch.tensor([1., 3.])); r = d.probs, d.entropy(), d.param_shape",
    "d = Categorical(logits=torch.tensor([[1., 2., 3.], [0., 0., 0.]]))\n"
    "r = d, d.batch_shape, d.event_shape, d.log_prob(torch.tensor([2, 0])), d.entropy(), d.probs",
    "d = Categorical(logits=torch.zeros(2, 3)); x = d.sample((4,))\n"
    "r = x.shape, x.dtype, d.sample().shape, x.min() >= 0, x.max() < 3",
    "r = Categorical(torch.tensor([0., 1., 0.])).sample((6,))",
    "r = Categorical(torch.tensor([[0.5, 0.5], [1., 0.]])).log_prob(torch.tensor([[0], [1]]))",
    "w = torch.tensor([0.5, 1., 2.], requires_grad=True); lp = Categorical(logits=w)"
    ".log_prob(torch.tensor(2)); lp.backward(); r = lp, w.grad",
    "w = torch.tensor([0.5, 1., 2.], requires_grad=True); e = Categorical(logits=w).entropy()\n"
    "e.backward(); r = e, w.grad",
    "r = Categorical(torch.tensor([-0.1, 1.1]))",
    "r = Categorical(probs=torch.tensor([0.5, 0.5]), logits=torch.zeros(2))",
    "r = Categorical(torch.tensor([0.5, 0.5])).log_prob(torch.tensor(2))",
    "r = Categorical.has_rsample, Categorical(torch.ones(2)).sample().dtype",
    # Multinomial
    "d = Multinomial(10, torch.tensor([0.2, 0.8]))\n"
    "r = d, d.batch_shape, d.event_shape, d.sample().shape, d.sample((2,)).shape, d.mean, "
    "d.variance",
    "d = Multinomial(10, torch.tensor([0.2, 0.8])); r = d.log_prob(torch.tensor([2., 8.]))",
    "r = Multinomial(3, torch.tensor([0., 1.])).log_prob(torch.tensor([0., 3.]))",
    "r = Multinomial(5, torch.tensor([0., 1., 0.])).sample((2,))",
    "d = Multinomial(4, logits=torch.zeros(2, 3)); x = d.sample()\n"
    "r = d.batch_shape, d.event_shape, x.sum(-1), x.dtype, d.probs",
    "p = torch.tensor([0.3, 0.7], requires_grad=True); lp = Multinomial(3, p)"
    ".log_prob(torch.tensor([1., 2.])); lp.backward(); r = lp, p.grad",
    "r = Multinomial(probs=torch.tensor([0.5, 0.5])).total_count",
    # Multinomial.entropy: n H(p) - log n! plus each category's binomial mean of log k!
    "r = Multinomial(2, torch.tensor([0.5, 0.5])).entropy()",
    "r = Multinomial(10, torch.tensor([0.2, 0.3, 0.5])).entropy()",
    "r = Multinomial(0, torch.tensor([0.2, 0.8])).entropy(), "
    "Multinomial(1, torch.ones(3)).entropy()",
    "r = Multinomial(4, logits=torch.tensor([[0., 1., 2.], [3., -1., 0.]])).entropy()",
    "r = Multinomial(30, torch.tensor([[0.1, 0.9], [0.5, 0.5]], dtype=torch.float64)).entropy()",
    # a sure outcome: 0 up to rounding (in float32, PyTorch's own rounding, so float64 here)
    "p = torch.tensor([0., 1.], dtype=torch.float64, requires_grad=True)\n"
    "e = Multinomial(3, p).entropy(); e.backward(); r = e, p.grad",
    "p = torch.tensor([0.5, 0.5], requires_grad=True); e = Multinomial(4, p).entropy()\n"
    "e.backward(); r = e, p.grad",
    "p = torch.tensor([[0.1, 0.2, 0.7], [0.25, 0.25, 0.5]], dtype=torch.float64, "
    "requires_grad=True)\ne = Multinomial(7, p).entropy(); e.sum().backward(); r = e, p.grad",
    "w = torch.tensor([[0.5, 1., 2.]], dtype=torch.float64, requires_grad=True)\n"
    "e = Multinomial(6, logits=w).entropy(); e.sum().backward(); r = e, w.grad",
    # Bernoulli
    "d = Bernoulli(logits=torch.tensor([0., 1.]))\n"
    "r = d, d.probs, d, d.entropy(), d.log_prob(torch.tensor([1., 0.])), d.mean, d.variance",
    "d = Bernoulli(torch.tensor([0.25, 0.5])); r = d.logits, d.entropy(), d.sample((3,)).shape",
    "r = Bernoulli(torch.tensor([0., 1.])).sample((2,)), Bernoulli(0.5).sample().dtype",
    "q = torch.tensor([0.2, 0.9], requires_grad=True); lp = Bernoulli(q).log_prob("
    "torch.tensor([1., 0.])).sum(); lp.backward()\n"
    "r = lp, (q.grad - torch.tensor([5., -10.])).abs().max() < 1e-4",
    "r = Bernoulli(torch.tensor(1.5))",
    "r = Bernoulli(torch.tensor([0.5])).log_prob(torch.tensor([0.5]))",
    "r = Bernoulli(probs=torch.tensor([0.5]), logits=torch.tensor([0.]))",
    # Uniform
    "d = Uniform(torch.tensor([0., 1.]), 3.)\n"
    "r = d, d.entropy(), d.log_prob(torch.tensor([1., 2.])), d.rsample().shape, d.mean, d.stddev",
    "d = Uniform(0., 4.); r = d.variance, d.batch_shape, d.sample((2, 3)).shape",
    "lo = torch.tensor(1., requires_grad=True); x = Uniform(lo, 3.).rsample((4,))\n"
    "x.sum().backward(); r = lo.grad is not None, x.min() >= 1, x.max() < 3",
    "h = torch.tensor(3., requires_grad=True); e = Uniform(1., h).entropy(); e.backward()\n"
    "r = e, h.grad",
    "r = Uniform(1., 0.)",
    "r = Uniform(0., 1.).log_prob(torch.tensor(2.))",
]


@pytest.mark.parametrize("source", PROGRAMS)
def test_same_outcome_as_pytorch(source):
    assert outcome(tensors, PRE + source) == outcome(torch, PRE + source)


def test_sampling_follows_the_probabilities():
    tensors.manual_seed(0)
    d = tensors.distributions.Categorical(tensors.tensor([0.1, 0.2, 0.7]))
    xs = d.sample((2000,)).tolist()
    assert abs(xs.count(2) / 2000 - 0.7) < 0.04
    n = tensors.distributions.Normal(3.0, 2.0).sample((2000,))
    assert abs(n.mean().item() - 3.0) < 0.2 and abs(n.std().item() - 2.0) < 0.2
    counts = tensors.distributions.Multinomial(100, tensors.tensor([0.5, 0.5])).sample((20,))
    assert counts.sum(-1).tolist() == [100.0] * 20
