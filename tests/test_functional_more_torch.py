"""nn.functional's losses, distances, padding, attention and the rest against torch,
on PyTorch's own OpInfo samples: values, dtypes, gradients, errors."""

import pytest

import tensors

torch = pytest.importorskip("torch")
pytest.importorskip("expecttest")
from _opinfo_replay import replay, replay_errors  # noqa: E402

F = tensors.nn.functional

LOSSES = [
    "smooth_l1_loss", "huber_loss", "kl_div", "poisson_nll_loss", "gaussian_nll_loss",
    "margin_ranking_loss", "hinge_embedding_loss", "soft_margin_loss",
    "multilabel_soft_margin_loss", "multi_margin_loss", "cosine_embedding_loss",
    "triplet_margin_loss", "pairwise_distance",
]  # fmt: skip


@pytest.mark.parametrize("name", LOSSES)
def test_loss_matches_torch_on_opinfo_samples(name):
    assert replay(f"nn.functional.{name}", getattr(F, name), rtol=1e-12, atol=1e-13) > 0


@pytest.mark.parametrize("name", LOSSES)
def test_loss_error_inputs_match_torch(name):
    replay_errors(f"nn.functional.{name}", getattr(F, name))


LOSS_MODULES = [
    ("SmoothL1Loss", {"beta": 0.5}, 2), ("HuberLoss", {"delta": 0.7}, 2),
    ("KLDivLoss", {"reduction": "batchmean"}, 2), ("PoissonNLLLoss", {"full": True}, 2),
    ("GaussianNLLLoss", {}, 3), ("MarginRankingLoss", {"margin": 0.1}, 3),
    ("HingeEmbeddingLoss", {}, 2), ("SoftMarginLoss", {}, 2),
    ("MultiLabelSoftMarginLoss", {}, 2), ("MultiMarginLoss", {"p": 2}, 2),
    ("CosineEmbeddingLoss", {"margin": 0.2}, 3), ("TripletMarginLoss", {"swap": True}, 3),
]  # fmt: skip


@pytest.mark.parametrize("name,kwargs,arity", LOSS_MODULES)
def test_loss_modules_print_and_compute_as_torch(name, kwargs, arity):
    theirs, ours = getattr(torch.nn, name)(**kwargs), getattr(tensors.nn, name)(**kwargs)
    assert repr(ours) == repr(theirs)
    torch.manual_seed(3)
    xs = [torch.randn(4, 3, dtype=torch.float64, requires_grad=True) for _ in range(arity)]
    if name == "MultiMarginLoss":
        xs[1] = torch.tensor([0, 2, 1, 2])
    elif name in ("HingeEmbeddingLoss", "SoftMarginLoss", "MarginRankingLoss"):
        xs[-1] = xs[-1].detach().sign()
    elif name == "CosineEmbeddingLoss":
        xs[-1] = torch.tensor([1.0, -1.0, 1.0, -1.0], dtype=torch.float64)
    elif name in ("PoissonNLLLoss", "MultiLabelSoftMarginLoss"):
        xs[1] = xs[1].detach().abs().round()
    elif name == "GaussianNLLLoss":
        xs[2] = xs[2].detach().abs()
    ours_in = [tensors.testing.from_torch(x) for x in xs]
    tensors.testing.assert_close(ours(*ours_in), theirs(*xs), rtol=1e-12, atol=1e-14)


OTHERS = [
    "normalize", "cosine_similarity", "pdist", "pad.constant", "pad.reflect", "pad.replicate",
    "pad.replicate_negative", "pad.circular", "pixel_shuffle", "pixel_unshuffle",
    "avg_pool1d", "max_pool1d", "adaptive_avg_pool1d", "adaptive_max_pool1d",
    "adaptive_max_pool2d", "conv_transpose1d", "conv_transpose2d", "group_norm",
    "instance_norm", "rms_norm", "local_response_norm", "interpolate.nearest",
    "interpolate.nearest-exact", "interpolate.linear", "interpolate.bilinear",
    "interpolate.trilinear", "interpolate.area", "upsample_nearest", "upsample_bilinear", "unfold",
    "max_unpool1d", "max_unpool2d.grad",  # (max_unpool2d: the same, with slow sample making)
]  # fmt: skip


def _function(name):
    return getattr(F, name.split(".")[0])


@pytest.mark.parametrize("name", OTHERS)
def test_functional_matches_torch_on_opinfo_samples(name):
    assert replay(f"nn.functional.{name}", _function(name), rtol=1e-12, atol=1e-13) > 0


@pytest.mark.parametrize("name", OTHERS)
def test_functional_error_inputs_match_torch(name):
    replay_errors(f"nn.functional.{name}", _function(name))


def _no_dropout(sample):
    # Dropout's draw comes from PyTorch's own random stream (not reproduced here).
    return sample.kwargs.get("dropout_p", 0.0) > 0.0


@pytest.mark.parametrize("name", ["scaled_dot_product_attention", "bilinear"])
def test_products_of_three_match_torch_on_opinfo_samples(name):
    fn = getattr(F, name)
    assert replay(f"nn.functional.{name}", fn, 1e-11, 1e-12, skip=_no_dropout, max_numel=2000) > 0
    replay_errors(f"nn.functional.{name}", fn)


def test_attention_dropout_keeps_or_scales_each_weight():
    tensors.manual_seed(0)
    q = tensors.ones(1, 4, 2)
    v = tensors.arange(4.0).reshape(1, 4, 1)
    out = F.scaled_dot_product_attention(q, q, v, dropout_p=0.5)
    # Equal scores: weights 1/4, each kept (as 1/2) or dropped; sums of halves of 0..3.
    assert all(2 * x == int(2 * x) and 0 <= x <= 3 for x in out.reshape(-1).tolist())


