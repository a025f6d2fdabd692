"""The numbers in graph labels: rows of more than six items are cut to their
first three and last three, around an ellipsis; six or fewer are shown whole."""

from __future__ import annotations

import tensors as torch
import viz
from viz._format import tensor_text


def test_a_row_of_six_is_whole_and_a_row_of_seven_or_more_is_cut():
    assert tensor_text(torch.arange(6.0)) == "[0, 1, 2, 3, 4, 5]"
    assert tensor_text(torch.arange(7.0)) == "[0, 1, 2, …, 4, 5, 6]"
    assert tensor_text(torch.arange(12.0) / 8) == "[0, 0.125, 0.25, …, 1.125, 1.25, 1.375]"


def test_a_matrix_of_more_than_six_rows_keeps_three_at_each_end():
    text = tensor_text(torch.arange(56.0).reshape(8, 7))
    rows = text.split("\n")
    assert len(rows) == 7 and rows[3] == "  …,"
    assert rows[0] == "[[0, 1, 2, …, 4, 5, 6],"
    assert rows[-1] == " [49, 50, 51, …, 53, 54, 55]]"


def test_the_tensor_view_draws_a_long_row_cut():
    w = torch.arange(8.0, requires_grad=True)
    source = viz.draw((w * 2).sum(), show_values=True).source
    # (the label is HTML: "]" is written &#93;)
    assert "data=[0, 1, 2, …, 5, 6, 7&#93;" in source
