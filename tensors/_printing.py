"""Tensor repr text, character for character as PyTorch prints it.

This is a port of ``torch/_tensor_str.py`` (PyTorch 2.13) to plain nested
Python lists. Only the parts a dense CPU tensor of dtype float32, float64,
int64 or bool reaches are kept: no complex, sparse, quantized, device or
nested-tensor branches. Function names follow torch's so that the two files
can be read side by side.

The rules, in short:

* one ``_Formatter`` is built for the whole tensor (or, when the tensor is
  summarised, for the elements that will be shown). It decides a common
  width and a common style: integer mode (``1.``), fixed point (``1.5000``)
  or scientific (``1.5000e+00``);
* rows are wrapped so that a line fits in ``linewidth`` characters, counting
  the indentation of ``tensor(`` and of the enclosing brackets;
* tensors with more than ``threshold`` elements show only ``edgeitems``
  entries at each end of each dimension, with ``...`` between;
* suffixes such as ``dtype=torch.float64`` or ``requires_grad=True`` follow
  the data and go on a new line when they would overflow ``linewidth``.

>>> print(format_tensor([[1.0, 2.5], [3.0, 4.0]], (2, 2), "float32"))
tensor([[1.0000, 2.5000],
        [3.0000, 4.0000]])
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import struct
from collections.abc import Iterator
from typing import Any, Union

# A nested list of numbers, or a bare number for a 0-d tensor.
NestedData = Union[list, float, int, bool]  # Union: Python 3.9 evaluates it

_FLOAT_DTYPES = ("float32", "float64")
_INT_DTYPES = ("int64", "int32", "int16", "int8", "uint8")
_DTYPES = _FLOAT_DTYPES + _INT_DTYPES + ("bool",)

# torch omits ``dtype=`` for the default float dtype and for int64 and bool,
# because ``torch.tensor`` infers exactly those from Python floats, ints and
# bools, so the repr stays pasteable.
_DEFAULT_DTYPES = ("float32", "int64", "bool")


@dataclasses.dataclass
class PrintOptions:
    """The options that govern printing, with torch's defaults.

    ``sci_mode=None`` lets the formatter choose scientific notation on its own;
    ``True`` or ``False`` forces it on or off. ``threshold`` may be
    ``math.inf`` (the ``"full"`` profile), meaning never summarise.

    >>> PrintOptions()
    PrintOptions(precision=4, threshold=1000, edgeitems=3, linewidth=80, sci_mode=None)
    """

    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool | None = None


# The current options, shared by every call (torch keeps one global too).
PRINT_OPTS = PrintOptions()


def set_printoptions(
    precision: int | None = None,
    threshold: float | None = None,
    edgeitems: int | None = None,
    linewidth: int | None = None,
    profile: str | None = None,
    sci_mode: bool | None = None,
) -> None:
    """Set the print options, with the semantics of ``torch.set_printoptions``.

    ``profile`` ("default", "short" or "full") first resets precision,
    threshold, edgeitems and linewidth; the other arguments then override it.
    An unknown profile is ignored, as in torch. Note that ``sci_mode`` is
    always assigned, so a call without it restores automatic mode.

    >>> set_printoptions(precision=2)
    >>> format_tensor([1.12345], (1,), "float32")
    'tensor([1.12])'
    >>> set_printoptions(profile="default")
    >>> format_tensor([1.12345], (1,), "float32")
    'tensor([1.1235])'
    """
    if profile is not None:
        if profile == "default":
            PRINT_OPTS.precision = 4
            PRINT_OPTS.threshold = 1000
            PRINT_OPTS.edgeitems = 3
            PRINT_OPTS.linewidth = 80
        elif profile == "short":
            PRINT_OPTS.precision = 2
            PRINT_OPTS.threshold = 1000
            PRINT_OPTS.edgeitems = 2
            PRINT_OPTS.linewidth = 80
        elif profile == "full":
            PRINT_OPTS.precision = 4
            PRINT_OPTS.threshold = math.inf
            PRINT_OPTS.edgeitems = 3
            PRINT_OPTS.linewidth = 80

    if precision is not None:
        PRINT_OPTS.precision = precision
    if threshold is not None:
        PRINT_OPTS.threshold = threshold
    if edgeitems is not None:
        PRINT_OPTS.edgeitems = edgeitems
    if linewidth is not None:
        PRINT_OPTS.linewidth = linewidth
    # Unconditional on purpose: torch does the same.
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions() -> dict[str, Any]:
    """Return the current options as a dict that ``set_printoptions`` accepts.

    >>> get_printoptions()
    {'precision': 4, 'threshold': 1000, 'edgeitems': 3, 'linewidth': 80, 'sci_mode': None}
    """
    return dataclasses.asdict(PRINT_OPTS)


@contextlib.contextmanager
def printoptions(**kwargs: Any) -> Iterator[None]:
    """Change the print options inside a ``with`` block only (``torch.printoptions``).

    >>> with printoptions(precision=1):
    ...     format_tensor([1.25], (1,), "float32")
    'tensor([1.2])'
    >>> get_printoptions()["precision"]
    4
    """
    old_kwargs = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**old_kwargs)


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


def _to_float32(x: float) -> float:
    """Round a Python float to the nearest float32, as a float32 tensor stores it.

    ``struct`` raises OverflowError where the C cast that torch uses gives
    an infinity, so that case is mapped to a signed inf by hand.
    """
    try:
        return struct.unpack("f", struct.pack("f", x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def _convert_value(x: Any, dtype: str) -> float | int | bool:
    """Turn one input element into the Python value torch's ``tolist()`` gives back."""
    if dtype == "float32":
        return _to_float32(float(x))
    if dtype == "float64":
        return float(x)
    if dtype in _INT_DTYPES:
        return int(x)  # truncates toward zero, like torch.tensor([1.7], dtype=int64)
    return bool(x)


