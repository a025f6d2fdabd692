"""Convolutions and pooling against torch: values, gradients, grad_fn graphs, reprs, messages."""

import itertools
import warnings

import pytest
from _outcome import errors_of
from _pairwise import pairs_of, pairwise

import tensors
from tensors import nn
from tensors.testing import assert_close, from_torch, to_torch

torch = pytest.importorskip("torch")
F, TF = tensors.nn.functional, torch.nn.functional


def _pair(*shape, seed=0):
    torch.manual_seed(seed)
    t = torch.randn(*shape, dtype=torch.float64, requires_grad=True)
    return t, from_torch(t)


def _check_grads(ours, theirs, our_inputs, their_inputs):
    assert_close(ours, theirs, rtol=1e-12, atol=1e-13)
    seed_t = torch.randn(theirs.shape, dtype=torch.float64)
    (theirs * seed_t).sum().backward()
    (ours * from_torch(seed_t)).sum().backward()
    for a, b in zip(our_inputs, their_inputs):
        if b is not None and b.requires_grad:
            assert_close(a.grad, b.grad, rtol=1e-12, atol=1e-13)


def _same_error(call):
    """Both libraries raise the same exception type with the same message."""
    caught = errors_of(call, tensors, torch)
    assert caught[0] == caught[1]


# PyTorch refuses 'same' with a stride (that message is checked below). Of the 104
# combinations, a covering set in which every two options meet (14 cases).
CONV2D_SWEEP = [
    case
    for case in itertools.product(
        [1, 2, (2, 1)], [0, 1, (2, 0), "same", "valid"], [1, (1, 2)], [1, 3], [False, True]
    )
    if not (case[1] == "same" and case[0] != 1)
]
CONV2D_CASES = pairwise(CONV2D_SWEEP)


def test_the_conv2d_cases_hold_every_pair_of_options_of_the_sweep():
    assert len(CONV2D_SWEEP) == 104
    held = set().union(*map(pairs_of, CONV2D_CASES))
    assert held == set().union(*map(pairs_of, CONV2D_SWEEP))
    assert len(CONV2D_CASES) < 20


