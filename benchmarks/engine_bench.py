"""Speed and memory of the scalar engine, beside micrograd's when it is installed.

Run: ``python benchmarks/engine_bench.py`` (``pip install micrograd==0.1.0`` to
see micrograd's column). Prints, for each engine and workload, the graph size,
the forward and backward time per node and per step, and the bytes per node.

Workloads:
- mlp:   one training step of a 2-16-16-1 tanh MLP over 64 points (forward,
         squared-error loss, backward);
- chain: a chain of 100,000 nodes (x = x * c + d, repeated);
- sum:   a sum of 100,000 terms (one n-ary node here; micrograd's sum() makes
         a chain of adds).
micrograd 0.1.0 has no tanh; the benchmark adds one in micrograd's own style
(a closure per node), as in the lecture that introduced it.
"""

from __future__ import annotations

import gc
import math
import random
import sys
import time
import tracemalloc
from typing import Any, Callable

sys.path.insert(0, __file__.rsplit("/benchmarks/", 1)[0])

from autograd_scalar import Value  # noqa: E402

N_POINTS, SIZES, CHAIN, TERMS = 64, (2, 16, 16, 1), 100_000, 100_000


# -- the two engines behind one small interface ------------------------------


class Ours:
    name = "autograd_scalar"
    Value = Value

    @staticmethod
    def neuron(ws: list, b: Any, xs: list, act: bool) -> Any:
        s = Value.sum([w * x for w, x in zip(ws, xs)] + [b])
        return s.tanh() if act else s

    @staticmethod
    def total(vs: list) -> Any:
        return Value.sum(vs)

    @staticmethod
    def parents(v: Any) -> tuple:
        return v._parents


def _micrograd() -> Any:
    try:
        from micrograd.engine import Value as MValue
    except ImportError:
        return None

    def tanh(self: Any) -> Any:
        t = math.tanh(self.data)
        out = MValue(t, (self,), "tanh")

        def _backward() -> None:
            self.grad += (1 - t * t) * out.grad

        out._backward = _backward
        return out

    MValue.tanh = tanh

    class Micrograd:
        name = "micrograd 0.1.0"
        Value = MValue

        @staticmethod
        def neuron(ws: list, b: Any, xs: list, act: bool) -> Any:
            s = sum((w * x for w, x in zip(ws, xs)), b)
            return s.tanh() if act else s

        @staticmethod
        def total(vs: list) -> Any:
            return sum(vs)

        @staticmethod
        def parents(v: Any) -> tuple:
            return tuple(v._prev)

    return Micrograd


# -- workloads -----------------------------------------------------------------


def count_nodes(eng: Any, root: Any) -> int:
    seen = {id(root)}
    stack = [root]
    while stack:
        for p in eng.parents(stack.pop()):
            if id(p) not in seen:
                seen.add(id(p))
                stack.append(p)
    return len(seen)


def mlp_forward(eng: Any) -> tuple:
    rng = random.Random(0)
    layers = []
    for nin, nout in zip(SIZES, SIZES[1:]):
        layers.append(
            [
                ([eng.Value(rng.uniform(-1, 1)) for _ in range(nin)], eng.Value(0.0))
                for _ in range(nout)
            ]
        )
    data = [
        ([rng.uniform(-2, 2), rng.uniform(-2, 2)], rng.choice((-1.0, 1.0))) for _ in range(N_POINTS)
    ]

    def forward() -> Any:
        errors = []
        for xs, y in data:
            h = xs
            for i, layer in enumerate(layers):
                act = i < len(layers) - 1
                h = [eng.neuron(ws, b, h, act) for ws, b in layer]
            errors.append((h[0] - y) ** 2)
        return eng.total(errors) * (1.0 / N_POINTS)

    return forward


def chain(eng: Any) -> Callable[[], Any]:
    def forward() -> Any:
        x = eng.Value(0.5)
        for _ in range(CHAIN // 2):
            x = x * 0.9999 + 0.0001
        return x

    return forward


def big_sum(eng: Any) -> Callable[[], Any]:
    rng = random.Random(0)
    leaves = [eng.Value(rng.random()) for _ in range(TERMS)]
    return lambda: eng.total(leaves)


def measure(eng: Any, make: Callable[[Any], Callable[[], Any]], repeat: int = 3) -> dict:
    forward = make(eng)
    best_f = best_b = math.inf
    nodes = 0
    error = ""
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        root = forward()
        t1 = time.perf_counter()
        try:
            root.backward()
        except RecursionError:
            error = "RecursionError"
            break
        t2 = time.perf_counter()
        best_f, best_b = min(best_f, t1 - t0), min(best_b, t2 - t1)
        nodes = count_nodes(eng, root)
        del root
    gc.collect()
    tracemalloc.start()
    root = forward()
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    nodes = nodes or count_nodes(eng, root)
    del root
    return {"nodes": nodes, "fwd": best_f, "bwd": best_b, "bytes": size / nodes, "error": error}


def main() -> None:
    engines = [Ours]
    mg = _micrograd()
    if mg is not None:
        engines.append(mg)
    else:
        print("(micrograd not installed: pip install micrograd==0.1.0 to compare)\n")
    limit = sys.getrecursionlimit()
    print(f"Python {sys.version.split()[0]}, recursion limit {limit}\n")
    header = (
        f"{'workload':8} {'engine':16} {'nodes':>8} {'fwd µs/node':>12} {'bwd µs/node':>12}"
        f" {'step ms':>9} {'bytes/node':>11}"
    )
    print(header)
    print("-" * len(header))
    steps = {}
    for label, make in (("mlp", mlp_forward), ("chain", chain), ("sum", big_sum)):
        for eng in engines:
            r = measure(eng, make)
            if r["error"]:
                print(f"{label:8} {eng.name:16} {r['nodes']:8d} {'dies with ' + r['error']:>46}")
                continue
            per = 1e6 / r["nodes"]
            step = (r["fwd"] + r["bwd"]) * 1e3
            steps[label, eng.name] = step
            print(
                f"{label:8} {eng.name:16} {r['nodes']:8d} {r['fwd'] * per:12.3f}"
                f" {r['bwd'] * per:12.3f} {step:9.2f} {r['bytes']:11.0f}"
            )
    if mg is not None and ("mlp", mg.name) in steps:
        ratio = steps["mlp", mg.name] / steps["mlp", Ours.name]
        print(f"\nmlp step: {ratio:.1f}x faster than micrograd (forward + backward, same network)")


if __name__ == "__main__":
    main()
