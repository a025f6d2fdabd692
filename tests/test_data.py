"""tensors.data: the two-moons and spirals toy sets, made from a seed."""

import doctest
import math

import pytest

import tensors as torch
from tensors import data


def test_module_doctests():
    result = doctest.testmod(data, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize("make", [data.make_moons, data.make_spirals])
def test_same_seed_same_points_other_seed_other_points(make):
    a, b, c = make(60, seed=3), make(60, seed=3), make(60, seed=4)
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1])
    assert not torch.equal(a[0], c[0])


@pytest.mark.parametrize("make", [data.make_moons, data.make_spirals])
def test_the_global_generator_is_left_alone(make):
    torch.manual_seed(0)
    expected = torch.rand(3).tolist()
    torch.manual_seed(0)
    make(50, seed=1)
    assert torch.rand(3).tolist() == expected


@pytest.mark.parametrize("n", [0, 1, 7, 100])
def test_moons_shapes_dtypes_and_balance(n):
    X, y = data.make_moons(n)
    assert X.shape == (n, 2) and y.shape == (n,)
    assert X.dtype == torch.float32 and y.dtype == torch.int64
    assert y.tolist().count(0) == n // 2 and y.tolist().count(1) == n - n // 2


def test_moons_lie_on_their_half_circles_without_noise():
    X, y = data.make_moons(40, noise=0.0, seed=0)
    for (a, b), label in zip(X.tolist(), y.tolist()):
        cx, cy = (0.0, 0.0) if label == 0 else (1.0, 0.5)
        assert math.hypot(a - cx, b - cy) == pytest.approx(1.0)
        assert (b >= -1e-12) if label == 0 else (b <= 0.5 + 1e-12)


def test_moons_shuffle_and_noise():
    plain, labels = data.make_moons(20, noise=0.0, shuffle=False)
    assert labels.tolist() == [0] * 10 + [1] * 10
    shuffled, shuffled_labels = data.make_moons(20, noise=0.0, shuffle=True)
    assert shuffled_labels.tolist() != labels.tolist()
    assert sorted(map(tuple, shuffled.tolist())) == sorted(map(tuple, plain.tolist()))
    noisy, _ = data.make_moons(20, noise=0.2, shuffle=False)
    diff = (noisy - plain).flatten().tolist()
    assert 0.05 < math.sqrt(sum(d * d for d in diff) / len(diff)) < 0.5


def test_spirals_classes_and_radius():
    X, y = data.make_spirals(301, n_classes=3, noise=0.0, shuffle=False)
    labels = y.tolist()
    assert [labels.count(k) for k in range(3)] == [101, 100, 100]
    radii = [math.hypot(a, b) for a, b in X.tolist()]
    assert max(radii) == pytest.approx(1.0) and min(radii) == 0.0
    # each arm's points move outwards as it winds
    arm = radii[:101]
    assert arm == sorted(arm)


def test_spirals_arms_are_rotations_of_each_other():
    X, _ = data.make_spirals(40, n_classes=2, noise=0.0, shuffle=False)
    pts = X.tolist()
    for (a, b), (c, d) in zip(pts[:20], pts[20:]):
        assert (c, d) == pytest.approx((-a, -b), abs=1e-12)


def test_bad_arguments():
    with pytest.raises(ValueError, match="n_samples"):
        data.make_moons(-1)
    with pytest.raises(ValueError, match="noise"):
        data.make_spirals(10, noise=-0.1)
    with pytest.raises(ValueError, match="n_classes"):
        data.make_spirals(10, n_classes=0)
