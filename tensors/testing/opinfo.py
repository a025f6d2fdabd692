"""How much of PyTorch's operator database ``tensors`` passes: a coverage report.

PyTorch tests itself against ``op_db``, the list of OpInfo entries that ships
with every wheel (``torch.testing._internal.common_methods_invocations``; it
needs ``expecttest``). Each entry names an op, generates sample inputs, and
says whether the op supports autograd and which errors it raises. Run::

    python -m tensors.testing.opinfo            # every family, then the totals
    python -m tensors.testing.opinfo --failures # and why each failing entry fails

Each entry that ``tensors`` provides is replayed as ``tests/test_opinfo_torch.py``
replays it (the same code, in ``tensors.testing._replay``): its samples in
float64 and float32 on both libraries, outputs, gradients and errors compared.
Samples above ``_replay.CAP`` elements are left out (the one cap).

The *real-number core* is every entry defined for float64 on the CPU except
``fft.*``, ``sparse.*``, ``masked.*``, ``signal.*``, ``special.*``, quantization,
``jiterator_*``, PyTorch's internals (names starting with ``_`` or ``torch.``),
the ``*_copy`` / ``*_scatter`` variants and the ops whose results are complex
(``COMPLEX_ONLY``). An entry of the core is *passing* when every sample and
error input of every variant agrees, *failing* when ``tensors`` has it but some
sample disagrees, *missing* when ``tensors`` does not have it, and *will not*
when it is in ``NOT_PROVIDED`` with its reason.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Iterable, Optional

from ._replay import CAP, VALUES_NOT_COMPARED, Outcome, full_name, provided, replay

__all__ = [
    "COMPLEX_ONLY",
    "KNOWN_GAPS",
    "NOT_PROVIDED",
    "family",
    "in_core",
    "op_db",
    "report",
    "sweep",
]

EXCLUDED_PREFIXES = (
    "fft.",
    "sparse.",
    "masked.",
    "signal.",
    "special.",
    "_",
    "torch.",
    "jiterator",
)

# Entries whose results are complex numbers: outside the real-number core.
COMPLEX_ONLY = frozenset(["complex", "polar", "view_as_complex", "cdouble", "cfloat", "chalf"])

# Entries of the core that tensors will not provide, and why.
NOT_PROVIDED = {
    "to_sparse": "a sparse layout: tensors are dense",
    "stft": "a short-time Fourier transform: complex results (FFT)",
    "linalg.eig": "eigenvalues of a general matrix are complex",
    "linalg.eigvals": "eigenvalues of a general matrix are complex",
    "svd_lowrank": "a randomized algorithm: its values follow PyTorch's random stream",
    "pca_lowrank": "a randomized algorithm: its values follow PyTorch's random stream",
    "nn.functional.fractional_max_pool2d": "random windows: PyTorch's random stream",
    "nn.functional.fractional_max_pool3d": "random windows: PyTorch's random stream",
    "half": (
        "float16 arithmetic: every result and gradient would need rounding to 11 significant"
        " bits as PyTorch's half kernels round them; tensors computes in Python's 64-bit floats"
    ),
    "bfloat16": (
        "bfloat16 arithmetic: every result and gradient would need rounding to 8 significant"
        " bits as PyTorch's kernels round them; tensors computes in Python's 64-bit floats"
    ),
    "slice": "an ATen operator (aten.slice), not in torch's Python API: t[a:b] is",
    "native_dropout_backward": "an ATen operator, not in torch's Python API",
    "max_pool2d_with_indices_backward": "an ATen operator, not in torch's Python API",
    "hash_tensor": (
        "an xor of the elements' 64-bit patterns, as torch.uint64: a dtype tensors does not"
        " have, for a checksum rather than arithmetic"
    ),
}

# Entries tensors provides that still fail some sample, and why (where no
# reason is written yet, the first failure the replay measured). The test
# marks them as strict expected failures: one that starts passing turns red
# until it leaves this table.
_CHUNKED = (
    "float32, a row whose target is ignore_index: PyTorch's chunked path (its own kernel,"
    " slice by slice) gives -0.0 in that row's input gradient where the reference path,"
    " which tensors computes, gives +0.0"
)
KNOWN_GAPS: dict = {
    "grid_sampler_2d": (
        "every sample is above the cap (1,120 elements each), so none is run here; "
        "tests/test_creation_views_torch.py compares smaller ones (bilinear and nearest, every "
        "padding), and F.grid_sample's tests bicubic"
    ),
    "cov": (
        "float32 weights: PyTorch sums aweights and forms the normalisation in single"
        " precision (float64 samples with float32 aweights differ by 2e-7 to 3e-5 relative,"
        " float32 gradients carry 1e-4 of rounding where the derivative is 0); tensors"
        " computes in double"
    ),
    "nn.functional.ctc_loss": (
        "every sample of the database is above the cap (16,480 elements: T=50, N=16, C=20);"
        " compared with torch on small inputs in tests/test_nn_functional_more_torch.py"
    ),
    "nn.functional.linear_cross_entropy.chunked": _CHUNKED,
    "nn.functional.linear_cross_entropy.chunked_none": _CHUNKED,
    "nn.functional.scaled_dot_product_attention": (
        "is_causal: a query that sees one key gets a softmax gradient of exactly +0.0,"
        " which the score's dot node turns into -0.0 by a negative key element; PyTorch's"
        " backward is a matmul whose sum over the masked keys' zeros gives +0.0"
    ),
    "logcumsumexp": (
        "float32 gradients: PyTorch's backward (the log of the gradient, a reversed"
        " logcumsumexp, exp) loses about 2e-4 relative in single precision; tensors gives"
        " the exact derivative exp(x_i - out_j), computed in double"
    ),
    "linalg.householder_product": (
        "float32 gradients: PyTorch's single-precision backward differs from the exact"
        " derivative by 3e-5 (relative) on the sample whose tau is not a reflection's (its"
        " products grow); tensors computes in double and agrees with PyTorch's float64"
    ),
    "matrix_exp": (
        "float32 samples: PyTorch's single-precision scaling and squaring is 2e-6 (relative)"
        " from the exponential, beyond float32's tolerance; tensors computes in double and"
        " passes the float64 samples"
    ),
    "linalg.solve_triangular": (
        "B with no columns: PyTorch's formula gives A's triangle the negated empty product"
        " (-0.0); an empty result has no Values, so the graph reaches no element of A and"
        " its gradient is +0.0"
    ),
}

_PRODUCTS = frozenset(
    """addmm addmv addbmm baddbmm dot vdot bmm mv addr mm matmul outer inner kron
    tensordot einsum cross cdist dist trace block_diag chain_matmul cholesky
    cholesky_inverse cholesky_solve geqrf ormqr lu lu_solve lu_unpack matrix_exp qr
    svd svd_lowrank pca_lowrank pinverse triangular_solve logdet norm corrcoef cov
    """.split()
)
_REDUCTIONS = frozenset(
    """cumsum cumprod cummax cummin logcumsumexp max min median nanmedian mode
    kthvalue topk sort argsort msort quantile nanquantile var_mean std_mean aminmax
    logsumexp softmax log_softmax diff trapz trapezoid cumulative_trapezoid histc
    histogram histogramdd bucketize searchsorted unique unique_consecutive renorm
    """.split()
)
_POINTWISE = frozenset(
    "addcmul addcdiv clamp lerp logaddexp2 isin allclose equal where gradient".split()
)
_CREATION = frozenset(
    """arange linspace logspace ones zeros full eye empty empty_like empty_permuted
    empty_strided zeros_like ones_like full_like randn randn_like rand_like randint
    randint_like new_zeros new_ones new_empty new_empty_strided new_full
    scalar_tensor to item cauchy exponential geometric log_normal normal uniform
    bernoulli multinomial bool byte char double float half int long short bfloat16
    cdouble cfloat chalf clone contiguous fill zero_ resize_ resize_as_
    """.split()
)

FAMILIES = (
    "pointwise",
    "reductions and scans",
    "shapes and indexing",
    "products and linear algebra",
    "nn.functional",
    "creation, conversion and random",
)


def family(entry: Any) -> str:
    """The family an entry belongs to, one of ``FAMILIES``.

    >>> from types import SimpleNamespace
    >>> family(SimpleNamespace(name="nn.functional.relu")), family(SimpleNamespace(name="topk"))
    ('nn.functional', 'reductions and scans')
    """
    name = entry.name
    kinds = {cls.__name__ for cls in type(entry).__mro__}
    if name.startswith("nn.functional."):
        return "nn.functional"
    if name.startswith("linalg.") or name in _PRODUCTS:
        return "products and linear algebra"
    if name in _CREATION:
        return "creation, conversion and random"
    if "ReductionOpInfo" in kinds or name in _REDUCTIONS:
        return "reductions and scans"
    if kinds & {"UnaryUfuncInfo", "BinaryUfuncInfo"} or name in _POINTWISE:
        return "pointwise"
    return "shapes and indexing"


def op_db() -> list:
    """PyTorch's operator database (imports torch and expecttest).

    >>> [e.name for e in op_db()][:3]  # doctest: +SKIP
    ['abs', 'acos', 'acosh']
    """
    from torch.testing._internal.common_methods_invocations import op_db as entries

    return entries


def in_core(entry: Any) -> bool:
    """Whether an entry is in the real-number core (see the module's docstring).

    >>> [e.name for e in op_db() if in_core(e)][:3]  # doctest: +SKIP
    ['abs', 'acos', 'acosh']
    """
    import torch

    name = entry.name
    if name.startswith(EXCLUDED_PREFIXES) or name in COMPLEX_ONLY or "quantiz" in name:
        return False
    if name.endswith(("_copy", "_scatter")):
        return False
    return bool(entry.supports_dtype(torch.float64, "cpu"))


def sweep(entries: Iterable, progress: Optional[Any] = None) -> dict:
    """Replay every entry ``tensors`` provides: full name -> Outcome (None where
    the entry is not provided).

    >>> sweep(e for e in op_db() if e.name == "mm")  # doctest: +SKIP
    {'mm': Outcome('mm', run=12, capped=0, errors_checked=0, failures=0)}
    """
    out = {}
    for entry in entries:
        out[full_name(entry)] = replay(entry) if provided(entry) else None
        if progress is not None:
            progress(full_name(entry))
    return out


def _status(name: str, base: str, result: Optional[Outcome]) -> str:
    if result is None:
        return "will not" if base in NOT_PROVIDED else "missing"
    return "passes" if result.passed else "fails"


def report(entries: list, outcomes: dict, failures: bool = False) -> str:
    """The report's text: per family the entries that pass, fail, are missing or
    will not be provided; the totals over the core; the table of reasons.

    >>> entries = [e for e in op_db() if e.name in ("mm", "stft")]  # doctest: +SKIP
    >>> print(report(entries, sweep(entries)))  # doctest: +SKIP
    pointwise: 0 pass, 0 fail, 0 missing, 0 will not
    ...
    """
    lines = []
    rows: dict = {f: {"passes": [], "fails": [], "missing": [], "will not": []} for f in FAMILIES}
    for entry in entries:
        name = full_name(entry)
        rows[family(entry)][_status(name, entry.name, outcomes[name])].append(name)
    totals = {"passes": 0, "fails": 0, "missing": 0, "will not": 0}
    for fam in FAMILIES:
        counts = {k: len(v) for k, v in rows[fam].items()}
        for k, n in counts.items():
            totals[k] += n
        lines.append(
            f"{fam}: {counts['passes']} pass, {counts['fails']} fail, "
            f"{counts['missing']} missing, {counts['will not']} will not"
        )
        for k in ("fails", "missing"):
            if rows[fam][k]:
                lines.append(f"  {k}: " + " ".join(rows[fam][k]))
    core = sum(totals.values())
    lines += [
        "",
        f"real-number core: {core} entries: {totals['passes']} pass "
        f"({100 * totals['passes'] / max(core, 1):.1f}%), {totals['fails']} fail, "
        f"{totals['missing']} missing, {totals['will not']} will not be provided",
        f"(samples of more than {CAP} elements left out)",
        "",
        "will not be provided:",
    ]
    lines += [f"  {name}: {why}" for name, why in NOT_PROVIDED.items()]
    lines += ["", "values not compared (shapes and dtypes are):"]
    lines += [f"  {name}: {why}" for name, why in VALUES_NOT_COMPARED.items()]
    if KNOWN_GAPS:
        lines += ["", "known gaps:"] + [f"  {n}: {why}" for n, why in KNOWN_GAPS.items()]
    if failures:
        lines += ["", "failures:"]
        for name, result in outcomes.items():
            if result is not None and not result.passed:
                lines.append(f"  {name}:")
                lines += [f"    {f}" for f in result.failures[:6] or ["no sample run"]]
    return "\n".join(lines)


def main(argv: list) -> int:
    start = time.perf_counter()
    entries = [e for e in op_db() if in_core(e)]
    outcomes = sweep(entries)
    print(report(entries, outcomes, failures="--failures" in argv))
    print(f"\n{time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
