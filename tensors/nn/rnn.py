"""Recurrent layers: ``RNN``, ``GRU`` and ``LSTM``, as ``torch.nn``'s (layers stacked,
both directions, ``batch_first``, initial states, PyTorch's parameter names, shapes
and initialization).

Each time step is written with the tensor ops (``F.linear``, ``sigmoid``,
``tanh``, products), so the scalar graph of a sequence is the unrolled network
a textbook draws, and every gradient is the engine's.

>>> import tensors as torch
>>> rnn = torch.nn.GRU(4, 3, num_layers=2)
>>> [name for name, _ in rnn.named_parameters()][:4]
['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0']
>>> out, h = rnn(torch.zeros(5, 2, 4))
>>> out.shape, h.shape
(torch.Size([5, 2, 3]), torch.Size([2, 2, 3]))
"""

from __future__ import annotations

import math
from typing import Any, List, Optional, Tuple

from .._creation import empty, zeros
from .._ops.join_split import cat, stack
from .._tensor import Tensor
from . import functional as F
from . import init
from ._functional_sparse import dropout
from .module import Module
from .parameter import Parameter

__all__ = ["RNNBase", "RNN", "GRU", "LSTM"]

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "GRU": 3, "LSTM": 4}


class RNNBase(Module):
    """What the three recurrent layers share: parameters, checks, the loop over layers
    and directions. ``mode`` is ``'RNN_TANH'``, ``'RNN_RELU'``, ``'GRU'`` or ``'LSTM'``."""

    def __init__(
        self,
        mode: str,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        proj_size: int = 0,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        if (
            not isinstance(dropout, (int, float))
            or not 0 <= dropout <= 1
            or isinstance(dropout, bool)
        ):
            raise ValueError(
                "dropout should be a number in range [0, 1] representing the probability of "
                "an element being zeroed"
            )
        if not isinstance(hidden_size, int) or isinstance(hidden_size, bool):
            raise TypeError(f"hidden_size should be of type int, got: {type(hidden_size).__name__}")
        if hidden_size <= 0:
            raise ValueError("hidden_size must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError(
                "proj_size should be a positive integer or zero to disable projections"
            )
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        directions = 2 if bidirectional else 1
        gate_size = _GATES[mode] * hidden_size
        # With a projection (LSTM only), the hidden state is proj_size wide: h = W_hr h
        real_hidden_size = proj_size if proj_size > 0 else hidden_size
        self._names: List[List[str]] = []
        for layer in range(num_layers):
            for direction in range(directions):
                width = input_size if layer == 0 else real_hidden_size * directions
                suffix = f"_l{layer}" + ("_reverse" if direction == 1 else "")
                names = [f"weight_ih{suffix}", f"weight_hh{suffix}"]
                shapes = [(gate_size, width), (gate_size, real_hidden_size)]
                if bias:
                    names += [f"bias_ih{suffix}", f"bias_hh{suffix}"]
                    shapes += [(gate_size,), (gate_size,)]
                if proj_size > 0:
                    names.append(f"weight_hr{suffix}")
                    shapes.append((proj_size, hidden_size))
                for name, shape in zip(names, shapes):
                    setattr(self, name, Parameter(empty(*shape, dtype=dtype, device=device)))
                self._names.append(names)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Every weight and bias uniform in ``[-1/sqrt(hidden_size), 1/sqrt(hidden_size)]``."""
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -bound, bound)

    @property
    def all_weights(self) -> List[List[Parameter]]:
        """The parameters, one list per layer and direction."""
        return [[getattr(self, name) for name in names] for names in self._names]

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s

    # -- the forward pass --

    def _check_input(self, input: Tensor) -> bool:
        """Whether the input is batched (3-D), after PyTorch's checks."""
        if input.dim() not in (2, 3):
            raise ValueError(
                f"{type(self).__name__}: Expected input to be 2D or 3D, got {input.dim()}D "
                "tensor instead"
            )
        if input.shape[-1] != self.input_size:
            raise RuntimeError(
                f"input.size(-1) must be equal to input_size. Expected {self.input_size}, "
                f"got {input.shape[-1]}"
            )
        return input.dim() == 3

    def _check_hidden(self, hx: Tensor, batched: bool, batch: int, what: str = "hx") -> None:
        expected = 3 if batched else 2
        if hx.dim() != expected:
            kind = "batched 3-D" if batched else "unbatched 2-D"
            raise RuntimeError(
                f"For {kind} input, {what} should also be {expected}-D but got {hx.dim()}-D tensor"
            )
        width = self.proj_size if self.proj_size > 0 and what != "c_0" else self.hidden_size
        want = (self.num_layers * (2 if self.bidirectional else 1), batch, width)
        if tuple(hx.shape) != want:
            raise RuntimeError(
                f"Expected hidden size {want}, got {list(hx.shape)}"
                if what == "hx"
                else f"Expected hidden[{0 if what == 'h_0' else 1}] size {want}, got "
                f"{list(hx.shape)}"
            )

    def _cell(self, x: Tensor, state: Any, weights: List[Tensor]) -> Any:
        raise NotImplementedError

    def _run(self, input: Tensor, states: List[Any]) -> Tuple[Tensor, List[Any]]:
        """``input`` is ``(L, N, H_in)``; ``states[k]`` the start state of layer and
        direction ``k``. Returns the last layer's outputs and every final state."""
        directions = 2 if self.bidirectional else 1
        steps = input.unbind(0)
        finals: List[Any] = []
        for layer in range(self.num_layers):
            outs = []
            for direction in range(directions):
                k = layer * directions + direction
                weights = [getattr(self, name) for name in self._names[k]]
                state = states[k]
                order = range(len(steps)) if direction == 0 else reversed(range(len(steps)))
                hs: List[Optional[Tensor]] = [None] * len(steps)
                for t in order:
                    state = self._cell(steps[t], state, weights)
                    hs[t] = state[0] if isinstance(state, tuple) else state
                finals.append(state)
                outs.append(hs)
            steps = [
                cat([outs[d][t] for d in range(directions)], -1) if directions > 1 else outs[0][t]
                for t in range(len(steps))
            ]
            if self.dropout and self.training and layer < self.num_layers - 1:
                steps = [dropout(s, self.dropout, True) for s in steps]
        return stack(steps, 0), finals

    def _linear_parts(self, x: Tensor, h: Tensor, weights: List[Tensor]) -> Tuple[Tensor, Tensor]:
        w_ih, w_hh = weights[0], weights[1]
        b_ih, b_hh = (weights[2], weights[3]) if self.bias else (None, None)
        return F.linear(x, w_ih, b_ih), F.linear(h, w_hh, b_hh)

    def _forward(self, input: Tensor, hx: Any, lstm: bool = False) -> Tuple[Tensor, Any]:
        batched = self._check_input(input)
        if not batched:
            input = input.unsqueeze(1)
        elif self.batch_first:
            input = input.transpose(0, 1)
        batch = input.shape[1]
        layers = self.num_layers * (2 if self.bidirectional else 1)
        width = self.proj_size if self.proj_size > 0 else self.hidden_size
        if hx is None:
            h0 = zeros(layers, batch, width, dtype=input.dtype)
            c0 = zeros(layers, batch, self.hidden_size, dtype=input.dtype) if lstm else None
        elif lstm:
            h0, c0 = hx
            self._check_hidden(h0, batched, batch if batched else 1, "h_0")
            self._check_hidden(c0, batched, batch if batched else 1, "c_0")
            if not batched:
                h0, c0 = h0.unsqueeze(1), c0.unsqueeze(1)
        else:
            self._check_hidden(hx, batched, batch if batched else 1)
            h0 = hx if batched else hx.unsqueeze(1)
        hs = h0.unbind(0)
        states = list(zip(hs, c0.unbind(0))) if lstm else list(hs)
        output, finals = self._run(input, states)
        if lstm:
            h_n = stack([s[0] for s in finals], 0)
            c_n = stack([s[1] for s in finals], 0)
        else:
            h_n = stack(finals, 0)
        if not batched:
            output = output.squeeze(1)
            h_n = h_n.squeeze(1)
            c_n = c_n.squeeze(1) if lstm else None
        elif self.batch_first:
            output = output.transpose(0, 1)
        return output, ((h_n, c_n) if lstm else h_n)


def _no_projection(kwargs: dict) -> None:
    if "proj_size" in kwargs:
        raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")


class RNN(RNNBase):
    """Elman RNN: ``h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)`` (or ReLU).

    >>> import tensors as torch
    >>> rnn = torch.nn.RNN(3, 2, batch_first=True)
    >>> rnn, rnn(torch.ones(4, 5, 3))[0].shape
    (RNN(3, 2, batch_first=True), torch.Size([4, 5, 2]))
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _no_projection(kwargs)
        nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if len(args) > 3:
            nonlinearity = args[3]
            args = args[:3] + args[4:]
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(
                f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'."
            )
        self.nonlinearity = nonlinearity
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", *args, **kwargs)

    def _cell(self, x: Tensor, h: Tensor, weights: List[Tensor]) -> Tensor:
        a, b = self._linear_parts(x, h, weights)
        return (a + b).tanh() if self.nonlinearity == "tanh" else (a + b).relu()

    def forward(self, input: Tensor, hx: Optional[Tensor] = None) -> Tuple[Tensor, Tensor]:
        return self._forward(input, hx)


class GRU(RNNBase):
    """Gated recurrent unit: reset gate ``r``, update gate ``z``, candidate ``n``
    (weights stacked in that order), ``h_t = (1 - z) * n + z * h_{t-1}``.

    >>> import tensors as torch
    >>> torch.nn.GRU(3, 2).weight_ih_l0.shape
    torch.Size([6, 3])
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _no_projection(kwargs)
        super().__init__("GRU", *args, **kwargs)

    def _cell(self, x: Tensor, h: Tensor, weights: List[Tensor]) -> Tensor:
        gi, gh = self._linear_parts(x, h, weights)
        i_r, i_z, i_n = gi.chunk(3, -1)
        h_r, h_z, h_n = gh.chunk(3, -1)
        r = (i_r + h_r).sigmoid()
        z = (i_z + h_z).sigmoid()
        n = (i_n + r * h_n).tanh()
        return (1 - z) * n + z * h

    def forward(self, input: Tensor, hx: Optional[Tensor] = None) -> Tuple[Tensor, Tensor]:
        return self._forward(input, hx)


class LSTM(RNNBase):
    """Long short-term memory: input, forget, cell and output gates (stacked in that
    order), ``c_t = f * c_{t-1} + i * g``, ``h_t = o * tanh(c_t)``; returns
    ``output, (h_n, c_n)``. With ``proj_size``, ``h_t`` is projected down by
    ``weight_hr`` (``proj_size`` by ``hidden_size``) before it is output and fed back.

    >>> import tensors as torch
    >>> lstm = torch.nn.LSTM(3, 2, bidirectional=True)
    >>> out, (h, c) = lstm(torch.ones(4, 1, 3))
    >>> out.shape, h.shape, c.shape
    (torch.Size([4, 1, 4]), torch.Size([2, 1, 2]), torch.Size([2, 1, 2]))
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("LSTM", *args, **kwargs)

    def _cell(self, x: Tensor, state: Any, weights: List[Tensor]) -> Any:
        h, c = state
        gi, gh = self._linear_parts(x, h, weights)
        i, f, g, o = (gi + gh).chunk(4, -1)
        c = f.sigmoid() * c + i.sigmoid() * g.tanh()
        h = o.sigmoid() * c.tanh()
        if self.proj_size > 0:
            h = F.linear(h, weights[-1])
        return h, c

    def forward(
        self, input: Tensor, hx: Optional[Tuple[Tensor, Tensor]] = None
    ) -> Tuple[Tensor, Tuple[Tensor, Tensor]]:
        return self._forward(input, hx, lstm=True)
