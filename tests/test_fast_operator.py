"""The operators' short way and the shared version counter of fresh tensors.

``t + c``, ``t - c``, ``t * c``, ``t / c`` on a floating tensor with a Python
number, or with a tensor of its own shape and dtype, skip ``_binary``
(``_ops/arithmetic._fast_operator``). The function forms (``torch.add``, ...)
still go through ``_binary``: each program here runs both ways and compares
everything a learner or a later op can see, the scalar graph included. The
version counters are compared with PyTorch's where torch is installed.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tensors as torch
from tensors._function import AccumulateGrad

OPERATORS = [
    ("__add__", torch.add),
    ("__sub__", torch.sub),
    ("__mul__", torch.mul),
    ("__truediv__", torch.div),
]


def _bits(x: float) -> tuple:
    # A number with its sign of zero, nan equal to nan.
    return ("nan",) if x != x else (x, math.copysign(1.0, x))


def _operand(kind: str, data: list, requires_grad: bool) -> torch.Tensor:
    """A 2x2 float tensor made in one of the ways a program makes one."""
    base = torch.tensor(data, requires_grad=requires_grad)
    if kind == "leaf":
        return base
    if kind == "result":
        return base * 1.0
    if kind == "transposed":  # a view, not contiguous
        return base.t()
    if kind == "sliced":  # a view with an offset
        return torch.tensor([[9.0, 9.0]] + data, requires_grad=requires_grad)[1:]
    if kind == "detached":
        return (base * 1.0).detach()
    if kind == "expanded":  # one cell read twice
        return torch.tensor([data[0]], requires_grad=requires_grad).expand(2, 2)
    raise AssertionError(kind)


KINDS = ["leaf", "result", "transposed", "sliced", "detached", "expanded"]


def _input(v) -> tuple:
    # A Value in the graph by identity; a constant (a detached tensor's element,
    # made anew each time it is read) by its number.
    if v is None or isinstance(v, float) or v.requires_grad:
        return ("node", id(v))
    return ("constant", _bits(v.data))


def _graph(out: torch.Tensor) -> list:
    """What the result's scalar nodes hold: data, op, inputs and local derivatives."""
    rows = []
    for v in out.values():
        rows.append(
            (
                _bits(v.data),
                v.op.name if v.op is not None else None,
                _input(v._a),
                _input(v._b),
                repr(v._da),
                repr(v._db),
                v.requires_grad,
            )
        )
    return rows


def _node(out: torch.Tensor) -> tuple:
    fn = out.grad_fn
    if fn is None:
        return (None,)
    return (
        type(fn).__name__,
        fn.op,
        tuple(id(n) for n, _ in fn.next_functions),
        tuple(x if isinstance(x, (int, float)) else id(x) for x in fn.inputs),
        fn._has_saved,
        tuple((id(t), v, p) for t, v, p in fn._versions),
    )


def _both(method: str, function, a, b) -> tuple:
    short = getattr(a, method)(b)
    general = function(a, b)
    return short, general


def _same(short: torch.Tensor, general: torch.Tensor) -> None:
    assert type(short) is type(general)
    assert short.dtype is general.dtype and short.shape == general.shape
    assert [_bits(v.data) for v in short.values()] == [_bits(v.data) for v in general.values()]
    assert short.requires_grad == general.requires_grad
    assert _node(short) == _node(general)
    assert _graph(short) == _graph(general)


