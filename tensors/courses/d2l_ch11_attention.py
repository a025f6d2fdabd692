"""Dive into Deep Learning, chapter 11 (attention mechanisms and Transformers):
attention pooling by similarity (Nadaraya-Watson), the masked softmax, additive and
scaled dot-product attention, multi-head attention from scratch beside
``nn.MultiheadAttention``, sinusoidal positional encoding, the Transformer encoder
from scratch (position-wise FFN, add & norm, encoder blocks), and a small encoder
of ``nn.TransformerEncoderLayer`` trained on a toy task.

Swapped: the heatmaps are printed weights; the machine-translation data set is a
toy task (name the first token of a sequence of 6), on which a one-layer encoder
of width 8 trains for 30 steps; the book's sizes are divided by about 10.
"""

import math

import torch
from torch import nn
from torch.nn import functional as F

torch.manual_seed(0)


# 11.2 attention pooling by similarity
def f(x):
    return 2 * torch.sin(x) + x


n = 40
x_train = torch.linspace(0, 5, n)
y_train = f(x_train) + torch.randn(n) * 0.5
x_val = torch.arange(0, 5, 0.5)
y_val = f(x_val)


def gaussian(x):
    return torch.exp(-(x**2) / 2)


def nadaraya_watson(x_train, y_train, x_val, kernel):
    dists = x_train.reshape((-1, 1)) - x_val.reshape((1, -1))
    k = kernel(dists).type(torch.float32)  # each column/row: one query's similarities
    attention_w = k / k.sum(0)  # normalization over keys for each query
    y_hat = y_train @ attention_w
    return y_hat, attention_w


y_hat, attention_w = nadaraya_watson(x_train, y_train, x_val, gaussian)
print(attention_w.shape, attention_w.sum(0)[:3])
print(((y_hat - y_val) ** 2).mean() < 1.0)


# 11.3 attention scoring functions
def masked_softmax(X, valid_lens):
    """Softmax over the last axis, the positions past each valid length masked out."""

    def _sequence_mask(X, valid_len, value=0):
        maxlen = X.size(1)
        mask = torch.arange((maxlen), dtype=torch.float32)[None, :] < valid_len[:, None]
        X[~mask] = value
        return X

    if valid_lens is None:
        return nn.functional.softmax(X, dim=-1)
    shape = X.shape
    if valid_lens.dim() == 1:
        # one length per sequence, for each of its queries (the book's repeat_interleave)
        valid_lens = valid_lens.reshape(-1, 1).expand(-1, shape[1]).reshape(-1)
    else:
        valid_lens = valid_lens.reshape(-1)
    # a very large negative value: its exponential is zero
    X = _sequence_mask(X.reshape(-1, shape[-1]), valid_lens, value=-1e6)
    return nn.functional.softmax(X.reshape(shape), dim=-1)


print(masked_softmax(torch.rand(2, 2, 4), torch.tensor([2, 3])).gt(0).sum(-1))
print(masked_softmax(torch.rand(2, 2, 4), torch.tensor([[1, 3], [2, 4]])).gt(0).sum(-1))
Q = torch.ones((2, 3, 4))
K = torch.ones((2, 4, 6))
print(torch.bmm(Q, K).shape)


class DotProductAttention(nn.Module):
    """Scaled dot product attention."""

    def __init__(self, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        d = queries.shape[-1]
        scores = torch.bmm(queries, keys.transpose(1, 2)) / math.sqrt(d)
        self.attention_weights = masked_softmax(scores, valid_lens)
        return torch.bmm(self.dropout(self.attention_weights), values)


queries = torch.normal(0, 1, (2, 1, 2))
keys = torch.normal(0, 1, (2, 10, 2))
values = torch.normal(0, 1, (2, 10, 4))
valid_lens = torch.tensor([2, 6])
attention = DotProductAttention(dropout=0.5)
attention.eval()
print(attention(queries, keys, values, valid_lens).shape)
print(attention.attention_weights.gt(0).sum(-1))


class AdditiveAttention(nn.Module):
    """Additive attention."""

    def __init__(self, num_hiddens, dropout, **kwargs):
        super().__init__(**kwargs)
        self.W_k = nn.LazyLinear(num_hiddens, bias=False)
        self.W_q = nn.LazyLinear(num_hiddens, bias=False)
        self.w_v = nn.LazyLinear(1, bias=False)
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens):
        queries, keys = self.W_q(queries), self.W_k(keys)
        # queries (batch, queries, 1, hiddens) + keys (batch, 1, keys, hiddens), broadcast
        features = queries.unsqueeze(2) + keys.unsqueeze(1)
        features = torch.tanh(features)
        scores = self.w_v(features).squeeze(-1)
        self.attention_weights = masked_softmax(scores, valid_lens)
        return torch.bmm(self.dropout(self.attention_weights), values)


