"""``torch.autograd.Function``: an op whose forward and backward the user writes.

Every other op of the tensor layer takes its derivatives from the scalar op
table (``autograd_scalar/ops.py``), one local derivative per scalar input. A
Function brings its own rule, over whole tensors: ``backward(ctx, *grads)``
gets the gradient of every output and returns one per input. It is built on
the scalar engine's function node (``autograd_scalar/function.py``): one node
whose inputs are the Values of every input that requires grad, and output
Values that each lead to it. When a backward pass reaches the node, all the
outputs' gradients are complete; they become tensors, the user's backward
runs on them, and what it returns flows on to the inputs' Values. Under
``create_graph=True`` the backward runs with grad mode on, so a backward
written with tensor ops can itself be differentiated.

The ``ctx`` given to ``forward`` and ``backward`` is the output's
``grad_fn``, as in PyTorch: a node named after the class
(``LegendrePolynomial3Backward``).

>>> import tensors as torch
>>> class Cube(torch.autograd.Function):
...     @staticmethod
...     def forward(ctx, x):
...         ctx.save_for_backward(x)
...         return x ** 3
...     @staticmethod
...     def backward(ctx, grad_output):
...         (x,) = ctx.saved_tensors
...         return grad_output * 3 * x ** 2
>>> x = torch.tensor([1.0, 2.0], requires_grad=True)
>>> y = Cube.apply(x)
>>> y
tensor([1., 8.], grad_fn=<CubeBackward>)
>>> y.sum().backward()
>>> x.grad
tensor([ 3., 12.])
"""

from __future__ import annotations

import inspect
import warnings
import weakref
from typing import Any, Optional

from autograd_scalar.function import function_node
from autograd_scalar.grad_mode import is_grad_enabled, no_grad
from autograd_scalar.value import _const

from .._backward import _grad_tensor
from .._function import SECOND_TIME, Node
from .._saved import _modified
from .._shape import numel
from .._tensor import Tensor

__all__ = ["Function", "FunctionCtx", "once_differentiable"]


class FunctionCtx:
    """What ``forward`` and ``backward`` of a Function share: saved tensors and flags.

    ``ctx.save_for_backward(*tensors)`` in forward, ``ctx.saved_tensors`` in
    backward; ``ctx.needs_input_grad`` (one bool per forward argument);
    ``ctx.mark_non_differentiable(*outputs)``; ``ctx.set_materialize_grads(False)``
    (gradients of unused outputs come as None rather than zeros). Any other
    attribute (``ctx.k = 3``) is kept for backward too.
    """

    needs_input_grad: tuple = ()
    _to_save: tuple = ()
    materialize_grads = True

    def save_for_backward(self, *tensors: Optional[Tensor]) -> None:
        """Keep tensors (or None) for backward, with a check that they do not change.

        >>> import tensors as torch
        >>> class Double(torch.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         ctx.save_for_backward(x)
        ...         return x * 2
        ...     @staticmethod
        ...     def backward(ctx, g):
        ...         return g * 2
        >>> Double.apply(torch.ones(1, requires_grad=True)).grad_fn.saved_tensors[0]
        tensor([1.], requires_grad=True)
        """
        self._to_save = tensors

    def mark_non_differentiable(self, *tensors: Tensor) -> None:
        """Mark outputs (integer results, indices) that get no gradient; backward still
        gets a gradient for each of them (zeros).

        >>> import tensors as torch
        >>> class ArgMax(torch.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         top = x.max()
        ...         where = x.argmax()
        ...         ctx.mark_non_differentiable(where)
        ...         return top, where
        ...     @staticmethod
        ...     def backward(ctx, g_top, g_where):
        ...         return None
        >>> top, where = ArgMax.apply(torch.tensor([1.0, 3.0], requires_grad=True))
        >>> top.requires_grad, where.requires_grad
        (True, False)
        """
        self._non_differentiable = {id(t) for t in tensors}

    def set_materialize_grads(self, value: bool) -> None:
        """Whether backward gets zeros (True, the default) or None for an unused output.

        >>> import tensors as torch
        >>> torch.autograd.function.FunctionCtx().set_materialize_grads(False)
        """
        self.materialize_grads = bool(value)

    def mark_dirty(self, *tensors: Tensor) -> None:
        """Not supported: a Function that changes its inputs in place."""
        raise NotImplementedError(
            "mark_dirty: Functions that modify their inputs in place are not supported here; "
            "return a new tensor instead"
        )

    @property
    def saved_tensors(self) -> tuple:
        """The tensors given to ``save_for_backward``; refused once a backward without
        ``retain_graph`` has freed them, or if one has changed in place since."""
        if getattr(self, "_freed", False):
            raise RuntimeError(SECOND_TIME)
        for tensor, version, producer in getattr(self, "_versions", ()):
            if tensor._vc[0] != version:
                raise RuntimeError(_modified(tensor, version, producer))
        return tuple(self._to_save)


