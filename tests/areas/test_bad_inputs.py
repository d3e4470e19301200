"""Bad area inputs give clear messages (file, field, code) and leave the database as it was."""

from __future__ import annotations

import shutil

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Polygon

from zorgzaam.areas.loading import load_area_files
from zorgzaam.areas.models import Area, AreaLink, SectorCrosswalk
from zorgzaam.areas.store import save_areas
from zorgzaam.cli import main
from zorgzaam.messages import ZorgzaamError

pytestmark = pytest.mark.realdata


def _state():
    return Area.objects.count(), AreaLink.objects.count(), SectorCrosswalk.objects.count()


@pytest.fixture
def stored(shared_data, db):
    pack = load_area_files([shared_data / "balen_ravels" / "statsec2025_hierarchy.csv",
                            shared_data / "balen_ravels" / "wijken_2025.geojson"])
    save_areas(pack.areas, pack.links, pack.crosswalk)
    return _state()


def test_missing_file(stored, tmp_path, capsys):
    assert main(["areas", "load", str(tmp_path / "nope.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "Bestand niet gevonden" in err and "nope.xlsx" in err
    assert _state() == stored


def test_broken_geometry_in_a_shapefile(stored, tmp_path, capsys):
    # Constructed: a wijk shapefile in the ggw7 layout whose second polygon crosses itself (a bow tie).
    frame = gpd.GeoDataFrame(
        {"geoitem": ["13003W01", "13003W02"], "naam": ["Balen - Centrum (Balen)", "Balen - Oost (Balen)"]},
        geometry=[Polygon([(0, 0), (10, 0), (10, 10), (0, 10)]), Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])],
        crs="EPSG:31370")
    frame.to_file(tmp_path / "ggw7.shp")
    assert main(["areas", "load", str(tmp_path / "ggw7.shp")]) == 1
    err = capsys.readouterr().err
    assert "ggw7.shp" in err and "13003W02" in err and "Ongeldige geometrie" in err and "geoitem" in err
    assert _state() == stored


def test_hierarchy_missing_a_column(stored, shared_data, tmp_path, capsys, monkeypatch):
    table = pd.read_csv(shared_data / "balen_ravels" / "statsec2025_hierarchy.csv", dtype=str)
    table.drop(columns=["elz_naam"]).to_csv(tmp_path / "statsec2025_hierarchy.csv", index=False)
    with pytest.raises(ZorgzaamError) as error:
        load_area_files([tmp_path])
    assert "elz_naam" in error.value.render("nl") and "statsec2025_hierarchy.csv" in error.value.render("en")
    monkeypatch.setenv("ZORGZAAM_LANG", "en")  # restored after the test (--lang sets it for the process)
    assert main(["--lang", "en", "areas", "load", str(tmp_path)]) == 1
    assert "Required column(s) missing: elz_naam" in capsys.readouterr().err
    assert _state() == stored


def test_unreadable_file(stored, tmp_path, capsys):
    (tmp_path / "gemeente.shp").write_bytes(b"this is no shapefile")
    assert main(["areas", "load", str(tmp_path / "gemeente.shp")]) == 1
    err = capsys.readouterr().err
    assert "gemeente.shp" in err and "kon niet gelezen worden" in err
    assert _state() == stored


def test_folder_without_area_files(stored, tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("nothing here")
    assert main(["areas", "load", str(tmp_path)]) == 1
    assert "Geen gebiedsbestanden herkend" in capsys.readouterr().err


def test_failed_save_rolls_back(stored, shared_data):
    pack = load_area_files([shared_data / "balen_ravels"])
    links = pack.links.copy()
    links.loc[len(links)] = ["sector", "13003A00-", "2025", "district", "NOT-THERE", "2025"]
    with pytest.raises(ValueError):
        save_areas(pack.areas, links, pack.crosswalk)
    assert _state() == stored


def test_duplicate_sector_in_hierarchy(stored, shared_data, tmp_path):
    table = pd.read_csv(shared_data / "balen_ravels" / "statsec2025_hierarchy.csv", dtype=str)
    pd.concat([table, table.iloc[[3]]]).to_csv(tmp_path / "statsec2025_hierarchy.csv", index=False)
    with pytest.raises(ZorgzaamError) as error:
        load_area_files([tmp_path])
    assert table.iloc[3]["statsec"] in str(error.value)
    shutil.rmtree(tmp_path)
