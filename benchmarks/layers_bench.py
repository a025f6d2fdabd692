"""Speed of the nn layers (convolution, pooling, normalisation, embedding), beside PyTorch's.

Run: ``python benchmarks/layers_bench.py``. For each workload it prints the
best of a few runs of forward plus backward, here and (when torch is
installed) in PyTorch on the CPU. Workloads are teaching-sized: a ``Conv2d(1, 4, 3)`` on one 8x8
image is the one the course draws; the 28x28 CNN is MNIST-shaped.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any, Callable

sys.path.insert(0, __file__.rsplit("/benchmarks/", 1)[0])

import tensors  # noqa: E402


def workloads(lib: Any) -> dict:
    nn = lib.nn

    def cnn() -> tuple:
        net = nn.Sequential(
            nn.Conv2d(1, 4, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(4 * 14 * 14, 10),
        )
        return net, lib.randn(1, 1, 28, 28)

    return {
        "Conv2d(1, 4, 3), 1x1x8x8": lambda: (nn.Conv2d(1, 4, 3), lib.randn(1, 1, 8, 8)),
        "Conv2d(3, 8, 3, padding=1), 2x3x16x16": lambda: (
            nn.Conv2d(3, 8, 3, padding=1),
            lib.randn(2, 3, 16, 16),
        ),
        "Conv1d(4, 8, 5), 4x4x32": lambda: (nn.Conv1d(4, 8, 5), lib.randn(4, 4, 32)),
        "MaxPool2d(2), 2x4x16x16": lambda: (nn.MaxPool2d(2), lib.randn(2, 4, 16, 16)),
        "AvgPool2d(2), 2x4x16x16": lambda: (nn.AvgPool2d(2), lib.randn(2, 4, 16, 16)),
        "CNN on 1x1x28x28 (conv, relu, pool, linear)": cnn,
        "BatchNorm1d(16), 32x16": lambda: (nn.BatchNorm1d(16), lib.randn(32, 16)),
        "LayerNorm(64), 8x64": lambda: (nn.LayerNorm(64), lib.randn(8, 64)),
        "Embedding(100, 16), 8x10 indices": lambda: (
            nn.Embedding(100, 16),
            lib.randint(0, 100, (8, 10)),
        ),
    }


def best_time(make: Callable[[], tuple], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        module, x = make()
        if x.is_floating_point():
            x.requires_grad_()
        start = time.perf_counter()
        out = module(x)
        out.sum().backward()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n")[0]).parse_args()
    try:
        import torch
    except ImportError:
        torch = None
    else:
        # One thread, as here: on a shared machine PyTorch's thread pool mostly waits.
        torch.set_num_threads(1)
    ours = workloads(tensors)
    theirs = workloads(torch) if torch is not None else {}
    print(f"{'workload':46} {'here':>10} {'PyTorch':>10}")
    for name, make in ours.items():
        t = best_time(make)
        line = f"{name:46} {t * 1e3:8.1f}ms"
        if name in theirs:
            tt = best_time(theirs[name])
            line += f" {tt * 1e3:8.2f}ms"
        print(line)


if __name__ == "__main__":
    main()