def _convert(data: Any, shape: tuple[int, ...], dtype: str, where: str = "data") -> Any:
    """Check ``data`` against ``shape`` and return a copy with converted values."""
    if not shape:
        if isinstance(data, (list, tuple)):
            raise ValueError(f"{where} should be a number for shape (), got a list")
        return _convert_value(data, dtype)
    if not isinstance(data, (list, tuple)) or len(data) != shape[0]:
        got = len(data) if isinstance(data, (list, tuple)) else type(data).__name__
        raise ValueError(f"{where} should be a list of length {shape[0]}, got {got}")
    return [_convert(item, shape[1:], dtype, f"{where}[{i}]") for i, item in enumerate(data)]


def _flatten(data: Any, dim: int) -> list:
    """All elements of a ``dim``-dimensional nested list, in row-major order."""
    if dim == 0:
        return [data]
    if dim == 1:
        return list(data)
    return [x for row in data for x in _flatten(row, dim - 1)]


# ---------------------------------------------------------------------------
# Port of torch/_tensor_str.py
# ---------------------------------------------------------------------------


class _Formatter:
    """Chooses one style and width for every element of a tensor.

    ``values`` are the elements that will be printed (all of them, or the
    summarised subset), ``floating`` tells whether the dtype is a float dtype.
    """

    def __init__(self, values: list, floating: bool) -> None:
        self.floating_dtype = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1

        if not self.floating_dtype:
            for value in values:
                self.max_width = max(self.max_width, len(f"{value}"))
            return

        # Only nonzero finite values take part in the decisions: zeros, nan
        # and inf can be written in any style, and they do not even count
        # towards the width (so "-0.", "nan" or "-inf" may stick out).
        nonzero_finite_vals = [v for v in values if math.isfinite(v) and v != 0]
        if not nonzero_finite_vals:
            return

        nonzero_finite_abs = [abs(v) for v in nonzero_finite_vals]
        nonzero_finite_min = min(nonzero_finite_abs)
        nonzero_finite_max = max(nonzero_finite_abs)

        # Integer mode as soon as every value is whole: printed as "3." so
        # that it still reads as a float.
        self.int_mode = all(v.is_integer() for v in nonzero_finite_vals)

        # Scientific notation when magnitudes differ by more than 3 orders,
        # or when fixed point would need too many digits (> 1e8) or would
        # show only zeros at 4 decimals (< 1e-4). Torch computes this in
        # float64, which is what Python floats are; the ratio may be inf.
        if PRINT_OPTS.sci_mode is None:
            self.sci_mode = (
                nonzero_finite_max / nonzero_finite_min > 1000.0
                or nonzero_finite_max > 1.0e8
                or nonzero_finite_min < 1.0e-4
            )
        else:
            self.sci_mode = PRINT_OPTS.sci_mode

        precision = PRINT_OPTS.precision
        for value in nonzero_finite_vals:
            if self.sci_mode:
                width = len(f"{value:.{precision}e}")
            elif self.int_mode:
                width = len(f"{value:.0f}") + 1  # + 1 for the trailing "."
            else:
                width = len(f"{value:.{precision}f}")
            self.max_width = max(self.max_width, width)

    def width(self) -> int:
        """The width every formatted element is padded to."""
        return self.max_width

    def format(self, value: float | bool) -> str:
        """One element as text, right-aligned to ``width()``."""
        precision = PRINT_OPTS.precision
        if self.floating_dtype:
            if self.sci_mode:
                ret = f"{value:{self.max_width}.{precision}e}"
            elif self.int_mode:
                ret = f"{value:.0f}"
                if not (math.isinf(value) or math.isnan(value)):
                    ret += "."
            else:
                ret = f"{value:.{precision}f}"
        else:
            ret = f"{value}"
        return (self.max_width - len(ret)) * " " + ret


