"""Replaying one entry of PyTorch's operator database on ``tensors``: its sample
inputs run on both libraries, outputs, gradients and errors compared.

Shared by ``tests/test_opinfo_torch.py`` and the coverage report
(``python -m tensors.testing.opinfo``), so both judge an op the same way.
torch (with ``expecttest``, which its database needs) is imported by the
functions, never at import time.
"""

from __future__ import annotations

import math
import types
import warnings
from typing import Any, Callable, Optional

import tensors as tt

from .._tensor import Tensor, _from_numbers
from ._draws import VALUES_NOT_COMPARED as VALUES_NOT_COMPARED
from ._draws import draws

# The one cap on sample size: a sample whose tensors hold more elements than
# this in all is not run (each element is a Python object here; PyTorch's
# samples go up to thousands of elements, which would make the sweep minutes).
CAP = 1024

# torch.testing.assert_close's default tolerances (rtol, atol). Integer and
# bool results must be equal.
TOLERANCE = {"float64": (1e-7, 1e-7), "float32": (1.3e-6, 1e-5)}
# Gradients add up many products; the same tolerances, an order looser.
GRAD_TOLERANCE = {"float64": (1e-6, 1e-6), "float32": (1e-5, 1e-4)}

# Decompositions whose vectors are determined only up to sign: their outputs are
# compared as PyTorch's own gradient checks see them, through the sample's
# ``output_process_fn_grad`` (``abs`` of the vectors, ``U @ Vh``), as its tests
# of these ops compare absolute values or products.
SIGNS_NOT_UNIQUE = {
    "linalg.eigh": "an eigenvector's sign",
    "linalg.svd": "the signs of a pair of singular vectors",
    "svd": "the signs of a pair of singular vectors",
}


class Unsupported(Exception):
    """A value of a sample that ``tensors`` has no counterpart for (a dtype, a layout)."""


def qualified(root: Any, name: str) -> Any:
    """``root.a.b.c`` for ``name`` "a.b.c", or None where a part is missing.

    >>> import tensors
    >>> qualified(tensors, "nn.functional.relu") is tensors.nn.functional.relu
    True
    >>> qualified(tensors, "fft.fft") is None, qualified(tensors, "torch.i0") is tensors.i0
    (True, True)
    """
    obj = root
    if name.startswith("torch."):
        name = name[len("torch.") :]
    for part in name.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _torch() -> Any:
    import torch

    return torch


# ---------------------------------------------------------------------------------
# Which function of tensors stands for an entry's variant
# ---------------------------------------------------------------------------------


def _rebound(fn: types.FunctionType) -> Callable:
    # The database wraps some ops in small functions written against the name
    # ``torch`` (``lambda x, y: torch.where(y, x, ...)``): the same code, with
    # that name bound to tensors, is the same call made on tensors.
    scope = dict(fn.__globals__)
    scope["torch"] = tt
    scope["F"] = tt.nn.functional
    return types.FunctionType(fn.__code__, scope, fn.__name__, fn.__defaults__, fn.__closure__)


def counterpart(fn: Any, names: tuple) -> Optional[Callable]:
    """The ``tensors`` callable for a torch callable known by one of ``names``
    (qualified names such as "nn.functional.relu"), or None where there is none."""
    torch = _torch()
    if fn is None:
        return None
    for name in names:
        if qualified(torch, name) is fn:
            return qualified(tt, name)
    method = getattr(fn, "__name__", None)
    if method and getattr(torch.Tensor, method, None) is fn:
        return getattr(tt.Tensor, method, None)
    if isinstance(fn, types.FunctionType):
        return _rebound(fn)
    return None


def names_of(entry: Any) -> tuple:
    """The entry's name and its aliases' names."""
    return (entry.name,) + tuple(a.name for a in entry.aliases)


def provided(entry: Any) -> bool:
    """Whether ``tensors`` has the entry's op: under its name or an alias, as a
    function (``tensors.x``, ``tensors.nn.functional.x``, ...) or a method."""
    for name in names_of(entry):
        if qualified(tt, name) is not None:
            return True
        if "." not in name and hasattr(tt.Tensor, name):
            return True
    # Entries that call an in-place method (``uniform`` calls ``Tensor.uniform_``).
    called = getattr(getattr(entry.op, "__code__", None), "co_names", ())
    return f"{entry.name}_" in called and hasattr(tt.Tensor, f"{entry.name}_")


