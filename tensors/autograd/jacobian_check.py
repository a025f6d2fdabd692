"""``torch.autograd.gradcheck``: a function's gradients against central differences.

For each input that requires grad and each output, the Jacobian is formed
twice: by backward passes (one per output element) and by nudging each input
element by ``eps`` both ways, ``(f(x + eps) - f(x - eps)) / 2eps``. The way to
test a ``torch.autograd.Function`` whose backward you wrote yourself.
``tensors.testing.tensor_gradcheck`` is built on the same Jacobians. (The module is
not called ``gradcheck``: in ``torch.autograd`` that name is the function.)

>>> import tensors as torch
>>> x = torch.tensor([0.5, -1.0], dtype=torch.float64, requires_grad=True)
>>> torch.autograd.gradcheck(torch.sin, (x,))
True
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from autograd_scalar.grad_mode import no_grad
from autograd_scalar.gradcheck import GradcheckError

from .. import _dtype as D
from .._backward import grad as _grad
from .._creation import tensor as _tensor
from .._tensor import Tensor, _warn

__all__ = ["GradcheckError", "gradcheck", "jacobians"]


def _outputs(result: Any) -> list:
    if isinstance(result, Tensor):
        return [result]
    if isinstance(result, (tuple, list)) and all(isinstance(t, Tensor) for t in result):
        return list(result)
    raise TypeError(
        f"the function should return a Tensor or a sequence of Tensors, got {type(result).__name__}"
    )


def jacobians(fn: Callable[..., Any], inputs: Sequence[Any], eps: float = 1e-6) -> tuple:
    """``(wrt, analytic, numerical)`` for ``fn(*inputs)``: ``wrt`` the positions of the
    inputs that require grad; ``analytic[o][w][k][j]`` and ``numerical[o][w][k][j]``
    are d output_o[j] / d input_wrt[w][k], by backward and by central differences.

    The inputs and their ``.grad`` are left alone.

    >>> import tensors as torch
    >>> x = torch.tensor([2.0], requires_grad=True)
    >>> wrt, analytic, numerical = jacobians(lambda x: x * x, [x])
    >>> wrt, analytic, round(numerical[0][0][0][0], 6)
    ([0], [[[[4.0]]]], 4.0)
    """
    wrt = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    # Fresh leaves: the check must not add to the caller's .grad.
    leaves = [x.detach().requires_grad_() if i in wrt else x for i, x in enumerate(inputs)]
    outputs = _outputs(fn(*leaves))
    analytic = []
    for out in outputs:
        per_input = [[[0.0] * out.numel() for _ in range(leaves[i].numel())] for i in wrt]
        for j in range(out.numel()):
            if not out.requires_grad:
                continue
            seed = [0.0] * out.numel()
            seed[j] = 1.0
            gs = _grad(
                out,
                [leaves[i] for i in wrt],
                grad_outputs=_tensor(seed, dtype=out.dtype).reshape(out.shape),
                retain_graph=True,
                allow_unused=True,
                materialize_grads=True,
            )
            for w, g in enumerate(gs):
                for k, v in enumerate(g.values()):
                    per_input[w][k][j] = v.data
        analytic.append(per_input)
    numerical = [[[None] * leaves[i].numel() for i in wrt] for _ in outputs]
    with no_grad():
        for w, i in enumerate(wrt):
            for k in range(leaves[i].numel()):
                ends = []
                for delta in (eps, -eps):
                    moved = list(leaves)
                    moved[i] = leaves[i].detach().clone()  # its own Values to move
                    moved[i].values()[k].data += delta
                    ends.append([[v.data for v in t.values()] for t in _outputs(fn(*moved))])
                for o, (up, down) in enumerate(zip(*ends)):
                    numerical[o][w][k] = [(u - d) / (2 * eps) for u, d in zip(up, down)]
    return wrt, analytic, numerical


def gradcheck(
    func: Callable[..., Any],
    inputs: Any,
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
    **options: Any,
) -> bool:
    """True when ``func``'s gradients match central differences at ``inputs``, as
    ``torch.autograd.gradcheck`` (entry by entry, ``|a - n| <= atol + rtol * |n|``);
    otherwise a :class:`GradcheckError` showing both Jacobians (or False, with
    ``raise_exception=False``). PyTorch's other options are accepted and change nothing.

    >>> import tensors as torch
    >>> class Double(torch.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         return x * 2
    ...     @staticmethod
    ...     def backward(ctx, g):
    ...         return g * 3   # wrong: the derivative of 2x is 2
    >>> x = torch.tensor([1.0], dtype=torch.float64, requires_grad=True)
    >>> torch.autograd.gradcheck(Double.apply, (x,), raise_exception=False)
    False
    """
    inputs = (inputs,) if isinstance(inputs, Tensor) else tuple(inputs)
    if not any(isinstance(x, Tensor) and x.requires_grad for x in inputs):
        raise ValueError(
            "gradcheck expects at least one input tensor to require gradient, but none of "
            "them have requires_grad=True."
        )
    for n, x in enumerate(inputs):
        if isinstance(x, Tensor) and x.requires_grad and x.dtype is not D.float64:
            _warn(
                f"Input #{n} requires gradient and is not a double precision floating point or "
                "complex. This check will likely fail if all the inputs are not of double "
                "precision floating point or complex. "
            )
    wrt, analytic, numerical = jacobians(func, inputs, eps)
    for o, (a_out, n_out) in enumerate(zip(analytic, numerical)):
        for w, (a, n) in enumerate(zip(a_out, n_out)):
            pairs = [(x, y) for ra, rn in zip(a, n) for x, y in zip(ra, rn)]
            if all(abs(x - y) <= atol + rtol * abs(y) for x, y in pairs):
                continue
            if not raise_exception:
                return False
            dtype = inputs[wrt[w]].dtype
            raise GradcheckError(
                f"Jacobian mismatch for output {o} with respect to input {w},\n"
                f"numerical:{_tensor(n, dtype=dtype)}\nanalytical:{_tensor(a, dtype=dtype)}\n"
            )
    return True
