"""Map data for the web: a municipality's sectors and wijken as GeoJSON in WGS84 (Leaflet's degrees).

Areas are stored as WKB in EPSG:31370 (Belgian Lambert 72). Approximate sector cells are marked
``approximate`` so the map can say so; the not-locatable remainder sector (ZZZZ) and pseudo-wijken
without a location are left out."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyproj
import shapely
import shapely.geometry

from zorgzaam.areas.levels import Level
from zorgzaam.areas.models import Area, AreaLink
from zorgzaam.areas.queries import children, find_area
from zorgzaam.messages import ZorgzaamError

SIMPLIFY_METRES = 2.0  # drawn at neighbourhood scale; 2 m is invisible and keeps the files small


@lru_cache(maxsize=1)
def _to_wgs84():
    transformer = pyproj.Transformer.from_crs("EPSG:31370", "EPSG:4326", always_xy=True)

    def transform(coords):
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return transform


def to_wgs84(geometry):
    """A shapely geometry from Lambert 72 to longitude/latitude, slightly simplified, rounded to ~1 m."""
    if geometry.geom_type != "Point":
        geometry = shapely.simplify(geometry, SIMPLIFY_METRES, preserve_topology=True)
    moved = shapely.transform(geometry, _to_wgs84())
    return shapely.set_precision(moved, 1e-5) if moved.geom_type != "Point" else moved


def municipality(code: str, vintage: str | None = None) -> Area | None:
    try:
        return find_area(code, level=Level.MUNICIPALITY.value, vintage=vintage)
    except ZorgzaamError:
        return None


def municipality_of_sector(code: str, vintage: str) -> Area | None:
    link = (AreaLink.objects.filter(child__level=Level.SECTOR, child__code=code, child__vintage=vintage,
                                    parent_level=Level.MUNICIPALITY).select_related("parent")
            .order_by("-parent__vintage").first())
    return link.parent if link else None


def municipality_choices() -> list[tuple[str, str]]:
    """(code, name) of the municipalities of the newest vintage that has any, by name."""
    vintages = sorted(set(Area.objects.filter(level=Level.MUNICIPALITY).values_list("vintage", flat=True)))
    if not vintages:
        return []
    rows = Area.objects.filter(level=Level.MUNICIPALITY, vintage=vintages[-1]).values_list("code", "name")
    return sorted(rows, key=lambda r: (r[1] or r[0]).lower())


def sector_rows(area: Area) -> list[dict]:
    """The locatable sectors of a municipality with their wijk: code, name, district, district_name,
    approximate. Sorted by wijk, then sector name."""
    sectors = list(children(area, Level.SECTOR.value, locatable_only=True)
                   .values("id", "code", "name", "geometry_kind"))
    ids = [s["id"] for s in sectors]
    districts = {}
    for child_id, code, name in (AreaLink.objects.filter(child_id__in=ids, parent_level=Level.DISTRICT,
                                                         parent__vintage=area.vintage)
                                 .values_list("child_id", "parent__code", "parent__name")):
        districts[child_id] = (code, name)
    rows = []
    for s in sectors:
        district_code, district_name = districts.get(s["id"], ("", ""))
        rows.append({"code": s["code"], "name": s["name"] or s["code"], "district": district_code,
                     "district_name": district_name or district_code,
                     "approximate": s["geometry_kind"] == "approximate"})
    rows.sort(key=lambda r: (r["district_name"].lower(), r["name"].lower(), r["code"]))
    return rows


def _features(query, properties) -> list[dict]:
    features = []
    for area in query:
        if area.geometry is None:
            continue
        geometry = shapely.from_wkb(bytes(area.geometry))
        if geometry.is_empty:
            continue
        shown = to_wgs84(geometry)
        inside = shapely.get_coordinates(to_wgs84(geometry.representative_point()))[0]
        # ``point`` lies inside the shape: a place for a label, or to click in a browser test
        features.append({"type": "Feature", "geometry": shapely.geometry.mapping(shown),
                         "properties": {**properties(area), "point": [round(inside[0], 6), round(inside[1], 6)]}})
    return features


def sectors_geojson(area: Area, selected: set[str] = frozenset()) -> dict:
    districts = {r["code"]: r["district_name"] for r in sector_rows(area)}
    query = children(area, Level.SECTOR.value, locatable_only=True).only(
        "code", "name", "geometry", "geometry_kind")
    return {"type": "FeatureCollection", "features": _features(query, lambda a: {
        "code": a.code, "name": a.name or a.code, "district_name": districts.get(a.code, ""),
        "approximate": a.geometry_kind == "approximate", "selected": a.code in selected})}


def districts_geojson(area: Area) -> dict:
    query = children(area, Level.DISTRICT.value, locatable_only=True).only("code", "name", "geometry")
    return {"type": "FeatureCollection",
            "features": _features(query, lambda a: {"code": a.code, "name": a.name or a.code})}
