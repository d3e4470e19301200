"""Map layers and tables of the environment screens, and their GeoJSON / GeoPackage exports.

Plain module, no Django: takes the frames of the analysis (facilities, residential locations, reach,
walkability cells; EPSG:31370 metres) and returns GeoJSON dicts in WGS84 for Leaflet, rows for the
templates, or export files. Colours are chosen here once so the map, its legend and the table agree."""

from __future__ import annotations

import io
import json
import math
import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
import shapely.geometry

from zorgzaam.environment.reach import STATUS_TEXT
from zorgzaam.environment.residents import GROUP_LABELS, group_label
from zorgzaam.environment.taxonomy import THEMES, load_categories
from zorgzaam.messages import format_number, gettext

# 14 colours that stay apart for most colour-blind readers on a light map; categories of one theme share
# neighbouring colours, and the legend, tooltips and table always give the name as well.
PALETTE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7a3b00", "#3b3b98",
           "#117733", "#882255", "#999933", "#44aa99", "#aa4499", "#6b6b6b"]

# Each category gets its own symbol: a shape and a colour. Shapes cycle through 6, colours through 14, so the
# pair is unique for up to 42 categories and two neighbouring categories differ in both (never colour alone).
SHAPES = ["circle", "square", "triangle", "diamond", "star", "cross"]

# SVG paths of the shapes in a 16×16 box (the legend, the table and the map draw the same ones)
SHAPE_PATHS = {
    "circle": "M8 2a6 6 0 1 0 0.01 0z",
    "square": "M2.5 2.5h11v11h-11z",
    "triangle": "M8 1.5l6.5 12h-13z",
    "diamond": "M8 1l7 7-7 7-7-7z",
    "star": "M8 1l2 4.6 5 .4-3.8 3.3 1.2 4.9L8 11.6 3.6 14.2l1.2-4.9L1 6l5-.4z",
    "cross": "M5.5 1.5h5v4h4v5h-4v4h-5v-4h-4v-5h4z",
}


def symbol_svg(shape: str, colour: str, size: int = 16) -> str:
    """A category's symbol as a small inline SVG (dark outline so light colours stay visible)."""
    path = SHAPE_PATHS.get(shape, SHAPE_PATHS["circle"])
    return (f'<svg width="{size}" height="{size}" viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
            f'<path d="{path}" fill="{colour}" stroke="#1b1b1b" stroke-width="1"/></svg>')


# distance classes on the reach map: within the 1st, 2nd, 3rd threshold, beyond, not reachable
DISTANCE_COLOURS = ["#1a9850", "#91cf60", "#fee08b", "#d73027"]
UNREACHABLE_COLOUR = "#5e3c99"

# walkability classes (score = 2·z + z + z): a diverging ramp from poor (brown) to good (blue-green)
WALK_BREAKS = (-3.0, -1.0, 1.0, 3.0)
WALK_COLOURS = ["#8c510a", "#d8b365", "#f6e8c3", "#5ab4ac", "#01665e"]

GROUP_ORDER = list(GROUP_LABELS)


@lru_cache(maxsize=1)
def _transformers():
    from pyproj import Transformer

    return (Transformer.from_crs("EPSG:31370", "EPSG:4326", always_xy=True),
            Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True))


def to_lonlat(x, y) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = _transformers()[0].transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return np.round(lon, 5), np.round(lat, 5)


def to_lambert(lon: float, lat: float) -> tuple[float, float]:
    x, y = _transformers()[1].transform(float(lon), float(lat))
    return float(x), float(y)


def geometry_to_wgs84(geometry):
    """A shapely geometry from EPSG:31370 to longitude/latitude, rounded to about a metre."""
    forward = _transformers()[0]

    def move(coords):
        lon, lat = forward.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return shapely.set_precision(shapely.transform(geometry, move), 1e-5)


def _clean(value):
    if value is None:
        return None
    if isinstance(value, float | np.floating):
        return None if not math.isfinite(value) else round(float(value), 3)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _point_features(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    if len(frame) == 0:
        return []
    lon, lat = to_lonlat(frame["x"], frame["y"])
    records = frame[columns].to_dict("records")
    return [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(a), float(b)]},
             "properties": {k: _clean(v) for k, v in record.items()}}
            for a, b, record in zip(lon, lat, records, strict=True)]


# ------------------------------------------------------------------------------------------ categories

