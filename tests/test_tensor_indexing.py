"""Indexing regressions that need no PyTorch to check (the differential tests are in
test_tensor_indexing_torch.py)."""

from __future__ import annotations

from typing import Any

import pytest

import tensors


@pytest.mark.parametrize(
    "make_key",
    [
        lambda lib: [True, False, True],
        lambda lib: lib.tensor([True, False, True]),
        lambda lib: (lib.tensor([True, False, True]),),
    ],
)
def test_a_mask_picks_elements_not_positions(make_key: Any) -> None:
    # A list of bools was once read as the integers 1 and 0.
    x = tensors.tensor([10.0, 20.0, 30.0])
    assert x[make_key(tensors)].tolist() == [10.0, 30.0]


def test_a_mask_beside_other_indices_writes_only_its_rows() -> None:
    m = tensors.zeros(3, 2)
    m[:, tensors.tensor([False, True])] = -1.0
    assert m.tolist() == [[0.0, -1.0], [0.0, -1.0], [0.0, -1.0]]
    m = tensors.zeros(3, 2)
    m[tensors.tensor([True, False, True]), 0] = -1.0
    assert m.tolist() == [[-1.0, 0.0], [0.0, 0.0], [-1.0, 0.0]]
