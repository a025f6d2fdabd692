"""nn.functional's channel shuffle, feature dropouts, 3-d convolutions and pools,
and their modules, against torch: what the operator database's replay does not
reach (error texts, modules' printing and parameters, the training forms' rules)."""

import pytest

import tensors
from tensors.testing import from_torch

torch = pytest.importorskip("torch")
F = tensors.nn.functional


def _error(fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except Exception as e:  # noqa: BLE001 - the error is what is compared
        return type(e), str(e)
    return None


def _same_error(ours, theirs, *args, **kwargs):
    ours_args = [from_torch(a) if isinstance(a, torch.Tensor) else a for a in args]
    expected = _error(theirs, *args, **kwargs)
    assert expected is not None
    assert _error(ours, *ours_args, **kwargs) == expected


@pytest.mark.parametrize(
    "shape,groups", [((1, 4, 2), 0), ((1, 4, 2), 3), ((4,), 2), ((2, 4), 2), ((2, 6, 1, 2), -1)]
)
def test_channel_shuffle_refuses_as_torch(shape, groups):
    _same_error(F.channel_shuffle, torch.channel_shuffle, torch.ones(shape), groups)


def test_channel_shuffle_module_prints_and_shuffles_as_torch():
    x = torch.arange(24.0, dtype=torch.float64).reshape(1, 6, 2, 2)
    theirs, ours = torch.nn.ChannelShuffle(3), tensors.nn.ChannelShuffle(3)
    assert repr(ours) == repr(theirs)
    assert ours(from_torch(x)).tolist() == theirs(x).tolist()


DROPOUTS = ["dropout1d", "dropout2d", "dropout3d", "alpha_dropout", "feature_alpha_dropout"]
SHAPES = {"dropout1d": (4, 6, 3), "dropout2d": (4, 6, 3, 2), "dropout3d": (4, 6, 3, 2, 1)}


def _same_set(ours, theirs, dtype):
    # float32 within its rounding (tensors computes in Python floats), float64 exactly
    mine, their = sorted(set(ours.flatten().tolist())), sorted(set(theirs.flatten().tolist()))
    assert len(mine) == len(their) == 2, (mine, their)
    rtol = 0.0 if dtype == "float64" else 1e-7
    for a, b in zip(mine, their):
        assert abs(a - b) <= rtol * abs(b) and str(a)[0] == str(b)[0], (mine, their)


@pytest.mark.parametrize("name", DROPOUTS)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_dropout_training_gives_torch_values_and_gradients(name, dtype):
    # The draws are the project's own, so the elements are compared as sets: with
    # 144 elements (24 channels) both values of the mask show on both sides, and
    # each must be torch's to the last digit, gradients too.
    shape = SHAPES.get(name, (4, 6, 3, 2))
    x = torch.full(shape, -1.5, dtype=getattr(torch, dtype), requires_grad=True)
    ours_x = from_torch(x)
    theirs_y = getattr(torch.nn.functional, name)(x, 0.3, training=True)
    ours_y = getattr(F, name)(ours_x, 0.3, training=True)
    assert type(ours_y.grad_fn).__name__ == type(theirs_y.grad_fn).__name__
    _same_set(ours_y, theirs_y, dtype)
    (theirs_g,) = torch.autograd.grad(theirs_y.sum(), x)
    (ours_g,) = tensors.autograd.grad(ours_y.sum(), ours_x)
    _same_set(ours_g, theirs_g, dtype)
    if name in ("dropout1d", "dropout2d", "dropout3d", "feature_alpha_dropout"):
        channels = ours_y.reshape(shape[0] * shape[1], -1).tolist()
        assert all(len(set(c)) == 1 for c in channels)  # one draw per channel


@pytest.mark.parametrize("name", DROPOUTS)
@pytest.mark.parametrize("p", [0.0, 1.0])
def test_dropout_without_draws_is_torch_exactly(name, p):
    shape = {"dropout1d": (1, 2, 2), "dropout3d": (1, 2, 2, 1, 1)}.get(name, (1, 2, 2, 1))
    x = torch.tensor([-2.0, 0.5, -0.0, 3.0], dtype=torch.float64).reshape(shape)
    x.requires_grad_()
    ours_x = from_torch(x)
    for training in (True, False):
        theirs = getattr(torch.nn.functional, name)(x, p, training=training)
        ours = getattr(F, name)(ours_x, p, training=training)
        tensors.testing.assert_close(ours, theirs, rtol=0, atol=0)
        assert (ours is ours_x) == (theirs is x)


@pytest.mark.parametrize("name", DROPOUTS)
def test_dropout_refuses_as_torch(name):
    for p in (-0.1, 1.5):
        _same_error(getattr(F, name), getattr(torch.nn.functional, name), torch.ones(2, 3), p)


@pytest.mark.parametrize(
    "name,shape",
    [("dropout1d", (5,)), ("dropout1d", (1, 2, 3, 4)), ("feature_alpha_dropout", (5,)),
     ("dropout2d", (5,))],
)  # fmt: skip
def test_feature_dropout_refuses_too_few_dimensions_as_torch(name, shape):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _same_error(
            getattr(F, name), getattr(torch.nn.functional, name), torch.ones(shape), 0.5, True
        )


@pytest.mark.parametrize("name,shape", [("dropout2d", (2, 3)), ("dropout2d", (2, 3, 4)),
                                        ("dropout3d", (2, 3, 4))])  # fmt: skip
def test_dropout2d_and_3d_warn_as_torch(name, shape):
    import warnings

    def messages(fn, x):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fn(x, 0.5, training=False)
        return [(w.category, str(w.message)) for w in caught]

    theirs = messages(getattr(torch.nn.functional, name), torch.ones(shape))
    assert theirs and messages(getattr(F, name), tensors.ones(shape)) == theirs


@pytest.mark.parametrize(
    "name", ["Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"]
)
def test_dropout_modules_print_and_pass_through_in_eval_as_torch(name):
    for args in ((), (0.25, True)):
        theirs, ours = getattr(torch.nn, name)(*args), getattr(tensors.nn, name)(*args)
        assert repr(ours) == repr(theirs)
    x = tensors.ones({"Dropout1d": (1, 2, 3), "Dropout2d": (1, 2, 3, 2)}.get(name, (1, 2, 3, 2, 2)))
    assert getattr(tensors.nn, name)(0.5).eval()(x) is x
    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1"):
        getattr(tensors.nn, name)(1.5)


def test_rrelu_training_draws_a_slope_per_element_as_torch_rules():
    lower, upper = 0.1, 0.3
    values = [-1.0, 0.0, -0.0, 2.0, float("nan"), -3.0]
    x = tensors.tensor(values, dtype=tensors.float64, requires_grad=True)
    y = F.rrelu(x, lower, upper, training=True)
    assert type(y.grad_fn).__name__ == "RreluWithNoiseBackward0"
    (g,) = tensors.autograd.grad(y.sum(), x)
    out, grad = y.tolist(), g.tolist()
    for v, o, d in zip(values, out, grad):
        if v <= 0.0:  # x * r, the derivative r (at 0 too), r within the bounds
            assert lower <= d <= upper and o == v * d
            assert str(o) == str(v * d)  # the sign of zero: -0.0 stays -0.0
        else:  # positive and nan: the input, derivative 1
            assert d == 1.0 and (o == v or (o != o and v != v))
    # torch's rules on the same input: the same derivative where x > 0 or nan
    t = torch.tensor(values, dtype=torch.float64, requires_grad=True)
    torch.nn.functional.rrelu(t, lower, upper, training=True).sum().backward()
    assert [d for v, d in zip(values, grad) if not v <= 0.0] == [
        d for v, d in zip(values, t.grad.tolist()) if not v <= 0.0
    ]


_X5 = (1, 2, 4, 4, 4)
POOL_ERRORS = [
    ("max_pool3d", _X5, (0,), {}), ("max_pool3d", _X5, (2, 0), {}),
    ("max_pool3d", _X5, (2,), {"dilation": 0}), ("max_pool3d", _X5, (2,), {"padding": 2}),
    ("max_pool3d", (4, 4, 4), (2,), {}), ("max_pool3d", (1, 0, 4, 4, 4), (2,), {}),
    ("max_pool3d", _X5, (5,), {}), ("max_pool3d", _X5, ((2, 2),), {}),
    ("max_pool3d", _X5, (2,), {"stride": (1, 1)}), ("max_pool3d", _X5, (2,), {"padding": (1, 1)}),
    ("max_pool3d", _X5, (2,), {"dilation": (1, 1)}), ("max_pool3d", _X5, (2,), {"padding": -1}),
    ("max_pool3d", _X5, (-1,), {}), ("max_pool3d", _X5, (2, -1), {}),
    ("max_pool3d", _X5, (3,), {"padding": 2, "dilation": 2}),
    ("avg_pool3d", _X5, (0,), {}), ("avg_pool3d", _X5, (2,), {"padding": 2}),
    ("avg_pool3d", (4, 4, 4), (2,), {}), ("avg_pool3d", (1, 0, 4, 4, 4), (2,), {}),
    ("avg_pool3d", (0, 4, 4, 4), (2,), {}), ("avg_pool3d", _X5, (5,), {}),
    ("avg_pool3d", (1, 1, 1, 4, 4), (2,), {}), ("avg_pool3d", _X5, ((2, 2),), {}),
    ("avg_pool3d", _X5, (2,), {"stride": (1, 1)}), ("avg_pool3d", _X5, (2,), {"padding": (1, 1)}),
    ("avg_pool3d", _X5, (-1,), {}), ("avg_pool3d", _X5, (2, -1), {}),
    ("avg_pool3d", _X5, (2,), {"divisor_override": 0}),
    ("adaptive_avg_pool3d", (2, 0, 3, 3), (2,), {}), ("adaptive_avg_pool3d", (2, 2, 3), (2,), {}),
    ("adaptive_avg_pool3d", _X5, ((2, 2),), {}), ("adaptive_avg_pool3d", _X5, (-1,), {}),
    ("adaptive_max_pool3d", (2, 0, 3, 3), (2,), {}), ("adaptive_max_pool3d", (2, 2, 3), (2,), {}),
    ("adaptive_max_pool3d", _X5, ((2, 2),), {}), ("adaptive_max_pool3d", _X5, (-1,), {}),
    ("adaptive_max_pool3d", _X5, ((2, -3, 1),), {}),
]  # fmt: skip


@pytest.mark.parametrize("name,shape,args,kwargs", POOL_ERRORS)
def test_3d_pools_refuse_as_torch(name, shape, args, kwargs):
    theirs = getattr(torch.nn.functional, name)
    _same_error(getattr(F, name), theirs, torch.ones(shape), *args, **kwargs)


@pytest.mark.parametrize(
    "make,shape",
    [
        (lambda L: L.nn.Conv3d(2, 4, 3, stride=(1, 2, 2), padding=1), (2, 2, 4, 5, 5)),
        (lambda L: L.nn.Conv3d(2, 4, (1, 2, 3), groups=2, bias=False, dilation=2), (2, 5, 5, 7)),
        (lambda L: L.nn.Conv3d(2, 2, 3, padding="same"), (1, 2, 3, 3, 3)),
        (lambda L: L.nn.ConvTranspose3d(2, 4, 2, stride=2), (1, 2, 2, 3, 2)),
        (lambda L: L.nn.ConvTranspose3d(2, 2, (1, 2, 3), stride=(1, 2, 1), padding=(0, 1, 1),
                                        output_padding=(0, 1, 0), groups=2), (2, 2, 3, 2)),
        (lambda L: L.nn.MaxPool3d(2), (1, 2, 4, 4, 4)),
        (lambda L: L.nn.MaxPool3d((1, 2, 3), stride=1, padding=(0, 1, 1), dilation=(1, 1, 2),
                                  ceil_mode=True), (2, 3, 5, 6)),
        (lambda L: L.nn.AvgPool3d(2), (1, 2, 4, 4, 4)),
        (lambda L: L.nn.AvgPool3d((1, 2, 2), 1, (0, 1, 1), True, False, None), (2, 3, 4, 4)),
        (lambda L: L.nn.AvgPool3d(2, divisor_override=3), (1, 2, 4, 4, 4)),
        (lambda L: L.nn.AdaptiveAvgPool3d((2, None, 3)), (1, 2, 4, 3, 5)),
        (lambda L: L.nn.AdaptiveAvgPool3d(1), (2, 3, 4, 5)),
        (lambda L: L.nn.AdaptiveMaxPool3d((2, 1, 3)), (1, 2, 4, 3, 5)),
    ],
)  # fmt: skip
def test_3d_layers_print_hold_parameters_and_compute_as_torch(make, shape):
    torch.manual_seed(0)
    theirs, ours = make(torch).double(), make(tensors)
    assert repr(ours) == repr(theirs)
    state = theirs.state_dict()
    assert {k: tuple(v.shape) for k, v in ours.state_dict().items()} == {
        k: tuple(v.shape) for k, v in state.items()
    }
    ours.load_state_dict({k: from_torch(v) for k, v in state.items()})
    x = torch.randn(*shape, dtype=torch.float64, requires_grad=True)
    ours_x = from_torch(x)
    theirs_y, ours_y = theirs(x), ours.double()(ours_x)
    tensors.testing.assert_close(ours_y, theirs_y, rtol=1e-12, atol=1e-13)
    assert type(ours_y.grad_fn).__name__ == type(theirs_y.grad_fn).__name__
    (theirs_g,) = torch.autograd.grad(theirs_y.sum(), x)
    (ours_g,) = tensors.autograd.grad(ours_y.sum(), ours_x)
    tensors.testing.assert_close(ours_g, theirs_g, rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_max_unpool_modules_undo_max_pool_as_torch(nd):
    shape = (1, 2) + (4,) * nd
    x = torch.randn(*shape, dtype=torch.float64, generator=torch.Generator().manual_seed(nd))
    pool = getattr(torch.nn, f"MaxPool{nd}d")(2, return_indices=True)
    theirs = getattr(torch.nn, f"MaxUnpool{nd}d")(2)
    ours = getattr(tensors.nn, f"MaxUnpool{nd}d")(2)
    assert repr(ours) == repr(theirs)
    values, indices = pool(x)
    expected = theirs(values, indices, output_size=list(shape))
    got = ours(from_torch(values), from_torch(indices), output_size=list(shape))
    tensors.testing.assert_close(got, expected, rtol=0, atol=0)


def test_torch_level_names_of_the_3d_convolutions():
    assert tensors.conv3d is F.conv3d and tensors.conv_transpose3d is F.conv_transpose3d
    assert tensors.group_norm is F.group_norm and tensors.rms_norm is F.rms_norm


_LABELS = [[3, 0, -1, 1], [1, 2, 3, -1], [-1, 0, 0, 0]]
MULTILABEL_ERRORS = [
    ((3, 4), [[5, 0, -1, 1], [1, 2, 3, -1], [-1, 0, 0, 0]], "int64", "float64"),
    ((3, 4), [[-2, 0, -1, 1], [1, 2, 3, -1], [-1, 0, 0, 0]], "int64", "float64"),
    ((3, 4), _LABELS, "float32", "float64"), ((3, 4), _LABELS, "int32", "float64"),
    ((3, 4), _LABELS, "int64", "int64"), ((3, 4), [3, 0, -1, 1], "int64", "float64"),
    ((), 3, "int64", "float64"), ((2, 3, 4), [[[0] * 4] * 3] * 2, "int64", "float64"),
]  # fmt: skip


@pytest.mark.parametrize("shape,labels,target_dtype,dtype", MULTILABEL_ERRORS)
def test_multilabel_margin_loss_refuses_as_torch(shape, labels, target_dtype, dtype):
    x = torch.ones(shape, dtype=getattr(torch, dtype))
    y = torch.tensor(labels, dtype=getattr(torch, target_dtype))
    _same_error(F.multilabel_margin_loss, torch.nn.functional.multilabel_margin_loss, x, y)


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("rows", [slice(None), 0])
def test_multilabel_margin_loss_module_matches_torch(reduction, rows):
    x = torch.randn(3, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(5))
    x = x[rows].detach().requires_grad_()
    y = torch.tensor(_LABELS)[rows]
    theirs = torch.nn.MultiLabelMarginLoss(reduction=reduction)
    ours = tensors.nn.MultiLabelMarginLoss(reduction=reduction)
    assert repr(ours) == repr(theirs)
    ours_x = from_torch(x)
    expected, got = theirs(x, y), ours(ours_x, from_torch(y))
    tensors.testing.assert_close(got, expected, rtol=1e-14, atol=0)
    (theirs_g,) = torch.autograd.grad(expected.sum(), x)
    (ours_g,) = tensors.autograd.grad(got.sum(), ours_x)
    tensors.testing.assert_close(ours_g, theirs_g, rtol=1e-14, atol=0)


@pytest.mark.parametrize("swap", [False, True])
def test_triplet_margin_with_distance_loss_takes_any_distance_as_torch(swap):
    g = torch.Generator().manual_seed(7)
    xs = [torch.randn(4, 3, dtype=torch.float64, generator=g, requires_grad=True) for _ in "apn"]
    ours_xs = [from_torch(x) for x in xs]

    def l1(a, b):
        return (a - b).abs().sum(-1)

    theirs = torch.nn.TripletMarginWithDistanceLoss(distance_function=l1, margin=2.0, swap=swap)
    ours = tensors.nn.TripletMarginWithDistanceLoss(distance_function=l1, margin=2.0, swap=swap)
    assert repr(ours) == repr(theirs)
    assert repr(tensors.nn.TripletMarginWithDistanceLoss()) == repr(
        torch.nn.TripletMarginWithDistanceLoss()
    )
    expected, got = theirs(*xs), ours(*ours_xs)
    tensors.testing.assert_close(got, expected, rtol=1e-14, atol=0)
    theirs_g = torch.autograd.grad(expected, xs)
    ours_g = tensors.autograd.grad(got, ours_xs)
    for a, b in zip(ours_g, theirs_g):
        tensors.testing.assert_close(a, b, rtol=1e-14, atol=0)
    with pytest.raises(ValueError, match="expected margin to be greater than 0, got 0"):
        tensors.nn.TripletMarginWithDistanceLoss(margin=0)


def test_the_replay_turns_a_module_argument_into_tensors_module():
    from tensors.testing import _replay

    ours = _replay.convert(torch.nn.PairwiseDistance(p=1.0, eps=0.0, keepdim=True), {})
    assert type(ours) is tensors.nn.PairwiseDistance
    assert (ours.norm, ours.eps, ours.keepdim) == (1.0, 0.0, True)
    with pytest.raises(_replay.Unsupported):
        _replay.convert(torch.nn.Linear(2, 2), {})


@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize("size", [(7, 3), (2, 9), (1, 1), (5, 4)])
def test_bicubic_interpolation_matches_torch(align_corners, size):
    x = torch.randn(2, 2, 5, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(9))
    x.requires_grad_()
    ours_x = from_torch(x)
    theirs = torch.nn.functional.interpolate(x, size, mode="bicubic", align_corners=align_corners)
    ours = F.interpolate(ours_x, size, mode="bicubic", align_corners=align_corners)
    tensors.testing.assert_close(ours, theirs, rtol=1e-13, atol=1e-14)
    assert type(ours.grad_fn).__name__ == type(theirs.grad_fn).__name__
    w = torch.randn(theirs.shape, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    (theirs_g,) = torch.autograd.grad((theirs * w).sum(), x)
    (ours_g,) = tensors.autograd.grad((ours * from_torch(w)).sum(), ours_x)
    tensors.testing.assert_close(ours_g, theirs_g, rtol=1e-12, atol=1e-13)


def test_bicubic_needs_a_4d_input_as_torch():
    _same_error(F.interpolate, torch.nn.functional.interpolate, torch.ones(1, 1, 4), 3,
                mode="bicubic")  # fmt: skip


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"bias": True, "reduction": "sum"}, {"out_features": (2, 3), "bias": True},
     {"label_smoothing": 0.2, "ignore_index": 1}, {"reduction": "none", "ignore_index": 2}],
)  # fmt: skip
def test_linear_cross_entropy_module_matches_torch(kwargs):
    torch.manual_seed(0)
    theirs = torch.nn.LinearCrossEntropyLoss(3, 4, **kwargs).double()
    ours = tensors.nn.LinearCrossEntropyLoss(3, 4, **kwargs)
    assert repr(ours) == repr(theirs)
    ours.load_state_dict({k: from_torch(v) for k, v in theirs.state_dict().items()})
    g = torch.Generator().manual_seed(3)
    x = torch.randn(5, 3, dtype=torch.float64, generator=g, requires_grad=True)
    shape = (5,) + tuple(kwargs.get("out_features", ()))
    y = torch.randint(0, 4, shape, generator=g)
    ours_x = from_torch(x)
    expected, got = theirs(x, y), ours(ours_x, from_torch(y))
    tensors.testing.assert_close(got, expected, rtol=1e-13, atol=1e-15)
    (theirs_g,) = torch.autograd.grad(expected.sum(), x)
    (ours_g,) = tensors.autograd.grad(got.sum(), ours_x)
    tensors.testing.assert_close(ours_g, theirs_g, rtol=1e-13, atol=1e-15)


