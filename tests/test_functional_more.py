"""nn.functional's losses, distances, padding, attention, pooling, resampling and
normalisations: gradients against central differences (hypothesis), away from the
kinks where the derivative is a convention; and identities. No PyTorch needed."""

from hypothesis import given, settings
from hypothesis import strategies as st

import tensors
from tensors.testing import assert_close, tensor_gradcheck
from tensors.testing import tensors as tensors_of

F = tensors.nn.functional
F64 = tensors.float64


def _leaf(shape, lo=-2.0, hi=2.0):
    elements = st.floats(lo, hi, allow_subnormal=False)
    return tensors_of(shape, elements, dtype=F64, requires_grad=True)


def _away(t, kinks=(0.0,), gap=1e-3):
    # Elements closer than gap to a kink are moved off it (the derivative there is a
    # choice, which central differences cannot see).
    values = [
        v + 10 * gap if any(abs(v - k) < gap for k in kinks) else v for v in t.reshape(-1).tolist()
    ]
    return tensors.tensor(values, dtype=F64).reshape(*t.shape).requires_grad_()


@settings(max_examples=20)
@given(_leaf((2, 3)), _leaf((2, 3)), st.floats(0.25, 2.0))
def test_smooth_losses_gradients(x, y, beta):
    d = _away(x - y.detach(), (-beta, beta), 1e-3) + y.detach()
    d = d.detach().requires_grad_()
    assert tensor_gradcheck(lambda x, y: F.smooth_l1_loss(x, y, beta=beta), [d, y])
    assert tensor_gradcheck(lambda x, y: F.huber_loss(x, y, delta=beta), [d, y])


@settings(max_examples=20)
@given(_leaf((2, 3)), _leaf((2, 3), 0.1, 2.0), st.booleans())
def test_kl_poisson_gaussian_gradients(x, t, log_target):
    t = _away(t, (1.0,), 1e-2)  # Stirling's term switches on above 1: a jump
    assert tensor_gradcheck(
        lambda x, t: F.kl_div(x, t, reduction="batchmean", log_target=log_target), [x, t]
    )
    assert tensor_gradcheck(lambda x, t: F.poisson_nll_loss(x, t, full=True), [x, t])
    assert tensor_gradcheck(lambda x, t, v: F.gaussian_nll_loss(x, t, v), [x, t, t * 1.0])


@settings(max_examples=20)
@given(
    _leaf((4, 3)),
    _leaf((4, 3)),
    _leaf((4, 3)),
    st.lists(st.sampled_from([-1.0, 1.0]), min_size=4, max_size=4),
)
def test_margin_losses_gradients(a, b, c, signs):
    y = tensors.tensor(signs, dtype=F64)
    a = _away(a - b.detach(), (0.0, 0.5, -0.5)) + b.detach()
    a = a.detach().requires_grad_()
    assert tensor_gradcheck(lambda a: F.soft_margin_loss(a, y.reshape(4, 1).expand(4, 3)), [a])
    assert tensor_gradcheck(lambda a: F.multilabel_soft_margin_loss(a, (b.detach() > 0) * 1.0), [a])
    # Vectors kept away from zero, where a cosine or a distance has no derivative.
    cos_loss = lambda a, b: F.cosine_embedding_loss(a + 3.0, b + 3.0, y, margin=-1.0)  # noqa: E731
    assert tensor_gradcheck(cos_loss, [a, b])
    triplet = lambda a, b, c: F.triplet_margin_loss(a, b + 5.0, c - 5.0, margin=50.0)  # noqa: E731
    assert tensor_gradcheck(triplet, [a, b, c])
    assert tensor_gradcheck(lambda a, b: F.pairwise_distance(a, b + 5.0), [a, b])
    labels = tensors.tensor([0, 2, 1, 1])
    assert tensor_gradcheck(lambda a: F.multi_margin_loss(a * 10, labels, margin=100.0), [a])


@settings(max_examples=20)
@given(_leaf((2, 3, 4)), st.sampled_from(["constant", "reflect", "replicate", "circular"]))
def test_pad_gradient_and_crop_identity(x, mode):
    assert tensor_gradcheck(lambda x: F.pad(x, (2, 1), mode=mode), [x])
    if mode == "constant":
        padded = F.pad(x, (2, 1, 1, 0), value=7.0)
        assert_close(F.pad(padded, (-2, -1, -1, 0)), x, rtol=0, atol=0)


