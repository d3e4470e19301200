"""The fictional demo municipality Overbos: deterministic, a proper tiling, consistent counts."""

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.ops import unary_union

from zorgzaam.sources.demo import (
    AGE_BANDS,
    MUNICIPALITY,
    NEIGHBOUR,
    SOURCE,
    YEARS,
    age_measure,
    generate_demo,
)


@pytest.fixture(scope="module")
def demo():
    return generate_demo()


def _sectors(demo, municipality=MUNICIPALITY):
    links = demo.links[(demo.links.child_level == "sector") & (demo.links.parent_level == "municipality")
                       & (demo.links.parent_code == municipality)]
    areas = demo.areas[demo.areas.level == "sector"].set_index("code")
    return areas.loc[sorted(links.child_code)]


def test_same_seed_same_demo_other_seed_other_demo(demo):
    again = generate_demo()
    pd.testing.assert_frame_equal(demo.official, again.official)
    pd.testing.assert_frame_equal(demo.team, again.team)
    assert [shapely.to_wkb(g) if g is not None else None for g in demo.areas.geometry] == \
        [shapely.to_wkb(g) if g is not None else None for g in again.areas.geometry]
    other = generate_demo(seed=7)
    assert not demo.official["value"].equals(other.official["value"])


def test_everything_is_marked_fictional_and_codes_cannot_clash(demo):
    assert demo.areas["is_fictional"].all()
    assert (demo.areas["source"] == SOURCE).all()
    assert all(code.startswith(("99", "elz99")) for code in demo.areas["code"])
    municipality = demo.areas[(demo.areas.level == "municipality") & (demo.areas.code == MUNICIPALITY)]
    assert "fictief" in municipality["name"].iloc[0]


def test_about_twenty_sectors_tile_the_municipality(demo):
    sectors = _sectors(demo)
    located = sectors[sectors.geometry.notna()]
    assert 15 <= len(located) <= 25
    assert sectors.loc[f"{MUNICIPALITY}ZZZZ", "geometry"] is None
    assert not sectors.loc[f"{MUNICIPALITY}ZZZZ", "is_locatable"]
    geoms = list(located.geometry)
    assert all(g.geom_type == "Polygon" and g.is_valid and g.area > 100_000 for g in geoms)
    for i in range(len(geoms)):
        for j in range(i + 1, len(geoms)):
            assert geoms[i].intersection(geoms[j]).area < 1.0  # shared edges only
    outline = demo.areas[(demo.areas.level == "municipality") & (demo.areas.code == MUNICIPALITY)].geometry.iloc[0]
    assert outline.geom_type == "Polygon"
    assert unary_union(geoms).symmetric_difference(outline).area < 1.0
    assert abs(sum(g.area for g in geoms) - outline.area) < 1.0
    # the neighbour shares a boundary with Overbos
    neighbour = demo.areas[(demo.areas.level == "municipality") & (demo.areas.code == NEIGHBOUR)].geometry.iloc[0]
    assert outline.boundary.intersection(neighbour.boundary).length > 1000
    assert outline.intersection(neighbour).area < 1.0


def test_wijken_and_deelgemeenten_are_unions_of_whole_sectors(demo):
    sector_links = demo.links[demo.links.child_level == "sector"]
    areas = demo.areas.set_index(["level", "code"])
    for level, expected in (("district", (3, 5)), ("submunicipality", (2, 2))):
        parents = demo.areas[(demo.areas.level == level) & demo.areas.code.str.startswith(MUNICIPALITY)]
        assert expected[0] <= len(parents) <= expected[1]
        links = sector_links[sector_links.parent_level == level]
        located = links[~links.child_code.str.endswith("ZZZZ")]
        # every located sector in exactly one area of the level
        assert located.groupby("child_code").size().eq(1).all()
        for code in parents.code:
            members = located[located.parent_code == code].child_code
            union = unary_union([areas.loc[("sector", c), "geometry"] for c in members])
            assert union.symmetric_difference(areas.loc[(level, code), "geometry"]).area < 1.0


