"""Isochrones: the area within a few minutes' walk of a point or a facility. Plain module, no Django.

Method (stated on every result, ``method``):

1. the start (any point, or a facility's location) walks straight to its nearest network node; that
   access distance is spent first;
2. one Dijkstra from that node, limited to the largest budget, gives the walking distance ``d`` to every
   node; a node is *reached* within a budget ``B`` when ``d ≤ B``;
3. an edge u–v of length L is *fully* reached when its farthest point is within the budget,
   ``(d_u + d_v + L) / 2 ≤ B``; otherwise the part ``B − d_u`` from u and the part ``B − d_v`` from v
   (where positive) are reached: the *partially reached* edges;
4. the polygon is the union of the reached edge pieces, each buffered by ``buffer`` metres (the street
   and the plots along it; default 25 m);
5. that union is smoothed by a *closing* of ``smooth`` metres (grown by it, then shrunk by it; default
   40 m): a street block whose surrounding streets are all reached is filled, so the map shows one
   readable area instead of a lattice of street outlines. A closing only fills gaps narrower than twice
   ``smooth``; it never reaches past the end of a reached street piece by more than rounding.

Several minute values share the one Dijkstra. Minutes become metres with the walking speed
(``network.WALKING_SPEEDS``: adult 1.33 m/s, older 0.9 m/s, with a rollator 0.6 m/s, or any m/s).
When the start lies farther from the network than the budget, the result is a plain circle of the
budget (``method = "straight_line_only"``), said so."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from scipy.sparse.csgraph import dijkstra
from shapely.geometry import mapping

from zorgzaam.environment.network import WALKING_SPEEDS, StreetNetwork, snap
from zorgzaam.messages import gettext, gettext_noop

DEFAULT_MINUTES = (5, 10, 15)
DEFAULT_BUFFER = 25.0
DEFAULT_SMOOTH = 40.0

METHOD_TEXT = {
    "network": gettext_noop("over het stratennetwerk: bereikte straatdelen, {buffer} m breed gebufferd"),
    "straight_line_only": gettext_noop("het startpunt ligt verder van het netwerk dan de budgetafstand: cirkel in rechte lijn"),
}


@dataclass
class Isochrone:
    """One isochrone: the polygon (EPSG:31370) and the facts behind it."""

    minutes: float
    distance_m: float
    geometry: shapely.Geometry
    reached_nodes: np.ndarray = field(repr=False)
    reached_length_m: float = 0.0
    partial_edges: int = 0
    access_m: float = 0.0
    method: str = "network"
    speed: float = WALKING_SPEEDS["adult"]
    buffer: float = DEFAULT_BUFFER
    smooth: float = 0.0

    @property
    def area_m2(self) -> float:
        return float(self.geometry.area)

    def method_text(self, lang: str = "nl") -> str:
        return gettext(METHOD_TEXT[self.method], lang).format(buffer=f"{self.buffer:g}")

    def as_dict(self, lang: str = "nl") -> dict:
        return {"minutes": self.minutes, "distance_m": round(self.distance_m, 1), "area_m2": round(self.area_m2, 1),
                "reached_nodes": int(len(self.reached_nodes)), "reached_length_m": round(self.reached_length_m, 1),
                "partial_edges": int(self.partial_edges), "access_m": round(self.access_m, 1),
                "speed_m_s": self.speed, "buffer_m": self.buffer, "smooth_m": self.smooth, "method": self.method,
                "method_text": self.method_text(lang)}


def walking_speed(speed: float | str | None) -> float:
    """m/s from a number or a name of ``WALKING_SPEEDS`` (default adult)."""
    if speed is None:
        return WALKING_SPEEDS["adult"]
    if isinstance(speed, str):
        return WALKING_SPEEDS[speed]
    return float(speed)


def reached_pieces(network: StreetNetwork, d: np.ndarray, budget: float) -> tuple[list, float, int]:
    """The reached edge pieces as line strings, their total length and the count of partial edges."""
    u, v, length, xy = network.u, network.v, network.length, network.xy
    du, dv = d[u], d[v]
    full = np.isfinite(du) & np.isfinite(dv) & ((du + dv + length) / 2 <= budget + 1e-9)
    pieces = list(shapely.linestrings(np.stack([xy[u[full]], xy[v[full]]], axis=1))) if full.any() else []
    total = float(length[full].sum())
    touched = ~full & ((du < budget) | (dv < budget))
    partial = int(touched.sum())
    for a, b, la, lb, ln in zip(u[touched], v[touched], du[touched], dv[touched], length[touched], strict=True):
        for start, end, reached in ((a, b, la), (b, a, lb)):
            if np.isfinite(reached) and reached < budget:
                share = min(1.0, (budget - reached) / ln)
                tip = xy[start] + share * (xy[end] - xy[start])
                pieces.append(shapely.LineString([xy[start], tip]))
                total += share * ln
    return pieces, total, partial


def isochrones(network: StreetNetwork, point: tuple[float, float] | None = None, *, facility=None,
               minutes=DEFAULT_MINUTES, speed: float | str | None = None,
               buffer: float = DEFAULT_BUFFER, smooth: float = DEFAULT_SMOOTH) -> list[Isochrone]:
    """Isochrones around ``point`` (x, y in EPSG:31370) or ``facility`` (anything with ``x`` and ``y``:
    a facility-frame row, a dict, a model) for each of ``minutes``; smallest first.

    The start is snapped to its nearest network node; see the module text for the method."""
    if (point is None) == (facility is None):
        raise ValueError("give either a point or a facility")
    if facility is not None:
        get = facility.get if hasattr(facility, "get") else (lambda k: getattr(facility, k))
        point = (float(get("x")), float(get("y")))
    velocity = walking_speed(speed)
    values = sorted({float(m) for m in np.atleast_1d(minutes)})
    node, access = snap(network, np.asarray([point], dtype=float))
    access_m = float(access[0])
    budgets = {m: m * 60.0 * velocity for m in values}
    largest = max(budgets.values()) - access_m
    d = dijkstra(network.graph(), directed=False, indices=int(node[0]), limit=max(largest, 0.0)) + access_m \
        if largest > 0 else np.full(network.node_count, np.inf)
    result = []
    for m in values:
        distance = budgets[m]
        if distance <= access_m:
            shape = shapely.Point(point).buffer(distance, quad_segs=16)
            result.append(Isochrone(m, distance, shape, np.empty(0, dtype=np.int64), 0.0, 0, access_m,
                                    "straight_line_only", velocity, buffer))
            continue
        pieces, total, partial = reached_pieces(network, d, distance)
        reached = np.flatnonzero(d <= distance)
        if pieces:
            shape = shapely.union_all(shapely.buffer(np.array(pieces, dtype=object), buffer, quad_segs=4))
            if smooth > 0:  # a closing: blocks ringed by reached streets filled, the lattice gone
                shape = shape.buffer(smooth, quad_segs=4).buffer(-smooth, quad_segs=4).simplify(1.0)
        else:
            shape = shapely.Point(network.xy[node[0]]).buffer(buffer, quad_segs=4)
        result.append(Isochrone(m, distance, shape, reached, total, partial, access_m, "network", velocity, buffer,
                                smooth if pieces else 0.0))
    return result


def isochrones_geojson(items: list[Isochrone], to_wgs84: bool = True, lang: str = "nl") -> dict:
    """A GeoJSON FeatureCollection (largest first, so smaller ones draw on top), in WGS84 for web maps
    unless ``to_wgs84`` is False (then EPSG:31370, named in ``crs``)."""
    transform = None
    if to_wgs84:
        from pyproj import Transformer

        transformer = Transformer.from_crs("EPSG:31370", "EPSG:4326", always_xy=True)

        def transform(geometry):
            return shapely.transform(geometry, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))
    features = []
    for item in sorted(items, key=lambda i: -i.minutes):
        geometry = transform(item.geometry) if transform else item.geometry
        features.append({"type": "Feature", "geometry": mapping(geometry),
                         "properties": item.as_dict(lang)})
    collection = {"type": "FeatureCollection", "features": features}
    if not to_wgs84:
        collection["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::31370"}}
    return collection