def test_linear_cross_entropy_options_are_checked_and_warned_about_as_torch():
    for bad in ({"acc_policy": "fast"}, {"chunking_method": "rows:2"}, {"batch_chunk_size": 0}):
        with pytest.raises(ValueError) as theirs:
            torch.nn.LinearCrossEntropyOptions(**bad)
        with pytest.raises(ValueError) as ours:
            tensors.nn.LinearCrossEntropyOptions(**bad)
        assert str(ours.value) == str(theirs.value)
    assert repr(tensors.nn.LinearCrossEntropyOptions(batch_chunk_size=2)) == repr(
        torch.nn.LinearCrossEntropyOptions(batch_chunk_size=2)
    )
    import warnings

    x, w, y = torch.ones(2, 3), torch.ones(4, 3), torch.tensor([0, 1])
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        torch.nn.functional.linear_cross_entropy(
            x, w, y, label_smoothing=0.1, options=torch.nn.LinearCrossEntropyOptions()
        )
    with warnings.catch_warnings(record=True) as ours:
        warnings.simplefilter("always")
        F.linear_cross_entropy(
            from_torch(x), from_torch(w), from_torch(y), label_smoothing=0.1,
            options=tensors.nn.LinearCrossEntropyOptions(),
        )  # fmt: skip
    assert [str(m.message) for m in ours] == [str(m.message) for m in theirs]


