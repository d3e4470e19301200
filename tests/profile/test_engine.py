"""The engine on hand-computed fixtures: ratios rebuilt from summed counts, never averaged."""

import numpy as np
import pandas as pd
import pytest

from zorgzaam.profile.aggregate import measure_matrix, membership_from_sets, stack
from zorgzaam.profile.catalogue import load_catalogue, team_indicator
from zorgzaam.profile.engine import EngineSettings, compute
from zorgzaam.sources.measures import age_measure

UNITS = pd.Index(["A", "B", "C"])


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def five_year_counts(sector: str, counts: dict[tuple[int, int | None], float], period: str = "2024"):
    return [(sector, period, age_measure(low, high), value) for (low, high), value in counts.items()]


def band_rows():
    # Hand-made sectors: A is young, B is old (a care home), C is small. Bands: 0-19, 20-39, 40-64,
    # 65-79, 80+ (wide bands chosen so that the coefficients' bands are unions of them).
    rows = []
    rows += five_year_counts("A", {(0, 19): 300, (20, 39): 250, (40, 64): 300, (65, 79): 100, (80, None): 20})
    rows += five_year_counts("B", {(0, 19): 50, (20, 39): 40, (40, 64): 80, (65, 79): 90, (80, None): 140})
    rows += five_year_counts("C", {(0, 19): 10, (20, 39): 5, (40, 64): 15, (65, 79): 12, (80, None): 8})
    return rows


def profile(catalogue, rows, sets, ids, settings=None):
    tidy = pd.DataFrame(rows, columns=["area_code", "period", "measure", "value"])
    membership = stack(membership_from_sets({code: [code] for code in UNITS}, UNITS, level="sector"),
                       membership_from_sets(sets, UNITS))
    result = compute(catalogue.select(ids), measure_matrix(tidy, UNITS), membership, settings=settings)
    return result.set_index(["code", "indicator"])


def test_coefficients_of_a_neighbourhood_come_from_summed_counts_not_from_mean_of_sectors(catalogue):
    ids = ["mantelzorgratio", "groene_druk", "grijze_druk", "interne_vergrijzing", "population"]
    result = profile(catalogue, band_rows(), {"AB": ["A", "B"]}, ids)
    # By hand: A+B: 0-19 = 350, 20-64 = 250+300+40+80 = 670, 40-79 = 300+100+80+90 = 570,
    # 65+ = 100+20+90+140 = 350, 80+ = 160.
    assert result.loc[("AB", "mantelzorgratio"), "value"] == pytest.approx(570 / 160)
    assert result.loc[("AB", "groene_druk"), "value"] == pytest.approx(100 * 350 / 670)
    assert result.loc[("AB", "grijze_druk"), "value"] == pytest.approx(100 * 350 / 670)
    assert result.loc[("AB", "interne_vergrijzing"), "value"] == pytest.approx(100 * 160 / 350)
    assert result.loc[("AB", "population"), "value"] == 1370  # built from the complete set of bands
    mean_of_sectors = np.mean([result.loc[("A", "mantelzorgratio"), "value"],
                               result.loc[("B", "mantelzorgratio"), "value"]])
    assert abs(mean_of_sectors - 570 / 160) > 3  # (400/20 + 170/140)/2 = 10.6 vs 3.56
    assert result.loc[("AB", "mantelzorgratio"), "numerator"] == 570
    assert result.loc[("AB", "mantelzorgratio"), "denominator"] == 160


def test_single_years_and_bands_tile_the_band_asked_for(catalogue):
    rows = [("A", "2024", age_measure(age, age), 10.0) for age in range(0, 80)]
    rows += [("A", "2024", age_measure(80, None), 25.0)]
    rows += [("B", "2024", age_measure(low, low + 4), 50.0) for low in range(0, 80, 5)]
    rows += [("B", "2024", age_measure(80, None), 5.0)]
    rows += [("C", "2024", age_measure(0, 999), 0.0)]  # C: only a total, no bands: unknown for bands
    result = profile(catalogue, rows, {"AB": ["A", "B"]}, ["mantelzorgratio", "share_80plus"])
    assert result.loc[("A", "mantelzorgratio"), "value"] == pytest.approx(400 / 25)
    assert result.loc[("B", "mantelzorgratio"), "value"] == pytest.approx(400 / 5)
    assert result.loc[("AB", "mantelzorgratio"), "value"] == pytest.approx(800 / 30)
    assert result.loc[("A", "share_80plus"), "value"] == pytest.approx(100 * 25 / 825)
    assert result.loc[("C", "mantelzorgratio"), "status"] == "unknown"


def test_bands_that_do_not_tile_are_not_computable_with_the_reason(catalogue):
    rows = [("A", "2024", age_measure(0, 44), 100.0), ("A", "2024", age_measure(45, 84), 80.0),
            ("A", "2024", age_measure(85, None), 10.0)]
    result = profile(catalogue, rows, {}, ["mantelzorgratio"])
    row = result.loc[("A", "mantelzorgratio")]
    assert row["status"] == "not_computable"
    assert row["reason_code"] == "indicator_bands_do_not_tile"
    assert row["reason_params"]["low"] == 40


