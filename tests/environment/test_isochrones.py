"""Isochrones on constructed networks with answers worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from zorgzaam.environment.isochrones import isochrones, isochrones_geojson
from zorgzaam.environment.network import build_network


def square():
    # (0,0)-(100,0)-(100,100)-(0,100)-(0,0), plus a tail (100,100)-(300,100) and an island far away
    xy = np.array([[0, 0], [100, 0], [100, 100], [0, 100], [300, 100], [5000, 5000], [5100, 5000]], dtype=float)
    edges = [(0, 1), (1, 2), (2, 3), (3, 0), (2, 4), (5, 6)]
    return build_network(xy, edges)


def test_square_by_hand():
    net = square()
    # speed 1 m/s: 2.5 min = 150 m, 10/3 min = 200 m, 5 min = 300 m
    small, middle, large = isochrones(net, (0, -10), minutes=[2.5, 10 / 3, 5], speed=1.0, buffer=5)
    # the start is 10 m below node 0: that access is spent first
    assert small.access_m == pytest.approx(10.0)
    # 140 m left: both edges at node 0 fully (100 + 100); 40 m up each of the far edges
    assert small.reached_length_m == pytest.approx(280.0)
    assert sorted(net.xy[small.reached_nodes].tolist()) == [[0, 0], [0, 100], [100, 0]]
    assert small.partial_edges == 2
    assert small.geometry.contains(shapely.Point(100, 38)) and not small.geometry.contains(shapely.Point(100, 60))
    # 190 m: (100,100) is reached at 200 m, not yet; each far edge 90 m from its near end
    assert middle.reached_length_m == pytest.approx(380.0)
    assert len(middle.reached_nodes) == 3
    # 290 m: the square is whole (its farthest point, (100,100), lies at 200 m) and 90 m of the tail
    assert large.reached_length_m == pytest.approx(400.0 + 90.0)
    assert large.geometry.contains(shapely.Point(185, 100)) and not large.geometry.contains(shapely.Point(200, 100))
    assert [i.minutes for i in (small, middle, large)] == [2.5, 10 / 3, 5]
    assert small.area_m2 < middle.area_m2 < large.area_m2
    # never onto the island
    assert not large.geometry.intersects(shapely.Point(5050, 5000).buffer(50))
    assert large.method == "network"


def test_from_a_facility_and_names_of_speed():
    net = square()
    facility = {"x": 300.0, "y": 100.0, "name": "Bakkerij"}
    (iso,) = isochrones(net, facility=facility, minutes=[1], speed="older")  # 0.9 m/s: 54 m
    assert iso.distance_m == pytest.approx(54.0)
    assert iso.reached_length_m == pytest.approx(54.0)
    assert iso.reached_nodes.tolist() == [int(np.flatnonzero((net.xy == [300, 100]).all(axis=1))[0])]


def test_start_far_from_the_network_is_a_circle_and_said_so():
    net = square()
    (iso,) = isochrones(net, (0, -1000), minutes=[5], speed=1.0)  # 300 m < 1,000 m access
    assert iso.method == "straight_line_only"
    assert iso.area_m2 == pytest.approx(np.pi * 300 ** 2, rel=0.01)
    assert "rechte lijn" in iso.method_text("nl")


def test_geojson_in_wgs84_largest_first():
    net = square()
    moved = build_network(net.xy + 200000.0, np.column_stack([net.u, net.v]))  # into Belgium's Lambert range
    items = isochrones(moved, (200000.0, 200000.0), minutes=[2, 4], speed=1.0)
    collection = isochrones_geojson(items)
    assert [f["properties"]["minutes"] for f in collection["features"]] == [4, 2]
    lon, lat = collection["features"][0]["geometry"]["coordinates"][0][0]
    assert 2 < lon < 7 and 49 < lat < 52  # Belgium
    assert len(items) == 2


def test_point_or_facility_required():
    with pytest.raises(ValueError):
        isochrones(square(), minutes=[5])


def test_a_block_ringed_by_reached_streets_is_filled_and_nothing_past_a_street_end():
    net = square()
    (lattice,) = isochrones(net, (0, -10), minutes=[5], speed=1.0, buffer=25, smooth=0)
    (smoothed,) = isochrones(net, (0, -10), minutes=[5], speed=1.0, buffer=25, smooth=40)
    centre = shapely.Point(50, 50)  # inside the block: all four sides reached, 25 m buffers leave a 50 m hole
    assert not lattice.geometry.contains(centre) and smoothed.geometry.contains(centre)
    # a closing only adds (but for the rounding of corners)
    assert lattice.geometry.difference(smoothed.geometry).area < 0.01 * lattice.area_m2
    # the tail is reached up to x = 190 (290 m budget): the smoothed shape ends there too, give or take rounding
    assert not smoothed.geometry.intersects(shapely.Point(190 + 25 + 3, 100))
    assert smoothed.reached_length_m == lattice.reached_length_m and smoothed.as_dict()["smooth_m"] == 40
