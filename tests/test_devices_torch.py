"""Devices, dtype names and NumPy as a CPU-only PyTorch has them: the same results and the
same errors, program by program."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tensors

torch = pytest.importorskip("torch")
np = pytest.importorskip("numpy")


def outcome(fn):
    """What a program gives: its repr, or its error's type and text."""
    try:
        result = fn()
    except Exception as e:  # noqa: BLE001 - the error is the result being compared
        return (type(e).__name__, str(e))
    if isinstance(result, np.ndarray):
        return ("ndarray", repr(result), result.dtype.name)
    return repr(result)


def default_cuda(t):
    """Set the default device to CUDA, try to make tensors, and put the CPU back."""
    t.set_default_device("cuda")
    try:
        return [
            outcome(f) for f in (t.get_default_device, lambda: t.ones(1), lambda: t.tensor(1.0))
        ]
    finally:
        t.set_default_device(None)


PROGRAMS = {
    "cuda.is_available": lambda t: t.cuda.is_available(),
    "cuda.device_count": lambda t: t.cuda.device_count(),
    "cuda.current_device": lambda t: t.cuda.current_device(),
    "cuda.manual_seed": lambda t: t.cuda.manual_seed(0),
    "mps.is_available": lambda t: t.backends.mps.is_available(),
    "mps.is_built": lambda t: t.backends.mps.is_built(),
    "accelerator.is_available": lambda t: t.accelerator.is_available(),
    "accelerator.current": lambda t: t.accelerator.current_accelerator(),
    "accelerator.count": lambda t: t.accelerator.device_count(),
    "tutorial device choice": lambda t: (
        t.accelerator.current_accelerator().type if t.accelerator.is_available() else "cpu"
    ),
    "set_default_device cpu": lambda t: t.set_default_device("cpu"),
    "set_default_device cuda": lambda t: default_cuda(t),
    "get_default_device": lambda t: t.get_default_device(),
    "device cuda": lambda t: t.device("cuda"),
    "device cuda:1": lambda t: t.device("cuda:1"),
    "device str": lambda t: str(t.device("cuda", 1)),
    "device bad": lambda t: t.device("xyz"),
    "device bad index": lambda t: t.device("cuda:x"),
    "device negative": lambda t: t.device("cpu", -1),
    "tensor.device": lambda t: t.ones(1).device,
    "to cpu": lambda t: t.ones(2).to("cpu"),
    "to cpu is self": lambda t: (lambda x: x.to("cpu") is x and x.cpu() is x)(t.ones(2)),
    "to device object": lambda t: t.ones(2).to(t.device("cpu")),
    "to cpu dtype": lambda t: t.ones(2).to("cpu", t.float64),
    "to kw": lambda t: t.ones(2).to(device="cpu", dtype=t.int64),
    "to tensor": lambda t: t.ones(2).to(t.zeros(1, dtype=t.float64)),
    "to copy": lambda t: t.ones(2, requires_grad=True).to(t.float32, copy=True),
    "to cpu copy": lambda t: t.ones(2, requires_grad=True).to("cpu", copy=True),
    "to same dtype": lambda t: (lambda x: x.to(t.float32) is x)(t.ones(2)),
    "to cuda": lambda t: t.ones(2).to("cuda"),
    "to cuda:0": lambda t: t.ones(2).to("cuda:0"),
    "to cuda device": lambda t: t.ones(2).to(t.device("cuda")),
    "to cuda kw": lambda t: t.ones(2).to(dtype=t.int64, device="cuda"),
    "to mps": lambda t: t.ones(2).to("mps"),
    "to xpu": lambda t: t.ones(2).to("xpu"),
    "to int": lambda t: t.ones(2).to(1),
    "to two dtypes": lambda t: t.ones(2).to(t.float64, t.float32),
    "to two strings": lambda t: t.ones(2).to("cpu", "cpu"),
    "to bad kw": lambda t: t.ones(2).to(foo=1),
    "cuda()": lambda t: t.ones(2).cuda(),
    "cuda(0)": lambda t: t.ones(2).cuda(0),
    "cuda(cpu)": lambda t: t.ones(2).cuda("cpu"),
    "cuda(cuda:1)": lambda t: t.ones(2).cuda("cuda:1"),
    "ones on cuda": lambda t: t.ones(2, device="cuda"),
    "tensor on cuda": lambda t: t.tensor([1.0], device="cuda"),
    "zeros on cpu": lambda t: t.zeros(2, device="cpu"),
    "arange on cpu": lambda t: t.arange(3, device=t.device("cpu")),
    "Linear to cpu": lambda t: t.nn.Linear(2, 1).to("cpu"),
    "Linear to cuda": lambda t: t.nn.Linear(2, 1).to("cuda"),
    "Linear cuda": lambda t: t.nn.Linear(2, 1).cuda(),
    "Linear cuda(0)": lambda t: t.nn.Linear(2, 1).cuda(0),
    "type()": lambda t: [
        t.ones(1, dtype=d).type() for d in (t.float32, t.float64, t.int64, t.bool)
    ],
    "type(dtype)": lambda t: t.ones(2).type(t.float64),
    "type(dtype) grad": lambda t: t.ones(2, requires_grad=True).type(t.float64),
    "type(str)": lambda t: t.ones(2, dtype=t.int64).type("torch.DoubleTensor"),
    "type(bad str)": lambda t: t.ones(2).type("float64"),
    "type(int)": lambda t: t.ones(2).type(int),
    "numpy": lambda t: t.tensor([1.5, 2.0]).numpy(),
    "numpy 0-d": lambda t: t.tensor(3.5).numpy(),
    "numpy int": lambda t: t.tensor([[1, 2]]).numpy(),
    "numpy bool": lambda t: t.tensor([True, False]).numpy(),
    "numpy float64": lambda t: t.tensor([0.1], dtype=t.float64).numpy(),
    "numpy requires grad": lambda t: t.ones(2, requires_grad=True).numpy(),
    "numpy force": lambda t: t.ones(2, requires_grad=True).numpy(force=True),
    "from_numpy f64": lambda t: t.from_numpy(np.array([[1.0, 2.5]])),
    "from_numpy f32": lambda t: t.from_numpy(np.array([0.1], dtype=np.float32)),
    "from_numpy int64": lambda t: t.from_numpy(np.arange(3)),
    "from_numpy bool": lambda t: t.from_numpy(np.array([True])),
    "from_numpy list": lambda t: t.from_numpy([1.0]),
    "from_numpy object": lambda t: t.from_numpy(np.array([object()])),
    "from_numpy reversed": lambda t: t.from_numpy(np.arange(3.0)[::-1]),
    "tensor(f64 array)": lambda t: t.tensor(np.array([1.0, 2.0])),
    "tensor(f32 array)": lambda t: t.tensor(np.array([1.0, 2.0], dtype=np.float32)),
    "tensor(int array)": lambda t: t.tensor(np.array([[1, 2]])),
    "tensor(f64 scalar)": lambda t: t.tensor(np.float64(2.5)),
    "tensor(array, dtype)": lambda t: t.tensor(np.array([1, 2]), dtype=t.float32),
    "as_tensor(array)": lambda t: t.as_tensor(np.array([1.0, 2.0])),
    "np.asarray": lambda t: np.asarray(t.tensor([[1.5, 2.0]])),
    "np.asarray int": lambda t: np.asarray(t.tensor([1, 2])),
    "np.asarray 0-d": lambda t: np.asarray(t.tensor(2.5)),
    "np.asarray dtype": lambda t: np.asarray(t.tensor([1.5]), dtype=np.float64),
    "np.asarray requires grad": lambda t: np.asarray(t.ones(2, requires_grad=True)),
    "np.array of a detached": lambda t: np.array(t.ones(2, requires_grad=True).detach()),
    "numpy scalar * tensor": lambda t: np.float64(2) * t.ones(2),
    "numpy f32 scalar + tensor": lambda t: np.float32(3) + t.ones(1),
    "np.mean of tensors": lambda t: np.mean([t.tensor(1.0).item(), 3.0]),
}


