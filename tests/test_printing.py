"""Tests for tensors/_printing.py: the repr text must be exactly PyTorch's.

The first section needs no torch: hard-coded strings (each one checked
against ``repr`` of the torch tensor) and properties of the module itself.
The second section is differential: it builds the same tensor in torch and
compares ``repr`` character for character; it is skipped without torch.
"""

from __future__ import annotations

import contextlib
import doctest
import importlib.util
import math
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

_ROOT = Path(__file__).resolve().parent.parent


def _load_printing() -> Any:
    """Import tensors._printing, by path while tensors/ is not a package yet."""
    if (_ROOT / "tensors" / "__init__.py").exists():
        if str(_ROOT) not in sys.path:
            sys.path.insert(0, str(_ROOT))
        from tensors import _printing

        return _printing
    name = "_tensors_printing_under_test"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, _ROOT / "tensors" / "_printing.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered before running it: dataclasses looks the module up by name.
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


printing = _load_printing()
format_tensor = printing.format_tensor
set_printoptions = printing.set_printoptions
get_printoptions = printing.get_printoptions

NAN = math.nan
INF = math.inf
DTYPES = ("float32", "float64", "int64", "bool")
FLOAT_DTYPES = ("float32", "float64")


# The autouse fixture below runs once per test, not per Hypothesis example,
# which is fine here: each example restores the options it changes itself.
# Example counts scale with the Hypothesis profile that conftest.py loads.
_EXAMPLES = settings().max_examples
_HYPOTHESIS = settings(
    deadline=None,
    suppress_health_check=[*settings().suppress_health_check, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(autouse=True)
def _default_printoptions() -> Iterator[None]:
    """Every test starts and ends with the default options of this module."""
    set_printoptions(profile="default")
    yield
    set_printoptions(profile="default")


def _nest(flat: list, shape: tuple[int, ...]) -> Any:
    """Row-major flat list -> nested list of the given shape (bare value if 0-d)."""
    if not shape:
        return flat[0]
    if len(shape) == 1:
        return list(flat)
    step = math.prod(shape[1:])
    return [_nest(flat[i * step : (i + 1) * step], shape[1:]) for i in range(shape[0])]


# ---------------------------------------------------------------------------
# Without torch: strings checked once against torch 2.13, pasted here
# ---------------------------------------------------------------------------

EXPECTED = [
    # (data, shape, dtype, keyword arguments, repr in torch)
    (
        [[1.0, 2.0], [3.0, 4.0]],
        (2, 2),
        "float32",
        {},
        "tensor([[1., 2.],\n        [3., 4.]])",
    ),
    (3.0, (), "float32", {}, "tensor(3.)"),
    (-7, (), "int64", {}, "tensor(-7)"),
    (1e39, (), "float32", {}, "tensor(inf)"),  # overflows float32
    ([1e-5, 1e5], (2,), "float32", {}, "tensor([1.0000e-05, 1.0000e+05])"),
    ([1e10, 2e10], (2,), "float32", {}, "tensor([1.0000e+10, 2.0000e+10])"),
    ([123456.5, 0.25], (2,), "float32", {}, "tensor([1.2346e+05, 2.5000e-01])"),
    ([True, False], (2,), "bool", {}, "tensor([ True, False])"),
    ([1, 2], (2,), "int64", {}, "tensor([1, 2])"),
    ([], (0,), "float32", {}, "tensor([])"),
    ([], (0,), "int64", {}, "tensor([], dtype=torch.int64)"),
    ([], (0, 3), "float32", {}, "tensor([], size=(0, 3))"),
    ([], (0, 3), "bool", {}, "tensor([], size=(0, 3), dtype=torch.bool)"),
    (
        [1.5, NAN, INF, -INF],
        (4,),
        "float32",
        {},
        "tensor([1.5000,    nan,    inf,   -inf])",
    ),
    ([-0.0, 1.0], (2,), "float32", {}, "tensor([-0., 1.])"),
    ([0.1, 2.0], (2,), "float64", {}, "tensor([0.1000, 2.0000], dtype=torch.float64)"),
    (
        [[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]],
        (2, 2, 2),
        "float32",
        {},
        "tensor([[[1., 2.],\n         [3., 4.]],\n\n        [[5., 6.],\n         [7., 8.]]])",
    ),
    (
        _nest([float(i) for i in range(16)], (2, 2, 2, 2)),
        (2, 2, 2, 2),
        "float32",
        {},
        (
            "tensor([[[[ 0.,  1.],\n          [ 2.,  3.]],\n\n"
            "         [[ 4.,  5.],\n          [ 6.,  7.]]],\n\n\n"
            "        [[[ 8.,  9.],\n          [10., 11.]],\n\n"
            "         [[12., 13.],\n          [14., 15.]]]])"
        ),
    ),
    (
        [float(i) for i in range(1001)],
        (1001,),
        "float32",
        {},
        "tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.])",
    ),
    (
        _nest([i / 7 for i in range(12)], (3, 4)),
        (3, 4),
        "float32",
        {},
        (
            "tensor([[0.0000, 0.1429, 0.2857, 0.4286],\n"
            "        [0.5714, 0.7143, 0.8571, 1.0000],\n"
            "        [1.1429, 1.2857, 1.4286, 1.5714]])"
        ),
    ),
    (
        [i * 1000.5 for i in range(20)],
        (20,),
        "float64",
        {"grad_fn": "MulBackward0"},
        (
            "tensor([    0.0000,  1000.5000,  2001.0000,  3001.5000,  4002.0000,  5002.5000,\n"
            "         6003.0000,  7003.5000,  8004.0000,  9004.5000, 10005.0000, 11005.5000,\n"
            "        12006.0000, 13006.5000, 14007.0000, 15007.5000, 16008.0000, 17008.5000,\n"
            "        18009.0000, 19009.5000], dtype=torch.float64, grad_fn=<MulBackward0>)"
        ),
    ),
    (
        [0.1, 0.1, 0.1],
        (3,),
        "float64",
        {"requires_grad": True},
        "tensor([0.1000, 0.1000, 0.1000], dtype=torch.float64, requires_grad=True)",
    ),
    (
        [1.0, 2.0],
        (2,),
        "float32",
        {"grad_fn": "MulBackward0"},
        "tensor([1., 2.], grad_fn=<MulBackward0>)",
    ),
    # Suffixes wrap onto a new line, indented under the "(" of "tensor(".
    (
        [i * 1000.5 for i in range(4)],
        (4,),
        "float64",
        {"requires_grad": True},
        (
            "tensor([   0.0000, 1000.5000, 2001.0000, 3001.5000], dtype=torch.float64,\n"
            "       requires_grad=True)"
        ),
    ),
    (
        [i * 1000.5 for i in range(5)],
        (5,),
        "float64",
        {},
        (
            "tensor([   0.0000, 1000.5000, 2001.0000, 3001.5000, 4002.0000],\n"
            "       dtype=torch.float64)"
        ),
    ),
    (
        [i * 1000.5 for i in range(6)],
        (6,),
        "float64",
        {"requires_grad": True},
        (
            "tensor([   0.0000, 1000.5000, 2001.0000, 3001.5000, 4002.0000, 5002.5000],\n"
            "       dtype=torch.float64, requires_grad=True)"
        ),
    ),
]


@pytest.mark.parametrize(("data", "shape", "dtype", "kwargs", "expected"), EXPECTED)
def test_expected_strings(
    data: Any, shape: tuple[int, ...], dtype: str, kwargs: dict, expected: str
) -> None:
    assert format_tensor(data, shape, dtype, **kwargs) == expected


def test_docstring_example() -> None:
    got = format_tensor([[1.0, 2.0]], (1, 2), "float32", requires_grad=True)
    assert got == "tensor([[1., 2.]], requires_grad=True)"


def test_float32_rounding_is_visible_at_high_precision() -> None:
    # 0.1 is stored as 0.100000001490116... in float32, and torch prints that.
    set_printoptions(precision=10)
    assert format_tensor([0.1], (1,), "float32") == "tensor([0.1000000015])"
    assert format_tensor([0.1], (1,), "float64") == ("tensor([0.1000000000], dtype=torch.float64)")


def test_edgeitems_zero_shows_size() -> None:
    set_printoptions(edgeitems=0)
    data = [float(i) for i in range(2000)]
    assert format_tensor(data, (2000,), "float32") == "tensor([...], size=(2000,))"
    small = [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert format_tensor(small, (2, 3), "float32") == (
        "tensor([[0., 1., 2.],\n        [3., 4., 5.]], size=(2, 3))"
    )


def test_get_printoptions_defaults() -> None:
    assert get_printoptions() == {
        "precision": 4,
        "threshold": 1000,
        "edgeitems": 3,
        "linewidth": 80,
        "sci_mode": None,
    }


def test_set_printoptions_profiles() -> None:
    set_printoptions(profile="short")
    assert get_printoptions() == {
        "precision": 2,
        "threshold": 1000,
        "edgeitems": 2,
        "linewidth": 80,
        "sci_mode": None,
    }
    set_printoptions(profile="full", precision=6)
    assert get_printoptions()["threshold"] == math.inf
    assert get_printoptions()["precision"] == 6  # explicit argument wins
    set_printoptions(profile="default")
    assert get_printoptions()["threshold"] == 1000


def test_set_printoptions_always_assigns_sci_mode() -> None:
    set_printoptions(sci_mode=True)
    assert format_tensor([1.0, 2.0], (2,), "float32") == ("tensor([1.0000e+00, 2.0000e+00])")
    set_printoptions(precision=4)  # no sci_mode given: back to automatic, as torch
    assert get_printoptions()["sci_mode"] is None
    assert format_tensor([1.0, 2.0], (2,), "float32") == "tensor([1., 2.])"


def test_printoptions_round_trip_and_context_manager() -> None:
    set_printoptions(precision=3, linewidth=50)
    saved = get_printoptions()
    set_printoptions(**saved)
    assert get_printoptions() == saved
    with printing.printoptions(precision=1, sci_mode=False):
        assert format_tensor([1.25], (1,), "float32") == "tensor([1.2])"
    assert get_printoptions() == saved


@pytest.mark.parametrize(
    ("data", "shape", "dtype"),
    [
        ([1.0, 2.0], (2,), "float16"),  # unsupported dtype
        ([1.0, 2.0], (3,), "float32"),  # wrong length
        ([[1.0], [2.0, 3.0]], (2, 1), "float32"),  # ragged
        ([1.0], (), "float32"),  # list for a 0-d tensor
        (1.0, (1,), "float32"),  # number for a 1-d tensor
        ([], (-1,), "float32"),  # negative size
    ],
)
def test_invalid_input_raises(data: Any, shape: tuple[int, ...], dtype: str) -> None:
    with pytest.raises(ValueError):
        format_tensor(data, shape, dtype)


def test_module_doctests() -> None:
    result = doctest.testmod(printing)
    assert result.attempted > 0
    assert result.failed == 0


@settings(_HYPOTHESIS, max_examples=_EXAMPLES)
@given(
    st.lists(st.floats(width=32), max_size=12),
    st.sampled_from([None, True, False]),
)
def test_float32_exact_values_print_like_float64(values: list, sci: Optional[bool]) -> None:
    # Values that float32 holds exactly are not changed by the rounding, so
    # the two dtypes differ only by the dtype suffix.
    set_printoptions(sci_mode=sci)
    try:
        as32 = format_tensor(values, (len(values),), "float32")
        as64 = format_tensor(values, (len(values),), "float64")
    finally:
        set_printoptions(profile="default")
    assert re.sub(r",\s*dtype=torch\.float64", "", as64) == as32


# ---------------------------------------------------------------------------
# Differential tests against torch (skipped when torch is not installed)
# ---------------------------------------------------------------------------


def _torch() -> Any:
    return pytest.importorskip("torch")


def _signed(strategy: st.SearchStrategy[float]) -> st.SearchStrategy[float]:
    return st.tuples(strategy, st.booleans()).map(lambda t: -t[0] if t[1] else t[0])


# Families of float values; a tensor mixes one to three of them, so that both
# uniform tensors (fixed point, integer mode) and mixed magnitudes are common.
FLOAT_FAMILIES = [
    st.floats(-10, 10),  # small, with fractions
    st.integers(-(10**6), 10**6).map(float),  # whole numbers -> "3."
    _signed(st.floats(1e4, 1e12)),  # large
    _signed(st.floats(1e-12, 1e-3)),  # tiny
    st.sampled_from(
        [
            0.0,
            -0.0,
            NAN,
            INF,
            -INF,
            0.1,
            1 / 3,
            1e-4,
            9.9999e-5,
            1000.0,
            1e8,
            1.00000001e8,
            1e-40,  # subnormal in float32
            1e-46,  # becomes 0 in float32
            3.4028235e38,  # largest float32
            1e39,  # overflows float32
            1e308,
            5e-324,
        ]
    ),
    st.floats(),  # anything, nan and infinities included
]
INT_ELEMENTS = st.one_of(
    st.integers(-10, 10),
    st.integers(-(10**6), 10**6),
    st.integers(-(2**63), 2**63 - 1),
)

SMALL_SHAPES = st.lists(st.integers(0, 4), max_size=4).map(tuple)
BIG_SHAPES = st.sampled_from(
    [
        (1000,),  # exactly at the threshold: not summarised
        (1001,),
        (40, 40),
        (1, 1001),
        (1001, 1),
        (3, 334),
        (2, 3, 200),
        (11, 11, 11),
        (7, 7, 7, 7),
        (0, 2000),
    ]
)


@st.composite
def tensor_specs(
    draw: st.DrawFn, shapes: st.SearchStrategy[tuple[int, ...]] = SMALL_SHAPES
) -> tuple[str, tuple[int, ...], list]:
    """(dtype, shape, row-major values) for a random tensor."""
    dtype = draw(st.sampled_from(DTYPES))
    shape = draw(shapes)
    if dtype in FLOAT_DTYPES:
        families = draw(st.lists(st.sampled_from(FLOAT_FAMILIES), min_size=1, max_size=3))
        elements = st.one_of(families)
    elif dtype == "int64":
        elements = INT_ELEMENTS
    else:
        elements = st.booleans()
    numel = math.prod(shape)
    if numel <= 64:
        flat = draw(st.lists(elements, min_size=numel, max_size=numel))
    else:
        # Drawing thousands of elements one by one is slow: pick from a pool.
        pool = draw(st.lists(elements, min_size=1, max_size=8))
        rng = random.Random(draw(st.integers(0, 2**32 - 1)))
        flat = [rng.choice(pool) for _ in range(numel)]
    return dtype, shape, flat


def _torch_repr(
    dtype: str,
    shape: tuple[int, ...],
    flat: list,
    *,
    requires_grad: bool = False,
    with_grad_fn: bool = False,
) -> str:
    torch = _torch()
    t = torch.tensor(flat, dtype=getattr(torch, dtype)).reshape(shape).clone()
    if requires_grad or with_grad_fn:
        t.requires_grad_()
    if with_grad_fn:
        t = t * 1  # grad_fn is MulBackward0
    return repr(t)


def _check(
    dtype: str,
    shape: tuple[int, ...],
    flat: list,
    *,
    requires_grad: bool = False,
    with_grad_fn: bool = False,
) -> None:
    expected = _torch_repr(
        dtype, shape, flat, requires_grad=requires_grad, with_grad_fn=with_grad_fn
    )
    got = format_tensor(
        _nest(flat, shape),
        shape,
        dtype,
        requires_grad=requires_grad,
        grad_fn="MulBackward0" if with_grad_fn else None,
    )
    assert got == expected


@contextlib.contextmanager
def _both_printoptions(**kwargs: Any) -> Iterator[None]:
    """Set the same options here and in torch; restore both defaults after."""
    torch = _torch()
    try:
        set_printoptions(**kwargs)
        torch.set_printoptions(**kwargs)
        yield
    finally:
        set_printoptions(profile="default")
        torch.set_printoptions(profile="default")


@settings(_HYPOTHESIS, max_examples=5 * _EXAMPLES)
@given(tensor_specs(), st.sampled_from(["plain", "requires_grad", "grad_fn"]))
def test_matches_torch(spec: tuple, autograd: str) -> None:
    _torch()
    dtype, shape, flat = spec
    if dtype not in FLOAT_DTYPES:
        autograd = "plain"  # only float tensors can require grad in torch
    _check(
        dtype,
        shape,
        flat,
        requires_grad=autograd == "requires_grad",
        with_grad_fn=autograd == "grad_fn",
    )


@settings(_HYPOTHESIS, max_examples=_EXAMPLES)
@given(tensor_specs(BIG_SHAPES), st.booleans())
def test_matches_torch_summarised(spec: tuple, requires_grad: bool) -> None:
    _torch()
    dtype, shape, flat = spec
    _check(dtype, shape, flat, requires_grad=requires_grad and dtype in FLOAT_DTYPES)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(), (0,), (1,), (0, 3), (3, 0), (2, 0, 4), (1, 1, 1, 1)])
def test_matches_torch_edge_shapes(dtype: str, shape: tuple[int, ...]) -> None:
    _torch()
    value = {"float32": 2.5, "float64": -1e-7, "int64": -12, "bool": True}[dtype]
    _check(dtype, shape, [value] * math.prod(shape))


@pytest.mark.parametrize("n", range(1, 25))
@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("autograd", ["plain", "requires_grad", "grad_fn"])
def test_matches_torch_suffix_wrapping(n: int, dtype: str, autograd: str) -> None:
    # Lengths around the 80-column limit, where suffixes start to wrap.
    _torch()
    flat = [i * 1000.5 for i in range(n)]
    for shape in [(n,), (1, n)]:
        _check(
            dtype,
            shape,
            flat,
            requires_grad=autograd == "requires_grad",
            with_grad_fn=autograd == "grad_fn",
        )


OPTION_SETS = [
    {"precision": 2},
    {"precision": 0},
    {"precision": 8},
    {"sci_mode": True},
    {"sci_mode": False},
    {"linewidth": 40},
    {"linewidth": 120},
    {"threshold": 5},
    {"threshold": 5, "edgeitems": 1},
    {"threshold": 5, "edgeitems": 0},
    {"profile": "full"},
    {"profile": "short"},
    {"profile": "default"},
    {"profile": "short", "precision": 6, "sci_mode": True},
]
OPTION_TENSORS = [
    ("float32", (2, 3), [1.123456, -2.5, 1e-3, 100.25, 0.0, NAN]),
    ("float32", (4,), [1.0, 2.0, 3.0, -4.0]),
    ("float32", (3,), [1e-5, 1.0, 1e5]),
    ("float64", (12,), [i / 3 for i in range(12)]),
    ("float64", (2, 2, 3), [i * 1e6 for i in range(12)]),
    ("int64", (10,), list(range(-5, 5))),
    ("bool", (2, 4), [True, False] * 4),
    ("float32", (1200,), [i * 0.5 for i in range(1200)]),
    ("float32", (2,), [INF, -INF]),
]


@pytest.mark.parametrize("options", OPTION_SETS, ids=str)
@pytest.mark.parametrize("tensor", OPTION_TENSORS, ids=lambda t: f"{t[0]}{t[1]}")
def test_set_printoptions_matches_torch(options: dict, tensor: tuple) -> None:
    dtype, shape, flat = tensor
    with _both_printoptions(**options):
        _check(dtype, shape, flat)
        _check(dtype, shape, flat, requires_grad=dtype in FLOAT_DTYPES)


@pytest.mark.parametrize("options", OPTION_SETS, ids=str)
def test_get_printoptions_matches_torch(options: dict) -> None:
    torch = _torch()
    with _both_printoptions(**options):
        assert get_printoptions() == torch._tensor_str.get_printoptions()
    assert get_printoptions() == torch._tensor_str.get_printoptions()


@settings(_HYPOTHESIS, max_examples=5 * _EXAMPLES)
@given(
    st.one_of(tensor_specs(), tensor_specs(BIG_SHAPES)),
    st.fixed_dictionaries(
        {},
        optional={
            "precision": st.integers(0, 10),
            "threshold": st.sampled_from([0, 1, 5, 10, 64, 1000, INF]),
            "edgeitems": st.integers(0, 4),
            "linewidth": st.integers(1, 150),
            "profile": st.sampled_from(["default", "short", "full"]),
            "sci_mode": st.sampled_from([None, True, False]),
        },
    ),
)
def test_random_printoptions_match_torch(spec: tuple, options: dict) -> None:
    dtype, shape, flat = spec
    with _both_printoptions(**options):
        _check(dtype, shape, flat, requires_grad=dtype in FLOAT_DTYPES)


@pytest.mark.parametrize(("data", "shape", "dtype", "kwargs", "expected"), EXPECTED)
def test_expected_strings_are_torch_reprs(
    data: Any, shape: tuple[int, ...], dtype: str, kwargs: dict, expected: str
) -> None:
    # Keeps the hard-coded strings of the first section honest.
    torch = _torch()
    t = torch.tensor(data, dtype=getattr(torch, dtype)).reshape(shape)
    if kwargs.get("requires_grad") or kwargs.get("grad_fn"):
        t = t.clone().requires_grad_()
    if kwargs.get("grad_fn"):
        assert kwargs["grad_fn"] == "MulBackward0"
        t = t * 1
    assert repr(t) == expected