def test_zero_denominator_is_undefined_and_unknown_member_makes_it_unknown(catalogue):
    rows = five_year_counts("A", {(0, 19): 10, (20, 39): 5, (40, 64): 15, (65, 79): 12, (80, None): 0})
    rows += five_year_counts("B", {(0, 19): 10, (20, 39): 5, (40, 64): 15, (65, 79): 12, (80, None): np.nan})
    result = profile(catalogue, rows, {"AB": ["A", "B"]}, ["mantelzorgratio"])
    assert result.loc[("A", "mantelzorgratio"), "status"] == "undefined"
    assert np.isnan(result.loc[("A", "mantelzorgratio"), "value"])
    assert result.loc[("AB", "mantelzorgratio"), "status"] == "unknown"
    assert result.loc[("AB", "mantelzorgratio"), "reason_params"] == {"count": 1, "members": 2}


def test_small_counts_are_suppressed_and_small_denominators_flagged(catalogue):
    result = profile(catalogue, band_rows(), {}, ["share_80plus", "mantelzorgratio"],
                     settings=EngineSettings(min_count=10, small_denominator=100))
    c = result.loc[("C", "share_80plus")]
    assert c["status"] == "suppressed" and np.isnan(c["value"]) and np.isnan(c["numerator"])
    assert result.loc[("C", "mantelzorgratio"), "reliability"] == "small_denominator"
    assert result.loc[("A", "share_80plus"), "reliability"] == ""


def test_median_is_shown_only_where_published(catalogue):
    tidy = pd.DataFrame(band_rows(), columns=["area_code", "period", "measure", "value"])
    membership = stack(membership_from_sets({code: [code] for code in UNITS}, UNITS, level="sector"),
                       membership_from_sets({"AB": ["A", "B"]}, UNITS))
    published = pd.DataFrame([("sector", "A", "2024", "2021", "income_net_taxable_median", 25895.0)],
                             columns=["level", "code", "vintage", "period", "measure", "value"])
    result = compute(catalogue.select(["median_net_taxable_income"]), measure_matrix(tidy, UNITS), membership,
                     published=published, periods=["2021", "2024"])
    result = result[result["period"] == "2021"].set_index("code")
    assert result.loc["A", "value"] == 25895
    assert result.loc["AB", "status"] == "not_computable"
    assert result.loc["AB", "reason_code"] == "indicator_not_aggregable"
    assert result["denominator"].isna().all()  # a published figure has no denominator (never left unset)


def test_team_indicator_reproduces_the_balen_ocmw_shares():
    # Seed 000, table B: persons with OCMW support and population, Balen and De Boschberg, 2016-2018.
    counts = {("balen", "2016"): (1427, 22337), ("boschberg", "2016"): (66, 422),
              ("balen", "2017"): (1906, 22426), ("boschberg", "2017"): (58, 429),
              ("balen", "2018"): (1990, 22618), ("boschberg", "2018"): (62, 438)}
    rows = []
    for (area, period), (support, population) in counts.items():
        rows += [(area, period, "ocmw_support_persons", support), (area, period, "population", population)]
    units = pd.Index(["balen", "boschberg"])
    tidy = pd.DataFrame(rows, columns=["area_code", "period", "measure", "value"])
    indicator = team_indicator("ocmw_share", "Personen met OCMW-steun per 100 inwoners",
                               ["ocmw_support_persons"], ["population"], known_measures={"ocmw_support_persons",
                                                                                         "population"})
    membership = membership_from_sets({u: [u] for u in units}, units, level="area")
    result = compute([indicator], measure_matrix(tidy, units), membership).set_index(["code", "period"])
    shares = result["value"].round().astype(int).to_dict()
    assert shares[("boschberg", "2016")] == 16 and shares[("balen", "2016")] == 6
    assert shares[("boschberg", "2018")] == 14 and shares[("balen", "2018")] == 9


def test_a_total_imported_for_some_sectors_is_made_from_bands_for_the_others(catalogue):
    # Sector A comes from a dataset with a total; sector B from one with age bands only (e.g. Census).
    rows = [("A", "2024", "population", 1000.0), ("A", "2024", age_measure(65, None), 200.0),
            ("B", "2024", age_measure(0, 64), 300.0), ("B", "2024", age_measure(65, None), 100.0)]
    result = profile(catalogue, rows, {"AB": ["A", "B"]}, ["population", "share_65plus"])
    assert result.loc[("B", "population"), "value"] == 400
    assert result.loc[("A", "population"), "value"] == 1000
    assert result.loc[("AB", "share_65plus"), "value"] == pytest.approx(100 * 300 / 1400)