def test_hierarchy_links_are_flat_and_complete(demo):
    links = demo.links[demo.links.child_code == f"{MUNICIPALITY}A00-"]
    assert set(links.parent_level) == {"district", "submunicipality", "municipality", "carezone",
                                       "arrondissement", "province", "region"}
    care_zone = demo.links[(demo.links.parent_level == "carezone") & (demo.links.child_level == "municipality")]
    assert set(care_zone.child_code) == {MUNICIPALITY, NEIGHBOUR}


def _wide(demo, level="sector"):
    values = demo.official[demo.official.area_level == level]
    return values.pivot_table(index=["area_code", "period"], columns="measure", values="value", aggfunc="first",
                              dropna=False)


def test_counts_add_up(demo):
    wide = _wide(demo)
    people = wide[wide["population"].notna()]
    bands = [age_measure(lo, hi) for lo, hi in AGE_BANDS]
    assert len(bands) == 21 and bands[-1] == "population_age_100_999"
    np.testing.assert_allclose(people[bands].sum(axis=1), people["population"])
    np.testing.assert_allclose(people["population_male"] + people["population_female"], people["population"])
    for lo, hi in AGE_BANDS:
        np.testing.assert_allclose(people[age_measure(lo, hi, "male")] + people[age_measure(lo, hi, "female")],
                                   people[age_measure(lo, hi)])
    known = wide[wide["households_total"].notna()]
    types = ["households_single_person", "households_couple_no_children", "households_couple_with_children",
             "households_single_parent", "households_other"]
    np.testing.assert_allclose(known[types].sum(axis=1), known["households_total"])
    np.testing.assert_allclose(known["households_tenant"] + known["households_owner"], known["households_total"])
    np.testing.assert_allclose(known["population_origin_belgian"] + known["population_origin_non_belgian"],
                               known["population"])
    assert (known["living_alone_age_075_999"] <= known[bands[15:]].sum(axis=1)).all()
    assert (demo.official["value"].dropna() >= 0).all()
    # five or more years of every kind of figure
    periods = demo.official.groupby("measure")["period"].nunique()
    assert periods.min() >= 5


def test_measure_ids_follow_the_shared_vocabulary(demo):
    measures = pytest.importorskip("zorgzaam.sources.measures")
    for measure in demo.official["measure"].unique():
        assert measures.is_valid_measure(measure)
        if "_age_" in measure:
            assert measures.parse_age_band(measure) is not None, measure
    assert not measures.is_summable("income_net_taxable_median")
    assert measures.measure_kind("income_net_taxable_eur") == "eur"


def test_sector_profiles_differ_as_designed(demo):
    wide = _wide(demo).xs("2025", level="period")
    profile = demo.sectors.set_index("code")["profile"]
    old = [age_measure(lo, hi) for lo, hi in AGE_BANDS if lo >= 80]
    share_80 = wide[old].sum(axis=1) / wide["population"]
    care_home = profile[profile == "older_care_home"].index[0]
    new_housing = profile[profile == "new_housing"].index[0]
    low_income = profile[profile == "low_income"].index[0]
    overbos = [c for c in profile.index if c.startswith(MUNICIPALITY) and not c.endswith("ZZZZ")]
    assert share_80[care_home] > 2 * share_80[overbos].median()
    income = _wide(demo).xs("2022", level="period")["income_net_taxable_median"]
    assert income[low_income] < income[overbos].median()
    growth = _wide(demo)["population"].unstack("period")
    assert growth.loc[new_housing, "2025"] > 1.15 * growth.loc[new_housing, "2020"]
    assert growth.loc[overbos, "2025"].sum() > growth.loc[overbos, "2020"].sum()


def test_small_cells_are_unknown_not_zero(demo):
    wide = _wide(demo)
    small = wide[wide["population"] < 50]
    assert len(small)  # the industrial zone and the not-locatable sectors
    assert small["households_total"].isna().all()
    assert small["income_net_taxable_median"].dropna().empty
    assert small["population"].notna().all()
    zzzz = wide.xs(f"{MUNICIPALITY}ZZZZ", level="area_code").loc[YEARS]
    assert zzzz["population"].notna().all() and zzzz["households_single_person"].isna().all()


def test_team_counts_are_per_sector_and_year(demo):
    team = demo.team
    assert set(team.measure) == {"ocmw_support_persons"}
    assert team.period.nunique() == 5
    assert team.value.notna().all() and (team.value >= 0).all()
