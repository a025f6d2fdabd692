"""Speed and memory of the scalar engine against a bare Python floor and micrograd.

Run: ``python benchmarks/engine_bench.py [--repeat N] [--only mlp,chain]
[--no-tensors] [--collector-paused] [--cpu]``.
Prints, in one run, for each workload and engine: the graph size, the time of
forward and backward per node, the peak bytes per node during forward and
backward, and the ratios of the step time to the floor's and to micrograd's.

Engines:
- floor: ``benchmarks/floor.py``, a bare slotted node with an iterative
  topological sort, the least pure Python can do (the yardstick);
- Value: ``autograd_scalar.Value``;
- micrograd: micrograd 0.1.0 when installed (``pip install micrograd==0.1.0``),
  with a tanh in its own style (a closure per node); its recursive
  topological sort dies on deep graphs, which the table says;
- tensors: the same workloads written with ``tensors`` (the chain with 0-d
  tensors, the sum with ``torch.sum``, the matmul with ``@``).

Workloads (fwd + bwd):
- mlp:    one step of a 2-16-16-1 tanh MLP over 64 points (squared error);
- chain:  100,000 nodes, ``x = x * 0.9999 + 0.0001`` repeated;
- wide:   one sum of 100,000 leaves (micrograd's sum() makes a chain of adds);
- matmul: a 48x48 @ 48x48 matrix product from scalars, then the sum;
- mem:    a random graph of 100,000 nodes (products, halved sums, tanh), all
          kept alive, then one backward through it.

Times are the best of ``--repeat`` runs, the engines taking turns; each ratio is
the median over the runs of the ratio of two times measured side by side, so
that a shared machine's bursts of load do not decide it. The garbage collector
runs with the program's settings (a ``gc.collect()`` before each run). ``--cpu`` times
with the process's CPU time instead of the wall clock (on a machine whose cores
other jobs keep busy, the time spent waiting for a core is left out).
"""

from __future__ import annotations

import argparse
import gc
import math
import platform
import random
import statistics
import sys
import time
import tracemalloc
from typing import Any, Callable, Optional

ROOT = __file__.rsplit("/benchmarks/", 1)[0]
sys.path.insert(0, ROOT)
sys.path.insert(0, ROOT + "/benchmarks")

from floor import Node  # noqa: E402

from autograd_scalar import Value, topological_order  # noqa: E402

N_POINTS, SIZES, CHAIN, WIDE, MATMUL, MEM = 64, (2, 16, 16, 1), 100_000, 100_000, 48, 100_000
TENSOR_CHAIN = 20_000  # a 0-d tensor op costs far more than a Value op: a shorter chain


# -- the engines behind one small interface ------------------------------------


class Floor:
    name = "floor"
    leaf = Node
    sum = staticmethod(Node.sum)

    @staticmethod
    def tanh(v: Any) -> Any:
        return v.tanh()

    @staticmethod
    def backward(root: Any) -> None:
        root.backward()

    @staticmethod
    def nodes(root: Any) -> int:
        return _count(root, lambda v: v.inputs)


class Ours:
    name = "Value"
    leaf = Value
    sum = staticmethod(Value.sum)

    @staticmethod
    def tanh(v: Any) -> Any:
        return v.tanh()

    @staticmethod
    def backward(root: Any) -> None:
        root.backward()

    @staticmethod
    def nodes(root: Any) -> int:
        # Values that take part in backward (constants made from numbers do not).
        return len(topological_order([root]))


class OursPaused(Ours):
    """The Value engine with Python's cyclic collector paused (the opt-in)."""

    name = "Value*"

    @staticmethod
    def backward(root: Any) -> None:
        from autograd_scalar import collector_paused

        with collector_paused():
            root.backward()


def _paused(forward: Callable[[], Any]) -> Callable[[], Any]:
    from autograd_scalar import collector_paused

    return collector_paused()(forward)


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
        name = "micrograd"
        leaf = MValue

        @staticmethod
        def sum(vs: Any) -> Any:
            return sum(vs)

        @staticmethod
        def tanh(v: Any) -> Any:
            return v.tanh()

        @staticmethod
        def backward(root: Any) -> None:
            root.backward()

        @staticmethod
        def nodes(root: Any) -> int:
            return _count(root, lambda v: v._prev)

    return Micrograd