def variants(entry: Any) -> list:
    """(label, torch callable, tensors callable or None) for the function, the
    method and each alias's function and method (in-place variants aside)."""
    names = names_of(entry)
    out = [("function", entry.op, counterpart(entry.op, names))]
    if entry.method_variant is not None:
        out.append(("method", entry.method_variant, counterpart(entry.method_variant, names)))
    for alias in entry.aliases:
        if alias.op is not None:
            out.append((f"alias {alias.name}", alias.op, counterpart(alias.op, (alias.name,))))
        if alias.method_variant is not None:
            out.append(
                (
                    f"method alias {alias.name}",
                    alias.method_variant,
                    counterpart(alias.method_variant, (alias.name,)),
                )
            )
    return out


# ---------------------------------------------------------------------------------
# Samples: torch values to tensors values
# ---------------------------------------------------------------------------------


def _dtype(torch_dtype: Any) -> Any:
    name = str(torch_dtype).replace("torch.", "")
    found = getattr(tt, name, None)
    if not isinstance(found, tt.dtype):
        raise Unsupported(f"no dtype {name}")
    return found


def convert(obj: Any, memo: dict) -> Any:
    """A sample's value with every torch tensor replaced by a ``tensors`` leaf of
    the same numbers, shape, dtype and requires_grad (one per torch tensor, so a
    tensor passed twice is one tensor on both sides); dtypes and devices too."""
    torch = _torch()
    if isinstance(obj, torch.Tensor):
        if id(obj) not in memo:
            if obj.layout is not torch.strided or obj.device.type != "cpu":
                raise Unsupported(f"layout {obj.layout} on {obj.device}")
            base = obj._base
            if base is not None and base.is_contiguous() and base.storage_offset() == 0:
                # A view (a sample of as_strided reads past its view): the same view
                # of the same storage, so that every element it can reach is there.
                view = tt.as_strided(
                    convert(base, memo), tuple(obj.shape), obj.stride(), obj.storage_offset()
                )
                if obj.requires_grad and not view.requires_grad:
                    view.requires_grad_()  # a view of a base without grad is a leaf
                memo[id(obj)] = (obj, view)
            else:
                dtype = _dtype(obj.dtype)
                flat = obj.detach().reshape(-1).tolist()
                leaf = _from_numbers(flat, tuple(obj.shape), dtype, obj.requires_grad)
                memo[id(obj)] = (obj, leaf)
        return memo[id(obj)][1]
    if isinstance(obj, torch.dtype):
        return _dtype(obj)
    if isinstance(obj, torch.device):
        return tt.device(str(obj))
    if isinstance(obj, torch.Size):
        return tuple(obj)
    if isinstance(obj, (torch.memory_format, torch.layout)):
        found = getattr(tt, str(obj).replace("torch.", ""), None)
        if found is None:
            raise Unsupported(f"{type(obj).__name__} {obj}")
        return found
    if isinstance(obj, torch.Generator):
        raise Unsupported(f"{type(obj).__name__} {obj}")
    if isinstance(obj, torch.nn.Module):
        return _module(obj)
    if isinstance(obj, list):
        return [convert(x, memo) for x in obj]
    if isinstance(obj, tuple):
        return tuple(convert(x, memo) for x in obj)
    if isinstance(obj, dict):
        return {k: convert(v, memo) for k, v in obj.items()}
    return obj


def _module(obj: Any) -> Any:
    # A module given as an argument (a distance function): tensors' module of the
    # same class with the same settings (its public attributes). A module that
    # holds parameters or buffers has no such counterpart here.
    cls = getattr(tt.nn, type(obj).__name__, None)
    if cls is None or any(True for _ in obj.parameters()) or any(True for _ in obj.buffers()):
        raise Unsupported(f"module {type(obj).__name__}")
    ours = cls.__new__(cls)
    tt.nn.Module.__init__(ours)
    for key, value in vars(obj).items():
        if not key.startswith("_"):
            setattr(ours, key, value)
    return ours


def size_of(sample: Any) -> int:
    """How many elements the tensors of a sample hold in all."""
    torch = _torch()
    total = 0

    def walk(x: Any) -> None:
        nonlocal total
        if isinstance(x, torch.Tensor):
            total += x.numel()
        elif isinstance(x, (list, tuple)):
            for y in x:
                walk(y)
        elif isinstance(x, dict):
            for y in x.values():
                walk(y)

    walk([sample.input, sample.args, sample.kwargs])
    return total


# ---------------------------------------------------------------------------------
# Comparing results
# ---------------------------------------------------------------------------------


