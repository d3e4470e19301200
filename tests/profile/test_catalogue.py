"""The indicator catalogue is data: it loads, it is consistent, and bad definitions are refused."""

import pytest

from zorgzaam.messages import ZorgzaamError
from zorgzaam.profile.catalogue import HINT_DIMENSIONS, load_catalogue, team_indicator


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def test_the_four_demographic_coefficients_have_the_seed_formulas(catalogue):
    expected = {
        "mantelzorgratio": (("population_age_040_079",), ("population_age_080_999",), 1),
        "groene_druk": (("population_age_000_019",), ("population_age_020_064",), 100),
        "grijze_druk": (("population_age_065_999",), ("population_age_020_064",), 100),
        "interne_vergrijzing": (("population_age_080_999",), ("population_age_065_999",), 100),
    }
    for indicator_id, (numerator, denominator, scale) in expected.items():
        indicator = catalogue[indicator_id]
        assert (indicator.numerator, indicator.denominator, indicator.scale) == (numerator, denominator, scale)


def test_every_indicator_has_dutch_and_english_names_and_known_theme(catalogue):
    for indicator in catalogue:
        assert indicator.name["nl"] and indicator.name["en"], indicator.id
        assert indicator.theme in catalogue.themes, indicator.id
        assert set(indicator.hints) <= set(HINT_DIMENSIONS)
        assert set(indicator.pitfalls) <= set(catalogue.pitfalls)


def test_medians_are_published_only_and_migration_balance_is_a_difference(catalogue):
    assert not catalogue["median_net_taxable_income"].aggregable
    assert catalogue["average_net_taxable_income"].aggregable
    balance = catalogue["migration_balance"]
    assert balance.numerator == ("moves_in",) and balance.subtract == ("moves_out",)


def test_age_distribution_in_20_10_and_5_year_bands_tiles_all_ages(catalogue):
    for width in (20, 10, 5):
        bands = [i for i in catalogue if i.group == f"age_bands_{width}"]
        lows = [int(i.numerator[0].split("_")[2]) for i in bands]
        highs = [int(i.numerator[0].split("_")[3]) for i in bands]
        assert lows[0] == 0 and highs[-1] == 999
        assert all(high + 1 == low for high, low in zip(highs[:-1], lows[1:], strict=True))


def test_household_indicators_state_their_denominator(catalogue):
    share = catalogue["share_single_person_households"]
    assert share.denominator == ("households_total",)
    assert "huishoudens" in share.denominator_label["nl"]
    assert "household_denominator" in share.pitfalls


def test_team_indicator_refuses_missing_measure_and_self_division():
    known = {"ocmw_support_persons", "population"}
    indicator = team_indicator("ocmw_per_100", "OCMW-steun per 100 inwoners", ["ocmw_support_persons"],
                               ["population"], known_measures=known)
    assert indicator.is_team and indicator.scale == 100
    with pytest.raises(ZorgzaamError) as missing:
        team_indicator("x", "X", ["partner_visits"], ["population"], known_measures=known)
    assert "partner_visits" in str(missing.value)
    with pytest.raises(ZorgzaamError) as itself:
        team_indicator("y", "Y", ["population"], ["population"])
    assert itself.value.problem.code == "indicator_divides_by_itself"


def test_a_broken_catalogue_file_is_refused_with_the_indicator_named(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('version = 1\n[[indicator]]\nid = "broken"\ntheme = "age"\nname = {nl = "x", en = "x"}\n'
                    'numerator = ["Not A Measure"]\n', encoding="utf-8")
    with pytest.raises(ZorgzaamError) as error:
        load_catalogue(path)
    assert "broken" in str(error.value)


def test_a_published_percentage_cannot_be_part_of_a_formula():
    with pytest.raises(ZorgzaamError) as error:
        team_indicator("green_share", "Groen", ["inwoners_buurtgroen_pct"], ["population"])
    assert error.value.problem.code == "indicator_not_a_count"
    assert "inwoners_buurtgroen_pct" in error.value.render("en")
