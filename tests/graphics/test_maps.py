"""The static map renderer (``zorgzaam.graphics``): sectors coloured by class, unknowns white, the
neighbourhood outlined."""

import numpy as np
from shapely.geometry import box

from zorgzaam.graphics.charts import png
from zorgzaam.graphics.maps import RAMP, add_streets, choropleth


def test_choropleth_colours_by_quantile_class_and_leaves_unknown_white():
    shapes = [(f"S{i}", box(i, 0, i + 1, 1)) for i in range(6)]
    values = {"S0": 1.0, "S1": 2.0, "S2": 3.0, "S3": 4.0, "S4": 5.0, "S5": np.nan}
    figure = choropleth(shapes, values, "Test", highlight=["S1", "S2"])
    patches = figure.axes[0].patches
    fills = [tuple(round(c, 3) for c in patch.get_facecolor()[:3]) for patch in patches[:6]]
    assert fills[5] == (1.0, 1.0, 1.0)  # unknown: white, never the lowest class
    assert len(set(fills[:5])) == 5  # five values, five classes
    outlines = patches[6:]
    assert len(outlines) == 2 and all(p.get_linewidth() > 2 for p in outlines)
    assert png(figure)[:4] == b"\x89PNG"
    assert len(RAMP) == 5


def test_streets_on_a_choropleth_lie_over_the_colours_under_the_outline_cut_at_the_edge_and_rasterised():
    from matplotlib.collections import LineCollection

    shapes = [("S0", box(0, 0, 100, 100)), ("S1", box(100, 0, 200, 100))]
    streets = [[[-50, 50], [250, 50]], [[50, -20], [50, 120]], [[7, 7]]]  # the last one a point: no line
    plain = choropleth(shapes, {"S0": 1.0, "S1": 2.0}, "Test", highlight=["S0"])
    assert not [c for c in plain.axes[0].collections if isinstance(c, LineCollection)]
    assert "straat" not in [t.get_text() for t in plain.axes[0].get_legend().get_texts()]
    figure = choropleth(shapes, {"S0": 1.0, "S1": 2.0}, "Test", highlight=["S0"], streets=streets, lang="en")
    axis = figure.axes[0]
    [lines] = [c for c in axis.collections if isinstance(c, LineCollection)]
    assert len(lines.get_segments()) == 2 and lines.get_rasterized()
    fills, outline = axis.patches[:2], axis.patches[2]
    assert max(p.get_zorder() for p in fills) < lines.get_zorder() < outline.get_zorder()
    # cut at the sectors' edge: the line from x = -50 to 250 shows only over the two sectors
    clip = lines.get_clip_path().get_fully_transformed_path().get_extents()
    start, end = axis.transData.transform([(0, 0), (200, 100)])
    assert np.allclose([clip.x0, clip.y0, clip.x1, clip.y1], [*start, *end])
    labels = [t.get_text() for t in axis.get_legend().get_texts()]
    assert labels[-2:] == ["buurt / neighbourhood", "street"] and len(labels) == 8  # five classes, no value, two
    assert add_streets(figure, streets, "en")  # a second call (Word, then PDF) draws nothing twice
    assert len([c for c in axis.collections if isinstance(c, LineCollection)]) == 1
    assert len(axis.get_legend().get_texts()) == 8
    assert png(figure)[:4] == b"\x89PNG"


def _section():
    from shapely.geometry import mapping

    sectors = [{"code": "A", "name": "A", "in_target": True, "approximate": True,
                "geometry": mapping(box(0, 0, 1000, 1000))},
               {"code": "B", "name": "B", "in_target": False, "approximate": False,
                "geometry": mapping(box(1000, 0, 2000, 1000))}]
    facilities = [{"id": 1, "name": "Halte", "category": "bus_stop", "x": 500.0, "y": 500.0, "source": "test",
                   "category_name": "Bus- of tramhalte"},
                  {"id": 2, "name": "Halte 2", "category": "bus_stop", "x": 1500.0, "y": 500.0, "source": "test",
                   "category_name": "Bus- of tramhalte"},
                  {"id": 3, "name": "Dokter", "category": "gp", "x": 100.0, "y": 100.0, "source": "test"}]
    # the renderer takes names from the section's rows (the environment section carries them) or ``names``
    locations = [{"location_id": i, "x": float(x), "y": 200.0} for i, x in enumerate((100, 300, 600, 900, 950))]
    return {"target": "Testbuurt", "sectors": sectors, "facilities": facilities, "categories": ["bus_stop", "gp"],
            "thresholds_m": [400, 800, 1200], "locations": locations, "is_fictional": True,
            "location_distances": {"bus_stop": [100.0, 450.0, 900.0, 1300.0, None]},
            "methods": {"distance_text": "over het netwerk", "locations_text": ["gebouwen"], "speed_m_s": 1.33}}