def same_number(ours: float, theirs: float, rtol: float, atol: float) -> bool:
    """Equal within ``atol + rtol * |theirs|``; nan equals nan; infinities and
    zeros must be equal, signs included.

    >>> same_number(0.0, -0.0, 1e-7, 1e-7), same_number(1.0, 1.0 + 1e-9, 1e-7, 1e-7)
    (False, True)
    """
    if math.isnan(theirs) or math.isnan(ours):
        return math.isnan(theirs) and math.isnan(ours)
    if ours == theirs:
        return ours != 0 or math.copysign(1.0, ours) == math.copysign(1.0, theirs)
    if math.isinf(ours) or math.isinf(theirs):
        return False
    return abs(ours - theirs) <= atol + rtol * abs(theirs)


def compare(ours: Any, theirs: Any, where: str, tolerance: dict, values: bool = True) -> list:
    """The differences between a tensors result and torch's, as lines of text:
    structure, shapes, dtypes, requires_grad and (with ``values``) numbers."""
    torch = _torch()
    if isinstance(theirs, torch.Tensor):
        if not isinstance(ours, Tensor):
            return [f"{where}: {type(ours).__name__} where torch gives a tensor"]
        if tuple(ours.shape) != tuple(theirs.shape):
            return [f"{where}: shape {tuple(ours.shape)}, torch {tuple(theirs.shape)}"]
        theirs_dtype = str(theirs.dtype).replace("torch.", "")
        if ours.dtype.name != theirs_dtype:
            return [f"{where}: dtype {ours.dtype.name}, torch {theirs_dtype}"]
        if ours.requires_grad != theirs.requires_grad:
            return [f"{where}: requires_grad {ours.requires_grad}, torch {theirs.requires_grad}"]
        if not values:
            return []
        rtol, atol = tolerance.get(theirs_dtype, (0.0, 0.0))
        mine = [v.data for v in ours.values()]
        torch_numbers = theirs.detach().reshape(-1).tolist()
        for k, (a, b) in enumerate(zip(mine, torch_numbers)):
            if not same_number(float(a), float(b), rtol, atol):
                return [f"{where}[{k}]: {a!r}, torch {b!r}"]
        return []
    if isinstance(theirs, (tuple, list)):
        if not isinstance(ours, (tuple, list)) or len(ours) != len(theirs):
            return [f"{where}: {ours!r:.80} where torch gives {len(theirs)} items"]
        return [
            line
            for k, (a, b) in enumerate(zip(ours, theirs))
            for line in compare(a, b, f"{where}[{k}]", tolerance, values)
        ]
    if isinstance(theirs, torch.dtype):
        theirs = _dtype(theirs)
    if isinstance(theirs, bool) or not isinstance(theirs, (int, float)):
        return [] if ours == theirs else [f"{where}: {ours!r:.80}, torch {theirs!r:.80}"]
    if not isinstance(ours, (int, float)) or isinstance(ours, bool):
        return [f"{where}: {ours!r:.80}, torch {theirs!r}"]
    if values and not same_number(float(ours), float(theirs), *tolerance["float64"]):
        return [f"{where}: {ours!r}, torch {theirs!r}"]
    return []


def _tensors_in(x: Any) -> list:
    torch = _torch()
    if isinstance(x, (torch.Tensor, Tensor)):
        return [x]
    if isinstance(x, (list, tuple)):
        return [t for y in x for t in _tensors_in(y)]
    return []


def _weights(n: int) -> list:
    # Distinct weights per element, so that a gradient sent to the wrong
    # element shows; the same numbers on both sides.
    return [0.5 + (k * 0.6180339887498949) % 1.0 for k in range(n)]


def _weighted_sum(outputs: list, lib: Any, make: Callable) -> Any:
    total = None
    for out in outputs:
        w = make(_weights(out.numel()), tuple(out.shape), out.dtype)
        term = (out * w).sum()
        total = term if total is None else total + term
    return total


