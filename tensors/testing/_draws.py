"""Which samples of PyTorch's operator database draw random numbers (or read
uninitialised memory): their outputs' structure, shapes and dtypes are compared,
not their numbers. ``tensors.testing._replay`` asks ``draws`` for each sample.
"""

from __future__ import annotations

from typing import Any

__all__ = ["VALUES_NOT_COMPARED", "draws"]

# Entries whose values depend on a random stream or on uninitialised memory:
# their outputs' structure, shapes and dtypes are compared, not their numbers.
VALUES_NOT_COMPARED = {
    "empty": "uninitialised memory",
    "empty_like": "uninitialised memory",
    "empty_permuted": "uninitialised memory",
    "empty_strided": "uninitialised memory",
    "new_empty": "uninitialised memory",
    "new_empty_strided": "uninitialised memory",
    "bernoulli": "PyTorch's random stream",
    "cauchy": "PyTorch's random stream",
    "exponential": "PyTorch's random stream",
    "geometric": "PyTorch's random stream",
    "log_normal": "PyTorch's random stream",
    "multinomial": "PyTorch's random stream",
    "normal": "PyTorch's random stream",
    "uniform": "PyTorch's random stream",
    "randn": "PyTorch's random stream",
    "randn_like": "PyTorch's random stream",
    "rand_like": "PyTorch's random stream",
    "randint": "PyTorch's random stream",
    "randint_like": "PyTorch's random stream",
    "nn.functional.dropout": "PyTorch's random stream",
    "nn.functional.dropout2d": "PyTorch's random stream",
    "nn.functional.dropout3d": "PyTorch's random stream",
    "nn.functional.alpha_dropout": "PyTorch's random stream",
    "nn.functional.feature_alpha_dropout": "PyTorch's random stream",
    "nn.functional.rrelu": "PyTorch's random stream",
    "nn.functional.scaled_dot_product_attention": "PyTorch's random stream (dropout_p > 0)",
    "nn.functional.multi_head_attention_forward": "PyTorch's random stream (in training)",
}

# Of those, the ones whose samples draw nothing when not training, or (the
# dropouts) with a probability of 0 or 1: PyTorch then returns the input, or
# multiplies it by zero, without a draw. Such samples are compared as any op's,
# values and gradients. The value is the function's default for ``training``.
_DRAWS_WHEN_TRAINING = {
    "nn.functional.dropout": True,
    "nn.functional.dropout2d": True,
    "nn.functional.dropout3d": True,
    "nn.functional.alpha_dropout": False,
    "nn.functional.feature_alpha_dropout": False,
    "nn.functional.rrelu": False,
}


def draws(entry: Any, sample: Any) -> bool:
    """Whether a sample's values depend on a random stream (then only its
    structure, shapes and dtypes are compared).

    >>> from types import SimpleNamespace as S
    >>> dropout = S(name="nn.functional.dropout")
    >>> draws(dropout, S(kwargs={"p": 0.5})), draws(dropout, S(kwargs={"training": False}))
    (True, False)
    """
    if entry.name not in VALUES_NOT_COMPARED:
        return False
    if entry.name == "nn.functional.scaled_dot_product_attention":
        return sample.kwargs.get("dropout_p", 0.0) > 0.0
    if entry.name == "nn.functional.multi_head_attention_forward":  # dropout_p: argument 10
        return bool(sample.kwargs.get("training", True)) and sample.args[9] > 0.0
    default = _DRAWS_WHEN_TRAINING.get(entry.name)
    if default is None:
        return True
    if not sample.kwargs.get("training", default):
        return False
    return entry.name == "nn.functional.rrelu" or sample.kwargs.get("p", 0.5) not in (0.0, 1.0)