def category_styles(lang: str = "nl") -> list[dict]:
    """Every category of the taxonomy in file order: id, name, theme name, colour, shape and its SVG symbol."""
    rows = []
    for position, category in enumerate(load_categories().values()):
        rows.append({"id": category.id, "name": category.name(lang), "theme": category.theme,
                     "theme_name": gettext(THEMES[category.theme], lang),
                     "colour": PALETTE[position % len(PALETTE)], "shape": SHAPES[position % len(SHAPES)]})
    for row in rows:
        row["symbol"] = symbol_svg(row["shape"], row["colour"])
    return rows


def category_counts(facilities: pd.DataFrame, lang: str = "nl") -> list[dict]:
    """Active and retired facilities per category (categories without any are left out), in taxonomy
    order; unknown categories (not in the taxonomy) come last under their id."""
    styles = {row["id"]: row for row in category_styles(lang)}
    retired = facilities["is_retired"].astype(bool) if "is_retired" in facilities else pd.Series(False, facilities.index)
    active = facilities.loc[~retired, "category"].value_counts()
    gone = facilities.loc[retired, "category"].value_counts()
    order = list(styles) + sorted(set(facilities["category"]) - set(styles))
    rows = []
    for category in order:
        n_active, n_gone = int(active.get(category, 0)), int(gone.get(category, 0))
        if n_active or n_gone:
            style = styles.get(category, {"id": category, "name": category, "theme": "", "theme_name": "",
                                          "colour": PALETTE[-1], "shape": "circle",
                                          "symbol": symbol_svg("circle", PALETTE[-1])})
            rows.append(dict(style, active=n_active, retired=n_gone))
    return rows


def facilities_geojson(facilities: pd.DataFrame, lang: str = "nl") -> dict:
    """Facilities as points with name, category (id, name, colour), address, source and date."""
    styles = {row["id"]: row for row in category_styles(lang)}
    frame = facilities.copy()
    frame["category_name"] = [styles.get(c, {}).get("name", c) for c in frame["category"]]
    frame["colour"] = [styles.get(c, {}).get("colour", PALETTE[-1]) for c in frame["category"]]
    frame["shape"] = [styles.get(c, {}).get("shape", "circle") for c in frame["category"]]
    frame["symbol"] = [styles.get(c, {}).get("symbol") or symbol_svg("circle", PALETTE[-1]) for c in frame["category"]]
    if "is_retired" not in frame:
        frame["is_retired"] = False
    columns = [c for c in ("id", "name", "category", "category_name", "colour", "shape", "symbol", "address", "source",
                           "source_date", "is_retired") if c in frame]
    return {"type": "FeatureCollection", "features": _point_features(frame, columns)}


def streets_geojson(network) -> dict:
    """A street network's edges as merged lines in WGS84 (5 decimals: about a metre), one feature: the
    base layer the maps draw under everything else."""
    if network.edge_count == 0:
        return {"type": "FeatureCollection", "features": []}
    lines = shapely.linestrings(np.stack([network.xy[network.u], network.xy[network.v]], axis=1))
    merged = shapely.line_merge(shapely.union_all(lines))
    merged = shapely.transform(merged, lambda xy: np.column_stack(to_lonlat(xy[:, 0], xy[:, 1])))
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "geometry": shapely.geometry.mapping(merged), "properties": {}}]}


# ------------------------------------------------------------------------------------------------ reach

def distance_class(distance: np.ndarray, status: np.ndarray, thresholds) -> np.ndarray:
    """0 … len(thresholds)-1 = within that threshold, len(thresholds) = beyond the last, -1 = not
    reachable (any status but ``ok``)."""
    distance = np.asarray(distance, dtype=float)
    classes = np.searchsorted(np.asarray(sorted(thresholds), dtype=float), np.nan_to_num(distance, nan=np.inf),
                              side="left")
    return np.where(np.asarray(status) == "ok", classes, -1)


def distance_colours(thresholds) -> list[str]:
    """A colour per class of :func:`distance_class` (within each threshold, then beyond)."""
    n = len(thresholds) + 1
    if n <= len(DISTANCE_COLOURS):
        return DISTANCE_COLOURS[:n - 1] + [DISTANCE_COLOURS[-1]]
    return [DISTANCE_COLOURS[min(i, len(DISTANCE_COLOURS) - 1)] for i in range(n)]


