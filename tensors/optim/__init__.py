"""``tensors.optim``: optimizers that change parameters by their gradients, as ``torch.optim``.

The training loop is PyTorch's:

>>> import tensors as torch
>>> _ = torch.manual_seed(0)
>>> model = torch.nn.Linear(1, 1)
>>> x = torch.tensor([[0.0], [1.0], [2.0]])
>>> y = 2 * x + 1
>>> opt = torch.optim.SGD(model.parameters(), lr=0.1)
>>> for _ in range(300):
...     opt.zero_grad()
...     loss = torch.nn.functional.mse_loss(model(x), y)
...     loss.backward()
...     opt.step()
>>> round(model.weight.item(), 3), round(model.bias.item(), 3)
(2.0, 1.0)
"""

from . import lr_scheduler
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "lr_scheduler"]
