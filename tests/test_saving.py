"""Saving and copying: pickling keeps every shape, a non-leaf pickles its numbers,
deepcopy refuses a non-leaf as PyTorch does, and a state dict that cannot be
loaded changes nothing."""

from __future__ import annotations

import copy
import pickle

import pytest

import tensors as torch
from autograd_scalar import Value
from tensors import nn


@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (2, 0, 4), (), (1,), (2, 3)])
def test_pickled_tensors_and_parameters_keep_their_shape(shape):
    t = torch.ones(*shape) if shape else torch.tensor(2.5)
    back = pickle.loads(pickle.dumps(t))
    assert back.shape == t.shape and back.tolist() == t.tolist()
    p = nn.Parameter(t)
    back = pickle.loads(pickle.dumps(p))
    assert isinstance(back, nn.Parameter) and back.shape == t.shape and back.requires_grad


@pytest.mark.filterwarnings("ignore:Initializing zero-element tensors")
def test_a_pickled_empty_layer_still_runs():
    layer = pickle.loads(pickle.dumps(nn.Linear(3, 0)))
    assert layer.weight.shape == (0, 3)
    assert layer(torch.ones(2, 3)).shape == (2, 0)


def test_a_non_leaf_pickles_as_a_leaf_with_its_numbers():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    back = pickle.loads(pickle.dumps(x * 3))
    assert back.tolist() == [3.0, 6.0]
    assert back.is_leaf and back.requires_grad and back.grad_fn is None
    assert pickle.loads(pickle.dumps(torch.tensor([1, 2]))).dtype is torch.int64


def test_a_computed_value_pickles_as_a_leaf():
    a = Value(2.0, label="a")
    back = pickle.loads(pickle.dumps(a * a))
    assert back.data == 4.0 and back.is_leaf and back.requires_grad


def test_deepcopy_of_a_leaf_copies_numbers_and_grad():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward()
    twin = copy.deepcopy(x)
    assert twin.tolist() == [1.0, 2.0] and twin.requires_grad and twin.is_leaf
    assert twin.grad.tolist() == [2.0, 4.0]
    twin.data.mul_(0)
    assert x.tolist() == [1.0, 2.0]


def test_deepcopy_of_a_non_leaf_is_refused_at_once_even_for_a_deep_graph():
    x = torch.tensor([1.0], requires_grad=True)
    y = x
    for _ in range(20000):  # deep enough to overflow a recursive copy
        y = y + 1
    with pytest.raises(RuntimeError, match=r"^Only Tensors created explicitly by the user"):
        copy.deepcopy(y)
    v = Value(1.0)
    for _ in range(20000):
        v = v + 1
    with pytest.raises(RuntimeError, match=r"^Only Tensors created explicitly by the user"):
        copy.deepcopy(v)


class _Unreadable:
    """Tensor-like (it has ``__torch_function__`` and a shape) but cannot be read."""

    shape = (1,)

    @classmethod
    def __torch_function__(cls, *args, **kwargs):  # pragma: no cover - never called
        return NotImplemented

    def detach(self):
        raise ValueError("cannot read this value")


def test_load_state_dict_that_fails_to_convert_changes_nothing():
    net = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 1))
    before = {k: v.tolist() for k, v in net.state_dict().items()}
    sd = {k: torch.full_like(v, 9.0) for k, v in net.state_dict().items()}
    sd["1.bias"] = _Unreadable()  # the last entry: the earlier ones must not be copied
    with pytest.raises(RuntimeError) as e:
        net.load_state_dict(sd)
    assert str(e.value) == (
        "Error(s) in loading state_dict for Sequential:\n"
        '\tWhile copying the parameter named "1.bias", whose dimensions in the model are '
        "torch.Size([1]) and whose dimensions in the checkpoint are torch.Size([1]), an "
        "exception occurred : ('cannot read this value',)."
    )
    assert {k: v.tolist() for k, v in net.state_dict().items()} == before


def test_load_state_dict_refuses_a_numpy_array_as_pytorch_does():
    np = pytest.importorskip("numpy")
    net = nn.Linear(2, 1)
    before = net.weight.tolist()
    sd = net.state_dict()
    sd["weight"] = np.zeros((1, 2))
    with pytest.raises(RuntimeError) as e:
        net.load_state_dict(sd)
    assert str(e.value) == (
        "Error(s) in loading state_dict for Linear:\n"
        '\tWhile copying the parameter named "weight", expected torch.Tensor or Tensor-like '
        "object from checkpoint but received <class 'numpy.ndarray'>"
    )
    assert net.weight.tolist() == before
