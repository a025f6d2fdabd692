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
