"""The examples in the docstrings of the tensor core run as written (tensors/ is
outside pytest's doctest paths)."""

from __future__ import annotations

import doctest
import importlib

import pytest

import tensors

MODULES = [
    "tensors._creation",
    "tensors._dtype",
    "tensors._function",
    "tensors._index_key",
    "tensors._ops",
    "tensors._ops.arithmetic",
    "tensors._ops.pointwise",
    "tensors._ops.pointwise_math",
    "tensors.special",
    "tensors._ops.special_functions",
    "tensors._ops.pointwise_binary",
    "tensors._ops.comparison",
    "tensors._ops.reductions",
    "tensors._ops.reductions_more",
    "tensors._ops.sorting",
    "tensors._ops.tie_order",
    "tensors._ops.rearrange",
    "tensors._ops.stacking",
    "tensors._ops.masked",
    "tensors._ops.searching",
    "tensors._ops.series",
    "tensors._ops.softmax_family",
    "tensors._ops.matrix_products",
    "tensors._ops.linalg_products",
    "tensors._ops.contractions",
    "tensors._ops.linalg_solve",
    "tensors._ops.linalg_qr",
    "tensors._ops.linalg_norms",
    "tensors._ops.linalg_lu",
    "tensors._ops.linalg_ex",
    "tensors._ops.linalg_spectral",
    "tensors._ops.linalg_pinv",
    "tensors._ops.linalg_ldl",
    "tensors._ops.linalg_householder",
    "tensors._ops._jacobi",
    "tensors.linalg",
    "tensors._ops.views",
    "tensors._ops.join_split",
    "tensors._ops.indexing",
    "tensors._ops.inplace",
    "tensors._ops.conversions",
    "tensors._ops.out",
    "tensors._ops.with_out",
    "tensors._backward",
    "tensors._tensor_methods",
    "tensors._shape",
    "tensors._tensor",
    "tensors.autograd",
    "tensors.autograd.functional",
    "tensors.nn.functional",
    "tensors.testing",
    "tensors.testing._replay",
    "tensors.testing.opinfo",
    "tensors._generator",
    "tensors.utils.data",
    "tensors.utils.data.collate",
    "tensors.utils.data.dataloader",
    "tensors.utils.data.dataset",
    "tensors.utils.data.sampler",
    "tensors.optim.adagrad",
    "tensors.optim.lr_scheduler",
    "tensors.optim.rmsprop",
    "tensors._device",
    "tensors._numpy",
    "tensors.accelerator",
    "tensors.backends.mps",
    "tensors.cuda",
    "tensors._keywords",
    "tensors._ops.sampling",
    "tensors._ops.histogram",
    "tensors.distributions",
    "tensors.distributions.distribution",
    "tensors.distributions.constraints",
    "tensors.distributions.normal",
    "tensors.distributions.categorical",
    "tensors.distributions.multinomial",
    "tensors.distributions.bernoulli",
    "tensors.distributions.uniform",
    "tensors.nn.lazy",
    "tensors.nn.rnn",
    "tensors.nn.normalization",
    "tensors.nn.transformer",
    "tensors.nn.utils",
    "tensors.nn.utils.clip_grad",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    options = tensors.get_printoptions()
    try:
        result = doctest.testmod(module, optionflags=flags, verbose=False)
    finally:
        tensors.set_printoptions(**options)
    assert result.failed == 0
    assert result.attempted > 0