def gradients(theirs_out: Any, ours_out: Any, memo: dict, process: Callable) -> list:
    """Differences between the two libraries' gradients of a weighted sum of
    the outputs that require grad, with respect to every input requiring grad."""
    torch = _torch()
    pairs = [pair for pair in memo.values() if pair[0].requires_grad]
    theirs_outputs = [t for t in _tensors_in(process(theirs_out)) if t.requires_grad]
    if not pairs or not theirs_outputs:
        return []
    ours_outputs = [t for t in _tensors_in(process(ours_out)) if t.requires_grad]
    if len(ours_outputs) != len(theirs_outputs):
        return [f"{len(ours_outputs)} outputs require grad, torch {len(theirs_outputs)}"]

    def torch_weights(flat: list, shape: tuple, dtype: Any) -> Any:
        return torch.tensor(flat, dtype=dtype).reshape(shape)

    def our_weights(flat: list, shape: tuple, dtype: Any) -> Any:
        return _from_numbers(flat, shape, dtype)

    theirs_total = _weighted_sum(theirs_outputs, torch, torch_weights)
    theirs_grads = torch.autograd.grad(
        theirs_total, [p[0] for p in pairs], allow_unused=True, materialize_grads=True
    )
    ours_total = _weighted_sum(ours_outputs, tt, our_weights)
    ours_grads = tt.autograd.grad(
        ours_total, [p[1] for p in pairs], allow_unused=True, materialize_grads=True
    )
    # A derivative PyTorch knows to be zero comes as a tensor of no storage: +0.0.
    theirs_grads = [torch.zeros_like(b) if b._is_zerotensor() else b for b in theirs_grads]
    return [
        line
        for k, (a, b) in enumerate(zip(ours_grads, theirs_grads))
        for line in compare(a, b.detach(), f"grad of input {k}", GRAD_TOLERANCE)
    ]


# ---------------------------------------------------------------------------------
# One entry
# ---------------------------------------------------------------------------------


class Outcome:
    """What replaying one entry gave: samples run, samples left out by the cap
    or by a value tensors has no counterpart for, and the failures (text)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.run = 0
        self.capped = 0
        self.errors_checked = 0
        self.failures: list = []

    @property
    def passed(self) -> bool:
        return not self.failures and self.run > 0

    def __repr__(self) -> str:
        return (
            f"Outcome({self.name!r}, run={self.run}, capped={self.capped}, "
            f"errors_checked={self.errors_checked}, failures={len(self.failures)})"
        )


def full_name(entry: Any) -> str:
    """The entry's name with its variant: "div.floor_rounding"."""
    return entry.name + (f".{entry.variant_test_name}" if entry.variant_test_name else "")


def _describe(sample: Any) -> str:
    torch = _torch()

    def show(x: Any) -> str:
        if isinstance(x, torch.Tensor):
            return f"tensor{tuple(x.shape)}"
        if isinstance(x, (list, tuple)):
            return "[" + ", ".join(show(y) for y in x) + "]"
        return repr(x)

    parts = [show(sample.input)] + [show(a) for a in sample.args]
    parts += [f"{k}={show(v)}" for k, v in sample.kwargs.items()]
    return ", ".join(parts)[:160]


def _one_sample(
    theirs: Callable, ours: Callable, sample: Any, grad: bool, values: bool, signs: bool = True
) -> list:
    memo: dict = {}
    try:
        first = convert(sample.input, memo)
        args = convert(sample.args, memo)
        kwargs = convert(sample.kwargs, memo)
    except Unsupported as e:
        return [f"not run: {e}"]
    try:
        expected = theirs(sample.input, *sample.args, **sample.kwargs)
    except Exception as refused:  # noqa: BLE001 - then tensors must refuse it alike
        try:
            ours(first, *args, **kwargs)
        except type(refused):
            return []
        except Exception as e:  # noqa: BLE001
            return [f"{type(e).__name__} where torch raises {type(refused).__name__}"]
        return [f"no error where torch raises {type(refused).__name__}"]
    try:
        got = ours(first, *args, **kwargs)
    except Exception as e:  # noqa: BLE001 - any error of tensors is a failure to report
        return [f"{type(e).__name__}: {str(e)[:200]}"]
    if signs:
        lines = compare(got, expected, "output", TOLERANCE, values)
    else:
        process = sample.output_process_fn_grad
        lines = compare(process(got), process(expected), "output", TOLERANCE, values)
    if lines or not grad:
        return lines
    try:
        return gradients(expected, got, memo, sample.output_process_fn_grad)
    except Exception as e:  # noqa: BLE001
        return [f"gradient: {type(e).__name__}: {str(e)[:200]}"]


