"""The tensor layer's cost over building the same graph from Values by hand.

Run: ``python benchmarks/tensor_bench.py``. Prints, for a 2-16-16-1 tanh MLP
step over 64 points (forward, mean squared error, backward), the time with
``tensors`` and with hand-written loops over ``Value``s that build the very
same scalar graph; their ratio is the tensor layer's overhead. Then the time
of a 64x64 @ 64x64 matmul, forward and backward.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from typing import Any, Callable

sys.path.insert(0, __file__.rsplit("/benchmarks/", 1)[0])

import tensors as torch  # noqa: E402
from autograd_scalar import Value, apply  # noqa: E402
from autograd_scalar.ops import OPS  # noqa: E402

N, SIZES = 64, (2, 16, 16, 1)
DOT = OPS["dot"]


def setup() -> tuple:
    rng = random.Random(0)
    weights = [
        ([[rng.uniform(-1, 1) for _ in range(nin)] for _ in range(nout)], [0.0] * nout)
        for nin, nout in zip(SIZES, SIZES[1:])
    ]
    xs = [[rng.uniform(-2, 2), rng.uniform(-2, 2)] for _ in range(N)]
    ys = [rng.choice((-1.0, 1.0)) for _ in range(N)]
    return weights, xs, ys


def by_hand(weights: list, xs: list, ys: list) -> Callable[[], Any]:
    params = [([[Value(w) for w in row] for row in W], [Value(b) for b in B]) for W, B in weights]
    inputs = [[Value(v, requires_grad=False) for v in x] for x in xs]
    targets = [Value(y, requires_grad=False) for y in ys]

    def step() -> Any:
        h = inputs
        for i, (W, B) in enumerate(params):
            # The same scalar graph as F.linear: one dot node (row . x + bias) per output.
            h = [[apply(DOT, *hx, *row, b) for row, b in zip(W, B)] for hx in h]
            if i < len(params) - 1:
                h = [[v.tanh() for v in hx] for hx in h]
        diffs = [(hx[0] - y) * (hx[0] - y) for hx, y in zip(h, targets)]
        loss = Value.sum(diffs) / len(diffs)
        loss.backward()
        return loss

    return step


def with_tensors(weights: list, xs: list, ys: list) -> Callable[[], Any]:
    import tensors.nn.functional as F

    params = [
        (torch.tensor(W, requires_grad=True), torch.tensor(B, requires_grad=True))
        for W, B in weights
    ]
    x = torch.tensor(xs)
    y = torch.tensor(ys).reshape(N, 1)

    def step() -> Any:
        h = x
        for i, (W, B) in enumerate(params):
            h = F.linear(h, W, B)
            if i < len(params) - 1:
                h = h.tanh()
        loss = F.mse_loss(h, y)
        loss.backward()
        return loss

    return step


def best_of(step: Callable[[], Any], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n")[0]).parse_args()
    weights, xs, ys = setup()
    hand = by_hand(weights, xs, ys)
    tens = with_tensors(weights, xs, ys)
    a, b = hand(), tens()
    assert abs(a.data - b.item()) < 1e-12, (a.data, b.item())
    t_hand, t_tens = best_of(hand), best_of(tens)
    print(f"MLP {'-'.join(map(str, SIZES))} step over {N} points (forward + backward), best of 5:")
    print(f"  Values by hand   {t_hand * 1e3:8.1f} ms")
    print(f"  tensors          {t_tens * 1e3:8.1f} ms")
    print(f"  overhead         {t_tens / t_hand:8.2f}x   (same scalar graph, same loss)")

    A = torch.rand(64, 64, requires_grad=True)
    B = torch.rand(64, 64, requires_grad=True)

    def matmul_step() -> Any:
        out = (A @ B).sum()
        out.backward()
        return out

    gc.collect()
    t0 = time.perf_counter()
    C = A @ B
    t1 = time.perf_counter()
    C.sum().backward()
    t2 = time.perf_counter()
    print("\n64x64 @ 64x64 matmul (262,144 multiplications, 4,096 sums):")
    print(f"  forward          {(t1 - t0) * 1e3:8.1f} ms")
    print(f"  sum + backward   {(t2 - t1) * 1e3:8.1f} ms")
    print(f"  best of 3 total  {best_of(matmul_step, 3) * 1e3:8.1f} ms")


if __name__ == "__main__":
    main()
