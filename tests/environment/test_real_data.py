"""The environment analysis on the real open data in ../shared/data (OSM extract, Balen–Ravels pack)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pyproj import Transformer

from zorgzaam.environment.facilities import (
    facility_frame,
    find_duplicates,
    import_afmps,
    import_hospitals,
    import_osm,
)
from zorgzaam.environment.network import network_from_osm
from zorgzaam.environment.osm import read_osm
from zorgzaam.environment.reach import ReachSettings, location_reach, nearest_facility, share_within
from zorgzaam.environment.residents import building_locations, group_weights
from zorgzaam.messages import ZorgzaamError

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def wechel(shared_data):
    return read_osm(shared_data / "osm" / "wechel.osm.pbf")


def test_osm_extract_categories(wechel):
    facilities = import_osm("wechel.osm.pbf", wechel).facilities
    counts = facilities.category.value_counts()
    assert counts["bus_stop"] == 12
    assert counts["school"] >= 1
    assert counts["place_of_worship"] >= 1  # the church (a polygon, as its representative point)
    assert counts["park"] >= 1 and counts["playground"] == 2
    assert counts["cafe"] >= 2
    assert facilities[["x", "y"]].notna().all().all()
    # every point lies in the extract's area (Lambert 72 around Wechelderzande)
    assert facilities.x.between(170_000, 190_000).all() and facilities.y.between(205_000, 225_000).all()


def test_osm_xml_and_pbf_agree(shared_data, wechel):
    xml = read_osm(shared_data / "osm" / "wechel.osm")
    assert len(xml.facilities) == len(wechel.facilities)
    assert len(xml.edges) == len(wechel.edges)


def test_reach_over_the_real_network_with_an_island(wechel):
    network = network_from_osm(wechel)
    facilities = import_osm("wechel", wechel).facilities
    locations = building_locations(wechel.buildings)
    assert len(locations) > 1500
    # a location placed beside a small separate piece of the network: find the smallest island
    count, labels = network.components()
    assert count >= 2
    sizes = np.bincount(labels)
    island_node = int(np.flatnonzero(labels == sizes.argmin())[0])
    island = pd.DataFrame({"location_id": [len(locations)], "sector_code": "", "x": [network.xy[island_node, 0] + 3],
                           "y": [network.xy[island_node, 1]], "weight": 1.0, "population": 1.0,
                           "method": "constructed"})
    everyone = pd.concat([locations, island], ignore_index=True)
    reach = location_reach(everyone, facilities, ["bus_stop", "school", "playground"], network)
    bus = reach[reach.category == "bus_stop"].set_index("location_id")
    assert bus.loc[len(locations), "status"] == "unreachable"
    assert np.isnan(bus.loc[len(locations), "distance_m"])
    ok = bus[bus.status == "ok"]
    assert len(ok) > 0.9 * len(locations) and (ok.distance_m > 0).all()
    shares = share_within(reach, group_weights(everyone))
    s = shares[(shares.category == "bus_stop")].set_index("threshold_m")["share"]
    assert 0 < s[400] <= s[800] <= s[1200] <= 1


def test_extract_without_ways_is_refused(tmp_path):
    path = tmp_path / "nodes_only.osm"
    path.write_text('<?xml version="1.0"?><osm version="0.6">'
                    '<node id="1" lat="51.2" lon="4.9" version="1"><tag k="highway" v="bus_stop"/></node>'
                    '</osm>', encoding="utf-8")
    extract = read_osm(path)
    assert extract.facilities.category.tolist() == ["bus_stop"]
    with pytest.raises(ZorgzaamError) as error:
        network_from_osm(extract)
    assert error.value.problem.code == "osm_no_ways"


def _pack_centroids(shared_data):
    import geopandas as gpd

    pack = shared_data / "balen_ravels"
    centroids = gpd.read_file(pack / "sector_centroids_2024_income2021_age2021.geojson").to_crs("EPSG:31370")
    hierarchy = pd.read_csv(pack / "statsec2024_hierarchy.csv", dtype=str, usecols=["statsec2024", "gemeente2024"])
    municipality = dict(zip(hierarchy.statsec2024, hierarchy.gemeente2024, strict=True))
    frame = pd.DataFrame({"location_id": np.arange(len(centroids)), "sector_code": centroids.cd_sector,
                          "x": centroids.geometry.x, "y": centroids.geometry.y, "weight": 1.0,
                          "population": centroids.pop65plus_census2021 + centroids.pop_under65_census2021,
                          "method": "sector_centroid"})
    # joined through the hierarchy table, never from the code's prefix
    frame["municipality"] = frame.sector_code.map(municipality)
    return frame


def test_nearest_emergency_hospital_for_balen_and_ravels(shared_data):
    hospitals = import_hospitals(shared_data / "belgium_sectors" / "hospitals_sites.gpkg").facilities
    centroids = _pack_centroids(shared_data)
    nearest = nearest_facility(centroids, hospitals, "hospital_emergency")
    assert (nearest.method == "straight_line").all()
    merged = centroids.merge(nearest, on="location_id")
    balen = merged[merged.municipality == "13003"]
    ravels = merged[merged.municipality == "13035"]
    assert len(balen) == 35 and len(ravels) == 36
    assert set(balen.facility) == {"HEILIG HART ZIEKENHUIS"}
    assert hospitals.loc[hospitals.name == "HEILIG HART ZIEKENHUIS", "address"].str.contains("MOL").all()
    assert set(ravels.facility) == {"AZ TURNHOUT"}


def test_hospitals_from_the_csv_match_the_campus_file(shared_data):
    from_csv = import_hospitals(shared_data / "belgium_sectors" / "Geocoded_hospitals.csv").facilities
    from_gpkg = import_hospitals(shared_data / "belgium_sectors" / "hospitals_sites.gpkg").facilities
    assert len(from_csv) == len(from_gpkg) == 124


def test_pharmacies_within_reach_of_every_sector_centroid(shared_data):
    result = import_afmps(shared_data / "balen_ravels" / "pharmacies_afmps_2022.geojson")
    assert len(result.facilities) + len(result.problems) == result.rows_read
    pharmacies = result.facilities
    centroids = _pack_centroids(shared_data)
    ours = centroids[centroids.municipality.isin(["13003", "13035"])].reset_index(drop=True)
    reach = location_reach(ours, pharmacies, ["pharmacy"], None, ReachSettings(detour=1.3))
    assert (reach.method == "straight_line_x1.3").all() and (reach.status == "ok").all()
    # hand check for one centroid: the nearest register pharmacy in a straight line × 1.3
    first = ours.iloc[0]
    expected = np.hypot(pharmacies.x - first.x, pharmacies.y - first.y).min() * 1.3
    assert reach.distance_m.iloc[0] == pytest.approx(expected)
    shares = share_within(reach, group_weights(ours), thresholds=(800, 2000, 5000),
                          area_of=ours.set_index("location_id").municipality)
    by = shares.set_index(["area", "threshold_m"])["share"]
    assert 0 < by[("13003", 2000)] < 1 and by[("13003", 5000)] > 0.9
    assert by[("13035", 5000)] > 0.8


def test_register_and_osm_pharmacies_are_offered_for_merge(shared_data):
    register = import_afmps(shared_data / "balen_ravels" / "pharmacies_afmps_2022.geojson").facilities
    import geopandas as gpd

    osm = gpd.read_file(shared_data / "balen_ravels" / "pharmacies_osm_2026.geojson").to_crs("EPSG:31370")
    osm_frame = facility_frame(pd.DataFrame({"name": osm["name"].fillna(""), "category": "pharmacy",
                                             "x": osm.geometry.x, "y": osm.geometry.y, "source": "OpenStreetMap"}))
    pairs = find_duplicates(pd.concat([register, osm_frame], ignore_index=True), distance=100)
    assert len(pairs) >= 10
    assert (pairs.first_source != pairs.second_source).all()


def test_facilities_outside_the_area(shared_data):
    import geopandas as gpd

    from zorgzaam.environment.facilities import outside_area

    municipalities = gpd.read_file(shared_data / "balen_ravels" / "municipalities_2025.geojson").to_crs("EPSG:31370")
    name_column = "naam" if "naam" in municipalities else municipalities.columns[1]
    balen = municipalities[municipalities[name_column].astype(str).str.contains("Balen")].geometry.iloc[0]
    pharmacies = import_afmps(shared_data / "balen_ravels" / "pharmacies_afmps_2022.geojson").facilities
    outside = outside_area(pharmacies, balen)
    assert 0 < (~outside).sum() < len(pharmacies)


def test_transformer_sanity():
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True).transform(4.9, 51.3)
    assert 150_000 < x < 250_000 and 200_000 < y < 230_000