def _count(root: Any, inputs: Callable[[Any], Any]) -> int:
    seen = {id(root)}
    stack = [root]
    while stack:
        for p in inputs(stack.pop()):
            if id(p) not in seen:
                seen.add(id(p))
                stack.append(p)
    return len(seen)


# -- workloads, written once for the scalar engines ------------------------------


def mlp(eng: Any) -> Callable[[], Any]:
    rng = random.Random(0)
    layers = []
    for nin, nout in zip(SIZES, SIZES[1:]):
        layers.append(
            [
                ([eng.leaf(rng.uniform(-1, 1)) for _ in range(nin)], eng.leaf(0.0))
                for _ in range(nout)
            ]
        )
    data = [
        ([rng.uniform(-2, 2), rng.uniform(-2, 2)], rng.choice((-1.0, 1.0))) for _ in range(N_POINTS)
    ]
    last = len(layers) - 1

    def forward() -> Any:
        errors = []
        for xs, y in data:
            h = xs
            for i, layer in enumerate(layers):
                h = [eng.sum([w * x for w, x in zip(ws, h)] + [b]) for ws, b in layer]
                if i < last:
                    h = [eng.tanh(v) for v in h]
            errors.append((h[0] - y) ** 2)
        return eng.sum(errors) * (1.0 / N_POINTS)

    return forward