def distance_legend(thresholds, speed: float, lang: str = "nl") -> list[dict]:
    """Legend rows of the reach map: colour, label (metres and minutes walking at ``speed`` m/s)."""
    colours = distance_colours(thresholds)
    rows, lower = [], 0
    for i, threshold in enumerate(sorted(thresholds)):
        minutes = threshold / speed / 60.0
        metres = format_number(threshold, lang)
        label = (gettext("binnen {metres} m (± {minutes} min)", lang).format(metres=metres, minutes=format_number(minutes, lang)))
        rows.append({"class": i, "colour": colours[i], "label": label, "from": lower, "to": threshold})
        lower = threshold
    last = format_number(sorted(thresholds)[-1], lang) if len(thresholds) else "0"
    rows.append({"class": len(thresholds), "colour": colours[-1],
                 "label": gettext("verder dan {last} m", lang).format(last=last)})
    rows.append({"class": -1, "colour": UNREACHABLE_COLOUR,
                 "label": gettext("niet bereikbaar (eiland of te ver van een straat)", lang)})
    return rows


def locations_frame(locations: pd.DataFrame, reach: pd.DataFrame, category: str, thresholds) -> pd.DataFrame:
    """Residential locations with their distance to the nearest facility of ``category``: location_id,
    sector_code, x, y, population, method (how the location was made), distance_m, time_min, status,
    reach_method, distance_class."""
    part = reach[reach["category"] == category][["location_id", "distance_m", "time_min", "status", "method"]]
    frame = locations.merge(part.rename(columns={"method": "reach_method"}), on="location_id", how="left")
    frame["status"] = frame["status"].fillna("no_facility")
    frame["distance_class"] = distance_class(frame["distance_m"].to_numpy(), frame["status"].to_numpy(), thresholds)
    return frame


def locations_geojson(frame: pd.DataFrame, thresholds, lang: str = "nl") -> dict:
    """Locations as points: sector, residents (``population``), ``distance_m`` and ``time_min`` (null when
    not reachable, with ``status_text`` saying why), ``distance_class`` and its ``colour``."""
    colours = distance_colours(thresholds)
    shown = pd.DataFrame({
        "sector_code": frame["sector_code"], "x": frame["x"], "y": frame["y"],
        "population": frame["population"].astype(float).round(2),
        "distance_m": frame["distance_m"].astype(float).round(1), "time_min": frame["time_min"].astype(float).round(1),
        "distance_class": frame["distance_class"].astype(int),
        "colour": [UNREACHABLE_COLOUR if c < 0 else colours[int(c)] for c in frame["distance_class"]],
        "status_text": [None if s == "ok" else gettext(STATUS_TEXT.get(s, s), lang) for s in frame["status"]]})
    return {"type": "FeatureCollection", "features": _point_features(shown, [c for c in shown if c not in ("x", "y")])}


def unreachable_rows(frame: pd.DataFrame, lang: str = "nl") -> list[dict]:
    """Locations that are not reachable, grouped by sector and reason: sector, status text, locations,
    residents (never hidden: they count in the denominator of every share)."""
    gone = frame[frame["status"] != "ok"]
    if gone.empty:
        return []
    grouped = gone.groupby(["sector_code", "status"], sort=True).agg(
        locations=("location_id", "size"), population=("population", "sum"), x=("x", "mean"), y=("y", "mean"))
    rows = []
    for (sector, status), item in grouped.iterrows():
        rows.append({"sector": sector, "status": status, "status_text": gettext(STATUS_TEXT.get(status, status), lang),
                     "locations": int(item["locations"]), "population": format_number(float(item["population"]), lang)})
    return rows


def share_tables(shares: list[dict] | pd.DataFrame, categories: list[str], thresholds, lang: str = "nl") -> list[dict]:
    """One table per category: a row per population group with, per threshold, the share and the
    residents within; plus the residents not reachable. Groups without a population are left out."""
    records = shares.to_dict("records") if isinstance(shares, pd.DataFrame) else list(shares)
    found = {(r["category"], r["group"], float(r["threshold_m"])): r for r in records}
    names = {row["id"]: row["name"] for row in category_styles(lang)}

    def missing(value) -> bool:
        return value is None or (isinstance(value, float) and not math.isfinite(value))
    tables = []
    for category in categories:
        rows = []
        for group in GROUP_ORDER:
            hits = [found.get((category, group, float(t))) for t in thresholds]
            first = next((h for h in hits if h is not None), None)
            if first is None or not first.get("population"):
                continue
            cells = [{"share": None if h is None or missing(h["share"]) else float(h["share"]),
                      "label": "–" if h is None or missing(h["share"]) else format_number(100 * float(h["share"]), lang, 0) + " %",
                      "within": "" if h is None else format_number(float(h["population_within"]), lang)} for h in hits]
            unreachable = float(first.get("population_unreachable") or 0.0)
            rows.append({"group": group, "label": group_label(group, lang, capital=True), "cells": cells,
                         "population": format_number(float(first["population"]), lang),
                         "unreachable": format_number(unreachable, lang), "has_unreachable": unreachable > 0})
        tables.append({"category": category, "name": names.get(category, category), "rows": rows})
    return tables