@pytest.mark.parametrize("stride,padding,dilation,groups,bias", CONV2D_CASES)
def test_conv2d_values_and_gradients_match_torch(stride, padding, dilation, groups, bias):
    xt, x = _pair(2, 3, 6, 5, seed=1)
    wt, w = _pair(6, 3 // groups, 3, 2, seed=2)
    bt, b = _pair(6, seed=3) if bias else (None, None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 'same' with an even kernel warns in both
        theirs = TF.conv2d(xt, wt, bt, stride, padding, dilation, groups)
        ours = F.conv2d(x, w, b, stride, padding, dilation, groups)
    assert ours.grad_fn.name() == theirs.grad_fn.name() == "ConvolutionBackward0"
    assert [type(n).__name__ for n, _ in ours.grad_fn.next_functions] == [
        type(n).__name__ for n, _ in theirs.grad_fn.next_functions
    ]
    _check_grads(ours, theirs, [x, w, b], [xt, wt, bt])


@pytest.mark.parametrize(
    "stride,padding,dilation,groups", [(1, 0, 1, 1), (2, 1, 1, 1), (1, "same", 2, 2), (3, 2, 2, 2)]
)
def test_conv1d_values_and_gradients_match_torch(stride, padding, dilation, groups):
    xt, x = _pair(2, 4, 9, seed=4)
    wt, w = _pair(6, 4 // groups, 3, seed=5)
    bt, b = _pair(6, seed=6)
    theirs = TF.conv1d(xt, wt, bt, stride, padding, dilation, groups)
    ours = F.conv1d(x, w, b, stride, padding, dilation, groups)
    _check_grads(ours, theirs, [x, w, b], [xt, wt, bt])


def test_unbatched_conv_matches_torch():
    xt, x = _pair(2, 5, 5, seed=7)
    wt, w = _pair(3, 2, 2, 2, seed=8)
    _check_grads(F.conv2d(x, w, padding=1), TF.conv2d(xt, wt, padding=1), [x, w], [xt, wt])


def test_even_kernel_same_padding_pads_as_torch():
    xt, x = _pair(1, 2, 5, 5, seed=9)
    wt, w = _pair(4, 2, 2, 2, seed=10)
    with pytest.warns(UserWarning, match="zero-padded copy"):
        ours = F.conv2d(x, w, padding="same")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = TF.conv2d(xt, wt, padding="same")
    assert ours.grad_fn.next_functions[0][0].name() == "ConstantPadNdBackward0"
    assert theirs.grad_fn.next_functions[0][0].name() == "ConstantPadNdBackward0"
    _check_grads(ours, theirs, [x, w], [xt, wt])


@pytest.mark.parametrize(
    "call",
    [
        lambda L: L.nn.functional.conv2d(L.ones(1, 2, 5, 5), L.ones(4, 2, 3)),
        lambda L: L.nn.functional.conv2d(L.ones(1, 2, 5, 5), L.ones(4, 2)),
        lambda L: L.nn.functional.conv2d(L.ones(5, 5), L.ones(4, 2, 3, 3)),
        lambda L: L.nn.functional.conv2d(L.ones(1, 3, 5, 5), L.ones(4, 2, 3, 3)),
        lambda L: L.nn.functional.conv2d(L.ones(3, 5, 5), L.ones(4, 2, 3, 3)),
        lambda L: L.nn.functional.conv2d(L.ones(1, 2, 5, 5), L.ones(4, 2, 3, 3), groups=3),
        lambda L: L.nn.functional.conv2d(L.ones(1, 2, 2, 2), L.ones(4, 2, 3, 3)),
        lambda L: L.nn.functional.conv2d(L.ones(1, 2, 5, 5), L.ones(4, 2, 3, 3), padding="foo"),
        lambda L: L.nn.functional.conv2d(
            L.ones(1, 2, 5, 5), L.ones(4, 2, 3, 3), padding="same", stride=2
        ),
        lambda L: L.nn.functional.conv2d(L.ones(1, 2, 5, 5), L.ones(4, 2, 3, 3), bias=L.ones(3)),
        lambda L: L.nn.functional.conv2d(L.ones(1, 2, 5, 5, dtype=L.float64), L.ones(4, 2, 3, 3)),
        lambda L: L.nn.functional.conv2d(
            L.ones(1, 2, 5, 5), L.ones(4, 2, 3, 3), bias=L.ones(4, dtype=L.float64)
        ),
        lambda L: L.nn.functional.conv2d(L.ones(1, 2, 5, 5), L.ones(4, 2, 3, 3), stride=0),
        lambda L: L.nn.functional.conv2d(L.ones(1, 2, 5, 5), L.ones(4, 2, 3, 3), padding=-1),
        lambda L: L.nn.functional.conv2d(L.ones(1, 2, 5, 5), L.ones(4, 2, 3, 3), dilation=0),
        lambda L: L.nn.functional.conv2d(L.ones(1, 2, 5, 5), L.ones(4, 2, 3, 3), groups=0),
        lambda L: L.nn.functional.conv1d(L.ones(1, 2, 5, 5), L.ones(4, 2, 3)),
        lambda L: L.nn.Conv2d(3, 4, 3, groups=2),
        lambda L: L.nn.Conv2d(4, 3, 3, groups=2),
        lambda L: L.nn.Conv2d(4, 4, 3, groups=0),
        lambda L: L.nn.Conv2d(4, 4, 3, padding="same", stride=2),
        lambda L: L.nn.functional.max_pool2d(L.ones(5, 5), 2),
        lambda L: L.nn.functional.avg_pool2d(L.ones(5, 5), 2),
        lambda L: L.nn.functional.max_pool2d(L.ones(1, 5, 5), 3, padding=2),
        lambda L: L.nn.functional.avg_pool2d(L.ones(1, 5, 5), 3, padding=2),
        lambda L: L.nn.functional.max_pool2d(L.ones(1, 5, 5), 0),
        lambda L: L.nn.functional.max_pool2d(L.ones(1, 5, 5), 0, stride=1),
        lambda L: L.nn.functional.avg_pool2d(L.ones(1, 5, 5), 2, stride=0),
        lambda L: L.nn.functional.max_pool2d(L.ones(1, 5, 5), 2, dilation=0),
        lambda L: L.nn.functional.max_pool2d(L.ones(2, 1, 5, 5), 6),
        lambda L: L.nn.functional.avg_pool2d(L.ones(1, 5, 5), 6),
        lambda L: L.nn.functional.avg_pool2d(L.ones(1, 5, 5), 2, divisor_override=0),
        lambda L: L.nn.functional.avg_pool2d(L.ones(1, 0, 5), 2),
        lambda L: L.nn.functional.adaptive_avg_pool2d(L.ones(5, 5), 2),
        lambda L: L.nn.functional.adaptive_avg_pool2d(L.ones(1, 5, 5), (2, 3, 4)),
        lambda L: L.nn.functional.adaptive_avg_pool2d(L.ones(2, 1, 5, 5), (2, 3, 4)),
        lambda L: L.nn.functional.adaptive_avg_pool2d(L.ones(2, 1, 0, 5), 2),
    ],
)
def test_messages_match_torch(call):
    _same_error(call)


# Padding over half the (dilated) kernel is refused by both; the messages are checked above.
POOL_CASES = list(itertools.product([1, 2, 3], [None, 1, 2], [0, 1], [False, True]))
MAX_POOL_CASES = [
    case + (d,) for case in POOL_CASES for d in (1, 2) if 2 * case[2] <= d * (case[0] - 1) + 1
]
AVG_POOL_CASES = [case for case in POOL_CASES if 2 * case[2] <= case[0]]


@pytest.mark.parametrize("kernel,stride,padding,ceil_mode,dilation", MAX_POOL_CASES)
def test_max_pool2d_matches_torch(kernel, stride, padding, ceil_mode, dilation):
    xt, x = _pair(2, 3, 7, 6, seed=11)
    theirs, ti = TF.max_pool2d(xt, kernel, stride, padding, dilation, ceil_mode, True)
    ours, oi = F.max_pool2d(x, kernel, stride, padding, dilation, ceil_mode, True)
    assert oi.tolist() == ti.tolist() and oi.dtype is tensors.int64
    assert ours.grad_fn.name() == theirs.grad_fn.name() == "MaxPool2DWithIndicesBackward0"
    _check_grads(ours, theirs, [x], [xt])


def test_max_pool2d_ties_and_nan_pick_torch_index():
    data = [
        [[[1.0, 1.0, 2.0, 2.0], [0.0, 1.0, 2.0, 2.0]]],
        [[[0.0, 5.0, 1.0, 1.0], [9.0, 1.0, 1.0, 1.0]]],
    ]
    for rows in data:
        t = torch.tensor(rows, dtype=torch.float64, requires_grad=True)
        x = from_torch(t)
        ours, theirs = F.max_pool2d(x, 2), TF.max_pool2d(t, 2)
        ours.sum().backward()
        theirs.sum().backward()
        assert x.grad.tolist() == t.grad.tolist()
    t = torch.tensor([[[1.0, float("nan")], [float("nan"), 2.0]]], requires_grad=True)
    x = from_torch(t)
    out_t, idx_t = TF.max_pool2d(t, 2, return_indices=True)
    out, idx = F.max_pool2d(x, 2, return_indices=True)
    assert idx.tolist() == idx_t.tolist()
    out.sum().backward()
    out_t.sum().backward()
    assert x.grad.tolist() == t.grad.tolist()


@pytest.mark.parametrize("kernel,stride,padding,ceil_mode", AVG_POOL_CASES)
@pytest.mark.parametrize("count_include_pad,divisor", [(True, None), (False, None), (True, 3)])
def test_avg_pool2d_matches_torch(kernel, stride, padding, ceil_mode, count_include_pad, divisor):
    xt, x = _pair(2, 3, 7, 6, seed=12)
    theirs = TF.avg_pool2d(xt, kernel, stride, padding, ceil_mode, count_include_pad, divisor)
    ours = F.avg_pool2d(x, kernel, stride, padding, ceil_mode, count_include_pad, divisor)
    assert ours.grad_fn.name() == theirs.grad_fn.name() == "AvgPool2DBackward0"
    _check_grads(ours, theirs, [x], [xt])


@pytest.mark.parametrize("size", [(1, 1), 1, (2, 3), (7, 6), (4, 5), (3, None), 5, (None, 1)])
def test_adaptive_avg_pool2d_matches_torch(size):
    xt, x = _pair(2, 3, 7, 6, seed=13)
    theirs, ours = TF.adaptive_avg_pool2d(xt, size), F.adaptive_avg_pool2d(x, size)
    assert ours.grad_fn.name() == theirs.grad_fn.name()
    _check_grads(ours, theirs, [x], [xt])


@pytest.mark.parametrize(
    "make",
    [
        lambda L: L.nn.Conv2d(1, 4, 3),
        lambda L: L.nn.Conv2d(2, 4, (3, 2), stride=2, padding=1, dilation=2, groups=2, bias=False),
        lambda L: L.nn.Conv2d(2, 4, 3, padding="same"),
        lambda L: L.nn.Conv2d(2, 4, 3, padding="valid"),
        lambda L: L.nn.Conv2d(2, 4, 3, padding=(0, 1)),
        lambda L: L.nn.Conv1d(3, 6, 2, stride=2, padding=1, groups=3, bias=False),
        lambda L: L.nn.Conv1d(3, 2, 3),
        lambda L: L.nn.MaxPool2d(2),
        lambda L: L.nn.MaxPool2d((3, 2), stride=1, padding=1, dilation=2, ceil_mode=True),
        lambda L: L.nn.AvgPool2d(2),
        lambda L: L.nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False),
        lambda L: L.nn.AdaptiveAvgPool2d((3, 2)),
        lambda L: L.nn.AdaptiveAvgPool2d(1),
        lambda L: L.nn.AdaptiveAvgPool2d((None, 2)),
        lambda L: L.nn.Sequential(
            L.nn.Conv2d(1, 4, 3, padding=1), L.nn.ReLU(), L.nn.MaxPool2d(2), L.nn.Flatten()
        ),
    ],
)
def test_module_reprs_shapes_and_state_dicts_match_torch(make):
    ours, theirs = make(tensors), make(torch)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [tuple(p.shape) for p in ours.parameters()] == [
        tuple(p.shape) for p in theirs.parameters()
    ]


def test_conv_module_with_torch_weights_matches_torch():
    theirs = torch.nn.Conv2d(2, 4, 3, stride=2, padding=1).double()
    ours = nn.Conv2d(2, 4, 3, stride=2, padding=1, dtype=tensors.float64)
    ours.load_state_dict({k: from_torch(v) for k, v in theirs.state_dict().items()})
    xt, x = _pair(3, 2, 7, 7, seed=14)
    _check_grads(ours(x), theirs(xt), [x, ours.weight, ours.bias], [xt, theirs.weight, theirs.bias])


def test_conv_init_bounds_are_torch_bounds():
    # kaiming_uniform(a=sqrt(5)) gives 1/sqrt(fan_in) for the weight and for the bias.
    tensors.manual_seed(0)
    conv = nn.Conv2d(4, 6, (3, 2), groups=2)
    bound = 1 / (2 * 3 * 2) ** 0.5
    for p in (conv.weight, conv.bias):
        values = [v.data for v in p.values()]
        assert max(abs(v) for v in values) <= bound
        assert max(abs(v) for v in values) > 0.8 * bound  # spread over the range
    assert to_torch(conv.weight).shape == torch.nn.Conv2d(4, 6, (3, 2), groups=2).weight.shape


@pytest.mark.parametrize(
    "op",
    [
        lambda L, x, w: L.nn.functional.conv2d(x, w),
        lambda L, x, w: L.nn.functional.max_pool2d(x * w.sum(), 2),
        lambda L, x, w: L.nn.functional.avg_pool2d(x * w.sum(), 2),
        lambda L, x, w: L.nn.functional.adaptive_avg_pool2d(x * w.sum(), 3),
    ],
)
@pytest.mark.parametrize("change", ["input", "weight"])
def test_saved_tensors_changed_in_place_are_refused_as_torch(op, change):
    outcomes = []
    for lib in (tensors, torch):
        x = lib.ones(1, 2, 4, 4, requires_grad=True) * 1
        w = lib.ones(3, 2, 3, 3, requires_grad=True)
        y = op(lib, x, w)
        with lib.no_grad():
            (x if change == "input" else w).add_(1)
        try:
            y.sum().backward()
            outcomes.append("ok")
        except RuntimeError as e:
            outcomes.append(str(e).split(";")[0])
    assert outcomes[0] == outcomes[1]
