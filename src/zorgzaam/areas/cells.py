"""Approximate sector cells. Plain module: no Django.

Sector polygons are not always at hand (offline, only sector centroids and wijk polygons exist). Every
wijk is a union of whole sectors, so a sector's shape can be approximated by the Voronoi cell of its
centroid among the centroids of the *other sectors of the same wijk*, clipped to the wijk polygon.
Sectors are assigned to wijken through the hierarchy table, never by point-in-polygon (some centroids
lie outside their own wijk's simplified polygon).

Result kinds (``geometry_kind`` of areas.frames):

* ``polygon``: the wijk has one sector, so the wijk polygon *is* that sector (as simplified);
* ``approximate``: a clipped Voronoi cell; it must be labelled approximate wherever it is shown;
* ``point``: only the centroid is known (no wijk polygon, or the only sector of its wijk with a
  centroid among several, or a cell that came out empty);
* ``''``: nothing is known (no centroid in a wijk of several sectors).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPoint


@dataclass(frozen=True)
class Cell:
    geometry: object | None
    kind: str


def _polygonal(geometry):
    """Keep only the polygon parts of a clip result (a clip can leave slivers of lines or points)."""
    if geometry is None or geometry.is_empty:
        return None
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return None
    return shapely.union_all(parts)


def voronoi_in(polygon, points: list) -> list:
    """Voronoi cells of ``points`` (distinct shapely Points) clipped to ``polygon``, in point order."""
    if len(points) == 1:
        return [polygon]
    multipoint = MultiPoint(points)
    envelope = shapely.box(*shapely.bounds(shapely.union_all([polygon, multipoint])))
    regions = shapely.voronoi_polygons(multipoint, extend_to=envelope.buffer(1000.0), ordered=True)
    cells = list(regions.geoms)
    if len(cells) != len(points):  # pragma: no cover - ordered=True keeps one region per input point
        lookup = shapely.STRtree(cells)
        cells = [cells[int(lookup.query(p, predicate="intersects")[0])] for p in points]
    prepared = polygon
    shapely.prepare(prepared)
    return [_polygonal(shapely.intersection(prepared, cell)) for cell in cells]


def sector_cells(sectors: pd.DataFrame, districts: dict[str, object]) -> dict[str, Cell]:
    """Approximate cells for sectors.

    ``sectors``: columns code, district (the wijk code from the hierarchy table), point (a shapely
    Point in EPSG:31370 or None) and is_locatable. ``districts``: wijk code → polygon (EPSG:31370).
    Not-locatable sectors get no cell (kind '')."""
    cells: dict[str, Cell] = {}
    locatable = sectors[sectors["is_locatable"].astype(bool)]
    for code in sectors.loc[~sectors["is_locatable"].astype(bool), "code"]:
        cells[code] = Cell(None, "")
    for district, group in locatable.groupby("district", sort=False):
        polygon = districts.get(district)
        codes = group["code"].tolist()
        points = group["point"].tolist()
        if polygon is None:
            for code, point in zip(codes, points, strict=True):
                cells[code] = Cell(point, "point") if point is not None else Cell(None, "")
            continue
        if len(codes) == 1:
            cells[codes[0]] = Cell(polygon, "polygon")
            continue
        with_point = [(c, p) for c, p in zip(codes, points, strict=True) if p is not None and not p.is_empty]
        for code, point in zip(codes, points, strict=True):
            if point is None or point.is_empty:
                cells[code] = Cell(None, "")
        if len(with_point) == 1:
            code, point = with_point[0]
            cells[code] = Cell(point, "point")
            continue
        if not with_point:
            continue
        # Sectors sharing one centroid cannot be told apart: the first gets the cell, the rest the point.
        distinct: dict[tuple[float, float], list[str]] = {}
        for code, point in with_point:
            distinct.setdefault((round(point.x, 3), round(point.y, 3)), []).append(code)
        keys = list(distinct)
        if len(keys) == 1:
            for code, point in with_point:
                cells[code] = Cell(point, "point")
            continue
        geometries = voronoi_in(polygon, [shapely.Point(x, y) for x, y in keys])
        point_of = dict(with_point)
        for key, geometry in zip(keys, geometries, strict=True):
            first, *rest = distinct[key]
            if geometry is None:
                cells[first] = Cell(point_of[first], "point")
            else:
                if not geometry.is_valid:
                    geometry = shapely.make_valid(geometry)
                cells[first] = Cell(geometry, "approximate")
            for code in rest:
                cells[code] = Cell(point_of[code], "point")
    return cells


def points_from_xy(x, y) -> list:
    """Shapely points from coordinate arrays (None where a coordinate is missing)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    points = shapely.points(x, y)
    return [None if (np.isnan(a) or np.isnan(b)) else p for a, b, p in zip(x, y, points, strict=True)]
