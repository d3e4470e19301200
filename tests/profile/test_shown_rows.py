"""A profile's rows of the focus and its comparison areas are cut once and read by the figure table, the charts
and the figure over time; a profile whose results are replaced (the neighbourhoods side by side) is cut again."""

from types import SimpleNamespace

import pandas as pd

from zorgzaam.profile.series import rows_of_areas, shown_rows


def _profile():
    results = pd.DataFrame({
        "level": ["neighbourhood", "neighbourhood", "municipality", "municipality", "neighbourhood"],
        "code": ["A", "B", "99001", "99001", "A"], "vintage": ["", "", "2025", "2024", "", ],
        "indicator": ["x", "x", "x", "x", "y"], "period": ["2024"] * 5, "status": ["ok"] * 5,
        "value": [1.0, 2.0, 3.0, 4.0, 5.0]})
    return SimpleNamespace(results=results, focus=("neighbourhood", "A", ""),
                           references=[("municipality", "99001", "2025")])


def test_the_shown_rows_are_those_of_the_focus_and_its_comparison_areas_cut_once():
    profile = _profile()
    rows = shown_rows(profile)
    assert rows["value"].tolist() == [1.0, 3.0, 5.0]  # not sibling B, not the 2024 municipality
    assert shown_rows(profile) is rows
    assert shown_rows(profile, [profile.focus])["value"].tolist() == [1.0, 5.0]
    pd.testing.assert_frame_equal(rows, rows_of_areas(profile.results, [profile.focus, *profile.references]))


def test_replaced_results_are_cut_again():
    profile = _profile()
    first = shown_rows(profile)
    profile.results = profile.results.assign(value=profile.results["value"] * 10)
    assert shown_rows(profile)["value"].tolist() == [10.0, 30.0, 50.0]
    assert first["value"].tolist() == [1.0, 3.0, 5.0]
