"""The cost of one elementwise tensor op, forward and backward, beside PyTorch's eager op.

Run: ``python benchmarks/op_overhead.py [--ops N] [--repeat R] [--sizes 1,16,64] [--cpu]
[--tensor-operands]``.
For each tensor size, ``y = y * 1.0001 + 0.0001`` is repeated on a leaf that
requires grad (``N`` times, so ``2N`` ops), then ``y.sum().backward()``; it
prints the microseconds per op of the forward and of the backward, with
``tensors`` and, when it is installed, with PyTorch, in the same run. Then
the cost per element (the slope between the smallest and the largest size)
beside the Value engine's cost per node for the same chain of scalar ops, and
the fixed cost at the smallest size beside PyTorch's. ``--tensor-operands``
times ``y = y * a + b`` with tensors ``a`` (a leaf that requires grad) and ``b``
of ``y``'s shape instead.

Times are the best of ``R`` runs; the libraries take turns within a run, so
a burst of load from other programs tends to hit both. ``--cpu`` measures the
process's CPU time instead of the wall clock: on a machine whose cores other
jobs keep busy, the time spent waiting for a core is left out.
"""

from __future__ import annotations

import argparse
import gc
import platform
import sys
import time
from typing import Any, Callable, Optional

sys.path.insert(0, __file__.rsplit("/benchmarks/", 1)[0])

import tensors  # noqa: E402
from autograd_scalar import Value  # noqa: E402


def _torch() -> Optional[Any]:
    try:
        import torch
    except ImportError:
        return None
    return torch


clock = time.perf_counter


def chain(lib: Any, size: int, ops: int, tensor_operands: bool = False) -> Callable[[], tuple]:
    """One timed run: (forward seconds, backward seconds) of the chain on ``lib``;
    with ``tensor_operands``, ``y * a + b`` with tensors of ``y``'s shape (``a`` a leaf
    that requires grad) in place of the numbers."""

    def run() -> tuple:
        x = lib.ones(size, requires_grad=True) if size > 1 else lib.tensor(0.5, requires_grad=True)
        a, b = 1.0001, 0.0001
        if tensor_operands:
            a = lib.full(x.shape, a, requires_grad=True)
            b = lib.full(x.shape, b)
        gc.collect()
        t0 = clock()
        y = x
        for _ in range(ops):
            y = y * a + b
        s = y.sum()
        t1 = clock()
        s.backward()
        t2 = clock()
        return t1 - t0, t2 - t1

    return run


def value_chain(size: int, ops: int, tensor_operands: bool = False) -> Callable[[], tuple]:
    """The same scalar graph built from Values by hand: ``size`` chains side by side."""

    def run() -> tuple:
        xs = [Value(0.5) for _ in range(size)]
        if tensor_operands:
            a = [Value(1.0001, requires_grad=True) for _ in range(size)]
            b = [Value(0.0001, requires_grad=False) for _ in range(size)]
        gc.collect()
        t0 = clock()
        ys = xs
        for _ in range(ops):
            if tensor_operands:
                ys = [y * p + q for y, p, q in zip(ys, a, b)]
            else:
                ys = [y * 1.0001 + 0.0001 for y in ys]
        s = Value.sum(ys)
        t1 = clock()
        s.backward()
        t2 = clock()
        return t1 - t0, t2 - t1

    return run


def best(runs: dict, repeat: int) -> dict:
    out = {name: [float("inf"), float("inf")] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():  # the contenders take turns
            f, b = run()
            out[name][0] = min(out[name][0], f)
            out[name][1] = min(out[name][1], b)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ops", type=int, default=500, help="repetitions of y * a + b (2 ops)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is shown")
    parser.add_argument("--sizes", default="1,16,64", help="comma-separated tensor sizes")
    parser.add_argument("--cpu", action="store_true", help="CPU time instead of the wall clock")
    parser.add_argument(
        "--tensor-operands",
        action="store_true",
        help="y * a + b with tensors a, b of y's shape instead of the numbers",
    )
    args = parser.parse_args()
    global clock
    if args.cpu:
        clock = time.process_time
    sizes = [int(s) for s in args.sizes.split(",")]
    torch = _torch()
    n_ops = 2 * args.ops
    print(
        f"Python {sys.version.split()[0]} on {platform.machine()}, {platform.node()}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {n_ops} ops per run, "
        f"best of {args.repeat}, {'CPU' if args.cpu else 'wall-clock'} time"
    )
    if torch is None:
        print("(PyTorch not installed: the tensors column only)")
    header = f"{'size':>5} {'lib':9} {'fwd µs/op':>10} {'bwd µs/op':>10} {'total':>8}"
    print(header)
    print("-" * len(header))
    totals: dict = {}
    for size in sizes:
        mixed = args.tensor_operands
        runs = {
            "tensors": chain(tensors, size, args.ops, mixed),
            "Value": value_chain(size, args.ops, mixed),
        }
        if torch is not None:
            runs["torch"] = chain(torch, size, args.ops, mixed)
        result = best(runs, args.repeat)
        for name, (f, b) in result.items():
            f, b = f / n_ops * 1e6, b / n_ops * 1e6
            totals[name, size] = f + b
            print(f"{size:5d} {name:9} {f:10.2f} {b:10.2f} {f + b:8.2f}")
        print()
    if len(sizes) > 1:
        lo, hi = min(sizes), max(sizes)
        slope = (totals["tensors", hi] - totals["tensors", lo]) / (hi - lo)
        per_node = totals["Value", hi] / hi
        print(
            f"per element, fwd + bwd: tensors {slope:.2f} µs (sizes {lo} to {hi}), "
            f"the Value engine {per_node:.2f} µs per node: {slope / per_node:.2f}x"
        )
    if torch is not None:
        lo = min(sizes)
        ours, theirs = totals["tensors", lo], totals["torch", lo]
        print(
            f"fixed cost, fwd + bwd at size {lo}: tensors {ours:.2f} µs, PyTorch {theirs:.2f} µs "
            f"per op: {ours / theirs:.2f}x"
        )
    print(
        "µs/op: the run's time over its number of ops (the final sum and its backward\n"
        "included); Value: the same scalar graph built by hand from Values, for\n"
        "the cost per element (one Value per element per op)."
    )


if __name__ == "__main__":
    main()
