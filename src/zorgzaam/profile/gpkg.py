"""A GeoPackage of a workspace's neighbourhoods and sectors with their indicator values: the layer QGIS users
want (issue 12, item 6). Belgian Lambert 72 (EPSG:31370), the CRS of the sectors.

Layers:

* ``buurten``: one row per neighbourhood (its current version), the outline of its sectors, and one column
  per indicator code holding the neighbourhood's figure of that indicator's column period: the latest period
  in which any neighbourhood of the workspace has the figure, so a map compares like with like. Empty (null)
  where the figure cannot be computed.
* ``sectoren``: every sector of the municipalities the neighbourhoods lie in, the same columns, each
  indicator per municipality in the latest period any of its sectors has it (the rule of the profile's
  sector map; ``indicatoren`` lists both periods when two municipalities differ).
* ``cijfers`` (a table without geometry): every figure of both layers with its period, status and, when it
  could not be computed, the reason in words. The neighbourhoods' rows cover every period.
* ``indicatoren`` (a table): each indicator's name, unit, source and the period of its column per layer.

Every number comes from the profile service (:func:`~zorgzaam.profile.service.neighbourhood_profile` for a
neighbourhood, :func:`~zorgzaam.profile.service.sector_figures` for the sectors); nothing is computed here.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from zorgzaam.areas.levels import Level
from zorgzaam.areas.models import Area, AreaLink, Neighbourhood
from zorgzaam.messages import ZorgzaamError, render

CRS = "EPSG:31370"
LAYERS = ("buurten", "sectoren", "cijfers", "indicatoren")
GPKG_CONTENT_TYPE = "application/geopackage+sqlite3"


def _reason(code, params, lang: str) -> str:
    return render(code, params, lang=lang) if isinstance(code, str) and code else ""


def _value(row) -> float | None:
    value = row.value if row.status == "ok" else None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if np.isfinite(value) else None


def _shapes(vintage: str, codes: list[str]) -> dict[str, tuple]:
    """code -> (name, shapely geometry or None, geometry kind) of sectors of one vintage. Only outlines
    (official or approximate) count as a shape: a sector known by its centroid alone has none."""
    import shapely

    out = {}
    for code, name, geometry, kind in Area.objects.filter(level=Level.SECTOR, vintage=vintage, code__in=codes) \
            .values_list("code", "name", "geometry", "geometry_kind"):
        shape = shapely.from_wkb(bytes(geometry)) if geometry is not None else None
        if shape is not None and shape.geom_type not in ("Polygon", "MultiPolygon"):
            shape = None
        out[code] = (name, shape, kind)
    return out


def _multi(shape):
    """Every geometry of a layer as MultiPolygon, so the layer has one geometry type."""
    import shapely

    if shape is None or shape.is_empty:
        return None
    if shape.geom_type == "Polygon":
        return shapely.MultiPolygon([shape])
    if shape.geom_type == "MultiPolygon":
        return shape
    parts = [g for g in getattr(shape, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return _multi(shapely.union_all(parts)) if parts else None


def _column_period(rows: pd.DataFrame) -> dict[str, str]:
    """indicator -> the latest period with a figure (status ok) in ``rows`` (indicator, period, status)."""
    ok = rows[rows["status"] == "ok"]
    return ok.groupby("indicator")["period"].max().to_dict() if len(ok) else {}


def neighbourhood_layer(workspace, indicators: list[str], lang: str) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """(the ``buurten`` rows with a ``geometry`` column, their figures in long form, indicator -> period)."""
    import shapely

    from zorgzaam.profile.service import neighbourhood_profile

    rows, figures = [], []
    for neighbourhood in Neighbourhood.objects.filter(workspace=workspace).order_by("name"):
        version = neighbourhood.current
        if version is None:
            continue
        codes = list(version.sector_codes)
        shapes = [s for _, s, _ in _shapes(version.vintage, codes).values() if s is not None]
        row = {"naam": neighbourhood.name, "indeling": version.vintage, "sectoren": ",".join(codes),
               "aantal_sectoren": len(codes),
               "geometry": _multi(shapely.union_all(shapes).buffer(0)) if shapes else None}
        try:
            own = neighbourhood_profile(neighbourhood).focus_results()
        except ZorgzaamError:  # no sectors: the neighbourhood is listed without figures
            own = pd.DataFrame(columns=["indicator", "period", "value", "status", "reason_code", "reason_params"])
        own = own[own["indicator"].isin(indicators)]
        figures.append(own.assign(laag="buurten", gebied=neighbourhood.name))
        rows.append(row)
    figures = pd.concat(figures, ignore_index=True) if figures else pd.DataFrame(
        columns=["laag", "gebied", "indicator", "period", "value", "status", "reason_code", "reason_params"])
    periods = _column_period(figures)
    by_key = {(f.gebied, f.indicator, f.period): f for f in figures.itertuples(index=False)}
    for row in rows:
        for indicator in indicators:
            found = by_key.get((row["naam"], indicator, periods.get(indicator)))
            row[indicator] = _value(found) if found is not None else None
    return pd.DataFrame(rows, columns=["naam", "indeling", "sectoren", "aantal_sectoren", *indicators, "geometry"]), \
        figures, periods


def municipalities_of(workspace) -> list[Area]:
    """The municipalities (latest vintage) that hold the sectors of the workspace's neighbourhoods."""
    found: dict[str, Area] = {}
    for neighbourhood in Neighbourhood.objects.filter(workspace=workspace):
        version = neighbourhood.current
        if version is None or not version.sector_codes:
            continue
        links = AreaLink.objects.filter(child__level=Level.SECTOR, child__vintage=version.vintage,
                                        child__code__in=list(version.sector_codes),
                                        parent_level=Level.MUNICIPALITY).select_related("parent")
        for link in links.order_by("-parent__vintage"):
            found.setdefault(link.parent.code, link.parent)
    return [found[code] for code in sorted(found)]