@pytest.mark.parametrize("mode", ["bilinear", "nearest", "bicubic"])
@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize("nd", [2, 3])
def test_grid_sample_matches_torch_in_values_and_both_gradients(
    mode, padding_mode, align_corners, nd
):
    # Small inputs, so that the 3-d forms (above the database's sample cap) are
    # compared too; the grid reaches past the edges, where padding matters.
    if mode == "bicubic" and nd == 3:
        return _same_error(
            F.grid_sample, torch.nn.functional.grid_sample, torch.ones(1, 1, 2, 2, 2),
            torch.zeros(1, 1, 1, 1, 3), mode="bicubic", align_corners=False,
        )  # fmt: skip
    g = torch.Generator().manual_seed(11 + nd)
    x = torch.randn((2, 2) + (3,) * nd, dtype=torch.float64, generator=g, requires_grad=True)
    grid = (2.6 * torch.rand((2,) + (2,) * nd + (nd,), dtype=torch.float64, generator=g) - 1.3)
    grid.requires_grad_()
    kwargs = {"mode": mode, "padding_mode": padding_mode, "align_corners": align_corners}
    theirs = torch.nn.functional.grid_sample(x, grid, **kwargs)
    ours_x, ours_grid = from_torch(x), from_torch(grid)
    ours = F.grid_sample(ours_x, ours_grid, **kwargs)
    tensors.testing.assert_close(ours, theirs, rtol=1e-12, atol=1e-13)
    assert type(ours.grad_fn).__name__ == type(theirs.grad_fn).__name__
    w = torch.randn(theirs.shape, dtype=torch.float64, generator=g)
    theirs_g = torch.autograd.grad((theirs * w).sum(), [x, grid])
    ours_g = tensors.autograd.grad((ours * from_torch(w)).sum(), [ours_x, ours_grid])
    for a, b in zip(ours_g, theirs_g):
        tensors.testing.assert_close(a, b, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(
    "x_shape,grid_shape,kwargs",
    [((1, 1, 3, 3), (1, 2, 2), {}), ((1, 1, 3, 3), (2, 2, 2, 2), {}),
     ((1, 1, 3, 3), (1, 2, 2, 3), {}), ((1, 1, 3, 3), (1, 2, 2, 2), {"mode": "cubic"}),
     ((1, 1, 3, 3), (1, 2, 2, 2), {"padding_mode": "wrap"})],
)  # fmt: skip
def test_grid_sample_refuses_as_torch(x_shape, grid_shape, kwargs):
    kwargs = {"align_corners": False, **kwargs}
    _same_error(F.grid_sample, torch.nn.functional.grid_sample, torch.ones(x_shape),
                torch.zeros(grid_shape), **kwargs)  # fmt: skip


MHA_CASES = [
    {}, {"batched": False}, {"separate": True}, {"bias_kv": True}, {"zero_attn": True},
    {"bias_kv": True, "zero_attn": True, "mask": "float2d", "padding": True},
    {"mask": "bool2d"}, {"mask": "float3d", "average": False}, {"need_weights": False},
    {"padding": True, "batched": False}, {"heads": 1, "mask": "bool2d", "padding": True},
]  # fmt: skip


@pytest.mark.parametrize("case", MHA_CASES, ids=lambda c: "-".join(map(str, c.items())) or "plain")
def test_multi_head_attention_forward_matches_torch(case):
    g = torch.Generator().manual_seed(21)
    heads, e, n, lq, ls = case.get("heads", 2), 4, 2, 3, 5

    def make(*shape, grad=True):
        return torch.randn(*shape, dtype=torch.float64, generator=g).requires_grad_(grad)

    batch = (n,) if case.get("batched", True) else ()
    q, k, v = make(lq, *batch, e), make(ls, *batch, e), make(ls, *batch, e)
    separate = case.get("separate", False)
    weights = [make(e, e) for _ in "qkv"] if separate else [None] * 3
    in_w = None if separate else make(3 * e, e)
    bias_k, bias_v = (make(1, 1, e), make(1, 1, e)) if case.get("bias_kv") else (None, None)
    extra = int(case.get("bias_kv", False)) + int(case.get("zero_attn", False))
    mask = None
    if case.get("mask") == "float2d":
        mask = make(lq, ls, grad=False)
    elif case.get("mask") == "bool2d":
        mask = torch.rand(lq, ls, generator=g) > 0.7
        mask[:, 0] = False
    elif case.get("mask") == "float3d":
        mask = make(n * heads, lq, ls, grad=False)
    padding = None
    if case.get("padding"):
        padding = torch.zeros(*batch, ls, dtype=torch.bool)
        padding[..., -1] = True
    args = [q, k, v, e, heads, in_w, make(3 * e), bias_k, bias_v, case.get("zero_attn", False),
            0.0, make(e, e), make(e)]  # fmt: skip
    kwargs = {
        "training": True, "key_padding_mask": padding, "attn_mask": mask,
        "need_weights": case.get("need_weights", True), "use_separate_proj_weight": separate,
        "q_proj_weight": weights[0], "k_proj_weight": weights[1], "v_proj_weight": weights[2],
        "average_attn_weights": case.get("average", True),
    }  # fmt: skip
    theirs = torch.nn.functional.multi_head_attention_forward(*args, **kwargs)

    def convert(x):
        return from_torch(x) if isinstance(x, torch.Tensor) else x

    ours_args = [convert(a) for a in args]
    ours_kwargs = {k: convert(x) for k, x in kwargs.items()}
    ours = F.multi_head_attention_forward(*ours_args, **ours_kwargs)
    assert extra >= 0 and len(ours) == 2
    tensors.testing.assert_close(ours[0], theirs[0], rtol=1e-12, atol=1e-13)
    if theirs[1] is None:
        assert ours[1] is None
    else:
        tensors.testing.assert_close(ours[1], theirs[1], rtol=1e-12, atol=1e-13)
    leaves = [a for a in args if isinstance(a, torch.Tensor) and a.requires_grad]
    leaves += [w for w in weights if w is not None]
    ours_leaves = [o for a, o in zip(args, ours_args) if isinstance(a, torch.Tensor)
                   and a.requires_grad]  # fmt: skip
    ours_leaves += [ours_kwargs[f"{c}_proj_weight"] for c in "qkv"] if separate else []
    theirs_g = torch.autograd.grad(theirs[0].sum(), leaves, allow_unused=True,
                                   materialize_grads=True)  # fmt: skip
    ours_g = tensors.autograd.grad(ours[0].sum(), ours_leaves, allow_unused=True,
                                   materialize_grads=True)  # fmt: skip
    # A weight of exactly 0 (a masked key): PyTorch's bmm backward sums its zero
    # products into +0.0 where the engine keeps a single product's -0.0 (the
    # known gap of scaled_dot_product_attention), so there signs are not compared.
    exact_zeros = case.get("padding") or case.get("mask") == "bool2d"
    for a, b in zip(ours_g, theirs_g):
        tensors.testing.assert_close(a, b, rtol=1e-11, atol=1e-12, zero_sign=not exact_zeros)


@pytest.mark.parametrize(
    "kwargs",
    [{"add_bias_kv": True}, {"add_zero_attn": True, "batch_first": True},
     {"kdim": 3, "vdim": 5}, {"kdim": 3, "vdim": 5, "add_bias_kv": True, "bias": False}],
)  # fmt: skip
def test_multihead_attention_module_options_match_torch(kwargs):
    torch.manual_seed(0)
    theirs = torch.nn.MultiheadAttention(4, 2, **kwargs).double()
    ours = tensors.nn.MultiheadAttention(4, 2, dtype=tensors.float64, **kwargs)
    assert repr(ours) == repr(theirs)
    state = theirs.state_dict()
    assert {k: tuple(v.shape) for k, v in ours.state_dict().items()} == {
        k: tuple(v.shape) for k, v in state.items()
    }
    ours.load_state_dict({k: from_torch(v) for k, v in state.items()})
    g = torch.Generator().manual_seed(2)
    first = kwargs.get("batch_first", False)
    shape = (lambda n, length, e: (n, length, e) if first else (length, n, e))
    q = torch.randn(shape(2, 3, 4), dtype=torch.float64, generator=g, requires_grad=True)
    k = torch.randn(shape(2, 5, kwargs.get("kdim", 4)), dtype=torch.float64, generator=g)
    v = torch.randn(shape(2, 5, kwargs.get("vdim", 4)), dtype=torch.float64, generator=g)
    theirs_out, theirs_w = theirs(q, k, v)
    ours_q = from_torch(q)
    ours_out, ours_w = ours(ours_q, from_torch(k), from_torch(v))
    tensors.testing.assert_close(ours_out, theirs_out, rtol=1e-12, atol=1e-13)
    tensors.testing.assert_close(ours_w, theirs_w, rtol=1e-12, atol=1e-13)
    (theirs_g,) = torch.autograd.grad(theirs_out.sum(), q)
    (ours_g,) = tensors.autograd.grad(ours_out.sum(), ours_q)
    tensors.testing.assert_close(ours_g, theirs_g, rtol=1e-11, atol=1e-12)


CTC_CASES = [
    ((6, 2, 4), [[1, 2, 3], [1, 1, 0]], [6, 5], [3, 2]),  # padded targets
    ((6, 2, 4), [1, 2, 3, 1, 1], (6, 5), (3, 2)),  # concatenated
    ((6, 2, 4), [[1, 1, 1, 1], [1, 1, 0, 0]], (3, 5), (4, 2)),  # an impossible alignment
    ((5, 4), [2, 2, 3], 5, 3),  # unbatched, lengths as ints
    ((4, 3, 5), [[0, 0], [2, 0], [4, 1]], (4, 0, 2), (0, 1, 2)),  # empty target and input
]  # fmt: skip


@pytest.mark.parametrize("shape,labels,ins,outs", CTC_CASES)
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("zero_infinity", [False, True])
def test_ctc_loss_matches_torch_in_values_and_gradients(
    shape, labels, ins, outs, reduction, zero_infinity
):
    # The database's samples are all above the replay's cap: small ones here.
    g = torch.Generator().manual_seed(4)
    lp = torch.randn(*shape, dtype=torch.float64, generator=g).log_softmax(-1)
    lp.requires_grad_()
    blank = 4 if shape[-1] == 5 else 0
    targets = torch.tensor(labels)
    lengths = [torch.tensor(x) if isinstance(x, (list, int)) else x for x in (ins, outs)]
    kwargs = {"blank": blank, "reduction": reduction, "zero_infinity": zero_infinity}
    theirs = torch.nn.functional.ctc_loss(lp, targets, *lengths, **kwargs)
    ours_lp = from_torch(lp)
    ours_lengths = [from_torch(x) if isinstance(x, torch.Tensor) else x for x in lengths]
    ours = F.ctc_loss(ours_lp, from_torch(targets), *ours_lengths, **kwargs)
    tensors.testing.assert_close(ours, theirs, rtol=1e-13, atol=1e-14)
    assert type(ours.grad_fn).__name__ == type(theirs.grad_fn).__name__
    (theirs_g,) = torch.autograd.grad(theirs.sum(), lp)
    (ours_g,) = tensors.autograd.grad(ours.sum(), ours_lp)
    tensors.testing.assert_close(ours_g, theirs_g, rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize(
    "shape,labels,ins,outs,kwargs",
    [((6, 2, 4), [[1, 2], [1, 1]], [6, 5], [2, 2], {"blank": 4}),
     ((6, 2, 4), [[1, 2], [1, 1]], [6], [2, 2], {}),
     ((6, 2, 4), [[1, 2], [1, 1]], [6, 5], [2], {}),
     ((6, 2, 4), [[1, 2], [1, 1]], [6, 7], [2, 2], {}),
     ((6, 2, 4), [[1, 2], [1, 1]], [6, 5], [3, 2], {}),
     ((6, 2, 4), [1, 2, 1], [6, 5], [2, 2], {}),
     ((6, 2, 4), [[1, 2], [1, 1]], [6, 5], [2, -1], {}),
     ((6, 2, 4), [[1, 2], [1, 1]], [6, 5], [2, 2], {"reduction": "avg"})],
)  # fmt: skip
def test_ctc_loss_refuses_as_torch(shape, labels, ins, outs, kwargs):
    lp = torch.zeros(shape, dtype=torch.float64)
    _same_error(F.ctc_loss, torch.nn.functional.ctc_loss, lp, torch.tensor(labels), ins, outs,
                **kwargs)  # fmt: skip


def test_ctc_loss_module_prints_and_computes_as_torch():
    for kwargs in ({}, {"blank": 2, "reduction": "sum", "zero_infinity": True}):
        theirs, ours = torch.nn.CTCLoss(**kwargs), tensors.nn.CTCLoss(**kwargs)
        assert repr(ours) == repr(theirs)
        lp = torch.randn(5, 2, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(6))
        lp = lp.log_softmax(2)
        targets, lengths = torch.tensor([[1, 0], [0, 1]]), ([5, 4], [2, 1])
        expected = theirs(lp, targets, *lengths)
        got = ours(from_torch(lp), from_torch(targets), *lengths)
        tensors.testing.assert_close(got, expected, rtol=1e-13, atol=1e-14)