LAYERS = [
    ("ConvTranspose2d", (1, 4, 3)), ("ConvTranspose1d", (2, 3, 2)),
    ("ConvTranspose2d", (2, 4, 3), {"stride": 2, "padding": 1, "output_padding": 1,
                                    "groups": 2, "bias": False, "dilation": 2}),
    ("Bilinear", (2, 3, 4)), ("AvgPool1d", (3,)), ("AvgPool1d", (3, 2, 1, True, False)),
    ("MaxPool1d", (3,)), ("MaxPool1d", (3, 2, 1, 2, False, True)), ("AdaptiveAvgPool1d", (3,)),
    ("AdaptiveMaxPool1d", (3,)), ("AdaptiveMaxPool2d", ((2, 3),)), ("PixelShuffle", (2,)),
    ("PixelUnshuffle", (2,)), ("PairwiseDistance", ()), ("CosineSimilarity", ()),
    ("ZeroPad2d", (1,)), ("ConstantPad1d", ((1, 2), 3.0)), ("ReflectionPad2d", (1,)),
    ("ReplicationPad1d", (2,)), ("CircularPad2d", (1,)),
]  # fmt: skip


@pytest.mark.parametrize("case", LAYERS, ids=lambda c: c[0])
def test_layers_print_and_hold_parameters_as_torch(case):
    name, args, kwargs = case[0], case[1], (case[2] if len(case) > 2 else {})
    torch.manual_seed(0)
    theirs = getattr(torch.nn, name)(*args, **kwargs)
    ours = getattr(tensors.nn, name)(*args, **kwargs)
    assert repr(ours) == repr(theirs)
    shapes = {k: tuple(v.shape) for k, v in theirs.state_dict().items()}
    assert {k: tuple(v.shape) for k, v in ours.state_dict().items()} == shapes
    ours.load_state_dict({k: tensors.testing.from_torch(v) for k, v in theirs.state_dict().items()})
    theirs.double()
    if name in ("Bilinear", "PairwiseDistance", "CosineSimilarity"):
        sizes = [
            (5, args[0] if name == "Bilinear" else 4),
            (5, args[1] if name == "Bilinear" else 4),
        ]
    elif name.startswith("ConvTranspose"):
        sizes = [(1, args[0]) + (5,) * int(name[-2])]
    elif name.endswith("2d") or name.startswith("Pixel"):
        sizes = [(1, 4, 4, 4)]
    else:
        sizes = [(1, 2, 6)]
    xs = [torch.randn(*s, dtype=torch.float64) for s in sizes]
    ours_out = ours.double()(*[tensors.testing.from_torch(x) for x in xs])
    tensors.testing.assert_close(ours_out, theirs(*xs), rtol=1e-12, atol=1e-13)


NORMS = [
    ("GroupNorm", (2, 4)), ("GroupNorm", (2, 4, 1e-3, False)), ("InstanceNorm1d", (4,)),
    ("InstanceNorm2d", (4,), {"affine": True, "track_running_stats": True}),
    ("RMSNorm", (3,)), ("RMSNorm", ([4, 3],), {"eps": 1e-3, "elementwise_affine": False}),
    ("LocalResponseNorm", (3,)),
]  # fmt: skip


@pytest.mark.parametrize("case", NORMS, ids=lambda c: c[0])
def test_norm_layers_train_and_print_as_torch(case):
    name, args, kwargs = case[0], case[1], (case[2] if len(case) > 2 else {})
    theirs = getattr(torch.nn, name)(*args, **kwargs).double()
    ours = getattr(tensors.nn, name)(*args, **kwargs)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    ours.double()
    shape = (2, 4, 3) if name != "InstanceNorm2d" else (2, 4, 3, 2)
    for step in range(2):  # running statistics move as PyTorch's
        torch.manual_seed(step)
        xt = torch.randn(*shape, dtype=torch.float64, requires_grad=True)
        x = tensors.testing.from_torch(xt)
        out_t, out = theirs(xt), ours(x)
        tensors.testing.assert_close(out, out_t, rtol=1e-12, atol=1e-13)
        out_t.sum().backward()
        out.sum().backward()
        tensors.testing.assert_close(x.grad, xt.grad, rtol=1e-9, atol=1e-11)
    for key, value in theirs.state_dict().items():
        if value.is_floating_point():
            tensors.testing.assert_close(ours.state_dict()[key], value, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"stride": 2}, {"padding": 1}, {"dilation": 2, "padding": 1}, {"stride": (1, 2)}],
)
def test_fold_sums_overlapping_blocks_as_torch(kwargs):
    torch.manual_seed(0)
    xt = torch.randn(2, 3, 4, 5, dtype=torch.float64, requires_grad=True)
    x = tensors.testing.from_torch(xt)
    cols_t = torch.nn.functional.unfold(xt, (2, 3), **kwargs)
    cols = F.unfold(x, (2, 3), **kwargs)
    out_t = torch.nn.functional.fold(cols_t * 1.5, (4, 5), (2, 3), **kwargs)
    out = F.fold(cols * 1.5, (4, 5), (2, 3), **kwargs)
    tensors.testing.assert_close(out, out_t, rtol=1e-13, atol=1e-14)
    assert out.grad_fn.name() == out_t.grad_fn.name() == "Col2ImBackward0"
    out_t.pow(2).sum().backward()
    out.pow(2).sum().backward()
    tensors.testing.assert_close(x.grad, xt.grad, rtol=1e-12, atol=1e-13)


def test_embedding_bag_matches_torch_on_opinfo_samples():
    def bag(weight, indices, **kwargs):
        return F.embedding_bag(indices, weight, **kwargs)

    assert replay("nn.functional.embedding_bag", bag, rtol=1e-12, atol=1e-13) > 0
