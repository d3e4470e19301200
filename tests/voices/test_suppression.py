"""Secondary suppression across rows and columns (issue 13): a constructed table where only the cheapest
complementary cells are hidden, and a property test that no hidden cell can be worked out from a
published total by subtraction."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from zorgzaam.voices import analysis
from zorgzaam.voices.analysis import (
    REASON_PRIMARY,
    REASON_SECONDARY,
    protect,
    recoverable_cells,
    suppress_table,
    table_lines,
)


def _with_total(groups: np.ndarray) -> np.ndarray:
    return np.vstack([groups.sum(axis=0), groups])


def test_one_row_hides_only_the_smallest_other_cell():
    counts = np.array([[40, 9, 3, 22]])
    reasons, totals = suppress_table(counts, 5, group_n=counts.sum(axis=1))
    assert list(reasons[0]) == ["", REASON_SECONDARY, REASON_PRIMARY, ""]
    assert list(totals) == [""]


def test_only_the_minimal_complementary_cells_are_hidden():
    # Group A has 2 answers 'z'. With the total row and each row's total published, hiding A/z alone is not
    # enough (row A and column z would give it away). The cheapest protection is the rectangle A/z, A/y,
    # B/y, B/z (10 + 8 + 9 = 27); C's cells (7 and 12) would cost more and C stays fully shown.
    groups = np.array([[20, 10, 2],
                       [25, 8, 9],
                       [30, 12, 7]])
    counts = _with_total(groups)
    reasons, totals = suppress_table(counts, 5, group_n=counts.sum(axis=1), total_row=0)
    hidden = {(g, k) for g, k in zip(*np.nonzero(reasons != ""), strict=True)}
    assert hidden == {(1, 2), (1, 1), (2, 1), (2, 2)}
    assert reasons[1, 2] == REASON_PRIMARY
    assert {reasons[1, 1], reasons[2, 1], reasons[2, 2]} == {REASON_SECONDARY}
    assert (totals == "").all() and (reasons[0] == "").all() and (reasons[3] == "").all()


def test_greedy_rule_also_protects():
    groups = np.array([[20, 10, 2], [25, 8, 9], [30, 12, 7]])
    counts = _with_total(groups)
    values = np.column_stack([counts, counts.sum(axis=1)]).astype(float)
    primary = np.zeros(values.shape, dtype=bool)
    primary[1, 2] = True
    lines = table_lines(4, 3, total_row=0)
    hidden = protect(values, primary, lines, exact=False)
    assert _lonely_lines(hidden) == []
    assert hidden.sum() >= 4  # never fewer than the exact choice


def test_a_small_group_hides_its_count_and_one_more():
    # C has 3 answers: its row is hidden; the total of 'n' over the groups would give 3 away unless one
    # other group's total (or the grand total) is hidden too.
    groups = np.array([[20, 10], [25, 8], [2, 1]])
    counts = _with_total(groups)
    reasons, totals = suppress_table(counts, 5, group_n=counts.sum(axis=1), total_row=0)
    assert (reasons[3] != "").all() and totals[3]
    values = np.column_stack([counts, counts.sum(axis=1)])
    hidden = np.column_stack([reasons != "", totals != ""])
    assert _lonely_lines(hidden) == []
    assert recoverable_cells(values, hidden, table_lines(4, 2, total_row=0)) == []
    assert (counts[reasons == ""] >= 5).all()


def _lonely_lines(hidden: np.ndarray) -> list:
    """Checked here by hand, not through table_lines: each row with its total (last column) and each
    column over the groups with the total row (row 0)."""
    bad = []
    rows, columns = hidden.shape
    for r in range(rows):
        if hidden[r].sum() == 1:
            bad.append(("row", r))
    if rows >= 2:
        for k in range(columns):
            if hidden[:, k].sum() == 1:
                bad.append(("column", k))
    return bad


tables = st.integers(1, 5).flatmap(lambda g: st.integers(2, 5).flatmap(
    lambda k: st.lists(st.lists(st.integers(0, 40), min_size=k, max_size=k), min_size=g, max_size=g)))


@settings(max_examples=150, deadline=None)
@given(tables, st.sampled_from([3, 5, 10]))
def test_no_hidden_cell_can_be_worked_out_from_a_published_total(groups, min_cell):
    groups = np.array(groups)
    counts = _with_total(groups)
    n = counts.sum(axis=1)
    reasons, totals = suppress_table(counts, min_cell, group_n=n, total_row=0)
    shown = reasons == ""
    # nothing under the minimum is shown, no small group's count either
    assert (counts[shown] >= min_cell).all()
    assert (n[totals == ""] >= min_cell).all()
    hidden = np.column_stack([~shown, totals != ""])
    # no row (with its total) and no column (with the total row) has exactly one hidden cell
    assert _lonely_lines(hidden) == []
    # nor does any combination of sums pin a hidden cell down
    values = np.column_stack([counts, n])
    assert recoverable_cells(values, hidden, table_lines(*counts.shape, total_row=0)) == []


@settings(max_examples=60, deadline=None)
@given(tables)
def test_multiple_choice_columns_are_protected(groups):
    groups = np.array(groups)
    n = groups.max(axis=1) + 3  # at least as many respondents as the most chosen option
    counts = _with_total(groups)
    n = np.concatenate([[n.sum()], n])
    reasons, totals = suppress_table(counts, 5, group_n=n, total_row=0, complement=n[:, None] - counts)
    hidden = np.column_stack([reasons != "", totals != ""])
    assert ((n[:, None] - counts)[reasons == ""] >= 5).all()
    for k in range(hidden.shape[1]):  # options are not exclusive: only the columns add up
        assert hidden[:, k].sum() != 1


def test_merge_counts_small_categories_together():
    codes, labels, mapping, merged = analysis.merge_categories(
        ["not_lonely", "moderate", "severe"], ["Niet eenzaam (0–1)", "Matig eenzaam (2–4)", "Ernstig eenzaam (5–6)"],
        [analysis.Merge(["moderate", "severe"], chosen_by="an", chosen_on="2025-05-12")])
    assert codes == ["not_lonely", "moderate+severe"]
    assert labels == ["Niet eenzaam (0–1)", "Matig of ernstig eenzaam (2–6)"]
    assert list(mapping) == [0, 1, 1]
    assert merged[0]["chosen_by"] == "an" and merged[0]["joined"] == "Matig eenzaam (2–4) of Ernstig eenzaam (5–6)"
