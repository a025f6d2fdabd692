"""``tensors.special``: ``torch.special``'s functions of real arguments.

Most are PyTorch's own aliases of functions ``tensors`` already has
(``expit`` is ``sigmoid``, ``gammaln`` is ``lgamma``, ``psi`` is ``digamma``,
``multigammaln`` is ``mvlgamma``, ...); the others (``entr``, ``xlog1py``,
``ndtr``, ``ndtri``, ``log_ndtr``, ``erfcx``, the modified Bessel functions
``i0e``, ``i1``, ``i1e``, ``gammainc``, ``gammaincc``, ``zeta``) live in
``_ops/special_functions.py``, each element through a row of the scalar
engine's table, so the derivatives are PyTorch's. The functions PyTorch does
not differentiate (``modified_bessel_i0``, ``modified_bessel_i1``,
``spherical_bessel_j0``, the Chebyshev, Hermite, Laguerre and Legendre
polynomials) give numbers. Not provided yet: ``bessel_j0`` and ``bessel_j1``
(PyTorch's kernels are off by up to 3e-7 near x = 5, beyond the tolerance its
values are compared with, so only a replay of their rational approximations
would agree), ``bessel_y0/y1``, ``modified_bessel_k0/k1``,
``scaled_modified_bessel_k0/k1`` and ``airy_ai``.

>>> import tensors as torch
>>> torch.special.expit(torch.tensor([0.0])), torch.special.gammaln(torch.tensor([3.0]))
(tensor([0.5000]), tensor([0.6931]))
"""

from __future__ import annotations

from typing import Any

from ._ops import log1p, logsumexp, sigmoid
from ._ops.pointwise_binary import xlogy
from ._ops.pointwise_math import (
    digamma,
    erf,
    erfc,
    erfinv,
    exp2,
    expm1,
    lgamma,
    logit,
    mvlgamma,
    polygamma,
    sinc,
)
from ._ops.pointwise_math import round as _round
from ._ops.softmax_family import log_softmax as _log_softmax
from ._ops.softmax_family import softmax as _softmax
from ._ops.special_functions import (
    chebyshev_polynomial_t,
    chebyshev_polynomial_u,
    chebyshev_polynomial_v,
    chebyshev_polynomial_w,
    entr,
    erfcx,
    gammainc,
    gammaincc,
    hermite_polynomial_h,
    hermite_polynomial_he,
    i0,
    i0e,
    i1,
    i1e,
    laguerre_polynomial_l,
    legendre_polynomial_p,
    log_ndtr,
    modified_bessel_i0,
    modified_bessel_i1,
    ndtr,
    ndtri,
    shifted_chebyshev_polynomial_t,
    shifted_chebyshev_polynomial_u,
    shifted_chebyshev_polynomial_v,
    shifted_chebyshev_polynomial_w,
    spherical_bessel_j0,
    xlog1py,
    zeta,
)
from ._tensor import Tensor

__all__ = [
    "shifted_chebyshev_polynomial_t",
    "shifted_chebyshev_polynomial_u",
    "shifted_chebyshev_polynomial_v",
    "shifted_chebyshev_polynomial_w",
    "chebyshev_polynomial_t",
    "chebyshev_polynomial_u",
    "chebyshev_polynomial_v",
    "chebyshev_polynomial_w",
    "hermite_polynomial_h",
    "hermite_polynomial_he",
    "laguerre_polynomial_l",
    "legendre_polynomial_p",
    "digamma",
    "entr",
    "erf",
    "erfc",
    "erfcx",
    "erfinv",
    "exp2",
    "expit",
    "expm1",
    "gammainc",
    "gammaincc",
    "gammaln",
    "i0",
    "i0e",
    "i1",
    "i1e",
    "log1p",
    "log_ndtr",
    "log_softmax",
    "logit",
    "logsumexp",
    "modified_bessel_i0",
    "modified_bessel_i1",
    "multigammaln",
    "ndtr",
    "ndtri",
    "polygamma",
    "psi",
    "round",
    "sinc",
    "softmax",
    "spherical_bessel_j0",
    "xlog1py",
    "xlogy",
    "zeta",
]

expit = sigmoid
gammaln = lgamma
psi = digamma


def multigammaln(input: Tensor, p: int) -> Tensor:
    """The multivariate log-gamma function of dimension ``p`` (``torch.mvlgamma``).

    >>> import tensors as torch
    >>> torch.special.multigammaln(torch.tensor([2.5]), 2)
    tensor([0.8570])
    """
    return mvlgamma(input, p)


def round(input: Tensor, *, decimals: int = 0) -> Tensor:  # noqa: A001 - torch.special.round
    """Round half to even, to ``decimals`` decimal places (``torch.round``).

    >>> import tensors as torch
    >>> torch.special.round(torch.tensor([2.5, 0.125]), decimals=2)
    tensor([2.5000, 0.1200])
    """
    return _round(input, decimals=decimals if decimals else None)


def softmax(input: Tensor, dim: int, *, dtype: Any = None) -> Tensor:
    """``exp(x) / sum(exp(x))`` along ``dim`` (``dtype``: the input is cast first).

    >>> import tensors as torch
    >>> torch.special.softmax(torch.tensor([0.0, 0.0]), 0)
    tensor([0.5000, 0.5000])
    """
    return _softmax(input, dim, dtype=dtype)


def log_softmax(input: Tensor, dim: int, *, dtype: Any = None) -> Tensor:
    """``x - logsumexp(x)`` along ``dim`` (``dtype``: the input is cast first).

    >>> import tensors as torch
    >>> torch.special.log_softmax(torch.tensor([0.0, 0.0]), 0)
    tensor([-0.6931, -0.6931])
    """
    return _log_softmax(input, dim, dtype=dtype)