@pytest.mark.parametrize("method,function", OPERATORS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("number", [2.5, -0.0, 3, 0])
def test_a_number_operand_gives_what_the_general_path_gives(method, function, kind, number):
    a = _operand(kind, [[1.0, -2.0], [0.0, 4.0]], requires_grad=True)
    short, general = _both(method, function, a, number)
    _same(short, general)


@pytest.mark.parametrize("method,function", OPERATORS)
@pytest.mark.parametrize("left", KINDS)
@pytest.mark.parametrize("right", KINDS)
def test_a_tensor_of_the_same_shape_gives_what_the_general_path_gives(
    method, function, left, right
):
    a = _operand(left, [[1.0, -2.0], [0.0, 4.0]], requires_grad=True)
    b = _operand(right, [[3.0, 0.5], [-1.0, -0.0]], requires_grad=left != "leaf")
    short, general = _both(method, function, a, b)
    _same(short, general)


@pytest.mark.parametrize("method,function", OPERATORS)
def test_other_operands_keep_the_general_path(method, function):
    # Promotion, broadcasting, integer tensors and Parameters: as torch.add & co give.
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    cases = [
        (x, torch.tensor([2.0, 4.0], dtype=torch.float64)),
        (x, torch.tensor(3.0)),
        (x, torch.tensor([[1.0], [2.0]])),
        (torch.tensor([1, 2]), 2.5),
        (torch.tensor([4, 2]), 2),
        (torch.tensor([4, 2]), torch.tensor([1, 2])),
        (torch.nn.Parameter(torch.tensor([1.0, 2.0])), torch.ones(2)),
        (x, torch.nn.Parameter(torch.tensor([1.0, 2.0]))),
    ]
    for a, b in cases:
        short, general = _both(method, function, a, b)
        _same(short, general)


def test_a_bad_operand_is_still_refused_by_python():
    x = torch.ones(2)
    for method, _ in OPERATORS:
        assert getattr(x, method)("2") is NotImplemented
    with pytest.raises(TypeError):
        x * "2"


def test_without_recording_the_short_way_records_nothing():
    x = torch.ones(2, requires_grad=True)
    with torch.no_grad():
        y, z = x * 2.0, x + x
    assert y.grad_fn is None and z.grad_fn is None
    assert not y.requires_grad and not z.requires_grad


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=6),
    st.floats(-1e3, 1e3) | st.integers(-5, 5),
    st.sampled_from(OPERATORS),
)
def test_gradients_agree_with_the_general_path(data, number, operator):
    method, function = operator
    grads = []
    for way in ("short", "general"):
        x = torch.tensor(data, requires_grad=True)
        w = torch.tensor([0.5] * len(data), requires_grad=True)
        if way == "short":
            y = getattr(getattr(x, method)(number), method)(w)
        else:
            y = function(function(x, number), w)
        (y * y).sum().backward()
        grads.append([_bits(g) for g in x.grad.tolist() + w.grad.tolist()])
    assert grads[0] == grads[1]


def test_an_element_of_a_leaf_is_reached_through_the_short_way():
    # The leaf's AccumulateGrad is the node's edge, as in the general path.
    x = torch.ones(1, requires_grad=True)
    y = x * 2.0
    (edge, _), (none, _) = y.grad_fn.next_functions
    assert isinstance(edge, AccumulateGrad) and edge.variable is x and none is None


# -- version counters: one shared read-only counter until a view or a write ----------


def _version_program(lib) -> list:
    seen = []
    x = lib.ones(3, requires_grad=True)
    a, b = x * 2, x * 3  # two fresh results
    with lib.no_grad():
        a.add_(1)
    seen += [a._version, b._version]
    c = x * 4
    view = c[1:]  # the view shares c's counter from now on
    with lib.no_grad():
        c.mul_(2)
        view.add_(1)
    seen += [c._version, view._version]
    d = x + 1
    data = d.data  # its own counter
    data.add_(1)
    det = d.detach()  # the same counter
    det.add_(1)
    seen += [d._version, data._version, det._version]
    e = x * 5
    f = e.view(3)
    g = f[0:2]
    with lib.no_grad():
        g.zero_()
    seen += [e._version, f._version, g._version]
    return seen


def test_fresh_results_get_counters_of_their_own_once_written():
    assert _version_program(torch) == [1, 0, 2, 2, 1, 1, 1, 1, 1, 1]


def test_version_counters_are_pytorchs():
    real = pytest.importorskip("torch")
    assert _version_program(torch) == _version_program(real)


def test_a_saved_fresh_result_changed_in_place_is_refused():
    x = torch.ones(2, requires_grad=True)
    y = x.exp()  # ExpBackward0 saves its result, whose counter is the shared one
    z = y.sum()
    other = x.exp()
    with torch.no_grad():
        other.add_(1)  # another fresh result moves: y is unchanged
    z.backward(retain_graph=True)
    with torch.no_grad():
        y.add_(1)
    with pytest.raises(RuntimeError, match="is at version 1; expected version 0"):
        z.backward()