def test_distance_classes():
    from zorgzaam.graphics.maps import distance_classes

    assert [distance_classes(d, [400, 800, 1200]) for d in (0, 400, 401, 800, 1199, 1200, 5000, None)] == \
        [0, 0, 1, 1, 2, 2, 3, -1]


def test_facility_and_distance_maps_from_a_section():
    from zorgzaam.graphics.maps import DISTANCE_COLOURS, UNREACHABLE_COLOUR, distance_map, facility_map

    facilities = facility_map(_section(), "nl", names={"gp": "Huisarts / groepspraktijk"})
    axis = facilities.figure.axes[0]
    # one scatter per category, each with its own points; the legend names both with their count
    sizes = sorted(len(c.get_offsets()) for c in axis.collections)
    assert sizes == [1, 2]
    labels = [t.get_text() for t in axis.get_legend().get_texts()]
    assert labels[:2] == ["Bus- of tramhalte (2)", "Huisarts / groepspraktijk (1)"]
    assert "benaderd" in facilities.caption and "Fictief" in facilities.caption
    distances = distance_map(_section(), "bus_stop", "nl")
    axis = distances.figure.axes[0]
    colours = {}
    for collection in axis.collections:
        colour = tuple(round(c, 3) for c in collection.get_facecolor()[0][:3]) if len(collection.get_facecolor()) \
            else tuple(round(c, 3) for c in collection.get_edgecolor()[0][:3])
        colours[colour] = len(collection.get_offsets())

    def rgb(hex_colour):
        return tuple(round(int(hex_colour[i:i + 2], 16) / 255, 3) for i in (1, 3, 5))

    # one home in each of the four classes, one unreachable (a cross), and the two stops on top
    for colour in DISTANCE_COLOURS:
        assert colours[rgb(colour)] == 1
    assert colours[rgb(UNREACHABLE_COLOUR)] == 1
    labels = [t.get_text() for t in axis.get_legend().get_texts()]
    assert "tot 400 m (1)" in labels and "onbereikbaar (1)" in labels
    assert png(distances.figure)[:4] == b"\x89PNG"


def test_isochrone_and_walkability_maps():
    import numpy as np

    from zorgzaam.environment.isochrones import isochrones
    from zorgzaam.environment.network import build_network
    from zorgzaam.graphics.maps import isochrone_map, walkability_map

    net = build_network(np.array([[0, 0], [100, 0], [200, 0], [200, 100]], dtype=float), [(0, 1), (1, 2), (2, 3)])
    items = isochrones(net, (0, 0), minutes=[1, 2], speed=1.0)
    shown = isochrone_map(items, lang="en", start=(0, 0))
    assert [t.get_text() for t in shown.figure.axes[0].get_legend().get_texts()][:2] == ["1 min (60 m)",
                                                                                        "2 min (120 m)"]
    section = _section()
    section["walkability"] = {"cells": [{"cell_x": 50.0 + 100 * i, "cell_y": 50.0, "score": float(i - 2)}
                                        for i in range(5)], "method": "m", "warning": "relatief"}
    grid = walkability_map(section, "nl")
    assert len(grid.figure.axes) == 2  # the map and its colour bar
    squares = [c for c in grid.figure.axes[0].collections if len(c.get_paths()) == 5]
    assert squares and list(squares[0].get_array()) == [-2.0, -1.0, 0.0, 1.0, 2.0]


def test_a_trend_axis_that_does_not_start_at_zero_is_marked_broken():
    from zorgzaam.graphics import charts

    narrow = charts.render_svg(charts.chart("time_series", periods=["2020", "2021", "2022"],
                                            series={"Centrum": [50.5, 51.0, 53.0]}, title="Aandeel", unit="%"))
    assert "axis-break-0" in narrow and "axis-break-1" in narrow
    from_zero = charts.render_svg(charts.chart("time_series", periods=["2020", "2021", "2022"],
                                               series={"Centrum": [0.0, 20.0, 40.0]}, title="Aandeel", unit="%"))
    assert "axis-break" not in from_zero


