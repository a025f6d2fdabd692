"""``tensors.distributions``: probability distributions, as ``torch.distributions``.

``sample`` draws without a graph; ``rsample`` (``Normal``, ``Uniform``) draws
through the parameters, so a loss on the draws trains them; ``log_prob`` and
``entropy`` are built from the tensor ops, so their gradients are the engine's.

>>> import tensors as torch
>>> from tensors.distributions import Categorical
>>> Categorical(torch.tensor([0.25, 0.75])).entropy()
tensor(0.5623)
"""

from . import constraints
from .bernoulli import Bernoulli
from .categorical import Categorical
from .distribution import Distribution
from .multinomial import Multinomial
from .normal import Normal
from .uniform import Uniform

__all__ = [
    "constraints",
    "Distribution",
    "Bernoulli",
    "Categorical",
    "Multinomial",
    "Normal",
    "Uniform",
]
