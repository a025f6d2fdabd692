"""The graphs the lessons draw are PyTorch's own: the same backward nodes, linked the
same way (``next_functions``), and, where ``make_dot(show_attrs=True)`` lists what a
node saves, the same saved attributes (tensors by shape, or None where PyTorch saves
nothing).

Each program below is one the lessons draw or print the ``grad_fn`` of, run on
``tensors`` and on ``torch``; the walk from the output's ``grad_fn`` is compared
node by node. Skips where PyTorch is not installed.
"""

import pytest

import tensors
from viz import autograd_view

torch = pytest.importorskip("torch")


def _tutorial(lib):  # lesson 01, cells 3-19: viz.draw, grad_fn printed, make_dot
    x, y = lib.ones(5), lib.zeros(3)
    w = lib.randn(5, 3, requires_grad=True)
    b = lib.randn(3, requires_grad=True)
    z = lib.matmul(x, w) + b
    return lib.nn.functional.binary_cross_entropy_with_logits(z, y), (x, y, w, b, z)


def _vector_matmul_grads(lib):  # the 1-D matmul's nodes, whichever side requires grad
    x = lib.ones(5, requires_grad=True)
    w = lib.randn(5, 3)
    return lib.matmul(x, w), (x, w)


def _jacobian_product(lib):  # lesson 01, cell 21
    inp = lib.eye(4, 5, requires_grad=True)
    return (inp + 1).pow(2).t(), (inp,)


def _copy_slices(lib):  # lesson 01, cell 23, and lesson 03, cell 12
    inp = lib.eye(3, requires_grad=True)
    out = inp.clone()
    row = out[0]
    row[0] = inp[0][0] ** 3 + 2 * inp[0][0] ** 2
    return out, (inp, row)


def _sequential(lib):  # lesson 01, cell 25
    model = lib.nn.Sequential(lib.nn.Linear(8, 16), lib.nn.ReLU(), lib.nn.Linear(16, 1))
    return model(lib.randn(1, 8)), (model,)


def _tiny(lib):  # lesson 06: make_dot of a 2-3-1 network
    model = lib.nn.Sequential(lib.nn.Linear(2, 3), lib.nn.Tanh(), lib.nn.Linear(3, 1))
    return model(lib.tensor([[0.5, -1.0]])), (model,)


def _neuron(lib):  # lesson 04: viz.draw of one neuron's loss
    neuron = lib.nn.Linear(2, 1)
    X, target = lib.randn(6, 2), lib.tensor([0.0, 1.0, 1.0, 0.0, 1.0, 0.0])
    return lib.nn.BCEWithLogitsLoss()(neuron(X).squeeze(1), target), (neuron,)


def _function(lib):  # lesson 05: a Function with a backward written by hand, then a sum
    class LegendreP3(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return 0.5 * (5 * x**3 - 3 * x)

        @staticmethod
        def backward(ctx, grad_output):
            (x,) = ctx.saved_tensors
            return grad_output * 1.5 * (5 * x**2 - 1)

    a = lib.tensor([0.5, -1.0], requires_grad=True)
    return LegendreP3.apply(a).sum(), (a,)


def _matrices(lib):  # lesson 08: x @ W + b against an arbitrary upstream gradient
    x = lib.randn(2, 3, requires_grad=True)
    W = lib.randn(3, 4, requires_grad=True)
    b = lib.randn(4, requires_grad=True)
    return ((x @ W + b) * lib.randn(2, 4)).sum(), (x, W, b)


PROGRAMS = [_tutorial, _vector_matmul_grads, _jacobian_product, _copy_slices, _sequential, _tiny]
PROGRAMS += [_neuron, _function, _matrices]


def _chain(fn, attrs) -> list:
    """The nodes from ``fn`` down, depth first: (depth, name, edge index, saved attributes)."""
    out, stack = [], [(fn, 0, 0)]
    while stack:
        node, depth, index = stack.pop()
        if node is None:
            out.append((depth, None, index, None))
            continue
        out.append((depth, type(node).__name__, index, attrs(node)))
        stack.extend((nxt, depth + 1, i) for nxt, i in reversed(node.next_functions))
    return out


def _shown(value):
    if isinstance(value, (torch.Tensor, tensors.Tensor)):
        return ("tensor", tuple(value.shape))
    return value


def _torch_saved(node) -> dict:
    return {k[7:]: _shown(getattr(node, k)) for k in dir(node) if k.startswith("_saved_")}


def _drawn_saved(node):
    # What make_dot(show_attrs=True) lists; None where the drawing lists nothing.
    pairs = autograd_view._saved(node)
    return {k: _shown(v) for k, v in pairs} if pairs else None


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.__name__.strip("_") for p in PROGRAMS])
def test_the_lessons_graphs_have_pytorchs_nodes_and_edges(program):
    torch.manual_seed(0)
    tensors.manual_seed(0)
    theirs, keep_theirs = program(torch)
    ours, keep_ours = program(tensors)
    names = lambda node: None  # noqa: E731
    assert _chain(ours.grad_fn, names) == _chain(theirs.grad_fn, names)


def test_the_tutorial_graph_saves_what_pytorchs_does():
    """Lesson 01 draws this graph with show_attrs and show_saved: every node's list is
    PyTorch's (MmBackward0 keeps the one-row x, and None for w, which needs no x)."""
    theirs, keep_theirs = _tutorial(torch)
    ours, keep_ours = _tutorial(tensors)
    drawn = _chain(ours.grad_fn, _drawn_saved)
    real = _chain(theirs.grad_fn, _torch_saved)
    assert [d[:3] for d in drawn] == [r[:3] for r in real]
    for (_, name, _, mine), (_, _, _, its) in zip(drawn, real):
        if name in (None, "AccumulateGrad"):
            continue
        assert mine == its, name
    mm = next(d for d in drawn if d[1] == "MmBackward0")[3]
    assert mm["self"] == ("tensor", (1, 5)) and mm["mat2"] is None


LAYERS = [_sequential, _tiny, _neuron]
SAVING = ("AddmmBackward0", "SqueezeBackward1", "BinaryCrossEntropyWithLogitsBackward0")


@pytest.mark.parametrize("program", LAYERS, ids=["sequential", "tiny", "neuron"])
def test_linear_layers_save_what_pytorchs_do(program):
    torch.manual_seed(0)
    theirs, keep_theirs = program(torch)
    ours, keep_ours = program(tensors)
    for mine, its in zip(_chain(ours.grad_fn, _drawn_saved), _chain(theirs.grad_fn, _torch_saved)):
        if mine[1] in SAVING:
            assert mine[3] == its[3], mine[1]


def test_add_and_sub_show_their_alpha():
    pairs = []
    for lib in (torch, tensors):
        x = lib.ones(2, requires_grad=True)
        y = lib.ones(2, requires_grad=True)
        outs = [lib.add(x, y, alpha=2), lib.sub(x, y, alpha=0.5), x + y * 2, x - y]
        saved = _torch_saved if lib is torch else _drawn_saved
        pairs.append([saved(o.grad_fn) for o in outs])
    assert pairs[0] == pairs[1]
    assert [p["alpha"] for p in pairs[1]] == [2, 0.5, 1, 1]
