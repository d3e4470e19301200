"""Profiles from the database, on the fictional demo municipality and on the real Balen data."""

import numpy as np
import pandas as pd
import pytest

from zorgzaam.areas.models import Area, Neighbourhood
from zorgzaam.profile.service import area_profile, neighbourhood_profile
from zorgzaam.sources.models import Dataset
from zorgzaam.sources.store import dataset_values
from zorgzaam.web.demo import install_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    install_demo(extensions=False)
    return Neighbourhood.objects.get(name="Centrum en omgeving")


def test_neighbourhood_profile_sums_its_sectors_and_compares_with_default_areas(demo):
    profile = neighbourhood_profile(demo)
    assert [level for level, _, _ in profile.references] == ["municipality", "carezone", "province", "region"]
    official = dataset_values(Dataset.objects.get(workspace__isnull=True))
    sectors = demo.current.sector_codes
    own = official[(official["area_code"].isin(sectors)) & (official["measure"] == "population")
                   & (official["period"] == "2025")]
    result = profile.focus_results().set_index(["indicator", "period"])
    assert result.loc[("population", "2025"), "value"] == own["value"].sum()
    older = official[(official["area_code"].isin(sectors)) & (official["period"] == "2025")
                     & official["measure"].isin([f"population_age_{lo:03d}_{lo + 4:03d}" for lo in range(80, 100, 5)]
                                                + ["population_age_100_999"])]["value"].sum()
    assert result.loc[("share_80plus", "2025"), "value"] == pytest.approx(100 * older / own["value"].sum())
    comparisons = profile.comparisons
    municipality = comparisons[(comparisons["indicator"] == "share_80plus") & (comparisons["period"] == "2025")
                               & (comparisons["ref_level"] == "municipality")].iloc[0]
    assert municipality["index"] == pytest.approx(100 * municipality["value"] / municipality["ref_value"])
    assert municipality["phrase"]


def test_missing_figures_say_why(demo):
    result = neighbourhood_profile(demo).focus_results().set_index(["indicator", "period"])
    ocmw = result.loc[("ocmw_support_per_100", "2025")]  # the team counted up to 2024
    assert ocmw["status"] == "not_computable" and ocmw["reason_code"] == "indicator_measure_missing"
    assert ocmw["reason_params"] == {"measure": "ocmw_support_persons", "period": "2025"}
    median = result.loc[("median_net_taxable_income", "2021")]
    assert median["reason_code"] == "indicator_not_aggregable"


def test_team_counts_give_the_ocmw_indicator_and_records_render(demo):
    profile = neighbourhood_profile(demo)
    result = profile.focus_results().set_index(["indicator", "period"])
    assert result.loc[("ocmw_support_per_100", "2024"), "status"] == "ok"
    records = profile.records("nl")
    record = next(r for r in records if r["indicator"] == "share_80plus" and r["period"] == "2025"
                  and r["area"]["level"] == "neighbourhood")
    assert record["status"] == "ok" and record["unit"] == "%"
    assert {c["area"]["level"] for c in record["comparisons"]} == {"municipality", "carezone", "province", "region"}


def test_ranks_among_the_workspace_neighbourhoods(demo):
    profile = neighbourhood_profile(demo)
    ranks = profile.ranks.set_index(["indicator", "period"])
    assert ranks.loc[("population", "2025"), "of"] == Neighbourhood.objects.filter(workspace=demo.workspace).count()


def test_area_profile_of_the_demo_municipality(demo):
    profile = area_profile(Area.objects.get(level="municipality", code="99001"))
    result = profile.focus_results().set_index(["indicator", "period"])
    assert result.loc[("population", "2025"), "value"] > 0
    assert np.isfinite(result.loc[("grijze_druk", "2025"), "value"])


def test_balen_wijk_profile_from_census_on_2024_codes(shared_data):
    from zorgzaam.areas.loading import load_area_files
    from zorgzaam.areas.store import save_areas
    from zorgzaam.sources.generic import WideOptions
    from zorgzaam.sources.importing import run_import

    load = load_area_files([shared_data / "balen_ravels"])
    save_areas(load.areas, load.links, load.crosswalk)
    options = WideOptions(mapping={"x65": "population_age_065_999", "rest": "population_age_000_064"},
                          skip=["prop_65plussers"])
    run_import("wide", shared_data / "belgium_sectors" / "Leeftijdgegevens_per_StatS.csv", period="2021",
               level="sector", options=options)
    schoorheide = Area.objects.get(level="district", code="1300306", vintage="2024")
    profile = area_profile(schoorheide)
    result = profile.focus_results().set_index(["indicator", "period"])
    assert result.loc[("population", "2021"), "value"] == 1266
    assert result.loc[("share_65plus", "2021"), "value"] == pytest.approx(100 * 327 / 1266)
    balen = profile.results.set_index(["level", "code", "indicator", "period"])
    assert balen.loc[("municipality", "13003", "share_65plus", "2021"), "value"] == pytest.approx(100 * 4485 / 22853)
    assert pd.isna(result.loc[("mantelzorgratio", "2021"), "value"])  # 40-79 cannot be made from 0-64 / 65+
    assert result.loc[("mantelzorgratio", "2021"), "reason_code"] == "indicator_bands_do_not_tile"
