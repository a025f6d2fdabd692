"""``tensors.nn.utils``: ``clip_grad_norm_`` and ``clip_grad_value_``, as ``torch.nn.utils``.

>>> import tensors as torch
>>> w = torch.nn.Parameter(torch.ones(4)); w.grad = torch.full((4,), 3.0)
>>> torch.nn.utils.clip_grad_norm_([w], 1.0), w.grad
(tensor(6.), tensor([0.5000, 0.5000, 0.5000, 0.5000]))
"""

from .clip_grad import clip_grad_norm_, clip_grad_value_

__all__ = ["clip_grad_norm_", "clip_grad_value_"]
