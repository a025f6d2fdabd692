"""Dive into Deep Learning, chapters 9 and 10 (recurrent neural networks, modern
recurrent neural networks): text to tokens and a vocabulary, random subsequences
for a language model, an RNN language model from scratch (one-hot inputs, its own
tanh cell, gradient clipping by hand, perplexity, prediction), the concise one on
``nn.RNN``, and the GRU, the LSTM, a deep and a bidirectional network on
``nn.GRU``/``nn.LSTM``, with ``nn.utils.clip_grad_norm_``.

Swapped: The Time Machine (a download) is five of Shakespeare's sonnets
(``data/sonnets.txt``); 8-step subsequences in batches of 8, hidden states of 12,
20 steps of training per model (10 when ``COURSES_QUICK`` is set in the environment, as
the tests set it); the plots are printed perplexities.
"""

import collections
import math
import os
import pathlib
import re

import torch
from torch import nn
from torch.nn import functional as F

# 9.2 text to sequences: characters as tokens, a vocabulary by frequency
raw_text = (pathlib.Path(__file__).parent / "data" / "sonnets.txt").read_text()
text = re.sub("[^A-Za-z]+", " ", raw_text).lower()
print(text[:60])
tokens = list(text)
print(",".join(tokens[:30]))


class Vocab:
    """The vocabulary: tokens to indices and back, most frequent first."""

    def __init__(self, tokens=(), min_freq=0, reserved_tokens=()):
        counter = collections.Counter(tokens)
        self.token_freqs = sorted(counter.items(), key=lambda x: x[1], reverse=True)
        self.idx_to_token = list(
            sorted(set(["<unk>"] + list(reserved_tokens) +
                       [token for token, freq in self.token_freqs if freq >= min_freq]))
        )  # fmt: skip
        self.token_to_idx = {token: idx for idx, token in enumerate(self.idx_to_token)}

    def __len__(self):
        return len(self.idx_to_token)

    def __getitem__(self, tokens):
        if not isinstance(tokens, (list, tuple)):
            return self.token_to_idx.get(tokens, self.unk)
        return [self.__getitem__(token) for token in tokens]

    def to_tokens(self, indices):
        if hasattr(indices, "__len__") and len(indices) > 1:
            return [self.idx_to_token[int(index)] for index in indices]
        return self.idx_to_token[indices]

    @property
    def unk(self):
        return self.token_to_idx["<unk>"]


vocab = Vocab(tokens)
indices = vocab[tokens[:10]]
print("indices:", indices)
print("words:", vocab.to_tokens(indices))
corpus = [vocab[token] for token in tokens]
print(len(corpus), len(vocab))
print(vocab.token_freqs[:5])

# 9.3 language-model data: every subsequence of num_steps + 1 tokens
num_steps, batch_size = 8, 8
array = torch.tensor([corpus[i : i + num_steps + 1] for i in range(len(corpus) - num_steps)])
X, Y = array[:, :-1], array[:, 1:]
print(X.shape, Y.shape)
print(X[0], Y[0])
torch.manual_seed(0)


def get_batch():
    idx = torch.randint(0, X.shape[0], (batch_size,))
    return X[idx], Y[idx]


# 9.5 an RNN language model from scratch
class RNNScratch(nn.Module):
    def __init__(self, num_inputs, num_hiddens, sigma=0.01):
        super().__init__()
        self.num_hiddens = num_hiddens
        self.W_xh = nn.Parameter(torch.randn(num_inputs, num_hiddens) * sigma)
        self.W_hh = nn.Parameter(torch.randn(num_hiddens, num_hiddens) * sigma)
        self.b_h = nn.Parameter(torch.zeros(num_hiddens))

    def forward(self, inputs, state=None):
        if state is None:
            state = torch.zeros((inputs.shape[1], self.num_hiddens))
        else:
            (state,) = state
        outputs = []
        for X in inputs:  # inputs: (num_steps, batch_size, num_inputs)
            state = torch.tanh(
                torch.matmul(X, self.W_xh) + torch.matmul(state, self.W_hh) + self.b_h
            )
            outputs.append(state)
        return outputs, state


rnn = RNNScratch(num_inputs=16, num_hiddens=12)
outputs, state = rnn(torch.ones((num_steps, 2, 16)))
print(len(outputs), outputs[0].shape, state.shape)