# ------------------------------------------------------------------------------------------ walkability

def walk_class(score: np.ndarray) -> np.ndarray:
    return np.searchsorted(np.asarray(WALK_BREAKS), np.asarray(score, dtype=float), side="right")


def walk_legend(lang: str = "nl") -> list[dict]:
    b = [format_number(v, lang, 0) for v in WALK_BREAKS]
    labels = [gettext("lager dan {low} (veel minder wandelvriendelijk)", lang).format(low=b[0]),
              gettext("{low} tot {high}", lang).format(low=b[0], high=b[1]),
              gettext("{low} tot {high} (rond het gemiddelde)", lang).format(low=b[1], high=b[2]),
              gettext("{low} tot {high}", lang).format(low=b[2], high=b[3]),
              gettext("{high} of meer (veel wandelvriendelijker)", lang).format(high=b[3])]
    return [{"colour": c, "label": label} for c, label in zip(WALK_COLOURS, labels, strict=True)]


def cells_compact(cells: pd.DataFrame, size: float = 100.0) -> dict:
    """Walkability cells for the map in a compact form (a GeoJSON of thousands of squares is megabytes):
    ``cells`` rows are [south, west, north, east, score, intersections/km², residents/ha, mix, class]
    with the class an index into ``colours``."""
    if len(cells) == 0:
        return {"colours": WALK_COLOURS, "cells": []}
    half = size / 2.0
    x, y = cells["cell_x"].to_numpy(dtype=float), cells["cell_y"].to_numpy(dtype=float)
    west, south = to_lonlat(x - half, y - half)
    east, north = to_lonlat(x + half, y + half)
    classes = walk_class(cells["score"].to_numpy())
    rows = np.column_stack([np.round(south, 5), np.round(west, 5), np.round(north, 5), np.round(east, 5),
                            np.round(cells["score"].to_numpy(dtype=float), 2),
                            np.round(cells["intersection_density"].to_numpy(dtype=float), 0),
                            np.round(cells["residential_density"].to_numpy(dtype=float), 1),
                            np.round(cells["land_use_mix"].to_numpy(dtype=float), 2)])
    return {"colours": WALK_COLOURS,
            "cells": [[*(_clean(v) for v in row), int(c)] for row, c in zip(rows.tolist(), classes, strict=True)]}


def outline_geojson(geometries: list, properties: list[dict] | None = None) -> dict:
    """Shapes (EPSG:31370) as WGS84 features, e.g. a neighbourhood's outline on a map."""
    features = []
    for i, geometry in enumerate(geometries):
        if geometry is None or geometry.is_empty:
            continue
        moved = geometry_to_wgs84(shapely.simplify(geometry, 2.0, preserve_topology=True))
        features.append({"type": "Feature", "geometry": shapely.geometry.mapping(moved),
                         "properties": (properties or [{}] * len(geometries))[i]})
    return {"type": "FeatureCollection", "features": features}


def street_lines(xy: np.ndarray, u: np.ndarray, v: np.ndarray, area, *, margin: float = 150.0,
                 tolerance: float = 5.0) -> list:
    """The streets of a network (nodes ``xy`` and edges ``u``–``v``, EPSG:31370) within ``area`` plus
    ``margin`` metres, merged into lines, clipped to the widened area and simplified by ``tolerance``
    metres (shapely LineStrings in EPSG:31370; empty when no street lies in the area)."""
    if area is None or area.is_empty or len(u) == 0:
        return []
    clip = area.buffer(margin)
    inside = shapely.contains_xy(clip, xy[:, 0], xy[:, 1])
    keep = inside[u] | inside[v]
    if not keep.any():
        return []
    segments = shapely.linestrings(np.stack([xy[u[keep]], xy[v[keep]]], axis=1))
    merged = shapely.line_merge(shapely.multilinestrings(segments))
    parts = shapely.get_parts(shapely.simplify(shapely.intersection(merged, clip), tolerance))
    return [p for p in parts if p.geom_type == "LineString" and p.length > 0]


def street_paths(network, area, *, margin: float = 600.0, tolerance: float = 5.0) -> list[list[list[float]]]:
    """The streets of ``network`` around ``area`` as plain coordinate lists in EPSG:31370 (metres, one
    decimal): the light base layer of the document maps (``graphics.maps``), the same network the screens
    draw. Empty without a network."""
    if network is None:
        return []
    return [np.round(np.asarray(line.coords)[:, :2], 1).tolist()
            for line in street_lines(network.xy, network.u, network.v, area, margin=margin, tolerance=tolerance)]