class BackwardCFunction(Node, FunctionCtx):
    """The ``grad_fn`` of a Function's outputs, which is also its ``ctx``."""

    _forward_cls: Any = None
    _hub: Any = None  # the engine's node of the call
    _gave_none: frozenset = frozenset()  # tensor arguments the last backward gave None

    def __repr__(self) -> str:
        cls = type(self)
        return f"<{cls.__module__}.{cls.__qualname__} object at {hex(id(self))}>"


class FunctionMeta(type):
    """Gives each Function subclass its node class, ``<Name>Backward``."""

    def __init__(cls, name: str, bases: tuple, attrs: dict) -> None:
        node = type(
            name + "Backward",
            (BackwardCFunction,),
            # op: what the drawings write in the op's circle, the Function's own name.
            {"_name": name + "Backward", "_forward_cls": cls, "op": name, "__module__": __name__},
        )
        cls._backward_cls = node
        super().__init__(name, bases, attrs)


class Function(metaclass=FunctionMeta):
    """Base class of an op with a hand-written backward; call it with ``apply``.

    Subclasses define the static methods ``forward(ctx, *args)`` and
    ``backward(ctx, *grad_outputs)`` (or ``forward(*args)`` with
    ``setup_context(ctx, inputs, output)``). See the module's example.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        warnings.warn(
            f"{type(self)} should not be instantiated. Methods on autograd functions are all "
            "static, so you should invoke them on the class itself. Instantiating an autograd "
            "function will raise an error in a future version of PyTorch.",
            DeprecationWarning,
            stacklevel=2,
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(
            "Legacy autograd function with non-static forward method is deprecated. Please use "
            "new-style autograd function with static forward method. (Example: "
            "https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)"
        )

    @staticmethod
    def forward(ctx: Any, *args: Any, **kwargs: Any) -> Any:
        """The op's result; runs with grad mode off."""
        raise NotImplementedError(
            "You must implement the forward function for custom autograd.Function."
        )

    @staticmethod
    def setup_context(ctx: Any, inputs: tuple, output: Any) -> Any:
        """Save what backward needs, when ``forward`` does not take ``ctx``."""
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx: Any, *grad_outputs: Any) -> Any:
        """One gradient per forward argument (None for those that need none)."""
        raise NotImplementedError(
            "You must implement either the backward or vjp method for your custom "
            "autograd.Function to use it with backward mode AD."
        )

    vjp = backward

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:
        """Run ``forward`` on ``args`` and record ``backward`` as the outputs' derivative.

        >>> import tensors as torch
        >>> class Square(torch.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         ctx.save_for_backward(x)
        ...         return x * x
        ...     @staticmethod
        ...     def backward(ctx, g):
        ...         (x,) = ctx.saved_tensors
        ...         return 2 * x * g
        >>> Square.apply(torch.tensor(3.0, requires_grad=True))
        tensor(9., grad_fn=<SquareBackward>)
        """
        custom_setup = cls.setup_context is not Function.setup_context
        if kwargs:
            # Arguments given by keyword count as the positions forward names them
            # (PyTorch binds them so), so a tensor passed as ``x=`` is tracked too.
            ctx_arg = () if custom_setup else (None,)
            bound = inspect.signature(cls.forward).bind(*ctx_arg, *args, **kwargs)
            args, kwargs = bound.args[len(ctx_arg) :], bound.kwargs
        tensors = tuple(a for a in args if isinstance(a, Tensor))
        ctx = cls._backward_cls(tensors)
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        with no_grad():
            if custom_setup:
                output = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, output)
            else:
                output = cls.forward(ctx, *args, **kwargs)
        for i, t in enumerate(ctx._to_save):
            if t is not None and not isinstance(t, Tensor):
                raise TypeError(
                    "save_for_backward can only save variables, but argument "
                    f"{i} is of type {type(t).__name__}"
                )
        if not (is_grad_enabled() and any(ctx.needs_input_grad)):
            return output
        return _record(cls, ctx, args, output)


