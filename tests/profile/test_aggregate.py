"""The sparse aggregation core: sums over any set of sectors, with unknown values kept unknown."""

import numpy as np
import pandas as pd
import pytest

from zorgzaam.profile.aggregate import (
    KeyedValues,
    aggregate,
    matrix_from_codes,
    measure_matrix,
    membership_from_links,
    membership_from_sets,
    stack,
)

UNITS = pd.Index(["S1", "S2", "S3", "S4"])
LINKS = pd.DataFrame(
    [
        ("sector", "S1", "2025", "district", "W1", "2025"),
        ("sector", "S2", "2025", "district", "W1", "2025"),
        ("sector", "S3", "2025", "district", "W2", "2025"),
        ("sector", "S4", "2025", "district", "W2", "2025"),
        ("sector", "S1", "2025", "municipality", "M", "2025"),
        ("sector", "S2", "2025", "municipality", "M", "2025"),
        ("sector", "S3", "2025", "municipality", "M", "2025"),
        ("sector", "S4", "2025", "municipality", "M", "2025"),
        ("sector", "X9", "2025", "municipality", "OTHER", "2025"),  # a unit outside the chosen units
    ],
    columns=["child_level", "child_code", "child_vintage", "parent_level", "parent_code", "parent_vintage"],
)


def tidy(rows):
    return pd.DataFrame(rows, columns=["area_code", "period", "measure", "value"])


def test_sums_to_every_level_and_to_custom_sets():
    counts = measure_matrix(tidy([
        ("S1", "2024", "population", 100), ("S2", "2024", "population", 50),
        ("S3", "2024", "population", 30), ("S4", "2024", "population", 20),
    ]), UNITS)
    membership = stack(membership_from_links(LINKS, UNITS), membership_from_sets({"Noord": ["S1", "S3"]}, UNITS))
    result = aggregate(membership, counts).frame().set_index(["level", "code"])["value"]
    assert result[("district", "W1")] == 150
    assert result[("district", "W2")] == 50
    assert result[("municipality", "M")] == 200
    assert result[("neighbourhood", "Noord")] == 130
    assert ("municipality", "OTHER") not in result.index


def test_unknown_member_makes_sum_unknown_not_smaller():
    counts = measure_matrix(tidy([
        ("S1", "2024", "pop_80plus", 12), ("S2", "2024", "pop_80plus", np.nan),
        ("S3", "2024", "pop_80plus", 7), ("S4", "2024", "pop_80plus", 3),
    ]), UNITS)
    result = aggregate(membership_from_links(LINKS, UNITS), counts).frame().set_index(["level", "code"])
    w1 = result.loc[("district", "W1")]
    assert np.isnan(w1["value"])
    assert w1["partial_sum"] == 12
    assert w1["unknown_members"] == 1
    assert result.loc[("district", "W2"), "value"] == 10


def test_absent_row_is_unknown_and_zero_stays_zero():
    counts = measure_matrix(tidy([("S1", "2024", "m", 0), ("S2", "2024", "m", 4), ("S3", "2024", "m", 1)]), UNITS)
    result = aggregate(membership_from_links(LINKS, UNITS), counts).frame().set_index(["level", "code"])
    assert result.loc[("district", "W1"), "value"] == 4
    assert np.isnan(result.loc[("district", "W2"), "value"])  # S4 has no row


def test_unit_listed_twice_counts_once_and_unknown_unit_is_refused():
    counts = measure_matrix(tidy([("S1", "2024", "m", 5), ("S2", "2024", "m", 1), ("S3", "2024", "m", 1),
                                  ("S4", "2024", "m", 1)]), UNITS)
    result = aggregate(membership_from_sets({"B": ["S1", "S1", "S2"]}, UNITS), counts)
    assert result.sums[0, 0] == 6
    assert result.member_count[0] == 2
    with pytest.raises(KeyError):
        membership_from_sets({"B": ["S1", "NOPE"]}, UNITS)


def test_include_units_gives_each_unit_its_own_row():
    counts = measure_matrix(tidy([("S1", "2024", "m", 5), ("S2", "2024", "m", 1)]), UNITS)
    membership = membership_from_links(LINKS, UNITS, include_units=True)
    frame = aggregate(membership, counts).frame()
    assert frame.query("level == 'sector' and code == 'S1'")["value"].item() == 5


def test_integer_keyed_values_keep_the_latest_import_and_give_the_same_matrix():
    rows = pd.DataFrame([("S1", "2018", "2024", "m", 5.0), ("S2", "2018", "2024", "m", np.nan),
                         ("S1", "2018", "2024", "m", 7.0),  # a later dataset: this one counts
                         ("S1", "2025", "2024", "m", 9.0)],  # another vintage: its own row
                        columns=["area_code", "area_vintage", "period", "measure", "value"])
    keyed = KeyedValues.from_frame(rows)
    assert len(keyed) == 3
    kept = keyed.vintage_values[keyed.vintage_index] == "2018"
    counts = matrix_from_codes(keyed.code_index[kept], keyed.code_values, keyed.measure_index[kept],
                               keyed.measure_values, keyed.period_index[kept], keyed.period_values,
                               keyed.value[kept], UNITS)
    expected = measure_matrix(rows[rows["area_vintage"] == "2018"].drop_duplicates(
        ["area_code", "period", "measure"], keep="last"), UNITS)
    assert counts.columns.equals(expected.columns)
    assert np.array_equal(counts.values, expected.values) and np.array_equal(counts.unknown, expected.unknown)
    assert counts.values[0, 0] == 7 and counts.unknown[1, 0] and counts.unknown[2, 0]