def street_lines_geojson(xy: np.ndarray, u: np.ndarray, v: np.ndarray, area, *, margin: float = 150.0,
                         tolerance: float = 5.0) -> dict | None:
    """The streets of a network within ``area`` plus ``margin`` metres (:func:`street_lines`), as a WGS84
    GeoJSON layer to draw under a neighbourhood's outline when there is no base map; one MultiLineString
    feature (no names: the network has none) keeps the payload small. None when no street lies in the
    area."""
    lines = street_lines(xy, u, v, area, margin=margin, tolerance=tolerance)
    if not lines:
        return None
    moved = geometry_to_wgs84(shapely.MultiLineString(lines))
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(moved)}]}


# ---------------------------------------------------------------------------------------------- exports

EXPORT_LAYERS = ("voorzieningen", "woonplaatsen", "loopbaarheid", "buurten")


def facilities_layer(facilities: pd.DataFrame) -> pd.DataFrame:
    columns = [c for c in ("id", "name", "category", "address", "opening_hours", "target_group", "contact",
                           "source", "source_date", "source_ref", "is_retired", "x", "y") if c in facilities]
    return facilities[columns].reset_index(drop=True)


def locations_layer(frame: pd.DataFrame, category: str) -> pd.DataFrame:
    out = frame[["location_id", "sector_code", "population", "method", "distance_m", "time_min", "status",
                 "reach_method", "x", "y"]].copy()
    out.insert(1, "category", category)
    return out.reset_index(drop=True)


def cells_layer(cells: pd.DataFrame, size: float = 100.0) -> pd.DataFrame:
    columns = ["cell_x", "cell_y", "score", "intersection_density", "residential_density", "land_use_mix",
               "z_intersection_density", "z_residential_density", "z_land_use_mix", "facility_count",
               "standardised_against"]
    out = cells[[c for c in columns if c in cells]].copy()
    out.attrs["cell_size"] = size
    return out.reset_index(drop=True)


def areas_layer(walk: dict) -> pd.DataFrame:
    """The neighbourhoods and the reference area of ``service.walkability_of`` as outlines with their
    walkability score and both resident counts (the same numbers as the screen and the documents)."""
    reference = (walk.get("reference") or {}).get("name", "")
    rows = [{"name": a["name"], "kind": a["kind"], "score": a["score"],
             "intersection_density": a["intersection_density"], "residential_density": a["residential_density"],
             "land_use_mix": a["land_use_mix"], "residents_placed": a["residents_placed"],
             "residents_census": a["residents_census"], "reference_area": reference,
             "geometry": walk["outlines"].get(a["name"])} for a in walk["areas"]]
    return pd.DataFrame([r for r in rows if r["geometry"] is not None])


def _geodataframe(frame: pd.DataFrame):
    import geopandas as gpd

    if "geometry" in frame:
        data = pd.DataFrame(frame).drop(columns=["geometry"])
        for column in data.columns:
            if data[column].dtype == object:
                data[column] = data[column].astype(str)
        return gpd.GeoDataFrame(data, geometry=list(frame["geometry"]), crs="EPSG:31370")
    if "cell_x" in frame:
        size = frame.attrs.get("cell_size", 100.0) / 2.0
        geometry = shapely.box(frame["cell_x"] - size, frame["cell_y"] - size, frame["cell_x"] + size,
                               frame["cell_y"] + size)
    else:
        geometry = shapely.points(frame["x"].to_numpy(dtype=float), frame["y"].to_numpy(dtype=float))
    data = pd.DataFrame(frame).copy()
    for column in data.columns:
        if data[column].dtype == object:
            data[column] = data[column].astype(str)
    return gpd.GeoDataFrame(data, geometry=geometry, crs="EPSG:31370")


def to_geojson_bytes(frame: pd.DataFrame) -> bytes:
    """A FeatureCollection in WGS84 (RFC 7946) with every column as a property."""
    gdf = _geodataframe(frame).to_crs("EPSG:4326")
    return gdf.to_json(drop_id=True, na="null").encode("utf-8")


def to_gpkg_bytes(frame: pd.DataFrame, layer: str) -> bytes:
    """A GeoPackage with one layer in EPSG:31370 (Belgian Lambert 72)."""
    gdf = _geodataframe(frame)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{layer}.gpkg"
        gdf.to_file(path, layer=layer, driver="GPKG", engine="pyogrio")
        return path.read_bytes()


def json_bytes(data: dict) -> bytes:
    buffer = io.StringIO()
    json.dump(data, buffer, ensure_ascii=False, separators=(",", ":"))
    return buffer.getvalue().encode("utf-8")
