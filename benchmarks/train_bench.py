"""Seconds per training step of a 2-16-16-1 ReLU MLP on 100 two-moons points.

Run: ``python benchmarks/train_bench.py`` (``pip install micrograd==0.1.0`` to
see micrograd's row). One step is full-batch: zero the gradients, forward,
loss, backward, update. Rows:

- ``tensors.nn``, hinge loss, SGD: ``nn.Sequential`` of ``nn.Linear``/``nn.ReLU``
  with ``optim.SGD``; the loss is micrograd's demo loss (the mean of
  ``relu(1 - y * score)`` with labels -1/+1), so the two do the same arithmetic;
- ``tensors.nn``, BCE-with-logits, Adam: the set-up of the training test;
- ``micrograd nn.MLP``, hinge loss, SGD: micrograd's own ``MLP(2, [16, 16, 1])``
  (ReLU hidden layers, linear output), updated by ``p.data -= lr * p.grad``.

Prints the best and median of the timed steps, split into forward (with the
loss), backward and update. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from typing import Any, Callable, List, Optional, Tuple

sys.path.insert(0, __file__.rsplit("/benchmarks/", 1)[0])

import tensors as torch  # noqa: E402
from tensors import nn  # noqa: E402

SIZES = (2, 16, 16, 1)

# A step is three callables: forward+loss -> loss, backward(loss), update().
Step = Tuple[Callable[[], Any], Callable[[Any], None], Callable[[], None]]


def ours(loss_name: str, optimizer: str, n_points: int) -> Step:
    X, y = torch.data.make_moons(n_points, noise=0.1, seed=0)
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1)
    )
    if optimizer == "sgd":
        opt: Any = torch.optim.SGD(model.parameters(), lr=0.05)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=0.05)
    if loss_name == "hinge":
        signs = (y.float() * 2 - 1).unsqueeze(1)

        def loss_fn(scores: Any) -> Any:
            return torch.relu(1 - signs * scores).mean()

    else:
        target = y.float().unsqueeze(1)
        bce = nn.BCEWithLogitsLoss()

        def loss_fn(scores: Any) -> Any:
            return bce(scores, target)

    def forward() -> Any:
        opt.zero_grad()
        return loss_fn(model(X))

    return forward, lambda loss: loss.backward(), opt.step


def micrograd(n_points: int) -> Optional[Step]:
    try:
        from micrograd.engine import Value
        from micrograd.nn import MLP
    except ImportError:
        return None
    X, y = torch.data.make_moons(n_points, noise=0.1, seed=0)
    points = X.tolist()
    signs = [2.0 * label - 1.0 for label in y.tolist()]
    random.seed(0)
    model = MLP(2, list(SIZES[1:]))
    params = model.parameters()

    def forward() -> Any:
        model.zero_grad()
        inputs = [[Value(a), Value(b)] for a, b in points]
        scores = [model(x) for x in inputs]
        losses = [(1 + -s * score).relu() for s, score in zip(signs, scores)]
        return sum(losses) * (1.0 / len(losses))

    def update() -> None:
        for p in params:
            p.data -= 0.05 * p.grad

    return forward, lambda loss: loss.backward(), update


def measure(step: Step, repeat: int) -> dict:
    forward, backward, update = step
    times: List[Tuple[float, float, float]] = []
    for i in range(repeat + 1):
        gc.collect()
        t0 = time.perf_counter()
        loss = forward()
        t1 = time.perf_counter()
        backward(loss)
        t2 = time.perf_counter()
        update()
        t3 = time.perf_counter()
        del loss
        if i:  # the first step warms up
            times.append((t1 - t0, t2 - t1, t3 - t2))
    totals = [sum(t) for t in times]
    return {
        "best": min(totals),
        "median": statistics.median(totals),
        "fwd": statistics.median(t[0] for t in times),
        "bwd": statistics.median(t[1] for t in times),
        "upd": statistics.median(t[2] for t in times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=100, help="two-moons points (batch size)")
    parser.add_argument("--repeat", type=int, default=5, help="timed steps per row")
    args = parser.parse_args()

    rows = [
        ("tensors.nn, hinge loss, SGD", ours("hinge", "sgd", args.points)),
        ("tensors.nn, BCE-with-logits, Adam", ours("bce", "adam", args.points)),
    ]
    mg = micrograd(args.points)
    if mg is None:
        print("(micrograd not installed: pip install micrograd==0.1.0 to compare)\n")
    else:
        rows.append(("micrograd nn.MLP, hinge loss, SGD", mg))
    print(
        f"2-16-16-1 MLP, {args.points} two-moons points, full batch; "
        f"Python {sys.version.split()[0]}; {args.repeat} timed steps per row\n"
    )
    header = (
        f"{'model, loss, optimizer':36} {'best s/step':>11} {'median':>8}"
        f" {'forward':>8} {'backward':>9} {'update':>8}"
    )
    print(header)
    print("-" * len(header))
    results = {}
    for label, step in rows:
        r = measure(step, args.repeat)
        results[label] = r
        print(
            f"{label:36} {r['best']:11.3f} {r['median']:8.3f}"
            f" {r['fwd']:8.3f} {r['bwd']:9.3f} {r['upd']:8.4f}"
        )
    if mg is not None:
        ratio = results[rows[2][0]]["median"] / results[rows[0][0]]["median"]
        word = "faster" if ratio >= 1 else "slower"
        shown = ratio if ratio >= 1 else 1 / ratio
        print(f"\ntensors.nn is {shown:.1f}x {word} than micrograd's nn.MLP per step (same loss)")


if __name__ == "__main__":
    main()