def _vector_str(data: list, indent: int, summarize: bool, formatter: _Formatter) -> str:
    """A 1-d tensor: elements joined by ", " and wrapped to the line width."""
    # Every element takes its width plus ", ".
    element_length = formatter.width() + 2
    elements_per_line = max(1, math.floor((PRINT_OPTS.linewidth - indent) / element_length))
    edgeitems = PRINT_OPTS.edgeitems

    if summarize and not edgeitems:
        elements = ["..."]
    elif summarize and len(data) > 2 * edgeitems:
        # " ..." has a leading space so that it lines up like a padded number.
        elements = (
            [formatter.format(v) for v in data[:edgeitems]]
            + [" ..."]
            + [formatter.format(v) for v in data[-edgeitems:]]
        )
    else:
        elements = [formatter.format(v) for v in data]

    lines = [
        ", ".join(elements[i : i + elements_per_line])
        for i in range(0, len(elements), elements_per_line)
    ]
    # Continuation lines start under the first element, after the "[".
    return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"


def _tensor_str_with_formatter(
    data: Any, dim: int, indent: int, summarize: bool, formatter: _Formatter
) -> str:
    """Any number of dimensions, recursing on the first one."""
    if dim == 0:
        return formatter.format(data)
    if dim == 1:
        return _vector_str(data, indent, summarize, formatter)

    edgeitems = PRINT_OPTS.edgeitems
    if summarize and len(data) > 2 * edgeitems:
        slices = (
            [
                _tensor_str_with_formatter(data[i], dim - 1, indent + 1, summarize, formatter)
                for i in range(edgeitems)
            ]
            + ["..."]
            + [
                _tensor_str_with_formatter(data[i], dim - 1, indent + 1, summarize, formatter)
                for i in range(len(data) - edgeitems, len(data))
            ]
        )
    else:
        slices = [
            _tensor_str_with_formatter(row, dim - 1, indent + 1, summarize, formatter)
            for row in data
        ]

    # Sub-tensors of a k-d tensor are separated by k - 1 newlines: one line
    # break between rows of a matrix, plus a blank line between matrices of
    # a 3-d tensor, two between blocks of a 4-d tensor, and so on.
    tensor_str = ("," + "\n" * (dim - 1) + " " * (indent + 1)).join(slices)
    return "[" + tensor_str + "]"


def _get_summarized_data(data: Any, dim: int) -> list:
    """The elements a summarised print will show, flattened.

    The formatter is built from these only, so hidden elements do not widen
    the columns or switch on scientific notation.
    """
    edgeitems = PRINT_OPTS.edgeitems
    if dim == 0:
        return [data]
    if dim == 1:
        if len(data) > 2 * edgeitems:
            # With edgeitems == 0, data[-0:] is the whole row, exactly as the
            # tensor slice in torch is: so torch then formats from all values.
            return list(data[:edgeitems]) + list(data[-edgeitems:])
        return list(data)
    if not edgeitems:
        return []
    if len(data) > 2 * edgeitems:
        rows = list(data[:edgeitems]) + list(data[len(data) - edgeitems :])
    else:
        rows = list(data)
    return [v for row in rows for v in _get_summarized_data(row, dim - 1)]


def _tensor_str(data: Any, shape: tuple[int, ...], dtype: str, indent: int) -> str:
    """The bracketed data part of the repr, without ``tensor(`` and suffixes."""
    numel = math.prod(shape)
    if numel == 0:
        return "[]"

    dim = len(shape)
    summarize = numel > PRINT_OPTS.threshold
    values = _get_summarized_data(data, dim) if summarize else _flatten(data, dim)
    formatter = _Formatter(values, dtype in _FLOAT_DTYPES)
    return _tensor_str_with_formatter(data, dim, indent, summarize, formatter)