def chain(eng: Any) -> Callable[[], Any]:
    def forward() -> Any:
        x = eng.leaf(0.5)
        for _ in range(CHAIN // 2):
            x = x * 0.9999 + 0.0001
        return x

    return forward


def wide(eng: Any) -> Callable[[], Any]:
    rng = random.Random(0)
    leaves = [eng.leaf(rng.random()) for _ in range(WIDE)]
    return lambda: eng.sum(leaves)


def matmul(eng: Any) -> Callable[[], Any]:
    rng = random.Random(0)
    n = MATMUL
    A = [[eng.leaf(rng.uniform(-1, 1)) for _ in range(n)] for _ in range(n)]
    B = [[eng.leaf(rng.uniform(-1, 1)) for _ in range(n)] for _ in range(n)]
    columns = [[B[k][j] for k in range(n)] for j in range(n)]

    def forward() -> Any:
        C = [eng.sum([a * b for a, b in zip(row, col)]) for row in A for col in columns]
        return eng.sum(C)

    return forward


def mem(eng: Any) -> Callable[[], Any]:
    rng = random.Random(0)
    start = [eng.leaf(rng.uniform(-1, 1)) for _ in range(100)]
    # Every new node uses one or two random earlier ones; values stay in [-1, 1].
    plan = []
    made = len(start)
    used = set()
    while made < len(start) + MEM:
        kind = rng.randrange(3)
        i, j = rng.randrange(made), rng.randrange(made)
        plan.append((kind, i, j))
        used.update((i, j) if kind != 2 else (i,))
        if kind == 1:
            used.add(made)  # the sum feeds its halving
        made += 2 if kind == 1 else 1
    # The root sums the nodes nothing else uses, so backward reaches every node.
    sinks = [k for k in range(made) if k not in used]

    def forward() -> Any:
        pool = list(start)
        add = pool.append
        for kind, i, j in plan:
            if kind == 0:
                add(pool[i] * pool[j])
            elif kind == 1:
                s = pool[i] + pool[j]
                add(s)
                add(s * 0.5)
            else:
                add(eng.tanh(pool[i]))
        return eng.sum([pool[k] for k in sinks])

    return forward


WORKLOADS = {"mlp": mlp, "chain": chain, "wide": wide, "matmul": matmul, "mem": mem}


# -- the tensor layer ------------------------------------------------------------------


def _tensor_workloads() -> dict:
    import tensors as torch
    import tensors.nn.functional as F

    def t_mlp() -> Callable[[], Any]:
        rng = random.Random(0)
        params = []
        for nin, nout in zip(SIZES, SIZES[1:]):
            W = [[rng.uniform(-1, 1) for _ in range(nin)] for _ in range(nout)]
            params.append(
                (torch.tensor(W, requires_grad=True), torch.zeros(nout, requires_grad=True))
            )
        pts = [
            ([rng.uniform(-2, 2), rng.uniform(-2, 2)], rng.choice((-1.0, 1.0)))
            for _ in range(N_POINTS)
        ]
        x = torch.tensor([p for p, _ in pts])
        y = torch.tensor([t for _, t in pts]).reshape(N_POINTS, 1)

        def forward() -> Any:
            h = x
            for i, (W, b) in enumerate(params):
                h = F.linear(h, W, b)
                if i < len(params) - 1:
                    h = h.tanh()
            return ((h - y) ** 2).sum() * (1.0 / N_POINTS)

        return forward

    def t_chain() -> Callable[[], Any]:
        def forward() -> Any:
            x = torch.tensor(0.5, requires_grad=True)
            for _ in range(TENSOR_CHAIN // 2):
                x = x * 0.9999 + 0.0001
            return x

        return forward

    def t_wide() -> Callable[[], Any]:
        rng = random.Random(0)
        leaves = torch.tensor([rng.random() for _ in range(WIDE)], requires_grad=True)
        return lambda: leaves.sum()

    def t_matmul() -> Callable[[], Any]:
        rng = random.Random(0)
        n = MATMUL
        A = torch.tensor(
            [[rng.uniform(-1, 1) for _ in range(n)] for _ in range(n)], requires_grad=True
        )
        B = torch.tensor(
            [[rng.uniform(-1, 1) for _ in range(n)] for _ in range(n)], requires_grad=True
        )
        return lambda: (A @ B).sum()

    class Tensors:
        name = "tensors"

        @staticmethod
        def backward(root: Any) -> None:
            root.backward()

        @staticmethod
        def nodes(root: Any) -> int:
            return len(topological_order([root._flat()[0]]))

    return Tensors, {"mlp": t_mlp, "chain": t_chain, "wide": t_wide, "matmul": t_matmul}


# -- measuring -----------------------------------------------------------------------


clock = time.perf_counter  # time.process_time with --cpu


def run_once(eng: Any, forward: Callable[[], Any]) -> tuple:
    gc.collect()
    t0 = clock()
    root = forward()
    t1 = clock()
    eng.backward(root)
    t2 = clock()
    return t1 - t0, t2 - t1


def peak_bytes(eng: Any, forward: Callable[[], Any]) -> tuple:
    """Bytes allocated at the end of forward and at the peak of forward + backward."""
    gc.collect()
    tracemalloc.start()
    root = forward()
    graph, _ = tracemalloc.get_traced_memory()
    eng.backward(root)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del root
    return graph, peak


def measure(engines: list, make: dict, repeat: int) -> dict:
    forwards = {}
    results: dict = {}
    for eng in engines:
        forwards[eng.name] = make[eng.name]()
        results[eng.name] = {"fwd": math.inf, "bwd": math.inf, "error": "", "steps": []}
    for _ in range(repeat):
        for eng in engines:
            r = results[eng.name]
            if r["error"]:
                continue
            try:
                f, b = run_once(eng, forwards[eng.name])
            except RecursionError:
                r["error"] = "RecursionError"
                continue
            r["fwd"], r["bwd"] = min(r["fwd"], f), min(r["bwd"], b)
            r["steps"].append(f + b)
    for eng in engines:
        r = results[eng.name]
        if r["error"]:
            continue
        fwd = forwards[eng.name]
        r["nodes"] = eng.nodes(fwd())
        r["graph"], r["peak"] = peak_bytes(eng, fwd)
    return results


def _ratio(mine: list, theirs: list) -> float:
    """The median, over the rounds, of the ratio of two engines' step times.

    The engines take turns in each round, so a burst of load from other
    programs tends to hit both times of a round; the median drops the rounds
    where it did not.
    """
    return statistics.median(a / b for a, b in zip(mine, theirs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per engine and workload")
    parser.add_argument("--only", default="", help="comma-separated workloads (default: all)")
    parser.add_argument("--no-tensors", action="store_true", help="skip the tensor layer")
    parser.add_argument(
        "--collector-paused",
        action="store_true",
        help="add a row for the Value engine inside autograd_scalar.collector_paused()",
    )
    parser.add_argument("--cpu", action="store_true", help="CPU time instead of the wall clock")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(WORKLOADS)
    global clock
    if args.cpu:
        clock = time.process_time

    scalar = [Floor, Ours]
    if args.collector_paused:
        scalar.append(OursPaused)
    mg = _micrograd()
    if mg is not None:
        scalar.append(mg)
    tensor_eng: Optional[Any] = None
    tensor_make: dict = {}
    if not args.no_tensors:
        tensor_eng, tensor_make = _tensor_workloads()

    print(
        f"Python {sys.version.split()[0]} on {platform.machine()}, {platform.node()}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; best of {args.repeat}"
        f"{', CPU time' if args.cpu else ''}; "
        f"recursion limit {sys.getrecursionlimit()}"
    )
    if mg is None:
        print("(micrograd not installed: pip install micrograd==0.1.0 to compare)")
    header = (
        f"{'workload':8} {'engine':9} {'nodes':>7} {'fwd µs':>7} {'bwd µs':>7} {'µs/node':>8}"
        f" {'step ms':>8} {'B/node':>7} {'peak':>6} {'x floor':>8} {'x mgrad':>8}"
    )
    print(header)
    print("-" * len(header))
    for name in names:
        engines = list(scalar)
        work = WORKLOADS[name]
        make = {eng.name: (lambda eng=eng, work=work: work(eng)) for eng in scalar}
        if args.collector_paused:
            make[OursPaused.name] = lambda work=work: _paused(work(Ours))
        if tensor_eng is not None and name in tensor_make:
            engines.append(tensor_eng)
            make[tensor_eng.name] = tensor_make[name]
        results = measure(engines, make, args.repeat)
        floor = results["floor"]
        mg_steps = None
        if mg is not None and not results[mg.name]["error"]:
            mg_steps = results[mg.name]["steps"]
        for eng in engines:
            r = results[eng.name]
            if r["error"]:
                print(f"{name:8} {eng.name:9} {'dies: ' + r['error']:>30}")
                continue
            n = r["nodes"]
            step = r["fwd"] + r["bwd"]
            # Step over step (micrograd's graphs also hold a node per number), but
            # per node for the tensor chain, which is shorter.
            per_node = floor["nodes"] / n if eng is tensor_eng and name == "chain" else 1.0
            x_floor = _ratio(r["steps"], floor["steps"]) * per_node
            x_mg = f"{'':8}"
            if mg_steps and name == "mlp":
                x_mg = f"{_ratio(mg_steps, r['steps']):8.2f}"
            print(
                f"{name:8} {eng.name:9} {n:7d} {r['fwd'] / n * 1e6:7.3f} {r['bwd'] / n * 1e6:7.3f}"
                f" {step / n * 1e6:8.3f} {step * 1e3:8.1f} {r['graph'] / n:7.0f}"
                f" {r['peak'] / n:6.0f} {x_floor:8.2f} {x_mg}"
            )
        print()
    print(
        "Times: the best of the runs. µs/node: (forward + backward) / nodes. B/node: bytes\n"
        "allocated by the forward per node; peak: the peak of forward + backward per node.\n"
        "x floor: this engine's step time over the floor's (per node for the shorter tensor\n"
        "chain); x mgrad: micrograd's step time over this engine's (how many times faster on\n"
        "the same network); each ratio is the median over the runs of the ratio within a run."
    )
    if args.collector_paused:
        print("Value*: the Value engine with forward and backward inside collector_paused().")


if __name__ == "__main__":
    main()
