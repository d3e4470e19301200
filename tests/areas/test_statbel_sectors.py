"""Statbel sector polygon files replace the approximate cells.

The fixture is CONSTRUCTED: Statbel's sector polygons are not available offline. It has the published
shape of ``sh_statbel_statistical_sectors_31370_20250101.geojson`` (columns CD_SECTOR,
TX_SECTOR_DESCR_NL, CD_MUNTY_REFNIS, polygons in EPSG:31370, here written in WGS84 as GeoJSON usually
is) for the three sectors of the Balen wijk Hulsen; each polygon is that sector's approximate cell,
shrunk a little so that it is recognisably not the cell."""

from __future__ import annotations

import geopandas as gpd
import pytest

from zorgzaam.areas.loading import load_area_files
from zorgzaam.areas.models import Area
from zorgzaam.areas.statbel_sectors import read_sector_file, vintage_for_year, year_in_name
from zorgzaam.areas.store import save_areas
from zorgzaam.cli import main

pytestmark = pytest.mark.realdata

HULSEN = ["13003A50K", "13003A51-", "13003A590"]


@pytest.fixture(scope="module")
def pack(shared_data):
    return load_area_files([shared_data / "balen_ravels"])


@pytest.fixture
def statbel_file(pack, tmp_path):
    sectors = pack.areas[(pack.areas["level"] == "sector") & (pack.areas["vintage"] == "2025")
                         & pack.areas["code"].isin(HULSEN)]
    frame = gpd.GeoDataFrame({
        "CD_SECTOR": sectors["code"].to_list(),
        "TX_SECTOR_DESCR_NL": [n.upper() for n in sectors["name"]],
        "TX_SECTOR_DESCR_FR": [n.upper() for n in sectors["name"]],
        "CD_MUNTY_REFNIS": ["13003"] * len(sectors),
        "TX_MUNTY_DESCR_NL": ["Balen"] * len(sectors),
    }, geometry=[g.buffer(-5) for g in sectors["geometry"]], crs="EPSG:31370").to_crs("EPSG:4326")
    path = tmp_path / "sh_statbel_statistical_sectors_31370_20250101.geojson"
    frame.to_file(path, driver="GeoJSON")
    return path


def test_year_and_vintage():
    from pathlib import Path

    assert year_in_name(Path("sh_statbel_statistical_sectors_31370_20250101.geojson")) == 2025
    assert year_in_name(Path("OPENDATA_SECTOREN_2022.shp")) == 2022
    assert vintage_for_year(2025) == "2025" and vintage_for_year(2022) == "2024"


def test_read_statbel_file(statbel_file):
    frame = read_sector_file(statbel_file)
    assert sorted(frame["code"]) == sorted(HULSEN)
    assert frame.crs.to_epsg() == 31370
    assert set(frame["municipality"]) == {"13003"}


def test_polygons_replace_cells(shared_data, statbel_file):
    load = load_area_files([shared_data / "balen_ravels", statbel_file])
    sectors = load.areas[(load.areas["level"] == "sector") & (load.areas["vintage"] == "2025")].set_index("code")
    for code in HULSEN:
        assert sectors.at[code, "geometry_kind"] == "polygon"
        assert statbel_file.name in sectors.at[code, "source"]
    assert sectors.at["13003A00-", "geometry_kind"] in ("approximate", "polygon")


def test_single_statbel_file_keeps_stored_names(pack, statbel_file, db, capsys):
    save_areas(pack.areas, pack.links, pack.crosswalk)
    assert main(["areas", "load", str(statbel_file)]) == 0
    capsys.readouterr()
    sector = Area.objects.get(level="sector", code="13003A50K", vintage="2025")
    assert sector.geometry_kind == "polygon"
    assert sector.name == "Hulsen-Kern"  # the stored name, not the file's upper-case one
    assert str(sector.valid_from) == "2025-01-01"
