"""Map layers for screens (plain module ``environment.layers``): the street layer under a public map."""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Transformer

from zorgzaam.environment.layers import street_lines_geojson


def test_streets_are_clipped_to_the_area_plus_margin_and_sent_in_wgs84():
    # a straight street of 10 segments of 100 m along y = 200 000, from x = 150 000 to 151 000 (Lambert 72)
    xy = np.column_stack([150_000 + 100.0 * np.arange(11), np.full(11, 200_000.0)])
    u, v = np.arange(10), np.arange(1, 11)
    area = shapely.box(150_000, 199_900, 150_400, 200_100)  # the first 400 m of the street
    layer = street_lines_geojson(xy, u, v, area, margin=50.0, tolerance=1.0)
    lines = shapely.geometry.shape(layer["features"][0]["geometry"])
    back = Transformer.from_crs(4326, 31370, always_xy=True)
    xs = [back.transform(x, y)[0] for line in getattr(lines, "geoms", [lines]) for x, y in line.coords]
    assert abs(min(xs) - 150_000) < 1.0
    assert abs(max(xs) - 150_450) < 1.0  # cut at the margin, not at the next node (150 500)
    far = shapely.box(160_000, 210_000, 160_100, 210_100)
    assert street_lines_geojson(xy, u, v, far) is None  # no street near the area
    assert street_lines_geojson(xy, u[:0], v[:0], area) is None
