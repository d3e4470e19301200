"""Reading OpenStreetMap extracts (``.osm.pbf`` / ``.osm``) with pyosmium. Plain module, no Django.

One pass over the file gives everything the environment analysis needs:

* **facilities**: tagged nodes, and ways/multipolygons as their representative point (a point that is
  guaranteed inside the shape), classified with :mod:`zorgzaam.environment.taxonomy`;
* the **pedestrian network**: ways a person may walk on (see :data:`WALKABLE_HIGHWAYS`, excluding
  ``foot=no`` and private access), as node coordinates and consecutive node pairs;
* **buildings**: footprints as representative point, footprint area and type, for the residential
  locations (:mod:`zorgzaam.environment.residents`).

Coordinates are returned in EPSG:31370 (Belgian Lambert 72, metres)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from zorgzaam.environment.taxonomy import classify_osm
from zorgzaam.messages import ZorgzaamError, gettext_noop, register

register({
    "osm_unreadable": gettext_noop("Het OpenStreetMap-bestand kon niet gelezen worden: {detail}"),
    "osm_no_ways": gettext_noop(
        "Het OpenStreetMap-bestand bevat geen begaanbare wegen: er kan geen stratennetwerk gebouwd worden."),
})

# highway=* values a pedestrian may use (motorways, trunks and their links are left out, as are
# roads under construction or only proposed).
WALKABLE_HIGHWAYS = frozenset({
    "primary", "primary_link", "secondary", "secondary_link", "tertiary", "tertiary_link", "unclassified",
    "residential", "living_street", "service", "pedestrian", "footway", "path", "steps", "track", "cycleway",
    "bridleway", "road", "corridor",
})
NO_FOOT = frozenset({"no", "private"})

FACILITY_COLUMNS = ["osm_type", "osm_id", "name", "category", "x", "y", "address", "opening_hours", "contact"]


@dataclass
class OsmExtract:
    """What :func:`read_osm` found; coordinates in EPSG:31370."""

    path: str
    facilities: pd.DataFrame
    node_ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    node_xy: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))
    edges: np.ndarray = field(default_factory=lambda: np.empty((0, 2), dtype=np.int64))  # node indices
    buildings: pd.DataFrame = field(default_factory=pd.DataFrame)
    walkable_ways: int = 0


def _is_walkable(tags) -> bool:
    highway = tags.get("highway")
    if highway not in WALKABLE_HIGHWAYS:
        return False
    if tags.get("foot") in NO_FOOT:
        return False
    if tags.get("access") in NO_FOOT and tags.get("foot") not in ("yes", "designated", "permissive"):
        return False
    return tags.get("area") != "yes"


def _address(tags) -> str:
    street = tags.get("addr:street", "")
    number = tags.get("addr:housenumber", "")
    place = " ".join(p for p in (tags.get("addr:postcode", ""), tags.get("addr:city", "")) if p)
    first = " ".join(p for p in (street, number) if p)
    return ", ".join(p for p in (first, place) if p)


def _contact(tags) -> str:
    return "; ".join(tags.get(k) for k in ("phone", "contact:phone", "website", "contact:website", "email")
                     if tags.get(k))


def read_osm(path: str | Path) -> OsmExtract:
    """Read an extract once: facilities, the walkable network and buildings."""
    import osmium

    path = Path(path)
    if not path.exists():
        raise ZorgzaamError("file_not_found", path=str(path))
    wkb = osmium.geom.WKBFactory()
    facilities: list[dict] = []
    fac_lonlat: list[tuple[float, float]] = []
    polygons: list[bytes] = []
    building_rows: list[dict] = []
    building_wkb: list[bytes] = []
    node_index: dict[int, int] = {}
    lonlat: list[tuple[float, float]] = []
    edges: list[tuple[int, int]] = []
    walkable = 0

    def facility(kind: str, osm_id: int, tags, category: str) -> dict:
        return {"osm_type": kind, "osm_id": osm_id, "name": tags.get("name", ""), "category": category,
                "address": _address(tags), "opening_hours": tags.get("opening_hours", ""), "contact": _contact(tags)}

    try:
        processor = osmium.FileProcessor(str(path)).with_locations().with_areas()
        for obj in processor:
            if obj.is_node():
                if not obj.tags:
                    continue
                category = classify_osm(obj.tags)
                if category and obj.location.valid():
                    facilities.append(facility("node", obj.id, obj.tags, category))
                    fac_lonlat.append((obj.location.lon, obj.location.lat))
                    polygons.append(b"")
            elif obj.is_way():
                tags = obj.tags
                if _is_walkable(tags):
                    previous = None
                    for node in obj.nodes:
                        if not node.location.valid():
                            previous = None
                            continue
                        index = node_index.get(node.ref)
                        if index is None:
                            index = node_index[node.ref] = len(lonlat)
                            lonlat.append((node.location.lon, node.location.lat))
                        if previous is not None and previous != index:
                            edges.append((previous, index))
                        previous = index
                    walkable += 1
                elif not obj.is_closed() and "highway" not in tags:
                    category = classify_osm(tags)
                    if category:  # an open way tagged as a facility (rare): its middle node
                        nodes = [n for n in obj.nodes if n.location.valid()]
                        if nodes:
                            middle = nodes[len(nodes) // 2]
                            facilities.append(facility("way", obj.id, tags, category))
                            fac_lonlat.append((middle.location.lon, middle.location.lat))
                            polygons.append(b"")
            elif obj.is_area():
                tags = obj.tags
                category = classify_osm(tags)
                building = tags.get("building")
                if not category and not building:
                    continue
                try:
                    geometry = bytes.fromhex(wkb.create_multipolygon(obj))
                except (RuntimeError, ValueError):
                    continue
                kind = "way" if obj.from_way() else "relation"
                if category:
                    facilities.append(facility(kind, obj.orig_id(), tags, category))
                    fac_lonlat.append((np.nan, np.nan))
                    polygons.append(geometry)
                if building:
                    building_rows.append({"osm_id": obj.orig_id(), "building": building,
                                          "levels": tags.get("building:levels", "")})
                    building_wkb.append(geometry)
    except RuntimeError as error:
        raise ZorgzaamError("osm_unreadable", detail=str(error), file=str(path)) from error

    to_lambert = Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True)

    def project(geometry):
        return shapely.transform(geometry, lambda xy: np.column_stack(to_lambert.transform(xy[:, 0], xy[:, 1])))

    frame = pd.DataFrame(facilities, columns=[c for c in FACILITY_COLUMNS if c not in ("x", "y")])
    xs = np.full(len(frame), np.nan)
    ys = np.full(len(frame), np.nan)
    if len(frame):
        ll = np.asarray(fac_lonlat, dtype=float)
        px, py = to_lambert.transform(ll[:, 0], ll[:, 1])
        xs[:], ys[:] = px, py
        for i, blob in enumerate(polygons):
            if blob:
                point = project(shapely.from_wkb(blob)).representative_point()
                xs[i], ys[i] = point.x, point.y
    frame["x"], frame["y"] = xs, ys
    frame = frame[FACILITY_COLUMNS]

    buildings = pd.DataFrame(building_rows, columns=["osm_id", "building", "levels"])
    if len(buildings):
        shapes = project(shapely.from_wkb(np.array(building_wkb, dtype=object)))
        points = shapely.point_on_surface(shapes)
        buildings["x"] = shapely.get_x(points)
        buildings["y"] = shapely.get_y(points)
        buildings["area_m2"] = shapely.area(shapes)
    else:
        buildings = buildings.assign(x=[], y=[], area_m2=[])

    node_xy = np.empty((0, 2))
    if lonlat:
        ll = np.asarray(lonlat, dtype=float)
        node_xy = np.column_stack(to_lambert.transform(ll[:, 0], ll[:, 1]))
    ids = np.empty(len(node_index), dtype=np.int64)
    for ref, index in node_index.items():
        ids[index] = ref
    return OsmExtract(path=str(path), facilities=frame, node_ids=ids, node_xy=node_xy,
                      edges=np.asarray(edges, dtype=np.int64).reshape(-1, 2), buildings=buildings,
                      walkable_ways=walkable)
