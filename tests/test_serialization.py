"""``torch.save`` / ``torch.load``: round trips, the weights-only allowlist with PyTorch's
error, and the refusals (a CUDA map_location, a file PyTorch wrote)."""

from __future__ import annotations

import collections
import io
import pickle

import pytest

import tensors as torch
from tensors import nn


def roundtrip(obj, **load_args):
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    buffer.seek(0)
    return torch.load(buffer, **load_args)


class Point:
    def __init__(self, x):
        self.x = x


def test_a_state_dict_goes_to_a_file_and_into_a_new_model(tmp_path):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    path = tmp_path / "model.pth"
    torch.save(model.state_dict(), path)
    other = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    result = other.load_state_dict(torch.load(path, weights_only=True))
    assert repr(result) == "<All keys matched successfully>"
    x = torch.randn(5, 3)
    assert other(x).tolist() == model(x).tolist()


def test_what_travels_and_what_does_not():
    w = torch.tensor([[1.0, -2.0]], requires_grad=True)
    y = w * 3
    back = roundtrip({"w": w, "y": y, "p": nn.Parameter(torch.ones(2)), "n": 3, "s": "x"})
    assert back["w"].requires_grad and back["w"].is_leaf and back["w"].tolist() == [[1.0, -2.0]]
    assert back["y"].grad_fn is None and back["y"].requires_grad  # a leaf now, as in PyTorch
    assert isinstance(back["p"], nn.Parameter)
    assert (back["n"], back["s"]) == (3, "x")
    ordered = roundtrip(collections.OrderedDict(a=torch.zeros(1), b=torch.Size([2, 3])))
    assert isinstance(ordered, collections.OrderedDict) and ordered["b"] == torch.Size([2, 3])
    assert roundtrip(torch.tensor([1, 2])).dtype == torch.int64


def test_weights_only_refuses_other_objects_until_allowed():
    with pytest.raises(pickle.UnpicklingError, match=r"Unsupported global: GLOBAL .*Point"):
        roundtrip({"p": Point(1)})
    assert roundtrip({"p": Point(2)}, weights_only=False)["p"].x == 2
    with torch.serialization.safe_globals([Point]):
        assert roundtrip(Point(3)).x == 3
    assert Point not in torch.serialization.get_safe_globals()
    torch.serialization.add_safe_globals([Point])
    try:
        assert roundtrip(Point(4)).x == 4
    finally:
        torch.serialization.clear_safe_globals()
    with pytest.raises(pickle.UnpicklingError):
        roundtrip(nn.Linear(1, 1))
    assert isinstance(roundtrip(nn.Linear(1, 1), weights_only=False), nn.Linear)


def test_refusals():
    with pytest.raises(RuntimeError, match="torch.cuda.is_available\\(\\) is False"):
        roundtrip(torch.ones(1), map_location="cuda")
    assert roundtrip({"n": 1}, map_location="cuda") == {"n": 1}
    assert roundtrip(torch.ones(1), map_location=torch.device("cpu")).tolist() == [1.0]
    with pytest.raises(RuntimeError, match="written by PyTorch's torch.save"):
        torch.load(io.BytesIO(b"PK\x03\x04rest of a zip"))
    with pytest.raises(FileNotFoundError):
        torch.load("/no/such/file.pth")


def test_a_failed_save_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "keep.pth"
    torch.save({"a": torch.ones(1)}, path)
    before = path.read_bytes()
    with pytest.raises((pickle.PicklingError, AttributeError)):
        torch.save({"f": lambda: 0}, path)
    assert path.read_bytes() == before


def test_the_same_calls_and_errors_as_pytorch(tmp_path):
    real = pytest.importorskip("torch")
    for lib in (real, torch):
        buffer = io.BytesIO()
        lib.save({"w": lib.ones(2), "f": Point(1)}, buffer)
        buffer.seek(0)
        with pytest.raises(pickle.UnpicklingError) as caught:
            lib.load(buffer)
        message = str(caught.value).replace("test_serialization.Point", "X.Point")
        if lib is real:
            expected = message
        else:
            assert message == expected
        buffer = io.BytesIO()
        lib.save(lib.ones(2), buffer)
        buffer.seek(0)
        with pytest.raises(RuntimeError) as caught:
            lib.load(buffer, map_location="cuda")
        if lib is real:
            cuda_message = str(caught.value)
        else:
            assert str(caught.value) == cuda_message
