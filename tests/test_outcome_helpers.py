"""The differential tests' helpers compare numbers, the sign of zero included."""

from __future__ import annotations

from _outcome import Number, numbers, outcome

import tensors


def test_numbers_tell_zeros_apart_and_see_the_fifth_digit():
    assert Number(0.0) != Number(-0.0)
    assert Number(float("nan")) == Number(float("nan"))
    assert Number(1.0) == Number(1.0 + 1e-9)
    assert Number(1.00001) != Number(1.00002)  # the same text at four digits


def test_outcome_holds_the_numbers_of_the_result():
    (text, nums), warnings = outcome(tensors, "r = torch.tensor([1.00001, -0.0])")
    assert text == "tensor([1.0000, -0.0000])" and warnings == []
    assert nums == ((2,), "float32", False, [Number(1.00001), Number(-0.0)])
    assert nums != numbers(tensors.tensor([1.00002, 0.0]))