def _record(cls: type, ctx: Any, args: tuple, output: Any) -> Any:
    """Make the outputs of ``cls.apply`` graph nodes whose derivative is ``cls.backward``."""
    single = not isinstance(output, tuple)
    outputs = list((output,) if single else output)
    skip = getattr(ctx, "_non_differentiable", set())
    inputs = [a for a in args if isinstance(a, Tensor) and a.requires_grad]
    for k, o in enumerate(outputs):
        if isinstance(o, Tensor) and (any(o is a for a in args) or o._base is not None):
            # A Function's output is a tensor of its own, even when forward returns
            # an input (or a view of one) as it is.
            outputs[k] = Tensor._wrap(
                [_const(v.data) for v in o._flat()], o._shape, o.dtype
            )
    made = [
        o
        for o in outputs
        if isinstance(o, Tensor) and id(o) not in skip and o.dtype.is_floating_point
    ]
    values = function_node(
        cls.__name__,
        [v for a in inputs for v in a._flat()],
        [v.data for o in made for v in o._flat()],
        lambda *gs: _run_backward(cls, ctx, args, outputs, made, inputs, gs),
    )
    # The engine's node of this call: whether it ran in a pass (tensors/_backward.py).
    ctx._hub = values[0].parents[0] if values else None
    start = 0
    for o in made:
        n = numel(o._shape)
        o._replace_cells(values[start : start + n])
        start += n
        o._requires_grad = True
        o.grad_fn = ctx
    ctx._output = weakref.ref(made[0]) if made else None  # what the drawings group
    ctx._has_saved = bool(ctx._to_save)
    ctx._versions = tuple(
        (t, t._vc[0], t.grad_fn.name() if t.grad_fn is not None else None)
        for t in ctx._to_save
        if t is not None
    )
    return outputs[0] if single else tuple(outputs)


def _run_backward(
    cls: type, ctx: Any, args: tuple, outputs: list, made: list, inputs: list, gs: tuple
) -> list:
    """The engine's call at the function's node: the user's backward, from the outputs'
    gradients (one per output Value) to the inputs' (one per input Value)."""
    grads: list = []
    start = 0
    for o in outputs:
        if not isinstance(o, Tensor):
            grads.append(None)
            continue
        n = numel(o._shape)
        if any(o is m for m in made):
            part = list(gs[start : start + n])
            start += n
        else:
            part = [None] * n
        if all(g is None for g in part) and not ctx.materialize_grads:
            grads.append(None)
            continue
        part = [0.0 if g is None else g for g in part]
        grads.append(_grad_tensor(part, o, is_grad_enabled()))
    result = cls.backward(ctx, *grads)
    if not isinstance(result, tuple):
        result = (result,)
    name = ctx._name
    if len(result) != len(args) and not (
        len(result) > len(args) and all(r is None for r in result[len(args) :])
    ):
        raise RuntimeError(
            f"function {name} returned an incorrect number of gradients "
            f"(expected {len(args)}, got {len(result)})"
        )
    out: list = []
    gave_none = []  # positions among the tensor arguments (next_functions) given None
    for i, (arg, g) in enumerate(zip(args, result)):
        if not isinstance(arg, Tensor):
            if g is not None:
                raise RuntimeError(
                    f"function {name} returned a gradient different than None at position "
                    f"{i + 1}, but the corresponding forward input was not a Variable"
                )
            continue
        if g is not None and not isinstance(g, Tensor):
            raise RuntimeError(f"expected Variable or None (got {type(g).__name__})")
        if not any(arg is a for a in inputs):
            continue
        if g is None:
            gave_none.append(sum(isinstance(a, Tensor) for a in args[:i]))
            out.extend([None] * numel(arg._shape))
            continue
        g = _fit(g, arg, name, i)
        create = is_grad_enabled()
        out.extend(v if create else v.data for v in g._flat())
    ctx._gave_none = frozenset(gave_none)
    return out


def _fit(g: Tensor, arg: Tensor, name: str, i: int) -> Tensor:
    """``g`` in ``arg``'s shape and dtype, as PyTorch checks a Function's gradients: a
    gradient that ``arg``'s shape broadcasts to is summed down to it."""
    shape, want = tuple(g._shape), tuple(arg._shape)
    if shape != want:
        lead = len(shape) - len(want)
        if lead < 0 or any(w not in (1, s) for w, s in zip(want, shape[lead:])):
            raise RuntimeError(
                f"Function {name} returned an invalid gradient at index {i} - got "
                f"{list(shape)} but expected shape compatible with {list(want)}"
            )
        if lead:
            g = g.sum(tuple(range(lead)))
        dims = tuple(d for d, (w, s) in enumerate(zip(want, g._shape)) if w == 1 and s != 1)
        if dims:
            g = g.sum(dims, keepdim=True)
    if g.dtype != arg.dtype:
        g = g.to(arg.dtype)
    return g


def once_differentiable(fn: Any) -> Any:
    """Mark a backward that is not written to be differentiated: it runs with grad mode
    off, so ``create_graph=True`` records nothing through it (PyTorch raises instead
    when such a gradient is differentiated).

    >>> once_differentiable(lambda ctx, g: g * 2)(None, 3)
    6
    """

    def wrapped(ctx: Any, *args: Any) -> Any:
        with no_grad():
            return fn(ctx, *args)

    wrapped.__name__ = getattr(fn, "__name__", "backward")
    wrapped.__doc__ = fn.__doc__
    return wrapped
