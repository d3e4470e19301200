"""Comparisons in plain words, ranks, change over time, and signals worded as questions."""

import numpy as np
import pandas as pd
import pytest

from zorgzaam.profile.catalogue import load_catalogue
from zorgzaam.profile.compare import _PHRASES, change_over_time, compare, phrase, rank_among
from zorgzaam.profile.signals import SignalSettings, find_signals

BUURT = ("neighbourhood", "Noord", "")
GEMEENTE = ("municipality", "13003", "2025")
ELZ = ("carezone", "elz3", "2025")
NAMES = {BUURT: "Noord", GEMEENTE: "Balen", ELZ: "Baldemore"}


def results_table(rows):
    frame = pd.DataFrame(rows, columns=["level", "code", "vintage", "period", "indicator", "value", "numerator",
                                        "denominator", "status", "reliability"])
    frame["reason_code"] = ""
    return frame


@pytest.mark.parametrize(("value", "reference", "nl", "en"), [
    (16.0, 8.0, "ongeveer dubbel zo hoog als", "about twice as high as"),
    (10.0, 10.2, "ongeveer even hoog als", "about as high as"),
    (13.0, 10.0, "duidelijk hoger dan", "clearly higher than"),
    (5.0, 10.0, "ongeveer half zo hoog als", "about half as high as"),
    (31.0, 10.0, "ongeveer driemaal zo hoog als", "about three times as high as"),
    (3.0, 10.0, "minder dan half zo hoog als", "less than half as high as"),
])
def test_phrases(value, reference, nl, en):
    assert phrase(value, reference, "nl") == nl
    assert phrase(value, reference, "en") == en


@pytest.fixture
def table():
    return results_table([
        (*BUURT, "2020", "share_80plus", 12.0, 120, 1000, "ok", ""),
        (*BUURT, "2024", "share_80plus", 16.0, 160, 1000, "ok", ""),
        (*GEMEENTE, "2024", "share_80plus", 8.0, 1800, 22500, "ok", ""),
        (*ELZ, "2024", "share_80plus", 7.5, 9000, 120000, "ok", ""),
        (*BUURT, "2024", "share_tenants", 20.0, 80, 400, "ok", ""),
        (*GEMEENTE, "2024", "share_tenants", 21.0, 1900, 9000, "ok", ""),
        (*ELZ, "2024", "share_tenants", 22.0, 11000, 50000, "ok", ""),
        (*BUURT, "2024", "population", 1000, 1000, np.nan, "ok", ""),
        (*GEMEENTE, "2024", "population", 22500, 22500, np.nan, "ok", ""),
        ("neighbourhood", "Zuid", "", "2024", "share_80plus", 6.0, 60, 1000, "ok", ""),
        ("neighbourhood", "Oost", "", "2024", "share_80plus", 9.0, 90, 1000, "ok", ""),
    ])


def test_compare_gives_difference_index_and_phrase(table):
    comparisons = compare(table, BUURT, [GEMEENTE, ELZ], percent_indicators={"share_80plus"})
    row = comparisons[(comparisons["indicator"] == "share_80plus") & (comparisons["period"] == "2024")
                      & (comparisons["ref_level"] == "municipality")].iloc[0]
    assert row["difference"] == 8.0 and row["index"] == 200.0
    assert row["phrase"] == "ongeveer dubbel zo hoog als" and row["difference_unit"] == "pt"


def test_rank_and_change_over_time(table):
    ranks = rank_among(table, "Noord", ["Noord", "Zuid", "Oost"]).set_index(["indicator", "period"])
    assert (ranks.loc[("share_80plus", "2024"), "rank"], ranks.loc[("share_80plus", "2024"), "of"]) == (1, 3)
    change = change_over_time(table, BUURT).set_index("indicator")
    assert change.loc["share_80plus", "difference"] == 4.0
    assert change.loc["share_80plus", "growth_pct"] == pytest.approx(100 * 4 / 12)


def test_signal_for_a_clearly_higher_share_is_a_question_with_hints_and_pitfalls(table):
    catalogue = load_catalogue()
    comparisons = compare(table, BUURT, [GEMEENTE, ELZ])
    signals = find_signals(table, comparisons, catalogue, BUURT, NAMES, focus_name="Noord")
    assert [s.key for s in signals] == ["share_80plus:higher"]
    signal = signals[0]
    assert "ongeveer dubbel zo hoog als" in signal.statement["nl"]
    assert "de gemeente Balen (8,0 %)" in signal.statement["nl"]
    assert "de eerstelijnszone Baldemore (7,5 %)" in signal.statement["nl"]
    assert signal.question["nl"].startswith("Kan dit wijzen op eenzaamheid")
    assert signal.question["en"].endswith("before drawing conclusions.")
    assert "loneliness" in signal.hints
    assert any("woonzorgcentrum" in p["nl"] for p in signal.pitfalls)
    assert signal.evidence["references"][0]["index"] == 200.0


def test_no_signal_when_only_one_reference_agrees_or_population_is_tiny(table):
    catalogue = load_catalogue()
    mixed = table.copy()
    mixed.loc[(mixed["code"] == "elz3") & (mixed["indicator"] == "share_80plus"), "value"] = 15.0
    assert find_signals(mixed, compare(mixed, BUURT, [GEMEENTE, ELZ]), catalogue, BUURT, NAMES) == []
    tiny = table.copy()
    tiny.loc[(tiny["code"] == "Noord") & (tiny["indicator"] == "share_80plus"), "denominator"] = 20
    assert find_signals(tiny, compare(tiny, BUURT, [GEMEENTE, ELZ]), catalogue, BUURT, NAMES) == []
    lenient = SignalSettings(min_references=1)
    assert len(find_signals(mixed, compare(mixed, BUURT, [GEMEENTE, ELZ]), catalogue, BUURT, NAMES,
                            settings=lenient)) == 1


@pytest.mark.parametrize("built_in", ["nl", "en"])
def test_each_statement_is_worded_in_its_own_language(table, built_in):
    """Issue 13: 'duidelijk hoger dan' stayed Dutch in the English interface — the signal took the
    comparisons' phrase, which is in the language the profile was built in, for both languages."""
    comparisons = compare(table, BUURT, [GEMEENTE, ELZ], lang=built_in)
    signal = find_signals(table, comparisons, load_catalogue(), BUURT, NAMES, focus_name="Noord")[0]
    assert "about twice as high as" in signal.statement["en"]
    assert "ongeveer dubbel zo hoog als" in signal.statement["nl"]
    dutch = [nl for _bound, nl in _PHRASES] + ["zo hoog als"]
    assert not any(words in signal.statement["en"] for words in dutch)