@pytest.mark.parametrize("name", PROGRAMS)
# PyTorch's own __array__ lacks NumPy 2's copy keyword, which NumPy reports.
@pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword")
def test_program_gives_what_torch_gives(name):
    program = PROGRAMS[name]
    assert outcome(lambda: program(tensors)) == outcome(lambda: program(torch))


def test_numpy_copies_instead_of_sharing():
    # PyTorch shares memory here; this project copies (README's list of differences)
    a = np.array([1.0, 2.0])
    t = tensors.from_numpy(a)
    a[0] = 5.0
    assert t.tolist() == [1.0, 2.0]
    b = t.numpy()
    b[1] = 7.0
    assert t.tolist() == [1.0, 2.0]


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=64), min_size=1, max_size=6))
def test_float64_round_trip_is_exact(xs):
    a = np.array(xs)
    back = tensors.tensor(a).numpy()
    assert back.dtype == np.float64 and back.tolist() == xs
    assert tensors.from_numpy(a).tolist() == torch.from_numpy(a).tolist()


def test_to_keeps_the_graph():
    x = tensors.tensor([1.0, 2.0], requires_grad=True)
    y = x.to("cpu", tensors.float64, copy=True)
    (y * y).sum().backward()
    assert x.grad.tolist() == [2.0, 4.0]
    assert y.grad_fn.name() == "ToCopyBackward0"