def test_the_streets_go_under_every_environment_map_with_a_line_in_the_legend():
    from matplotlib.collections import LineCollection

    from zorgzaam.environment.isochrones import isochrones
    from zorgzaam.environment.layers import street_paths
    from zorgzaam.environment.network import build_network
    from zorgzaam.graphics.maps import (
        STREET_COLOUR,
        distance_map,
        facility_map,
        isochrone_map,
        walkability_map,
    )

    # a street along y = 500 across both sectors, a side street up from (500, 500), and one 5 km away
    net = build_network(np.array([[-200, 500], [500, 500], [2200, 500], [500, 900], [7000, 0], [7100, 0]],
                                 dtype=float), [(0, 1), (1, 2), (1, 3), (4, 5)])
    section = _section()
    section["streets"] = street_paths(net, box(0, 0, 2000, 1000))
    # three lines from the T-junction (lines merge only where two meet), the far street left out,
    # coordinates kept in EPSG:31370
    assert sorted(len(path) for path in section["streets"]) == [2, 2, 2]
    assert {tuple(p) for path in section["streets"] for p in path} == {(-200.0, 500.0), (500.0, 500.0),
                                                                       (2200.0, 500.0), (500.0, 900.0)}
    section["walkability"] = {"cells": [{"cell_x": 50.0, "cell_y": 50.0, "score": 1.0}], "method": "m",
                              "warning": "w", "reference": {"code": "X", "name": "Testgemeente"}}
    items = isochrones(net, (500, 500), minutes=[1], speed=1.0)
    for static_map in (facility_map(section, "nl"), distance_map(section, "bus_stop", "nl"),
                       walkability_map(section, "nl"), isochrone_map(items, section, "nl", start=(500, 500))):
        axis = static_map.figure.axes[0]
        lines = [c for c in axis.collections if isinstance(c, LineCollection)]
        assert len(lines) == 1 and len(lines[0].get_segments()) == 3, static_map.title
        assert "straat" in [t.get_text() for t in axis.get_legend().get_texts()], static_map.title
        assert "straten uit het stratennetwerk van de analyse" in static_map.caption
        assert "geen achtergrondkaart" in static_map.caption
    facilities = facility_map(section, "nl").figure.axes[0]
    street = next(c for c in facilities.collections if isinstance(c, LineCollection))
    assert tuple(round(v, 3) for v in street.get_colors()[0][:3]) == tuple(
        round(int(STREET_COLOUR[i:i + 2], 16) / 255, 3) for i in (1, 3, 5))
    # under the points and the outline on the facility map; over the cells on the walkability map
    assert street.get_zorder() < min(c.get_zorder() for c in facilities.collections if c is not street)
    grid = walkability_map(section, "en")
    assert grid.figure.axes[1].get_xlabel() == "score (0 = the average cell of Testgemeente, the reference area)"
    # without streets the caption says there is no base map, and no street line is in the legend
    del section["streets"]
    plain = facility_map(section, "en")
    assert "no base map" in plain.caption and "streets" not in plain.caption
    assert "street" not in [t.get_text() for t in plain.figure.axes[0].get_legend().get_texts()]
    assert street_paths(None, box(0, 0, 1, 1)) == []


def test_the_neighbourhoods_map_draws_the_streets_when_given():
    from matplotlib.collections import LineCollection

    from zorgzaam.graphics.maps import neighbourhoods_map

    shapes = [("A", box(0, 0, 1000, 1000)), ("B", box(1000, 0, 2000, 1000))]
    streets = [[[0.0, 500.0], [2000.0, 500.0]], [[1000.0, 0.0], [1000.0, 1000.0], [1500.0, 1000.0]]]
    figure = neighbourhoods_map(shapes, {"Noord": ["A"], "Zuid": ["B"]}, "Buurten", "nl", streets=streets)
    axis = figure.axes[0]
    lines = [c for c in axis.collections if isinstance(c, LineCollection)]
    assert len(lines) == 1 and [len(s) for s in lines[0].get_segments()] == [2, 3]
    assert [t.get_text() for t in axis.get_legend().get_texts()] == ["1  Noord", "2  Zuid", "straat"]
    plain = neighbourhoods_map(shapes, {"Noord": ["A"]}, "Buurten", "nl")
    assert not [c for c in plain.axes[0].collections if isinstance(c, LineCollection)]
    assert [t.get_text() for t in plain.axes[0].get_legend().get_texts()] == ["1  Noord"]