queries = torch.normal(0, 1, (2, 1, 20))
attention = AdditiveAttention(num_hiddens=8, dropout=0.1)
attention.eval()
print(attention(queries, keys, values, valid_lens).shape)


# 11.5 multi-head attention from scratch
class MultiHeadAttention(nn.Module):
    def __init__(self, num_hiddens, num_heads, dropout, bias=False, **kwargs):
        super().__init__()
        self.num_heads = num_heads
        self.attention = DotProductAttention(dropout)
        self.W_q = nn.LazyLinear(num_hiddens, bias=bias)
        self.W_k = nn.LazyLinear(num_hiddens, bias=bias)
        self.W_v = nn.LazyLinear(num_hiddens, bias=bias)
        self.W_o = nn.LazyLinear(num_hiddens, bias=bias)

    def transpose_qkv(self, X):
        """(batch, n, hiddens) -> (batch * heads, n, hiddens / heads)"""
        X = X.reshape(X.shape[0], X.shape[1], self.num_heads, -1)
        X = X.permute(0, 2, 1, 3)
        return X.reshape(-1, X.shape[2], X.shape[3])

    def transpose_output(self, X):
        """Reverse transpose_qkv."""
        X = X.reshape(-1, self.num_heads, X.shape[1], X.shape[2])
        X = X.permute(0, 2, 1, 3)
        return X.reshape(X.shape[0], X.shape[1], -1)

    def forward(self, queries, keys, values, valid_lens):
        queries = self.transpose_qkv(self.W_q(queries))
        keys = self.transpose_qkv(self.W_k(keys))
        values = self.transpose_qkv(self.W_v(values))
        if valid_lens is not None:
            valid_lens = valid_lens.reshape(-1, 1).expand(-1, self.num_heads).reshape(-1)
        output = self.attention(queries, keys, values, valid_lens)
        return self.W_o(self.transpose_output(output))


num_hiddens, num_heads = 8, 2
attention = MultiHeadAttention(num_hiddens, num_heads, 0.5)
batch_size, num_queries, num_kvpairs = 2, 4, 6
valid_lens = torch.tensor([3, 2])
X = torch.ones((batch_size, num_queries, num_hiddens))
Y = torch.ones((batch_size, num_kvpairs, num_hiddens))
print(attention(X, Y, Y, valid_lens).shape)
mha = nn.MultiheadAttention(num_hiddens, num_heads, batch_first=True)
out, weights = mha(X, Y, Y)
print(out.shape, weights.shape)


# 11.6 positional encoding
class PositionalEncoding(nn.Module):
    def __init__(self, num_hiddens, dropout, max_len=1000):
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        self.P = torch.zeros((1, max_len, num_hiddens))
        X = torch.arange(max_len, dtype=torch.float32).reshape(-1, 1) / torch.pow(
            10000, torch.arange(0, num_hiddens, 2, dtype=torch.float32) / num_hiddens
        )
        self.P[:, :, 0::2] = torch.sin(X)
        self.P[:, :, 1::2] = torch.cos(X)

    def forward(self, X):
        X = X + self.P[:, : X.shape[1], :]
        return self.dropout(X)


encoding_dim, num_steps = 8, 6
pos_encoding = PositionalEncoding(encoding_dim, 0)
X = pos_encoding(torch.zeros((1, num_steps, encoding_dim)))
P = pos_encoding.P[:, : X.shape[1], :]
print(P[0, :, :4])