def _add_suffixes(tensor_str: str, suffixes: list[str], indent: int, force_newline: bool) -> str:
    """Append ", suffix" items and the closing ")", wrapping as torch does."""
    tensor_strs = [tensor_str]
    # Torch's own arithmetic, kept as is: it counts two more characters than
    # the last line has (len + 2 when there is no newline at all), which
    # decides exactly where suffixes wrap.
    last_line_len = len(tensor_str) - tensor_str.rfind("\n") + 1
    for suffix in suffixes:
        suffix_len = len(suffix)
        if force_newline or last_line_len + suffix_len + 2 > PRINT_OPTS.linewidth:
            tensor_strs.append(",\n" + " " * indent + suffix)
            last_line_len = indent + suffix_len
            force_newline = False
        else:
            tensor_strs.append(", " + suffix)
            last_line_len += suffix_len + 2
    tensor_strs.append(")")
    return "".join(tensor_strs)


def format_tensor(
    data: NestedData,
    shape: tuple[int, ...],
    dtype: str,
    *,
    requires_grad: bool = False,
    grad_fn: str | None = None,
) -> str:
    """Return ``repr`` of a tensor exactly as PyTorch writes it.

    ``data`` is a nested list matching ``shape`` (a bare number when
    ``shape == ()``); ``dtype`` is "float32", "float64", "int64" or "bool".
    Float32 values are first rounded to float32, so the digits are those of
    a float32 tensor built from the same Python floats. ``grad_fn`` is the
    name of the node class, e.g. "AddBackward0"; when given, it is shown
    instead of ``requires_grad=True``, as in torch.

    >>> format_tensor([[1.0, 2.0]], (1, 2), "float32", requires_grad=True)
    'tensor([[1., 2.]], requires_grad=True)'
    >>> format_tensor(3.0, (), "float64", grad_fn="AddBackward0")
    'tensor(3., dtype=torch.float64, grad_fn=<AddBackward0>)'
    >>> format_tensor([], (0, 3), "int64")
    'tensor([], size=(0, 3), dtype=torch.int64)'
    """
    if dtype not in _DTYPES:
        raise ValueError(f"dtype should be one of {_DTYPES}, got {dtype!r}")
    shape = tuple(int(n) for n in shape)
    if any(n < 0 for n in shape):
        raise ValueError(f"shape should not have negative sizes, got {shape}")
    data = _convert(data, shape, dtype)

    prefix = "tensor("
    indent = len(prefix)
    suffixes = []

    if math.prod(shape) == 0:
        # Like NumPy, the size is shown unless it is the plain (0,).
        if len(shape) != 1:
            suffixes.append("size=" + str(shape))
        # No element to infer a dtype from, so even int64 and bool are named.
        if dtype != "float32":
            suffixes.append("dtype=torch." + dtype)
        tensor_str = "[]"
    else:
        # With edgeitems == 0 a summarised tensor shows no element at all,
        # so torch adds the size to tell something about it.
        if not PRINT_OPTS.edgeitems:
            suffixes.append("size=" + str(shape))
        if dtype not in _DEFAULT_DTYPES:
            suffixes.append("dtype=torch." + dtype)
        tensor_str = _tensor_str(data, shape, dtype, indent)

    # A tensor with a grad_fn always requires grad; torch shows only the node.
    if grad_fn is not None:
        suffixes.append(f"grad_fn=<{grad_fn}>")
    elif requires_grad:
        suffixes.append("requires_grad=True")

    return _add_suffixes(prefix + tensor_str, suffixes, indent, force_newline=False)


def named_result(name: str, fields: tuple) -> type:
    """A tuple type with named fields, printed as PyTorch prints ``torch.return_types``.

    >>> Pair = named_result("frexp", ("mantissa", "exponent"))
    >>> Pair(0.5, 1).exponent
    1
    >>> Pair(0.5, 1)
    torch.return_types.frexp(
    mantissa=0.5,
    exponent=1)
    """

    def __new__(cls: type, *values: Any) -> Any:
        return tuple.__new__(cls, values)

    def __repr__(self: tuple) -> str:
        body = ",\n".join(f"{f}={v!r}" for f, v in zip(fields, self))
        return f"torch.return_types.{name}(\n{body})"

    namespace: dict = {"__new__": __new__, "__repr__": __repr__, "__slots__": ()}
    for i, f in enumerate(fields):
        namespace[f] = property(lambda self, i=i: self[i])
    return type(name, (tuple,), namespace)
