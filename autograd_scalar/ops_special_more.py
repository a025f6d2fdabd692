"""More rows of the op table: the special functions of ``torch.special``.

Kept apart from ``ops_special.py`` (which holds the functions of the ``torch``
namespace) so each file stays one sitting long; the rows go into the same
table, :data:`autograd_scalar.ops.OPS`, forward beside rule. The forwards
are in ``_special_more.py``; each rule is PyTorch's formula from
``derivatives.yaml``, and where PyTorch has no derivative (``igamma`` with
respect to its first argument) the rule raises PyTorch's error.

>>> from autograd_scalar.ops import OPS
>>> OPS["digamma_f32"].backward(0.0, 1.0)[0]  # trigamma(1) in float32 arithmetic
1.644934058189392
"""

from __future__ import annotations

from typing import Any

from . import _special_more as M
from .ops import OPS, Op
from .ops_special import polygamma_value
from .value import apply


def _trigamma_f32(x: Any) -> Any:
    op = OPS["trigamma_f32"]
    return op.forward(x) if type(x) is float else apply(op, x)


# fmt: off
_ROWS = [
    # name            symbol  forward             local derivatives d out / d input
    # float32 tensors: PyTorch's trigamma runs in float arithmetic (large errors near
    # the poles, which its derivative, digamma's gradient, shows).
    Op("trigamma_f32", "ψ1",  M.trigamma_f32,     lambda out, a: (polygamma_value(2, a),)),
    Op("digamma_f32",  "ψ",   OPS["digamma"].forward, lambda out, a: (_trigamma_f32(a),)),
]
# fmt: on

for _op in _ROWS:
    OPS[_op.name] = _op
