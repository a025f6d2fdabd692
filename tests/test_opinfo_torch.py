"""PyTorch's own operator database (``op_db``), replayed on ``tensors``.

Every entry whose op ``tensors`` provides (a function, a method, or an
``nn.functional`` / ``linalg`` / ``special`` name, looked up under the entry's
name and its aliases) runs its sample inputs in float64 and float32 on both
libraries: outputs (values, shapes, dtypes, requires_grad), the gradients of a
weighted sum of the outputs with respect to every input requiring grad (where
the entry supports autograd), and its error inputs (the same exception type).
One test per entry, each entry's samples made once, in this one process; the
code is ``tensors.testing._replay``, which the coverage report
(``python -m tensors.testing.opinfo``) runs too. Samples above
``_replay.CAP`` elements are left out: the cap is set there and only there.

Entries ``tensors`` does not provide are not failures here; the report counts
them. An entry that ``tensors`` provides and that still fails some sample is
listed in ``tensors.testing.opinfo.KNOWN_GAPS`` with its reason, and runs as a
strict expected failure.
"""

from __future__ import annotations

import pytest

pytest.importorskip("torch", reason="op_db is PyTorch's; the comparison needs torch")
pytest.importorskip("expecttest", reason="torch's op_db imports expecttest")

from tensors.testing import _replay  # noqa: E402
from tensors.testing.opinfo import KNOWN_GAPS, op_db  # noqa: E402


def _entries() -> list:
    import torch

    cases = []
    for entry in op_db():
        on_cpu = entry.supports_dtype(torch.float64, "cpu") or entry.supports_dtype(
            torch.float32, "cpu"
        )
        if not on_cpu or not _replay.provided(entry):
            continue
        name = _replay.full_name(entry)
        marks = []
        if name in KNOWN_GAPS:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[name]))
        cases.append(pytest.param(entry, id=name, marks=marks))
    return cases


@pytest.mark.parametrize("entry", _entries())
def test_entry_agrees_with_torch(entry):
    outcome = _replay.replay(entry)
    assert outcome.run > 0, f"no sample of {outcome.name} under the cap of {_replay.CAP}"
    assert not outcome.failures, "\n".join(outcome.failures)


def test_the_comparison_sees_a_wrong_number_a_sign_of_zero_and_a_dtype():
    import torch

    import tensors

    ok = tensors.tensor([1.0, -0.0], dtype=tensors.float64)
    assert _replay.compare(ok, torch.tensor([1.0, -0.0], dtype=torch.float64), "x", {}) == []
    wrong = [
        (tensors.tensor([1.0, 0.0], dtype=tensors.float64), "x[1]: 0.0, torch -0.0"),
        (tensors.tensor([1.0, -0.0]), "x: dtype float32, torch float64"),
        (tensors.tensor([1.5, -0.0], dtype=tensors.float64), "x[0]: 1.5, torch 1.0"),
    ]
    for ours, message in wrong:
        got = _replay.compare(
            ours, torch.tensor([1.0, -0.0], dtype=torch.float64), "x", _replay.TOLERANCE
        )
        assert got == [message]


def test_a_wrong_gradient_is_caught():
    # mul's first sample, with tensors' mul replaced by one whose gradient with
    # respect to x is doubled (and the value right): the replay must say so.
    import torch

    import tensors

    entry = next(e for e in op_db() if e.name == "mul")
    sample = next(iter(entry.sample_inputs("cpu", torch.float64, requires_grad=True)))

    def wrong_mul(x, y):
        return x * y * 2 - x.detach() * y

    lines = _replay._one_sample(torch.mul, wrong_mul, sample, grad=True, values=True)
    assert lines and lines[0].startswith("grad of input 0"), lines
    assert _replay._one_sample(torch.mul, tensors.mul, sample, grad=True, values=True) == []


def test_the_report_counts_what_passes_fails_is_missing_and_will_not_be():
    from tensors.testing import opinfo

    names = {"mm", "stft", "flip", "linspace"}
    entries = [e for e in op_db() if e.name in names and not e.variant_test_name]
    outcomes = opinfo.sweep(entries)
    assert outcomes["linspace"].passed
    # A failure planted in linspace's outcome: the report must count it as failing.
    outcomes["linspace"].failures.append("planted")
    text = opinfo.report(entries, outcomes)
    assert "products and linear algebra: 1 pass, 0 fail, 0 missing, 0 will not" in text
    assert "creation, conversion and random: 0 pass, 1 fail, 0 missing, 0 will not" in text
    total = "real-number core: 4 entries: 1 pass (25.0%), 1 fail, 1 missing, 1 will not"
    if _replay.provided(next(e for e in entries if e.name == "flip")):
        total = "real-number core: 4 entries: 2 pass (50.0%), 1 fail, 0 missing, 1 will not"
    assert total in text
    assert f"stft: {opinfo.NOT_PROVIDED['stft']}" in text


def _fingerprint(x):
    import torch

    if isinstance(x, torch.Tensor):
        numbers = [repr(v) for v in x.detach().reshape(-1).tolist()]
        return (tuple(x.shape), x.stride(), x.dtype, x.requires_grad, x.storage_offset(), numbers)
    if isinstance(x, (list, tuple)):
        return [type(x), [_fingerprint(e) for e in x]]
    if isinstance(x, dict):
        return {k: _fingerprint(v) for k, v in x.items()}
    return x


@pytest.mark.parametrize("name", ["mul", "sum", "nn.functional.conv2d", "gather", "linalg.svd"])
def test_the_replay_draws_the_samples_torchs_own_tests_draw(name):
    # The replay seeds before each sample as sample_inputs does, its own (cheaper) way.
    import torch

    entry = next(e for e in op_db() if _replay.full_name(e) == name)
    for dtype in (torch.float64, torch.float32):
        drawn = []
        for draw in (entry.sample_inputs, lambda *args: _replay.sample_inputs(entry, *args[1:])):
            torch.manual_seed(7)  # for a sample function that draws before its first yield
            drawn.append(
                [_fingerprint([s.input, s.args, s.kwargs]) for s in draw("cpu", dtype, True)]
            )
        assert drawn[0] == drawn[1] and len(drawn[0]) > 3
    if entry.error_inputs_func is not None:
        # (an error input's out= may be torch.empty: its numbers are not compared)
        theirs = [_fingerprint(e.sample_input.args) for e in entry.error_inputs("cpu")]
        assert [_fingerprint(e.sample_input.args) for e in _replay.error_inputs(entry)] == theirs