class RNNLMScratch(nn.Module):
    """The RNN-based language model: one-hot inputs, an output layer per step."""

    def __init__(self, rnn, vocab_size, lr=0.01):
        super().__init__()
        self.rnn, self.vocab_size, self.lr = rnn, vocab_size, lr
        self.W_hq = nn.Parameter(torch.randn(rnn.num_hiddens, vocab_size) * 0.01)
        self.b_q = nn.Parameter(torch.zeros(vocab_size))

    def one_hot(self, X):
        # (batch_size, num_steps) -> (num_steps, batch_size, vocab_size)
        return F.one_hot(X.T, self.vocab_size).type(torch.float32)

    def output_layer(self, rnn_outputs):
        outputs = [torch.matmul(H, self.W_hq) + self.b_q for H in rnn_outputs]
        return torch.stack(outputs, 1)

    def forward(self, X, state=None):
        rnn_outputs, _ = self.rnn(self.one_hot(X), state)
        return self.output_layer(rnn_outputs)

    def loss(self, Y_hat, Y):
        return F.cross_entropy(Y_hat.reshape((-1, Y_hat.shape[-1])), Y.reshape((-1,)))

    def predict(self, prefix, num_preds, vocab):
        state, outputs = None, [vocab[prefix[0]]]
        for i in range(len(prefix) + num_preds - 1):
            X = torch.tensor([[outputs[-1]]])
            embs = self.one_hot(X)
            rnn_outputs, state = self.rnn(embs, state)
            if i < len(prefix) - 1:  # warm-up: the prefix itself
                outputs.append(vocab[prefix[i + 1]])
            else:  # predict num_preds steps
                Y = self.output_layer(rnn_outputs)
                outputs.append(int(Y.argmax(axis=2).reshape(1)))
        return "".join([vocab.idx_to_token[i] for i in outputs])


def clip_gradients(grad_clip_val, model):
    params = [p for p in model.parameters() if p.requires_grad]
    norm = torch.sqrt(sum(torch.sum(p.grad**2) for p in params))
    if norm > grad_clip_val:
        for param in params:
            param.grad[:] *= grad_clip_val / norm


STEPS = 10 if os.environ.get("COURSES_QUICK") else 20  # a short run (the tests'): fewer steps


def train(model, steps=STEPS, lr=1.0, clip=None):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for step in range(steps):
        Xb, Yb = get_batch()
        loss = model.loss(model(Xb), Yb)
        optimizer.zero_grad()
        loss.backward()
        if clip is None:
            clip_gradients(1, model)
        else:
            clip(model.parameters(), 1)
        optimizer.step()
        if step % 5 == 0 or step == steps - 1:
            print(f"step {step}: perplexity {math.exp(loss.item()):.2f}")


model = RNNLMScratch(RNNScratch(num_inputs=len(vocab), num_hiddens=12), len(vocab))
print(model(torch.ones((batch_size, num_steps), dtype=torch.long)).shape)
train(model)
print(len(model.predict("it has", 10, vocab)))


# 9.6 the concise implementation on nn.RNN
class RNN(nn.Module):
    def __init__(self, num_inputs, num_hiddens):
        super().__init__()
        self.num_hiddens = num_hiddens
        self.rnn = nn.RNN(num_inputs, num_hiddens)

    def forward(self, inputs, H=None):
        return self.rnn(inputs, H)


class RNNLM(RNNLMScratch):
    """The RNN-based language model on a torch.nn recurrent layer."""

    def __init__(self, rnn, vocab_size, lr=0.01):
        nn.Module.__init__(self)
        self.rnn, self.vocab_size, self.lr = rnn, vocab_size, lr
        self.linear = nn.LazyLinear(vocab_size)

    def output_layer(self, hiddens):
        return self.linear(hiddens).swapaxes(0, 1)


rnn = RNN(num_inputs=len(vocab), num_hiddens=12)
model = RNNLM(rnn, vocab_size=len(vocab))
print(model.predict("it has", 10, vocab).startswith("it has"))
train(model, clip=nn.utils.clip_grad_norm_)
print([name for name, _ in model.named_parameters()])


# 10.2 GRU and 10.1 LSTM, concise
class GRU(RNN):
    def __init__(self, num_inputs, num_hiddens, num_layers=1, dropout=0):
        nn.Module.__init__(self)
        self.num_hiddens = num_hiddens
        self.rnn = nn.GRU(num_inputs, num_hiddens, num_layers=num_layers, dropout=dropout)


class LSTM(RNN):
    def __init__(self, num_inputs, num_hiddens):
        nn.Module.__init__(self)
        self.num_hiddens = num_hiddens
        self.rnn = nn.LSTM(num_inputs, num_hiddens)

    def forward(self, inputs, H_C=None):
        return self.rnn(inputs, H_C)


gru = GRU(num_inputs=len(vocab), num_hiddens=12)
model = RNNLM(gru, vocab_size=len(vocab))
train(model, clip=nn.utils.clip_grad_norm_)
lstm = LSTM(num_inputs=len(vocab), num_hiddens=12)
model = RNNLM(lstm, vocab_size=len(vocab))
train(model, clip=nn.utils.clip_grad_norm_)
print(lstm.rnn)

# 10.3 deep and 10.4 bidirectional recurrent networks
gru = GRU(num_inputs=len(vocab), num_hiddens=8, num_layers=2)
print(gru.rnn, [tuple(p.shape) for p in gru.rnn.parameters()][:4])
birnn = nn.GRU(len(vocab), 8, bidirectional=True)
outputs, H = birnn(torch.ones(num_steps, 2, len(vocab)))
print(birnn, outputs.shape, H.shape)
