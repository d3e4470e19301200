"""Loading the real area files (Balen–Ravels pack for most tests, all of Flanders in one slow test)."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from zorgzaam.areas.loading import load_area_files
from zorgzaam.areas.models import Area, AreaLink, SectorCrosswalk
from zorgzaam.areas.queries import children, crosswalk, find_area, parent, parents, sectors_of
from zorgzaam.areas.store import save_areas
from zorgzaam.cli import main

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def pack(shared_data):
    return load_area_files([shared_data / "balen_ravels"])


@pytest.fixture
def saved(pack, db):
    save_areas(pack.areas, pack.links, pack.crosswalk)
    return pack


def _area(frame, level, code, vintage):
    rows = frame[(frame["level"] == level) & (frame["code"] == code) & (frame["vintage"] == vintage)]
    assert len(rows) == 1, (level, code, vintage)
    return rows.iloc[0]


def test_codes_are_strings(pack):
    assert all(isinstance(c, str) for c in pack.areas["code"])
    assert _area(pack.areas, "municipality", "13003", "2025")["name"] == "Balen"
    assert _area(pack.areas, "arrondissement", "13000", "2025")["name"].startswith("Turnhout")


def test_wijken_of_balen_and_ravels(saved):
    balen = find_area("13003", level="municipality", vintage="2025")
    ravels = find_area("13035", level="municipality", vintage="2025")
    assert children(balen, "district", locatable_only=True).count() == 9
    assert children(ravels, "district", locatable_only=True).count() == 13
    # the pseudo-wijk of the not-locatable sector is kept, but is not a wijk to count
    pseudo = children(balen, "district").exclude(is_locatable=True)
    assert [a.code for a in pseudo] == ["13003WONB"]
    assert "niet te lokaliseren" in pseudo[0].name


def test_care_zones(saved):
    balen = find_area("13003", level="municipality", vintage="2025")
    ravels = find_area("13035", level="municipality", vintage="2025")
    assert (parent(balen, "carezone").code, parent(balen, "carezone").name) == ("elz3", "Baldemore")
    assert (parent(ravels, "carezone").code, parent(ravels, "carezone").name) == ("elz41", "Kempenland")


def test_sectors_of_balen_via_links(saved):
    balen = find_area("13003", level="municipality", vintage="2025")
    sectors = sectors_of(balen)
    assert sectors.count() == 36
    assert sectors.filter(code="13003ZZZZ").exists()
    assert sectors_of(balen, locatable_only=True).count() == 35
    # 2024 sectors roll up to the same 2025 municipality through the links, not through the code
    assert sectors_of(balen, vintage="2024").count() == 36


def test_sectors_of_a_wijk_via_links(saved):
    hulsen = find_area("13003W04")
    assert set(sectors_of(hulsen).values_list("code", flat=True)) == {"13003A50K", "13003A51-", "13003A590"}
    # Hulsen's 2024 wijk code starts with 13002 although it lies in Balen (13003): never use prefixes
    hulsen_2024 = find_area("1300208")
    assert parent(hulsen_2024, "municipality").code == "13003"
    assert sectors_of(hulsen_2024).count() == 3


def test_not_locatable_sector(saved):
    zzzz = find_area("13003ZZZZ", vintage="2025")
    assert zzzz.is_locatable is False
    assert zzzz.geometry is None and zzzz.geometry_kind == ""
    assert "niet te lokaliseren" in zzzz.name.lower()
    assert {p.level for p in parents(zzzz)} >= {"district", "municipality", "carezone", "province", "region"}


def test_crosswalk_2024_to_2025(saved):
    assert [r["code"] for r in crosswalk("13003A500", "2024", "2025")] == ["13003A50K"]
    assert [r["code"] for r in crosswalk("13035A0PA", "2024", "2025")] == ["13035A0PK"]
    assert [r["code"] for r in crosswalk("13035A10-", "2024", "2025")] == ["13035A10K"]
    assert crosswalk("13003A500", "2024", "2025")[0]["share"] == 1.0
    assert crosswalk("13003A00-", "2024", "2025")[0]["code"] == "13003A00-"
    assert [r["code"] for r in crosswalk("13003A50K", "2025", "2024")] == ["13003A500"]
    assert "same" in crosswalk("13003A500", "2024", "2025")[0]["source"]
    # Balen and Ravels: every 2024 code has a 2025 code
    codes_2024 = Area.objects.filter(level="sector", vintage="2024", parent_links__parent__code__in=["13003", "13035"],
                                     parent_links__parent__vintage="2025").values_list("code", flat=True)
    assert len(codes_2024) == 73
    unchanged = [c for c in codes_2024 if crosswalk(c, "2024", "2025") == [{"code": c, "share": 1.0,
                                                                           "source": "afgeleid/derived: same code"}]]
    assert len(unchanged) == 70


def test_approximate_cells_lie_in_their_wijk(pack):
    areas = pack.areas
    links = pack.links
    sectors = areas[(areas["level"] == "sector") & (areas["vintage"] == "2025")].set_index("code")
    wijk_of = links[(links["child_level"] == "sector") & (links["child_vintage"] == "2025")
                    & (links["parent_level"] == "district")].set_index("child_code")["parent_code"]
    wijken = areas[(areas["level"] == "district") & (areas["vintage"] == "2025")].set_index("code")["geometry"]
    approximate = sectors[sectors["geometry_kind"] == "approximate"]
    assert len(approximate) > 200
    for code, row in approximate.iterrows():
        cell = row["geometry"]
        assert cell.is_valid and cell.geom_type in ("Polygon", "MultiPolygon") and cell.area > 0
        wijk = wijken[wijk_of[code]]
        assert cell.difference(wijk).area < 1e-6 * wijk.area, code
        assert "benaderd" in row["source"] and "approximate" in row["source"]
    # the cells of one wijk do not overlap and cover it when all its sectors have a cell
    hulsen_codes = wijk_of[wijk_of == "13003W04"].index
    cells = [sectors.at[c, "geometry"] for c in hulsen_codes]
    assert all(sectors.at[c, "geometry_kind"] == "approximate" for c in hulsen_codes)
    union = shapely.union_all(cells)
    assert abs(union.area - wijken["13003W04"].area) < 1e-3 * wijken["13003W04"].area
    assert abs(sum(c.area for c in cells) - union.area) < 1e-3 * union.area


def test_links_are_flat_and_vintage_consistent(pack):
    links = pack.links
    sector_links = links[(links["child_code"] == "13003A00-") & (links["child_vintage"] == "2025")]
    assert set(sector_links["parent_level"]) == {"district", "submunicipality", "municipality", "carezone",
                                                 "arrondissement", "province", "region"}
    assert set(sector_links["parent_vintage"]) == {"2025"}
    # wijk → municipality and higher, so data of any level rolls up
    wijk = links[(links["child_code"] == "13003W01")]
    assert {"municipality", "carezone", "province", "region"} <= set(wijk["parent_level"])
    # never a newer child under an older parent, except a sector in the older municipality its table names
    # (a 2024 sector in its 2018 municipality: what joins municipal data from before the 2019 mergers)
    newer = links[links["child_vintage"].astype(int) > links["parent_vintage"].astype(int)]
    assert len(newer) and set(zip(newer["child_level"], newer["parent_level"], newer["child_vintage"],
                                  newer["parent_vintage"], strict=True)) == {("sector", "municipality", "2024", "2018")}
    old = links[(links["child_code"] == "13003A00-") & (links["child_vintage"] == "2024")
                & (links["parent_level"] == "municipality")]
    assert set(zip(old["parent_code"], old["parent_vintage"], strict=True)) == {("13003", "2018"), ("13003", "2024"),
                                                                   ("13003", "2025")}


def test_cli_load_and_show(shared_data, db, capsys):
    assert main(["areas", "load", str(shared_data / "balen_ravels"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    counts = {(r["level"], r["vintage"]): r for r in data["counts"]}
    assert counts[("district", "2025")]["locatable"] == 89
    assert data["seconds"]["total"] > 0
    assert main(["areas", "show", "13003W04", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["name"].startswith("Hulsen")
    assert shown["children"]["sector"]["total"] == 3
    assert any(r["to"] == "13003A500" for r in shown["crosswalk_changed"])
    assert main(["areas", "show", "NOPE"]) == 1
    assert "niet gevonden" in capsys.readouterr().err


def test_single_boundary_file_updates_geometry_only(shared_data, db, tmp_path):
    pack = load_area_files([shared_data / "balen_ravels"])
    save_areas(pack.areas, pack.links, pack.crosswalk)
    links_before = AreaLink.objects.count()
    only = load_area_files([shared_data / "balen_ravels" / "wijken_2025.geojson"])
    assert set(only.areas["level"]) == {"district"}
    assert len(only.links) == 0
    assert (only.areas["geometry_kind"] == "polygon").all()
    assert AreaLink.objects.count() == links_before


@pytest.mark.slow
def test_all_of_flanders(shared_data, db):
    load = load_area_files([shared_data / "flanders_areas", shared_data / "belgium_sectors" / "centroids_sites.gpkg"])
    counts = {(r["level"], r["vintage"]): r for r in load.counts()}
    assert counts[("municipality", "2025")]["areas"] == 304
    assert counts[("municipality", "2024")]["areas"] == 319
    assert counts[("district", "2025")]["locatable"] == 2767
    assert counts[("carezone", "2025")]["areas"] == 57
    assert counts[("sector", "2025")]["locatable"] == 10594
    summary = save_areas(load.areas, load.links, load.crosswalk)
    assert summary.areas == len(load.areas)
    assert SectorCrosswalk.objects.filter(code_from="13003A500", code_to="13003A50K").exists()
    balen = find_area("13003", level="municipality", vintage="2025")
    assert children(balen, "district", locatable_only=True).count() == 9
    assert sectors_of(balen).count() == 36
    tessenderlo_ham = find_area("71071", level="municipality", vintage="2025")
    old = set(children(tessenderlo_ham, "municipality", vintage="2024").values_list("code", flat=True))
    assert old == {"71057", "71069"}
    names = pd.Series(load.areas.loc[load.areas["level"] == "carezone", "name"])
    assert (names != "").all()
    assert isinstance(gpd.GeoSeries(load.areas["geometry"].dropna()).total_bounds[0], float)