def seeded(inputs: Any) -> Any:
    """Each item of ``inputs`` (an entry's sample or error inputs, generated as they
    are drawn) drawn right after seeding Python's, NumPy's and torch's CPU generator
    with the test suite's seed, as PyTorch's own tests draw them (``sample_inputs``
    seeds so before each sample). ``torch.manual_seed`` would also queue a seeding
    of every absent accelerator, with a stack trace each: a sixth of the replay's time.
    """
    import random

    from torch.testing._internal import common_utils

    torch = _torch()
    seed = common_utils.SEED
    items = iter(inputs)
    while True:
        torch.default_generator.manual_seed(seed)
        random.seed(seed)
        if common_utils.TEST_NUMPY:
            import numpy

            numpy.random.seed(seed)
        try:
            yield next(items)
        except StopIteration:
            return


def sample_inputs(entry: Any, dtype: Any, requires_grad: bool) -> Any:
    """The entry's sample inputs on the CPU, the very samples ``entry.sample_inputs``
    gives (the same seeding), without its search of the call stack for a unittest
    test (two per call, each reading the source of every frame)."""
    return seeded(entry.sample_inputs_func(entry, "cpu", dtype, requires_grad))


def error_inputs(entry: Any) -> Any:
    """The entry's error inputs on the CPU, as ``entry.error_inputs`` gives them."""
    return seeded(entry.error_inputs_func(entry, "cpu"))


def _errors(entry: Any, ours: Callable, outcome: Outcome) -> None:
    if entry.error_inputs_func is None:
        return
    for k, error in enumerate(error_inputs(entry)):
        sample = error.sample_input
        if size_of(sample) > CAP:
            outcome.capped += 1  # the cap holds for error inputs too
            continue
        memo: dict = {}
        try:
            first = convert(sample.input, memo)
            args = convert(sample.args, memo)
            kwargs = convert(sample.kwargs, memo)
        except Unsupported:
            continue  # the error is about a dtype or layout tensors does not have
        try:
            entry.op(sample.input, *sample.args, **sample.kwargs)
        except Exception:  # noqa: BLE001 - torch refuses it: so must tensors
            pass
        else:  # torch's own test of this error is an expected failure (clamp_min)
            continue
        outcome.errors_checked += 1
        try:
            ours(first, *args, **kwargs)
        except error.error_type:
            continue
        except Exception as e:  # noqa: BLE001
            outcome.failures.append(
                f"error input {k} ({_describe(sample)}): {type(e).__name__} "
                f"where torch raises {error.error_type.__name__}"
            )
            continue
        outcome.failures.append(
            f"error input {k} ({_describe(sample)}): no error where torch raises "
            f"{error.error_type.__name__}"
        )


def replay(entry: Any, dtypes: tuple = ("float64", "float32"), limit: int = 3) -> Outcome:
    """Run an entry's samples (each dtype, every variant) and its error inputs on
    both libraries; record at most ``limit`` failing samples per variant and dtype."""
    torch = _torch()
    outcome = Outcome(full_name(entry))
    found = variants(entry)
    for label, _theirs, ours in found:
        if ours is None:
            outcome.failures.append(f"{label}: tensors has no counterpart")
    runnable = [(label, theirs, ours) for label, theirs, ours in found if ours is not None]
    threads = torch.get_num_threads()
    # The samples are tiny: PyTorch's worker threads only wait on each other
    # (a 2-core machine ran max_pool2d's 2,880 samples 20 times slower with them).
    torch.set_num_threads(1)
    try:
        _replay_samples(entry, runnable, dtypes, limit, outcome)
    finally:
        torch.set_num_threads(threads)
    return outcome


def _replay_samples(
    entry: Any, runnable: list, dtypes: tuple, limit: int, outcome: Outcome
) -> None:
    torch = _torch()
    signs = entry.name not in SIGNS_NOT_UNIQUE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for dtype_name in dtypes:
            dtype = getattr(torch, dtype_name)
            if not entry.supports_dtype(dtype, "cpu"):
                continue
            samples = list(sample_inputs(entry, dtype, entry.supports_autograd))
            small = [s for s in samples if size_of(s) <= CAP]
            outcome.capped += len(samples) - len(small)
            for label, theirs, ours in runnable:
                failed = 0
                for k, sample in enumerate(small):
                    values = not draws(entry, sample)
                    grad = entry.supports_autograd and values
                    lines = _one_sample(theirs, ours, sample, grad, values, signs)
                    outcome.run += 1
                    if lines:
                        failed += 1
                        if failed <= limit:
                            where = f"{label}, {dtype_name} sample {k} ({_describe(sample)})"
                            outcome.failures += [f"{where}: {line}" for line in lines[:2]]
        if runnable and runnable[0][0] == "function":
            _errors(entry, runnable[0][2], outcome)
