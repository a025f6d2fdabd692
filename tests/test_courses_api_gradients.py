"""Gradients of the differentiable ops the courses brought (``tril``, ``triu``,
``masked_fill``, ``log10``, a distribution's ``log_prob`` and ``entropy``, the
reparameterized draws), against central differences on random inputs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import tensors
from tensors.testing import finite_floats, shapes, tensor_gradcheck
from tensors.testing import tensors as tensor_strategy

MATRICES = tensor_strategy(shapes(min_dims=2, max_dims=3), requires_grad=True)
POSITIVE = tensor_strategy(
    shapes(min_dims=1, max_dims=2), elements=finite_floats(0.2, 5.0), requires_grad=True
)


@settings(max_examples=10, deadline=None)
@given(MATRICES, st.integers(-2, 2))
def test_triangles(x, diagonal):
    assert tensor_gradcheck(lambda a: (a.tril(diagonal) * a).sum(-1), [x])
    assert tensor_gradcheck(lambda a: tensors.triu(a, diagonal).exp(), [x])


@settings(max_examples=10, deadline=None)
@given(MATRICES, st.data())
def test_masked_fill(x, data):
    marks = data.draw(st.lists(st.booleans(), min_size=x.numel(), max_size=x.numel()))
    mask = tensors.tensor(marks).reshape(x.shape)
    assert tensor_gradcheck(lambda a: (a.masked_fill(mask, -1.5) ** 2).softmax(-1), [x])


@settings(max_examples=10, deadline=None)
@given(POSITIVE)
def test_log10(x):
    assert tensor_gradcheck(lambda a: a.log10(), [x])


@settings(max_examples=6, deadline=None)
@given(POSITIVE)
def test_distribution_scores(x):
    from tensors.distributions import Bernoulli, Categorical, Normal, Uniform

    value = tensors.ones(x.shape) * 0.5
    assert tensor_gradcheck(lambda s: Normal(s * 0.3, s).log_prob(value), [x])
    assert tensor_gradcheck(lambda s: Normal(0.0, s).entropy(), [x])
    assert tensor_gradcheck(lambda s: Categorical(logits=s).entropy(), [x])
    assert tensor_gradcheck(lambda s: Categorical(probs=s).log_prob(tensors.tensor(0)), [x])
    assert tensor_gradcheck(lambda s: Bernoulli(logits=s - 1).log_prob(tensors.ones(x.shape)), [x])
    assert tensor_gradcheck(lambda s: Uniform(-s, s).entropy(), [x])


def test_rsample_gradients_are_the_draws_own():
    tensors.manual_seed(3)
    loc = tensors.tensor([0.5, -1.0], requires_grad=True)
    scale = tensors.tensor([2.0, 0.5], requires_grad=True)
    x = tensors.distributions.Normal(loc, scale).rsample()
    x.sum().backward()
    eps = (x.detach() - loc.detach()) / scale.detach()
    assert loc.grad.tolist() == [1.0, 1.0]
    assert tensors.allclose(scale.grad, eps)
