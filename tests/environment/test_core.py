"""Pure computations of the environment module on constructed fixtures with hand-computed answers."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from zorgzaam.environment.facilities import facility_frame, find_duplicates, import_list
from zorgzaam.environment.mismatch import apply_rules, combine_reach, load_rules
from zorgzaam.environment.network import build_network, nearest_by_category, snap
from zorgzaam.environment.reach import ReachSettings, location_reach, share_within
from zorgzaam.environment.residents import group_weights, residential_locations
from zorgzaam.environment.supply import straight_distances, two_step_fca
from zorgzaam.environment.taxonomy import classify_osm, load_categories, resolve_category
from zorgzaam.environment.walkability import entropy_mix, grid_cells, walkability_cells
from zorgzaam.messages import ZorgzaamError, stored_text


def small_network():
    """A(0,0) B(100,0) C(200,0) D(200,100) E(0,100): E-A-B-C-D is one street of 400 m; F-G an island."""
    xy = np.array([[0, 0], [100, 0], [200, 0], [200, 100], [0, 100], [1000, 1000], [1100, 1000]], dtype=float)
    edges = np.array([[0, 1], [1, 2], [2, 3], [0, 4], [5, 6]])
    return build_network(xy, edges, source="constructed")


def test_taxonomy_has_both_languages_and_rules():
    categories = load_categories()
    for needed in ("gp", "pharmacy", "supermarket", "local_shop", "bakery", "bank_atm", "post", "bus_stop",
                   "train_station", "ldc", "care_home", "home_care", "school", "childcare", "library",
                   "meeting_place", "cafe", "place_of_worship", "park", "playground", "sports", "bench"):
        assert needed in categories and categories[needed].nl and categories[needed].en
    assert classify_osm({"highway": "bus_stop"}) == "bus_stop"
    assert classify_osm({"amenity": "place_of_worship", "religion": "christian"}) == "place_of_worship"
    assert classify_osm({"building": "house"}) is None
    assert resolve_category("Apotheek") == "pharmacy" and resolve_category("huisarts") == "gp"


def test_network_distance_matches_hand_computation():
    net = small_network()
    facilities = facility_frame([{"name": "Halte", "category": "bus_stop", "x": 200, "y": 110}])
    locations = pd.DataFrame({"location_id": [0, 1, 2], "sector_code": "S", "x": [0, 100, 1000],
                              "y": [105, -20, 1003], "weight": 1.0, "population": [10.0, 30.0, 5.0],
                              "method": "buildings"})
    reach = location_reach(locations, facilities, ["bus_stop", "pharmacy"], net)
    bus = reach[reach.category == "bus_stop"].set_index("location_id")
    # 5 (access) + E-A 100 + A-B 100 + B-C 100 + C-D 100 + 10 (facility access) = 415
    assert bus.loc[0, "distance_m"] == pytest.approx(415.0)
    # 20 + B-C 100 + C-D 100 + 10 = 230
    assert bus.loc[1, "distance_m"] == pytest.approx(230.0)
    # the island location: unreachable, no distance (not 0, not infinity)
    assert bus.loc[2, "status"] == "unreachable" and np.isnan(bus.loc[2, "distance_m"])
    assert (reach[reach.category == "pharmacy"].status == "no_facility").all()
    shares = share_within(reach, group_weights(locations), thresholds=(250, 500))
    bus_shares = shares[(shares.category == "bus_stop")].set_index("threshold_m")
    assert bus_shares.loc[250, "share"] == pytest.approx(30 / 45)
    assert bus_shares.loc[500, "share"] == pytest.approx(40 / 45)
    assert bus_shares.loc[500, "population_unreachable"] == 5
    assert (shares.method == "network").all()


def test_horizon_and_straight_line_labels():
    net = small_network()
    facilities = facility_frame([{"name": "Halte", "category": "bus_stop", "x": 200, "y": 110}])
    locations = pd.DataFrame({"location_id": [0], "sector_code": "S", "x": [0.0], "y": [105.0], "weight": 1.0,
                              "population": 1.0, "method": "buildings"})
    far = location_reach(locations, facilities, ["bus_stop"], net, ReachSettings(horizon=300))
    assert far.status.iloc[0] == "beyond_horizon"
    straight = location_reach(locations, facilities, ["bus_stop"], None, ReachSettings(detour=1.3))
    assert straight.method.iloc[0] == "straight_line_x1.3"
    assert straight.distance_m.iloc[0] == pytest.approx(np.hypot(200.0, 5.0) * 1.3)


def test_nearest_by_category_equals_scipy_min_only():
    from scipy.sparse.csgraph import dijkstra

    from zorgzaam.environment.network import grid_network

    net = grid_network(2500, seed=3)
    rng = np.random.default_rng(0)
    nodes = rng.choice(net.node_count, 12, replace=False)
    ours = nearest_by_category(net, {"c": (nodes, np.zeros(len(nodes)))})["c"]
    theirs = dijkstra(net.graph(), directed=False, indices=nodes, min_only=True)
    finite = np.isfinite(theirs)
    assert np.array_equal(finite, np.isfinite(ours))
    assert np.allclose(ours[finite], theirs[finite], atol=1e-5)


def test_empty_network_is_refused():
    with pytest.raises(ZorgzaamError):
        build_network(np.zeros((0, 2)), np.zeros((0, 2)))


def test_snap_gives_access_distance():
    node, distance = snap(small_network(), np.array([[103.0, 4.0]]))
    assert node[0] == 1 and distance[0] == pytest.approx(5.0)


def test_two_step_floating_catchment_hand_computed():
    # i1 (1,000 residents) reaches j1; i2 (3,000) reaches j1 and j2. j1 has 2 GPs, j2 has 1.
    demand = pd.DataFrame({"id": [1, 2], "population": [1000.0, 3000.0]})
    supply = pd.DataFrame({"id": [10, 20], "capacity": [2.0, 1.0]})
    distances = pd.DataFrame({"demand_id": [1, 2, 2, 1], "supply_id": [10, 10, 20, 20],
                              "distance_m": [500, 900, 300, 2500]})
    access, ratios = two_step_fca(demand, supply, distances, catchment=1000)
    # R1 = 2 / 4000, R2 = 1 / 3000; A1 = R1 = 0.5 per 1000; A2 = R1 + R2 = 0.8333 per 1000
    assert ratios.set_index("id").loc[10, "ratio"] == pytest.approx(2 / 4000)
    assert ratios.set_index("id").loc[20, "ratio"] == pytest.approx(1 / 3000)
    per = access.set_index("id")["per_1000"]
    assert per.loc[1] == pytest.approx(0.5)
    assert per.loc[2] == pytest.approx(0.5 + 1000 / 3000)
    # the same answer from straight-line distances of a constructed layout
    xy_d = np.array([[0.0, 0.0], [800.0, 0.0]])
    xy_s = np.array([[400.0, 0.0], [1500.0, 0.0]])
    pairs = straight_distances(xy_d, xy_s, 1000).assign(
        demand_id=lambda f: f.demand_id + 1, supply_id=lambda f: (f.supply_id + 1) * 10)
    again, _ = two_step_fca(demand, supply, pairs, catchment=1000)
    assert np.allclose(again.per_1000, access.per_1000)


def test_residential_locations_spread_population_and_state_method():
    import shapely

    sectors = pd.DataFrame({"code": ["A", "B"], "population": [300.0, 50.0],
                            "geometry": [shapely.box(0, 0, 100, 100), shapely.box(200, 0, 300, 100)],
                            "centroid_x": [50.0, 250.0], "centroid_y": [50.0, 50.0]})
    buildings = pd.DataFrame({"x": [10.0, 60.0, 500.0], "y": [10.0, 60.0, 10.0], "area_m2": [100.0, 200.0, 80.0],
                              "building": ["house", "apartments", "house"]})
    locations = residential_locations(sectors, buildings)
    a = locations[locations.sector_code == "A"]
    assert list(a.method.unique()) == ["buildings"] and a.population.sum() == pytest.approx(300)
    assert a.population.tolist() == pytest.approx([100.0, 200.0])
    b = locations[locations.sector_code == "B"]
    assert b.method.tolist() == ["sector_centroid"] and b.population.tolist() == [50.0]


def test_walkability_components():
    assert entropy_mix(np.array([[1, 1], [2, 0], [0, 0]]), 2).tolist() == pytest.approx([1.0, 0.0, 0.0])
    cells = grid_cells((0, 0, 300, 100))
    locations = pd.DataFrame({"location_id": [0], "x": [50.0], "y": [50.0], "population": [100.0]})
    facilities = facility_frame([{"name": "a", "category": "cafe", "x": 40, "y": 40},
                                 {"name": "b", "category": "park", "x": 60, "y": 60}])
    result = walkability_cells(cells, locations, facilities, np.array([[50.0, 50.0]]), radius=100)
    first = result.iloc[0]
    assert first.residential_density == pytest.approx(100 / (np.pi * 100 ** 2 / 10_000))
    assert first.land_use_mix == pytest.approx(1.0)
    assert result.score.iloc[0] == result.score.max()


def test_duplicates_between_sources():
    frame = facility_frame([
        {"name": "Apotheek De Linde", "category": "pharmacy", "x": 0, "y": 0, "source": "register"},
        {"name": "De Linde", "category": "pharmacy", "x": 30, "y": 10, "source": "OpenStreetMap"},
        {"name": "Bakkerij Peeters", "category": "bakery", "x": 5, "y": 5, "source": "OpenStreetMap"},
        {"name": "Apotheek Centrum", "category": "pharmacy", "x": 900, "y": 0, "source": "OpenStreetMap"},
    ])
    pairs = find_duplicates(frame)
    assert pairs[["first", "second"]].values.tolist() == [[0, 1]]


def test_own_list_reports_rows_it_cannot_place(tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_text("naam;categorie;adres;lon;lat\n"
                    "Dienstencentrum De Kring;lokaal dienstencentrum;Kerkstraat 1;5.0;51.2\n"
                    "Praktijk Noord;huisarts;Nergensstraat 99;;\n"
                    "Iets;onbekend;;5.0;51.2\n"
                    ";apotheek;;5.0;51.2\n", encoding="utf-8")
    result = import_list(path, geocode=lambda address: None)
    assert result.facilities.name.tolist() == ["Dienstencentrum De Kring"]
    assert result.facilities.category.tolist() == ["ldc"]
    codes = [(p.code, p.line) for p in result.problems]
    assert codes == [("facility_no_place", 3), ("facility_unknown_category", 4), ("facility_no_name", 5)]


def test_mismatch_rules_on_a_constructed_profile():
    rules = load_rules()
    profile = pd.DataFrame({"area_code": ["N1", "N2", "N1"], "indicator_id": ["share_80plus", "share_80plus", "groene_druk"],
                            "value": [0.09, 0.05, 30.0], "comparison_value": [0.06, 0.06, 31.0]})
    reach = pd.DataFrame({"area": ["N1", "N1", "N2"], "category": ["bus_stop", "bus_stop", "bus_stop"],
                          "group": ["age_080_999", "all", "age_080_999"], "threshold_m": [400, 400, 400],
                          "share": [0.4, 0.7, 0.2], "population": [120.0, 2000.0, 80.0],
                          "population_unreachable": [0.0, 0.0, 0.0], "method": "network"})
    signals = apply_rules(profile, reach, rules)
    assert signals.rule_id.tolist() == ["older_no_bus_stop"]
    row = signals.iloc[0]
    assert row.area_code == "N1" and row.evidence["share_within"] == 0.4 and row.evidence["group"] == "age_080_999"
    assert row.statement_record["code"] == "mismatch_older_no_bus_stop"
    assert stored_text(row.statement_record, "nl") == (
        "Veel 80-plussers (9,0 % tegenover 6,0 %), maar slechts 40 % van hen woont binnen 400 m wandelen van "
        "een bushalte.")
    assert stored_text(row.statement_record, "en") == (
        "Many residents aged 80+ (9.0 % against 6.0 %), but only 40 % of them live within 400 m walking of a "
        "bus stop.")


def test_every_mismatch_rule_read_in_english_holds_no_dutch():
    """Each rule's statement is a Dutch msgid with its English in the catalogue: read in English (the active
    language), no Dutch word is left, and every parameter is filled in."""
    from django.utils import translation

    rules = load_rules()
    profile = pd.DataFrame({"area_code": "N1", "indicator_id": [r.indicator for r in rules],
                            "value": [2000.0 if r.ratio_at_most else 0.5 for r in rules],
                            "comparison_value": [30000.0 if r.ratio_at_most else 0.1 for r in rules]})
    reach = pd.DataFrame({"area": "N1", "category": [r.reach_category for r in rules], "group": "all",
                          "threshold_m": [r.threshold_m for r in rules], "share": 0.1, "population": 100.0,
                          "population_unreachable": 0.0, "method": "network"})
    signals = apply_rules(profile.drop_duplicates(), reach.drop_duplicates(), rules)
    assert sorted(signals.rule_id) == sorted(r.id for r in rules)
    translation.activate("en")
    try:
        english = [stored_text(record) for record in signals.statement_record]
    finally:
        translation.deactivate()
    dutch = {"maar", "slechts", "van", "hen", "woont", "binnen", "tegenover", "bewoners", "heeft", "een", "en",
             "wonen", "alleen", "kinderen", "jonge", "gezinnen", "veel"}
    for text in english:
        words = set(re.findall(r"[a-zà-ÿ]+", text.lower()))
        assert not words & dutch and "{" not in text, text
    assert ("Lower income (2,000 against 30,000) and only 10 % of residents have a social service or service "
            "centre within 1,200 m.") in english


def test_combined_category_takes_the_nearest():
    reach = pd.DataFrame({"location_id": [0, 0, 1, 1], "category": ["bakery", "supermarket"] * 2,
                          "distance_m": [500.0, 300.0, np.nan, 900.0], "time_min": 0.0,
                          "status": ["ok", "ok", "no_facility", "ok"], "method": "network", "facility_count": 1})
    combined = combine_reach(reach, "any:bakery|supermarket", ("bakery", "supermarket"))
    assert combined.distance_m.tolist() == [300.0, 900.0]
    assert combined.status.tolist() == ["ok", "ok"]
