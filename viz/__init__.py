"""viz: pictures of the computation graph, in three views.

- :func:`draw`, the tensor view: the picture of PyTorch's autograd tutorial;
- :func:`make_dot`, the autograd view: the grad_fn graph, as torchviz draws it;
- :func:`draw_values`, the Value view: every scalar and every scalar op, as micrograd draws it.

Each returns a ``graphviz.Digraph`` (Jupyter shows it inline); :func:`save`
writes one to SVG, PNG or PDF. :func:`backward_steps` walks the backward pass
one op at a time (:func:`step_through` plays it); :func:`explain_gradient`
shows why one gradient entry has its value. ``python -m viz SCRIPT.py --out DIR`` renders a script's
tensors.

>>> import tensors as torch
>>> import viz
>>> x = torch.ones(5)
>>> w = torch.ones(5, 3, requires_grad=True)
>>> loss = torch.matmul(x, w).sum()
>>> graph = viz.draw(loss)
>>> graph.source.startswith("digraph {")
True
"""

from ._common import DotError, DotNotFoundError, Graph, GraphTooLargeError, save
from .autograd_view import make_dot
from .explain import Explanation, explain_gradient
from .player import StepThrough, step_through
from .steps import Step, Update, backward_steps
from .tensor_view import draw
from .value_view import draw_values

__all__ = [
    "DotError",
    "DotNotFoundError",
    "Explanation",
    "Graph",
    "GraphTooLargeError",
    "Step",
    "StepThrough",
    "Update",
    "backward_steps",
    "draw",
    "draw_values",
    "explain_gradient",
    "make_dot",
    "save",
    "step_through",
]