# 11.7 the Transformer encoder
class PositionWiseFFN(nn.Module):
    def __init__(self, ffn_num_hiddens, ffn_num_outputs):
        super().__init__()
        self.dense1 = nn.LazyLinear(ffn_num_hiddens)
        self.relu = nn.ReLU()
        self.dense2 = nn.LazyLinear(ffn_num_outputs)

    def forward(self, X):
        return self.dense2(self.relu(self.dense1(X)))


ffn = PositionWiseFFN(4, 8)
ffn.eval()
print(ffn(torch.ones((2, 3, 4)))[0].shape)
ln = nn.LayerNorm(2)
bn = nn.LazyBatchNorm1d()
X = torch.tensor([[1, 2], [2, 3]], dtype=torch.float32)
print("layer norm:", ln(X), "\nbatch norm:", bn(X))


class AddNorm(nn.Module):
    """The residual connection followed by layer normalization."""

    def __init__(self, norm_shape, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        self.ln = nn.LayerNorm(norm_shape)

    def forward(self, X, Y):
        return self.ln(self.dropout(Y) + X)


add_norm = AddNorm(4, 0.5)
print(add_norm(torch.ones((2, 3, 4)), torch.ones((2, 3, 4))).shape)


class TransformerEncoderBlock(nn.Module):
    def __init__(self, num_hiddens, ffn_num_hiddens, num_heads, dropout, use_bias=False):
        super().__init__()
        self.attention = MultiHeadAttention(num_hiddens, num_heads, dropout, use_bias)
        self.addnorm1 = AddNorm(num_hiddens, dropout)
        self.ffn = PositionWiseFFN(ffn_num_hiddens, num_hiddens)
        self.addnorm2 = AddNorm(num_hiddens, dropout)

    def forward(self, X, valid_lens):
        Y = self.addnorm1(X, self.attention(X, X, X, valid_lens))
        return self.addnorm2(Y, self.ffn(Y))


X = torch.ones((2, 5, 8))
valid_lens = torch.tensor([3, 2])
encoder_blk = TransformerEncoderBlock(8, 16, 2, 0.5)
encoder_blk.eval()
print(encoder_blk(X, valid_lens).shape)


class TransformerEncoder(nn.Module):
    def __init__(self, vocab_size, num_hiddens, ffn_num_hiddens, num_heads, num_blks, dropout):
        super().__init__()
        self.num_hiddens = num_hiddens
        self.embedding = nn.Embedding(vocab_size, num_hiddens)
        self.pos_encoding = PositionalEncoding(num_hiddens, dropout)
        self.blks = nn.Sequential()
        for i in range(num_blks):
            self.blks.add_module(
                "block" + str(i),
                TransformerEncoderBlock(num_hiddens, ffn_num_hiddens, num_heads, dropout),
            )

    def forward(self, X, valid_lens):
        # the embedding scaled up, so it is not drowned by the positional encoding
        X = self.pos_encoding(self.embedding(X) * math.sqrt(self.num_hiddens))
        for blk in self.blks:
            X = blk(X, valid_lens)
        return X


encoder = TransformerEncoder(20, 8, 16, 2, 2, 0.5)
print(encoder(torch.ones((2, 5), dtype=torch.long), valid_lens).shape)


# a small encoder of nn.TransformerEncoderLayer, trained to name the first token
class Classifier(nn.Module):
    def __init__(self, vocab_size, num_hiddens):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, num_hiddens)
        self.pos_encoding = PositionalEncoding(num_hiddens, 0.0, max_len=16)
        layer = nn.TransformerEncoderLayer(
            num_hiddens, 2, dim_feedforward=16, dropout=0.0, batch_first=True
        )
        self.encoder = nn.TransformerEncoder(layer, 1, enable_nested_tensor=False)
        self.head = nn.Linear(num_hiddens, vocab_size)

    def forward(self, X):
        H = self.encoder(self.pos_encoding(self.embedding(X)))
        return self.head(H.mean(1))


model = Classifier(vocab_size=5, num_hiddens=8)
print(model.encoder.layers[0].self_attn)
optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
for step in range(30):
    X = torch.randint(0, 5, (16, 6))
    loss = F.cross_entropy(model(X), X[:, 0])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 5 == 0 or step == 29:
        print(f"step {step}: loss {loss.item():.4f}")