@settings(max_examples=20)
@given(_leaf((2, 3, 4), 0.5, 2.0), _leaf((2, 3, 4)))
def test_normalize_cosine_similarity_pdist_gradients(x, y):
    assert tensor_gradcheck(lambda x: F.normalize(x, dim=1), [x])
    assert tensor_gradcheck(lambda x, y: F.cosine_similarity(x, y + 3.0, dim=2), [x, y])
    # Rows kept 12 apart: at equal rows the distance has a kink, which differences miss.
    apart = tensors.tensor([[0.0], [20.0], [40.0]], dtype=F64)
    weights = tensors.arange(1.0, 5.0, dtype=F64)
    assert tensor_gradcheck(lambda x: F.pdist(x[0] * weights + apart), [x])
    norms = tensors.linalg.vector_norm(F.normalize(x, dim=2), dim=2)
    assert_close(norms, tensors.ones(2, 3, dtype=F64), rtol=1e-14, atol=1e-15)


@settings(max_examples=15)
@given(_leaf((2, 3, 4)), _leaf((2, 5, 4)), _leaf((2, 5, 2)), st.booleans())
def test_attention_gradient_and_uniform_weights(q, k, v, causal):
    fn = lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=causal)  # noqa: E731
    assert tensor_gradcheck(fn, [q, k, v])
    # Equal keys: every weight is 1/S, so each output is the mean of the values.
    same = F.scaled_dot_product_attention(q, tensors.zeros(2, 5, 4, dtype=F64), v)
    assert_close(same, v.mean(1, keepdim=True).expand(2, 3, 2), rtol=1e-13, atol=1e-14)


@settings(max_examples=15)
@given(_leaf((1, 2, 3, 3)), _leaf((2, 2, 2, 2)), _leaf((2,)))
def test_conv_transpose_gradient_and_adjointness(x, w, b):
    fn = lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1)  # noqa: E731
    assert tensor_gradcheck(fn, [x, w, b])
    # A transposed convolution is the adjoint of the convolution: <conv(y), x> = <y, convT(x)>.
    y = tensors.ones(1, 2, 5, 5, dtype=F64)
    left = (F.conv2d(y, w, stride=2, padding=1) * x).sum()
    right = (y * F.conv_transpose2d(x, w, stride=2, padding=1, output_padding=1)).sum()
    assert_close(left, right, rtol=1e-12, atol=1e-12)


@settings(max_examples=15)
@given(_leaf((2, 2, 7)), _leaf((1, 2, 4, 5)))
def test_pool_resample_unfold_gradients(x, img):
    spread = x * 0.01 + tensors.arange(14.0, dtype=F64).reshape(2, 7) * 3  # no ties in a window
    assert tensor_gradcheck(lambda x: F.avg_pool1d(x, 3, 2, 1, count_include_pad=False), [x])
    assert tensor_gradcheck(lambda x: F.max_pool1d(x * 0.01 + spread.detach(), 3, 2), [x])
    assert tensor_gradcheck(lambda x: F.adaptive_max_pool1d(x * 0.01 + spread.detach(), 3), [x])
    assert tensor_gradcheck(lambda x: F.adaptive_avg_pool1d(x, 3), [x])
    assert tensor_gradcheck(lambda i: F.interpolate(i, size=(3, 7), mode="bilinear"), [img])
    assert tensor_gradcheck(lambda i: F.interpolate(i, scale_factor=1.5, mode="nearest"), [img])
    assert tensor_gradcheck(
        lambda i: F.fold(F.unfold(i, 2, padding=1), (4, 5), 2, padding=1), [img]
    )
    assert tensor_gradcheck(lambda i: F.pixel_unshuffle(F.pixel_shuffle(i, 1), 1), [img])


@settings(max_examples=15)
@given(_leaf((2, 4, 3)), _leaf((4,)), _leaf((4,)))
def test_normalisations_gradients(x, w, b):
    # Spread inputs: a group of equal elements has variance 0, where the normalised
    # value is a step rather than a smooth function.
    spread = tensors.arange(24.0, dtype=F64).reshape(2, 4, 3) * 0.7
    x = (x * 0.1 + spread).detach().requires_grad_()
    assert tensor_gradcheck(lambda x, w, b: F.group_norm(x, 2, w, b), [x, w, b])
    assert tensor_gradcheck(lambda x, w, b: F.instance_norm(x, weight=w, bias=b), [x, w, b])
    assert tensor_gradcheck(lambda x, w: F.rms_norm(x, (3,), w[:3]), [x, w])
    assert tensor_gradcheck(lambda x: F.local_response_norm(x, 3, alpha=0.5), [x])


@settings(max_examples=15)
@given(_leaf((3, 2)), _leaf((3, 4)), _leaf((5, 2, 4)), _leaf((5,)))
def test_bilinear_gradient(a, b, w, bias):
    assert tensor_gradcheck(F.bilinear, [a, b, w, bias])
