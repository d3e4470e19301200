"""A proposed split of the real municipality Balen (NIS 13003) into contiguous groups of sectors.

Real data from ../shared/data/balen_ravels: the 2024 sector hierarchy (sector → wijk → municipality),
the 2024 wijk polygons and the sector centre points with Census 2021 counts (65+ and under 65). Sector
polygons are not available offline, so the sector shapes here are APPROXIMATE: Voronoi cells of the
centre points clipped to the wijk each sector belongs to (by the hierarchy table, not by point in
polygon). The pseudo-sector 13003ZZZZ (not locatable) is in the hierarchy but not in the centroid file.
"""

import geopandas as gpd
import pandas as pd
import pytest

from zorgzaam.areas import neighbourhoods as nb

pytestmark = pytest.mark.realdata

BALEN = "13003"


@pytest.fixture(scope="module")
def balen(shared_data):
    pack = shared_data / "balen_ravels"
    hierarchy = pd.read_csv(pack / "statsec2024_hierarchy.csv", dtype=str)
    hierarchy = hierarchy[hierarchy["gemeente2024"] == BALEN]
    centres = gpd.read_file(pack / "sector_centroids_2024_income2021_age2021.geojson").to_crs(31370)
    centres = centres[centres["cd_sector"].isin(hierarchy["statsec2024"])]
    wijken = gpd.read_file(pack / "wijken_2024.geojson").to_crs(31370)
    cells = nb.approximate_cells(dict(zip(centres.cd_sector, centres.geometry, strict=True)),
                                 dict(zip(wijken.wijk2024_code, wijken.geometry, strict=True)),
                                 dict(zip(hierarchy.statsec2024, hierarchy.ggw72024, strict=True)))
    sectors = pd.DataFrame({"code": hierarchy["statsec2024"].tolist()})
    sectors["geometry"] = sectors["code"].map(cells)
    sectors["geometry"] = [None if isinstance(g, float) else g for g in sectors["geometry"]]  # NaN → None
    sectors["geometry_kind"] = ["approximate" if g is not None else "" for g in sectors["geometry"]]
    sectors["is_locatable"] = [not c.endswith("ZZZZ") for c in sectors["code"]]
    sectors["municipality"] = BALEN
    population = pd.Series((centres["pop65plus_census2021"] + centres["pop_under65_census2021"]).to_numpy(),
                           index=centres["cd_sector"])
    return sectors, population, hierarchy


def test_balen_pack_is_what_we_expect(balen):
    sectors, population, hierarchy = balen
    assert len(sectors) == 36 and f"{BALEN}ZZZZ" in set(sectors.code)
    assert population.sum() == 22852  # the pack leaves out ZZZZ (1 inhabitant in the full file)
    assert sectors.geometry.notna().sum() == 35


def test_balen_split_into_contiguous_groups_above_the_minimum(balen):
    sectors, population, _ = balen
    proposal = nb.propose_split(sectors, population, 2000, municipality=BALEN, measure="census 2021", seed=0)
    located = sorted(sectors.loc[sectors.is_locatable, "code"])
    placed = sorted(c for g in proposal.groups for c in g.sector_codes)
    assert placed == located
    assert proposal.left_out == [f"{BALEN}ZZZZ"]
    adjacency = nb.sector_adjacency(dict(zip(sectors.code, sectors.geometry, strict=True)))
    for group in proposal.groups:
        assert group.population >= 2000
        assert len(nb.connected_groups(group.sector_codes, adjacency)) == 1
    assert 6 <= len(proposal.groups) <= 11  # 22,852 residents, at least 2,000 each
    assert sum(g.population for g in proposal.groups) == 22852
    assert proposal.approximate and "benaderde" in proposal.rule_description("nl")


def test_balen_wijk_as_neighbourhood_is_contiguous_on_approximate_cells(balen):
    sectors, _, hierarchy = balen
    wijk = hierarchy.groupby("ggw72024")["statsec2024"].apply(list)
    members = max((m for code, m in wijk.items() if code != f"{BALEN}ONB"), key=len)
    selection = nb.select_area({"code": "W", "name": "wijk", "level": "district"}, members, sectors, "2024")
    assert [w.code for w in selection.warnings] == ["contiguity_approximate"]