def sector_layer(workspace, indicators: list[str], lang: str) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """(the ``sectoren`` rows with a ``geometry`` column, their figures in long form, indicator -> period)."""
    from zorgzaam.profile.service import _sector_vintage, sector_figures

    in_neighbourhood = {}
    for neighbourhood in Neighbourhood.objects.filter(workspace=workspace).order_by("name"):
        version = neighbourhood.current
        for code in (version.sector_codes if version is not None else []):
            in_neighbourhood.setdefault(code, neighbourhood.name)
    rows: dict[str, dict] = {}
    figures, periods = [], {}
    for municipality in municipalities_of(workspace):
        vintage = _sector_vintage(municipality)
        for indicator in indicators:
            table, period = sector_figures(municipality, indicator, workspace)
            if not len(table):
                continue
            if (table["status"] == "ok").any():  # a column with no figure has no period
                periods.setdefault(indicator, set()).add(str(period))
            figures.append(table.assign(indicator=indicator, period=period, laag="sectoren",
                                        gebied=table["code"]))
            for figure in table.itertuples(index=False):
                rows.setdefault(figure.code, {"code": figure.code, "gemeente": municipality.name,
                                              "indeling": vintage})[indicator] = _value(figure)
        for code, (name, shape, kind) in _shapes(vintage, [c for c in rows if rows[c]["indeling"] == vintage]).items():
            rows[code].update({"naam": name, "vorm": kind, "buurt": in_neighbourhood.get(code, ""),
                               "geometry": _multi(shape)})
    figures = pd.concat(figures, ignore_index=True) if figures else pd.DataFrame(
        columns=["laag", "gebied", "indicator", "period", "value", "status", "reason_code", "reason_params"])
    columns = ["code", "naam", "gemeente", "indeling", "buurt", "vorm", *indicators, "geometry"]
    frame = pd.DataFrame(list(rows.values()), columns=columns).sort_values("code").reset_index(drop=True)
    return frame, figures, {indicator: ", ".join(sorted(found)) for indicator, found in periods.items()}


def workspace_layers(workspace, lang: str = "nl") -> dict[str, pd.DataFrame]:
    """The four layers of :data:`LAYERS` (the first two with a shapely ``geometry`` column, EPSG:31370)."""
    from zorgzaam.profile.service import workspace_catalogue

    catalogue = workspace_catalogue(workspace)
    indicators = [i.id for i in catalogue if not i.group]
    buurten, own, own_periods = neighbourhood_layer(workspace, indicators, lang)
    sectoren, sector_rows, sector_periods = sector_layer(workspace, indicators, lang)
    long = pd.concat([own, sector_rows], ignore_index=True)
    cijfers = pd.DataFrame({
        "laag": long["laag"], "gebied": long["gebied"], "indicator": long["indicator"],
        "periode": long["period"].astype(str),
        "waarde": [_value(r) for r in long.itertuples(index=False)], "status": long["status"],
        "reden": [_reason(c, p, lang) for c, p in zip(long["reason_code"], long["reason_params"], strict=True)],
    })
    indicatoren = pd.DataFrame([{
        "indicator": i.id, "naam": i.label(lang), "eenheid": i.unit_label(lang), "bron": i.source,
        "periode_buurten": own_periods.get(i.id, ""), "periode_sectoren": sector_periods.get(i.id, "")}
        for i in catalogue if i.id in indicators])
    return {"buurten": buurten, "sectoren": sectoren, "cijfers": cijfers, "indicatoren": indicatoren}


def write_gpkg(layers: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """The layers into one GeoPackage: frames with a ``geometry`` column as MultiPolygon layers in EPSG:31370,
    the others as tables without geometry."""
    import geopandas as gpd
    import pyogrio

    path = Path(path)
    if path.exists():
        path.unlink()
    for name, frame in layers.items():
        if "geometry" in frame:
            data = gpd.GeoDataFrame(frame.drop(columns="geometry"), geometry=list(frame["geometry"]), crs=CRS)
            data.to_file(path, layer=name, driver="GPKG", engine="pyogrio", geometry_type="MultiPolygon")
        else:
            pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG")
    return path


def workspace_gpkg(workspace, target: str | Path | None = None, lang: str = "nl") -> bytes:
    """The workspace's GeoPackage as bytes (also written to ``target`` when given)."""
    layers = workspace_layers(workspace, lang)
    if target is not None:
        return write_gpkg(layers, target).read_bytes()
    with tempfile.TemporaryDirectory() as folder:
        return write_gpkg(layers, Path(folder) / "buurten.gpkg").read_bytes()
